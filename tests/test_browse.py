"""Listings, related speeches, the home figures and the publishing workflow.

Speeches are built in the test from text through the real structure parser, with the
metadata a test needs; listings are checked by following their links, never by
comparing against hard-coded Markdown.
"""

from __future__ import annotations

import html
import math
import posixpath
import random
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from build_scripts.analyse.structure import parse_document
from build_scripts.index import browse as index_browse
from build_scripts.index.browse import (
    build_browse_index,
    build_facets,
    build_timeline,
    first_sentence,
    occasion_type,
    related_speeches,
    speech_terms,
)
from build_scripts.model import LEVELS, Metadata, Occurrence, Source, Speech
from build_scripts.render import browse as render_browse
from build_scripts.render.browse import (
    HOME_MARKER,
    insert_home_figures,
    page_dir,
    related_front_matter,
    render_browse_pages,
    render_home_figures,
)
from tools.bench.generate import zipf_archive

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests/cases/occasion_types.yml").read_text(encoding="utf-8"))


def make_speech(
    id: str,
    title: str = "在全县大会上的讲话",
    date: str | None = "2023-01-05",
    level: str | None = "县",
    speaker: str | None = "县委书记",
    occasion: str | None = "全县领导干部会议",
    themes: tuple[str, ...] = (),
    slogans: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
    body: str = "同志们：\n今天召开全县大会。主要任务是部署工作。",
) -> Speech:
    text = f"{title}\n{body}"
    occurrences = tuple(Occurrence(t, t, "p2", 0, len(t)) for t in slogans)
    return Speech(
        source=Source(id=id, name=f"{id}.txt", sha256="0" * 64, encoding="utf-8", text=text),
        doc=parse_document(text),
        title=title,
        title_inferred=False,
        meta=Metadata(level=level, speaker=speaker, occasion=occasion, date=date, themes=themes, keywords=keywords),
        occurrences=occurrences,
    )


