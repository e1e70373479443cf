"""Read one speech file: bytes → ``Source`` (decoded text, encoding, fingerprint).

Accepted: UTF-8 with or without BOM, UTF-16 or UTF-32 with BOM (and BOM-less UTF-16 whose NUL
pattern is unmistakable), GB18030/GBK, Big5. Refused with a teaching error: empty,
whitespace-only, binary (NUL bytes, document/image/archive signatures, control
characters) and text that decodes to nonsense in every candidate encoding.

Text that writes characters as escapes is read as what they stand for, and each kind is
counted in ``Source.escapes`` so the page can say so (nothing vanishes unaccounted):
literal ``\\r\\n`` (spreadsheet cells exported with escaped line breaks) as line breaks,
``&nbsp;``/``<U+00A0>`` and other HTML entities as their characters, and a saved HTML page
(``<!DOCTYPE html>``, or a list of ``<div>``/``<p>`` elements) as the text a browser shows:
block elements end lines, scripts, styles and comments are not text.

GB18030 decodes almost any byte sequence, so a legacy decoding is accepted only
when the result *reads* as Chinese text: mostly common Han characters,
punctuation and ASCII. ``charset-normalizer`` arbitrates between legacy
encodings when more than one decodes cleanly.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import os
import re
import stat
import unicodedata
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from build_scripts.errors import ArchiveError
from build_scripts.model import Source

# Signatures of files that are certainly not speech text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF binary)"),
)

_FIX_ENCODING = (
    "Save the file as UTF-8 text (any editor's 'Save as… UTF-8'), or as GB18030/GBK, "
    "Big5 or UTF-16 with a byte-order mark"
)

# Line ends: CRLF, CR, Unicode's line and paragraph separators, NEL, a form feed (a page's end).
_LINE_END = re.compile("\r\n?|[\u2028\u2029\x85\x0c]")
# Controls that never occur in text (tab, LF, CR, FF excluded).
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Unassigned, private-use or surrogate code points: a wrong decoding's hallmark.
_BAD_CATEGORIES = frozenset({"Cn", "Co", "Cs"})


def read_source(path: Path) -> Source:
    """Read and decode ``path``; raise ``ArchiveError`` when it is not a readable speech."""
    name = path.name
    raw = read_capped(path)
    text, encoding = decode(raw, name)
    text = _LINE_END.sub("\n", text)
    if not text.strip(" \t\n\u3000\ufeff\u200b\u200c\u200d\u2060\xa0"):
        raise ArchiveError.one(
            name,
            "holds only white space, no speech text",
            "Put the speech's text in the file, or delete the file",
        )
    text = unicodedata.normalize("NFC", text)
    text, escapes = unescape(text)
    return Source(
        id=path.stem,
        name=name,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        text=text,
        verbatim=raw == text.encode("utf-8"),
        escapes=escapes,
    )


# Literal backslash escapes of line breaks, as a spreadsheet or JSON export writes them.
_LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
# Non-breaking spaces written out by scrapers: the entity, or the code point's name.
_LITERAL_NBSP = re.compile(r"&nbsp;?|<U\+00A0>", re.IGNORECASE)
# Other HTML character references (named or numeric) left in text.
_LITERAL_MEANING = re.compile(r"&(?:amp|lt|gt|quot|apos|#[xX]?[0-9a-fA-F]+);")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")
_HTML_START = re.compile(
    r"^\s*(?:<!DOCTYPE\s+html|<html[\s>]|<\?xml|\[?<(?:div|p|h[1-6]|table|body|section|article)[\s>])", re.I
)


def unescape(text: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    """Read escapes as what they stand for; return the text and ``(escape, count)`` per kind.

    >>> unescape("政府工作报告\\\\r\\\\n2005年2月26日\\\\r\\\\n各位代表：\\\\r\\\\n现在")
    ('政府工作报告\\n2005年2月26日\\n各位代表：\\n现在', (('\\\\r\\\\n', 3),))
    >>> unescape("标题\\\\r\\\\n&nbsp; 现在，我代表&ldquo;县政府&rdquo;\\\\r\\\\n各位\\\\r\\\\n")[0].split("\\n")
    ['标题', '\\xa0 现在，我代表“县政府”', '各位', '']
    >>> unescape("A&amp;B 与 &#42; &lt;")  # a plain text may mean these as written
    ('A&amp;B 与 &#42; &lt;', ())
    >>> unescape("同志们：\\n今天开会。\\n")
    ('同志们：\\n今天开会。\\n', ())
    """
    counts: list[tuple[str, int]] = []
    row = csv_document(text)
    if row is not None:
        text, columns = row
        counts.append(("CSV", columns))
    if _HTML_START.match(text):
        text, tags = html_text(text)
        counts.append(("HTML", tags))
    breaks = _LITERAL_BREAK.findall(text)
    scraped = bool(counts) or len(breaks) >= 3  # a saved web page, or an export that wrote its line breaks out
    if len(breaks) >= 3:  # a lone "\n" may be meant as written; a file of them writes its line breaks so
        text = _LITERAL_BREAK.sub("\n", text)
        counts.extend(Counter(breaks).most_common())
    # Typographic entities (``&nbsp;``, ``<U+00A0>``, ``&ldquo;``, ``&mdash;``) are never meant as written
    # in a speech: a scraper left them. ``&amp;``, ``&lt;``, ``&gt;``, ``&quot;`` and numeric references
    # may be (a text about web addresses or markup), so they are read only in a scraped text.
    spaces = _LITERAL_NBSP.findall(text)
    if spaces:
        text = _LITERAL_NBSP.sub("\xa0", text)
        counts.extend(Counter(spaces).most_common())
    entities: list[str] = []

    def entity(m: re.Match[str]) -> str:
        value = html.unescape(m.group())
        if value == m.group() or (not scraped and _LITERAL_MEANING.match(m.group())):
            return m.group()  # not an entity HTML knows, or one a plain text may mean: left as written
        entities.append(m.group())
        return value

    text = _ENTITY.sub(entity, text)
    if entities:
        counts.append((" ".join(dict.fromkeys(entities)), len(entities)))
    return text, tuple(counts)


def escape_notes(escapes: tuple[tuple[str, int], ...]) -> list[str]:
    """What the page says about the escapes read as what they stand for, one line each.

    >>> escape_notes((("\\\\r\\\\n", 85), ("&nbsp;", 4), ("HTML", 723), ("&ldquo; &rdquo;", 2)))
    ['字面的 \\\\r\\\\n 85 处，按换行显示', '&nbsp; 4 处，按空格显示', '网页源码（HTML 标记 723 处），只显示网页上的文字', '&ldquo; &rdquo; 2 处，按其所代表的字符显示']
    """
    notes = []
    for text, n in escapes:
        if text == "CSV":
            notes.append(f'表格导出的一行（CSV，{n} 列）：各列按“列名：值”一行一列显示，正文列显示其内容（"" 读作 "）')
        elif text == "HTML":
            notes.append(f"网页源码（HTML 标记 {n} 处），只显示网页上的文字")
        elif _LITERAL_BREAK.fullmatch(text):
            notes.append(f"字面的 {text} {n} 处，按换行显示")
        elif _LITERAL_NBSP.fullmatch(text):
            notes.append(f"{text} {n} 处，按空格显示")
        else:
            notes.append(f"{text} {n} 处，按其所代表的字符显示")
    return notes


# A spreadsheet or database export saved as CSV: a line of column names, then the one row whose
# text column holds the document (quoted, a quote written ""). Column names are identifiers
# (``full_text``, ``publish_date``) or short Chinese words (``正文``, ``发布日期``).
_COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_ .\-]{0,30}|[\u4e00-\u9fff]{1,8}")
_TEXT_COLUMN = re.compile(
    r"full[_ ]?text|content|text|body|article|正文|全文|内容|文本|报告全文|原文|文章内容|正文内容", re.IGNORECASE
)
_MIN_HAN_IN_TEXT = 20


def csv_document(text: str) -> tuple[str, int] | None:
    """A one-row CSV export as lines ``column：value`` with the text column's content in column
    order, and the number of columns; None when ``text`` is not such an export.

    >>> doc, n = csv_document('year,title,publish_date,full_text\\n2026,2026年政府工作报告,2026-02-10,"政府工作报告\\n'
    ...                         '各位代表：\\n现在，我代表省人民政府向大会报告工作，请予审议。他说""好""。"\\n')
    >>> n, doc.split("\\n")
    (4, ['year：2026', 'title：2026年政府工作报告', 'publish_date：2026-02-10', '政府工作报告', '各位代表：', '现在，我代表省人民政府向大会报告工作，请予审议。他说"好"。'])
    >>> csv_document("同志们：\\n今天，我们召开全县大会，研究部署今年工作。") is None
    True
    """
    newline = text.find("\n")
    if newline < 0:
        return None
    head = text[:newline].strip().lstrip("\ufeff")
    delimiter = "," if head.count(",") >= 2 else "\t" if head.count("\t") >= 2 else None
    if delimiter is None:
        return None
    columns = [c.strip().strip('"').strip() for c in head.split(delimiter)]
    if len(columns) < 3 or len(set(columns)) < len(columns) or not all(_COLUMN_NAME.fullmatch(c) for c in columns):
        return None
    at = next((i for i, c in enumerate(columns) if _TEXT_COLUMN.fullmatch(c)), None)
    try:
        rows = [r for r in csv.reader(io.StringIO(text[newline + 1 :]), delimiter=delimiter, strict=True) if r]
    except csv.Error:
        rows = _lenient_row(text[newline + 1 :], len(columns), delimiter) if at in (None, len(columns) - 1) else []
    if len(rows) != 1 or len(rows[0]) < len(columns):
        return None  # no row, or many (a table of documents is not one speech)
    row = rows[0]
    if len(row) > len(columns):  # commas in an unquoted text column: it takes the rest
        if at is not None and at != len(columns) - 1:
            return None
        row = row[: len(columns) - 1] + [delimiter.join(row[len(columns) - 1 :])]
    if at is None:
        at = max(range(len(row)), key=lambda i: len(row[i]))
    if len(_HAN.findall(row[at])) < _MIN_HAN_IN_TEXT:
        return None
    lines = [row[i] if i == at else f"{c}：{' '.join(row[i].split())}" for i, c in enumerate(columns)]
    return "\n".join(lines), len(columns)


_HAN = re.compile("[\u4e00-\u9fff]")


def _lenient_row(rest: str, columns: int, delimiter: str) -> list[list[str]]:
    """A row whose last (text) cell breaks CSV's quoting (a lone " inside it): the fields before
    it as CSV reads them, the rest of the file as the text, without the quotes around it.

    >>> _lenient_row('2026,"a,b","他说"好"\\n完"\\n', 3, ",")
    [['2026', 'a,b', '他说"好"\\n完']]
    """
    cell = rf'(?:"(?:[^"]|"")*"|[^{delimiter}"\n]*)'
    m = re.match(rf"(?:{cell}{delimiter}){{{columns - 1}}}", rest)
    if m is None:
        return []
    fields = next(csv.reader(io.StringIO(m.group()[:-1]), delimiter=delimiter))
    body = rest[m.end() :].rstrip("\n")
    if body.startswith('"') and body.endswith('"') and len(body) > 1:
        body = body[1:-1]
    return [[*fields, body]] if len(fields) == columns - 1 else []


_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead title tr ul".split()
)
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "head"))


class _TextOfHtml(HTMLParser):
    """The text a browser shows: block elements end lines; scripts, styles, head and comments are not text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in _HIDDEN_TAGS and tag != "head":
            self.hidden += 1
        elif tag == "title":
            self.parts.append("\n")
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.tags += 1
        if tag in _HIDDEN_TAGS and tag != "head":
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags += 1


