"""The build end to end on the seeds and on bad input: contract files, faithful text, teaching errors."""

from __future__ import annotations

import csv
import hashlib
import html.parser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_scripts.errors import ArchiveError
from build_scripts.pipeline import Settings, build_site
from build_scripts.read.source import read_source
from build_scripts.render.site import Pages
from tests.support.build import build_with_cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))

CONTRACT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "url": str,
    "source": str,
    "sha256": str,
    "encoding": str,
    "title": str,
    "title_inferred": bool,
    "level": (str, type(None)),
    "speaker": (str, type(None)),
    "occasion": (str, type(None)),
    "date": (str, type(None)),
    "evidence": dict,
    "themes": list,
    "keywords": list,
    "slogans": list,
    "removed": list,
    "chars": int,
}


@pytest.fixture(scope="module")
def pages() -> Pages:
    return build_site(Settings(corpus=CORPUS, cache_dir=None)).pages


class VisibleText(html.parser.HTMLParser):
    """Text of the page's <article>, as a reader sees it (permalink pilcrows and <script> excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag == "script":
            self._in_script = True
        if tag == "a" and any(k == "class" and v and "headerlink" in v for k, v in attrs):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "script":
            self._in_script = False
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self.depth and not self.skip:
            self.parts.append(data)


def visible_text(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def test_every_generated_page_has_front_matter_that_parses(pages: dict[str, str]) -> None:
    assert {f"speeches/{s}.md" for s in SEEDS} <= set(pages)
    for src, markdown in pages.items():
        assert markdown.startswith("---\n"), src
        fm = yaml.safe_load(markdown.split("---\n", 2)[1])
        assert isinstance(fm, dict) and fm.get("title"), src
        if src.startswith("speeches/"):
            for key in ("id", "title", "title_inferred", "source", "sha256", "encoding", "chars"):
                assert key in fm, (src, key)


def test_speeches_json_follows_the_contract(seed_site: Path) -> None:
    records = json.loads((seed_site / "data" / "speeches.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == SEEDS
    assert [(r["date"] or "~", r["id"]) for r in records] == sorted((r["date"] or "~", r["id"]) for r in records)
    for r in records:
        for name, kind in CONTRACT_FIELDS.items():
            assert isinstance(r[name], kind), (r["id"], name)
        assert r["url"] == f"speeches/{r['id']}/"
        assert r["level"] in (None, "中央", "省", "市", "县", "乡镇")
        assert r["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r["date"])
        raw = (CORPUS / r["source"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(raw).hexdigest()
    with (seed_site / "data" / "speeches.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert list(rows[0])[:6] == ["id", "url", "source", "sha256", "encoding", "title"]


def test_title_inferred_only_for_the_seed_without_a_title(seed_site: Path) -> None:
    records = {r["id"]: r for r in json.loads((seed_site / "data/speeches.json").read_text(encoding="utf-8"))}
    assert [i for i, r in records.items() if r["title_inferred"]] == ["002_bf32f61ffab59d35"]
    assert records["000_00368fc007a92287"]["title"] == "在县委全会上的总结讲话"


def test_the_advert_header_is_removed_and_listed(seed_site: Path) -> None:
    records = {r["id"]: r for r in json.loads((seed_site / "data/speeches.json").read_text(encoding="utf-8"))}
    removed = records["003_f4cae652e4910c87"]["removed"]
    assert removed[0] == "仅供学习 禁止外传" and "【打击倒卖活动】" in removed and len(removed) == 8
    assert all(not r["removed"] for i, r in records.items() if i != "003_f4cae652e4910c87")
    page = visible_text(seed_site / "speeches/003_f4cae652e4910c87/index.html")
    body = page.split("来源说明")[0]
    assert "会员群" not in body and "在市委全体会议闭幕会上的讲话" in body


@pytest.mark.parametrize("speech_id", SEEDS)
def test_every_sentence_of_the_source_is_on_the_page_letter_for_letter(seed_site: Path, speech_id: str) -> None:
    _assert_all_on_the_page(seed_site, CORPUS / f"{speech_id}.txt")


def _assert_all_on_the_page(site: Path, path: Path) -> None:
    """Every sentence of the file but its listed boilerplate is on its page, letter for letter, in order."""
    speech_id = path.stem
    record = next(
        r for r in json.loads((site / "data/speeches.json").read_text(encoding="utf-8")) if r["id"] == speech_id
    )
    text = read_source(path).text
    for line in record["removed"]:
        text = text.replace(line, "", 1)
    visible = re.sub(r"\s+", "", visible_text(site / f"speeches/{speech_id}/index.html"))
    sentences = [s for s in re.split(r"(?<=[。！？])|\n", text) if s.strip()]
    missing = [s for s in sentences if re.sub(r"\s+", "", s) not in visible]
    assert not missing, missing[:3]
    # ... and the kept text appears as one run, in source order.
    kept = re.sub(r"\s+", "", text)
    assert kept in visible or _in_order(sentences, visible)


def test_a_title_line_shown_shorter_is_on_the_page_as_written(tmp_path: Path) -> None:
    """The shown title drops a leader's name, a date in brackets, a site's label or markup around it;
    the source's line is shown under it, so no word of the file is lost."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    titles = {
        "leader": "习近平在首都各界纪念现行宪法公布施行30周年大会上的讲话",
        "dated": "政府工作报告（2010年3月1日）",
        "markup": "> [TOC]在全县**经济**工作会议上的讲话???",
        "spaced": "政 府 工 作 报 告",
    }
    for name, title in titles.items():
        (corpus / f"{name}.txt").write_text(f"{title}\n同志们：\n今天召开会议，部署全年工作。\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_with_cli(corpus, site)
    assert result.returncode == 0, result.stderr
    for name in titles:
        _assert_all_on_the_page(site, corpus / f"{name}.txt")
    spaced = (site / "speeches/spaced/index.html").read_text(encoding="utf-8")
    assert "archive-title-line" not in spaced  # only spacing dropped: nothing to show twice
    assert "原题：政府工作报告（2010年3月1日）" in (site / "speeches/dated/index.html").read_text(encoding="utf-8")


def _in_order(sentences: list[str], visible: str) -> bool:
    pos = 0
    for s in sentences:
        at = visible.find(re.sub(r"\s+", "", s), pos)
        if at < 0:
            return False
        pos = at
    return True


def test_blanked_out_names_show_literally(seed_site: Path) -> None:
    html = (seed_site / "speeches/001_0986309d59595721/index.html").read_text(encoding="utf-8")
    assert "<strong>" not in html.split('class="archive-text"')[1].split('class="archive-foot"')[0]
    assert 'class="archive-blank"' in html


def test_bad_corpus_gives_one_line_per_bad_file_and_no_traceback(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_be014646714e3115.txt", corpus)
    for name in ("bad_empty.txt", "bad_png.txt", "bad_whitespace_only.txt", "bad_random_bytes.txt"):
        shutil.copy(FIXTURES / name, corpus)
    (corpus / "dup.txt").write_text("同志们：\n今天开会。\n", encoding="utf-8")
    (corpus / "DUP.txt").write_text("同志们：\n明天开会。\n", encoding="utf-8")
    result = build_with_cli(corpus, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    problem_lines = [line for line in result.stderr.splitlines() if ".txt" in line and ": " in line]
    for name in ("bad_empty.txt", "bad_png.txt", "bad_whitespace_only.txt", "bad_random_bytes.txt"):
        assert sum(name in line for line in problem_lines) == 1, (name, result.stderr)
    assert any("same id" in line and "dup.txt" in line.lower() for line in problem_lines), result.stderr


def test_keep_going_builds_the_rest_and_reports_what_was_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_be014646714e3115.txt", corpus)
    shutil.copy(FIXTURES / "bad_png.txt", corpus)
    site = tmp_path / "site"
    result = build_with_cli(corpus, site, "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "bad_png.txt" in result.stderr
    assert (site / "speeches/004_be014646714e3115/index.html").is_file()
    assert not (site / "speeches/bad_png").exists()
    assert "bad_png.txt" in visible_text(site / "report/index.html")


def test_a_missing_corpus_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = build_with_cli(tmp_path / "nope", tmp_path / "site")
    assert result.returncode != 0 and "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_annotations_agree_serial_parallel_and_cached(tmp_path: Path) -> None:
    """Slogan occurrences and keywords do not depend on how many processes found them, or on the cache."""
    from tools.bench.generate import generate_corpus

    corpus = tmp_path / "corpus"
    generate_corpus(80, corpus, CORPUS, chars=800)
    cache = tmp_path / "cache"

    def facts(workers: int, cache_dir: Path | None) -> list[tuple[Any, ...]]:
        site = build_site(Settings(corpus=corpus, cache_dir=cache_dir, workers=workers))
        return [(s.id, s.occurrences, s.meta.keywords, s.meta.evidence) for s in site.speeches]

    serial = facts(1, None)
    assert sum(len(f[1]) for f in serial) > 80 and all(f[2] for f in serial)
    assert facts(2, cache) == serial  # computed by two workers, stored
    assert any((cache / "annotation").iterdir())
    assert facts(2, cache) == serial  # read back


def test_a_rebuild_counts_a_changed_speech_without_reading_jiebas_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The term counter's lexicon is cached with the analysis: reading jieba's dictionary again
    to count one changed speech cost half a second of a 1,000-speech rebuild."""
    import jieba

    from tools.bench.generate import generate_corpus

    corpus = tmp_path / "corpus"
    generate_corpus(80, corpus, CORPUS, chars=800)
    cache = tmp_path / "cache"

    def facts(cache_dir: Path | None) -> list[tuple[object, ...]]:
        site = build_site(Settings(corpus=corpus, cache_dir=cache_dir, workers=1))
        return [(s.id, s.occurrences, s.meta.keywords) for s in site.speeches]

    facts(cache)
    changed = min(corpus.glob("*.txt"))
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n坚持招商引资，优化营商环境，招商引资见实效。\n", "utf-8"
    )
    expected = facts(None)  # from scratch: the dictionary read

    def unreadable() -> None:
        raise AssertionError("jieba's dictionary was read")

    monkeypatch.setattr(jieba, "Tokenizer", unreadable)
    assert facts(cache) == expected


def test_a_rebuild_keeps_the_slogan_pages_and_listings_only_while_nothing_they_show_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slogan pages and listings are kept in the cache by what they are made from: a change that
    moves no slogan and no listing entry remakes neither, and any other change gives exactly the
    pages of a build from scratch."""
    from build_scripts.render import browse as browse_pages
    from build_scripts.render import site as render_site
    from build_scripts.render import slogans as slogan_pages
    from tools.bench.generate import generate_corpus

    corpus = tmp_path / "corpus"
    generate_corpus(60, corpus, CORPUS, chars=800)
    cache = tmp_path / "cache"

    def outputs(cache_dir: Path | None) -> dict[str, str]:
        site = build_site(Settings(corpus=corpus, cache_dir=cache_dir, workers=1))
        made = {**site.pages.other, **site.files}
        out = {
            k: v.read_text(encoding="utf-8") for k, v in made.items() if k.startswith(("slogans/", "browse/", "data/"))
        }
        return {**out, "extras": json.dumps(dict(site.page_extras), ensure_ascii=False, sort_keys=True)}  # related ...

    def edit(name: str, change) -> None:  # type: ignore[no-untyped-def]
        path = corpus / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    first = outputs(cache)
    assert sum(k.startswith("slogans/") for k in first) > 10 and "browse/index.md" in first
    edit("gen_00007.txt", lambda t: t + "\n此段为检验所加，不含提法。\n")  # a new paragraph, no slogan in it

    def remade(*args: object) -> dict[str, Path]:
        raise AssertionError("slogan pages were made again")

    with monkeypatch.context() as m:
        m.setattr(render_site, "write_slogans", remade)
        m.setattr(browse_pages, "render_browse_pages", remade)
        kept = outputs(cache)
    assert kept == outputs(None)
    assert {k: v for k, v in kept.items() if k != "data/speeches.json" and not k.endswith(".csv")} == {
        k: v for k, v in first.items() if k != "data/speeches.json" and not k.endswith(".csv")
    }
    # A slogan more, then a title changed: each remade, as a build from scratch makes them.
    edit("gen_00011.txt", lambda t: t + "\n必须深刻领悟“两个确立”的决定性意义。\n")
    rendered: list[str] = []
    real = slogan_pages.render_slogan
    with monkeypatch.context() as m:
        m.setattr(slogan_pages, "render_slogan", lambda stats, *a: rendered.append(stats.term) or real(stats, *a))
        again = outputs(cache)
    assert again == outputs(None)
    assert again["slogans/liang-ge-que-li.md"] != first["slogans/liang-ge-que-li.md"]
    # Only the pages the change shows on are made again: its own, and those whose co-occurrence moved.
    shown = [k for k in again if k.startswith("slogans/") and k.count("/") == 1 and k != "slogans/index.md"]
    assert "两个确立" in rendered and len(rendered) < len(shown) / 3
    edit("gen_00013.txt", lambda t: "关于检验标题的讲话\n" + t)
    again = outputs(cache)
    assert again == outputs(None)
    assert any("关于检验标题的讲话" in v for k, v in again.items() if k.startswith("browse/"))
    assert not any("关于检验标题的讲话" in v for k, v in first.items() if k.startswith("browse/"))
    # The corpus's own glossary takes a discovered term in: discovery and every page follow it.
    found = next(r["term"] for r in json.loads(again["data/slogans.json"]) if r["category"] == "discovered")
    (corpus / "slogans.yml").write_text(f"- term: {found}\n  category: method\n  gloss: 检验释义\n", encoding="utf-8")
    again = outputs(cache)
    assert again == outputs(None)
    assert {r["term"]: r["category"] for r in json.loads(again["data/slogans.json"])}[found] == "method"
    # A glossary made invalid is reported, however much of the configuration was cached before.
    (corpus / "slogans.yml").write_text("- term: [\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="slogans.yml"):
        outputs(cache)


def test_original_files_are_published_byte_for_byte(seed_site: Path) -> None:
    for seed in CORPUS.glob("*.txt"):
        assert (seed_site / "sources" / seed.name).read_bytes() == seed.read_bytes()
        twin = seed_site / "sources" / f"{seed.stem}.utf8.txt"  # none when the file is that text in UTF-8
        utf8 = (twin if twin.is_file() else seed_site / "sources" / seed.name).read_text(encoding="utf-8")
        assert utf8 == read_source(seed).text


def test_a_plain_text_copy_is_the_file_itself_only_when_the_file_is_that_text(tmp_path: Path) -> None:
    """``sources/<id>.utf8.txt`` is the decoded text in UTF-8: a UTF-8 file without a BOM or CR
    is that already and is its own copy (no second file); a GB18030, BOM or CRLF file gets the
    text written out."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "关于加强作风建设的讲话\n同志们：\n一、提高认识\n我们要增强“四个意识”，抓好落实。\n"
    files = {
        "plain.txt": text.encode("utf-8"),
        "gbk.txt": text.encode("gb18030"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
    }
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    site = build_site(Settings(corpus=corpus, cache_dir=None, workers=1, site_dir=tmp_path / "site"))
    for name in files:
        twin = f"sources/{Path(name).stem}.utf8.txt"
        assert (twin in site.files) == (name != "plain.txt"), name
        copy = site.files.get(twin, site.files[f"sources/{name}"])
        assert copy.read_bytes() == text.encode("utf-8"), name
        downloads: dict = site.page_extras[f"speeches/{Path(name).stem}.md"]["downloads"]  # type: ignore[assignment]
        assert downloads["utf8"] in site.files


LEAK_CHECK = """
import gc, sys, types
from pathlib import Path
from build_scripts.model import Speech
from build_scripts.pipeline import Settings, build_site
gc.disable()  # as during the pipeline: a reference cycle made now would never be collected
site = build_site(Settings(corpus=Path(sys.argv[1]), cache_dir=None, workers=1))
built = len(site.speeches)
del site
frames = sorted({o.f_code.co_name for o in gc.get_objects() if isinstance(o, types.FrameType)})
print(built, sum(isinstance(o, Speech) for o in gc.get_objects()), " ".join(frames) or "-")
"""


def test_the_build_leaves_nothing_behind() -> None:
    """The pipeline runs with the cycle collector paused: a cycle made meanwhile would pin memory.

    A module imported lazily inside the pipeline did exactly that (its import left a cycle of
    frames reaching back to the pipeline's own, with every speech and index in it: a gigabyte
    at 10,000 speeches). In a fresh interpreter, once the site is dropped, no speech and no frame
    may be left.
    """
    result = subprocess.run(
        [sys.executable, "-c", LEAK_CHECK, str(CORPUS)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["5", "0", "-"]
