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
from build_scripts.analyse.fold import as_written, read_simplified
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
    read = read_simplified(doc)  # the rules read traditional characters as simplified; quotes are as written
    meta = meta_mod.infer_metadata(read, source, config.events)
    themes, theme_evidence = themes_mod.assign_themes(read, config.themes)
    evidence = meta.evidence + ((("themes", theme_evidence),) if theme_evidence else ())
    meta = replace(meta, themes=themes, evidence=evidence)
    if doc.title is not None:
        title, inferred = doc.title, False
    else:
        title, title_evidence = meta_mod.infer_title(read, meta)
        meta = replace(meta, evidence=meta.evidence + (("title", title_evidence),))
        inferred = True
    meta = replace(meta, evidence=tuple((field, as_written(e, read, doc)) for field, e in meta.evidence))
    source_url = None
    if sidecar is not None:
        car = sidecar_mod.load_sidecar(sidecar, doc, config.themes.names)
        source_url = car.source_url
        meta = sidecar_mod.apply_sidecar(meta, car)
        title, corrected = sidecar_mod.apply_title(title, car)
        if corrected is not None:
            inferred = False
            meta = replace(meta, evidence=(*((f, e) for f, e in meta.evidence if f != "title"), ("title", corrected)))
    return Speech(source=source, doc=doc, title=title, title_inferred=inferred, meta=meta, source_url=source_url)
