"""Discover slogans the glossary lacks, across the whole archive.

``discover_terms`` scans every speech for terms the glossary lacks: quoted spans that look
like a name rather than a sentence (``reject_reason`` says why one is not), and a few unquoted
numbered shapes (``四个XX``, ``三不X``, ``三严三实``, ``1+1+N``). They join the glossary as
``discovered``, so a term discovered in one speech is counted in all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from build_scripts.analyse.fold import spell
from build_scripts.analyse.occurrences import is_word
from build_scripts.analyse.terms import JIEBA_DICTIONARY, Lexicon, lexicon
from build_scripts.config.glossary import DISCOVERED, Glossary, SloganEntry, free_slug
from build_scripts.slugs import slogan_slug

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


_NUMBER = re.compile(f"[{_NUMERALS}零〇万亿]+")  # 一九六三, 七万四千: a number, not a name


def _numbered_candidates(text: str, covered: Sequence[tuple[int, int]]) -> Iterator[tuple[str, int, int]]:
    """Unquoted numbered formulations in ``text`` outside the ``covered`` spans, with where they are."""

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in covered)

    for m in _NUM_GE.finditer(text):
        tail = m.group(2)
        if tail[0] in _MEASURE or tail.startswith(_COUNTED) or tail.endswith(_COUNTED) or _FUNCTION & set(tail):
            continue
        if free(*m.span()):
            yield m.group(0), *m.span()
    for pattern in (_NUM_BU, _NUM_PAIR, _NUM_FORMULA):
        for m in pattern.finditer(text):
            word = m.group(0)
            # 三年一次, 一天一报 count time; 四不两直 is fine, a 不 in last place is not a name
            if pattern is _NUM_PAIR and ((_MEASURE | _FUNCTION) & {word[1], word[3]} or word[3] == "不"):
                continue
            if _NUMBER.fullmatch(word) is None and free(*m.span()):
                yield word, *m.span()


@lru_cache(maxsize=1)
def established_words() -> frozenset[str]:
    """Words jieba's general dictionary knows that start with a numeral (一心一意, 三番五次).

    An unquoted numbered phrase that the general dictionary already lists is an established
    word or idiom, not a new formulation; slogans jieba happens to know (一国两制) are in
    the glossary and matched before discovery runs.
    """
    text = JIEBA_DICTIONARY.read_text(encoding="utf-8")
    return frozenset(re.findall(f"^([{_NUMERALS}][^ \n]{{1,5}}) ", text, flags=re.MULTILINE))


COMMON_FREQUENCY = 5  # a word jieba's dictionary counts at least this often is an established word


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words of two or more characters that jieba's general dictionary lists at least
    ``COMMON_FREQUENCY`` times (社会主义, 互联网, 一刀切): established words, which a speech may
    put in quotation marks now and then without making them new formulations (``index/slogans.py``)."""
    text = JIEBA_DICTIONARY.read_text(encoding="utf-8")
    return frozenset(
        w for w, f in re.findall(r"^(\S{2,}) (\d+)", text, flags=re.MULTILINE) if int(f) >= COMMON_FREQUENCY
    )


def quoted_terms(texts: Sequence[str], glossary: Glossary) -> list[frozenset[str]]:
    """Each text's quoted spans that look like a name (``reject_reason``) and that the glossary
    lacks: not already a form of an entry, holding no glossary form (a quotation around a known
    slogan is commentary on it)."""
    return list(map(quoted_finder(glossary), texts))


def quoted_finder(glossary: Glossary) -> Callable[[str], frozenset[str]]:
    """``quoted_terms`` of one text at a time (each span judged once)."""
    wanted = _wanted(glossary)
    judged: dict[str, bool] = {}

    def accepted(span: str) -> bool:
        if span not in judged:
            judged[span] = wanted(span) and reject_reason(span) is None
        return judged[span]

    return lambda text: frozenset(q for q in quoted_spans(text) if accepted(q))


def numbered_terms(
    texts: Sequence[str],
    glossary: Glossary,
    quoted: frozenset[str],
    established: Callable[[], frozenset[str]] = established_words,
    words: Callable[[], Lexicon] = lexicon,
) -> list[frozenset[str]]:
    """Each text's unquoted numbered formulations that the glossary lacks.

    Looked for outside the text's quotations (a quoted sentence, a poem or someone's words, is
    not the speaker's formulation) and outside the forms of the glossary and of the archive's
    ``quoted`` terms. Not kept: a number (一九六三), a piece cut out of a longer word (二十一世 of
    二十一世纪: its edges must be word boundaries of the keyword tokenizer's segmentation, with
    ``words``' vocabulary), and words jieba's dictionary lists (``established``): established
    words or idioms, not new formulations. Each of the two is called once, when a text needs it.
    """
    return list(map(NumberedFinder(glossary, quoted, established, words), texts)) if texts else []


