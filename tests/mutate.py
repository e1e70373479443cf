"""Robustness by mutation: the development corpus rewritten the way other archives differ.

Each mutation takes a labelled text of ``tests/devcorpus`` and rewrites it as another archive
would hold the same kind of document, and rewrites its labels to match:

- ``place``: every name of the text's unit and of the units above it swapped for a real unit of
  the same level and kind in another province (from the gazetteer): 保定市满城区 → 某市某区, the
  short forms too (满城 → 某); the place must follow, the level stay.
- ``year``: every year of a local text shifted by the same number of years (2020年 → 2017年,
  二〇二〇年 → 二〇一七年); the date must follow.
- ``notitle``: the title line dropped; the other fields must not depend on it.
- ``csv``: the text wrapped in a spreadsheet export's row (a line of column names, the row's
  database fields, the text in double quotes).
- ``dash``: the subtitle's dash ``——`` written as other archives write it (``――``, ``—``,
  ``－－``, ``--``, ``──``, ``━━``, ``一一``, one ``─`` and a space).
- ``gbk``: the file saved in GBK.
- ``furniture``: a web page's furniture above the text (download and font-size bar, source,
  the page's time, a posting timestamp); for a third of the texts one item a line with an empty
  ``时间：`` as portals print it, and for another third (with a dashed subtitle) the tool bar one
  item a line above and the source, time and timestamp lines under the subtitle.
- ``markdown``: the text saved from Markdown (``# `` before the title, part headings in ``**``).
- ``all``: furniture, dash and the CSV row together.
- ``cn_date``: the opening's dates in Chinese numerals (``二〇二〇年一月二十一日``).
- ``short_meeting``: a local congress written short in the opening (``十四届人大三次会议``, no 第).
- ``everything``: place, year, cn_date, short_meeting and all, one after the other.
- ``traditional``, ``wrapped``: traditional characters (Big5), a PDF's hard-wrapped lines.
- ``zero_width``: a zero-width space after every seventh Chinese character.
- ``flat``: every line end lost (a scraper's one-line field), the lines joined by nothing, a
  full-width indent or a space.

``python -m tests.mutate`` prints the agreement per mutation and field; ``tests/test_mutation.py``
holds it above floors. Every mutation is deterministic (choices by the text's id).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_scripts.analyse.places import Unit, load_gazetteer, short_form
from build_scripts.evaluate import got_values, load_labels, same

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "devcorpus"
FIELDS = ("title", "date", "year", "level", "place", "speaker", "occasion")

Labels = dict[str, str | None]


@dataclass(frozen=True)
class Mutant:
    """A rewritten text, its bytes as saved, and the labels it should get."""

    data: bytes
    labels: Labels


def _pick(key: str, n: int) -> int:
    """A deterministic choice among ``n`` by ``key``."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % n


# --- place -----------------------------------------------------------------------------------


def _ending(name: str) -> str:
    for e in ("自治区", "自治州", "自治县", "地区", "新区"):
        if name.endswith(e):
            return e
    return name[-1]


