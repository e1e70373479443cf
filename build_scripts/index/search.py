"""Build the archive's static full-text index: exact Chinese phrase search in the browser.

One job: turn every speech's kept text into the static files that
``site_overrides/assets/javascripts/archive-search-*.js`` query. The design (measured in
``docs_src/method-search.md``):

* Text is *folded* the same way on both sides: white space and zero-width characters
  are dropped, traditional characters that never occur in simplified text are mapped
  1:1 to simplified (table from OpenCC's data, shipped as ``t2s.json``). Nothing else
  changes: no case folding, no width folding. Folding is only for matching; the
  snippets and pages show the text as written.
* Each speech is one stream: its blocks in reading order, folded and concatenated
  (so a phrase may run on from one paragraph into the next, as white space is
  ignored). Where the headings (and the title block) lie in the stream is listed per
  speech (``h/``), so a match in a heading can be ranked first; they are not indexed
  twice.
* A positional index of character bigrams answers a phrase of length L >= 2
  exactly: the phrase occurs at p iff each bigram of a covering set (offsets
  0, 2, 4, ..., L-2) occurs at p + offset. A unigram index (documents and counts,
  no positions) answers one-character queries.
* Positional lists are bit-packed (Rice codes, ``_position_lists``), lists of counts
  varint-encoded; all are grouped into shards by a hash of the key,
  so a query fetches only the shards of its keys; very long lists ("heavy" keys)
  get a file of their own, listed with their sizes in ``meta.json`` so the
  browser can pick the cheapest covering set.
* Titles live in chunked ``docs/<k>.json`` files. A speech's text is not copied into the
  index: the worker fetches the top results' pages themselves to cut snippets.
* The build is numpy over one array of all folded text: every key is hashed once
  into one of at most ``MAX_GROUPS`` groups of shards, and a group's postings are
  sorted and encoded together, so time is linear and memory bounded by a group.

Files (relative to the site root, under ``search/archive/``)::

    meta.json           format, version (hash of the other files), counts, shard counts, heavy keys, slogans
    t2s.json            {"from": "...", "to": "..."}: the 1:1 folding table
    docs/<k>.json       [[url, title, date, level], ...] for docs k*C .. k*C+C-1
    h/<k>.bin           the headings' places in the streams of docs k*C .. k*C+C-1 (_head_files)
    u/<k>.bin           unigram shards: per key, per doc: doc delta * 2 + (in a heading), count
    b/<k>.bin           bigram shards: per key, the docs and positions, bit-packed (_position_lists)
    b/x/<c1>-<c2>.bin   one heavy bigram's list (code points in hex)
    b/x/<c1>-<c2>.c.bin the same bigram's documents and counts only (as in u/)

Shard file: varint K, then K x (varint key delta, varint byte length), then the
lists in key order. Keys: unigram = code point; bigram = c1 * 2**21 + c2.
Shard of a unigram: c % uni_shards; of a bigram: (c1 * 1000003 + c2) % bi_shards.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from build_scripts.analyse.fold import WHITESPACE as WHITESPACE  # one folding, shared with the slogan index
from build_scripts.analyse.fold import ZERO_WIDTH as ZERO_WIDTH
from build_scripts.analyse.fold import fold as fold
from build_scripts.analyse.fold import fold_table as fold_table
from build_scripts.analyse.fold import t2s_pairs as t2s_pairs
from build_scripts.config.glossary import Glossary
from build_scripts.engine.packed import PackedBlocks
from build_scripts.errors import ArchiveError
from build_scripts.model import Speech

FORMAT = 3  # 3: positional lists bit-packed (_position_lists), headings as places (h/), not copies
PREFIX = "search/archive/"
MAX_CHARS = 1 << 24  # a speech's folded text is shorter (positions stay exact in the browser's arithmetic)
BIGRAM_SHIFT = 21  # code points need 21 bits
HASH_MULT = 1000003
SHARD_TARGET = 24 * 1024  # aimed bytes per shard file
HEAVY_BYTES = 48 * 1024  # a bigram list longer than this gets its own file
DOC_CHUNK = 1000  # docs per docs/<k>.json
GROUP_POSTINGS = 2_000_000  # postings sorted at once (bounds memory)...
MAX_GROUPS = 64  # ...up to this many passes (keeps the build linear)
SLICE_RUNS = 1 << 18  # positional lists are packed this many (key, doc) runs at a time


@dataclass(frozen=True)
class SearchDoc:
    """One speech as search sees it: blocks are ``(anchor, text)`` in reading order.

    Only the blocks are searched. Anchors ``s<k>`` are headings, ``p<n>`` paragraphs
    (the site contract); a block ``("title", ...)`` is the title as written in the
    source, searched and ranked like a heading. ``title`` is for display.
    """

    id: str
    url: str
    title: str
    date: str | None
    level: str | None
    blocks: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FoldedDoc:
    """A speech's folded text: the body stream and where its headings lie in it."""

    body: str  # folded blocks, concatenated in reading order
    heads: tuple[tuple[int, int], ...]  # [start, end) in ``body`` of the title block and each heading


