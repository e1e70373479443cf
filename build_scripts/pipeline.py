"""The whole build, MkDocs-free: ``read/`` → ``analyse/`` → ``index/`` → ``render/``, run by ``engine/``.

``read`` lists the corpus and ``analyse`` makes each speech on its own (cached, in parallel);
``index`` builds the views that need every speech (slogan discovery, occurrences, keywords,
related speeches, listings, search); ``render`` turns that immutable snapshot into Markdown
pages and data files. ``mkdocs_adapter/`` hands the result to MkDocs; nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from build_scripts.analyse import annotate as annotate_mod
from build_scripts.analyse import terms
from build_scripts.analyse.annotate import Annotation
from build_scripts.analyse.speech import analyse_speech
from build_scripts.config.archive import DEFAULTS, Config, config_files
from build_scripts.config.glossary import Glossary
from build_scripts.engine import cache as cache_mod
from build_scripts.engine import incremental
from build_scripts.engine.packed import PackedBlocks, Pickled, pack
from build_scripts.engine.pool import beside, give_back
from build_scripts.engine.spool import Spool
from build_scripts.errors import ArchiveError, Problem, as_the_user_knows_them
from build_scripts.index import browse as browse_index
from build_scripts.index import keywords as kw
from build_scripts.index import passages as passages_index
from build_scripts.index import slogans as slogan_index
from build_scripts.index.search import SearchDoc, SearchDocs, iter_search_files, slogan_list
from build_scripts.index.slogans import TierRule
from build_scripts.model import Speech
from build_scripts.read.corpus import list_corpus
from build_scripts.render import browse as browse_pages
from build_scripts.render import data as data_mod
from build_scripts.render import passages as passage_pages
from build_scripts.render.outputs import check_unique_outputs
from build_scripts.render.site import Pages, render_all, slogan_links, write_passages


@dataclass(frozen=True)
class Settings:
    """Where to read from, how strict to be, where to cache, how many processes to use."""

    corpus: Path
    defaults: Path = DEFAULTS
    keep_going: bool = False
    cache_dir: Path | None = cache_mod.DEFAULT_DIR
    workers: int = 0  # 0: one per core
    site_dir: Path | None = None  # where MkDocs writes the site: static files are written there directly
    passages: passages_index.PassageSettings = passages_index.PassageSettings()  # extra.archive.passages
    tiers: TierRule = TierRule()  # when a discovered slogan gets a page (mkdocs.yml: extra.archive)


@dataclass(frozen=True)
class Site:
    """What the build hands to MkDocs: Markdown pages and static files, by site path."""

    pages: Pages
    files: dict[str, Path]  # site path → its file: the corpus's own, or one the build wrote (``Spool``)
    home: str = ""  # generated figures for the hand-written home page (docs_src/index.md)
    # Per-page template data that is navigation, not archive fact (related, prev/next, links):
    # handed to the templates in memory, so front matter stays small and fast to parse.
    page_extras: Mapping[str, dict[str, object]] = field(default_factory=dict)
    refused: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def speeches(self) -> list[Speech]:
        """Every speech, in date order: unpickled from ``pages.speeches`` (the build keeps them pickled
        once the pages are made: ``engine/packed.py: Pickled``). ``len(site.pages.speeches)`` counts them."""
        return list(self.pages.speeches.values())


def load_config(settings: Settings) -> Config:
    """Shipped defaults, each overridden by the corpus's own file when there is one (kept in the cache)."""
    return incremental.load_config(_cache(settings), config_files(settings.corpus, settings.defaults))


def _cache(settings: Settings) -> cache_mod.Cache:
    return cache_mod.Cache(settings.cache_dir)


