"""The slogan index: for every slogan, where it occurs, how often, since when, next to what.

``build_slogan_index`` makes one pass over all speeches' occurrences (linear in their number)
plus, for co-occurrence, one pass over the pairs of slogans present in each speech.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from build_scripts.config.glossary import Glossary, SloganEntry
from build_scripts.model import LEVELS, Occurrence, Speech

UNKNOWN = "未知"  # the bucket for a speech without a known level or date
TOGETHER_TOP = 12  # how many co-occurring slogans each slogan keeps


@dataclass(frozen=True)
class Hit:
    """One occurrence, with the speech it is in."""

    speech_id: str
    occurrence: Occurrence  # where, and as written
    text: str  # the text of the block it is in (the speech's own string, not a copy): its context


@dataclass(frozen=True)
class SpeechUse:
    """One speech's use of one slogan."""

    speech_id: str
    url: str  # relative to the site root, "speeches/<id>/"
    title: str
    date: str | None
    level: str | None
    count: int
    anchors: tuple[str, ...]  # distinct block anchors in reading order, "p3" and "s1"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The paragraph anchors only (``p<n>``), as ``data/slogans.json`` lists them."""
        return tuple(a for a in self.anchors if a.startswith("p"))


@dataclass(frozen=True)
class SloganStats:
    """Everything the archive knows about one slogan's use."""

    entry: SloganEntry
    total: int
    uses: tuple[SpeechUse, ...]  # by date (undated last), then id
    hits: tuple[Hit, ...]  # every occurrence, in the order of ``uses`` then reading order
    by_level: tuple[tuple[str, int], ...]  # (level, occurrences), LEVELS order, then 未知
    by_year: tuple[tuple[str, int], ...]  # (year, occurrences), ascending, then 未知
    forms: tuple[tuple[str, int], ...]  # (spelling as written, occurrences), most used first
    together: tuple[tuple[str, int], ...]  # (other term, speeches with both), most first
    first: SpeechUse | None  # the earliest dated speech using it
    last: SpeechUse | None  # the latest dated speech using it

    @property
    def term(self) -> str:
        return self.entry.term

    @cached_property
    def use_of(self) -> dict[str, SpeechUse]:
        """Its use by speech id."""
        return {u.speech_id: u for u in self.uses}

    @property
    def slug(self) -> str:
        return self.entry.slug


@dataclass(frozen=True)
class SloganIndex:
    """One ``SloganStats`` per glossary entry, in glossary order, unused slogans included."""

    glossary: Glossary
    stats: tuple[SloganStats, ...]
    speeches: int  # how many speeches were indexed

    def get(self, term: str) -> SloganStats | None:
        return self._by_term.get(term)

    @cached_property
    def _by_term(self) -> dict[str, SloganStats]:
        return {s.term: s for s in self.stats}

    @property
    def used(self) -> tuple[SloganStats, ...]:
        """The slogans that occur at least once."""
        return tuple(s for s in self.stats if s.total)


def _date_key(date: str | None, speech_id: str) -> tuple[str, str]:
    return (date or "~", speech_id)  # "~" sorts after digits: undated last


def build_slogan_index(speeches: Sequence[Speech], glossary: Glossary) -> SloganIndex:
    """Counts by speech, level and year, concordance hits, first and last use, co-occurrence."""
    ordered = sorted(speeches, key=lambda s: _date_key(s.meta.date, s.id))
    hits: dict[str, list[Hit]] = defaultdict(list)
    uses: dict[str, list[SpeechUse]] = defaultdict(list)
    pairs: Counter[tuple[str, str]] = Counter()
    for speech in ordered:
        per_term: dict[str, list[Hit]] = defaultdict(list)
        texts = dict(speech.doc.anchored_texts()) if speech.occurrences else {}
        for occ in speech.occurrences:
            per_term[occ.term].append(Hit(speech.id, occ, texts[occ.anchor]))
        for term, found in per_term.items():
            hits[term].extend(found)
            uses[term].append(
                SpeechUse(
                    speech_id=speech.id,
                    url=speech.url,
                    title=speech.title,
                    date=speech.meta.date,
                    level=speech.meta.level,
                    count=len(found),
                    anchors=tuple(dict.fromkeys(h.occurrence.anchor for h in found)),
                )
            )
        pairs.update(combinations(sorted(per_term), 2))
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b), n in pairs.items():
        together[a][b] = n
        together[b][a] = n
    stats = tuple(
        _stats(entry, tuple(uses.get(entry.term, ())), tuple(hits.get(entry.term, ())), together.get(entry.term))
        for entry in glossary.entries
    )
    return SloganIndex(glossary=glossary, stats=stats, speeches=len(ordered))


def _stats(
    entry: SloganEntry, uses: tuple[SpeechUse, ...], hits: tuple[Hit, ...], together: Counter[str] | None
) -> SloganStats:
    level: Counter[str] = Counter()
    year: Counter[str] = Counter()
    for use in uses:
        level[use.level if use.level in LEVELS else UNKNOWN] += use.count
        year[use.date[:4] if use.date else UNKNOWN] += use.count
    dated = [u for u in uses if u.date]
    forms = Counter(h.occurrence.matched for h in hits)
    return SloganStats(
        entry=entry,
        total=len(hits),
        uses=uses,
        hits=hits,
        by_level=tuple((k, level[k]) for k in (*LEVELS, UNKNOWN) if level[k]),
        by_year=tuple(sorted(year.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0]))),
        forms=tuple(sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))),
        together=tuple(sorted((together or {}).items(), key=lambda kv: (-kv[1], kv[0]))[:TOGETHER_TOP]),
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
    )
