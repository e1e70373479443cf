"""Speech pages the fast way, and the forked workers that render them beside MkDocs' own loop.

Both are exactly what MkDocs makes of the pipeline's Markdown pages (``tests/test_parallel.py``
compares every byte), only cheaper:

- ``SpeechPages``: a speech page's metadata handed to the templates as data and its HTML made
  directly (``render/speech.py: speech_html``), without the YAML and Markdown round trip; other
  generated pages have their raw HTML blocks kept away from Python-Markdown (``render/stash.py``).
- ``Workers``: pages MkDocs' navigation does not need (every speech page, and with an explicit
  ``nav`` every generated page outside it) are kept out of MkDocs' loop and rendered by forked
  workers with MkDocs' own page functions, while MkDocs builds the rest; the sitemap is written
  again with them, in the order a one-process build lists them.

Only ``mkdocs_adapter/`` imports MkDocs, and only this module uses MkDocs'
private page functions (``_populate_page``, ``_build_page``, ``_build_theme_template``).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markdown.extensions.toc import nest_toc_tokens
from markupsafe import Markup
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from build_scripts.engine.pool import beside
from build_scripts.mkdocs_adapter.settings import Settings
from build_scripts.pipeline import Site
from build_scripts.render.browse import insert_home_figures
from build_scripts.render.stash import stash, unstash

_ANCHOR = re.compile(r'<p id="(p\d+)"')


@dataclass
class SpeechPages:
    """The fast path, event by event: source, metadata and HTML of the generated pages."""

    site: Site
    settings: Settings
    stashed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # src_uri → raw HTML blocks

    def is_speech(self, page: Page) -> bool:
        return page.file.src_uri in self.site.pages.speeches

    def pre_page(self, page: Page) -> Page:
        """A speech page on the fast path skips Python-Markdown: its source is empty and its HTML
        comes in ``content`` (a Markdown instance made and run for nothing cost 1 ms a page)."""
        if self.is_speech(page) and not self.settings.markdown:
            setattr(page, "render", partial(_without_markdown, page))  # noqa: B010 - an instance's method
        return page

    def source(self, page: Page) -> str | None:
        """A speech page's source: rendered here, in the process that builds the page ("" on the fast path)."""
        if not self.is_speech(page):
            return None
        return self.site.pages[page.file.src_uri] if self.settings.markdown else ""

    def markdown(self, markdown: str, page: Page) -> str:
        """Generated pages get their metadata and navigation data; the home page its figures."""
        uri = page.file.src_uri
        if page.file.generated_by is not None:
            if self.is_speech(page) and not self.settings.markdown:
                page.meta.update(self.site.pages.meta(uri))
            page.meta.update(self.site.page_extras.get(uri, {}))
            if self.settings.stash:
                markdown, self.stashed[uri] = stash(markdown)
        if uri == "index.md" and self.site.home:
            return insert_home_figures(markdown, self.site.home)
        return markdown

    def content(self, html: str, page: Page) -> str:
        """A speech page's HTML and table of contents; other pages get their stashed blocks back."""
        if self.is_speech(page) and not self.settings.markdown:
            body = self.site.pages.html(page.file.src_uri)
            page.toc = get_toc(nest_toc_tokens([dict(t) for t in body.toc]))
            page.present_anchor_ids = {t["id"] for t in body.toc} | set(_ANCHOR.findall(body.content))
            return body.content
        return unstash(html, self.stashed.pop(page.file.src_uri, ()))

    @staticmethod
    def written(page: Page) -> None:
        """A generated page is written once rendered: drop its HTML, and its Markdown once the
        front matter gave its title (10,000 pages add up)."""
        if page.file.generated_by is not None:
            page.content = None
            if "title" in page.meta:
                page.markdown = ""


