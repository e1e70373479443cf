"""The built site as a reader meets it: served under a sub-path, opened in headless Chromium.

* every page type opens at 1280 px and 375 px with no console error, no uncaught exception,
  no failed request, no request to any host but 127.0.0.1, and no sideways scrolling on a phone;
* every internal link and every ``#anchor`` of every HTML page resolves (a static crawl of the
  whole built site: the target file exists and, for a fragment, holds an element with that id);
* screenshots of the home page, a speech and a slogan page at both widths (and a speech in the
  dark palette) go to ``tests/artifacts/``;
* a speech whose title, text and sidecar metadata carry ``<script>`` and event handlers is shown
  as text everywhere it appears, and none of its scripts runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 375)


# --- the static crawl -------------------------------------------------------------------------------


class PageLinks(HTMLParser):
    """Links, resource addresses and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = {k: v or "" for k, v in attrs}
        if d.get("id"):
            self.ids.add(d["id"])
        if tag == "a" and "name" in d:
            self.ids.add(d["name"])
        if tag == "a" and "href" in d:
            self.links.append(d["href"])
        elif tag == "link" and "href" in d:
            self.resources.append(d["href"])
        for attr in ("src", "srcset", "poster", "data"):
            if tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "object") and d.get(attr):
                self.resources.append(d[attr])


