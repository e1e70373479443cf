"""Build the ways into the archive: the timeline, the facet listings and each speech's related speeches.

Everything here works on all analysed speeches at once and stays near-linear in
their number: listings are one pass with a dictionary per dimension, and related
speeches come from an inverted index (slogan or keyword → speeches), visiting the
rarest shared terms first and, for very common terms, only the speeches nearest
in time, so no pair of speeches is compared unless they share a distinctive term.
Rendering (``render/browse.py``) turns these structures into pages.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from build_scripts.analyse.dates import range_text
from build_scripts.analyse.places import load_gazetteer
from build_scripts.model import LEVELS, Document, Speech
from build_scripts.slugs import facet_slug

# --- one listing line -----------------------------------------------------------------------------

_SALUTATION = re.compile(r"^(?:同志们|各位|尊敬的|女士们|亲爱的|大家好)[^。！？!?]{0,60}$")
_BRACKETED = re.compile(r"^[（(][^（）()]{0,40}[）)]$")  # "（2023年1月5日）", "（根据录音整理）"
_SENTENCE_END = re.compile(r"[。！？!?；;]")
LEAD_CHARS = 80  # longest first sentence shown in a listing, in characters


@dataclass(frozen=True)
class Entry:
    """What a listing shows of one speech: title, date, level, speaker, meeting and first sentence."""

    id: str
    title: str
    url: str  # relative to the site root, "speeches/<id>/"
    date: str | None
    level: str | None
    speaker: str | None
    occasion: str | None
    lead: str  # the first sentence, shortened to LEAD_CHARS
    date_range: str | None = None  # no date, but bounds: "2022年10月以后", "2021–2022年"


def first_sentence(doc: Document, limit: int = LEAD_CHARS) -> str:
    """The speech's first sentence, skipping salutations and bracketed date lines; "" if none.

    >>> from build_scripts.analyse.structure import parse_document
    >>> first_sentence(parse_document("在全县大会上的讲话\\n（2023年1月5日）\\n同志们：\\n今天召开大会。主要任务是部署。"))
    '今天召开大会。'
    >>> first_sentence(parse_document("标题\\n同志们：\\n" + "很长" * 50 + "。"), limit=10)
    '很长很长很长很长很…'
    """
    for para in doc.paragraphs:
        text = para.text.strip()
        if not text or _SALUTATION.match(text) or _BRACKETED.match(text):
            continue
        end = _SENTENCE_END.search(text)
        sentence = text[: end.end()] if end else text
        return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
    return ""


def listing_entry(speech: Speech) -> Entry:
    """The listing line of one speech."""
    meta = speech.meta
    return Entry(
        id=speech.id,
        title=speech.title,
        url=speech.url,
        date=meta.date,
        level=meta.level,
        speaker=meta.speaker,
        occasion=meta.occasion,
        lead=first_sentence(speech.doc),
        date_range=range_text(meta.date_not_before, meta.date_not_after),
    )


def _entry_getter(entries: Mapping[str, Entry] | None) -> Callable[[Speech], Entry]:
    if entries is None:
        return listing_entry
    return lambda speech: entries.get(speech.id) or listing_entry(speech)


def chronological(speech: Speech) -> tuple[str, str]:
    """Date (or a range's lower bound), then id; undated last: the listings' order (``data/speeches.json``
    keeps the contract's, in which a speech dated only by a range counts as undated)."""
    return (speech.meta.sort_date, speech.id)


# --- the timeline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """The speeches of one month of a year; ``month`` None for dates known only to the year."""

    year: str
    month: int | None
    entries: tuple[Entry, ...]  # chronological

    @property
    def anchor(self) -> str:
        """
        >>> Month("2023", 3, ()).anchor, Month("2023", None, ()).anchor
        ('m2023-03', 'm2023-xx')
        """
        return f"m{self.year}-{self.month:02d}" if self.month else f"m{self.year}-xx"

    @property
    def label(self) -> str:
        return f"{self.month}月" if self.month else "月份不详"


@dataclass(frozen=True)
class Year:
    """One year of the timeline: its months in calendar order, the month-less last; then the
    speeches whose date is a range this year lies in (not counted: they may be of another year)."""

    year: str
    months: tuple[Month, ...]
    maybe: tuple[Entry, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(m.entries) for m in self.months)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for m in self.months for e in m.entries)


@dataclass(frozen=True)
class Timeline:
    """Speeches by year and month, oldest year first; speeches dated only by a range
    (``uncertain``) and undated speeches apart."""

    years: tuple[Year, ...]
    undated: tuple[Entry, ...]
    uncertain: tuple[Entry, ...] = ()


MAYBE_YEARS = 4  # a range over at most this many years is listed under each of them


def range_years(lo: str | None, hi: str | None) -> tuple[str, ...]:
    """The years a closed range lies in, when they are few enough to list it under each.

    >>> range_years("2021-10", "2022"), range_years("2019", None), range_years("2001", "2020")
    (('2021', '2022'), (), ())
    """
    if not lo or not hi:
        return ()
    first, last = int(lo[:4]), int(hi[:4])
    return tuple(str(y) for y in range(first, last + 1)) if 0 <= last - first < MAYBE_YEARS else ()


def split_date(date: str | None) -> tuple[str | None, int | None]:
    """Year and month of a contract date; the month is None when unknown or out of range.

    >>> split_date("2023-02-01"), split_date("2023"), split_date(None), split_date("2023-13")
    (('2023', 2), ('2023', None), (None, None), ('2023', None))
    """
    if not date or not re.match(r"^\d{4}", date):
        return None, None
    month = int(date[5:7]) if re.match(r"^\d{4}-\d{2}", date) else None
    return date[:4], month if month and 1 <= month <= 12 else None


def build_timeline(speeches: Sequence[Speech], entries: Mapping[str, Entry] | None = None) -> Timeline:
    """Group speeches by year and month (chronological inside each month).

    ``entries`` (by id) saves recomputing listing lines when several listings are built.
    """
    entry = _entry_getter(entries)
    by_year: dict[str, dict[int | None, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    maybe: dict[str, list[Entry]] = defaultdict(list)
    undated: list[Entry] = []
    uncertain: list[Entry] = []
    for speech in sorted(speeches, key=chronological):
        meta = speech.meta
        year, month = split_date(meta.date)
        if year is not None:
            by_year[year][month].append(entry(speech))
        elif meta.date_not_before or meta.date_not_after:
            uncertain.append(entry(speech))
            for y in range_years(meta.date_not_before, meta.date_not_after):
                maybe[y].append(entry(speech))
        else:
            undated.append(entry(speech))
    years = tuple(
        Year(
            year,
            tuple(
                Month(year, m, tuple(by_year[year][m]))
                for m in sorted(by_year[year], key=lambda m: (m is None, m or 0))
            ),
            tuple(maybe.get(year, ())),
        )
        for year in sorted(set(by_year) | set(maybe))
    )
    return Timeline(years=years, undated=tuple(undated), uncertain=tuple(uncertain))


# --- facets: level, speaker role, occasion type, theme --------------------------------------------

FACET_KINDS: tuple[tuple[str, str], ...] = (
    ("level", "层级"),
    ("place", "地区"),
    ("speaker", "讲话人"),
    ("occasion", "会议类型"),
    ("theme", "主题"),
)
UNKNOWN_LABELS = {
    "level": "层级不详",
    "place": "地区不详",
    "speaker": "讲话人不详",
    "occasion": "会议不详",
    "theme": "未归类",
}
UNKNOWN_SLUG = "unknown"
_LEVEL_SLUGS = {"中央": "zhongyang", "省": "sheng", "市": "shi", "县": "xian", "乡镇": "xiangzhen"}

# The genre's kinds of meeting, tried in order; the first pattern found in the occasion names its type.
OCCASION_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("民主生活会", r"民主生活会|组织生活会"),
        ("理论学习中心组学习", r"中心组|读书班|专题学习|学习会|研讨班|研讨会"),
        ("党课", r"党课"),
        ("人大、政协会议", r"人民代表大会|人代会|政协|政治协商"),
        ("政府全体会议", r"政府.{0,4}(?:全体|常务)会议|政府工作会议"),
        ("党委全会", r"全会|全体会议|全委会|全委（扩大）会议|全委\(扩大\)会议"),
        ("经济工作会议", r"经济工作|经济运行|经济形势"),
        ("党风廉政建设会议", r"党风廉政|廉政|纪委|纪检|监察|警示教育|巡察|巡视"),
        ("组织工作会议", r"组织工作|人才工作|基层党建|党建工作"),
        ("宣传思想工作会议", r"宣传思想|意识形态|宣传工作|精神文明|网信"),
        ("政法、平安建设会议", r"政法|平安|信访|维稳|扫黑"),
        ("安全生产、应急会议", r"安全生产|防汛|抗旱|应急|消防|疫情防控"),
        ("乡村振兴、农村工作会议", r"乡村振兴|农村工作|三农|脱贫|扶贫|农业"),
        ("项目、招商与营商环境会议", r"项目|招商|营商|开放|园区|产业"),
        ("生态环保会议", r"生态|环保|环境保护|河长|林长|污染"),
        ("民生、教育、卫生会议", r"民生|教育|卫生|医疗|就业|社保|养老"),
        ("表彰、纪念大会", r"表彰|颁奖|庆祝|纪念|颁证"),
        ("培训、开班", r"培训|开班|结业|轮训"),
        ("调研、座谈", r"调研|座谈|视察|检查|督导"),
        ("动员、推进、部署会", r"动员|推进|部署|誓师|启动|调度|总结"),
        ("领导干部会议", r"干部大会|干部会议|三级干部|干部会"),
    )
)
OTHER_OCCASION = "其他会议"


def occasion_type(occasion: str | None) -> str | None:
    """The kind of meeting an occasion is, from the genre's usual names; None when unknown.

    >>> occasion_type("县委全会"), occasion_type("全县领导干部会议"), occasion_type("县委理论中心组读书班")
    ('党委全会', '领导干部会议', '理论学习中心组学习')
    >>> occasion_type("县政府第三次全体会议"), occasion_type("迎春茶话会"), occasion_type(None)
    ('政府全体会议', '其他会议', None)
    """
    if not occasion:
        return None
    for name, pattern in OCCASION_TYPES:
        if pattern.search(occasion):
            return name
    return OTHER_OCCASION


def facet_values(speech: Speech, kind: str) -> tuple[str | None, ...]:
    """The values a speech is listed under for one facet kind (None: unknown)."""
    meta = speech.meta
    if kind == "level":
        return (meta.level,)
    if kind == "speaker":
        return (meta.speaker,)
    if kind == "occasion":
        return (occasion_type(meta.occasion),)
    if kind == "place":
        path = place_path(meta.place, meta.date)
        return tuple(PLACE_SEP.join(name for name, _ in path[: i + 1]) for i in range(len(path))) or (None,)
    if kind == "theme":
        return tuple(dict.fromkeys(meta.themes)) or (None,)
    raise ValueError(f"unknown facet kind {kind!r}; expected one of {[k for k, _ in FACET_KINDS]}")


PLACE_SEP = "/"  # a place facet's value is its path: 河北省/保定市/满城区


@lru_cache(maxsize=4096)
def place_path(place: str | None, date: str | None = None) -> tuple[tuple[str, str], ...]:
    """A place and the units above it, outermost first, as ``(name, code)``; () when unknown.

    A speech is listed under its county, its city and its province; 全国 stands alone, and a
    name the code table cannot place (two units, no year) under its own name.

    >>> [n for n, _ in place_path("满城区", "2020-01-21")], place_path("全国")
    (['河北省', '保定市', '满城区'], (('全国', '000000'),))
    """
    if not place:
        return ()
    if place == "全国":
        return (("全国", "000000"),)
    year = int(date[:4]) if date and date[:4].isdigit() else None
    g = load_gazetteer()
    unit = g.resolve(place, year)
    if unit is None:
        return ((place, "999999"),)
    return tuple((u.name, u.code) for u in g.path(unit, year))


def assign_slugs(values: Iterable[str]) -> dict[str, str]:
    """A unique slug per value; values whose pinyin clashes each get a short hash suffix.

    >>> s = assign_slugs(["市长", "师长", "县委书记", "index"])
    >>> s["县委书记"], s["index"], s["市长"] != s["师长"], s["市长"].startswith("shizhang-")
    ('xianweishuji', 'index-v', True, True)
    """
    base: dict[str, str] = {}
    for value in sorted(set(values)):
        slug = _LEVEL_SLUGS.get(value) or facet_slug(value)
        if slug in ("index", UNKNOWN_SLUG, "undated") or slug.isdigit():
            slug += "-v"
        base[value] = slug
    counts: dict[str, int] = defaultdict(int)
    for slug in base.values():
        counts[slug] += 1
    return {
        value: slug if counts[slug] == 1 else f"{slug}-{hashlib.sha1(value.encode('utf-8')).hexdigest()[:6]}"
        for value, slug in base.items()
    }


@dataclass(frozen=True)
class Facet:
    """One value of one dimension (e.g. level 县) and its speeches, newest first."""

    kind: str
    value: str | None  # None: the speeches for which the value is unknown
    label: str
    slug: str
    entries: tuple[Entry, ...]

    @property
    def url(self) -> str:
        """The listing's address relative to the site root.

        >>> Facet("level", "县", "县", "xian", ()).url
        'browse/levels/xian/'
        """
        return f"browse/{self.kind}s/{self.slug}/"


def build_facets(
    speeches: Sequence[Speech], kind: str, entries: Mapping[str, Entry] | None = None
) -> tuple[Facet, ...]:
    """Every value of ``kind`` with its speeches (newest first).

    Levels come in the contract's order (中央 → 乡镇), other kinds by number of speeches,
    then name; the unknown value always last.
    """
    entry = _entry_getter(entries)
    groups: dict[str | None, list[Entry]] = defaultdict(list)
    for speech in sorted(speeches, key=chronological):
        line = entry(speech)
        for value in facet_values(speech, kind):
            groups[value].append(line)
    slugs = assign_slugs(v for v in groups if v is not None)

    codes: dict[str, tuple[str, ...]] = {}  # a place's path as codes: the code table's order, a tree
    if kind == "place":
        for speech in speeches:
            path = place_path(speech.meta.place, speech.meta.date)
            for i in range(len(path)):
                codes.setdefault(PLACE_SEP.join(n for n, _ in path[: i + 1]), tuple(c for _, c in path[: i + 1]))

    def order(value: str | None) -> tuple[int, object, str]:
        if value is None:
            return (1, 0, "")
        if kind == "level" and value in LEVELS:
            return (0, LEVELS.index(value), value)
        if kind == "place":
            return (0, codes[value], value)
        return (0, -len(groups[value]) if kind != "level" else len(LEVELS), value)

    return tuple(
        Facet(
            kind=kind,
            value=value,
            label=(value.rsplit(PLACE_SEP, 1)[-1] if kind == "place" else value)
            if value is not None
            else UNKNOWN_LABELS[kind],
            slug=slugs[value] if value is not None else UNKNOWN_SLUG,
            entries=tuple(_newest_first(groups[value])),
        )
        for value in sorted(groups, key=order)
    )


def _newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated speeches newest first, then the undated ones by id (input is chronological)."""
    dated = [e for e in entries if e.date]
    return dated[::-1] + [e for e in entries if not e.date]


@dataclass(frozen=True)
class BrowseIndex:
    """Every listing of the archive, built once from all speeches."""

    timeline: Timeline
    facets: tuple[tuple[str, tuple[Facet, ...]], ...]  # (kind, facets) in FACET_KINDS order
    total: int

    def facets_of(self, kind: str) -> tuple[Facet, ...]:
        return next(f for k, f in self.facets if k == kind)


def build_browse_index(speeches: Sequence[Speech]) -> BrowseIndex:
    """The timeline and all facet listings."""
    entries = {s.id: listing_entry(s) for s in speeches}
    return BrowseIndex(
        timeline=build_timeline(speeches, entries),
        facets=tuple((kind, build_facets(speeches, kind, entries)) for kind, _ in FACET_KINDS),
        total=len(speeches),
    )


def browse_links(index: BrowseIndex, speech: Speech) -> dict[str, object]:
    """Where a speech's metadata values are listed (site-root-relative URLs), for its front matter.

    Keys ``level``, ``place``, ``speaker``, ``occasion`` (a URL or None) and ``themes`` ({theme: URL}),
    ``year`` (the year page or None).
    """
    out: dict[str, object] = {}
    for kind, facets in index.facets:
        by_value = {f.value: f.url for f in facets if f.value is not None}
        values = [v for v in facet_values(speech, kind) if v is not None]
        if kind == "theme":
            out["themes"] = {v: by_value[v] for v in values if v in by_value}
        else:  # a place is listed under its units too: link the place itself, the last of its path
            out[kind] = by_value.get(values[-1]) if values else None
    year, _ = split_date(speech.meta.date)
    ranged = speech.meta.date_not_before or speech.meta.date_not_after
    out["year"] = f"browse/years/{year}/" if year else "browse/years/uncertain/" if ranged else None
    return out


# --- related speeches -----------------------------------------------------------------------------

CANDIDATE_CAP = 100  # a term shared by more speeches than this offers only the nearest in time
CANDIDATE_POOL = 200  # stop gathering candidates once this many are found
SLOGAN_WEIGHT = 1.5  # a shared slogan counts more than a shared keyword of the same rarity


@dataclass(frozen=True)
class Related:
    """A speech related to another, and why: the slogans and keywords they share."""

    id: str
    title: str
    url: str  # relative to the site root
    date: str | None
    slogans: tuple[str, ...]  # shared slogans, most distinctive first
    keywords: tuple[str, ...]  # shared keywords (not already among the slogans), most distinctive first
    score: float  # sum over shared terms of weight × log(1 + N / speeches using the term)


def speech_terms(speech: Speech) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A speech's slogans (order of first use) and its keywords that are not also slogans."""
    slogans = tuple(dict.fromkeys(o.term for o in speech.occurrences))
    taken = set(slogans)
    keywords = tuple(k for k in dict.fromkeys(speech.meta.keywords) if k not in taken)
    return slogans, keywords


RelatedInputs = dict[str, tuple[object, ...]]  # speech id → what related speeches are found from


def related_inputs(speeches: Sequence[Speech]) -> RelatedInputs:
    """Of each speech, in time order, what related speeches are found from: what a link to it
    shows (title, address, date) and its terms (``speech_terms``)."""
    return {s.id: (s.title, s.url, s.meta.date, speech_terms(s)) for s in sorted(speeches, key=chronological)}


def related_speeches(
    speeches: Sequence[Speech],
    k: int = 5,
    *,
    cap: int = CANDIDATE_CAP,
    pool: int = CANDIDATE_POOL,
    only: Collection[str] | None = None,
) -> dict[str, tuple[Related, ...]]:
    """For each speech id, up to ``k`` speeches sharing the most distinctive slogans and keywords.

    Shared terms are weighted by rarity (``log(1 + N/df)``, slogans × ``SLOGAN_WEIGHT``);
    ties go to the speech nearer in time, then the smaller id. Candidates come from an
    inverted index, rarest terms first; a term used by more than ``cap`` speeches offers
    only the ``cap`` speeches nearest in time, and gathering stops at ``pool`` candidates.
    The best candidates on the terms visited are then scored on every shared term, so the
    cost is about N × (pool + cap) dictionary updates and N × 4k set intersections, never N².

    ``only``: the ids whose related speeches are wanted (all by default); each is what it would
    be among all of them. A rebuild asks only for those a change can have moved
    (``engine/incremental.py: related``).
    """
    order = sorted(speeches, key=chronological)  # position in time = index in ``order``
    n = len(order)
    sets, term_ids = term_sets(order)
    names = list(term_ids)  # a term's id is its place here
    postings: list[list[int]] = [[] for _ in names]
    for pos, own in enumerate(sets):
        for t in own:
            postings[t].append(pos)  # ascending positions: nearest-in-time windows by bisect
    df = [len(p) for p in postings]
    weight = [(SLOGAN_WEIGHT if kind == "s" else 1.0) * math.log(1 + n / d) for (kind, _), d in zip(names, df)]
    rarity = [0] * len(names)  # rank of each term by (df, kind, term): rarest first
    for r, t in enumerate(sorted(range(len(names)), key=lambda t: (df[t], names[t]))):
        rarity[t] = r
    ids = [s.id for s in order]
    wanted = None if only is None else set(only)
    result: dict[str, tuple[Related, ...]] = {}
    for pos, own in enumerate(sets):
        if wanted is not None and ids[pos] not in wanted:
            continue
        partial: dict[int, float] = {}  # candidates, scored on the terms visited so far
        for t in sorted(own, key=rarity.__getitem__):
            plist = postings[t]
            if df[t] > cap:
                if len(partial) > 1:
                    break  # every remaining term is common: the rare ones have spoken
                at = bisect.bisect_left(plist, pos)
                lo = max(0, min(at - cap // 2, len(plist) - cap))
                plist = plist[lo : lo + cap]
            w = weight[t]
            for other in plist:
                partial[other] = partial.get(other, 0.0) + w
            if len(partial) > pool:
                break
        partial.pop(pos, None)
        shortlist = heapq.nlargest(max(4 * k, 20), partial, key=partial.__getitem__)
        scored = []
        for other in shortlist:
            shared = own & sets[other]
            # fsum: exactly rounded, whatever order the set yields its terms in
            scored.append((math.fsum(map(weight.__getitem__, shared)), abs(other - pos), ids[other], other, shared))
        best = sorted(scored, key=lambda x: (-x[0], x[1], x[2]))[:k]
        result[ids[pos]] = tuple(
            _related(order[other], shared, score, names, weight) for score, _, _, other, shared in best
        )
    return result


def term_sets(order: Sequence[Speech]) -> tuple[list[frozenset[int]], dict[tuple[str, str], int]]:
    """Each speech's terms as a set of ids, and the ids by ``(kind, term)`` ("s" slogan, "k" keyword),
    numbered in order of first use."""
    term_ids: dict[tuple[str, str], int] = {}
    sets = [frozenset(term_ids.setdefault(name, len(term_ids)) for name in term_names(speech_terms(s))) for s in order]
    return sets, term_ids


def term_names(terms: tuple[tuple[str, ...], tuple[str, ...]]) -> list[tuple[str, str]]:
    """``speech_terms``' slogans and keywords as ``(kind, term)``, in their order."""
    slogans, keywords = terms
    return [("s", t) for t in slogans] + [("k", t) for t in keywords]


def _related(
    speech: Speech, shared: frozenset[int], score: float, names: list[tuple[str, str]], weight: list[float]
) -> Related:
    ranked = sorted(shared, key=lambda t: (-weight[t], names[t][1]))
    return Related(
        id=speech.id,
        title=speech.title,
        url=speech.url,
        date=speech.meta.date,
        slogans=tuple(names[t][1] for t in ranked if names[t][0] == "s"),
        keywords=tuple(names[t][1] for t in ranked if names[t][0] == "k"),
        score=round(score, 4),
    )
