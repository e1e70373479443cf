"""Slogan glossary, detection, index, pages and data files (issue 4)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import textwrap
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from build_scripts.analyse.numerals import leading_number
from build_scripts.analyse.occurrences import find_occurrences
from build_scripts.analyse.structure import parse_document
from build_scripts.analyse.terms import Lexicon, lexicon
from build_scripts.config.glossary import (
    CATEGORIES,
    DISCOVERED,
    Glossary,
    SloganEntry,
    load_glossary,
)
from build_scripts.errors import ArchiveError
from build_scripts.index.discovery import discover_terms, quoted_spans, reject_reason
from build_scripts.index.slogans import build_slogan_index
from build_scripts.model import Document, Metadata, Paragraph, Source, Speech
from build_scripts.read.source import read_source
from build_scripts.render.data import JIEBA_WORD, jieba_user_dict, write_table
from build_scripts.render.slogans import (
    pinyin_key,
    render_slogan_pages,
    slogan_rows,
)
from build_scripts.slugs import slogan_slug

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GLOSSARY_FILE = CORPUS / "slogans.yml"
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "slogans.yml").read_text(encoding="utf-8"))

# The seeds' metadata is not this module's job; these plausible values exercise the index.
SEED_META = {
    "000_00368fc007a92287": Metadata(level="县", date="2022-11"),
    "001_0986309d59595721": Metadata(level="县", date="2022-11"),
    "002_bf32f61ffab59d35": Metadata(level="县", date="2022-10-24"),
    "003_f4cae652e4910c87": Metadata(level="市", date="2020-07"),
    "004_be014646714e3115": Metadata(level=None, date=None),
}

# The slogans the issue names, all of which must be in the glossary.
NATIONAL = ("两个确立", "两个维护", "四个意识", "四个自信", "四个全面", "五位一体", "六稳", "六保", "三严三实",
            "八项规定", "国之大者", "第一议题", "两个大局", "五个一", "双胜利", "三个务必")  # fmt: skip


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY_FILE)


@pytest.fixture(scope="module")
def seeds() -> list[Speech]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        source = read_source(path)
        doc = parse_document(source.text)
        meta = SEED_META.get(source.id, Metadata())
        out.append(Speech(source, doc, doc.title or source.id, doc.title is None, meta))
    assert len(out) == 5
    return out


@pytest.fixture(scope="module")
def full(glossary: Glossary, seeds: list[Speech]) -> Glossary:
    return discover_terms([s.doc.body for s in seeds], glossary)


@pytest.fixture(scope="module")
def analysed(full: Glossary, seeds: list[Speech]) -> list[Speech]:
    return [replace(s, occurrences=find_occurrences(s.doc.anchored_texts(), full)) for s in seeds]


def _entry(glossary: Glossary, term: str) -> SloganEntry:
    entry = glossary.get(term)
    assert entry is not None, term
    return entry


# ---------------------------------------------------------------------------- the glossary


def test_shipped_glossary_is_complete(glossary: Glossary) -> None:
    assert len(glossary) >= 60
    for term in NATIONAL:
        entry = glossary.get(term)
        assert entry is not None, term
        assert entry.gloss and entry.gloss_source, term
    for entry in glossary:
        assert entry.category in CATEGORIES and entry.category != DISCOVERED, entry.term
        assert entry.gloss, f"{entry.term} has no gloss"
    assert _entry(glossary, "四个意识").since == "2016-01"
    assert _entry(glossary, "四个意识").components == ("政治意识", "大局意识", "核心意识", "看齐意识")


def test_slugs_are_unique_ascii_and_never_index(full: Glossary) -> None:
    slugs = [e.slug for e in full]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert "index" not in slugs
    assert _entry(full, "两个确立").slug == "liang-ge-que-li"


def test_slug_collisions_get_a_suffix_in_order(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text("- {term: 两高, category: numbered}\n- {term: 两稿, category: numbered}\n", encoding="utf-8")
    g = load_glossary(path)
    assert [e.slug for e in g] == ["liang-gao", "liang-gao-2"]
    # a discovered term whose pinyin is taken gets the next free suffix
    g2 = discover_terms(["坚持“两搞”不放松"], g)
    assert _entry(g2, "两搞").slug == "liang-gao-3"
    # an explicit slug wins; the auto slug that would collide moves aside
    path.write_text(
        "- {term: 两高, category: numbered}\n- {term: 两稿, category: numbered, slug: liang-gao}\n", encoding="utf-8"
    )
    assert [e.slug for e in load_glossary(path)] == ["liang-gao-2", "liang-gao"]


def _problems(tmp_path: Path, text: str, override: str | None = None) -> list[str]:
    base = tmp_path / "base.yml"
    base.write_text(textwrap.dedent(text), encoding="utf-8")
    over = None
    if override is not None:
        over = tmp_path / "over.yml"
        over.write_text(textwrap.dedent(override), encoding="utf-8")
    with pytest.raises(ArchiveError) as info:
        load_glossary(base, over)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("- term: 两个确立\n  category: numbered\n  glos: x\n", ":3:", ["unknown key 'glos'", "Did you mean 'gloss'"]),
        ("- term: 两个确立\n  category: numbered\n  variants: 两个“确立”\n", ":3:", ["should be a list"]),
        ("- term: 两个确立\n  category: numbered\n  since: 2021-13\n", ":3:", ["not a date"]),
        ("- term: 两个确立\n  category: slogan\n", ":2:", ["unknown category 'slogan'", "numbered"]),
        ("- term: 两个确立\n  category: discovered\n", ":2:", ["reserved"]),
        ("- term: 两个确立\n", ":1:", ["no 'category'"]),
        ("- term: 两\n  category: numbered\n", ":1:", ["shorter than two"]),
        ("- term: yes\n  category: numbered\n", ":1:", ["should be text"]),
        (
            "- term: 两个确立\n  category: numbered\n  gloss: !!python/object:os.system x\n",
            ":3:",
            ["!!python/object:os.system", "is not allowed"],
        ),
        ("- term: 两个确立\n  category: numbered\n  slug: Two_Est\n", ":3:", ["not a page name"]),
        ("- term: 两个确立\n  category: numbered\n  slug: index\n", ":3:", ["reserved"]),
        ("- {term: 六稳, category: numbered}\n- {term: 六稳, category: numbered}\n", ":2:", ["listed twice", "line 1"]),
        (
            "- {term: 六稳, category: numbered}\n- {term: 稳六, category: numbered, variants: [六稳]}\n",
            ":2:",
            ["already a form"],
        ),
        (
            "- {term: 六稳, category: numbered, slug: a}\n- {term: 六保, category: numbered, slug: a}\n",
            ":2:",
            ["already the slug"],
        ),
        ("- term: 两个确立\n  category: [numbered\n", ":3:", ["not valid YAML", "line 2"]),
        ("term: 两个确立\n", ":1:", ["should be a list"]),
        ("- 两个确立\n", ":1:", ["not a slogan entry"]),
    ],
)
def test_glossary_errors_name_file_line_and_fix(tmp_path: Path, text: str, where: str, words: list[str]) -> None:
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert "base.yml" + where in problems[0]
    for word in words:
        assert word in problems[0]
    assert "e.g." in problems[0] or "Keep" in problems[0] or "remove" in problems[0] or "give one" in problems[0]


def test_all_problems_are_collected(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "- {term: 六稳, category: bad}\n- {term: 六保, categry: numbered}\n")
    assert len(problems) == 2


def test_override_merges_by_term(tmp_path: Path) -> None:
    base = tmp_path / "base.yml"
    base.write_text(
        "- {term: 六稳, category: numbered, gloss: 旧, source: 甲}\n- {term: 六保, category: numbered, gloss: 保}\n",
        encoding="utf-8",
    )
    over = tmp_path / "slogans.yml"
    over.write_text(
        "- {term: 六稳, gloss: 新}\n- {term: 六保, disabled: true}\n- {term: 一村一品, category: method}\n",
        encoding="utf-8",
    )
    g = load_glossary(base, over)
    assert [e.term for e in g] == ["六稳", "一村一品"]
    assert (_entry(g, "六稳").gloss, _entry(g, "六稳").gloss_source, _entry(g, "六稳").category) == (
        "新",
        "甲",
        "numbered",
    )
    over.write_text("- {term: 一县一业}\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as info:
        load_glossary(base, over)
    assert "slogans.yml:1" in str(info.value) and "needs a 'category'" in str(info.value)


def test_empty_override_changes_nothing(tmp_path: Path, glossary: Glossary) -> None:
    over = tmp_path / "slogans.yml"
    over.write_text("# nothing yet\n", encoding="utf-8")
    assert load_glossary(GLOSSARY_FILE, over) == glossary


# ---------------------------------------------------------------------------- detection on the seeds


def _plain_countable(g: Glossary) -> list[SloganEntry]:
    """Entries none of whose forms lies inside another form: their count must be the plain count."""
    forms = [f for e in g if not e.discovered for f in e.forms]
    return [e for e in g if not e.discovered and not any(f in o and f != o for f in e.forms for o in forms)]


def test_issue_examples(analysed: list[Speech]) -> None:
    def users(term: str) -> list[str]:
        return [s.id[:3] for s in analysed if any(o.term == term for o in s.occurrences)]

    assert users("两个确立") == ["000", "001", "002", "004"]
    assert users("三严三实") == ["003"]
    assert users("四个意识") == ["002"]


def test_counts_equal_plain_string_counts(glossary: Glossary, analysed: list[Speech]) -> None:
    countable = _plain_countable(glossary)
    assert {"两个确立", "两个维护", "四个意识", "三严三实", "国之大者", "第一议题", "六稳"} <= {
        e.term for e in countable
    }
    checked = 0
    for speech in analysed:
        found = Counter(o.term for o in speech.occurrences)
        for entry in countable:
            expected = sum(speech.doc.body.count(f) for f in entry.forms)
            assert found[entry.term] == expected, (speech.id, entry.term)
            checked += expected
    assert checked > 50


def test_issue_slogans_in_seeds_have_exact_counts(glossary: Glossary, analysed: list[Speech]) -> None:
    """Every slogan the issue lists that a seed contains, counted exactly like str.count."""
    for term in NATIONAL:
        longer = [f for e in glossary if e.term != term for f in e.forms if term in f]
        for speech in analysed:
            found = sum(1 for o in speech.occurrences if o.term == term)
            expected = speech.doc.body.count(term) - sum(speech.doc.body.count(f) for f in longer)
            assert found == expected, (speech.id, term)


def test_occurrences_point_at_their_text(analysed: list[Speech]) -> None:
    for speech in analysed:
        blocks = dict(speech.doc.anchored_texts())
        last: dict[str, int] = {}
        for occ in speech.occurrences:
            assert blocks[occ.anchor][occ.start : occ.end] == occ.matched
            assert occ.start >= last.get(occ.anchor, 0), "overlap or out of order"
            last[occ.anchor] = occ.end


def test_discovery_never_changes_a_glossary_count(glossary: Glossary, seeds: list[Speech], full: Glossary) -> None:
    for speech in seeds:
        before = [o for o in find_occurrences(speech.doc.anchored_texts(), glossary)]
        after = [o for o in find_occurrences(speech.doc.anchored_texts(), full) if not _entry(full, o.term).discovered]
        assert before == after


def test_discovery_is_deterministic_and_archive_wide(glossary: Glossary, seeds: list[Speech], full: Glossary) -> None:
    again = discover_terms([s.doc.body for s in reversed(seeds)], glossary)
    assert again == full
    found = [e.term for e in full if e.discovered]
    assert found == sorted(found) and len(found) >= 20
    assert full.entries[: len(glossary)] == glossary.entries
    # quoted once in 001, also counted where it is unquoted in another speech
    text = "坚持“一区三地”。\n"
    g = discover_terms([text, "建设一区三地"], glossary)
    assert len(find_occurrences([("p1", "建设一区三地")], g)) == 1


def test_longest_first_in_a_glossary() -> None:
    g = Glossary(
        (
            SloganEntry("四个", "si-ge", "numbered"),
            SloganEntry("四个意识", "si-ge-yi-shi", "numbered"),
            SloganEntry("意识", "yi-shi", "numbered"),
        )
    )
    occ = find_occurrences([("p1", "增强四个意识，做到四个，强化意识")], g)
    assert [(o.term, o.start) for o in occ] == [("四个意识", 2), ("四个", 9), ("意识", 14)]


# ---------------------------------------------------------------------------- the labelled cases


def _case_params() -> list[object]:
    params: list[object] = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def test_case_file_is_well_formed() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    allowed = {"name", "source", "text", "counts", "matched", "discovered", "not_discovered", "xfail"}
    for case in CASES:
        assert set(case) <= allowed, case["name"]
        assert any(k in case for k in ("counts", "matched", "discovered", "not_discovered")), case["name"]
        if case.get("source"):  # real excerpts are copied verbatim from the seed
            assert case["text"] in (CORPUS / case["source"]).read_text(encoding="utf-8"), case["name"]
    kinds = Counter(c["name"].split("-")[0] for c in CASES)
    assert kinds["real"] >= 8 and kinds["syn"] >= 6 and kinds["neg"] >= 6 and kinds["known"] >= 3


@pytest.fixture(scope="module")
def words() -> Lexicon:
    return lexicon()  # jieba's dictionary: what tells a discovered term's whole words from pieces


@pytest.mark.parametrize("case", _case_params())
def test_case(case: dict, glossary: Glossary, words: Lexicon) -> None:
    text = case["text"]
    g = discover_terms([text], glossary)
    occ = find_occurrences([("p1", text)], g, words)
    counts = Counter(o.term for o in occ)
    for term, n in (case.get("counts") or {}).items():
        assert counts[term] == n, f"{term}: found {counts[term]}, expected {n}"
    for term, spellings in (case.get("matched") or {}).items():
        assert [o.matched for o in occ if o.term == term] == spellings
    discovered = {e.term for e in g if e.discovered}
    for term in case.get("discovered") or ():
        assert term in discovered, f"{term} not discovered; found {sorted(discovered)}"
        assert counts[term] >= 1
    for term in case.get("not_discovered") or ():
        assert term not in discovered, f"{term} wrongly discovered"


@pytest.mark.parametrize(
    ("span", "reason"),
    [
        ("国之大者", None),
        ("六稳", None),
        ("苦干", "two-character"),
        ("量", "one character"),
        ("越是困难时刻，越要坚定信心", "sentence punctuation"),
        ("在解放思想上有新进步", "opens with 在"),
        ("要作出我们这一代的贡献", "pronoun"),
        ("修路改水通电护林兴文办学办医调结构", "longer than"),
        ("、敢拼敢打的", "starts or ends"),
        ("红旗(模范)党支部", None),
        ("GDP", "no Chinese"),
        ("1+1+N", None),
    ],
)
def test_reject_reason_explains(span: str, reason: str | None) -> None:
    got = reject_reason(span)
    assert (got is None) if reason is None else (got is not None and reason in got)


def test_unclosed_quotation_mark_stops_at_the_line_end() -> None:
    text = "构建起“早、快、顺、细、闭环防控体系，努力为企业发展筑牢安全防线。\n坚持“第一议题”制度"
    assert list(quoted_spans(text)) == ["第一议题"]


# ---------------------------------------------------------------------------- jieba


def test_jieba_keeps_slogans_whole(full: Glossary, analysed: list[Speech]) -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(io.StringIO(jieba_user_dict(full)))
    plain = jieba.Tokenizer()
    split_by_default = 0
    checked = 0
    for speech in analysed:
        blocks = dict(speech.doc.anchored_texts())
        for anchor, text in blocks.items():
            occ = [o for o in speech.occurrences if o.anchor == anchor]
            if not occ:
                continue
            bounds = _bounds(tokenizer.cut(text))
            plain_bounds = _bounds(plain.cut(text))
            for o in occ:
                quoted = o.start > 0 and text[o.start - 1] in '“"「' and text[o.end : o.end + 1] in ("”", '"', "」")
                if _entry(full, o.term).discovered and not quoted:
                    continue  # a discovered string may be a coincidence (好工作 in 做好工作)
                if not JIEBA_WORD.fullmatch(o.matched):
                    continue  # jieba always cuts at 、 and other punctuation
                checked += 1
                assert _whole(o.start, o.end, bounds), (o.matched, text[max(0, o.start - 5) : o.end + 5])
                split_by_default += not _whole(o.start, o.end, plain_bounds)
    assert checked > 150
    assert split_by_default > 20  # without the dictionary jieba splits many of them


def _whole(start: int, end: int, bounds: set[int]) -> bool:
    """A token boundary at both ends of the span and none inside it."""
    return start in bounds and end in bounds and not any(start < b < end for b in bounds)


def _bounds(tokens: object) -> set[int]:
    pos, out = 0, {0}
    for token in tokens:  # type: ignore[attr-defined]
        pos += len(token)
        out.add(pos)
    return out


def test_jieba_user_dict_format(full: Glossary) -> None:
    lines = jieba_user_dict(full).splitlines()
    assert len(lines) >= len(full)
    for line in lines:
        word, freq, tag = line.split(" ")
        assert word and int(freq) > 0 and tag == "nz"
    assert "两个确立 20000 nz" in lines


# ---------------------------------------------------------------------------- the index


@pytest.fixture(scope="module")
def index(analysed: list[Speech], full: Glossary):  # type: ignore[no-untyped-def]
    return build_slogan_index(analysed, full)


def test_index_counts_add_up(index, analysed: list[Speech], full: Glossary) -> None:  # type: ignore[no-untyped-def]
    assert [s.term for s in index.stats] == [e.term for e in full]
    per_term = Counter(o.term for s in analysed for o in s.occurrences)
    for stats in index.stats:
        assert stats.total == per_term[stats.term] == len(stats.hits)
        assert stats.total == sum(u.count for u in stats.uses)
        assert stats.total == sum(n for _, n in stats.by_level) == sum(n for _, n in stats.by_year)
        assert stats.total == sum(n for _, n in stats.forms)
    two = index.get("两个确立")
    assert [u.speech_id[:3] for u in two.uses] == ["002", "000", "001", "004"]  # by date, undated last
    assert (two.first.date, two.last.date) == ("2022-10-24", "2022-11")
    assert dict(two.by_year) == {"2022": 10, "未知": 1}
    assert dict(two.by_level) == {"县": 10, "未知": 1}
    liu = index.get("六稳")
    assert dict(liu.by_level) == {"市": 1} and liu.first == liu.last


def test_cooccurrence_is_symmetric_and_per_speech(index, analysed: list[Speech]) -> None:  # type: ignore[no-untyped-def]
    present = [{o.term for o in s.occurrences} for s in analysed]
    for stats in index.stats:
        for other, n in stats.together:
            assert n == sum(1 for p in present if stats.term in p and other in p)
            assert dict(index.get(other).together).get(stats.term, n) == n
    assert dict(index.get("两个确立").together)["两个维护"] == 4


# ---------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def pages(index, analysed: list[Speech]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return render_slogan_pages(index)


def _front(page: str) -> dict:
    assert page.startswith("---\n")
    _, fm, _ = page.split("---\n", 2)
    return yaml.safe_load(fm)


def test_one_page_per_slogan_no_collisions(pages: dict[str, str], full: Glossary) -> None:
    assert set(pages) == {"slogans/index.md"} | {f"slogans/{e.slug}.md" for e in full}
    assert len(pages) == len(full) + 1
    for page in pages.values():
        fm = _front(page)
        assert fm["title"]
        assert "search" not in fm
    assert _front(pages["slogans/liang-ge-que-li.md"])["title"] == "两个确立"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""
        self.ids: list[str] = []
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a":
            self._href, self._text = a.get("href"), ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text))
            self._href = None


def _links(page: str) -> _Links:
    parser = _Links()
    parser.feed(page.split("---\n", 2)[2])
    return parser


@pytest.mark.parametrize("per_page", [1000, 4])
def test_concordance_links_land_on_a_block_with_the_slogan(
    per_page: int,
    index,
    analysed: list[Speech],  # type: ignore[no-untyped-def]
) -> None:
    """Every line of every concordance page links to a paragraph holding the slogan."""
    pages = render_slogan_pages(index, per_page=per_page)
    by_url = {s.url: s for s in analysed}
    extra = 0
    for stats in index.used:
        mine = {
            k: v for k, v in pages.items() if k == f"slogans/{stats.slug}.md" or k.startswith(f"slogans/{stats.slug}/")
        }
        assert len(mine) == -(-stats.total // per_page)
        extra += len(mine) - 1
        followed = 0
        for key, page in mine.items():
            address = key[: -len(".md")] + "/"  # the page's URL under use_directory_urls
            base = f"https://example.org/archive/{address}"
            kwic = _Links()
            kwic.feed(page.split('class="archive-kwic"', 1)[1].split("</div>", 1)[0])
            for href, text in kwic.links:
                url = urlsplit(urljoin(base, href))
                if not url.fragment:  # the pager, or a speech's row above its lines
                    assert url.path.startswith((f"/archive/slogans/{stats.slug}/", "/archive/speeches/")), href
                    continue
                assert url.path.startswith("/archive/speeches/"), href  # relative, stays under the sub-path
                speech = by_url[unquote(url.path)[len("/archive/") :]]
                block = dict(speech.doc.anchored_texts())[url.fragment]
                assert text in block and text in stats.entry.forms
                followed += 1
        assert followed == stats.total
    assert (extra > 0) == (per_page < 1000)


def test_listing_sorts_and_groups(pages: dict[str, str], index) -> None:  # type: ignore[no-untyped-def]
    listing = pages["slogans/index.md"]
    rows = re.findall(r'data-term="([^"]+)" style="--by-freq:(\d+);--by-pinyin:(\d+)"', listing)
    assert len(rows) == sum(1 for s in index.stats if not s.entry.discovered)  # the table: the glossary's
    terms = [_unescape(t) for t, _, _ in rows]
    by_freq = [t for t, _ in sorted(((t, int(f)) for t, f in zip(terms, (r[1] for r in rows))), key=lambda x: x[1])]
    totals = [index.get(t).total for t in by_freq]
    assert totals == sorted(totals, reverse=True)
    by_pinyin = [t for t, _ in sorted(((t, int(p)) for t, p in zip(terms, (r[2] for r in rows))), key=lambda x: x[1])]
    assert by_pinyin == sorted(by_pinyin, key=pinyin_key)
    assert sorted(int(r[1]) for r in rows) == list(range(len(rows))) == sorted(int(r[2]) for r in rows)
    for category in CATEGORIES:
        assert f"{{#category-{category}}}" in listing
    assert "{#number-2}" in listing and "{#number-4}" in listing
    ids = re.findall(r"\{#([^}]+)\}", listing)
    assert len(ids) == len(set(ids))
    for href, _ in _links(listing).links:
        assert not href.startswith(("/", "http")), href


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_slogan_page_content(pages: dict[str, str]) -> None:
    page = pages["slogans/liang-ge-que-li.md"]
    body = page.split("---\n", 2)[2]
    assert "<svg" in body and "<script" not in body
    shown = html_text(body)
    assert "党的十九届六中全会" in shown and "2021-11" in shown and "共出现 11 次，见于 4 篇讲话" in shown
    parsed = _links(page)
    assert len(set(parsed.ids)) == len(parsed.ids)
    heads = re.findall(r"^#+ .*?\{#([^}]+)\}$", body, flags=re.MULTILINE)
    assert len(heads) == len(set(heads))
    for href, _ in parsed.links:
        assert not href.startswith(("/", "http")), href
    # co-occurring slogans link to their own pages
    assert 'href="../liang-ge-wei-hu/"' in body
    unused = next(p for k, p in pages.items() if "尚未出现这一提法" in p)
    assert "<svg" not in unused


def test_speech_text_is_escaped(full: Glossary) -> None:
    evil = "<script>x</script>两个确立**粗**{{ x }}|表#题[链](h)两个确立`code`&amp;"
    speech = Speech(
        Source("evil", "evil.txt", "0", "utf-8", evil),
        Document(None, (Paragraph(1, evil),)),
        "<b>标题</b>",
        False,
        Metadata(date="2024-01-01", level="省"),
    )
    speech = replace(speech, occurrences=find_occurrences(speech.doc.anchored_texts(), full))
    idx = build_slogan_index([speech], full)
    body = render_slogan_pages(idx)["slogans/liang-ge-que-li.md"].split("---\n", 2)[2]
    for raw in ("<script", "<b>", "**", "{{", "[链]", "`", "|"):
        assert raw not in body, raw
    assert "script&gt;" in body  # escaped, not dropped
    shown = html_text(body)
    assert (
        "t>x</script>" in shown  # the 12 characters either side of the slogan, as written
        and "两个确立**粗**{{ x }}…" in shown
        and "|表#题[链](h)两个确立" in shown
        and "`code`&amp;" in shown
    )


def html_text(fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# ---------------------------------------------------------------------------- data files


def test_slogan_rows(index) -> None:  # type: ignore[no-untyped-def]
    rows = list(slogan_rows(index))
    assert [(-r["total"], r["term"]) for r in rows] == sorted((-r["total"], r["term"]) for r in rows)
    json.dumps(rows, ensure_ascii=False)
    for row in rows:
        assert list(row)[:6] == ["term", "url", "category", "gloss", "total", "speeches"]
        assert row["url"] == f"slogans/{index.get(row['term']).slug}/"
        assert row["total"] == sum(s["count"] for s in row["speeches"])
        for s in row["speeches"]:
            assert s["anchors"] and all(re.fullmatch(r"p\d+", a) for a in s["anchors"]) or s.get("headings")
    top = rows[0]
    assert top["total"] >= rows[-1]["total"]


def test_slogans_csv_matches_json(index) -> None:  # type: ignore[no-untyped-def]
    data = list(slogan_rows(index))
    json_out, csv_out = io.StringIO(), io.StringIO()
    write_table(data, json_out, csv_out)  # as the pipeline writes data/slogans.json and .csv
    assert json.loads(json_out.getvalue()) == data
    text = csv_out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["term"] for r in rows] == [d["term"] for d in data]
    assert [int(r["total"]) for r in rows] == [d["total"] for d in data]
    assert json.loads(rows[0]["speeches"]) == data[0]["speeches"]


# ---------------------------------------------------------------------------- small helpers


def test_helpers() -> None:
    assert slogan_slug("江山就是人民、人民就是江山") == "jiang-shan-jiu-shi-ren-min-ren-min-jiu-shi-jiang-shan"
    assert leading_number("四个意识") == 4 and leading_number("国之大者") is None


# ---------------------------------------------------------------------------- the built site


class _ById(HTMLParser):
    """The text inside every element that has an id (nested elements included)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        ("br", "img", "input", "hr", "meta", "link", "col", "source", "wbr", "area", "base", "embed", "track")
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        ident = dict(attrs).get("id")
        self._open.append((tag, ident))
        if ident:
            self.text.setdefault(ident, "")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self._open:
            if ident:
                self.text[ident] += data


