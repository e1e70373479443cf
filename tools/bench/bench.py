"""Measure the build at archive scale: ours against a bare MkDocs build of the same texts.

One job: for each corpus size N, generate N speeches (``generate.generate_corpus``),
build them with the project's pipeline (cold cache), build the same texts as plain
Markdown pages with Material's default search (the *bare* build), rebuild ours after
one speech changed (warm cache), optionally ask the built site's search in Chromium,
and print a Markdown table with PASS/FAIL per target of issue 7.

Every build runs in a fresh child process (``child_main``) that times MkDocs' own
stages by wrapping a few of its functions (Markdown conversion, page templates,
Material's search plugin, static files); our pipeline's stages come from the hook
(``ARCHIVE_TIMINGS``). The parent measures wall time, CPU time (``os.wait4`` of the
child: its own time and that of the worker processes it reaped) and peak memory
(the sum of the proportional set size of the child's whole process tree, sampled).
Results go to stdout and to ``<out>/results.md`` and ``<out>/results.json``. The exit
code is 0 even when a target fails (a measurement), unless ``args.check`` is set.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the build's own code is imported by the builds, not by the child before its probes
    from tools.bench import micro

ROOT = Path(__file__).resolve().parents[2]
# The generated speeches' sentences: the seeds and the development corpus (real reports and speeches)
SOURCE_CORPORA = (ROOT / "corpus", ROOT / "tests" / "devcorpus" / "texts")
DEFAULT_SIZES = (100, 1000, 10000)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
SUB_PATH = "/archive/"
# Heavy and typical queries: common bigrams, a long phrase, slogans, traditional, two terms, absent.
QUERIES = ("发展", "工作", "高质量发展", "两个确立", "兩個確立", "发展 工作", "乙丙丁")
# Files that carry the build date; everything else must be byte-identical between builds.
DATED_FILES = ("sitemap.xml", "sitemap.xml.gz")
CHANGE_MARK = "此句为增量构建检验所加。"
STAGE_KEYS = ("config", "analyse", "slogans", "annotate", "keywords", "indexes", "passages", "render", "search")
MB = 1024 * 1024


# ------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Run:
    """One measured build (ours or bare) in a child process."""

    label: str
    returncode: int
    wall: float  # seconds, spawn to exit
    cpu: float  # user + system seconds of the child and every process it reaped
    peak_mb: float  # highest sampled sum of PSS over the child's process tree
    maxrss_mb: float  # the largest single process's maximum resident set
    site_bytes: int
    search_bytes: int  # bytes under search/ in the site
    stages: tuple[tuple[str, float], ...]  # our hook's stages, then MkDocs' (see ``split_stages``)
    largest_page: tuple[str, int] = ("", 0)  # the biggest HTML file: a listing that grows with N shows here
    largest_slogan_page: tuple[str, int] = ("", 0)  # the biggest page under slogans/ (issue 16: none over 1 MB)
    artifact_bytes: int = 0  # the GitHub Pages artifact, gzipped (``pages_artifact_bytes``)
    slogans: tuple[tuple[str, int], ...] = ()  # data/slogans.json: terms by tier (glossary, discovered, candidate)
    bytes_by_folder: tuple[tuple[str, int], ...] = ()  # the site's bytes by top-level folder, largest first
    peak_split_mb: tuple[float, ...] = ()  # each process's share of the peak: the build's, then its workers
    log_tail: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def stage(self, name: str) -> float:
        return dict(self.stages).get(name, 0.0)


@dataclass(frozen=True)
class QueryCost:
    """A new visitor opening the home page with ``?q=<query>``: what it costs."""

    query: str
    results: int  # -1: no answer
    total_bytes: int  # every response, as transferred (text types gzipped like GitHub Pages)
    search_bytes: int  # responses under search/ and the search worker
    results_ms: float  # from navigation start to the result count being shown
    after_load_ms: float  # the same, counted from DOMContentLoaded
    error: str = ""


@dataclass(frozen=True)
class Check:
    """One target of issue 7 at one size: the figure, the bound, and whether it holds."""

    target: str
    measured: str
    passed: bool


@dataclass(frozen=True)
class SizeResult:
    """Everything measured for one corpus size."""

    n: int
    ours: Run
    bare: Run | None
    rebuild: Run | None
    rebuild_shows_change: bool | None
    analysis_split_ms: tuple[tuple[str, float], ...]  # CPU ms per speech, serial sample
    queries: tuple[QueryCost, ...] = ()
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gb: float
    python: str
    versions: tuple[tuple[str, str], ...]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)


# ------------------------------------------------------------------------- corpus


def prepare_corpus(n: int, out: Path, source: Sequence[Path] = SOURCE_CORPORA) -> Path:
    """A fresh folder of ``n`` generated speeches (deterministic) in ``out``; returns ``out``."""
    from tools.bench.generate import generate_corpus

    if out.exists():
        shutil.rmtree(out)
    generate_corpus(n, out, source)
    return out


def bare_page(text: str) -> str:
    """A speech as a plain Markdown page: the first line as ``# title``, every other line a paragraph.

    >>> bare_page("标题\\n\\n同志们：\\n第一段。\\n")
    '# 标题\\n\\n同志们：\\n\\n第一段。\\n'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "# (empty)\n"
    return "\n\n".join([f"# {lines[0]}", *lines[1:]]) + "\n"


def bare_config(site_dir: Path) -> dict[str, Any]:
    """The bare build's mkdocs.yml: Material, its search plugin with jieba, a one-page nav.

    An explicit nav (home only, speeches ``not_in_nav``) as FINDINGS' baseline used: MkDocs'
    automatic nav would embed every page's link in every page and grow quadratically.
    """
    return {
        "site_name": "bare",
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"lang": "zh"}}],
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/speeches/\n",
    }


