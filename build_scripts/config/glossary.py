"""The slogan glossary (提法): ``corpus/slogans.yml`` loaded, validated and modelled.

``load_glossary`` reads the shipped glossary (and a corpus's own ``slogans.yml`` merged over it
by term) on the checked YAML reader (``config/yaml.py``: tags that build objects are refused)
and validates it like configuration: every problem names file and line. A ``Glossary``
is every slogan the build looks for, in a stable order: the glossary's entries first, then the
terms the build discovers in the archive (``index/discovery.py``), which join as ``discovered``.
Matching them in a text is ``analyse/occurrences.py``'s job.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from build_scripts.analyse.fold import spell
from build_scripts.config.yaml import describe, is_null, line_of, read_yaml
from build_scripts.errors import ArchiveError, Problem
from build_scripts.slugs import SLOGAN_CHARS, slogan_slug

if TYPE_CHECKING:
    from build_scripts.analyse.occurrences import Matcher

# ---------------------------------------------------------------------------- the model

DISCOVERED = "discovered"

#: Category label → the name shown on the site, in display order.
CATEGORIES: dict[str, str] = {
    "numbered": "数字概括",
    "principle": "理论与方针",
    "method": "工作方法与制度",
    "campaign": "专项工作与目标",
    "metaphor": "比喻与俗语",
    DISCOVERED: "自动发现（未收入词表）",
}


@dataclass(frozen=True)
class SloganEntry:
    """One slogan: its canonical term and every other spelling that counts for it."""

    term: str
    slug: str  # page address slogans/<slug>/, ASCII, unique in the glossary
    category: str  # a key of CATEGORIES
    gloss: str | None = None
    gloss_source: str | None = None
    since: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    variants: tuple[str, ...] = ()  # other spellings: punctuation, word order
    aliases: tuple[str, ...] = ()  # other names: abbreviations, longer names
    components: tuple[str, ...] = ()  # the parts of a numbered formulation

    @property
    def forms(self) -> tuple[str, ...]:
        """Every string whose occurrence counts for this slogan, the term first."""
        return unique((self.term, *self.variants, *self.aliases))

    @property
    def discovered(self) -> bool:
        return self.category == DISCOVERED


@dataclass(frozen=True)
class Glossary:
    """All slogans the build looks for, in a stable order (glossary first, then discoveries)."""

    entries: tuple[SloganEntry, ...]

    def get(self, term: str) -> SloganEntry | None:
        """The entry whose canonical term is ``term``."""
        return self._by_term.get(term)

    def entry_for(self, form: str) -> SloganEntry | None:
        """The entry that a written form (term, variant or alias) counts for, however it is spelled
        (traditional characters, full-width signs, zero-width characters: ``analyse/fold.py``)."""
        return self._by_form.get(spell(form))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[SloganEntry]:
        return iter(self.entries)

    @cached_property
    def _by_term(self) -> dict[str, SloganEntry]:
        return {e.term: e for e in self.entries}

    @cached_property
    def _by_form(self) -> dict[str, SloganEntry]:
        out: dict[str, SloganEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                out.setdefault(spell(form), entry)
        return out

    @cached_property
    def discovered_forms(self) -> frozenset[str]:
        """Every form of a discovered entry."""
        return frozenset(f for e in self.entries if e.discovered for f in e.forms)

    @cached_property
    def matcher(self) -> Matcher:
        """The compiled matcher (``analyse/occurrences.py``), built once per glossary."""
        from build_scripts.analyse.occurrences import compile_matcher  # matching is analysis's job

        return compile_matcher(self)


# ---------------------------------------------------------------------------- slugs


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is free first.

    >>> free_slug("liang-gao", {"liang-gao", "liang-gao-2"})
    'liang-gao-3'
    """
    if base not in taken and base not in RESERVED_SLUGS:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


RESERVED_SLUGS = frozenset({"index"})  # slogans/index.md is the listing


# ---------------------------------------------------------------------------- loading

KEYS = ("term", "category", "gloss", "source", "since", "components", "variants", "aliases", "slug", "disabled")
EXAMPLE = (
    "e.g. - {term: 两个确立, category: numbered, gloss: 确立习近平同志党中央的核心、全党的核心地位……, "
    "source: 党的十九届六中全会决议, since: 2021-11, variants: [], aliases: [], components: []}"
)
_SINCE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class _Draft:
    """One entry as written in one file, before merging, with where each key was."""

    file: str
    line: int
    values: dict[str, Any]
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (file, line)

    def where(self, key: str) -> tuple[str, int]:
        """The file and line a key's value was written at (the entry's own line without it)."""
        return self.lines.get(key, (self.file, self.line))


