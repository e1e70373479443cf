"""Shared fixtures: the seed site and a 1,000-speech site built once, a sub-path server, a browser.

Fixtures (all usable from any test file); the helpers behind them are in ``tests/support/``:

``seed_site`` (session) -> Path
    ``corpus/`` built with the CLI (``support/build.py: build_with_cli``) once per test session;
    the build must exit 0. It is built with ``SITE_URL=http://127.0.0.1/archive/``, as the Pages
    workflow sets SITE_URL, so the 404 page's absolute links match the sub-path ``serve_site``
    uses. Treat the folder as read-only: other tests share it. ``ARCHIVE_TEST_CONFIG=<mkdocs.yml>``
    in the environment builds every test site with that configuration instead of the project's.

``thousand_site`` (session) -> Path
    1,000 generated speeches of the seeds' average length, built the same way, once.

``build_cli`` (session) -> ``build(corpus, site_dir, *args, env=None) -> CompletedProcess``
    ``build_with_cli``: the CLI build, its cache beside the site, for tests with their own corpus.

``serve_site`` (session) -> ``serve(directory, prefix=SUB_PATH) -> Served``
    ``support/server.py: serve``: a built site under a sub-path (default ``/archive/``) on
    127.0.0.1, as GitHub Pages serves a project site: a missing file gets the site's ``404.html``
    with status 404, and nothing outside the prefix is served. ``Served.url`` is the site's
    address (``http://127.0.0.1:<port>/archive/``); ``Served.requests`` lists ``(path, status)``
    of every request. Servers stop at session end.

``browser`` (session) -> ``playwright.sync_api.Browser``
    Headless Chromium at ``/usr/bin/chromium`` (``executable_path``) with
    ``--no-sandbox --disable-gpu --disable-background-networking --disable-component-update
    --no-first-run``. Skipped with a reason when ``/usr/bin/chromium`` or Playwright is missing,
    except under ``CI=true``, where that is a failure.

``open_page`` (function) -> ``open_page(width=1280, height=900) -> (Page, Watch)``
    A fresh browser context and page of that viewport, watched from its first request:
    ``Watch.console_errors`` (console messages of type error), ``Watch.page_errors``
    (uncaught exceptions), ``Watch.foreign_requests`` (any URL whose host is not 127.0.0.1;
    such requests are aborted, never sent), ``Watch.failed`` (requests that failed or got a 4xx/5xx).
    Contexts are closed after the test.

``artifacts`` (session) -> Path
    ``tests/artifacts/`` (gitignored): screenshots and other outputs kept for review.

Marker ``slow``: tests that take more than a minute; ``make test`` still runs them.
"""

from __future__ import annotations

import json
import os
import statistics
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.build import CORPUS, ROOT, SITE_URL, build_with_cli
from tests.support.server import SUB_PATH, Served, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
THOUSAND = 1000

__all__ = ["SITE_URL", "SUB_PATH", "Served"]


@pytest.fixture(scope="session", autouse=True)
def repository_cache_untouched() -> Iterator[None]:
    """No test writes into the repository's own cache (``.cache/archive/``): every build a test
    makes has its cache in a temporary folder (``support/build.py``) or none at all."""
    cache = ROOT / ".cache"

    def files() -> set[Path]:
        return {p for p in cache.rglob("*") if p.is_file()} if cache.is_dir() else set()

    before = files()
    yield
    added = sorted(files() - before)
    assert not added, f"tests wrote into the repository's cache: {[str(p.relative_to(ROOT)) for p in added[:5]]}"


@pytest.fixture(scope="session")
def build_cli() -> Callable[..., Any]:
    """``support.build.build_with_cli`` as a fixture, for tests that build their own corpus."""
    return build_with_cli


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("seed") / "site"
    done = build_with_cli(CORPUS, site)
    assert done.returncode == 0, f"building the seed corpus failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return site


@pytest.fixture(scope="session")
def thousand_site(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 generated speeches of the seeds' average length (``tools.bench.generate``), built once."""
    from tools.bench.generate import generate_corpus

    records = json.loads((seed_site / "data/speeches.json").read_text(encoding="utf-8"))
    chars = round(statistics.mean(r["chars"] for r in records))
    work = tmp_path_factory.mktemp("thousand")
    generate_corpus(THOUSAND, work / "corpus", CORPUS, chars=chars)
    done = build_with_cli(work / "corpus", work / "site")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return work / "site"


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[..., Served]]:
    """``support.server.serve``; every server stops at the session's end."""
    servers: list[Served] = []

    def serve_(directory: Path, prefix: str = SUB_PATH) -> Served:
        servers.append(serve(directory, prefix))
        return servers[-1]

    yield serve_
    for served in servers:
        served.stop()


# --- the browser ----------------------------------------------------------------------------------


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install Debian's chromium (make test does) to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed: pip install -r requirements-test.txt")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    contexts: list[Any] = []

    def open_(width: int = 1280, height: int = 900) -> tuple[Any, Watch]:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        watch = Watch()

        def route(r: Any) -> None:
            if _local(r.request.url):
                r.continue_()
            else:
                watch.foreign_requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on(
            "console", lambda m: watch.console_errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        page.on("requestfailed", lambda r: watch.failed.append(f"{r.url}: {r.failure}") if _local(r.url) else None)
        page.on("response", lambda r: watch.failed.append(f"{r.url}: {r.status}") if r.status >= 400 else None)
        return page, watch

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ROOT / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
