"""Render one speech as a Markdown page: YAML front matter, headings for the TOC, paragraphs as HTML.

Paragraphs are raw ``<p id="p<n>">`` blocks (Markdown never parses inside them);
headings are Markdown ``##`` lines with explicit ids so MkDocs' table of contents
lists them. All speech text passes through ``render.text`` first. The metadata
panel is drawn by ``site_overrides/speech.html`` from the front matter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from build_scripts.model import Heading, Occurrence, Speech
from build_scripts.render.text import Span, escape, markup, placeholder_spans
from build_scripts.render.text import front_matter as front_matter_block


def front_matter(speech: Speech) -> dict[str, Any]:
    """The page's front matter: the contract's fields plus what the template needs."""
    meta = speech.meta
    fm: dict[str, Any] = {
        "template": "speech.html",
        "title": speech.title,
        "id": speech.id,
        "title_inferred": speech.title_inferred,
        "source": speech.source.name,
        "sha256": speech.source.sha256,
        "encoding": speech.source.encoding,
        "chars": speech.chars,
        "level": meta.level,
        "speaker": meta.speaker,
        "occasion": meta.occasion,
        "date": meta.date,
        "themes": list(meta.themes),
        "keywords": list(meta.keywords),
        "slogans": [{"term": t, "count": c} for t, c in slogan_counts(speech.occurrences)],
        "evidence": {
            name: {"quote": e.quote, "source": e.source, "anchor": e.anchor, "rule": e.rule}
            for name, e in meta.evidence
        },
        "removed": list(speech.doc.removed),
        "notes": [{"text": n.text, "anchor": n.anchor, "phrase": n.phrase} for n in meta.notes],
        "search": {"exclude": True},
    }
    return fm


def slogan_counts(occurrences: tuple[Occurrence, ...]) -> list[tuple[str, int]]:
    """``(term, count)`` in order of first occurrence."""
    counts: dict[str, int] = {}
    for occ in occurrences:
        counts[occ.term] = counts.get(occ.term, 0) + 1
    return list(counts.items())


def render_speech(
    speech: Speech,
    slogan_links: Mapping[str, tuple[str, str | None]],
) -> str:
    """Markdown for ``speeches/<id>.md``.

    ``slogan_links`` maps a slogan term to ``(url relative to the site root, gloss)``.
    """
    spans: dict[str, list[Span]] = defaultdict(list)
    for occ in speech.occurrences:
        url, gloss = slogan_links.get(occ.term, (None, None))
        if url is None:
            continue
        attrs = [("class", "archive-slogan"), ("href", f"../../{url}")]
        if gloss:
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

    out = [front_matter_block(front_matter(speech))]  # <h1> and panel: speech.html
    for block in speech.doc.blocks:
        html = markup(block.text, [*spans[block.anchor], *placeholder_spans(block.text)])
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {html} {{#{block.anchor}}}\n")
        else:
            link = f'<a class="headerlink archive-plink" href="#{block.anchor}" title="本段链接">¶</a>'
            out.append(f'<p id="{block.anchor}" class="archive-p">{html}{link}</p>\n')
        for note_text in notes_at.get(block.anchor, ()):
            out.append(f'<aside class="archive-note" data-search-exclude><b>注</b>{escape(note_text)}</aside>\n')
    return "\n".join(out)
