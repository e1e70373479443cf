"""Read one speech file: bytes → ``Source`` (decoded text, encoding, fingerprint).

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (and BOM-less UTF-16 whose NUL
pattern is unmistakable), GB18030/GBK, Big5. Refused with a teaching error: empty,
whitespace-only, binary (NUL bytes, document/image/archive signatures, control
characters) and text that decodes to nonsense in every candidate encoding.

GB18030 decodes almost any byte sequence, so a legacy decoding is accepted only
when the result *reads* as Chinese text: mostly common Han characters,
punctuation and ASCII. ``charset-normalizer`` arbitrates between legacy
encodings when more than one decodes cleanly.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections import Counter
from functools import cache
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

# Controls that never occur in text (tab, LF, CR, FF excluded).
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Unassigned, private-use or surrogate code points: a wrong decoding's hallmark.
_BAD_CATEGORIES = frozenset({"Cn", "Co", "Cs"})


def read_source(path: Path) -> Source:
    """Read and decode ``path``; raise ``ArchiveError`` when it is not a readable speech."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArchiveError.one(
            name, f"cannot be read ({exc.strerror})", "Check the file's permissions and that it exists"
        ) from None
    text, encoding = decode(raw, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip(" \t\n\u3000\ufeff\u200b\u200c\u200d\u2060\xa0"):
        raise ArchiveError.one(
            name,
            "holds only white space, no speech text",
            "Put the speech's text in the file, or delete the file",
        )
    text = unicodedata.normalize("NFC", text)
    return Source(
        id=path.stem,
        name=name,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        text=text,
        verbatim=raw == text.encode("utf-8"),
    )


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Decode a speech file's bytes; return ``(text, encoding)`` or raise ``ArchiveError``.

    >>> decode("同志们：".encode("utf-8"), "x.txt")
    ('同志们：', 'utf-8')
    >>> decode(codecs.BOM_UTF8 + "同志们".encode("utf-8"), "x.txt")
    ('同志们', 'utf-8-sig')
    >>> decode("同志们：今天的会议很重要。".encode("gb18030"), "x.txt")[1]
    'gb18030'
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
        return _strict(raw, "utf-8-sig", name), "utf-8-sig"
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
        return text, "utf-8"
    return _decode_legacy(raw, name)


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
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


def _decode_legacy(raw: bytes, name: str) -> tuple[str, str]:
    candidates: list[tuple[float, str, str]] = []
    for encoding in ("gb18030", "big5"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), encoding, text))
    plausible = [c for c in candidates if c[0] >= 0.9]
    if plausible and plausible[0][1] == "gb18030" and _common_simplified_share(plausible[0][2]) >= 0.9:
        return plausible[0][2], "gb18030"  # reads as everyday simplified Chinese: no need to guess
    if len(plausible) > 1:
        guess = _normalizer_guess(raw)
        chosen = next((c for c in plausible if c[1] == guess), max(plausible))
        return chosen[2], chosen[1]
    if plausible:
        return plausible[0][2], plausible[0][1]
    line = _first_bad_line(raw)
    raise ArchiveError.one(
        name,
        "is not valid UTF-8, and does not read as Chinese text in GB18030/GBK or Big5 either"
        + (f" (first invalid UTF-8 byte on line {line})" if line else ""),
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


def _first_bad_line(raw: bytes) -> int | None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return None


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
