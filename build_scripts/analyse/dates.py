"""Date a speech as precisely as its words allow: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None.

Clues, strongest first:

1. an explicit date: a date line (``（2022年10月28日）``) at the start or end, a date or
   year in the title (``在2023年全县……大会上``; ``二〇二三年`` too);
2. otherwise an interval: dated events the text treats as past set the earliest
   possible date (``党的二十大精神`` → not before 2022-10-16; ``2019年以来`` → not before
   2019), phrases that went out of use set the latest (``决战脱贫攻坚`` → 2020,
   ``动态清零`` → until 2022-12-07); a date is given only when the interval falls
   within one year (or one month);
3. time-of-year phrases (``距离年终仅剩2个多月`` → October, ``从春节的氛围中走出来`` →
   January to March) narrow a known year to a month when they leave only one.

Years in the future tense (``到2025年``, ``2035年远景目标``) and dates of other events
in the body are never taken as the speech's date. The dated events and the
time-of-year phrases live in ``corpus/events.yml`` (with their sources) so a
curator can extend them; ``load_events`` validates that file.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from build_scripts.analyse.sidecar import (
    date_text,
    describe,
    line_of,
    mapping_items,
    nonempty_text,
    read_mapping,
    scalar,
    unknown_key,
)
from build_scripts.errors import ArchiveError, Problem
from build_scripts.model import Document, Evidence, EvidenceSource

# --- numbers ---------------------------------------------------------------------------------

_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
YEAR = r"(?:(?<![\d０-９])[12][\d０-９]{3}(?![\d０-９])|[一二][〇○零Ｏ一二三四五六七八九]{3})"
MONTH = r"(?:[\d０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:[\d０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_FULL_DATE = re.compile(rf"({YEAR})\s*年\s*({MONTH})\s*月\s*(?:({DAY})\s*[日号])?")


def cn_number(text: str) -> int:
    """A number written in digits, full-width digits or Chinese numerals (up to 99, or digit by digit).

    >>> cn_number("2023"), cn_number("二〇二三"), cn_number("十二"), cn_number("二十八"), cn_number("２０２２")
    (2023, 2023, 12, 28, 2022)
    """
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CN_DIGIT[ch]
    return value


def _date_string(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]`` when it is a real date in a plausible range, else None."""
    if not 1949 <= year <= 2100:
        return None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


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


