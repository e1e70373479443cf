"""Listing a corpus folder (``read/corpus.py``): what is a speech, what is its sidecar, what is refused.

One folder per case under ``tests/fixtures/corpora/``; the cases that cannot be committed (a named
pipe, symbolic links, a link to ``/dev/zero``, names holding a newline, a tab or U+202E) are made in
a temporary folder by the test. Every refusal names the file and says what to do.
"""

from __future__ import annotations

import doctest
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from build_scripts.errors import ArchiveError, Problem
from build_scripts.read import corpus as corpus_mod
from build_scripts.read.corpus import MAX_ID_BYTES, list_corpus
from build_scripts.read.source import MAX_SPEECH_BYTES
from build_scripts.render import outputs as outputs_mod
from build_scripts.render.outputs import check_unique_outputs

CORPORA = Path(__file__).parent / "fixtures" / "corpora"
SPEECH = "在全县工作会议上的讲话\n同志们：\n今天召开全县工作会议，主要任务是总结工作、部署任务。\n"


def listed(corpus: Path) -> tuple[list[str], dict[str, str], list[Problem], list[str]]:
    speeches, sidecars, problems, warnings = list_corpus(corpus)
    return [p.name for p in speeches], {k: v.name for k, v in sidecars.items()}, problems, warnings


def problem_of(problems: list[Problem], file: str) -> Problem:
    found = [p for p in problems if p.file == file]
    assert len(found) == 1, (file, problems)
    return found[0]


def test_reserved_ids_are_refused_with_the_reason() -> None:
    """``index.txt`` and ``README.txt`` would both become ``speeches/index.html``, the folder's own page."""
    speeches, _, problems, _ = listed(CORPORA / "reserved_ids")
    assert speeches == ["good.txt"]
    for name in ("index.txt", "README.txt"):
        problem = problem_of(problems, name)
        assert "reserved" in problem.what and "speeches/index.html" in problem.what
        assert "Rename" in problem.fix


def test_a_speech_named_like_anothers_plain_text_copy_is_refused() -> None:
    """``x.utf8.txt`` would be published at ``sources/x.utf8.txt``, where ``x.txt``'s UTF-8 copy goes."""
    speeches, _, problems, _ = listed(CORPORA / "utf8_twin")
    assert speeches == ["x.txt"]
    problem = problem_of(problems, "x.utf8.txt")
    assert "sources/x.utf8.txt" in problem.what and "x.txt" in problem.what


def test_a_sidecar_whose_name_differs_in_case_is_an_error_not_ignored() -> None:
    speeches, sidecars, problems, _ = listed(CORPORA / "sidecar_case_mismatch")
    assert sidecars == {}
    problem = problem_of(problems, "talk.yml")
    assert "Talk.txt" in problem.what and "Talk.yml" in problem.fix
    assert speeches == []  # not built without the corrections meant for it


def test_two_sidecars_for_one_speech_is_an_error() -> None:
    speeches, sidecars, problems, _ = listed(CORPORA / "sidecar_yml_and_yaml")
    assert sidecars == {} and speeches == []
    problem = problem_of(problems, "X.yaml")
    assert "X.yml" in problem.what and "X.txt" in problem.what and "one sidecar" in problem.what


def test_a_yaml_sidecar_alone_is_paired() -> None:
    speeches, sidecars, problems, _ = listed(CORPORA / "sidecar_yaml")
    assert (speeches, sidecars, problems) == (["Y.txt"], {"Y": "Y.yaml"}, [])


def test_configuration_files_must_be_named_yml(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "slogans.yaml").write_text("[]\n", encoding="utf-8")
    _, sidecars, problems, _ = listed(tmp_path)
    assert sidecars == {}
    problem = problem_of(problems, "slogans.yaml")
    assert "slogans.yml" in problem.fix


def test_subfolders_and_folders_named_txt_are_warned_about() -> None:
    speeches, _, problems, warnings = listed(CORPORA / "subfolders")
    assert speeches == ["good.txt"] and problems == []
    assert any(w.startswith("more/: ") and "subfolder" in w for w in warnings), warnings
    assert any(w.startswith("folder.txt/: ") and "folder, not a speech file" in w for w in warnings), warnings


def test_a_stem_too_long_for_the_sites_file_names_is_refused() -> None:
    speeches, _, problems, _ = listed(CORPORA / "stem_too_long")
    assert speeches == ["good.txt"]
    (problem,) = problems
    assert f"at most {MAX_ID_BYTES} bytes" in problem.what and "249 bytes" in problem.what


def test_the_longest_allowed_stem_is_listed() -> None:
    speeches, _, problems, _ = listed(CORPORA / "stem_longest_allowed")
    assert problems == [] and len(speeches[0].removesuffix(".txt").encode()) == MAX_ID_BYTES


# --- cases made at test time ------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(SPEECH, encoding="utf-8")
    return folder


