"""Pages stay small however many speeches there are.

With MkDocs' automatic navigation every page embeds every other page's link, so a
1,000-speech site's pages are ten times those of a small one. This builds 1,000
generated speeches of the seeds' average length (``tools.bench.generate``) and checks
that the average speech page is no larger than on the five-speech site, within 15%,
that the sidebar does not grow, and that no listing page outgrows its page size.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1.15
N = 1000  # conftest's ``thousand_site``


def speech_pages(site: Path) -> list[Path]:
    return sorted(site.glob("speeches/*/index.html"))


def nav_links(page: Path) -> int:
    """Links in the primary sidebar (the part that grows with an automatic nav)."""
    html = page.read_text(encoding="utf-8")
    start = html.find('class="md-nav md-nav--primary"')
    end = html.find('class="md-nav md-nav--secondary"', start)
    if start < 0:  # a speech page hides the site-wide sidebar (``render/speech.py: speech_meta``)
        return 0
    return html[start : end if end > 0 else len(html)].count("md-nav__link")


_NOTE = re.compile(r'<aside class="archive-shared"[^>]*>.*?</aside>', re.S)
_SHARED_TEXT = re.compile(r'<span class="archive-shared-text"[^>]*>')


def page_bytes(page: Path) -> int:
    """The page's size without its shared-passage notes (``此段亦见于``) and their marks in the text:
    those grow with how much of the speech other speeches share (the generated speeches share a
    lot), not with the archive's size; ``test_shared_passage_notes_are_bounded`` bounds them."""
    html = page.read_text(encoding="utf-8")
    notes = sum(len(m.group().encode()) for m in _NOTE.finditer(html))
    marks = sum(len(m.group().encode()) + len("</span>") for m in _SHARED_TEXT.finditer(html))
    return len(html.encode()) - notes - marks


def text_bytes(site: Path, speech_id: str) -> int:
    twin = site / "sources" / f"{speech_id}.utf8.txt"  # none when the source is that text in UTF-8
    return len((twin if twin.is_file() else site / "sources" / f"{speech_id}.txt").read_bytes())


@pytest.fixture(scope="module")
def big_site(thousand_site: Path) -> Path:
    return thousand_site


@pytest.mark.slow  # the 1,000-speech build takes about two minutes on two cores
def test_average_speech_page_no_larger_than_on_the_five_speech_site(seed_site: Path, big_site: Path) -> None:
    small, big = speech_pages(seed_site), speech_pages(big_site)
    assert len(small) == len(list((ROOT / "corpus").glob("*.txt"))) and len(big) == N
    avg_small = statistics.mean(page_bytes(p) for p in small)
    avg_big = statistics.mean(page_bytes(p) for p in big)
    # what the page adds to the speech's own text (markup, panel, navigation): the part that could grow
    over_small = avg_small - statistics.mean(text_bytes(seed_site, p.parent.name) for p in small)
    over_big = avg_big - statistics.mean(text_bytes(big_site, p.parent.name) for p in big)
    print(
        f"average speech page: {avg_small / 1024:.1f} KB at 5 speeches, {avg_big / 1024:.1f} KB at {N}; "
        f"beyond the text: {over_small / 1024:.1f} KB and {over_big / 1024:.1f} KB"
    )
    assert avg_big <= avg_small * TOLERANCE, (
        f"average speech page {avg_big / 1024:.1f} KB at {N} speeches vs {avg_small / 1024:.1f} KB at 5 "
        f"(overhead beyond the text {over_big / 1024:.1f} KB vs {over_small / 1024:.1f} KB)"
    )


@pytest.mark.slow
def test_shared_passage_notes_are_bounded(big_site: Path) -> None:
    """Each shared passage's note lists a bounded number of other speeches, however many share it."""
    from build_scripts.render.passages import OTHERS_SHOWN

    notes = [m.group() for p in speech_pages(big_site)[:200] for m in _NOTE.finditer(p.read_text(encoding="utf-8"))]
    assert notes, "the generated speeches share passages: their pages should say so"
    assert max(n.count("<li>") for n in notes) <= OTHERS_SHOWN
    assert max(len(n.encode()) for n in notes) <= 2500


@pytest.mark.slow
def test_the_sidebar_does_not_grow_with_the_archive(seed_site: Path, big_site: Path) -> None:
    small = {nav_links(p) for p in speech_pages(seed_site)}
    big = {nav_links(p) for p in speech_pages(big_site)[:50]}
    assert max(big) <= max(small) + 2, (small, big)


@pytest.mark.slow
def test_no_page_of_the_big_site_is_huge(big_site: Path) -> None:
    """Listing pages are paginated: none holds more than a page size of speeches or 600 KB."""
    limit = 600 * 1024
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    print("largest pages:", ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in biggest))
    huge = {k: v for k, v in sizes.items() if v > limit}
    assert not huge, {k: f"{v / 1024:.0f} KB" for k, v in sorted(huge.items(), key=lambda kv: -kv[1])[:10]}
    from build_scripts.render.browse import PAGE_SIZE

    for path in big_site.glob("browse/**/index.html"):
        lines = len(re.findall(r'class="archive-item"', path.read_text(encoding="utf-8")))
        assert lines <= PAGE_SIZE, f"{path.relative_to(big_site)}: {lines} speeches"
