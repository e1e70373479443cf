"""A content-addressed cache of per-speech analysis, kept outside ``docs_src/``.

Keys hash everything an analysis depends on: the file's name and bytes, its
sidecar's bytes, the configuration files' bytes and the code itself (every folder
of the package but the rendering ones: ``code_files``), so a stale entry can never
be read; a changed input simply misses.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent.parent
DEFAULT_DIR = _PACKAGE.parent / ".cache" / "archive"


#: The package's folders that no cached value is made with: they render pages and hand them to
#: MkDocs. Outputs kept from one build to the next hash them too (``build_version``).
RENDERING = ("render", "mkdocs_adapter")


def code_files(package: Path | None = None, leave_out: tuple[str, ...] = RENDERING) -> list[Path]:
    """The package's code and shipped data files, whole folders at a time, but ``leave_out``'s.

    Whole folders, not a list of modules: code moved or added anywhere else (``pipeline.py``, a
    new module under ``analyse/``) is part of every key without anyone remembering to add it.
    """
    root = _PACKAGE if package is None else package
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix != ".pyc"
        and "__pycache__" not in path.parts
        and path.relative_to(root).parts[0] not in leave_out
    )


def _digest(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_version() -> str:
    """Hash of every file a cached value can depend on (``code_files``): a change there invalidates the cache."""
    return _digest(code_files(), _PACKAGE)


@cache
def build_version() -> str:
    """Hash of the whole build's code and data: part of the key of every output kept from one build to the next."""
    return _digest(code_files(leave_out=()), _PACKAGE)


def key(*parts: bytes | str) -> str:
    """A cache key from the parts an entry depends on (code version included)."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Pickled values by key under ``root/<kind>/``; ``root=None`` disables caching."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, kind: str, k: str) -> Any | None:
        """The value kept under ``k``, or None: missing, unreadable or damaged (its checksum differs)."""
        if self.root is None:
            return None
        try:
            with open(f"{self.root}/{kind}/{k[:2]}/{k}", "rb") as f:  # not pathlib: 2,000 reads a rebuild
                data = f.read()
        except OSError:
            return None
        payload = data[_CHECK:]
        if len(data) < _CHECK or data[:_CHECK] != checksum(payload):
            return None  # damaged on disk: made again
        try:
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever a damaged or foreign pickle raises, it is a miss
            return None

    def get_or_make(self, kind: str, k: str, make: Callable[[], T]) -> T:
        """The value kept under ``k``, or ``make()``'s, kept from now on."""
        found = self.get(kind, k)
        if found is None:
            found = make()
            self.put(kind, k, found)
        return found

    def put(self, kind: str, k: str, value: Any) -> None:
        if self.root is None:
            return
        folder = self.root / kind / k[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder)
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(fd, "wb") as f:
                f.write(checksum(payload) + payload)
            os.replace(tmp, folder / k)
        except OSError:
            pass  # a read-only or full disk costs speed, never correctness


# ------------------------------------------------------------------------------ damage and failure

_CHECK = 4  # bytes of checksum in front of every kept value


def checksum(data: bytes) -> bytes:
    """The CRC-32 of ``data``: what is read back is checked against it, so damage is a miss.

    >>> checksum(b"abc").hex()
    '352441c2'
    """
    return zlib.crc32(data).to_bytes(_CHECK, "big")


def unwritable(root: Path) -> str | None:
    """Why ``root`` cannot hold the cache (read only, not a folder, full), or None when it can."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=root, prefix=".probe-")
        try:
            os.write(fd, b"probe")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def concerns(exc: OSError, root: Path | None) -> bool:
    """Whether a failure to write is the cache's: a file under ``root``, or a full disk that is ``root``'s."""
    if root is None:
        return False
    names = [n for n in (exc.filename, exc.filename2) if isinstance(n, (str, os.PathLike))]
    if names:
        return any(os.path.abspath(n).startswith(f"{os.path.abspath(root)}{os.sep}") for n in names)
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return False
    try:
        return shutil.disk_usage(root).free < 1_000_000
    except OSError:
        return True


def without_cache_on_failure(build: Callable[[Path | None], T], root: Path | None) -> tuple[T, str | None]:
    """``build(root)``; or, when ``root`` cannot be written or writing into it fails mid-way,
    ``build(None)`` (no cache: slower, same result) and the one warning to give.

    The cache costs speed, never correctness.
    """
    if root is None:
        return build(None), None
    reason = unwritable(root)
    if reason is None:
        try:
            return build(root), None
        except OSError as exc:
            if not concerns(exc, root):
                raise
            reason = exc.strerror or str(exc)
    shown = root.relative_to(_PACKAGE.parent) if root.is_relative_to(_PACKAGE.parent) else root
    return build(None), f"the cache folder {shown} cannot be written ({reason}): building without it, which is slower"
