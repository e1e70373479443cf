"""Render one speech as a Markdown page: YAML front matter, headings for the TOC, paragraphs as HTML.

Paragraphs are raw ``<p id="p<n>">`` blocks (Markdown never parses inside them);
headings are Markdown ``##`` lines with explicit ids so MkDocs' table of contents
lists them. All speech text passes through ``render.text`` first. The metadata
panel is drawn by ``site_overrides/speech.html`` from the front matter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from build_scripts.model import Block, Heading, Speech
from build_scripts.render.data import speech_record
from build_scripts.render.text import Span, escape, front_matter, markup, placeholder_spans

#: The record's fields a speech page's front matter carries, in its order (``data.speech_record``).
PAGE_FIELDS = ("title", "id", "title_inferred", "source", "sha256", "encoding", "chars")
PAGE_FACTS = ("level", "speaker", "occasion", "date", "themes", "keywords", "slogans")


def speech_meta(speech: Speech) -> dict[str, Any]:
    """The page's metadata (its front matter): the speech's record (``data.speech_record``, the
    contract's fields) as the template reads it, plus the notes and what MkDocs needs."""
    record = speech_record(speech)
    return {
        "template": "speech.html",
        # a reading page: no site-wide sidebar (3.6 KB of every one of 10,000 pages); the header, its
        # search, the panel's links and the table of contents stay (Material's ``hide`` front matter)
        "hide": ["navigation"],
        **{name: record[name] for name in PAGE_FIELDS + PAGE_FACTS},
        "evidence": {
            name: {"quote": e["quote"], "source": e["source"], "anchor": e["anchor"], "rule": e["rule"]}
            for name, e in record["evidence_detail"].items()
        },
        "removed": record["removed"],
        "notes": [{"text": n.text, "anchor": n.anchor, "phrase": n.phrase} for n in speech.meta.notes],
        "search": {"exclude": True},
    }


@dataclass(frozen=True)
class SpeechHtml:
    """A speech page's body as MkDocs' Markdown would render it, and its table of contents.

    ``toc`` holds Python-Markdown's flat ``toc_tokens`` (level, id, name, html), in order.
    """

    content: str
    toc: tuple[dict[str, Any], ...]


def _marked_blocks(
    speech: Speech, slogan_links: Mapping[str, tuple[str, str | None]]
) -> Iterator[tuple[Block, str, tuple[str, ...]]]:
    """Each block with its text as safe HTML (slogans linked, placeholders and noted phrases marked) and its notes."""
    spans: dict[str, list[Span]] = defaultdict(list)
    glossed: set[str] = set()
    for occ in speech.occurrences:
        url, gloss = slogan_links.get(occ.term, (None, None))
        if url is None:
            continue
        attrs = [("class", "archive-slogan"), ("href", f"../../{url}")]
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
    for block in speech.doc.blocks:
        html = markup(block.text, [*spans[block.anchor], *placeholder_spans(block.text)])
        yield block, html, tuple(notes_at.get(block.anchor, ()))


def _paragraph(anchor: str, html: str) -> str:
    link = f'<a class="headerlink archive-plink" href="#{anchor}">¶</a>'
    return f'<p id="{anchor}" class="archive-p">{html}{link}</p>'


def _note(text: str) -> str:
    return f'<aside class="archive-note" data-search-exclude><b>注</b>{escape(text)}</aside>'


def render_speech(
    speech: Speech,
    slogan_links: Mapping[str, tuple[str, str | None]],
) -> str:
    """Markdown for ``speeches/<id>.md``: the page as a document (front matter, ``##`` headings, HTML paragraphs).

    ``slogan_links`` maps a slogan term to ``(url relative to the site root, gloss)``.
    """
    out = [front_matter(speech_meta(speech))]  # <h1> and panel: speech.html
    for block, html, notes in _marked_blocks(speech, slogan_links):
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {html} {{#{block.anchor}}}\n")
        else:
            out.append(_paragraph(block.anchor, html) + "\n")
        out.extend(_note(text) + "\n" for text in notes)
    return "\n".join(out)


def speech_html(speech: Speech, slogan_links: Mapping[str, tuple[str, str | None]]) -> SpeechHtml:
    """The HTML that MkDocs makes of ``render_speech``'s Markdown, made directly.

    A large build renders thousands of these pages: converting each through
    Python-Markdown cost more than everything else on the page. Raw HTML blocks
    come out of Markdown unchanged, followed by a blank line; a heading comes out
    as ``<hN id>`` with the ``toc`` extension's permalink. ``tests/test_parallel.py``
    builds the same site both ways and compares every byte.
    """
    out: list[str] = []
    toc: list[dict[str, Any]] = []
    for block, html, notes in _marked_blocks(speech, slogan_links):
        if isinstance(block, Heading):
            tag, anchor = f"h{block.level}", block.anchor
            permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
            out.append(f'<{tag} id="{anchor}">{html}{permalink}</{tag}>\n')
            name = " ".join(escape(block.text).split())
            toc.append({"level": block.level, "id": anchor, "name": name, "html": html, "data-toc-label": ""})
        else:
            out.append(_paragraph(block.anchor, html) + "\n\n")
        out.extend(_note(text) + "\n\n" for text in notes)
    return SpeechHtml(content="".join(out).rstrip("\n"), toc=tuple(toc))
