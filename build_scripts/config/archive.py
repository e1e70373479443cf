"""The archive's configuration: the slogan glossary, the theme taxonomy and the dated events.

Each is a shipped file (``corpus/slogans.yml``, ``themes.yml``, ``events.yml``) that a corpus's
own file of the same name extends or replaces; ``pipeline.load_config`` chooses and loads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.config.events import Events
from build_scripts.config.glossary import Glossary
from build_scripts.config.themes import Themes

DEFAULTS = Path(__file__).resolve().parents[2] / "corpus"  # the shipped glossary, themes, events


@dataclass(frozen=True)
class Config:
    """The corpus-wide configuration files, loaded and validated."""

    glossary: Glossary
    themes: Themes
    events: Events
    fingerprint: str = ""  # hash of the files' bytes: part of every analysis cache key
