"""Shared fixtures: the seed site built once, a sub-path web server on loopback, a headless browser.

Fixtures (all usable from any test file):

``seed_site`` (session) -> Path
    ``corpus/`` built with the CLI (``python -m build_scripts build --corpus corpus --site-dir <tmp>``)
    once per test session; the build must exit 0. It is built with
    ``SITE_URL=http://127.0.0.1/archive/`` (see ``SITE_URL``), as the Pages workflow sets
    SITE_URL, so the 404 page's absolute links match the sub-path ``serve_site`` uses.
    Treat the folder as read-only: other tests share it. ``ARCHIVE_TEST_CONFIG=<mkdocs.yml>`` in
    the environment builds every test site with that configuration instead of the project's.

``build_cli`` (session) -> ``build(corpus, site_dir, *args, env=None) -> CompletedProcess``
    Runs the CLI build like ``seed_site`` does (same SITE_URL), for tests with their own corpus.

``serve_site`` (session) -> ``serve(directory, prefix=SUB_PATH) -> Served``
    Serves a built site under a sub-path (default ``/archive/``) on 127.0.0.1 with a threaded
    ``http.server`` on a free port, as GitHub Pages serves a project site: a missing file gets
    the site's ``404.html`` with status 404, and nothing outside the prefix is served.
    ``Served.url`` is the site's address (``http://127.0.0.1:<port>/archive/``);
    ``Served.requests`` lists ``(path, status)`` of every request. Servers stop at session end.

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

import functools
import http.server
import io
import os
import posixpath
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SUB_PATH = "/archive/"
SITE_URL = f"http://127.0.0.1{SUB_PATH}"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a minute; still part of `make test`")


def build_with_cli(corpus: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m build_scripts build`` from the repository root; returns the finished process."""
    environ = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_CORPUS", "ARCHIVE_KEEP_GOING")}
    environ.update({"SITE_URL": SITE_URL, **(env or {})})
    config = os.environ.get("ARCHIVE_TEST_CONFIG")  # try the tests against another mkdocs.yml
    if config and "--config-file" not in extra:
        extra = ("--config-file", config, *extra)
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "build", "--corpus", str(corpus), "--site-dir", str(site_dir), *extra],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def build_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``build_with_cli`` as a fixture, for tests that build their own corpus."""
    return build_with_cli


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("seed") / "site"
    done = build_with_cli(ROOT / "corpus", site)
    assert done.returncode == 0, f"building the seed corpus failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return site


# --- a sub-path server ----------------------------------------------------------------------------


@dataclass
class Served:
    """A running server: ``url`` ends with the prefix and a slash; ``requests`` logs (path, status)."""

    url: str
    root: Path
    requests: list[tuple[str, int]] = field(default_factory=list)


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = SUB_PATH
    log: list[tuple[str, int]]
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".svg": "image/svg+xml",
        ".txt": "text/plain; charset=utf-8",
    }

    def translate_path(self, path: str) -> str:
        path = urllib.parse.unquote(path.split("?", 1)[0].split("#", 1)[0])
        if not path.startswith(self.prefix):
            return ""
        rel = posixpath.normpath(path[len(self.prefix) :])
        if rel.startswith(".."):
            return ""
        target = Path(self.directory) / ("" if rel == "." else rel)
        return str(target)

    def send_head(self) -> Any:
        target = self.translate_path(self.path)
        if not target:
            return self._not_found()
        p = Path(target)
        if p.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the usual 301 to the slash form
        if p.is_dir():
            p = p / "index.html"
        if not p.is_file():
            return self._not_found()
        return super().send_head()

    def _not_found(self) -> Any:
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_response(self, code: int, message: str | None = None) -> None:
        self.log.append((self.path, code))
        super().send_response(code, message)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[..., Served]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(directory: Path, prefix: str = SUB_PATH) -> Served:
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        served = Served(url="", root=Path(directory))
        handler = type("Handler", (_Handler,), {"prefix": prefix, "log": served.requests})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        served.url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
        return served

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


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
        page.on("console", lambda m: watch.console_errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
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

