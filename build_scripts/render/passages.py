"""Shared passages on the site: a speech page's marks, one page per passage, the listing, the data.

A passage used by at least ``PAGE_FROM`` speeches gets a page (``passages/<slug>/``): its versions
in order of first use, each with its differences from the version it came from highlighted
(character-level ``difflib``), and the speeches that used it, with date, level and place: the
path a formula took. Every speech page marks its shared passages and lists, under each, where
else the words occur (``此段亦见于``). The data (``data/passages.json`` and ``.csv``) holds every
passage of two speeches or more, every member. Pages stay bounded however many speeches share a
passage: a page shows ``VERSIONS_SHOWN`` versions and ``SPEECHES_SHOWN`` speeches a version; a
speech page ``OTHERS_SHOWN`` other speeches a passage; the data holds the rest.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import functools
import hashlib
import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np

from build_scripts.engine.packed import PackedBlocks
from build_scripts.index.passages import Detection, Passage, Texts, paragraphs
from build_scripts.model import Speech
from build_scripts.render.text import escape, front_matter

PAGE_FROM = 3  # speeches a passage needs for a page of its own
# Other speeches listed under a passage on a speech page: the earliest use and the one this
# version came from (or the nearest in time); the passage's page lists the rest. Five were 46 KB
# of a 10,000-speech archive's speech page, where each sentence is shared by about thirty.
OTHERS_SHOWN = 2
VERSIONS_SHOWN = 40  # versions a passage's page shows
SPEECHES_SHOWN = 12  # speeches listed under each version on a passage's page
LISTED = 400  # passages per listing page


@dataclass(frozen=True)
class Head:
    """What the passage pages say of a speech."""

    id: str
    title: str
    url: str  # "speeches/<id>/"
    date: str | None
    level: str | None
    place: str | None
    sha256: str = ""  # of the source: a page showing the speech's words changes with it

    def facts(self) -> str:
        """``2019-01-10 · 市 · 保定市``: what is known of date, level and place.

        >>> Head("a", "t", "speeches/a/", "2019", None, "保定市").facts()
        '2019 · 保定市'
        """
        return " · ".join(x for x in (self.date or "日期不详", self.level, self.place) if x)


def head(speech: Speech) -> Head:
    """A speech's ``Head`` (its place once the metadata has one: issue 14)."""
    meta = speech.meta
    place = getattr(meta, "place", None)
    return Head(
        speech.id,
        speech.title,
        speech.url,
        meta.date,
        meta.level,
        place if isinstance(place, str) else None,
        speech.source.sha256,
    )


def paragraph_texts(blocks: PackedBlocks) -> Texts:
    """Speech ``i``'s paragraphs by number, read out of the packed blocks (the last few kept)."""

    @functools.lru_cache(maxsize=64)
    def texts(i: int) -> dict[int, str]:
        return dict(paragraphs(blocks.blocks(i)))

    return texts


@dataclass(frozen=True, eq=False)
class SharedMarks:
    """Each speech's ``Mark`` s, made when its page is (in the process that renders it)."""

    detection: Detection | None = None
    heads: tuple[Head, ...] = ()

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {h.id: i for i, h in enumerate(self.heads)}

    @functools.cached_property
    def firsts(self) -> Firsts:
        detection = self.detection
        assert detection is not None
        return functools.lru_cache(maxsize=None)(lambda p: first_members(detection.passages[p]).tolist())

    @functools.cached_property
    def facts(self) -> Callable[[int], str]:
        return functools.lru_cache(maxsize=None)(lambda s: self.heads[s].facts())

    def __call__(self, speech_id: str) -> tuple[Mark, ...]:
        i = self.index.get(speech_id)
        if i is None or self.detection is None:
            return ()
        return speech_marks(self.detection, self.heads, i, self.firsts, self.facts)


def page_url(passage: Passage) -> str | None:
    """``passages/<slug>/`` for a passage with a page of its own, else None."""
    return f"passages/{passage.slug}/" if passage.speeches >= PAGE_FROM else None


# ------------------------------------------------------------------------------ speech page


