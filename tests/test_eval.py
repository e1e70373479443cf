"""The metadata evaluation (``make eval``): its comparisons, and the figures on the development corpus.

``FLOOR`` holds the share of labelled values each field gets right today: a change that
loses any fails here. Raise a floor when a field improves. ``TARGET`` is issue 14's bar;
a field still below it is a strict xfail, so reaching it makes the test fail until the
field leaves ``BELOW_TARGET``.
"""

from __future__ import annotations

import doctest
import hashlib
import json
from pathlib import Path

import pytest

from build_scripts import evaluate as evaluate_mod
from build_scripts.__main__ import main
from build_scripts.errors import ArchiveError
from build_scripts.evaluate import FIELDS, Report, evaluate, load_labels, same, score
from build_scripts.model import Document, Evidence, Metadata, Paragraph, Source, Speech

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "devcorpus"

# Right / labelled, as measured; never lower these.
FLOOR: dict[str, float] = {
    "title": 85 / 85,
    "date": 109 / 112,
    "year": 113 / 113,
    "level": 112 / 112,
    "place": 112 / 112,
    "speaker": 91 / 91,
    "occasion": 98 / 99,
}
# "Says unknown when unknown": right / labelled null, as measured.
UNKNOWN_FLOOR: dict[str, float] = {"title": 27 / 27, "speaker": 15 / 21, "occasion": 13 / 13}
TARGET: dict[str, float] = {f: 0.98 if f in ("level", "year") else 0.95 for f in FIELDS}
BELOW_TARGET: set[str] = set()  # every field meets issue 14's target


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(DEV / "labels.yml", DEV / "texts")


# --- the genre cases (tests/genre/): texts written in the layouts the development corpus lacks ----

GENRE = ROOT / "tests" / "genre"
# Right / labelled on the genre cases, as measured; never lower these. Before issue 14's second
# round: title 43/49, date 40/48, year 42/48, level 45/49, place 32/48, speaker 34/47, occasion 46/47.
GENRE_FLOOR: dict[str, float] = {
    "title": 233 / 233,
    "date": 179 / 179,
    "year": 179 / 179,
    # g42: a county-level city's 市委书记, the city named once; g117: 全县 twice only; g147: 全区 once
    "level": 276 / 279,
    "place": 187 / 191,  # g29, g42: a city named only short, or once; g85 甘肃 once; g100 柯桥区 once
    "speaker": 209 / 210,  # g128: 党委书记 with no unit in the title (镇 from 镇村干部大会 and 全镇)
    "occasion": 231 / 231,
}


@pytest.fixture(scope="module")
def genre_report() -> Report:
    return evaluate(GENRE / "labels.yml", GENRE / "texts")


@pytest.mark.parametrize("field", FIELDS)
def test_genre_field_not_worse_than_floor(genre_report: Report, field: str) -> None:
    f = genre_report.score(field)
    assert f.right / f.labelled >= GENRE_FLOOR[field] - 1e-9, f.misses
    assert f.unknown_right == f.unknown_labelled, f.misses  # says unknown when the text does not tell


def test_genre_no_file_refused(genre_report: Report) -> None:
    assert genre_report.refused == () and genre_report.texts == len(list((GENRE / "texts").glob("*.txt")))


def test_devcorpus_is_complete() -> None:
    labels = load_labels(DEV / "labels.yml")
    texts = sorted(p.stem for p in (DEV / "texts").glob("*.txt"))
    assert sorted(labels) == texts and len(texts) == 112


@pytest.mark.parametrize("field", FIELDS)
def test_field_not_worse_than_floor(report: Report, field: str) -> None:
    f = report.score(field)
    assert f.labelled > 0 or field not in ("date", "year", "level")
    share = f.right / f.labelled if f.labelled else 1.0
    assert share >= FLOOR[field] - 1e-9, f"{field}: {f.right}/{f.labelled} below the floor {FLOOR[field]:.3f}"


@pytest.mark.parametrize("field", sorted(UNKNOWN_FLOOR))
def test_says_unknown_when_unknown(report: Report, field: str) -> None:
    f = report.score(field)
    assert f.unknown_right / f.unknown_labelled >= UNKNOWN_FLOOR[field] - 1e-9, f.misses


