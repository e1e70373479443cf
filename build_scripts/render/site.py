"""Every page and file of the site but the speech pages' HTML, written into the build's spool.

``render_all`` writes the slogan pages and data, the listings, the build report and the data
files, and gives each speech page its navigation (neighbours, related speeches, listings);
``Pages`` renders a speech page when MkDocs asks for it. The slogan pages and the listings are
kept from one build to the next while what they show is unchanged (``engine/incremental.py``
makes their keys, ``engine/spool.py: kept`` keeps them).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from build_scripts.config.glossary import Glossary
from build_scripts.engine import incremental
from build_scripts.engine.spool import Spool, kept
from build_scripts.errors import Problem
from build_scripts.index import browse as browse_index
from build_scripts.index import slogans as slogan_index
from build_scripts.index.slogans import SloganStats, Tiers, build_slogan_index
from build_scripts.model import Speech
from build_scripts.render import browse as browse_pages
from build_scripts.render import data as data_mod
from build_scripts.render import slogans as slogan_pages
from build_scripts.render.speech import SpeechHtml, render_speech, speech_html, speech_meta
from build_scripts.render.text import escape, front_matter, page_meta


@dataclass(frozen=True)
class Pages(Mapping[str, str]):
    """Every Markdown page by its path under docs; a speech's page is rendered when asked for.

    A large build renders its speech pages in worker processes (``mkdocs_adapter/pages.py``):
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
        return page_meta(speech_meta(self.speeches[uri]))


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
) -> tuple[Pages, dict[str, Path], dict[str, dict[str, object]]]:
    """Every page and file but the speech pages (rendered on demand), written into ``spool``.

    ``speeches`` hold the occurrences of slogans with a page; ``everything``, the same speeches with
    every occurrence, candidates' included (the slogan index and the candidates a page lists).
    Without ``tiers`` every slogan has a page.

    The slogan pages (all together, and each slogan's page on its own) and the listings are kept
    in the cache (``spool.kept``) while what they are made from is unchanged: a rebuild after a
    change that moves no slogan and no listing entry writes neither, and a change to one slogan's
    use remakes the pages it shows on.
    """
    everything = speeches if everything is None else everything
    links = slogan_links(glossary, tiers)
    pages: dict[str, Path] = {}
    files: dict[str, Path] = {}
    extras: dict[str, dict[str, object]] = {}
    for i, (s, whole) in enumerate(zip(speeches, everything)):
        waiting = slogan_index.candidate_counts(whole, tiers) if tiers else []
        extras[f"speeches/{s.id}.md"] = {
            "candidates": [{"term": t, "count": n} for t, n in waiting],
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
    head = front_matter({"title": "构建报告", "search": {"exclude": True}})
    lines = [head, "# 构建报告\n", f"已收录讲话 {built} 篇。\n"]
    if problems:
        lines.append(f"以下 {len(problems)} 个问题导致相应文件未被收录：\n")
        lines.append('<ul class="archive-refused">')
        lines.extend(f"<li><code>{escape(p.file)}</code>：{escape(str(p))}</li>" for p in problems)
        lines.append("</ul>\n")
    else:
        lines.append("没有文件被拒绝。\n")
    return "\n".join(lines)
