"""Every speech's blocks packed into a few long strings, for the processes forked to read them.

A forked process shares its parent's memory until either writes to a page. Reading a
Python object writes to it (its reference count), so a worker that reads the speeches'
blocks copies the pages they live on: at 10,000 speeches, a worker reading half of
them copied 232 MB of the parent's 465 (measured), and the build forks such readers (term
counters when the build runs more than one, the search index, the passages). Read out of a few long strings,
the same texts cost each reader only the slices it makes and drops. ``Pickled`` does the
same for any values: the speeches and the pages' navigation that the page workers read.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

import numpy as np

from build_scripts.model import Document

T = TypeVar("T")

SPEECHES_PER_STRING = 500  # a rare character outside the BMP widens only its own string


@dataclass(frozen=True)
class PackedBlocks:
    """``(anchor, text)`` blocks of many documents; ``blocks(i)`` is ``docs[i].anchored_texts()``."""

    strings: tuple[str, ...]  # per SPEECHES_PER_STRING documents: anchor, text, anchor, text ... concatenated
    cuts: tuple[np.ndarray, ...]  # per string: where each piece ends, after a leading 0
    first: tuple[np.ndarray, ...]  # per string: each document's first piece, then the end

    def __len__(self) -> int:
        return sum(len(f) - 1 for f in self.first)

    def blocks(self, i: int) -> tuple[tuple[str, str], ...]:
        """The blocks of document ``i``.

        >>> from build_scripts.model import Paragraph, Heading
        >>> docs = [Document(None, (Heading("一、总体", 2, "s1", "一、"), Paragraph(1, "正文"))), Document(None, ())]
        >>> pack([*docs, docs[0]]).blocks(0) == docs[0].anchored_texts(), pack(docs).blocks(1)
        (True, ())
        """
        k, j = divmod(i, SPEECHES_PER_STRING)
        text, first = self.strings[k], self.first[k]
        at = self.cuts[k][first[j] : first[j + 1] + 1].tolist()
        pieces = [text[a:b] for a, b in pairwise(at)]
        return tuple(zip(pieces[::2], pieces[1::2]))


def pack(docs: Sequence[Document]) -> PackedBlocks:
    """Pack the documents' blocks (read once, here, before any process is forked)."""
    strings, cuts, firsts = [], [], []
    for lo in range(0, len(docs), SPEECHES_PER_STRING):
        pieces: list[str] = []
        first = [0]
        for doc in docs[lo : lo + SPEECHES_PER_STRING]:
            for anchor, text in doc.anchored_texts():
                pieces += (anchor, text)
            first.append(len(pieces))
        strings.append("".join(pieces))
        cuts.append(np.concatenate(([0], np.cumsum(np.fromiter(map(len, pieces), np.int64, len(pieces))))))
        firsts.append(np.array(first, dtype=np.int64))
    return PackedBlocks(tuple(strings), tuple(cuts), tuple(firsts))


class Pickled(Mapping[str, T]):
    """A mapping whose values are kept pickled in one buffer and unpickled when asked for.

    For what forked page workers read (each speech, each page's navigation): read as objects,
    each worker copied the pages its half of them lived on (175 MB each at 10,000 speeches);
    read out of one buffer, it copies nothing, and what it unpickles goes with the page.

    >>> p = Pickled([("a", {"x": [1, 2]}), ("b", None)])
    >>> p["a"], p.get("b"), p.get("c", 0), list(p), len(p)
    ({'x': [1, 2]}, None, 0, ['a', 'b'], 2)
    """

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        out = io.BytesIO()
        at: dict[str, tuple[int, int]] = {}
        for key, value in items:
            start = out.tell()
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            at[key] = (start, out.tell())
        self._at = at
        self._data = out.getbuffer()  # not a copy: 330 MB at 10,000 speeches

    def __getitem__(self, key: str) -> T:
        start, end = self._at[key]
        value: T = pickle.loads(memoryview(self._data)[start:end])
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)
