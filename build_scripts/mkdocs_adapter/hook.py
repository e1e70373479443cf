"""The MkDocs hook (``mkdocs.yml`` → ``hooks:``): settings → build → pages handed to MkDocs.

On every build (``mkdocs build``, ``mkdocs serve``, ``python -m build_scripts build``) it reads the
settings once (``settings.py``), runs the pipeline once and hands MkDocs the generated pages and
files in memory (``File.generated``), so nothing is written into ``docs_src/``. Our errors become
``PluginError``: one line per bad file, no traceback. Speech pages take the fast path and, in a
large build, forked workers (``pages.py``). What a build holds between events is on ``state``.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs imports hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402
from mkdocs.plugins import get_plugin_logger  # noqa: E402
from mkdocs.structure.files import Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from build_scripts.engine.pool import settle  # noqa: E402
from build_scripts.engine.progress import Progress  # noqa: E402
from build_scripts.errors import ArchiveError, shown_folder  # noqa: E402
from build_scripts.mkdocs_adapter.pages import (  # noqa: E402
    Once,
    SpeechPages,
    State,
    hand_over,
    report,
)
from build_scripts.mkdocs_adapter.settings import read_settings  # noqa: E402
from build_scripts.mkdocs_adapter.site_dir import Staging, check_site_dir, write_error  # noqa: E402
from build_scripts.pipeline import build_site  # noqa: E402
from build_scripts.render.squeeze import squeeze  # noqa: E402

log = get_plugin_logger("archive")


state = State()


@dataclass
class SiteFolder:
    """Where this build's site goes (``site_dir.py``): checked, built beside the old one, swapped in."""

    dirty: bool = False  # ``mkdocs build --dirty``: built in place
    staging: Staging | None = None  # the new site, built beside the old one
    warnings: Warnings | None = None  # counted for --strict: a build that will fail is not swapped in


folder = SiteFolder()


def on_startup(command: str, dirty: bool) -> None:
    state.command, folder.dirty = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    try:
        settings = read_settings(config.extra or {}, config.config_file_path, state.command)
        # before MkDocs empties the site folder: never the corpus, the docs or someone else's files
        project = Path(config.config_file_path or ".").resolve().parent
        check_site_dir(
            Path(config.site_dir), settings.pipeline.corpus, settings.clean, (Path(config.docs_dir), project)
        )
    except ArchiveError as exc:
        raise PluginError(str(exc)) from None
    state = State(command=state.command, settings=settings)
    Warnings.stop(folder.warnings)
    folder.staging, folder.warnings = None, Warnings.count()
    if state.command != "serve" and not folder.dirty:  # serve builds into a folder of its own
        folder.staging = Staging.begin(Path(config.site_dir))
        config.site_dir = str(folder.staging.folder)
    config.site_url = settings.site_url or config.site_url
    config.repo_url = settings.repo_url or config.repo_url
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert state.settings is not None
    # MkDocs has cleaned the site folder: files served as they are are written straight into it.
    settings = replace(state.settings.pipeline, site_dir=Path(config.site_dir))
    try:
        site = build_site(settings, progress=Progress(log))
    except ArchiveError as exc:
        raise PluginError(f"{len(exc.problems)} problem(s) in {shown_folder(settings.corpus)}:\n{exc}") from None
    except RuntimeError as exc:  # a process of the build's failed or died (``engine/pool.py: beside``)
        raise PluginError(f"the build failed in one of its processes: {exc}") from None
    for problem in (*(f"refused {p}" for p in site.refused), *site.warnings):
        log.warning(problem)
    state.site, state.pages = site, SpeechPages(site, state.settings)
    state.workers = hand_over(site, files, config, state.settings.page_workers(len(site.pages.speeches)))
    state.counts = (len(site.pages), len(site.files))
    settle()  # the page workers fork from here
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    return state.pages.pre_page(page) if state.pages else page


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    return state.pages.source(page) if state.pages else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page is searched through our own exact index (``index/search.py``): Material's is left empty."""
    page.meta["search"] = {"exclude": True}
    return state.pages.markdown(markdown, page) if state.pages else markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return state.pages.content(html, page) if state.pages else html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    SpeechPages.written(page)
    return squeeze(output)  # without the templates' indentation (10% of a speech page)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Editing a speech, a sidecar, the glossary or the build's code rebuilds the site."""
    if state.settings is not None:
        server.watch(str(state.settings.pipeline.corpus))
    server.watch(str(_ROOT / "build_scripts"))
    return server


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    state.nav, state.files = nav, files
    return nav


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """MkDocs has read every page it builds itself: start the page workers, which render beside it."""
    state.env = env
    Once(env, state.nav).install(env)
    if state.site is not None and state.workers is not None and state.files is not None and state.workers.deferred:
        state.workers.start(config, state.nav, env, state.files)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    _post_build(config)
    staging, folder.staging = folder.staging, None
    Warnings.stop(folder.warnings)
    if staging is not None:  # swapped in only when complete (and, with --strict, free of warnings)
        failed = config.strict and folder.warnings is not None and folder.warnings.counted
        staging.discard() if failed else staging.publish()
        config.site_dir = str(staging.target)


def on_build_error(error: Exception) -> None:
    """The old site stays as it was; a site that could not be written is one line, not a traceback."""
    staging, folder.staging = folder.staging, None
    Warnings.stop(folder.warnings)
    if staging is not None:
        staging.discard()
    if isinstance(error, OSError):
        site = shown_folder(staging.target) if staging is not None else "the site folder"
        raise PluginError(str(ArchiveError([write_error(error, site, staging)]))) from None


def _post_build(config: MkDocsConfig) -> None:
    if state.site is None or state.settings is None or state.workers is None or state.files is None:
        return
    state.workers.finish(config, state.env, state.nav, state.files, log, state.site.timings)
    gc.unfreeze()
    report(state.site, state.counts, time.perf_counter() - state.started, state.settings.timings, log)


class Warnings(logging.Handler):
    """Counts MkDocs' warnings, as ``--strict`` does, to know before the swap whether the build will fail."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counted = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.counted += 1

    @classmethod
    def count(cls) -> Warnings:
        handler = cls()
        logging.getLogger("mkdocs").addHandler(handler)
        return handler

    @staticmethod
    def stop(handler: Warnings | None) -> None:
        if handler is not None:
            logging.getLogger("mkdocs").removeHandler(handler)
