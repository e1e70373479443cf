"""Slogan tiers (issue 16): which discovered terms get a page, measured against terms labelled by hand;
candidates; numbered formulations checked for completeness; pages that stay small."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from build_scripts.analyse.occurrences import find_occurrences
from build_scripts.analyse.speech import analyse_speech
from build_scripts.analyse.terms import keyword_extra, lexicon
from build_scripts.config.glossary import DISCOVERED, Glossary, SloganEntry, load_glossary
from build_scripts.index.discovery import common_words, discover_terms
from build_scripts.index.slogans import (
    CANDIDATE,
    GLOSSARY,
    TermUse,
    TierRule,
    build_slogan_index,
    candidate_counts,
    completeness,
    named_parts,
    page_tier,
    paged_only,
    slogan_tiers,
)
from build_scripts.model import Document, Metadata, Paragraph, Source, Speech
from build_scripts.pipeline import Settings, load_config
from build_scripts.read.source import read_source
from build_scripts.render.slogans import candidate_pages, glossary_snippet, render_slogan, render_slogan_pages

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT / "tests" / "devcorpus" / "texts"
LABELS = yaml.safe_load((ROOT / "tests" / "cases" / "discovered_terms.yml").read_text(encoding="utf-8"))
PRECISION = 0.90  # of the labelled terms that get a page, the share that are slogans (issue 16)


# ---------------------------------------------------------------------------- the labelled sample


def test_labelled_sample_is_what_it_says() -> None:
    """927 terms, stratified as the header says; every context is the speech's own words."""
    terms = [c["term"] for c in LABELS]
    assert len(terms) == len(set(terms)) == 927
    strata = Counter(c["stratum"] for c in LABELS)
    assert strata == {"three": 682, "two": 115, "one": 130}
    texts = {p.stem: read_source(p).text for p in DEVCORPUS.glob("*.txt")}
    for case in LABELS:
        assert set(case) <= {"term", "slogan", "why", "source", "context", "stratum"}, case["term"]
        assert isinstance(case["slogan"], bool)
        assert case["slogan"] or case.get("why"), f"{case['term']}: a negative says what it is instead"
        assert case["term"] in case["context"] and case["context"] in texts[case["source"]], case["term"]


@pytest.fixture(scope="module")
def devcorpus() -> tuple[list[Speech], Glossary]:
    """The development corpus as the build sees it: analysed, discovered, matched (no MkDocs)."""
    config = load_config(Settings(corpus=DEVCORPUS, cache_dir=None))
    speeches = [analyse_speech(p, None, config) for p in sorted(DEVCORPUS.glob("*.txt"))]
    glossary = discover_terms([s.doc.body for s in speeches], config.glossary)
    words = lexicon(keyword_extra(e.term for e in glossary.entries))
    speeches = [replace(s, occurrences=find_occurrences(s.doc.anchored_texts(), glossary, words)) for s in speeches]
    return speeches, glossary


def test_terms_with_a_page_are_slogans(devcorpus: tuple[list[Speech], Glossary]) -> None:
    """Precision on the hand-labelled sample: of the labelled terms the build gives a page, at least
    90% are slogans. It was 59% (every discovered term had a page; 58.7% of those in 3+ speeches)."""
    speeches, glossary = devcorpus
    tiers = slogan_tiers(speeches, glossary, TierRule(), common_words)
    paged = [c for c in LABELS if glossary.get(c["term"]) is not None and tiers.paged(c["term"])]
    right = sum(c["slogan"] for c in paged)
    wrong = [c["term"] for c in paged if not c["slogan"]]
    print(f"\nlabelled terms with a page: {len(paged)}, slogans {right} ({right / len(paged):.1%}); not: {wrong}")
    assert len(paged) >= 150, "too few pages to measure: the rule pages (almost) nothing"
    assert right / len(paged) >= PRECISION, wrong
    # and none of the kinds the issue names: a piece of a longer word, a number, an occupation
    kinds = {c["term"]: c.get("why", "") for c in LABELS}
    assert not [t for t in wrong if re.search("cut out|a number|occupation", kinds[t])]
    # the figure is not bought by paging only the glossary-like: most labelled slogans in 3+ quoting speeches
    quoted_often = [c for c in LABELS if c["slogan"] and c["stratum"] == "three"]
    assert sum(tiers.paged(c["term"]) for c in quoted_often) >= 0.4 * len(quoted_often)


def test_every_discovered_term_is_a_candidate_or_paged(devcorpus: tuple[list[Speech], Glossary]) -> None:
    speeches, glossary = devcorpus
    tiers = slogan_tiers(speeches, glossary, TierRule(), common_words)
    assert all(tiers.of(e.term) == GLOSSARY for e in glossary if not e.discovered)
    found = Counter(tiers.of(e.term) for e in glossary if e.discovered)
    assert found[CANDIDATE] > 10 * found[DISCOVERED] > 0
    # a larger K pages fewer; the places alternative is the same function's
    fewer = slogan_tiers(speeches, glossary, TierRule(min_speeches=10), common_words)
    assert {t for t, v in fewer.tier.items() if v == DISCOVERED} < {t for t, v in tiers.tier.items() if v == DISCOVERED}


