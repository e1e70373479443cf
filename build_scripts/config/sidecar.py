"""Read and apply a curator's sidecar ``corpus/<id>.yml``: validated like configuration.

A sidecar may set any metadata field (it wins over inference; the evidence then
says ``sidecar``), correct the title, and attach notes to a paragraph (``p12``)
or to a quoted phrase. Every problem of the file is collected and raised as one
``ArchiveError`` naming the file, the line, what is wrong and a valid example.

The YAML is read by ``config/yaml.py``: *composed*, never constructed from tags, so
``!!python/object`` and any other non-standard tag is reported, not executed.

Format (every key optional)::

    title: 在全县领导干部会议上的讲话      # corrects or supplies the title
    level: 县                            # 中央, 省, 市, 县 or 乡镇
    place: 满城区                         # the administrative unit, as named at the time; 全国 for 中央
    speaker: 县委书记                     # the role as written
    occasion: 全县领导干部会议
    date: 2022-10-28                     # YYYY, YYYY-MM or YYYY-MM-DD
    themes: [党的建设, 经济发展]           # replaces the inferred themes
    keywords: [二十大, 招商引资]           # replaces the computed keywords
    source_url: https://example.org/speech.html
    notes:
      - anchor: p12                      # a paragraph (or heading s3) of the speech
        text: 这里的“三年翻两番”指工业主营业务收入。
      - phrase: 双一号工程                 # words that occur in the speech
        text: 发展和改革“双一号工程”。

``level: null`` (or place/speaker/occasion/date) records that the field is unknown and
stops inference from filling it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from build_scripts.config.yaml import (
    date_text,
    did_you_mean,
    is_null,
    line_of,
    mapping_items,
    must_be,
    read_mapping,
    scalar,
    string_list,
    unknown_key,
)
from build_scripts.errors import ArchiveError, Problem
from build_scripts.model import LEVELS, Document, Evidence, Metadata, Note

FIELDS: tuple[str, ...] = ("level", "place", "speaker", "occasion", "date", "themes", "keywords")
KEYS: tuple[str, ...] = ("title", *FIELDS, "notes", "source_url")

_EXAMPLE = (  # one line: the build prints one line per problem
    "A valid sidecar: {title: 在全县领导干部会议上的讲话, level: 县, speaker: 县委书记, date: 2022-10-28, "
    "themes: [党的建设, 经济发展], notes: [{anchor: p12, text: 这里说的是……}]}"
)
_ANCHOR = re.compile(r"^[ps][1-9]\d*$")


@dataclass(frozen=True)
class Sidecar:
    """What a curator's sidecar sets; ``given`` names the keys present (a null counts)."""

    path: str
    given: frozenset[str] = frozenset()
    title: str | None = None
    level: str | None = None
    place: str | None = None
    speaker: str | None = None
    occasion: str | None = None
    date: str | None = None
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    source_url: str | None = None


def load_sidecar(path: Path, doc: Document, themes: tuple[str, ...] | None = None) -> Sidecar:
    """Read and validate ``path`` against the speech ``doc``; raise ``ArchiveError`` listing every problem.

    ``themes``, when given, is the list of known theme names a sidecar's ``themes`` must use.
    """
    file = str(path)
    root = read_mapping(path, "the sidecar must be a mapping of keys to values", _EXAMPLE)
    if root is None:
        return Sidecar(path=file)
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for key, key_node, value_node in mapping_items(root, file, problems):
        if key not in KEYS:
            problems.append(unknown_key(file, key, key_node, KEYS, f"Allowed keys: {', '.join(KEYS)}. {_EXAMPLE}"))
            continue
        checked = _check_field(key, value_node, file, doc, themes, problems)
        if checked is not _BAD:
            values[key] = checked
    if problems:
        raise ArchiveError(problems)
    return Sidecar(path=file, given=frozenset(values), **values)  # type: ignore[arg-type]


