"""The slogan index: for every slogan, where it occurs, how often, since when, next to what.

``build_slogan_index`` makes one pass over all speeches' occurrences (linear in their number)
plus, for co-occurrence, one pass over the pairs of slogans present in each speech.

Each entry has a tier. A glossary entry always gets a page (``glossary``). A discovered term gets
one (``discovered``) only when it is spread and marked as a name (``page_tier``: the rule, in one
function, with the evidence it rests on in ``TermUse``); the rest are ``candidate``: listed on
their speeches' pages and on the candidates' pages, ready to be promoted into the glossary.

An occurrence of an entry with ``components`` (四个意识: 政治意识、大局意识、核心意识、看齐意识) is
checked for its parts in the same sentence (``named_parts``): a use that names them all is
complete, one that names some is partial.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from build_scripts.analyse.fold import spell
from build_scripts.config.glossary import Glossary, SloganEntry
from build_scripts.model import LEVELS, Occurrence, Speech

UNKNOWN = "未知"  # the bucket for a speech without a known level or date
TOGETHER_TOP = 12  # how many co-occurring slogans each slogan keeps

GLOSSARY, DISCOVERED, CANDIDATE = "glossary", "discovered", "candidate"  # the tiers
TIER_NAMES = {GLOSSARY: "词表", DISCOVERED: "自动发现", CANDIDATE: "候选"}


@dataclass(frozen=True, slots=True)  # one per occurrence: millions at 10,000 speeches
class Hit:
    """One occurrence, with the speech it is in."""

    speech_id: str
    occurrence: Occurrence  # where, and as written
    text: str  # the text of the block it is in (the speech's own string, not a copy): its context
    parts: tuple[str, ...] | None = None  # the entry's components named near it (None: it has none)


@dataclass(frozen=True, slots=True)
class SpeechUse:
    """One speech's use of one slogan."""

    speech_id: str
    url: str  # relative to the site root, "speeches/<id>/"
    title: str
    date: str | None
    level: str | None
    count: int
    anchors: tuple[str, ...]  # distinct block anchors in reading order, "p3" and "s1"
    parts: tuple[str, ...] | None = None  # the components named near any of its uses (None: it has none)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The paragraph anchors only (``p<n>``), as ``data/slogans.json`` lists them."""
        return tuple(a for a in self.anchors if a.startswith("p"))


# ---------------------------------------------------------------------------- tiers


@dataclass(frozen=True)
class TierRule:
    """What a discovered term must show to get a page of its own (``page_tier``)."""

    min_speeches: int = 3  # K: used in at least this many speeches (mkdocs.yml: extra.archive)...
    min_places: int = 2  # ...or in speeches of at least this many places
    quoted_speeches: int = 3  # written in quotation marks in at least this many speeches, and wordings
    quoted_share: float = 0.5  # and in at least this share of its uses
    counted_share: float = 0.2  # counted like a thing (建成27个“口袋公园”) in less than this share
    established_share: float = 0.9  # a word of jieba's general dictionary: quoted in this share...
    established_speeches: int = 5  # ...and in this many speeches


@dataclass(frozen=True)
class TermUse:
    """What the archive shows of a discovered term's use: the evidence its tier rests on."""

    speeches: int = 0
    places: int = 0  # distinct places (``speech_place``) of the speeches using it
    uses: int = 0
    quoted: int = 0  # uses written in quotation marks: “X”, 「X」, "X"
    quoted_speeches: int = 0
    quoted_wordings: int = 0  # different words around its quoted uses (a passage copied is one wording)
    counted: int = 0  # uses next to a number and a measure word: 新增4家“X”, “X”22个
    established: bool = False  # a word of jieba's general dictionary (not a new formulation)


