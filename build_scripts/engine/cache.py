"""A content-addressed cache of per-speech analysis, kept outside ``docs_src/``.

Keys hash everything an analysis depends on: the file's name and bytes, its
sidecar's bytes, the configuration files' bytes and the analysing code itself,
so a stale entry can never be read; a changed input simply misses.
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


@cache
def code_version() -> str:
    """Hash of the analysing code (``read/``, ``analyse/``, ``config/``, discovery, term counting, the
    model): a change there invalidates the cache."""
    digest = hashlib.sha256()
    sources = [
        *(p for folder in ("read", "analyse", "config") for p in (_PACKAGE / folder).glob("*.py")),
        *(_PACKAGE / name for name in ("index/discovery.py", "index/keywords.py", "data/stopwords.txt")),
        *(_PACKAGE / name for name in ("model.py", "errors.py")),
        Path(__file__),
    ]
    for path in sorted(sources):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def build_version() -> str:
    """Hash of the whole build's code: part of the key of every output kept from one build to the next."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
        return found  # type: ignore[no-any-return]

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
