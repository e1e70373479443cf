"""Incremental rebuilds: what is kept from one build to the next, under which key.

The algorithms (``analyse/``, ``index/``, ``render/``) are pure functions of the whole archive;
this module alone knows that a rebuild can reuse parts of the last build's work. Every kept
value is in the cache (``engine/cache.py``) under a key of exactly what it is made from, code
included, so a stale value can never be read:

- each speech's analysis, by its file's name and bytes, its sidecar and the configuration;
- the loaded configuration, by its files' bytes;
- each speech's annotation (slogan occurrences, term counts), by its bytes and the glossary;
- the term counter's lexicon, by the words it keeps whole;
- what each speech offers slogan discovery, by its bytes (one memo for the glossary);
- related speeches, with what they were found from, so that a change redoes only the speeches
  it reaches;
- the slogan pages and listings (``engine/spool.py: kept``), under keys made here: of each
  speech, what the pages show of it, down to a digest of its concordance lines per slogan;
- each speech's shared-passage signature, by its bytes, and what passage detection learnt
  (each sentence's MinHash, each compared pair's verdict); the passage pages, each by what it shows.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from build_scripts.analyse import terms
from build_scripts.analyse.occurrences import concordance_line
from build_scripts.config import archive
from build_scripts.config.archive import Config, ConfigFiles
from build_scripts.config.glossary import Glossary
from build_scripts.engine.cache import Cache, build_version, key
from build_scripts.engine.pool import on_cores, workers_for
from build_scripts.index import browse as browse_index
from build_scripts.index import discovery, passages
from build_scripts.index.slogans import SloganIndex, SloganStats, TierRule, Tiers, speech_place
from build_scripts.index.slogans import slogan_tiers as index_tiers
from build_scripts.model import Occurrence, Speech

T = TypeVar("T")

# ------------------------------------------------------------------------------ one value per item


def per_item(
    cache: Cache,
    kind: str,
    keys: Sequence[str],
    make: Callable[[int], T],
    workers: int,
    *,
    chunk: int = 0,
    keep: Callable[[T], bool] = lambda value: True,
    prepare: Callable[[], object] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """``[make(i) for i in range(len(keys))]``: each read back from the cache under ``keys[i]``, the
    rest made on every core and kept (by the worker that made it) when ``keep`` says so.

    ``prepare()`` runs once, here, before any value is made, and only if one is: what it builds
    (a compiled matcher, an index) the forked workers inherit instead of each building it again.
    ``progress(done, total)`` follows each value.
    """
    found: list[T | None] = [cache.get(kind, k) for k in keys]
    todo = [i for i, value in enumerate(found) if value is None]
    cached = len(keys) - len(todo)
    if todo and prepare is not None:
        prepare()

    def job(j: int) -> T:
        value = make(todo[j])
        if keep(value):
            cache.put(kind, keys[todo[j]], value)
        return value

    report = (lambda done: progress(cached + done, len(keys))) if progress else None
    for i, value in zip(todo, on_cores(workers, job, len(todo), chunk=chunk, progress=report)):
        found[i] = value
    return found  # type: ignore[return-value]  # every item is made by now


def analysis_key(path: Path, sidecar: Path | None, config: Config) -> str:
    """A speech's analysis is made from its file's name and bytes, its sidecar's and the configuration."""
    try:
        data = path.read_bytes()
        car = sidecar.read_bytes() if sidecar else b""
    except OSError:
        return key("unreadable", path.name, os.urandom(8))  # never kept: the analysis reports it
    return key(path.name, data, car, config.fingerprint)


def annotation_keys(speeches: Sequence[Speech], glossary: Glossary, extra: tuple[str, ...]) -> list[str]:
    """A speech's annotation is made from its text (its file's bytes), the glossary's forms and the
    words the term counter keeps whole (``extra``)."""
    terms = key(repr([(e.term, e.forms, e.discovered) for e in glossary.entries]), *extra)
    return [key(terms, s.source.sha256) for s in speeches]


