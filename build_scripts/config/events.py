"""Dated events and time-of-year phrases (``corpus/events.yml``): loaded and validated.

An event (``党的二十大精神``) bounds the date of a speech that mentions it; a season phrase
(``从春节的氛围中走出来``) limits its months. ``analyse/dates.py`` uses them to date a speech;
this module only reads the file, on the checked YAML reader (``config/yaml.py``).
"""

from __future__ import annotations

import datetime as _dt
import re
import re._parser as _sre  # the parse tree, to find repeats that backtrack catastrophically
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_scripts.config.yaml import (
    date_text,
    line_of,
    mapping_items,
    must_be,
    nonempty_text,
    read_mapping,
    scalar,
    unknown_key,
)
from build_scripts.errors import ArchiveError, Problem


def first_day(text: str) -> _dt.date:
    """The first day a ``YYYY[-MM[-DD]]`` string covers.

    >>> first_day("2022-10"), first_day("2022")
    (datetime.date(2022, 10, 1), datetime.date(2022, 1, 1))
    """
    parts = [int(p) for p in text.split("-")]
    return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(text: str) -> _dt.date:
    """The last day a ``YYYY[-MM[-DD]]`` string covers.

    >>> last_day("2020"), last_day("2023-02")
    (datetime.date(2020, 12, 31), datetime.date(2023, 2, 28))
    """
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return _dt.date(*parts)
    if len(parts) == 2:
        nxt = _dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return _dt.date(parts[0], 12, 31)


# --- events data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A phrase to look for: literal words or a regular expression."""

    text: str
    regex: bool
    compiled: re.Pattern[str]


@dataclass(frozen=True)
class Event:
    """A dated event or phrase: finding it bounds the speech's date."""

    id: str
    label: str
    patterns: tuple[Pattern, ...]
    source: str
    not_before: str | None = None  # the speech is on or after this date
    not_after: str | None = None  # the speech is on or before this date
    unless: tuple[Pattern, ...] = ()  # skip a match whose sentence matches one of these
    line: int = 0


@dataclass(frozen=True)
class Season:
    """A time-of-year phrase: finding it limits the months the speech can be from."""

    id: str
    label: str
    patterns: tuple[Pattern, ...]
    months: tuple[int, ...]
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class Events:
    """The contents of ``events.yml``."""

    events: tuple[Event, ...] = ()
    seasons: tuple[Season, ...] = ()
    path: str = ""


_EVENTS_EXAMPLE = (  # one line: the build prints one line per problem
    "A valid entry: events: [{id: cpc-20th-congress, label: 党的二十大（2022年10月16日至22日）, "
    "patterns: [二十大精神, {regex: '二十大(?:报告|提出|指出)'}], not_before: 2022-10-16, source: 新华社 2022-10-22}]"
)
_EVENT_KEYS = ("id", "label", "patterns", "not_before", "not_after", "unless", "source")
_SEASON_KEYS = ("id", "label", "patterns", "months", "source")


def load_events(path: Path) -> Events:
    """Read and validate ``events.yml``; raise ``ArchiveError`` listing every problem with its line."""
    file = str(path)
    root = read_mapping(path, "must be a mapping with 'events' (and 'seasons')", _EVENTS_EXAMPLE)
    if root is None:
        return Events(path=file)
    problems: list[Problem] = []
    events: list[Event] = []
    seasons: list[Season] = []
    ids: dict[str, int] = {}
    for key, key_node, value in mapping_items(root, file, problems):
        if key not in ("events", "seasons"):
            fix = f"The file has two lists, 'events' and 'seasons'. {_EVENTS_EXAMPLE}"
            problems.append(unknown_key(file, key, key_node, ("events", "seasons"), fix))
            continue
        if not isinstance(value, yaml.SequenceNode):
            problems.append(must_be(file, f"'{key}'", "a list of entries", value, _EVENTS_EXAMPLE))
            continue
        for item in value.value:
            entry = _read_entry(item, file, key, problems)
            if entry is None:
                continue
            if entry.id in ids:
                problems.append(
                    Problem(
                        file,
                        f"id '{entry.id}' is used twice (first on line {ids[entry.id]})",
                        "Give every entry its own id",
                        entry.line,
                    )
                )
                continue
            ids[entry.id] = entry.line
            (events if isinstance(entry, Event) else seasons).append(entry)  # type: ignore[arg-type]
    if problems:
        raise ArchiveError(problems)
    return Events(events=tuple(events), seasons=tuple(seasons), path=file)


