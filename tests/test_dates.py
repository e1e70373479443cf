"""Dating a speech: the labelled cases of tests/cases/dates.yml, the calendars, the doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
import yaml

from build_scripts.analyse import dates, numerals
from build_scripts.analyse.structure import parse_document
from build_scripts.config.events import first_day, load_events

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "dates.yml").read_text(encoding="utf-8"))
EVENTS = load_events(ROOT / "corpus" / "events.yml")


def _params() -> list[object]:
    return [
        pytest.param(
            c, id=c["name"], marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if c.get("xfail") else []
        )
        for c in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_date_case(case: dict) -> None:
    doc = parse_document(case["text"])
    estimate = dates.infer_date(doc, EVENTS)
    assert estimate.value == (None if case["date"] is None else str(case["date"]))
    if estimate.value:
        assert estimate.evidence is not None and estimate.evidence.rule
        if "quote" in case:
            assert estimate.evidence.quote == case["quote"]
        # the evidence's words stand in the title or the block it names
        # (or, for a news lead removed with its agency's dateline, in that header line)
        anchor = estimate.evidence.anchor
        if anchor is None:
            places = [doc.title, doc.title_line] + [v for k, v in doc.header if k == "电头"]
        else:
            places = [dict(doc.anchored_texts())[anchor]]
        assert any(p is not None and estimate.evidence.quote in p for p in places)
    if "since" in case:
        assert estimate.since == case["since"]
    if "until" in case:
        assert estimate.until == case["until"]


def test_no_date_later_than_the_posting_date() -> None:
    """Whatever the clues, the date never lies after the page's own publication date."""
    for case in CASES:
        doc = parse_document(case["text"])
        estimate = dates.infer_date(doc, EVENTS)
        posted = [c.not_after for c in estimate.clues if c.anchor == "header" and c.not_after]
        if estimate.value and posted:
            assert first_day(estimate.value) <= min(posted), case["name"]


@pytest.mark.parametrize(
    ("term", "session", "year"),
    [(5, 1, 1978), (6, 3, 1985), (7, 5, 1992), (9, 2, 1999), (10, 3, 2005), (11, 5, 2012), (12, 4, 2016),
     (13, 3, 2020), (14, 2, 2024), (1, 1, 1954), (4, 1, 1975)],
)  # fmt: skip
def test_npc_session_calendar(term: int, session: int, year: int) -> None:
    assert dates.npc_session_year(term, session) == year


def test_doctests() -> None:
    for module in (dates, numerals):
        failures, tried = doctest.testmod(module)
        assert tried and not failures, module.__name__