@dataclass(frozen=True)
class Elsewhere:
    """Another speech's use of a passage, as a speech page lists it."""

    url: str  # "speeches/<id>/#p8", relative to the site root
    title: str
    facts: str  # date · level · place
    first: bool  # the earliest use of the passage


@dataclass(frozen=True)
class Mark:
    """One shared passage in one speech: where it is, and where else its words occur."""

    anchor: str
    start: int
    end: int
    page: str | None  # the passage's page, relative to the site root
    first: bool  # this speech is the earliest to use it
    similarity: float  # with the version it came from
    others: tuple[Elsewhere, ...]  # at most OTHERS_SHOWN
    more: int  # other speeches not listed


def speech_marks(
    detection: Detection,
    heads: Sequence[Head],
    i: int,
    firsts: Firsts | None = None,
    facts: Callable[[int], str] | None = None,
) -> tuple[Mark, ...]:
    """The marks of speech ``i`` (an index of the detection's speeches), in reading order.

    Listed under each: the earliest use and the version this one came from, then the speeches
    nearest in time; each other speech once (its first member). ``firsts``: each passage's first
    member of each speech (``first_members``, as a list) and ``facts``: each speech's ``Head.facts``,
    both kept by the caller from one speech page to the next.
    """
    marks = []
    for p, k in detection.by_speech[i].tolist():
        passage = detection.passages[p]
        firsts_p = firsts(p) if firsts is not None else first_members(passage).tolist()
        mine = bisect.bisect_right(firsts_p, k) - 1  # this speech's first member, in firsts_p
        n_others = len(firsts_p) - 1
        # the earliest, this one's source, then the nearest in time on either side
        pick = [0 if mine != 0 else 1] if n_others else []
        source = int(passage.source[k])
        if source >= 0:
            pick.append(bisect.bisect_right(firsts_p, source) - 1)
        for j in _around(mine, len(firsts_p)):
            if len(set(pick) - {mine}) >= OTHERS_SHOWN:
                break
            pick.append(j)
        chosen = sorted(set(pick) - {mine})[:OTHERS_SHOWN]
        speech, para = passage.speech, passage.para
        marks.append(
            Mark(
                anchor=f"p{int(para[k])}",
                start=int(passage.start[k]),
                end=int(passage.end[k]),
                page=page_url(passage),
                first=int(speech[0]) == i and heads[i].date is not None,
                similarity=round(float(passage.similarity[k]), 2),
                others=tuple(_elsewhere(passage, heads, firsts_p[j], facts) for j in chosen),
                more=n_others - len(chosen),
            )
        )
    return tuple(marks)


Firsts = Callable[[int], list[int]]


def first_members(passage: Passage) -> np.ndarray:
    """The first member of each speech holding the passage, in member order (members are sorted by date).

    >>> p = Passage("x", *(np.array(c) for c in ([3, 3, 5, 3, 7], [1, 2, 1, 4, 1], [0] * 5, [9] * 5, [1.0] * 5, [-1] * 5, [0] * 5)), 3)
    >>> first_members(p).tolist()
    [0, 2, 4]
    """
    _, at = np.unique(passage.speech, return_index=True)
    return np.sort(at)


def _around(at: int, n: int) -> Iterator[int]:
    """Indices of ``range(n)`` nearest ``at`` first, alternately from ``at`` on and from before it.

    >>> list(_around(2, 5)), list(_around(5, 5))
    ([2, 1, 3, 0, 4], [4, 3, 2, 1, 0])
    """
    lo, hi = at - 1, at
    while lo >= 0 or hi < n:
        if hi < n:
            yield hi
            hi += 1
        if lo >= 0:
            yield lo
            lo -= 1


def _elsewhere(passage: Passage, heads: Sequence[Head], j: int, facts: Callable[[int], str] | None = None) -> Elsewhere:
    s = int(passage.speech[j])
    head = heads[s]
    said = facts(s) if facts is not None else head.facts()
    return Elsewhere(f"{head.url}#p{int(passage.para[j])}", head.title, said, j == 0 and head.date is not None)


