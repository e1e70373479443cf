"""What the archive-wide stages need from one speech, once the glossary is known.

A speech's slogan occurrences and its term counts, made from its blocks and the glossary alone
(so cached by the speech's bytes and the glossary), plus a digest of what its concordance lines
show: the slogan pages are kept from one build to the next while no speech's digest changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from build_scripts.analyse.slogans import Glossary, concordance_line, find_occurrences
from build_scripts.index import keywords as kw
from build_scripts.model import Occurrence


@dataclass(frozen=True)
class Annotation:
    """One speech's slogan occurrences and term counts."""

    occurrences: tuple[Occurrence, ...]
    counts: bytes  # keyword candidates, packed (``index/keywords.py: count_terms``)
    # What the concordances show of it: each occurrence as found and written, with its context.
    # Text changed away from every slogan leaves it as it was.
    digest: str


def annotate(blocks: Sequence[tuple[str, str]], glossary: Glossary, extra: tuple[str, ...]) -> Annotation:
    """``blocks``: the speech's ``(anchor, text)``; ``extra``: the words the term counter keeps whole."""
    occurrences = find_occurrences(blocks, glossary)
    body = "\n".join(text for _, text in blocks)  # ``Document.body``
    return Annotation(occurrences, kw.count_terms(body, extra), occurrence_digest(occurrences, dict(blocks)))


def occurrence_digest(occurrences: Sequence[Occurrence], texts: dict[str, str]) -> str:
    """A digest of every occurrence as the slogan pages show it: term, spelling, paragraph and
    concordance line, in reading order (``texts``: block text by anchor). Offsets are not shown:
    a word changed earlier in the paragraph, out of the line's sight, leaves the digest as it was."""
    digest = hashlib.sha256()
    for o in occurrences:
        line = concordance_line(texts[o.anchor], o.start, o.end)
        digest.update(repr((o.term, o.anchor, line)).encode("utf-8"))  # ``line`` holds ``o.matched``
    return digest.hexdigest()
