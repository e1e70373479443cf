"""Faithful rendering: hostile or odd speech text comes out of Markdown as the same text, never as markup."""

from __future__ import annotations

import html.parser
import re

import markdown
import pytest
import yaml

from build_scripts.analyse.structure import parse_document
from build_scripts.model import Metadata, Occurrence, Source, Speech
from build_scripts.render.speech import render_speech

HOSTILE = [
    "**某某**同志和XX局长出席。",
    "<script>window.__pwned = 1</script>不能执行。",
    "{{ config.site_name }} 与 {% raw %} 都是文字。",
    "# 不是标题 | 也不是表格 | 对吧",
    "[链接](http://example.com) 与 ![图](x.png) 与 `代码` 与 _斜体_ 与 *星号*",
    "a < b && c > d &amp; &#42; \\* ~~删~~ ==高亮== ^^上^^",
    "1. 不是列表\n- 也不是列表",
    "<!-- 注释 --> <img src=x onerror=alert(1)>",
]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a" and ("class", "headerlink archive-plink") in attrs:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data != "¶":
            self.parts.append(data)


def _speech(text: str, occurrences: tuple[Occurrence, ...] = ()) -> Speech:
    doc = parse_document(text)
    source = Source(id="x", name="x.txt", sha256="0" * 64, encoding="utf-8", text=text)
    return Speech(
        source=source,
        doc=doc,
        title=doc.title or "推断标题",
        title_inferred=doc.title is None,
        meta=Metadata(),
        occurrences=occurrences,
    )


def _to_html(page: str) -> str:
    body = page.split("---\n", 2)[2]
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    return md.convert(body)


@pytest.mark.parametrize("line", HOSTILE)
def test_hostile_text_renders_as_text(line: str) -> None:
    text = "标题\n" + line
    html = _to_html(render_speech(_speech(text), {}))
    parser = _Text()
    parser.feed(html)
    visible = re.sub(r"\s+", "", "".join(parser.parts))
    assert re.sub(r"\s+", "", line) in visible
    assert "script" not in parser.tags and "img" not in parser.tags and "em" not in parser.tags
    assert "strong" not in parser.tags and "code" not in parser.tags and "table" not in parser.tags


def test_front_matter_is_valid_yaml_with_the_contract_fields() -> None:
    page = render_speech(_speech("讲话: {{x}} #1\n同志们：\n"), {})  # ("标题：" would be a crawler field)
    fm = yaml.safe_load(page.split("---\n", 2)[1])
    assert fm["title"] == "讲话: {{x}} #1"
    for key in ("id", "title", "title_inferred", "source", "sha256", "encoding", "chars"):
        assert key in fm
    assert fm["search"] == {"exclude": True}


def test_placeholders_are_marked_with_their_characters_unchanged() -> None:
    html = _to_html(render_speech(_speech("标题\n市委X届X次全会，**同志，XX华章。Excel不是占位符。"), {}))
    marked = re.findall(r'<span class="archive-blank"[^>]*>(.*?)</span>', html)
    assert marked == ["X", "X", "&#42;&#42;", "XX"]


def test_a_markdown_exports_bold_block_is_shown_as_written_not_as_blanks() -> None:
    html = _to_html(render_speech(_speech("标题\n同志们：\n**一、抓项目**\n要抓好。"), {}))
    assert "archive-blank" not in html and "&#42;&#42;一、抓项目&#42;&#42;" in html


def test_slogan_occurrence_links_to_its_page_with_the_gloss_as_tooltip() -> None:
    occ = Occurrence(term="两个确立", matched="两个确立", anchor="p1", start=2, end=6)
    page = render_speech(_speech("标题\n拥护两个确立。", (occ,)), {"两个确立": ("slogans/liang-ge-que-li/", "释义<b>")})
    html = _to_html(page)
    assert 'href="../../slogans/liang-ge-que-li/"' in html
    assert "释义&lt;b&gt;" in html
    assert ">两个确立</a>" in html


def test_paragraphs_carry_their_contract_anchors() -> None:
    html = _to_html(render_speech(_speech("标题\n同志们：\n一、抓落实\n第一段。"), {}))
    assert re.findall(r'<p id="(p\d+)"', html) == ["p1", "p2"]
    assert 'id="s1"' in html
