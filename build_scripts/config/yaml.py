"""The one checked YAML reader for configuration: line-aware nodes, never objects built from tags.

A file is *composed* into a node tree, so every value keeps its line for messages, and
``!!python/object`` or any other non-standard tag is reported, never executed. The small
helpers below read scalars, mappings and lists off that tree and word the problems they
find the same way for every configuration file (sidecars, events, themes).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from build_scripts.errors import ArchiveError, Problem

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
NOT_SCALAR = object()  # what ``scalar`` gives for a list or a mapping


_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def read_yaml(path: Path, example: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose ``path`` into a YAML node tree (nothing is constructed); return it and its problems.

    An empty file gives ``None`` and no problem. Non-standard tags (``!!python/object``...)
    are problems, never executed. ``example`` is the valid example a syntax error shows.
    """
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, f"cannot be read ({exc.strerror})", "Check that the file exists and can be read")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(file, f"is not UTF-8 text (byte {exc.start})", "Save the YAML file as UTF-8", line)]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark else None
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        opened = exc.context_mark
        if opened is not None and opened.line + 1 != at:
            what += f", in what starts at line {opened.line + 1}"
        return None, [
            Problem(
                file,
                f"is not valid YAML: {what}",
                "Check indentation and quoting; a text containing ': ' or '#' needs quotes. " + example,
                at,
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(file, f"is not valid YAML: {exc}", example)]
    if root is None:
        return None, []
    problems = [
        Problem(
            file,
            f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed (tags that build objects are never executed)",
            "Remove the tag and write plain text, numbers, lists and mappings. " + example,
            line_of(node),
        )
        for node in walk(root)
        if node.tag not in _STANDARD_TAGS
    ]
    return (None if problems else root), problems


def read_mapping(path: Path, expected: str, example: str) -> yaml.MappingNode | None:
    """``read_yaml`` that also requires a mapping at the top; ``None`` for an empty file.

    Raises ``ArchiveError`` with every problem found so far; ``expected`` says what the
    top level must be (e.g. "must be a mapping with 'themes'").
    """
    root, problems = read_yaml(path, example)
    if root is not None and not isinstance(root, yaml.MappingNode):
        problems.append(Problem(str(path), f"{expected}, found {describe(root)}", example, line_of(root)))
    if problems:
        raise ArchiveError(problems)
    return root


def walk(node: yaml.Node) -> Iterator[yaml.Node]:
    """Every node of a tree, depth first (aliases are visited once per use)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            for k, v in reversed(n.value):
                stack.extend((v, k))


def line_of(node: yaml.Node) -> int:
    """1-based line of a node."""
    return int(node.start_mark.line) + 1


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def nonempty_text(node: yaml.Node, file: str, what: str, example: str, problems: list[Problem]) -> str | None:
    """The stripped text of a scalar node, or None after recording a problem naming ``what``."""
    text = scalar(node)
    if isinstance(text, str) and text.strip():
        return text.strip()
    problems.append(must_be(file, f"{what}", "a non-empty text", node, example))
    return None


def must_be(file: str, what: str, expected: str, node: yaml.Node, fix: str) -> Problem:
    """The problem of a value that is not what it must be: ``<what> must be <expected>, found <it>``, at its line.

    >>> str(must_be("x.yml", "'level'", "one of 县, 市", yaml.compose("level: 5").value[0][1], "For example: level: 县"))
    "x.yml:1: 'level' must be one of 县, 市, found the number 5. For example: level: 县"
    """
    return Problem(file, f"{what} must be {expected}, found {describe(node)}", fix, line_of(node))


def scalar(node: yaml.Node) -> object:
    """A scalar node's value as ``yaml.safe_load`` gives it; a non-scalar gives ``NOT_SCALAR``."""
    if not isinstance(node, yaml.ScalarNode):
        return NOT_SCALAR
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):  # e.g. 2022-13-01 looks like a timestamp but is none
        return str(node.value)


def describe(node: yaml.Node) -> str:
    """How a found value reads in a message: its text and kind.

    >>> describe(yaml.compose("x"))
    "'x'"
    >>> describe(yaml.compose("[a, b]"))
    'a list'
    """
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "str":
        return f"'{node.value}'"
    return f"the {_KIND_NAMES.get(kind, kind)} {node.value}"


_KIND_NAMES = {"int": "number", "float": "number", "bool": "yes/no value", "timestamp": "timestamp"}


def date_text(node: yaml.Node) -> str | None:
    """A YAML date value as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when it is not one."""
    value = scalar(node)
    if isinstance(value, _dt.datetime):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value if valid_date(value.strip()) else None


def valid_date(text: str) -> bool:
    """True for a real ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date.

    >>> valid_date("2022-10"), valid_date("2022-13"), valid_date("2023-02-29"), valid_date("22")
    (True, False, False, False)
    """
    m = _DATE.match(text)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    if not 1900 <= year <= 2100:  # type: ignore[operator]
        return False
    try:
        _dt.date(year, month or 1, day or 1)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def mapping_items(
    node: yaml.MappingNode, file: str, problems: list[Problem]
) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """``(key, key_node, value_node)`` of a mapping; duplicate and non-text keys are problems."""
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = scalar(key_node)
        if not isinstance(key, str):
            problems.append(must_be(file, "a key", "a word", key_node, "Write key: value, e.g. level: 县"))
            continue
        if key in seen:
            problems.append(
                Problem(
                    file,
                    f"key '{key}' is given twice (first on line {seen[key]})",
                    "Keep one of them",
                    line_of(key_node),
                )
            )
            continue
        seen[key] = line_of(key_node)
        yield key, key_node, value_node


def string_list(
    node: yaml.Node, file: str, key: str, problems: list[Problem], example: str
) -> list[tuple[str, yaml.Node]] | None:
    """A list of non-empty texts with their nodes, or None after recording a problem."""
    if not isinstance(node, yaml.SequenceNode):
        problems.append(must_be(file, f"'{key}'", "a list of texts", node, example))
        return None
    items: list[tuple[str, yaml.Node]] = []
    ok = True
    for item in node.value:
        value = scalar(item)
        if not isinstance(value, str) or not value.strip():
            problems.append(must_be(file, f"each entry of '{key}'", "a non-empty text", item, example))
            ok = False
        else:
            items.append((value.strip(), item))
    return items if ok else None


def unknown_key(
    file: str, key: str, node: yaml.Node, allowed: Sequence[str], fix: str, where: str = "", what: str = "key"
) -> Problem:
    """A key that is not one of ``allowed``: named with its line, the nearest allowed key suggested."""
    return Problem(file, f"unknown {what} '{key}'{where}{did_you_mean(key, allowed)}", fix, line_of(node))


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for a near miss, else ``''``.

    >>> did_you_mean("titel", ("title", "level"))
    " (did you mean 'title'?)"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