def apply_sidecar(meta: Metadata, sidecar: Sidecar) -> Metadata:
    """``meta`` with every field the sidecar sets replaced; their evidence becomes ``sidecar``; notes added."""
    changes: dict[str, object] = {}
    evidence = dict(meta.evidence)
    for name in FIELDS:
        if name in sidecar.given:
            changes[name] = getattr(sidecar, name)
            evidence[name] = Evidence(source="sidecar", quote="sidecar", rule=f"set in {Path(sidecar.path).name}")
    order = [f for f, _ in meta.evidence] + [f for f in FIELDS if f in evidence and f not in dict(meta.evidence)]
    return replace(
        meta,
        **changes,  # type: ignore[arg-type]
        evidence=tuple((f, evidence[f]) for f in order),
        notes=meta.notes + sidecar.notes,
    )


def apply_title(title: str, sidecar: Sidecar) -> tuple[str, Evidence | None]:
    """The sidecar's title with ``sidecar`` evidence when it sets one, else ``(title, None)``.

    >>> apply_title("在大会上的讲话", Sidecar(path="x.yml", given=frozenset({"title"}), title="新标题"))[0]
    '新标题'
    >>> apply_title("在大会上的讲话", Sidecar(path="x.yml"))
    ('在大会上的讲话', None)
    """
    if "title" in sidecar.given and sidecar.title:
        return sidecar.title, Evidence(source="sidecar", quote="sidecar", rule=f"set in {Path(sidecar.path).name}")
    return title, None


# --- field checks ---------------------------------------------------------------------------

_BAD = object()


def _check_field(
    key: str,
    node: yaml.Node,
    file: str,
    doc: Document,
    themes: tuple[str, ...] | None,
    problems: list[Problem],
) -> object:
    line = line_of(node)
    if key in ("level", "place", "speaker", "occasion", "date") and is_null(node):
        return None
    if key == "level":
        value = scalar(node)
        if value not in LEVELS:
            problems.append(must_be(file, "'level'", f"one of {', '.join(LEVELS)}", node, "For example: level: 县"))
            return _BAD
        return value
    if key == "date":
        text = date_text(node)
        if text is None:
            problems.append(
                must_be(
                    file,
                    "'date'",
                    "a date as YYYY, YYYY-MM or YYYY-MM-DD",
                    node,
                    "For example: date: 2022-10-28 (or date: 2022-10, or date: 2022)",
                )
            )
            return _BAD
        return text
    if key in ("title", "place", "speaker", "occasion", "source_url"):
        value = scalar(node)
        if not isinstance(value, str) or not value.strip():
            example = {
                "title": "title: 在全县领导干部会议上的讲话",
                "place": "place: 满城区",
                "speaker": "speaker: 县委书记",
                "occasion": "occasion: 全县领导干部会议",
                "source_url": "source_url: https://example.org/speech.html",
            }[key]
            problems.append(must_be(file, f"'{key}'", "a non-empty text", node, f"For example: {example}"))
            return _BAD
        if key == "source_url" and not re.match(r"^https?://\S+$", value.strip()):
            problems.append(
                Problem(
                    file,
                    f"'source_url' must be a web address starting with http:// or https://, found '{value}'",
                    "For example: source_url: https://example.org/speech.html",
                    line,
                )
            )
            return _BAD
        return value.strip()
    if key in ("themes", "keywords"):
        items = string_list(
            node,
            file,
            key,
            problems,
            f"For example: {key}: [党的建设, 经济发展]"
            if key == "themes"
            else "For example: keywords: [二十大, 招商引资]",
        )
        if items is None:
            return _BAD
        if key == "themes" and themes is not None:
            for item, item_node in items:
                if item not in themes:
                    problems.append(
                        Problem(
                            file,
                            f"unknown theme '{item}'{did_you_mean(item, themes)}",
                            f"Use a theme of the taxonomy (themes.yml): {', '.join(themes)}",
                            line_of(item_node),
                        )
                    )
        return tuple(item for item, _ in items)
    if key == "notes":
        return _check_notes(node, file, doc, problems)
    raise AssertionError(key)  # pragma: no cover - KEYS and this function agree


_NOTE_EXAMPLE = "For example: notes: [{anchor: p12, text: 这里说的是……}, {phrase: 双一号工程, text: 指……}]"


