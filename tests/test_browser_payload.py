"""A payload in every field of every configuration file and sidecar never runs, in a real browser.

Two payloads, one that closes an attribute and opens a script (``"><script>alert(n)</script>``) and
one that opens an event handler inside a single-quoted attribute (``' onmouseover=alert(n) x='``),
each numbered by field, are put into the glossary (term, gloss, source, components, aliases, variants), the
theme rules (name, description, keywords), the dated events (id, label, pattern, source) and a
sidecar (title, speaker, occasion, keywords, themes, notes, source_url). The site is built and
every page that shows them is opened in headless Chromium, the search included: no dialog opens,
no element carries an event-handler attribute, no script holds a payload, and the words show as
written (Material's ``<meta name="description">`` carries the gloss literally).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def closing(n: int) -> str:
    return f'"><script>alert({n})</script>'


def handler(n: int) -> str:
    return f"' onmouseover=alert({n}) x='"


TERM = "确立" + closing(1)  # a slogan whose very name is a payload
GLOSS = "释义" + closing(2) + handler(3)
THEME = "主题" + closing(20)
VARIANT = "确立" + handler(10)  # another spelling of it, found in the text
SPEAKER = "县委书记" + closing(40) + handler(41)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory, build_cli: Any) -> Iterator[Path]:
    corpus = tmp_path_factory.mktemp("payload") / "corpus"
    corpus.mkdir()
    seed = sorted((ROOT / "corpus").glob("*.txt"))[1]
    shutil.copy(seed, corpus / seed.name)
    keyword = "关键" + handler(21)
    body = (
        f"在全县大会上的讲话\n同志们：\n今天我们召开大会，坚定拥护“两个确立”，牢记“{TERM}”和“{VARIANT}”。\n"
        f"一、抓落实\n我们要{keyword}，{keyword}，做到“两个维护”{closing(60)}。\n"
    )
    (corpus / "payload.txt").write_text(body, encoding="utf-8")
    (corpus / "slogans.yml").write_text(
        f"- term: 两个确立\n  category: numbered\n  gloss: {yaml_text(GLOSS)}\n  source: {yaml_text(handler(4))}\n"
        f"- term: {yaml_text(TERM)}\n  category: principle\n  gloss: {yaml_text(closing(5))}\n"
        f"  source: {yaml_text(closing(6))}\n  components: [{yaml_text(closing(7))}, {yaml_text(handler(8))}]\n"
        f"  aliases: [{yaml_text('别名' + closing(9))}]\n  variants: [{yaml_text(VARIANT)}]\n",
        encoding="utf-8",
    )
    (corpus / "themes.yml").write_text(
        f"themes:\n  - name: {yaml_text(THEME)}\n    description: {yaml_text(closing(22) + handler(23))}\n"
        f"    keywords: [{yaml_text(keyword)}, 两个维护]\n    min_count: 1\n",
        encoding="utf-8",
    )
    (corpus / "events.yml").write_text(
        "events:\n"
        f"  - id: {yaml_text('ev' + closing(30))}\n    label: {yaml_text('事件' + closing(31) + handler(32))}\n"
        f"    patterns: [{yaml_text(closing(60))}]\n    not_before: 2022-10-16\n    not_after: 2022-10-31\n"
        f"    source: {yaml_text(closing(33))}\n",
        encoding="utf-8",
    )
    (corpus / "payload.yml").write_text(
        f"title: {yaml_text('标题' + closing(42) + handler(43))}\n"
        f"speaker: {yaml_text(SPEAKER)}\n"
        f"occasion: {yaml_text('全县大会' + closing(44) + handler(45))}\n"
        f"keywords: [{yaml_text(closing(46))}, {yaml_text(handler(47))}]\n"
        f"themes: [{yaml_text(THEME)}]\n"
        f"source_url: {yaml_text('https://example.org/x' + closing(48).replace(' ', ''))}\n"
        "notes:\n"
        f"  - anchor: p2\n    text: {yaml_text('注' + closing(49) + handler(50))}\n"
        f"  - phrase: 抓落实\n    text: {yaml_text('注' + closing(51) + handler(52))}\n",
        encoding="utf-8",
    )
    site = corpus.parent / "site"
    done = build_cli(corpus, site)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    yield site


def test_no_payload_runs_and_every_one_shows_as_written(payload_site: Path, serve_site: Any, open_page: Any) -> None:
    served = serve_site(payload_site)
    pages = ["", "speeches/payload/", "slogans/", "browse/themes/", "browse/speakers/", "browse/occasions/", "report/"]
    pages += sorted(
        p.parent.relative_to(payload_site).as_posix() + "/"
        for p in (*payload_site.glob("slogans/*/index.html"), *payload_site.glob("browse/*/*/index.html"))
        if "alert(" in p.read_text(encoding="utf-8")
    )
    pages += ["?q=两个确立", "?q=确立", "?q=抓落实"]  # the search's result list shows titles and text
    page, watch = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{d.message}"), d.dismiss()))
    live: list[str] = []
    for address in pages:
        page.goto("about:blank")
        page.goto(served.url + address, wait_until="networkidle")
        if address.startswith("?q="):
            page.wait_for_selector(".md-search-result__list > li", state="attached", timeout=10_000)
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name + '=' + a.value))"
        )
        scripts = page.evaluate(
            "[...document.querySelectorAll('script')].map(s => s.textContent).filter(t => t.includes('alert('))"
        )
        live += [f"{address}: {h}" for h in handlers] + [f"{address}: script {s[:80]}" for s in scripts]
    assert not dialogs, dialogs
    assert not live, "\n".join(live)
    assert not watch.page_errors, watch.page_errors

    page.goto(served.url + "speeches/payload/", wait_until="networkidle")
    text = page.locator("article").inner_text()
    for shown in (SPEAKER, "全县大会" + closing(44), closing(46), handler(47), THEME, "注" + closing(49), closing(60)):
        assert shown in text, shown
    evidence = page.locator("article").text_content() or ""  # the evidence is folded away (<details>)
    assert "事件" + closing(31) + handler(32) in evidence and closing(33) in evidence
    assert page.title().startswith("标题" + closing(42) + handler(43))
    assert page.locator("a.archive-noted, span.archive-noted").first.get_attribute("title") == "注" + closing(
        51
    ) + handler(52)
    source_link = page.locator("a.archive-source-url")
    assert source_link.get_attribute("href") == "https://example.org/x" + closing(48).replace(" ", "")

    slogan = next(p for p in payload_site.glob("slogans/*/index.html") if "liang-ge-que-li" in str(p))
    page.goto(served.url + slogan.parent.relative_to(payload_site).as_posix() + "/", wait_until="networkidle")
    assert page.locator('meta[name="description"]').get_attribute("content") == GLOSS
    assert GLOSS in page.locator("article").inner_text()
