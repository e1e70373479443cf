"""Find slogans (提法) in speech text: load the glossary, discover new terms, match them exactly.

Three steps, in the order the pipeline runs them:

1. ``load_glossary`` reads ``corpus/slogans.yml`` (and a corpus's own ``slogans.yml`` merged over
   it by term) and validates it like configuration: every problem names file and line.
2. ``discover_terms`` scans the whole archive for terms the glossary lacks: quoted spans that look
   like a name rather than a sentence (``reject_reason`` says why one is not), and a few unquoted
   numbered shapes (``四个XX``, ``三不X``, ``三严三实``, ``1+1+N``). They join as ``discovered``.
3. ``find_occurrences`` matches all forms of all entries on each block's text, leftmost and then
   longest first, without overlaps. Glossary entries are matched before discovered ones, so a
   discovery can never change a glossary slogan's count.

``jieba_user_dict`` writes the same word list for jieba, so segmentation keeps every slogan whole.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jieba
import yaml
from pypinyin import lazy_pinyin

from build_scripts.errors import ArchiveError, Problem
from build_scripts.model import Occurrence

# ---------------------------------------------------------------------------- the model

DISCOVERED = "discovered"

#: Category label → the name shown on the site, in display order.
CATEGORIES: dict[str, str] = {
    "numbered": "数字概括",
    "principle": "理论与方针",
    "method": "工作方法与制度",
    "campaign": "专项工作与目标",
    "metaphor": "比喻与俗语",
    DISCOVERED: "自动发现（未收入词表）",
}


@dataclass(frozen=True)
class SloganEntry:
    """One slogan: its canonical term and every other spelling that counts for it."""

    term: str
    slug: str  # page address slogans/<slug>/, ASCII, unique in the glossary
    category: str  # a key of CATEGORIES
    gloss: str | None = None
    gloss_source: str | None = None
    since: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    variants: tuple[str, ...] = ()  # other spellings: punctuation, word order
    aliases: tuple[str, ...] = ()  # other names: abbreviations, longer names
    components: tuple[str, ...] = ()  # the parts of a numbered formulation

    @property
    def forms(self) -> tuple[str, ...]:
        """Every string whose occurrence counts for this slogan, the term first."""
        return _unique((self.term, *self.variants, *self.aliases))

    @property
    def discovered(self) -> bool:
        return self.category == DISCOVERED


@dataclass(frozen=True)
class Glossary:
    """All slogans the build looks for, in a stable order (glossary first, then discoveries)."""

    entries: tuple[SloganEntry, ...]

    def get(self, term: str) -> SloganEntry | None:
        """The entry whose canonical term is ``term``."""
        return self._by_term.get(term)

    def entry_for(self, form: str) -> SloganEntry | None:
        """The entry that a written form (term, variant or alias) counts for."""
        return self._by_form.get(form)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[SloganEntry]:
        return iter(self.entries)

    @cached_property
    def _by_term(self) -> dict[str, SloganEntry]:
        return {e.term: e for e in self.entries}

    @cached_property
    def _by_form(self) -> dict[str, SloganEntry]:
        out: dict[str, SloganEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                out.setdefault(form, entry)
        return out

    @cached_property
    def matcher(self) -> _Matcher:
        """The compiled matcher, built once per glossary."""
        known = [f for e in self.entries if not e.discovered for f in e.forms]
        found = [f for e in self.entries if e.discovered for f in e.forms]
        return _Matcher(_compile(known), _compile(found))


# ---------------------------------------------------------------------------- matching

CONTEXT = 20  # characters of context on each side of a concordance line


@dataclass(frozen=True)
class _Matcher:
    known: re.Pattern[str] | None
    found: re.Pattern[str] | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of every form in ``text``, in text order."""
        spans = [m.span() for m in self.known.finditer(text)] if self.known else []
        if self.found is None:
            return spans
        extra: list[tuple[int, int]] = []
        for start, end in _gaps(spans, len(text)):
            extra.extend(m.span() for m in self.found.finditer(text, start, end))
        return sorted(spans + extra)


