"""Every page and file of the site but the speech pages' HTML, written into the build's spool.

``render_all`` writes the slogan pages and data, the listings, the build report and the data
files, and gives each speech page its navigation (neighbours, related speeches, listings);
``Pages`` renders a speech page when MkDocs asks for it. The slogan pages and the listings are
kept from one build to the next while what they show is unchanged (``engine/incremental.py``
makes their keys, ``engine/spool.py: kept`` keeps them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.config.glossary import Glossary
from build_scripts.engine import incremental
from build_scripts.engine.cache import Cache
from build_scripts.engine.packed import PackedBlocks, Pickled
from build_scripts.engine.spool import Spool, kept
from build_scripts.errors import Problem
from build_scripts.index import browse as browse_index
from build_scripts.index import passages as passages_index
from build_scripts.index import slogans as slogan_index
from build_scripts.index.passages import PassageSettings
from build_scripts.index.slogans import SloganStats, Tiers, build_slogan_index
from build_scripts.model import Speech
from build_scripts.render import browse as browse_pages
from build_scripts.render import data as data_mod
from build_scripts.render import passages as passage_pages
from build_scripts.render import slogans as slogan_pages
from build_scripts.render.report import render_report
from build_scripts.render.speech import SpeechHtml, render_speech, speech_html, speech_meta
from build_scripts.render.text import page_meta


@dataclass(frozen=True)
class Pages(Mapping[str, str]):
    """Every Markdown page by its path under docs; a speech's page is rendered when asked for.

    A large build renders its speech pages in worker processes (``mkdocs_adapter/pages.py``):
    rendering them all here first would cost a serial pass and the memory of
    every page at once. ``html`` and ``meta`` give a speech page as MkDocs would
    make it of the Markdown, without the round trip through YAML and Markdown.
    """

    # "speeches/<id>.md" → speech; the pipeline hands them over ``Pickled`` (what page workers read)
    speeches: Mapping[str, Speech]
    links: dict[str, tuple[str, str | None]]  # slogan term → (page, gloss)
    other: dict[str, Path]  # slogan, listing and report pages, rendered into the build's spool
    spool: Spool  # kept alive with the pages: its folder goes when the last reference does
    shared: passage_pages.SharedMarks = passage_pages.SharedMarks()  # each speech's shared passages
    # the last speech asked for, by its page: a page asks for its metadata, then its HTML (one unpickling)
    last: list[tuple[str, Speech]] = field(default_factory=list, compare=False, repr=False)

    def speech(self, uri: str) -> Speech:
        """The speech of page ``uri`` (``KeyError``: not a speech page)."""
        if not self.last or self.last[0][0] != uri:
            self.last[:] = [(uri, self.speeches[uri])]
        return self.last[0][1]

    def __getitem__(self, uri: str) -> str:
        if uri not in self.speeches:
            return self.other[uri].read_text("utf-8")
        speech = self.speech(uri)
        return render_speech(speech, self.links, self.shared(speech.id))

    def __iter__(self) -> Iterator[str]:
        yield from self.speeches
        yield from self.other

    def __len__(self) -> int:
        return len(self.speeches) + len(self.other)

    def html(self, uri: str) -> SpeechHtml:
        speech = self.speech(uri)
        return speech_html(speech, self.links, self.shared(speech.id))

    def meta(self, uri: str) -> dict[str, object]:
        return page_meta(speech_meta(self.speech(uri)))


def slogan_links(glossary: Glossary, tiers: Tiers | None = None) -> dict[str, tuple[str, str | None]]:
    """``(page, gloss)`` of every slogan with a page of its own (``tiers``: without, every entry)."""
    return {e.term: (f"slogans/{e.slug}/", e.gloss) for e in glossary.entries if tiers is None or tiers.paged(e.term)}


def write_slogans(
    speeches: Sequence[Speech],
    glossary: Glossary,
    tiers: Tiers | None,
    digests: incremental.Digests,
    cache: Path | None,
    spool: Spool,
) -> dict[str, Path]:
    """The slogan index's pages (listing, one page per slogan with a page, the candidates' pages and
    an address for each candidate) and data files, written into ``spool``; each slogan's page is
    kept on its own (``kept``), so a change remakes only the pages it shows on.
    One page at a time, in this process: forked workers would each copy most of it (the hits they
    read are spread through it), and the build's peak of memory is close by."""
    index = build_slogan_index(speeches, glossary, tiers)
    by_term: dict[str, dict[str, str]] = {}
    for speech_id, pairs in digests.items():
        for term, digest in pairs:
            by_term.setdefault(term, {})[speech_id] = digest
    facts = {s.id: incremental.shown_on_slogan_pages(s) for s in speeches}
    out = {"slogans/index.md": spool.write("slogans/index.md", slogan_pages.render_listing(index))}
    out.update(spool.write_all(slogan_pages.render_candidates(index).items()))
    slugs = {e.term: e.slug for e in glossary.entries}
    for term, place in (slogan_pages.candidate_pages(tiers, slugs) if tiers else {}).items():
        stub = f"slogans/{slugs[term]}/index.html"  # the address search and the data give it
        out[stub] = spool.write(stub, slogan_pages.candidate_stub(term, place), publish=True)
    for stats in index.paged:

        def page(sink: Spool, stats: SloganStats = stats) -> dict[str, Path]:
            return sink.write_all(slogan_pages.render_slogan(stats, index).items())

        key = incremental.slogan_page_key(stats, index, by_term.get(stats.term, {}), facts)
        out.update(kept(cache, f"slogan-page/{stats.slug}", key, page, spool))
    out.update(write_data(spool, "slogans", slogan_pages.slogan_rows(index)))
    return out


