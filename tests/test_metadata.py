"""Metadata inference against labelled cases: the seeds and short excerpts for the hard cases.

Also: evidence quotes are the source's own words, events/themes files validate with
line numbers, themes follow their counting rule, keywords are TF-IDF and fast.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_scripts.analyse import terms
from build_scripts.analyse.dates import infer_date
from build_scripts.analyse.metadata import infer_metadata, infer_title
from build_scripts.analyse.themes import assign_themes, score_themes
from build_scripts.config.events import load_events
from build_scripts.config.themes import load_themes
from build_scripts.errors import ArchiveError
from build_scripts.index import keywords as kw
from build_scripts.model import Document, Evidence, Metadata, Paragraph, Source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "metadata.yml").read_text(encoding="utf-8"))
EVENTS = load_events(CORPUS / "events.yml")
THEMES = load_themes(CORPUS / "themes.yml")
FIELDS = ("level", "speaker", "occasion", "date")


def make_doc(title: str | None, text: str) -> Document:
    """A Document of one paragraph per non-empty line (no headings)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Document(title=title, blocks=tuple(Paragraph(n=i, text=line) for i, line in enumerate(lines, 1)))


def make_source(name: str, text: str = "") -> Source:
    return Source(
        id=Path(name).stem, name=name, sha256=hashlib.sha256(text.encode()).hexdigest(), encoding="utf-8", text=text
    )


def read_seed(path: Path) -> tuple[Source, Document]:
    """The seed read and parsed by the project's own reader (the lead's modules)."""
    from build_scripts.analyse.structure import parse_document
    from build_scripts.read.source import read_source

    source = read_source(path)
    return source, parse_document(source.text)


def expected(value: Any) -> str | None:
    return None if value is None else str(value)


def assert_evidence_in_source(meta: Metadata, doc: Document, source: Source) -> None:
    """Every field with a value has evidence whose words stand in the title, the block, or the file name."""
    blocks = dict(doc.anchored_texts())
    for name in FIELDS:
        if getattr(meta, name) is None:
            continue
        ev = meta.evidence_for(name)
        assert ev is not None, f"{name} has no evidence"
        assert ev.rule, f"{name}: evidence without a rule"
        if ev.source == "filename":
            assert ev.quote == "filename"
            continue
        assert ev.source in ("title", "text"), ev
        where = doc.title if ev.anchor is None else blocks[ev.anchor]
        assert where is not None and ev.quote and ev.quote in where, f"{name}: {ev.quote!r} not in {ev.anchor}"


# --- seeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES["seeds"]))
def test_seed(name: str) -> None:
    source, doc = read_seed(CORPUS / name)
    meta = infer_metadata(doc, source, EVENTS)
    want = CASES["seeds"][name]
    got = {f: getattr(meta, f) for f in FIELDS}
    assert got == {f: expected(want[f]) for f in FIELDS}
    assert_evidence_in_source(meta, doc, source)
    if "title" in want:
        assert doc.title is None
        title, ev = infer_title(doc, meta)
        assert title == want["title"]
        assert ev.quote in dict(doc.anchored_texts())[ev.anchor]  # type: ignore[index]


def test_seed_dates_rest_on_the_issue_s_clues() -> None:
    """002 is after 二十大 and in October; 003 rests on 决战脱贫攻坚/六保; 004 on its title."""
    _, doc2 = read_seed(CORPUS / "002_bf32f61ffab59d35.txt")
    est = infer_date(doc2, EVENTS)
    assert est.not_before is not None and est.not_before.isoformat() >= "2022-10-16"
    assert "仅剩下2个多月" in est.evidence.rule  # type: ignore[union-attr]
    _, doc3 = read_seed(CORPUS / "003_f4cae652e4910c87.txt")
    rule3 = infer_date(doc3, EVENTS).evidence.rule  # type: ignore[union-attr]
    assert "决战脱贫攻坚" in rule3 and "六保" in rule3
    _, doc4 = read_seed(CORPUS / "004_be014646714e3115.txt")
    assert infer_date(doc4, EVENTS).evidence == Evidence("title", "2023年", None, "year in the title")


