"""Every setting of a build, read once: the command line, then the environment, then ``mkdocs.yml``.

The only module that reads the environment. Its variables:

| variable | setting |
| --- | --- |
| ``ARCHIVE_CORPUS`` | the folder of speeches (else ``extra.archive.corpus``, else ``corpus``) |
| ``ARCHIVE_KEEP_GOING=1`` | build what can be built, list refused files (or ``extra.archive.keep_going``) |
| ``ARCHIVE_CLEAN=1`` | replace a site folder that holds files not built here (``--clean``) |
| ``ARCHIVE_CACHE_DIR`` | the cache's folder (default ``.cache/archive/``; ``off`` disables it) |
| ``ARCHIVE_WORKERS`` | processes for analysis and pages (default: ``engine/pool.py: workers_for``) |
| ``ARCHIVE_MARKDOWN=1`` | speech pages the long way, through YAML and Python-Markdown |
| ``ARCHIVE_NO_STASH=1`` | Python-Markdown parses generated pages' raw HTML blocks too |
| ``ARCHIVE_TIMINGS`` | a file the build writes its stage times to (the benchmark reads it) |
| ``SITE_URL``, ``REPO_URL`` | the published address and the repository link |

From ``mkdocs.yml``'s ``extra.archive`` only: ``slogan_page_speeches`` (default 3), how many speeches
must use a discovered slogan for it to get a page of its own (``index/slogans.py: page_tier``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts import pipeline
from build_scripts.engine.cache import DEFAULT_DIR
from build_scripts.engine.pool import workers_for
from build_scripts.errors import ArchiveError
from build_scripts.index.passages import passage_settings
from build_scripts.index.slogans import TierRule

#: Where ``run_build`` puts the command line's choices in the MkDocs configuration (they win).
COMMAND_LINE = "command_line"


@dataclass(frozen=True)
class Settings:
    """The pipeline's settings and the adapter's own."""

    pipeline: pipeline.Settings
    markdown: bool = False  # speech pages through YAML front matter and Python-Markdown
    stash: bool = True  # raw HTML blocks kept away from Python-Markdown (``render/stash.py``)
    serve: bool = False  # ``mkdocs serve``: speech pages in MkDocs' own loop
    site_url: str | None = None
    repo_url: str | None = None
    timings: Path | None = None
    clean: bool = False  # replace a site folder holding files not built here (``mkdocs_adapter/site_dir.py``)

    def page_workers(self, pages: int) -> int:
        """Processes for rendering ``pages`` speech pages: the pipeline's policy (``workers_for``);
        ``mkdocs serve`` uses MkDocs' own loop unless ``ARCHIVE_WORKERS`` says otherwise."""
        if self.serve and not self.pipeline.workers:
            return 1
        return workers_for(pages, self.pipeline.workers)


def read_settings(
    extra: Mapping[str, Any], config_file: str | None, command: str | None, environ: Mapping[str, str] = os.environ
) -> Settings:
    """``extra``: ``mkdocs.yml``'s ``extra``; ``config_file``: its path (relative folders start there);
    ``command``: MkDocs' command (``build``, ``serve``). ``ArchiveError`` for a value that is no setting."""
    archive: dict[str, Any] = dict(extra.get("archive") or {})
    given: dict[str, Any] = dict(archive.get(COMMAND_LINE) or {})
    base = Path(config_file or ".").resolve().parent
    corpus = given.get("corpus") or environ.get("ARCHIVE_CORPUS") or archive.get("corpus", "corpus")
    keep_going = (
        bool(given.get("keep_going")) or _flag(environ, "ARCHIVE_KEEP_GOING") or bool(archive.get("keep_going"))
    )
    cache = environ.get("ARCHIVE_CACHE_DIR")
    cache_dir = DEFAULT_DIR if cache is None else None if cache in ("", "off") else Path(cache).resolve()
    site_url = environ.get("SITE_URL") or None
    timings = environ.get("ARCHIVE_TIMINGS")
    return Settings(
        pipeline=pipeline.Settings(
            corpus=(base / corpus).resolve(),
            keep_going=keep_going,
            cache_dir=cache_dir,
            workers=_workers(environ),
            passages=passage_settings(archive.get("passages"), where=Path(config_file or "mkdocs.yml").name),
            tiers=TierRule(min_speeches=_slogan_page_speeches(archive)),
        ),
        markdown=environ.get("ARCHIVE_MARKDOWN") == "1",
        stash=environ.get("ARCHIVE_NO_STASH") != "1",
        serve=command == "serve",
        site_url=site_url if site_url is None or site_url.endswith("/") else site_url + "/",
        repo_url=environ.get("REPO_URL") or None,
        timings=Path(timings) if timings else None,
        clean=bool(given.get("clean")) or _flag(environ, "ARCHIVE_CLEAN"),
    )


def _slogan_page_speeches(archive: Mapping[str, Any]) -> int:
    """``extra.archive.slogan_page_speeches``: a discovered slogan gets a page when used in this many speeches."""
    k = archive.get("slogan_page_speeches", TierRule.min_speeches)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ArchiveError.one(
            "mkdocs.yml",
            f"extra.archive.slogan_page_speeches is {k!r}, not a number of speeches (1 or more)",
            "Write e.g. slogan_page_speeches: 3",
        )
    return k


def _flag(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "") not in ("", "0")


def _workers(environ: Mapping[str, str]) -> int:
    value = environ.get("ARCHIVE_WORKERS") or "0"
    if not value.isdigit():
        raise ArchiveError.one(
            "ARCHIVE_WORKERS", f"is '{value}', not a number of processes", "Set e.g. ARCHIVE_WORKERS=2, or unset it"
        )
    return int(value)