# ---------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("use", "tier", "why"),
    [
        (TermUse(speeches=5, uses=9, quoted=8, quoted_speeches=5, quoted_wordings=5), "discovered", "见于 5 篇讲话"),
        (TermUse(speeches=2, uses=9, quoted=9, quoted_speeches=2, quoted_wordings=9), "candidate", "至少要 3 篇"),
        (
            TermUse(speeches=9, uses=90, quoted=2, quoted_speeches=2, quoted_wordings=2),
            "candidate",
            "加引号的讲话只有 2 篇",
        ),
        (TermUse(speeches=9, uses=9, quoted=9, quoted_speeches=9, quoted_wordings=1), "candidate", "只有 1 种上下文"),
        (
            TermUse(speeches=9, uses=90, quoted=30, quoted_speeches=9, quoted_wordings=9),
            "candidate",
            "只有 30 次加引号",
        ),
        (TermUse(9, 0, 10, 10, 9, 9, counted=5), "candidate", "带数量"),
        (TermUse(9, 0, 10, 8, 9, 9, established=True), "candidate", "常用词"),
        (TermUse(9, 0, 10, 10, 9, 9, established=True), "discovered", "9 篇加引号"),
    ],
)
def test_page_tier_says_why(use: TermUse, tier: str, why: str) -> None:
    found, reason = page_tier(use)
    assert found == tier and why in reason


def test_places_count_when_k_is_larger() -> None:
    """With a large K (a big archive), a term spread over places still gets a page."""
    rule = TierRule(min_speeches=10)
    use = TermUse(speeches=4, places=3, uses=6, quoted=5, quoted_speeches=4, quoted_wordings=4)
    assert page_tier(use, rule)[0] == "discovered"
    assert page_tier(replace(use, places=1), rule)[0] == "candidate"


def _speech(sid: str, text: str, place: str | None = None) -> Speech:
    meta = Metadata(date="2023-01-01", level="县")
    if place is not None and "place" in Metadata.__dataclass_fields__:
        meta = replace(meta, place=place)  # type: ignore[call-arg]
    return Speech(
        Source(sid, f"{sid}.txt", "0", "utf-8", text), Document(None, (Paragraph(1, text),)), sid, False, meta
    )


def _annotated(glossary: Glossary, *texts: str) -> tuple[list[Speech], Glossary]:
    found = discover_terms(list(texts), glossary)
    words = lexicon(keyword_extra(e.term for e in found.entries))
    speeches = [_speech(f"s{i}", t) for i, t in enumerate(texts)]
    return [replace(s, occurrences=find_occurrences(s.doc.anchored_texts(), found, words)) for s in speeches], found


def test_candidates_leave_the_speech_pages_but_are_listed() -> None:
    glossary = load_glossary(ROOT / "corpus" / "slogans.yml")
    texts = [
        f"第{i}篇：{w}“县管校聘”{x}，推进“两新”，做到“两个维护”。"
        for i, (w, x) in enumerate([("全面落实", "改革"), ("深化教师", "管理"), ("积极推进", "工作")])
    ]  # three speeches quote it, each in its own words
    speeches, found = _annotated(glossary, texts[0] + "一次“偶然词”。", *texts[1:], "全县推进县管校聘。")
    tiers = slogan_tiers(speeches, found, TierRule())
    assert tiers.of("县管校聘") == "discovered" and tiers.of("偶然词") == CANDIDATE
    assert tiers.why["偶然词"]
    kept = paged_only(speeches, tiers)
    assert all(o.term != "偶然词" for s in kept for o in s.occurrences)
    assert candidate_counts(speeches[0], tiers) == [("偶然词", 1)]
    assert sum(1 for o in kept[3].occurrences if o.term == "县管校聘") == 1  # unquoted uses count too
    index = build_slogan_index(speeches, found, tiers)
    pages = render_slogan_pages(index)
    assert f"slogans/{found.get('县管校聘').slug}.md" in pages  # type: ignore[union-attr]
    assert f"slogans/{found.get('偶然词').slug}.md" not in pages  # type: ignore[union-attr]
    listing = pages["slogans/candidates.md"]
    slug = found.get("偶然词").slug  # type: ignore[union-attr]
    assert "偶然词" in listing and f'id="c-{slug}"' in listing
    assert candidate_pages(tiers, {e.term: e.slug for e in found}) == {"偶然词": f"slogans/candidates/#c-{slug}"}


def test_glossary_snippet_is_a_valid_entry(tmp_path: Path) -> None:
    for term in ("县管校聘", "三去一降一补", "1+1+N", "yes", "“引号”"):
        path = tmp_path / "slogans.yml"
        path.write_text(glossary_snippet(term) + "\n", encoding="utf-8")
        loaded = load_glossary(path)
        assert [e.term for e in loaded] == [term]


