"""Structure: title, headings of every style the genre uses, paragraphs; no character lost or added."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from build_scripts.analyse.structure import parse_document
from build_scripts.model import Heading, Paragraph


def outline(text: str) -> list[tuple[str, str, int | None]]:
    doc = parse_document(text)
    return [(b.anchor, b.text, b.level if isinstance(b, Heading) else None) for b in doc.blocks]


def test_title_line_and_salutation() -> None:
    doc = parse_document("在县委全会上的总结讲话\n\n同志们：\n经过大家的共同努力，这次全会开得很好。\n")
    assert doc.title == "在县委全会上的总结讲话"
    assert [(b.anchor, b.text) for b in doc.blocks] == [
        ("p1", "同志们："),
        ("p2", "经过大家的共同努力，这次全会开得很好。"),
    ]


def test_no_title_when_the_text_starts_with_the_salutation() -> None:
    assert parse_document("同志们：\n10月16日至22日，党的二十大在北京胜利召开。\n").title is None


def test_no_title_when_the_first_line_is_a_sentence() -> None:
    assert parse_document("党的二十大是一次高举旗帜、凝聚力量的大会。\n").title is None


def test_subtitle_is_split_from_the_title_and_kept_as_its_block() -> None:
    doc = parse_document("凝心聚力　奋勇争先\n——在全县三级干部大会上的讲话\n同志们：\n")
    assert doc.title == "凝心聚力　奋勇争先"
    assert doc.subtitle == Paragraph(1, "——在全县三级干部大会上的讲话") == doc.blocks[0]


def test_heading_glued_to_its_first_sentence_is_split_without_losing_text() -> None:
    line = "第一，旗帜鲜明讲政治，牢牢把握抓落实的正确方向。市县的工作主要是抓好落实。"
    assert outline("标题\n" + line) == [
        ("s1", "第一，旗帜鲜明讲政治，牢牢把握抓落实的正确方向。", 2),
        ("p1", "市县的工作主要是抓好落实。", None),
    ]


def test_levels_follow_the_styles_the_speech_uses() -> None:
    text = "\n".join(
        ["讲话", "一、讲政治", "（一）抓学习。要学。", "1.读原著。要读。", "一是早读。每天读。", "二、抓发展"]
    )
    assert [(a, lvl) for a, _, lvl in outline(text) if lvl] == [("s1", 2), ("s2", 3), ("s3", 4), ("s4", 5), ("s5", 2)]


def test_top_parts_in_parentheses_still_get_level_two() -> None:
    assert [lvl for _, _, lvl in outline("讲话\n（一）抓学习\n（二）抓落实") if lvl] == [2, 2]


def test_lead_in_enumeration_inside_a_long_sentence_is_not_a_heading() -> None:
    line = "一是加强学习，二是加强调研，三是加强督查，确保各项部署落地见效，推动全县工作再上新台阶，取得更大成绩。"
    assert outline("讲话\n" + line) == [("p1", line, None)]


def test_paragraphs_are_numbered_in_reading_order_headings_not_counted() -> None:
    doc = parse_document("讲话\n同志们：\n一、抓落实\n第一段。\n二、抓发展\n第二段。")
    assert [p.anchor for p in doc.paragraphs] == ["p1", "p2", "p3"]
    assert [h.anchor for h in doc.headings] == ["s1", "s2"]


def test_every_character_survives_in_order() -> None:
    text = "讲话标题\n同志们：\n一、**同志讲了XX的事。<script>alert(1)</script>\n{{ x }} | # [a](b) `c` _d_\n"
    doc = parse_document(text)
    kept = (doc.title or "") + "".join(b.text for b in doc.blocks)
    assert kept == text.replace("\n", "")


def test_one_long_line_of_200000_characters_keeps_every_character() -> None:
    """How fast it parses is ``make bench``'s (``tools/bench/micro.py``)."""
    sentence = "我们要坚持以人民为中心的发展思想，推动高质量发展。"
    text = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    doc = parse_document(text)
    assert sum(len(b.text) for b in doc.blocks) + len(doc.title or "") == 200_000
    assert isinstance(doc.blocks[0], Paragraph)


def test_scraped_single_line_splits_at_indentation_runs() -> None:
    body = "同志们：　　今天召开会议。" + "这是很长的一段话。" * 300 + "　　第二段开始了。"
    doc = parse_document(body)
    assert [p.text[:6] for p in doc.paragraphs] == ["同志们：", "今天召开会议", "第二段开始了"]
    assert "".join(p.text for p in doc.paragraphs) == body.replace("　　", "")


# --- real files' structure: labelled cases (tests/cases/structure.yml) -------------------------

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "structure.yml").read_text(encoding="utf-8"))


def _params() -> list[object]:
    out: list[object] = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        out.append(pytest.param(case, id=case["name"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_structure_case(case: dict) -> None:
    doc = parse_document(case["text"])
    if "title" in case:
        assert doc.title == case["title"]
    if "title_line" in case:
        assert doc.title_line == case["title_line"]
    if "subtitle" in case:
        assert (doc.subtitle.text if doc.subtitle else None) == case["subtitle"]
        if doc.subtitle:
            assert doc.subtitle in doc.blocks  # named, and kept as the block it is
    if "page_heading" in case:
        assert doc.page_heading == case["page_heading"]
    if "header" in case:
        assert [list(f) for f in doc.header] == case["header"]
    if "removed" in case:
        assert list(doc.removed) == case["removed"]
    if "first_block" in case:
        assert doc.blocks[0].text == case["first_block"]
    for line in case.get("kept", []):
        assert any(b.text == line for b in doc.blocks), line


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("xfail")], ids=lambda c: c["name"])
def test_no_character_is_lost(case: dict) -> None:
    """Every non-space character of the text is in the title line, a block or a removed line."""
    doc = parse_document(case["text"])
    shown = "".join([doc.title_line or doc.title or "", *(b.text for b in doc.blocks), *doc.removed])
    source = case["text"]
    strip = str.maketrans("", "", " \t\n\u3000\xa0")
    assert not Counter(source.translate(strip)) - Counter(shown.translate(strip))
    assert doc.title is None or len(doc.title) <= 60


def test_a_saved_pages_title_tag_above_the_title_it_repeats_is_the_pages() -> None:
    """html_text keeps <title> as the first line; above an h1 that repeats it (less the site's name)
    it is listed as removed, not shown as the speech's first paragraph."""
    from build_scripts.read.source import html_text

    page = (
        "<html><head><title>在全县大会上的讲话 - 某县新闻网</title></head><body><h1>在全县大会上的讲话</h1>"
        "<p>同志们：</p><p>今天开会。</p></body></html>"
    )
    doc = parse_document(html_text(page)[0])
    assert doc.title == "在全县大会上的讲话"
    assert [b.text for b in doc.blocks] == ["同志们：", "今天开会。"]
    assert doc.removed == ("在全县大会上的讲话 - 某县新闻网",)