_EVENTS_EXAMPLE = (
    "A valid entry:\n"
    "  events:\n"
    "    - id: cpc-20th-congress\n"
    "      label: 党的二十大（2022年10月16日至22日）\n"
    "      patterns: [二十大精神, {regex: '二十大(?:报告|提出|指出)'}]\n"
    "      not_before: 2022-10-16\n"
    "      source: 新华社 2022-10-22"
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
            problems.append(
                Problem(
                    file, f"'{key}' must be a list of entries, found {describe(value)}", _EVENTS_EXAMPLE, line_of(value)
                )
            )
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
        problems.append(
            Problem(file, f"each entry of '{kind}' must be a mapping, found {describe(node)}", _EVENTS_EXAMPLE, line)
        )
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
                    Problem(
                        file,
                        f"'{key}' must be a date as YYYY, YYYY-MM or YYYY-MM-DD, found {describe(value)}",
                        f"For example: {key}: 2022-10-16",
                        line_of(value),
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
        problems.append(
            Problem(
                file, f"'{key}' must be a non-empty list of phrases, found {describe(node)}", example, line_of(node)
            )
        )
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
                Problem(
                    file,
                    f"each entry of '{key}' must be a phrase or {{regex: ...}} or {{literal: ...}}, found {describe(item)}",
                    example,
                    line_of(item),
                )
            )
            continue
        try:
            compiled = re.compile(text if is_regex else re.escape(text))
        except re.error as exc:
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


def _read_months(node: yaml.Node, file: str, problems: list[Problem]) -> tuple[int, ...] | None:
    values = [scalar(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else []
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12 for v in values):
        problems.append(
            Problem(
                file,
                f"'months' must be a list of month numbers 1 to 12, found {describe(node)}",
                "For example: months: [1, 2, 3]",
                line_of(node),
            )
        )
        return None
    return tuple(sorted(set(values)))  # type: ignore[arg-type]


# --- numerals of dates as real texts write them ---------------------------------------------
# (Joins ``cn_number`` and ``YEAR`` in analyse/numerals.py once the Layout move is merged.)

_ZEROS = "〇○零OＯ0０"
# A year in Arabic, full-width or Chinese digits, zero written 〇, ○, 零, the letter O or the digit 0:
# 2012, ２０１２, 二〇一二, 二O一二, 二0二三.
YEAR_ANY = rf"(?:(?<![\d０-９])[12１２][\d０-９]{{3}}(?![\d０-９])|[一二][{_ZEROS}一二三四五六七八九]{{3}})"
DATE_ANY = re.compile(rf"({YEAR_ANY})\s*年\s*({MONTH})\s*月\s*(?:({DAY})\s*[日号])?")
_WIDE = str.maketrans("０１２３４５６７８９OＯ", "0123456789〇〇")


def number(text: str) -> int:
    """A number however a date writes it.

    >>> number("２０２２"), number("二O一二"), number("二0二三"), number("二〇二六"), number("二十七")
    (2022, 2012, 2023, 2026, 27)
    """
    text = text.translate(_WIDE)
    if not text.isdigit() and "0" in text:
        text = text.replace("0", "〇")
    return cn_number(text)


# --- clues -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clue:
    """One piece of date evidence found in the speech."""

    kind: str  # "explicit", "bound", "season"
    quote: str  # exact words of the title or block
    anchor: str | None  # block anchor, None for the title
    label: str  # what the words were read as
    not_before: _dt.date | None = None
    not_after: _dt.date | None = None
    value: str | None = None  # explicit dates: the date itself
    months: tuple[int, ...] = ()  # seasons


@dataclass(frozen=True)
class DateEstimate:
    """The speech's date with its evidence, and the interval the clues leave."""

    value: str | None
    evidence: Evidence | None
    not_before: _dt.date | None = None
    not_after: _dt.date | None = None
    clues: tuple[Clue, ...] = ()


_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|确保|争取|计划|预计|提前|直至|迈向|展望|面向|预期)\s*$")
_FUTURE_AFTER = re.compile(
    r"^(?:年)?\s*(?:前|底前|末前|以前|之前|年底前|远景|目标|愿景|规划|行动|计划|要|将|力争|实现|基本实现|建成)"
)
_PAST_AFTER = re.compile(r"^年?(?:以来|来|的基础上|基础上|同期|相比|同比)")
_PAST_BEFORE = re.compile(r"(?:自|从|比|较|与|同|截至|截止)\s*$")
_EVENT_AFTER = re.compile(r"^[^，。；]{0,12}?(?:召开|举行|开幕|闭幕|印发|出台|发布|以来|发表|视察|考察|发生|通过|成立)")
_YEARLY = re.compile(rf"({YEAR})\s*年(度)?")
_MAY_HAVE_YEAR = re.compile(r"[12１２一二][\d０-９〇○零Ｏ一二三四五六七八九]{3}\s*年")


def find_clues(doc: Document, events: Events) -> tuple[Clue, ...]:
    """Every date clue in the title and blocks, in reading order."""
    clues: list[Clue] = []
    texts: list[tuple[str | None, str]] = ([(None, doc.title)] if doc.title else []) + list(doc.anchored_texts())
    paras = doc.paragraphs
    edge = {p.anchor for p in paras[:3] + paras[-3:]}
    whole = "\n".join(text for _, text in texts)
    events_here = [e for e in events.events if _combined(e.patterns).search(whole)]
    seasons_here = [s for s in events.seasons if _combined(s.patterns).search(whole)]
    for anchor, text in texts:
        if anchor is None:
            clues.extend(_title_clues(text))
        elif anchor in edge and len(text) <= 40:
            line = _date_line(text)
            if line:
                clues.append(Clue("explicit", line[1], anchor, "date line of the speech", value=line[0]))
                continue
        if anchor is not None:
            clues.extend(_body_year_clues(anchor, text))
        for event in events_here:
            clue = _event_clue(event, anchor, text)
            if clue:
                clues.append(clue)
        for season in seasons_here:
            for pattern in season.patterns:
                m = pattern.compiled.search(text)
                if m and m.group():
                    clues.append(
                        Clue(
                            "season",
                            m.group(),
                            anchor,
                            f"{season.label} → months {','.join(map(str, season.months))}",
                            months=season.months,
                        )
                    )
                    break
    return tuple(clues)


@lru_cache(maxsize=1024)
def _combined(patterns: tuple[Pattern, ...]) -> re.Pattern[str]:
    """One regex that finds any of the patterns: a quick test before the per-block search."""
    return re.compile("|".join(f"(?:{p.compiled.pattern})" for p in patterns))


def _date_line(text: str) -> tuple[str, str] | None:
    """``(date, quote)`` when a short line is the speech's date (``（2022年10月28日）``), possibly after a name.

    >>> _date_line("（2022年10月28日）")
    ('2022-10-28', '2022年10月28日')
    >>> _date_line("张三 二〇二三年二月六日")
    ('2023-02-06', '二〇二三年二月六日')
    >>> _date_line("2022年10月，全县上下……") is None
    True
    """
    stripped = text.strip(" \u3000")
    m = _FULL_DATE.search(stripped)
    if not m:
        return None
    rest = (stripped[: m.start()] + stripped[m.end() :]).strip(" \u3000（）()")
    if rest and not re.fullmatch(r"[\u4e00-\u9fff·]{2,12}", rest):
        return None
    if re.search(r"[，。；]", stripped):
        return None
    value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)) if m.group(3) else None)
    return (value, m.group().strip()) if value else None