def write_bare_project(corpus: Path, project: Path, site_dir: Path) -> Path:
    """Write the bare project (``docs/`` + ``mkdocs.yml``) for ``corpus``; returns the config file."""
    from build_scripts.read.source import read_source

    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs" / "speeches"
    docs.mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# 讲话（对照构建）\n\n同一批讲话的朴素页面。\n", encoding="utf-8")
    for path in sorted(corpus.glob("*.txt")):
        (docs / f"{path.stem}.md").write_text(bare_page(read_source(path).text), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(json.dumps(bare_config(site_dir), ensure_ascii=False, indent=1), encoding="utf-8")
    return config


NOT_COPIED = (
    ".git",
    ".venv",
    ".cache",
    "site",
    "bench-out",
    "tests",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    "node_modules",
)


def snapshot_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy the project (code, pages, theme overrides, shipped corpus files, mkdocs.yml) to ``dest``.

    Builds run from the copy, so one run measures one version of the code even while the
    working tree is being edited (the analysis cache is keyed by the code's hash). Left out:
    ``NOT_COPIED`` (history, environments, caches, built sites, tests) and the folder holding ``dest``.
    """
    if dest.exists():
        shutil.rmtree(dest)
    patterns = shutil.ignore_patterns(*NOT_COPIED)
    target = dest.resolve()

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(patterns(folder, names))
        return skipped | {n for n in names if target.is_relative_to((Path(folder) / n).resolve())}

    shutil.copytree(root, dest, ignore=ignore, symlinks=True)
    return dest


def change_one_speech(corpus: Path) -> Path:
    """Append ``CHANGE_MARK`` to the last line of the middle speech; returns its path."""
    paths = sorted(corpus.glob("*.txt"))
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + CHANGE_MARK + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------- measuring


def tree_bytes(root: Path) -> int:
    """Total size of the files under ``root`` (0 when it does not exist)."""
    if not root.exists():
        return 0
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def pages_artifact_bytes(site: Path) -> int:
    """The size of what ``actions/upload-pages-artifact`` uploads: the site as ``tar --dereference
    --hard-dereference -cvf`` archives it (without .git and .github), compressed as the upload is
    (deflate, level 6: ``gzip -6``)."""
    if not site.is_dir():
        return 0
    tar = subprocess.Popen(
        [
            "tar",
            "--dereference",
            "--hard-dereference",
            "--exclude=.git",
            "--exclude=.github",
            "-C",
            str(site),
            "-cf",
            "-",
            ".",
        ],
        stdout=subprocess.PIPE,
    )
    gz = subprocess.Popen(["gzip", "-6", "-c"], stdin=tar.stdout, stdout=subprocess.PIPE)
    assert tar.stdout is not None and gz.stdout is not None
    tar.stdout.close()  # gzip holds the pipe now
    size = 0
    while chunk := gz.stdout.read(1 << 20):
        size += len(chunk)
    gz.wait()
    tar.wait()
    return size


def slogan_tiers(site: Path) -> tuple[tuple[str, int], ...]:
    """How many terms ``data/slogans.json`` lists by tier: glossary, discovered (a page), candidate."""
    try:
        rows = json.loads((site / "data" / "slogans.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.get("tier", "discovered" if row.get("category") == "discovered" else "glossary")] += 1
    return tuple((t, counts[t]) for t in ("glossary", "discovered", "candidate"))


def bytes_by_folder(site: Path) -> tuple[tuple[str, int], ...]:
    """The site's bytes by top-level folder (files at the top together), largest first."""
    sizes: dict[str, int] = defaultdict(int)
    if site.is_dir():
        for path in site.rglob("*"):
            if path.is_file():
                rel = path.relative_to(site).parts
                sizes[rel[0] if len(rel) > 1 else "(top)"] += path.stat().st_size
    return tuple(sorted(sizes.items(), key=lambda kv: -kv[1]))


def largest_html(root: Path) -> tuple[str, int]:
    """The biggest ``.html`` file under ``root``: its relative path and size."""
    best = ("", 0)
    for path in root.rglob("*.html") if root.exists() else ():
        size = path.stat().st_size
        if size > best[1]:
            best = (path.relative_to(root).as_posix(), size)
    return best


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        children[int(fields[1])].append(int(entry.name))
    return children


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError):
        return 0


def tree_pss_kb(root: int) -> tuple[int, ...]:
    """Proportional set size of ``root`` and each of its descendants, in KiB (Linux ``/proc``)."""
    children = _children_map()
    todo, sizes = [root], []
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        sizes.append(_pss_kb(pid))
    return tuple(sizes)


@dataclass
class _Sampler:
    pid: int
    timeout: float
    interval: float = 0.25
    peak_kb: int = 0
    peak_split: tuple[int, ...] = ()  # each process's PSS (KiB) at the peak, the build's own first
    timed_out: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(self.interval):
            sizes = tree_pss_kb(self.pid)
            if sum(sizes) > self.peak_kb:
                self.peak_kb, self.peak_split = sum(sizes), sizes
            if time.monotonic() - started > self.timeout:
                self.timed_out = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)  # the child leads its own process group
                except OSError:
                    pass
                return

    def stop(self) -> None:
        self._stop.set()