# --- excerpts --------------------------------------------------------------------------------

EXCERPTS = CASES["excerpts"]


def test_enough_excerpts() -> None:
    assert len(EXCERPTS) >= 30
    assert len({c["id"] for c in EXCERPTS}) == len(EXCERPTS)


@pytest.mark.parametrize("case", EXCERPTS, ids=[c["id"] for c in EXCERPTS])
def test_excerpt(case: dict[str, Any]) -> None:
    if case.get("xfail"):
        pytest.xfail(case["xfail"])  # pragma: no cover - none today
    doc = make_doc(case.get("title"), case["text"])
    source = make_source(case.get("file", "case.txt"), case["text"])
    meta = infer_metadata(doc, source, EVENTS)
    for name, value in case["expect"].items():
        assert getattr(meta, name) == expected(value), f"{name}: {getattr(meta, name)!r}, want {value!r}"
    assert_evidence_in_source(meta, doc, source)


def test_filename_is_evidence_of_its_own() -> None:
    doc = make_doc(None, "同志们：\n今天的大会很重要。")
    meta = infer_metadata(doc, make_source("2021-03-05_在全县大会上的讲话.txt"), EVENTS)
    assert meta.evidence_for("date") == Evidence("filename", "filename", None, meta.evidence_for("date").rule)  # type: ignore[union-attr]
    assert meta.evidence_for("date").words == "filename"  # type: ignore[union-attr]


def test_text_refines_a_coarser_filename_date() -> None:
    doc = make_doc(None, "同志们：\n我们要扎实做好“六稳”工作、全面落实“六保”任务，确保决战脱贫攻坚取得全面胜利。")
    assert infer_metadata(doc, make_source("2020_讲话.txt"), EVENTS).date == "2020"
    assert infer_metadata(doc, make_source("2020_讲话.txt"), EVENTS).evidence_for("date").source == "text"  # type: ignore[union-attr]
    assert infer_metadata(doc, make_source("2019_讲话.txt"), EVENTS).date == "2019"


def test_untitled_when_no_occasion_never_a_body_sentence() -> None:
    for text in (
        "同志们：\n当前，全县经济运行面临不少困难，我们必须保持清醒。",
        "尊敬的萨勒曼国王，各位同事：\n大家好！\n面对突如其来的新冠肺炎疫情，中国政府、中国人民不畏艰险，打响了人民战争。",
        "女士们，先生们，朋友们：\n晚上好！很高兴同各位朋友相聚。",
    ):
        doc = make_doc(None, text)
        title, ev = infer_title(doc, infer_metadata(doc, make_source("x.txt"), EVENTS))
        assert title == "无题" and not any(title in p.text for p in doc.paragraphs), title
        assert ev.source == "inferred" and "untitled" in ev.rule


# --- events.yml ------------------------------------------------------------------------------


def test_shipped_events_have_sources_and_bounds() -> None:
    assert len(EVENTS.events) >= 30 and EVENTS.seasons
    for event in EVENTS.events:
        assert event.source and (event.not_before or event.not_after)
    ids = [e.id for e in EVENTS.events] + [s.id for s in EVENTS.seasons]
    assert len(ids) == len(set(ids))


