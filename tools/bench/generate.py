"""Generate a realistic synthetic corpus from real ones, deterministically (benchmarks, scale tests).

Each generated speech has a title naming a place, level, role, occasion and year, a salutation,
three or four numbered parts with lead-in sub-parts, and paragraphs recombined from the source
corpora's own sentences (the seeds and the development corpus: 112 real reports and speeches,
so the vocabulary and the slogans are real and varied), about ``chars`` characters in all.

A real archive keeps meeting new formulations as it grows: every county has its own (“三六八九”,
“1+9”, “五个保定”), used again and again in its speeches and nowhere else. So the speeches belong to
places (one for every ``SPEECHES_PER_PLACE`` speeches), each with a few formulations of its own,
made from the shapes real ones have and written, most of the time, in quotation marks; the
number of distinct slogans grows with N as an archive's does.

A real archive also repeats itself, but far less than a bag of reused sentences does: in the
development corpus (112 real texts) 2.4 passages per speech are shared with another speech. Drawing
every sentence whole from a pool of ~20,000 would share ~38 per speech at N = 1,000 and ~15 times as
many copies at 10,000 (each long sentence a "shared passage" of dozens of speeches). So only
``SHARED`` of the sentences are borrowed whole (the passages copied down from a higher document);
the others are recomposed from two to four clauses of different real sentences, so their words and
slogans are real and their sentences their own. The same ``(n, seed)`` always gives byte-identical
files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from build_scripts.analyse.structure import parse_document
from build_scripts.model import Document, Heading, Metadata, Occurrence, Paragraph, Source, Speech
from build_scripts.read.source import read_source

_PLACES = (
    ("县", "县委书记", "县委"),
    ("县", "县长", "县政府"),
    ("县", "县委副书记", "县委"),
    ("市", "市委书记", "市委"),
    ("市", "市长", "市政府"),
    ("区", "区委书记", "区委"),
    ("省", "省委书记", "省委"),
    ("乡镇", "镇党委书记", "镇党委"),
)
_OCCASIONS = (
    "全体会议",
    "经济工作会议",
    "领导干部会议",
    "理论学习中心组学习会",
    "党风廉政建设工作会议",
    "项目建设推进会",
    "安全生产工作会议",
    "乡村振兴工作会议",
    "优化营商环境大会",
    "三级干部大会",
)
_NUMS = "一二三四五六七八九十"
_SENTENCE = re.compile(r"[^。！？]+[。！？]")


def harvest(corpus: Path) -> tuple[list[str], list[str]]:
    """Sentences and part headings of every speech in ``corpus`` (unreadable files are skipped)."""
    sentences: list[str] = []
    headings: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        doc = parse_document(read_source(path).text)
        for block in doc.blocks:
            if isinstance(block, Heading):
                headings.append(re.sub(r"^[^、，,）)]{1,4}[、，,）)]|^[一二三四五六七八九十]+[是要]", "", block.text))
            else:
                sentences.extend(s for s in _SENTENCE.findall(block.text) if len(s) >= 8)
    return sentences, [h for h in headings if len(h) >= 4]


def clauses_of(sentences: Sequence[str]) -> list[str]:
    """The clauses of ``sentences`` (split at ， and ； outside quotation marks), 6 characters or more.

    >>> clauses_of(["坚持“稳中求进，以进促稳”工作总基调，推动高质量发展。"])
    ['坚持“稳中求进，以进促稳”工作总基调', '推动高质量发展']
    """
    out: list[str] = []
    for sentence in sentences:
        depth, start = 0, 0
        for i, ch in enumerate(sentence):
            depth += (ch in "“（(") - (ch in "”）)")
            if depth <= 0 and ch in "，；。！？":
                part = sentence[start:i]
                if len(part) >= 6 and part.count("“") == part.count("”"):
                    out.append(part)
                start, depth = i + 1, 0
    return out


SHARED = 0.05  # of a generated speech's sentences, the share borrowed whole from a real text
SPEECHES_PER_PLACE = 25
_NAME = "安宁平丰和兴泰华新阳春德清江山东西南北广福长永盛荣远云青明林水泉石城河川乐康嘉昌"
_VERBS = "创建抓强优促保提融聚兴稳增拓转改治"
_THINGS = "城园业链心廊区带核环谷港"
_CN = "一二三四五六七八九十"
_SAYINGS = (
    "深入推进“{f}”，确保各项任务落地见效。",
    "坚持以“{f}”为统领，统筹推进各项事业。",
    "全面落实{p}“{f}”部署，奋力开创新局面。",
    "围绕{f}目标，扎实推进各项工作。",
    "大力实施“{f}”战略，加快高质量发展步伐。",
)


def place_formulations(rng: random.Random) -> tuple[str, ...]:
    """Three formulations of one place, in the shapes real ones have: 三创四建, 五个X城, 1+6."""
    a, b = rng.sample(range(10), 2)
    return (
        f"{_CN[a]}{rng.choice(_VERBS)}{_CN[b]}{rng.choice(_VERBS)}",
        f"{_CN[rng.randrange(2, 9)]}个{rng.choice(_NAME)}{rng.choice(_THINGS)}",
        f"{rng.randrange(1, 4)}+{rng.randrange(2, 10)}",
    )


def generate_speech(
    rng: random.Random,
    sentences: Sequence[str],
    headings: Sequence[str],
    chars: int,
    place: str = "",
    own: Sequence[str] = (),
    clauses: Sequence[str] = (),
) -> str:
    """One speech; ``place`` and its ``own`` formulations (``place_formulations``), if given; with
    ``clauses`` (``clauses_of``), all but ``SHARED`` of its sentences are recomposed from them."""
    level, role, body = rng.choice(_PLACES)
    occasion = rng.choice(_OCCASIONS)
    year = rng.randint(2013, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    scope = {"县": "全县", "市": "全市", "区": "全区", "省": "全省", "乡镇": "全镇"}[level]
    lines = [f"{place}{role}在{year}年{scope}{occasion}上的讲话", f"（{year}年{month}月{day}日）", "同志们："]

    unit = {"乡镇": "镇"}.get(level, level)
    superiors = {"县": "省委、市委", "区": "省委、市委", "市": "省委", "省": "党中央", "乡镇": "县委"}[level]

    def localise(sentence: str) -> str:
        """Make a borrowed sentence speak for this speech's own unit and superiors."""
        sentence = sentence.replace("省委、市委", superiors)
        return re.sub(
            r"(全|我|本)县|县(委|直|政府)", lambda m: (m.group(1) or "") + unit + (m.group(2) or ""), sentence
        )

    def sentence() -> str:
        """A real sentence whole (``SHARED`` of the time), or one recomposed from real clauses."""
        if rng.random() < SHARED or not clauses:
            return rng.choice(sentences)
        return "，".join(rng.choice(clauses) for _ in range(rng.randint(2, 4))) + "。"

    def paragraph() -> str:
        said = [localise(sentence()) for _ in range(rng.randint(3, 7))]
        if own and rng.random() < 0.3:  # the place's own formulations, quoted most of the time
            saying = rng.choice(_SAYINGS).format(f=rng.choice(own), p=place)
            said.insert(
                rng.randrange(len(said) + 1), saying if rng.random() < 0.8 else saying.replace("“", "").replace("”", "")
            )
        return "".join(said)

    lines.append(f"今天，我们召开{body}{occasion}，主要任务是总结工作、部署任务。" + paragraph())
    parts = rng.randint(3, 4)
    for i in range(parts):
        lines.append(f"{_NUMS[i]}、{rng.choice(headings)}")
        for j in range(rng.randint(2, 3)):
            lines.append(f"{_NUMS[j]}是{rng.choice(headings).rstrip('。')}。" + paragraph())
    lines.append("同志们，" + paragraph())
    text = "\n".join(lines)
    while len(text) < chars:
        extra = paragraph()
        lines.insert(-1, extra)
        text = "\n".join(lines)
    return text + "\n"


