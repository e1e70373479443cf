"""``python -m build_scripts build``: MkDocs' build of the project's configuration, for any corpus."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from build_scripts.mkdocs_adapter.settings import COMMAND_LINE


def run_build(config_file: Path, corpus: Path, site_dir: Path, keep_going: bool = False, strict: bool = False) -> int:
    """Build a site from ``corpus`` into ``site_dir`` with the MkDocs configuration ``config_file``.

    The corpus and ``keep_going`` win over the environment and ``mkdocs.yml`` (``settings.py``).
    Returns the exit status: 0, or 1 after one line per problem (file, what is wrong, what to do).
    """
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        archive = dict(config.extra.get("archive") or {})
        archive[COMMAND_LINE] = {"corpus": str(corpus.resolve()), "keep_going": keep_going}
        config.extra["archive"] = archive
        build(config)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # mkdocs' Abort
        return int(exc.code or 1)
    return 0