def test_unless_skips_a_congress_still_to_come() -> None:
    doc = make_doc(None, "同志们：\n我们要以优异成绩迎接党的二十大胜利召开。")
    est = infer_date(doc, EVENTS)
    assert est.not_before is None or est.not_before.isoformat() < "2022-10-16"


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (
            "events:\n  - id: x\n    label: y\n    patterns: [{regex: '('}]\n    not_before: 2020\n    source: s\n",
            4,
            "not a valid regular expression",
        ),
        ("events:\n  - id: x\n    label: y\n    patterns: [a]\n    not_before: 2020\n", 2, "has no 'source'"),
        (
            "events:\n  - id: x\n    label: y\n    patterns: [a]\n    not_befor: 2020\n    source: s\n",
            5,
            "unknown key 'not_befor' in an entry of 'events' (did you mean 'not_before'?)",
        ),
        (
            "events:\n  - id: x\n    label: y\n    patterns: [a]\n    not_before: 2021\n    not_after: 2020\n    source: s\n",
            2,
            "is after not_after",
        ),
        (
            "events:\n  - id: x\n    label: y\n    patterns: [a]\n    not_before: 2020-13\n    source: s\n",
            5,
            "'not_before' must be a date",
        ),
        (
            "seasons:\n  - id: s\n    label: l\n    patterns: [a]\n    months: [13]\n",
            5,
            "'months' must be a list of month numbers",
        ),
        ("events: [\n", 2, "is not valid YAML"),
    ],
)
def test_invalid_events_file(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "events.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ArchiveError) as info:
        load_events(path)
    problem = next(p for p in info.value.problems if words in p.what)
    assert problem.line == line and problem.file == str(path) and problem.fix


# --- themes ----------------------------------------------------------------------------------


def test_themes_taxonomy_size() -> None:
    assert 10 <= len(THEMES.themes) <= 14
    assert all(t.description and t.keywords for t in THEMES.themes)


def test_theme_rule_counts_and_threshold() -> None:
    below = make_doc(None, "招商引资。营商环境。招商引资。")
    assert "项目与招商" not in assign_themes(below, THEMES)[0]
    one_word = make_doc(None, "招商引资。" * 8)
    assert "项目与招商" not in assign_themes(one_word, THEMES)[0]  # only one distinct keyword
    enough = make_doc("在全县招商引资大会上的讲话", "招商引资，营商环境。\n招商引资，营商环境。\n招商引资，营商环境。")
    names, ev = assign_themes(enough, THEMES)
    assert "项目与招商" in names
    assert ev is not None and ev.quote == "招商引资" and ev.anchor is None  # the title holds its first use
    assert "招商引资×4" in ev.rule and "营商环境×3" in ev.rule


def test_longest_keyword_counted_once() -> None:
    doc = make_doc(None, "全面从严治党。从严治党。")
    party = next(s for s in score_themes(doc, THEMES) if s.name == "党的建设")
    assert dict(party.counts) == {"全面从严治党": 1, "从严治党": 1}


def test_seed_theme_evidence_is_in_the_text() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        _, doc = read_seed(path)
        names, ev = assign_themes(doc, THEMES)
        assert names and len(names) <= THEMES.max_themes
        assert ev is not None
        where = doc.title if ev.anchor is None else dict(doc.anchored_texts())[ev.anchor]
        assert ev.quote in (where or "")
        # the rule's counts are the real counts of the words in the speech
        for _, counts in re.findall(r"(\S+) \d+ ≥ \d+: ([^;]+)", ev.rule):
            for word, n in re.findall(r"([^、×]+)×(\d+)", counts):
                assert (doc.title or "").count(word) + doc.body.count(word) >= int(n)


def test_theme_override(tmp_path: Path) -> None:
    override = tmp_path / "themes.yml"
    override.write_text(
        "settings: {max_themes: 2}\nthemes:\n  - name: 民生\n    keywords: [民生, 就业]\n  - name: 旅游\n    keywords: [旅游, 景区]\n",
        encoding="utf-8",
    )
    merged = load_themes(CORPUS / "themes.yml", override)
    assert merged.max_themes == 2 and "旅游" in merged.names and len(merged.themes) == len(THEMES.themes) + 1
    assert next(t for t in merged.themes if t.name == "民生").keywords == ("民生", "就业")
    override.write_text("replace: true\nthemes:\n  - name: 旅游\n    keywords: [旅游, 景区]\n", encoding="utf-8")
    assert load_themes(CORPUS / "themes.yml", override).names == ("旅游",)


def test_invalid_themes_file(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("themes:\n  - name: 民生\n    keywords: 民生\n  - nam: 旅游\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as info:
        load_themes(path)
    lines = {p.line for p in info.value.problems}
    assert {3, 4} <= lines
    assert "unknown key 'nam' in a theme (did you mean 'name'?)" in str(info.value)


# --- keywords --------------------------------------------------------------------------------


def _seed_texts() -> list[str]:
    return [read_seed(p)[1].body for p in sorted(CORPUS.glob("*.txt"))]


def test_keywords_are_tf_idf() -> None:
    texts = [
        "招商引资，营商环境，招商引资。安全生产。",
        "安全生产，安全生产。疫情防控。",
        "安全生产。乡村振兴，乡村振兴。",
    ]
    result = kw.compute_keywords(texts, k=3)
    assert len(result) == 3
    # 安全生产 is in every text: in the second it has the highest count, but IDF halves it
    lexicon = terms.lexicon()
    counts = [terms.term_counts(t, lexicon) for t in texts]
    n = len(texts)
    df = Counter(term for c in counts for term in c)
    for c, words in zip(counts, result):
        scores = {t: c[t] * (math.log((1 + n) / (1 + df[t])) + 1) for t in c}
        best = sorted(scores, key=lambda t: (-scores[t], -len(t), t))[:3]
        assert list(words) == best
    assert result[0][0] == "招商引资"


def test_keywords_on_seeds_respect_stopwords() -> None:
    texts = _seed_texts()
    result = kw.compute_keywords(texts)
    stop = terms.stopwords()
    assert {"要", "工作", "发展", "全县"} <= stop
    for text, words in zip(texts, result):
        assert len(words) == 8
        assert not set(words) & stop
        assert all(w in text and len(w) >= 2 for w in words)


def test_keyword_evidence_quotes_the_text() -> None:
    _, doc = read_seed(CORPUS / "004_be014646714e3115.txt")
    words = kw.compute_keywords([doc.body])[0]
    ev = kw.keyword_evidence(doc, words)
    assert ev is not None and ev.quote == words[0] and ev.quote in dict(doc.anchored_texts())[ev.anchor]  # type: ignore[index]


def test_a_traditional_text_is_read_as_simplified_and_quoted_as_written() -> None:
    """The rules are written in simplified characters: a text in traditional ones (g119, in Big5) gets
    the same facts, while its blocks and every evidence quote keep its own characters."""
    from build_scripts.analyse.speech import analyse_speech
    from build_scripts.pipeline import Settings, load_config

    path = ROOT / "tests" / "genre" / "texts" / "g119.txt"
    speech = analyse_speech(path, None, load_config(Settings(corpus=CORPUS, cache_dir=None)))
    meta = speech.meta
    assert speech.source.encoding == "big5"
    assert (meta.level, meta.speaker, meta.occasion, meta.date) == (
        "县",
        "县委书记",
        "全县脱贫攻坚推进会",
        "2019-04-12",
    )
    assert speech.title == "縣委書記在2019年全縣脫貧攻堅推進會上的講話"
    assert [b.text for b in speech.doc.blocks[:2]] == ["（2019年4月12日）", "同志們："]
    text = speech.source.text
    quotes = {field: e.quote for field, e in meta.evidence if e.source in ("title", "text")}
    assert quotes["speaker"] == "縣委書記"
    assert all(q in text for q in quotes.values()), quotes


def test_a_procurators_and_a_courts_byline_name_the_speaker(tmp_path: Path) -> None:
    """检察长 and 院长 are the speakers of the procuratorate's and the court's reports (their bylines)."""
    from build_scripts.analyse.speech import analyse_speech
    from build_scripts.pipeline import Settings, load_config

    config = load_config(Settings(corpus=CORPUS, cache_dir=None))
    for org, role in (("福建省人民检察院", "检察长"), ("南平市中级人民法院", "院长")):
        path = tmp_path / "r.txt"
        path.write_text(
            f"{org}工作报告\n——2007年1月26日在福建省第十届人民代表大会第五次会议上\n{org}{role} 张某\n各位代表：\n现在，我代表{org}向大会报告工作。\n",
            encoding="utf-8",
        )
        assert analyse_speech(path, None, config).meta.speaker == org + role
