"""Timings of single algorithms, each against its limit: run by ``make bench`` (never by the tests,
whose machine's load is not the code's speed).

- parsing one 200,000-character line (a file without line breaks) in under 5 s;
- keywords of 400 texts of 5,000 characters (2 million) in under 8 s, jieba's dictionary read;
- related speeches of 4,000 speeches in under 8 s, and 8× the speeches in under 20× the time
  (all pairs would be 64×).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_scripts.analyse.structure import parse_document
from build_scripts.index import keywords as kw
from build_scripts.index.browse import related_speeches
from build_scripts.read.source import read_source
from tools.bench.generate import zipf_archive


@dataclass(frozen=True)
class Timing:
    """One algorithm's time, and whether it is within its limit."""

    what: str
    seconds: float
    limit: str
    passed: bool


def _seconds(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(corpus: Path) -> tuple[Timing, ...]:
    """Every timing; ``corpus``: the seed speeches the texts are cut from."""
    sentence = "我们要坚持以人民为中心的发展思想，推动高质量发展。"
    line = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    parse = _seconds(lambda: parse_document(line))
    base = "".join(read_source(p).text for p in sorted(corpus.glob("*.txt")))
    texts = [base[i % 1000 : i % 1000 + 5000] for i in range(400)]
    words = _seconds(lambda: kw.compute_keywords(texts))
    small, large = zipf_archive(500, seed=1), zipf_archive(4000, seed=1)
    few, many = _seconds(lambda: related_speeches(small)), _seconds(lambda: related_speeches(large))
    return (
        Timing("parse one 200,000-character line", parse, "< 5 s", parse < 5),
        Timing("keywords of 400 × 5,000 characters (dictionary read)", words, "< 8 s", words < 8),
        Timing("related speeches of 4,000", many, "< 8 s", many < 8),
        Timing(
            f"related: 4,000 / 500 speeches ({few:.2f} s)", many / max(few, 1e-3), "< 20×", many / max(few, 1e-3) < 20
        ),
    )