# ------------------------------------------------------------------------------ configuration


def load_config(cache: Cache, files: ConfigFiles) -> Config:
    """The configuration, kept once per content of its files. Its ``fingerprint`` hashes the files
    an analysis reads. A file that cannot be read, or is invalid, is never kept: the loaders
    report it as ever."""
    try:
        data = {p: p.read_bytes() for p in files.used}
    except OSError:
        return archive.load_config(files)  # the loader says which file and why
    fingerprint = key(*(data[p] for p in files.analysed))
    k = key(*(f"{p}\n".encode() + b for p, b in data.items()))
    return cache.get_or_make("config", k, lambda: archive.load_config(files, fingerprint))


def keyword_lexicon(cache: Cache, extra: tuple[str, ...]) -> terms.Lexicon:
    """The term counter's lexicon, kept: a rebuild would otherwise read jieba's dictionary (0.5 s)
    to count one changed speech, or only to know what the kept counts' ids refer to."""
    return cache.get_or_make("lexicon", key("lexicon", *extra), lambda: terms.lexicon(extra))


# ------------------------------------------------------------------------------ slogan discovery


@dataclass(frozen=True)
class Candidates:
    """What one text offers discovery: its quoted terms, and its numbered formulations found
    against the archive's quoted terms whose digest is ``against``."""

    quoted: frozenset[str]
    numbered: frozenset[str]
    against: str


def discover(cache: Cache, texts: Sequence[str], keys: Sequence[str], glossary: Glossary, workers: int = 1) -> Glossary:
    """``discovery.discover_terms(texts, glossary)``, rereading only the texts that changed, on
    ``workers`` processes (``engine/pool.py: workers_for``: one for a rebuild's few texts).

    ``keys``: one per text, changing whenever the text does. Each text's ``Candidates`` are kept
    (one entry for this glossary, holding what this archive holds, no more). The numbered
    formulations of a text depend on every text's quoted terms: when those changed, every text
    is read again for them.
    """
    k = key("discovery", repr(glossary.entries))
    memo = cache.get("discovery", k)
    memo = memo if isinstance(memo, dict) else {}
    parts: list[Candidates | None] = [memo.get(x) for x in keys]
    todo = [i for i, part in enumerate(parts) if part is None]
    quote = discovery.quoted_finder(glossary)
    fresh = iter(on_cores(workers, lambda j: quote(texts[todo[j]]), len(todo)))
    quoted_by_text = [part.quoted if part is not None else next(fresh) for part in parts]
    quoted = frozenset().union(*quoted_by_text)
    against = hashlib.sha256("\n".join(sorted(quoted)).encode("utf-8")).hexdigest()
    redo = [i for i, part in enumerate(parts) if part is None or part.against != against]
    # established words are read from jieba's dictionary (35 ms), kept while the file is the same
    dictionary = key(str(terms.JIEBA_DICTIONARY.stat()))
    established = partial(cache.get_or_make, "established", dictionary, discovery.established_words)
    words = partial(cache.get_or_make, "words", dictionary, terms.lexicon)  # its vocabulary: word boundaries
    find = discovery.NumberedFinder(glossary, quoted, established, words)
    if workers_for(len(redo), workers) > 1:
        find.load()  # once, before the workers fork: they share it
    numbered = on_cores(workers, lambda j: find(texts[redo[j]]), len(redo))
    for i, found in zip(redo, numbered):
        parts[i] = Candidates(quoted_by_text[i], found, against)
    if len(memo) != len(set(keys)) or any(part is not memo.get(x) for x, part in zip(keys, parts)):
        cache.put("discovery", k, dict(zip(keys, parts)))
    return discovery.with_discoveries(glossary, quoted, (part.numbered for part in parts if part is not None))


# ------------------------------------------------------------------------------ related speeches

Related = dict[str, tuple[browse_index.Related, ...]]