def measure_build(
    kind: str,
    label: str,
    config_file: Path,
    site_dir: Path,
    work: Path,
    corpus: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 3600.0,
    root: Path = ROOT,
) -> Run:
    """Build once in a fresh child process and measure it.

    ``kind`` is ``"ours"`` (``python -m build_scripts build`` with ``corpus``) or ``"bare"``
    (``mkdocs build`` of ``config_file``). ``work`` holds the child's probe file and log.
    ``env`` is added to the environment (e.g. ``ARCHIVE_CACHE_DIR``). The child runs in
    ``root`` and imports ``build_scripts`` from there (see ``snapshot_project``).
    """
    work.mkdir(parents=True, exist_ok=True)
    probe = work / f"{label}.probe.json"
    timings = work / f"{label}.timings.json"
    log = work / f"{label}.log"
    for stale in (probe, timings, *work.glob(probe.name + ".*")):
        stale.unlink(missing_ok=True)
    environ = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_CORPUS", "ARCHIVE_KEEP_GOING")}
    environ.update({"NO_MKDOCS_2_WARNING": "1", "ARCHIVE_TIMINGS": str(timings)})
    environ.update(env or {})
    cmd = [
        sys.executable,
        "-c",
        "import sys; from tools.bench.bench import child_main; sys.exit(child_main(sys.argv[1:]))",
        kind,
        str(config_file),
        str(corpus or ""),
        str(site_dir),
        str(probe),
    ]
    spawned = time.time()
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=root, env=environ, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler = _Sampler(proc.pid, timeout)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        thread.join()
    returncode = proc.returncode if not sampler.timed_out else -9
    probes = read_probes(probe)
    ours = _read_json(timings)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    return Run(
        label=label,
        returncode=returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(sampler.peak_kb, usage.ru_maxrss) / 1024,
        maxrss_mb=usage.ru_maxrss / 1024,
        site_bytes=tree_bytes(site_dir),
        search_bytes=tree_bytes(site_dir / "search"),
        stages=split_stages(probes, ours, spawned),
        largest_page=largest_html(site_dir),
        largest_slogan_page=largest_html(site_dir / "slogans") if kind == "ours" else ("", 0),
        artifact_bytes=pages_artifact_bytes(site_dir) if kind == "ours" and label == "ours" else 0,
        slogans=slogan_tiers(site_dir) if kind == "ours" else (),
        bytes_by_folder=bytes_by_folder(site_dir),
        peak_split_mb=tuple(kb / 1024 for kb in sampler.peak_split if kb),
        log_tail=tail if returncode else "",
    )


def _read_json(path: Path) -> dict[str, float]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def split_stages(probes: dict[str, float], ours: dict[str, float], spawned: float) -> tuple[tuple[str, float], ...]:
    """Where the time went, in seconds, from the child's probes and our hook's timings.

    Our stages keep the hook's names (``config`` ... ``search``, wall seconds); MkDocs' are
    ``startup`` (interpreter, imports, loading mkdocs.yml), ``md_read`` (reading pages and
    page events), ``md_html`` (Python-Markdown), ``templates`` (Jinja and writing pages),
    ``mkdocs_search`` (Material's search plugin: jieba segmentation and its index),
    ``static`` (theme assets, sitemap, 404), ``hook_glue`` (our hook's ``on_files`` beyond
    our stages: handing MkDocs the generated files) and ``mkdocs_other`` (the rest of
    MkDocs' build: listing files, nav, anchors). Each MkDocs stage also comes as
    ``cpu:<stage>`` (CPU seconds of the MkDocs process), and ``md_html:<section>`` /
    ``pages:<section>`` split Markdown and page building by the pages' first folder, and
    ``detail:<what>`` are finer MkDocs figures (front matter, plugin events) inside those stages.
    Stages our hook times outside ``on_files`` (e.g. ``speech pages``, rendered in forked
    workers after the build) come after ours; what the forked workers spent, summed over
    them, comes as ``workers:<what>``.

    >>> stages = dict(split_stages({"t0": 10.5, "build": 5.0, "build_start": 11.0, "md_populate": 2.0,
    ...     "md_html": 1.5, "pages": 2.0, "search_pages": 0.5, "search_write": 0.1, "static": 0.2,
    ...     "theme_templates": 0.1, "on_files": 0.6, "md_html:slogans": 1.0}, {"analyse": 0.5}, 10.0))
    >>> stages["startup"], stages["md_html"], stages["templates"], stages["mkdocs_search"], stages["md_html:slogans"]
    (1.0, 1.5, 1.5, 0.6, 1.0)
    >>> round(stages["hook_glue"], 6), round(stages["mkdocs_other"], 6)
    (0.1, 0.0)
    """
    out: list[tuple[str, float]] = [(k, ours[k]) for k in STAGE_KEYS if k in ours]
    later = {k: v for k, v in ours.items() if k not in STAGE_KEYS and k != "hook_total"}  # e.g. "speech pages"
    out.extend(later.items())
    if not probes:
        return tuple(out)
    hook = sum(ours.get(k, 0.0) for k in STAGE_KEYS)
    out.append(("startup", probes.get("build_start", probes.get("t0", spawned)) - spawned))
    for prefix in ("", "cpu:"):

        def got(k: str, prefix: str = prefix) -> float:
            return probes.get(prefix + k, 0.0)

        timed = sum(got(k) for k in ("md_populate", "pages", "static", "theme_templates", "search_write", "on_files"))
        mk = {
            "md_read": got("md_populate") - got("md_html"),
            "md_html": got("md_html"),
            "templates": got("pages") - got("search_pages"),
            "mkdocs_search": got("search_pages") + got("search_write"),
            "static": got("static") + got("theme_templates"),
            "hook_glue": max(got("on_files") - hook, 0.0) if not prefix else 0.0,
            "mkdocs_other": max(got("build") - timed - (sum(later.values()) if not prefix else 0.0), 0.0),
        }
        out.extend((prefix + k, v) for k, v in mk.items())
    if any(k.startswith("worker:") for k in probes):

        def worker(k: str) -> float:
            return probes.get("worker:" + k, 0.0)

        out.extend(
            [
                ("workers:read pages, page events", worker("md_populate") - worker("md_html")),
                ("workers:Markdown → HTML", worker("md_html")),
                ("workers:templates, write pages", worker("pages") - worker("search_pages")),
                ("workers:Material search", worker("search_pages")),
            ]
        )
        out.extend(
            ("workers:" + k[len("worker:detail:") :], v) for k, v in probes.items() if k.startswith("worker:detail:")
        )
    out.extend(sorted((k, v) for k, v in probes.items() if k.startswith(("md_html:", "pages:", "detail:"))))
    return tuple(out)


