"""Find a glossary's slogans in one speech's text: exact string matching, longest first.

``find_occurrences`` matches all forms of all entries on each block's text, leftmost and then
longest first, without overlaps. Glossary entries are matched before discovered ones, so a
discovery can never change a glossary slogan's count. ``concordance_line`` is the context a
slogan page shows around one occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_scripts.config.glossary import Glossary, SloganEntry  # noqa: F401 - SloganEntry: the doctests
from build_scripts.model import Occurrence

CONTEXT = 20  # characters of context on each side of a concordance line


@dataclass(frozen=True)
class Matcher:
    known: re.Pattern[str] | None
    found: re.Pattern[str] | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of every form in ``text``, in text order."""
        spans = [m.span() for m in self.known.finditer(text)] if self.known else []
        if self.found is None:
            return spans
        extra: list[tuple[int, int]] = []
        for start, end in _gaps(spans, len(text)):
            extra.extend(m.span() for m in self.found.finditer(text, start, end))
        return sorted(spans + extra)


def _gaps(spans: Sequence[tuple[int, int]], length: int) -> Iterator[tuple[int, int]]:
    """The stretches of ``[0, length)`` that ``spans`` (sorted, disjoint) leave free.

    >>> list(_gaps([(2, 4), (6, 7)], 9))
    [(0, 2), (4, 6), (7, 9)]
    """
    pos = 0
    for start, end in spans:
        if start > pos:
            yield pos, start
        pos = end
    if pos < length:
        yield pos, length


def _compile(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a word list that, at each position, matches the longest word there.

    The words are laid out as a trie, so the regex engine never tries more than one branch per
    character: fast with thousands of words.

    >>> p = _compile(["四个", "四个意识", "四个自信", "意识"])
    >>> [m.group() for m in p.finditer("增强四个意识、坚定四个自信，四个方面")]
    ['四个意识', '四个自信', '四个']
    """
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(_trie_regex(trie))


def _trie_regex(node: Mapping[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word may end here: the optional group is greedy, so a longer word is tried first.
    return f"(?:{body})?" if "" in node else body


def concordance_line(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """Left context, keyword, right context of ``text[start:end]``; cut contexts end in '…'.

    >>> concordance_line("全县上下要更加深刻领悟两个确立的决定性意义", 11, 15, 6)
    ('…更加深刻领悟', '两个确立', '的决定性意义')
    """
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start - width > 0:
        left = "…" + left
    if end + width < len(text):
        right += "…"
    return left, text[start:end], right


def find_occurrences(blocks: Sequence[tuple[str, str]], glossary: Glossary) -> tuple[Occurrence, ...]:
    """Every occurrence of every slogan in ``(anchor, text)`` blocks, in reading order.

    Exact string matching, leftmost then longest, never overlapping; glossary entries before
    discovered ones. Quotation marks play no part: a quoted and an unquoted use count alike.

    >>> g = Glossary((SloganEntry("两个维护", "a", "numbered"), SloganEntry("维护", "b", "numbered")))
    >>> [(o.term, o.anchor, o.start) for o in find_occurrences([("p1", "做到“两个维护”，维护")], g)]
    [('两个维护', 'p1', 3), ('维护', 'p1', 9)]
    """
    matcher = glossary.matcher
    out: list[Occurrence] = []
    for anchor, text in blocks:
        for start, end in matcher.spans(text):
            matched = text[start:end]
            entry = glossary.entry_for(matched)
            if entry is not None:
                # the term's own string when written as the term: one object, pickled once a speech
                matched = entry.term if matched == entry.term else matched
                out.append(Occurrence(entry.term, matched, anchor, start, end))
    return tuple(out)


def compile_matcher(glossary: Glossary) -> Matcher:
    """The glossary's matcher: its entries' forms, then its discoveries' (``Glossary.matcher`` keeps it)."""
    known = [f for e in glossary.entries if not e.discovered for f in e.forms]
    found = [f for e in glossary.entries if e.discovered for f in e.forms]
    return Matcher(_compile(known), _compile(found))
