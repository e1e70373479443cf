"""The archive as data: ``data/speeches.json`` and its CSV twin (per CONTRACT.md), and jieba's word list."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from build_scripts.config.glossary import Glossary, SloganEntry  # noqa: F401 - SloganEntry: the doctests
from build_scripts.index.slogans import Tiers
from build_scripts.model import Occurrence, Speech


def sort_key(speech: Speech) -> tuple[str, str]:
    """Date, then id; undated speeches sort last ("~" sorts after digits). The contract's order:
    a speech dated only by a range is undated here (listings place it by its bounds)."""
    return (speech.meta.date or "~", speech.id)


def slogan_counts(occurrences: tuple[Occurrence, ...]) -> list[tuple[str, int]]:
    """``(term, count)`` in order of first occurrence."""
    counts: dict[str, int] = {}
    for occ in occurrences:
        counts[occ.term] = counts.get(occ.term, 0) + 1
    return list(counts.items())


def speech_record(speech: Speech, tiers: Tiers | None = None) -> dict[str, Any]:
    """One object of ``data/speeches.json``: the speech's facts, made once here (a speech page's
    metadata is made of it: ``render/speech.py: speech_meta``). With ``tiers``, each slogan says
    its tier (``glossary``, ``discovered``, ``candidate``: the speech's candidates are slogans of
    ``data/slogans.json`` too)."""
    meta = speech.meta
    return {
        "id": speech.id,
        "url": speech.url,
        "source": speech.source.name,
        "sha256": speech.source.sha256,
        "encoding": speech.source.encoding,
        "title": speech.title,
        "title_inferred": speech.title_inferred,
        "level": meta.level,
        "place": meta.place,
        "speaker": meta.speaker,
        "occasion": meta.occasion,
        "date": meta.date,
        "date_not_before": meta.date_not_before,  # a range's bounds when there is no date
        "date_not_after": meta.date_not_after,
        "evidence": {name: e.words for name, e in meta.evidence},
        "evidence_detail": {
            name: {"source": e.source, "quote": e.quote, "anchor": e.anchor, "rule": e.rule}
            for name, e in meta.evidence
        },
        "themes": list(meta.themes),
        "keywords": list(meta.keywords),
        "slogans": [
            {"term": t, "count": c} | ({"tier": tiers.of(t)} if tiers else {})
            for t, c in slogan_counts(speech.occurrences)
        ],
        "removed": list(speech.doc.removed),
        "escapes": [{"escape": text, "count": n} for text, n in speech.source.escapes],  # read as what they stand for
        "chars": speech.chars,
        "source_url": speech.source_url,
    }


def speeches_json(speeches: Sequence[Speech], tiers: Tiers | None = None) -> Iterator[dict[str, Any]]:
    """All records, sorted by date then id, made one at a time."""
    return (speech_record(s, tiers) for s in sorted(speeches, key=sort_key))


def write_table(rows: Iterable[dict[str, Any]], json_out: TextIO | None, csv_out: TextIO | None) -> None:
    """Write rows as a JSON array, one element a line, and as its CSV twin, one row at a time.

    JSON: deterministic, Chinese as characters (``indent=`` would switch ``json`` to its
    pure-Python encoder: 10x slower at 10,000 speeches). CSV: UTF-8 with BOM so spreadsheet
    programs read the Chinese correctly; lists of strings joined by ``;``, other structures as JSON;
    a text a spreadsheet would run as a formula starts with ``'`` (``inert``).
    Rows are never all held: at 10,000 speeches they would be hundreds of megabytes of objects.

    >>> import io
    >>> j, c = io.StringIO(), io.StringIO()
    >>> write_table([{"id": "a", "n": 1, "tags": ["x", "y"]}, {"id": "乙", "n": None, "tags": []}], j, c)
    >>> j.getvalue().splitlines()
    ['[', '{"id":"a","n":1,"tags":["x","y"]},', '{"id":"乙","n":null,"tags":[]}', ']']
    >>> c.getvalue().splitlines()
    ['\ufeffid,n,tags', 'a,1,x;y', '乙,,']
    """
    writer = None
    if json_out:
        json_out.write("[\n")
    if csv_out:
        csv_out.write("\ufeff")
    for i, row in enumerate(rows):
        if json_out:
            json_out.write((",\n" if i else "") + json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        if csv_out:
            if writer is None:
                writer = csv.DictWriter(
                    csv_out, fieldnames=list(row), lineterminator="\r\n"
                )  # RFC 4180: a CR in a cell is quoted
                writer.writeheader()
            writer.writerow({k: _cell(v) for k, v in row.items()})
    if json_out:
        json_out.write("\n]\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return inert(";".join(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # as compact as the JSON files
    return inert(value) if isinstance(value, str) else str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: OWASP's advice against CSV injection is to prefix a
    cell starting with ``= + - @``, a tab or a carriage return with a single quote.

    >>> inert("=HYPERLINK(A1)"), inert("@SUM(A1)"), inert("两个确立")
    ("'=HYPERLINK(A1)", "'@SUM(A1)", '两个确立')
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


#: What jieba's default cutter keeps together (``jieba.re_han_default``); anything else splits.
JIEBA_WORD = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%-]+")


def jieba_user_dict(glossary: Glossary, freq: int = 20000, discovered_freq: int = 1000, tag: str = "nz") -> str:
    """A jieba user dictionary (``word freq tag`` per line) with every form of every slogan.

    Glossary forms get a frequency high enough to win over any split; discovered terms a lower
    one, still above what jieba needs to keep a new word whole, so that a discovery that is
    only a string coincidence (好工作 in 做好工作) does not override ordinary segmentation.
    jieba always cuts at punctuation and spaces (、，()), so forms holding them cannot be
    jieba words and are left out (外防输入、内防反弹 is found by ``find_occurrences`` only).

    >>> g = Glossary((SloganEntry("两个确立", "a", "numbered", variants=("两个、确立", "两个 确立")),))
    >>> jieba_user_dict(g)
    '两个确立 20000 nz\\n'
    """
    lines: list[str] = []
    seen: set[str] = set()
    for entry in glossary.entries:
        for form in entry.forms:
            if form in seen or not JIEBA_WORD.fullmatch(form):
                continue
            seen.add(form)
            lines.append(f"{form} {discovered_freq if entry.discovered else freq} {tag}\n")
    return "".join(lines)