def page_url(site: Path, file: Path) -> str:
    """The address of a built file relative to the site root, as the server would serve it."""
    rel = file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a site-root-relative path is served from, or None."""
    path = site / unquote(url_path)
    if url_path.endswith("/") or url_path == "" or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


class Crawl:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.pages = sorted(site.rglob("*.html"))
        self.parsed: dict[Path, PageLinks] = {}

    def parse(self, file: Path) -> PageLinks:
        if file not in self.parsed:
            parser = PageLinks()
            parser.feed(file.read_text(encoding="utf-8"))
            self.parsed[file] = parser
        return self.parsed[file]


@pytest.fixture(scope="module")
def crawl(seed_site: Path) -> Crawl:
    return Crawl(seed_site)


def _is_404(site: Path, file: Path) -> bool:
    return file == site / "404.html"


def test_every_internal_link_and_anchor_resolves(crawl: Crawl) -> None:
    from tests.support.build import SITE_URL

    site = crawl.site
    base = "http://127.0.0.1/archive/"
    misses: list[str] = []
    checked = anchors = 0
    for file in crawl.pages:
        # The 404 page is served at any address, so its links are absolute (from site_url).
        here = SITE_URL if _is_404(site, file) else urljoin(base, page_url(site, file))
        for href in crawl.parse(file).links:
            assert not href.lower().startswith("javascript:"), f"{file}: {href}"
            url = urljoin(here, href)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                continue  # mailto:, a link to another site: not ours to resolve
            assert parts.path.startswith("/archive/"), f"{file}: {href} leaves the site's sub-path"
            target = target_file(site, parts.path[len("/archive/") :])
            checked += 1
            if target is None:
                misses.append(f"{page_url(site, file)}: {href} → no file")
                continue
            if parts.fragment and target.suffix == ".html":
                anchors += 1
                if unquote(parts.fragment) not in crawl.parse(target).ids:
                    misses.append(f"{page_url(site, file)}: {href} → no #{unquote(parts.fragment)}")
    assert not misses, f"{len(misses)} broken links of {checked}:\n" + "\n".join(misses[:40])
    assert checked > 200 and anchors > 50, (checked, anchors)


def test_no_page_loads_anything_from_another_host(crawl: Crawl) -> None:
    foreign = []
    for file in crawl.pages:
        for src in crawl.parse(file).resources:
            for part in src.split(","):
                url = part.strip().split(" ")[0]
                if url.startswith("//") or urlsplit(url).scheme in ("http", "https"):
                    if urlsplit(url).hostname not in ("127.0.0.1",):
                        foreign.append(f"{page_url(crawl.site, file)}: {url}")
    assert not foreign, "\n".join(foreign[:20])


# --- the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(seed_site: Path, serve_site: Any) -> Any:
    return serve_site(seed_site)


def page_types(site: Path) -> dict[str, str]:
    """One address per page type (relative to the site root), found in the built site."""

    def first_dir(pattern: str) -> str:
        found = sorted(p.parent for p in site.glob(pattern))
        assert found, f"no page matches {pattern}"
        return found[0].relative_to(site).as_posix() + "/"

    speech = first_dir("speeches/*/index.html")
    types = {
        "home": "",
        "browse": "browse/",
        "timeline": "browse/years/",
        "year": first_dir("browse/years/[0-9]*/index.html"),
        "speech": speech,
        "speech-paragraph": speech + "#p3",
        "slogans": "slogans/",
        "slogan": first_dir("slogans/*/index.html"),
        "data": "data/",
        "about": "about/",
        "report": "report/",
        "not-found": "speeches/no-such-speech/#p2",
    }
    for kind in ("levels", "speakers", "occasions", "themes"):
        types[kind] = f"browse/{kind}/"
        types[kind[:-1]] = first_dir(f"browse/{kind}/*/index.html")
    return types


def test_every_page_type_opens_cleanly_at_both_widths(
    served: Any, seed_site: Path, open_page: Any, artifacts: Path
) -> None:
    problems: list[str] = []
    for width in WIDTHS:
        page, watch = open_page(width=width)
        for name, address in page_types(seed_site).items():
            before = (len(watch.console_errors), len(watch.page_errors), len(watch.failed))
            page.goto("about:blank")  # a full load even when only the #fragment differs
            response = page.goto(served.url + address, wait_until="networkidle")
            assert response is not None
            expected = 404 if name == "not-found" else 200
            if response.status != expected:
                problems.append(f"{width}px {name}: status {response.status}, expected {expected}")
            console = watch.console_errors[before[0] :]
            failed = watch.failed[before[2] :]
            if name == "not-found":  # the document itself is the 404 the reader asked for
                console = [c for c in console if "404" not in c]
                failed = [f for f in failed if "no-such-speech" not in f]
            problems += [f"{width}px {name}: console: {c}" for c in console]
            problems += [f"{width}px {name}: error: {e}" for e in watch.page_errors[before[1] :]]
            problems += [f"{width}px {name}: failed: {f}" for f in failed]
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems.append(f"{width}px {name}: scrolls sideways by {overflow}px")
            if not page.locator("h1").first.is_visible():
                problems.append(f"{width}px {name}: no visible title")
            if name in ("home", "speech", "slogan"):
                page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
        problems += [f"{width}px: request to another host: {u}" for u in watch.foreign_requests]
    assert not problems, "\n".join(problems)


def test_a_cited_paragraph_is_scrolled_to_and_marked(served: Any, seed_site: Path, open_page: Any) -> None:
    speech = page_types(seed_site)["speech"]
    page, _ = open_page(width=375)
    page.goto(served.url + speech + "#p3", wait_until="networkidle")
    p3 = page.locator("#p3")
    assert p3.is_visible() and p3.evaluate("e => e.matches(':target')")
    box = p3.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    href = p3.locator("a.headerlink").get_attribute("href")
    assert href == "#p3"


def test_the_404_page_helps_from_any_depth(served: Any, open_page: Any) -> None:
    page, _ = open_page()
    page.goto(served.url + "speeches/a/b/c/missing-speech/", wait_until="networkidle")
    assert "页面不存在" in page.locator("h1").first.inner_text()
    assert page.locator(".archive-404__path").inner_text().endswith("missing-speech/")
    search = page.locator("a.archive-404__search").get_attribute("href") or ""
    assert search.endswith("?q=missing-speech") and search.startswith("/archive/")
    for link in page.locator(".archive-404 a").all():
        href = link.get_attribute("href") or ""
        assert href.startswith("/archive/"), href
    # its stylesheet loaded although the page sits four folders deeper than the site root
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")


def test_dark_palette_and_phone_screenshot(served: Any, seed_site: Path, browser: Any, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(served.url + page_types(seed_site)["speech"], wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.screenshot(path=str(artifacts / "speech-375-dark.png"), full_page=False)
    finally:
        context.close()


# --- speech text never runs -------------------------------------------------------------------------

HOSTILE_TITLE = '在全县大会上的讲话<img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = "<script>window.__pwned=2</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, build_cli: Any) -> Iterator[Path]:
    """A seed and a speech whose title, text and curated metadata carry markup and scripts."""
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus.mkdir()
    seed = sorted((ROOT / "corpus").glob("*.txt"))[1]
    shutil.copy(seed, corpus / seed.name)
    body = (
        f"{HOSTILE_TITLE}\n同志们：\n今天我们召开大会{HOSTILE_TEXT}，坚定拥护“两个确立”。\n"
        f"一、{HOSTILE_TEXT}抓落实\n一是要{{{{ config }}}}**加强**领导[链接](javascript:window.__pwned=3)。"
        f"我们要做到“两个维护”。\n"
    )
    (corpus / "hostile.txt").write_text(body, encoding="utf-8")
    (corpus / "hostile.yml").write_text(
        "speaker: '县委书记<script>window.__pwned=4</script>'\n"
        "occasion: '全县大会<img src=x onerror=\"window.__pwned=5\">'\n"
        "date: 2023-02-01\n"
        "keywords: ['<script>window.__pwned=6</script>']\n",
        encoding="utf-8",
    )
    site = corpus.parent / "site"
    done = build_cli(corpus, site)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    yield site


def test_no_script_from_speech_text_runs(hostile_site: Path, serve_site: Any, open_page: Any) -> None:
    served = serve_site(hostile_site)
    addresses = [
        "",
        "speeches/hostile/",
        "browse/",
        "browse/years/",
        "browse/years/2023/",
        "browse/speakers/",
        "browse/occasions/",
    ]
    addresses += [
        p.parent.relative_to(hostile_site).as_posix() + "/"
        for p in sorted(hostile_site.glob("browse/*/*/index.html"))
        if "hostile" in p.read_text(encoding="utf-8")
    ]
    seed_id = next(p.stem for p in (ROOT / "corpus").glob("*.txt") if (hostile_site / "speeches" / p.stem).is_dir())
    addresses.append(f"speeches/{seed_id}/")  # shows the hostile speech as related or as a neighbour
    page, watch = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for address in addresses:
        page.goto(served.url + address, wait_until="networkidle")
        assert page.evaluate("window.__pwned") is None, f"speech text ran as script on {address}"
        assert page.locator("script:not([src])", has_text="__pwned").count() == 0, address
    page.goto(served.url + "speeches/hostile/", wait_until="networkidle")
    text = page.locator("article").inner_text()
    assert HOSTILE_TEXT in text and "{{ config }}" in text and "**加强**" in text
    assert page.title().startswith(HOSTILE_TITLE)
    assert not dialogs and not watch.page_errors