# ---------------------------------------------------------------------------
# Folding


class Folder:
    """Folds many texts fast: a code point lookup table built once from the pairs."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        lut = np.arange(0x110000, dtype=np.int32)
        for c in WHITESPACE + ZERO_WIDTH:
            lut[ord(c)] = -1
        for trad, simp in pairs:
            lut[ord(trad)] = ord(simp)
        self.lut = lut

    def codes(self, text: str) -> np.ndarray:
        """The folded code points of ``text`` (int32)."""
        cps = self.lut[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
        return cps[cps >= 0]

    def __call__(self, text: str) -> str:
        """Same result as ``fold(text, fold_table(pairs))``.

        >>> Folder((("兩", "两"),))("兩 个\u200b")
        '两个'
        """
        return _text(self.codes(text))


def _text(codes: np.ndarray) -> str:
    return codes.astype("<u4").tobytes().decode("utf-32-le")


def _doc_codes(doc: SearchDoc, folder: Folder) -> tuple[np.ndarray, np.ndarray]:
    """A speech's folded body stream (its blocks) as code points, and its headings' places in it
    (int64 [start, end) pairs, in reading order).

    The title is searched only if it is one of the blocks (anchor ``title``): a
    title the build inferred is not text of the speech.
    """
    texts = [text for _, text in doc.blocks]
    points = folder.lut[np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)]
    kept = points >= 0
    body = points[kept]
    if len(body) >= MAX_CHARS:
        raise ArchiveError.one(
            doc.id,
            f"the speech has {len(body):,} characters of text, more than search can index ({MAX_CHARS - 1:,})",
            f"Split the file into several speeches, e.g. one file per part: {doc.id}_1.txt, {doc.id}_2.txt",
        )
    # each block's end in the folded stream: the kept characters before its end in the text
    ends = np.r_[0, np.cumsum(kept)][np.cumsum([len(t) for t in texts], dtype=np.int64)]
    starts = np.r_[0, ends[:-1]]
    heading = np.array([is_heading(a) or a == "title" for a, _ in doc.blocks], dtype=bool)
    heads = np.stack([starts, ends], axis=1)[heading & (ends > starts)] if len(texts) else np.zeros((0, 2))
    return body, heads.astype(np.int64)


def fold_doc(doc: SearchDoc, folder: Folder) -> FoldedDoc:
    """Fold one speech into its body stream (its blocks) and the places of its headings."""
    body, heads = _doc_codes(doc, folder)
    return FoldedDoc(body=_text(body), heads=tuple((int(a), int(b)) for a, b in heads))


def is_heading(anchor: str) -> bool:
    """Headings have anchors ``s<k>`` (the site contract), paragraphs ``p<n>``.

    >>> is_heading("s2"), is_heading("p2"), is_heading("")
    (True, False, False)
    """
    return anchor.startswith("s") and anchor[1:].isdigit()


# ---------------------------------------------------------------------------
# Varints and hashing (mirrored in archive-search-core.js)


def encode_varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128-style unsigned varints of ``values`` (each < 2**63; bigram keys need 41 bits):
    (uint8 bytes, lengths).

    >>> encode_varints(np.array([0, 127, 128, 300, 2**41 + 5], dtype=np.int64))[0].tolist()
    [0, 127, 128, 1, 172, 2, 133, 128, 128, 128, 128, 64]
    """
    wide = bool(len(values)) and int(values.max()) >= 1 << 32
    v: np.ndarray = values.astype(np.uint64 if wide else np.uint32)
    nbytes = np.ones(len(v), dtype=np.uint8)
    for k in range(1, 10 if wide else 5):
        nbytes += v >= (1 << (7 * k))
    width = int(nbytes.max()) if len(v) else 1
    planes = np.empty((len(v), width), dtype=np.uint8)
    for k in range(width):
        byte = (v >> np.array(7 * k, dtype=v.dtype)).astype(np.uint8) & np.uint8(0x7F)
        planes[:, k] = byte | ((nbytes > k + 1).view(np.uint8) << np.uint8(7))
    keep = np.arange(width, dtype=np.uint8)[None, :] < nbytes[:, None]
    return planes[keep], nbytes.astype(np.int64)


def bigram_key(c1: int, c2: int) -> int:
    return (c1 << BIGRAM_SHIFT) | c2


