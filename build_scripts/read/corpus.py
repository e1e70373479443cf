"""List a corpus folder: its speech files, their ids, and the sidecars paired with them.

Names that clash (two files whose ids differ only in case) or cannot be a web address are
problems, reported with every other problem; files that are neither speeches nor sidecars
are warnings. The configuration files (``slogans.yml``, ``themes.yml``, ``events.yml``) are
not sidecars.
"""

from __future__ import annotations

from pathlib import Path

from build_scripts.errors import ArchiveError, Problem

RESERVED = ("slogans", "themes", "events")  # corpus/*.yml that are configuration, not sidecars


def list_corpus(corpus: Path) -> tuple[list[Path], dict[str, Path], list[Problem], list[str]]:
    """Speech files, sidecars by id, problems (clashing or unusable names) and warnings."""
    if not corpus.is_dir():
        raise ArchiveError.one(
            str(corpus), "is not a folder", "Give the folder that holds the speech .txt files, e.g. --corpus corpus"
        )
    speeches: list[Path] = []
    sidecars: dict[str, Path] = {}
    problems: list[Problem] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for path in sorted(corpus.iterdir()):
        name = path.name
        if name.startswith(".") or path.is_dir():
            continue
        suffix = path.suffix.lower()
        if suffix == ".txt":
            key = path.stem.casefold()
            if key in seen:
                problems.append(
                    Problem(
                        name,
                        f"has the same id as {seen[key].name} (ids are file names without .txt, compared "
                        f"ignoring case), so both would be published at speeches/{path.stem}/",
                        "Rename one of the two files",
                    )
                )
                continue
            bad = sorted(set(path.stem) & set("/\\#?%&<>\"'`"))
            if bad or path.stem.strip() != path.stem:
                problems.append(
                    Problem(
                        name,
                        f"has characters that cannot appear in a web address ({' '.join(bad) or 'edge spaces'})",
                        "Rename the file using letters, digits, Chinese characters, '-' and '_', e.g. 2023-02-01_县委全会.txt",
                    )
                )
                continue
            seen[key] = path
            speeches.append(path)
        elif suffix in (".yml", ".yaml"):
            if path.stem not in RESERVED:
                sidecars[path.stem] = path
        else:
            warnings.append(
                f"{name}: ignored: not a speech (.txt) or a sidecar (.yml); convert it to .txt to include it"
            )
    for stem, path in sorted(sidecars.items()):
        if stem.casefold() not in seen:
            problems.append(
                Problem(
                    path.name,
                    f"is a sidecar for a speech '{stem}', but there is no {stem}.txt",
                    "Name the sidecar after its speech file (for 004_abc.txt: 004_abc.yml), or remove it",
                )
            )
    return speeches, sidecars, problems, warnings
