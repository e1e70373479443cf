"""The genre cases (tests/genre/) and the mutated development corpus (tests/mutate.py): the rules
hold on layouts and genres they were not fitted to, and no character is lost on any of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from build_scripts.analyse.structure import parse_document
from build_scripts.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "tests" / "devcorpus" / "texts").glob("*.txt")) + sorted(
    (ROOT / "tests" / "genre" / "texts").glob("*.txt")
)
_STRIP = str.maketrans("", "", " \t\n\u3000\xa0\ufeff\u200b\u200c\u200d\u2060")  # line-edge spacing (structure._WS)


def lost(text: str) -> Counter[str]:
    """The non-space characters of ``text`` that are in neither the title line, a block nor a removed line."""
    doc = parse_document(text)
    shown = "".join([doc.title_line or doc.title or "", *(b.text for b in doc.blocks), *doc.removed])
    return Counter(text.translate(_STRIP)) - Counter(shown.translate(_STRIP))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_no_character_is_lost(path: Path) -> None:
    assert not lost(read_source(path).text)
