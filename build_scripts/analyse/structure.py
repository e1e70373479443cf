"""Find a speech's structure: title line, part headings, paragraphs.

Headings are recognised by the numbering styles of the genre: ``一、``, ``第一，``,
``（一）``, ``1.``/``1、``, ``（1）``, ``①`` and the lead-ins ``一是``/``一要``/``二要``.
A heading glued to the first sentence of its paragraph (``第一，……方向。市县的工作……``)
is split after its first sentence; no character is added or lost. Heading levels
follow a fixed rank of styles, counting only the styles the speech uses, so a
speech whose top parts are ``（一）`` still gets ``<h2>`` parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_scripts.analyse.clean import strip_boilerplate
from build_scripts.model import Block, Document, Heading, Paragraph

_CN = "一二三四五六七八九十"
_WS = " \t\u3000\xa0\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True)
class _Style:
    name: str
    rank: int
    pattern: re.Pattern[str]
    max_len: int  # longest plausible heading sentence
    needs_stop: bool  # the heading must end in a full stop (lead-ins)


_STYLES: tuple[_Style, ...] = (
    _Style("一、", 0, re.compile(rf"^[{_CN}]{{1,3}}、"), 150, False),
    _Style("第一，", 1, re.compile(rf"^第[{_CN}]{{1,3}}[，、,：:]"), 150, False),
    _Style("（一）", 2, re.compile(rf"^[（(][{_CN}]{{1,3}}[）)]"), 150, False),
    _Style("1.", 3, re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)"), 100, False),
    _Style("（1）", 4, re.compile(r"^[（(]\d{1,2}[）)]"), 100, False),
    _Style("①", 5, re.compile(r"^[\u2460-\u2473]"), 100, False),
    _Style("一是", 6, re.compile(rf"^(?:[{_CN}]{{1,3}}(?:是|要|方面)|[{_CN}]{{1,3}}个方面)"), 40, True),
)
_STOP = re.compile(r"[。！？!?]")
_TITLE_END = re.compile(r"[。；，！？!?;,]$")
_SALUTATION = re.compile(r"^(?:同志们|各位|尊敬的|女士们|大家好)")
_SUBTITLE = re.compile(r"^(?:——|--|－－|—)")
_PARA_BREAK = re.compile(r"(?<=[。！？：”’」』）)])[ \t\u3000]{2,}")


def parse_document(text: str) -> Document:
    """Split decoded speech text into a ``Document``: title, headings, paragraphs, removed lines.

    >>> d = parse_document("在全县大会上的讲话\\n同志们：\\n一、抓落实。要抓好。\\n一要对标。我们要。")
    >>> d.title, [(b.anchor, b.text) for b in d.blocks]
    ('在全县大会上的讲话', [('p1', '同志们：'), ('s1', '一、抓落实。'), ('p2', '要抓好。'), ('s2', '一要对标。'), ('p3', '我们要。')])
    """
    lines = [line.strip(_WS) for line in text.split("\n")]
    kept, removed = strip_boilerplate([line for line in lines if line])
    kept = [piece for line in kept for piece in _split_run_on(line)]
    title, body = _take_title(kept)
    return Document(title=title, blocks=_blocks(body), removed=tuple(removed))


def _take_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """The first line is the title when it reads as one; a ``——`` subtitle line joins it."""
    if not lines or not _looks_like_title(lines[0]):
        return None, lines
    title, rest = lines[0], lines[1:]
    if rest and _SUBTITLE.match(rest[0]) and len(rest[0]) <= 80:
        title, rest = f"{title}{rest[0]}", rest[1:]
    return title, rest


def _looks_like_title(line: str) -> bool:
    """
    >>> _looks_like_title("在县委全会上的总结讲话"), _looks_like_title("同志们：")
    (True, False)
    >>> _looks_like_title("一、坚持做到“两个维护”")
    False
    """
    return (
        len(line) <= 80
        and not _TITLE_END.search(line)
        and not _SALUTATION.match(line)
        and not _STOP.search(line)
        and _heading_style(line) is None
    )


def _split_run_on(line: str) -> list[str]:
    """Split a scraped one-line text at indentation runs between sentences."""
    if len(line) < 2000:
        return [line]
    return [piece for piece in _PARA_BREAK.split(line) if piece]


def _heading_style(line: str) -> _Style | None:
    return next((s for s in _STYLES if s.pattern.match(line)), None)


def _split_heading(line: str) -> tuple[_Style, str, str] | None:
    """``(style, heading, rest)`` when ``line`` opens with a heading, else None."""
    style = _heading_style(line)
    if style is None:
        return None
    stop = _STOP.search(line)
    if stop and stop.end() <= style.max_len:
        head, rest = line[: stop.end()], line[stop.end() :]
    elif not style.needs_stop and len(line) <= style.max_len:
        head, rest = line, ""
    else:
        return None
    if style.needs_stop and ("；" in head or not stop):
        return None
    return style, head, rest


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    split = [(_split_heading(line), line) for line in lines]
    used = sorted({s[0].rank for s, _ in split if s})
    level_of = {rank: min(2 + i, 6) for i, rank in enumerate(used)}
    blocks: list[Block] = []
    n_head = n_par = 0
    for found, line in split:
        if found:
            style, head, rest = found
            n_head += 1
            blocks.append(Heading(text=head, level=level_of[style.rank], anchor=f"s{n_head}", style=style.name))
            if not rest:
                continue
            line = rest
        n_par += 1
        blocks.append(Paragraph(n=n_par, text=line))
    return tuple(blocks)
