"""The whole build, MkDocs-free: ``read/`` → ``analyse/`` → ``index/`` → ``render/``, run by ``engine/``.

``read`` lists the corpus and ``analyse`` makes each speech on its own (cached, in parallel);
``index`` builds the views that need every speech (slogan discovery, occurrences, keywords,
related speeches, listings, search); ``render`` turns that immutable snapshot into Markdown
pages and data files. ``mkdocs_adapter/`` hands the result to MkDocs; nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Union

from build_scripts.analyse import annotate as annotate_mod
from build_scripts.analyse.annotate import Annotation
from build_scripts.analyse.speech import analyse_speech
from build_scripts.config.archive import DEFAULTS, Config, config_files
from build_scripts.config.glossary import Glossary
from build_scripts.engine import cache as cache_mod
from build_scripts.engine import incremental
from build_scripts.engine.packed import PackedBlocks, pack
from build_scripts.engine.pool import beside
from build_scripts.engine.spool import Spool, kept
from build_scripts.errors import ArchiveError, Problem
from build_scripts.index import browse as browse_index
from build_scripts.index import keywords as kw
from build_scripts.index.search import SearchDoc, iter_search_files
from build_scripts.index import slogans as slogan_index
from build_scripts.index.slogans import SloganStats, TierRule, Tiers, build_slogan_index
from build_scripts.model import Speech
from build_scripts.read.corpus import list_corpus
from build_scripts.render import browse as browse_pages
from build_scripts.render import data as data_mod
from build_scripts.render import slogans as slogan_pages
from build_scripts.render.speech import (
    SpeechHtml,
    front_matter,
    render_speech,
    speech_html,
)
from build_scripts.render.text import escape, page_meta


@dataclass(frozen=True)
class Settings:
    """Where to read from, how strict to be, where to cache, how many processes to use."""

    corpus: Path
    defaults: Path = DEFAULTS
    keep_going: bool = False
    cache_dir: Path | None = cache_mod.DEFAULT_DIR
    workers: int = 0  # 0: one per core
    site_dir: Path | None = None  # where MkDocs writes the site: static files are written there directly
    tiers: TierRule = TierRule()  # when a discovered slogan gets a page (mkdocs.yml: extra.archive)


@dataclass(frozen=True)
class Pages(Mapping[str, str]):
    """Every Markdown page by its path under docs; a speech's page is rendered when asked for.

    A large build renders its speech pages in worker processes (``mkdocs_adapter/hook.py``):
    rendering them all here first would cost a serial pass and the memory of
    every page at once. ``html`` and ``meta`` give a speech page as MkDocs would
    make it of the Markdown, without the round trip through YAML and Markdown.
    """

    speeches: dict[str, Speech]  # "speeches/<id>.md" → speech
    links: dict[str, tuple[str, str | None]]  # slogan term → (page, gloss)
    other: dict[str, Path]  # slogan, listing and report pages, rendered into the build's spool
    spool: Spool  # kept alive with the pages: its folder goes when the last reference does

    def __getitem__(self, uri: str) -> str:
        speech = self.speeches.get(uri)
        return self.other[uri].read_text("utf-8") if speech is None else render_speech(speech, self.links)

    def __iter__(self) -> Iterator[str]:
        yield from self.speeches
        yield from self.other

    def __len__(self) -> int:
        return len(self.speeches) + len(self.other)

    def html(self, uri: str) -> SpeechHtml:
        return speech_html(self.speeches[uri], self.links)

    def meta(self, uri: str) -> dict[str, object]:
        return page_meta(front_matter(self.speeches[uri]))


@dataclass(frozen=True)
class Site:
    """What the build hands to MkDocs: Markdown pages and static files, by site path."""

    pages: Pages
    files: dict[str, Path]  # site path → its file: the corpus's own, or one the build wrote (``Spool``)
    speeches: tuple[Speech, ...]
    home: str = ""  # generated figures for the hand-written home page (docs_src/index.md)
    # Per-page template data that is navigation, not archive fact (related, prev/next, links):
    # handed to the templates in memory, so front matter stays small and fast to parse.
    page_extras: dict[str, dict[str, object]] = field(default_factory=dict)
    refused: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    # The search index, when ``build_site(..., wait_for_search=False)`` left it building in its own
    # process: ``finish_search`` waits for it and adds its files to ``files``.
    search: Callable[[], dict[str, Path]] | None = None

    def finish_search(self) -> dict[str, Path]:
        """Wait for the search index still building (if any); its files, now also in ``files``."""
        if self.search is None:
            return {}
        made = self.search()
        object.__setattr__(self, "search", None)
        self.files.update(made)
        return made


def load_config(settings: Settings) -> Config:
    """Shipped defaults, each overridden by the corpus's own file when there is one (kept in the cache)."""
    return incremental.load_config(_cache(settings), config_files(settings.corpus, settings.defaults))


