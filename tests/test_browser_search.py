"""Search as a reader uses it: Material's header search box in headless Chromium.

The site is served under a sub-path by the tests' server (``support/server.py``), which
gzips text types the way GitHub Pages does (binary index shards go uncompressed), so the
browser's network log gives honest transferred bytes. Every answer is compared
with plain string matching on the kept texts (white space and zero-width
characters removed; traditional queries converted by OpenCC itself): precision
and recall must be 1.

- the seed site (conftest's ``seed_site``, built by the real pipeline);
- a 1,000-speech site (slow): conftest's ``thousand_site``, real pipeline;
- 10,000 speeches (slow): byte budgets only, search files written into a small Material
  site (the full pipeline at that size takes many minutes).

How fast an answer comes is measured by ``make bench`` (in Chromium too), not asserted here:
the test machine's load is not the search's.
"""

from __future__ import annotations

import html
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_scripts.index import search
from build_scripts.index.search import SearchDoc, build_search_files
from tests.support.server import SUB_PATH, Served
from tests.support.server import serve as serve_gzipped

ROOT = Path(__file__).resolve().parent.parent
PREFIX = SUB_PATH  # "/archive/"
DROP = re.compile("[" + re.escape(search.WHITESPACE + search.ZERO_WIDTH) + "]")


def plain(text: str) -> str:
    return DROP.sub("", text)


def serve(site: Path) -> Served:
    return serve_gzipped(site, PREFIX, gzip=True)


# ------------------------------------------------------------------------------ browser

CAPTURE = """
(() => {
  const Original = window.Worker
  window.__results = []
  window.Worker = function (url, options) {
    const worker = new Original(url, options)
    worker.addEventListener("message", (ev) => {
      if (ev.data && ev.data.type === 3) window.__results.push({ at: performance.now(), data: ev.data.data })
    })
    return worker
  }
  window.Worker.prototype = Original.prototype
})()
"""


