"""Measure the metadata inference against a labelled corpus: per field, right / labelled, and every miss.

The analysis measured is the build's own (``analyse_speech`` with the shipped configuration,
the corpus folder's own ``slogans.yml``/``themes.yml``/``events.yml`` and sidecars included),
so the figures are what a reader of the site would see. Comparisons, per field:

- ``title``: equal after removing white space (``政 府 工 作 报 告`` = ``政府工作报告``), nothing else;
  a title the build made up itself (``title_inferred``) counts as "unknown";
- ``date``: the exact label string (``2020-01-21``, ``2020-01`` or ``2020``): a more or less
  precise date is a miss;
- ``year``: the first four characters of the label's date against the year the build knows
  (its date's year, or a range's when the range lies within one year);
- ``level``, ``place``, ``speaker``, ``occasion``: the exact string after trimming white space
  at the ends.

A field labelled ``null`` ("the text does not tell") is counted apart, in the row
"says unknown when unknown": right when the build says nothing either. A labelled value
the build leaves unknown is a miss of the field's own row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_scripts.analyse.fold import ZERO_WIDTH
from build_scripts.errors import ArchiveError, Problem
from build_scripts.model import Speech

FIELDS: tuple[str, ...] = ("title", "date", "year", "level", "place", "speaker", "occasion")
_SPACE = re.compile(rf"[\s{ZERO_WIDTH}]+")  # spaces and the invisible zero-width characters


@dataclass(frozen=True)
class Miss:
    """One labelled value the build did not get: what it got instead and why."""

    id: str
    field: str
    expected: str | None
    got: str | None
    evidence: str  # the rule and the words the build's value rests on; "" when it has none


@dataclass(frozen=True)
class FieldScore:
    """One field's figures: labelled values got right, and labelled unknowns left unknown."""

    field: str
    right: int
    labelled: int
    unknown_right: int  # labelled null, and the build says nothing
    unknown_labelled: int  # labelled null
    misses: tuple[Miss, ...]  # labelled values missed, then unknowns the build filled in


@dataclass(frozen=True)
class Report:
    """The evaluation of one labelled corpus."""

    texts: int
    fields: tuple[FieldScore, ...]
    refused: tuple[Problem, ...] = ()  # labelled files the build refused (every field counts as missed)

    def score(self, field: str) -> FieldScore:
        return next(f for f in self.fields if f.field == field)


