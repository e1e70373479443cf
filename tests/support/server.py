"""A static site served under a sub-path on loopback, as GitHub Pages serves a project site.

One server for the tests and the benchmark: a missing file gets the site's ``404.html`` with
status 404, nothing outside the prefix is served, and with ``gzip`` text types are compressed
(level 6) as GitHub Pages does, so a browser's network log gives honest transferred bytes.
"""

from __future__ import annotations

import functools
import gzip as gzip_mod
import http.server
import io
import posixpath
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUB_PATH = "/archive/"
GZIP_SUFFIXES = (".html", ".js", ".json", ".css", ".txt", ".svg", ".xml", ".csv", ".map")


@dataclass
class Served:
    """A running server: ``url`` ends with the prefix and a slash; ``requests`` logs (path, status)."""

    url: str
    root: Path
    requests: list[tuple[str, int]] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = SUB_PATH
    gzip = False
    log: list[tuple[str, int]]
    compressed: dict[str, bytes]
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
        return str(Path(self.directory) / ("" if rel == "." else rel))

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
        if self.gzip and p.suffix in GZIP_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = self.compressed.get(str(p))
            if body is None:
                body = self.compressed[str(p)] = gzip_mod.compress(p.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(p)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
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


def serve(directory: Path, prefix: str = SUB_PATH, gzip: bool = False) -> Served:
    """Serve ``directory`` under ``prefix`` on 127.0.0.1 (a free port, a thread per request)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    served = Served(url="", root=Path(directory))
    handler = type("Handler", (_Handler,), {"prefix": prefix, "gzip": gzip, "log": served.requests, "compressed": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served.server = server
    served.url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    return served
