"""What the archive-wide stages need from one speech, once the glossary is known.

A speech's slogan occurrences and its term counts, made from its blocks, the glossary and the
term counter's lexicon alone (so the pipeline caches them by the speech's bytes and those two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from build_scripts.analyse import terms
from build_scripts.analyse.fold import reading
from build_scripts.analyse.occurrences import find_occurrences
from build_scripts.config.glossary import Glossary
from build_scripts.model import Occurrence


@dataclass(frozen=True)
class Annotation:
    """One speech's slogan occurrences and term counts."""

    occurrences: tuple[Occurrence, ...]
    counts: bytes  # keyword candidates, packed (``analyse/terms.py: count_terms``)


def annotate(blocks: Sequence[tuple[str, str]], glossary: Glossary, lexicon: terms.Lexicon) -> Annotation:
    """``blocks``: the speech's ``(anchor, text)``; ``lexicon``: what the term counter reads (and what
    tells a discovered term's whole words from pieces of longer ones)."""
    body = "\n".join(text for _, text in blocks)  # ``Document.body``
    # the lexicon is simplified: a traditional text's words are counted as their simplified forms
    return Annotation(find_occurrences(blocks, glossary, lexicon), terms.count_terms(reading(body), lexicon))