@pytest.mark.parametrize(
    "field",
    [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason="below issue 14's target"))
        if f in BELOW_TARGET
        else f
        for f in FIELDS
    ],
)
def test_field_meets_target(report: Report, field: str) -> None:
    f = report.score(field)
    assert f.labelled and f.right / f.labelled >= TARGET[field]


def test_no_file_refused(report: Report) -> None:
    assert report.refused == ()


# --- the comparisons -------------------------------------------------------------------------


def _speech(title: str, inferred: bool = False, **meta: object) -> Speech:
    text = f"{title}\n同志们："
    source = Source(id="x", name="x.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", text=text)
    doc = Document(title=None if inferred else title, blocks=(Paragraph(1, "同志们："),))
    evidence = tuple((k, Evidence("text", "同志们", "p1", f"rule for {k}")) for k in meta)
    return Speech(
        source=source,
        doc=doc,
        title=title,
        title_inferred=inferred,
        meta=Metadata(**meta, evidence=evidence),  # type: ignore[arg-type]
    )


def test_score_counts_labelled_and_unknown_apart() -> None:
    labels = {
        "a": {"title": "政府工作报告", "date": "2020-01-21", "year": "2020", "level": "县", "speaker": None},
        "b": {"title": None, "date": "2020", "year": "2020", "level": "市", "speaker": None},
    }
    speeches = {
        "a": _speech("政 府 工 作 报 告", date="2020-01", level="县", speaker="县长"),
        "b": _speech("在全县大会上的讲话", inferred=True, date="2020", level="县"),
    }
    r = score(labels, speeches)
    assert (r.score("title").right, r.score("title").labelled) == (1, 1)
    assert (r.score("title").unknown_right, r.score("title").unknown_labelled) == (1, 1)
    assert (r.score("date").right, r.score("year").right) == (1, 2)
    assert [(m.id, m.expected, m.got) for m in r.score("date").misses] == [("a", "2020-01-21", "2020-01")]
    assert [(m.id, m.got) for m in r.score("level").misses] == [("b", "县")]
    speaker = r.score("speaker")
    assert (speaker.unknown_right, speaker.unknown_labelled, speaker.labelled) == (1, 2, 0)
    assert speaker.misses[0].got == "县长" and "rule for speaker" in speaker.misses[0].evidence


def test_score_refused_file_misses_every_field() -> None:
    r = score({"a": {"level": "县"}}, {})
    assert r.score("level").right == 0 and r.score("level").misses[0].evidence == "refused by the build"


def test_title_ignores_white_space_only() -> None:
    assert same("title", "政府工作报告", "政府工作报告 ")
    assert not same("title", "政府工作报告", "政府工作报")
    assert not same("title", "政府工作报告", "二O一二年政府工作报告")


# --- the command -----------------------------------------------------------------------------


def test_cli_json_matches_report(report: Report, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--labels", str(DEV / "labels.yml"), "--corpus", str(DEV / "texts"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["texts"] == 112
    for f in report.fields:
        assert (data["fields"][f.field]["right"], data["fields"][f.field]["labelled"]) == (f.right, f.labelled)
        assert len(data["fields"][f.field]["misses"]) == len(f.misses)


def test_cli_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(
        "在全县领导干部会议上的讲话\n同志们：\n今天召开全县领导干部会议。\n", encoding="utf-8"
    )
    labels = tmp_path / "labels.yml"
    labels.write_text("a:\n  title: 在全县领导干部会议上的讲话\n  level: 县\n  speaker: null\n", encoding="utf-8")
    assert main(["eval", "--labels", str(labels), "--corpus", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (
        "| title | 1 / 1 | 100.0 |" in out
        and "| level | 1 / 1 | 100.0 |" in out
        and "| speaker | 0 / 0 | – | 1 / 1 |" in out
    )


def test_cli_missing_text_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.yml"
    labels.write_text("nope:\n  level: 县\n", encoding="utf-8")
    assert main(["eval", "--labels", str(labels), "--corpus", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "--corpus" in err


def test_labels_not_a_mapping(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yml"
    labels.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="must map each text's id"):
        load_labels(labels)


def test_doctests() -> None:
    failures, tried = doctest.testmod(evaluate_mod)
    assert tried and not failures