def heavy_name(key: int) -> str:
    """A heavy bigram's file name: its code points in hex (``archive-search-core.js: heavyName``).

    >>> heavy_name(bigram_key(ord("发"), ord("展")))
    '53d1-5c55'
    """
    return f"{key >> BIGRAM_SHIFT:x}-{key & ((1 << BIGRAM_SHIFT) - 1):x}"


def bigram_shard(c1: int, c2: int, shards: int) -> int:
    """The shard a bigram lives in.

    >>> bigram_shard(ord("两"), ord("个"), 97)  # archive-search-core.js agrees
    9
    """
    return (c1 * HASH_MULT + c2) % shards


# ---------------------------------------------------------------------------
# Posting lists


@dataclass(frozen=True)
class _Corpus:
    """All folded text in one array: each speech's body stream followed by a separator, so no
    bigram spans two speeches; and where the headings lie in it.

    Characters are stored as their place in the archive's sorted ``alphabet`` (two bytes
    each when it has fewer than 65,535 characters, as any Chinese archive does), not as
    code points (four bytes): at 10,000 speeches the array is 110 MB instead of 220.
    """

    codes: np.ndarray  # places in the alphabet; ``separator`` (its last place) separates speeches
    table: np.ndarray  # int64: place → code point, -1 for the separator
    doc_start: np.ndarray  # index in ``codes`` of each speech's first character
    head_start: np.ndarray  # index in ``codes`` of each heading's first character, ascending
    head_end: np.ndarray  # ... and of the character after its last

    @property
    def separator(self) -> int:
        return len(self.table) - 1

    def points(self, where: slice | np.ndarray) -> np.ndarray:
        """The code points (int64) at ``where``; -1 at a speech's end."""
        points: np.ndarray = self.table[self.codes[where]]
        return points

    def locate(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Doc number and position of each element index."""
        doc = np.searchsorted(self.doc_start, index, side="right") - 1
        return doc, index - self.doc_start[doc]

    def in_head(self, index: np.ndarray, width: int) -> np.ndarray:
        """Whether the ``width`` characters from each element index lie inside one heading."""
        if not len(self.head_start):  # no speech has a title line or a heading
            return np.zeros(len(index), dtype=bool)
        head = np.searchsorted(self.head_start, index, side="right") - 1
        inside: np.ndarray = (head >= 0) & (index + width <= self.head_end[np.maximum(head, 0)])
        return inside

    def heads(self, doc: int) -> np.ndarray:
        """Doc ``doc``'s headings as [start, end) positions in its stream (int64 pairs)."""
        lo, hi = self.doc_start[doc], self.doc_start[doc + 1] if doc + 1 < len(self.doc_start) else len(self.codes)
        a, b = np.searchsorted(self.head_start, [lo, hi])
        heads: np.ndarray = np.stack([self.head_start[a:b], self.head_end[a:b]], axis=1) - lo
        return heads


def _corpus(docs: Sequence[SearchDoc], folder: Folder) -> _Corpus:
    """Fold every speech into one array (docs numbered in the given order)."""
    if len(docs) >= 1 << 20:
        raise ArchiveError.one(
            "corpus",
            f"{len(docs):,} speeches are more than search can index (1,048,575)",
            "Build several archives, e.g. one per year",
        )
    # an upper bound of the folded length (folding only drops characters), and every character used
    capacity, used = 1, np.zeros(0x110000, dtype=bool)
    for d in docs:
        text = "".join(t for _, t in d.blocks)
        capacity += len(text) + 1
        used[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)] = True
    points = folder.lut[np.flatnonzero(used)]
    alphabet = np.unique(points[points >= 0])
    dtype = np.uint16 if len(alphabet) < 0xFFFF else np.uint32
    separator = len(alphabet)
    place = np.full(0x110000, separator, dtype=dtype)  # code point → place in the alphabet
    place[alphabet] = np.arange(len(alphabet), dtype=dtype)
    codes = np.full(capacity, separator, dtype=dtype)
    starts, heads = [], []
    at = 0
    for doc in docs:
        body, doc_heads = _doc_codes(doc, folder)
        starts.append(at)
        heads.append(doc_heads + at)
        codes[at : at + len(body)] = place[body]
        at += len(body) + 1  # codes[at - 1] stays a separator
    head = np.concatenate(heads) if heads else np.zeros((0, 2), dtype=np.int64)
    return _Corpus(
        codes=codes[:at],
        table=np.append(alphabet.astype(np.int64), -1),
        doc_start=np.array(starts, dtype=np.int64),
        head_start=head[:, 0].copy(),
        head_end=head[:, 1].copy(),
    )