def load_labels(path: Path) -> dict[str, dict[str, str | None]]:
    """The labels file: ``{id: {field: value}}``, values as strings (``2020-01-21``) or None."""
    try:
        root = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArchiveError.one(
            str(path),
            f"cannot be read ({exc.strerror})",
            "Give the labels file, e.g. --labels tests/devcorpus/labels.yml",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ArchiveError.one(
            str(path),
            f"is not valid YAML: {getattr(exc, 'problem', exc)}",
            "Fix the YAML syntax",
            mark.line + 1 if mark else None,
        ) from None
    if not isinstance(root, dict) or not all(isinstance(v, dict) for v in root.values()):
        raise ArchiveError.one(
            str(path),
            "must map each text's id to its labels",
            "For example:\n  dv_001:\n    title: 政府工作报告\n    date: '2020-01-21'\n    level: 县",
        )
    return {str(k): _fields(v) for k, v in root.items()}


def _fields(entry: Mapping[str, object]) -> dict[str, str | None]:
    """The labelled fields of one entry; ``year`` comes from ``date``.

    >>> _fields({"date": "2020-01-21", "level": "县", "note": "…"})
    {'date': '2020-01-21', 'level': '县', 'year': '2020'}
    """
    out = {f: _text(entry[f]) for f in FIELDS if f in entry and f != "year"}
    if "date" in entry:
        out["year"] = _year(entry["date"])
    return out


def _text(value: object) -> str | None:
    """A label as a string: YAML dates and numbers as written (``2020-01-21``, ``2020``)."""
    return None if value is None else str(value).strip()


def _year(date: object) -> str | None:
    return None if date is None else str(date)[:4]


def got_values(speech: Speech) -> dict[str, str | None]:
    """What the build says for each field (None: unknown)."""
    meta = speech.meta
    return {
        "title": None if speech.title_inferred else speech.title,
        "date": meta.date,
        "year": _year_known(speech),
        "level": meta.level,
        "place": getattr(meta, "place", None),
        "speaker": meta.speaker,
        "occasion": meta.occasion,
    }


def _year_known(speech: Speech) -> str | None:
    """The year the build knows: its date's, or that of a range lying within one year."""
    meta = speech.meta
    if meta.date:
        return meta.date[:4]
    lo, hi = getattr(meta, "date_not_before", None), getattr(meta, "date_not_after", None)
    return str(lo)[:4] if lo and hi and str(lo)[:4] == str(hi)[:4] else None


def same(field: str, expected: str, got: str | None) -> bool:
    """Whether the build's value counts as the label's.

    >>> same("title", "政府工作报告", "政 府 工 作 报 告"), same("title", "政府工作报告", "政府工作报")
    (True, False)
    >>> same("date", "2020-01", "2020-01-21"), same("occasion", "县委全会", " 县委全会")
    (False, True)
    """
    if got is None:
        return False
    if field == "title":
        return _SPACE.sub("", expected) == _SPACE.sub("", got)
    return expected.strip() == got.strip()


def evidence_text(speech: Speech, field: str) -> str:
    """The rule and the words a field's value rests on, on one line."""
    if field == "title":
        if not speech.title_inferred:
            return f"the title line 「{speech.title}」"
    key = "date" if field == "year" else field
    ev = speech.meta.evidence_for(key)
    if ev is None:
        return ""
    where = ev.anchor or ("title" if ev.source == "title" else ev.source)
    return f"{ev.rule} 「{ev.quote}」 ({where})" if ev.rule else f"「{ev.quote}」 ({where})"


def score(
    labels: Mapping[str, Mapping[str, object]], speeches: Mapping[str, Speech], refused: Sequence[Problem] = ()
) -> Report:
    """Compare the build's values with the labels, field by field (a refused file misses every field)."""
    fields: list[FieldScore] = []
    for field in FIELDS:
        right = labelled = unknown_right = unknown_labelled = 0
        misses: list[Miss] = []
        unknown_misses: list[Miss] = []
        for id_, label in sorted(labels.items()):
            if field not in label:
                continue
            expected = _text(label[field])
            speech = speeches.get(id_)
            got = got_values(speech)[field] if speech else None
            evidence = evidence_text(speech, field) if speech else "refused by the build"
            if expected is None:
                unknown_labelled += 1
                if got is None:
                    unknown_right += 1
                else:
                    unknown_misses.append(Miss(id_, field, None, got, evidence))
                continue
            labelled += 1
            if same(field, expected, got):
                right += 1
            else:
                misses.append(Miss(id_, field, expected, got, evidence))
        fields.append(
            FieldScore(field, right, labelled, unknown_right, unknown_labelled, tuple(misses + unknown_misses))
        )
    return Report(texts=len(labels), fields=tuple(fields), refused=tuple(refused))


def evaluate(labels_path: Path, corpus: Path) -> Report:
    """Analyse every labelled text of ``corpus`` as the build does and score it against ``labels_path``."""
    from build_scripts.analyse.speech import analyse_speech
    from build_scripts.pipeline import Settings, load_config

    labels = load_labels(labels_path)
    missing = [i for i in labels if not (corpus / f"{i}.txt").is_file()]
    if missing:
        raise ArchiveError.one(
            str(labels_path),
            f"labels {len(missing)} text(s) not found in {corpus}: {', '.join(missing[:5])}"
            + (" …" if len(missing) > 5 else ""),
            "Give the folder holding <id>.txt for every labelled id, e.g. --corpus tests/devcorpus/texts",
        )
    config = load_config(Settings(corpus=corpus, cache_dir=None))
    speeches: dict[str, Speech] = {}
    refused: list[Problem] = []
    for id_ in labels:
        sidecar = corpus / f"{id_}.yml"
        try:
            speeches[id_] = analyse_speech(corpus / f"{id_}.txt", sidecar if sidecar.is_file() else None, config)
        except ArchiveError as exc:
            refused.extend(exc.problems)
    return score(labels, speeches, refused)


def format_report(report: Report, misses: bool = True) -> str:
    """The table (field, right / labelled, %, unknown when unknown), then every miss."""
    lines = [
        f"{report.texts} labelled texts",
        "",
        "| field | right / labelled | % | says unknown when unknown |",
        "| :-- | --: | --: | --: |",
    ]
    for f in report.fields:
        pct = f"{100 * f.right / f.labelled:.1f}" if f.labelled else "–"
        lines.append(f"| {f.field} | {f.right} / {f.labelled} | {pct} | {f.unknown_right} / {f.unknown_labelled} |")
    for p in report.refused:
        lines.append(f"refused: {p}")
    if misses:
        for f in report.fields:
            if not f.misses:
                continue
            lines += ["", f"## {f.field}: {len(f.misses)} miss(es)"]
            for m in f.misses:
                lines.append(
                    f"- {m.id}: expected {_show(m.expected)}, got {_show(m.got)}"
                    + (f" — {m.evidence}" if m.evidence else "")
                )
    return "\n".join(lines)


def _show(value: str | None) -> str:
    return "unknown" if value is None else f"「{value}」"


def report_json(report: Report) -> str:
    """The report as JSON: per field the figures and the misses."""
    return json.dumps(
        {
            "texts": report.texts,
            "refused": [str(p) for p in report.refused],
            "fields": {
                f.field: {
                    "right": f.right,
                    "labelled": f.labelled,
                    "unknown_right": f.unknown_right,
                    "unknown_labelled": f.unknown_labelled,
                    "misses": [
                        {"id": m.id, "expected": m.expected, "got": m.got, "evidence": m.evidence} for m in f.misses
                    ],
                }
                for f in report.fields
            },
        },
        ensure_ascii=False,
        indent=1,
    )