def page_tier(use: TermUse, rule: TierRule = TierRule()) -> tuple[str, str]:
    """A discovered term's tier, and why: ``discovered`` (a page of its own) or ``candidate``.

    Spread: used in at least ``min_speeches`` speeches, or in speeches of ``min_places`` places.
    Marked as a name by the speeches themselves: quoted in at least ``quoted_speeches`` speeches,
    in as many different wordings (a passage copied from speech to speech marks it once), and in
    at least half its uses (an ordinary word is written in quotation marks now and then, a new
    formulation mostly); not counted like a thing (建成27个“口袋公园”: an object, not a
    formulation); and a word jieba's general dictionary already lists (社会主义, 一刀切) only when
    nearly always quoted, by several speeches.

    >>> page_tier(TermUse(speeches=12, places=9, uses=20, quoted=18, quoted_speeches=11, quoted_wordings=15))
    ('discovered', '见于 12 篇讲话（9 地），其中 11 篇加引号')
    >>> page_tier(TermUse(speeches=97, places=40, uses=2571, quoted=6, quoted_speeches=1, established=True))[1]
    '加引号的讲话只有 1 篇（至少要 3 篇）'
    """
    spread = use.speeches >= rule.min_speeches or use.places >= rule.min_places
    where = f"见于 {use.speeches} 篇讲话" + (f"（{use.places} 地）" if use.places else "")
    if not spread:
        return CANDIDATE, f"{where}（至少要 {rule.min_speeches} 篇，或 {rule.min_places} 地）"
    share = use.quoted / use.uses if use.uses else 0.0
    if use.quoted_speeches < rule.quoted_speeches:
        return CANDIDATE, f"加引号的讲话只有 {use.quoted_speeches} 篇（至少要 {rule.quoted_speeches} 篇）"
    if use.quoted_wordings < rule.quoted_speeches:
        return (
            CANDIDATE,
            f"加引号的 {use.quoted} 处只有 {use.quoted_wordings} 种上下文（至少要 {rule.quoted_speeches} 种）",
        )
    if share < rule.quoted_share:
        return CANDIDATE, f"{use.uses} 次中只有 {use.quoted} 次加引号（至少要一半）"
    if use.uses and use.counted / use.uses >= rule.counted_share:
        return CANDIDATE, f"{use.uses} 次中 {use.counted} 次带数量（如“建成27个”），像是事物的名称"
    if use.established and (share < rule.established_share or use.quoted_speeches < rule.established_speeches):
        return CANDIDATE, "常用词（见于 jieba 通用词典），且未在多数讲话中加引号"
    return DISCOVERED, f"{where}，其中 {use.quoted_speeches} 篇加引号"


_OPENING = frozenset("“「『\"＂‘'")
_CLOSING = frozenset("”」』\"＂’'")
_NUMBER = "[0-9０-９一二两三四五六七八九十百千万]+(?:[.．][0-9０-９]+)?"
_MEASURE = "[个家座所处条户名人项批只辆台套亩间栋]"
_COUNTED_BEFORE = re.compile(f'{_NUMBER}{_MEASURE}[“「『"＂]?$')
_COUNTED_AFTER = re.compile(f'^[”」』"＂]?[\u4e00-\u9fff]{{0,2}}?{_NUMBER}{_MEASURE}')


def is_quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is written between quotation marks.

    >>> is_quoted("落实“两新”政策", 3, 5), is_quoted("落实两新政策", 2, 4)
    (True, False)
    """
    return 0 < start and end < len(text) and text[start - 1] in _OPENING and text[end] in _CLOSING


def is_counted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is counted like a thing, a number and a measure word beside it.

    >>> is_counted("建成27个“口袋公园”", 5, 9), is_counted("创建“示范村”22个", 3, 6), is_counted("推进“两新”", 3, 5)
    (True, True, False)
    """
    return bool(_COUNTED_BEFORE.search(text, max(0, start - 8), start) or _COUNTED_AFTER.match(text[end : end + 8]))


WORDING = 6  # characters either side of a quoted use that tell one wording from another


def speech_place(speech: Speech) -> str | None:
    """The place a speech belongs to, where the metadata knows it (``Metadata.place``, issue 14)."""
    place = getattr(speech.meta, "place", None)
    return place if isinstance(place, str) and place else None


