"""Generated files kept from one build to the next (``spool.kept``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_scripts.engine.spool import KEEP, LIST, Spool, kept


def _maker(calls: list[str], text: str):  # type: ignore[no-untyped-def]
    def make(out: Spool) -> dict[str, Path]:
        calls.append(text)
        return {"b/page.md": out.write("b/page.md", text), "a/data.json": out.write("a/data.json", "{}", publish=True)}

    return make


def test_kept_files_are_reused_while_the_key_stays_and_remade_when_it_changes(tmp_path: Path) -> None:
    calls: list[str] = []
    spool = Spool(tmp_path / "spool")
    first = kept(tmp_path, "pages", "k1", _maker(calls, "一"), spool)
    again = kept(tmp_path, "pages", "k1", _maker(calls, "二"), spool)
    assert calls == ["一"] and again == first
    assert list(first) == ["b/page.md", "a/data.json"]  # the order they were written in
    assert first["b/page.md"].read_text(encoding="utf-8") == "一"
    assert first["b/page.md"].is_relative_to(tmp_path / "pages" / "k1")  # not in the spool, not published
    other = kept(tmp_path, "pages", "k2", _maker(calls, "三"), spool)
    assert calls == ["一", "三"] and other["b/page.md"].read_text(encoding="utf-8") == "三"


def test_only_the_newest_kept_folders_stay(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    for i in range(KEEP + 3):
        kept(tmp_path, "pages", f"k{i}", _maker([], str(i)), spool)
        os.utime(tmp_path / "pages" / f"k{i}", (1_000_000 + i, 1_000_000 + i))  # distinct ages
    left = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert left == [f"k{i}" for i in range(3, KEEP + 3)]


def test_a_folder_used_lately_is_not_removed(tmp_path: Path) -> None:
    """Another build sharing the cache may still be reading a folder it reused a moment ago."""
    spool = Spool(tmp_path / "spool")
    for i in range(KEEP + 2):
        kept(tmp_path, "pages", f"k{i}", _maker([], str(i)), spool)
        os.utime(tmp_path / "pages" / f"k{i}", (1_000_000 + i, 1_000_000 + i))
    kept(tmp_path, "pages", "k2", _maker([], "x"), spool)  # reused now, by another build
    kept(tmp_path, "pages", "k9", _maker([], "9"), spool)  # k3, old and unused, goes
    kept(tmp_path, "pages", "k10", _maker([], "10"), spool)  # beyond KEEP now, but k2 and k9 were used lately
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["k10", "k2", "k9"]


def test_a_folder_left_incomplete_is_made_again(tmp_path: Path) -> None:
    (tmp_path / "pages" / "k1" / "b").mkdir(parents=True)
    (tmp_path / "pages" / "k1" / "b" / "page.md").write_text("half", encoding="utf-8")  # no list: died midway
    calls: list[str] = []
    made = kept(tmp_path, "pages", "k1", _maker(calls, "whole"), Spool(tmp_path / "spool"))
    assert calls == ["whole"] and made["b/page.md"].read_text(encoding="utf-8") == "whole"
    assert (tmp_path / "pages" / "k1" / LIST).is_file()


def test_a_failed_make_keeps_nothing(tmp_path: Path) -> None:
    def broken(out: Spool) -> dict[str, Path]:
        out.write("b/page.md", "half")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        kept(tmp_path, "pages", "k1", broken, Spool(tmp_path / "spool"))
    assert list((tmp_path / "pages").iterdir()) == []
    calls: list[str] = []
    kept(tmp_path, "pages", "k1", _maker(calls, "ok"), Spool(tmp_path / "spool"))
    assert calls == ["ok"]


def test_without_a_cache_the_files_go_to_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool", site=tmp_path / "site")
    made = kept(None, "pages", "k1", _maker([], "x"), spool)
    assert made["a/data.json"] == tmp_path / "site" / "a" / "data.json"  # published: straight into the site
    assert made["b/page.md"].is_relative_to(spool.root)


def test_a_kept_folder_whose_files_were_removed_is_made_again(tmp_path: Path) -> None:
    """A group kept whole may hand back pages kept on their own; when one of those is gone (its
    kind kept only the newest), the group is made again rather than pointing at nothing."""
    spool = Spool(tmp_path / "spool")
    calls: list[str] = []

    def group(out: Spool) -> dict[str, Path]:
        calls.append("group")
        inner = kept(tmp_path, "page", "p1", _maker([], "页"), out)
        return {**inner, "list.md": out.write("list.md", "目录")}

    first = kept(tmp_path, "group", "g1", group, spool)
    assert first["b/page.md"].is_relative_to(tmp_path / "page" / "p1") and first["list.md"].is_relative_to(
        tmp_path / "group"
    )
    assert kept(tmp_path, "group", "g1", group, spool) == first and calls == ["group"]
    shutil.rmtree(tmp_path / "page" / "p1")
    again = kept(tmp_path, "group", "g1", group, spool)
    assert calls == ["group", "group"] and again["b/page.md"].read_text(encoding="utf-8") == "页"
