"""Golden Markdown for the five seeds: any change to a generated speech page shows up as a diff.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``
and review ``git diff tests/golden/`` before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_scripts.pipeline import Settings, build_site

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(p.stem for p in (ROOT / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return build_site(Settings(corpus=ROOT / "corpus", cache_dir=None)).pages


@pytest.mark.parametrize("speech_id", SEEDS)
def test_speech_page_matches_its_golden_file(pages: dict[str, str], speech_id: str) -> None:
    actual = pages[f"speeches/{speech_id}.md"]
    golden = GOLDEN / f"{speech_id}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 and review it"
    assert actual == golden.read_text(encoding="utf-8")