# ---------------------------------------------------------------------------- numbered formulations


def test_named_parts_stay_in_the_sentence() -> None:
    parts = ["政治意识", "大局意识", "核心意识", "看齐意识"]
    text = "增强政治意识、大局意识、核心意识、看齐意识，即“四个意识”。下一句的核心意识不算。"
    at = text.index("四个意识")
    assert named_parts(text, at, at + 4, parts) == tuple(parts)
    text = "牢固树立“四个意识”。政治意识、大局意识另起一句。"
    at = text.index("四个意识")
    assert named_parts(text, at, at + 4, parts) == ()
    assert completeness(("政治意识", "大局意识"), parts) == "partial"
    assert completeness(tuple(parts), parts) == "complete"


def test_slogan_page_counts_complete_uses() -> None:
    entry = SloganEntry(
        "四个意识", "si-ge-yi-shi", "numbered", components=("政治意识", "大局意识", "核心意识", "看齐意识")
    )
    glossary = Glossary((entry,))
    texts = [
        "“四个意识”：政治意识、大局意识、核心意识、看齐意识。",
        "增强“四个意识”，特别是政治意识、大局意识。",
        "牢固树立“四个意识”。",
    ]
    speeches = [_speech(f"s{i}", t) for i, t in enumerate(texts)]
    speeches = [replace(s, occurrences=find_occurrences(s.doc.anchored_texts(), glossary)) for s in speeches]
    stats = build_slogan_index(speeches, glossary).get("四个意识")
    assert stats is not None and stats.completeness == {"complete": 1, "partial": 1}
    page = render_slogan(stats, build_slogan_index(speeches, glossary))["slogans/si-ge-yi-shi.md"]
    assert "3 次使用中，1 次在同一句中列出全部构成，1 次列出部分" in page
    assert "<td>全部</td>" in page and "<td>2/4：政治意识、大局意识</td>" in page


# ---------------------------------------------------------------------------- size


def test_no_slogan_page_over_a_megabyte() -> None:
    """A slogan used 6,000 times in 3,000 speeches: every page of it stays under 1 MB."""
    glossary = Glossary((SloganEntry("两个确立", "liang-ge-que-li", "numbered", gloss="释义"),))
    text = "全县上下要更加深刻领悟“两个确立”的决定性意义，坚决做到两个确立，" * 2
    speeches = [_speech(f"speech_{i:05d}_一个较长的讲话标识", text) for i in range(3000)]
    speeches = [replace(s, occurrences=find_occurrences(s.doc.anchored_texts(), glossary)) for s in speeches]
    pages = render_slogan_pages(build_slogan_index(speeches, glossary))
    sizes = {k: len(v.encode("utf-8")) for k, v in pages.items()}
    assert len(sizes) > 5 and max(sizes.values()) < 800_000, max(sizes.items(), key=lambda kv: kv[1])


def test_built_site_lists_candidates_and_leads_their_addresses_to_them(seed_site: Path) -> None:
    """A candidate: on its speech's page (not linked in the text), in data/slogans.json, on the
    candidates' page; its address slogans/<slug>/ leads there (the address search offers)."""
    import json

    rows = json.loads((seed_site / "data/slogans.json").read_text(encoding="utf-8"))
    candidate = next(r for r in rows if r["tier"] == "candidate")
    speech = candidate["speeches"][0]["id"]
    page = (seed_site / "speeches" / speech / "index.html").read_text(encoding="utf-8")
    row = page.split("候选提法</a></dt>", 1)[1].split("</dd>", 1)[0]
    assert candidate["term"] in row.replace("&#34;", '"')
    assert f'href="../../{candidate["url"]}"' not in page  # no link to a page it does not have
    stub = (seed_site / candidate["url"] / "index.html").read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', stub).group(1)  # type: ignore[union-attr]
    listing = (seed_site / candidate["url"] / target.split("#")[0] / "index.html").resolve()
    assert f'id="{target.split("#")[1]}"' in listing.read_text(encoding="utf-8")


def test_speeches_json_lists_every_slogan_of_slogans_json_with_its_tier(seed_site: Path) -> None:
    """CONTRACT.md: a speech's ``slogans`` are every slogan in it; a candidate is one (it is a row of
    data/slogans.json), so both files agree speech by speech, count by count, tier by tier."""
    import json

    rows = json.loads((seed_site / "data/slogans.json").read_text(encoding="utf-8"))
    records = json.loads((seed_site / "data/speeches.json").read_text(encoding="utf-8"))
    from_slogans = {(u["id"], r["term"], u["count"], r["tier"]) for r in rows for u in r["speeches"]}
    from_speeches = {(s["id"], t["term"], t["count"], t["tier"]) for s in records for t in s["slogans"]}
    assert from_speeches == from_slogans
    assert {"glossary", "candidate"} <= {tier for *_, tier in from_speeches}  # five seeds: no discovered page