def _shape(path: tuple[Unit, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((u.level, _ending(u.name)) for u in path)


_ETHNIC = re.compile(r"族|自治")


def _candidates(path: tuple[Unit, ...], year: int) -> list[tuple[Unit, ...]]:
    """Paths of units in another province with the same levels and name endings, no ethnic names."""
    g = load_gazetteer()
    shape = _shape(path)
    out: list[tuple[Unit, ...]] = []
    seen: set[str] = set()
    for u in g.units:
        if u.level != path[-1].level or not u.in_use(year) or u.code[:2] == path[-1].code[:2] or u.code in seen:
            continue
        if _ETHNIC.search(u.name) or len(u.name) < 3:
            continue
        p = g.path(u, year)
        if _shape(p) != shape or any(_ETHNIC.search(x.name) or not short_form(x.name, x.level) for x in p):
            continue
        if any(len(g.by_name.get(x.name, ())) > 1 for x in p):  # a name two units carry: ambiguous
            continue
        seen.add(u.code)
        out.append(p)
    return sorted(out, key=lambda p: p[-1].code)


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    """Every key of ``mapping`` replaced by its value in one pass, longest first."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group()], text)


def place_mapping(id_: str, place: str, year: int) -> dict[str, str] | None:
    """Old name → new name for the text's unit and the units above it (full and short forms)."""
    g = load_gazetteer()
    unit = g.resolve(place, year)
    if unit is None:
        return None
    path = g.path(unit, year)
    options = _candidates(path, year)
    if not options:
        return None
    new = options[_pick(id_, len(options))]
    mapping: dict[str, str] = {}
    for old, fresh in zip(path, new, strict=True):
        mapping[old.name] = fresh.name
        a, b = short_form(old.name, old.level), short_form(fresh.name, fresh.level)
        if a and b and len(a) >= 2:
            mapping[a] = b
    return mapping


def mutate_place(id_: str, text: str, labels: Labels) -> Mutant | None:
    place, date = labels.get("place"), labels.get("date")
    if not place or place == "全国" or not date or labels.get("level") == "乡镇":
        return None
    mapping = place_mapping(id_, place, int(date[:4]))
    if mapping is None:
        return None
    new = {k: (_replace_all(v, mapping) if v and k in ("title", "place", "occasion") else v) for k, v in labels.items()}
    return Mutant(_replace_all(text, mapping).encode("utf-8"), new)


# --- years -----------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_ZERO = "〇○OＯ0零"
_YEAR_AR = re.compile(r"(?<![\d０-９])((?:19|20)\d\d)(?=\s*(?:年|[-/.]\d{1,2}[-/.]\d{1,2}))")
_YEAR_FW = re.compile(r"(?<![\d０-９])([１２][０-９]{3})(?=\s*年)")
_YEAR_CN = re.compile(rf"([一二][{_ZERO}一二三四五六七八九]{{3}})(?=\s*年)")


def _cn_year(text: str) -> int:
    return int("".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else "0" for c in text))


def shift_years(text: str, k: int) -> str:
    """Every year (written in digits, full-width digits or Chinese numerals) moved by ``k``.

    >>> shift_years("2020年1月21日，二〇二〇年，２０２０年，2023-03-30，2000亿元", -3)
    '2017年1月21日，二〇一七年，２０１７年，2020-03-30，2000亿元'
    """

    def ar(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + k) if 1949 <= y <= 2035 else m.group(1)

    def fw(m: re.Match[str]) -> str:
        y = int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        if not 1949 <= y <= 2035:
            return m.group(1)
        return str(y + k).translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    def cn(m: re.Match[str]) -> str:
        y = _cn_year(m.group(1))
        if not 1949 <= y <= 2035:
            return m.group(1)
        zero = next((c for c in m.group(1) if c in _ZERO), "〇")
        return "".join(zero if d == "0" else _CN_DIGITS[int(d)] for d in str(y + k))

    return _YEAR_CN.sub(cn, _YEAR_FW.sub(fw, _YEAR_AR.sub(ar, text)))


def mutate_year(id_: str, text: str, labels: Labels) -> Mutant | None:
    date = labels.get("date")
    if not date or labels.get("level") == "中央":
        return None  # a national text is dated by the session calendar: its years cannot move alone
    k = -3 if _pick(id_, 2) else 4
    y = int(date[:4]) + k
    new_date = f"{y:04d}{date[4:]}"
    if len(date) == 10:
        try:
            _dt.date.fromisoformat(new_date)
        except ValueError:
            return None
    new = dict(labels, date=new_date, year=str(y))
    new = {f: (shift_years(v, k) if v and f in ("title", "occasion") else v) for f, v in new.items()}
    return Mutant(shift_years(text, k).encode("utf-8"), new)


# --- layout ----------------------------------------------------------------------------------


def _compact(s: str) -> str:
    return re.sub(r"[\s\u3000\xa0?？]+", "", s)


def title_line(text: str, labels: Labels) -> tuple[list[str], int] | None:
    """The text's lines and the number of the one that is its labelled title (in the first 60)."""
    title = labels.get("title")
    lines = text.split("\n")
    found = (i for i, line in enumerate(lines[:60]) if title and _compact(line) == _compact(title))
    i = next(found, None)
    return None if i is None else (lines, i)


def mutate_notitle(id_: str, text: str, labels: Labels) -> Mutant | None:
    if (at := title_line(text, labels)) is None:
        return None
    lines, i = at
    new = {k: v for k, v in labels.items() if k != "title"}
    return Mutant("\n".join(lines[:i] + lines[i + 1 :]).encode("utf-8"), new)


def csv_row(text: str, fields: list[tuple[str, str]]) -> str:
    """``text`` as the last cell of a one-row CSV export with ``fields`` before it.

    >>> print(csv_row('他说"好"\\n完', [("year", "2020"), ("title", "a,b")]))
    year,title,full_text
    2020,"a,b","他说""好""
    完"
    """

    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if re.search(r'[",\n]', v) else v

    head = ",".join([k for k, _ in fields] + ["full_text"])
    return head + "\n" + ",".join([cell(v) for _, v in fields] + ['"' + text.replace('"', '""') + '"'])


def _province_of(labels: Labels) -> str:
    place, date = labels.get("place"), labels.get("date")
    if not place or place == "全国":
        return "全国"
    g = load_gazetteer()
    unit = g.resolve(place, int(date[:4]) if date else None)
    return g.path(unit)[0].name if unit else place


def _published(date: str | None) -> str:
    """A posting date some days after the delivery (or after the year)."""
    if not date:
        return "2024-05-06"
    if len(date) == 10:
        return (_dt.date.fromisoformat(date) + _dt.timedelta(days=12)).isoformat()
    return f"{int(date[:4]) + 1}-01-10"


def csv_fields(id_: str, labels: Labels) -> list[tuple[str, str]]:
    """The fields a provinces' spreadsheet gives a report besides its text (the publication date after
    the delivery's)."""
    date = labels.get("date")
    year = (date or "2024")[:4]
    return [
        ("province", _province_of(labels)),
        ("year", year),
        ("title", f"{year}年{labels.get('place') or ''}政府工作报告"),
        ("source_url", f"http://www.example.gov.cn/zwgk/{year}/art_{_pick(id_, 99999)}.html"),
        ("publish_date", _published(date)),
    ]


def mutate_csv(id_: str, text: str, labels: Labels) -> Mutant | None:
    return Mutant(csv_row(text, csv_fields(id_, labels)).encode("utf-8"), dict(labels))


_DASHES = ("――", "—", "－－", "--", "──", "━━", "一一", "─ ")


def mutate_dash(id_: str, text: str, labels: Labels) -> Mutant | None:
    if "——" not in text:
        return None
    dash = _DASHES[_pick(id_, len(_DASHES))]
    return Mutant(text.replace("——", dash).encode("utf-8"), dict(labels))


def mutate_gbk(id_: str, text: str, labels: Labels) -> Mutant | None:
    try:
        return Mutant(text.encode("gbk"), dict(labels))
    except UnicodeEncodeError:
        return None


def mutate_traditional(id_: str, text: str, labels: Labels) -> Mutant | None:
    """The text in traditional characters (OpenCC), in Big5 where every character has one, else
    UTF-8; the title as written follows, the other labels are the archive's (simplified) values."""
    import opencc

    convert = opencc.OpenCC("s2t").convert
    changed = convert(text)
    if changed == text:
        return None
    try:
        data = changed.encode("big5")
    except UnicodeEncodeError:
        data = changed.encode("utf-8")
    title = labels.get("title")
    return Mutant(data, {**labels, "title": convert(title) if title else title})


def mutate_wrapped(id_: str, text: str, labels: Labels) -> Mutant | None:
    """The speech as a PDF's text export lays it out: from the salutation on, every line longer than
    the page is cut at one width (31–38 characters, by the text; an indented line's indent counts),
    sentences running on from line to line; page numbers (— n —) every 40 lines. (A web page's
    furniture above is left as it is: no PDF holds it; g121 and g123 wrap a title block.)"""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines[:60]) if _SALUTE.match(line.strip(" \u3000"))), None)
    if start is None:
        return None
    width = 31 + _pick(id_, 8)
    body: list[str] = []
    for line in lines[start:]:
        body.extend(line[i : i + width] for i in range(0, len(line), width)) if line else body.append(line)
    for k in range(len(body) // 40, 0, -1):
        body.insert(40 * k, f"— {k} —")
    return Mutant("\n".join(lines[:start] + body).encode("utf-8"), dict(labels))


_SALUTE = re.compile(r"^(?:同志们|各位代表|各位委员|尊敬的|女士们)")


def furniture(date: str | None, per_line: bool = False) -> str:
    """A news site's furniture above an article: tool bar, source, the page's time, a timestamp;
    or a portal's, one item a line, its time left empty."""
    if per_line:
        return "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n来源：广西日报\n时间：\n"
    posted = _published(date)
    return f"下载 打印 全屏 收藏 【字号：加大 还原 减小】\n来源：人民网－人民日报\n时间：{posted}\n{posted} 07:00:44\n"


def mutate_furniture(id_: str, text: str, labels: Labels) -> Mutant | None:
    way = _pick(id_, 3)
    if way == 2:  # a portal that prints its source and times among the title block
        lines = text.split("\n")
        sub = next((i for i, line in enumerate(lines[:40]) if line.strip().startswith("——")), None)
        if sub is not None:
            posted = _published(labels.get("date"))
            lines[sub + 1 : sub + 1] = ["来源：广西日报", f"时间：{posted}", f"{posted} 07:00:44"]
            return Mutant((furniture(None, per_line=True) + "\n".join(lines)).encode("utf-8"), dict(labels))
    page = furniture(labels.get("date"), per_line=way == 1)
    return Mutant((page + text).encode("utf-8"), dict(labels))


_PART = re.compile(r"^([一二三四五六七八九十]{1,3}、[^。\n]{2,40})$", re.M)


def flatten(id_: str, text: str) -> str:
    """``text`` with its line ends lost, as a scraper's one-line field holds it: the lines joined by
    nothing, by a full-width indent or by a space (a third of the texts each)."""
    joint = ("", "\u3000\u3000", " ")[_pick(id_ + "flat", 3)]
    return joint.join(line.strip() for line in text.split("\n") if line.strip())


def mutate_flat(id_: str, text: str, labels: Labels) -> Mutant | None:
    return Mutant(flatten(id_, text).encode("utf-8"), dict(labels))


def mutate_zero_width(id_: str, text: str, labels: Labels) -> Mutant | None:
    """A zero-width space after every seventh Chinese character, as some web pages carry them."""
    seen = 0

    def mark(m: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return m.group() + ("\u200b" if seen % 7 == 0 else "")

    return Mutant(re.sub(r"[\u4e00-\u9fff]", mark, text).encode("utf-8"), dict(labels))


def mutate_markdown(id_: str, text: str, labels: Labels) -> Mutant | None:
    if (at := title_line(text, labels)) is None:
        return None
    lines, i = at
    lines[i] = "# " + lines[i].strip()
    return Mutant(_PART.sub(r"**\1**", "\n".join(lines)).encode("utf-8"), dict(labels))


def mutate_all(id_: str, text: str, labels: Labels) -> Mutant | None:
    dashed = mutate_dash(id_, text, labels)
    inner = dashed.data.decode("utf-8") if dashed else text
    return Mutant(csv_row(furniture(labels.get("date")) + inner, csv_fields(id_, labels)).encode("utf-8"), dict(labels))


_CN = "〇一二三四五六七八九"


def cn_numerals(n: int, digits: bool = False) -> str:
    """``n`` in Chinese numerals: digit by digit (years) or as a number up to 31.

    >>> cn_numerals(2020, digits=True), cn_numerals(1), cn_numerals(10), cn_numerals(21), cn_numerals(30)
    ('二〇二〇', '一', '十', '二十一', '三十')
    """
    if digits:
        return "".join(_CN[int(d)] for d in str(n))
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


_HEAD_DATE = re.compile(r"(?<![\d０-９])((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")


def mutate_cn_date(id_: str, text: str, labels: Labels) -> Mutant | None:
    """The dates of the opening lines written in Chinese numerals (二〇二〇年一月二十一日)."""
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines[:40]):
        if len(line) <= 80 and _HEAD_DATE.search(line):
            lines[i] = _HEAD_DATE.sub(
                lambda m: (
                    f"{cn_numerals(int(m.group(1)), True)}年{cn_numerals(int(m.group(2)))}月"
                    f"{cn_numerals(int(m.group(3)))}日"
                ),
                line,
            )
            changed = True
    return Mutant("\n".join(lines).encode("utf-8"), dict(labels)) if changed else None


_CONGRESS = re.compile(r"第([一二三四五六七八九十]+)届人民代表大会第([一二三四五六七八九十]+)次会议")


def mutate_short_meeting(id_: str, text: str, labels: Labels) -> Mutant | None:
    """Local congresses written short in the opening lines, as papers do (十四届人大三次会议)."""
    lines = text.split("\n")
    short = bool(_pick(id_ + "short", 2))
    changed = False
    for i, line in enumerate(lines[:40]):
        if len(line) <= 120 and _CONGRESS.search(line) and "全国" not in line:
            form = r"\1届人大\2次会议" if short else r"\1届人民代表大会第\2次会议"
            lines[i] = _CONGRESS.sub(form, line)
            changed = True
    return Mutant("\n".join(lines).encode("utf-8"), dict(labels)) if changed else None


def mutate_everything(id_: str, text: str, labels: Labels) -> Mutant | None:
    """Places swapped and years shifted, then the opening's dates in Chinese numerals and its
    congress written short, then furniture, another dash and the CSV row."""
    mutant = Mutant(text.encode("utf-8"), dict(labels))
    for step in (mutate_place, mutate_year, mutate_cn_date, mutate_short_meeting, mutate_all):
        nxt = step(id_, mutant.data.decode("utf-8"), mutant.labels)
        if nxt is not None:
            mutant = nxt
    return mutant


MUTATIONS: dict[str, Callable[[str, str, Labels], Mutant | None]] = {
    "place": mutate_place,
    "year": mutate_year,
    "notitle": mutate_notitle,
    "csv": mutate_csv,
    "dash": mutate_dash,
    "gbk": mutate_gbk,
    "furniture": mutate_furniture,
    "markdown": mutate_markdown,
    "all": mutate_all,
    "cn_date": mutate_cn_date,
    "short_meeting": mutate_short_meeting,
    "everything": mutate_everything,
    "traditional": mutate_traditional,
    "wrapped": mutate_wrapped,
    "flat": mutate_flat,
    "zero_width": mutate_zero_width,
}


# --- running ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One mutation's agreement: per field, right and applicable, and the misses."""

    mutation: str
    texts: int
    right: dict[str, int]
    total: dict[str, int]
    misses: tuple[tuple[str, str, str | None, str | None], ...]  # (id, field, expected, got)
    levels: frozenset[str | None] = frozenset()  # every level the build gave, labelled or not


def run(mutations: tuple[str, ...] = tuple(MUTATIONS), ids: tuple[str, ...] | None = None) -> list[Outcome]:
    """Mutate every labelled text, analyse it as the build does, compare with the mutated labels."""
    from build_scripts.analyse.speech import analyse_speech
    from build_scripts.errors import ArchiveError
    from build_scripts.pipeline import Settings, load_config
    from build_scripts.read.source import read_source

    labels = load_labels(DEV / "labels.yml")
    texts = {i: read_source(DEV / "texts" / f"{i}.txt").text for i in labels if ids is None or i in ids}
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = load_config(Settings(corpus=folder, cache_dir=None))
        for name in mutations:
            right = dict.fromkeys(FIELDS, 0)
            total = dict.fromkeys(FIELDS, 0)
            misses: list[tuple[str, str, str | None, str | None]] = []
            levels: set[str | None] = set()
            n = 0
            for id_, text in texts.items():
                mutant = MUTATIONS[name](id_, text, labels[id_])
                if mutant is None:
                    continue
                n += 1
                path = folder / f"{id_}.txt"
                path.write_bytes(mutant.data)
                try:
                    got = got_values(analyse_speech(path, None, config))
                except ArchiveError:
                    got = dict.fromkeys(FIELDS)
                levels.add(got["level"])
                for field in FIELDS:
                    expected = mutant.labels.get(field)
                    if expected is None:
                        continue
                    total[field] += 1
                    if same(field, expected, got[field]):
                        right[field] += 1
                    else:
                        misses.append((id_, field, expected, got[field]))
            outcomes.append(Outcome(name, n, right, total, tuple(misses), frozenset(levels)))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    """Agreement per mutation (rows) and field (columns), then the total per field."""
    lines = ["| mutation | texts | " + " | ".join(FIELDS) + " |", "| :-- | --: |" + " --: |" * len(FIELDS)]
    for o in outcomes:
        cells = [f"{o.right[f]}/{o.total[f]}" if o.total[f] else "–" for f in FIELDS]
        lines.append(f"| {o.mutation} | {o.texts} | " + " | ".join(cells) + " |")
    right = {f: sum(o.right[f] for o in outcomes) for f in FIELDS}
    total = {f: sum(o.total[f] for o in outcomes) for f in FIELDS}
    cells = [f"{100 * right[f] / total[f]:.1f}%" if total[f] else "–" for f in FIELDS]
    lines.append("| **all** | | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    chosen = tuple(a for a in sys.argv[1:] if a in MUTATIONS) or tuple(MUTATIONS)
    result = run(chosen)
    print(table(result))
    if "-v" in sys.argv:
        for o in result:
            for id_, field, expected, got in o.misses:
                print(f"{o.mutation} {id_} {field}: expected {expected!r}, got {got!r}")
