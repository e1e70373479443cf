"""Shared passages: where a speech repeats another, verbatim or nearly, across places and levels.

A *passage* is a run of sentences, at least ``min_chars`` Han characters long, that occurs in two
or more speeches with at most small edits (a place name swapped, 我县 for 我市, a clause added).
Detection is a chain of pure functions over plain records, each a map over one item or a
group-by, so the same chain runs on one machine (here, with numpy) or on a distributed engine:

1. ``signature``, a map over speeches: the speech's sentences (paragraph, offsets, Han characters)
   and, for each, a hash of its *matching key* (the sentence without punctuation, 我县/全市/县委
   written 我◇/全◇/◇委) and the LSH band keys of the MinHash of the key's character 3-grams.
   Kept per speech in the build's cache.
2. ``candidate_pairs``, a group-by on band keys: pairs of distinct sentences sharing ``agree`` bands.
3. ``verify``, a map over pairs: the Jaccard similarity of their 3-gram sets ≥ ``similar`` (each 3-gram
   as a 32-bit hash: ``shingle_sets``; a collision is one in four billion).
4. ``components``: connected components of the verified pairs, the *families* of near-identical
   sentences; ``pieces``: runs of sentences whose keys written together are a sentence's (a copy
   punctuated otherwise) join its family; a family's speeches are counted (a group-by),
   boilerplate families dropped.
5. ``link``: families that follow each other (at most ``gap`` sentences apart) in most of the
   speeches holding them are parts of one passage (a group-by on pairs of families).
6. ``runs``, a map over speeches: each speech's maximal runs of one passage's sentences within a
   paragraph, bridging at most ``gap`` unmatched sentences (a sentence inserted): exact offsets.
7. ``cluster``, a group-by on passages: runs of at least ``min_chars`` Han characters, ordered by
   date, each matched with the nearest version of another, earlier speech; kept when two speeches
   or more hold one.

Boilerplate never makes a passage. Sentences that address the audience or frame the report as a
procedure (同志们, 各位代表, 我代表…向大会报告工作, 请予审议, 请…提出意见, 谢谢大家, …致以崇高的
敬意) are the genre's form, not its content, and the disclaimers and copyright lines of the web
page a text was taken from are not the speech's: they are not matched and end any run (``FORMULAIC``).
A family held by more than ``boilerplate_share`` of the archive's speeches (and by at least
``boilerplate_floor``) is the archive's own boilerplate: it is not matched, though a run may
bridge it.

Cost is near-linear: identical sentences are MinHashed and verified once (a sentence *type*),
an LSH bucket is verified as a star from its first member (never all its pairs), and nothing is
done per pair of speeches: a sentence held by 3,000 speeches is one family, its members found in
one pass, and a member whose words an earlier speech already used is matched without comparison.
A rebuild redoes only what a change touches (``Memo``): new sentences are MinHashed, the LSH
buckets they join or leave grouped again (``moved_pairs``), new pairs compared, and passages whose
runs changed made again; the same result as a fresh detection.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from build_scripts.errors import ArchiveError

# ---------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class PassageSettings:
    """What counts as a shared passage; ``extra.archive.passages`` in mkdocs.yml sets any of these."""

    min_chars: int = 40  # Han characters a member has, at least
    similar: float = 0.5  # Jaccard of two sentences' 3-gram sets for one family; a member's overlap with another
    gap: int = 1  # unmatched sentences a run may bridge (a sentence inserted)
    together: float = 0.5  # share of the rarer family's speeches in which two families follow each other
    boilerplate_share: float = 0.25  # a family in more than this share of the speeches is boilerplate ...
    boilerplate_floor: int = 20  # ... when it is in at least this many
    # MinHash/LSH: two sentences are a candidate pair when at least ``agree`` of their ``bands`` band
    # keys (``rows`` minima each) are equal: P = 0.976 at J = 0.5, 0.998 at J = 0.6, 0.99998 at J = 0.7
    bands: int = 20
    rows: int = 2
    agree: int = 2
    shingle: int = 3  # characters per shingle
    min_key: int = 8  # shortest matching key (characters) that is matched: shorter sentences only bridge

    def signature_key(self) -> str:
        """What a speech's ``Signature`` depends on besides its text."""
        return f"{self.bands}x{self.rows}/{self.shingle}/{self.min_key}"


def passage_settings(config: Mapping[str, object] | None, where: str = "mkdocs.yml") -> PassageSettings:
    """``PassageSettings`` from the ``extra.archive.passages`` mapping; an unknown key or a bad value
    stops the build with what is allowed.

    >>> passage_settings({"min_chars": 60}).min_chars
    60
    >>> passage_settings({"min_char": 60})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    build_scripts.errors.ArchiveError: mkdocs.yml: extra.archive.passages has an unknown setting 'min_char'. ...
    """
    if not config:
        return PassageSettings()
    known = {f.name: f for f in fields(PassageSettings)}
    example = "e.g. extra: {archive: {passages: {min_chars: 40, boilerplate_share: 0.25}}}"
    values: dict[str, object] = {}
    for name, value in config.items():
        if name not in known:
            raise ArchiveError.one(
                where,
                f"extra.archive.passages has an unknown setting {name!r}",
                f"Use one of {', '.join(known)}, {example}",
            )
        default = getattr(PassageSettings(), name)
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        ok = number is not None and number >= 0
        if isinstance(default, int):
            ok = ok and isinstance(number, int) and number >= (0 if name == "gap" else 1)
        elif isinstance(default, float):
            ok = ok and number is not None and number <= 1
        if not ok:
            kind = "a whole number" if isinstance(default, int) else "a number between 0 and 1"
            raise ArchiveError.one(
                where,
                f"extra.archive.passages.{name} is {value!r}, but must be {kind}",
                f"Write e.g. {name}: {default}",
            )
        values[name] = value
    return PassageSettings(**values)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- 1. signature

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|(?=\n)|$)")
# 我县 / 全市 / 本区 / 该县 and 县委 / 市政府 / 区人大 name the speaker's own unit: one symbol for all levels.
_RELATIVE = re.compile(r"(?<=[我全本该])[省市县区州盟旗镇乡]|[省市县区州盟旗镇乡](?=委|政府|人大|政协|纪委|直属)")
_NON_WORD = re.compile(r"[\W_]+")
_WIDE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x61 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    }
)
_WIDE_CHAR = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

# The genre's procedural formulas: said to the audience, or framing the report, in every speech.
FORMULAIC = re.compile(
    r"^(?:(?:尊敬的)?(?:同志们|各位代表|各位委员|各位领导|各位来宾|女士们|先生们|朋友们)[^。！？]{0,8}[：:，,！!。]?$)"
    r"|我代表.{0,30}向(?:大会|会议|全会|全体会议).{0,6}报告"
    r"|请予审议|审议并提出意见|提出意见"
    r"|^(?:谢谢大家|谢谢各位|谢谢)[！!。]?$"
    r"|致以(?:(?:崇高|诚挚|衷心|亲切)的?)?(?:敬意|问候|慰问|感谢)|表示(?:(?:崇高|诚挚|衷心)的?)?(?:敬意|感谢)"
    # page furniture the source left around the speech: disclaimers, copyright and reprint lines
    r"|免责声明|代表作者观点|不代表本站|本站为非营利|请联系本站|版权所有|未经许可，?不得转载|转载请注明"
)
_MAYBE_FORMULAIC = re.compile(
    r"同志|各位|女士|先生|朋友|代表|审议|意见|谢谢|致以|表示|本站|版权|转载|声明"
)  # cheap test first


