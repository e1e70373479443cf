"""Each speech's candidate terms and their counts: what keyword ranking (``index/keywords.py``) reads.

Tokenisation is forward maximum matching over jieba's dictionary (read through a
dedicated ``jieba.Tokenizer()``, never the global one) plus the genre's own terms
(``GENRE_WORDS``, and whatever the caller adds: slogans, theme keywords). It agrees
with ``jieba.cut(HMM=False)`` on about 97% of multi-character tokens of the seed
speeches and runs about ten times faster (roughly 3 million characters a second on
one core), so 10,000 speeches of 5,000 characters take seconds, not minutes. The
pipeline counts each speech's terms once (in parallel, cached per speech).

A term is a candidate when it has two or more Han characters, is a noun-like word
of the dictionary (nouns, verbal nouns, idioms, abbreviations) or a genre term, and
is not in the genre's stop-word list ``build_scripts/data/stopwords.txt`` (要、工作、发展、
全县 …).
"""

from __future__ import annotations

import marshal
import re
from collections import Counter
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import jieba
import numpy as np

STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "stopwords.txt"
# jieba's general dictionary (word, frequency, part of speech a line): read for established words
# (index/discovery.py) and for place names that are words too (places.word_like).
JIEBA_DICTIONARY = Path(jieba.__file__).parent / "dict.txt"

# Terms of the genre that jieba's 2013 dictionary lacks (it would split them).
GENRE_WORDS: tuple[str, ...] = (
    "疫情防控",
    "安全生产",
    "乡村振兴",
    "营商环境",
    "脱贫攻坚",
    "项目建设",
    "招大引强",
    "精准招商",
    "高质量发展",
    "新发展理念",
    "新发展格局",
    "两个确立",
    "两个维护",
    "四个意识",
    "四个自信",
    "三严三实",
    "六稳",
    "六保",
    "放管服",
    "国之大者",
    "二十大",
    "十九大",
    "全会精神",
    "第一议题",
    "主题教育",
    "党史学习教育",
    "民生工程",
    "民生实事",
    "老旧小区",
    "棚户区改造",
    "河长制",
    "林长制",
    "碳达峰",
    "碳中和",
    "专精特新",
    "链主企业",
    "县域经济",
    "数字经济",
    "实体经济",
    "市场主体",
    "要素保障",
    "招商引资",
    "全面从严治党",
    "正风肃纪",
    "政治生态",
    "基层党组织",
    "党员干部",
    "干部队伍",
    "选人用人",
    "三会一课",
    "信访维稳",
    "社会治理",
    "扫黑除恶",
    "动态清零",
    "外防输入",
    "内防反弹",
    "核酸检测",
    "落地检",
    "巩固拓展脱贫攻坚成果",
    "防返贫",
    "村集体经济",
    "人居环境",
    "生态文明",
    "绿色发展",
    "绿水青山",
    "金山银山",
    "污染防治",
    "共同富裕",
    "中国式现代化",
    "新质生产力",
    "数字化转型",
    "智能制造",
    "新能源",
    "光伏发电",
    "技改项目",
    "亩均论英雄",
    "一线工作法",
    "担当作为",
    "真抓实干",
    "形式主义",
    "官僚主义",
    "八项规定",
    "急难愁盼",
    "获得感",
    "幸福感",
    "安全感",
    "全域旅游",
    "文明城市",
    "城市更新",
    "新型城镇化",
    "涉农资金",
    "粮食安全",
    "防风险",
    "底线思维",
    "斗争精神",
    "政治站位",
    "政治判断力",
    "政治领悟力",
    "政治执行力",
    "首要政治任务",
    "理论中心组",
    "读书班",
    "经济运行",
    "主要经济指标",
    "地区生产总值",
    "财政收入",
    "固定资产投资",
    "招才引智",
    "人才强县",
    "科技强县",
    "教育强县",
    "生态立县",
    "产业强县",
    "工业强县",
    "百日攻坚",
    "旅发大会",
    "债务风险",
    "金融风险",
    "简政放权",
    "体制机制",
    "国资国企",
    "先行先试",
    "容错免责",
    "督查问效",
    "中梗阻",
    "大安全大应急",
    "新安全格局",
    "平安中国",
    "全过程人民民主",
    "统战工作",
    "群团组织",
    "自我革命",
    "反腐败斗争",
)
_POS_OK = re.compile(r"^(?:n|vn|nz|nt|ns|l|j)(?![a-z])|^n[gl]?$")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The genre's stop words (one a line; ``#`` starts a comment)."""
    words = set()
    for line in STOPWORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.update(line.split())
    return frozenset(words)


def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """``(segmentation vocabulary, noun-like candidates)`` from jieba's dictionary, 2–4 Han characters."""
    vocab: set[str] = set()
    nouns: set[str] = set()
    with jieba.Tokenizer().get_dict_file() as f:  # a dedicated instance: only its dictionary is read
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) < 2:
                continue
            word = parts[0]
            if not (2 <= len(word) <= 4) or not _HAN_WORD.match(word) or int(parts[1]) < 2:
                continue
            vocab.add(word)
            if len(parts) > 2 and _POS_OK.match(parts[2]):
                nouns.add(word)
    return frozenset(vocab), frozenset(nouns)


