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
  ignored). Headings (and the title block) are indexed a second time in a separate
  position range starting at ``HEAD_BASE`` so that a match in a heading is known
  from the index alone.
* A positional index of character bigrams answers a phrase of length L >= 2
  exactly: the phrase occurs at p iff each bigram of a covering set (offsets
  0, 2, 4, ..., L-2) occurs at p + offset. A unigram index (documents and counts,
  no positions) answers one-character queries.
* Posting lists are varint-encoded and grouped into shards by a hash of the key,
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
    u/<k>.bin           unigram shards: per key, per doc: doc delta * 2 + (in a heading), body count
    b/<k>.bin           bigram shards: per key, per doc: doc delta * 2 + (n == 1), n (only when
                        n > 1), n position deltas
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

FORMAT = 2  # 2: each run's doc delta carries a bit (see the file layout above and _lists_from_runs)
PREFIX = "search/archive/"
HEAD_BASE = 1 << 24  # positions >= this are the title/heading copies
BIGRAM_SHIFT = 21  # code points need 21 bits
HASH_MULT = 1000003
SHARD_TARGET = 24 * 1024  # aimed bytes per shard file
HEAVY_BYTES = 48 * 1024  # a bigram list longer than this gets its own file
DOC_CHUNK = 1000  # docs per docs/<k>.json
GROUP_POSTINGS = 1_000_000  # postings sorted at once (bounds memory)...
MAX_GROUPS = 64  # ...up to this many passes (keeps the build linear)


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
    """A speech's folded text: the body stream and its heading copies."""

    body: str  # folded blocks, concatenated in reading order
    heads: tuple[str, ...]  # folded title block and headings, indexed again at HEAD_BASE


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


def _doc_codes(doc: SearchDoc, folder: Folder) -> tuple[np.ndarray, list[np.ndarray]]:
    """A speech's folded body stream (its blocks) and heading copies, as code points.

    The title is searched only if it is one of the blocks (anchor ``title``): a
    title the build inferred is not text of the speech.
    """
    body = folder.codes("".join(text for _, text in doc.blocks))
    heads = [folder.codes(t) for a, t in doc.blocks if is_heading(a) or a == "title"]
    heads = [h for h in heads if len(h)]
    head_len = sum(len(h) + 1 for h in heads)
    if len(body) >= HEAD_BASE or head_len >= HEAD_BASE:
        raise ArchiveError.one(
            doc.id,
            f"the speech has {len(body):,} characters of text, more than search can index ({HEAD_BASE - 1:,})",
            f"Split the file into several speeches, e.g. one file per part: {doc.id}_1.txt, {doc.id}_2.txt",
        )
    return body, heads


def fold_doc(doc: SearchDoc, folder: Folder) -> FoldedDoc:
    """Fold one speech into its body stream (its blocks) and heading copies."""
    body, heads = _doc_codes(doc, folder)
    return FoldedDoc(body=_text(body), heads=tuple(_text(h) for h in heads))


def is_heading(anchor: str) -> bool:
    """Headings have anchors ``s<k>`` (the site contract), paragraphs ``p<n>``.

    >>> is_heading("s2"), is_heading("p2"), is_heading("")
    (True, False, False)
    """
    return anchor.startswith("s") and anchor[1:].isdigit()


# ---------------------------------------------------------------------------
# Varints and hashing (mirrored in archive-search-core.js)