# ------------------------------------------------------------------ child process


def _section(page: Any) -> str:
    """The first part of a page's source path: ``speeches``, ``slogans``, ``browse`` or ``other``."""
    uri = getattr(getattr(page, "file", None), "src_uri", "") or ""
    return uri.split("/", 1)[0] if "/" in uri else "other"


def _wrap(owner: Any, name: str, label: str, totals: dict[str, float], by_page: bool = False) -> None:
    """Replace ``owner.name`` with a copy that adds its wall and CPU seconds to ``totals``.

    With ``by_page``, the first argument is a page and the time is also added under
    ``<label>:<section>``.
    """
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            wall = time.perf_counter() - started
            totals[label] += wall
            totals["cpu:" + label] += time.process_time() - cpu
            if by_page and args:
                totals[f"{label}:{_section(args[0])}"] += wall

    setattr(owner, name, timed)


def child_main(argv: Sequence[str]) -> int:
    """Run one build with MkDocs' stages timed; write the times to the probe file.

    ``argv``: kind (``ours`` or ``bare``), config file, corpus (ours only), site dir, probe file.
    """
    t0 = time.time()
    kind, config_file, corpus, site_dir, probe_file = argv
    import logging

    import mkdocs.commands.build as mk_build
    import mkdocs.plugins as mk_plugins
    import mkdocs.structure.files as mk_files
    import mkdocs.structure.pages as mk_pages
    from material.plugins.search import plugin as search_plugin

    totals: dict[str, float] = defaultdict(float)
    _wrap(mk_build, "_populate_page", "md_populate", totals)
    _wrap(mk_build, "_build_page", "pages", totals, by_page=True)
    _wrap(mk_build, "_build_theme_template", "theme_templates", totals)
    _wrap(mk_build, "build", "build", totals)
    _wrap(mk_pages.Page, "render", "md_html", totals, by_page=True)
    _wrap(mk_pages.Page, "read_source", "detail:front matter (read_source)", totals)
    _wrap(mk_plugins.PluginCollection, "on_page_markdown", "detail:page_markdown events", totals)
    _wrap(mk_plugins.PluginCollection, "on_page_context", "detail:page_context events (search included)", totals)
    _wrap(mk_plugins.PluginCollection, "on_post_page", "detail:post_page events", totals)
    _wrap(mk_files.Files, "copy_static_files", "static", totals)
    _wrap(mk_plugins.PluginCollection, "on_files", "on_files", totals)
    _wrap(search_plugin.SearchPlugin, "on_page_context", "search_pages", totals)
    _wrap(search_plugin.SearchPlugin, "on_post_build", "search_write", totals)
    from multiprocessing import util as mp_util

    global _fork_anchor
    _fork_anchor = _Anchor()
    mp_util.register_after_fork(_fork_anchor, lambda _: _forked(totals, probe_file))
    code = 1
    build_start = time.time()
    try:
        if kind == "ours":
            from build_scripts.__main__ import main

            build_start = time.time()
            code = main(["build", "--corpus", corpus, "--site-dir", site_dir, "--config-file", config_file])
        elif kind == "bare":
            from mkdocs.config import load_config

            logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
            build_start = time.time()
            mk_build.build(load_config(config_file, site_dir=site_dir))
            code = 0
        else:
            print(f"unknown build kind {kind!r}: expected ours or bare", file=sys.stderr)
            return 2
    finally:
        Path(probe_file).write_text(json.dumps({**totals, "t0": t0, "build_start": build_start}), encoding="utf-8")
    return code


class _Anchor:
    """A weak-referenceable object for ``multiprocessing.util.register_after_fork``."""


_fork_anchor: _Anchor | None = None


def _forked(totals: dict[str, float], probe_file: str) -> None:
    """In a ``multiprocessing`` process the build forked: count its own times, write them at exit.

    Such processes end with ``os._exit`` after running their finalizers (registered after
    the fork, since the registry is cleared then), so the times go out through a finalizer
    to ``<probe file>.<pid>``.
    """
    from multiprocessing import util

    totals.clear()

    def write() -> None:
        if totals:
            Path(f"{probe_file}.{os.getpid()}").write_text(json.dumps(totals), encoding="utf-8")

    util.Finalize(None, write, exitpriority=100)


def read_probes(probe: Path) -> dict[str, float]:
    """The child's probe file, with its forked workers' times summed under ``worker:<key>``."""
    probes = _read_json(probe)
    for path in sorted(probe.parent.glob(probe.name + ".*")):
        for key, value in _read_json(path).items():
            probes["worker:" + key] = probes.get("worker:" + key, 0.0) + value
    return probes


# ------------------------------------------------------------------ analysis split


def analysis_split(corpus: Path, sample: int = 30) -> tuple[tuple[str, float], ...]:
    """CPU milliseconds per speech to read, parse and annotate, measured serially on a sample.

    The build analyses in parallel worker processes, so its ``analyse`` stage cannot be split
    there; this measures the same functions one after another in this process.
    """
    from build_scripts import pipeline
    from build_scripts.analyse.speech import analyse_speech
    from build_scripts.analyse.structure import parse_document
    from build_scripts.read.source import read_source

    paths = sorted(corpus.glob("*.txt"))[:sample]
    if not paths:
        return ()
    config = pipeline.load_config(pipeline.Settings(corpus=corpus, cache_dir=None))
    read = parse = whole = 0.0
    for path in paths:
        t = time.process_time()
        source = read_source(path)
        t1 = time.process_time()
        parse_document(source.text)
        t2 = time.process_time()
        analyse_speech(path, None, config)
        t3 = time.process_time()
        read, parse, whole = read + t1 - t, parse + t2 - t1, whole + t3 - t2
    k = 1000 / len(paths)
    return (("read", read * k), ("parse", parse * k), ("annotate", max(whole - read - parse, 0.0) * k))