def _without_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` leaves of an empty source, without making a Markdown instance."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


@dataclass
class State:
    """What one build holds between MkDocs' events, for ``hook.py`` (``command`` lasts the process:
    ``mkdocs serve`` builds again)."""

    command: str | None = None
    settings: Settings | None = None
    started: float = field(default_factory=time.perf_counter)
    site: Site | None = None
    pages: SpeechPages | None = None
    workers: Workers | None = None
    nav: Any = None
    files: Files | None = None
    env: Any = None
    counts: tuple[int, int] = (0, 0)  # pages and files handed to MkDocs


Records = list[tuple[int, str]]  # (log level, message) of what a worker logged
Log = logging.Logger | logging.LoggerAdapter[logging.Logger]  # MkDocs' plugin logger is an adapter


@dataclass
class Workers:
    """The generated pages rendered outside MkDocs' loop, and the processes rendering them."""

    processes: int
    speeches: frozenset[str]  # the speech pages' src_uri
    in_nav: frozenset[str] | None  # the pages an explicit nav names (None: MkDocs' automatic nav)
    deferred: list[File] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)  # generated pages as a one-process build lists them
    jobs: list[Callable[[], Records]] = field(default_factory=list)

    def defer(self, file: File) -> bool:
        """Whether ``file`` (a generated page) is left to the workers rather than to MkDocs' loop."""
        self.order[file.src_uri] = len(self.order)
        uri = file.src_uri
        deferred = self.processes > 1 and (uri in self.speeches or (self.in_nav is not None and uri not in self.in_nav))
        if deferred:
            self.deferred.append(file)
        return deferred

    def start(self, config: MkDocsConfig, nav: Any, env: Any, files: Files) -> None:
        """Fork the workers (nothing is pickled but their reports). Each takes a contiguous share of
        the speech pages (it touches, and so copies, only its own speeches' memory); the other
        deferred pages (slogan concordances, listings) are this process's share, built once
        MkDocs' own loop is done: the first job."""
        if not self.deferred:
            return
        speeches = sum(1 for file in self.deferred if file.src_uri in self.speeches)
        w = self.processes
        shares = [range(i * speeches // w, (i + 1) * speeches // w) for i in range(w)]

        def render_pages(share: range) -> Records:
            return _render(self.deferred, share, config, nav, env, files)

        here = beside(render_pages, range(speeches, len(self.deferred)), inline=True)
        self.jobs = [here, *(beside(render_pages, share) for share in shares)]

    def finish(
        self, config: MkDocsConfig, env: Any, nav: Any, files: Files, log: Log, timings: dict[str, float]
    ) -> None:
        """Wait for the workers (the time spent waiting goes into ``timings``); pass on what they
        logged; write the sitemap again with their pages. ``PluginError`` when a worker failed."""
        if not self.jobs:
            return
        started = time.perf_counter()
        failed = False
        for wait in self.jobs:
            try:
                records = wait()
            except RuntimeError as exc:  # the worker died
                records = [(logging.ERROR, f"a page-rendering worker: {exc}")]
            for level, message in records:
                log.log(level, message)
                failed = failed or level >= logging.ERROR
        self.jobs = []
        if failed:
            raise PluginError("rendering speech pages failed (see the errors above)")
        if "sitemap.xml" in config.theme.static_templates:
            for file in self.deferred:
                if file.page is None:
                    Page(None, file, config)  # the sitemap needs only its address and date
            pages = files.documentation_pages()
            generated = [*self.deferred, *(f for f in pages if f.generated_by is not None)]
            generated.sort(key=lambda f: self.order.get(f.src_uri, len(self.order)))
            ordered = [f for f in pages if f.generated_by is None] + generated
            _build_theme_template("sitemap.xml", env, Files(ordered), config, nav)
        timings["speech pages (waiting for the workers)"] = time.perf_counter() - started


def _render(deferred: list[File], indices: range, config: MkDocsConfig, nav: Any, env: Any, files: Files) -> Records:
    """Populate and build some deferred pages, one at a time; return what MkDocs logged (warnings, errors)."""
    records: Records = []
    handler = _Collect(records)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        doc_files = files.documentation_pages()
        for i in indices:
            file = deferred[i]
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
    def __init__(self, records: Records) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


class Once:
    """Template parts that are the same on every page of a folder, made once per folder:
    ``archive_nav()`` and ``{% call archive_once(name) %}`` in ``site_overrides/main.html``.

    Links in a page are relative to its folder, so what a part makes of the site's configuration
    alone (Material's config block) depends only on the folder, and so does the site-wide
    navigation (``partials/nav.html``) on a page the nav does not hold, where no item is active:
    the same bytes for 10,000 speech pages and as many slogan and passage pages, where rendering
    the navigation cost 40% of a page's templates. A page of the nav, or one above a page of the
    nav, gets its navigation made as Material makes it.
    """

    def __init__(self, env: Any, nav: Any) -> None:
        self.template = env.get_template("partials/nav.html")
        pages = nav.pages if nav is not None else []
        self.in_nav = {page.file.src_uri for page in pages}
        self.urls = [page.url for page in pages]
        self.made: dict[tuple[str, str], Markup] = {}

    def install(self, env: Any) -> None:
        env.globals["archive_nav"] = self.nav
        env.globals["archive_once"] = self.once
        env.globals["archive_config"] = config_block

    @staticmethod
    def folder(context: Context) -> str | None:
        """``speeches/`` for the page ``speeches/x/``; None for a page not at a folder's address."""
        url = getattr(context.get("page"), "url", None)
        if not isinstance(url, str) or (url and not url.endswith("/")):
            return None
        return url[: url.rstrip("/").rfind("/") + 1]

    @pass_context
    def nav(self, context: Context) -> Markup:
        page, folder = context.get("page"), self.folder(context)
        if folder is None or page.file.src_uri in self.in_nav or any(u.startswith(page.url) for u in self.urls):
            return Markup(self.template.render(context.get_all()))
        return self._once(("nav", folder), lambda: self.template.render(context.get_all()))

    @pass_context
    def once(self, context: Context, name: str, caller: Callable[[], str]) -> Markup:
        folder = self.folder(context)
        if folder is None:
            return Markup(caller())
        return self._once((name, f"{folder}\t{context.get('base_url')}"), caller)

    def _once(self, key: tuple[str, str], make: Callable[[], str]) -> Markup:
        if key not in self.made:
            self.made[key] = Markup(make())
        return self.made[key]


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def config_block(html: str, search: str) -> Markup:
    """Material's config block (``html``) with ``search`` as the search worker's address, its JSON
    written as UTF-8, not ``\\uXXXX`` escapes (0.4 KB less on every page, 8 MB at 20,000 pages).

    >>> config_block('<script id="__config" type="application/json">{"search": "w.js", "t": "\\u641c"}</script>', "a.js")
    Markup('<script id="__config" type="application/json">{"search":"a.js","t":"搜"}</script>')
    """

    def rewrite(m: re.Match[str]) -> str:
        config = {**json.loads(m.group(2)), "search": search}
        return (
            m.group(1)
            + json.dumps(config, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)
            + m.group(3)
        )

    out, n = _CONFIG.subn(rewrite, html)
    if n != 1:
        raise PluginError("Material's config block changed: site_overrides/main.html cannot name the search worker")
    return Markup(out)


def hand_over(site: Site, files: Files, config: MkDocsConfig, processes: int) -> Workers:
    """Hand MkDocs the site's pages and files (``File.generated``), but the pages left to the
    workers (``processes`` of them: none when one); returns the workers.

    A speech page's source is handed over in ``on_page_read_source``, in the process that
    renders it; every other page and file is in the build's spool (or the corpus), read when it
    is built or copied.
    """
    in_nav = None if config.nav is None else frozenset(nav_uris(config.nav))
    workers = Workers(processes, frozenset(site.pages.speeches), in_nav)
    speeches = [
        File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV) for uri in site.pages.speeches
    ]
    others = [File.generated(config, path, abs_src_path=str(source)) for path, source in site.pages.other.items()]
    for file in (*speeches, *others):
        if not workers.defer(file):
            _add(files, file)
    for path, source in site.files.items():
        _add(files, File.generated(config, path, abs_src_path=str(source)))
    return workers


def _add(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(
            f"docs_src/{file.src_uri} clashes with a page the build generates at the same address; "
            "rename or remove the hand-written file"
        )
    files.append(file)


def report(site: Site, counts: tuple[int, int], seconds: float, timings: Path | None, log: Log) -> None:
    """The build is done: let its spool go, write its stage times to ``timings`` (the benchmark
    reads them) and log what was built."""
    site.pages.spool.close()  # MkDocs has read or copied every file in it
    if timings is not None:
        timings.write_text(json.dumps({**site.timings, "hook_total": seconds}), encoding="utf-8")
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in site.timings.items())
    log.info(
        "built %d speeches, %d pages, %d files; %d refused, %d warnings; %.1fs (%s)",
        *(len(site.pages.speeches), *counts, len(site.refused), len(site.warnings), seconds, stages),
    )


def nav_uris(nav: Any) -> list[str]:
    """Every page named in a ``nav:`` configuration (nested lists and ``{title: page}`` mappings).

    >>> nav_uris([{"首页": "index.md"}, {"浏览": ["browse/index.md", {"按年份": "browse/years.md"}]}])
    ['index.md', 'browse/index.md', 'browse/years.md']
    """
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [uri for value in nav.values() for uri in nav_uris(value)]
    if isinstance(nav, list):
        return [uri for item in nav for uri in nav_uris(item)]
    return []