def _title_clues(title: str) -> list[Clue]:
    for m in _FULL_DATE.finditer(title):
        if (
            not m.group(3)
            or _FUTURE_BEFORE.search(title[: m.start()])
            or re.match(r"^\s*(?:前|起|以来)", title[m.end() :])
        ):
            continue
        value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
        if value:
            return [Clue("explicit", m.group(), None, "date in the title", value=value)]
    clues: list[Clue] = []
    for m in _YEARLY.finditer(title):
        before, after = title[: m.start()], title[m.end() :]
        year = cn_number(m.group(1))
        value = _date_string(year)
        if not value or _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(after) or _PAST_AFTER.match(after):
            continue
        if m.group(2) or re.match(r"^[^在上]{0,12}(?:总结|述职|表彰|回顾)", after):
            # "2022年度述职会", "2022年工作总结大会": about that year, held in it or early the next
            clues.append(
                Clue(
                    "bound",
                    m.group(),
                    None,
                    f"the meeting reviews {year}: held in {year} or {year + 1}",
                    not_before=_dt.date(year, 1, 1),
                    not_after=_dt.date(year + 1, 12, 31),
                )
            )
            continue
        clues.append(Clue("explicit", m.group(), None, "year in the title", value=value))
        break
    return clues


def _body_year_clues(anchor: str, text: str) -> list[Clue]:
    """Lower bounds from years the text treats as past: ``2019年以来``, ``比2020年``, dated past events."""
    clues: list[Clue] = []
    if not _MAY_HAVE_YEAR.search(text):
        return clues
    for m in _FULL_DATE.finditer(text):
        if not m.group(3):
            continue
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() :]
        value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
        if (
            value
            and not _FUTURE_BEFORE.search(before)
            and _EVENT_AFTER.match(after)
            and not re.match(r"^\s*(?:前|起|开始|之前)", after)
        ):
            clues.append(
                Clue("bound", m.group(), anchor, f"{value}: a past event → not before", not_before=first_day(value))
            )
    for m in _YEARLY.finditer(text):
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() :]
        year = cn_number(m.group(1))
        if not _date_string(year) or _FUTURE_BEFORE.search(before):
            continue
        past_before, past_after = _PAST_BEFORE.search(before), _PAST_AFTER.match(after)
        if (past_before or past_after) and not _FUTURE_AFTER.match(after):
            start = m.start() - (len(past_before.group()) if past_before else 0)
            end = m.end() + (len(past_after.group()) if past_after else 0)
            clues.append(
                Clue(
                    "bound",
                    text[start:end],
                    anchor,
                    f"{year} is past → not before {year}",
                    not_before=_dt.date(year, 1, 1),
                )
            )
    return clues


