"""Place, level, speaker and occasion from real texts' formulas, the gazetteer, and browse by place.

Cases are labelled in ``tests/cases/places.yml`` (real excerpts, synthetic edge cases,
negatives, strict xfail for known failures); the gazetteer is checked against facts of the
code tables it was made from (renamed units, levels that changed, names in two provinces).
"""

from __future__ import annotations

import hashlib
import html
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_scripts.analyse.metadata import infer_metadata
from build_scripts.analyse.places import DATA, load_gazetteer, parse_table, short_form
from build_scripts.analyse.structure import parse_document
from build_scripts.config.events import load_events
from build_scripts.index.browse import browse_links, build_browse_index, place_path
from build_scripts.model import Document, Metadata, Paragraph, Source, Speech
from build_scripts.render.browse import render_browse_pages

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "places.yml").read_text(encoding="utf-8"))["cases"]
EVENTS = load_events(ROOT / "corpus" / "events.yml")


def make_doc(title: str | None, text: str) -> Document:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Document(title=title, blocks=tuple(Paragraph(n=i, text=line) for i, line in enumerate(lines, 1)))


def make_source(text: str) -> Source:
    return Source(
        id="case", name="case.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", text=text
    )


# --- labelled cases ------------------------------------------------------------------------------


def test_cases_cover_the_kinds() -> None:
    assert len(CASES) >= 20
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert sum(1 for c in CASES if c.get("xfail")) >= 1
    assert sum(1 for c in CASES if c["expect"].get("place", "x") is None) >= 2  # negatives


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    doc = make_doc(case.get("title"), case["text"])
    meta = infer_metadata(doc, make_source(case["text"]), EVENTS)
    wrong = {
        name: getattr(meta, name)
        for name, value in case["expect"].items()
        if getattr(meta, name) != (None if value is None else str(value))
    }
    if case.get("xfail"):
        assert wrong, f"known failure now passes: remove its xfail ({case['id']})"
        pytest.xfail(case["xfail"])
    assert not wrong, f"got {wrong}, want {case['expect']}"
    for name in ("place", "level", "speaker", "occasion"):  # every value has words of the text as evidence
        if getattr(meta, name) is None:
            continue
        ev = meta.evidence_for(name)
        assert ev is not None and ev.rule, name
        where = (doc.title or "") if ev.anchor is None else dict(doc.anchored_texts())[ev.anchor]
        assert ev.quote in where, f"{name}: {ev.quote!r} not in {where!r}"


# --- the gazetteer -------------------------------------------------------------------------------


def test_table_is_small_and_well_formed() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert len(text.encode()) < 400_000
    units = parse_table(text)
    assert len(units) > 6000
    assert all(u.level in ("省", "市", "县") and len(u.code) == 6 and u.first <= u.last for u in units)
    assert {u.name for u in units if u.level == "省"} >= {"河北省", "北京市", "新疆维吾尔自治区", "台湾省"}


@pytest.mark.parametrize(
    ("name", "year", "level", "parent"),
    [
        ("清苑县", 2008, "县", "保定市"),  # became 清苑区 in 2015
        ("清苑区", 2023, "县", "保定市"),
        ("满城县", 2010, "县", "保定市"),
        ("驻马店市", 1995, "县", "驻马店地区"),  # a county-level city then
        ("驻马店市", 2021, "市", "河南省"),  # prefecture-level since 2000
        ("安国市", 2020, "县", "保定市"),
        ("济源市", 2020, "县", "河南省"),  # governed by the province directly
        ("海淀区", 2020, "县", "北京市"),  # a municipality's district
        ("海拉尔区", 2016, "县", "呼伦贝尔市"),
        ("临平区", 2022, "县", "杭州市"),  # made in 2021, after the last yearly table
    ],
)
def test_units_at_their_time(name: str, year: int, level: str, parent: str) -> None:
    g = load_gazetteer()
    unit = g.resolve(name, year)
    assert unit is not None and unit.level == level
    up = g.parent(unit, year)
    assert up is not None and up.name == parent


def test_a_name_in_two_provinces_needs_a_clue() -> None:
    g = load_gazetteer()
    assert g.resolve("朝阳区", 2020) is None
    assert g.parent(g.resolve("朝阳区", 2020, ["北京市"]), 2020).name == "北京市"  # type: ignore[arg-type, union-attr]
    assert g.chain_of("长春市海淀区", 2020) is None


def test_a_city_that_was_county_level_once_keeps_its_short_form() -> None:
    """黑河 is 黑河市's short form, though 黑河市 was a county-level city until 1993; 河北 names two
    units of two levels (河北省, 河北区) and is no city's short form."""
    g = load_gazetteer()
    cities = g.shorts_of_level("市", "市")
    assert cities.get("黑河") == ("黑河市",) and cities.get("四平") == ("四平市",)
    assert "河北" not in cities and "河北" not in g.shorts_of_level("县", "区")


def test_names_in_running_text() -> None:
    g = load_gazetteer()
    assert [m.name for m in g.find("河北省保定市满城区人民政府")] == ["河北省", "保定市", "满城区"]
    assert [m.name for m in g.find("创建示范县，容易县城，代县长讲话")] == []
    assert [m.name for m in g.find("。易县被评为先进")] == ["易县"]
    assert [m.name for m in g.find("老城区改造和城区建设")] == []  # ordinary words, though also units
    assert short_form("内蒙古自治区", "省") == "内蒙古"


