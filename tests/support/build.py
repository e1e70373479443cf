"""The one way the tests launch a build: ``python -m build_scripts build`` in a fresh process.

Every build gets its own cache folder beside its site (never the repository's ``.cache/``),
``SITE_URL`` set to the address the test server serves (``support/server.py``), and what the
caller adds to the environment (e.g. ``ARCHIVE_WORKERS``). ``ARCHIVE_TEST_CONFIG=<mkdocs.yml>``
in the environment builds with that configuration instead of the project's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.server import SUB_PATH

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = f"http://127.0.0.1{SUB_PATH}"
CORPUS = ROOT / "corpus"


def build_with_cli(
    corpus: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Build ``corpus`` into ``site_dir``; returns the finished process (check its ``returncode``)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_CORPUS", "ARCHIVE_KEEP_GOING")}
    cache = site_dir.parent / f"{site_dir.name}.cache"
    environ.update({"SITE_URL": SITE_URL, "ARCHIVE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    config = os.environ.get("ARCHIVE_TEST_CONFIG")  # try the tests against another mkdocs.yml
    if config and "--config-file" not in extra:
        extra = ("--config-file", config, *extra)
    return run_cli("build", "--corpus", str(corpus), "--site-dir", str(site_dir), *extra, env=environ)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m build_scripts <args>`` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
