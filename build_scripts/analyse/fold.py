"""Fold spellings for matching, never for display: one table serves search and the slogan index.

Both search (``index/search.py``) and the slogan matcher (``analyse/occurrences.py``) treat a
traditional character as its simplified form (兩個確立 is 两个确立) and skip zero-width characters
(两个\\u200b确立). Search also ignores white space; the slogan index also reads full-width Latin
letters, digits and signs as their ASCII forms (１＋１＋Ｎ is 1+1+N). The tables come from one place,
``fold_table``, with OpenCC's character table (``t2s_pairs``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import opencc  # the package ships its dictionaries as text files

from build_scripts.model import Document, Evidence

# White space (Unicode White_Space) and zero-width characters: dropped on both sides.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

#: Full-width digits, Latin letters and the signs of formulas (＋ ％), and their ASCII forms. Full-width
#: punctuation (，；：) is how Chinese is written, not a variant: it is not folded.
WIDTH_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (chr(ord(c) + 0xFEE0), c) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+%"
)


@lru_cache(maxsize=1)
def t2s_pairs() -> tuple[tuple[str, str], ...]:
    """The 1:1 traditional -> simplified pairs used for folding, sorted.

    Taken from OpenCC's ``TSCharacters.txt``: its first candidate, the one OpenCC
    converts to. Not mapped: a character OpenCC keeps as it is (its first candidate
    is itself: 覆 in 覆盖, 瞭 in 瞭望, 藉 in 狼藉 are simplified text too; mapping
    覆 to 复 made 复盖 find every 覆盖), and a simplified character with traditional
    forms of its own (a key of ``STCharacters.txt``). OpenCC does convert 乾, 於,
    徵, 夥, 剋 and 薹, which simplified text also writes, rarely (乾坤, 菜薹).

    >>> dict(t2s_pairs())["兩"], dict(t2s_pairs())["確"], dict(t2s_pairs())["於"]
    ('两', '确', '于')
    >>> [c in dict(t2s_pairs()) for c in "著干覆瞭藉彷"]
    [False, False, False, False, False, False]
    """
    folder = Path(opencc.__file__).parent / "dictionary"
    ts = _read_opencc(folder / "TSCharacters.txt")
    st = _read_opencc(folder / "STCharacters.txt")
    pairs = []
    for trad, cands in ts.items():
        simp = cands[0]
        if len(trad) != 1 or len(simp) != 1 or simp == trad:
            continue
        if trad in st or trad in WHITESPACE + ZERO_WIDTH:
            continue
        pairs.append((trad, simp))
    return tuple(sorted(pairs))


def _read_opencc(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            table[key] = values.split(" ")
    return table


def fold_table(pairs: Sequence[tuple[str, str]], drop: str = WHITESPACE + ZERO_WIDTH) -> dict[int, str | None]:
    """A ``str.translate`` table: drop the characters of ``drop``, map the pairs."""
    table: dict[int, str | None] = {ord(c): None for c in drop}
    for old, new in pairs:
        table[ord(old)] = new
    return table


def fold(text: str, table: dict[int, str | None]) -> str:
    """Fold ``text`` for matching (never for display).

    >>> t = fold_table((("兩", "两"), ("個", "个")))
    >>> fold("兩個\u3000确立\u200b ok", t)
    '两个确立ok'
    """
    return text.translate(table)


@lru_cache(maxsize=1)
def spelling_table() -> dict[int, str | None]:
    """The slogan index's folding: traditional → simplified, full-width → ASCII, zero-width dropped.

    White space is kept: a space inside a slogan is written, not invisible.

    >>> fold("兩個\u200b確立，１＋１＋Ｎ", spelling_table())
    '两个确立，1+1+N'
    """
    return fold_table(t2s_pairs() + WIDTH_PAIRS, drop=ZERO_WIDTH)


def spell(text: str) -> str:
    """``text`` in the slogan index's folding (``spelling_table``): how a written form is looked up.

    >>> spell("兩個確立"), spell("两个确立")
    ('两个确立', '两个确立')
    """
    return text.translate(spelling_table())


@lru_cache(maxsize=1)
def spellings() -> dict[str, str]:
    """Every folded character with the characters that fold to it, itself first (matching classes).

    >>> spellings()["两"], spellings()["1"]
    ('两兩', '1１')
    """
    out: dict[str, str] = {}
    for code, new in spelling_table().items():
        if new is not None:
            out[new] = out.get(new, new) + chr(code)
    return out


# Mapped characters that simplified text writes too (覆盖, 乾坤, 蒜薹): no sign of a traditional text.
_ALSO_SIMPLIFIED = "覆乾薹瞭夥"


@lru_cache(maxsize=1)
def _traditional() -> tuple[frozenset[str], dict[int, str | None]]:
    """The characters that mark a text as traditional, and the table that makes it simplified, one for one."""
    pairs = t2s_pairs()
    return frozenset(t for t, _ in pairs if t not in _ALSO_SIMPLIFIED), fold_table(pairs, drop="")


def simplified(text: str) -> str:
    """``text`` with every traditional character as its simplified form, one for one (offsets kept);
    ``text`` itself when it has none.

    >>> simplified("同志們：今天開會。"), simplified("同志们")
    ('同志们：今天开会。', '同志们')
    """
    marks, table = _traditional()
    return text if marks.isdisjoint(text) else text.translate(table)


_ZERO_WIDTH = frozenset(ZERO_WIDTH)
_NO_ZERO_WIDTH: dict[int, str | None] = {ord(c): None for c in ZERO_WIDTH}


# A reprint's pinyin after a character (新區(qū)開(kāi)發(fā)), with its tone mark (so no English word in brackets).
_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"
)


def reading(text: str) -> str:
    """``text`` as the rules read it: traditional characters as simplified (one for one),
    zero-width characters dropped (a web page's U+200B inside a word) and a reprint's pinyin
    glosses too; ``text`` itself when it has none. ``reading_places`` says where each character
    read is written.

    >>> reading("中央\u200b委員會"), reading("中央委员会"), reading("新區(qū)開(kāi)發(fā)建設(shè)會")
    ('中央委员会', '中央委员会', '新区开发建设会')
    """
    read = simplified(text)
    places = _kept(read)
    if places is not None:
        return "".join(read[i] for i in places)
    return read if _ZERO_WIDTH.isdisjoint(read) else read.translate(_NO_ZERO_WIDTH)


def _kept(text: str) -> list[int] | None:
    """Where the characters ``reading`` keeps are when ``text`` has pinyin glosses; else None."""
    if "(" not in text and "（" not in text:
        return None
    glosses = list(_GLOSS.finditer(text))
    if not glosses:
        return None
    dropped = {i for g in glosses for i in range(g.start(), g.end())}
    return [i for i, c in enumerate(text) if i not in dropped and c not in _ZERO_WIDTH]


def reading_places(text: str) -> list[int]:
    """Where each character of ``reading(text)`` is written in ``text``.

    >>> reading_places("兩個\u200b確立"), reading_places("開(kāi)發(fā)")
    ([0, 1, 3, 4], [0, 6])
    """
    kept = _kept(text)
    return kept if kept is not None else written_places(text)


def written_places(text: str) -> list[int]:
    """Where each character of ``text`` without its zero-width characters is in ``text``.

    >>> written_places("兩個\u200b確立")
    [0, 1, 3, 4]
    """
    return [i for i, c in enumerate(text) if c not in _ZERO_WIDTH]


def written_span(text: str, places: list[int] | None, at: int, n: int) -> str:
    """The ``n`` characters read at ``at`` as ``text`` writes them (``places``: ``written_places``,
    or None when nothing was dropped), zero-width characters between them kept."""
    if places is None:
        return text[at : at + n]
    return text[places[at] : places[at + n - 1] + 1] if n else ""


def read_simplified(doc: Document) -> Document:
    """``doc`` as the metadata rules (written in simplified characters) read it (``reading``): every
    traditional character as its simplified form, zero-width characters dropped; ``doc`` itself
    when it has none. Only for reading: the page shows the text as written.

    >>> d = Document(title="市委書記在全市大會上的講話", blocks=())
    >>> read_simplified(d).title, read_simplified(Document(title="在全市大会上的讲话", blocks=())).title
    ('市委书记在全市大会上的讲话', '在全市大会上的讲话')
    """

    def t(text: str | None) -> str | None:
        return reading(text) if text is not None else None

    texts = (doc.title, doc.title_line, doc.page_heading, *doc.removed, *(b.text for b in doc.blocks))
    if all(t(x) is x for x in (*texts, *(w for pair in doc.header for w in pair))):
        return doc  # nothing to read otherwise (most texts): no copy, no comparison
    return replace(
        doc,
        title=t(doc.title),
        blocks=tuple(b if (r := reading(b.text)) is b.text else replace(b, text=r) for b in doc.blocks),
        removed=tuple(map(reading, doc.removed)),
        title_line=t(doc.title_line),
        subtitle=replace(doc.subtitle, text=reading(doc.subtitle.text)) if doc.subtitle is not None else None,
        header=tuple((reading(k), reading(v)) for k, v in doc.header),
        page_heading=t(doc.page_heading),
    )


def as_written(evidence: Evidence, read: Document, doc: Document) -> Evidence:
    """``evidence`` found in ``read`` (``read_simplified(doc)``) quoting ``doc``'s words as written.

    >>> d = Document(title="市委書記在全市大會上的講話", blocks=())
    >>> as_written(Evidence("title", "市委书记"), read_simplified(d), d).quote
    '市委書記'
    """
    if read is doc or evidence.source not in ("title", "text"):
        return evidence
    if evidence.anchor is not None:
        pairs = [(r.text, b.text) for r, b in zip(read.blocks, doc.blocks) if b.anchor == evidence.anchor]
    else:
        pairs = [
            (r, w)
            for r, w in (
                (read.title_line, doc.title_line),
                (read.title, doc.title),
                (read.page_heading, doc.page_heading),
                *zip((v for _, v in read.header), (v for _, v in doc.header)),
            )
            if r is not None and w is not None
        ]
    for r, w in pairs:
        at = r.find(evidence.quote)
        if at >= 0:
            places = reading_places(w) if len(w) != len(r) else None
            return replace(evidence, quote=written_span(w, places, at, len(evidence.quote)))
    return evidence
