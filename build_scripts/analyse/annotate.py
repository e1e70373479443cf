"""What the archive-wide stages need from one speech, once the glossary is known.

A speech's slogan occurrences and its term counts, made from its blocks and the glossary alone
(so cached by the speech's bytes and the glossary), plus digests of what its concordance lines
show: a slogan's page is kept from one build to the next while the digests of the speeches using
it stay as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from build_scripts.analyse.occurrences import concordance_line, find_occurrences
from build_scripts.config.glossary import Glossary
from build_scripts.index import keywords as kw
from build_scripts.model import Occurrence


@dataclass(frozen=True)
class Annotation:
    """One speech's slogan occurrences and term counts."""

    occurrences: tuple[Occurrence, ...]
    counts: bytes  # keyword candidates, packed (``index/keywords.py: count_terms``)
    # By term, in order of first use: a digest of what the term's concordance shows of this speech
    # (``occurrence_digest``). Text changed away from every slogan leaves them as they were.
    digests: tuple[tuple[str, str], ...]


def annotate(blocks: Sequence[tuple[str, str]], glossary: Glossary, extra: tuple[str, ...]) -> Annotation:
    """``blocks``: the speech's ``(anchor, text)``; ``extra``: the words the term counter keeps whole."""
    occurrences = find_occurrences(blocks, glossary, kw.lexicon(extra))  # discovered terms: whole words only
    body = "\n".join(text for _, text in blocks)  # ``Document.body``
    by_term: dict[str, list[Occurrence]] = {}
    for o in occurrences:
        by_term.setdefault(o.term, []).append(o)
    texts = dict(blocks)
    digests = tuple((term, occurrence_digest(found, texts)) for term, found in by_term.items())
    return Annotation(occurrences, kw.count_terms(body, extra), digests)


def occurrence_digest(occurrences: Sequence[Occurrence], texts: dict[str, str]) -> str:
    """A digest of occurrences as the slogan pages show them: term, spelling, paragraph and
    concordance line, in reading order (``texts``: block text by anchor). Offsets are not shown:
    a word changed earlier in the paragraph, out of the line's sight, leaves the digest as it was."""
    # one repr per occurrence (unambiguous: a repr has no raw line break), hashed once
    lines = "\n".join(repr((o.term, o.anchor, concordance_line(texts[o.anchor], o.start, o.end))) for o in occurrences)
    return hashlib.blake2b(lines.encode("utf-8"), digest_size=12).hexdigest()  # the line holds ``o.matched``
