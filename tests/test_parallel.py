"""Speech pages rendered on every core give the same site as MkDocs' own sequential loop."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from build_scripts.generate import generate_corpus

ROOT = Path(__file__).resolve().parent.parent


def _build(corpus: Path, site: Path, workers: str, cache: Path) -> None:
    env = {**os.environ, "ARCHIVE_WORKERS": workers, "ARCHIVE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--corpus", str(corpus),
                             "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]


def _differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def test_parallel_and_sequential_page_rendering_build_the_same_site(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(200, corpus, ROOT / "corpus", chars=1500)
    _build(corpus, tmp_path / "one", "1", tmp_path / "cache")
    _build(corpus, tmp_path / "two", "2", tmp_path / "cache")
    assert (tmp_path / "two/speeches/gen_00199/index.html").is_file()
    assert _differences(tmp_path / "one", tmp_path / "two") == []
