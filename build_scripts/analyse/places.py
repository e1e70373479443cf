"""China's administrative units by name: which units a piece of text names, at which level, under whom.

The table is ``build_scripts/data/gazetteer.tsv`` (the Ministry of Civil Affairs' county-and-above
codes, every revision from 1980 to 2025: see ``build_scripts/data/README.md``). A name may have
been several units: 驻马店市 was a county-level city under 驻马店地区 until 1999 and is a
prefecture-level city since 2000; 朝阳区 is in 北京市 and in 长春市. ``Gazetteer.resolve`` picks
the unit a text means from the year and the other names it uses.

Names are found in one pass: every unit name ends in one of 省市县区旗州盟 (or a few rare
endings), so only the characters before such an ending are looked up, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer.tsv"
# The years of the table's first and last revisions.
TABLE_FIRST, TABLE_LAST = 1980, 2025
# Levels of the table, and the speech levels they are (the four municipalities are 省).
LEVEL_OF: dict[str, str] = {"省": "省", "市": "市", "县": "县"}
_ENDINGS = "省市县区旗州盟岛域山镇会"
# Names that are also ordinary words: never read from running text, only from a chain that
# a larger unit makes certain (阳泉市城区).
_WORDS = frozenset(
    [
        "城区",
        "矿区",
        "郊区",
        "新区",
        "一区",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "市中区",
        "老城区",
        "新城区",
        "城中区",
        "城关区",
        "高新区",
        "开发区",
    ]
)
# A two-character name (易县) is read from running text only after one of these (or a non-Han
# character): 示范县 holds 范县, 容易县城 易县.
_BEFORE_SHORT_NAME = frozenset("在于对和与及、省市州盟区是为到赴从向的了年月日共")
# After a two-character name (X县), these make it a word of its own: 易县长 = 易 + 县长, 代县长.
_COMPOUND_AFTER = frozenset("长委级城域直乡区市里内志属情")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# The peoples named in autonomous units' names (满族 in 丰宁满族自治县, 蒙古 without 族).
_PEOPLES = [
    "蒙古",
    "维吾尔",
    "哈萨克",
    "柯尔克孜",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "乌孜别克",
    "塔吉克",
    "俄罗斯",
    "塔塔尔",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "土",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "怒",
    "德昂",
    "保安",
    "裕固",
    "京",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
]
_PEOPLE = "|".join(sorted(_PEOPLES, key=len, reverse=True))
_ETHNIC = re.compile(rf"(?:(?:{_PEOPLE})族?)+自治(?:区|州|县|旗)$")


@dataclass(frozen=True)
class Unit:
    """One name an administrative unit carried, with the years the code tables show it."""

    code: str  # GB/T 2260 code, e.g. "130607"
    name: str  # e.g. "满城区"
    level: str  # 省 / 市 / 县
    parent: str  # the code one level up; "" for a province-level unit
    first: int  # the years the name could have been in use under this code (revisions are yearly
    last: int  # before 2014, so a change is known to the year; 2019–2025 is one gap)

    def in_use(self, year: int | None) -> bool:
        """Whether the name was in use that year; before the first revision (1980) and after the
        last (2025) a name the table starts or ends with is taken to be in use.

        >>> u = Unit("130622", "清苑县", "县", "130600", 1986, 2015)
        >>> u.in_use(2008), u.in_use(2017), Unit("420500", "宜昌市", "市", "420000", 1980, 2025).in_use(1958)
        (True, False, True)
        """
        if year is None:
            return True
        return (self.first <= year or self.first <= TABLE_FIRST) and (year <= self.last or self.last >= TABLE_LAST)


@dataclass(frozen=True)
class Mention:
    """A unit name found in a text: ``text[start:end] == name`` (or its short form)."""

    name: str  # the unit's full name
    start: int
    end: int
    short: bool = False  # the text wrote a short form (保定 for 保定市)


def inside_word(text: str, start: int, name: str) -> bool:
    """Whether a two-character unit name at ``text[start:]`` is part of other words: after a
    character that is not one a name follows (召开县 is no 开县), or 和 after a unit word (省、市和县).

    >>> inside_word("顺利召开县十五届人大", 3, "开县"), inside_word("中央、省、市和县双重领导", 6, "和县"), inside_word("在唐县召开", 1, "唐县")
    (True, True, False)
    """
    if len(name) != 2 or start == 0:
        return False
    before = text[start - 1]
    if name[0] in "和与及" and before in "省市州盟区县乡镇、":
        return True
    return bool(_HAN.match(before)) and before not in _BEFORE_SHORT_NAME


# Short names that are everyday words too, whatever jieba's dictionary says of them.
_WORD_SHORTS = frozenset(
    ("安宁", "长乐", "平安", "和平", "永安", "长安", "太平", "大同", "兴国", "安国", "开放", "文明")
)


@cache
def _dictionary() -> dict[str, tuple[int, str]]:
    """jieba's dictionary (its bundled dict.txt): word → (frequency, part of speech)."""
    from build_scripts.analyse.terms import JIEBA_DICTIONARY  # (here: the gazetteer needs no jieba otherwise)

    table: dict[str, tuple[int, str]] = {}
    with JIEBA_DICTIONARY.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4:
                table[parts[0]] = (int(parts[1]), parts[2])
    return table


