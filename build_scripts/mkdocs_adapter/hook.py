"""The MkDocs adapter, the only module that imports MkDocs.

``mkdocs.yml`` names this file under ``hooks:``. On every build (``mkdocs build``,
``mkdocs serve``, ``python -m build_scripts build``) it runs the pipeline once and
hands MkDocs the generated pages and files in memory (``File.generated``), so
nothing is written into ``docs_src/``. Our errors become ``PluginError``: one line
per bad file, no traceback.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs imports hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from build_scripts.engine.cache import DEFAULT_DIR as DEFAULT_CACHE  # noqa: E402
from build_scripts.engine.pool import beside  # noqa: E402
from build_scripts.engine.progress import Progress  # noqa: E402
from build_scripts.errors import ArchiveError  # noqa: E402
from build_scripts.index.slogans import TierRule  # noqa: E402
from build_scripts.render.squeeze import squeeze  # noqa: E402
from build_scripts.pipeline import Settings, Site, build_site  # noqa: E402
from build_scripts.render.stash import stash, unstash  # noqa: E402

log = get_plugin_logger("archive")

_state: dict[str, Any] = {}
_deferred: list[File] = []  # generated pages rendered by forked workers, beside MkDocs' own loop
_order: dict[str, int] = {}  # generated pages in the order a one-process build lists them (sitemap)
_stashed: dict[str, tuple[str, ...]] = {}  # src_uri → raw HTML blocks, between markdown and content
_ANCHOR = re.compile(r'<p id="(p\d+)"')


def settings_from(config: MkDocsConfig) -> Settings:
    """Corpus folder and strictness: environment first, then ``extra.archive`` in mkdocs.yml."""
    extra: dict[str, Any] = dict(config.extra or {}).get("archive") or {}
    corpus = os.environ.get("ARCHIVE_CORPUS") or extra.get("corpus", "corpus")
    keep_going = os.environ.get("ARCHIVE_KEEP_GOING", "") not in ("", "0") or bool(extra.get("keep_going"))
    base = Path(config.config_file_path or ".").resolve().parent
    cache = os.environ.get("ARCHIVE_CACHE_DIR")  # "off" disables the analysis cache
    cache_dir = DEFAULT_CACHE if cache is None else None if cache in ("", "off") else Path(cache).resolve()
    workers = int(os.environ.get("ARCHIVE_WORKERS") or 0)  # 0: one per core
    k = extra.get("slogan_page_speeches", TierRule.min_speeches)  # when a discovered slogan gets a page
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise PluginError(
            f"mkdocs.yml: extra.archive.slogan_page_speeches should be a whole number of speeches, 1 or more; "
            f"found {k!r}. Write e.g. slogan_page_speeches: 3"
        )
    tiers = TierRule(min_speeches=k)
    return Settings(
        corpus=(base / corpus).resolve(), keep_going=keep_going, cache_dir=cache_dir, workers=workers, tiers=tiers
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["settings"] = settings_from(config)
    _state["start"] = time.perf_counter()
    site_url = os.environ.get("SITE_URL")
    if site_url:
        config.site_url = site_url if site_url.endswith("/") else site_url + "/"
    repo_url = os.environ.get("REPO_URL")
    if repo_url:
        config.repo_url = repo_url
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # MkDocs has cleaned the site folder by now: files served as they are are written straight into it
    # (MkDocs lets a plugin do that: copying a file onto itself is skipped).
    settings: Settings = replace(_state["settings"], site_dir=Path(config.site_dir))
    try:
        # The search index goes on building beside MkDocs' own work; on_env or on_post_build waits
        # for it (its process writes its files straight into the site folder).
        site = build_site(settings, progress=Progress(log), wait_for_search=False)
    except ArchiveError as exc:
        raise PluginError(f"{len(exc.problems)} problem(s) in {settings.corpus}:\n{exc}") from None
    _state["site"] = site
    for problem in site.refused:
        log.warning("refused %s", problem)
    for warning in site.warnings:
        log.warning(warning)
    _deferred.clear()
    _order.clear()
    parallel = _workers(len(site.speeches)) > 1
    in_nav = None if config.nav is None else set(_nav_uris(config.nav))

    def page(file: File) -> None:
        # The workers build a page MkDocs' navigation does not need: every speech page, and with an
        # explicit nav, every generated page outside it (MkDocs' own loop would hold them all at once).
        _order[file.src_uri] = len(_order)
        deferred = file.src_uri in site.pages.speeches or (in_nav is not None and file.src_uri not in in_nav)
        if parallel and deferred:
            _deferred.append(file)
        else:
            _add(files, file)

    for src_uri in site.pages.speeches:
        # A speech page's source is handed over in on_page_read_source, in the process that renders it.
        page(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
    # Everything else is a file in the build's spool (or the corpus), read when it is built or copied.
    for path, source in site.pages.other.items():
        page(File.generated(config, path, abs_src_path=str(source)))
    for path, source in site.files.items():
        _add(files, File.generated(config, path, abs_src_path=str(source)))
    _state["counts"] = (len(site.pages), len(site.files))
    gc.collect()
    gc.freeze()
    return files


def _nav_uris(nav: Any) -> list[str]:
    """Every page named in a ``nav:`` configuration (nested lists and ``{title: page}`` mappings)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [uri for value in nav.values() for uri in _nav_uris(value)]
    if isinstance(nav, list):
        return [uri for item in nav for uri in _nav_uris(item)]
    return []


