"""``python -m tools.bench`` (``make bench``): generate N speeches, build them, print the figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.bench.bench import ROOT, run_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench", description="讲话档案: generate N speeches, build them, print the figures"
    )
    parser.add_argument(
        "--speeches", type=int, action="append", help="corpus size; repeat for several (default: 100, 1000, 10000)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="work folder (default: bench-out/)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare MkDocs build used for comparison")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measurements in Chromium")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target of issue 7 fails")
    return run_bench(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