def related(cache: Cache, speeches: Sequence[Speech]) -> Related:
    """``browse_index.related_speeches(speeches)``, kept with what it was found from: unchanged, it
    is read back; after a change, only the speeches the change can have moved are looked at again."""
    k = key("related", build_version())  # one entry: the last build's
    inputs = browse_index.related_inputs(speeches)
    before: tuple[browse_index.RelatedInputs, Related] | None = cache.get("related", k)
    if before is not None and before[0] == inputs:
        return before[1]
    redo = None if before is None else related_to_redo(inputs, before[0])
    found = browse_index.related_speeches(speeches, only=redo)
    if before is not None and redo is not None:
        kept = before[1]
        found = {sid: found[sid] if sid in redo else kept[sid] for sid in inputs}
    cache.put("related", k, (inputs, found))
    return found


def related_to_redo(now: browse_index.RelatedInputs, old: browse_index.RelatedInputs) -> set[str] | None:
    """The ids whose related speeches may differ from the ``old`` inputs' answer, or None for all.

    Only term weights (through document frequency) and term sets tie one speech's answer to
    others'. A term whose use changed has a new weight and new postings; a speech holding none of
    them visits the same terms in the same order, meets the same candidates and scores them on
    the same shared terms: its answer stands. Anything else that moved (a speech added, removed,
    re-dated, retitled) and every answer is made again.
    """
    if list(now) != list(old) or any(now[sid][:3] != old[sid][:3] for sid in now):
        return None
    redo: set[str] = set()
    moved: set[tuple[str, str]] = set()
    for sid, facts in now.items():
        if facts[3] != old[sid][3]:
            redo.add(sid)
            moved |= set(browse_index.term_names(facts[3])) ^ set(browse_index.term_names(old[sid][3]))  # type: ignore[arg-type]
    if redo:
        redo.update(sid for sid, facts in now.items() if not moved.isdisjoint(browse_index.term_names(facts[3])))  # type: ignore[arg-type]
    return redo


# ------------------------------------------------------------------------------ slogan pages and listings

Digests = Mapping[str, tuple[tuple[str, str], ...]]  # speech id → ``concordance_digests``


def concordance_digests(
    blocks: Sequence[tuple[str, str]], occurrences: Sequence[Occurrence]
) -> tuple[tuple[str, str], ...]:
    """By term, in order of first use: a digest of what the term's concordance shows of a speech
    (``blocks``: its ``(anchor, text)``). Text changed away from every slogan leaves them as they were."""
    by_term: dict[str, list[Occurrence]] = {}
    for o in occurrences:
        by_term.setdefault(o.term, []).append(o)
    texts = dict(blocks)
    return tuple((term, occurrence_digest(found, texts)) for term, found in by_term.items())


def occurrence_digest(occurrences: Sequence[Occurrence], texts: dict[str, str]) -> str:
    """A digest of occurrences as the slogan pages show them: term, spelling, paragraph and
    concordance line, in reading order (``texts``: block text by anchor). Offsets are not shown:
    a word changed earlier in the paragraph, out of the line's sight, leaves the digest as it was."""
    # one repr per occurrence (unambiguous: a repr has no raw line break), hashed once
    lines = "\n".join(repr((o.term, o.anchor, concordance_line(texts[o.anchor], o.start, o.end))) for o in occurrences)
    return hashlib.blake2b(lines.encode("utf-8"), digest_size=12).hexdigest()  # the line holds ``o.matched``


def shown_on_slogan_pages(s: Speech) -> str:
    """What a slogan page says of a speech besides its concordance lines: address, title, date, level."""
    return repr((s.url, s.title, s.meta.date, s.meta.level))


def slogan_outputs_key(speeches: Sequence[Speech], digests: Digests, glossary: Glossary) -> str:
    """What the slogan pages and data are made from: the glossary, and of every speech what its
    concordance lines show (``digests``) and what the pages say of it."""
    return key(
        build_version(),
        repr(glossary.entries),
        *(f"{s.id}\t{shown_on_slogan_pages(s)}\t{digests[s.id]!r}" for s in speeches),
    )


