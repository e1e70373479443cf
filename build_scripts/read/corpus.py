"""List a corpus folder: its speech files, their ids, and the sidecars paired with them.

What is read: the regular files directly in the folder, or links to files inside it. A
speech is ``<id>.txt``; its sidecar is ``<id>.yml`` (or ``<id>.yaml``), the id written exactly
as in the speech's file name. ``slogans.yml``, ``themes.yml`` and ``events.yml`` are
configuration, not sidecars.

Refused, each a problem reported with every other one (the file, what is wrong, what to do):
a named pipe, device or socket (reading one blocks or never ends), a link that leaves the
folder or leads nowhere, a name holding a control or invisible character (a line break, a
tab, U+202E that reverses how a name reads), an id that cannot be a web address or a file
name of the site (too long, reserved, clashing with another file's outputs), a sidecar that
pairs with no speech, one named like its speech but for case, and two sidecars for one speech.
Warned about: subfolders (not read) and files that are neither speeches nor sidecars.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from build_scripts.errors import ArchiveError, Problem
from build_scripts.read.source import MAX_SPEECH_BYTES, too_big

RESERVED = ("slogans", "themes", "events")  # corpus/*.yml that are configuration, not sidecars
# MkDocs publishes index.md and README.md as their folder's own page: speeches/index.html.
RESERVED_IDS = ("index", "README")
# The longest published name is a speech's plain-text copy, sources/<id>.utf8.txt: 255 bytes at most.
MAX_ID_BYTES = 255 - len(".utf8.txt")
_URL_UNSAFE = frozenset("/\\#?%&<>\"'`")
_RENAME = "Rename the file using letters, digits, Chinese characters, '-' and '_', e.g. 2023-02-01_县委全会.txt"
_CHAR_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab"}


def list_corpus(corpus: Path) -> tuple[list[Path], dict[str, Path], list[Problem], list[str]]:
    """Speech files, sidecars by id, problems (files refused, with the reason) and warnings."""
    if not corpus.is_dir():
        raise ArchiveError.one(
            str(corpus), "is not a folder", "Give the folder that holds the speech .txt files, e.g. --corpus corpus"
        )
    root = corpus.resolve()
    speeches: list[Path] = []
    found_sidecars: list[Path] = []
    problems: list[Problem] = []
    warnings: list[str] = []
    for path in sorted(corpus.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        shown = shown_name(name)
        if path.is_dir():
            warnings.append(_folder_warning(shown))
            continue
        suffix = path.suffix.lower()
        if suffix not in (".txt", ".yml", ".yaml"):
            warnings.append(
                f"{shown}: ignored: not a speech (.txt) or a sidecar (.yml); convert it to .txt to include it"
            )
            continue
        problem = _name_problem(name, shown) or _file_problem(path, root, shown)
        if problem is not None:
            problems.append(problem)
        elif suffix == ".txt":
            speeches.append(path)
        elif path.stem in RESERVED and suffix == ".yaml":
            what = f"is read as configuration only when named {path.stem}.yml"
            problems.append(Problem(name, what, f"Rename it to {path.stem}.yml"))
        elif path.stem not in RESERVED or suffix != ".yml":
            found_sidecars.append(path)
    speeches = _unique_outputs(speeches, problems)
    sidecars, unpaired = _pair_sidecars(speeches, found_sidecars, problems)
    return [p for p in speeches if p.stem not in unpaired], sidecars, problems, warnings


def shown_name(name: str) -> str:
    """A file name as messages show it: control and invisible characters escaped, so that a
    terminal or a page neither breaks the line nor reverses the text.

    >>> shown_name("a\\nb\\u202e.txt"), shown_name("讲话.txt")
    ('a\\\\nb\\\\u202e.txt', '讲话.txt')
    """
    return "".join(ch.encode("unicode_escape").decode("ascii") if _invisible(ch) else ch for ch in name)


def _invisible(ch: str) -> bool:
    """Control and format characters: line breaks, tabs, bidirectional overrides, zero-width spaces."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _folder_warning(shown: str) -> str:
    if shown.lower().endswith(".txt"):
        return (
            f"{shown}/: skipped: it is a folder, not a speech file; "
            "move the speech out of it and give it the folder's name, or rename the folder"
        )
    return (
        f"{shown}/: skipped: a subfolder (only the files directly in the corpus folder are read); "
        "move its speeches up into the corpus folder to include them"
    )


