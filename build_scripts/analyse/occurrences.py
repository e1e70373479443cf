"""Find a glossary's slogans in one speech's text: exact string matching, longest first.

``find_occurrences`` matches all forms of all entries on each block's text, leftmost and then
longest first, without overlaps. Glossary entries are matched before discovered ones, so a
discovery can never change a glossary slogan's count. A form matches however its characters are
spelled in the slogan index's folding (``analyse/fold.py``: 兩個確立, 两个\u200b确立 and 两个确立 are
one slogan) and is kept as written. A discovered term counts only where it is a word of the
sentence, not a piece of a longer one (好工作 is not in 做好工作): its edges must be word
boundaries of the keyword tokenizer's segmentation. ``concordance_line`` is the context a slogan
page shows around one occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import ahocorasick

from build_scripts.analyse.fold import ZERO_WIDTH, spell, spellings, written_places
from build_scripts.analyse.terms import Lexicon, word_ends  # the tokenizer's own segmentation
from build_scripts.config.glossary import Glossary, SloganEntry  # noqa: F401 - SloganEntry: the doctests
from build_scripts.model import Occurrence

CONTEXT = 12  # characters of context on each side of a concordance line


@dataclass(frozen=True)
class Matcher:
    known: Words | None  # the glossary's forms, folded (``spell``)
    found: Words | None  # the discovered terms'
    foldable: re.Pattern[str] | None  # a character that folds into one of the forms' characters, or vanishes

    def fold(self, text: str) -> tuple[str, list[int] | None]:
        """``text`` as the forms are matched on, and where each of its characters is in ``text``
        (None: at the same place). Most text has nothing to fold and is matched as it is.

        >>> m = compile_matcher(Glossary((SloganEntry("两个确立", "a", "numbered"),)))
        >>> m.fold("做到两个确立"), m.fold("兩個\u200b確立")
        (('做到两个确立', None), ('两个确立', [0, 1, 3, 4]))
        """
        if self.foldable is None or self.foldable.search(text) is None:
            return text, None
        folded = spell(text)
        if len(folded) == len(text):  # characters replaced one for one: same places
            return folded, None
        return folded, written_places(text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of every form in ``text``, in text order."""
        folded, where = self.fold(text)
        spans = list(self.known.finditer(folded)) if self.known else []
        if self.found is not None:
            extra: list[tuple[int, int]] = []
            for start, end in _gaps(spans, len(folded)):
                extra.extend(self.found.finditer(folded, start, end))
            spans = sorted(spans + extra)
        return spans if where is None else [_place(where, a, b) for a, b in spans]


def _place(where: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Where the folded text's ``[start, end)`` is in the text (``where``: each character's place)."""
    return where[start], where[end - 1] + 1


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


class Words:
    """A word list matched leftmost, then longest, without overlaps: an Aho-Corasick automaton
    (``pyahocorasick``), one pass over the text whatever the number of words.

    A regex of the words' trie tries a node's branches one by one, and a trie walked in Python
    stops at every character that may start a word: with the thousands of terms a real archive
    discovers, either spent a minute on 10,000 speeches.

    >>> w = Words(["四个", "四个意识", "四个自信", "意识"])
    >>> [m for m in w.finditer("增强四个意识、坚定四个自信，四个方面")]
    [(2, 6), (9, 13), (14, 16)]
    >>> w.search("四个方面"), w.search("方面"), w.search("意识", 1)
    ((0, 2), None, None)
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.automaton = ahocorasick.Automaton()
        for word in words:
            if word:
                self.automaton.add_word(word, len(word))
        self.size = len(self.automaton)
        if self.size:
            self.automaton.make_automaton()

    def __bool__(self) -> bool:
        return self.size > 0

    def finditer(
        self, text: str, pos: int = 0, end: int | None = None, accept: Callable[[int, int], bool] | None = None
    ) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each word in ``text[pos:end]``, leftmost, then longest, none overlapping,
        chosen from every match (``every``). With ``accept``, a word it refuses is passed over and
        the search goes on from the word's next character.

        >>> w = Words(["新发展理念", "发展"])
        >>> list(w.finditer("坚持新发展")), list(w.finditer("新发展理念", accept=lambda a, b: b - a < 5))
        ([(3, 5)], [(1, 3)])
        """
        for start, stop in self.every(text, pos, end):  # by start, longest first
            if start < pos:
                continue  # inside the last word taken, or a shorter one where the longest was refused
            if accept is None or accept(start, stop):
                yield start, stop
                pos = stop
            else:
                pos = start + 1

    def search(self, text: str, pos: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """The first word in ``text[pos:end]``, or None."""
        return next(self.finditer(text, pos, end), None)

    def every(self, text: str, pos: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every word in ``text[pos:end]``, overlapping ones too, by start and
        then longest first: one pass, from which any leftmost-longest choice can be made.

        >>> Words(["四个", "四个意识", "意识"]).every("四个意识")
        [(0, 4), (0, 2), (2, 4)]
        """
        end = len(text) if end is None else end
        if not self.size or pos >= end:
            return []
        return sorted(
            ((last + 1 - size, last + 1) for last, size in self.automaton.iter(text, pos, end)),
            key=lambda span: (span[0], -span[1]),
        )


