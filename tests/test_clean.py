"""Boilerplate removal, driven by the labelled cases in tests/cases/boilerplate.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.analyse.structure import parse_document

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "boilerplate.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_exactly_the_boilerplate_lines_are_removed(case: dict) -> None:
    doc = parse_document(case["text"])
    assert list(doc.removed) == case["removed"]
    kept = [line.strip() for line in case["text"].splitlines() if line.strip()]
    for line in case["removed"]:
        kept.remove(line.strip())
    shown = ([doc.title] if doc.title else []) + [b.text for b in doc.blocks]
    assert "".join(shown) == "".join(kept)  # nothing else lost, order kept