def test_built_site_concordance_links_land_on_the_slogan(seed_site: Path) -> None:
    """Follow every concordance link of every slogan page in the site the CLI built."""
    pages = sorted((seed_site / "slogans").rglob("index.html"))
    assert len(pages) >= 60
    ids_cache: dict[Path, dict[str, str]] = {}
    followed = 0
    for page in pages:
        html_text_ = page.read_text(encoding="utf-8")
        if 'class="archive-kwic"' not in html_text_:
            continue
        table = html_text_.split('class="archive-kwic"', 1)[1].split("</table>", 1)[0]
        assert "<script" not in table
        kwic = _Links()
        kwic.feed(table)
        for href, text in kwic.links:
            url = urlsplit(href)
            if not url.fragment:
                continue
            assert not url.scheme and not href.startswith("/"), href
            target = (page.parent / unquote(url.path) / "index.html").resolve()
            assert target.is_relative_to(seed_site.resolve()) and target.is_file(), href
            if target not in ids_cache:
                parser = _ById()
                parser.feed(target.read_text(encoding="utf-8"))
                ids_cache[target] = parser.text
            block = ids_cache[target].get(url.fragment)
            assert block is not None, f"{page.parent.name}: {href} has no #{url.fragment}"
            assert text in block, f"{page.parent.name}: {href} does not contain {text}"
            followed += 1
    data = json.loads((seed_site / "data" / "slogans.json").read_text(encoding="utf-8"))
    # every use of a slogan with a page is a line of its concordance; candidates have none
    assert followed == sum(row["total"] for row in data if row["tier"] != "candidate") > 100
    assert {"glossary", "candidate"} <= {row["tier"] for row in data}