def _gaps(spans: Sequence[tuple[int, int]], length: int) -> Iterator[tuple[int, int]]:
    """The stretches of ``[0, length)`` that ``spans`` (sorted, disjoint) leave free.

    >>> list(_gaps([(2, 4), (6, 7)], 9))
    [(0, 2), (4, 6), (7, 9)]
    """
    pos = 0
    for start, end in spans:
        if start > pos:
            yield pos, start
        pos = end
    if pos < length:
        yield pos, length


def _compile(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a word list that, at each position, matches the longest word there.

    The words are laid out as a trie, so the regex engine never tries more than one branch per
    character: fast with thousands of words.

    >>> p = _compile(["四个", "四个意识", "四个自信", "意识"])
    >>> [m.group() for m in p.finditer("增强四个意识、坚定四个自信，四个方面")]
    ['四个意识', '四个自信', '四个']
    """
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(_trie_regex(trie))


def _trie_regex(node: Mapping[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here: the optional group is greedy, so a longer word is tried first.
    return f"(?:{body})?" if "" in node else body


def concordance_line(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """Left context, keyword, right context of ``text[start:end]``; cut contexts end in '…'.

    >>> concordance_line("全县上下要更加深刻领悟两个确立的决定性意义", 11, 15, 6)
    ('…更加深刻领悟', '两个确立', '的决定性意义')
    """
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start - width > 0:
        left = "…" + left
    if end + width < len(text):
        right += "…"
    return left, text[start:end], right


def find_occurrences(blocks: Sequence[tuple[str, str]], glossary: Glossary) -> tuple[Occurrence, ...]:
    """Every occurrence of every slogan in ``(anchor, text)`` blocks, in reading order.

    Exact string matching, leftmost then longest, never overlapping; glossary entries before
    discovered ones. Quotation marks play no part: a quoted and an unquoted use count alike.

    >>> g = Glossary((SloganEntry("两个维护", "a", "numbered"), SloganEntry("维护", "b", "numbered")))
    >>> [(o.term, o.anchor, o.start) for o in find_occurrences([("p1", "做到“两个维护”，维护")], g)]
    [('两个维护', 'p1', 3), ('维护', 'p1', 9)]
    """
    matcher = glossary.matcher
    out: list[Occurrence] = []
    for anchor, text in blocks:
        for start, end in matcher.spans(text):
            matched = text[start:end]
            entry = glossary.entry_for(matched)
            if entry is not None:
                # the term's own string when written as the term: one object, pickled once a speech
                matched = entry.term if matched == entry.term else matched
                out.append(Occurrence(entry.term, matched, anchor, start, end))
    return tuple(out)


# ---------------------------------------------------------------------------- discovery

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NUMERALS = "一二两三四五六七八九十百千双"
_QUOTES = (
    re.compile(r"“([^“”\n]{1,60})”"),
    re.compile(r"「([^「」\n]{1,60})」"),
    re.compile(r"『([^『』\n]{1,60})』"),
    # ASCII and full-width straight quotes have no direction: consider every pair of neighbours
    # (a lookahead, so overlapping pairs are all seen) and let the rules reject the in-betweens.
    re.compile(r'"(?=([^"\n]{1,60})")'),
    re.compile(r"＂(?=([^＂\n]{1,60})＂)"),
)
MAX_CHARS = 14  # longer quotations are sentences or passages, not names
_SENTENCE_PUNCT = set("，。！？；：,!?;:…《》")
_EDGE_PUNCT = set("、，。！？；：,.!?;:…·—-（）()[]【】 \t　'\"“”‘’「」『』")
_CLAUSE_STARTS = (
    "在", "把", "被", "将", "让", "使", "我", "你", "他", "她", "它", "咱", "这", "那",
    "如果", "因为", "所以", "但是", "但", "而且", "就", "也", "都", "还", "又", "已经",
)  # fmt: skip
_PRONOUNS = ("我们", "你们", "他们", "她们", "咱们")
_FINAL_PARTICLES = set("了吗呢吧啊呀的")
_FORMULA = re.compile(r"\d+(?:[+＋]\s?(?:\d+|[A-Za-z]))+|\d+(?:\.\d+)?[%％]\S*|\S*[+＋]")


def reject_reason(span: str) -> str | None:
    """Why a quoted span is not a slogan, or None when it looks like one.

    The rules, in order: a slogan is a name, not a sentence. It has at least two characters (one
    character in quotes is emphasis: “量”“质”); two characters only when numbered (“六稳”, not
    “苦干”); at most 14; no sentence punctuation (，。！？；：); no spaces or punctuation at its ends;
    it does not open like a clause (在、把、我、这……) or hold a personal pronoun (我们……), nor end
    on a particle (了、的、吗……); it holds a Chinese character or is a formula (1+1+N, 10%工作法).

    >>> [reject_reason(s) for s in ("国之大者", "1+1+N", "两高", "江山就是人民，人民就是江山。")]
    [None, None, None, 'a sentence: it has sentence punctuation']
    >>> reject_reason("在解放思想上有新进步")
    'a clause: it opens with 在'
    """
    n = len(span)
    if n < 2:
        return "emphasis on one character, not a name"
    if _SENTENCE_PUNCT & set(span):
        return "a sentence: it has sentence punctuation"
    if span != span.strip() or span[0] in _EDGE_PUNCT or span[-1] in _EDGE_PUNCT:
        return "a fragment: it starts or ends with a space or punctuation"
    if n > MAX_CHARS:
        return f"a passage: longer than {MAX_CHARS} characters"
    has_han = re.search(f"[{_HAN}]", span) is not None
    if not has_han and not _FORMULA.fullmatch(span):
        return "no Chinese character and not a formula like 1+1+N"
    if n == 2 and not re.search(f"[{_NUMERALS}0-9]", span):
        return "a two-character word in quotes is emphasis unless numbered (六稳)"
    for start in _CLAUSE_STARTS:
        if span.startswith(start) and len(span) > len(start):
            return f"a clause: it opens with {start}"
    for pronoun in _PRONOUNS:
        if pronoun in span:
            return f"a sentence: it has the pronoun {pronoun}"
    if span[-1] in _FINAL_PARTICLES:
        return f"a fragment: it ends on the particle {span[-1]}"
    return None


def quoted_spans(text: str) -> Iterator[str]:
    """The contents of every quotation in ``text``; an unclosed mark ends at the line's end.

    >>> list(quoted_spans("构建起“早、快、顺的体系。坚持“第一议题”制度\\n“两个"))
    ['第一议题']
    >>> list(quoted_spans('争当"闯将"、敢拼的"猛将"和「关键变量」'))
    ['关键变量', '闯将', '、敢拼的', '猛将']
    """
    for pattern in _QUOTES:
        for m in pattern.finditer(text):
            yield m.group(1)


def _quotation_regions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation, marks included."""
    return [(m.start(1) - 1, m.end(1) + 1) for pattern in _QUOTES for m in pattern.finditer(text)]


_BOUNDARY = r"(?=[、，。；：！？…,.;:!?”\"’'」』）)\]\s的地和与及等是]|$)"
# Not right after another numeral or a word that makes the number a count (这两个, 前三个).
# Written after the first numeral, so the regex engine can skip ahead to numerals quickly.
_NOT_AFTER = f"(?<![{_NUMERALS}0-9第这那每几哪前后头零〇万亿].)"
# 四个意识, 三个区分开来: a numeral, 个, and the shortest run of 2-4 characters up to a boundary.
_NUM_GE = re.compile(f"([两三四五六七八九十]{_NOT_AFTER}[两三四五六七八九十]{{0,2}})个([{_HAN}]{{2,4}}?){_BOUNDARY}")
# 三不腐, 两不愁
_NUM_BU = re.compile(f"[两三四五六七八九十]{_NOT_AFTER}不[{_HAN}]{_BOUNDARY}")
# 三严三实, 一岗双责, 两学一做: numeral, character, numeral, character
_NUM_PAIR = re.compile(f"[{_NUMERALS}]{_NOT_AFTER}[{_HAN}][{_NUMERALS}][{_HAN}](?![{_NUMERALS}])")
# 1+1+N
_NUM_FORMULA = re.compile(r"(?<![0-9A-Za-z.+＋])\d+(?:[+＋](?:\d+|[A-Za-z]))+(?![0-9A-Za-z+＋=])")

# What follows 个 when a number counts things instead of naming a formulation: 四个方面, 两个月.
_COUNTED = (
    "方面", "问题", "方向", "重点", "阶段", "环节", "部分", "层面", "层次", "领域", "板块", "维度",
    "角度", "步骤", "要点", "关键", "目标", "任务", "指标", "项目", "工程", "地方", "单位", "部门",
    "企业", "乡镇", "国家", "城市", "时期", "时间", "季度", "年度", "工作", "会议", "文件", "措施",
    "举措", "办法", "班子", "干部", "同志", "群众", "孩子", "意见", "小时", "星期", "百分", "亿元",
    "万元", "小组", "专班", "片区", "园区", "社区", "村庄", "行业", "产业", "板子", "字", "省份",
    "城区", "街道", "窗口", "平台", "载体", "案例", "典型", "标准",
)  # fmt: skip
_MEASURE = set("月年日天周次个位名人季届期批轮点分秒时些样般半多小几字项类种级层条件家户元亩县区乡镇村")
_FUNCTION = set("的地得了着过和与及或等是在中里上下也都就又还把被对从向为以要")


def _numbered_candidates(text: str, covered: Sequence[tuple[int, int]]) -> Iterator[str]:
    """Unquoted numbered formulations in ``text`` outside the ``covered`` spans."""

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in covered)

    for m in _NUM_GE.finditer(text):
        tail = m.group(2)
        if tail[0] in _MEASURE or tail.startswith(_COUNTED) or tail.endswith(_COUNTED) or _FUNCTION & set(tail):
            continue
        if free(*m.span()):
            yield m.group(0)
    for pattern in (_NUM_BU, _NUM_PAIR, _NUM_FORMULA):
        for m in pattern.finditer(text):
            word = m.group(0)
            # 三年一次, 一天一报 count time; 四不两直 is fine, a 不 in last place is not a name
            if pattern is _NUM_PAIR and ((_MEASURE | _FUNCTION) & {word[1], word[3]} or word[3] == "不"):
                continue
            if free(*m.span()):
                yield word