def slogan_page_key(
    stats: SloganStats, index: SloganIndex, digests: Mapping[str, str], facts: Mapping[str, str]
) -> str:
    """What one slogan's page is made from: its entry, the entries it links to, and of every speech
    using it what the page says of the speech (``facts``: address, title, date, level) and what its
    concordance shows of it (``digests``, by speech id); counts, years and spellings follow from these."""
    others = [(term, n, repr(other.entry) if (other := index.get(term)) else None) for term, n in stats.together]
    parts = [(h.speech_id, h.parts) for h in stats.hits] if stats.entry.components else []  # a sentence's reach
    return key(
        build_version(),
        repr(stats.entry),
        repr((stats.tier, stats.why, stats.use, parts)),
        repr(others),
        *(f"{u.speech_id}\t{facts[u.speech_id]}\t{digests.get(u.speech_id, '')}" for u in stats.uses),
    )


def slogan_tiers(
    cache: Cache, outputs_key: str, speeches: Sequence[Speech], glossary: Glossary, rule: TierRule
) -> tuple[str, Tiers]:
    """``index.slogans.slogan_tiers``, kept under a key of what it is made from (returned too: the
    slogan pages are made from the same): the slogan outputs' key, the rule, and each speech's place.
    jieba's common words are read (and kept) only when a discovered term is spread and marked enough."""
    k = key("tiers", outputs_key, repr(rule), *(str(speech_place(s)) for s in speeches))
    dictionary = key(str(terms.JIEBA_DICTIONARY.stat()))
    common = partial(cache.get_or_make, "common-words", dictionary, discovery.common_words)
    return k, cache.get_or_make("tiers", k, lambda: index_tiers(speeches, glossary, rule, common))


def listings_key(browse: browse_index.BrowseIndex) -> str:
    """The listing pages are made from the browse index alone."""
    return key(build_version(), repr(browse))


# ------------------------------------------------------------------------------ shared passages


def passage_signatures(
    cache: Cache,
    shas: Sequence[str],
    blocks: Callable[[int], Sequence[tuple[str, str]]],
    settings: passages.PassageSettings,
) -> list[passages.Signature]:
    """Each speech's ``passages.signature`` (``shas[i]``: the digest of speech i's bytes, from which
    its blocks are made). Kept in one entry holding what this archive holds, no more: a rebuild
    signs only the speeches that changed."""
    k = key("passage-signatures", build_version(), settings.signature_key())
    known = cache.get("passages", k)
    known = known if isinstance(known, dict) else {}
    sigs = [known.get(sha) or passages.signature(blocks(i), settings) for i, sha in enumerate(shas)]
    fresh = dict(zip(shas, sigs))
    if fresh.keys() != known.keys() or any(known[sha] is not sig for sha, sig in fresh.items()):
        cache.put("passages", k, fresh)
    return sigs


def detect_passages(
    cache: Cache,
    sigs: Sequence[passages.Signature],
    texts: passages.Texts,
    facts: Sequence[passages.Facts],
    settings: passages.PassageSettings,
) -> passages.Detection:
    """``passages.detect``, given the last build's ``Memo`` (each sentence type's MinHash, the
    candidate pairs and their verdicts, each passage as it was made): after a change only new
    sentences are hashed, only the LSH buckets they join or leave are grouped again, only new pairs
    compared and only the passages whose runs changed made again."""
    k = key("passage-memo", build_version())
    before = cache.get("passages", k)
    detection, memo = passages.detect(
        sigs, texts, facts, settings, before if isinstance(before, passages.Memo) else None
    )
    if memo is not before:
        cache.put("passages", k, memo)
    return detection


def passage_outputs_key(settings: passages.PassageSettings, digest: str) -> str:
    """The passage pages, listing and data are made from the settings and every passage's digest
    (``render.passages.digest``); one passage's page from its own (``passage_digest``)."""
    return key(build_version(), repr(settings), digest)