def test_override_conflict_points_at_the_override_line(tmp_path: Path) -> None:
    over = "# mine\n- term: 四个维护\n  category: numbered\n  variants: [四个意识]\n"
    problems = _problems(tmp_path, "- {term: 四个意识, category: numbered}\n", override=over)
    assert len(problems) == 1
    assert "over.yml:4" in problems[0] and "base.yml:1" in problems[0] and "already a form of '四个意识'" in problems[0]


def test_a_concordance_digest_follows_what_the_concordance_shows(glossary) -> None:  # type: ignore[no-untyped-def]
    """A slogan's page is kept while the digests of the speeches using it stay: a digest must change
    when a concordance line would, and only then."""
    from build_scripts.engine.incremental import concordance_digests

    def digests(blocks: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return concordance_digests(blocks, find_occurrences(blocks, glossary))

    far = "这是一段与提法无关的很长的叙述，" * 3
    base = [("p1", far + "必须深刻领悟“两个确立”的决定性意义。" + far), ("p2", "其他工作。")]

    def digest(blocks: list[tuple[str, str]]) -> str:
        return repr(digests(blocks))

    same = digest(base)
    assert digest([base[0], ("p2", "其他工作，另有改动。")]) == same  # no slogan in that block
    assert digest([("p1", "改" + base[0][1]), base[1]]) == same  # offsets move, the line does not
    assert digest([("p1", base[0][1][:-1] + "改"), base[1]]) == same  # more than 20 characters away
    assert digest([("p1", base[0][1].replace("决定性意义", "重大意义")), base[1]]) != same  # in its line
    assert digest([("p1", base[0][1].replace("两个确立", "两个维护")), base[1]]) != same  # another slogan
    assert digest([("p2", base[0][1]), ("p1", base[1][1])]) != same  # another paragraph
    # One digest per slogan: a change in one slogan's line leaves the other's page kept.
    two = far + "增强“四个意识”。" + far + "深刻领悟“两个确立”的决定性意义。"
    before = dict(digests([("p1", two)]))
    after = dict(digests([("p1", two.replace("决定性意义", "重大意义"))]))
    assert before["四个意识"] == after["四个意识"] and before["两个确立"] != after["两个确立"]


def test_discovery_with_kept_candidates_equals_discovery_from_scratch(
    glossary: Glossary, seeds: list[Speech], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A rebuild rereads only the texts that changed, unless the archive's quoted terms changed
    (numbered formulations are looked for outside them): either way, the glossary of a fresh run."""
    import build_scripts.index.discovery as discovery
    from build_scripts.engine import incremental
    from build_scripts.engine.cache import Cache, key

    texts = [s.doc.body for s in seeds]
    cache = Cache(tmp_path / "cache")

    def run(texts: list[str]) -> tuple[Glossary, int, int]:
        quoted, numbered, reads = [], [], []
        real_quoted, real_numbered, real_words = (
            discovery.quoted_spans,
            discovery._numbered_candidates,
            discovery.established_words,
        )

        def established() -> frozenset[str]:
            reads.append(1)
            return real_words()

        with monkeypatch.context() as m:
            m.setattr(discovery, "quoted_spans", lambda *a: quoted.append(1) or real_quoted(*a))
            m.setattr(discovery, "_numbered_candidates", lambda *a: numbered.append(1) or real_numbered(*a))
            m.setattr(discovery, "established_words", established)
            kept = incremental.discover(cache, texts, [str(hash(t)) for t in texts], glossary)
        assert kept == discover_terms(texts, glossary) and len(reads) <= 1
        return kept, len(quoted), len(numbered)

    first, read, scanned = run(texts)
    assert read == scanned == len(texts) and len(
        cache.get("discovery", key("discovery", repr(glossary.entries))) or {}
    ) == len(texts)
    assert any(e.discovered for e in first.entries)
    assert run(texts)[1:] == (0, 0)  # nothing changed: nothing read
    assert run([*texts[:-1], texts[-1] + "\n抓好三个一批项目建设，做好两不愁保障。"])[1:] == (
        1,
        1,
    )  # only the changed text
    # A new quoted term anywhere changes what the numbered ones are looked for outside of: all again.
    numbered = next(e.term for e in first.entries if e.discovered and e.term[0] in "两三四五六七八九十")
    quoted = [texts[0] + f"\n坚持“{numbered}新路径”不动摇。", *texts[1:]]
    again, read, scanned = run(quoted)
    # read: the changed first text, and the last as it was before the run above (the memo keeps
    # only what the last archive held)
    assert read == 2 and scanned == len(texts) and again.entry_for(f"{numbered}新路径") is not None
