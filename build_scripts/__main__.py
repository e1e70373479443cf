"""``python -m build_scripts``: build a site from any folder of speeches (``bench`` runs the benchmark)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # the benchmark lives outside the package: tools/bench/
        from tools.bench.__main__ import main as bench

        return bench(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description="讲话档案: build the archive site")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a site from a folder of speech files")
    b.add_argument(
        "--corpus", type=Path, default=ROOT / "corpus", help="folder of speech .txt files (default: corpus/)"
    )
    b.add_argument("--site-dir", type=Path, default=ROOT / "site", help="where to write the site (default: site/)")
    b.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    b.add_argument("--keep-going", action="store_true", help="build everything else and list the refused files")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors (mkdocs --strict)")
    sub.add_parser("bench", help="the benchmark: the same as python -m tools.bench (its --help lists the options)")
    args = parser.parse_args(argv)
    from build_scripts.mkdocs_adapter.command import run_build  # MkDocs is imported by the adapter only

    return run_build(args.config_file, args.corpus, args.site_dir, keep_going=args.keep_going, strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
