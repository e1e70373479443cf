"""The archive's configuration: the slogan glossary, the theme taxonomy and the dated events.

Each is a shipped file (``corpus/slogans.yml``, ``themes.yml``, ``events.yml``) that a corpus's
own file of the same name extends (glossary, themes) or replaces (events).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.config.events import Events, load_events
from build_scripts.config.glossary import Glossary, load_glossary
from build_scripts.config.themes import Themes, load_themes

DEFAULTS = Path(__file__).resolve().parents[2] / "corpus"  # the shipped glossary, themes, events


@dataclass(frozen=True)
class Config:
    """The corpus-wide configuration files, loaded and validated."""

    glossary: Glossary
    themes: Themes
    events: Events
    fingerprint: str = ""  # hash of the files' bytes: part of every analysis cache key


@dataclass(frozen=True)
class ConfigFiles:
    """The configuration files in use: each shipped one, and the corpus's own where it has one."""

    glossary: tuple[Path, Path | None]
    themes: tuple[Path, Path | None]
    events: Path

    @property
    def analysed(self) -> list[Path]:
        """The files analysing one speech reads (the glossary's discoveries come later, archive-wide)."""
        return [p for p in (*self.themes, self.events) if p is not None]

    @property
    def used(self) -> list[Path]:
        return [p for p in self.glossary if p is not None] + self.analysed


def config_files(corpus: Path, defaults: Path = DEFAULTS) -> ConfigFiles:
    """Shipped defaults, each with the corpus's own file when there is one."""

    def own(name: str) -> Path | None:
        path = corpus / name
        exists = path.is_file() and path.resolve() != (defaults / name).resolve()
        return path if exists else None

    return ConfigFiles(
        glossary=(defaults / "slogans.yml", own("slogans.yml")),
        themes=(defaults / "themes.yml", own("themes.yml")),
        events=own("events.yml") or defaults / "events.yml",
    )


def load_config(files: ConfigFiles, fingerprint: str = "") -> Config:
    """Every file loaded and validated; ``ArchiveError`` lists a file's problems."""
    return Config(
        glossary=load_glossary(*files.glossary),
        themes=load_themes(*files.themes),
        events=load_events(files.events),
        fingerprint=fingerprint,
    )
