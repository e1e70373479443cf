"""The curator's sidecar: it overrides every field and the title, adds notes, and each invalid
sidecar (one fixture file per case in tests/cases/sidecars/) gives its own message and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.analyse.metadata import infer_metadata
from build_scripts.config.events import load_events
from build_scripts.config.sidecar import (
    FIELDS,
    Sidecar,
    apply_sidecar,
    apply_title,
    load_sidecar,
)
from build_scripts.config.themes import load_themes
from build_scripts.errors import ArchiveError
from build_scripts.model import (
    Document,
    Evidence,
    Heading,
    Metadata,
    Note,
    Paragraph,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "cases" / "sidecars"
THEME_NAMES = load_themes(ROOT / "corpus" / "themes.yml").names

DOC = Document(
    title="在全县领导干部会议上的讲话",
    blocks=(
        Paragraph(1, "同志们："),
        Paragraph(2, "今天召开全县领导干部会议，主要目的是动员全县上下。"),
        Heading("一、要狠抓项目建设", 2, "s1", "一、"),
        Paragraph(3, "要深入实施发展和改革“双一号工程”，大力开展招大引强，抓好招商引资。"),
        Paragraph(4, "确保到2023年工业主营业务收入在2020年的基础上翻两番。"),
    ),
)
SOURCE = Source(id="speech", name="speech.txt", sha256="0" * 64, encoding="utf-8", text="")


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "speech.yml"
    path.write_text(content, encoding="utf-8")
    return path


# --- valid sidecars --------------------------------------------------------------------------


def test_sidecar_overrides_every_field_and_the_title(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "title: 在全县领导干部大会上的讲话\n"
        "level: 市\n"
        "place: 驻马店市\n"
        "speaker: 县委书记\n"
        "occasion: 全县领导干部大会\n"
        "date: 2022-10-28\n"
        "themes: [党的建设, 经济发展]\n"
        "keywords: [二十大, 双一号工程]\n"
        "source_url: https://example.org/speech.html\n"
        "notes:\n"
        "  - anchor: p3\n"
        "    text: 发展和改革“双一号工程”是该县的两项一号工程。\n"
        "  - phrase: 翻两番\n"
        "    text: 指工业主营业务收入。\n"
        "  - anchor: s1\n"
        "    phrase: 项目建设\n"
        "    text: 第一部分。\n",
    )
    sidecar = load_sidecar(path, DOC, THEME_NAMES)
    inferred = infer_metadata(DOC, SOURCE, load_events(ROOT / "corpus" / "events.yml"))
    assert inferred.level == "县" and inferred.occasion == "全县领导干部会议"  # what the sidecar replaces
    meta = apply_sidecar(inferred, sidecar)
    assert (meta.level, meta.place, meta.speaker, meta.occasion, meta.date) == (
        "市",
        "驻马店市",
        "县委书记",
        "全县领导干部大会",
        "2022-10-28",
    )
    assert meta.themes == ("党的建设", "经济发展") and meta.keywords == ("二十大", "双一号工程")
    for name in FIELDS:
        ev = meta.evidence_for(name)
        assert ev is not None and ev.source == "sidecar" and ev.quote == "sidecar" and ev.words == "sidecar"
    assert meta.notes == (
        Note(text="发展和改革“双一号工程”是该县的两项一号工程。", anchor="p3"),
        Note(text="指工业主营业务收入。", phrase="翻两番"),
        Note(text="第一部分。", anchor="s1", phrase="项目建设"),
    )
    assert sidecar.source_url == "https://example.org/speech.html"
    title, ev = apply_title("在全县领导干部会议上的讲话", sidecar)
    assert title == "在全县领导干部大会上的讲话" and ev is not None and ev.source == "sidecar"


@pytest.mark.parametrize("field", ["level", "place", "speaker", "occasion", "date", "themes", "keywords"])
def test_each_field_alone_overrides_only_itself(tmp_path: Path, field: str) -> None:
    value = {
        "level": "乡镇",
        "place": "满城区",
        "speaker": "镇党委书记",
        "occasion": "全镇大会",
        "date": "2021",
        "themes": "[民生]",
        "keywords": "[招大引强]",
    }[field]
    sidecar = load_sidecar(write(tmp_path, f"{field}: {value}\n"), DOC)
    before = Metadata(
        level="县",
        place="清苑区",
        speaker="县委副书记",
        occasion="全县领导干部会议",
        date="2022-10",
        themes=("经济发展",),
        keywords=("项目",),
        evidence=tuple((f, Evidence("text", "全县", "p2", "r")) for f in FIELDS),
    )
    after = apply_sidecar(before, sidecar)
    for name in FIELDS:
        if name == field:
            got = getattr(after, name)
            assert (list(got) if isinstance(got, tuple) else got) == (
                [value.strip("[]")] if value.startswith("[") else value
            )
            assert after.evidence_for(name) == Evidence("sidecar", "sidecar", None, "set in speech.yml")
        else:
            assert getattr(after, name) == getattr(before, name)
            assert after.evidence_for(name) == before.evidence_for(name)


def test_null_records_an_unknown_field(tmp_path: Path) -> None:
    sidecar = load_sidecar(write(tmp_path, "speaker: null\ndate: ~\n"), DOC)
    meta = apply_sidecar(Metadata(speaker="县委书记", date="2022", level="县"), sidecar)
    assert meta.speaker is None and meta.date is None and meta.level == "县"
    assert meta.evidence_for("speaker").source == "sidecar"  # type: ignore[union-attr]


def test_yaml_dates_and_years_are_read_as_text(tmp_path: Path) -> None:
    assert load_sidecar(write(tmp_path, "date: 2022-10-28\n"), DOC).date == "2022-10-28"
    assert load_sidecar(write(tmp_path, "date: 2022\n"), DOC).date == "2022"
    assert load_sidecar(write(tmp_path, "date: 2022-10\n"), DOC).date == "2022-10"
    assert load_sidecar(write(tmp_path, "date: '2022-10-28'\n"), DOC).date == "2022-10-28"


def test_empty_sidecar_sets_nothing(tmp_path: Path) -> None:
    sidecar = load_sidecar(write(tmp_path, "# nothing yet\n"), DOC)
    assert sidecar.given == frozenset()
    meta = Metadata(level="县")
    assert apply_sidecar(meta, sidecar) == meta
    assert apply_title("原标题", sidecar) == ("原标题", None)


def test_sidecar_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "speech.yml"
    path.write_bytes("\ufefflevel: 县\n".encode("utf-8"))
    assert load_sidecar(path, DOC).level == "县"


# --- invalid sidecars: one fixture per case --------------------------------------------------

CASES = sorted(FIXTURES.glob("*.yml"))


def _header(path: Path) -> tuple[str, int]:
    text = path.read_text(encoding="utf-8")
    expect = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
    line = re.search(r"^# line: (\d+)$", text, re.MULTILINE)
    assert expect and line, f"{path.name} needs '# expect:' and '# line:' header lines"
    return expect.group(1), int(line.group(1))


def test_enough_invalid_cases() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_sidecar(path: Path) -> None:
    message, line = _header(path)
    with pytest.raises(ArchiveError) as info:
        load_sidecar(path, DOC, THEME_NAMES)
    matching = [p for p in info.value.problems if message in p.what]
    assert matching, f"no problem says {message!r}; got: {info.value}"
    problem = matching[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.fix  # what to do
    assert f"{path}:{line}: " in str(info.value)  # file and line lead the message


def test_all_problems_of_a_file_are_collected(tmp_path: Path) -> None:
    path = write(tmp_path, "level: 地级\ndate: 2022年\ncolour: red\nnotes:\n  - anchor: p9\n    text: x\n")
    with pytest.raises(ArchiveError) as info:
        load_sidecar(path, DOC)
    assert [p.line for p in info.value.problems] == [1, 2, 3, 5]


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'title: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(ArchiveError, match="is not allowed"):
        load_sidecar(path, DOC)
    assert not marker.exists()


def test_valid_examples_in_messages_are_valid(tmp_path: Path) -> None:
    """The example a message teaches must itself load."""
    with pytest.raises(ArchiveError) as info:
        load_sidecar(write(tmp_path, "titel: x\n"), DOC)
    fix = info.value.problems[0].fix
    assert "\n" not in fix  # the build prints one line per problem
    example = fix.split("A valid sidecar: ", 1)[1].replace("anchor: p12", "anchor: p2")
    sidecar = load_sidecar(write(tmp_path, example + "\n"), DOC, THEME_NAMES)
    assert sidecar.level == "县" and sidecar.notes


def test_sidecar_dataclass_is_frozen() -> None:
    with pytest.raises(AttributeError):
        Sidecar(path="x").level = "县"  # type: ignore[misc]