def _check_notes(node: yaml.Node, file: str, doc: Document, problems: list[Problem]) -> object:
    if not isinstance(node, yaml.SequenceNode):
        problems.append(must_be(file, "'notes'", "a list of notes", node, _NOTE_EXAMPLE))
        return _BAD
    anchors = {anchor: text for anchor, text in doc.anchored_texts()}
    whole = "\n".join([doc.title or "", *anchors.values()])
    notes: list[Note] = []
    before = len(problems)
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            problems.append(
                must_be(file, "each note", "a mapping with 'text' and 'anchor' or 'phrase'", item, _NOTE_EXAMPLE)
            )
            continue
        fields: dict[str, tuple[str, yaml.Node]] = {}
        wrong: set[str] = set()
        for key, key_node, value_node in mapping_items(item, file, problems):
            if key not in ("anchor", "phrase", "text"):
                fix = f"A note has 'text' and 'anchor' or 'phrase'. {_NOTE_EXAMPLE}"
                problems.append(unknown_key(file, key, key_node, ("anchor", "phrase", "text"), fix, " in a note"))
                continue
            value = scalar(value_node)
            if isinstance(value, int) and not isinstance(value, bool) and key == "anchor":
                problems.append(
                    Problem(
                        file,
                        f"a note's 'anchor' is a paragraph anchor like p{value}, found the number {value}",
                        f"Write anchor: p{value}",
                        line_of(value_node),
                    )
                )
                wrong.add(key)
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(must_be(file, f"a note's '{key}'", "a non-empty text", value_node, _NOTE_EXAMPLE))
                wrong.add(key)
                continue
            fields[key] = (value.strip() if key != "phrase" else value, value_node)
        if "text" not in fields and "text" not in wrong:
            problems.append(Problem(file, "a note has no 'text'", _NOTE_EXAMPLE, line_of(item)))
        if not ({"anchor", "phrase"} & (set(fields) | wrong)):
            problems.append(
                Problem(
                    file,
                    "a note needs an 'anchor' (p12) or a 'phrase' of the speech to attach to",
                    _NOTE_EXAMPLE,
                    line_of(item),
                )
            )
        anchor = fields.get("anchor", (None, None))[0]
        if anchor is not None:
            anchor_node = fields["anchor"][1]
            if not _ANCHOR.match(anchor):
                problems.append(
                    Problem(
                        file,
                        f"note anchor '{anchor}' is not a paragraph anchor",
                        "Write p<n> for paragraph n (counted from 1, headings not counted) or s<n> for heading n, e.g. anchor: p12",
                        line_of(anchor_node),
                    )
                )
                anchor = None
            elif anchor not in anchors:
                last = max((int(a[1:]) for a in anchors if a.startswith(anchor[0])), default=0)
                kind = "paragraph" if anchor[0] == "p" else "heading"
                problems.append(
                    Problem(
                        file,
                        f"note anchor '{anchor}': the speech has no such {kind} (it has {kind}s {anchor[0]}1 to {anchor[0]}{last})",
                        f"Use an existing anchor, e.g. anchor: {anchor[0]}1 (paragraphs are counted from 1 in reading order, headings not counted)",
                        line_of(anchor_node),
                    )
                )
                anchor = None
        phrase = fields.get("phrase", (None, None))[0]
        if phrase is not None:
            phrase_node = fields["phrase"][1]
            where = anchors.get(anchor, "") if anchor else whole
            if phrase not in where:
                place = f"paragraph {anchor}" if anchor else "the speech"
                problems.append(
                    Problem(
                        file,
                        f"note phrase '{phrase}' does not occur in {place}",
                        "Copy the words exactly as they stand in the speech (same characters and punctuation), e.g. phrase: 双一号工程",
                        line_of(phrase_node),
                    )
                )
                phrase = None
        if "text" in fields and (anchor or phrase):
            notes.append(Note(text=fields["text"][0], anchor=anchor, phrase=phrase))
    return tuple(notes) if len(problems) == before else _BAD