def load_glossary(default: Path, override: Path | None = None) -> Glossary:
    """The shipped glossary, with a corpus's own ``slogans.yml`` merged over it by term.

    Every problem of both files is collected and raised together as ``ArchiveError``: unknown
    keys, wrong types, missing or duplicate terms, a form claimed by two entries, clashing slugs.
    """
    problems: list[Problem] = []
    drafts = _read(default, problems, is_override=False)
    if override is not None:
        drafts = _merge(drafts, _read(override, problems, is_override=True), problems)
    glossary = _build(drafts, problems)
    if problems:
        raise ArchiveError(problems)
    return glossary


def _read(path: Path, problems: list[Problem], is_override: bool) -> list[_Draft]:
    name = str(path)
    root, found = read_yaml(path, f"Each entry looks like this, {EXAMPLE}")
    problems.extend(found)
    if root is None or is_null(root):
        return []
    if not isinstance(root, yaml.SequenceNode):
        problems.append(
            Problem(
                name,
                "should be a list of slogan entries, one per '- term:'",
                f"Write a YAML list, {EXAMPLE}",
                line_of(root),
            )
        )
        return []
    drafts: list[_Draft] = []
    for item in root.value:
        draft = _read_entry(name, item, problems, is_override)
        if draft is not None:
            drafts.append(draft)
    by_term: dict[str, _Draft] = {}
    for draft in drafts:
        term: str = draft.values["term"]
        if term in by_term:
            first = by_term[term]
            problems.append(
                Problem(
                    name,
                    f"the term '{term}' is listed twice (first at line {first.line})",
                    "Keep one entry per term; put other spellings in its variants, e.g. variants: [两个“确立”]",
                    draft.line,
                )
            )
        else:
            by_term[term] = draft
    return list(by_term.values())


def _read_entry(name: str, node: yaml.Node, problems: list[Problem], is_override: bool) -> _Draft | None:
    line = line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(name, "this list item is not a slogan entry (a mapping of keys)", f"Write it as {EXAMPLE}", line)
        )
        return None
    values: dict[str, Any] = {}
    lines: dict[str, tuple[str, int]] = {}
    present: set[str] = set()
    bad = False
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        kline = line_of(key_node)
        present.add(str(key))
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            problems.append(
                Problem(name, f"unknown key '{key}'", f"{hint}Use only {', '.join(KEYS)}; {EXAMPLE}", kline)
            )
            bad = True
            continue
        if key in lines:
            problems.append(Problem(name, f"the key '{key}' appears twice in one entry", "Keep one of the two", kline))
            bad = True
            continue
        try:
            values[key] = _value(key, value_node)
        except ValueError as exc:
            problems.append(Problem(name, f"'{key}': {exc}", f"Write it as in {EXAMPLE}", line_of(value_node)))
            bad = True
        lines[key] = (name, line_of(value_node))
    term = values.get("term")
    if term is None:
        if "term" not in present:
            problems.append(
                Problem(name, "this entry has no 'term'", f"Give every entry its canonical term, {EXAMPLE}", line)
            )
        return None
    if "category" not in present and not bad and not is_override and not values.get("disabled"):
        problems.append(
            Problem(name, f"'{term}' has no 'category'", f"Add one of {', '.join(_user_categories())}; {EXAMPLE}", line)
        )
        bad = True
    return None if bad else _Draft(name, line, values, lines)


def _value(key: str, node: yaml.Node) -> Any:
    """The Python value of one key, checked; ``ValueError`` says what is wrong."""
    if key in ("components", "variants", "aliases"):
        if is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise ValueError(f"should be a list, like {key}: [甲, 乙], found {describe(node)}")
        items = tuple(_text(key, item) for item in node.value)
        if key != "components":
            for item in items:
                _check_form(item)
        return items
    if key == "disabled":
        if not (isinstance(node, yaml.ScalarNode) and node.tag == _BOOL):
            raise ValueError(f"should be true or false, found {describe(node)}")
        return node.value.lower() in ("true", "yes", "on", "y")
    if is_null(node):
        if key in ("term", "category"):
            raise ValueError("is empty")
        return None
    value = _text(key, node)
    if key == "term":
        _check_form(value)
    elif key == "category":
        if value not in _user_categories():
            hint = " (reserved for terms the build finds)" if value == DISCOVERED else ""
            raise ValueError(f"unknown category '{value}'{hint}; use one of {', '.join(_user_categories())}")
    elif key == "since":
        if not _SINCE.fullmatch(value):
            raise ValueError(f"'{value}' is not a date like 2016, 2016-01 or 2016-01-29")
    elif key == "slug":
        if not _SLUG.fullmatch(value):
            raise ValueError(f"'{value}' is not a page name of a-z, 0-9 and single hyphens, like liang-ge-que-li")
        if value in RESERVED_SLUGS:
            raise ValueError(f"'{value}' is reserved for the slogan listing; choose another")
        if len(value) > SLOGAN_CHARS:
            raise ValueError(f"is {len(value)} characters long; a page name may have at most {SLOGAN_CHARS}")
    return value


