"""The cache's keys hash the code a kept value is made with: edit it anywhere, and nothing stale is read.

The analysis cache once hashed a list of modules that left out ``pipeline.py``, where
``analyse_speech`` lived then: editing it made the build read analyses made by the old code.
The keys now hash whole folders (``engine/cache.py: code_files``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_scripts.engine import cache

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build_scripts"


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package that the cache's versions are computed from."""
    copy = tmp_path / "build_scripts"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", copy)
    cache.code_version.cache_clear()
    cache.build_version.cache_clear()
    yield copy
    cache.code_version.cache_clear()
    cache.build_version.cache_clear()


def _versions() -> tuple[str, str]:
    cache.code_version.cache_clear()
    cache.build_version.cache_clear()
    return cache.code_version(), cache.build_version()


@pytest.mark.parametrize(
    "edited",
    [
        "pipeline.py",  # the bug: analysing code outside analyse/
        "analyse/speech.py",
        "read/source.py",
        "config/yaml.py",
        "index/discovery.py",
        "analyse/terms.py",
        "engine/incremental.py",
        "engine/pool.py",
        "model.py",
        "data/stopwords.txt",
    ],
)
def test_editing_code_a_kept_value_is_made_with_changes_every_key(package: Path, edited: str) -> None:
    code, build = _versions()
    path = package / edited
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    new_code, new_build = _versions()
    assert new_code != code and new_build != build


def test_a_new_module_is_in_the_keys_without_being_listed(package: Path) -> None:
    code, _ = _versions()
    (package / "analyse" / "new_rule.py").write_text("RULE = 1\n", encoding="utf-8")
    assert _versions()[0] != code


def test_editing_the_rendering_changes_only_the_kept_pages_keys(package: Path) -> None:
    """Rendering code makes no analysis: editing it keeps the analyses, and remakes the kept pages."""
    code, build = _versions()
    path = package / "render" / "speech.py"
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    new_code, new_build = _versions()
    assert new_code == code and new_build != build


def test_every_module_the_cached_stages_import_is_hashed() -> None:
    """What the analysis, annotation, discovery and keyword stages run, and everything it imports,
    lies in the folders the keys hash: a module moved out of them would show here."""
    stages = (
        "build_scripts.analyse.speech",
        "build_scripts.analyse.annotate",
        "build_scripts.index.discovery",
        "build_scripts.analyse.terms",
        "build_scripts.engine.incremental",
    )
    script = (
        "import sys, importlib\n"
        f"for name in {stages!r}: importlib.import_module(name)\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('build_scripts.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    imported = {Path(line).resolve() for line in out.split()}
    assert len(imported) > 15 and imported <= set(cache.code_files())
