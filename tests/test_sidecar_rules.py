"""What a curator's sidecar sets reaches the site: its keywords are not replaced by computed ones,
its ``source_url`` is shown on the speech page as a link."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def test_a_sidecars_keywords_and_source_url_reach_the_site(tmp_path: Path, build_cli: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted((ROOT / "corpus").glob("*.txt"))[:2]
    for seed in seeds:
        shutil.copy(seed, corpus / seed.name)
    (corpus / f"{seeds[0].stem}.yml").write_text(
        "keywords: [馆员关键词, 第二个词]\nsource_url: https://example.org/speech?id=1&page=2\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    done = build_cli(corpus, site)
    assert done.returncode == 0, done.stderr[-2000:]
    records = {r["id"]: r for r in json.loads((site / "data/speeches.json").read_text(encoding="utf-8"))}
    assert records[seeds[0].stem]["keywords"] == ["馆员关键词", "第二个词"]
    assert records[seeds[0].stem]["evidence"]["keywords"] == "sidecar"
    assert records[seeds[1].stem]["keywords"]  # computed where no sidecar sets them
    page = (site / "speeches" / seeds[0].stem / "index.html").read_text(encoding="utf-8")
    assert '<a class="archive-source-url" href="https://example.org/speech?id=1&amp;page=2"' in page
    other = (site / "speeches" / seeds[1].stem / "index.html").read_text(encoding="utf-8")
    assert "archive-source-url" not in other