def _read_entry(node: yaml.Node, file: str, kind: str, problems: list[Problem]) -> Event | Season | None:
    line = line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(must_be(file, f"each entry of '{kind}'", "a mapping", node, _EVENTS_EXAMPLE))
        return None
    allowed = _EVENT_KEYS if kind == "events" else _SEASON_KEYS
    before = len(problems)
    fields: dict[str, object] = {}
    for key, key_node, value in mapping_items(node, file, problems):
        if key not in allowed:
            fix = f"Allowed keys: {', '.join(allowed)}"
            problems.append(unknown_key(file, key, key_node, allowed, fix, f" in an entry of '{kind}'"))
        elif key in ("id", "label", "source"):
            text = nonempty_text(value, file, f"'{key}'", _EVENTS_EXAMPLE, problems)
            if text is not None:
                fields[key] = text
        elif key in ("patterns", "unless"):
            patterns = _read_patterns(value, file, key, problems)
            if patterns is not None:
                fields[key] = patterns
        elif key in ("not_before", "not_after"):
            text = date_text(value)
            if text is None:
                problems.append(
                    must_be(
                        file,
                        f"'{key}'",
                        "a date as YYYY, YYYY-MM or YYYY-MM-DD",
                        value,
                        f"For example: {key}: 2022-10-16",
                    )
                )
            else:
                fields[key] = text
        elif key == "months":
            months = _read_months(value, file, problems)
            if months is not None:
                fields[key] = months
    required = ("id", "label", "patterns", "source") if kind == "events" else ("id", "label", "patterns", "months")
    for key in required:
        if key not in fields and not any(p.line and p.line >= line and key in p.what for p in problems[before:]):
            problems.append(Problem(file, f"an entry of '{kind}' has no '{key}'", _EVENTS_EXAMPLE, line))
    if kind == "events" and "not_before" not in fields and "not_after" not in fields and len(problems) == before:
        problems.append(
            Problem(
                file,
                f"event '{fields.get('id')}' sets neither 'not_before' nor 'not_after'",
                "Say from when (not_before: 2022-10-16) or until when (not_after: 2020-12-31) a speech can carry the phrase",
                line,
            )
        )
    if (
        "not_before" in fields
        and "not_after" in fields
        and first_day(str(fields["not_before"])) > last_day(str(fields["not_after"]))
    ):
        problems.append(
            Problem(
                file,
                f"event '{fields.get('id')}': not_before {fields['not_before']} is after not_after {fields['not_after']}",
                "Swap or correct the two dates",
                line,
            )
        )
    if len(problems) > before:
        return None
    if kind == "events":
        return Event(line=line, **fields)  # type: ignore[arg-type]
    return Season(line=line, **fields)  # type: ignore[arg-type]


def _read_patterns(node: yaml.Node, file: str, key: str, problems: list[Problem]) -> tuple[Pattern, ...] | None:
    example = f"For example: {key}: [二十大精神, {{regex: '二十大(?:报告|提出)'}}]  (a plain text is a literal phrase)"
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(must_be(file, f"'{key}'", "a non-empty list of phrases", node, example))
        return None
    out: list[Pattern] = []
    for item in node.value:
        text: object = None
        is_regex = False
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            k = scalar(item.value[0][0])
            if k in ("regex", "literal"):
                is_regex = k == "regex"
                text = scalar(item.value[0][1])
        elif isinstance(item, yaml.ScalarNode):
            text = scalar(item)
        if not isinstance(text, str) or not text:
            problems.append(
                must_be(file, f"each entry of '{key}'", "a phrase or {regex: ...} or {literal: ...}", item, example)
            )
            continue
        risk = backtracking_risk(text) if is_regex else None
        if risk is not None:
            problems.append(
                Problem(
                    file,
                    f"'{text}' could take hours to match a long speech: {risk}",
                    "Bound every repeat to the words between two phrases within a sentence, e.g. "
                    "二十大[^。]{0,30}精神 instead of 二十大.*精神.*, and put no repeat inside a repeated group",
                    line_of(item),
                )
            )
            continue
        try:
            compiled = re.compile(text if is_regex else re.escape(text))
        except (re.error, RecursionError) as exc:
            problems.append(
                Problem(
                    file,
                    f"'{text}' is not a valid regular expression: {exc}",
                    "Fix the expression, or write the phrase as a literal (no regex:)",
                    line_of(item),
                )
            )
            continue
        out.append(Pattern(text=text, regex=is_regex, compiled=compiled))
    return tuple(out)