class NumberedFinder:
    """``numbered_terms`` of one text at a time; ``load`` reads what the texts may need now
    (before forking workers, so that they share it instead of each reading it)."""

    def __init__(
        self,
        glossary: Glossary,
        quoted: frozenset[str],
        established: Callable[[], frozenset[str]] = established_words,
        words: Callable[[], Lexicon] = lexicon,
    ) -> None:
        self.wanted = _wanted(glossary)
        self.against = Glossary(glossary.entries + tuple(_draft(t) for t in sorted(quoted)))
        self.established, self.words = established, words
        self.known: frozenset[str] | None = None
        self.vocabulary: Lexicon | None = None

    def load(self) -> None:
        self.against.matcher  # noqa: B018 - compiled once, here
        self.known = self.established() if self.known is None else self.known
        self.vocabulary = self.words() if self.vocabulary is None else self.vocabulary

    def __call__(self, text: str) -> frozenset[str]:
        covered = self.against.matcher.spans(text) + _quotation_regions(text)
        spans = [(w, a, b) for w, a, b in _numbered_candidates(text, covered) if self.wanted(w)]
        if not spans:
            return frozenset()
        self.vocabulary = vocabulary = self.words() if self.vocabulary is None else self.vocabulary
        ends: dict[int, set[int]] = {}  # the text's word boundaries, by Han run
        whole = [
            w
            for w, a, b in spans
            if is_word(text, a, vocabulary, frozenset(), ends) and is_word(text, b, vocabulary, frozenset(), ends)
        ]
        self.known = self.established() if self.known is None else self.known
        return frozenset(whole) - self.known


def with_discoveries(glossary: Glossary, quoted: frozenset[str], numbered: Iterable[frozenset[str]]) -> Glossary:
    """``glossary`` plus a ``discovered`` entry for each term found: sorted by term, with slugs
    that collide with none before them. Spellings that the slogan index reads alike (兩個新, 两个新:
    ``analyse/fold.py``) are one term, named by the spelling with the fewest folded characters.

    >>> [e.term for e in with_discoveries(Glossary(()), frozenset({"兩個新", "两个新", "全覆盖"}), [])]
    ['两个新', '全覆盖']
    """
    spellings: dict[str, list[str]] = {}
    for found in sorted(quoted | frozenset().union(*numbered)):
        spellings.setdefault(spell(found), []).append(found)
    terms = sorted(min(written, key=lambda w: (_folded(w), w)) for written in spellings.values())
    taken = {e.slug for e in glossary.entries}
    new: list[SloganEntry] = []
    for term in terms:
        slug = free_slug(slogan_slug(term), taken)
        taken.add(slug)
        new.append(SloganEntry(term=term, slug=slug, category=DISCOVERED))
    return Glossary(glossary.entries + tuple(new))


def discover_terms(texts: Sequence[str], glossary: Glossary) -> Glossary:
    """``glossary`` plus a ``discovered`` entry for every new slogan-like term in ``texts``.

    ``texts`` is the whole archive, so a term discovered in one speech is counted in all:
    quoted names first (``quoted_terms``), then the numbered formulations found outside them
    (``numbered_terms``). A rebuild reuses what each unchanged text offered
    (``engine/incremental.py: discover``).
    """
    quoted = frozenset().union(*quoted_terms(texts, glossary))
    return with_discoveries(glossary, quoted, numbered_terms(texts, glossary, quoted))


def _wanted(glossary: Glossary) -> Callable[[str], bool]:
    """Whether a word is new to ``glossary``: not a form of an entry and holding none."""
    known = glossary.matcher.known
    return lambda word: glossary.entry_for(word) is None and (known is None or known.search(word) is None)


def _folded(word: str) -> int:
    """How many of ``word``'s characters the slogan index's folding changes."""
    return sum(a != b for a, b in zip(word, spell(word))) + len(word) - len(spell(word))


def _draft(term: str) -> SloganEntry:
    return SloganEntry(term=term, slug="", category=DISCOVERED)