def word_like(short: str) -> bool:
    """Whether a unit's short name is a common word in running text (合作, 江山, 东方, 安宁), so that
    counting it does not count the place.

    >>> [word_like(w) for w in ("合作", "江山", "东方", "安宁", "龙港", "广汉", "潜江")]
    [True, True, True, True, False, False, False]
    """
    if short in _WORD_SHORTS:
        return True
    freq, tag = _dictionary().get(short, (0, "ns"))
    return (tag not in ("ns", "nz", "nr", "nt") and freq > 100) or freq > 1200


def short_form(name: str, level: str) -> str | None:
    """The name without its type word, as texts often write it; None when too short to be safe.

    >>> short_form("新疆维吾尔自治区", "省"), short_form("保定市", "市"), short_form("满城区", "县")
    ('新疆', '保定', '满城')
    >>> short_form("丰宁满族自治县", "县"), short_form("唐县", "县"), short_form("驻马店地区", "市")
    ('丰宁', None, '驻马店')
    """
    if name in _WORDS:
        return None
    short = _ETHNIC.sub("", name)
    if short == name or len(short) < 2:
        short = re.sub(r"(?:自治区|特别行政区|地区|省|市|县|区|旗|盟|州)$", "", name)
    return short if len(short) >= 2 and short != name else None


def usual_name(name: str) -> str | None:
    """An autonomous prefecture's, county's or banner's name as texts usually write it: its place
    name and its type, without the peoples (昌吉回族自治州 → 昌吉州).

    >>> usual_name("昌吉回族自治州"), usual_name("丰宁满族自治县"), usual_name("保定市")
    ('昌吉州', '丰宁县', None)
    """
    m = _ETHNIC.search(name)
    if m is None or not name.endswith(("自治州", "自治县", "自治旗")) or m.start() < 2:
        return None
    return name[: m.start()] + name[-1]


