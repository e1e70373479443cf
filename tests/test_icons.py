"""The icons every page shows are Material's, drawn from one file (``assets/archive-icons.svg``).

``site_overrides/.icons/material/<name>.svg`` replaces Material's inline copy of an icon (ten on
every page: 2.8 KB of each of tens of thousands of pages) with a reference to a symbol of the
sprite; the symbol must draw exactly Material's icon, and every reference must find its symbol.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "site_overrides" / ".icons" / "material"
SPRITE = ROOT / "site_overrides" / "assets" / "archive-icons.svg"
MATERIAL = Path(material.__file__).resolve().parent / "templates" / ".icons" / "material"


def symbols() -> dict[str, str]:
    return dict(re.findall(r'<symbol id="([^"]+)" viewBox="0 0 24 24">(.*?)</symbol>', SPRITE.read_text("utf-8")))


def test_each_overridden_icon_points_to_a_symbol_drawing_materials_icon() -> None:
    overridden = sorted(OVERRIDES.glob("*.svg"))
    assert overridden, "no icon is overridden"
    sprite = symbols()
    for icon in overridden:
        name = icon.stem
        assert f"archive-icons.svg' | url }}}}#{name}\"" in icon.read_text("utf-8"), icon.name
        inline = (MATERIAL / icon.name).read_text("utf-8").strip()
        drawn = re.fullmatch(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">(.*)</svg>', inline, re.S)
        assert drawn is not None and sprite.get(name) == drawn.group(1), name


def test_a_built_page_refers_to_the_sprite(seed_site: Path) -> None:
    page = next(seed_site.glob("speeches/*/index.html")).read_text("utf-8")
    names = set(re.findall(r'<use href="\.\./\.\./assets/archive-icons\.svg#([\w-]+)"/>', page))
    assert {"library", "menu", "magnify", "weather-night", "weather-sunny"} <= names
    assert names <= set(symbols()) and (seed_site / "assets" / "archive-icons.svg").is_file()
    assert "<path" not in page.split("<article", 1)[0]  # no inline copy left in the header