def new_page(browser: Any) -> tuple[Any, list[tuple[str, int]]]:
    """A fresh context and page: the worker's answers captured, transferred bytes logged."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(CAPTURE)
    log: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        try:
            sizes = request.sizes()
            log.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        except Exception:  # a request of a page already closed
            pass

    context.on("requestfinished", finished)
    return context.new_page(), log


def ask(page: object, query: str, timeout: float = 20.0) -> dict:
    """Type a query into the header search box; the worker's answer and the rendered list."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    if not box.is_visible():
        page.locator("label.md-search__icon[for=__search], label[for=__search]").first.click()  # type: ignore[attr-defined]
    before = page.evaluate("window.__results.length")  # type: ignore[attr-defined]
    box.fill(query)
    started = page.evaluate("performance.now()")  # type: ignore[attr-defined]
    box.press("End")  # Material reads the box on keyup
    answer = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = page.evaluate(  # type: ignore[attr-defined]
            "([n, q]) => window.__results.slice(n).reverse().find(r => r.data.query === q) || null",
            [before, query],
        )
        if answer:
            break
        time.sleep(0.01)
    assert answer, f"no answer for {query!r}"
    items = answer["data"]["items"]
    page.wait_for_function(  # type: ignore[attr-defined]
        "n => document.querySelectorAll('.md-search-result__list > li').length === n",
        arg=min(len(items), 10),
    )
    shown = page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('.md-search-result__list > li > a:first-child'))
                .map(a => a.getAttribute('href'))"""
    )
    meta = page.locator(".md-search-result__meta").inner_text()  # type: ignore[attr-defined]
    return {"items": items, "shown": shown, "meta": meta, "ms": answer["at"] - started}


def speech_urls(items: list[list[dict]]) -> list[str]:
    out = []
    for group in items:
        path = group[0]["location"].split("?")[0].split("#")[0]
        if re.fullmatch(r"speeches/[^/]+/", path):
            out.append(path)
    return out


def check_answer(result: dict, expected: set[str], base: str) -> list[str]:
    """Problems with one answer: wrong set, duplicates, list not as the worker said."""
    problems = []
    urls = speech_urls(result["items"])
    others = [g[0]["location"] for g in result["items"] if not re.match(r"speeches/[^/]+/[?#]", g[0]["location"])]
    if others and (
        others[0] != result["items"][0][0]["location"] or not others[0].startswith("slogans/") or len(others) > 1
    ):
        problems.append(f"results that are not speeches (only a slogan page may come first): {others[:3]}")
    if len(urls) != len(set(urls)):
        problems.append("duplicate results")
    if set(urls) != expected:
        problems.append(f"extra {sorted(set(urls) - expected)[:3]} missing {sorted(expected - set(urls))[:3]}")
    # the rendered list is the worker's answer, in order
    want = [base + g[0]["location"] for g in result["items"][:10]]
    got = [h for h in result["shown"]]
    if [g.split("?")[0] for g in got] != [w.split("?")[0] for w in want]:
        problems.append(f"rendered {got[:3]} != answer {want[:3]}")
    if not result["items"] and "没有找到" not in result["meta"]:
        problems.append(f"no-result state not shown: {result['meta']!r}")
    return problems


# ------------------------------------------------------------------------------ queries


def make_queries(texts: list[str], slogans: list[str], rng: random.Random, n: int = 120) -> list[str]:
    """Slogans, random 2-6 character phrases, absent phrases, two-term and traditional queries."""
    import opencc

    def phrase() -> str:
        while True:
            text = rng.choice(texts)
            length = rng.randint(2, 6)
            if len(text) > length:
                start = rng.randrange(0, len(text) - length)
                candidate = text[start : start + length]
                if candidate.strip():
                    return candidate

    s2t = opencc.OpenCC("s2t")
    queries = list(slogans)
    queries += [phrase() for _ in range(n // 2)]
    queries += [phrase()[::-1] + "乙丙" for _ in range(n // 10)]  # almost surely in no speech
    queries += [f"{phrase()} {phrase()}" for _ in range(n // 6)]
    queries += [s2t.convert(phrase()) for _ in range(n // 6)]
    return [q for q in dict.fromkeys(queries) if q.split()]


def truth(query: str, streams: dict[str, str], t2s: object) -> set[str]:
    """Speeches containing every term; traditional terms converted by OpenCC itself."""
    terms = [plain(t2s.convert(t)) for t in query.split()]  # type: ignore[attr-defined]
    return {url for url, text in streams.items() if all(t in text for t in terms)}


def run_queries(page: object, base: str, queries: list[str], streams: dict[str, str]) -> tuple[list, list]:
    import opencc

    t2s = opencc.OpenCC("t2s")
    wrong, times = [], []
    for query in queries:
        result = ask(page, query)
        times.append(result["ms"])
        expected = truth(query, streams, t2s)
        problems = check_answer(result, expected, base)
        if problems:
            wrong.append((query, problems))
    return wrong, times


# -------------------------------------------------------------------------------- sites


@pytest.fixture(scope="module")
def seed(seed_site: Path) -> Iterator[tuple[str, Path]]:
    """The seed site (conftest builds it with the real pipeline), served gzipped."""
    served = serve(seed_site)
    yield served.url, seed_site
    served.stop()


def kept_streams(site: Path) -> tuple[dict[str, str], list[str]]:
    """Each speech's kept text (as the pipeline handed it to search) and its blocks."""
    streams, blocks = {}, []
    chunk = 0
    rows: list = []
    while (site / f"search/archive/docs/{chunk}.json").exists():
        rows += json.loads((site / f"search/archive/docs/{chunk}.json").read_text(encoding="utf-8"))
        chunk += 1
    records = {r["url"]: r for r in json.loads((site / "data/speeches.json").read_text(encoding="utf-8"))}
    for row in rows:  # the text as the speech's page shows it (what search's snippets are cut from)
        found = page_blocks((site / row[0] / "index.html").read_text(encoding="utf-8"))
        record = records[row[0]]
        if not record["title_inferred"]:  # a title the source has is text of it, and searched
            found.insert(0, ("title", record["title"]))
        streams[row[0]] = plain("".join(t for _, t in found))
        blocks += [plain(t) for _, t in found]
    return streams, blocks


def page_blocks(page: str) -> list[tuple[str, str]]:
    """A speech page's paragraphs and headings, ``(anchor, text)``: tags dropped, references decoded."""
    out = []
    for _tag, anchor, inner in re.findall(r'<(p|h[2-6]) id="([ps]\d+)"[^>]*>(.*?)</\1>', page, flags=re.DOTALL):
        inner = re.sub(r'<a class="headerlink[^"]*"[^>]*>.*?</a>', "", inner, flags=re.DOTALL)
        out.append((anchor, html.unescape(re.sub(r"<[^>]*>", "", inner))))
    return out


