"""Golden files for the five seeds' speech pages: any change to one shows up as a diff.

Both ways a speech page is made are pinned:

- ``<id>.md``: the Markdown page (YAML front matter and body) that MkDocs renders the long way
  (``ARCHIVE_MARKDOWN=1``, and the reference ``tests/test_parallel.py`` compares against);
- ``<id>.html`` and ``<id>.page.json``: the production fast path (``render/speech.py:
  speech_html``): the body's HTML, and the page's metadata and table of contents handed to MkDocs.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``
and review ``git diff tests/golden/`` before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from build_scripts.pipeline import Settings, build_site
from build_scripts.render.site import Pages

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(p.stem for p in (ROOT / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def pages() -> Pages:
    return build_site(Settings(corpus=ROOT / "corpus", cache_dir=None)).pages


def _matches(name: str, actual: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("speech_id", SEEDS)
def test_markdown_page_matches_its_golden_file(pages: Pages, speech_id: str) -> None:
    _matches(f"{speech_id}.md", pages[f"speeches/{speech_id}.md"])


@pytest.mark.parametrize("speech_id", SEEDS)
def test_fast_html_page_matches_its_golden_files(pages: Pages, speech_id: str) -> None:
    uri = f"speeches/{speech_id}.md"
    body = pages.html(uri)
    _matches(f"{speech_id}.html", body.content)
    page = {"meta": pages.meta(uri), "toc": [dict(t) for t in body.toc]}
    _matches(f"{speech_id}.page.json", json.dumps(page, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