Outcome = Speech | tuple[Problem, ...]


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
    settings: Settings, speeches: Sequence[Speech], blocks: PackedBlocks, glossary: Glossary, lexicon: terms.Lexicon
) -> list[tuple[Annotation, tuple[tuple[str, str], ...]]]:
    """Each speech's ``Annotation`` and its concordance digests (``incremental.concordance_digests``):
    kept in the cache by its text and the glossary, the rest made on every core the side work leaves.

    ``blocks``: the speeches' blocks, packed (what the workers read); ``lexicon``: the term counter's.
    """

    def annotate(i: int) -> tuple[Annotation, tuple[tuple[str, str], ...]]:
        own = blocks.blocks(i)
        note = annotate_mod.annotate(own, glossary, lexicon)
        return note, incremental.concordance_digests(own, note.occurrences)

    def prepare() -> object:  # the compiled matcher and the term ids, which every worker reads
        return glossary.matcher, lexicon.ids

    keys = incremental.annotation_keys(speeches, glossary, lexicon.extra)
    # One core is the side work's (search index, passages: ``_side_work``), which runs meanwhile: a
    # counter on each core as well ran three processes on two cores, and held one counter more.
    workers = settings.workers or max(1, (os.cpu_count() or 1) - 1)
    return incremental.per_item(_cache(settings), "annotation", keys, annotate, workers, prepare=prepare)


def with_annotations(
    speeches: Sequence[Speech], annotations: Sequence[Annotation], keywords: Sequence[tuple[str, ...]]
) -> list[Speech]:
    """Speeches with their slogan occurrences and TF-IDF keywords (the words they rest on as evidence)."""
    out = []
    for s, note, words in zip(speeches, annotations, keywords):
        if (given := s.meta.evidence_for("keywords")) is not None and given.source == "sidecar":
            out.append(replace(s, occurrences=note.occurrences))  # the curator's keywords win
            continue
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


