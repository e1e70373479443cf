"""The cache costs speed, never correctness.

Every value and every kept file is checked when it is read back (a checksum in the entry): a
truncated page, a changed byte in a pickle, a missing file are a miss, made again, never published
or a traceback. A cache folder that cannot be written (read only, on a full disk) is one warning
and a build without the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from build_scripts.engine.cache import Cache
from build_scripts.engine.spool import LIST, Spool, kept

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def entry_files(cache: Path, kind: str) -> list[Path]:
    return sorted(p for p in (cache / kind).rglob("*") if p.is_file())


@pytest.mark.parametrize("damage", ["one byte changed", "truncated", "emptied"])
def test_a_damaged_value_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache = Cache(tmp_path)
    value = {"title": "在全县大会上的讲话", "chars": 12345, "text": "同志们" * 100}
    cache.put("analysis", "ab" * 32, value)
    (path,) = entry_files(tmp_path, "analysis")
    data = bytearray(path.read_bytes())
    if damage == "one byte changed":
        at = bytes(data).index("全县".encode()) + 1
        data[at] ^= 0x01  # still valid UTF-8 and a valid pickle: the value would silently differ
    elif damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert cache.get("analysis", "ab" * 32) is None
    assert cache.get_or_make("analysis", "ab" * 32, lambda: value) == value
    assert cache.get("analysis", "ab" * 32) == value  # made again and kept


def test_a_value_that_unpickles_into_an_error_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("analysis", "cd" * 32, ("x",))
    (path,) = entry_files(tmp_path, "analysis")
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"\x00")  # the STOP opcode gone
    assert cache.get("analysis", "cd" * 32) is None


def _make(calls: list[int]) -> Any:
    def make(spool: Spool) -> dict[str, Path]:
        calls.append(1)
        return spool.write_all(
            [("slogans/a.md", "# 两个确立\n" + "语境" * 500), ("data/slogans.json", '[{"term":"两个确立"}]')]
        )

    return make


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "removed"])
def test_a_damaged_kept_file_is_made_again(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    calls: list[int] = []
    first = kept(cache, "slogan-pages", "k" * 64, _make(calls), Spool(tmp_path / "spool"))
    good = {name: path.read_bytes() for name, path in first.items()}
    target = first["slogans/a.md"]
    if damage == "truncated":
        target.write_bytes(good["slogans/a.md"][:100])
    elif damage == "one byte changed":
        data = bytearray(good["slogans/a.md"])
        data[50] ^= 0x01
        target.write_bytes(bytes(data))
    else:
        target.unlink()
    again = kept(cache, "slogan-pages", "k" * 64, _make(calls), Spool(tmp_path / "spool"))
    assert calls == [1, 1]
    assert {name: path.read_bytes() for name, path in again.items()} == good


def test_an_undamaged_kept_folder_is_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    calls: list[int] = []
    kept(cache, "slogan-pages", "k" * 64, _make(calls), Spool(tmp_path / "spool"))
    kept(cache, "slogan-pages", "k" * 64, _make(calls), Spool(tmp_path / "spool"))
    assert calls == [1]
    listed = json.loads((cache / "slogan-pages" / ("k" * 64) / LIST).read_text(encoding="utf-8"))
    assert all(len(entry) == 3 for entry in listed.values())  # where, size, checksum


# --- whole builds ---------------------------------------------------------------------------------


def site_digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz" and p.name != "sitemap.xml"
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    return folder


def test_a_rebuild_from_a_damaged_cache_publishes_what_a_fresh_build_does(
    tmp_path: Path, corpus: Path, build_cli: Any
) -> None:
    cache = tmp_path / "cache"
    env = {"ARCHIVE_CACHE_DIR": str(cache)}
    assert build_cli(corpus, tmp_path / "fresh", env={"ARCHIVE_CACHE_DIR": "off"}).returncode == 0
    assert build_cli(corpus, tmp_path / "site", env=env).returncode == 0
    for path in entry_files(cache, "analysis"):  # one changed byte in every analysis pickle
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    kept_json = [p for p in cache.rglob("slogans.json") if ".new-" not in str(p)]
    kept_pages = [p for p in cache.rglob("*.md") if "slogan" in str(p)]
    assert kept_json and kept_pages
    for path in (*kept_json, *kept_pages[:5]):
        path.write_bytes(path.read_bytes()[:20])  # truncated
    done = build_cli(corpus, tmp_path / "site", env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert site_digests(tmp_path / "site") == site_digests(tmp_path / "fresh")


def test_a_cache_folder_that_cannot_be_written_is_one_warning(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = build_cli(corpus, tmp_path / "site", env={"ARCHIVE_CACHE_DIR": str(blocker / "cache")})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "cache" in line and "WARNING" in line]
    assert len(warnings) == 1, done.stderr
    assert "without" in warnings[0] and str(ROOT) not in warnings[0]
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_full_cache_disk_is_one_warning(tmp_path: Path, corpus: Path, build_cli: Any) -> None:
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        done = build_cli(corpus, tmp_path / "site", env={"ARCHIVE_CACHE_DIR": str(disk / "cache")})
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
        assert sum("cache" in line and "WARNING" in line for line in done.stderr.splitlines()) == 1, done.stderr
        assert build_cli(corpus, tmp_path / "fresh", env={"ARCHIVE_CACHE_DIR": "off"}).returncode == 0
        assert site_digests(tmp_path / "site") == site_digests(tmp_path / "fresh")
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_doctests() -> None:
    import doctest

    from build_scripts.engine import cache

    assert doctest.testmod(cache).failed == 0