# -------------------------------------------------------------------- comparison


def diff_trees(a: Path, b: Path, ignore: Iterable[str] = DATED_FILES) -> tuple[str, ...]:
    """Relative paths that differ between two site folders (missing on one side, or other bytes).

    Files named in ``ignore`` (site-relative paths) are compared after removing what carries
    the build date: ``<lastmod>`` elements, and gzip's header for ``.gz`` files.
    """
    ignored = set(ignore)
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        x, y = (a / rel).read_bytes(), (b / rel).read_bytes()
        if x == y:
            continue
        if rel in ignored and _undated(rel, x) == _undated(rel, y):
            continue
        out.append(rel)
    return tuple(sorted(out))


def _undated(rel: str, data: bytes) -> bytes:
    """``data`` without what carries the build date (see ``diff_trees``).

    >>> _undated("sitemap.xml", b"<url><lastmod>2024-01-02</lastmod></url>")
    b'<url></url>'
    """
    if rel.endswith(".gz"):
        data = gzip.decompress(data)
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)


# ------------------------------------------------------------------------ browser


@functools.cache
def _chromium_available() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def measure_queries(site: Path, queries: Sequence[str] = QUERIES, timeout_ms: int = 60_000) -> tuple[QueryCost, ...]:
    """Each query as a new visitor: open ``<home>?q=<query>`` in Chromium, count what is fetched.

    A query that took over a second (or failed) is visited once more on a new page and the
    better visit kept, as the search tests do: the budget is for the search, not the machine's load.
    """
    from playwright.sync_api import sync_playwright

    from tests.support.server import serve  # the tests' server: text gzipped as GitHub Pages does

    served = serve(site, SUB_PATH, gzip=True)
    base = served.url
    out: list[QueryCost] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS))
            try:
                for query in queries:
                    cost = _visit(browser, base, query, timeout_ms)
                    if cost.results < 0 or cost.after_load_ms > 1000:  # once more: the machine may be busy
                        again = _visit(browser, base, query, timeout_ms)
                        if again.results >= 0 and (cost.results < 0 or again.after_load_ms < cost.after_load_ms):
                            cost = again
                    out.append(cost)
            finally:
                browser.close()
    finally:
        served.stop()
    return tuple(out)


_RESULT_SHOWN = """() => {
  const meta = document.querySelector('.md-search-result__meta')
  const text = meta ? meta.textContent : ''
  return /结果/.test(text) && !/初始化/.test(text) ? performance.now() : null
}"""


def _visit(browser: Any, base: str, query: str, timeout_ms: int) -> QueryCost:
    context = browser.new_context(service_workers="block")
    sizes: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        try:
            s = request.sizes()
            sizes.append((request.url, s["responseBodySize"] + s["responseHeadersSize"]))
        except Exception:  # noqa: BLE001 - a request of a page being closed
            pass

    context.on("requestfinished", finished)
    page = context.new_page()
    try:
        page.goto(base + "?q=" + urllib.parse.quote(query), wait_until="domcontentloaded")
        shown = page.wait_for_function(_RESULT_SHOWN, timeout=timeout_ms, polling=10).json_value()
        dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        count = page.evaluate("document.querySelectorAll('.md-search-result__list > li').length")
        search = sum(n for url, n in sizes if "/search/" in url or "search-worker" in url or "archive-search" in url)
        return QueryCost(query, count, sum(n for _, n in sizes), search, shown, shown - dcl)
    except Exception as exc:  # noqa: BLE001 - a measurement: record the failure, go on
        return QueryCost(query, -1, sum(n for _, n in sizes), 0, 0.0, 0.0, error=str(exc).splitlines()[0][:200])
    finally:
        context.close()


# ------------------------------------------------------------------------ targets


def checks_for(result: SizeResult, per_speech_1000: float | None = None) -> tuple[Check, ...]:
    """The targets of issue 7 that apply at ``result.n``, each with its measured figure.

    ``per_speech_1000``: wall seconds per speech measured at 1,000 in the same run, for the
    near-linear target at 10,000.
    """
    n, ours, bare, rebuild = result.n, result.ours, result.bare, result.rebuild
    out = [Check("build succeeds", f"exit {ours.returncode}", ours.ok)]
    if n == 10000:
        out.append(Check("wall ≤ 120 s", f"{ours.wall:.1f} s", ours.wall <= 120))
        out.append(Check("peak memory ≤ 2 GiB", f"{ours.peak_mb:.0f} MB", ours.peak_mb <= 2048))
        if per_speech_1000:
            ratio = ours.wall / n / per_speech_1000
            out.append(Check("s/speech ≤ 1.3 × that at 1,000", f"{ratio:.2f} ×", ratio <= 1.3))
        # issue 16, in the report's units (MB = 2^20 bytes): the site within GitHub Pages' 1 GB
        out.append(Check("site ≤ 1 GiB (issue 16)", f"{ours.site_bytes / MB:,.0f} MB", ours.site_bytes <= 1024 * MB))
        artifact = ours.artifact_bytes
        out.append(Check("Pages artifact ≤ 400 MB (issue 16)", f"{artifact / MB:,.0f} MB", 0 < artifact <= 400 * MB))
    if ours.ok and ours.largest_slogan_page[1]:
        page, size = ours.largest_slogan_page
        out.append(Check("no slogan page over 1 MB (issue 16)", f"{size / MB:.2f} MB `{page}`", size <= MB))
    if n == 1000:
        out.append(Check("wall ≤ 15 s", f"{ours.wall:.1f} s", ours.wall <= 15))
    if bare is not None and bare.ok:
        out.append(
            Check("faster than the bare build (wall)", f"{ours.wall:.1f} s vs {bare.wall:.1f} s", ours.wall < bare.wall)
        )
    if n >= 1000:
        par = ours.cpu / ours.wall if ours.wall else 0.0
        out.append(Check("both cores used (CPU/wall ≥ 1.2)", f"{par:.2f}", par >= 1.2))
    if rebuild is not None:
        gen = sum(rebuild.stage(k) for k in STAGE_KEYS)
        out.append(
            Check(
                "rebuild shows the changed speech",
                "yes" if result.rebuild_shows_change else "no",
                bool(result.rebuild_shows_change),
            )
        )
        if n == 1000:
            out.append(Check("rebuild: generation ≤ 1 s", f"{gen:.2f} s", gen <= 1.0))
            serve = rebuild.wall - rebuild.stage("startup")
            out.append(Check("rebuild: serve shows the change ≤ 10 s", f"{serve:.1f} s", serve <= 10))
    if result.queries:
        budget = {1000: 1_000_000, 10000: 3_000_000}.get(n)
        answered = [q for q in result.queries if q.results >= 0]
        out.append(
            Check(
                "every query answered", f"{len(answered)}/{len(result.queries)}", len(answered) == len(result.queries)
            )
        )
        if budget and answered:
            worst = max(q.search_bytes for q in answered)
            out.append(
                Check(f"search transfer ≤ {budget / 1e6:.0f} MB per query", f"{worst / 1e6:.2f} MB", worst <= budget)
            )
        if answered:
            slowest = max(q.after_load_ms for q in answered)
            out.append(Check("first results ≤ 1 s after the page loaded", f"{slowest:.0f} ms", slowest <= 1000))
    return tuple(out)


