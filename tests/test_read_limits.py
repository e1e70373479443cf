"""Reading a speech file safely: only regular files, at most ``MAX_SPEECH_BYTES``, and only text that
reads as Chinese: a Korean or Japanese file decodes as GB18030 too, into nonsense, and is refused.

The development corpus (112 real files: GBK and UTF-8, raw HTML pages, crawler junk) must all be
accepted: a rule that refuses real, messy Chinese input is a defect too.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from build_scripts.errors import ArchiveError
from build_scripts.read.source import MAX_SPEECH_BYTES, read_source

FIXTURES = Path(__file__).parent / "fixtures"
# the labelled development corpus: in the repository once issue 14 is merged, else the shared copy
DEVCORPUS = next(
    (p for p in (Path(__file__).parent / "devcorpus" / "texts", Path("/work/shared/devcorpus/texts")) if p.is_dir()),
    Path("tests/devcorpus/texts"),
)
SPEECH = "在全县工作会议上的讲话\n同志们：\n今天召开全县工作会议，主要任务是总结工作、部署任务。\n"


@pytest.mark.parametrize(
    ("name", "language"),
    [("encoding_euc_kr.txt", "Korean (EUC-KR)"), ("encoding_shift_jis.txt", "Japanese (Shift-JIS)")],
)
def test_text_that_decodes_but_is_not_chinese_is_refused(name: str, language: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        read_source(FIXTURES / name)
    (problem,) = caught.value.problems
    assert problem.file == name
    assert "does not read as Chinese" in problem.what and language in problem.what
    assert "UTF-8" in problem.fix


@pytest.mark.skipif(not DEVCORPUS.is_dir(), reason="the shared development corpus is not on this machine")
def test_every_real_text_of_the_development_corpus_is_accepted() -> None:
    refused = {}
    paths = sorted(DEVCORPUS.glob("*.txt"))
    assert len(paths) >= 100
    for path in paths:
        try:
            read_source(path)
        except ArchiveError as exc:
            refused[path.name] = str(exc)
    assert refused == {}


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in FIXTURES.glob("encoding_*.txt") if "euc_kr" not in p.name and "shift_jis" not in p.name),
)
def test_every_chinese_encoding_fixture_is_still_accepted(name: str) -> None:
    assert read_source(FIXTURES / name).text


def test_a_speech_over_the_size_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(SPEECH.encode("utf-8"))
        f.truncate(MAX_SPEECH_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ArchiveError) as caught:
        read_source(path)
    assert "MB" in str(caught.value) and "huge.txt" in str(caught.value)


def test_a_named_pipe_given_directly_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(_refusal(path)), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock the reader so the test process can end
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(5)
        pytest.fail("reading a named pipe blocked")
    assert "not a regular file" in str(outcome[0])


def test_dev_zero_is_refused_at_once() -> None:
    started = time.perf_counter()
    assert "not a regular file" in _refusal(Path("/dev/zero"))
    assert time.perf_counter() - started < 1


def _refusal(path: Path) -> str:
    try:
        read_source(path)
    except ArchiveError as exc:
        return str(exc)
    return "accepted"


def test_doctests() -> None:
    import doctest

    from build_scripts.read import source

    assert doctest.testmod(source).failed == 0
