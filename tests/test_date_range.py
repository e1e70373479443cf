"""A date that is a range (issue 14): the fields, the page, data/speeches.json, the listings, the order;
and escapes read as what they stand for, accounted for on the page and in the data."""

from __future__ import annotations

import hashlib
import json

import yaml

from build_scripts.analyse.structure import parse_document
from build_scripts.index.browse import browse_links, build_browse_index, build_timeline, chronological
from build_scripts.model import Metadata, Source, Speech
from build_scripts.render.browse import render_browse_pages
from build_scripts.render.data import sort_key, speech_record
from build_scripts.render.speech import render_speech


def _speech(id: str, date: str | None = None, lo: str | None = None, hi: str | None = None) -> Speech:
    text = "在全县大会上的讲话\n同志们：\n今天开会。\n"
    source = Source(
        id=id, name=f"{id}.txt", sha256=hashlib.sha256(id.encode()).hexdigest(), encoding="utf-8", text=text
    )
    meta = Metadata(date=date, date_not_before=lo, date_not_after=hi)
    return Speech(source=source, doc=parse_document(text), title=f"讲话{id}", title_inferred=False, meta=meta)


def test_a_date_makes_the_range_moot() -> None:
    assert Metadata(date="2021", date_not_before="2020", date_not_after="2022").date_not_before is None
    assert Metadata(date_not_before="2020").date_not_before == "2020"


def test_page_and_data_carry_the_bounds() -> None:
    speech = _speech("a", lo="2022-10")
    fm = yaml.safe_load(render_speech(speech, {}).split("---\n", 2)[1])
    assert (fm["date"], fm["date_not_before"], fm["date_not_after"], fm["date_range"]) == (
        None,
        "2022-10",
        None,
        "2022年10月以后",
    )
    record = json.loads(json.dumps(speech_record(speech)))
    assert (record["date"], record["date_not_before"], record["date_not_after"]) == (None, "2022-10", None)
    dated = speech_record(_speech("b", date="2021-03-05"))
    assert (dated["date_not_before"], dated["date_not_after"]) == (None, None)  # null when the date is exact


def test_listings_place_a_range_at_its_lower_bound_data_keeps_the_contract_order() -> None:
    speeches = [_speech("x"), _speech("r", lo="2021-10"), _speech("d1", date="2021-03"), _speech("d2", date="2022")]
    assert [s.id for s in sorted(speeches, key=chronological)] == ["d1", "r", "d2", "x"]
    assert [s.id for s in sorted(speeches, key=sort_key)] == ["d1", "d2", "r", "x"]  # by date, then id


def test_timeline_lists_a_range_apart_and_under_its_years_not_as_unknown() -> None:
    speeches = [
        _speech("closed", lo="2021", hi="2022"),
        _speech("open", lo="2022-10-16"),
        _speech("none"),
        _speech("dated", date="2022-05-01"),
    ]
    timeline = build_timeline(speeches)
    assert [e.id for e in timeline.uncertain] == ["closed", "open"]
    assert [e.id for e in timeline.undated] == ["none"]
    years = {y.year: y for y in timeline.years}
    assert [e.id for e in years["2021"].maybe] == ["closed"] and years["2021"].count == 0
    assert [e.id for e in years["2022"].maybe] == ["closed"] and years["2022"].count == 1
    index = build_browse_index(speeches)
    assert browse_links(index, speeches[1])["year"] == "browse/years/uncertain/"
    pages = render_browse_pages(speeches, index=index)
    page = pages["browse/years/uncertain.md"]
    assert "2021–2022年" in page and "2022年10月16日以后" in page and "讲话none" not in page
    assert "日期为范围、可能在本年" in pages["browse/years/2021.md"] and "讲话open" not in pages["browse/years/2021.md"]
    assert "年份不确定的讲话 2 篇" in pages["browse/years.md"]


def test_escapes_are_accounted_for_on_the_page_and_in_the_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from build_scripts.read.source import read_source

    path = tmp_path / "cell.txt"
    path.write_text(r"在全县大会上的讲话\r\n同志们：\r\n今天开会。\r\n散会。&nbsp;", encoding="utf-8")
    source = read_source(path)
    speech = Speech(
        source=source,
        doc=parse_document(source.text),
        title="在全县大会上的讲话",
        title_inferred=False,
        meta=Metadata(),
    )
    fm = yaml.safe_load(render_speech(speech, {}).split("---\n", 2)[1])
    assert fm["escapes"] == ["字面的 \\r\\n 3 处，按换行显示", "&nbsp; 1 处，按空格显示"]
    assert speech_record(speech)["escapes"] == [{"escape": "\\r\\n", "count": 3}, {"escape": "&nbsp;", "count": 1}]