# ------------------------------------------------------------------------- tables


def md_table(header: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1) -> str:
    """A Markdown table; the first ``left`` columns left-aligned, the others right-aligned.

    >>> print(md_table(["", "a"], [["x", "1"]]))
    |  | a |
    | :-- | --: |
    | x | 1 |
    """
    align = [":--"] * left + ["--:"] * (len(header) - left)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _f(value: float | None, digits: int = 1) -> str:
    """A figure with thousands separators, or an em dash.

    >>> _f(1234.5), _f(None), _f(0.01234, 3)
    ('1,234.5', '—', '0.012')
    """
    return "—" if value is None else f"{value:,.{digits}f}"


STAGE_LABELS = (
    ("startup", "start-up: Python, imports, mkdocs.yml"),
    ("config", "ours: glossary, themes, events"),
    ("analyse", "ours: read + parse + annotate (parallel, cached)"),
    ("slogans", "ours: slogans discovered"),
    ("annotate", "ours: slogans found, terms counted (parallel, cached)"),
    ("keywords", "ours: keywords ranked (TF-IDF)"),
    ("indexes", "ours: indexes (slogans, listings, related)"),
    ("passages", "ours: waiting for the search index and the shared passages (their own process; one worker: making them)"),
    ("render", "ours: Markdown pages and data files"),
    ("detection_wait", "ours: of which waiting for the passages' detection before the slogan pages"),
    ("search", "ours: search index and shared passages started (one process beside the term counters)"),
    ("hook_glue", "hook: handing the generated files to MkDocs"),
    ("md_read", "MkDocs: read pages, page events"),
    ("md_html", "MkDocs: Markdown → HTML"),
    ("templates", "MkDocs: templates, write pages"),
    ("mkdocs_search", "MkDocs: Material search (jieba), its index"),
    ("static", "MkDocs: theme assets, sitemap, 404"),
    ("mkdocs_other", "MkDocs: other (files, nav, anchors)"),
)
_MKDOCS_STAGES = ("md_read", "md_html", "templates", "mkdocs_search", "static", "mkdocs_other")


def _stage_cell(run: Run | None, key: str) -> str:
    """Wall seconds, with the MkDocs process's CPU seconds in parentheses for MkDocs' stages."""
    if run is None or not run.ok or (key not in dict(run.stages)):
        return ""
    cell = _f(run.stage(key), 2)
    if key in _MKDOCS_STAGES:
        cell += f" ({_f(run.stage('cpu:' + key), 2)})"
    return cell


def _sections(run: Run | None, stage: str) -> str:
    """``stage`` split by page section, e.g. ``slogans 4.03 · speeches 1.21``, largest first."""
    if run is None or not run.ok:
        return ""
    parts = sorted(((v, k.split(":", 1)[1]) for k, v in run.stages if k.startswith(stage + ":")), reverse=True)
    return " · ".join(f"{name} {v:.2f}" for v, name in parts)


