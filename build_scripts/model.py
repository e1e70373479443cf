"""The archive's domain objects: frozen dataclasses, tuples for collections.

Data flows one way: ``analyse`` turns a source file into a ``Speech``; ``index``
builds cross-speech views from all speeches; ``render`` turns both into pages
and data files. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

LEVELS: tuple[str, ...] = ("中央", "省", "市", "县", "乡镇")


@dataclass(frozen=True)
class Source:
    """A speech file as read from disk: its bytes' fingerprint and decoded text."""

    id: str
    name: str  # file name, e.g. "004_be014646714e3115.txt"
    sha256: str
    encoding: str  # the codec the bytes were decoded with, e.g. "utf-8", "gb18030"
    text: str  # decoded, line ends normalised to "\n", otherwise untouched
    verbatim: bool = False  # the file's bytes are ``text`` in UTF-8: the file is its own plain-text copy
    # Literal escape sequences the file writes instead of what they stand for, read as it
    # (``text`` holds the line break or space), with how many there were: (("\\r\\n", 312),)
    escapes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)  # one per block or match: hundreds of thousands at 10,000 speeches
class Heading:
    """A part or sub-part heading; ``level`` 2 is a top-level part."""

    text: str
    level: int
    anchor: str  # "s1", "s2", ... in reading order
    style: str  # the numbering style it was recognised by, e.g. "一、", "（一）", "一是"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of speech text; ``n`` counts from 1 in reading order."""

    n: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.n}"


Block = Heading | Paragraph


@dataclass(frozen=True)
class Document:
    """The structure of one speech's kept text."""

    title: str | None  # the title as shown (a spaced-out title without its spacing), None when the source has none
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = ()  # boilerplate lines dropped, in source order
    # The title's words as the source writes them, when the shown title differs (spacing, year label)
    title_line: str | None = None
    # The dated line under the title ("——2020年1月21日在…会议上"): kept as the block it is, named here
    subtitle: Paragraph | None = None
    # Crawler or database header fields as (key, value), in source order: (("发文时间", "2015-04-28"),);
    # their lines are in ``removed``. ``page_heading`` is a web page's own heading line, if any.
    header: tuple[tuple[str, str], ...] = ()
    page_heading: str | None = None

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    def anchored_texts(self) -> tuple[tuple[str, str], ...]:
        """Every block as ``(anchor, text)`` in reading order (title excluded)."""
        return tuple((b.anchor, b.text) for b in self.blocks)

    @property
    def body(self) -> str:
        """The kept text, blocks joined by newlines (title excluded)."""
        return "\n".join(b.text for b in self.blocks)


EvidenceSource = Literal["title", "text", "filename", "sidecar", "inferred"]


@dataclass(frozen=True)
class Evidence:
    """Why a field has its value: the words it rests on and where they are."""

    source: EvidenceSource
    quote: str  # words of the source; "filename" / "sidecar" when from there
    anchor: str | None = None  # "p3", "s1", or None for the title / file name
    rule: str = ""  # one line: what the words were read as

    @property
    def words(self) -> str:
        """The contract's one-string evidence: the quote, or where it came from."""
        return self.source if self.source in ("filename", "sidecar") else self.quote


@dataclass(frozen=True)
class Note:
    """A curator's note from a sidecar, attached to a paragraph or a phrase."""

    text: str
    anchor: str | None = None  # "p12"
    phrase: str | None = None  # a quoted phrase of the speech


@dataclass(frozen=True)
class Metadata:
    """Everything known about a speech beyond its text; ``evidence`` per inferred field."""

    level: str | None = None
    place: str | None = None  # the administrative unit as the text names it: "满城区", "河北省", "全国"
    speaker: str | None = None
    occasion: str | None = None
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    # When no date can be given: the bounds the evidence sets, each as precise as it allows
    # ("2022-10": not before October 2022). None when ``date`` is set or nothing bounds it.
    date_not_before: str | None = None
    date_not_after: str | None = None
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    evidence: tuple[tuple[str, Evidence], ...] = ()  # (field, evidence), field order
    notes: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        if self.date and (self.date_not_before or self.date_not_after):  # a date makes the range moot
            object.__setattr__(self, "date_not_before", None)
            object.__setattr__(self, "date_not_after", None)

    def evidence_for(self, name: str) -> Evidence | None:
        return next((e for f, e in self.evidence if f == name), None)

    @property
    def sort_date(self) -> str:
        """Where the speech stands in time: its date, else its range's lower (or upper) bound; "~" last.

        >>> Metadata(date="2021").sort_date, Metadata(date_not_before="2022-10").sort_date, Metadata().sort_date
        ('2021', '2022-10', '~')
        """
        return self.date or self.date_not_before or self.date_not_after or "~"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One match of a slogan in a speech block."""

    term: str  # canonical term of the glossary entry
    matched: str  # the text as written (a variant may differ from ``term``)
    anchor: str  # block anchor, "p3" or "s1"
    start: int  # offset in the block's text
    end: int


@dataclass(frozen=True)
class Speech:
    """One speech, analysed: source, structure, metadata, slogan occurrences."""

    source: Source
    doc: Document
    title: str
    title_inferred: bool
    meta: Metadata
    occurrences: tuple[Occurrence, ...] = ()
    source_url: str | None = None  # where the text was found, as the curator's sidecar gives it

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def url(self) -> str:
        return f"speeches/{self.source.id}/"

    @cached_property
    def chars(self) -> int:
        """Characters of speech text kept: title and blocks, line breaks not counted (counted once)."""
        return len(self.title if not self.title_inferred else "") + sum(len(b.text) for b in self.doc.blocks)
