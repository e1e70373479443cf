"""Keywords of every speech: the top terms by TF-IDF against the whole archive.

Each speech's terms are counted on their own (``analyse/terms.py``); ranking them against the
archive is quick. Score = occurrences × (ln((1 + N) / (1 + df)) + 1), N speeches, df the
speeches containing the term; ties go to the longer term, then code-point order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

from build_scripts.analyse.fold import as_written, read_simplified
from build_scripts.analyse.terms import count_terms, keyword_extra, lexicon
from build_scripts.model import Document, Evidence


def rank_keywords(packed: Sequence[bytes], terms: Sequence[str], k: int = 8) -> tuple[tuple[str, ...], ...]:
    """The top ``k`` TF-IDF terms of each text's ``count_terms`` against all of them (same order).

    ``terms``: the ``Lexicon.terms`` the texts were counted with.
    """
    pairs = [np.frombuffer(p, dtype=np.uint32).reshape(-1, 2).astype(np.int64) for p in packed]
    n = len(pairs)
    df = np.bincount(np.concatenate([p[:, 0] for p in pairs]) if pairs else np.zeros(0, np.int64), minlength=len(terms))
    # the same float64 arithmetic as ln((1 + n) / (1 + df)) + 1 in Python, term by term
    idf = np.array([math.log((1 + n) / (1 + d)) + 1 for d in range(n + 1)])[df]
    length = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    out = []
    for p in pairs:
        ids, count = p[:, 0], p[:, 1]
        # by score, then longer terms, then code-point order (the order of the ids)
        best = ids[np.lexsort((ids, -length[ids], -(count * idf[ids])))[:k]]
        out.append(tuple(terms[i] for i in best.tolist()))
    return tuple(out)


def compute_keywords(texts: Sequence[str], k: int = 8, extra_words: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
    """The top ``k`` TF-IDF terms of each text against all of ``texts`` (same order as ``texts``).

    >>> compute_keywords(["招商引资，招商引资，营商环境。疫情防控。", "疫情防控，疫情防控，核酸检测。"], k=2)
    (('招商引资', '营商环境'), ('疫情防控', '核酸检测'))
    """
    lex = lexicon(keyword_extra(extra_words))
    return rank_keywords([count_terms(t, lex) for t in texts], lex.terms, k)


def keyword_evidence(doc: Document, keywords: Sequence[str]) -> Evidence | None:
    """Evidence for the keywords: the top keyword where it first occurs."""
    if not keywords:
        return None
    top = keywords[0]
    for read in (doc, read_simplified(doc)):  # a traditional text's keyword is counted in simplified form
        texts = chain([(None, read.title)] if read.title else [], ((b.anchor, b.text) for b in read.blocks))
        anchor = next((a for a, t in texts if top in t), "missing")
        if anchor != "missing":
            found = Evidence(
                source="title" if anchor is None else "text",
                quote=top,
                anchor=anchor,
                rule="TF-IDF against the whole archive: occurrences × (ln((1+N)/(1+df))+1), genre stop words removed",
            )
            return as_written(found, read, doc)
    return None