def render_results(results: Sequence[SizeResult], machine: Machine, timings: Sequence[micro.Timing] = ()) -> str:
    """The whole report as Markdown: machine, figures, stages, rebuild, search, targets, and the
    single algorithms' ``timings`` (``micro.py``)."""
    head = [""]
    runs: list[tuple[SizeResult, Run | None]] = []
    for r in results:
        head += [f"{r.n:,} ours", f"{r.n:,} bare"]
        runs += [(r, r.ours), (r, r.bare)]

    def row(label: str, fn: Callable[[SizeResult, Run], str]) -> list[str]:
        return [label] + [fn(r, run) if run is not None and run.ok else "—" for r, run in runs]

    def ratio(r: SizeResult, run: Run) -> str:
        if run is r.ours and r.bare is not None and r.bare.ok:
            return f"{r.ours.wall / r.bare.wall:.2f} (CPU {r.ours.cpu / r.bare.cpu:.2f})"
        return ""

    main = md_table(
        head,
        [
            row("wall s", lambda r, x: _f(x.wall)),
            row("CPU s (user+sys, all processes)", lambda r, x: _f(x.cpu)),
            row("CPU / wall", lambda r, x: _f(x.cpu / x.wall, 2)),
            row("peak MB (process tree PSS)", lambda r, x: _f(x.peak_mb, 0)),
            row("peak by process MB", lambda r, x: " + ".join(_f(v, 0) for v in x.peak_split_mb)),
            row("site MB", lambda r, x: _f(x.site_bytes / MB)),
            row(
                "GitHub Pages artifact MB (tar, gzip -6)",
                lambda r, x: _f(x.artifact_bytes / MB) if x.artifact_bytes else "",
            ),
            row(
                "speeches per GB of site (per 400 MB of artifact)",
                lambda r, x: (
                    f"{r.n / (x.site_bytes / 1e9):,.0f}"
                    + (f" ({r.n / (x.artifact_bytes / 400e6):,.0f})" if x.artifact_bytes else "")
                ),
            ),
            row("search MB", lambda r, x: _f(x.search_bytes / MB)),
            row(
                "slogans: glossary / discovered (own page) / candidates",
                lambda r, x: " / ".join(f"{n:,}" for _, n in x.slogans),
            ),
            row(
                "site MB by folder",
                lambda r, x: " · ".join(f"{k} {v / MB:,.1f}" for k, v in x.bytes_by_folder[:6]),
            ),
            row(
                "largest slogan page KB",
                lambda r, x: (
                    f"{_f(x.largest_slogan_page[1] / 1024, 0)} `{x.largest_slogan_page[0]}`"
                    if x.largest_slogan_page[1]
                    else ""
                ),
            ),
            row("largest page KB", lambda r, x: f"{_f(x.largest_page[1] / 1024, 0)} `{x.largest_page[0]}`"),
            row("ms per speech (wall)", lambda r, x: _f(x.wall / r.n * 1000)),
            row("ours / bare (wall)", ratio),
        ],
    )
    stage_head = ["stage: wall s (CPU s)"]
    for r in results:
        stage_head += [f"{r.n:,} ours", f"{r.n:,} bare"]
    stage_rows = [[label] + [_stage_cell(run, key) for _, run in runs] for key, label in STAGE_LABELS]
    stage_rows.append(["Markdown → HTML by section"] + [_sections(run, "md_html") for _, run in runs])
    stage_rows.append(["templates + search by section"] + [_sections(run, "pages") for _, run in runs])
    stage_rows.append(["MkDocs details (inside the stages above)"] + [_sections(run, "detail") for _, run in runs])
    extra = sorted({k for r in results for k, _ in r.ours.stages if k not in dict(STAGE_LABELS) and ":" not in k})
    for key in extra:  # stages our hook times after on_files, e.g. speech pages rendered in workers
        stage_rows.append([f"hook: {key}"] + [_stage_cell(run, key) for _, run in runs])
    if any(k.startswith("workers:") for r in results for k, _ in r.ours.stages):
        stage_rows.append(["in forked workers, summed over them (s)"] + [_sections(run, "workers") for _, run in runs])
    split_cells = []
    for r, run in runs:
        split_cells.append(" / ".join(_f(v, 2) for _, v in r.analysis_split_ms) if run is r.ours else "")
    stage_rows.append(["analysis, CPU ms per speech (serial sample): read / parse / annotate"] + split_cells)
    stages = md_table(stage_head, stage_rows)

    rebuild_rows = []
    for r in results:
        if r.rebuild is None:
            continue
        gen = sum(r.rebuild.stage(k) for k in STAGE_KEYS)
        rebuild_rows.append(
            [
                f"{r.n:,}",
                _f(r.rebuild.wall),
                _f(r.rebuild.wall - r.rebuild.stage("startup")),
                _f(gen, 2),
                _f(r.rebuild.stage("analyse"), 2),
                " · ".join(f"{k} {r.rebuild.stage(k):.2f}" for k in STAGE_KEYS if k != "analyse"),
                "yes" if r.rebuild_shows_change else "NO",
            ]
        )
    rebuild = md_table(
        [
            "N",
            "wall s",
            "build s (what serve redoes)",
            "generation s",
            "of which analyse s",
            "other stages s",
            "change shown",
        ],
        rebuild_rows,
    )
    query_rows = []
    for r in results:
        for q in r.queries:
            query_rows.append(
                [
                    f"{r.n:,}",
                    q.query,
                    str(q.results) if q.results >= 0 else f"error: {q.error}",
                    _f(q.search_bytes / 1e6, 3),
                    _f(q.total_bytes / 1e6, 3),
                    _f(q.after_load_ms, 0),
                    _f(q.results_ms, 0),
                ]
            )
    queries = md_table(
        ["N", "query", "results listed", "search MB", "all MB", "ms after DOMContentLoaded", "ms from navigation"],
        query_rows,
        left=2,
    )
    check_rows = [
        [f"{r.n:,}", c.target, c.measured, "PASS" if c.passed else "**FAIL**"] for r in results for c in r.checks
    ]
    checks = md_table(["N", "target", "measured", ""], check_rows, left=2)
    versions = ", ".join(f"{k} {v}" for k, v in machine.versions)
    parts = [
        "## Benchmark",
        f"Machine: {machine.cpu}, {machine.cores} cores, {machine.memory_gb:.1f} GB memory; Python {machine.python}; "
        f"{versions}. Load average (1 min) before / after: {machine.load_before[0]:.1f} / {machine.load_after[0]:.1f}.",
        "Ours: `python -m build_scripts build` with a cold analysis cache. Bare: the same texts as plain Markdown "
        "pages (`# title`, one paragraph a line), Material with its search plugin (`lang: zh`, jieba), a one-page "
        "nav. Each build runs in a fresh process; CPU counts every process it started; peak memory is the "
        "highest sampled sum of PSS over its process tree; MB = 2^20 bytes.",
        main,
        "### Where the time goes",
        stages,
    ]
    if rebuild_rows:
        parts += ["### Rebuild after one speech changed (warm cache)", rebuild]
    if query_rows:
        parts += [
            "### Search in Chromium: a new visitor opens the home page with `?q=<query>`; "
            "bytes as transferred, text gzipped as GitHub Pages does",
            queries,
        ]
    parts += ["### Targets", checks]
    if timings:
        rows = [[t.what, f"{t.seconds:.2f}", t.limit, "PASS" if t.passed else "**FAIL**"] for t in timings]
        parts += ["### Single algorithms (`tools/bench/micro.py`)", md_table(["what", "measured", "limit", ""], rows)]
    return "\n\n".join(parts) + "\n"


