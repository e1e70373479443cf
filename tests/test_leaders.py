"""The national leaders' table (build_scripts/data/leaders.tsv) and what it decides: a national
leader's speech is 中央/全国, its speaker the office held on the day."""

from __future__ import annotations

import datetime as _dt
import doctest
import hashlib

import pytest

from build_scripts.analyse import leaders, metadata
from build_scripts.analyse.leaders import STATE_OFFICES, load_leaders, office_of
from build_scripts.analyse.metadata import Finding, infer_metadata, title_facts
from build_scripts.analyse.structure import parse_document
from build_scripts.config.events import Events
from build_scripts.model import LEVELS, Evidence, Source

OFFICES = STATE_OFFICES | {"中共中央主席", "中共中央政治局主席", "中共中央总书记", "中共中央副主席", "中央军委主席"}


def test_table_rows_are_sound() -> None:
    rows = load_leaders()
    assert len(rows) >= 35
    for r in rows:
        assert r.office in OFFICES, r
        assert r.end is None or r.start < r.end, r
        assert r.source in ("cpc", "gov", "npc", "cppcc"), r
    # one holder of a top office at a time (a handover may share its day)
    for office in ("国务院总理", "国家主席", "中共中央总书记", "全国人大常委会委员长", "全国政协主席", "中共中央主席"):
        terms = sorted((r for r in rows if r.office == office), key=lambda r: r.start)
        for a, b in zip(terms, terms[1:]):
            assert a.end is not None and a.end <= b.start + _dt.timedelta(days=1), (a, b)


@pytest.mark.parametrize(
    ("name", "day", "state", "office"),
    [
        ("毛泽东", "1947-12-02", None, "中共中央主席"),
        ("周恩来", "1955-04-19", True, "国务院总理"),
        ("李鹏", "1995-03-05", True, "国务院总理"),
        ("李鹏", "2000-04-29", None, "全国人大常委会委员长"),
        ("汪洋", "2019-03-03", None, "全国政协主席"),
        ("李先念", "1985-01-01", None, "国家主席"),
        ("江泽民", "1991-07-01", None, "中共中央总书记"),
        ("胡锦涛", "2008-08-08", True, "国家主席"),
        ("习近平", "2013-01-05", True, "中共中央总书记"),  # not yet head of state
        ("习近平", "2025-04-16", None, "中共中央总书记"),
        ("李强", "2024-06-25", True, "国务院总理"),
    ],
)
def test_office_on_the_day(name: str, day: str, state: bool | None, office: str) -> None:
    d = _dt.date.fromisoformat(day)
    assert office_of(name, d, d, state=state)[0] == office  # type: ignore[index]


def test_a_name_with_offices_apart_and_no_date_says_nothing() -> None:
    assert office_of("李鹏") is None  # premier to 1998, chairman of the NPC after: the date decides


def _meta(text: str):  # type: ignore[no-untyped-def]
    source = Source("x", "x.txt", hashlib.sha256(text.encode()).hexdigest(), "utf-8", text)
    return infer_metadata(parse_document(text), source, Events())


def test_a_leader_quoted_by_a_local_speech_is_not_its_speaker() -> None:
    meta = _meta(
        "在全县经济工作会议上的讲话\n同志们：\n我们要深入学习贯彻习近平总书记在中央经济工作会议上发表的重要讲话精神。"
        "全县上下要把思想统一到县委的部署上来，我县经济要走在全市前列。\n"
    )
    assert (meta.level, meta.speaker) == ("县", None)


def test_a_communique_reporting_a_leaders_speech_has_no_speaker() -> None:
    meta = _meta(
        "中国共产党第十五届中央委员会第七次全体会议，于2002年11月3日至5日在北京举行。\n"
        "会议由中央政治局主持。中央委员会总书记江泽民同志作了重要讲话。\n"
    )
    assert (meta.level, meta.place, meta.speaker) == ("中央", "全国", None)


def test_a_news_lead_above_the_salutation_names_the_speaker() -> None:
    meta = _meta(
        "在座谈会上的讲话\n"
        "中共中央政治局5月30日下午就加强基础研究进行集体学习。中共中央总书记习近平在主持学习时发表了讲话。\n"
        "同志们：\n这次集体学习，我们安排的内容是加强基础研究。\n"
    )
    assert (meta.level, meta.place, meta.speaker) == ("中央", "全国", "中共中央总书记")


# --- the level is one of the five or unknown --------------------------------------------------


def test_zhonggong_zhongyang_is_the_centre_not_a_level() -> None:
    """It raised KeyError on this title, and gave the level 「中共中央」 through the opening's meeting."""
    assert title_facts("在中共中央召开的党外人士座谈会上的讲话")["level"].value == "中央"
    meta = _meta("同志们：\n今天，中共中央召开党外人士座谈会，听取各民主党派中央的意见和建议。\n")
    assert meta.level in (*LEVELS, None) and meta.level != "中共中央"


def test_a_level_no_rule_should_give_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a rule returns, Metadata never holds a level outside the five."""
    monkeypatch.setattr(
        metadata, "infer_level", lambda doc: Finding("中共中央", Evidence("text", "中共中央", "p1", "x"))
    )
    meta = _meta("同志们：\n今天开会。\n")
    assert meta.level is None and meta.evidence_for("level") is None


def test_doctests() -> None:
    failures, tried = doctest.testmod(leaders)
    assert tried and not failures
