"""Assign themes from the taxonomy in ``themes.yml`` by transparent counting rules.

A theme is assigned when its keywords occur at least ``min_count`` times in the speech
(title and blocks) and at least ``min_distinct`` different keywords occur; at most
``max_themes`` themes are kept, highest counts first. Occurrences are counted once
each, longest keyword first (``全面从严治党`` is not also a ``从严治党``). The evidence
quotes the most frequent counted word and its rule lists every count. The taxonomy itself
is read by ``config/themes.py``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from build_scripts.config.themes import Theme, Themes
from build_scripts.model import Document, Evidence


@dataclass(frozen=True)
class ThemeScore:
    """How often a theme's keywords occur in a speech, and whether that assigns the theme."""

    name: str
    counts: tuple[tuple[str, int], ...]  # (keyword, occurrences), most frequent first
    first_anchor: str | None  # block of the most frequent keyword's first occurrence; None = title
    assigned: bool

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def score_themes(doc: Document, themes: Themes) -> tuple[ThemeScore, ...]:
    """Every theme's keyword counts in ``doc`` and whether it is assigned, in taxonomy order."""
    texts = ([(None, doc.title)] if doc.title else []) + list(doc.anchored_texts())
    whole = "\n".join(text for _, text in texts)  # a keyword never spans the line break
    starts = list(accumulate((len(text) + 1 for _, text in texts[:-1]), initial=0))
    scores: list[ThemeScore] = []
    for theme in themes.themes:
        counts: Counter[str] = Counter()
        first: dict[str, str | None] = {}
        for m in theme.pattern.finditer(whole):
            word = m.group()
            counts[word] += 1
            if word not in first:
                first[word] = texts[bisect_right(starts, m.start()) - 1][0]
        ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])))
        total = sum(counts.values())
        ok = total >= themes.threshold(theme) and len(counts) >= themes.min_distinct
        scores.append(ThemeScore(theme.name, ordered, first[ordered[0][0]] if ordered else None, ok))
    assigned = sorted((s for s in scores if s.assigned), key=lambda s: -s.total)[: themes.max_themes]
    keep = {s.name for s in assigned}
    return tuple(
        s if s.name in keep or not s.assigned else ThemeScore(s.name, s.counts, s.first_anchor, False) for s in scores
    )


def assign_themes(doc: Document, themes: Themes) -> tuple[tuple[str, ...], Evidence | None]:
    """The themes of ``doc`` (highest count first) and the evidence: the counted words with their counts."""
    scores = sorted((s for s in score_themes(doc, themes) if s.assigned), key=lambda s: -s.total)
    if not scores:
        return (), None
    top = scores[0]
    rule = "; ".join(
        f"{s.name} {s.total} ≥ {themes.threshold(_by_name(themes, s.name))}: "
        + "、".join(f"{w}×{n}" for w, n in s.counts[:6])
        for s in scores
    )
    evidence = Evidence(
        source="title" if top.first_anchor is None else "text",
        quote=top.counts[0][0],
        anchor=top.first_anchor,
        rule=f"keyword counts (themes.yml): {rule}",
    )
    return tuple(s.name for s in scores), evidence


def _by_name(themes: Themes, name: str) -> Theme:
    return next(t for t in themes.themes if t.name == name)