def html_text(page: str) -> tuple[str, int]:
    """The text of an HTML page or fragment, one line per block element, and how many tags it had.

    >>> html_text('[<div class="x"><h4>各位代表：</h4><p>现在，&ldquo;我&rdquo;代表</p></div>]')
    ('[\\n\\n各位代表：\\n\\n现在，“我”代表\\n\\n]', 6)
    """
    parser = _TextOfHtml()
    parser.feed(page)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"[ \t\r]*\n[ \t\r\n]*\n", "\n\n", text), parser.tags


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Decode a speech file's bytes; return ``(text, encoding)`` or raise ``ArchiveError``.

    >>> decode("同志们：".encode("utf-8"), "x.txt")
    ('同志们：', 'utf-8')
    >>> decode(codecs.BOM_UTF8 + "同志们".encode("utf-8"), "x.txt")
    ('同志们', 'utf-8-sig')
    >>> decode("同志们：今天的会议很重要。".encode("gb18030"), "x.txt")[1]
    'gb18030'
    >>> decode(codecs.BOM_UTF8 + "同志们：今天的会议很重要。".encode("gbk"), "x.txt")
    ('同志们：今天的会议很重要。', 'gb18030')
    >>> decode("同志们".encode("utf-32"), "x.txt")
    ('同志们', 'utf-32')
    """
    if not raw:
        raise ArchiveError.one(name, "is empty (0 bytes)", "Put the speech's text in the file, or delete it")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ArchiveError.one(
                name,
                f"is {what}, not a text file",
                "Convert it to plain text (UTF-8) and save it with a .txt name, or move it out of the corpus",
            )
    if raw.startswith(codecs.BOM_UTF8):
        try:
            raw[3:].decode("utf-8")
        except UnicodeDecodeError:  # an editor that wrote a UTF-8 mark before GBK bytes: read what follows it
            try:
                text, encoding = _decode_legacy(raw[3:], name)
            except ArchiveError:
                pass  # neither: the error names the UTF-8 mark and the first bad byte
            else:
                return _require_chinese(text, encoding, raw[3:], name)
        return _strict(raw, "utf-8-sig", name), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (before UTF-16: FF FE begins both)
        return _strict(raw, "utf-32", name), "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", name), "utf-16"
    bomless_utf16 = _bomless_utf16(raw)
    if bomless_utf16:
        return _strict(raw, bomless_utf16, name), bomless_utf16
    if b"\x00" in raw:
        raise ArchiveError.one(
            name,
            "contains NUL bytes: it is a binary file, not text",
            "Convert it to plain text (UTF-8), or move it out of the corpus",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _require_text(text, "utf-8", name)
        if "~{" in text and text.isascii():  # HZ (RFC 1843): GB2312 in 7-bit ASCII, ~{ … ~} around the Chinese
            hz = _hz(raw)
            if hz is not None:
                return hz, "hz"
        return text, "utf-8"
    return _require_chinese(*_decode_legacy(raw, name), raw, name)


def _hz(raw: bytes) -> str | None:
    """The text of a file in HZ, if it is one (it reads as HZ, with Chinese in it).

    >>> _hz("同志们：今天开会。".encode("hz")), _hz(b"a ~{ b ~} c")
    ('同志们：今天开会。', None)
    """
    try:
        text = raw.decode("hz")
    except UnicodeDecodeError:
        return None
    return text if _common_simplified_share(text) >= 0.9 and _plausibility(text) >= 0.9 else None


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:  # lines counted in characters: a UTF-16 character may hold 0x0A
        line = raw[: exc.start].decode(encoding, "replace").count("\n") + 1
        raise ArchiveError.one(
            name,
            f"is marked as {encoding} but byte {exc.start} (line {line}) is not valid {encoding}",
            _FIX_ENCODING,
            line=line,
        ) from None
    _require_text(text, encoding, name)
    return text


def _bomless_utf16(raw: bytes) -> str | None:
    """Name the UTF-16 byte order of a BOM-less file whose NUL bytes betray it, if it reads as text."""
    if len(raw) < 4 or len(raw) % 2 or b"\x00" not in raw:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            score = _plausibility(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
        if score >= 0.95 and (best is None or score > best[0]):
            best = (score, encoding)
    return best[1] if best else None


# The legacy Chinese encodings, by family: GB18030 (GBK, GB2312 within it); Big5, then its supersets:
# Windows' code page 950 (嫺 裏) and Hong Kong's HKSCS (〇 着 衆 啓 峯: common in Hong Kong and Taiwan texts).
_LEGACY = (("gb18030",), ("big5", "cp950", "big5hkscs"))
_FAMILY_OF = {encoding: family[0] for family in _LEGACY for encoding in family}  # charset-normalizer names the first


def _decode_legacy(raw: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)`` of a file that is not UTF-8.

    >>> _decode_legacy("二〇二三年，我們着力推進".encode("big5hkscs"), "x.txt")
    ('二〇二三年，我們着力推進', 'big5hkscs')
    >>> _decode_legacy("我們嫺熟".encode("cp950"), "x.txt")
    ('我們嫺熟', 'cp950')
    """
    candidates: list[tuple[float, str, str]] = []
    for family in _LEGACY:
        for encoding in family:  # the first of a family that reads the bytes
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((_plausibility(text), encoding, text))
            break
    plausible = [c for c in candidates if c[0] >= 0.9]
    if plausible and plausible[0][1] == "gb18030" and _common_simplified_share(plausible[0][2]) >= 0.9:
        return plausible[0][2], "gb18030"  # reads as everyday simplified Chinese: no need to guess
    if len(plausible) > 1:
        guess = _normalizer_guess(raw)
        chosen = next((c for c in plausible if _FAMILY_OF[c[1]] == guess), max(plausible))
        return chosen[2], chosen[1]
    if plausible:
        return plausible[0][2], plausible[0][1]
    label, at = _furthest_read(raw)
    line = raw[:at].count(b"\n") + 1 if at is not None else None
    where = (
        f"first invalid {label} byte on line {line}"
        if label == "UTF-8"
        else f"it reads as {label} but for byte {at} on line {line}"
    )
    raise ArchiveError.one(
        name,
        "is not valid UTF-8, and does not read as Chinese text in GB18030/GBK or Big5 either"
        + (f" ({where})" if line else ""),
        _FIX_ENCODING,
        line=line,
    )