def build_site(settings: Settings, progress: Callable[[int, int], None] | None = None) -> Site:
    """Run analyse → index → render; raise ``ArchiveError`` on bad input unless ``keep_going``.

    The shared passages and the search index are made in a process of their own, beside the term
    counter (``_side_work``).

    Python's cycle collector is paused meanwhile: the pipeline makes no reference cycles, and
    rescanning every speech's objects as they accumulate cost 15% of it at 1,000 speeches.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        try:  # a cache that cannot be written costs speed, never the build: one warning
            site, warning = cache_mod.without_cache_on_failure(
                lambda cache_dir: _build_site(replace(settings, cache_dir=cache_dir), progress), settings.cache_dir
            )
        except ArchiveError as exc:  # named as the user knows the files, not by this machine's paths
            raise ArchiveError(as_the_user_knows_them(exc.problems, settings.corpus)) from None
        if warning is not None:
            site = replace(site, warnings=(warning, *site.warnings))
        return site
    finally:
        if enabled:
            gc.enable()


def _no_speech(corpus: Path) -> Problem:
    """A corpus folder without a readable speech; its subfolders are named (they are not read)."""
    folders = (
        sorted(p.name for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")) if corpus.is_dir() else []
    )
    fix = "Put speech files (.txt) directly in the folder"
    if folders:
        shown = "、".join(f"{name}/" for name in folders[:5]) + ("……" if len(folders) > 5 else "")
        fix += f"; its subfolders ({shown}) are not read: move their speeches up into it"
    return Problem(str(corpus), "holds no speech that could be read", fix)


def _build_site(settings: Settings, progress: Callable[[int, int], None] | None) -> Site:
    clock = _Clock()
    with clock.stage("config"):
        config = load_config(settings)
    with clock.stage("analyse"):
        speeches, problems, warnings = analyse_corpus(settings, config, progress)
    problems = list(as_the_user_knows_them(problems, settings.corpus))  # also what the report page shows
    if problems and not settings.keep_going:
        raise ArchiveError(problems)
    if not speeches:  # with --keep-going, every file refused: each is listed
        raise ArchiveError([*problems, _no_speech(settings.corpus)])
    speeches.sort(key=data_mod.sort_key)
    with clock.stage("slogans"):
        # a speech's text is made from its file's bytes alone: their digest is its key
        texts, keys = [s.doc.body for s in speeches], [s.source.sha256 for s in speeches]
        glossary = incremental.discover(_cache(settings), texts, keys, config.glossary, settings.workers)
        del texts
    spool = Spool(settings.cache_dir / "spool" if settings.cache_dir else None, settings.site_dir)
    with clock.stage("search"):  # started here, beside the stages below; taken before rendering
        # What the process forked next reads: the blocks packed, not the speeches (``engine/packed.py``).
        blocks = pack([s.doc for s in speeches])
        heads = [passage_pages.head(s) for s in speeches]
        # The shared passages, then the search index: one after the other, in one process beside the
        # term counter and the rendering below (both at once, beside two counters, held 2.4 GB at
        # 10,000 speeches).
        detected = multiprocessing.Event()  # set by the side work once the passages' detection is over
        side = beside(
            _side_work,
            spool,
            SearchDocs(speeches, blocks),
            slogan_list(glossary),
            settings.passages,
            settings.cache_dir,
            blocks,
            heads,
            settings.workers == 1,
            detected.set,
            inline=settings.workers == 1,
            daemon=False,  # it starts the search index's process
        )

    def after_detection() -> None:
        """The slogan pages wait for the detection's peak of memory to pass (beside it, 2.2 GB at
        10,000 speeches: it is over long before, the passages coming first); not for a side work that
        runs inline, or that ended without setting it."""
        with clock.stage("detection_wait"):  # a part of "render", shown apart
            while side.running() and not detected.wait(0.5):
                pass
        give_back()  # what the stages before freed (93 MB at 10,000 speeches), under the search index's peak

    with side:  # a failure in the stages below stops the side work (``Beside.stop``): nothing left running
        with clock.stage("annotate"):
            lexicon = incremental.keyword_lexicon(
                _cache(settings), terms.keyword_extra(e.term for e in glossary.entries)
            )
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
            slogans_key, tiers = incremental.slogan_tiers(
                _cache(settings), slogans_key, speeches, glossary, settings.tiers
            )
            everything, speeches = speeches, slogan_index.paged_only(speeches, tiers)
            browse = browse_index.build_browse_index(speeches)
            related = incremental.related(_cache(settings), speeches)
        with clock.stage("render"):  # while the side work ends: it writes none of these files
            pages, files, extras = render_all(
                speeches,
                glossary,
                (slogans_key, digests),
                browse,
                related,
                problems,
                settings.corpus,
                settings.cache_dir,
                spool,
                everything,
                tiers,
                after_detection,
            )
            del everything
            home = browse_pages.render_home_figures(
                speeches, {term: url for term, (url, _) in slogan_links(glossary, tiers).items()}, index=browse
            )
        with clock.stage("passages"):  # waiting for the search index and the passages
            search_made, (detection, passage_files) = side()
    other = {**pages.other, **{p: f for p, f in passage_files.items() if p.endswith(".md")}}
    # Pickled once the side work has ended: beside the passages' detection, the buffer (330 MB at
    # 10,000 speeches) took the build over 2 GB
    shared = passage_pages.SharedMarks(detection, tuple(heads))
    pages = replace(pages, speeches=Pickled(pages.speeches.items()), other=other, shared=shared)
    files.update({p: f for p, f in passage_files.items() if not p.endswith(".md")})
    files.update(search_made)
    names = {f"speeches/{s.id}.md": s.source.name for s in speeches}
    check_unique_outputs((path, names.get(path, path)) for path in (*pages, *files))
    return Site(
        pages=pages,
        files=files,
        home=home,
        page_extras=extras,
        refused=tuple(problems),
        warnings=tuple(warnings),
        timings=clock.timings,
    )


def _side_work(
    spool: Spool,
    docs: Sequence[SearchDoc],
    slogans: list[tuple[str, tuple[str, ...], str]],
    passages: passages_index.PassageSettings,
    cache_dir: Path | None,
    blocks: PackedBlocks,
    heads: Sequence[passage_pages.Head],
    inline: bool,
    detected: Callable[[], object],
) -> tuple[dict[str, Path], tuple[passages_index.Detection, dict[str, Path]]]:
    """The shared passages (``render.site.write_passages``), then the search index, written file by file.

    Passages first: their detection, the peak of memory, is over while the main process counts
    terms, so its slogan pages need not wait for it (they waited 9 s at 10,000 speeches when the
    index came first), and the index is made beside the rendering. Each is made in a process of its
    own, which gives all its memory back when it ends: what the passages left in this one (200 MB at
    10,000 speeches) lay under the index's peak. ``detected`` is called once the detection is over
    (the main process then renders the slogan pages)."""
    shared = beside(write_passages, passages, cache_dir, spool, blocks, heads, detected, inline=inline)()
    return beside(_spool_search, spool, docs, slogans, inline=inline)(), shared


def _spool_search(
    spool: Spool, docs: Sequence[SearchDoc], slogans: list[tuple[str, tuple[str, ...], str]]
) -> dict[str, Path]:
    """The search index, written file by file."""
    return spool.write_all(iter_search_files(docs, slogans), publish=True)
