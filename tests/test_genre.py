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


def test_a_hard_wrapped_export_gets_its_paragraphs_back() -> None:
    """g121 is cut every 33 characters, with page numbers between the lines of a paragraph: the
    paragraphs are whole again (a phrase cut by a line end is in one block, so search finds it),
    the headings stay headings and the page numbers are listed as removed."""
    doc = parse_document(read_source(ROOT / "tests" / "genre" / "texts" / "g121.txt").text)
    texts = [b.text for b in doc.blocks]
    assert any("深入学习贯彻上级组织工作会议精神" in t for t in texts)  # cut after 精 in the file
    assert any("人才工作取得新的进展，为全县经济社会发展" in t for t in texts)  # cut by the page's end
    assert [h.text for h in doc.headings] == ["一、充分肯定去年的工作", "二、聚焦今年的重点任务"]
    assert [p.text[-1] for p in doc.paragraphs[3:]] == ["。", "。", "。"] and len(doc.paragraphs) == 6
    assert set(doc.removed) == {"— 1 —", "— 2 —"}


@pytest.mark.parametrize("joint", ["", "\u3000\u3000", " "], ids=["nothing", "indent", "space"])
def test_no_character_is_lost_when_the_line_ends_are(joint: str) -> None:
    """Every text with its line ends lost (a scraper's one-line field; ``tests/mutate.py: flatten``)
    is split back into lines at its head and paragraphs, and keeps every character."""
    for path in TEXTS:
        text = joint.join(line.strip() for line in read_source(path).text.split("\n") if line.strip())
        assert not lost(text), path.stem