def _cache(settings: Settings) -> cache_mod.Cache:
    return cache_mod.Cache(settings.cache_dir)


Outcome = Union[Speech, tuple[Problem, ...]]


def analyse_corpus(
    settings: Settings, config: Config, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Speech], list[Problem], list[str]]:
    """Analyse every speech (kept in the cache, the rest on every core); problems are collected so
    all are reported at once."""
    paths, sidecars, problems, warnings = list_corpus(settings.corpus)
    jobs = [(path, sidecars.get(path.stem)) for path in paths]

    def analyse(i: int) -> Outcome:
        """A ``Speech``, or the file's problems (exceptions do not pickle well)."""
        try:
            return analyse_speech(*jobs[i], config)
        except ArchiveError as exc:
            return exc.problems

    keys = [incremental.analysis_key(path, car, config) for path, car in jobs]
    outcomes = incremental.per_item(
        _cache(settings), "analysis", keys, analyse, settings.workers, chunk=16, progress=progress,
        keep=lambda outcome: isinstance(outcome, Speech),
    )  # fmt: skip
    speeches: list[Speech] = []
    for result in outcomes:
        if isinstance(result, Speech):
            speeches.append(result)
        else:
            problems.extend(result)
    return speeches, problems, warnings


def annotate_corpus(
    settings: Settings, speeches: Sequence[Speech], blocks: PackedBlocks, glossary: Glossary, lexicon: kw.Lexicon
) -> list[tuple[Annotation, tuple[tuple[str, str], ...]]]:
    """Each speech's ``Annotation`` and its concordance digests (``incremental.concordance_digests``):
    kept in the cache by its text and the glossary, the rest made on every core.

    ``blocks``: the speeches' blocks, packed (what the workers read); ``lexicon``: the term counter's.
    """
    def annotate(i: int) -> tuple[Annotation, tuple[tuple[str, str], ...]]:
        own = blocks.blocks(i)
        note = annotate_mod.annotate(own, glossary, lexicon)
        return note, incremental.concordance_digests(own, note.occurrences)

    def prepare() -> object:  # the compiled matcher and the term ids, which every worker reads
        return glossary.matcher, lexicon.ids

    keys = incremental.annotation_keys(speeches, glossary, lexicon.extra)
    return incremental.per_item(_cache(settings), "annotation", keys, annotate, settings.workers, prepare=prepare)


def with_annotations(
    speeches: Sequence[Speech], annotations: Sequence[Annotation], keywords: Sequence[tuple[str, ...]]
) -> list[Speech]:
    """Speeches with their slogan occurrences and TF-IDF keywords (the words they rest on as evidence)."""
    out = []
    for s, note, words in zip(speeches, annotations, keywords):
        evidence = kw.keyword_evidence(s.doc, words)
        extra = (("keywords", evidence),) if evidence else ()
        meta = replace(s.meta, keywords=words, evidence=s.meta.evidence + extra)
        out.append(replace(s, occurrences=note.occurrences, meta=meta))
    return out


@dataclass
class _Clock:
    timings: dict[str, float] = field(default_factory=dict)

    def stage(self, name: str) -> _Stage:
        return _Stage(self, name)


@dataclass
class _Stage:
    clock: _Clock
    name: str
    start: float = 0.0

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.clock.timings[self.name] = self.clock.timings.get(self.name, 0.0) + time.perf_counter() - self.start