@cache
def _gb2312_level1() -> frozenset[str]:
    """The 3,755 most common simplified characters (GB2312 level 1, rows 16–55)."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _common_simplified_share(text: str) -> float:
    """Share of Han characters that are everyday simplified ones; mojibake scores low.

    >>> _common_simplified_share("另一题目，正文。")
    1.0
    """
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    common = _gb2312_level1()
    return sum(ch in common for ch in han) / len(han)


def _normalizer_guess(raw: bytes) -> str | None:
    """charset-normalizer's pick between the legacy Chinese encodings, or None."""

    best = from_bytes(raw, cp_isolation=["gb18030", "big5"]).best()
    return None if best is None else codecs.lookup(best.encoding).name.replace("_", "")


def _furthest_read(raw: bytes) -> tuple[str, int | None]:
    """The encoding that reads furthest into ``raw`` before an invalid byte, as text, and that byte's
    offset (a GBK file with one bad byte is named as GBK, its bad byte's line given; else UTF-8's).

    >>> _furthest_read("同志们：\\n今天召开全县工作会议，总结工作。\\n".encode("gbk") + b"\\x80\\xff")
    ('GB18030/GBK', 42)
    >>> _furthest_read(b"\\xff\\xfe\\xfd")
    ('UTF-8', 0)
    """
    furthest: tuple[str, int | None] = ("UTF-8", None)
    for label, encoding in (("UTF-8", "utf-8"), ("GB18030/GBK", "gb18030"), ("Big5", "big5")):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            further = furthest[1] is None or exc.start > furthest[1] + 16  # clearly further, not by chance
            if further and (label == "UTF-8" or _plausibility(raw[: exc.start].decode(encoding)) >= 0.9):
                furthest = (label, exc.start)
    return furthest