# -------------------------------------------------------------------------- driver


def machine_info() -> Machine:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(
            next(m for m in Path("/proc/meminfo").read_text().splitlines() if m.startswith("MemTotal")).split()[1]
        )
    except (OSError, StopIteration, ValueError):
        mem_kb = 0
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for name in ("mkdocs", "mkdocs-material", "jieba"):
        try:
            versions.append((name, version(name)))
        except PackageNotFoundError:
            pass
    return Machine(
        cpu=cpu,
        cores=len(os.sched_getaffinity(0)),
        memory_gb=mem_kb / 1024 / 1024,
        python=platform.python_version(),
        versions=tuple(versions),
        load_before=os.getloadavg(),
    )


def page_shows(site: Path, speech_id: str, text: str) -> bool:
    """Whether the built page of ``speech_id`` contains ``text``."""
    page = site / "speeches" / speech_id / "index.html"
    return page.is_file() and text in page.read_text(encoding="utf-8")


def bench_size(
    n: int, out: Path, root: Path = ROOT, bare: bool = True, browser: bool = True, say: Callable[[str], None] = print
) -> SizeResult:
    """Generate, build ours cold, build bare, rebuild ours after one change, query; for one size.

    ``root``: the project to build with (a ``snapshot_project`` copy in ``run_bench``).
    """
    config_file = root / "mkdocs.yml"
    work = out / str(n)
    corpus = prepare_corpus(n, work / "corpus")
    cache = work / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    env = {"ARCHIVE_CACHE_DIR": str(cache)}
    say(f"[{n:,}] building ours (cold cache) …")
    ours = measure_build("ours", "ours", config_file, work / "site-ours", work, corpus=corpus, env=env, root=root)
    say(
        f"[{n:,}] ours: {ours.wall:.1f} s wall, {ours.cpu:.1f} s CPU, {ours.peak_mb:.0f} MB peak"
        + ("" if ours.ok else " FAILED\n" + ours.log_tail)
    )
    bare_run = None
    if bare:
        config = write_bare_project(corpus, work / "bare", work / "site-bare")
        say(f"[{n:,}] building bare …")
        bare_run = measure_build("bare", "bare", config, work / "site-bare", work, root=root)
        say(
            f"[{n:,}] bare: {bare_run.wall:.1f} s wall, {bare_run.cpu:.1f} s CPU, {bare_run.peak_mb:.0f} MB peak"
            + ("" if bare_run.ok else " FAILED\n" + bare_run.log_tail)
        )
        shutil.rmtree(work / "site-bare", ignore_errors=True)
        shutil.rmtree(work / "bare", ignore_errors=True)
    rebuild = shown = None
    if ours.ok:
        changed = change_one_speech(corpus)
        say(f"[{n:,}] rebuilding ours after changing {changed.name} …")
        rebuild = measure_build(
            "ours", "rebuild", config_file, work / "site-rebuild", work, corpus=corpus, env=env, root=root
        )
        shown = page_shows(work / "site-rebuild", changed.stem, CHANGE_MARK)
        say(f"[{n:,}] rebuild: {rebuild.wall:.1f} s wall, analyse {rebuild.stage('analyse'):.2f} s")
        shutil.rmtree(work / "site-rebuild", ignore_errors=True)
    split = analysis_split(corpus)
    queries: tuple[QueryCost, ...] = ()
    if browser and ours.ok:
        if _chromium_available():
            say(f"[{n:,}] searching in Chromium …")
            queries = measure_queries(work / "site-ours")
        else:
            say(f"[{n:,}] no Chromium/Playwright: search not measured")
    return SizeResult(n, ours, bare_run, rebuild, shown, split, queries)


def run_bench(args: argparse.Namespace) -> int:
    """``python -m tools.bench``: measure every size, print and write the report.

    ``args``: ``speeches`` (list of N or None), ``out`` (work folder), ``no_bare``,
    ``no_browser``, and optionally ``check`` (exit 1 when a target fails).
    """
    sizes = sorted(set(args.speeches or DEFAULT_SIZES))
    out: Path = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    root = snapshot_project(out / "code")
    results: list[SizeResult] = []
    per_speech: dict[int, float] = {}
    for n in sizes:
        r = bench_size(n, out, root, bare=not args.no_bare, browser=not args.no_browser, say=_say)
        if r.ours.ok:
            per_speech[n] = r.ours.wall / n
        r = SizeResult(**{**_fields(r), "checks": checks_for(r, per_speech.get(1000))})
        results.append(r)
        _write(out, results, machine)
    _say("timing single algorithms …")
    from tools.bench import micro

    timings = micro.measure(SOURCE_CORPORA[0])  # the seeds
    machine = Machine(**{**_fields(machine), "load_after": os.getloadavg()})
    report = _write(out, results, machine, timings)
    print(report)
    failed = [c for r in results for c in r.checks if not c.passed] + [t for t in timings if not t.passed]
    if failed and getattr(args, "check", False):
        return 1
    return 0


def _fields(obj: Any) -> dict[str, Any]:
    return {k: getattr(obj, k) for k in obj.__dataclass_fields__}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write(out: Path, results: Sequence[SizeResult], machine: Machine, timings: Sequence[micro.Timing] = ()) -> str:
    report = render_results(results, machine, timings)
    (out / "results.md").write_text(report, encoding="utf-8")
    data = {
        "machine": asdict(machine),
        "sizes": [asdict(r) for r in results],
        "algorithms": [asdict(t) for t in timings],
    }
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return report