def build_site(
    settings: Settings, progress: Callable[[int, int], None] | None = None, wait_for_search: bool = True
) -> Site:
    """Run analyse → index → render; raise ``ArchiveError`` on bad input unless ``keep_going``.

    The search index is built in a process of its own beside the other stages. ``wait_for_search=False``
    returns without waiting for it (``Site.finish_search`` does): the MkDocs hook lets it build beside
    MkDocs' own work, so a rebuild's pages are not held up by an index of the whole archive.

    Python's cycle collector is paused meanwhile: the pipeline makes no reference cycles, and
    rescanning every speech's objects as they accumulate cost 15% of it at 1,000 speeches.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        site = _build_site(settings, progress)
        if wait_for_search:
            with _Clock(site.timings).stage("search"):
                site.finish_search()
        return site
    finally:
        if enabled:
            gc.enable()


def _build_site(settings: Settings, progress: Callable[[int, int], None] | None) -> Site:
    clock = _Clock()
    with clock.stage("config"):
        config = load_config(settings)
    with clock.stage("analyse"):
        speeches, problems, warnings = analyse_corpus(settings, config, progress)
    if problems and not settings.keep_going:
        raise ArchiveError(problems)
    if not speeches:
        raise ArchiveError.one(
            str(settings.corpus), "holds no speech that could be read", "Put speech files (.txt) in the folder"
        )
    speeches.sort(key=data_mod.sort_key)
    with clock.stage("slogans"):
        # a speech's text is made from its file's bytes alone: their digest is its key
        texts, keys = [s.doc.body for s in speeches], [s.source.sha256 for s in speeches]
        glossary = incremental.discover(_cache(settings), texts, keys, config.glossary)
        del texts
    spool = Spool(settings.cache_dir / "spool" if settings.cache_dir else None, settings.site_dir)
    with clock.stage("search"):  # started here, taken by ``Site.finish_search``
        # What the processes forked next read: the blocks packed, not the speeches (``packed.py``).
        blocks = pack([s.doc for s in speeches])
        # The search index needs only the texts and the slogan names: it is built beside the stages below.
        search_files = beside(
            _spool_search, spool, SearchDocs(speeches, blocks), slogan_list(glossary), inline=settings.workers == 1
        )
    with clock.stage("annotate"):
        lexicon = incremental.keyword_lexicon(_cache(settings), kw.keyword_extra(e.term for e in glossary.entries))
        annotated = annotate_corpus(settings, speeches, blocks, glossary, lexicon)
    del blocks
    with clock.stage("keywords"):
        keywords = kw.rank_keywords([note.counts for note, _ in annotated], lexicon.terms)
        del lexicon  # jieba's dictionary: 70 MB the rest of the build does not need
        digests = {s.id: d for s, (_, d) in zip(speeches, annotated)}
        speeches = with_annotations(speeches, [note for note, _ in annotated], keywords)
        del annotated  # their term counts are spent
        slogans_key = incremental.slogan_outputs_key(speeches, digests, glossary)
    with clock.stage("indexes"):
        # the slogan index sees every occurrence; the rest of the site, those of slogans with a page
        slogans_key, tiers = incremental.slogan_tiers(_cache(settings), slogans_key, speeches, glossary, settings.tiers)
        everything, speeches = speeches, slogan_index.paged_only(speeches, tiers)
        browse = browse_index.build_browse_index(speeches)
        related = incremental.related(_cache(settings), speeches)
    with clock.stage("render"):
        pages, files, extras = render_all(
            speeches, glossary, (slogans_key, digests), browse, related, problems, settings, spool, everything, tiers
        )
        home = browse_pages.render_home_figures(
            speeches, {term: url for term, (url, _) in slogan_links(glossary, tiers).items()}, index=browse
        )
        del everything
    return Site(
        pages=pages,
        files=files,
        home=home,
        page_extras=extras,
        speeches=tuple(speeches),
        refused=tuple(problems),
        warnings=tuple(warnings),
        timings=clock.timings,
        search=search_files,
    )


def _spool_search(
    spool: Spool, docs: Sequence[SearchDoc], slogans: list[tuple[str, tuple[str, ...], str]]
) -> dict[str, Path]:
    """The search index, written file by file."""
    return spool.write_all(iter_search_files(docs, slogans), publish=True)


def slogan_links(glossary: Glossary, tiers: Tiers | None = None) -> dict[str, tuple[str, str | None]]:
    """``(page, gloss)`` of every slogan with a page of its own (``tiers``: without, every entry)."""
    return {e.term: (f"slogans/{e.slug}/", e.gloss) for e in glossary.entries if tiers is None or tiers.paged(e.term)}


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

    def __getitem__(self, i):  # type: ignore[no-untyped-def, override]  # an index, not a slice
        i = range(len(self))[i]  # an IndexError past the end, as a sequence must
        sid, url, title, date, level, inferred = self.heads[i]
        blocks = (() if inferred else (("title", title),)) + self.blocks.blocks(i)
        return SearchDoc(id=sid, url=url, title=title, date=date, level=level, blocks=blocks)


def write_slogans(
    speeches: Sequence[Speech],
    glossary: Glossary,
    tiers: Tiers,
    digests: incremental.Digests,
    cache: Path | None,
    spool: Spool,
) -> dict[str, Path]:
    """The slogan index's pages (listing, one page per slogan with a page, the candidates' pages and
    an address for each candidate) and data files, written into ``spool``; each slogan's page is
    kept on its own (``kept``), so a change remakes only the pages it shows on.
    One page at a time, while the search index takes the other core; forked workers would each
    copy most of this process (the hits they read are spread through it)."""
    index = build_slogan_index(speeches, glossary, tiers)
    by_term: dict[str, dict[str, str]] = {}
    for speech_id, pairs in digests.items():
        for term, digest in pairs:
            by_term.setdefault(term, {})[speech_id] = digest
    facts = {s.id: incremental.shown_on_slogan_pages(s) for s in speeches}
    out = {"slogans/index.md": spool.write("slogans/index.md", slogan_pages.render_listing(index))}
    out.update(spool.write_all(slogan_pages.render_candidates(index).items()))
    for term, place in slogan_pages.candidate_pages(tiers, {e.term: e.slug for e in glossary.entries}).items():
        stub = f"slogans/{glossary.get(term).slug}/index.html"  # type: ignore[union-attr]
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
    settings: Settings,
    spool: Spool,
    everything: Sequence[Speech] | None = None,
    tiers: Tiers | None = None,
) -> tuple[Pages, dict[str, Path], dict[str, dict[str, object]]]:
    """Every page and file but the speech pages (rendered on demand), written into ``spool``.

    ``speeches`` hold the occurrences of slogans with a page; ``everything``, the same speeches with
    every occurrence, candidates' included (the slogan index and the candidates a page lists).

    The slogan pages (all together, and each slogan's page on its own) and the listings are kept
    in the cache (``spool.kept``) while what they are made from is unchanged: a rebuild after a
    change that moves no slogan and no listing entry writes neither, and a change to one slogan's
    use remakes the pages it shows on.
    """
    everything = speeches if everything is None else everything
    tiers = slogan_index.slogan_tiers(everything, glossary, settings.tiers) if tiers is None else tiers
    links = slogan_links(glossary, tiers)
    pages: dict[str, Path] = {}
    files: dict[str, Path] = {}
    extras: dict[str, dict[str, object]] = {}
    corpus = settings.corpus
    for i, (s, whole) in enumerate(zip(speeches, everything)):
        candidates = [{"term": t, "count": n} for t, n in slogan_index.candidate_counts(whole, tiers)]
        extras[f"speeches/{s.id}.md"] = {
            "candidates": candidates,
            "prev": _neighbour(speeches, i - 1),
            "next": _neighbour(speeches, i + 1),
            "downloads": {"original": f"sources/{s.source.name}", "utf8": _utf8_copy(s)},
            "related": browse_pages.related_front_matter(related.get(s.id, ())),
            "browse": browse_index.browse_links(browse, s),
            "slogan_urls": {t: links[t][0] for t in dict.fromkeys(o.term for o in s.occurrences) if t in links},
        }
        files[f"sources/{s.source.name}"] = corpus / s.source.name  # copied from the corpus as it is
        if not s.source.verbatim:  # a file that is its text in UTF-8 is its own UTF-8 copy: not twice
            files[_utf8_copy(s)] = spool.write(_utf8_copy(s), s.source.text, publish=True)
    cache = settings.cache_dir
    key, digests = slogans
    made = kept(
        cache, "slogan-pages", key, lambda out: write_slogans(everything, glossary, tiers, digests, cache, out), spool
    )
    listings_key = incremental.listings_key(browse)
    made.update(
        kept(
            cache,
            "listings",
            listings_key,
            lambda out: out.write_all(browse_pages.render_browse_pages(speeches, index=browse).items()),
            spool,
        )
    )
    for site_path, path in made.items():
        (pages if site_path.endswith(".md") else files)[site_path] = path
    pages["report.md"] = spool.write("report.md", render_report(problems, len(speeches)))
    files.update(write_data(spool, "speeches", data_mod.speeches_json(speeches)))
    files["data/jieba_userdict.txt"] = spool.write(
        "data/jieba_userdict.txt", data_mod.jieba_user_dict(glossary), publish=True
    )
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


def render_report(problems: Sequence[Problem], built: int) -> str:
    """The build report page: what was built and every file that was refused."""
    lines = ["---\ntitle: 构建报告\nsearch:\n  exclude: true\n---\n", "# 构建报告\n", f"已收录讲话 {built} 篇。\n"]
    if problems:
        lines.append(f"以下 {len(problems)} 个问题导致相应文件未被收录：\n")
        lines.append("<ul class=\"archive-refused\">")
        lines.extend(f"<li><code>{escape(p.file)}</code>：{escape(str(p))}</li>" for p in problems)
        lines.append("</ul>\n")
    else:
        lines.append("没有文件被拒绝。\n")
    return "\n".join(lines)