def _event_clue(event: Event, anchor: str | None, text: str) -> Clue | None:
    for pattern in event.patterns:
        for m in pattern.compiled.finditer(text):
            if not m.group():
                continue
            if event.unless:
                start = max((s.end() for s in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
                end_m = _SENTENCE_END.search(text, m.end())
                sentence = text[start : end_m.start() if end_m else len(text)]
                if any(u.compiled.search(sentence) for u in event.unless):
                    continue
            bounds = []
            if event.not_before:
                bounds.append(f"not before {event.not_before}")
            if event.not_after:
                bounds.append(f"not after {event.not_after}")
            return Clue(
                "bound",
                m.group(),
                anchor,
                f"{event.label} ({event.source}) → {', '.join(bounds)}",
                not_before=first_day(event.not_before) if event.not_before else None,
                not_after=last_day(event.not_after) if event.not_after else None,
            )
    return None


# --- combining -------------------------------------------------------------------------------


def infer_date(doc: Document, events: Events) -> DateEstimate:
    """The speech's date from its title and text (file name and sidecar are applied by the caller)."""
    clues = find_clues(doc, events)
    lower = [c for c in clues if c.not_before]
    upper = [c for c in clues if c.not_after]
    lo_clue = max(lower, key=lambda c: c.not_before or _dt.date.min, default=None)
    hi_clue = min(upper, key=lambda c: c.not_after or _dt.date.max, default=None)
    lo = lo_clue.not_before if lo_clue else None
    hi = hi_clue.not_after if hi_clue else None
    seasons = [c for c in clues if c.kind == "season"]
    explicit = max((c for c in clues if c.kind == "explicit"), key=lambda c: len(c.value or ""), default=None)
    if explicit and explicit.value:
        value, evidence = _refine(explicit.value, explicit, seasons)
        return DateEstimate(value, evidence, lo, hi, clues)
    if lo is None or hi is None or lo > hi:
        return DateEstimate(None, None, lo, hi, clues)
    months = _months_between(lo, hi)
    used: list[Clue] = []
    for season in seasons:
        narrowed = [ym for ym in months if ym[1] in season.months]
        if narrowed:
            months = narrowed
            used.append(season)
    years = {y for y, _ in months}
    if len(years) != 1:
        return DateEstimate(None, None, lo, hi, clues)
    year = years.pop()
    value = f"{year:04d}-{months[0][1]:02d}" if len(months) == 1 else f"{year:04d}"
    assert lo_clue is not None and hi_clue is not None
    alone = [
        c for c in (hi_clue, lo_clue) if c.not_before and c.not_after and c.not_before.year == c.not_after.year == year
    ]
    main = alone[0] if alone else lo_clue
    parts = [f"「{c.quote}」({c.anchor or 'title'}): {c.label}" for c in dict.fromkeys([lo_clue, hi_clue, *used])]
    evidence = Evidence(
        source="title" if main.anchor is None else "text",
        quote=main.quote,
        anchor=main.anchor,
        rule=f"{value}: " + "; ".join(parts),
    )
    return DateEstimate(value, evidence, lo, hi, clues)


def _refine(value: str, explicit: Clue, seasons: list[Clue]) -> tuple[str, Evidence]:
    """An explicit year narrowed to a month when time-of-year phrases leave only one month."""
    source: EvidenceSource = "title" if explicit.anchor is None else "text"
    if len(value) == 4 and seasons:
        months = set(range(1, 13))
        used = []
        for s in seasons:
            if months & set(s.months):
                months &= set(s.months)
                used.append(s)
        if len(months) == 1:
            month = months.pop()
            season = used[-1]
            rule = (
                f"{value}-{month:02d}: 「{explicit.quote}」({explicit.anchor or 'title'}) gives the year; "
                + "; ".join(f"「{s.quote}」({s.anchor}): {s.label}" for s in used)
            )
            return f"{value}-{month:02d}", Evidence(
                source="text" if season.anchor else "title", quote=season.quote, anchor=season.anchor, rule=rule
            )
    return value, Evidence(source=source, quote=explicit.quote, anchor=explicit.anchor, rule=explicit.label)


def _months_between(lo: _dt.date, hi: _dt.date) -> list[tuple[int, int]]:
    """``(year, month)`` pairs from ``lo`` to ``hi``; empty when the span is over three years.

    >>> _months_between(_dt.date(2022, 10, 23), _dt.date(2022, 12, 7))
    [(2022, 10), (2022, 11), (2022, 12)]
    """
    if hi.year - lo.year > 3:
        return [(lo.year, lo.month), (hi.year, hi.month)]
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- file names ------------------------------------------------------------------------------

_FILENAME_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d{2})(?:[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?)?(?![0-9A-Za-z])"
)
_FILENAME_CN = re.compile(rf"({YEAR})年(?:({MONTH})月(?:({DAY})日)?)?")


def date_from_filename(name: str) -> str | None:
    """The date a file name carries (``2021-03-05_x.txt``, ``20210305在…``, ``2021年3月…``), else None.

    >>> date_from_filename("2021-03-05_speech.txt"), date_from_filename("20210305在全县大会上的讲话.txt")
    ('2021-03-05', '2021-03-05')
    >>> date_from_filename("speech_2022-10.txt"), date_from_filename("2023年全县大会讲话.txt")
    ('2022-10', '2023')
    >>> date_from_filename("004_be014646714e3115.txt") is None, date_from_filename("a20210305b.txt") is None
    (True, True)
    """
    stem = Path(name).stem
    m = _FILENAME_DATE.search(stem)
    if m:
        return _date_string(
            int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None
        )
    m = _FILENAME_CN.search(stem)
    if m and not _FUTURE_BEFORE.search(stem[: m.start()]):
        return _date_string(
            cn_number(m.group(1)),
            cn_number(m.group(2)) if m.group(2) else None,
            cn_number(m.group(3)) if m.group(3) else None,
        )
    return None
