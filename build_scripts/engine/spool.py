"""A folder for the files a build generates, so that no process has to hold them all.

At 10,000 speeches the generated site is 1.7 GB (search index, slogan concordances,
plain-text copies, data files). Held as bytes in the build process, and handed
through pipes from the processes that made them, it alone broke the memory budget.
Each stage writes its output here, in whatever process produced it, and keeps the path;
MkDocs copies or reads the file when it gets to it. The folder is removed when the
``Spool`` is closed or collected, or when the process exits.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import weakref
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path


class Spool:
    """Generated files by site path, under a fresh folder in ``parent`` (None: the system's temporary folder).

    The build puts it beside its cache (``.cache/archive/spool/``): the system's temporary
    folder can be far slower to create files in (0.8 ms a file against 0.04 ms, measured).
    Spools left by a build that died are removed by the next one.
    """

    def __init__(self, parent: Path | None = None, site: Path | None = None, folder: Path | None = None) -> None:
        """``folder``: write into that folder, and never remove it (``kept`` makes such spools)."""
        if folder is None and parent is not None:
            parent.mkdir(parents=True, exist_ok=True)
            _remove_orphans(parent)
        self.root = folder or Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=parent))
        self.site = site  # where the site is being written, if known: published files go straight there
        # forked workers write here but never remove it; nobody removes a given folder
        self._owner = os.getpid() if folder is None else -1
        self._cleanup = weakref.finalize(self, _remove, self.root, self._owner)

    def write(self, site_path: str, data: str | bytes, publish: bool = False) -> Path:
        """Write one file (text as UTF-8); return where it is.

        ``publish``: a file the site serves as it is (not a page to render); it is written
        into the site folder itself when there is one, so it is never copied.
        """
        path = self.path(site_path, publish)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def path(self, site_path: str, publish: bool = False) -> Path:
        """Where ``write`` puts ``site_path`` (its folder made), for a caller that writes it in pieces."""
        path = (self.site if publish and self.site is not None else self.root) / site_path
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_all(self, files: Iterable[tuple[str, str | bytes]], publish: bool = False) -> dict[str, Path]:
        """Write every ``(site path, content)``; files may come from a generator, one at a time."""
        return {site_path: self.write(site_path, data, publish) for site_path, data in files}

    def close(self) -> None:
        self._cleanup()


KEEP = 2  # kept outputs per kind: this build's and the one before (a change undone is free too)
IN_USE = 600  # seconds: a folder used this recently may be another build's, still being read


def kept(
    cache: Path | None, kind: str, key: str, make: Callable[[Spool], dict[str, Path]], spool: Spool
) -> dict[str, Path]:
    """The files ``make`` writes (in the order it wrote them), kept in ``cache/<kind>/<key>/`` from one
    build to the next.

    ``key`` must change whenever anything the files are made from does (their code included):
    a build with the same key reuses the files without making them. Without a cache, ``make``
    writes into ``spool`` as any other output. ``make`` may hand back files it kept itself in
    other folders of the cache (a page kept on its own); a kept folder whose files are not all
    there any more is made again. A folder appears complete or not at all (made under a
    temporary name, its list of files written last, then renamed); the older ones of a kind
    beyond ``KEEP`` are removed, unless used in the last ``IN_USE`` seconds (a build that reuses a
    folder marks it used: another build sharing the cache may still be reading it).
    """
    if cache is None:
        return make(spool)
    home = cache / kind
    folder = home / key
    try:
        listed = json.loads((folder / LIST).read_text(encoding="utf-8"))
        if all(intact(cache / where, size, check) for where, size, check in listed.values()):
            os.utime(folder)  # used now
            return {name: cache / where for name, (where, _, _) in listed.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        pass  # missing, damaged or of an older layout: made again
    home.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=".new-", dir=home))
    try:
        made = make(Spool(folder=new))
        where = {
            name: os.path.relpath(folder / path.relative_to(new) if path.is_relative_to(new) else path, cache)
            for name, path in made.items()
        }
        # with each file's size and checksum: what is reused is checked first (``intact``)
        listed = {name: [where[name], *fingerprint(path)] for name, path in made.items()}
        (new / LIST).write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)  # a folder left incomplete by a build that died
        os.replace(new, folder)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    others = sorted((f for f in home.iterdir() if f.name != key), key=lambda f: f.stat().st_mtime, reverse=True)
    recently = time.time() - IN_USE
    for old in others[KEEP - 1 :]:
        if old.stat().st_mtime < recently:  # not another build's, being made or read (or one that died)
            shutil.rmtree(old, ignore_errors=True)
    return {name: cache / path for name, path in where.items()}


LIST = ".files.json"  # what a kept folder holds, by site path: [where, size, CRC-32]


def fingerprint(path: Path) -> tuple[int, int]:
    """A file's size and CRC-32."""
    data = path.read_bytes()
    return len(data), zlib.crc32(data)


def intact(path: Path, size: int, check: int) -> bool:
    """Whether a kept file is still what was kept: the size first (a truncated file costs one stat)."""
    try:
        return os.path.getsize(path) == size and fingerprint(path) == (size, check)
    except OSError:
        return False


def _remove(root: Path, owner: int) -> None:
    if os.getpid() == owner:
        shutil.rmtree(root, ignore_errors=True)


def _remove_orphans(parent: Path) -> None:
    """Remove the spools of builds that are no longer running (named ``<pid>-...``)."""
    for folder in parent.iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a folder named after it is still in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