def match_key(text: str) -> str:
    """A sentence as it is matched: words and digits only, the speaker's own unit as ◇.

    >>> match_key("我县坚持“三农”工作重中之重，县委常委会研究１２次。")
    '我◇坚持三农工作重中之重◇委常委会研究12次'
    """
    key = _NON_WORD.sub("", text)
    if _WIDE_CHAR.search(key):
        key = key.translate(_WIDE)
    return _RELATIVE.sub("◇", key.lower())


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of a paragraph, closing punctuation and quotes included.

    >>> t = "一是抓项目。二是“抓落实；”三是"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['一是抓项目。', '二是“抓落实；”', '三是']
    """
    for m in _SENTENCE.finditer(text):
        if m.end() > m.start() and not text[m.start() : m.end()].isspace():
            yield m.start(), m.end()


_SEPARATOR = "\x00"  # joins a paragraph's sentences while their keys are made: not a word character
_KEY_JUNK = re.compile(r"[^\w\x00]+|_")


def paragraphs(blocks: Iterable[tuple[str, str]]) -> Iterator[tuple[int, str]]:
    """``(n, text)`` of each paragraph ``p<n>`` among a speech's ``(anchor, text)`` blocks (headings skipped)."""
    for anchor, text in blocks:
        if anchor[:1] == "p" and anchor[1:].isdigit():
            yield int(anchor[1:]), text


Columns = tuple[list[int], list[int], list[int], list[int], list[bool], list[str]]


def sentences(blocks: Iterable[tuple[str, str]]) -> Columns:
    """A speech's sentences as columns: paragraph number, start, end, Han characters, formulaic, matching key.

    The keys are ``match_key``'s, made for the whole speech at once (four times faster than one by one).

    >>> sentences([("s1", "一、总体要求"), ("p1", "我县要抓落实。同志们："), ("p2", "ＧＤＰ增长５％。")])
    ([1, 1, 2], [0, 7, 0], [7, 11, 8], [6, 3, 2], [False, True, False], ['我◇要抓落实', '同志们', 'gdp增长5'])
    """
    numbers, texts = [], []
    for n, text in paragraphs(blocks):
        numbers.append(n)
        texts.append(text)
    whole = "\n".join(texts)  # no sentence crosses a line
    paras: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    k, base, limit = 0, 0, len(texts[0]) if texts else 0
    for m in _SENTENCE.finditer(whole):
        a, b = m.span()
        if a == b or whole[a:b].isspace():
            continue
        while a > limit:  # the next paragraph's
            k += 1
            base = limit + 1
            limit = base + len(texts[k])
        paras.append(numbers[k])
        starts.append(a - base)
        ends.append(b - base)
        pieces.append(whole[a:b])
    joined = _KEY_JUNK.sub("", _SEPARATOR.join(pieces))
    if _WIDE_CHAR.search(joined):
        joined = joined.translate(_WIDE)
    keys = _RELATIVE.sub("◇", joined.lower()).split(_SEPARATOR) if pieces else []
    han = [len(key) - len(key.encode("ascii", "ignore")) for key in keys]  # word characters beyond ASCII
    if _MAYBE_FORMULAIC.search(whole):
        formulaic = [FORMULAIC.search(p.strip()) is not None for p in pieces]
    else:
        formulaic = [False] * len(pieces)
    return paras, starts, ends, han, formulaic, keys


@dataclass(frozen=True, eq=False)
class Signature:
    """One speech's sentences and their hashes: all detection needs of it, kept in the cache.

    Row ``i`` is sentence ``i`` in reading order: its paragraph (the ``n`` of ``p<n>``), offsets in
    that paragraph's text, Han characters, whether it is formulaic, whether it is matched (long
    enough, not formulaic), the hash of its matching key (0 when empty), and the key's length and
    polynomial hash (``pieces``: what finds a sentence whose copy is punctuated into several).
    38 bytes a sentence: the MinHash of a sentence is kept once for all speeches (``Memo``), not in each.
    """

    paras: np.ndarray  # int32
    starts: np.ndarray  # int32
    ends: np.ndarray  # int32
    han: np.ndarray  # int32
    formulaic: np.ndarray  # bool
    matched: np.ndarray  # bool
    types: np.ndarray  # uint64
    lengths: np.ndarray  # int32, the matching key's characters
    poly: np.ndarray  # uint64, ``poly_hashes`` of the matching key

    def __len__(self) -> int:
        return len(self.paras)


def signature(blocks: Iterable[tuple[str, str]], settings: PassageSettings = PassageSettings()) -> Signature:
    """The ``Signature`` of one speech, given as its ``(anchor, text)`` blocks (``Document.anchored_texts``).

    >>> sig = signature([("p1", "我县要坚定不移抓落实。同志们："), ("p2", "短句。")])
    >>> sig.paras.tolist(), sig.ends.tolist(), sig.matched.tolist(), sig.formulaic.tolist()
    ([1, 1, 2], [11, 15, 3], [True, False, False], [False, True, False])
    """
    paras, starts, ends, han, formulaic, keys = sentences(blocks)
    return Signature(
        paras=np.array(paras, dtype=np.int32),
        starts=np.array(starts, dtype=np.int32),
        ends=np.array(ends, dtype=np.int32),
        han=np.array(han, dtype=np.int32),
        formulaic=np.array(formulaic, dtype=bool),
        matched=np.array([not f and len(k) >= settings.min_key for k, f in zip(keys, formulaic)], dtype=bool),
        types=type_hashes(keys),
        lengths=np.fromiter(map(len, keys), dtype=np.int32, count=len(keys)),
        poly=poly_hashes(keys),
    )


_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd: invertible modulo 2**64
_INVERSE = np.uint64(pow(int(_BASE), -1, 2**64))


def _power_table(n: int, base: np.uint64 = _BASE) -> np.ndarray:
    """``base ** 0 .. base ** n`` modulo 2**64."""
    return np.cumprod(np.concatenate(([np.uint64(1)], np.full(n, base, dtype=np.uint64))), dtype=np.uint64)


_POWERS: dict[int, np.ndarray] = {}  # base → its powers made so far (a pure function's table, grown as needed)


def _powers(n: int, base: np.uint64 = _BASE) -> np.ndarray:
    """``_power_table(n, base)``, a view of a table kept for the next call (a speech's keys are
    hashed with the powers of the last's)."""
    table = _POWERS.get(int(base))
    if table is None or len(table) <= n:
        table = _POWERS[int(base)] = _power_table(max(n, 1 << 14), base)
    return table[: n + 1]


def poly_hashes(keys: Sequence[str]) -> np.ndarray:
    """Each key's polynomial hash, ``sum(code point[c] * BASE ** c)`` modulo 2**64: the hash of keys
    written one after another is ``joined_hashes``'s sum of theirs, each shifted by the lengths
    before it, so that a sentence's pieces are matched to it without their words.

    >>> h = poly_hashes(["坚持稳中", "求进", "坚持稳中求进"])
    >>> (h[:1] + h[1:2] * _powers(4)[4:]).tolist() == h[2:].tolist()
    True
    """
    joined = "".join(keys)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    at = np.concatenate(([0], np.cumsum(lengths)))
    n = len(points)
    return _window_hashes(points, at[:-1], at[1:], _powers(n), _powers(n, _INVERSE))


def _window_hashes(
    values: np.ndarray, starts: np.ndarray, ends: np.ndarray, powers: np.ndarray, inverses: np.ndarray
) -> np.ndarray:
    """``sum(values[i] * BASE ** (i - start))`` over each window ``[start, end)`` of ``values``,
    modulo 2**64, from one prefix sum (``powers``/``inverses``: ``BASE``'s and its inverse's powers,
    ``len(values) + 1`` of each at least).

    >>> v = np.array([5, 7, 5, 7], dtype=np.uint64)
    >>> h = _window_hashes(v, np.array([0, 2, 1]), np.array([2, 4, 3]), _powers(4), _powers(4, _INVERSE))
    >>> bool(h[0] == h[1]), bool(h[0] == h[2])
    (True, False)
    """
    prefix = np.concatenate(([np.uint64(0)], np.cumsum(values * powers[: len(values)], dtype=np.uint64)))
    hashes: np.ndarray = (prefix[ends] - prefix[starts]) * inverses[starts]
    return hashes