class Links(HTMLParser):
    """Every href and every id of an HTML fragment (Markdown headings' {#id} added by the caller)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "a" and d.get("href"):
            self.hrefs.append(d["href"] or "")
        if d.get("id"):
            self.ids.add(d["id"] or "")


def parse(markdown: str) -> Links:
    parser = Links()
    parser.feed(markdown)
    parser.ids |= set(re.findall(r"\{#([\w-]+)\}", markdown))
    return parser


def resolve(src: str, href: str) -> tuple[str, str]:
    """Where a relative link of page ``src`` goes: (site-root-relative URL dir, fragment)."""
    assert not re.match(r"^[a-z]+:|^/", href), f"{src}: link {href!r} is not relative (breaks under a sub-path)"
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_dir(src), unquote(path)))
    return ("" if target == "." else target + "/"), fragment


def page_urls(pages: dict[str, str]) -> dict[str, str]:
    """URL (site-root-relative) → source path of every generated page."""
    return {page_dir(src): src for src in pages}


def listed_ids(markdown: str) -> list[str]:
    """Ids of the speeches a listing page links to (one per listing line)."""
    return re.findall(r'<a class="archive-item__title" href="(?:\.\./)+speeches/([^/"]+)/"', markdown)


# --- listing lines ----------------------------------------------------------------------------------


def test_first_sentence_skips_salutation_and_date_line() -> None:
    doc = parse_document("在县委全会上的讲话\n（2023年2月1日）\n各位代表、同志们：\n这次全会开得很好！大家辛苦了。")
    assert first_sentence(doc) == "这次全会开得很好！"


def test_first_sentence_of_a_speech_without_sentence_end_is_its_first_paragraph() -> None:
    assert first_sentence(parse_document("讲话\n同志们：\n一段没有句号的文字")) == "一段没有句号的文字"


def test_first_sentence_is_cut_with_an_ellipsis() -> None:
    long = "我们" * 100 + "。"
    got = first_sentence(parse_document(f"讲话\n{long}"), limit=20)
    assert len(got) == 20 and got.endswith("…") and long.startswith(got[:-1])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["occasion"])
def test_occasion_type(case: dict[str, str]) -> None:
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    assert occasion_type(case["occasion"]) == case["type"]


# --- timeline and facets ----------------------------------------------------------------------------


def mixed_archive() -> list[Speech]:
    return [
        make_speech("a", date="2023-03-02", level="县", speaker="县委书记", themes=("党的建设", "经济发展")),
        make_speech("b", date="2023-01-20", level="市", speaker="市委书记", occasion="市委全会", themes=("党的建设",)),
        make_speech("c", date="2023", level=None, speaker=None, occasion=None),
        make_speech("d", date="2021-12-31", level="乡镇", speaker="镇党委书记", occasion="县委全会"),
        make_speech("e", date=None, level="中央", speaker="县委书记", occasion="迎春茶话会", themes=("经济发展",)),
        make_speech("f", date="2023-03-01", level="县", speaker="县委书记"),
    ]


def test_timeline_groups_by_year_and_month_with_undated_apart() -> None:
    tl = build_timeline(mixed_archive())
    assert [y.year for y in tl.years] == ["2021", "2023"]
    y2023 = tl.years[1]
    assert [(m.month, [e.id for e in m.entries]) for m in y2023.months] == [(1, ["b"]), (3, ["f", "a"]), (None, ["c"])]
    assert [e.id for e in tl.undated] == ["e"]
    all_ids = [e.id for y in tl.years for e in y.entries] + [e.id for e in tl.undated]
    assert sorted(all_ids) == sorted(s.id for s in mixed_archive())


def test_levels_in_contract_order_and_unknown_last() -> None:
    facets = build_facets(mixed_archive(), "level")
    labels = [f.label for f in facets]
    known = [f.value for f in facets if f.value is not None]
    assert known == sorted(known, key=LEVELS.index)
    assert labels[-1] == "层级不详" and facets[-1].value is None


def test_speakers_by_count_then_listing_newest_first() -> None:
    facets = build_facets(mixed_archive(), "speaker")
    assert facets[0].value == "县委书记"
    assert [e.id for e in facets[0].entries] == ["a", "f", "e"]  # 2023-03-02, 2023-03-01, undated
    counts = [len(f.entries) for f in facets if f.value is not None]
    assert counts == sorted(counts, reverse=True)


def test_a_speech_is_listed_under_each_of_its_themes() -> None:
    facets = {f.value: [e.id for e in f.entries] for f in build_facets(mixed_archive(), "theme")}
    assert sorted(facets["党的建设"]) == ["a", "b"] and sorted(facets["经济发展"]) == ["a", "e"]
    assert sorted(facets[None]) == ["c", "d", "f"]


def test_occasion_facet_groups_by_type() -> None:
    facets = {f.value: sorted(e.id for e in f.entries) for f in build_facets(mixed_archive(), "occasion")}
    assert facets["党委全会"] == ["b", "d"]
    assert facets["其他会议"] == ["e"]
    assert facets[None] == ["c"]


def test_slugs_are_ascii_unique_and_not_reserved() -> None:
    speakers = ["市长", "师长", "县委书记", "县委副书记", "index", "2023", "unknown", "书记"]
    speeches = [make_speech(f"s{i}", speaker=s) for i, s in enumerate(speakers)]
    slugs = [f.slug for f in build_facets(speeches, "speaker")]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9-]+", s) for s in slugs)
    assert not {"index", "undated"} & set(slugs) and not any(s.isdigit() for s in slugs)
    assert len(build_facets([make_speech("x", speaker="县委书记" * 40)], "speaker")[0].slug) <= 60
    assert slugs.count("unknown") == 0  # no speaker is unknown here; the value "unknown" got another slug


# --- the rendered pages -----------------------------------------------------------------------------


HOSTILE = "<script>window.__pwned=1</script>**粗体** {{ config }} [链接](http://evil.example/) `x` _y_ &amp;"


def hostile_archive() -> list[Speech]:
    return mixed_archive() + [
        make_speech(
            "h",
            title=HOSTILE,
            date="2022-05-01",
            speaker=f"县委书记{HOSTILE}",
            occasion=f"{HOSTILE}会议",
            themes=(HOSTILE,),
            body=f"同志们：\n{HOSTILE}。第二句。",
        )
    ]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_browse_pages(hostile_archive(), size=3)


def test_every_link_of_every_browse_page_resolves(pages: dict[str, str]) -> None:
    urls = page_urls(pages)
    speech_ids = {s.id for s in hostile_archive()}
    outside = {"slogans/", "data/", ""}  # hand-written or other engineers' pages
    anchors = {url: parse(md).ids for url, md in ((page_dir(s), m) for s, m in pages.items())}
    checked = 0
    for src, markdown in pages.items():
        for href in parse(markdown).hrefs:
            target, fragment = resolve(src, href)
            checked += 1
            if target.startswith("speeches/"):
                assert target[len("speeches/") : -1] in speech_ids, f"{src}: {href}"
                continue
            if target in outside:
                continue
            assert target in urls, f"{src}: {href} → {target} is no page"
            if fragment:
                assert fragment in anchors[target], f"{src}: {href}: no #{fragment} in {urls[target]}"
    assert checked > 50


def test_every_speech_is_on_its_year_page_and_under_every_facet_once(pages: dict[str, str]) -> None:
    def ids_under(prefix: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for src, md in pages.items():
            if src.startswith(prefix) and src != prefix.rstrip("/") + ".md":
                found.update(listed_ids(md))
        return found

    speeches = hostile_archive()
    years = ids_under("browse/years/")
    assert years == Counter(s.id for s in speeches)
    for kind in ("levels", "speakers", "occasions"):
        assert ids_under(f"browse/{kind}/") == Counter(s.id for s in speeches), kind
    themes = ids_under("browse/themes/")
    assert themes == Counter({s.id: max(1, len(s.meta.themes)) for s in speeches})


def test_listing_lines_show_title_date_level_speaker_and_first_sentence(pages: dict[str, str]) -> None:
    md = "\n".join(m for s, m in pages.items() if s.startswith("browse/years/2023"))
    line = next(li for li in re.findall(r'<li class="archive-item">.*?</li>', md) if "/speeches/b/" in li)
    text = html.unescape(re.sub(r"<[^>]+>", " ", line))
    for part in ("在全县大会上的讲话", "2023-01-20", "市", "市委书记", "市委全会", "今天召开全县大会。"):
        assert part in text


def test_speech_text_is_escaped_everywhere(pages: dict[str, str]) -> None:
    for src, markdown in pages.items():
        assert "<script" not in markdown.lower(), src
        body = markdown.split("---\n", 2)[2]  # front matter values are never parsed as Markdown
        assert "http://evil.example" not in body, src
        assert "{{" not in body and "**" not in body and "](" not in body and "`" not in body, src
    shown = html.unescape("\n".join(pages.values()))
    assert HOSTILE in shown  # still readable, letter for letter


def test_front_matter_is_valid_yaml_with_an_escaped_title(pages: dict[str, str]) -> None:
    for src, markdown in pages.items():
        assert markdown.startswith("---\n"), src
        meta = yaml.safe_load(markdown.split("---\n")[1])
        assert isinstance(meta["title"], str) and "<" not in meta["title"], src
        assert meta["search"] == {"exclude": True}


def test_long_listings_are_paginated_and_pages_link_to_each_other(pages: dict[str, str]) -> None:
    paged = [s for s in pages if re.fullmatch(r"browse/\w+/[^/]+/\d+\.md", s)]
    assert paged, "size=3 with 7 speeches must paginate the speaker 县委书记 and the year 2023"
    for src in paged:
        first = re.sub(r"/\d+\.md$", ".md", src)
        assert first in pages
        assert 'class="archive-browse-pager"' in pages[src] and 'class="archive-browse-pager"' in pages[first]
    sizes = [len(listed_ids(m)) for s, m in pages.items() if re.search(r"^browse/\w+/", s)]
    assert max(sizes) <= 3


def test_timeline_month_links_reach_the_page_that_holds_the_month() -> None:
    speeches = [make_speech(f"x{i:02d}", date=f"2020-{1 + i // 3:02d}-{1 + i % 3:02d}") for i in range(12)]
    pages = render_browse_pages(speeches, size=4)
    links = [h for h in parse(pages["browse/years.md"]).hrefs if "#m2020-" in h]
    assert len(links) == 4
    for href in links:
        target, fragment = resolve("browse/years.md", href)
        assert f"{{#{fragment}}}" in pages[page_urls(pages)[target]]
    assert {resolve("browse/years.md", h)[0] for h in links} == {
        "browse/years/2020/",
        "browse/years/2020/2/",
        "browse/years/2020/3/",
    }


# --- home figures -----------------------------------------------------------------------------------


def test_home_figures_count_the_archive_and_link_slogans() -> None:
    speeches = [
        make_speech("a", date="2019-01-01", slogans=("两个确立", "两个维护", "六稳")),
        make_speech("b", date="2023-06-01", slogans=("两个确立",)),
        make_speech("c", date="2021-06-01", level="市", slogans=("两个确立", "六稳")),
    ]
    md = render_home_figures(speeches, {"两个确立": "slogans/liang-ge-que-li/", "六稳": "slogans/liu-wen/"})
    text = html.unescape(re.sub(r"<[^>]+>", " ", md))
    assert "3 篇" in text and "2019—2023" in text and "3 个" in text
    assert text.index("两个确立") < text.index("六稳") < text.index("两个维护")  # by total use
    assert 'href="slogans/liang-ge-que-li/"' in md
    latest = listed_ids(md.replace('href="speeches/', 'href="../speeches/'))
    assert latest == ["b", "c", "a"]
    for href in parse(md).hrefs:
        resolve("index.md", href)  # relative from the site root


def test_home_marker_is_replaced_once() -> None:
    page = f"# 讲话档案\n\n引言。\n\n{HOME_MARKER}\n"
    assert insert_home_figures(page, "FIG").count("FIG") == 1 and HOME_MARKER not in insert_home_figures(page, "FIG")


# --- related speeches -------------------------------------------------------------------------------


def test_related_prefers_the_rarer_shared_term_and_shows_why() -> None:
    common = ("两个确立",)
    speeches = [
        make_speech("a", slogans=common + ("一岗双责",), keywords=("招商引资",)),
        make_speech("b", slogans=common + ("一岗双责",), keywords=("招商引资",)),
        make_speech("c", slogans=common),
        make_speech("d", slogans=common),
        make_speech("e", slogans=()),
    ]
    rel = related_speeches(speeches, k=5)
    assert set(rel) == {s.id for s in speeches}
    assert [r.id for r in rel["a"]][0] == "b"
    top = rel["a"][0]
    assert set(top.slogans) == {"两个确立", "一岗双责"} and top.keywords == ("招商引资",)
    assert top.slogans[0] == "一岗双责"  # most distinctive first
    assert rel["e"] == ()
    assert all(r.id != sid for sid, rs in rel.items() for r in rs)


def test_related_reasons_are_terms_both_speeches_really_share() -> None:
    rng = random.Random(5)
    vocab = [f"提法{i}" for i in range(40)]
    speeches = [
        make_speech(
            f"s{i:03d}",
            date=f"{2015 + i % 8}-01-01",
            slogans=tuple(rng.sample(vocab, 6)),
            keywords=tuple(rng.sample([f"词{j}" for j in range(60)], 5)),
        )
        for i in range(120)
    ]
    by_id = {s.id: s for s in speeches}
    rel = related_speeches(speeches, k=4)
    for sid, items in rel.items():
        assert len(items) <= 4
        scores = [r.score for r in items]
        assert scores == sorted(scores, reverse=True)
        mine_s, mine_k = speech_terms(by_id[sid])
        for r in items:
            theirs_s, theirs_k = speech_terms(by_id[r.id])
            assert set(r.slogans) == set(mine_s) & set(theirs_s)
            assert set(r.keywords) == set(mine_k) & set(theirs_k)


def brute_force(speeches: list[Speech], k: int) -> dict[str, list[float]]:
    terms = {s.id: {("s", t) for t in speech_terms(s)[0]} | {("k", t) for t in speech_terms(s)[1]} for s in speeches}
    df = Counter(t for ts in terms.values() for t in ts)
    n = len(speeches)
    w = {t: (index_browse.SLOGAN_WEIGHT if t[0] == "s" else 1.0) * math.log(1 + n / d) for t, d in df.items()}
    return {
        a: sorted((sum(w[t] for t in terms[a] & terms[b]) for b in terms if b != a), reverse=True)[:k] for a in terms
    }


def test_related_is_close_to_the_exact_all_pairs_answer() -> None:
    speeches = zipf_archive(600)
    exact = brute_force(speeches, 5)
    got = related_speeches(speeches, k=5)
    ratios = [sum(r.score for r in got[sid]) / sum(best) for sid, best in exact.items() if sum(best) > 0]
    assert sum(ratios) / len(ratios) >= 0.9, f"mean score ratio {sum(ratios) / len(ratios):.3f}"
    assert all(len(got[sid]) == min(5, len([x for x in best if x > 0])) for sid, best in exact.items())


def test_related_after_a_change_looks_again_only_where_the_change_reaches(tmp_path: Path) -> None:
    """Given the last answer, ``incremental.related`` redoes only the speeches a change can have moved,
    and answers exactly as from scratch: for a changed speech's keywords, a few speeches' slogans,
    a term one speech took up and another gave up (the use of it moves, its count does not), a new
    date, a new title."""
    from dataclasses import replace as rep

    from build_scripts.engine import incremental
    from build_scripts.engine.cache import Cache

    base = zipf_archive(400, seed=11)
    before = index_browse.related_inputs(base)
    rng = random.Random(3)

    def with_keywords(s: Speech, words: tuple[str, ...]) -> Speech:
        return rep(s, meta=rep(s.meta, keywords=words))

    def edited(changes: dict[int, Speech]) -> list[Speech]:
        return [changes.get(i, s) for i, s in enumerate(base)]

    a, b = base[17], base[203]
    moved = b.meta.keywords[0]
    edits = {
        "keywords": edited({5: with_keywords(base[5], ("新词甲", "新词乙", *base[5].meta.keywords[2:]))}),
        "slogans": edited({i: rep(base[i], occurrences=base[i].occurrences[1:]) for i in rng.sample(range(400), 3)}),
        "took up, gave up": edited(
            {17: with_keywords(a, (*a.meta.keywords, moved)), 203: with_keywords(b, b.meta.keywords[1:])}
        ),
        "date": edited({9: rep(base[9], meta=rep(base[9].meta, date="2030-01-01"))}),
        "title": edited({9: rep(base[9], title="另一个标题")}),
    }
    for what, speeches in edits.items():
        cache = Cache(tmp_path / what)
        assert incremental.related(cache, base) == related_speeches(base)  # found, kept
        assert incremental.related(cache, speeches) == related_speeches(speeches), what  # partly redone
    now = index_browse.related_inputs(edits["keywords"])
    redo = incremental.related_to_redo(now, before)
    assert redo is not None and 0 < len(redo) < len(now) / 4  # a new keyword reaches few speeches
    assert incremental.related_to_redo(now, index_browse.related_inputs(base[:-1])) is None


def test_related_front_matter_round_trips_through_yaml() -> None:
    speeches = [
        make_speech("a", title=HOSTILE, slogans=("两个确立",) + tuple(f"提法{i}" for i in range(10))),
        make_speech("b", slogans=("两个确立",) + tuple(f"提法{i}" for i in range(10))),
    ]
    fm = related_front_matter(related_speeches(speeches)["b"])
    back = yaml.safe_load(yaml.safe_dump({"related": fm}, allow_unicode=True))["related"]
    assert back == fm
    assert back[0]["title"] == HOSTILE and back[0]["url"] == "speeches/a/"
    assert (
        len(back[0]["slogans"]) == render_browse.RELATED_TERMS_SHOWN
        and back[0]["more"] == 11 - render_browse.RELATED_TERMS_SHOWN
    )


def test_browse_links_name_existing_listing_pages() -> None:
    speeches = mixed_archive()
    index = build_browse_index(speeches)
    pages = render_browse_pages(speeches, index=index)
    urls = page_urls(pages)
    for speech in speeches:
        links = index_browse.browse_links(index, speech)
        for url in [links[k] for k in ("level", "speaker", "occasion", "year")] + list(links["themes"].values()):  # type: ignore[attr-defined, operator]
            if url is not None:
                assert url in urls, (speech.id, url)


# --- publishing -------------------------------------------------------------------------------------


def test_pages_workflow_builds_with_make_site_and_deploys_with_the_official_actions() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers and "push" in triggers
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "") for s in steps]
    runs = [s.get("run", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "make site" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    build = next(s for s in steps if s.get("run") == "make site")
    assert "SITE_URL" in build.get("env", {})


def test_readme_names_the_workflow_build_command_and_the_alternative() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme
    assert "mkdocs gh-deploy" in readme