def test_seed_site_exact_search(browser: Any, seed: tuple[str, Path]) -> None:
    base, site = seed
    streams, blocks = kept_streams(site)
    slogans = [row["term"] for row in json.loads((site / "data/slogans.json").read_text(encoding="utf-8"))]
    queries = make_queries(blocks, slogans[:20] + ["两个确立", "三严三实", "招商引资", "兩個確立"], random.Random(7))
    assert len(queries) >= 100
    page, log = new_page(browser)
    page.goto(base)
    wrong, times = run_queries(page, base, queries, streams)
    assert not wrong, wrong[:5]
    # every index file but meta.json (and the folding table fetched beside it) carries meta.json's
    # version, so files cached before a deploy are never read with a newer meta.json
    version = json.loads((site / "search/archive/meta.json").read_text(encoding="utf-8"))["version"]
    fetched = [url for url, _ in log if "/search/archive/" in url]
    shards = [url for url in fetched if not url.split("?")[0].endswith(("/meta.json", "/t2s.json"))]
    assert len(shards) >= 3 and all(url.endswith(f"?v={version}") for url in shards), fetched[:5]
    print(
        f"\nseed site: {len(queries)} queries, precision = recall = 1, "
        f"median {sorted(times)[len(times) // 2]:.0f} ms, max {max(times):.0f} ms"
    )


def test_query_address_and_slogan_first(browser: Any, seed: tuple[str, Path]) -> None:
    base, site = seed
    slogans = json.loads((site / "data/slogans.json").read_text(encoding="utf-8"))
    term = next(s for s in slogans if s["term"] == "两个确立")
    page, _ = new_page(browser)
    page.goto(base + "?q=" + "两个确立")
    page.wait_for_selector(".md-search-result__list > li")
    first = page.locator(".md-search-result__list > li > a").first.get_attribute("href")
    assert first.split("?")[0] == base + term["url"]
    assert page.locator("input.md-search__input").input_value() == "两个确立"


def test_opened_result_highlights_the_match(browser: Any, seed: tuple[str, Path]) -> None:
    base, _ = seed
    page, _ = new_page(browser)
    page.goto(base)
    result = ask(page, "三严三实")
    assert result["items"]
    page.locator(".md-search-result__list > li a").nth(1).click()  # a section of the first speech
    page.wait_for_selector("mark.archive-hl")
    marked = page.eval_on_selector_all("mark.archive-hl", "ms => ms.map(m => m.textContent)")
    assert marked and all(plain(m) in "三严三实" for m in marked)
    assert "".join(plain(m) for m in marked).count("三严三实") >= 1


def test_highlight_never_injects_markup(browser: Any, seed: tuple[str, Path]) -> None:
    base, site = seed
    streams, _ = kept_streams(site)
    url = next(iter(streams))
    page, _ = new_page(browser)
    page.goto(base + url + "?h=" + "<img src=x onerror=window.__pwned=1> 同志们")
    page.wait_for_function(
        "document.querySelector('article[data-archive-hl]') && document.querySelector('article').getAttribute('data-archive-hl') !== ''"
    )
    assert page.evaluate("document.querySelectorAll('article img[src=x]').length") == 0
    assert page.evaluate("window.__pwned === undefined")


# ---------------------------------------------------------------------- 1,000 speeches


def seed_sentences() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            out += [s for s in re.findall(r"[^。！？]*[。！？]", line.strip()) if len(s) >= 8]
    return out


