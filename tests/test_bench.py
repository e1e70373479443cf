"""The benchmark's quick variant (N = 200), and the build's reproducibility and incrementality.

One generated corpus of 200 speeches is built four times with ``bench.measure_build``
(each in a fresh process, as ``make bench`` does): ours with a cold analysis cache, the
bare MkDocs + Material build of the same texts, ours again with the warm cache, and ours
after one speech changed. The tests then compare:

- the cold and the cached site: byte-identical, apart from ``bench.DATED_FILES``, which
  are compared without their build dates;
- the rebuild after one change: only the changed speech analysed again, and its page shows
  the change;
- the benchmark's own measurements: every stage present.

How fast each build is, against the bare build and the targets, is ``make bench``'s to say.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tools.bench import bench

N = 200


@dataclass(frozen=True)
class Quick:
    root: Path
    work: Path
    corpus: Path
    cold: bench.Run
    bare: bench.Run
    cached: bench.Run
    rebuild: bench.Run
    changed: Path


def _ours(root: Path, label: str, work: Path, corpus: Path, cache: Path) -> bench.Run:
    return bench.measure_build(
        "ours",
        label,
        root / "mkdocs.yml",
        work / f"site-{label}",
        work,
        corpus=corpus,
        env={"ARCHIVE_CACHE_DIR": str(cache)},
        timeout=900,
        root=root,
    )


def _bare(root: Path, label: str, work: Path, corpus: Path) -> bench.Run:
    config = bench.write_bare_project(corpus, work / f"{label}-project", work / f"site-{label}")
    return bench.measure_build("bare", label, config, work / f"site-{label}", work, timeout=900, root=root)


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Quick:
    work = tmp_path_factory.mktemp("bench")
    root = bench.snapshot_project(work / "code")  # one code version for all builds, whatever is edited meanwhile
    corpus = bench.prepare_corpus(N, work / "corpus")
    cache = work / "cache"
    cold = _ours(root, "cold", work, corpus, cache)
    assert cold.ok, f"our build failed:\n{cold.log_tail}"
    bare = _bare(root, "bare", work, corpus)
    assert bare.ok, f"the bare build failed:\n{bare.log_tail}"
    cached = _ours(root, "cached", work, corpus, cache)
    assert cached.ok, f"the cached build failed:\n{cached.log_tail}"
    changed = bench.change_one_speech(corpus)
    rebuild = _ours(root, "rebuild", work, corpus, cache)
    assert rebuild.ok, f"the rebuild failed:\n{rebuild.log_tail}"
    return Quick(root, work, corpus, cold, bare, cached, rebuild, changed)


def test_cold_and_cached_builds_are_byte_identical(quick: Quick) -> None:
    cold, cached = quick.work / "site-cold", quick.work / "site-cached"
    assert quick.cached.stage("analyse") < quick.cold.stage("analyse"), "the second build did not use the cache"
    for name in bench.DATED_FILES:
        assert (cold / name).is_file(), f"{name} is named as dated but the build does not write it"
    assert bench.diff_trees(cold, cached) == ()


def test_rebuild_after_one_change_reuses_the_others_analysis(quick: Quick) -> None:
    entries = [p for p in (quick.work / "cache" / "analysis").rglob("*") if p.is_file()]
    assert len(entries) == N + 1, f"{len(entries)} cache entries: the rebuild analysed more than the changed speech"
    speech = quick.changed.stem
    assert bench.page_shows(quick.work / "site-rebuild", speech, bench.CHANGE_MARK)
    assert not bench.page_shows(quick.work / "site-cold", speech, bench.CHANGE_MARK)
    records = {r["id"]: r for r in json.loads((quick.work / "site-rebuild/data/speeches.json").read_text("utf-8"))}
    before = {r["id"]: r for r in json.loads((quick.work / "site-cold/data/speeches.json").read_text("utf-8"))}
    assert records[speech]["sha256"] != before[speech]["sha256"]
    assert [i for i in records if records[i]["sha256"] != before[i]["sha256"]] == [speech]


def test_bench_measures_every_stage(quick: Quick) -> None:
    for run in (quick.cold, quick.bare):
        names = dict(run.stages)
        for stage in ("startup", "md_html", "templates", "mkdocs_search", "static"):
            assert stage in names, (run.label, stage)
        assert run.site_bytes > 0 and run.search_bytes > 0 and run.peak_mb > 0 and run.cpu > 0
    assert all(k in dict(quick.cold.stages) for k in bench.STAGE_KEYS)
    # the bare build runs jieba inside Material's search plugin; ours keeps its speeches out of it
    assert quick.bare.stage("mkdocs_search") > quick.cold.stage("mkdocs_search")


# ------------------------------------------------------------------- helpers, no build


def _site(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_diff_trees(tmp_path: Path) -> None:
    def sitemap(date: str, url: str = "a/") -> bytes:
        return f"<urlset><url><loc>{url}</loc><lastmod>{date}</lastmod></url></urlset>".encode()

    base = {"index.html": b"x", "a/index.html": "同志们".encode(), "sitemap.xml": sitemap("2024-01-01")}
    a = _site(tmp_path / "a", {**base, "sitemap.xml.gz": gzip.compress(sitemap("2024-01-01"), mtime=1)})
    same = _site(
        tmp_path / "b",
        {**base, "sitemap.xml": sitemap("2025-02-02"), "sitemap.xml.gz": gzip.compress(sitemap("2025-02-02"), mtime=2)},
    )
    assert bench.diff_trees(a, same) == ()
    other = _site(
        tmp_path / "c",
        {
            **base,
            "a/index.html": "同志们！".encode(),
            "extra.js": b"",
            "sitemap.xml": sitemap("2024-01-01", "b/"),
            "sitemap.xml.gz": gzip.compress(sitemap("2024-01-01"), mtime=1),
        },
    )
    assert bench.diff_trees(a, other) == ("a/index.html", "extra.js", "sitemap.xml")
    assert bench.diff_trees(a, same, ignore=()) == ("sitemap.xml", "sitemap.xml.gz")


def test_bare_project_holds_every_speech(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("题目\n\n同志们：\n  第一段。\n", encoding="utf-8")
    body = "同志们，今天我们召开全县经济工作会议，总结去年工作，部署今年任务。"
    (corpus / "y.txt").write_bytes(f"另一题目\r\n{body}\r\n".encode("gb18030"))
    config = bench.write_bare_project(corpus, tmp_path / "bare", tmp_path / "site")
    docs = tmp_path / "bare" / "docs"
    assert (docs / "speeches" / "x.md").read_text(encoding="utf-8") == "# 题目\n\n同志们：\n\n第一段。\n"
    assert (docs / "speeches" / "y.md").read_text(encoding="utf-8") == f"# 另一题目\n\n{body}\n"
    assert json.loads(config.read_text(encoding="utf-8"))["plugins"] == [{"search": {"lang": "zh"}}]


def _run(label: str, wall: float, cpu: float = 1.0, stages: dict[str, float] | None = None) -> bench.Run:
    return bench.Run(label, 0, wall, cpu, 100.0, 100.0, 1, 1, tuple((stages or {}).items()))


def test_checks_apply_the_targets_of_issue_7() -> None:
    fast = bench.SizeResult(
        1000,
        _run("ours", 10, 15),
        _run("bare", 30),
        _run("rebuild", 3, stages={"analyse": 0.2, "render": 0.5}),
        True,
        (),
    )
    verdict = {c.target: c.passed for c in bench.checks_for(fast)}
    assert verdict["wall ≤ 15 s"] and verdict["faster than the bare build (wall)"]
    assert verdict["rebuild: generation ≤ 1 s"] and verdict["both cores used (CPU/wall ≥ 1.2)"]
    slow = bench.SizeResult(10000, _run("ours", 150, 140), _run("bare", 100), None, None, ())
    verdict = {c.target: c.passed for c in bench.checks_for(slow, per_speech_1000=0.01)}
    assert not verdict["wall ≤ 120 s"] and not verdict["faster than the bare build (wall)"]
    assert not verdict["s/speech ≤ 1.3 × that at 1,000"] and not verdict["both cores used (CPU/wall ≥ 1.2)"]
    assert verdict["peak memory ≤ 2 GiB"]
    slow = replace(slow, checks=bench.checks_for(slow, per_speech_1000=0.01))
    report = bench.render_results([replace(fast, checks=bench.checks_for(fast)), slow], bench.machine_info())
    assert "| wall s | 10.0 | 30.0 | 150.0 | 100.0 |" in report and "**FAIL**" in report


def test_snapshot_copies_the_project_not_its_caches_or_itself(tmp_path: Path) -> None:
    root = _site(
        tmp_path / "repo",
        {
            "mkdocs.yml": b"site_name: x\n",
            "build_scripts/hook.py": b"# hook\n",
            "corpus/slogans.yml": b"[]\n",
            "build_scripts/__pycache__/hook.pyc": b"",
            ".git/HEAD": b"",
            ".venv/bin/python": b"",
            "site/index.html": b"",
            "bench-out/100/corpus/gen_00000.txt": b"",
        },
    )
    dest = bench.snapshot_project(root / "bench-out" / "code", root=root)
    copied = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert copied == ["build_scripts/hook.py", "corpus/slogans.yml", "mkdocs.yml"]


def test_worker_probes_are_summed(tmp_path: Path) -> None:
    probe = tmp_path / "ours.probe.json"
    probe.write_text(json.dumps({"build": 2.0, "md_html": 0.5}), encoding="utf-8")
    (tmp_path / "ours.probe.json.101").write_text(json.dumps({"md_html": 1.0}), encoding="utf-8")
    (tmp_path / "ours.probe.json.102").write_text(json.dumps({"md_html": 1.5, "pages": 2.0}), encoding="utf-8")
    (tmp_path / "other.probe.json.103").write_text(json.dumps({"md_html": 9.0}), encoding="utf-8")
    assert bench.read_probes(probe) == {"build": 2.0, "md_html": 0.5, "worker:md_html": 2.5, "worker:pages": 2.0}
