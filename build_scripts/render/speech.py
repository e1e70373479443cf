"""Render one speech as a Markdown page: YAML front matter, headings for the TOC, paragraphs as HTML.

Paragraphs are raw ``<p id="p<n>">`` blocks (Markdown never parses inside them);
headings are Markdown ``##`` lines with explicit ids so MkDocs' table of contents
lists them. All speech text passes through ``render.text`` first. The metadata
panel is drawn by ``site_overrides/speech.html`` from the front matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_scripts.analyse.dates import range_text
from build_scripts.analyse.fold import ZERO_WIDTH
from build_scripts.model import Block, Heading, Speech
from build_scripts.read.source import escape_notes
from build_scripts.render.data import speech_record
from build_scripts.render.passages import Mark, mark_html
from build_scripts.render.text import Span, escape, front_matter, markup, placeholder_spans

#: The record's fields a speech page's front matter carries, in its order (``data.speech_record``).
PAGE_FIELDS = ("title", "id", "title_inferred", "source", "sha256", "encoding", "chars")
PAGE_FACTS = (
    "level",
    "place",
    "speaker",
    "occasion",
    "date",
    "date_not_before",
    "date_not_after",
)
PAGE_TAGS = ("themes", "keywords", "slogans")


def speech_meta(speech: Speech) -> dict[str, Any]:
    """The page's metadata (its front matter): the speech's record (``data.speech_record``, the
    contract's fields) as the template reads it, plus the notes and what MkDocs needs."""
    record = speech_record(speech)
    meta: dict[str, Any] = {
        "template": "speech.html",
        # a reading page: no site-wide sidebar (3.6 KB of every one of 10,000 pages); the header, its
        # search, the panel's links and the table of contents stay (Material's ``hide`` front matter)
        "hide": ["navigation"],
        **{name: record[name] for name in PAGE_FIELDS + PAGE_FACTS},
        "date_range": range_text(speech.meta.date_not_before, speech.meta.date_not_after),  # "2022年10月以后"
        **{name: record[name] for name in PAGE_TAGS},
        "evidence": {
            name: {"quote": e["quote"], "source": e["source"], "anchor": e["anchor"], "rule": e["rule"]}
            for name, e in record["evidence_detail"].items()
        },
        "removed": record["removed"],
        "escapes": escape_notes(speech.source.escapes),  # escapes read as what they stand for
        "notes": [{"text": n.text, "anchor": n.anchor, "phrase": n.phrase} for n in speech.meta.notes],
        "search": {"exclude": True},
    }
    if speech.source_url:  # only where a curator gave one: pages without it stay as they were
        meta["source_url"] = speech.source_url
    line = speech.doc.title_line
    if line is not None and _compact(line) != _compact(speech.title):  # the shown title dropped some of its words
        meta["title_line"] = line  # shown under the title: nothing of the text is lost
    return meta


def _compact(text: str) -> str:
    """``text`` without spacing or zero-width characters: what a reader sees of its words."""
    return re.sub(rf"[\s{ZERO_WIDTH}]+", "", text)


@dataclass(frozen=True)
class SpeechHtml:
    """A speech page's body as MkDocs' Markdown would render it, and its table of contents.

    ``toc`` holds Python-Markdown's flat ``toc_tokens`` (level, id, name, html), in order.
    """

    content: str
    toc: tuple[dict[str, Any], ...]


def _marked_blocks(
    speech: Speech, slogan_links: Mapping[str, tuple[str, str | None]], shared: Sequence[Mark] = ()
) -> Iterator[tuple[Block, str, tuple[str, ...]]]:
    """Each block with its text as safe HTML (slogans linked, placeholders, noted phrases and shared
    passages marked) and what follows it: its notes and, for each shared passage, where else it occurs."""
    spans: dict[str, list[Span]] = defaultdict(list)
    glossed: set[str] = set()
    for occ in speech.occurrences:
        url, gloss = slogan_links.get(occ.term, (None, None))
        if url is None:
            continue
        attrs = [("href", f"../../{url}")]  # styled by its address (archive.css): no class on every link
        if gloss and occ.term not in glossed:  # the gloss as a tooltip, once a page: its link says the rest
            glossed.add(occ.term)
            attrs.append(("title", f"{occ.term}：{gloss}"))
        spans[occ.anchor].append(Span(occ.start, occ.end, "a", tuple(attrs)))
    for note in speech.meta.notes:
        if note.phrase:
            for block in speech.doc.blocks:
                at = block.text.find(note.phrase)
                if at >= 0:
                    attr = (("class", "archive-noted"), ("title", note.text))
                    spans[block.anchor].append(Span(at, at + len(note.phrase), "span", attr))
                    break
    notes_at: dict[str, list[str]] = defaultdict(list)
    for note in speech.meta.notes:
        if note.anchor:
            notes_at[note.anchor].append(note.text)
    marks_at: dict[str, list[Mark]] = defaultdict(list)
    for mark in shared:
        marks_at[mark.anchor].append(mark)
    for block in speech.doc.blocks:
        own = [*spans[block.anchor], *placeholder_spans(block.text)]
        passages = [piece for m in marks_at.get(block.anchor, ()) for piece in _around_spans(m, own)]
        html = markup(block.text, [*own, *passages])
        after = tuple(_note(text) for text in notes_at.get(block.anchor, ()))
        yield block, html, after + tuple(mark_html(m) for m in marks_at.get(block.anchor, ()))


_SHARED = (("class", "archive-shared-text"),)  # the note after the paragraph says where else


def _around_spans(mark: Mark, spans: Sequence[Span]) -> Iterator[Span]:
    """The shared passage's stretch as spans that leave the other marked spans whole (spans do not nest).

    >>> m = Mark("p1", 0, 10, None, False, 1.0, (), 0)
    >>> [(s.start, s.end) for s in _around_spans(m, [Span(2, 4, "a", ()), Span(12, 14, "a", ())])]
    [(0, 2), (4, 10)]
    """
    pos = mark.start
    for span in sorted(spans, key=lambda s: s.start):
        if span.end <= pos or span.start >= mark.end:
            continue
        if span.start > pos:
            yield Span(pos, span.start, "span", _SHARED)
        pos = max(pos, span.end)
    if pos < mark.end:
        yield Span(pos, mark.end, "span", _SHARED)


def _paragraph(anchor: str, html: str) -> str:
    link = f'<a class="headerlink archive-plink" href="#{anchor}">¶</a>'
    return f'<p id="{anchor}" class="archive-p">{html}{link}</p>'


def _note(text: str) -> str:
    return f'<aside class="archive-note" data-search-exclude><b>注</b>{escape(text)}</aside>'


def render_speech(
    speech: Speech,
    slogan_links: Mapping[str, tuple[str, str | None]],
    shared: Sequence[Mark] = (),
) -> str:
    """Markdown for ``speeches/<id>.md``: the page as a document (front matter, ``##`` headings, HTML paragraphs).

    ``slogan_links`` maps a slogan term to ``(url relative to the site root, gloss)``; ``shared``:
    the speech's shared passages (``render.passages.speech_marks``).
    """
    out = [front_matter(speech_meta(speech))]  # <h1> and panel: speech.html
    for block, html, after in _marked_blocks(speech, slogan_links, shared):
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {html} {{#{block.anchor}}}\n")
        else:
            out.append(_paragraph(block.anchor, html) + "\n")
        out.extend(note + "\n" for note in after)
    return "\n".join(out)


def speech_html(
    speech: Speech, slogan_links: Mapping[str, tuple[str, str | None]], shared: Sequence[Mark] = ()
) -> SpeechHtml:
    """The HTML that MkDocs makes of ``render_speech``'s Markdown, made directly.

    A large build renders thousands of these pages: converting each through
    Python-Markdown cost more than everything else on the page. Raw HTML blocks
    come out of Markdown unchanged, followed by a blank line; a heading comes out
    as ``<hN id>`` with the ``toc`` extension's permalink. ``tests/test_parallel.py``
    builds the same site both ways and compares every byte.
    """
    out: list[str] = []
    toc: list[dict[str, Any]] = []
    for block, html, after in _marked_blocks(speech, slogan_links, shared):
        if isinstance(block, Heading):
            tag, anchor = f"h{block.level}", block.anchor
            permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
            out.append(f'<{tag} id="{anchor}">{html}{permalink}</{tag}>\n')
            name = " ".join(escape(block.text).split())
            toc.append({"level": block.level, "id": anchor, "name": name, "html": html, "data-toc-label": ""})
        else:
            out.append(_paragraph(block.anchor, html) + "\n\n")
        out.extend(note + "\n\n" for note in after)
    return SpeechHtml(content="".join(out).rstrip("\n"), toc=tuple(toc))