def type_hashes(keys: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each matching key, the same in every process and run; 0 for the empty key."""
    out = np.fromiter(
        (int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little") for k in keys),
        dtype=np.uint64,
        count=len(keys),
    )
    out[out == 0] = 1
    out[np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)) == 0] = 0
    return out


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, element-wise (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    mixed: np.ndarray = x ^ (x >> np.uint64(31))
    return mixed


def _permutations(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` multiply-shift hash functions (odd multipliers, offsets), fixed forever."""
    seeds = _mix(np.arange(1, 2 * n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    return seeds[:n] | np.uint64(1), seeds[n:]


CHUNK = 1 << 20  # characters MinHashed at once: (hash functions × CHUNK) never sits in memory


def minhash_bands(keys: Sequence[str], settings: PassageSettings = PassageSettings()) -> np.ndarray:
    """LSH band keys of each key's MinHash: ``(len(keys), bands)`` uint32.

    A key's shingles are its overlapping ``shingle``-character substrings (the whole key when it is
    shorter); MinHash takes, for each of ``bands × rows`` hash functions, the least hash of any
    shingle; a band key hashes ``rows`` consecutive minima. Numpy over many keys at once.

    >>> b = minhash_bands(["坚持稳中求进工作总基调", "坚持稳中求进工作总基调", "全面推进乡村振兴战略"])
    >>> b.shape, bool((b[0] == b[1]).all()), int((b[0] == b[2]).sum())
    ((3, 20), True, 0)
    """
    mult, add = _permutations(settings.bands * settings.rows)
    out = np.zeros((len(keys), settings.bands), dtype=np.uint32)
    for i, j in _chunks(keys):
        out[i:j] = _bands(keys[i:j], mult, add, settings)
    return out


def _chunks(keys: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Consecutive slices ``keys[i:j]`` of at most ``CHUNK`` characters (or one longer key)."""
    i = 0
    while i < len(keys):
        j, size = i, 0
        while j < len(keys) and (size == 0 or size + len(keys[j]) <= CHUNK):
            size += len(keys[j])
            j += 1
        yield i, j
        i = j


def _shingle_hashes(keys: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A uint64 hash of every ``k``-character shingle of ``keys`` (a short key is one shingle), in
    key order; the index of each key's first shingle; each shingle's key."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    points = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    count = np.maximum(lengths - k + 1, 1)  # shingles per key (a short key is one shingle)
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    owner = np.repeat(np.arange(len(keys)), count)
    pos = starts[owner] + (np.arange(len(owner)) - first[owner])
    end = (starts + lengths)[owner]
    h = np.zeros(len(pos), dtype=np.uint64)
    for d in range(k):  # a shingle hashes its k code points (past a short key's end: 0)
        inside = pos + d < end
        h = _mix(h ^ np.where(inside, points[np.minimum(pos + d, len(points) - 1)], np.uint64(0)) + np.uint64(d))
    return h, first, owner


def _bands(keys: Sequence[str], mult: np.ndarray, add: np.ndarray, settings: PassageSettings) -> np.ndarray:
    h, first, _ = _shingle_hashes(keys, settings.shingle)
    mins = np.empty((len(keys), len(mult)), dtype=np.uint64)
    for p in range(len(mult)):
        mins[:, p] = np.minimum.reduceat((h * mult[p] + add[p]) >> np.uint64(32), first)
    rows = mins.reshape(len(keys), settings.bands, settings.rows)
    band = np.zeros((len(keys), settings.bands), dtype=np.uint64)
    for r in range(settings.rows):
        band = _mix(band ^ rows[:, :, r] + np.uint64(r + 1))
    return (band >> np.uint64(32)).astype(np.uint32)


def shingle_sets(keys: Sequence[str], k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Each key's distinct shingles as sorted uint32 hashes, concatenated, and where each key's
    start (``len(keys) + 1`` offsets): the sets ``verify`` compares, 4 bytes a shingle.

    >>> h, at = shingle_sets(["甲乙丙甲乙丙", "甲乙"])
    >>> at.tolist(), len(set(h[:3].tolist()))
    ([0, 3, 4], 3)
    """
    out: list[np.ndarray] = []
    counts = np.zeros(len(keys), dtype=np.int64)
    for i, j in _chunks(keys):
        h, _, owner = _shingle_hashes(keys[i:j], k)
        both = _distinct((owner.astype(np.uint64) << np.uint64(32)) | (h >> np.uint64(32)))
        counts[i:j] = np.bincount((both >> np.uint64(32)).astype(np.int64), minlength=j - i)
        out.append((both & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    hashes = np.concatenate(out) if out else np.zeros(0, np.uint32)
    return hashes, np.concatenate(([0], np.cumsum(counts)))


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices ``starts[i] .. starts[i] + lengths[i]``, for each ``i`` in turn."""
    before = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    return np.repeat(starts - before, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


def overlapping(
    a: np.ndarray,
    b: np.ndarray,
    hashes: np.ndarray,
    start: np.ndarray,
    size: np.ndarray,
    similar: float,
    chunk: int = 1 << 20,
) -> np.ndarray:
    """For each pair ``(a[i], b[i])`` of sets (set ``t`` is ``hashes[start[t]:start[t] + size[t]]``,
    as ``shingle_sets`` makes them): Jaccard ≥ ``similar``. Numpy over many pairs at once: both sets
    tagged with the pair's number, sorted, equal neighbours counted.

    >>> h, at = shingle_sets(["坚持稳中求进工作总基调", "坚持稳中求进工作总基调不动摇", "全面推进乡村振兴"])
    >>> overlapping(np.array([0, 0]), np.array([1, 2]), h, at[:-1], np.diff(at), 0.5).tolist()
    [True, False]
    """
    out = np.zeros(len(a), dtype=bool)
    la, lb = size[a], size[b]
    sizes = np.cumsum(la + lb)
    i = 0
    while i < len(a):
        j = max(i + 1, int(np.searchsorted(sizes, (sizes[i - 1] if i else 0) + chunk, side="right")))
        pid = np.arange(j - i, dtype=np.uint64) << np.uint64(32)
        tagged = np.concatenate(
            (
                np.repeat(pid, la[i:j]) | hashes[_ragged(start[a[i:j]], la[i:j])],
                np.repeat(pid, lb[i:j]) | hashes[_ragged(start[b[i:j]], lb[i:j])],
            )
        )
        tagged.sort()
        both = tagged[1:][tagged[1:] == tagged[:-1]] >> np.uint64(32)  # in both sets: one pair each
        inter = np.bincount(both.astype(np.int64), minlength=j - i)
        out[i:j] = inter >= similar * (la[i:j] + lb[i:j] - inter)
        i = j
    return out


# --------------------------------------------------------------- 2-4. candidates, verify, families


def candidate_pairs(bands: np.ndarray, agree: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows of ``bands`` (distinct sentences) with at least ``agree`` equal band keys, as
    sorted codes ``i * len(bands) + j`` (``i < j``), and in how many bands each is a star pair.

    A bucket (rows with one key in one band) is a star from its first row, never all its pairs:
    linear in the rows; a pair missed in one band is met in another, and families are connected
    components anyway. The star counts let a rebuild redo only the buckets a change touched
    (``moved_pairs``): a pair stays a candidate while one band's star holds it.

    >>> b = np.array([[1, 5], [2, 5], [1, 6], [3, 7], [3, 7]], dtype=np.uint32)
    >>> [x.tolist() for x in candidate_pairs(b)], [x.tolist() for x in candidate_pairs(b, agree=2)]
    ([[1, 2, 19], [1, 1, 2]], [[19], [2]])
    """
    n = len(bands)
    found = []  # each pair as one code, i * n + j: 8 bytes (at 10,000 speeches, 6 million of them)
    for b in range(bands.shape[1]):
        keys = bands[:, b]
        order = np.argsort(keys, kind="stable")
        found.append(_stars(keys[order], order, n))
    every = np.concatenate(found) if found else np.zeros(0, np.int64)
    del found
    every.sort()  # (in place, and each array let go when done: the pairs are detection's peak of memory)
    new = np.concatenate(([True], every[1:] != every[:-1])) if len(every) else np.zeros(0, bool)
    codes, cut, total = every[new], np.flatnonzero(new), len(every)
    del every, new
    stars = np.diff(cut, append=total)
    del cut
    keep = _agreeing(codes, bands, agree)
    return codes[keep], stars[keep]


def _agreeing(codes: np.ndarray, bands: np.ndarray, agree: int, chunk: int = 1 << 18) -> np.ndarray:
    """Which pairs (codes ``i * len(bands) + j``) have at least ``agree`` equal band keys, compared
    ``chunk`` at a time: (pairs × bands) never sits in memory."""
    keep = np.ones(len(codes), dtype=bool)
    if agree > 1:
        for i in range(0, len(codes), chunk):
            lo, hi = np.divmod(codes[i : i + chunk], len(bands))
            keep[i : i + chunk] = (bands[lo] == bands[hi]).sum(axis=1) >= agree
    return keep


_LOW = np.uint32((1 << 20) - 1)


def moved_pairs(
    bands: np.ndarray, distinct: np.ndarray, memo: Memo, agree: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``candidate_pairs(bands, agree)`` (codes and star counts) and each pair's verdict known to the
    ``memo`` (1, 0; -1: compare it), from the memo's candidate pairs of the last archive, redoing only
    the buckets that a type new to this archive (``distinct``, sorted hashes) or one gone from it
    joins or leaves: their stars are taken away as they were and added as they are now.

    The same pairs as ``candidate_pairs``: a pair no changed bucket holds is a star pair in the same
    bands as before. A bucket's members are found by one pass over each band's keys (a lookup table
    of the changed keys' low 20 bits, then the exact keys): no sort of the whole archive.
    """
    n, n0 = len(distinct), len(memo.hashes)
    at = np.minimum(np.searchsorted(distinct, memo.hashes), max(n - 1, 0))
    alive = distinct[at] == memo.hashes if n else np.zeros(n0, dtype=bool)
    new_of_old = np.where(alive, at, -1)
    fresh = np.ones(n, dtype=bool)
    fresh[at[alive]] = False
    gone = np.flatnonzero(~alive)
    # the memo's pairs in this archive's numbers (order kept: both are numbered in hash order)
    lo, hi = np.divmod(memo.pairs, max(n0, 1))
    lo, hi = new_of_old[lo], new_of_old[hi]
    both = (lo >= 0) & (hi >= 0)
    codes = lo[both] * n + hi[both]
    stars = memo.stars[both].astype(np.int64)
    verdict = memo.pair_ok[both].astype(np.int8)
    del lo, hi, both
    changes, signs = [], []
    new_rows = np.flatnonzero(fresh)
    for b in range(bands.shape[1]):
        col = bands[:, b]
        changed = _distinct(np.concatenate((col[new_rows], memo.bands[gone, b])))
        if not len(changed):
            continue
        table = np.zeros(1 << 20, dtype=bool)
        table[changed & _LOW] = True
        rows = np.flatnonzero(table[col & _LOW])
        rows = rows[changed[np.minimum(np.searchsorted(changed, col[rows]), len(changed) - 1)] == col[rows]]
        # now: each changed bucket a star from its first (least) row
        order = np.argsort(col[rows], kind="stable")
        now = _stars(col[rows][order], rows[order], n)
        changes.append(now)
        signs.append(np.ones(len(now), np.int64))
        # before: the same buckets with the gone types and without the new ones, heads by hash
        old = rows[~fresh[rows]]
        keys = np.concatenate((col[old], memo.bands[gone, b]))
        hashes = np.concatenate((distinct[old], memo.hashes[gone]))
        who = np.concatenate((old, np.full(len(gone), -1, np.int64)))
        order = np.lexsort((hashes, keys))
        before = _stars(keys[order], who[order], n)
        changes.append(before)
        signs.append(np.full(len(before), -1, np.int64))
    change = np.concatenate(changes) if changes else np.zeros(0, np.int64)
    if len(change):
        sign = np.concatenate(signs)
        order = np.argsort(change, kind="stable")
        change, sign = change[order], sign[order]
        cut = np.flatnonzero(np.concatenate(([True], change[1:] != change[:-1])))
        change, sign = change[cut], np.add.reduceat(sign, cut)
        pos = np.minimum(np.searchsorted(codes, change), max(len(codes) - 1, 0))
        known = codes[pos] == change if len(codes) else np.zeros(len(change), dtype=bool)
        stars[pos[known]] += sign[known]  # (each change once: summed above)
        add = change[~known & (sign > 0)]
        add_stars = sign[~known & (sign > 0)]
        ok = _agreeing(add, bands, agree)
        add, add_stars = add[ok], add_stars[ok]
        where = np.searchsorted(codes, add)
        codes = np.insert(codes, where, add)
        stars = np.insert(stars, where, add_stars)
        verdict = np.insert(verdict, where, np.full(len(add), -1, np.int8))
        keep = stars > 0
        codes, stars, verdict = codes[keep], stars[keep], verdict[keep]
    return codes, stars, verdict


def _stars(keys: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """The star pairs (codes ``head * n + row``) of buckets given as sorted ``keys`` and their
    ``rows`` (each bucket's first is its head), leaving out pairs with a row -1 (a gone type)."""
    if not len(keys):
        return np.zeros(0, np.int64)
    new = np.concatenate(([True], keys[1:] != keys[:-1]))
    head = rows[np.maximum.accumulate(np.where(new, np.arange(len(keys)), 0))]
    pair = ~new & (head >= 0) & (rows >= 0)
    codes: np.ndarray = head[pair].astype(np.int64) * n + rows[pair]
    return codes


def shingles(key: str, k: int = 3) -> frozenset[str]:
    """The ``k``-character substrings of ``key`` (``key`` itself when shorter)."""
    return frozenset(key[i : i + k] for i in range(max(len(key) - k + 1, 1)))


def jaccard(a: str, b: str, k: int = 3) -> float:
    """Jaccard similarity of two keys' ``k``-gram sets.

    >>> round(jaccard("全面推进乡村振兴", "全面推进乡村振兴战略"), 2)
    0.75
    """
    sa, sb = shingles(a, k), shingles(b, k)
    return len(sa & sb) / len(sa | sb)


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes joined by ``pairs``: each node's smallest member.

    >>> components(5, np.array([[3, 4], [1, 3]])).tolist()
    [0, 1, 2, 1, 1]
    """
    label = np.arange(n, dtype=np.int64)
    if len(pairs) == 0:
        return label
    u, v = pairs[:, 0], pairs[:, 1]
    while True:
        m = np.minimum(label[u], label[v])
        before = label.copy()
        np.minimum.at(label, u, m)
        np.minimum.at(label, v, m)
        while True:  # pointer jumping: every node straight to its component's current root
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def _distinct(x: np.ndarray) -> np.ndarray:
    """The distinct values of ``x``, sorted (by sorting: numpy's hashing ``unique`` is 30× slower here).

    >>> _distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    x = np.sort(x)
    return x[np.concatenate(([True], x[1:] != x[:-1]))] if len(x) else x


def _counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``x``, sorted, and how often each occurs.

    >>> [a.tolist() for a in _counts(np.array([3, 1, 3, 2]))]
    [[1, 2, 3], [1, 1, 2]]
    """
    x = np.sort(x)
    if not len(x):
        return x, np.zeros(0, np.int64)
    cut = np.flatnonzero(np.concatenate(([True], x[1:] != x[:-1], [True])))
    return x[cut[:-1]], np.diff(cut)


Texts = Callable[[int], Mapping[int, str]]  # speech index → its paragraphs' text by number


@dataclass(eq=False)
class Memo:
    """What one detection learns that the next can reuse: each sentence type's LSH band keys, the
    candidate pairs with their verdicts, and what ``cluster`` made of each group of runs. Kept in
    the build's cache; it holds what the last archive held, no more."""

    settings: str = ""  # ``PassageSettings.signature_key()`` and ``similar`` they were made under
    hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # the types, sorted
    bands: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.uint32))
    pairs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # codes i * len(hashes) + j, sorted
    stars: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint16))  # bands whose star holds each pair
    pair_ok: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # each pair's verdict
    clusters: dict[bytes, Kept | None] = field(default_factory=dict)  # ``group_key`` → ``cluster``'s result


class TypeSets:
    """Each sentence type's distinct shingles (``shingle_sets``: 4 bytes a shingle), made from its
    matching key the first time it is needed, a block of types at a time, read speech by speech.
    MinHash reads the same keys as they are made; no key is kept (at 10,000 speeches a million
    strings: 300 MB)."""

    BLOCK = 50_000  # types whose keys are in memory at once

    def __init__(self, table: SentenceTable, texts: Texts, k: int) -> None:
        self.table, self.texts, self.k = table, texts, k
        self.start = np.full(len(table.distinct), -1, dtype=np.int64)
        self.size = np.zeros(len(table.distinct), dtype=np.int64)
        self.buffer = np.zeros(0, np.uint32)  # the sets, one after another (no concatenation: no second copy)
        self.filled = 0

    def make(self, types: np.ndarray) -> Iterator[tuple[np.ndarray, list[str]]]:
        """Make the sets of those of ``types`` that have none; yield each block of them with their keys."""
        missing = types[self.start[types] < 0]
        missing = missing[np.argsort(self.table.where[missing], kind="stable")]  # in reading order
        rows = self.table.where[missing]  # room for all: a shingle a character of their sentences at most
        self._reserve(
            self.filled + int(np.maximum(self.table.ends[rows] - self.table.starts[rows] - self.k + 1, 1).sum())
        )
        for i in range(0, len(missing), self.BLOCK):
            block = missing[i : i + self.BLOCK]
            keys = [match_key(t) for t in self.table.texts_of(self.table.where[block], self.texts)]
            hashes, at = shingle_sets(keys, self.k)
            self._reserve(self.filled + len(hashes))  # (a letter lower-cased into two: a key longer than its text)
            self.buffer[self.filled : self.filled + len(hashes)] = hashes
            self.start[block], self.size[block] = self.filled + at[:-1], np.diff(at)
            self.filled += len(hashes)
            yield block, keys

    def _reserve(self, size: int) -> None:
        if size > len(self.buffer):
            grown = np.empty(size, np.uint32)
            grown[: self.filled] = self.buffer[: self.filled]
            self.buffer = grown

    def hashes(self) -> np.ndarray:
        """Every set made so far, as ``start`` and ``size`` address them."""
        return self.buffer[: self.filled]


def type_bands(table: SentenceTable, sets: TypeSets, settings: PassageSettings, memo: Memo) -> tuple[np.ndarray, int]:
    """The band keys of each of the table's types: the memo's, the others MinHashed from the key of
    a sentence of that type (whose shingle set ``sets`` keeps). Also: how many were MinHashed."""
    bands = np.zeros((len(table.distinct), settings.bands), dtype=np.uint32)
    known = np.zeros(len(table.distinct), dtype=bool)
    if len(memo.hashes) and memo.bands.shape[1] == settings.bands:
        at = np.minimum(np.searchsorted(memo.hashes, table.distinct), len(memo.hashes) - 1)
        known = memo.hashes[at] == table.distinct
        bands[known] = memo.bands[at[known]]
    todo = np.flatnonzero(~known)
    for block, keys in sets.make(todo):
        bands[block] = minhash_bands(keys, settings)
    return bands, len(todo)


@dataclass(frozen=True, eq=False)
class SentenceTable:
    """Every speech's sentences in one table (reading order, speech after speech), and their types."""

    n_speeches: int
    offset: np.ndarray  # speech s's sentences are rows offset[s]:offset[s + 1]
    speech_of: np.ndarray  # int64, row → speech
    paras: np.ndarray  # int32, row → paragraph number
    starts: np.ndarray  # int32
    ends: np.ndarray  # int32
    han: np.ndarray  # int64, Han characters of rows before this one (len = rows + 1)
    formulaic: np.ndarray  # bool
    types: np.ndarray  # uint64, row → hash of its matching key
    matched: np.ndarray  # the matched rows
    distinct: np.ndarray  # the matched rows' types (hashes), sorted
    type_of: np.ndarray  # for each matched row, its type (index into ``distinct``)
    where: np.ndarray  # for each type, the first row holding it
    pieces: np.ndarray  # (k, 3): first row, rows, type of each run of sentences whose keys together are a type

    @classmethod
    def of(cls, sigs: Sequence[Signature]) -> SentenceTable:
        sizes = np.fromiter(map(len, sigs), dtype=np.int64, count=len(sigs))

        def cat(name: str, dtype: type) -> np.ndarray:
            return np.concatenate([getattr(s, name) for s in sigs]) if sigs else np.zeros(0, dtype)

        types = cat("types", np.uint64)
        matched = np.flatnonzero(cat("matched", bool))
        order = np.argsort(types[matched], kind="stable")
        ordered = types[matched][order]
        new = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(order) else np.zeros(0, bool)
        first = order[new]  # each type's first matched row (as an ordinal among matched rows)
        type_of = np.empty(len(matched), dtype=np.int64)
        type_of[order] = np.cumsum(new) - 1
        speech_of = np.repeat(np.arange(len(sigs), dtype=np.int64), sizes)
        paras, formulaic, where = cat("paras", np.int32), cat("formulaic", bool), matched[first]
        lengths, poly = cat("lengths", np.int32).astype(np.int64), cat("poly", np.uint64)
        ok = ~formulaic & (lengths > 0)
        joins = np.zeros(len(types), dtype=bool)  # a row and the next may be pieces of one sentence
        joins[:-1] = ok[:-1] & ok[1:] & (speech_of[:-1] == speech_of[1:]) & (paras[:-1] == paras[1:])
        return cls(
            n_speeches=len(sigs),
            offset=np.concatenate(([0], np.cumsum(sizes))),
            speech_of=speech_of,
            paras=paras,
            starts=cat("starts", np.int32),
            ends=cat("ends", np.int32),
            han=np.concatenate(([0], np.cumsum(cat("han", np.int32), dtype=np.int64))),
            formulaic=formulaic,
            types=types,
            matched=matched,
            distinct=ordered[new],
            type_of=type_of,
            where=where,
            pieces=pieces(poly, lengths, joins, where),
        )

    def text(self, first: int, texts: Texts, last: int | None = None) -> str:
        """The text of rows ``first``..``last`` (one paragraph's), read from their speech's text."""
        last = first if last is None else last
        para = texts(int(self.speech_of[first]))[int(self.paras[first])]
        return para[int(self.starts[first]) : int(self.ends[last])]

    def texts_of(self, rows: np.ndarray, texts: Texts) -> list[str]:
        """The text of each of ``rows``, read speech by speech (``texts`` keeps only the last few
        speeches decoded: in hash order, every row would decode its speech again)."""
        out = [""] * len(rows)
        for j in np.argsort(rows, kind="stable").tolist():
            out[j] = self.text(int(rows[j]), texts)
        return out

    def families(
        self, family_of_type: np.ndarray, settings: PassageSettings
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's family (-1: none, held by one speech only, or boilerplate), each family's number
        of speeches, and the families dropped as boilerplate."""
        n, n_types = max(self.n_speeches, 1), len(self.distinct)
        family = np.full(len(self.speech_of), -1, dtype=np.int64)
        family[self.matched] = family_of_type[self.type_of]

        def speeches() -> tuple[np.ndarray, np.ndarray]:  # the rows in a family, each family's speeches
            held = np.flatnonzero(family >= 0)
            return held, np.bincount(_distinct(family[held] * n + self.speech_of[held]) // n, minlength=n_types)

        held, df = speeches()
        if len(self.pieces):  # a sentence in pieces: its family, for the pieces not shared on their own
            for first, rows, t in self.pieces.tolist():
                piece = family[first : first + rows]
                piece[(piece < 0) | (df[np.maximum(piece, 0)] < 2)] = family_of_type[t]
            held, df = speeches()
        common = np.flatnonzero(df > max(settings.boilerplate_floor, settings.boilerplate_share * self.n_speeches))
        shared = df >= 2
        shared[common] = False
        family[held] = np.where(shared[family[held]], family[held], -1)
        return family, df, common


PIECES = 8  # a sentence found again cut into at most this many (its commas made full stops), or as many joined


def _ident(poly: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    return _mix(poly ^ (lengths.astype(np.uint64) * _M2))


def pieces(poly: np.ndarray, lengths: np.ndarray, joins: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Runs of 2 to ``PIECES`` rows whose matching keys, written one after another, are the key of a
    type (whose first row is ``where[type]``): a sentence whose copy has a full stop for a comma,
    or two sentences the copy joins. ``poly``, ``lengths``: each row's key's ``poly_hashes`` and
    length; ``joins[r]``: row ``r`` and the next may be pieces of one sentence (one paragraph, no
    formula, no empty key; never the last row). Exact: the words are the same, only the punctuation moved. Rows
    ``(first row, rows, type)``.

    >>> keys = ["坚持稳中", "求进工作", "总基调", "坚持稳中求进工作总基调", "求进工作总基调"]
    >>> pieces(poly_hashes(keys), np.array([4, 4, 3, 11, 7]), np.array([1, 1, 0, 0, 0], bool), np.array([3, 4])).tolist()
    [[1, 2, 1], [0, 3, 0]]
    """
    found = [np.zeros((0, 3), np.int64)]
    if not len(where) or not len(poly):
        return found[0]
    ident = _ident(poly[where], lengths[where])
    order = np.argsort(ident)
    ident, longest = ident[order], int(lengths[where].max())
    seen = np.zeros(1 << 22, dtype=np.uint8)  # a first look at 25 bits, 4 MB: most runs are no type
    low = (ident >> np.uint64(39)).astype(np.int64)
    np.bitwise_or.at(seen, low >> 3, (1 << (low & 7)).astype(np.uint8))
    power = _powers(longest)
    starts = np.flatnonzero(joins & (lengths < longest))
    hashes, total = poly[starts], lengths[starts]
    for k in range(2, PIECES + 1):  # the runs of k rows from each start still joinable
        last = starts + k - 1
        hashes = hashes + poly[last] * power[total]
        total = total + lengths[last]
        keep = total <= longest
        starts, hashes, total = starts[keep], hashes[keep], total[keep]
        mine = _ident(hashes, total)
        low = (mine >> np.uint64(39)).astype(np.int64)
        maybe = np.flatnonzero(seen[low >> 3] & (1 << (low & 7)).astype(np.uint8))
        at = np.minimum(np.searchsorted(ident, mine[maybe]), len(ident) - 1)
        hit = ident[at] == mine[maybe]
        found.append(np.stack((starts[maybe[hit]], np.full(int(hit.sum()), k), order[at[hit]]), axis=1))
        go_on = joins[starts + k - 1]
        starts, hashes, total = starts[go_on], hashes[go_on], total[go_on]
    return np.concatenate(found)


def verify(pairs: np.ndarray, verdict: np.ndarray, sets: TypeSets, settings: PassageSettings) -> tuple[np.ndarray, int]:
    """Which candidate pairs of types are near-identical (Jaccard of 3-gram sets ≥ ``similar``), and
    how many were compared now: a known ``verdict`` (1, 0, from the memo) is read, -1 compared."""
    keep = verdict > 0
    todo = np.flatnonzero(verdict < 0)
    for _ in sets.make(_distinct(pairs[todo].ravel())):
        pass  # the sets of types the memo's bands stood for (a rebuild): made now
    keep[todo] = overlapping(pairs[todo, 0], pairs[todo, 1], sets.hashes(), sets.start, sets.size, settings.similar)
    return keep, len(todo)


# --------------------------------------------------------------------------- 5-7. passages


def link(family: np.ndarray, table: SentenceTable, df: np.ndarray, settings: PassageSettings) -> np.ndarray:
    """Each row's passage (-1: none). Families are one passage when they follow each other (at most
    ``gap`` sentences apart, no formula between) in two speeches at least, in at least ``together``
    of the rarer family's speeches and in a fifth of the commoner's (a formula every speech uses
    does not swallow the sentences around it)."""
    idx = np.flatnonzero(family >= 0)
    speech_of, formulaic = table.speech_of, table.formulaic
    n, f = max(table.n_speeches, 1), max(len(df), 1)
    links = []
    for d in range(1, settings.gap + 2):
        a, b = idx[: max(len(idx) - d, 0)], idx[d:]
        ok = (speech_of[a] == speech_of[b]) & (b - a <= settings.gap + 1) & (family[a] != family[b])
        a, b = a[ok], b[ok]
        between = np.zeros(len(a), dtype=bool)
        for k in range(1, settings.gap + 1):
            inner = np.minimum(a + k, b)
            between |= formulaic[inner] & (inner < b)
        a, b = a[~between], b[~between]
        fa, fb = family[a], family[b]
        links.append((np.minimum(fa, fb) * f + np.maximum(fa, fb)) * n + speech_of[a])
    joined = np.zeros((0, 2), np.int64)
    if links:
        codes, co = _counts(_distinct(np.concatenate(links)) // n)  # speeches per pair of families
        pairs = np.stack(divmod(codes, f), axis=1).astype(np.int64)
        lo = np.minimum(df[pairs[:, 0]], df[pairs[:, 1]])
        hi = np.maximum(df[pairs[:, 0]], df[pairs[:, 1]])
        joined = pairs[(co >= 2) & (co >= settings.together * lo) & (co >= 0.2 * hi)]
    passage = components(len(df), joined)
    return np.where(family >= 0, passage[np.maximum(family, 0)], -1)


def runs(table: SentenceTable, label: np.ndarray, gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(passage, first row, last row)`` of every maximal run of one passage's sentences in a
    paragraph, bridging at most ``gap`` sentences that belong to no passage and are not formulaic.

    >>> t = SentenceTable.of([signature([("p1", "甲甲甲甲。乙乙乙乙。丙丙丙丙。丁丁丁丁。"), ("p2", "戊戊戊戊。")])])
    >>> [r.tolist() for r in runs(t, np.array([7, -1, 7, 8, 7]), 1)]
    [[7, 8, 7], [0, 3, 4], [2, 3, 4]]
    """
    rows = np.flatnonzero(label >= 0)
    if not len(rows):
        return rows, rows, rows
    a, b = rows[:-1], rows[1:]
    formulas = np.concatenate(([0], np.cumsum(table.formulaic)))
    go_on = (
        (label[a] == label[b])
        & (table.speech_of[a] == table.speech_of[b])
        & (table.paras[a] == table.paras[b])
        & (b - a - 1 <= gap)
        & (formulas[b] == formulas[a + 1])  # no formula in between
    )
    start = np.concatenate(([True], ~go_on))
    end = np.concatenate((~go_on, [True]))
    return label[rows[start]], rows[start], rows[end]


@dataclass(frozen=True)
class Facts:
    """What the passages need to know of a speech besides its text."""

    id: str
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    level: str | None = None
    place: str | None = None

    def order(self) -> tuple[bool, str, str]:
        """Earliest first; undated speeches last."""
        return (self.date is None, self.date or "", self.id)


@dataclass(frozen=True)
class Member:
    """One speech's version of a passage: paragraph ``p<para>``'s ``[start, end)``."""

    speech: int  # index into the speeches detection was given
    para: int
    start: int
    end: int
    similarity: float  # Jaccard of 3-gram sets with ``source``'s version (the first: with its nearest later one)
    source: int | None  # the member (index in the passage) of another, earlier speech whose version is nearest
    version: int  # distinct versions (matching keys) numbered 0, 1, ... in order of first use

    @property
    def anchor(self) -> str:
        return f"p{self.para}"


@dataclass(frozen=True, eq=False)
class Passage:
    """A passage held by two or more speeches: its members as columns, earliest speech first
    (undated last), then in reading order. Columns keep a passage of 3,000 members small and quick
    to hand over from the process that found it."""

    slug: str  # stable short id: a hash of the earliest version's matching key
    speech: np.ndarray  # int32, per member
    para: np.ndarray  # int32
    start: np.ndarray  # int32
    end: np.ndarray  # int32
    similarity: np.ndarray  # float32
    source: np.ndarray  # int32, -1: none
    version: np.ndarray  # int32
    speeches: int  # distinct speeches holding it

    def __len__(self) -> int:
        return len(self.speech)

    def member(self, i: int) -> Member:
        source = int(self.source[i])
        return Member(
            speech=int(self.speech[i]),
            para=int(self.para[i]),
            start=int(self.start[i]),
            end=int(self.end[i]),
            similarity=round(float(self.similarity[i]), 3),
            source=None if source < 0 else source,
            version=int(self.version[i]),
        )

    @property
    def members(self) -> tuple[Member, ...]:
        return tuple(self.member(i) for i in range(len(self)))


@dataclass(frozen=True, eq=False)
class Detection:
    """Every shared passage, and for each speech its members: ``(passage, member)`` index pairs."""

    passages: tuple[Passage, ...]
    by_speech: tuple[np.ndarray, ...]  # per speech: (k, 2) int32 rows (passage, member), in reading order
    boilerplate: tuple[str, ...] = ()  # a sentence of each family dropped as the archive's boilerplate
    candidates: int = 0  # candidate pairs of distinct sentences
    compared: int = 0  # of those, compared now (not known from the memo)
    hashed: int = 0  # distinct sentences MinHashed now (not known from the memo)
    clustered: int = 0  # groups of runs made into a passage now (not known from the memo)
    families: int = 0  # families of near-identical sentences held by two speeches or more
    timings: dict[str, float] = field(default_factory=dict)


def detect(
    sigs: Sequence[Signature],
    texts: Texts,
    facts: Sequence[Facts],
    settings: PassageSettings = PassageSettings(),
    memo: Memo | None = None,
) -> tuple[Detection, Memo]:
    """The shared passages of the speeches whose ``Signature`` s are ``sigs``, and the memo for next time.

    ``texts(i)``: speech ``i``'s paragraphs by number (new sentences' MinHash, verification and the
    versions read them); ``facts[i]``: its id, date, level and place. ``memo``: the last detection's
    (``Memo``): only sentences and pairs it did not know are hashed and compared.
    """
    clock: dict[str, float] = {}
    tick = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal tick
        now = time.perf_counter()
        clock[name] = round(now - tick, 3)
        tick = now

    made_under = f"{settings.signature_key()}/{settings.similar}"
    memo = memo if memo is not None and memo.settings == made_under else Memo(made_under)
    table = SentenceTable.of(sigs)
    lap("types")
    sets = TypeSets(table, texts, settings.shingle)
    bands, hashed = type_bands(table, sets, settings, memo)
    lap("minhash")
    changed = 2 * hashed + len(memo.hashes) - len(bands)  # types new to the archive or gone from it
    if len(memo.hashes) and memo.bands.shape[1] == settings.bands and changed <= len(bands) // 4:
        codes, stars, verdict = moved_pairs(bands, table.distinct, memo, settings.agree)
    else:
        codes, stars = candidate_pairs(bands, settings.agree)
        verdict = np.full(len(codes), -1, dtype=np.int8)
    pairs = np.stack(np.divmod(codes, max(len(bands), 1)), axis=1)
    lap("candidates")
    keep, compared = verify(pairs, verdict, sets, settings)
    del sets, verdict
    family_of_type = components(len(table.distinct), pairs[keep])
    lap("verify")
    family, df, common = table.families(family_of_type, settings)
    boilerplate = tuple(table.text(int(table.where[np.argmax(family_of_type == f)]), texts) for f in common[:50])
    lap("families")
    label = link(family, table, df, settings)
    lap("link")
    rank = np.empty(len(sigs), dtype=np.int64)
    rank[sorted(range(len(sigs)), key=lambda s: facts[s].order())] = np.arange(len(sigs))
    groups = _groups(table, *runs(table, label, settings.gap), rank, settings)
    lap("runs")
    clusters: dict[bytes, Kept | None] = {}
    passages = []
    for group in groups:
        k = group_key(group, table)
        kept = clusters[k] = memo.clusters[k] if k in memo.clusters else cluster(group, table, texts, settings)
        if kept is not None:
            passages.append(kept.passage(group, table))
    clustered = sum(k not in memo.clusters for k in clusters)
    passages.sort(key=lambda p: (int(rank[p.speech[0]]), int(p.para[0]), int(p.start[0])))
    passages = _unique_slugs(passages)
    lap("cluster")
    detection = Detection(
        passages=tuple(passages),
        by_speech=_by_speech(passages, len(sigs)),
        boilerplate=boilerplate,
        candidates=len(pairs),
        compared=compared,
        hashed=hashed,
        clustered=clustered,
        families=int(len(_distinct(family[family >= 0]))),
        timings=clock,
    )
    if not (hashed or compared or clustered) and len(clusters) == len(memo.clusters):
        if np.array_equal(memo.hashes, table.distinct):
            return detection, memo  # nothing learnt: the same memo
    # the next memo: what this archive holds, no more
    return detection, Memo(made_under, table.distinct, bands, codes, stars.astype(np.uint16), keep, clusters)


Group = tuple[np.ndarray, np.ndarray, np.ndarray]  # one passage's runs: first rows, last rows, words' hashes


def _groups(
    table: SentenceTable,
    passage: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    rank: np.ndarray,
    settings: PassageSettings,
) -> list[Group]:
    """The runs of each passage, those of ``min_chars`` or more, of passages with runs in two
    speeches at least; each passage's in the order ``cluster`` reads them: by their speech's
    ``rank`` (date), then in reading order (a speech's runs are next to each other)."""
    long = table.han[last + 1] - table.han[first] >= settings.min_chars
    passage, first, last = passage[long], first[long], last[long]
    if not len(passage):
        return []
    speech = table.speech_of[first]
    order = np.lexsort((first, rank[speech], passage))
    passage, first, last, speech = passage[order], first[order], last[order], speech[order]
    hashes = span_hashes(table, first, last)
    cuts = np.flatnonzero(np.concatenate(([True], passage[1:] != passage[:-1], [True])))
    return [
        (first[a:b], last[a:b], hashes[a:b])
        for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist())
        if speech[a] != speech[b - 1]
    ]


def span_hashes(table: SentenceTable, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """A hash of the types of rows ``first[i]``..``last[i]`` (a run's words), for each run: equal runs
    hash equal. A polynomial hash, its prefix sums taken once over the table (uint64 arithmetic wraps).

    >>> t = SentenceTable.of([signature([("p1", "甲甲甲甲。乙乙乙乙。甲甲甲甲。乙乙乙乙。丙丙丙丙。")])])
    >>> h = span_hashes(t, np.array([0, 2, 1]), np.array([1, 3, 2]))
    >>> bool(h[0] == h[1]), bool(h[0] == h[2])
    (True, False)
    """
    n = len(table.types)  # tables of the whole table's size: made for this call, not kept (``_powers``)
    words = _window_hashes(_mix(table.types), first, last + 1, _power_table(n), _power_table(n, _INVERSE))
    return _mix(words + (last - first).astype(np.uint64))  # the run's length mixed in


NEAREST = 32  # distinct versions a new version is compared with: the latest before it (a big passage stays linear)


def group_key(group: Group, table: SentenceTable) -> bytes:
    """All ``cluster`` reads of a group in order (``_groups``): each run's words (its hash) and
    where its speech changes. Equal keys give equal results, whichever rows and speech numbers the
    runs have: the key a rebuild finds a group's last result by (``Memo.clusters``)."""
    first, _, hashes = group
    speech = table.speech_of[first]
    digest = hashlib.blake2b(hashes.astype(np.uint64).tobytes(), digest_size=16)
    digest.update(np.packbits(speech[1:] != speech[:-1]).tobytes())
    return digest.digest()


@dataclass(frozen=True, eq=False)
class Kept:
    """What ``cluster`` made of a group, in the group's own terms: the kept runs by
    their place in it. The same for the same ``group_key``, wherever the runs are."""

    slug: str
    at: np.ndarray  # int64, the kept runs
    similarity: np.ndarray  # float32
    source: np.ndarray  # int32, -1: none
    version: np.ndarray  # int32
    speeches: int

    def passage(self, group: Group, table: SentenceTable) -> Passage:
        first, last = group[0][self.at], group[1][self.at]
        return Passage(
            slug=self.slug,
            speech=table.speech_of[first].astype(np.int32),
            para=table.paras[first],
            start=table.starts[first],
            end=table.ends[last],
            similarity=self.similarity,
            source=self.source,
            version=self.version,
            speeches=self.speeches,
        )


def cluster(group: Group, table: SentenceTable, texts: Texts, settings: PassageSettings) -> Kept | None:
    """One passage from its runs ``(first rows, last rows, words' hashes)`` in order (``_groups``),
    or None unless two speeches keep a member.

    Members are ordered by their speech's rank (date), then reading order. A *version* is a
    member's words (its sentences' types). A member whose version an earlier speech used has that
    speech's first use as its source (similarity 1). A new version is compared with the (at most
    ``NEAREST``) latest versions before it of other speeches, the earliest member with those after
    it; the nearest by Jaccard is its source. A member is kept when the two overlap in at least
    ``similar`` of the shorter's 3-grams, or when a kept member has it as its source.
    """
    first, last, hashes = group
    speech = table.speech_of[first]
    _, version = np.unique(hashes, return_inverse=True)  # (with an inverse numpy sorts, quickly)
    n = len(version)
    version_l, speech_l = version.tolist(), speech.tolist()
    first_use: dict[int, int] = {}  # version → its first member
    for i, v in enumerate(version_l):
        first_use.setdefault(v, i)
    grams: dict[int, frozenset[str]] = {}

    def gram(v: int) -> frozenset[str]:
        found = grams.get(v)
        if found is None:
            i = first_use[v]
            found = grams[v] = shingles(match_key(table.text(int(first[i]), texts, int(last[i]))), settings.shingle)
        return found

    def nearest(i: int, pool: Iterable[int]) -> tuple[float, float, int]:
        """(Jaccard, containment, member) of the version in ``pool`` nearest to member i's, of another speech."""
        mine = gram(version_l[i])
        best = (0.0, 0.0, -1)
        for v in pool:
            j = first_use[v]
            if speech_l[j] == speech_l[i]:
                continue
            theirs = gram(v)
            common = len(mine & theirs)
            score = (common / len(mine | theirs), common / min(len(mine), len(theirs)), j)
            if score[:2] > best[:2]:
                best = score
        return best

    similarity = np.zeros(n, dtype=np.float64)
    overlap = np.zeros(n, dtype=np.float64)
    source = np.full(n, -1, dtype=np.int64)
    other_use: dict[int, int] = {}  # version → its first member whose speech is not the first use's
    seen: list[int] = []  # versions in order of first use
    for i, (v, s) in enumerate(zip(version_l, speech_l)):
        j = first_use[v]
        if j == i:
            seen.append(v)
            similarity[i], overlap[i], source[i] = nearest(i, reversed(seen[-NEAREST - 1 : -1]))
            continue
        if speech_l[j] != s:  # the same words, said earlier by another speech: its first use
            other_use.setdefault(v, i)
            similarity[i], overlap[i], source[i] = 1.0, 1.0, j
        elif (k := other_use.get(v)) is not None and k < i:  # (a speech repeating itself)
            similarity[i], overlap[i], source[i] = 1.0, 1.0, k
        else:
            similarity[i], overlap[i], source[i] = nearest(i, reversed([u for u in seen[-NEAREST:] if u != v]))
    position = {v: k for k, v in enumerate(seen)}
    for i in np.flatnonzero(source < 0).tolist():  # nothing earlier from another speech: the nearest later
        at = position[version_l[i]]
        similarity[i], overlap[i], _ = nearest(i, seen[at + 1 : at + 1 + NEAREST])
    own = overlap >= settings.similar
    source[~own] = -1
    similarity[~own] = 0.0
    chooser = own & (source >= 0)
    chosen = source[chooser]
    # a member that a kept one chose as its source is kept too, with the nearest such one's similarity
    lift = ~own[chosen]
    np.maximum.at(similarity, chosen[lift], similarity[chooser][lift])
    kept = own.copy()
    kept[chosen] = True
    kept_at = np.flatnonzero(kept)
    speeches = len(_distinct(speech[kept_at]))
    if speeches < 2:
        return None
    number = np.cumsum(kept) - 1
    renumber: dict[int, int] = {}  # versions numbered by first use among the members kept
    kept_version = np.fromiter(
        (renumber.setdefault(v, len(renumber)) for v in version[kept_at].tolist()), dtype=np.int32
    )
    src = source[kept_at]
    earliest = table.text(int(first[kept_at[0]]), texts, int(last[kept_at[0]]))
    return Kept(
        slug=hashlib.blake2b(match_key(earliest).encode("utf-8"), digest_size=5).hexdigest(),
        at=kept_at,
        similarity=similarity[kept_at].astype(np.float32),
        source=np.where(src >= 0, number[np.maximum(src, 0)], -1).astype(np.int32),
        version=kept_version,
        speeches=speeches,
    )


def _unique_slugs(passages: list[Passage]) -> list[Passage]:
    seen: dict[str, int] = {}
    out = []
    for p in passages:
        k = seen.get(p.slug, 0)
        seen[p.slug] = k + 1
        if k:
            p = Passage(
                f"{p.slug}-{k + 1}", p.speech, p.para, p.start, p.end, p.similarity, p.source, p.version, p.speeches
            )
        out.append(p)
    return out


def _by_speech(passages: Sequence[Passage], n: int) -> tuple[np.ndarray, ...]:
    """For each speech, the ``(passage, member)`` rows of its members, in reading order."""
    if not passages:
        return tuple(np.zeros((0, 2), np.int32) for _ in range(n))
    speech = np.concatenate([p.speech for p in passages])
    which = np.concatenate([np.full(len(p), i, dtype=np.int32) for i, p in enumerate(passages)])
    member = np.concatenate([np.arange(len(p), dtype=np.int32) for p in passages])
    para = np.concatenate([p.para for p in passages])
    start = np.concatenate([p.start for p in passages])
    order = np.lexsort((start, para, speech))
    speech, rows = speech[order], np.stack((which[order], member[order]), axis=1)
    cuts = np.searchsorted(speech, np.arange(n + 1))
    return tuple(rows[a:b] for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist()))
