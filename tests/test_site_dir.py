"""The site folder is safe to point anywhere: the build never deletes the corpus or anyone's files,
and never empties the old site before the new one is complete.

A site folder that is, holds or lies inside the corpus is refused before anything is touched; one
that holds files that are not a site built by 讲话档案 (no ``.archive-site`` marker) is refused
unless ``--clean`` is given; the new site is built beside the old one and swapped in only when
the build has succeeded, so a failed build (bad input, ``--strict`` warnings, a full disk) leaves
the old site as it was. Errors in the settings are one line, no traceback.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))[:2]
MARKER = ".archive-site"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    (folder / f"{SEEDS[0].stem}.yml").write_text("speaker: 县委书记\n", encoding="utf-8")
    return folder


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.mark.parametrize("where", ["the corpus itself", "a folder holding the corpus", "a folder inside the corpus"])
def test_a_site_folder_overlapping_the_corpus_is_refused_before_anything_is_touched(
    tmp_path: Path, corpus: Path, build_cli: Any, where: str
) -> None:
    if where == "a folder holding the corpus":
        site = tmp_path
    elif where == "the corpus itself":
        site = corpus
    else:
        site = corpus / "site"
    before = snapshot(tmp_path)
    done = build_cli(corpus, site)
    one_line_error(done, "corpus")
    assert snapshot(tmp_path) == before
    assert not (corpus / "site").exists()


def test_a_folder_of_other_files_is_refused_unless_clean(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    site = tmp_path / "site"
    (site / "photos").mkdir(parents=True)
    (site / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff photo")
    (site / "report.docx").write_bytes(b"PK\x03\x04 a document")
    before = snapshot(site)
    done = build_cli(corpus, site)
    one_line_error(done, "report.docx", "--clean")
    assert snapshot(site) == before
    done = build_cli(corpus, site, "--clean")
    assert done.returncode == 0, done.stderr[-2000:]
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    assert not (site / "report.docx").exists() and not (site / "photos").exists()


def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    site = tmp_path / "site"
    assert build_cli(corpus, site).returncode == 0
    assert (site / MARKER).is_file()
    before = snapshot(site)
    (corpus / "bad.txt").write_bytes(b"")  # an empty file: the build stops
    done = build_cli(corpus, site)
    one_line_error(done, "bad.txt")
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # nothing left beside it


def test_a_strict_build_with_warnings_leaves_the_previous_site_as_it_was(
    tmp_path: Path, corpus: Path, build_cli: Any
) -> None:
    site = tmp_path / "site"
    assert build_cli(corpus, site).returncode == 0
    before = snapshot(site)
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")  # ignored with a warning
    (corpus / SEEDS[1].name).unlink()  # the new site would differ
    done = build_cli(corpus, site, "--strict")
    assert done.returncode != 0 and "notes.docx" in done.stderr
    assert snapshot(site) == before


def test_a_rebuild_replaces_its_own_site(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    site = tmp_path / "site"
    assert build_cli(corpus, site).returncode == 0
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    (corpus / SEEDS[1].name).unlink()
    assert build_cli(corpus, site).returncode == 0
    assert not (site / "stale.html").exists()
    assert not (site / "speeches" / SEEDS[1].stem).exists()
    assert (site / "speeches" / SEEDS[0].stem / "index.html").is_file()
    assert (site / "search").is_dir() and (site / "sitemap.xml").is_file()


def test_a_site_folder_that_is_a_file_is_one_line(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    site = tmp_path / "site"
    site.write_text("not a folder", encoding="utf-8")
    one_line_error(build_cli(corpus, site), "is a file")
    assert site.read_text(encoding="utf-8") == "not a folder"


def test_a_worker_count_that_is_not_a_number_is_one_line(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    one_line_error(build_cli(corpus, tmp_path / "site", env={"ARCHIVE_WORKERS": "abc"}), "ARCHIVE_WORKERS", "abc")


# --- a full disk ----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB file system (tmpfs), where a site does not fit; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_site_disk_is_one_clear_error_and_the_old_site_stays(
    small_disk: Path, corpus: Path, build_cli: Any
) -> None:
    site = small_disk / "site"
    site.mkdir()
    (site / MARKER).write_text("", encoding="utf-8")
    (site / "index.html").write_text("the old site", encoding="utf-8")
    done = build_cli(corpus, site)
    one_line_error(done, "No space left on device", "site")
    assert (site / "index.html").read_text(encoding="utf-8") == "the old site"
    assert [name for name in os.listdir(small_disk) if name.startswith(".site")] == []  # nothing half-built left
