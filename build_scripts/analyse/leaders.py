"""National leaders and the offices they held (``build_scripts/data/leaders.tsv``).

A speech whose title, byline, header or news lead names one of them as the speaker is a national
one; the speaker is the office held on the speech's date: 李鹏 was 国务院总理 until March 1998
and 全国人大常委会委员长 after; 习近平 has been 中共中央总书记 since November 2012 and also
国家主席 since March 2013. Where a leader held a Party and a state office at once, the occasion
decides (the state office at a state occasion: a people's congress, a forum, a summit).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "leaders.tsv"
# Offices of the state; the others are the Party's (中共中央主席, 总书记, 副主席, 中央军委主席 …).
STATE_OFFICES = frozenset(
    (
        "国家主席",
        "中央人民政府主席",
        "国务院总理",
        "政务院总理",
        "全国人大常委会委员长",
        "全国政协主席",  # (not a state office; no holder held a Party one beside it, so it is ranked as one)
        "国家副主席",
        "中央人民政府副主席",
        "国务院副总理",
        "中华苏维埃共和国中央执行委员会主席",
    )
)
# Where a leader held several Party offices at once, the first of these names them.
_PARTY_RANK = ("中共中央主席", "中共中央政治局主席", "中共中央总书记", "中央军委主席", "中共中央副主席")


@dataclass(frozen=True)
class Office:
    """One term of one office: ``name`` held ``office`` from ``start`` to ``end`` (None: in office)."""

    name: str
    office: str
    start: _dt.date
    end: _dt.date | None
    source: str

    def overlaps(self, lo: _dt.date | None, hi: _dt.date | None) -> bool:
        return (hi is None or self.start <= hi) and (lo is None or self.end is None or lo <= self.end)


def parse_table(text: str) -> tuple[Office, ...]:
    """The rows of ``leaders.tsv`` (header first: name, office, from, to, source).

    >>> parse_table("name\\toffice\\tfrom\\tto\\tsource\\n李强\\t国务院总理\\t2023-03-11\\t\\tgov")[0].end is None
    True
    """
    out = []
    for row in text.splitlines()[1:]:
        if not row.strip():
            continue
        name, office, start, end, source = row.split("\t")
        out.append(
            Office(name, office, _dt.date.fromisoformat(start), _dt.date.fromisoformat(end) if end else None, source)
        )
    return tuple(out)


@cache
def load_leaders(path: Path = DATA) -> tuple[Office, ...]:
    """The shipped table, read once per process."""
    return parse_table(path.read_text(encoding="utf-8"))


@cache
def names_pattern() -> str:
    """The leaders' names as one alternation, longest first (a regex fragment)."""
    names = {o.name for o in load_leaders()}
    return "|".join(sorted(names, key=lambda n: (-len(n), n)))


def office_of(
    name: str, lo: _dt.date | None = None, hi: _dt.date | None = None, state: bool | None = None
) -> tuple[str, str] | None:
    """``(office, why)``: the office ``name`` spoke in, between ``lo`` and ``hi`` (None: open), at a
    state occasion (``state`` True), a Party one (False) or neither known (None); None when the
    table leaves more than one.

    >>> d = _dt.date
    >>> office_of("李鹏", d(2000, 4, 29), d(2000, 4, 29))[0], office_of("李鹏", d(1995, 3, 5), d(1995, 3, 5))[0]
    ('全国人大常委会委员长', '国务院总理')
    >>> office_of("习近平", d(2017, 1, 17), d(2017, 1, 17), state=True)[0], office_of("习近平", d(2013, 1, 5), d(2013, 1, 5), state=True)[0]
    ('国家主席', '中共中央总书记')
    >>> office_of("毛泽东", d(1947, 12, 2), d(1947, 12, 2))[0], office_of("李鹏") is None
    ('中共中央主席', True)
    >>> office_of("毛泽东", d(1941, 11, 21), d(1941, 11, 21))[0], office_of("朱镕基", d(1993, 7, 7), d(1993, 7, 7))[0]
    ('中央军委主席', '国务院副总理')
    >>> office_of("邓小平", d(1978, 12, 13), d(1978, 12, 13))[0], office_of("胡锦涛", d(2002, 12, 5), d(2002, 12, 5), state=True)[0]
    ('中共中央副主席', '中共中央总书记')
    """
    terms = [o for o in load_leaders() if o.name == name and o.overlaps(lo, hi)]
    if any("副" not in o.office for o in terms):  # a deputy's office gives way to a top one held then
        terms = [o for o in terms if "副" not in o.office]
    offices = list(dict.fromkeys(o.office for o in terms))
    if not offices:
        return None
    when = _when(lo, hi)
    if len(offices) == 1:
        return offices[0], f"{name} was {offices[0]} {when}"
    state_ones = [o for o in offices if o in STATE_OFFICES]
    party_ones = sorted((o for o in offices if o not in STATE_OFFICES), key=_PARTY_RANK.index)
    if state and len(state_ones) == 1:
        return state_ones[0], f"{name} held {'、'.join(offices)} {when}: at a state occasion, {state_ones[0]}"
    held_together = _held_together(terms)
    if party_ones and (state is False or (held_together and not state)):
        return party_ones[0], f"{name} held {'、'.join(offices)} {when}: the Party's office, {party_ones[0]}"
    return None


def _held_together(terms: list[Office]) -> bool:
    """Whether every office in ``terms`` was held at one time (a head of Party and state)."""
    starts = max(t.start for t in terms)
    ends = [t.end for t in terms if t.end is not None]
    return not ends or starts <= min(ends)


def _when(lo: _dt.date | None, hi: _dt.date | None) -> str:
    if lo and hi and lo == hi:
        return f"on {lo.isoformat()}"
    if lo and hi:
        return f"between {lo.isoformat()} and {hi.isoformat()}"
    if lo:
        return f"after {lo.isoformat()}"
    if hi:
        return f"before {hi.isoformat()}"
    return "(date unknown)"


BYLINE_MARKS = "※○◎●"  # what anthologies print before an author's name


def byline_name(line: str) -> str | None:
    """The leader a byline line names alone, with an anthology's mark or spaced out
    (周恩来, ※习近平, ○朱镕基, 习 近 平); None for anything else.

    >>> byline_name("○朱镕基"), byline_name("习 近 平"), byline_name("习近平在"), byline_name("张 三")
    ('朱镕基', '习近平', None, None)
    """
    m = _byline_pattern().fullmatch(re.sub(r"[\s\u3000\xa0]+", "", line))
    return m.group("name") if m else None


@cache
def _byline_pattern() -> re.Pattern[str]:
    return re.compile(rf"[{BYLINE_MARKS}]?(?P<name>{names_pattern()})")


def is_leader(name: str) -> bool:
    """
    >>> is_leader("周恩来"), is_leader("周立群")
    (True, False)
    """
    return re.fullmatch(names_pattern(), name) is not None