def write_data(spool: Spool, name: str, rows: Iterator[dict[str, object]]) -> dict[str, Path]:
    """``data/<name>.json`` and ``.csv``, written a row at a time, in one pass."""
    json_file, csv_file = (spool.path(f"data/{name}.{ext}", publish=True) for ext in ("json", "csv"))
    with json_file.open("w", encoding="utf-8", newline="") as j, csv_file.open("w", encoding="utf-8", newline="") as c:
        data_mod.write_table(rows, j, c)
    return {f"data/{name}.json": json_file, f"data/{name}.csv": csv_file}


def render_all(
    speeches: Sequence[Speech],
    glossary: Glossary,
    slogans: tuple[str, incremental.Digests],
    browse: browse_index.BrowseIndex,
    related: dict[str, tuple[browse_index.Related, ...]],
    problems: Sequence[Problem],
    corpus: Path,
    cache: Path | None,
    spool: Spool,
    everything: Sequence[Speech] | None = None,
    tiers: Tiers | None = None,
    before_slogans: Callable[[], object] = lambda: None,
) -> tuple[Pages, dict[str, Path], Mapping[str, dict[str, object]]]:
    """Every page and file but the speech pages (rendered on demand), written into ``spool``.

    ``speeches`` hold the occurrences of slogans with a page; ``everything``, the same speeches with
    every occurrence, candidates' included (the slogan index and the candidates a page lists).
    Without ``tiers`` every slogan has a page. ``before_slogans`` is called before the slogan pages,
    the stage's heaviest part (the pipeline waits there for the passages' detection to be over).

    The slogan pages (all together, and each slogan's page on its own) and the listings are kept
    in the cache (``spool.kept``) while what they are made from is unchanged: a rebuild after a
    change that moves no slogan and no listing entry writes neither, and a change to one slogan's
    use remakes the pages it shows on.
    """
    everything = speeches if everything is None else everything
    links = slogan_links(glossary, tiers)
    pages: dict[str, Path] = {}
    files: dict[str, Path] = {}

    def navigation() -> Iterator[tuple[str, dict[str, object]]]:
        """Each speech page's navigation, pickled as it is made (all at once as objects: 150 MB at
        10,000 speeches, beside the side work's peak)."""
        for i, (s, whole) in enumerate(zip(speeches, everything)):
            waiting = slogan_index.candidate_counts(whole, tiers) if tiers else []
            yield (
                f"speeches/{s.id}.md",
                {
                    "candidates": [{"term": t, "count": n} for t, n in waiting],
                    "prev": _neighbour(speeches, i - 1),
                    "next": _neighbour(speeches, i + 1),
                    "downloads": {"original": f"sources/{s.source.name}", "utf8": _utf8_copy(s)},
                    "related": browse_pages.related_front_matter(related.get(s.id, ())),
                    "browse": browse_index.browse_links(browse, s),
                    "slogan_urls": {t: links[t][0] for t in dict.fromkeys(o.term for o in s.occurrences) if t in links},
                },
            )

    extras = Pickled(navigation())
    for s in speeches:
        files[f"sources/{s.source.name}"] = corpus / s.source.name  # copied from the corpus as it is
        if not s.source.verbatim:  # a file that is its text in UTF-8 is its own UTF-8 copy: not twice
            files[_utf8_copy(s)] = spool.write(_utf8_copy(s), s.source.text, publish=True)
    # The slogan pages last: their index is most of this stage's memory
    listings = kept(
        cache,
        "listings",
        incremental.listings_key(browse),
        lambda out: out.write_all(browse_pages.render_browse_pages(speeches, index=browse).items()),
        spool,
    )
    report = spool.write("report.md", render_report(problems, speeches))
    data = write_data(spool, "speeches", data_mod.speeches_json(everything, tiers))  # every slogan, candidates too
    userdict = spool.write("data/jieba_userdict.txt", data_mod.jieba_user_dict(glossary), publish=True)
    key, digests = slogans
    before_slogans()
    made = kept(
        cache, "slogan-pages", key, lambda out: write_slogans(everything, glossary, tiers, digests, cache, out), spool
    )
    made.update(listings)
    for site_path, path in made.items():
        (pages if site_path.endswith(".md") else files)[site_path] = path
    pages["report.md"] = report
    files.update(data)
    files["data/jieba_userdict.txt"] = userdict
    return Pages({f"speeches/{s.id}.md": s for s in speeches}, links, pages, spool), files, extras