def synthetic_docs(n: int, seed: int = 1000, chars: int = 5500) -> list[SearchDoc]:
    """Speeches recombined from the seed's sentences: titles, headings, paragraphs."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    docs = []
    for k in range(n):
        title = rng.choice(sentences)[:20]
        blocks: list[tuple[str, str]] = [("title", title)]
        total = p = s = 0
        while total < chars:
            if rng.random() < 0.08:
                s += 1
                blocks.append((f"s{s}", rng.choice(sentences)[:18]))
            else:
                p += 1
                blocks.append((f"p{p}", "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))))
            total += len(blocks[-1][1])
        date = f"20{10 + k % 14:02d}-{1 + k % 12:02d}-{1 + k % 28:02d}"
        docs.append(SearchDoc(f"s{k:05d}", f"speeches/s{k:05d}/", title, date, "县", tuple(blocks)))
    return docs


def material_shell(target: Path, pages: dict[str, str]) -> Path:
    """A small Material site (this repository's theme overrides) holding ``pages``."""
    project = target.parent / (target.name + "-src")
    docs = project / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        json.dumps(
            {
                "site_name": "讲话档案 (test)",
                "docs_dir": "docs",
                "site_dir": str(target),
                "theme": {
                    "name": "material",
                    "custom_dir": str(ROOT / "site_overrides"),
                    "language": "zh",
                    "font": False,
                    "features": ["search.highlight"],
                },
                "plugins": [{"search": {"lang": "zh"}}],
                "nav": [{"首页": "index.md"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return target


def write_files(site: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def search_bytes(log: list[tuple[str, int]]) -> int:
    return sum(size for url, size in log)


# Heavy queries for the budgets: the most common bigrams, long common phrases, a slogan,
# a traditional query, two terms, a phrase in no speech.
BUDGET_QUERIES = [
    "发展",
    "工作",
    "党的二十大精神",
    "高质量发展",
    "两个确立",
    "兩個確立",
    "发展 工作",
    "乙丙丁",
]


def fresh_visit(browser: Any, base: str, query: str) -> tuple[int, float, dict]:
    """A new visitor: open the home page, then search once. (bytes in all, ms to answer, answer)."""
    page, log = new_page(browser)
    try:
        page.goto(base)
        page.wait_for_load_state("networkidle")
        result = ask(page, query)
        page.wait_for_load_state("networkidle")
        return search_bytes(log), result["ms"], result
    finally:
        page.context.close()


def check_budget(browser: Any, base: str, queries: list[str], max_bytes: int) -> int:
    """Every query answered within the byte budget; returns the most bytes seen."""
    worst = 0
    for query in queries:
        size, _, result = fresh_visit(browser, base, query)
        worst = max(worst, size)
        assert size <= max_bytes, (query, size)
        assert "items" in result, query
    return worst


@pytest.mark.slow
def test_thousand_speech_site(browser: Any, thousand_site: Path) -> None:
    """A generated 1,000-speech site, built by the real pipeline: exact answers, at most 1 MB."""
    site = thousand_site
    served = serve(site)
    base = served.url
    try:
        streams, blocks = kept_streams(site)
        assert len(streams) == 1000
        slogans = [row["term"] for row in json.loads((site / "data/slogans.json").read_text(encoding="utf-8"))]
        queries = make_queries(blocks, slogans[:15] + ["三严三实", "招商引资", "兩個確立"], random.Random(11))
        assert len(queries) >= 100
        page, _ = new_page(browser)
        page.goto(base)
        wrong, times = run_queries(page, base, queries, streams)
        assert not wrong, wrong[:5]
        worst = check_budget(browser, base, BUDGET_QUERIES, max_bytes=1_000_000)
        print(
            f"\n1,000 speeches: {len(queries)} queries exact; median {sorted(times)[len(times) // 2]:.0f} ms; "
            f"worst fresh visit + query {worst / 1e6:.2f} MB"
        )
    finally:
        served.stop()


@pytest.mark.slow
def test_ten_thousand_speech_budget(browser: Any, tmp_path: Path) -> None:
    """10,000 speeches: a new visitor's search transfers at most 3 MB, and answers exactly."""
    docs = synthetic_docs(10_000)
    site = material_shell(tmp_path / "site", {"index.md": "# 讲话档案\n"})
    write_files(site, build_search_files(docs, [("两个确立", (), "slogans/liang-ge-que-li/")]))
    served = serve(site)
    base = served.url
    try:
        worst = check_budget(browser, base, BUDGET_QUERIES, max_bytes=3_000_000)
        # and the answers are still exact
        import opencc

        t2s = opencc.OpenCC("t2s")
        streams = {d.url: plain("".join(t for _, t in d.blocks)) for d in docs}
        page, _ = new_page(browser)
        page.goto(base)
        for query in BUDGET_QUERIES[:5]:
            assert not check_answer(ask(page, query), truth(query, streams, t2s), base), query
        print(f"\n10,000 speeches: worst fresh visit + query {worst / 1e6:.2f} MB")
    finally:
        served.stop()