JIEBA_DICTIONARY = Path(jieba.__file__).parent / "dict.txt"


@lru_cache(maxsize=1)
def established_words() -> frozenset[str]:
    """Words jieba's general dictionary knows that start with a numeral (一心一意, 三番五次).

    An unquoted numbered phrase that the general dictionary already lists is an established
    word or idiom, not a new formulation; slogans jieba happens to know (一国两制) are in
    the glossary and matched before discovery runs.
    """
    text = JIEBA_DICTIONARY.read_text(encoding="utf-8")
    return frozenset(re.findall(f"^([{_NUMERALS}][^ \n]{{1,5}}) ", text, flags=re.MULTILINE))


@dataclass(frozen=True)
class Candidates:
    """What one text offers discovery: accepted quoted spans, and unquoted numbered formulations
    found outside the quotations and the forms of the glossary and of ``against``'s quoted terms."""

    quoted: frozenset[str]
    numbered: frozenset[str]
    against: str  # digest of the archive's quoted terms the numbered ones were found against


def discover_terms(
    texts: Sequence[str],
    glossary: Glossary,
    memo: MutableMapping[str, Candidates] | None = None,
    keys: Sequence[str] | None = None,
    established: Callable[[], frozenset[str]] | None = None,
) -> Glossary:
    """``glossary`` plus a ``discovered`` entry for every new slogan-like term in ``texts``.

    ``texts`` is the whole archive, so a term discovered in one speech is counted in all. A
    candidate is kept when it is not already a form of an entry and holds no glossary form (a
    quotation around a known slogan is commentary on it). New entries are sorted by term, with
    slugs that collide with none before them.

    ``memo`` (with ``keys``, one per text, that change whenever the text does) keeps each text's
    ``Candidates`` for this glossary from one build to the next: a rebuild reads only the texts
    that changed, unless the archive's quoted terms changed, which the numbered ones depend on.
    ``established``: where ``established_words`` comes from when a text needs it (a cache).
    """
    load = established or established_words
    established_set: frozenset[str] | None = None  # read once, and only if a text needs it
    memo = {} if memo is None else memo
    keys = keys if keys is not None else [""] * len(texts)
    known = glossary.matcher.known
    seen = set(glossary._by_form)

    def wanted(word: str) -> bool:
        return word not in seen and (known is None or known.search(word) is None)

    judged: dict[str, bool] = {}

    def accepted(span: str) -> bool:
        if span not in judged:
            judged[span] = wanted(span) and reject_reason(span) is None
        return judged[span]

    parts = [memo.get(k) if k else None for k in keys]
    quoted_by_text = [
        part.quoted if part is not None else frozenset(q for q in quoted_spans(text) if accepted(q))
        for text, part in zip(texts, parts)
    ]
    quoted = frozenset().union(*quoted_by_text)
    against = hashlib.sha256("\n".join(sorted(quoted)).encode("utf-8")).hexdigest()
    interim: Glossary | None = None
    numbered: set[str] = set()
    for i, (text, part) in enumerate(zip(texts, parts)):
        if part is None or part.against != against:
            if interim is None:
                interim = Glossary(glossary.entries + tuple(_draft(t) for t in sorted(quoted)))
            # Outside quotations only: a quoted sentence (a poem, someone's words) is not the
            # speaker's formulation, and quoted names were judged above.
            covered = interim.matcher.spans(text) + _quotation_regions(text)
            found = frozenset(w for w in _numbered_candidates(text, covered) if wanted(w))
            if found:  # an established word or idiom (jieba's dictionary) is not a new formulation
                established_set = load() if established_set is None else established_set
                found -= established_set
            part = Candidates(quoted_by_text[i], found, against)
            if keys[i]:
                memo[keys[i]] = part
        numbered.update(part.numbered)
    terms = sorted(quoted | (numbered - quoted))
    taken = {e.slug for e in glossary.entries}
    new: list[SloganEntry] = []
    for term in terms:
        slug = _free_slug(slugify(term), taken)
        taken.add(slug)
        new.append(SloganEntry(term=term, slug=slug, category=DISCOVERED))
    return Glossary(glossary.entries + tuple(new))


