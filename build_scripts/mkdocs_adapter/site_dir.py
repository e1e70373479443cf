"""Where a build writes its site, safely: never over the corpus or anyone's files, and never emptying
the old site before the new one is complete.

MkDocs empties the site folder before it builds. Pointed at the corpus, or at a folder holding it,
that deleted every speech; pointed at a folder of other files, it emptied it without a word; and a
build that failed left the old site emptied. So, before anything is touched, ``check_site_dir``
refuses a site folder that is, holds or lies inside the corpus (or the project's own folders), one
that is a file, and one holding files that are not a site built here (every build leaves the
``MARKER`` file) unless the user asked for ``--clean``. ``Staging`` then has MkDocs build into a
fresh folder beside the site, and swaps it in only once the build has succeeded.

No MkDocs here: the hook calls these at its events.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_scripts.engine.spool import alive
from build_scripts.errors import ArchiveError, Problem, shown_folder

MARKER = ".archive-site"  # written into every site this build makes
_MARKER_TEXT = "A site built by 讲话档案. Every build replaces this folder's contents.\n"
# A site built before the marker existed: our own search worker and MkDocs' sitemap.
_OUR_FILES = ("sitemap.xml", "assets/javascripts/archive-search-worker.js")


def check_site_dir(site: Path, corpus: Path, clean: bool = False, protected: tuple[Path, ...] = ()) -> None:
    """Raise ``ArchiveError`` when building into ``site`` could destroy what is not a site of ours.

    ``protected``: other folders the site must neither be nor hold (the docs folder, the project).
    ``clean``: the user asked to replace whatever the site folder holds.
    """
    shown = shown_folder(site)
    site, corpus = site.resolve(), corpus.resolve()
    fix = "Give a site folder of its own, outside the corpus, e.g. --site-dir site"
    if site == corpus:
        raise ArchiveError.one(shown, "is the corpus folder; building there would delete the speeches", fix)
    if corpus.is_relative_to(site):
        raise ArchiveError.one(shown, f"holds the corpus folder {corpus.name}/; building there would delete it", fix)
    if site.is_relative_to(corpus):
        raise ArchiveError.one(shown, "is inside the corpus folder; the site would be read as part of the corpus", fix)
    for folder in protected:
        if folder.resolve().is_relative_to(site):
            raise ArchiveError.one(shown, f"is or holds {shown_folder(folder)}; building there would delete it", fix)
    if site in (Path(site.anchor), Path.home()):
        raise ArchiveError.one(
            shown, "is a whole file system or a home folder", "Give a folder of its own, e.g. --site-dir site"
        )
    if site.exists() and not site.is_dir():
        raise ArchiveError.one(shown, "is a file, not a folder", "Give a folder for the site, e.g. --site-dir site")
    if site.is_dir() and not clean and not is_our_site(site):
        others = sorted(p.name + ("/" if p.is_dir() else "") for p in site.iterdir())
        if others:
            listed = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise ArchiveError.one(
                shown,
                f"holds files that are not a site built by 讲话档案 ({listed}); building there would delete them",
                "Give an empty or new folder, or add --clean (ARCHIVE_CLEAN=1 for mkdocs) to replace its contents",
            )


def is_our_site(site: Path) -> bool:
    """Whether ``site`` is a site built here: it holds the marker (or, built before the marker, our files)."""
    return (site / MARKER).is_file() or all((site / name).is_file() for name in _OUR_FILES)


@dataclass(frozen=True)
class Staging:
    """A fresh folder beside the site that MkDocs builds into; ``publish`` swaps it in."""

    target: Path
    folder: Path

    @classmethod
    def begin(cls, target: Path) -> Staging:
        """Make the staging folder beside ``target`` (its parent made if need be); remove those left by
        builds that died."""
        target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(target)
        folder = target.parent / f".{target.name}.building-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        return cls(target, folder)

    def publish(self) -> None:
        """Mark the new site as ours and put it in the old one's place (the old one removed)."""
        (self.folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        for _ in range(3):  # another build may swap its own site in meanwhile: the last one wins
            try:
                if self.target.exists():
                    os.rename(self.target, old)
                os.rename(self.folder, self.target)
                break
            except OSError as exc:
                if exc.errno in (errno.EBUSY, errno.EXDEV, errno.EPERM):  # a mount point: replace its contents
                    _replace_contents(self.target, self.folder)
                    break
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                    raise
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the unfinished new site; the old one stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _replace_contents(target: Path, new: Path) -> None:
    for entry in target.iterdir():
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in new.iterdir():
        os.rename(entry, target / entry.name)
    new.rmdir()


def _remove_orphans(target: Path) -> None:
    """Staging and old folders of ``target`` left by builds that are no longer running."""
    for kind in ("building", "old"):
        for folder in target.parent.glob(f".{target.name}.{kind}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not alive(int(pid)) and (kind == "building" or target.exists()):
                shutil.rmtree(folder, ignore_errors=True)


def write_error(exc: OSError, site: str, staging: Staging | None) -> Problem:
    """The one line a failure to write is: which file, what the system said, what to do."""
    where = exc.filename if isinstance(exc.filename, str) else ""
    in_site = not where or (staging is not None and where.startswith(f"{staging.folder}{os.sep}"))
    if in_site and where and staging is not None:
        where = os.path.relpath(where, staging.folder)  # a file of the site, named within it
    said = exc.strerror or str(exc)
    what = "the site could not be written" if in_site else f"{where} could not be written"
    return Problem(
        site,
        f"{what} ({said}{': ' + where if where and in_site else ''}); the previous site is left as it was",
        "Free some space on that disk, or give a site folder on another one (--site-dir)",
    )
