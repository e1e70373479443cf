"""The theme taxonomy (``corpus/themes.yml``): loaded, validated and modelled.

A theme is a name and the keywords that count for it; the taxonomy's settings say how many
occurrences, and of how many different keywords, assign a theme (``analyse/themes.py`` counts
them). A corpus's own ``themes.yml`` is laid over the shipped one. Read on the checked YAML
reader (``config/yaml.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from build_scripts.config.yaml import (
    line_of,
    mapping_items,
    must_be,
    nonempty_text,
    read_mapping,
    scalar,
    string_list,
    unknown_key,
)
from build_scripts.errors import ArchiveError, Problem


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy."""

    name: str
    keywords: tuple[str, ...]
    description: str = ""
    min_count: int | None = None  # None: the taxonomy's setting

    @property
    def pattern(self) -> re.Pattern[str]:
        return _alternation(self.keywords)


@dataclass(frozen=True)
class Themes:
    """The taxonomy and its thresholds."""

    themes: tuple[Theme, ...]
    min_count: int = 6
    min_distinct: int = 2
    max_themes: int = 5

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    def threshold(self, theme: Theme) -> int:
        return theme.min_count if theme.min_count is not None else self.min_count


_EXAMPLE = (  # one line: the build prints one line per problem
    "A valid themes.yml: {settings: {min_count: 6, min_distinct: 2, max_themes: 5}, "
    "themes: [{name: 民生, description: 就业、教育、医疗、养老, keywords: [民生, 就业, 教育, 医疗, 养老]}]}"
)
_SETTINGS = ("min_count", "min_distinct", "max_themes")
_THEME_KEYS = ("name", "description", "keywords", "min_count")


def load_themes(default: Path, override: Path | None = None) -> Themes:
    """The shipped taxonomy, with a corpus's own ``themes.yml`` laid over it when given.

    Over the default, a theme of the same name replaces the default one, new names are
    added, ``replace: true`` drops all defaults, and settings given override the defaults'.
    """
    base, settings, _ = _read_themes(default)
    if override is None or not override.exists():
        return Themes(themes=base, **settings)
    extra, extra_settings, replace_all = _read_themes(override)
    merged = {} if replace_all else {t.name: t for t in base}
    for theme in extra:
        merged[theme.name] = theme
    return Themes(themes=tuple(merged.values()), **{**settings, **extra_settings})


def _read_themes(path: Path) -> tuple[tuple[Theme, ...], dict[str, int], bool]:
    file = str(path)
    root = read_mapping(path, "must be a mapping with 'themes' (and 'settings')", _EXAMPLE)
    if root is None:
        return (), {}, False
    problems: list[Problem] = []
    themes: list[Theme] = []
    settings: dict[str, int] = {}
    replace_all = False
    names: dict[str, int] = {}
    for key, key_node, value in mapping_items(root, file, problems):
        if key == "settings":
            if not isinstance(value, yaml.MappingNode):
                problems.append(must_be(file, "'settings'", "a mapping", value, _EXAMPLE))
                continue
            for skey, skey_node, svalue in mapping_items(value, file, problems):
                number = _positive_int(svalue)
                if skey not in _SETTINGS:
                    fix = f"Settings: {', '.join(_SETTINGS)}"
                    problems.append(unknown_key(file, skey, skey_node, _SETTINGS, fix, what="setting"))
                elif number is None:
                    problems.append(
                        must_be(file, f"'{skey}'", "a whole number of at least 1", svalue, f"For example: {skey}: 5")
                    )
                else:
                    settings[skey] = number
        elif key == "replace":
            flag = scalar(value)
            if not isinstance(flag, bool):
                problems.append(must_be(file, "'replace'", "true or false", value, "For example: replace: true"))
            else:
                replace_all = flag
        elif key == "themes":
            if not isinstance(value, yaml.SequenceNode):
                problems.append(must_be(file, "'themes'", "a list", value, _EXAMPLE))
                continue
            for item in value.value:
                theme = _read_theme(item, file, problems)
                if theme is None:
                    continue
                if theme.name in names:
                    problems.append(
                        Problem(
                            file,
                            f"theme '{theme.name}' is defined twice (first on line {names[theme.name]})",
                            "Merge the two entries",
                            line_of(item),
                        )
                    )
                    continue
                names[theme.name] = line_of(item)
                themes.append(theme)
        else:
            fix = f"Top-level keys: settings, themes, replace. {_EXAMPLE}"
            problems.append(unknown_key(file, key, key_node, ("settings", "themes", "replace"), fix))
    if problems:
        raise ArchiveError(problems)
    return tuple(themes), settings, replace_all


def _read_theme(node: yaml.Node, file: str, problems: list[Problem]) -> Theme | None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(must_be(file, "each theme", "a mapping with 'name' and 'keywords'", node, _EXAMPLE))
        return None
    before = len(problems)
    fields: dict[str, object] = {}
    for key, key_node, value in mapping_items(node, file, problems):
        if key not in _THEME_KEYS:
            fix = f"A theme has: {', '.join(_THEME_KEYS)}"
            problems.append(unknown_key(file, key, key_node, _THEME_KEYS, fix, " in a theme"))
        elif key in ("name", "description"):
            text = nonempty_text(value, file, f"a theme's '{key}'", _EXAMPLE, problems)
            if text is not None:
                fields[key] = text
        elif key == "keywords":
            items = string_list(value, file, "keywords", problems, "For example: keywords: [民生, 就业, 教育]")
            if items is not None:
                words = [w for w, _ in items]
                dupes = sorted({w for w in words if words.count(w) > 1})
                if not words:
                    problems.append(
                        Problem(
                            file,
                            "a theme's 'keywords' list is empty",
                            "For example: keywords: [民生, 就业, 教育]",
                            line_of(value),
                        )
                    )
                elif dupes:
                    problems.append(
                        Problem(
                            file,
                            f"keyword(s) {', '.join(dupes)} listed twice in one theme",
                            "List each keyword once",
                            line_of(value),
                        )
                    )
                else:
                    fields["keywords"] = tuple(words)
        elif key == "min_count":
            number = _positive_int(value)
            if number is None:
                problems.append(
                    must_be(file, "'min_count'", "a whole number of at least 1", value, "For example: min_count: 4")
                )
            else:
                fields["min_count"] = number
    for key in ("name", "keywords"):
        if key not in fields and len(problems) == before:
            problems.append(Problem(file, f"a theme has no '{key}'", _EXAMPLE, line_of(node)))
    if len(problems) > before:
        return None
    return Theme(**fields)  # type: ignore[arg-type]


def _positive_int(node: yaml.Node) -> int | None:
    value = scalar(node)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``words``, longest first.

    >>> _alternation(("从严治党", "全面从严治党")).findall("全面从严治党，从严治党")
    ['全面从严治党', '从严治党']
    """
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))))
