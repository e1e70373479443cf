"""Packed blocks give back every document's blocks exactly, whatever the characters and counts."""

from __future__ import annotations

import random

from build_scripts.engine import packed
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