def encode_varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128-style unsigned varints of ``values`` (each < 2**32): (uint8 bytes, lengths).

    >>> encode_varints(np.array([0, 127, 128, 300], dtype=np.int64))[0].tolist()
    [0, 127, 128, 1, 172, 2]
    """
    v = values.astype(np.uint32)
    nbytes = np.ones(len(v), dtype=np.uint8)
    for k in range(1, 5):
        nbytes += v >= np.uint32(1 << (7 * k))
    width = int(nbytes.max()) if len(v) else 1
    planes = np.empty((len(v), width), dtype=np.uint8)
    for k in range(width):
        byte = (v >> np.uint32(7 * k)).astype(np.uint8) & np.uint8(0x7F)
        planes[:, k] = byte | ((nbytes > k + 1).view(np.uint8) << np.uint8(7))
    keep = np.arange(width, dtype=np.uint8)[None, :] < nbytes[:, None]
    return planes[keep], nbytes.astype(np.int64)


def varint(n: int) -> bytes:
    """One varint (pure Python, for headers).

    >>> varint(300)
    b'\\xac\\x02'
    """
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def bigram_key(c1: int, c2: int) -> int:
    return (c1 << BIGRAM_SHIFT) | c2


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
    """All folded text in one array: each segment (a body stream or a heading copy)
    followed by a separator, so no bigram spans two segments.

    Characters are stored as their place in the archive's sorted ``alphabet`` (two bytes
    each when it has fewer than 65,535 characters, as any Chinese archive does), not as
    code points (four bytes): at 10,000 speeches the array is 110 MB instead of 220.
    """

    codes: np.ndarray  # places in the alphabet; ``separator`` (its last place) separates segments
    table: np.ndarray  # int64: place → code point, -1 for the separator
    seg_start: np.ndarray  # index in ``codes`` of each segment's first character
    seg_doc: np.ndarray  # the doc number of each segment
    seg_base: np.ndarray  # the position of each segment's first character

    @property
    def separator(self) -> int:
        return len(self.table) - 1

    def points(self, where: slice | np.ndarray) -> np.ndarray:
        """The code points (int64) at ``where``; -1 at a segment's end."""
        points: np.ndarray = self.table[self.codes[where]]
        return points

    def locate(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Doc number and position of each element index."""
        seg = np.searchsorted(self.seg_start, index, side="right") - 1
        return self.seg_doc[seg], self.seg_base[seg] + (index - self.seg_start[seg])


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
        capacity += len(text) + len(d.blocks) + sum(len(t) + 1 for a, t in d.blocks if is_heading(a) or a == "title")
        used[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)] = True
    points = folder.lut[np.flatnonzero(used)]
    alphabet = np.unique(points[points >= 0])
    dtype = np.uint16 if len(alphabet) < 0xFFFF else np.uint32
    separator = len(alphabet)
    place = np.full(0x110000, separator, dtype=dtype)  # code point → place in the alphabet
    place[alphabet] = np.arange(len(alphabet), dtype=dtype)
    codes = np.full(capacity, separator, dtype=dtype)
    starts, seg_doc, seg_base = [], [], []
    at = 0
    for n, doc in enumerate(docs):
        body, heads = _doc_codes(doc, folder)
        segments, base = [(body, 0)], HEAD_BASE
        for head in heads:  # heading copies at HEAD_BASE, one position apart
            segments.append((head, base))
            base += len(head) + 1
        for segment, position in segments:
            starts.append(at)
            seg_doc.append(n)
            seg_base.append(position)
            codes[at : at + len(segment)] = place[segment]
            at += len(segment) + 1  # codes[at - 1] stays a separator
    return _Corpus(
        codes=codes[:at],
        table=np.append(alphabet.astype(np.int64), -1),
        seg_start=np.array(starts, dtype=np.int64),
        seg_doc=np.array(seg_doc, dtype=np.int64),
        seg_base=np.array(seg_base, dtype=np.int64),
    )


def _lists_from_runs(
    key: np.ndarray,
    doc: np.ndarray,
    count: np.ndarray,
    head: np.ndarray | None = None,
    tail: np.ndarray | None = None,
    run_of: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Varint-encode per-(key, doc) runs: (encoded bytes, unique keys, byte start of each key's list);
    the list of key i is bytes[start[i]:start[i+1]].

    ``key``/``doc``/``count`` are per run (sorted by key, then doc). Every run starts with its doc
    delta times two plus one bit:

    * a list of counts (``head`` given, no ``tail``): the bit says the term is in a heading or
      the title (``head`` > 0); then the body count;
    * a positional list (``tail``: the position deltas, ``run_of`` their run): the bit says the
      run holds one position, and then its count is left out (most runs hold one); then the deltas.
    """
    n_runs = len(key)
    new_key = np.ones(n_runs, dtype=bool)
    new_key[1:] = key[1:] != key[:-1]
    doc_delta = doc.copy()
    doc_delta[1:] = np.where(new_key[1:], doc[1:], doc[1:] - doc[:-1] - 1)
    if tail is None or run_of is None:
        assert head is not None
        values = np.stack([doc_delta * 2 + (head > 0), count], axis=1).reshape(-1)
        run_value_start = np.arange(n_runs, dtype=np.int64) * 2
    else:
        single = count == 1
        tail_count = np.bincount(run_of, minlength=n_runs)
        run_len = 2 - single + tail_count
        run_value_start = np.cumsum(run_len) - run_len
        values = np.empty(int(run_len.sum()), dtype=np.int64)
        values[run_value_start] = doc_delta * 2 + single
        values[run_value_start[~single] + 1] = count[~single]
        first_of_run = np.cumsum(tail_count) - tail_count
        index_in_run = np.arange(len(tail), dtype=np.int64) - first_of_run[run_of]
        values[run_value_start[run_of] + (2 - single[run_of]) + index_in_run] = tail
    encoded, nbytes = encode_varints(values)
    value_byte_start = np.cumsum(nbytes) - nbytes
    key_runs = np.flatnonzero(new_key)
    starts = value_byte_start[run_value_start[key_runs]]
    return encoded, key[key_runs], np.append(starts, len(encoded))


def _shard_file(keys: Sequence[int], chunks: Sequence[bytes]) -> bytes:
    """A shard: varint count, (key delta, length) pairs, then the lists."""
    head = bytearray(varint(len(keys)))
    previous = 0
    for key, chunk in zip(keys, chunks):
        head += varint(key - previous)
        head += varint(len(chunk))
        previous = key
    return bytes(head) + b"".join(chunks)


def _bigram_files(corpus: _Corpus, heavy: dict[str, int]) -> Generator[tuple[str, bytes], None, int]:
    """Yield the bigram shards and heavy files; return the shard count; note heavy keys' sizes in ``heavy``.

    Linear in the corpus: each bigram is hashed once into a group of shards; a
    group's postings are sorted and encoded together, and its shards written out
    (groups bound the memory).
    """
    n = max(len(corpus.codes) - 1, 0)
    group_of = np.full(n, -1, dtype=np.int8)  # MAX_GROUPS fits
    total = 0
    for lo in range(0, n, GROUP_POSTINGS):
        c1 = corpus.points(slice(lo, min(lo + GROUP_POSTINGS, n)))
        c2 = corpus.points(slice(lo + 1, min(lo + GROUP_POSTINGS, n) + 1))
        total += int(((c1 >= 0) & (c2 >= 0)).sum())
    shards = max(1, math.ceil(total * 2.6 / SHARD_TARGET))
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
        delta = pos.copy()
        delta[1:] = np.where(new_run[1:], pos[1:], pos[1:] - pos[:-1] - 1)
        encoded, ukeys, starts = _lists_from_runs(key[run_starts], doc[run_starts], run_len, tail=delta, run_of=run_of)
        run_key = key[run_starts]
        key_first = np.r_[True, run_key[1:] != run_key[:-1]]
        ushard = shard[run_starts][key_first]
        shard_lists: dict[int, list[tuple[int, bytes]]] = {}  # a shard's keys all fall in one group
        data = encoded.tobytes()
        sizes = np.diff(starts)
        heavy_of_run = (sizes > HEAVY_BYTES)[np.cumsum(key_first) - 1]
        if heavy_of_run.any():
            # heavy keys also get a list of counts only: a two-character query needs no positions
            in_head = (pos >= HEAD_BASE).astype(np.int64)
            head_count = np.bincount(run_of, weights=in_head, minlength=len(run_starts)).astype(np.int64)
            body_count = run_len - head_count
            hk = heavy_of_run
            counts, ckeys, cstarts = _lists_from_runs(run_key[hk], doc[run_starts][hk], body_count[hk], head_count[hk])
            cdata = counts.tobytes()
            for i, k in enumerate(ckeys.tolist()):
                name = f"{k >> BIGRAM_SHIFT:x}-{k & ((1 << BIGRAM_SHIFT) - 1):x}"
                yield f"{PREFIX}b/x/{name}.c.bin", cdata[cstarts[i] : cstarts[i + 1]]
        for i, k in enumerate(ukeys.tolist()):
            chunk = data[starts[i] : starts[i + 1]]
            if sizes[i] > HEAVY_BYTES:
                name = f"{k >> BIGRAM_SHIFT:x}-{k & ((1 << BIGRAM_SHIFT) - 1):x}"
                yield f"{PREFIX}b/x/{name}.bin", chunk
                heavy[name] = int(sizes[i])
            else:
                shard_lists.setdefault(int(ushard[i]), []).append((k, chunk))
        for s, items in shard_lists.items():
            items.sort()
            yield f"{PREFIX}b/{s}.bin", _shard_file([k for k, _ in items], [c for _, c in items])
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
        doc, pos = corpus.locate(index)
        del index
        # sorted by (key, doc, head): a key's runs come in doc order
        unique, counts = np.unique((((key << 20) | doc) << 1) | (pos >= HEAD_BASE), return_counts=True)
        del key, doc, pos
        head = (unique & 1).astype(bool)
        run = unique >> 1  # key << 20 | doc
        new_run = np.r_[True, run[1:] != run[:-1]]
        run_of = np.cumsum(new_run) - 1
        runs = run[new_run]
        body_count = np.zeros(len(runs), dtype=np.int64)
        head_count = np.zeros(len(runs), dtype=np.int64)
        body_count[run_of[~head]] = counts[~head]
        head_count[run_of[head]] = counts[head]
        rkey, rdoc = runs >> 20, runs & ((1 << 20) - 1)
        rshard = rkey % shards
        order = np.argsort(rshard, kind="stable")  # runs stay in (key, doc) order within a shard
        rkey, rdoc, body_count, head_count, rshard = (
            rkey[order],
            rdoc[order],
            body_count[order],
            head_count[order],
            rshard[order],
        )
        encoded, ukeys, starts = _lists_from_runs(rkey, rdoc, body_count, head_count)
        data = encoded.tobytes()
        ushard = rshard[np.r_[True, rkey[1:] != rkey[:-1]]]
        per_shard: dict[int, list[tuple[int, bytes]]] = {}
        for i, k in enumerate(ukeys.tolist()):
            per_shard.setdefault(int(ushard[i]), []).append((k, data[starts[i] : starts[i + 1]]))
        for s, items in per_shard.items():
            yield f"{PREFIX}u/{s}.bin", _shard_file([k for k, _ in items], [c for _, c in items])
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
                "head_base": HEAD_BASE,
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
    del corpus
    # docs/<k>.json; a speech's text is not copied here: snippets are cut from its page (10,000 texts: 150 MB)
    rows: list[list[str | None]] = [[d.url, d.title, d.date, d.level] for d in ordered]
    for k in range(math.ceil(len(rows) / DOC_CHUNK)):
        yield f"{PREFIX}docs/{k}.json", _json(rows[k * DOC_CHUNK : (k + 1) * DOC_CHUNK])
    yield f"{PREFIX}t2s.json", _json({"from": "".join(t for t, _ in pairs), "to": "".join(s for _, s in pairs)})


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
