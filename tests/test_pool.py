"""Processes the build forks: a failure of the caller leaves nothing running, nothing waited for."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_scripts.engine.pool import beside

ROOT = Path(__file__).resolve().parent.parent

# A caller starts a non-daemonic process (as the build's side work is) whose result is larger than a
# pipe holds, then fails before asking for it. Without ``with side:`` the interpreter waits at exit for
# the process, which waits for a reader that never comes: the build hangs after its traceback.
SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from build_scripts.engine.pool import beside

def work():
    time.sleep({sleep})
    return b"x" * 1_000_000

side = beside(work, daemon=False)
{body}
"""


def _run(body: str, sleep: float = 30) -> tuple[int, float]:
    started = time.perf_counter()
    code = SCRIPT.format(root=str(ROOT), sleep=sleep, body=body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, check=False)
    return done.returncode, time.perf_counter() - started


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="processes are forked")
def test_a_caller_that_fails_stops_its_process() -> None:
    code, seconds = _run('with side:\n    raise ValueError("a later stage failed")')
    assert code == 1 and seconds < 15, (code, seconds)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="processes are forked")
def test_a_caller_that_asks_gets_the_result() -> None:
    code, _ = _run("with side:\n    assert len(side()) == 1_000_000\nsys.exit(3)", sleep=0.1)
    assert code == 3


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="processes are forked")
def test_running_says_whether_the_process_still_runs() -> None:
    """What the pipeline polls while it waits for the side work's signal (a dead process sends none)."""
    side = beside(time.sleep, 0.5)
    assert side.running()
    side()
    assert not side.running()
    assert not beside(time.sleep, 0, inline=True).running()  # inline: no process to wait for