def mark_html(mark: Mark, root: str = "../../") -> str:
    """The note under a paragraph holding a shared passage: where else its words occur.

    Raw HTML after the paragraph, which Markdown leaves as it is: HTML-escaped, nothing more.

    >>> m = Mark("p3", 0, 9, "passages/ab/", False, 1.0, (Elsewhere("speeches/x_1/#p8", "a<b", "2019 · 县", True),), 4)
    >>> mark_html(m)  # doctest: +NORMALIZE_WHITESPACE
    '<aside class="archive-shared" data-search-exclude><b>此段亦见于</b><ul><li><a href="../../speeches/x_1/#p8">a&lt;b</a><span
    class="archive-facts">2019 · 县</span><span class="archive-first">最早</span></li></ul><p>另有 4 篇。<a
    href="../../passages/ab/">此段的各个版本</a></p></aside>'
    """
    items = []
    for other in mark.others:
        first = '<span class="archive-first">最早</span>' if other.first else ""
        title, facts = _escaped(other.title, other.facts)
        url = html.escape(other.url)
        items.append(f'<li><a href="{root}{url}">{title}</a><span class="archive-facts">{facts}</span>{first}</li>')
    tail = []
    if mark.first:
        tail.append("本篇是已知最早的使用。")
    if mark.more:
        tail.append(f"另有 {mark.more} 篇。")
    if mark.page:
        tail.append(f'<a href="{root}{mark.page}">此段的各个版本</a>')
    foot = f"<p>{''.join(tail)}</p>" if tail else ""
    return f'<aside class="archive-shared" data-search-exclude><b>此段亦见于</b><ul>{"".join(items)}</ul>{foot}</aside>'


@functools.lru_cache(maxsize=8192)
def _escaped(*texts: str) -> tuple[str, ...]:
    """``html.escape`` of each (a speech's title and facts recur on many pages: escaped once each)."""
    return tuple(html.escape(t) for t in texts)


# ------------------------------------------------------------------------------ passage pages


Text = Callable[[int, int, int, int], str]  # (speech, paragraph, start, end) → the member's words


def render_passage(passage: Passage, heads: Sequence[Head], text: Text) -> str:
    """``passages/<slug>.md``: the passage's versions in order of first use, differences highlighted."""
    n_versions = int(passage.version.max()) + 1
    first_member: dict[int, int] = {}  # version → its first member
    for k, v in enumerate(passage.version.tolist()):
        first_member.setdefault(v, k)
    words = {
        v: text(int(passage.speech[k]), int(passage.para[k]), int(passage.start[k]), int(passage.end[k]))
        for v, k in first_member.items()
        if v < VERSIONS_SHOWN
    }
    earliest = heads[int(passage.speech[0])]
    levels = list(dict.fromkeys(heads[int(s)].level or "?" for s in passage.speech.tolist()))
    title = f"共用段落：{_lead(words[0], 16)}"
    out = [
        front_matter({"title": title, "search": {"exclude": True}}),
        f"# {escape(title)}\n",
        f'<p class="archive-passage-summary">{passage.speeches} 篇讲话使用了这段话，共 {n_versions} 个版本；'
        f"最早见于 {escape(earliest.facts())}《{escape(earliest.title)}》。层级：{escape(' → '.join(levels))}。</p>\n",
    ]
    for v in range(min(n_versions, VERSIONS_SHOWN)):
        k = first_member[v]
        users = [j for j, u in enumerate(passage.version.tolist()) if u == v]
        speeches = list(dict.fromkeys(int(passage.speech[j]) for j in users))
        source = int(passage.source[k])
        base = int(passage.version[source]) if source >= 0 else None
        if base is not None and base in words:
            body = diff_html(words[base], words[v])
            against = f"与版本 {base + 1} 相比（相似度 {float(passage.similarity[k]):.2f}）"
        else:
            body = escape(words[v])
            against = "最早的版本" if v == 0 else ""
        listed: list[tuple[int, int]] = []
        for j in users:
            s = int(passage.speech[j])
            if s in speeches[:SPEECHES_SHOWN] and s not in (x for x, _ in listed):
                listed.append((s, j))
        links = "".join(
            f'<li><a href="../../{escape(heads[s].url)}#p{int(passage.para[j])}">{escape(heads[s].title)}</a>'
            f'<span class="archive-facts">{escape(heads[s].facts())}</span></li>'
            for s, j in listed
        )
        more = f"<p>另有 {len(speeches) - len(listed)} 篇使用此版本。</p>" if len(speeches) > len(listed) else ""
        out.append(
            f'<section class="archive-version" id="v{v + 1}"><h2 id="v{v + 1}-h">版本 {v + 1}'
            f'<span class="archive-facts">{escape(heads[speeches[0]].facts())} · {len(speeches)} 篇 {escape(against)}</span></h2>'
            f'<blockquote class="archive-version-text">{body}</blockquote><ul class="archive-users">{links}</ul>{more}</section>\n'
        )
    if n_versions > VERSIONS_SHOWN:
        out.append(
            f'<p>另有 {n_versions - VERSIONS_SHOWN} 个版本未列出，见 <a href="../../data/passages.json">data/passages.json</a>。</p>\n'
        )
    return "\n".join(out)