def term_uses(
    speeches: Sequence[Speech], glossary: Glossary, terms: Container[str] | None = None
) -> dict[str, TermUse]:
    """``TermUse`` of every discovered term (of those in ``terms``, if given) that occurs, from the
    speeches' occurrences and the words beside them (``established``: filled in by ``slogan_tiers``)."""
    discovered = {e.term for e in glossary.entries if e.discovered and (terms is None or e.term in terms)}
    speeches_of: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    quoted_in: dict[str, set[str]] = defaultdict(set)
    wordings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # uses, quoted, counted
    for speech in speeches:
        texts: dict[str, str] | None = None
        place = speech_place(speech)
        for occ in speech.occurrences:
            if occ.term not in discovered:
                continue
            texts = dict(speech.doc.anchored_texts()) if texts is None else texts
            text = texts[occ.anchor]
            n = counts[occ.term]
            n[0] += 1
            speeches_of[occ.term].add(speech.id)
            if place:
                places[occ.term].add(place)
            if is_quoted(text, occ.start, occ.end):
                n[1] += 1
                quoted_in[occ.term].add(speech.id)
                wordings[occ.term].add(
                    (text[max(0, occ.start - WORDING) : occ.start], text[occ.end : occ.end + WORDING])
                )
            if is_counted(text, occ.start, occ.end):
                n[2] += 1
    return {
        term: TermUse(
            speeches=len(speeches_of[term]),
            places=len(places[term]),
            uses=n[0],
            quoted=n[1],
            quoted_speeches=len(quoted_in[term]),
            quoted_wordings=len(wordings[term]),
            counted=n[2],
        )
        for term, n in counts.items()
    }


@dataclass(frozen=True)
class Tiers:
    """Every entry's tier (``GLOSSARY``, ``DISCOVERED``, ``CANDIDATE``) and why, and the evidence."""

    tier: dict[str, str]
    why: dict[str, str] = field(default_factory=dict)
    uses: dict[str, TermUse] = field(default_factory=dict)

    def of(self, term: str) -> str:
        return self.tier.get(term, CANDIDATE)

    def paged(self, term: str) -> bool:
        """Whether the entry has a page of its own."""
        return self.of(term) != CANDIDATE


def slogan_tiers(
    speeches: Sequence[Speech],
    glossary: Glossary,
    rule: TierRule = TierRule(),
    established: Callable[[], Container[str]] | None = None,
) -> Tiers:
    """Every entry's tier: the glossary's always ``glossary``, each discovered term by ``page_tier``.

    ``established``: jieba's general dictionary's words (``index/discovery.py: common_words``),
    asked for once, and only when a term is spread and marked enough for it to matter.
    """
    uses = term_uses(speeches, glossary)
    words: Container[str] | None = None
    tier: dict[str, str] = {}
    why: dict[str, str] = {}
    for entry in glossary.entries:
        if not entry.discovered:
            tier[entry.term] = GLOSSARY
            continue
        use = uses.get(entry.term, TermUse())
        found, reason = page_tier(use, rule)
        if found == DISCOVERED and established is not None:
            words = established() if words is None else words
            if entry.term in words:
                use = replace(use, established=True)
                uses[entry.term] = use
                found, reason = page_tier(use, rule)
        tier[entry.term], why[entry.term] = found, reason
    return Tiers(tier, why, uses)


def paged_only(speeches: Iterable[Speech], tiers: Tiers) -> list[Speech]:
    """The speeches with only the occurrences of entries that have a page (no candidates)."""
    out = []
    for s in speeches:
        kept = tuple(o for o in s.occurrences if tiers.paged(o.term))
        out.append(s if len(kept) == len(s.occurrences) else replace(s, occurrences=kept))
    return out