def generate_corpus(
    n: int, out: Path, source: Path | Sequence[Path], seed: int = 20221016, chars: int = 5000
) -> list[Path]:
    """Write ``n`` speeches into ``out`` (created), from the sentences of the ``source`` folder(s);
    return their paths."""
    sentences: list[str] = []
    headings: list[str] = []
    for folder in [source] if isinstance(source, Path) else source:
        more, heads = harvest(folder)
        sentences += more
        headings += heads
    clauses = clauses_of(sentences)
    rng = random.Random(seed)
    places = [(f"{_NAME[i % len(_NAME)]}{_NAME[(i * 7 + 3) % len(_NAME)]}县", place_formulations(rng))
              for i in range(max(1, n // SPEECHES_PER_PLACE))]  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        place, own = places[rng.randrange(len(places))]
        path = out / f"gen_{i:05d}.txt"
        path.write_text(generate_speech(rng, sentences, headings, chars, place, own, clauses), encoding="utf-8")
        paths.append(path)
    return paths


def zipf_archive(n: int, seed: int = 7) -> list[Speech]:
    """``n`` analysed speeches whose slogans and keywords follow a Zipf law (as the genre's do):
    what finding related speeches reads, without the texts."""
    rng = random.Random(seed)
    slogans = [f"提法{i}" for i in range(300)]
    words = [f"词{i}" for i in range(3000)]
    sw = [1 / (i + 1) for i in range(len(slogans))]
    kw = [1 / (i + 1) ** 0.8 for i in range(len(words))]
    doc = Document(title="讲话", blocks=(Paragraph(1, "今天开会。"),))
    return [
        Speech(
            source=Source(id=f"z{i:05d}", name=f"z{i:05d}.txt", sha256="", encoding="utf-8", text=""),
            doc=doc,
            title=f"讲话{i}",
            title_inferred=False,
            meta=Metadata(
                date=f"{rng.randint(2013, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                keywords=tuple(dict.fromkeys(rng.choices(words, kw, k=10))),
            ),
            occurrences=tuple(Occurrence(t, t, "p1", 0, 1) for t in dict.fromkeys(rng.choices(slogans, sw, k=20))),
        )
        for i in range(n)
    ]