def _foldable(forms: Iterable[str]) -> re.Pattern[str] | None:
    """The characters that fold into a character of ``forms`` (folded), and the zero-width ones."""
    used = {ch for form in forms for ch in form}
    chars = {c for c, spelled in _spelled_as().items() if spelled in used} | set(ZERO_WIDTH)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _spelled_as() -> dict[str, str]:
    """Each character the folding changes, with what it becomes."""
    return {c: new for new, spelled in spellings().items() for c in spelled if c != new}


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


def find_occurrences(
    blocks: Sequence[tuple[str, str]], glossary: Glossary, words: Lexicon | None = None
) -> tuple[Occurrence, ...]:
    """Every occurrence of every slogan in ``(anchor, text)`` blocks, in reading order.

    Exact string matching (in the slogan index's folding), leftmost then longest, never
    overlapping; glossary entries before discovered ones. Quotation marks play no part: a quoted
    and an unquoted use count alike. With ``words`` (the keyword tokenizer's lexicon), a
    discovered term counts only where its edges are word boundaries (``is_word``).

    >>> g = Glossary((SloganEntry("两个维护", "a", "numbered"), SloganEntry("维护", "b", "numbered")))
    >>> [(o.term, o.matched, o.start) for o in find_occurrences([("p1", "做到“兩個維護”，维护")], g)]
    [('两个维护', '兩個維護', 3), ('维护', '维护', 9)]
    """
    matcher = glossary.matcher
    skip = glossary.discovered_forms
    out: list[Occurrence] = []
    for anchor, text in blocks:
        folded, where = matcher.fold(text)
        known = list(matcher.known.finditer(folded)) if matcher.known else []
        found: list[tuple[int, int]] = []
        if matcher.found is not None:
            for start, end in _gaps(known, len(folded)):
                found.extend(_found_spans(matcher.found, folded, start, end, words, skip, text, where))
        for start, end in sorted(known + found) if found else known:
            if where is not None:
                start, end = _place(where, start, end)
            matched = text[start:end]
            entry = glossary.entry_for(matched)
            if entry is not None:
                # the term's own string when written as the term: one object, pickled once a speech
                matched = entry.term if matched == entry.term else matched
                out.append(Occurrence(entry.term, matched, anchor, start, end))
    return tuple(out)


def _found_spans(
    found: Words,
    folded: str,
    pos: int,
    end: int,
    words: Lexicon | None,
    skip: frozenset[str],
    text: str,
    where: Sequence[int] | None,
) -> Iterator[tuple[int, int]]:
    """Discovered terms in ``folded[pos:end]`` that are words of ``text`` (all of them without
    ``words``); after one that is not, the search goes on from its next character."""
    ends: dict[int, set[int]] = {}  # a Han run's word ends, by the run's start

    def a_word(start: int, stop: int) -> bool:
        a, b = (start, stop) if where is None else _place(where, start, stop)
        return words is None or (is_word(text, a, words, skip, ends) and is_word(text, b, words, skip, ends))

    return found.finditer(folded, pos, end, accept=a_word)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"  # the keyword tokenizer's Han characters


def is_word(text: str, at: int, words: Lexicon, skip: frozenset[str], ends: dict[int, set[int]] | None = None) -> bool:
    """Whether position ``at`` of ``text`` is a word boundary: not between two Han characters, or a
    boundary of the keyword tokenizer's segmentation of the Han run it is in (``skip``: words not
    taken, see ``keywords.word_ends``); ``ends`` keeps each run's boundaries for the next call.

    >>> from build_scripts.analyse.terms import lexicon
    >>> [is_word("为做好工作。", at, lexicon(), frozenset()) for at in (1, 2, 3, 4, 5)]
    [True, False, True, False, True]
    """
    if at <= 0 or at >= len(text) or not (_han(text[at - 1]) and _han(text[at])):
        return True
    start = at - 1
    while start > 0 and _han(text[start - 1]):
        start -= 1
    found = ends.get(start) if ends is not None else None
    if found is None:
        stop = at + 1
        while stop < len(text) and _han(text[stop]):
            stop += 1
        found = word_ends(text[start:stop], words, skip)
        if ends is not None:
            ends[start] = found
    return at - start in found


def compile_matcher(glossary: Glossary) -> Matcher:
    """The glossary's matcher: its entries' forms, then its discoveries' (``Glossary.matcher`` keeps it),
    each in the slogan index's folding (``analyse/fold.py``)."""
    known = [spell(f) for e in glossary.entries if not e.discovered for f in e.forms]
    found = [spell(f) for e in glossary.entries if e.discovered for f in e.forms]
    return Matcher(Words(known) or None, Words(found) or None, _foldable(known + found))
