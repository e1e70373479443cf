"""Errors that teach: each names the file, the line, what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass


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
