"""Analyse one speech file: read it, find its structure, infer its metadata, apply its sidecar.

``analyse_speech`` is everything the build knows of a speech from its own file (and its
sidecar) and the configuration; what needs the whole archive (slogan occurrences, keywords,
related speeches) comes later, in ``index/``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from build_scripts.analyse import metadata as meta_mod
from build_scripts.analyse import themes as themes_mod
from build_scripts.analyse.structure import parse_document
from build_scripts.config import sidecar as sidecar_mod
from build_scripts.config.archive import Config
from build_scripts.errors import ArchiveError
from build_scripts.model import Speech
from build_scripts.read.source import read_source


def analyse_speech(path: Path, sidecar: Path | None, config: Config) -> Speech:
    """One speech file → ``Speech`` without slogan occurrences (those need the whole archive)."""
    source = read_source(path)
    doc = parse_document(source.text)
    if not doc.blocks:
        raise ArchiveError.one(
            source.name,
            "has a title but no speech text after it",
            "Add the speech's text below the title line, or delete the file",
        )
    meta = meta_mod.infer_metadata(doc, source, config.events)
    themes, theme_evidence = themes_mod.assign_themes(doc, config.themes)
    evidence = meta.evidence + ((("themes", theme_evidence),) if theme_evidence else ())
    meta = replace(meta, themes=themes, evidence=evidence)
    if doc.title is not None:
        title, inferred = doc.title, False
    else:
        title, title_evidence = meta_mod.infer_title(doc, meta)
        meta = replace(meta, evidence=meta.evidence + (("title", title_evidence),))
        inferred = True
    if sidecar is not None:
        car = sidecar_mod.load_sidecar(sidecar, doc, config.themes.names)
        meta = sidecar_mod.apply_sidecar(meta, car)
        title, corrected = sidecar_mod.apply_title(title, car)
        if corrected is not None:
            inferred = False
            meta = replace(meta, evidence=(*((f, e) for f, e in meta.evidence if f != "title"), ("title", corrected)))
    return Speech(source=source, doc=doc, title=title, title_inferred=inferred, meta=meta)