def diff_html(before: str, after: str) -> str:
    """``after`` with what it adds to ``before`` in ``<ins>`` and what it drops in ``<del>``, by character.

    >>> diff_html("我市坚持发展", "我县坚持高质量发展")
    '我<del>市</del><ins>县</ins>坚持<ins>高质量</ins>发展'
    """
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(after[b1:b2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(before[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(after[b1:b2])}</ins>")
    return "".join(out)


def _lead(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` (stripped), with an ellipsis when cut.

    >>> _lead("  全面推进乡村振兴。", 4)
    '全面推进…'
    """
    text = text.strip()
    return text if len(text) <= n else text[:n] + "…"


def render_listing(detection: Detection, heads: Sequence[Head], text: Text, min_chars: int) -> dict[str, str]:
    """``passages/index.md`` (and ``passages/page-N.md`` past ``LISTED``): passages with a page, most used first."""
    shown = sorted(
        (p for p in detection.passages if page_url(p)),
        key=lambda p: (-p.speeches, heads[int(p.speech[0])].date or "~", p.slug),
    )
    pairs = sum(1 for p in detection.passages if not page_url(p))
    chunks = [shown[i : i + LISTED] for i in range(0, len(shown), LISTED)] or [[]]
    pages = {}
    for n, chunk in enumerate(chunks, start=1):
        path = "passages/index.md" if n == 1 else f"passages/page-{n}.md"
        root = "../" if n == 1 else "../../"
        rows = []
        for p in chunk:
            first = heads[int(p.speech[0])]
            words = text(int(p.speech[0]), int(p.para[0]), int(p.start[0]), int(p.end[0]))
            levels = " → ".join(dict.fromkeys(heads[int(s)].level or "?" for s in p.speech.tolist()))
            rows.append(
                f'<tr><td><a href="{root}{page_url(p)}">{escape(_lead(words, 40))}</a></td><td>{p.speeches}</td>'
                f"<td>{int(p.version.max()) + 1}</td><td>{escape(first.facts())}</td><td>{escape(levels)}</td></tr>"
            )
        nav = " ".join(
            f'<a href="{root}{"passages/" if k == 1 else f"passages/page-{k}/"}">{k}</a>' if k != n else f"<b>{k}</b>"
            for k in range(1, len(chunks) + 1)
        )
        body = [
            front_matter({"title": "共用段落", "search": {"exclude": True}}),
            "# 共用段落\n",
            f"<p>两篇以上讲话共用的段落（至少 {min_chars} 个汉字，逐字相同或仅有少量改动）共 {len(detection.passages)} 段；"
            f"其中 {len(shown)} 段为三篇以上讲话所用，列于下表（各有一页，按使用篇数排列），"
            f'其余 {pairs} 段见各讲话页面和 <a href="{root}data/passages.json">data/passages.json</a>。</p>\n',
            '<table class="archive-passages"><thead><tr><th>段落</th><th>篇数</th><th>版本</th><th>最早</th><th>层级</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>\n",
        ]
        if len(chunks) > 1:
            body.append(f'<p class="archive-pages">{nav}</p>\n')
        pages[path] = "\n".join(body)
    return pages


# ------------------------------------------------------------------------------------- data


def passage_rows(detection: Detection, heads: Sequence[Head], text: Text) -> Iterator[dict[str, Any]]:
    """The objects of ``data/passages.json``, one passage at a time, most used first: its versions'
    words, and its members (``version`` numbers the versions from 1; ``source_*``: the member of an
    earlier speech whose version this one is nearest to, null for the earliest)."""
    for p in _data_order(detection, heads):
        firsts: dict[int, int] = {}
        for k, v in enumerate(p.version.tolist()):
            firsts.setdefault(v, k)
        yield {
            "id": p.slug,
            "url": page_url(p),
            "speeches": p.speeches,
            "versions": [
                text(int(p.speech[k]), int(p.para[k]), int(p.start[k]), int(p.end[k])) for k in firsts.values()
            ],
            "members": [dict(zip(MEMBER_FIELDS, row)) for row in _member_columns(p, heads)],
        }


MEMBER_FIELDS = (
    "id",
    "anchor",
    "start",
    "end",
    "similarity",
    "version",
    "source_id",
    "source_anchor",
    "date",
    "level",
    "place",
)


def write_members_csv(detection: Detection, heads: Sequence[Head], out: TextIO) -> None:
    """``data/passages.csv``: one row a member, with its passage (the versions' words are in the JSON:
    at 10,000 speeches they would triple the file). UTF-8 with a BOM, as the other CSV files."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("passage", "passage_url", "passage_speeches", *MEMBER_FIELDS))
    for p in _data_order(detection, heads):
        lead = (p.slug, page_url(p) or "", p.speeches)
        writer.writerows((*lead, *("" if x is None else x for x in row)) for row in _member_columns(p, heads))


def _member_columns(p: Passage, heads: Sequence[Head]) -> Iterator[tuple[Any, ...]]:
    """Each member of ``p`` as a tuple of ``MEMBER_FIELDS``."""
    speeches = p.speech.tolist()
    paras = [f"p{n}" for n in p.para.tolist()]
    sources = p.source.tolist()
    source_id = [heads[speeches[j]].id if j >= 0 else None for j in sources]
    source_anchor = [paras[j] if j >= 0 else None for j in sources]
    similarity = [round(x, 3) for x in p.similarity.tolist()]
    version = (p.version + 1).tolist()
    for k, s in enumerate(speeches):
        h = heads[s]
        yield (
            h.id,
            paras[k],
            int(p.start[k]),
            int(p.end[k]),
            similarity[k],
            version[k],
            source_id[k],
            source_anchor[k],
            h.date,
            h.level,
            h.place,
        )


def _data_order(detection: Detection, heads: Sequence[Head]) -> list[Passage]:
    return sorted(detection.passages, key=lambda p: (-p.speeches, heads[int(p.speech[0])].date or "~", p.slug))


def digest(detection: Detection, heads: Sequence[Head]) -> str:
    """What the passage pages and data are made from, as one hash: every passage's ``passage_digest``."""
    shown = head_digests(heads)
    h = hashlib.sha256()
    for p in detection.passages:
        h.update(passage_digest(p, shown).encode())
    return h.hexdigest()


def head_digests(heads: Sequence[Head]) -> np.ndarray:
    """A 64-bit hash of what the pages say of each speech (its head, its source's hash included)."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(repr(h).encode(), digest_size=8).digest(), "little") for h in heads),
        dtype=np.uint64,
        count=len(heads),
    )


def passage_digest(p: Passage, shown: np.ndarray) -> str:
    """What one passage's page shows: its members, and (``shown``: ``head_digests``) their speeches."""
    h = hashlib.sha256(p.slug.encode())
    for column in (p.speech, p.para, p.start, p.end, p.similarity, p.source, p.version):
        h.update(np.ascontiguousarray(column).tobytes())
    h.update(shown[p.speech].tobytes())
    return h.hexdigest()
