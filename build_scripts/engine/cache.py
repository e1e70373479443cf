"""A content-addressed cache of per-speech analysis, kept outside ``docs_src/``.

Keys hash everything an analysis depends on: the file's name and bytes, its
sidecar's bytes, the configuration files' bytes and the code itself (every folder
of the package but the rendering ones: ``code_files``), so a stale entry can never
be read; a changed input simply misses.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
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
        if self.root is None:
            return None
        try:
            with open(f"{self.root}/{kind}/{k[:2]}/{k}", "rb") as f:  # not pathlib: 2,000 reads a rebuild
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
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
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / k)
        except OSError:
            pass  # a read-only or full disk costs speed, never correctness
