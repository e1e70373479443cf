"""Errors that teach: each names the file, the line, what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


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