@dataclass(frozen=True)
class Lexicon:
    """What the tokenizer and counter read, for one set of extra words (``lexicon(extra)``)."""

    extra: tuple[str, ...]
    vocab: frozenset[str]  # the segmentation vocabulary
    long_by_prefix: dict[str, tuple[int, ...]]  # lengths over four to try, by a genre term's first two characters
    terms: tuple[str, ...]  # the candidate terms in code-point order: a term's id is its place here

    @cached_property
    def ids(self) -> dict[str, int]:
        """Term → id; made when a text is counted (ranking cached counts needs only ``terms``)."""
        return dict(zip(self.terms, range(len(self.terms))))

    def __reduce__(self) -> tuple[object, ...]:
        # Without ``ids``, and in ``marshal``'s format: read back in 50 ms instead of pickle's 85 (330,000 words).
        return (_unmarshal, (marshal.dumps((self.extra, self.vocab, self.long_by_prefix, self.terms)),))


def _unmarshal(data: bytes) -> Lexicon:
    return Lexicon(*marshal.loads(data))


def lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The lexicon for ``extra``: jieba's dictionary (read each time: half a second, 70 MB while
    held) with the genre's terms and ``extra`` added. The pipeline keeps it in its cache
    (``engine/incremental.py: keyword_lexicon``) and lets it go once every speech is counted."""
    vocab, nouns = _dictionary()
    genre = {w for w in (*GENRE_WORDS, *extra) if _HAN_WORD.match(w)}
    long_by_prefix: dict[str, set[int]] = {}
    for word in genre:
        if len(word) > 4:
            long_by_prefix.setdefault(word[:2], set()).add(len(word))
    return Lexicon(
        extra,
        vocab | genre,
        {k: tuple(sorted(v, reverse=True)) for k, v in long_by_prefix.items()},
        tuple(sorted((nouns | genre) - stopwords())),
    )


def tokenize(text: str, lex: Lexicon) -> list[str]:
    """Words of two or more Han characters by forward maximum matching (single characters dropped).

    >>> tokenize("坚持招商引资和营商环境，推进乡村振兴", lexicon())
    ['坚持', '招商引资', '营商环境', '推进', '乡村振兴']
    """
    vocab, long_by_prefix = lex.vocab, lex.long_by_prefix
    out: list[str] = []
    append = out.append
    for run in _HAN.findall(text):
        i, n = 0, len(run)
        while i < n - 1:
            longs = long_by_prefix.get(run[i : i + 2])
            if longs:  # a genre term longer than four characters starts here
                word = next((run[i : i + size] for size in longs if run[i : i + size] in vocab), "")
                if len(word) > 4:
                    append(word)
                    i += len(word)
                    continue
            # Slices past the end of the run are shorter: still words if in the vocabulary.
            word = run[i : i + 4]
            if word not in vocab:
                word = run[i : i + 3]
                if word not in vocab:
                    word = run[i : i + 2]
                    if word not in vocab:
                        i += 1
                        continue
            append(word)
            i += len(word)
    return out


def word_ends(run: str, lex: Lexicon, skip: Container[str] = ()) -> set[int]:
    """Where ``tokenize``'s words end in ``run`` (a run of Han characters), and the single
    characters it steps over: the word boundaries of the same forward maximum matching, 0 included.
    Words in ``skip`` are not taken (a discovered slogan must not vouch for its own boundaries).

    >>> sorted(word_ends("做好工作", lexicon()))
    [0, 2, 4]
    >>> sorted(word_ends("二十一世纪", lexicon(("二十一世",)), skip={"二十一世"}))
    [0, 3, 5]
    """
    vocab, long_by_prefix = lex.vocab, lex.long_by_prefix
    ends = {0}
    i, n = 0, len(run)
    while i < n:
        size = 1
        longs = long_by_prefix.get(run[i : i + 2])
        if longs:  # a genre term longer than four characters starts here
            found = (k for k in longs if len(w := run[i : i + k]) == k > 4 and w in vocab and w not in skip)
            size = next(found, 1)
        if size == 1:
            for k in (4, 3, 2):
                word = run[i : i + k]
                if len(word) == k and word in vocab and word not in skip:
                    size = k
                    break
        i += size
        ends.add(i)
    return ends


def term_counts(text: str, lex: Lexicon) -> Counter[str]:
    """Candidate terms of one text with their counts."""
    return Counter(filter(lex.ids.__contains__, tokenize(text, lex)))


def count_terms(text: str, lex: Lexicon) -> bytes:
    """``term_counts`` packed: (id in ``lex.terms``, count) as uint32 pairs, ids ascending.

    Eight bytes a term instead of a dictionary entry and a string (about 50): at 10,000
    speeches the counts are held, sent between processes and cached, 270 MB as dictionaries.

    >>> np.frombuffer(count_terms("营商环境，招商引资，招商引资", lexicon()), np.uint32).reshape(-1, 2)[:, 1].tolist()
    [2, 1]
    """
    ids = lex.ids
    pairs = sorted((ids[w], n) for w, n in term_counts(text, lex).items())
    return np.array(pairs, dtype=np.uint32).reshape(-1, 2).tobytes()


def keyword_extra(words: Iterable[str]) -> tuple[str, ...]:
    """The glossary's terms that the tokenizer should keep whole (2–8 Han characters), sorted."""
    return tuple(sorted({w for w in words if _HAN_WORD.match(w)}))