def _draft(term: str) -> SloganEntry:
    return SloganEntry(term=term, slug="", category=DISCOVERED)


# ---------------------------------------------------------------------------- slugs


def slugify(term: str) -> str:
    """An ASCII page name from the term's pinyin.

    >>> [slugify(t) for t in ("两个确立", "1+1+N", "10%工作法", "绿水青山", "“”")]
    ['liang-ge-que-li', '1-plus-1-plus-n', '10-pct-gong-zuo-fa', 'lv-shui-qing-shan', 'slogan']
    """
    parts = lazy_pinyin(term, errors="default")
    text = "-".join(parts).lower().replace("+", "-plus-").replace("＋", "-plus-")
    text = text.replace("%", "-pct-").replace("％", "-pct-")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "slogan"


def _free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is free first.

    >>> _free_slug("liang-gao", {"liang-gao", "liang-gao-2"})
    'liang-gao-3'
    """
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


RESERVED_SLUGS = frozenset({"index"})  # slogans/index.md is the listing


# ---------------------------------------------------------------------------- jieba


#: What jieba's default cutter keeps together (``jieba.re_han_default``); anything else splits.
JIEBA_WORD = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+")


def jieba_user_dict(glossary: Glossary, freq: int = 20000, discovered_freq: int = 1000, tag: str = "nz") -> str:
    """A jieba user dictionary (``word freq tag`` per line) with every form of every slogan.

    Glossary forms get a frequency high enough to win over any split; discovered terms a lower
    one, still above what jieba needs to keep a new word whole, so that a discovery that is
    only a string coincidence (好工作 in 做好工作) does not override ordinary segmentation.
    jieba always cuts at punctuation and spaces (、，()), so forms holding them cannot be
    jieba words and are left out (外防输入、内防反弹 is found by ``find_occurrences`` only).

    >>> g = Glossary((SloganEntry("两个确立", "a", "numbered", variants=("两个、确立", "两个 确立")),))
    >>> jieba_user_dict(g)
    '两个确立 20000 nz\\n'
    """
    lines: list[str] = []
    seen: set[str] = set()
    for entry in glossary.entries:
        for form in entry.forms:
            if form in seen or not JIEBA_WORD.fullmatch(form):
                continue
            seen.add(form)
            lines.append(f"{form} {discovered_freq if entry.discovered else freq} {tag}\n")
    return "".join(lines)


# ---------------------------------------------------------------------------- loading

KEYS = ("term", "category", "gloss", "source", "since", "components", "variants", "aliases", "slug", "disabled")
EXAMPLE = (
    "e.g. - {term: 两个确立, category: numbered, gloss: 确立习近平同志党中央的核心、全党的核心地位……, "
    "source: 党的十九届六中全会决议, since: 2021-11, variants: [], aliases: [], components: []}"
)
_SINCE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class _Draft:
    """One entry as written in one file, before merging, with where each key was."""

    file: str
    line: int
    values: dict[str, Any]
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (file, line)

    def where(self, key: str) -> tuple[str, int]:
        """The file and line a key's value was written at (the entry's own line without it)."""
        return self.lines.get(key, (self.file, self.line))


def load_glossary(default: Path, override: Path | None = None) -> Glossary:
    """The shipped glossary, with a corpus's own ``slogans.yml`` merged over it by term.

    Every problem of both files is collected and raised together as ``ArchiveError``: unknown
    keys, wrong types, missing or duplicate terms, a form claimed by two entries, clashing slugs.
    """
    problems: list[Problem] = []
    drafts = _read(default, problems, is_override=False)
    if override is not None:
        drafts = _merge(drafts, _read(override, problems, is_override=True), problems)
    glossary = _build(drafts, problems)
    if problems:
        raise ArchiveError(problems)
    return glossary


def _read(path: Path, problems: list[Problem], is_override: bool) -> list[_Draft]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        problems.append(Problem(name, f"cannot be read ({exc.strerror})", "Check that the file exists and is readable"))
        return []
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, f"is not UTF-8 (byte {exc.start})", "Save the glossary as UTF-8"))
        return []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        context = getattr(exc, "context_mark", None)
        where = (
            f", in what starts at line {context.line + 1}" if context is not None and context.line + 1 != line else ""
        )
        what = f"is not valid YAML ({getattr(exc, 'problem', None) or exc}{where})"
        problems.append(Problem(name, what, f"Fix the YAML syntax; each entry looks like {EXAMPLE}", line))
        return []
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
        return []
    if not isinstance(root, yaml.SequenceNode):
        problems.append(
            Problem(
                name,
                "should be a list of slogan entries, one per '- term:'",
                f"Write a YAML list, {EXAMPLE}",
                _line(root),
            )
        )
        return []
    drafts: list[_Draft] = []
    for item in root.value:
        draft = _read_entry(name, item, problems, is_override)
        if draft is not None:
            drafts.append(draft)
    by_term: dict[str, _Draft] = {}
    for draft in drafts:
        term: str = draft.values["term"]
        if term in by_term:
            first = by_term[term]
            problems.append(
                Problem(
                    name,
                    f"the term '{term}' is listed twice (first at line {first.line})",
                    "Keep one entry per term; put other spellings in its variants, e.g. variants: [两个“确立”]",
                    draft.line,
                )
            )
        else:
            by_term[term] = draft
    return list(by_term.values())


def _read_entry(name: str, node: yaml.Node, problems: list[Problem], is_override: bool) -> _Draft | None:
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(name, "this list item is not a slogan entry (a mapping of keys)", f"Write it as {EXAMPLE}", line)
        )
        return None
    values: dict[str, Any] = {}
    lines: dict[str, tuple[str, int]] = {}
    present: set[str] = set()
    bad = False
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        kline = _line(key_node)
        present.add(str(key))
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            problems.append(
                Problem(name, f"unknown key '{key}'", f"{hint}Use only {', '.join(KEYS)}; {EXAMPLE}", kline)
            )
            bad = True
            continue
        if key in lines:
            problems.append(Problem(name, f"the key '{key}' appears twice in one entry", "Keep one of the two", kline))
            bad = True
            continue
        try:
            values[key] = _value(key, value_node)
        except ValueError as exc:
            problems.append(Problem(name, f"'{key}': {exc}", f"Write it as in {EXAMPLE}", _line(value_node)))
            bad = True
        lines[key] = (name, _line(value_node))
    term = values.get("term")
    if term is None:
        if "term" not in present:
            problems.append(
                Problem(name, "this entry has no 'term'", f"Give every entry its canonical term, {EXAMPLE}", line)
            )
        return None
    if "category" not in present and not bad and not is_override and not values.get("disabled"):
        problems.append(
            Problem(name, f"'{term}' has no 'category'", f"Add one of {', '.join(_user_categories())}; {EXAMPLE}", line)
        )
        bad = True
    return None if bad else _Draft(name, line, values, lines)


def _value(key: str, node: yaml.Node) -> Any:
    """The Python value of one key, checked; ``ValueError`` says what is wrong."""
    if key in ("components", "variants", "aliases"):
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise ValueError(f"should be a list, like {key}: [甲, 乙], found {_kind(node)}")
        items = tuple(_text(key, item) for item in node.value)
        if key != "components":
            for item in items:
                _check_form(item)
        return items
    if key == "disabled":
        if not (isinstance(node, yaml.ScalarNode) and node.tag == _BOOL):
            raise ValueError(f"should be true or false, found {_kind(node)}")
        return node.value.lower() in ("true", "yes", "on", "y")
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        if key in ("term", "category"):
            raise ValueError("is empty")
        return None
    value = _text(key, node)
    if key == "term":
        _check_form(value)
    elif key == "category":
        if value not in _user_categories():
            hint = " (reserved for terms the build finds)" if value == DISCOVERED else ""
            raise ValueError(f"unknown category '{value}'{hint}; use one of {', '.join(_user_categories())}")
    elif key == "since":
        if not _SINCE.fullmatch(value):
            raise ValueError(f"'{value}' is not a date like 2016, 2016-01 or 2016-01-29")
    elif key == "slug":
        if not _SLUG.fullmatch(value):
            raise ValueError(f"'{value}' is not a page name of a-z, 0-9 and single hyphens, like liang-ge-que-li")
        if value in RESERVED_SLUGS:
            raise ValueError(f"'{value}' is reserved for the slogan listing; choose another")
    return value


def _text(key: str, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _STR_TAGS:
        raise ValueError(f"should be text, found {_kind(node)}")
    return str(node.value)


def _check_form(form: str) -> None:
    if form != form.strip() or "\n" in form:
        raise ValueError(f"'{form}' has spaces or a line break at its ends")
    if len(form) < 2:
        raise ValueError(f"'{form}' is shorter than two characters and would match inside ordinary words")


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return {_NULL: "nothing", _BOOL: f"the truth value {node.value}"}.get(node.tag, f"'{node.value}'")


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _user_categories() -> tuple[str, ...]:
    return tuple(c for c in CATEGORIES if c != DISCOVERED)


def _merge(base: list[_Draft], over: list[_Draft], problems: list[Problem]) -> list[_Draft]:
    """Override entries replace the keys they set on the default entry with the same term."""
    index = {d.values["term"]: i for i, d in enumerate(base)}
    merged = list(base)
    for draft in over:
        term = draft.values["term"]
        if term in index:
            old = merged[index[term]]
            values = {**old.values, **draft.values}
            merged[index[term]] = _Draft(draft.file, draft.line, values, {**old.lines, **draft.lines})
        elif "category" not in draft.values and not draft.values.get("disabled"):
            problems.append(
                Problem(
                    draft.file,
                    f"'{term}' is not in the shipped glossary, so it needs a 'category'",
                    f"Add one of {', '.join(_user_categories())}; {EXAMPLE}",
                    draft.line,
                )
            )
        else:
            index[term] = len(merged)
            merged.append(draft)
    return [d for d in merged if not d.values.get("disabled")]


def _build(drafts: list[_Draft], problems: list[Problem]) -> Glossary:
    """Entries from merged drafts: forms claimed once, slugs unique (given ones first)."""
    owner: dict[str, _Draft] = {}
    for draft in drafts:
        v = draft.values
        for form in _unique((v["term"], *v.get("variants", ()), *v.get("aliases", ()))):
            other = owner.get(form)
            if other is not None and other is not draft:
                file, line = draft.where(_form_key(v, form))
                ofile, oline = other.where(_form_key(other.values, form))
                where = f"{ofile}:{oline}" if ofile != file else f"line {oline}"
                problems.append(
                    Problem(
                        file,
                        f"'{form}' of '{v['term']}' is already a form of '{other.values['term']}' ({where})",
                        "A written form can count for one slogan only; remove it from one of the two entries",
                        line,
                    )
                )
            else:
                owner[form] = draft
    taken: dict[str, _Draft] = {}
    for draft in drafts:
        slug = draft.values.get("slug")
        if slug is None:
            continue
        if slug in taken:
            other = taken[slug]
            file, line = draft.where("slug")
            ofile, oline = other.where("slug")
            problems.append(
                Problem(
                    file,
                    f"the slug '{slug}' of '{draft.values['term']}' is already the slug of "
                    f"'{other.values['term']}' ({ofile}:{oline})",
                    "Two slogans cannot share a page; give one another slug, e.g. slug: liang-ge-que-li-2",
                    line,
                )
            )
        else:
            taken[slug] = draft
    used = set(taken)
    entries: list[SloganEntry] = []
    for draft in drafts:
        v = draft.values
        slug = v.get("slug")
        if slug is None or taken.get(slug) is not draft:
            slug = _free_slug(slugify(v["term"]), used)
            used.add(slug)
        entries.append(
            SloganEntry(
                term=v["term"],
                slug=slug,
                category=v["category"],
                gloss=v.get("gloss"),
                gloss_source=v.get("source"),
                since=v.get("since"),
                variants=_unique(tuple(x for x in v.get("variants", ()) if x != v["term"])),
                aliases=_unique(tuple(x for x in v.get("aliases", ()) if x != v["term"])),
                components=tuple(v.get("components", ())),
            )
        )
    return Glossary(tuple(entries))


def _form_key(values: Mapping[str, Any], form: str) -> str:
    """Which key of an entry a written form comes from."""
    if form == values["term"]:
        return "term"
    return "variants" if form in values.get("variants", ()) else "aliases"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order without repeats.

    >>> _unique(["a", "b", "a"])
    ('a', 'b')
    """
    return tuple(dict.fromkeys(items))


def with_entries(glossary: Glossary, entries: Iterable[SloganEntry]) -> Glossary:
    """``glossary`` with ``entries`` appended (slugs made unique): for tests and tools."""
    taken = {e.slug for e in glossary.entries}
    out = list(glossary.entries)
    for entry in entries:
        slug = _free_slug(entry.slug or slugify(entry.term), taken)
        taken.add(slug)
        out.append(replace(entry, slug=slug))
    return Glossary(tuple(out))