def candidate_counts(speech: Speech, tiers: Tiers) -> list[tuple[str, int]]:
    """A speech's candidate terms with their counts, in order of first use."""
    counts: dict[str, int] = {}
    for occ in speech.occurrences:
        if not tiers.paged(occ.term):
            counts[occ.term] = counts.get(occ.term, 0) + 1
    return list(counts.items())


# ---------------------------------------------------------------------------- numbered formulations

_SENTENCE_END = re.compile(r"[。！？!?\n]")
PARTS_REACH = 100  # characters either side of an occurrence, within its sentence, searched for parts


def named_parts(text: str, start: int, end: int, components: Sequence[str]) -> tuple[str, ...]:
    """The ``components`` named in the sentence around ``text[start:end]`` (at most ``PARTS_REACH``
    characters either side), in the entry's order; spelled as the slogan index folds them.

    >>> named_parts("增强“四个意识”，即政治意识、大局意识、核心意识。坚持看齐意识", 3, 7, ["政治意识", "大局意识", "核心意识", "看齐意识"])
    ('政治意识', '大局意识', '核心意识')
    """
    left = max(0, start - PARTS_REACH)
    cut = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    left = cut[-1] if cut else left
    right = min(len(text), end + PARTS_REACH)
    stop = _SENTENCE_END.search(text, end, right)
    window = spell(text[left : stop.start() if stop else right])
    return tuple(c for c in components if spell(c) in window)


def completeness(parts: tuple[str, ...] | None, components: Sequence[str]) -> str | None:
    """``complete`` (every part named), ``partial`` (two or more, or one of four characters or more:
    a list, not a coincidence of a common word) or None.

    >>> completeness(("政治意识", "大局意识"), ["政治意识", "大局意识", "核心意识", "看齐意识"])
    'partial'
    >>> completeness(("农业",), ["农业", "农村", "农民"]), completeness((), ["农业"])
    (None, None)
    """
    if not parts or not components:
        return None
    if len(parts) == len(components):
        return "complete"
    return "partial" if len(parts) >= 2 or len(parts[0]) >= 4 else None


# ---------------------------------------------------------------------------- the index


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
    tier: str = GLOSSARY  # GLOSSARY, DISCOVERED or CANDIDATE
    why: str = ""  # for a discovered term: why it has a page, or why not
    use: TermUse | None = None  # for a discovered term: the evidence of its tier

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

    @property
    def paged(self) -> bool:
        return self.tier != CANDIDATE

    @cached_property
    def completeness(self) -> Counter[str]:
        """Uses (occurrences) by completeness: ``complete``, ``partial`` (entries with components)."""
        found = (completeness(h.parts, self.entry.components) for h in self.hits)
        return Counter(c for c in found if c)


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

    @property
    def paged(self) -> tuple[SloganStats, ...]:
        """The entries with a page of their own: the glossary's, and the discoveries that earned one."""
        return tuple(s for s in self.stats if s.paged)

    @property
    def candidates(self) -> tuple[SloganStats, ...]:
        """Discovered terms without a page, most used first (speeches, then uses, then term)."""
        found = [s for s in self.stats if not s.paged and s.total]
        return tuple(sorted(found, key=lambda s: (-len(s.uses), -s.total, s.term)))


def _date_key(date: str | None, speech_id: str) -> tuple[str, str]:
    return (date or "~", speech_id)  # "~" sorts after digits: undated last