class Gazetteer:
    """The units of the code tables, looked up by name and code."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = tuple(units)
        by_name: dict[str, list[Unit]] = {}
        by_code: dict[str, list[Unit]] = {}
        for u in self.units:
            by_name.setdefault(u.name, []).append(u)
            by_code.setdefault(u.code, []).append(u)
        aliases: dict[str, list[Unit]] = {}
        for u in self.units:
            alias = usual_name(u.name)
            if alias and alias not in by_name:
                aliases.setdefault(alias, []).append(u)
        by_name.update(aliases)  # (昌吉州 for 昌吉回族自治州: the unit, under its full name)
        self.by_name = {k: tuple(v) for k, v in by_name.items()}
        self.latest = max((u.last for u in self.units), default=0)  # the code tables' last year
        self.by_code = {k: tuple(v) for k, v in by_code.items()}
        shorts: dict[str, set[str]] = {}
        for u in self.units:
            s = short_form(u.name, u.level)
            if s:
                shorts.setdefault(s, set()).add(u.name)
        # Short form → the names it may stand for (河北 → 河北省, 河北区), highest level first.
        rank = {"省": 0, "市": 1, "县": 2}
        self.short = {
            s: tuple(
                sorted(
                    ns,
                    key=lambda n: (
                        min(rank[u.level] for u in self.by_name[n]),
                        -max(u.last for u in self.by_name[n]),
                        n,
                    ),
                )
            )
            for s, ns in shorts.items()
            if s not in self.by_name
        }
        # Short forms by their first two characters, for a pass over a text's character pairs.
        by_head: dict[str, list[str]] = {}
        for short in self.short:
            by_head.setdefault(short[:2], []).append(short)
        self.short_by_head = {k: tuple(v) for k, v in by_head.items()}
        self.short_heads = frozenset(by_head)
        # Names by their last two characters → the lengths to try, longest first.
        tails: dict[str, set[int]] = {}
        for name in self.by_name:
            if len(name) >= 2:
                tails.setdefault(name[-2:], set()).add(len(name))
        self._tails = {k: tuple(sorted(v, reverse=True)) for k, v in tails.items()}
        self._ending = re.compile(f"[{_ENDINGS}]")
        self._shorts_of: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}

    # --- finding names in text -------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Every full unit name in ``text``, longest first where two overlap, in reading order.

        >>> g = load_gazetteer()
        >>> [m.name for m in g.find("保定市满城区人民政府")]
        ['保定市', '满城区']
        >>> [m.name for m in g.find("在市委、市政府和县委的领导下，全县上下")]
        []
        >>> [m.name for m in g.find("中央、省、市和县双重领导")], [m.name for m in g.find("在和县召开")]
        ([], ['和县'])
        """
        found: list[Mention] = []
        for m in self._ending.finditer(text):
            end = m.end()
            for n in self._tails.get(text[end - 2 : end], ()):
                start = end - n
                name = text[start:end] if start >= 0 else ""
                if name not in self.by_name or name in _WORDS:
                    continue
                if n == 2 and (text[end : end + 1] in _COMPOUND_AFTER or inside_word(text, start, name)):
                    break  # 易县长 is 易 + 县长, 代县长 an acting 县长
                if found and found[-1].end > start:  # overlaps the name before: keep the longer
                    if found[-1].start < start:
                        break
                    while found and found[-1].start >= start:
                        found.pop()
                found.append(Mention(name, start, end))
                break
        return found

    def shorts_of_level(self, level: str, ending: str) -> dict[str, tuple[str, ...]]:
        """Short form → names (newest first), for the units of one level whose name ends in ``ending``."""
        key = (level, ending)
        if key not in self._shorts_of:
            table: dict[str, tuple[str, ...]] = {}
            for s, names in self.short.items():
                fit = tuple(n for n in names if n.endswith(ending) and any(u.level == level for u in self.by_name[n]))
                # another name of another level: 河北 (河北省, 河北区) is no county's short form; one name
                # that was of another level once stays (黑河市, a county-level city until 1993)
                other = any(u.level != level for n in names if n not in fit for u in self.by_name[n])
                if fit and not other:
                    table[s] = fit
            self._shorts_of[key] = table
        return self._shorts_of[key]

    def chain_of(self, words: str, year: int | None = None) -> tuple[Unit, ...] | None:
        """The units a run of names makes up, outermost first, if ``words`` is nothing but names.

        ``保定市满城区`` → (保定市, 满城区); ``新疆维吾尔自治区`` → (新疆维吾尔自治区,); a province may be
        written short (``河北保定市``). None when any part of ``words`` is not a name.

        >>> [u.name for u in load_gazetteer().chain_of("保定市满城区")]
        ['保定市', '满城区']
        >>> load_gazetteer().chain_of("区人民") is None
        True
        """
        names: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(len(words) - i, 16), 1, -1):
                piece = words[i : i + n]
                if piece in self.by_name or (piece in self.short and not names):
                    names.append(piece if piece in self.by_name else self.short[piece][0])
                    i += n
                    break
            else:
                return None
        if not names:
            return None
        inner = self.resolve(names[-1], year, names)
        if inner is None:
            return None
        path = self.path(inner, year)
        outer: list[Unit] = []
        for name in names[:-1]:
            up = next((u for u in path if name in (u.name, short_form(u.name, u.level))), None)
            if up is None:  # 长春市海淀区: not one place
                return None
            outer.append(up)
        return (*outer, inner)

    # --- units -----------------------------------------------------------------------------

    def resolve(self, name: str, year: int | None = None, context: Iterable[str] = ()) -> Unit | None:
        """The unit a text means by ``name``: in use that year, under a unit the text also names.

        None when the name is no unit's, or two units remain (名 in two provinces, no other clue).

        >>> g = load_gazetteer()
        >>> g.resolve("驻马店市", 1995).level, g.resolve("驻马店市", 2021).level
        ('县', '市')
        >>> g.resolve("朝阳区") is None, g.resolve("朝阳区", 2020, ["长春市"]).parent
        (True, '220100')
        """
        units = self.by_name.get(name, ())
        if not units:
            return None
        now = [u for u in units if u.in_use(year)]
        when = year if year is not None else self.latest  # (no year: the name as it is used now)
        if not any(u.in_use(when) for u in units):  # made autonomous since (岫岩县 → 岫岩满族自治县, 1985)
            renamed = self._autonomous(units, when)
            if renamed is not None:
                return renamed
        if not now:  # not in use that year (the year is a guess, or the text kept an old name): its last use
            latest = max(u.last for u in units)
            now = [u for u in units if u.last == latest]
        if len({(u.level, self._place_key(u)) for u in now}) > 1:
            named = set(context) - {name}
            near = [u for u in now if named & set(self.ancestor_names(u, year))]
            if near:
                now = near
        if len({(u.level, self._place_key(u)) for u in now}) > 1 and year is None:
            latest = max(u.last for u in now)  # no year, no clue: the name as it is used now
            now = [u for u in now if u.last == latest]
        if len({(u.level, self._place_key(u)) for u in now}) > 1:
            return None
        return max(now, key=lambda u: (u.last, u.first))

    def _autonomous(self, units: Sequence[Unit], year: int) -> Unit | None:
        """The one autonomous county or banner of the same province, in use in ``year``, whose name
        has the same short form as these units' (an old name that texts go on using). Only those:
        a county made a district (清苑县 → 清苑区, 2015) is another unit, and a text naming it may
        be from before.

        >>> g = load_gazetteer()
        >>> g.resolve("岫岩县", 2011).name, g.resolve("岫岩县", 1982).name, g.resolve("岫岩县").name
        ('岫岩满族自治县', '岫岩县', '岫岩满族自治县')
        >>> g.resolve("清苑县", 2016).name, g.resolve("清苑县").name
        ('清苑县', '清苑县')
        """
        old = units[-1]
        short = short_form(old.name, old.level)
        found = {
            (u.code, u.name): u
            for name in self.short.get(short or "", ())
            for u in self.by_name[name]
            if u.in_use(year)
            and u.level == old.level
            and u.code[:2] == old.code[:2]
            and u.name.endswith(("自治县", "自治旗"))
            and not old.name.endswith(("自治县", "自治旗"))
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _place_key(self, unit: Unit) -> str:
        """What makes two rows the same place: the province and the parent's name."""
        parents = self.by_code.get(unit.parent, ())
        return unit.code[:2] + (parents[-1].name if parents else "")

    def parent(self, unit: Unit, year: int | None = None) -> Unit | None:
        """The unit one level up, as named that year."""
        rows = self.by_code.get(unit.parent, ())
        if not rows:
            return None
        now = [u for u in rows if u.in_use(year)] or list(rows)
        return max(now, key=lambda u: (u.last, u.first))

    def ancestor_names(self, unit: Unit, year: int | None = None) -> tuple[str, ...]:
        """The names of the units above, full and short: 满城区 → 保定市, 保定, 河北省, 河北."""
        out: list[str] = []
        up = self.parent(unit, year)
        while up is not None:
            out.append(up.name)
            short = short_form(up.name, up.level)
            if short:
                out.append(short)
            up = self.parent(up, year)
        return tuple(out)

    def path(self, unit: Unit, year: int | None = None) -> tuple[Unit, ...]:
        """Province first, down to ``unit``: (河北省, 保定市, 满城区)."""
        out = [unit]
        up = self.parent(unit, year)
        while up is not None:
            out.append(up)
            up = self.parent(up, year)
        return tuple(reversed(out))


def parse_table(text: str) -> tuple[Unit, ...]:
    """The rows of ``gazetteer.tsv`` (header first: code, name, level, parent, first, last)."""
    rows = text.splitlines()[1:]
    units = []
    for row in rows:
        code, name, level, parent, first, last = row.split("\t")
        units.append(Unit(code, name, level, parent, int(first), int(last)))
    return tuple(units)


@cache
def load_gazetteer(path: Path = DATA) -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return Gazetteer(parse_table(path.read_text(encoding="utf-8")))
