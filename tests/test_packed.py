"""Packed blocks give back every document's blocks exactly, whatever the characters and counts; a
forked reader of pickled values copies nothing of them."""

from __future__ import annotations

import gc
import multiprocessing
import random
from collections.abc import Mapping
from pathlib import Path

import pytest

from build_scripts.engine import packed
from build_scripts.engine.pool import beside, settle
from build_scripts.model import Document, Heading, Paragraph


def _doc(rng: random.Random, k: int) -> Document:
    alphabet = "两个确立，。“”\n\t <>&#|{}*X𠀀𡈽😀\u200b\x00"  # astral, control and markup characters too
    blocks: list[Heading | Paragraph] = []
    for n in range(rng.randrange(0, 6)):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        if rng.random() < 0.3:
            blocks.append(Heading(text, 2, f"s{k}-{n}", "一、"))
        else:
            blocks.append(Paragraph(n + 1, text))
    return Document(None, tuple(blocks))


def test_every_document_comes_back_block_for_block() -> None:
    rng = random.Random(7)
    docs = [_doc(rng, k) for k in range(2 * packed.SPEECHES_PER_STRING + 3)]  # three strings, the last short
    pack = packed.pack(docs)
    assert len(pack.strings) == 3 and len(pack) == len(docs)
    for i, doc in enumerate(docs):
        assert pack.blocks(i) == doc.anchored_texts()
    assert any(not d.blocks for d in docs) and any(max(map(ord, s)) > 0xFFFF for s in pack.strings)


def test_nothing_to_pack() -> None:
    assert len(packed.pack([])) == 0


def _private_mb() -> float:
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        return sum(int(line.split()[1]) for line in f if line.startswith("Private_")) / 1024


@pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists() or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs Linux's fork and smaps",
)
def test_a_forked_reader_copies_objects_but_not_pickled_values() -> None:
    """What ``Pickled`` is for: a forked process that reads every value copies the memory pages of
    the objects it reads (their reference counts are written), but not those of one pickled buffer."""
    rng = random.Random(3)
    values = [[f"{rng.random()}两个确立" for _ in range(200)] for _ in range(2000)]  # ~60 MB of small objects
    plain = {str(i): v for i, v in enumerate(values)}
    pickled = packed.Pickled(plain.items())
    del values
    settle()

    def copied(mapping: Mapping[str, list[str]]) -> float:
        before = _private_mb()
        assert sum(1 for k in mapping for text in mapping[k] if text) == 2000 * 200  # every string read
        return _private_mb() - before

    try:
        by_objects = beside(copied, plain)()
        by_pickles = beside(copied, pickled)()
    finally:
        gc.unfreeze()
    assert by_objects > 20, by_objects  # the objects' pages were copied
    assert by_pickles < by_objects / 4, (by_pickles, by_objects)