def build_slogan_index(speeches: Sequence[Speech], glossary: Glossary, tiers: Tiers | None = None) -> SloganIndex:
    """Counts by speech, level and year, concordance hits, first and last use, co-occurrence (among
    the entries with a page), each entry's tier (``tiers``; without, every entry has a page)."""
    ordered = sorted(speeches, key=lambda s: _date_key(s.meta.date, s.id))
    components = {e.term: e.components for e in glossary.entries if e.components}
    hits: dict[str, list[Hit]] = defaultdict(list)
    uses: dict[str, list[SpeechUse]] = defaultdict(list)
    paged_per_speech: list[list[str]] = []
    for speech in ordered:
        per_term: dict[str, list[Hit]] = defaultdict(list)
        texts = dict(speech.doc.anchored_texts()) if speech.occurrences else {}
        url = speech.url  # one string for all its uses
        for occ in speech.occurrences:
            text = texts[occ.anchor]
            parts = components.get(occ.term)
            named = None if parts is None else named_parts(text, occ.start, occ.end, parts)
            per_term[occ.term].append(Hit(speech.id, occ, text, named))
        for term, found in per_term.items():
            hits[term].extend(found)
            parts = components.get(term)
            named = None if parts is None else tuple(c for c in parts if any(c in (h.parts or ()) for h in found))
            uses[term].append(
                SpeechUse(
                    speech_id=speech.id,
                    url=url,
                    title=speech.title,
                    date=speech.meta.date,
                    level=speech.meta.level,
                    count=len(found),
                    anchors=tuple(dict.fromkeys(h.occurrence.anchor for h in found)),
                    parts=named,
                )
            )
        paged_per_speech.append([t for t in per_term if tiers is None or tiers.paged(t)])
    together = co_occurrence(paged_per_speech, TOGETHER_TOP)
    del paged_per_speech
    stats = tuple(
        _stats(entry, tuple(uses.get(entry.term, ())), tuple(hits.get(entry.term, ())), together.get(entry.term, ()))
        for entry in glossary.entries
    )
    if tiers is not None:
        stats = tuple(
            s
            if not s.entry.discovered
            else _with_tier(s, tiers.of(s.term), tiers.why.get(s.term, ""), tiers.uses.get(s.term))
            for s in stats
        )
    return SloganIndex(glossary=glossary, stats=stats, speeches=len(ordered))


def co_occurrence(groups: Iterable[Sequence[str]], top: int) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each term, the ``top`` terms most often in the same group (a speech's slogans) as it, with
    in how many groups: most first, then by term.

    Counted one term at a time over the groups that hold it (an array of term numbers per group):
    a ``Counter`` of term pairs held every pair of slogans that ever met, hundreds of MB at
    10,000 speeches, beside the shared passages' detection.

    >>> co_occurrence([["a", "b", "c"], ["b", "a"], ["c"]], 2)
    {'a': (('b', 2), ('c', 1)), 'b': (('a', 2), ('c', 1)), 'c': (('a', 1), ('b', 1))}
    """
    ids: dict[str, int] = {}
    members: list[int] = []
    bounds = [0]
    for group in groups:
        members.extend(sorted({ids.setdefault(t, len(ids)) for t in group}))
        bounds.append(len(members))
    flat, starts = np.array(members, dtype=np.int64), np.array(bounds, dtype=np.int64)
    sizes = np.diff(starts)
    group_of = np.repeat(np.arange(len(sizes)), sizes)
    order = np.argsort(flat, kind="stable")
    groups_of_term = group_of[order]
    term_bounds = np.searchsorted(flat[order], np.arange(len(ids) + 1))
    names = sorted(ids, key=ids.__getitem__)
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for term, t in sorted(ids.items()):
        held = groups_of_term[term_bounds[t] : term_bounds[t + 1]]
        lengths = sizes[held]
        at = np.repeat(starts[held] - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        counts = np.bincount(flat[at], minlength=len(names))
        counts[t] = 0
        met = np.flatnonzero(counts)
        best = met[np.lexsort((rank[met], -counts[met]))[:top]]
        if len(best):
            out[term] = tuple((names[i], int(counts[i])) for i in best.tolist())
    return out


def _with_tier(stats: SloganStats, tier: str, why: str, use: TermUse | None) -> SloganStats:
    return replace(stats, tier=tier, why=why, use=use)


def _stats(
    entry: SloganEntry, uses: tuple[SpeechUse, ...], hits: tuple[Hit, ...], together: tuple[tuple[str, int], ...]
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
        together=together,
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        tier=DISCOVERED if entry.discovered else GLOSSARY,
    )
