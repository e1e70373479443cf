"""Errors that teach: each names the file, the line, what is wrong and what to do."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent  # the shipped configuration is named relative to it


@dataclass(frozen=True)
class Problem:
    """One user-facing problem with one input file."""

    file: str  # path as the user gave it, or the file name
    what: str  # what is wrong, found vs expected
    fix: str  # what to do, with a valid example where it helps
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.what}. {self.fix}"


class ArchiveError(Exception):
    """One or more problems with the user's input; never a bug of ours."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: str, what: str, fix: str, line: int | None = None) -> ArchiveError:
        return cls([Problem(file=file, what=what, fix=fix, line=line)])


def gather(*calls: Callable[[], Any]) -> tuple[Any, ...]:
    """Each call's result; when some raise ``ArchiveError``, one error with all their problems.

    So that every bad configuration file is reported in one run, not one per run.

    >>> def bad(name): raise ArchiveError.one(name, "is wrong", "Fix it")
    >>> gather(lambda: 1, lambda: bad("a.yml"), lambda: bad("b.yml"))
    Traceback (most recent call last):
    ...
    build_scripts.errors.ArchiveError: a.yml: is wrong. Fix it
    b.yml: is wrong. Fix it
    """
    results: list[Any] = []
    problems: list[Problem] = []
    for call in calls:
        try:
            results.append(call())
        except ArchiveError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ArchiveError(problems)
    return tuple(results)


def as_the_user_knows_them(problems: Iterable[Problem], corpus: Path) -> tuple[Problem, ...]:
    """``problems`` with no absolute path of the build machine: a file in the corpus folder named
    relative to it (``talk.yml``), a shipped file relative to the project (``corpus/slogans.yml``),
    the corpus folder itself relative to the working folder when it is inside it.

    >>> p = Problem("/data/c/talk.yml", "clashes with /data/c/other.yml:3", "Rename /data/c/talk.yml")
    >>> as_the_user_knows_them([p], Path("/data/c"))[0]
    Problem(file='talk.yml', what='clashes with other.yml:3', fix='Rename talk.yml', line=None)
    """
    corpus = corpus.resolve()
    folder = shown_folder(corpus)
    prefixes = [(f"{corpus}{os.sep}", ""), (f"{PROJECT}{os.sep}", "")]

    def shown(text: str) -> str:
        if text == str(corpus):
            return folder
        for prefix, instead in prefixes:
            text = text.replace(prefix, instead)
        return text

    return tuple(replace(p, file=shown(p.file), what=shown(p.what), fix=shown(p.fix)) for p in problems)


def shown_folder(path: Path | str) -> str:
    """A folder as the user most likely gave it: relative to the working folder when it is inside it.

    >>> shown_folder(Path.cwd() / "site"), shown_folder("/elsewhere/site")
    ('site', '/elsewhere/site')
    """
    path = Path(path).resolve()
    here = Path.cwd()
    return os.path.relpath(path, here) if path.is_relative_to(here) else str(path)
