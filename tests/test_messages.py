"""Messages a user reads name files as the user knows them: relative to the corpus folder (or to the
project, for the shipped configuration), never with the build machine's absolute paths, on the
terminal and on the published 构建报告 page. ``--keep-going`` with every file bad lists every one."""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

import pytest

from build_scripts.errors import ArchiveError
from build_scripts.pipeline import Settings, build_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = sorted((ROOT / "corpus").glob("*.txt"))[0]


def no_absolute_path(text: str, *folders: Path) -> None:
    for folder in (*folders, ROOT):
        assert str(folder) not in text, f"{folder} in:\n{text}"


def test_configuration_and_sidecar_problems_name_files_relative_to_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    (corpus / f"{SEED.stem}.yml").write_text("level: 国\n", encoding="utf-8")
    (corpus / "slogans.yml").write_text("- term: 两个确立\n  category: nonsense\n", encoding="utf-8")
    (corpus / "themes.yml").write_text("themes: 3\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as caught:
        build_site(Settings(corpus=corpus, cache_dir=None, workers=1))
    files = {p.file for p in caught.value.problems}
    assert files == {"slogans.yml", "themes.yml"}, caught.value
    no_absolute_path(str(caught.value), tmp_path)

    (corpus / "slogans.yml").unlink()
    (corpus / "themes.yml").unlink()
    with pytest.raises(ArchiveError) as caught:
        build_site(Settings(corpus=corpus, cache_dir=None, workers=1))
    assert [p.file for p in caught.value.problems] == [f"{SEED.stem}.yml"]
    no_absolute_path(str(caught.value), tmp_path)


def test_the_report_page_names_refused_files_without_absolute_paths(tmp_path: Path, build_cli: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    shutil.copy(SEED, corpus / "second.txt")
    (corpus / "second.yml").write_text("level: 国\n", encoding="utf-8")
    site = tmp_path / "site"
    done = build_cli(corpus, site, "--keep-going")
    assert done.returncode == 0, done.stderr[-2000:]
    report = html.unescape((site / "report" / "index.html").read_text(encoding="utf-8"))
    assert "second.yml" in report
    no_absolute_path(report, tmp_path)


def test_keep_going_with_every_file_bad_lists_every_one(tmp_path: Path, build_cli: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ("bad_empty.txt", "bad_png.txt", "bad_random_bytes.txt")
    for name in names:
        shutil.copy(FIXTURES / name, corpus)
    done = build_cli(corpus, tmp_path / "site", "--keep-going")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    for name in names:
        assert name in done.stderr, done.stderr
    assert "no speech that could be read" in done.stderr


def test_the_terminal_names_folders_as_the_user_gave_them(tmp_path: Path) -> None:
    """Run from the folder holding corpus/ and site/, with relative paths: no absolute path comes back."""
    import os
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    (corpus / "bad.txt").write_bytes(b"")
    (corpus / f"{SEED.stem}.yml").write_text("level: 国\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mine.docx").write_bytes(b"PK")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARCHIVE_CACHE_DIR": "off"}
    for site in ("site", "corpus"):
        done = subprocess.run(
            [sys.executable, "-m", "build_scripts", "build", "--corpus", "corpus", "--site-dir", site],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
        errors = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("INFO"))
        assert errors.strip(), done.stderr
        no_absolute_path(errors, tmp_path)
    shutil.rmtree(tmp_path / "site")
    done = subprocess.run(
        [sys.executable, "-m", "build_scripts", "build", "--corpus", "corpus", "--site-dir", "site"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("INFO"))
    assert "bad.txt" in errors and f"{SEED.stem}.yml" in errors
    no_absolute_path(errors, tmp_path)


def test_doctests() -> None:
    import doctest

    from build_scripts import errors

    assert doctest.testmod(errors).failed == 0