# --- patterns that backtrack catastrophically -----------------------------------------------

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` can take exponential or high-polynomial time on a long text, or None.

    Python's ``re`` backtracks: a repeat inside a repeat (``(.*.*)*``, ``(a+)+``), a repeated
    choice between alternatives that start alike (``(a|a)*``), or two unbounded repeats one after
    the other (``.*A.*B``) make it try every way of splitting the text. Repeats bounded by
    ``{m,n}`` one after the other are fine (``[^。]{0,24}十三五[^。]{0,16}``).

    >>> backtracking_risk("(.*.*)*x")
    'a repeat inside a repeated group'
    >>> backtracking_risk("二十大.*精神.*") is not None, backtracking_risk("二十大[^。]{0,30}精神")
    (True, None)
    """
    try:
        tree = _sre.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None  # not a valid expression: compiling it says so
    return _nested(list(tree), False) or (
        "more than one unbounded repeat (*, + or {n,}) one after the other" if _unbounded(list(tree)) > 1 else None
    )


Items = list[tuple[Any, Any]]  # a parsed expression: (opcode, argument) pairs


def _nested(items: Items, in_repeat: bool) -> str | None:
    for op, av in items:
        found: str | None = None
        if op in _REPEATS:
            most, body = av[1], list(av[2])
            repeats = most > 1
            if repeats and in_repeat:
                return "a repeat inside a repeated group"
            if repeats and _choices_overlap(body):
                return "a repeated choice between alternatives that can start with the same character"
            found = _nested(body, in_repeat or repeats)
        elif op is _sre.SUBPATTERN:
            found = _nested(list(av[3]), in_repeat)
        elif op is _sre.BRANCH:
            found = next((r for b in av[1] if (r := _nested(list(b), in_repeat))), None)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            found = _nested(list(av[1]), in_repeat)
        elif op is _sre.ATOMIC_GROUP:
            found = _nested(list(av), in_repeat)
        elif op is _sre.GROUPREF_EXISTS:
            found = _nested(list(av[1]), in_repeat) or (_nested(list(av[2]), in_repeat) if av[2] else None)
        if found:
            return found
    return None


def _choices_overlap(items: Items) -> bool:
    """Whether a choice in ``items`` has two alternatives that may start with the same character."""
    for op, av in items:
        if op is _sre.SUBPATTERN and _choices_overlap(list(av[3])):
            return True
        if op is _sre.BRANCH:
            firsts = [_first(list(b)) for b in av[1]]
            if None in firsts or len(set(firsts)) < len(firsts):
                return True
    return False


def _first(items: Items) -> int | None:
    """The one character a sequence must start with, or None when it may start otherwise (or be empty)."""
    if not items:
        return None
    op, av = items[0]
    if op is _sre.LITERAL:
        return int(av)
    if op is _sre.SUBPATTERN:
        return _first(list(av[3]))
    return None


def _unbounded(items: Items) -> int:
    """How many unbounded repeats a match can pass through one after the other."""
    count = 0
    for op, av in items:
        if op in _REPEATS:
            count += (av[1] == _sre.MAXREPEAT) + _unbounded(list(av[2]))
        elif op is _sre.SUBPATTERN:
            count += _unbounded(list(av[3]))
        elif op is _sre.BRANCH:
            count += max(_unbounded(list(b)) for b in av[1])
    return count


def _read_months(node: yaml.Node, file: str, problems: list[Problem]) -> tuple[int, ...] | None:
    values = [scalar(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12 for v in values):
        problems.append(
            must_be(file, "'months'", "a list of month numbers 1 to 12", node, "For example: months: [1, 2, 3]")
        )
        return None
    return tuple(sorted(set(values)))  # type: ignore[arg-type]
