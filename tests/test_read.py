"""Reading speech files: every accepted encoding decodes exactly; every bad file is refused with its message."""

from __future__ import annotations

import codecs
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


@pytest.mark.parametrize("end", ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c"], ids=repr)
def test_every_kind_of_line_end_ends_a_line(tmp_path: Path, end: str) -> None:
    path = tmp_path / "ends.txt"
    path.write_text(end.join(["在全县大会上的讲话", "同志们：", "今天开会。", ""]), encoding="utf-8")
    assert read_source(path).text == "在全县大会上的讲话\n同志们：\n今天开会。\n"


def test_a_very_short_gb18030_file_is_not_mistaken_for_big5() -> None:
    source = read_source(FIXTURES / "encoding_gb18030_short.txt")
    assert (source.encoding, source.text) == ("gb18030", "另一题目\n正文。\n")


# --- escapes: characters written as escapes are read as what they stand for, and counted ----------


def test_literal_line_break_escapes_are_read_as_line_breaks_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "cell.txt"
    path.write_text(
        r"政府工作报告\r\n2005年2月26日\r\n各位代表：\r\n现在，我代表县人民政府向大会报告工作。", encoding="utf-8"
    )
    source = read_source(path)
    assert source.text.split("\n") == [
        "政府工作报告",
        "2005年2月26日",
        "各位代表：",
        "现在，我代表县人民政府向大会报告工作。",
    ]
    assert source.escapes == (("\\r\\n", 3),)
    assert not source.verbatim  # the UTF-8 copy is the text as read, not the file's bytes


def test_a_lone_backslash_n_is_left_as_written(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("同志们：\n路径写作 C:\\new 不是换行。\n", encoding="utf-8")
    source = read_source(path)
    assert "C:\\new" in source.text and source.escapes == ()


def test_non_breaking_space_escapes_and_entities(tmp_path: Path) -> None:
    path = tmp_path / "nbsp.txt"
    path.write_text("&nbsp; 现在，我代表<U+00A0>县政府&ldquo;报告&rdquo;工作。\n", encoding="utf-8")
    source = read_source(path)
    assert source.text == "\xa0 现在，我代表\xa0县政府“报告”工作。\n"
    assert dict(source.escapes) == {"&nbsp;": 1, "<U+00A0>": 1, "&ldquo; &rdquo;": 2}


def test_a_saved_html_page_is_read_as_the_text_a_browser_shows(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>讲话_网站</title><script>var x = '<p>不是正文</p>';</script>"
        "<style>p { color: red }</style></head><body><div class='nav'>首页</div>"
        "<p><strong>携手建设更加美好的世界&mdash;&mdash;在高层对话会上的主旨讲话</strong></p>"
        "<p>（2017年12月1日，北京）</p><!-- 注释 --><p>尊敬的各位来宾：</p></body></html>"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    source = read_source(path)
    lines = [line for line in source.text.split("\n") if line.strip()]
    assert lines == [
        "讲话_网站",
        "首页",
        "携手建设更加美好的世界——在高层对话会上的主旨讲话",
        "（2017年12月1日，北京）",
        "尊敬的各位来宾：",
    ]
    assert source.escapes[0][0] == "HTML" and source.escapes[0][1] > 10


def test_doctests_of_the_reader() -> None:
    import doctest

    from build_scripts.read import source as source_mod

    failures, tried = doctest.testmod(source_mod)
    assert tried and not failures


# --- spreadsheet exports: one CSV row holding the document ------------------------------------

GENRE = Path(__file__).parent / "genre" / "texts"


def test_csv_row_is_read_as_its_fields_and_its_text() -> None:
    """A BOM, CRLF line ends, English column names, the text column not named full_text."""
    source = read_source(GENRE / "g24.txt")
    lines = source.text.split("\n")
    assert lines[:5] == ["id：17", "city：黄冈市", "county：罗田县", "year：2022", "title：罗田县2022年政府工作报告"]
    assert lines[5] == "政府工作报告" and lines[-1].endswith(
        "而努力奋斗！"
    )  # the closing quote is the row's, not the text's
    assert source.escapes == (("CSV", 6),)
    from build_scripts.read.source import escape_notes

    assert escape_notes(source.escapes)[0].startswith("表格导出的一行（CSV，6 列）")


def test_csv_quotes_inside_the_text_are_read_once(tmp_path: Path) -> None:
    body = '政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作，提出“稳中求进”和"高质量发展"的要求。'
    path = tmp_path / "a.csv.txt"
    path.write_text("year,title,full_text\n2023,报告," + '"' + body.replace('"', '""') + '"\n', encoding="utf-8")
    assert read_source(path).text.split("\n")[2:] == body.split("\n")


def test_csv_text_cell_with_a_lone_quote_is_still_read(tmp_path: Path) -> None:
    """An export that did not double a quote inside the text: the fields before it, the rest as the text."""
    body = '政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作，提出"稳中求进"的要求，请予审议。'
    path = tmp_path / "a.txt"
    path.write_text('year,title,full_text\n2023,"报告,全文","' + body + '"\n', encoding="utf-8")
    assert read_source(path).text.split("\n") == ["year：2023", "title：报告,全文", *body.split("\n")]


@pytest.mark.parametrize(
    "text",
    [
        # two rows: a table of documents is not one speech; left as it is
        'year,title,full_text\n2023,a,"各位代表：现在我代表县人民政府向大会报告工作请予审议并请列席"\n'
        '2024,b,"各位代表：现在我代表县人民政府向大会报告工作请予审议并请列席"\n',
        # a speech whose first line happens to hold commas
        "一,二,三\n同志们：今天召开全县大会，研究部署全年工作，大家要认真抓好落实。",
        # a row whose text column holds too little Chinese to be a document
        "a,b,c\n1,2,3\n",
    ],
)
def test_not_a_one_row_export_is_left_as_it_is(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    assert source.text == text and source.escapes == ()


def test_a_gbk_file_with_one_bad_byte_is_named_as_gbk_with_that_bytes_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    good = "在全县大会上的讲话\n同志们：\n今天召开全县工作会议。\n主要任务是总结工作。\n".encode("gbk")
    path.write_bytes(good + b"\x80\xff" + "部署任务。\n".encode("gbk"))
    with pytest.raises(ArchiveError) as caught:
        read_source(path)
    (problem,) = caught.value.problems
    assert problem.line == 5 and f"GB18030/GBK but for byte {len(good)} on line 5" in problem.what


def test_a_utf16_files_bad_character_is_on_the_line_counted_in_characters(tmp_path: Path) -> None:
    """上 is 0A 4E in UTF-16LE: counting 0x0A bytes put the error a line too far."""
    path = tmp_path / "u16.txt"
    path.write_bytes("\ufeff上级\n同志们：\n".encode("utf-16-le") + b"\x00\xd8" + "。\n".encode("utf-16-le"))
    with pytest.raises(ArchiveError) as caught:
        read_source(path)
    assert caught.value.problems[0].line == 3


def test_a_utf8_mark_before_gbk_bytes_reads_the_gbk_text(tmp_path: Path) -> None:
    """An editor that wrote the UTF-8 byte-order mark and then saved GBK: the text after the mark is
    read as GB18030 (was refused as invalid UTF-8); a mark before bytes of no encoding is still refused."""
    text = "在全县经济工作会议上的讲话\n同志们：\n今天召开全县经济工作会议。\n"
    path = tmp_path / "marked.txt"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("gbk"))
    source = read_source(path)
    assert (source.text, source.encoding) == (text, "gb18030")
    path.write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd\xfc" * 20)
    with pytest.raises(ArchiveError, match="utf-8-sig"):
        read_source(path)


def test_utf32_with_its_mark_is_read(tmp_path: Path) -> None:
    text = "在全县经济工作会议上的讲话\n同志们：\n"
    for codec in ("utf-32", "utf-32-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes((codecs.BOM_UTF32_BE if codec.endswith("be") else b"") + text.encode(codec))
        assert read_source(path).text == text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        # Hong Kong's HKSCS: 〇 in dates and 着 衆 啓 are outside plain Big5
        ("big5hkscs", "二〇二三年工作報告\n同志們：過去一年，我們着力推進衆多項目，啓動改革。\n"),
        ("cp950", "在全縣幹部大會上的講話\n同志們：這裏要嫺熟掌握政策。\n"),  # Windows' code page 950
        ("hz", "在全县经济工作会议上的讲话\n同志们：今天召开会议。\n"),  # RFC 1843: GB2312 in 7-bit ASCII
    ],
)
def test_big5_supersets_and_hz_are_read(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "s.txt"
    raw = text.encode(encoding)
    if encoding == "hz":
        assert raw.isascii()  # what would be read as UTF-8 text full of ~{ … ~}
    else:
        with pytest.raises(UnicodeDecodeError):
            raw.decode("big5")  # what plain Big5 refuses
    path.write_bytes(raw)
    source = read_source(path)
    assert (source.encoding, source.text) == (encoding, text)