def _name_problem(name: str, shown: str) -> Problem | None:
    """A name the site cannot use: invisible characters, characters unsafe in an address, too long, reserved."""
    invisible = sorted({ch for ch in name if _invisible(ch)})
    if invisible:
        which = ", ".join(
            _CHAR_NAMES.get(ch) or f"U+{ord(ch):04X} ({unicodedata.name(ch, 'control')})" for ch in invisible
        )
        return Problem(shown, f"has an invisible or control character in its name: {which}", _RENAME)
    stem = Path(name).stem
    if not name.lower().endswith(".txt"):
        return None
    bad = sorted(set(stem) & _URL_UNSAFE)
    if bad or stem.strip() != stem:
        return Problem(
            name, f"has characters that cannot appear in a web address ({' '.join(bad) or 'edge spaces'})", _RENAME
        )
    size = len(stem.encode("utf-8"))
    if size > MAX_ID_BYTES:
        return Problem(
            name,
            f"has a name of {size} bytes without .txt; the site's file names allow at most {MAX_ID_BYTES} bytes "
            f"(about {MAX_ID_BYTES // 3} Chinese characters)",
            "Shorten the file name, e.g. 2023-02-01_县委全会.txt",
        )
    if stem in RESERVED_IDS:
        return Problem(
            name,
            f"has the id '{stem}', which is reserved: the site would publish it at speeches/index.html, "
            "the speeches folder's own page",
            f"Rename the file, e.g. {stem}-讲话.txt",
        )
    return None


def _file_problem(path: Path, root: Path, shown: str) -> Problem | None:
    """Refuse what is not a regular file inside the corpus: a link leaving it, a broken link, a pipe or device."""
    if path.is_symlink():
        target = os.readlink(path)
        if not Path(os.path.realpath(path)).is_relative_to(root):
            return Problem(
                shown,
                f"is a link to {target}, outside the corpus folder; the build follows no link that leaves the folder",
                "Copy the file into the corpus folder instead of linking to it",
            )
    try:
        info = os.stat(path)
    except OSError as exc:
        if path.is_symlink():
            return Problem(shown, f"is a link to {os.readlink(path)}, which does not exist", "Remove the link")
        return Problem(shown, f"cannot be read ({exc.strerror})", "Check the file's permissions and that it exists")
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if path.suffix.lower() == ".txt" and info.st_size > MAX_SPEECH_BYTES:
            return Problem(shown, *too_big(info.st_size))
        return None
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a file"
    )
    what = f"is {kind}, not a regular file: reading it could block or never end"
    return Problem(shown, what, "Remove it from the corpus folder")


def _unique_outputs(speeches: list[Path], problems: list[Problem]) -> list[Path]:
    """The speeches whose published files are theirs alone; a later one that would overwrite another's
    (its page, original or plain-text copy; compared ignoring case, as some file systems do) is refused."""
    owner: dict[str, Path] = {}
    kept: list[Path] = []
    for path in speeches:
        outputs = (f"speeches/{path.stem}/", f"sources/{path.name}", f"sources/{path.stem}.utf8.txt")
        clash = next(((out, owner[out.casefold()]) for out in outputs if out.casefold() in owner), None)
        if clash is None:
            owner.update((out.casefold(), path) for out in outputs)
            kept.append(path)
        elif clash[0].startswith("speeches/"):
            problems.append(
                Problem(
                    path.name,
                    f"has the same id as {clash[1].name} (ids are file names without .txt, compared "
                    f"ignoring case), so both would be published at speeches/{path.stem}/",
                    "Rename one of the two files",
                )
            )
        else:
            problems.append(
                Problem(
                    path.name,
                    f"would be published at {clash[0]}, where {clash[1].name} is published "
                    f"({clash[1].name}'s {'original' if clash[0] == f'sources/{clash[1].name}' else 'plain-text copy'})",
                    "Rename the file, e.g. without '.utf8' in its name",
                )
            )
    return kept


def _pair_sidecars(
    speeches: list[Path], found: list[Path], problems: list[Problem]
) -> tuple[dict[str, Path], set[str]]:
    """Sidecars by the id of their speech, and the ids whose sidecar is in doubt (not built without it).

    The one rule: ``<id>.yml`` or ``<id>.yaml``, the id exactly as in the speech's name.
    """
    ids = {p.stem: p for p in speeches}
    folded = {p.stem.casefold(): p for p in speeches}
    sidecars: dict[str, Path] = {}
    doubtful: set[str] = set()
    for path in sorted(found, key=lambda p: (p.stem, p.suffix.lower() != ".yml")):  # .yml first
        stem = path.stem
        if stem in ids:
            if stem in sidecars:
                first = sidecars[stem]
                problems.append(
                    Problem(
                        path.name,
                        f"is a second sidecar of {ids[stem].name}, beside {first.name}; a speech has one sidecar",
                        f"Merge them into {first.name} and delete {path.name}",
                    )
                )
                doubtful.add(stem)
            else:
                sidecars[stem] = path
        elif stem.casefold() in folded:
            speech = folded[stem.casefold()]
            problems.append(
                Problem(
                    path.name,
                    f"looks like the sidecar of {speech.name}, but its name differs in case; "
                    "a sidecar is named exactly like its speech",
                    f"Rename it to {speech.stem}{path.suffix}",
                )
            )
            doubtful.add(speech.stem)
        else:
            problems.append(
                Problem(
                    path.name,
                    f"is a sidecar for a speech '{stem}', but there is no {stem}.txt",
                    "Name the sidecar after its speech file (for 004_abc.txt: 004_abc.yml), or remove it",
                )
            )
    for stem in doubtful:
        sidecars.pop(stem, None)
    return sidecars, doubtful
