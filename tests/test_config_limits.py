"""Configuration that would hang the build, fill its memory or crash it is refused with a teaching
error: YAML nested hundreds of levels, a value of a megabyte, an events pattern that backtracks
catastrophically, a page name past what a file system allows. Every bad configuration file of a
run is reported at once. One fixture file per case in ``tests/fixtures/``.
"""

from __future__ import annotations

import doctest
import shutil
import time
from pathlib import Path

import pytest

from build_scripts.config import events as events_mod
from build_scripts.config import yaml as yaml_mod
from build_scripts.config.events import backtracking_risk, load_events
from build_scripts.config.sidecar import load_sidecar
from build_scripts.config.yaml import MAX_VALUE_CHARS, MAX_YAML_BYTES
from build_scripts.errors import ArchiveError
from build_scripts.model import Document, Paragraph
from build_scripts.pipeline import Settings, load_config
from build_scripts.slugs import facet_slug, slogan_slug

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOC = Document(title="在全县大会上的讲话", blocks=(Paragraph(1, "同志们：今天开会。"),))


def refusal(call: object) -> ArchiveError:
    with pytest.raises(ArchiveError) as caught:
        call()  # type: ignore[operator]
    assert "Traceback" not in str(caught.value)
    return caught.value


def test_yaml_nested_600_levels_is_one_problem_with_its_line() -> None:
    error = refusal(lambda: load_sidecar(FIXTURES / "sidecar_nested_600.yml", DOC))
    (problem,) = error.problems
    assert problem.line == 2 and "nested" in problem.what and "levels" in problem.what


def test_a_value_over_the_cap_is_refused_with_its_line() -> None:
    error = refusal(lambda: load_sidecar(FIXTURES / "sidecar_speaker_over_cap.yml", DOC))
    (problem,) = error.problems
    assert problem.line == 3
    assert f"at most {MAX_VALUE_CHARS:,} characters" in problem.what and "5,004" in problem.what


def test_a_one_megabyte_speaker_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "speech.yml"
    path.write_text("speaker: " + "县委书记" * 250_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    error = refusal(lambda: load_sidecar(path, DOC))
    assert time.perf_counter() - started < 3
    assert "characters" in str(error)


def test_a_yaml_file_over_the_size_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "speech.yml"
    with path.open("wb") as f:
        f.write(b"speaker: x\n")
        f.truncate(MAX_YAML_BYTES + 1)
    started = time.perf_counter()
    error = refusal(lambda: load_sidecar(path, DOC))
    assert time.perf_counter() - started < 1 and "MB" in str(error)


def test_an_events_pattern_that_backtracks_catastrophically_is_refused_at_load() -> None:
    started = time.perf_counter()
    error = refusal(lambda: load_events(FIXTURES / "events_backtracking.yml"))
    assert time.perf_counter() - started < 2
    (problem,) = error.problems
    assert problem.line == 5 and "(.*.*)*" in problem.what and "repeat" in problem.what
    assert "{0," in problem.fix  # shows the bounded form to use instead


@pytest.mark.parametrize(
    "pattern",
    ["(.*.*)*x", "(a+)+b", "(?:x{0,5}){0,9}", "(a|a)*b", "(?:二十大|二十届)+.*精神.*", "a.*b.*c", "((?:ab)+c)*"],
)
def test_risky_patterns_are_named(pattern: str) -> None:
    assert backtracking_risk(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        "二十大(?:提出|指出|强调)",
        "今年是[^。]{0,24}(?:全面建成小康社会|十三五)[^。]{0,16}(?:收官|实现)之年",
        "(?:距离?|离)(?:年终|年底|年末)[^。，；]{0,8}?(?:仅|只|还)?(?:剩下?|有)(?:2|两|二)个多月",
        "二十大.*精神",
        "(?:报告|提出)+",
    ],
)
def test_safe_patterns_pass(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_shipped_events_pattern_is_safe() -> None:
    events = load_events(ROOT / "corpus" / "events.yml")
    assert events.events and events.seasons


def test_slugs_are_bounded_however_long_the_value() -> None:
    started = time.perf_counter()
    long_value = "县委书记" * 250_000
    assert len(facet_slug(long_value).encode()) <= 64
    assert len(slogan_slug(long_value[:300]).encode()) <= 100
    assert facet_slug(long_value) != facet_slug(long_value + "甲")  # the cut is made unique by a hash
    assert time.perf_counter() - started < 1


def test_every_bad_configuration_file_is_reported_in_one_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slogans.yml").write_text("- term: 两个确立\n  category: nonsense\n", encoding="utf-8")
    (corpus / "themes.yml").write_text("themes: 3\n", encoding="utf-8")
    shutil.copy(FIXTURES / "events_backtracking.yml", corpus / "events.yml")
    error = refusal(lambda: load_config(Settings(corpus=corpus, cache_dir=None)))
    files = {Path(p.file).name for p in error.problems}
    assert files == {"slogans.yml", "themes.yml", "events.yml"}, error


def test_doctests() -> None:
    for module in (yaml_mod, events_mod):
        assert doctest.testmod(module).failed == 0