def _add(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(
            f"docs_src/{file.src_uri} clashes with a page the build generates at the same address; "
            "rename or remove the hand-written file"
        )
    files.append(file)


def _markdown_speeches() -> bool:
    """``ARCHIVE_MARKDOWN=1``: speech pages go through YAML and Python-Markdown (the reference path)."""
    return os.environ.get("ARCHIVE_MARKDOWN") == "1"


def _speech_uri(page: Any) -> str | None:
    site: Site | None = _state.get("site")
    uri = page.file.src_uri
    return uri if site is not None and uri in site.pages.speeches else None


def on_page_read_source(page: Any, config: MkDocsConfig) -> str | None:
    """A speech page's source comes from the pipeline, rendered here, in the process that builds the page.

    The fast path hands MkDocs no Markdown at all: ``on_page_markdown`` gives the page its
    metadata as data and ``on_page_content`` its HTML, both exactly what the Markdown page
    would have given (``ARCHIVE_MARKDOWN=1`` takes the long way; tests compare the two).
    """
    uri = _speech_uri(page)
    if uri is None:
        return None
    return _state["site"].pages[uri] if _markdown_speeches() else ""


def on_page_markdown(markdown: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """Keep every page out of Material's search; give speech pages their metadata; put figures into the home page.

    Every page is searched through our own exact index (``index/search.py``, which also
    offers slogans by name), so Material's index, and its jieba segmentation, is left empty.
    """
    site: Site | None = _state.get("site")
    page.meta["search"] = {"exclude": True}
    if site is None:
        return markdown
    uri = page.file.src_uri
    if page.file.generated_by is not None:
        if uri in site.pages.speeches and not _markdown_speeches():
            page.meta.update(site.pages.meta(uri))
        page.meta.update(site.page_extras.get(uri, {}))
        if os.environ.get("ARCHIVE_NO_STASH") != "1":
            markdown, _stashed[uri] = stash(markdown)
    if uri == "index.md" and site.home:
        from build_scripts.render.browse import insert_home_figures

        return insert_home_figures(markdown, site.home)
    return markdown


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    """Put back the HTML blocks that ``on_page_markdown`` kept away from Markdown; give speech pages their HTML."""
    uri = _speech_uri(page)
    if uri is not None and not _markdown_speeches():
        from markdown.extensions.toc import nest_toc_tokens
        from mkdocs.structure.toc import get_toc

        body = _state["site"].pages.html(uri)
        page.toc = get_toc(nest_toc_tokens([dict(t) for t in body.toc]))
        page.present_anchor_ids = {t["id"] for t in body.toc} | set(_ANCHOR.findall(body.content))
        return body.content
    return unstash(html, _stashed.pop(page.file.src_uri, ()))


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    """A generated page is written once it is rendered: drop its HTML and Markdown (10,000 pages add up).
    Every page is written without the templates' indentation (``render/squeeze.py``).

    MkDocs reads a page's title through its Markdown unless the front matter has one: only then does it go.
    """
    if page.file.generated_by is not None:
        page.content = None
        if "title" in page.meta:  # the title no longer needs the Markdown
            page.markdown = ""
    return squeeze(output)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Editing a speech, a sidecar or the glossary rebuilds the site."""
    settings: Settings = _state["settings"]
    server.watch(str(settings.corpus))
    server.watch(str(_ROOT / "build_scripts"))
    return server


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    _state["nav"], _state["files"] = nav, files
    return nav


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """MkDocs has read every page it builds itself: start the speech-page workers, which render beside it."""
    _state["env"] = env
    _state.pop("rendering", None)
    if _deferred:
        # The search index's process is done before the page workers start: all of them at once
        # held 2.2 GB at 10,000 speeches (1.7 GB when they follow one another).
        _wait_for_search(_state["site"])
        _state["rendering"] = _start_rendering(config)
    return env


def _wait_for_search(site: Site) -> None:
    """Wait for the search index, which has been building beside the rest since ``build_site``."""
    started = time.perf_counter()
    try:
        site.finish_search()
    except RuntimeError as exc:
        raise PluginError(f"the search index could not be built: {exc}") from None
    key = "search index (waiting for it, beside MkDocs)"
    site.timings[key] = site.timings.get(key, 0.0) + time.perf_counter() - started


def _workers(speeches: int) -> int:
    """Processes for rendering speech pages: every core for a large build, else MkDocs' own loop.

    ``mkdocs serve`` always uses MkDocs' loop (forking beside its server threads is not worth it).
    ``ARCHIVE_WORKERS`` overrides (1 = MkDocs' own loop).
    """
    forced = os.environ.get("ARCHIVE_WORKERS")
    if forced:
        return max(1, int(forced))
    if _state.get("command") == "serve" or speeches < 200 or not hasattr(os, "fork"):
        return 1
    return os.cpu_count() or 1


def _render_chunk(indices: range) -> list[tuple[int, str]]:
    """Populate and build some deferred pages, one at a time; return warnings/errors."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.pages import Page

    config, nav, env, files = _state["config"], _state["nav"], _state["env"], _state["files"]
    records: list[tuple[int, str]] = []
    handler = _Collect(records)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        doc_files = files.documentation_pages()
        for i in indices:
            file = _deferred[i]
            page = Page(None, file, config)
            _populate_page(page, config, files)
            _build_page(page, config, doc_files, nav, env)
            file.page = None  # written: let the page and its HTML go
    except Exception as exc:  # reported by the parent, which fails the build
        records.append((logging.ERROR, f"{type(exc).__name__}: {exc}"))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return records


class _Collect(logging.Handler):
    def __init__(self, records: list[tuple[int, str]]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _start_rendering(config: MkDocsConfig) -> list[Callable[[], list[tuple[int, str]]]]:
    """Fork the workers that render the deferred speech pages (nothing to pickle but their reports).

    Each worker takes a contiguous share of the speech pages (it touches, and so copies, only its
    own speeches' memory). The other deferred pages (slogan concordances, listings) are this
    process's share, built one at a time once MkDocs' own loop is done: the first job returned.
    """
    _state["config"] = config
    workers = _workers(len(_deferred))
    speeches = sum(1 for file in _deferred if file.src_uri in _state["site"].pages.speeches)
    shares = [range(w * speeches // workers, (w + 1) * speeches // workers) for w in range(workers)]
    here = beside(_render_chunk, range(speeches, len(_deferred)), inline=True)
    return [here, *(beside(_render_chunk, share) for share in shares)]


def _finish_rendering(jobs: list[Callable[[], list[tuple[int, str]]]]) -> None:
    """Wait for the speech-page workers; pass on what they logged; fail the build if one failed."""
    failed = False
    for wait in jobs:
        try:
            records = wait()
        except RuntimeError as exc:  # the worker died
            records = [(logging.ERROR, f"a page-rendering worker: {exc}")]
        for level, message in records:
            log.log(level, message)
            failed = failed or level >= logging.ERROR
    if failed:
        raise PluginError("rendering speech pages failed (see the errors above)")


def _write_sitemap(config: MkDocsConfig) -> None:
    """Write the sitemap again, with the pages the workers built, in the order of a one-process build."""
    from mkdocs.commands.build import _build_theme_template
    from mkdocs.structure.pages import Page

    files: Files = _state["files"]
    for file in _deferred:
        if file.page is None:
            Page(None, file, config)  # the sitemap needs only its address and date
    pages = files.documentation_pages()
    generated = [*_deferred, *(f for f in pages if f.generated_by is not None)]
    generated.sort(key=lambda f: _order.get(f.src_uri, len(_order)))
    ordered = [f for f in pages if f.generated_by is None] + generated
    _build_theme_template("sitemap.xml", _state["env"], Files(ordered), config, _state["nav"])


def on_post_build(config: MkDocsConfig) -> None:
    site: Site | None = _state.get("site")
    if site is None:
        return
    jobs = _state.pop("rendering", None)
    if jobs is not None:
        started = time.perf_counter()
        _finish_rendering(jobs)
        if "sitemap.xml" in config.theme.static_templates:
            _write_sitemap(config)
        site.timings["speech pages (waiting for the workers)"] = time.perf_counter() - started
    _wait_for_search(site)  # a build without page workers (``mkdocs serve``): beside all of MkDocs' work
    gc.unfreeze()
    site.pages.spool.close()  # MkDocs has read or copied every file in it
    seconds = time.perf_counter() - _state.get("start", time.perf_counter())
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in site.timings.items())
    timings_file = os.environ.get("ARCHIVE_TIMINGS")  # the benchmark reads the stage times here
    if timings_file:
        import json

        Path(timings_file).write_text(json.dumps({**site.timings, "hook_total": seconds}), encoding="utf-8")
    log.info(
        "built %d speeches, %d pages, %d files; %d refused, %d warnings; %.1fs (%s)",
        len(site.speeches),
        *_state["counts"],
        len(site.refused),
        len(site.warnings),
        seconds,
        stages,
    )


def run_build(config_file: Path, corpus: Path, site_dir: Path, keep_going: bool = False, strict: bool = False) -> None:
    """Build a site from ``corpus`` into ``site_dir`` with the project's MkDocs configuration.

    Raises ``ArchiveError``-derived ``PluginError``/``Abort`` from MkDocs on failure.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["ARCHIVE_CORPUS"] = str(corpus.resolve())
    if keep_going:
        os.environ["ARCHIVE_KEEP_GOING"] = "1"
    config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
    build(config)