def _utf8_copy(s: Speech) -> str:
    """Where a speech's text is as UTF-8: ``sources/<id>.utf8.txt``, or its own file when that is the text
    in UTF-8 already (10,000 second copies of the same bytes were 140 MB of the site)."""
    return f"sources/{s.source.name}" if s.source.verbatim else f"sources/{s.id}.utf8.txt"


def _neighbour(speeches: Sequence[Speech], i: int) -> dict[str, str] | None:
    if not 0 <= i < len(speeches):
        return None
    s = speeches[i]
    return {"title": s.title, "url": s.url, "date": s.meta.date or ""}


def write_passages(
    ps: PassageSettings,
    cache_dir: Path | None,
    spool: Spool,
    blocks: PackedBlocks,
    heads: Sequence[passage_pages.Head],
    detected: Callable[[], object],
) -> tuple[passages_index.Detection, dict[str, Path]]:
    """Shared passages (``index/passages.py``), their pages and data files, in a process of their own.

    Each speech's signature is kept in the cache (one entry, by the speeches' bytes: a rebuild signs
    only changed speeches), and so is what detection learnt (sentences' MinHash, pairs compared);
    each passage's page is kept on its own, by what it shows, so a change remakes only the pages of
    the passages it touches; the listing and the data files are kept by all passages together."""
    cache = Cache(cache_dir)
    sigs = incremental.passage_signatures(cache, [h.sha256 for h in heads], blocks.blocks, ps)
    texts = passage_pages.paragraph_texts(blocks)
    facts = [passages_index.Facts(h.id, h.date, h.level, h.place) for h in heads]
    detection = incremental.detect_passages(cache, sigs, texts, facts, ps)
    detected()  # the peak of memory is over: the pages below take little
    text = lambda s, para, a, b: texts(s)[para][a:b]  # noqa: E731

    shown = passage_pages.head_digests(heads)

    def write(out: Spool) -> dict[str, Path]:
        made: dict[str, Path] = {}
        for p in detection.passages:
            if passage_pages.page_url(p) is None:
                continue
            path = f"passages/{p.slug}.md"
            page = lambda sink, p=p, path=path: {path: sink.write(path, passage_pages.render_passage(p, heads, text))}  # noqa: E731
            key = incremental.passage_outputs_key(ps, passage_pages.passage_digest(p, shown))
            made.update(kept(cache_dir, f"passage-page/{p.slug}", key, page, out))
        made.update(out.write_all(passage_pages.render_listing(detection, heads, text, ps.min_chars).items()))
        json_file, csv_file = (out.path(f"data/passages.{ext}", publish=True) for ext in ("json", "csv"))
        with json_file.open("w", encoding="utf-8", newline="") as j:
            data_mod.write_table(passage_pages.passage_rows(detection, heads, text), j, None)
        with csv_file.open("w", encoding="utf-8", newline="") as c:
            passage_pages.write_members_csv(detection, heads, c)
        return {**made, "data/passages.json": json_file, "data/passages.csv": csv_file}

    key = incremental.passage_outputs_key(ps, passage_pages.digest(detection, heads))
    return detection, kept(cache_dir, "passage-pages", key, write, spool)