def _gaps(key: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each key's runs begin, and each run's doc gap (its doc, first in a key; else the docs
    skipped since the last run). ``key``/``doc`` are per run, sorted by key, then doc."""
    new_key = np.ones(len(key), dtype=bool)
    new_key[1:] = key[1:] != key[:-1]
    gap = doc.copy()
    gap[1:] = np.where(new_key[1:], doc[1:], doc[1:] - doc[:-1] - 1)
    return new_key, gap


def _count_lists(
    key: np.ndarray, doc: np.ndarray, count: np.ndarray, head: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lists of counts, varints: (bytes, unique keys, byte start of each key's list); the list of
    key i is bytes[start[i]:start[i+1]]. Per run (sorted by key, then doc): doc gap × 2 + (the
    term is in a heading or the title: ``head``), then ``count`` (the body count)."""
    new_key, gap = _gaps(key, doc)
    encoded, nbytes = encode_varints(np.stack([gap * 2 + head, count], axis=1).reshape(-1))
    value_byte_start = np.cumsum(nbytes) - nbytes
    starts = value_byte_start[np.flatnonzero(new_key) * 2]
    return encoded, key[new_key], np.append(starts, len(encoded))


def _rice_k(total: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The Rice parameter of lists with these sums and lengths: floor(log2(mean)), 0 below 2.

    With it, a list's unary parts take at most about two bits per value, however skewed.

    >>> _rice_k(np.array([0, 3, 4000, 10**9]), np.array([1, 2, 1, 1])).tolist()
    [0, 0, 11, 24]
    """
    mean = total / np.maximum(n, 1)
    k: np.ndarray = np.minimum(np.floor(np.log2(np.maximum(mean, 1))).astype(np.int64), 24)
    return k


def _position_lists(
    key: np.ndarray, doc: np.ndarray, count: np.ndarray, first: np.ndarray, later: np.ndarray, run_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positional lists, bit-packed: (bytes, unique keys, byte start of each key's list).

    Per run (sorted by key, then doc): ``count`` positions, the ``first`` and the ``later``
    deltas (each position minus the one before, minus 1; ``run_of`` says whose). A key's list,
    read bit by bit from the high bit of its first byte, padded with 0 bits to a byte (the
    browser's ``decodePositions`` reads it; a list is ~20% smaller than in varints, and
    unlike varints it does not shrink much in gzip, so ~15% smaller as served):

        G(runs)  k_gap (5 bits)  k_first (5 bits)  k_later (5 bits)
        per run:  R(doc gap, k_gap)  G(count - 1)  R(first, k_first)  R(later delta, k_later) ...

    R(v, k) is the Rice code (v >> k one bits, a 0 bit, then v's k low bits); G(v) the
    Elias-gamma code of v + 1 (as many 0 bits as v + 1 has bits after its first, then v + 1);
    each k is floor(log2(mean)) of what it codes in this list.
    """
    # in slices of whole keys: the arrays of a slice stay small enough for the allocator to reuse
    # their memory (fresh memory costs more here than the arithmetic: 2.2× slower in one piece)
    cut = [0]
    while cut[-1] < len(key):
        at = min(cut[-1] + SLICE_RUNS, len(key))
        while at < len(key) and key[at] == key[at - 1]:
            at += 1
        cut.append(at)
    parts, keys, starts, size = [], [], [], 0
    later_at = np.searchsorted(run_of, cut)
    for lo, hi, llo, lhi in zip(cut, cut[1:], later_at, later_at[1:]):
        packed, k, st = _pack_positions(
            key[lo:hi], doc[lo:hi], count[lo:hi], first[lo:hi], later[llo:lhi], run_of[llo:lhi] - lo
        )
        parts.append(packed)
        keys.append(k)
        starts.append(st[:-1] + size)
        size += len(packed)
    if not parts:
        return np.zeros(0, dtype=np.uint8), key[:0], np.zeros(1, dtype=np.int64)
    return np.concatenate(parts), np.concatenate(keys), np.append(np.concatenate(starts), size)


def _pack_positions(
    key: np.ndarray, doc: np.ndarray, count: np.ndarray, first: np.ndarray, later: np.ndarray, run_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_position_lists`` of one slice of whole keys."""
    new_key, gap = _gaps(key, doc)
    n_runs, n_later = len(key), len(later)
    run_key = np.cumsum(new_key) - 1
    n_keys = int(run_key[-1]) + 1 if n_runs else 0
    runs = np.bincount(run_key, minlength=n_keys)
    k_gap = _rice_k(np.bincount(run_key, gap, n_keys), runs)
    k_first = _rice_k(np.bincount(run_key, first, n_keys), runs)
    later_key = run_key[run_of]
    k_later = _rice_k(np.bincount(later_key, later, n_keys), np.bincount(later_key, minlength=n_keys))
    # the codes in stream order: a key's 4 header codes, then per run its 3 codes and its later deltas
    run_codes = count + 2
    run_at = np.cumsum(run_codes) - run_codes + 4 * (run_key + 1)
    key_at = run_at[new_key] - 4
    n_codes = n_runs * 3 + n_later + 4 * n_keys
    value = np.zeros(n_codes, dtype=np.int64)
    k = np.zeros(n_codes, dtype=np.int64)  # the low bits written
    gamma = np.zeros(n_codes, dtype=bool)  # an Elias-gamma code
    plain = np.zeros(n_codes, dtype=bool)  # k bits as they are (the header's parameters); else a Rice code
    value[key_at], gamma[key_at] = runs, True
    for j, param in enumerate((k_gap, k_first, k_later), start=1):
        value[key_at + j], k[key_at + j], plain[key_at + j] = param, 5, True
    value[run_at], k[run_at] = gap, k_gap[run_key]
    value[run_at + 1], gamma[run_at + 1] = count - 1, True
    value[run_at + 2], k[run_at + 2] = first, k_first[run_key]
    index_in_run = np.arange(n_later, dtype=np.int64) - (np.cumsum(count - 1) - (count - 1))[run_of]
    later_at = run_at[run_of] + 3 + index_in_run
    value[later_at], k[later_at] = later, k_later[later_key]
    # gamma: v + 1 in k bits after k - 1 zeros; Rice: v >> k ones and a 0, then the k low bits
    g1 = value[gamma] + 1
    k[gamma] = np.floor(np.log2(g1)).astype(np.int64) + 1
    value[gamma] = g1
    rice = ~(gamma | plain)
    ones = np.where(rice, value >> k, 0)
    size = ones + np.where(gamma, k - 1, rice) + k
    # each key's list ends on a byte: its last code is followed by 0-7 zero bits
    last = np.append(key_at[1:], n_codes) - 1
    key_bits = np.diff(np.cumsum(size)[last], prepend=0)
    pad = -key_bits % 8
    key_bytes = (key_bits + pad) // 8
    padded = size.copy()
    padded[last] += pad
    end = np.cumsum(padded)  # a code's end: its last bit is end - 1
    end[last] -= pad
    # each code's bits as one number, its last bit at `end`: a Rice code's ones (up to 32) included
    low = value & ((1 << k) - 1)
    short = ones <= 32
    pattern = np.where(short, (((1 << np.minimum(ones, 32)) - 1) << (k + 1)) | low, low).astype(np.uint64)
    # in 64-bit words (big-endian bit order): a code lies in the word of its last bit, or spills into the one before
    at = end - 1
    word, r = at >> 6, (at & 63).astype(np.uint64)
    n_words = int(end[-1] + 63) // 64 if n_codes else 0
    words = np.zeros(n_words, dtype=np.uint64)
    first = np.flatnonzero(np.diff(word, prepend=-1))
    words[word[first]] = np.bitwise_or.reduceat(pattern << (np.uint64(63) - r), first)
    spill = pattern >> np.minimum(r + np.uint64(1), np.uint64(63))
    spills = np.flatnonzero(spill)
    words[word[spills] - 1] |= spill[spills]  # only one code crosses a word's end
    long = np.flatnonzero(~short)  # more than 32 ones (rare): bit by bit
    if len(long):
        n_ones = ones[long]
        one_at = np.repeat(end[long] - size[long] - (np.cumsum(n_ones) - n_ones), n_ones) + np.arange(int(n_ones.sum()))
        np.bitwise_or.at(words, one_at >> 6, np.uint64(1) << (np.uint64(63) - (one_at & 63).astype(np.uint64)))
    packed = np.frombuffer(words.astype(">u8").tobytes(), dtype=np.uint8)[: int(key_bytes.sum())]
    return packed, key[new_key], np.append(np.cumsum(key_bytes) - key_bytes, key_bytes.sum())


def _shard_files(
    keys: np.ndarray, shard: np.ndarray, data: bytes, starts: np.ndarray, keep: np.ndarray
) -> Iterator[tuple[int, bytes]]:
    """(shard, file) for the kept lists, sorted by (shard, key); list i is data[starts[i]:starts[i+1]].

    A shard: varint count, (key delta, byte length) varint pairs, then the lists in key order.
    """
    lo, hi = starts[:-1][keep], starts[1:][keep]
    keys, shard = keys[keep], shard[keep]
    if not len(keys):
        return
    new_shard = np.r_[True, shard[1:] != shard[:-1]]
    first = np.flatnonzero(new_shard)
    n_shards = len(first)
    of_key = np.cumsum(new_shard) - 1  # each key's shard, counted from 0
    delta = keys.copy()
    delta[1:] -= keys[:-1]
    delta[first] = keys[first]
    values = np.empty(n_shards + 2 * len(keys), dtype=np.int64)
    count_at = first * 2 + np.arange(n_shards)
    values[count_at] = np.diff(np.append(first, len(keys)))
    pair_at = 2 * np.arange(len(keys)) + of_key + 1
    values[pair_at], values[pair_at + 1] = delta, hi - lo
    encoded, nbytes = encode_varints(values)
    head = encoded.tobytes()
    head_at = np.append(np.cumsum(nbytes)[count_at] - nbytes[count_at], len(head)).tolist()
    ends = np.append(first, len(keys))
    lo_list, hi_list = lo.tolist(), hi.tolist()
    for j, s in enumerate(shard[first].tolist()):
        a, b = int(ends[j]), int(ends[j + 1])
        if hi_list[b - 1] - lo_list[a] == int((hi[a:b] - lo[a:b]).sum()):  # the lists lie together
            body = data[lo_list[a] : hi_list[b - 1]]
        else:  # a heavy list between them has a file of its own
            body = b"".join(data[x:y] for x, y in zip(lo_list[a:b], hi_list[a:b]))
        yield s, head[head_at[j] : head_at[j + 1]] + body


def _bigram_files(corpus: _Corpus, heavy: dict[str, int]) -> Generator[tuple[str, bytes], None, int]:
    """Yield the bigram shards and heavy files; return the shard count; note heavy keys' sizes in ``heavy``.

    Linear in the corpus: each bigram is hashed once into a group of shards; a
    group's postings are sorted and encoded together, and its shards written out
    (groups bound the memory).
    """
    n = max(len(corpus.codes) - 1, 0)
    group_of = np.full(n, -1, dtype=np.int8)  # MAX_GROUPS fits
    total, codes, separator = 0, corpus.codes, corpus.separator
    for lo in range(0, n, GROUP_POSTINGS):
        hi = min(lo + GROUP_POSTINGS, n)
        total += int(np.count_nonzero((codes[lo:hi] != separator) & (codes[lo + 1 : hi + 1] != separator)))
    shards = max(1, math.ceil(total * 2.3 / SHARD_TARGET))  # ~2.3 bytes per posting
    groups = min(MAX_GROUPS, max(1, math.ceil(total / GROUP_POSTINGS)))
    for lo in range(0, n, GROUP_POSTINGS):
        hi = min(lo + GROUP_POSTINGS, n)
        c1 = corpus.points(slice(lo, hi))
        c2 = corpus.points(slice(lo + 1, hi + 1))
        valid = (c1 >= 0) & (c2 >= 0)
        group_of[lo:hi] = np.where(valid, ((c1 * HASH_MULT + c2) % shards) % groups, -1)
    for group in range(groups):
        index = np.flatnonzero(group_of == group)
        if not len(index):
            continue
        c1 = corpus.points(index)
        c2 = corpus.points(index + 1)
        key = (c1 << BIGRAM_SHIFT) | c2
        shard = (c1 * HASH_MULT + c2) % shards
        doc, pos = corpus.locate(index)
        del c1, c2, index
        # doc and position already ascend: a stable sort by (shard, key) keeps them so
        order = np.argsort((shard << 42) | key, kind="stable")
        key, pos, doc, shard = key[order], pos[order], doc[order], shard[order]
        del order
        new_run = np.ones(len(key), dtype=bool)
        new_run[1:] = (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])
        run_starts = np.flatnonzero(new_run)
        run_of = np.cumsum(new_run) - 1
        run_len = np.diff(np.append(run_starts, len(key)))
        later = ~new_run
        encoded, ukeys, starts = _position_lists(
            key[run_starts],
            doc[run_starts],
            run_len,
            pos[run_starts],
            pos[later] - pos[np.flatnonzero(later) - 1] - 1,
            run_of[later],
        )
        run_key = key[run_starts]
        key_first = np.r_[True, run_key[1:] != run_key[:-1]]
        ushard = shard[run_starts][key_first]
        data = encoded.tobytes()
        sizes = np.diff(starts)
        is_heavy = sizes > HEAVY_BYTES
        heavy_of_run = is_heavy[np.cumsum(key_first) - 1]
        if heavy_of_run.any():
            # heavy keys also get a list of counts only: a two-character query needs no positions
            hk = heavy_of_run
            of_heavy = hk[run_of]
            head = corpus.in_head(corpus.doc_start[doc[of_heavy]] + pos[of_heavy], 2)
            in_head = np.bincount(run_of[of_heavy], weights=head, minlength=len(run_starts)) > 0
            counts, ckeys, cstarts = _count_lists(run_key[hk], doc[run_starts][hk], run_len[hk], in_head[hk])
            cdata = counts.tobytes()
            for i, k in enumerate(ckeys.tolist()):
                yield f"{PREFIX}b/x/{heavy_name(k)}.c.bin", cdata[cstarts[i] : cstarts[i + 1]]
        for i in np.flatnonzero(is_heavy).tolist():
            name = heavy_name(int(ukeys[i]))
            yield f"{PREFIX}b/x/{name}.bin", data[starts[i] : starts[i + 1]]
            heavy[name] = int(sizes[i])
        for s, file in _shard_files(ukeys, ushard, data, starts, ~is_heavy):
            yield f"{PREFIX}b/{s}.bin", file
    return shards


def _unigram_files(corpus: _Corpus) -> Generator[tuple[str, bytes], None, int]:
    """Yield the unigram shards (doc, body count, head count per key); return their count.

    Grouped like the bigrams: each character's shard group is computed once, and one
    group's (key, doc) counts are sorted and encoded at a time.
    """
    codes = corpus.codes
    total = int(np.count_nonzero(codes != corpus.separator))
    # about 0.3 distinct (character, doc) pairs per character, about 2.3 bytes each
    shards = max(1, math.ceil(total * 0.7 / SHARD_TARGET))
    groups = min(MAX_GROUPS, max(1, math.ceil(total / GROUP_POSTINGS)))
    group_of = np.full(len(codes), -1, dtype=np.int8)  # MAX_GROUPS fits
    for lo in range(0, len(codes), GROUP_POSTINGS):
        chunk = corpus.points(slice(lo, lo + GROUP_POSTINGS))
        group_of[lo : lo + GROUP_POSTINGS] = np.where(chunk >= 0, (chunk % shards) % groups, -1)
    for group in range(groups):
        index = np.flatnonzero(group_of == group)
        if not len(index):
            continue
        key = corpus.points(index)
        doc, _ = corpus.locate(index)
        head = corpus.in_head(index, 1)
        del index
        # sorted by (key, doc, head): a key's runs come in doc order
        unique, counts = np.unique((((key << 20) | doc) << 1) | head, return_counts=True)
        del key, doc, head
        run = unique >> 1  # key << 20 | doc
        new_run = np.r_[True, run[1:] != run[:-1]]
        run_of = np.cumsum(new_run) - 1
        runs = run[new_run]
        count = np.bincount(run_of, weights=counts).astype(np.int64)
        in_head = np.bincount(run_of, weights=unique & 1) > 0
        rkey, rdoc = runs >> 20, runs & ((1 << 20) - 1)
        rshard = rkey % shards
        order = np.argsort(rshard, kind="stable")  # runs stay in (key, doc) order within a shard
        rkey, rdoc, count, in_head, rshard = rkey[order], rdoc[order], count[order], in_head[order], rshard[order]
        encoded, ukeys, starts = _count_lists(rkey, rdoc, count, in_head)
        data = encoded.tobytes()
        ushard = rshard[np.r_[True, rkey[1:] != rkey[:-1]]]
        for s, file in _shard_files(ukeys, ushard, data, starts, np.ones(len(ukeys), dtype=bool)):
            yield f"{PREFIX}u/{s}.bin", file
    return shards


# ---------------------------------------------------------------------------
# The public entry point


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def order_docs(docs: Iterable[SearchDoc]) -> Sequence[SearchDoc]:
    """Docs numbered oldest first (undated first), then by id: a higher number is newer.

    A ``Sequence`` is put in order as a view, never copied: one whose docs are made when
    read (the pipeline's) need never hold them all. Other iterables are collected first.
    """
    docs = docs if isinstance(docs, Sequence) else tuple(docs)
    keys = [(d.date or "", d.id) for d in docs]
    dupes = sorted(i for i, n in Counter(i for _, i in keys).items() if n > 1)
    if dupes:
        raise ArchiveError.one(
            dupes[0],
            f"{len(dupes)} speech id(s) occur twice, e.g. {dupes[0]!r}",
            "Give every speech file a unique name, e.g. 2023-01-05_县委全会.txt",
        )
    return _InOrder(docs, sorted(range(len(docs)), key=keys.__getitem__))


@dataclass(frozen=True)
class _InOrder(Sequence[SearchDoc]):
    docs: Sequence[SearchDoc]
    order: list[int]

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, n):  # type: ignore[no-untyped-def]  # an index, not a slice
        return self.docs[self.order[n]]


def build_search_files(
    docs: Iterable[SearchDoc],
    slogans: Iterable[tuple[str, tuple[str, ...], str]],
) -> dict[str, bytes]:
    """All search files, as {site-root-relative path: bytes}, sorted by path; deterministic."""
    return dict(sorted(iter_search_files(docs, slogans)))


def iter_search_files(
    docs: Iterable[SearchDoc],
    slogans: Iterable[tuple[str, tuple[str, ...], str]],
) -> Iterator[tuple[str, bytes]]:
    """Every search file as ``(site-root-relative path, bytes)``, each as soon as it is made.

    ``docs`` may be any iterable (a generator is fine). ``slogans`` are (term,
    variants, url): a query equal to one of them (after folding) offers the slogan
    page first. A caller that writes each file as it comes never holds the whole index.
    """
    slogans = tuple(slogans)
    pairs = t2s_pairs()
    ordered = order_docs(docs)
    digest = hashlib.sha256()
    heavy: dict[str, int] = {}
    shards: dict[str, int] = {}
    for path, data in _index_files(ordered, pairs, heavy, shards):
        digest.update(f"{path}\x00{len(data)}\x00".encode())
        digest.update(data)
        yield path, data
    yield (
        f"{PREFIX}meta.json",
        _json(
            {
                "format": FORMAT,
                # the hash of every other file: the browser asks for them as <file>?v=<version>, so after
                # a deploy a cached file of the last version is never read with this meta.json
                "version": digest.hexdigest()[:16],
                "docs": len(ordered),
                "doc_chunk": DOC_CHUNK,
                "bi_shards": shards["bi"],
                "shard_bytes": SHARD_TARGET,
                "uni_shards": shards["uni"],
                "heavy": dict(sorted(heavy.items())),
                "heavy_bytes": HEAVY_BYTES,
                "slogans": [[t, list(v), u] for t, v, u in slogans],
            }
        ),
    )


def _index_files(
    ordered: Sequence[SearchDoc], pairs: Sequence[tuple[str, str]], heavy: dict[str, int], shards: dict[str, int]
) -> Iterator[tuple[str, bytes]]:
    """Every search file but ``meta.json``; fills in the heavy keys' sizes and the shard counts it needs."""
    corpus = _corpus(ordered, Folder(pairs))
    shards["bi"] = yield from _bigram_files(corpus, heavy)
    shards["uni"] = yield from _unigram_files(corpus)
    yield from _head_files(corpus)
    del corpus
    # docs/<k>.json; a speech's text is not copied here: snippets are cut from its page (10,000 texts: 150 MB)
    rows: list[list[str | None]] = [[d.url, d.title, d.date, d.level] for d in ordered]
    for k in range(math.ceil(len(rows) / DOC_CHUNK)):
        yield f"{PREFIX}docs/{k}.json", _json(rows[k * DOC_CHUNK : (k + 1) * DOC_CHUNK])
    yield f"{PREFIX}t2s.json", _json({"from": "".join(t for t, _ in pairs), "to": "".join(s for _, s in pairs)})


def _head_files(corpus: _Corpus) -> Iterator[tuple[str, bytes]]:
    """``h/<k>.bin``: where the headings of docs k*C .. k*C+C-1 lie in their streams. Per doc, varints:
    the number of headings, then per heading its start minus the last one's end (0 for the
    first), and its length. The browser ranks a speech whose match lies in a heading higher."""
    docs = len(corpus.doc_start)
    for k in range(math.ceil(docs / DOC_CHUNK)):
        values: list[int] = []
        for doc in range(k * DOC_CHUNK, min(docs, (k + 1) * DOC_CHUNK)):
            heads = corpus.heads(doc)
            values.append(len(heads))
            end = 0
            for a, b in heads.tolist():
                values += (a - end, b - a)
                end = b
        yield f"{PREFIX}h/{k}.bin", encode_varints(np.array(values, dtype=np.int64))[0].tobytes()


def iter_matches(haystack: str, needle: str) -> Iterator[int]:
    """Start offsets of every (overlapping) occurrence of ``needle``.

    >>> list(iter_matches("aaaa", "aa"))
    [0, 1, 2]
    """
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + 1)


def slogan_list(glossary: Glossary) -> list[tuple[str, tuple[str, ...], str]]:
    """``(term, other spellings, page)`` of every slogan, for the search index."""
    return [(e.term, tuple(e.variants) + tuple(e.aliases), f"slogans/{e.slug}/") for e in glossary.entries]


class SearchDocs(Sequence[SearchDoc]):
    """The speeches as search sees them, each made when read, its blocks out of ``PackedBlocks``."""

    def __init__(self, speeches: Sequence[Speech], blocks: PackedBlocks) -> None:
        self.heads = [(s.id, s.url, s.title, s.meta.date, s.meta.level, s.title_inferred) for s in speeches]
        self.blocks = blocks

    def __len__(self) -> int:
        return len(self.heads)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]  # an index, not a slice
        i = range(len(self))[i]  # an IndexError past the end, as a sequence must
        sid, url, title, date, level, inferred = self.heads[i]
        blocks = (() if inferred else (("title", title),)) + self.blocks.blocks(i)
        return SearchDoc(id=sid, url=url, title=title, date=date, level=level, blocks=blocks)
