"""Reading speech files: every accepted encoding decodes exactly; every bad file is refused with its message."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.errors import ArchiveError
from build_scripts.read.source import read_source

FIXTURES = Path(__file__).parent / "fixtures"
SIMPLIFIED = "在全县经济工作会议上的讲话\n同志们：\n今天召开全县经济工作会议，主要任务是总结工作、部署任务。\n一、坚定信心抓发展。我们要牢记“两个确立”。\n"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("encoding_utf8.txt", "utf-8"),
        ("encoding_utf8_bom.txt", "utf-8-sig"),
        ("encoding_gb18030.txt", "gb18030"),
        ("encoding_gbk_crlf.txt", "gb18030"),
        ("encoding_utf16le_bom.txt", "utf-16"),
        ("encoding_utf16be_bom.txt", "utf-16"),
        ("encoding_utf16le_nobom.txt", "utf-16-le"),
    ],
)
def test_each_encoding_decodes_to_the_same_text(name: str, encoding: str) -> None:
    source = read_source(FIXTURES / name)
    assert source.encoding == encoding
    assert source.text == SIMPLIFIED  # CRLF normalised, BOM dropped, nothing else changed
    assert source.id == Path(name).stem
    assert len(source.sha256) == 64


def test_big5_is_read_as_traditional_text() -> None:
    source = read_source(FIXTURES / "encoding_big5.txt")
    assert source.encoding == "big5"
    assert source.text.startswith("在全縣經濟工作會議上的講話\n同志們：")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_empty.txt", "bad_empty.txt: is empty (0 bytes). Put the speech's text in the file, or delete it"),
        (
            "bad_whitespace_only.txt",
            "bad_whitespace_only.txt: holds only white space, no speech text. Put the speech's text in the file, or delete the file",
        ),
        (
            "bad_png.txt",
            "bad_png.txt: is a PNG image, not a text file. Convert it to plain text (UTF-8) and save it with a .txt name, or move it out of the corpus",
        ),
        (
            "bad_pdf.txt",
            "bad_pdf.txt: is a PDF document, not a text file. Convert it to plain text (UTF-8) and save it with a .txt name, or move it out of the corpus",
        ),
        (
            "bad_nul_bytes.txt",
            "bad_nul_bytes.txt: contains NUL bytes: it is a binary file, not text. Convert it to plain text (UTF-8), or move it out of the corpus",
        ),
        (
            "bad_random_bytes.txt",
            "bad_random_bytes.txt:1: is not valid UTF-8, and does not read as Chinese text in GB18030/GBK or Big5 either (first invalid UTF-8 byte on line 1). Save the file as UTF-8 text (any editor's 'Save as… UTF-8'), or as GB18030/GBK, Big5 or UTF-16 with a byte-order mark",
        ),
    ],
)
def test_bad_files_are_refused_with_a_teaching_message(name: str, message: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        read_source(FIXTURES / name)
    assert str(caught.value) == message


def test_undecodable_bytes_in_otherwise_good_utf8_name_the_line(tmp_path: Path) -> None:
    good = "同志们：\n今天开会。\n".encode()
    path = tmp_path / "broken.txt"
    path.write_bytes(good + b"\xff\xfe\xfd\x80\x81\x82\x00\x00\x00\x01\x02")
    with pytest.raises(ArchiveError) as caught:
        read_source(path)
    assert caught.value.problems[0].file == "broken.txt"


def test_zero_width_and_full_width_spaces_are_kept_inside_lines(tmp_path: Path) -> None:
    text = "同志们：\n今天\u200b开会，　大家辛苦了。\n"
    path = tmp_path / "zw.txt"
    path.write_text(text, encoding="utf-8")
    assert read_source(path).text == text


def test_a_very_short_gb18030_file_is_not_mistaken_for_big5() -> None:
    source = read_source(FIXTURES / "encoding_gb18030_short.txt")
    assert (source.encoding, source.text) == ("gb18030", "另一题目\n正文。\n")