def test_a_named_pipe_is_refused_not_read(corpus: Path) -> None:
    """Opening a FIFO blocks until someone writes to it: the build would hang forever."""
    os.mkfifo(corpus / "x.txt")
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["good.txt"]
    assert "named pipe" in problem_of(problems, "x.txt").what


def test_a_link_to_dev_zero_is_refused(corpus: Path) -> None:
    (corpus / "zero.txt").symlink_to("/dev/zero")
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["good.txt"]
    assert "outside the corpus folder" in problem_of(problems, "zero.txt").what


def test_a_link_leaving_the_corpus_is_refused_and_names_its_target(corpus: Path) -> None:
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    outside = corpus.parent / "elsewhere.txt"
    outside.write_text(SPEECH, encoding="utf-8")
    (corpus / "relative.txt").symlink_to("../elsewhere.txt")
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["good.txt"]
    passwd = problem_of(problems, "passwd.txt")
    assert "/etc/passwd" in passwd.what and "outside the corpus folder" in passwd.what and "Copy" in passwd.fix
    assert "../elsewhere.txt" in problem_of(problems, "relative.txt").what


def test_a_link_inside_the_corpus_is_followed(corpus: Path) -> None:
    (corpus / "also.txt").symlink_to("good.txt")
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["also.txt", "good.txt"] and problems == []


def test_a_broken_link_is_refused(corpus: Path) -> None:
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    _, _, problems, _ = listed(corpus)
    assert "does not exist" in problem_of(problems, "gone.txt").what


@pytest.mark.parametrize(
    ("name", "shown", "what"),
    [
        ("a\nb.txt", "a\\nb.txt", "a line break"),
        ("a\tb.txt", "a\\tb.txt", "a tab"),
        ("evil\u202etxt.exe.txt", "evil\\u202etxt.exe.txt", "U+202E"),
        ("zw\u200bsp.txt", "zw\\u200bsp.txt", "U+200B"),
    ],
)
def test_names_with_invisible_or_control_characters_are_refused(corpus: Path, name: str, shown: str, what: str) -> None:
    (corpus / name).write_text(SPEECH, encoding="utf-8")
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["good.txt"]
    problem = problem_of(problems, shown)  # shown escaped: a terminal or a page never reorders or splits it
    assert what in problem.what and "Rename" in problem.fix
    assert "\n" not in str(problem) and "\u202e" not in str(problem)


# --- the build as a whole ---------------------------------------------------------------------------


def test_no_two_outputs_share_a_file() -> None:
    """The net under the listing's rules: two pages that MkDocs would write to one file are an error."""
    check_unique_outputs([("speeches/a.md", "a.txt"), ("speeches/a.txt", "a.txt")])
    with pytest.raises(ArchiveError) as caught:
        check_unique_outputs([("speeches/index.md", "index.txt"), ("speeches/README.md", "README.txt")])
    assert str(caught.value).startswith("speeches/index.html: would be written twice, by index.txt and by README.txt")
    with pytest.raises(ArchiveError):
        check_unique_outputs([("sources/x.utf8.txt", "x.txt"), ("sources/X.UTF8.txt", "X.UTF8.txt")])


def test_reserved_ids_with_keep_going_build_the_rest_with_every_link_whole(tmp_path: Path, build_cli: Any) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPORA / "reserved_ids", corpus)
    site = tmp_path / "site"
    done = build_cli(corpus, site, "--keep-going")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "index.txt" in done.stderr and "README.txt" in done.stderr
    assert not (site / "speeches" / "index.html").exists()
    assert (site / "speeches" / "good" / "index.html").is_file()
    assert not any("speeches/index/" in p.read_text("utf-8") for p in site.rglob("*.html"))


def test_doctests() -> None:
    for module in (corpus_mod, outputs_mod):
        assert doctest.testmod(module).failed == 0


def test_a_speech_over_the_size_cap_is_refused_before_it_is_read(corpus: Path) -> None:
    with (corpus / "huge.txt").open("wb") as f:
        f.truncate(MAX_SPEECH_BYTES + 1)  # sparse: no disk used
    speeches, _, problems, _ = listed(corpus)
    assert speeches == ["good.txt"]
    assert "at most 10 MB" in problem_of(problems, "huge.txt").what


def test_a_corpus_with_speeches_only_in_subfolders_says_so_in_its_one_error(tmp_path: Path, build_cli: Any) -> None:
    corpus = tmp_path / "corpus"
    for sub in ("a", "b"):
        (corpus / sub).mkdir(parents=True)
        (corpus / sub / "x.txt").write_text("在全县大会上的讲话\n同志们：\n今天开会。\n", encoding="utf-8")
    done = build_cli(corpus, tmp_path / "site")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    line = next(line for line in done.stderr.splitlines() if "holds no speech that could be read" in line)
    assert "a/、b/" in line and "not read" in line