def test_lookups_are_fast() -> None:
    g = load_gazetteer()
    text = "在保定市委、市政府的领导下，我县经济社会持续健康发展，阜平县城面貌一新。" * 400  # ~14,000 characters
    start = time.process_time()  # CPU time: the machine is shared
    for _ in range(20):
        g.find(text)
    assert (time.process_time() - start) / 20 < 0.01  # about 0.5 ms alone


# --- browse by place -----------------------------------------------------------------------------


def _speech(id_: str, place: str | None, date: str = "2020-01-21") -> Speech:
    text = "政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作。"
    return Speech(
        source=Source(id=id_, name=f"{id_}.txt", sha256="0" * 64, encoding="utf-8", text=text),
        doc=parse_document(text),
        title="政府工作报告",
        title_inferred=False,
        meta=Metadata(level="县", place=place, date=date),
    )


def test_place_tree_lists_a_county_under_its_city_and_province() -> None:
    speeches = [
        _speech("a", "满城区"),
        _speech("b", "清苑县", "2008-03-27"),
        _speech("c", "保定市"),
        _speech("d", "全国"),
        _speech("e", None),
        _speech("f", "海淀区"),
    ]
    index = build_browse_index(speeches)
    facets = {f.value: f for f in index.facets_of("place")}
    assert [len(facets[v].entries) for v in ("河北省", "河北省/保定市", "河北省/保定市/满城区")] == [3, 3, 1]
    assert {e.id for e in facets["河北省/保定市/清苑县"].entries} == {"b"}
    assert facets["北京市/海淀区"].label == "海淀区" and facets[None].label == "地区不详"
    order = [f.value for f in index.facets_of("place")]
    assert order[0] == "全国" and order[-1] is None
    assert order.index("北京市") < order.index("河北省") < order.index("河北省/保定市")  # code order, a tree
    links = browse_links(index, speeches[0])
    assert links["place"] == facets["河北省/保定市/满城区"].url
    pages = render_browse_pages(speeches, index=index)
    province = pages[facets["河北省"].url.rstrip("/") + ".md"]
    assert "下辖" in province and "保定市" in province
    assert "按地区" in pages["browse/places.md"] or "地区" in pages["browse/places.md"]


def test_place_path_uses_the_year() -> None:
    assert [n for n, _ in place_path("驻马店市", "1995")] == ["河南省", "驻马店地区", "驻马店市"]
    assert [n for n, _ in place_path("驻马店市", "2021-01-07")] == ["河南省", "驻马店市"]


# --- the curator's work list ----------------------------------------------------------------------


def test_work_list_names_each_gap_with_a_snippet_that_loads_as_a_sidecar(tmp_path: Path) -> None:
    from build_scripts.config.sidecar import load_sidecar
    from build_scripts.render.report import gaps, render_report, sidecar_snippet

    known = _speech("known", "满城区")
    known = Speech(
        known.source, known.doc, known.title, False, Metadata(level="县", place="满城区", speaker="区长", date="2020")
    )
    ranged = Speech(
        known.source.__class__("r", "r.txt", "0" * 64, "utf-8", ""),
        known.doc,
        "待定<b>",
        False,
        Metadata(level="县", date_not_before="2022-10"),
    )
    page = render_report((), [known, ranged])
    assert "待核对的讲话" in page and "1 篇讲话有未能确定的信息" in page
    assert "known" not in page.split("待核对的讲话")[1] and "待定&lt;b&gt;" in page
    assert 'href="../speeches/r/"' in page and "2022-10 — ?" in html.unescape(page)
    snippet = sidecar_snippet(ranged, gaps(ranged))
    assert "# date: 2022-10" in snippet and "# place:" in snippet and "# speaker:" in snippet and "level" not in snippet
    doc = ranged.doc
    pasted = tmp_path / "r.yml"
    pasted.write_text(snippet + "\n", encoding="utf-8")  # as pasted: all comments, changes nothing
    assert load_sidecar(pasted, doc).given == frozenset()
    filled = "\n".join(line.removeprefix("# ").split("  #")[0] for line in snippet.splitlines()[1:])
    pasted.write_text(
        filled.replace("place:", "place: 满城区").replace("speaker:", "speaker: 区长") + "\n", encoding="utf-8"
    )
    sidecar = load_sidecar(pasted, doc)  # filled in: a valid sidecar
    assert (sidecar.date, sidecar.place, sidecar.speaker) == ("2022-10", "满城区", "区长")


def test_a_field_a_curator_records_as_unknown_leaves_the_work_list() -> None:
    from build_scripts.model import Evidence
    from build_scripts.render.report import gaps

    s = _speech("c", "全国")
    confirmed = Speech(
        s.source,
        s.doc,
        s.title,
        False,
        Metadata(
            level="中央",
            place="全国",
            date="2020",
            evidence=(("speaker", Evidence("sidecar", "sidecar", None, "set in c.yml")),),
        ),
    )
    assert [g.field for g in gaps(s)] == ["speaker"] and gaps(confirmed) == ()


def test_work_list_is_capped() -> None:
    from build_scripts.render.report import render_report

    many = [_speech(f"s{i:03d}", None) for i in range(30)]
    page = render_report((), many, cap=10)
    assert page.count("<li>") == 10 and "另有 20 篇未列出" in page
