"""Generate a realistic synthetic corpus from a real one, deterministically (benchmarks, scale tests).

Each generated speech has a title naming a level, role, occasion and year, a
salutation, three or four numbered parts with lead-in sub-parts, and paragraphs
recombined from the source corpus's own sentences, about ``chars`` characters in
all. The same ``(n, seed)`` always gives byte-identical files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from build_scripts.analyse.structure import parse_document
from build_scripts.model import Heading
from build_scripts.read.source import read_source

_PLACES = (("县", "县委书记", "县委"), ("县", "县长", "县政府"), ("县", "县委副书记", "县委"),
           ("市", "市委书记", "市委"), ("市", "市长", "市政府"), ("区", "区委书记", "区委"),
           ("省", "省委书记", "省委"), ("乡镇", "镇党委书记", "镇党委"))
_OCCASIONS = ("全体会议", "经济工作会议", "领导干部会议", "理论学习中心组学习会", "党风廉政建设工作会议",
              "项目建设推进会", "安全生产工作会议", "乡村振兴工作会议", "优化营商环境大会", "三级干部大会")
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


def generate_speech(rng: random.Random, sentences: Sequence[str], headings: Sequence[str], chars: int) -> str:
    level, role, body = rng.choice(_PLACES)
    occasion = rng.choice(_OCCASIONS)
    year = rng.randint(2013, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    scope = {"县": "全县", "市": "全市", "区": "全区", "省": "全省", "乡镇": "全镇"}[level]
    lines = [f"{role}在{year}年{scope}{occasion}上的讲话", f"（{year}年{month}月{day}日）", "同志们："]

    unit = {"乡镇": "镇"}.get(level, level)
    superiors = {"县": "省委、市委", "区": "省委、市委", "市": "省委", "省": "党中央", "乡镇": "县委"}[level]

    def localise(sentence: str) -> str:
        """Make a borrowed sentence speak for this speech's own unit and superiors."""
        sentence = sentence.replace("省委、市委", superiors)
        return re.sub(r"(全|我|本)县|县(委|直|政府)", lambda m: (m.group(1) or "") + unit + (m.group(2) or ""), sentence)

    def paragraph() -> str:
        return "".join(localise(rng.choice(sentences)) for _ in range(rng.randint(3, 7)))

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


def generate_corpus(n: int, out: Path, source: Path, seed: int = 20221016, chars: int = 5000) -> list[Path]:
    """Write ``n`` speeches into ``out`` (created); return their paths."""
    sentences, headings = harvest(source)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"gen_{i:05d}.txt"
        path.write_text(generate_speech(rng, sentences, headings, chars), encoding="utf-8")
        paths.append(path)
    return paths
