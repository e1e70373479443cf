"""One check over every output of a build: no two of them may be written to the same file.

The corpus listing already refuses the names it knows to clash (``read/corpus.py``); this is the
net under every rule, as Pelican has: a page or a file that would overwrite another is an error
naming both, never a page silently lost. Paths are compared ignoring case, as the file systems
of macOS and Windows do (a site copied there would lose one of the two).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from build_scripts.errors import ArchiveError, Problem


def published_path(site_path: str) -> str:
    """The file a page or a file is written to, with MkDocs' directory addresses.

    A Markdown page ``x.md`` becomes ``x/index.html``; ``index.md`` and ``README.md`` become their
    folder's ``index.html``; any other file is written where it is named.

    >>> published_path("speeches/a.md"), published_path("speeches/index.md"), published_path("README.md")
    ('speeches/a/index.html', 'speeches/index.html', 'index.html')
    >>> published_path("data/speeches.json")
    'data/speeches.json'
    """
    if not site_path.endswith(".md"):
        return site_path
    folder, name = posixpath.split(site_path[:-3])
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, name, "index.html")


def check_unique_outputs(outputs: Iterable[tuple[str, str]]) -> None:
    """Raise ``ArchiveError`` naming every pair of outputs written to one file.

    ``outputs``: ``(site path, what it is)``, e.g. ``("speeches/a.md", "the page of a.txt")``.

    >>> check_unique_outputs([("speeches/a.md", "a"), ("speeches/b.md", "b")])
    >>> check_unique_outputs([("speeches/index.md", "index.txt"), ("speeches/README.md", "README.txt")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    build_scripts.errors.ArchiveError: speeches/index.html: would be written twice, by index.txt and by README.txt...
    """
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for site_path, origin in outputs:
        target = published_path(site_path)
        first = seen.get(target.casefold())
        if first is None:
            seen[target.casefold()] = origin
        else:
            problems.append(
                Problem(
                    target,
                    f"would be written twice, by {first} and by {origin}, and one would be lost",
                    "Rename one of the two files",
                )
            )
    if problems:
        raise ArchiveError(problems)