def _text(key: str, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _STR_TAGS:
        raise ValueError(f"should be text, found {describe(node)}")
    return str(node.value)


def _check_form(form: str) -> None:
    if form != form.strip() or "\n" in form:
        raise ValueError(f"'{form}' has spaces or a line break at its ends")
    if len(form) < 2:
        raise ValueError(f"'{form}' is shorter than two characters and would match inside ordinary words")


def _user_categories() -> tuple[str, ...]:
    return tuple(c for c in CATEGORIES if c != DISCOVERED)


def _merge(base: list[_Draft], over: list[_Draft], problems: list[Problem]) -> list[_Draft]:
    """Override entries replace the keys they set on the default entry with the same term."""
    index = {d.values["term"]: i for i, d in enumerate(base)}
    merged = list(base)
    for draft in over:
        term = draft.values["term"]
        if term in index:
            old = merged[index[term]]
            values = {**old.values, **draft.values}
            merged[index[term]] = _Draft(draft.file, draft.line, values, {**old.lines, **draft.lines})
        elif "category" not in draft.values and not draft.values.get("disabled"):
            problems.append(
                Problem(
                    draft.file,
                    f"'{term}' is not in the shipped glossary, so it needs a 'category'",
                    f"Add one of {', '.join(_user_categories())}; {EXAMPLE}",
                    draft.line,
                )
            )
        else:
            index[term] = len(merged)
            merged.append(draft)
    return [d for d in merged if not d.values.get("disabled")]


def _build(drafts: list[_Draft], problems: list[Problem]) -> Glossary:
    """Entries from merged drafts: forms claimed once, slugs unique (given ones first)."""
    owner: dict[str, tuple[_Draft, str]] = {}  # by the form's folded spelling (``analyse/fold.py``)
    for draft in drafts:
        v = draft.values
        for form in unique((v["term"], *v.get("variants", ()), *v.get("aliases", ()))):
            other, written = owner.get(spell(form), (None, form))
            if other is not None and other is not draft:
                file, line = draft.where(_form_key(v, form))
                ofile, oline = other.where(_form_key(other.values, written))
                where = f"{ofile}:{oline}" if ofile != file else f"line {oline}"
                same = "" if written == form else f" (as '{written}': spellings are compared in simplified characters)"
                problems.append(
                    Problem(
                        file,
                        f"'{form}' of '{v['term']}' is already a form of '{other.values['term']}'{same} ({where})",
                        "A written form can count for one slogan only; remove it from one of the two entries",
                        line,
                    )
                )
            elif other is None:
                owner[spell(form)] = (draft, form)
    taken: dict[str, _Draft] = {}
    for draft in drafts:
        slug = draft.values.get("slug")
        if slug is None:
            continue
        if slug in taken:
            other = taken[slug]
            file, line = draft.where("slug")
            ofile, oline = other.where("slug")
            problems.append(
                Problem(
                    file,
                    f"the slug '{slug}' of '{draft.values['term']}' is already the slug of "
                    f"'{other.values['term']}' ({ofile}:{oline})",
                    "Two slogans cannot share a page; give one another slug, e.g. slug: liang-ge-que-li-2",
                    line,
                )
            )
        else:
            taken[slug] = draft
    used = set(taken)
    entries: list[SloganEntry] = []
    for draft in drafts:
        v = draft.values
        slug = v.get("slug")
        if slug is None or taken.get(slug) is not draft:
            slug = free_slug(slogan_slug(v["term"]), used)
            used.add(slug)
        entries.append(
            SloganEntry(
                term=v["term"],
                slug=slug,
                category=v["category"],
                gloss=v.get("gloss"),
                gloss_source=v.get("source"),
                since=v.get("since"),
                variants=unique(tuple(x for x in v.get("variants", ()) if x != v["term"])),
                aliases=unique(tuple(x for x in v.get("aliases", ()) if x != v["term"])),
                components=tuple(v.get("components", ())),
            )
        )
    return Glossary(tuple(entries))


def _form_key(values: Mapping[str, Any], form: str) -> str:
    """Which key of an entry a written form comes from."""
    if form == values["term"]:
        return "term"
    return "variants" if form in values.get("variants", ()) else "aliases"


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order without repeats.

    >>> unique(["a", "b", "a"])
    ('a', 'b')
    """
    return tuple(dict.fromkeys(items))


def with_entries(glossary: Glossary, entries: Iterable[SloganEntry]) -> Glossary:
    """``glossary`` with ``entries`` appended (slugs made unique): for tests and tools."""
    taken = {e.slug for e in glossary.entries}
    out = list(glossary.entries)
    for entry in entries:
        slug = free_slug(entry.slug or slogan_slug(entry.term), taken)
        taken.add(slug)
        out.append(replace(entry, slug=slug))
    return Glossary(tuple(out))
