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
curator can extend them; ``config/events.py`` reads and validates that file.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_scripts.analyse.numerals import cn_number
from build_scripts.config.events import Event, Events, Pattern, first_day, last_day
from build_scripts.model import Document, Evidence, EvidenceSource

# --- numbers ---------------------------------------------------------------------------------

YEAR = r"(?:(?<![\d０-９])[12][\d０-９]{3}(?![\d０-９])|[一二][〇○零Ｏ一二三四五六七八九]{3})"
MONTH = r"(?:[\d０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:[\d０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_FULL_DATE = re.compile(rf"({YEAR})\s*年\s*({MONTH})\s*月\s*(?:({DAY})\s*[日号])?")


def _date_string(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]`` when it is a real date in a plausible range, else None."""
    if not 1949 <= year <= 2100:
        return None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


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