def _plausibility(text: str) -> float:
    """Share of characters that are ordinary text: ASCII, CJK, CJK punctuation.

    >>> _plausibility("同志们：今天开会。")
    1.0
    """
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\n\t\r\u3000"
            or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2010 <= o <= 0x2027
        ):
            good += 1
    return good / len(text)


def _require_text(text: str, encoding: str, name: str) -> None:
    """Refuse decoded text that is really binary: control characters or unassigned code points."""
    sample = text[:200_000]
    bad = _BAD_CONTROL.search(sample)
    if bad:
        line = sample[: bad.start()].count("\n") + 1
        raise ArchiveError.one(
            name,
            f"contains the control character U+{ord(bad.group()):04X} on line {line}: "
            "it looks like a binary file, not text",
            "Convert it to plain text (UTF-8), or move it out of the corpus",
            line=line,
        )
    # by distinct character: a speech repeats a few thousand characters, so this is quick
    weird = sum(n for ch, n in Counter(sample).items() if unicodedata.category(ch) in _BAD_CATEGORIES)
    if weird > max(3, len(sample) // 200):
        raise ArchiveError.one(
            name,
            f"decodes as {encoding} only to {weird} unassigned or private-use characters: "
            "it is binary or in an unknown encoding",
            _FIX_ENCODING,
        )


# --- limits: what a speech file may be (issue 15) -----------------------------------------------

MAX_SPEECH_BYTES = 10_000_000  # 10 MB: some 3 million characters; the longest real reports are ~0.4 MB


def read_capped(path: Path, limit: int = MAX_SPEECH_BYTES, what: str = "one speech") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``ArchiveError`` otherwise.

    Opened without blocking and checked before reading: a named pipe would wait for a writer
    forever, ``/dev/zero`` would fill the memory. ``what`` names the file in the message.
    """
    name = path.name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ArchiveError.one(
            name, f"cannot be read ({exc.strerror})", "Check the file's permissions and that it exists"
        ) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArchiveError.one(
                name,
                "is not a regular file (a pipe or a device): reading it could block or never end",
                "Give an ordinary file",
            )
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise ArchiveError.one(name, *too_big(info.st_size, limit, what))
    return raw


def too_big(size: int, limit: int = MAX_SPEECH_BYTES, what: str = "one speech") -> tuple[str, str]:
    """What is wrong and what to do, for a file of ``size`` bytes over ``limit``.

    >>> too_big(12_345_678)[0]
    'is 12.3 MB; one speech may be at most 10 MB (the longest real speeches and reports are under 1 MB)'
    """
    if what != "one speech":
        return f"is {size / 1e6:.1f} MB; {what} may be at most {limit / 1e6:.0f} MB", "Check that it is the right file"
    return (
        f"is {size / 1e6:.1f} MB; one speech may be at most {limit / 1e6:.0f} MB "
        "(the longest real speeches and reports are under 1 MB)",
        "Check that it is one speech; split a file holding many speeches into one file per speech",
    )


# The 200 commonest characters of written Chinese (by their frequency in jieba's dictionary),
# then the traditional forms of those that have one. Chinese prose, simplified or traditional,
# from any place or year, is 40-60% these characters (the 112 texts of the development corpus:
# 42% at the least); Korean or Japanese bytes read as GB18030 or Big5 give a few percent.
_COMMON_HAN = frozenset(
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主"
    "长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还"
    "然起种所如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间"
    "无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路"
    "被并利石老教万知"
    "國爲這個來會時學說們於後發對長過業裏經門動進區開產軍還種現機體與當兩實麼關從內沒將員東頭間無見戰"
    "點場數樣問並萬"
)
_MIN_HAN = 20  # below this, too few characters to judge
_MIN_COMMON = 0.15


def _require_chinese(text: str, encoding: str, raw: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)`` of a legacy decoding when it reads as Chinese prose; ``ArchiveError`` when
    it is another language's bytes read as Chinese (EUC-KR or Shift-JIS read as GB18030 is all Han).

    >>> _require_chinese("同志们：今天开会。" * 3, "gb18030", b"", "x.txt")[1]
    'gb18030'
    """
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if len(han) < _MIN_HAN:
        return text, encoding
    share = sum(ch in _COMMON_HAN for ch in han) / len(han)
    if share >= _MIN_COMMON:
        return text, encoding
    language = _other_language(raw)
    guess = f"; it reads as {language}" if language else ""
    raise ArchiveError.one(
        name,
        f"decodes as {encoding.upper()} but does not read as Chinese (only {share:.0%} of its characters are "
        f"common Chinese ones, against 40% or more in Chinese prose){guess}",
        "The archive holds Chinese texts: save a Chinese speech as UTF-8, or move the file out of the corpus",
    )


_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA = re.compile("[\u3040-\u30ff]")
_OTHER_LANGUAGES = (  # a decoding names the language only when its own script shows up in it
    ("euc_kr", "Korean (EUC-KR)", _HANGUL),
    ("shift_jis", "Japanese (Shift-JIS)", _KANA),
    ("euc_jp", "Japanese (EUC-JP)", _KANA),
)


def _other_language(raw: bytes) -> str | None:
    """The Korean or Japanese encoding ``raw`` reads as, if one does."""
    for codec, label, script in _OTHER_LANGUAGES:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = sum(1 for ch in text if ord(ch) > 0x7F)
        if wide and len(script.findall(text)) >= wide / 4:
            return label
    return None
