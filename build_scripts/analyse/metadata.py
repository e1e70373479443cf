"""Infer a speech's level, speaker, occasion and date from its words, each with its evidence.

Precedence (lowest first): title and text < file name < sidecar (``sidecar.apply_sidecar``).
A field is left None when the words do not allow a confident answer: null rather
than wrong.

- **level** (``中央``/``省``/``市``/``县``/``乡镇``): the speaker's role or the meeting's
  owner in the title (``县委副书记在…``, ``在市委全体会议…``); otherwise the text's
  self-references, weighted (``我县`` 3, ``本县`` 2, ``全县`` 1 unless it is a ranking
  such as ``位列全市第一方阵``, ``受市委常委会委托`` 6, ``县直部门`` 2) against the other
  levels. Mentions of superiors (``省委、市委决策部署``) are not self-references. A
  district (区) or banner (旗) is 县 level, a 州/盟/地区 is 市, a 自治区 or one of the four
  municipalities is 省; a 市 that names a 市委 or 州委 as its superior is a county-level city (县).
- **speaker**: a role written in the title or a byline (``县委书记 张三``), or read
  from a formula that names it (``受市委常委会委托`` → ``市委书记``; ``代表县人民政府``
  or a ``政府工作报告`` → ``县长``; ``作为县委书记，我`` → ``县委书记``).
- **occasion**: the meeting in ``在……上的讲话``, or the opening's ``召开……会议``;
  tidied (year, place name and session numbers dropped, ``全体会议`` → ``全会``).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_scripts.analyse.clean import _DASH, DASH_CLASS, EDITORIAL_NOTE, LEAD_KEYS, bare, is_salutation, note_sentence
from build_scripts.analyse.dates import date_from_filename, date_range, infer_date
from build_scripts.analyse.leaders import byline_name, names_pattern, office_of
from build_scripts.analyse.numerals import BY_FORM, DAY, DAY_TIME, HELD_TAIL, MONTH, YEAR, studied_meeting
from build_scripts.analyse.places import (
    LEVEL_OF,
    Gazetteer,
    Unit,
    inside_word,
    load_gazetteer,
    short_form,
    word_like,
)
from build_scripts.config.events import Events, first_day, last_day
from build_scripts.model import LEVELS, Document, Evidence, EvidenceSource, Heading, Metadata, Paragraph, Source

# Administrative unit word → level.
UNIT_LEVEL: dict[str, str] = {
    "中央": "中央",
    "全国": "中央",
    "国务院": "中央",
    "省": "省",
    "自治区": "省",
    "市": "市",
    "州": "市",
    "盟": "市",
    "地区": "市",
    "专区": "市",
    "地": "市",
    "县": "县",
    "区": "县",
    "旗": "县",
    "镇": "乡镇",
    "乡": "乡镇",
    "街道": "乡镇",
}
_UNITS = "自治区|自治州|省|市|州|盟|县|区|旗|镇|乡"
_GOV_HEAD = {
    "省": "省长",
    "自治区": "自治区主席",
    "市": "市长",
    "州": "州长",
    "自治州": "州长",
    "盟": "盟长",
    "县": "县长",
    "区": "区长",
    "旗": "旗长",
    "镇": "镇长",
    "乡": "乡长",
    "国务院": "国务院总理",
}
_MUNICIPALITIES = re.compile(r"(?:北京|上海|天津|重庆)市?(?:委|人民政府|政府)|首都")


@dataclass(frozen=True)
class Finding:
    """A field's value with the evidence it rests on."""

    value: str
    evidence: Evidence


# --- titles ----------------------------------------------------------------------------------

_PARTY_ORG = r"(?:(?:自治区|自治州|省|市|州|盟|县|区|旗)(?:委|党委|党工委)|(?:镇|乡|街道)(?:党委|党工委))"
# A State Council ministry's head or deputy (教育部副部长, 农业部长, 农业农村部部长), not a Party
# committee's department (县委组织部长, 宣传部部长, 统战部长: any level's).
_MINISTRY_HEAD = (  # (no 由 or 在 in a ministry's name: 会议由农业部部长韩长赋主持)
    r"(?:(?![委织传战由在])[\u4e00-\u9fff]){2,6}?部(?:党组书记、)?(?:常务副|副)?部长"
    r"|(?:农业|卫生|外交|财政|教育|商务|国防|交通|公安|司法|民政|水利|铁道|文化|科技|监察|审计|国土|建设|人事|劳动|林业"
    r"|冶金|电力|煤炭|石油|纺织|轻工|机械|电子|邮电|广电|化工|地矿|物资|能源|铁路|对外经贸|外经贸)部长"
)  # (written short, a ministry's name from a closed list: 李小鹏部长 is a name and a title)
_ROLE = re.compile(
    rf"(?:{_PARTY_ORG}(?:常委[、，])?(?:常务|第一)?(?:副书记|书记|常委(?![（(]扩大[）)]|会))(?:、(?:代理?)?[^在，、\s]{{1,10}}?(?:长|主任|主席|书记))?"
    r"|(?:代理?)?(?:常务)?副?(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长)"
    r"|(?:自治区)?(?:副)?主席(?=在)"
    r"|(?:自治区|自治州|省|市|州|盟|县|区|旗)(?:纪委(?:常务副|副)?书记|监委(?:副)?主任|人大常委会(?:常务副|副)?主任"
    r"|政协(?:常务副|副)?主席|委(?:组织|宣传|统战)部(?:常务副|副)?部长|委(?:组织|宣传)部长|委政法委(?:常务副|副)?书记)"
    r"|(?:自治区|省|市|州|盟|县|区|旗)[\u4e00-\u9fff]{2,8}?(?:厅|局|委员会|办公室)(?:常务副|副)?(?:厅长|局长|主任)"
    r"|(?:自治区|省|市|州|盟|县|区|旗)[\u4e00-\u9fff]{2,6}?(?:常务副|副)?(?:厅长|局长)"  # 市教育局长
    r"|(?:组织|宣传|统战)部(?:常务副|副)?部长|(?:组织|宣传|统战)部长"  # a title's 组织部长, its unit unsaid
    rf"|{_MINISTRY_HEAD}"  # a minister written short (农业部长, 卫生部长)
    r"|(?:国务院)?(?:国家[\u4e00-\u9fff]{1,10}?(?:委员会|委|总局|局|署)|[\u4e00-\u9fff]{1,8}?部)(?:常务副|副)?(?:部长|主任|局长|署长)"
    r"|(?:最高|[\u4e00-\u9fff]{1,10}?)人民(?:检察院(?:常务副|副)?检察长|法院(?:常务副|副)?院长)"
    r"|中共中央总书记|总书记|国务院总理|国务院副总理|国家主席)"
)
_ROLE_UNIT = re.compile(rf"^(?:{_UNITS})|^(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长)")
# (An anthology's title may leave out the 上 after a 会: 在陕甘宁边区参议会的演说.)
_MEETING = re.compile(
    r"在(?P<occ>[^“”《》]{2,60}?)(?:上(?:[\u4e00-\u9fff]{1,3}时)?|时|中|之际|(?<=会)(?=的[\u4e00-\u9fff]{0,6}?(?:讲话|演说|讲演)))(?:的(?:[\u4e00-\u9fff]{0,6}?)"
    r"(?:讲话|发言|报告|致辞|讲稿|讲话提纲|主持词|党课|辅导|总结|表态|汇报|演讲|演说|讲演)|[）)]?$)"
)
# A document site's short form, without 上的: 党委书记在镇村干部大会讲话, 副书记在安委扩大会发言.
_MEETING_BARE = re.compile(
    r"在(?P<occ>[^“”《》在，。]{2,40}?(?:会议|大会|会))(?:讲话|发言|致辞)稿?$"
    # 全县……推进会讲话, 贯彻全国“两会”精神推进扶贫攻坚动员会讲话: the meeting alone, no speaker named
    r"|^(?:(?:[省市县区镇乡]委)?(?:常务)?副?书记|(?:常务)?副?[省市县区镇乡]长)?"  # (县委书记项目建设推进动员会讲话稿)
    r"(?![^在，。]*(?:书记|[省市县区镇乡]长|主任|主席|领导|同志))(?P<occ2>[^在，。《》]{4,40}?会议?)(?:上的|上)?(?:讲话|发言|致辞)稿?$"
)
_TITLE_UNIT = re.compile(
    rf"(?P<m>(?<![^\d年])(?:中共)?(?:全国|中央|国务院)(?!决定|批准|任命|同意)|全(?P<a>省|市|州|盟|县|区|旗|镇|乡)(?!场|长|级|域)"
    rf"|(?P<b>自治区|自治州|省|市|州|盟|县|区|旗)(?:委|党委|人民政府|政府|人大|人代会|党代会|政协|纪委|直|四套班子|党政)"
    rf"|(?<![乡各])(?P<c>镇|乡|街道)(?:党委|党工委|人民政府|政府|人大|(?=第[一二三四五六七八九十\d]+届))"  # (not 乡镇党委书记: all towns')
    rf"|(?:XX|××|＊＊?|\*\*?|某)(?P<d>{_UNITS}))"
)


def title_facts(title: str, source: EvidenceSource = "title", place: str | None = None) -> dict[str, Finding]:
    """Level, speaker and occasion read from a title (or a title-like file name).

    >>> f = title_facts("县委副书记在县委理论中心组党的大会精神专题读书班上的发言")
    >>> f["level"].value, f["speaker"].value, f["occasion"].value
    ('县', '县委副书记', '县委理论中心组党的大会精神专题读书班')
    >>> title_facts("在市委全体会议闭幕会上的讲话")["occasion"].value
    '市委全体会议闭幕会'
    >>> f = title_facts("县委副书记在安委扩大会讲话")
    >>> f["speaker"].value, f["occasion"].value
    ('县委副书记', '安委扩大会')
    """
    return dict(_title_facts(title, source, place))


@lru_cache(maxsize=64)  # each stage asks for the same title's facts
def _title_facts(title: str, source: EvidenceSource, place: str | None) -> tuple[tuple[str, Finding], ...]:
    facts: dict[str, Finding] = {}
    quote_of = (lambda words: words) if source == "title" else (lambda words: "filename")
    meeting = _MEETING.search(title) or _MEETING_BARE.search(title)
    occ2 = meeting.groupdict().get("occ2") if meeting else None
    head = title[: meeting.start("occ2") if occ2 else meeting.start()] if meeting else title
    role = _ROLE.search(head) if meeting else _leading_role(title)
    if role and _MEETS.search(title[: role.start()]):
        role = None  # the guest's (路甬祥会见烟台市代市长孙永春一行)
    if role:
        more = _MORE_POSTS.match(head, role.end()) if meeting else None  # 市纪委书记、市监委主任在……
        said = head[role.start() : more.end()] if more else role.group()
        facts["speaker"] = Finding(
            said, Evidence(source, quote_of(said), None, "the speaker's role as the title writes it")
        )
        unit = _role_unit(role.group())
        if unit:
            facts["level"] = Finding(
                UNIT_LEVEL[unit],
                Evidence(
                    source, quote_of(role.group()), None, f"the speaker is a {unit}-level official → {UNIT_LEVEL[unit]}"
                ),
            )
    words = (meeting.group("occ") or meeting.groupdict().get("occ2")) if meeting else None
    if words and meeting:
        occasion = tidy_occasion(words, place)
        form = "在……上的讲话" if meeting.group("occ") else "……会讲话"
        if occasion:
            facts["occasion"] = Finding(
                occasion, Evidence(source, quote_of(words), None, f"the meeting named in the title ({form})")
            )
    if "level" not in facts and not _SUBORDINATE_SPEECH.search(title) and not _REVIEWED.search(title):
        where = words if words else title
        m = _meeting_unit(where)
        if m:
            unit = _unit_word(m)
            level = UNIT_LEVEL[unit]
            facts["level"] = Finding(
                level,
                Evidence(
                    source, quote_of(m.group()), None, f"the meeting belongs to a {unit}: 「{m.group()}」 → {level}"
                ),
            )
    if "政府工作报告" in title and "speaker" not in facts and not _REVIEWED.search(title):
        m = re.search(rf"(?P<u>{_UNITS}|国务院)(?:人民)?政府工作报告|政府工作报告", title)
        unit = m.group("u") if m and m.group("u") else None
        if unit is None and "level" in facts:
            unit = {"县": "县", "市": "市", "省": "省", "乡镇": "镇", "中央": "国务院"}[facts["level"].value]
        if unit and m:
            facts["speaker"] = Finding(
                _GOV_HEAD[unit],
                Evidence(source, quote_of(m.group()), None, _REPORT_RULE),
            )
    return tuple(facts.items())


_REPORT_RULE = "a government work report is delivered by the head of government"
_MEETS = re.compile(r"会见|接见|看望|慰问")  # a role named after these is a guest's
# A report reviewed or discussed, not delivered: 泸州代表团举行第二次会议 审议省政府工作报告等
_DELEGATION = r"(?<!党政)代表团(?!团长)"
_REVIEWED = re.compile(rf"(?:审议|讨论|审查)[^，。；]{{0,12}}报告|{_DELEGATION}[^，。；]{{0,12}}(?:审议|讨论|会议)")
_ENTRUSTED = re.compile(r"我受[^，。；]{0,12}?政府(?:的)?委托")
_MORE_POSTS = re.compile(r"(?:、[^在，、\s]{1,12}?(?:长|主任|主席|书记))+")  # a second post after the first
# A subordinate's speech at a superior's meeting: the meeting's level is not the speaker's.
_SUBORDINATE_SPEECH = re.compile(r"表态发言|交流发言|典型发言|经验交流|汇报发言|发言材料|述职报告|述职发言")
_TOPIC_BEFORE = re.compile(r"(?:学习|贯彻|传达|落实|宣讲|宣传)[^，。]{0,3}$")
_TOPIC_AFTER = re.compile(r"^[^，。]{0,6}?(?:精神|决策部署|重要讲话|要求)")


def _meeting_unit(text: str) -> re.Match[str] | None:
    """The first unit marker of a meeting name that is its owner, not its topic.

    >>> _meeting_unit("全县传达学习省委全会精神大会").group()
    '全县'
    >>> _meeting_unit("传达学习省委全会精神会议") is None, _meeting_unit("中央经济工作会议").group()
    (True, '中央')
    """
    for m in _TITLE_UNIT.finditer(text):
        if _TOPIC_BEFORE.search(text[: m.start()]) or (
            not m.group().startswith("全") and _TOPIC_AFTER.match(text[m.end() :])
        ):
            continue
        return m
    return None


def _unit_word(m: re.Match[str]) -> str:
    """The unit word a ``_TITLE_UNIT`` match names, as ``UNIT_LEVEL`` knows it (中共中央 → 中央).

    >>> _unit_word(_TITLE_UNIT.search("中共中央政治局会议")), _unit_word(_TITLE_UNIT.search("州委全会"))
    ('中央', '州')
    """
    unit = next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d"), m.group("m")) if g)
    unit = {"自治州": "州"}.get(unit, unit)
    return unit[2:] if unit.startswith("中共") else unit


def _leading_role(title: str) -> re.Match[str] | None:
    """A role at the head of a title with no ``在……上``: ``XX县委书记2023年新春致辞``, not an audience.

    >>> _leading_role("XX县委书记2023年新春致辞").group()
    '县委书记'
    >>> _leading_role("全县乡镇党委书记培训班开班讲话") is None
    True
    """
    for m in _ROLE.finditer(title):
        if m.start() <= 10 and not re.search(r"[全各乡镇村级]$", title[: m.start()]):
            return m
    return None


_MINISTER = re.compile(rf"(?:国务院)?(?:{_MINISTRY_HEAD})")


def _role_unit(role: str) -> str | None:
    """The administrative unit of a role.

    >>> _role_unit("区委书记"), _role_unit("县长"), _role_unit("自治区党委书记"), _role_unit("总书记")
    ('区', '县', '自治区', '中央')
    >>> _role_unit("市委常委、县委书记"), _role_unit("县委书记、县长")
    ('县', '县')
    >>> _role_unit("教育部副部长"), _role_unit("农业部长"), _role_unit("组织部长")
    ('中央', '中央', None)
    """
    if "总书记" in role or role.startswith(("国务院", "国家", "全国", "最高人民")) or role == "国务委员":
        return "中央"
    pieces = [p for p in re.split(r"[、，]", role) if _ROLE_UNIT.search(p)]
    m = _ROLE_UNIT.search(pieces[-1] if pieces else role)  # 市委常委、县委书记: the post of this meeting
    if not m:
        return "中央" if _MINISTER.fullmatch(role) else None
    unit = m.group()
    unit = unit[0] if unit.endswith("长") else unit
    return {"自治州": "州"}.get(unit, unit)


def tidy_occasion(text: str, place: str | None = None) -> str | None:
    """A meeting's name as the text gives it, written out: no leading date, a Party plenum and a
    people's congress session spelt in full, a bare unit word given the place's name.

    >>> tidy_occasion("2023年全县提能级促发展大会")
    '全县提能级促发展大会'
    >>> tidy_occasion("党的十九届一中全会"), tidy_occasion("县十六届人民代表大会第四次会议", "涞源县")
    ('中国共产党第十九届中央委员会第一次全体会议', '涞源县第十六届人民代表大会第四次会议')
    >>> tidy_occasion("十一届全国人大三次会议"), tidy_occasion("市委八届七次全委扩大会议开始")
    ('第十一届全国人民代表大会第三次会议', '市委八届七次全委扩大会议')
    >>> tidy_occasion("在镇第十四届人民代表大会第三次会议", "魏庄镇"), tidy_occasion("201x年全市安全生产工作会议")
    ('魏庄镇第十四届人民代表大会第三次会议', '全市安全生产工作会议')
    >>> tidy_occasion("高规格的全面推进县城建设工作会议"), tidy_occasion("XX市第十七届人民代表大会第一次会议")
    ('全面推进县城建设工作会议', 'XX市第十七届人民代表大会第一次会议')
    >>> tidy_occasion("历时两天的镇委工作会议"), tidy_occasion("县四大家领导参加以及相关部门列席的县委中心组集体学习会")
    ('镇委工作会议', '县委中心组集体学习会')
    >>> tidy_occasion("镇第十二届 人民代表大会第六次会议", "城关镇")
    '城关镇第十二届人民代表大会第六次会议'
    >>> tidy_occasion("全省人民瞩目的浙江省第十届人民代表大会第三次会议")
    '浙江省第十届人民代表大会第三次会议'
    >>> tidy_occasion("2021年工作总结暨2022年工作动员大会"), tidy_occasion("年教育工作会议"), tidy_occasion("我县三级干部大会")
    ('2021年工作总结暨2022年工作动员大会', '教育工作会议', '全县三级干部大会')
    >>> tidy_occasion("国家、省市相关会议"), tidy_occasion("2026年第一次集体学习会")
    (None, '2026年第一次集体学习会')
    """
    occ = text.strip(" \u3000\xa0")
    occ = re.sub(
        r"(?<=[\u4e00-\u9fff])[ \u3000\xa0]+(?=[\u4e00-\u9fff])", "", occ
    )  # a crawl's join (第十二届 人民代表大会)
    occ = re.sub(r"^[^\u4e00-\u9fff\dA-Za-zＸ*＊（(“]+", "", occ)  # a caption's glyph (◤威海市……)
    occ = re.sub(r"^原标题[:：]\s*", "", occ)  # (a re-post's 原标题:)
    occ = re.sub(r"^(?:大家|同志们|各位)[^，。！!]{0,4}好[！!]\s*", "", occ)  # (a greeting glued on: 大家中午好!)
    occ = re.sub(r"^在(?=\S{3})", "", occ)  # (a subtitle without its 上: 在镇第十四届人民代表大会第三次会议)
    occ = re.sub(r"^(?:召开|举行|举办)(?:了)?(?=\S{3})", "", occ)  # (召开市政府全会)
    occ = re.sub(
        r"^(?:高规格|高质量|高标准|隆重|重要|特殊|专门|很重要|具有[^的]{2,10}意义)的(?=\S{6})", "", occ
    )  # described
    occ = re.sub(r"^(?:历时|为期)[一二三两四五六七八九十\d半]{1,2}天的(?=\S{4})", "", occ)  # 历时两天的镇委工作会议
    occ = re.sub(r"(?<=[会议])结束时$", "", occ)  # (在县政协三届四次会议结束时的讲话)
    occ = re.sub(
        r"^[^的]{2,30}?(?:参加|列席|出席|参与|承办|主办|协办)的(?=\S{4})", "", occ
    )  # who attends: ……列席的县委中心组学习会
    occ = re.sub(  # praised before its formal name: 全省人民瞩目的浙江省第十届人民代表大会第三次会议
        r"^[^的]{2,30}的(?=中国共产党|中国人民政治协商会议|[\u4e00-\u9fff]{2,12}?第[一二三四五六七八九十\d]+(?:届|次))",
        "",
        occ,
    )
    occ = re.sub(r"^(?:\d{2,3}[xX×Ｘ*＊]{1,2}|[xX×Ｘ]{4})\s*年度?\s*", "", occ)  # a template's year (201x年)
    year = re.match(rf"(?:{YEAR})\s*年度?(?:{MONTH}\s*月(?:{DAY}\s*[日号])?)?\s*", occ)
    if year and not re.search(rf"{YEAR}\s*年|半年|^第{_CN_NUM}次", occ[year.end() :]):
        occ = occ[year.end() :]  # (not when the name goes on to say another: 2021年工作总结暨2022年工作动员大会)
    occ = re.sub(r"^年(?![度会终中初轻报])(?=\S{4})", "", occ)  # a year whose digits the page lost (年教育工作会议)
    occ = re.sub(r"^我(?=[省市县区旗州镇乡](?!第)[\u4e00-\u9fff]{3})", "全", occ)  # 我县三级干部大会 → 全县……
    occ = re.sub(r"^[-—–~～至到]\s*\d{1,2}\s*日\s*[,，、]?\s*", "", occ)  # a date range's end (-31日,全国……)
    occ = re.sub(
        rf"^(?:中国共产党|中共|党的)?第?({_CN_NUM})届({_CN_NUM})中全会$",
        lambda m: f"中国共产党第{m.group(1)}届中央委员会第{m.group(2)}次全体会议",
        occ,
    )
    m = re.fullmatch(
        rf"(?P<owner>[^第]*?)第?(?P<term>{_CN_NUM})届(?P<nation>全国)?(?:人民代表大会|人大)(?:第?(?P<session>{_CN_NUM})次(?:全体)?会议)?",
        occ,
    )
    if m:
        owner = m.group("owner")
        if (
            owner in ("省", "市", "县", "区", "旗", "州", "盟", "自治区", "自治州", "镇", "乡")
            and place
            and place.endswith(owner)
        ):
            owner = place
        session = f"第{m.group('session')}次会议" if m.group("session") else ""
        occ = f"{owner}第{m.group('term')}届{m.group('nation') or ''}人民代表大会{session}"
    occ = re.sub(r"(?<=[会议班式])(?:开始|结束)$", "", occ.strip(" ，、"))  # 在……会议开始时的讲话
    if re.search(r"(?:相关|有关|各类|各种|等)(?:会议|会)$", occ):
        return None  # meetings told of, none named (在国家、省市相关会议上作了典型经验介绍)
    return occ if len(occ) >= 3 else None


_CN_NUM = r"[一二三四五六七八九十百零〇\d]+"


# --- text ------------------------------------------------------------------------------------

# The speaker speaks for a Party committee and the bodies beside it (我代表省委、省人大、省政府……).
_SPEAKS_FOR = re.compile(r"我(?:谨)?代表(?:中共)?(自治区|省|市|州|盟|县|区|旗)(?:委|党委)(?:、|和)")
_SELF_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"我(专区|省|市|州|盟|县|区|旗|镇|乡)(?!场|民|长|委|级|域|情|况)"), 3, "我X"),
    (re.compile(r"本(省|市|州|县|区|旗|镇|乡)(?!场|域|级|身)"), 2, "本X"),
    (re.compile(r"全(省|市|州|盟|县|区|旗|镇|乡)(?!场|长|级|域)"), 1, "全X"),
    (
        re.compile(
            r"(?:受|代表)(?:中共)?[^，。；]{0,8}?(自治区|省|市|州|盟|县|区|旗|镇|乡)(?:委|党委)常委会(?:的)?(?:委托)?"
        ),
        6,
        "受X委常委会委托",
    ),
    (re.compile(r"(省|市|州|盟|县|区|旗)委常委会(?:的)?工作报告"), 3, "X委常委会工作报告"),
    (re.compile(r"代表(?:[^，。；]{0,8}?)(自治区|省|市|州|盟|县|区|旗|镇|乡)(?:人民)?政府"), 6, "代表X人民政府"),
    (_SPEAKS_FOR, 6, "我代表X委、……"),
    (re.compile(r"(省|市|州|盟|县|区|旗)直(?:各|有关|相关)?(?:部门|单位|机关)"), 2, "X直部门"),
    (re.compile(r"(省|市|县|区|旗)(?:四套|四大)班子"), 2, "X四套班子"),
    (re.compile(r"(?<![乡])(镇)党委|(乡)党委|(街道)党工委"), 2, "镇党委"),
)
# Addressing the units below: the speaker is one level up.
_BELOW_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"各省区市|各省（区、市）|各省、自治区、直辖市|中央和国家机关各部门|中央和国家机关"), 4, "中央"),
    (re.compile(r"全党同志|全党全国各族人民|全国各族人民"), 1, "中央"),
    (re.compile(r"各市（州）|各市州|各地市|各市县|各市（州、盟）|各盟市|各地州市|各设区市"), 3, "省"),
    (re.compile(r"各县（市、区）|各县（市区）|各县市区|各县区|各区县|各县（区）|各县（市）|各县市"), 3, "市"),
    (re.compile(r"各乡镇|各乡（镇）|各镇（乡）|乡镇（街道）|各镇"), 1, "县"),
)
_RANKING_BEFORE = re.compile(r"(?:在|位列|居|位居|走在|列|排|于|占|领跑|进入|跻身|挺进|收听收看|参加)$")
_RANKING_AFTER = re.compile(r"^(?:第|排名|前列|前茅|领先|靠后|位次|平均|同类|前\d|后列|首位|领导干部会议|领导干部大会)")
# A 市 with counties under it is a prefecture's (我市15个县(市、区), 各县区), whatever else it says.
_HAS_COUNTIES = re.compile(r"(?:各|个|所辖|全市)县[（(]市[、，]?区[）)]|各县[（(]?区[）)]?|各县市区|全市\d*个县")
# A county-level city's superiors: the province and a prefecture-level city named (省委、苏州市委),
# or an autonomous prefecture (its seat: 统一到省、州委工作要求上来). Not 省、市委 alone: a
# prefecture's own texts say it of the province and themselves (省、市委都非常重视。市委启动了……).
_SUPERIOR_CITY = re.compile(
    r"省委(?:、|和|及|与)[^、，。；和及与省政府\s]{1,4}[市州]委|省委(?:、|和|及|与)州委|省、州委|省州委|省委州委|自治州首府"
    r"|全省[、和][\u4e00-\u9fff]{2,3}市(?=[^，。；、]{0,12}会议)"  # 全国、全省、苏州市宣传部长会议精神
)


@lru_cache(maxsize=8)
def level_scores(doc: Document) -> tuple[Counter[str], dict[str, tuple[int, str, str, str]]]:
    """Weighted self-reference counts per unit word, and per unit its strongest quote ``(weight, quote, anchor, marker)``."""
    scores: Counter[str] = Counter()
    best: dict[str, tuple[int, str, str, str]] = {}
    for anchor, text in doc.anchored_texts():
        for pattern, weight, name in _SELF_MARKERS + _BELOW_MARKERS:
            for m in pattern.finditer(text):
                if name == "全X" and (
                    _RANKING_BEFORE.search(text[max(0, m.start() - 4) : m.start()])
                    or _RANKING_AFTER.match(text[m.end() : m.end() + 8])
                ):
                    continue
                unit = next((g for g in m.groups() if g), None) if m.groups() else name
                if unit is None:
                    continue
                scores[unit] += weight
                if unit not in best or weight > best[unit][0]:
                    best[unit] = (weight, m.group(), anchor, name)
    return scores, best


def infer_level(doc: Document) -> Finding | None:
    """The speech's level from its title, else from the text's weighted self-references."""
    facts = title_facts(doc.title) if doc.title else {}
    if "level" in facts:
        found = facts["level"]
        unit = next((u for u in ("自治区", "区", "市") if u in found.evidence.quote), None)
        if unit and found.value == UNIT_LEVEL[unit]:
            level, note = _unit_level(unit, doc)
            if note:
                return Finding(level, _with_rule(found.evidence, note))
        return found
    scores, best = level_scores(doc)
    by_level: Counter[str] = Counter()
    notes: dict[str, str] = {}
    for unit, score in scores.items():
        level, note = _unit_level(unit, doc)
        by_level[level] += score
        if note:
            notes[level] = note
    ranked = by_level.most_common()
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return _level_of_meeting(doc)
    level = ranked[0][0]
    unit = max((u for u in scores if _unit_level(u, doc)[0] == level), key=lambda u: (scores[u], best[u][0]))
    _, quote, anchor, _ = best[unit]
    counts = ", ".join(f"{lv} {sc}" for lv, sc in ranked[:3])
    rule = f"self-references weighted (我X 3, 本X 2, 全X 1, 受X委常委会委托 6…): {counts} → {level}"
    if level in notes:
        rule += f"; {notes[level]}"
    return Finding(level, Evidence("text", quote, anchor, rule))


def _level_of_meeting(doc: Document) -> Finding | None:
    """The level of the meeting the opening says is being held (``召开全县…会议``), if it names one."""
    occasion = infer_occasion(doc)
    if occasion is None or occasion.evidence.source != "text":
        return None
    quote = occasion.evidence.quote
    m = _meeting_unit(quote)
    if m:
        unit = _unit_word(m)
    else:  # the body that decided to hold it (县委决定，今天召开巡察动员部署会)
        text = next((b.text for b in doc.paragraphs if b.anchor == occasion.evidence.anchor), "")
        m = _DECIDED.search(text, 0, max(text.find(quote), 0))
        if not m:
            return None
        unit = m.group("b")
    level, note = _unit_level(unit, doc)
    rule = f"the meeting being held belongs to a {unit}: 「{m.group()}」 → {level}" + (f"; {note}" if note else "")
    return Finding(level, Evidence("text", occasion.evidence.quote, occasion.evidence.anchor, rule))


def _unit_level(unit: str, doc: Document) -> tuple[str, str]:
    """The level of a unit word in this speech, with a note when the context changed it.

    区 is an autonomous region when the speech names 自治区党委 and no 区委; 市 is one of the
    four municipalities when they are named, and a county-level city when a 市委 or 州委 is a superior.
    """
    level = UNIT_LEVEL.get(unit, unit)
    whole = (doc.title or "") + "\n" + doc.body
    if (
        unit == "区"
        and re.search(r"自治区党委|自治区人民政府|自治区政府|(?<![自治])区党委", whole)
        and not re.search(r"(?<![自治党])区委|区党委(?:、|和|及|与)[\u4e00-\u9fffXx×]{0,4}市委", whole)
    ):
        return "省", "the 区 is an autonomous region (自治区党委, no 区委) → 省"
    if unit == "区" and re.search(r"[我全本]区(?:所属)?各县|辖[一二三四五六七八九十\d]{1,3}个?县|我专区", whole):
        return "市", "the 区 has counties under it (我区各县): a 专区 or 地区 → 市"
    if unit == "市":
        if _MUNICIPALITIES.search(doc.title or "") or len(_MUNICIPALITIES.findall(doc.body)) >= 2:
            return "省", "the 市 is one of the four municipalities → 省"
        if _SUPERIOR_CITY.search(whole) and not _HAS_COUNTIES.search(whole):
            return "县", "the 市 names a superior 市委 or 州委 (省委、苏州市委; 省、州委): a county-level city → 县"
    return level, ""


def _with_rule(evidence: Evidence, extra: str) -> Evidence:
    return Evidence(
        evidence.source, evidence.quote, evidence.anchor, f"{evidence.rule}; {extra}" if evidence.rule else extra
    )


# A byline line: a role and a name, the name perhaps spaced out (州委书记　王　涛).
_ROLE_LINE = re.compile(
    rf"^(?:中共)?[^，。；]{{0,10}}?(?P<role>{_ROLE.pattern}(?:、[^在，、\s]{{1,12}}?(?:长|主任|主席|书记))*)"
    r"(?:(?:[\s\u3000\xa0]*[\u4e00-\u9fff·XＸ×*＊]){0,4}|[\s\u3000\xa0]*[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,16})[\s\u3000\xa0]*$"
)
# A byline with the people's congress standing committee written in full, its name after it.
_NPC_BYLINE = re.compile(
    r"^[\u4e00-\u9fff]{0,10}?(?P<said>(?P<u>自治区|省|市|州|县|区|旗)人民代表大会常务委员会(?P<r>(?:常务副|副)?主任))"
    r"[\s\u3000\xa0]*[\u4e00-\u9fff](?:[\s\u3000\xa0]?[\u4e00-\u9fff]){1,3}$"
)
_GLUED_SALUTATION = re.compile(r"(?<=[\u4e00-\u9fff])(?:各位代表|各位委员|同志们)[：:，,！!]?$")
_SPEAKER_TEXT: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (  # (not a minister's report to the NPC standing committee: 我代表国务院报告公安机关执法……情况)
        re.compile(r"我代表国务院(?![，,]?\s*报告(?!政府工作))"),
        "国务院总理",
        "the State Council's work report is the premier's",
    ),
    (
        re.compile(rf"代表(?:中国共产党|中共)[^，。；]{{0,12}}?(?P<u>{_UNITS})第?[一二三四五六七八九十百\d]+届委员会"),
        "{u}委书记",
        "the party secretary presents the committee's report to the Party congress",
    ),
    (
        re.compile(r"我代表第?[一二三四五六七八九十]+届中央委员会[，,]?\s*向(?:大会|党的第)"),
        "中共中央总书记",
        "the Central Committee's report to the Party congress is the general secretary's",
    ),
    (
        re.compile(rf"我(?:受|代表)(?:中共)?[^，。；]{{0,8}}?(?P<u>{_UNITS})(?:委|党委)常委会(?:的)?(?:委托)?"),
        "{u}委书记",
        "the party secretary presents the standing committee's work report",
    ),
    (  # (the role written before it wins: 代市长张惠代表威海市人民政府向大会作工作报告)
        re.compile(
            r"(?P<role>(?:代理?|常务副|副)?(?:省长|市长|县长|区长|旗长|州长|镇长|乡长))[\u4e00-\u9fff]{2,4}(?:同志)?"
            rf"代表(?:[^，。；]{{0,8}}?)(?:{_UNITS})人民政府[，,]?\s*向(?:大会|各位代表)"
        ),
        "{role}",
        "the news report names the head of government who reports to the people's congress",
    ),
    (
        re.compile(
            rf"(?:我)?代表(?:[^，。；]{{0,8}}?)(?P<u>{_UNITS})人民政府[，,]?\s*(?:向(?:大会|各位代表)|作(?:政府)?工作报告)"
        ),
        "{head}",
        "the head of government reports to the people's congress",
    ),
    (
        re.compile(
            rf"(?:作为|身为)(?:一名)?(?P<role>{_ROLE.pattern})[，,]?\s*我|我(?:作为|身为)(?:一名)?(?P<role2>{_ROLE.pattern})"
        ),
        "{role}",
        "the speaker names their own role",
    ),
    (  # 选举我担任丰城市人民政府市长, 我当选为政府镇长, 选举我继续担任市人大常委会主任
        re.compile(
            r"(?:选举|任命|推选)我(?:继续)?(?:担任|为)[^，。；]{0,16}?(?P<role>(?:代理?)?(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长)"
            r"|人大常委会主任|政协主席)|我[^。；]{0,30}?(?:当选|被选举)为[^，。；]{0,16}?(?P<role2>(?:省长|市长|县长|区长|旗长|州长|镇长|乡长))"
        ),
        "{role}",
        "the speaker was just elected to the post (选举我担任……)",
    ),
)


_HEAD_ROLE = r"(?:代理?|常务副|副)?(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长|主席)(?!级)"  # (not 县长级干部)
_NATIONAL_ROLE = r"国务院总理|中共中央总书记、国家主席|中共中央总书记|中华人民共和国主席|国家主席"
# (or a name of the west's peoples, its parts joined by ·: 阿迪力·哈斯木, 木合塔尔·丝迪克)
_NAME = r"(?:[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})?|[\u4e00-\u9fff](?:[\s\u3000\xa0?？]{0,6}[\u4e00-\u9fff·]){1,5})"
# A byline: [unit][人民政府] role name, or name role 在/作 (龚正市长在…); the name may be spaced out.
_BYLINE = re.compile(
    rf"(?P<org>[\u4e00-\u9fff]{{0,16}}?)(?:人民政府|政府)?(?P<role>{_NATIONAL_ROLE}|{_HEAD_ROLE})"
    rf"[\s\u3000\xa0?？]*(?P<name>{_NAME})(?:同志)?(?:[\s\u3000\xa0?？]*$|作|在(?!主席台)|[（(]|[：:](?=\S))"
    rf"|(?P<name2>[\u4e00-\u9fff]{{2,4}}?)(?P<role2>{_HEAD_ROLE})(?:同志)?(?:在(?!主席台)|作)"  # (夏月星副市长在: not 市长)
)  # (not one seated: 市政协主席葛国庆在主席台就座)
# Occasions at which the head of state speaks as 国家主席, not as 总书记.
_STATE_OCCASION = re.compile(
    r"人民代表大会|全国人大|论坛|峰会|博览会|联合国|国际|年会|开幕式|招待会|宴会|国宴|国事|元首|二十国集团|金砖|上海合作组织"
    r"|奥运会|奥林匹克|亚运会|世博会|欢迎仪式"
)
# The speaker speaks for the state (我代表中国政府和中国人民): a state occasion whatever its name.
_FOR_THE_STATE = re.compile(r"代表(?:中国政府|中华人民共和国政府|中华人民共和国|中国人民)")
# (全国代表大会: the Party's, or a mass organisation's it leads — 文联, 作协, 工会, 妇联, 共青团)
_PARTY_OCCASION = re.compile(r"中国共产党|党的|中央委员会|党校|政党|党员|全会|全国代表大会")
When = tuple[_dt.date | None, _dt.date | None]  # the earliest and latest day the speech can be from


def infer_speaker(
    doc: Document, level: str | None = None, occasion: str | None = None, when: When = (None, None)
) -> Finding | None:
    """The speaker's role from the title, a byline, a leader's name or a formula that names it; else None."""
    facts = title_facts(doc.title) if doc.title else {}
    if "speaker" in facts and facts["speaker"].evidence.rule != _REPORT_RULE:
        return facts["speaker"]
    paras = doc.paragraphs
    for p in paras[:3] + paras[-2:]:
        line = bare(p.text).strip(" \u3000").removesuffix(":").removesuffix("：")  # (a statement's head: ……书记 张三:)
        line = _GLUED_SALUTATION.sub("", line)  # (……主任 李振各位代表：)
        npc = _NPC_BYLINE.match(line)
        if npc:  # 山东省人民代表大会常务委员会主任 李振 → 省人大常委会主任
            said = f"{npc.group('u')}人大常委会{npc.group('r')}"
            return Finding(said, Evidence("text", npc.group("said"), p.anchor, "byline: the speaker's role"))
        m = _ROLE_LINE.match(line)
        if (
            m and len(line) <= 40 and not _MEETS.search(line[: m.start("role")])
        ):  # (not 王华会见清河市代市长……: a guest's)
            # a second post's place said again goes, as the first's did (……省委书记、黑龙江省人大常委会主任)
            posts = re.sub(
                r"(?<=、)[\u4e00-\u9fff]{2,8}?(?=(?:省|市|县|区|旗|州)(?:人大|政协|委|人民政府|政府))",
                "",
                m.group("role"),
            )
            return Finding(
                _state_post(posts), Evidence("text", m.group("role"), p.anchor, "byline: the speaker's role")
            )
    found = _byline(doc, level, occasion) or _leader(doc, occasion, when) or _lead_speaker(doc) or _title_again(doc)
    if found:
        return found
    entrusted = any(_ENTRUSTED.search(p.text) for p in paras[:4])  # 我受镇政府委托: not the head's report
    if "speaker" in facts and not (entrusted and facts["speaker"].evidence.rule == _REPORT_RULE):
        return facts["speaker"]
    for i, p in enumerate(paras):
        for k, (pattern, template, rule) in enumerate(_SPEAKER_TEXT):
            if i >= 12 and k < 4:  # the report formulas stand in the opening; a self-naming anywhere
                continue
            m = pattern.search(p.text)
            if not m:
                continue
            groups = m.groupdict()
            unit = groups.get("u")
            role = groups.get("role") or groups.get("role2")
            value = template.format(u=unit or "", head=_GOV_HEAD.get(unit or "", ""), role=role or "")
            value = re.sub(
                r"^(镇|乡|自治区)委书记$", r"\1党委书记", value
            )  # a township's and a region's committee is its 党委
            if value:
                return Finding(value, Evidence("text", m.group(), p.anchor, rule))
    return None


def _title_again(doc: Document) -> Finding | None:
    """The title said again under it with the speaker's role before it (在……上的讲话 / 市长在……上的讲话这次……)."""
    if not doc.title or _ROLE.match(doc.title):
        return None
    for p in doc.paragraphs[:2]:
        text = bare(p.text).strip(" \u3000")
        m = _ROLE.match(text)
        if m and text[m.end() :].startswith(doc.title) and len(doc.title) >= 6:
            words = text[: m.end() + len(doc.title)]
            return Finding(m.group(), Evidence("text", words, p.anchor, "the title said again with the speaker's role"))
    return None


_CLAUSE = re.compile(r"[，,。；！？]|^(?:首先|然后|最后|下面|现在)")  # (not ASCII ?;! : a URL has them)
# Characters a personal name does not start with: 和 (请杨市长和与各县……), 一 (林市长一会还要作讲话).
_NOT_IN_NAME = re.compile(r"[和与及各一会还要将也都就作在了是的对把给们请并]")


def _could_be_name(name: str | None) -> bool:
    """
    >>> _could_be_name("朱大纲"), _could_be_name("闫向阳"), _could_be_name("和与各县"), _could_be_name("一会还要")
    (True, True, False, False)
    >>> _could_be_name("代表省政")  # (任振鹤省长代表省政府所作的工作报告: the report discussed, its author's name before)
    False
    """
    if name is None:
        return True
    name = re.sub(r"[\s\u3000\xa0?？]", "", name)
    return not _NOT_IN_NAME.match(name) and not name.startswith(("代表", "出席", "主持", "参加", "带领", "率领"))


def _byline(doc: Document, level: str | None, occasion: str | None) -> Finding | None:
    """The role a byline gives, in the opening blocks: 保定市满城区人民政府区长 程杰 → 区长."""
    for source, anchor, text in _head(doc):
        line = text.strip(" \u3000\xa0")
        for m in _BYLINE.finditer(line):
            if (len(line) > 60 or _CLAUSE.search(line[: m.start()])) and m.start() > 0:  # a role in a sentence
                continue
            if _MEETS.search(line[: m.start("role") if m.group("role") else m.start()]):
                continue  # the guest's (路甬祥会见烟台市代市长孙永春一行)
            if not _could_be_name(m.group("name") or m.group("name2")):  # 请杨市长和与各县(区)…: no name
                continue
            if m.group()[-1:] in "：:" and source != "title":  # 省政协主席张建平：…… heads an article's title only
                continue
            role = m.group("role") or m.group("role2")
            org = m.group("org") or ""
            cppcc = re.search(r"(自治区|省|市|州|盟|县|区|旗)?政协$", org) if role in ("主席", "副主席") else None
            if cppcc:  # 湖南省政协主席张建平：…… → 省政协主席
                role = f"{cppcc.group(1) or ''}政协{role}"
            elif role.endswith("主席") and role not in ("中华人民共和国主席", "国家主席"):
                if not ("自治区" in org or level == "省"):
                    continue
                role = "自治区" + role
            before = line[: m.start("role")] if m.group("role") else ""
            party = re.search(
                r"(?:(?:自治区|省|市|州|盟|县|区|旗)委|党委)(?:常委[、，])?(?:常务)?副?书记[、，]$", before
            )
            if party and re.fullmatch(_HEAD_ROLE, role):  # 县委副书记、县长 木合塔尔·丝迪克: both posts, as written
                role = party.group() + role
            value = _national_role(role, occasion)
            rule = "byline: the speaker's role" + (f" (at {occasion})" if value != role else "")
            return Finding(value, Evidence(source, _byline_words(line, m), anchor, rule))
    return None


_PARTY_SECRETARY = (  # (a development zone's Party working committee too: 党工委书记, 区党工委书记)
    r"(?:(?:自治区|自治州|省|市|州|盟|县|区|旗)(?:委|党委)|(?:镇|乡|街道)党(?:工)?委|(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff]{0,6}?(?:开发区|高新区|经开区|新区|园区)|区)?党工委)"
    r"(?:常务|第一)?副?书记"
)
# The head of a Party committee's department or of a government bureau or commission (市委政法委书记,
# 县委常委、宣传部长, 市公安局局长, 市卫健委主任); the unit may be said only with the first post.
_PARTY_DEPARTMENT_HEAD = (
    r"(?:(?:自治区|省|市|州|县|区|旗)委?)?(?:纪委书记(?:、(?:自治区|省|市|州|县|区|旗)?监委主任)?|政法委书记"
    r"|(?:组织|宣传|统战)部(?:部长|长))"
)
_DEPARTMENT_HEAD = (
    rf"{_PARTY_DEPARTMENT_HEAD}"
    r"|(?<![城都])(?:自治区|省|市|州|县|区|旗)(?!委|人大|政协|监委)[\u4e00-\u9fff]{1,8}?(?:局局?长|委(?:员会)?主任)"
)
# A news lead naming the speaker by role and name: 区委书记 孙立军出席会议并讲话, 县长 张三作政府工作报告,
# 这是中共湖南省委第一书记周惠民在省委扩大会议上的讲话。
_LEAD_ROLE = re.compile(
    rf"(?<![乡各])(?P<role>{_PARTY_SECRETARY}|{_DEPARTMENT_HEAD}|(?:代理?|常务副|副)?(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长|部长)(?!级))"
    rf"[\s\u3000\xa0]*(?P<name>{_NAME})(?:同志)?"
    r"(?:出席(?:会议|大会)?并(?:作|发表)?(?:重要)?讲话|在会上(?:作)?(?:讲话|强调|指出)|作(?:了)?[^，,。；]{0,20}(?:报告|讲话)"
    r"|发表(?:重要)?讲话|致辞|在[^，。；]{2,40}?上的?(?:讲话|报告|讲演|演说|致辞|发言)"  # (an anthology's note: 这是……在……上的讲话。)
    r"|主持(?:会议)?并(?:作)?(?:重要)?讲话|主持召开[^。；]{0,40}?(?:并讲话|强调|指出)|主持会议[。，,]\s*他(?:强调|指出|要求)"
    r"|代表[^，,。；]{1,12}作(?:了)?[^，,。；]{0,20}(?:报告|讲话))"
)
# A speech the meeting studies, not the one given at it (传达学习省委书记……在……上的讲话精神).
_STUDIED = re.compile(
    r"(?:传达|学习(?!中心组|会|班)|贯彻|领会|落实|围绕|紧扣|研究讨论|按照)[^。；]*$"
)  # (not 理论学习中心组召开)
# The speaker after the spirit studied (传达……会议精神，区委书记……出席并讲话): a clause of its own,
# unless it studies too (……精神，传达市委书记……在……上的讲话精神).
_AFTER_STUDIED = re.compile(r"精神[，,](?P<clause>[^。；]*)$")
_STILL_STUDIED = re.compile(r"(?:传达|学习|贯彻|领会)[^，,。；]{0,20}$")  # (its last part studies: ……，传达市委书记……)


def _leads(doc: Document) -> list[tuple[EvidenceSource, str | None, str]]:
    """The blocks that may be a news lead: those above the salutation, or, in a news report of the
    speech with no salutation, its first block (2025年5月12日，……推进会在昆明召开。副省长……出席会议并讲话。)."""
    opening, saluted = _opening(doc)
    # (the lead, and the paragraph that goes on with it; a communiqué's second is the plenum's record)
    first = {b.anchor for b in doc.blocks[: 1 if "公报" in (doc.title or "") + doc.body[:200] else 2]}
    return [(s, a, t) for s, a, t in opening if s != "title" and (saluted or a in first)]


def _lead_speaker(doc: Document) -> Finding | None:
    """The role a news lead above the speech gives its speaker (区委书记　孙立军出席会议并讲话), else
    the one a news report of the meeting has speak (县委书记朱伟在闭幕式上讲话, 市长刘事青强调). A department
    head the lead names (县委政法委书记……作工作报告) yields to a principal the report has speak (刘明强调)."""
    department = None
    for source, anchor, text in _leads(doc):
        for m in _LEAD_ROLE.finditer(text):
            after = _AFTER_STUDIED.search(text[: m.start()])
            studied = _STUDIED.search(text[: m.start()]) and not (
                after and not _STILL_STUDIED.search(after.group("clause"))
            )
            if not _could_be_name(m.group("name")) or studied:
                continue
            role = _state_post(_department_unit(m.group("role"), text[: m.start()]))
            found = Finding(role, Evidence(source, m.group(), anchor, "the news lead names the speaker's role"))
            if not re.fullmatch(_DEPARTMENT_HEAD, m.group("role")):
                return found
            department = department or found
    reported = _reported_speaker(doc)
    if department and reported and re.fullmatch(_DEPARTMENT_HEAD, reported.value):
        return department
    return reported or department


_PRINCIPAL = rf"{_PARTY_SECRETARY}|(?:镇|乡)委(?:常务)?副?书记|{_HEAD_ROLE.replace('|主席', '')}"
# A news report's speaker: role (a second post after 、), name (2 to 4 characters, no 在: 简任昌在会上要求),
# and what they did at the meeting:
# spoke (在闭幕式上讲话, 代表……作工作报告, 作了……新春致辞), stressed (强调, 指出, 要求), or chaired it.
# The State's offices a national meeting's news names (国务院副总理, 国家卫生健康委主任, 最高人民法院院长).
# The head of a superior's inspection group, who gives its 动员讲话 (县委第一巡察组组长).
_INSPECTION = "(?:巡视|巡察)"  # (not a 督导组 of any task: 县疫情防控督导组组长)
_INSPECTOR = rf"[\u4e00-\u9fff]{{0,12}}?{_INSPECTION}组组长"  # (not a deputy: 督导组副组长)
_CENTRAL_HEAD = (
    r"国务院(?:副)?总理|国务委员|最高人民法院(?:副)?院长|最高人民检察院(?:副)?检察长|全国人大常委会(?:副)?委员长"
    r"|国家(?:(?![省市县区州旗盟]|级)[\u4e00-\u9fff]){1,10}?(?:委员会|委|局|署)(?:党组书记、)?(?:副)?(?:主任|局长|署长)"
)  # (its Party group's post first: 国家统计局党组书记、局长 → 国家统计局局长)
_REPORTED = re.compile(
    rf"(?<![乡各])(?P<role>{_PRINCIPAL}|(?:自治区|省|市|州|县|区|旗)?(?:人大常委会主任|政协主席)|自治区(?:代)?主席"
    rf"|{_MINISTRY_HEAD}|{_CENTRAL_HEAD}|{_DEPARTMENT_HEAD}|{_INSPECTOR})"
    rf"(?:、(?P<role2>[\u4e00-\u9fff]{{0,12}}?(?:{_PRINCIPAL}|书记|主席|主任)))?"
    r"(?:、[\u4e00-\u9fff]{2,20}?(?:指挥长|组长|主任|书记))?"  # a third post (州应对新冠肺炎疫情应急指挥部指挥长)
    r"[\s\u3000\xa0]*(?P<name>[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,8}|(?!在)[\u4e00-\u9fff](?:[\s\u3000\xa0]{0,6}(?![在将])[\u4e00-\u9fff]){1,3})"
    r"(?:同志)?(?:(?P<talk>(?:在[^，,。；;]{1,30}?上|出席[^，,。；;]{0,8}?并|宣布[^，,。；;]{1,10}?并|主持[^，,。；;]{1,16}?并)?"
    r"(?:(?:作|做|发表)了?[^，。；会上]{0,8}?|(?:重要|热情洋溢的|简短的)?)(?:讲话|致辞)"  # (作动员部署讲话)
    r"|在[^，,。；;]{1,30}?上作[^，,。；;]{0,12}?报告|作(?!的)[^，,。；;]{0,12}?工作报告"  # (在大会上作政府工作报告)
    r"|向大会作[^，,。；;]{0,20}?报告"  # (省长王国生向大会作政府工作报告)
    r"|代表[^，,。；;]{1,20}?讲话|作了?题为《[^》]{1,80}》的(?:重要)?讲话"  # (代表区委常委会讲话, 作了题为《……》的讲话)
    r"|代表[^。；]{1,40}?(?:作|向大会)了?[^，,。；;]{0,20}?(?:报告|致辞|讲话)|受[^。；]{1,30}?委托[，,]?\s*向大会作[^，,。；;]{0,20}?报告)"
    r"|(?P<stress>(?:在[^，,。；;]{0,8}?[上中]|在[^，,。；;]{2,40}?时)?(?:强调|指出|要求)|出席(?:会议|大会)?[。，,]\s*他(?:在讲话中)?(?:强调|指出|要求))|(?P<chair>(?:今天|昨天|日前)?主持(?:召开|会议))"
    r"|(?P<named>(?=[，,。、；\s]|出席|参加|主持|传达|等|代表)))"  # named only: what they did may follow by name
)
_REPORTED_RULE = {
    "talk": "the news report names who spoke at the meeting",
    "stress": "the news report names who set out the meeting's points",
    "chair": "the news report names who chaired the meeting",
}
_NEWS_SPEAKER_RULES = (
    *_REPORTED_RULE.values(),
    "the news lead names the speaker's role",
)  # (a rule may go on: ……: named here, then ……)
# What a person named before did at the meeting, by name alone (刘政强调, 何庆伟在讲话中指出).
_BY_NAME = r"(?:同志)?(?:在[^，。；]{0,20}?)?(?:强调|指出|要求|讲话|致辞|表示|中说)"


def _reported(doc: Document) -> Iterator[tuple[Paragraph, re.Match[str], str]]:
    """Each role and name a news report's opening blocks give (none in a speech: it has a
    salutation), with what they did: ``talk``, ``stress``, ``chair``, or only ``named``."""
    if _opening(doc)[1]:
        return
    for p in doc.paragraphs[:8]:
        for m in _REPORTED.finditer(p.text):
            yield p, m, next(k for k in ("talk", "stress", "chair", "named") if m.group(k) is not None)


def _is_secretary(role: str) -> bool:
    """A Party committee's secretary (县委书记, 镇党委书记, 镇委书记), not a deputy."""
    return bool(re.fullmatch(rf"{_PARTY_SECRETARY}|(?:镇|乡)委书记", role)) and "副" not in role


def _reported_speaker(doc: Document) -> Finding | None:
    """In a news report (no salutation), the first of its opening blocks' people who spoke at the
    meeting, else who stressed, else who chaired it: its principal post (市委副书记、市长 → 市长)."""
    paras = doc.paragraphs[:8]
    if "公报" in (doc.title or "") + "".join(p.text for p in paras):
        return None  # a communiqué (省委书记……作了重要讲话 is the plenum's record)
    found: dict[str, tuple[re.Match[str], str]] = {}
    named: dict[str, tuple[re.Match[str], str | None]] = {}
    for p, m, kind in _reported(doc):
        name = m.group("name")
        if not _could_be_name(name) or _STUDIED.search(p.text[: m.start()]):
            continue  # (陈泽良镇长并在会上作了讲话: no name after the role)
        if kind == "chair" and m.group("chair").endswith("会议") and "副" in m.group("role"):
            continue  # a deputy chairs a meeting others speak at
        if kind in ("chair", "named") and "党工委" in m.group("role") and "街道" not in m.group("role"):
            continue  # a zone's secretary speaks when the report says so (not one who chairs, or is named)
        if kind == "talk" and re.fullmatch(_DEPARTMENT_HEAD, m.group("role")) and m.group("talk").startswith("作"):
            continue  # a department's work report at its meeting (政法委书记赵明作了工作报告): the principal speaks
        if kind == "named":  # (a deputy or a department head named, then speaking, is mostly a superior's guest)
            if "副" not in m.group("role") and not re.fullmatch(_DEPARTMENT_HEAD, m.group("role")):
                named.setdefault(re.sub(r"\s", "", name), (m, p.anchor))
            continue
        first = found.get(kind)
        if first is None or (_is_secretary(m.group("role")) and not _is_secretary(first[0].group("role"))):
            found[kind] = (m, p.anchor)  # the first who did it, or the Party secretary (镇长……指出；镇党委书记……强调)
    if named and not found.keys() & {"talk", "stress"}:  # 县委书记刘政出席会议。…… 刘政强调：
        said = re.compile("(?:" + "|".join(map(re.escape, named)) + ")" + _BY_NAME)
        for p in paras:
            later = said.search(p.text)
            if later and p.text[later.start() - 1 : later.start()] in ("、", "和", "与", "及"):
                continue  # one of several who spoke (孙政才、韩长赋在开幕式上分别致辞): not this one's alone
            if later:
                m, anchor = named[next(n for n in named if later.group().startswith(n))]
                role = _state_post(_with_all_china(m.group("role"), m.group("name")))
                rule = f"{_REPORTED_RULE['stress']}: named here, then 「{later.group()}」 ({p.anchor})"
                return Finding(role, Evidence("text", m.group(), anchor, rule))  # (the quote: words of one block)
    for kind in ("talk", "stress", "chair"):
        if kind in found:
            m, anchor = found[kind]
            role, second = m.group("role"), m.group("role2")
            second = (
                re.sub(
                    r"^(?:[省市县区旗州]|自治区|自治州)?(?:人民政府|政府)(?=.长$)", "", (second or "").split("兼")[0]
                )
                or None
            )
            if (
                second and re.fullmatch(rf"{_PRINCIPAL}|自治区(?:代)?主席", second) and "副" not in second
            ):  # (县人民政府县长 → 县长)
                if "副" in role or not re.fullmatch(_PRINCIPAL, role):
                    role = second  # 市委副书记、市长 → 市长; 副市长、县委书记 → 县委书记 (县长、县政府党组书记 stays)
            role = _department_unit(_with_all_china(role, m.group("name")), m.string[: m.start("role")])
            return Finding(_state_post(role), Evidence("text", m.group(), anchor, _REPORTED_RULE[kind]))
    return None


def _state_post(role: str) -> str:
    """A role without its Party group's post, said first (教育部党组书记、部长 → 教育部部长), and an
    inspection group's head without whose group it is (县委第一巡察组组长 → 巡察组组长).

    >>> _state_post("国家统计局党组书记、局长"), _state_post("县委书记、县长"), _state_post("县委第一巡察组组长")
    ('国家统计局局长', '县委书记、县长', '巡察组组长')
    """
    role = re.sub(
        r"^[\u4e00-\u9fff]*?区党工委", "党工委", role.replace("党组书记、", "")
    )  # (a zone's: 开发区党工委书记)
    return re.sub(rf"^[\u4e00-\u9fff]*?({_INSPECTION}组组长)$", r"\1", role)


def _department_unit(role: str, before: str) -> str:
    """A department head's role written out in full: with the unit said with the first post (县委常委、
    宣传部长 → 县委宣传部部长; 市委常委、政法委书记 → 市委政法委书记; 县委常委、纪委书记 → 县纪委书记).

    >>> _department_unit("宣传部长", "县委常委、"), _department_unit("纪委书记", "县委常委、"), _department_unit("县长", "")
    ('县委宣传部部长', '县纪委书记', '县长')
    >>> _department_unit("省纪委书记、省监委主任", "")
    '省纪委书记'
    """
    role = re.sub(r"、[^、]*监委主任$", "", role)
    if not re.fullmatch(_PARTY_DEPARTMENT_HEAD, role):
        return role
    if re.search(r"(?:组织|宣传|统战)部长$", role):
        role = role[:-1] + "部长"
    if role[0] in "省市县区旗州自":
        return role
    m = re.search(r"(自治区|[省市县区旗州])委?常委[、，,]$", before)
    if m is None:
        return role
    return m.group(1) + role if role.startswith("纪委") else m.group(1) + "委" + role


# A national body's head as a news report of its session writes them, without 全国 (政协主席王沪宁).
_NATIONAL_HEADS = {
    "政协主席": "全国政协主席",
    "人大常委会委员长": "全国人大常委会委员长",
    "委员长": "全国人大常委会委员长",
}


def _with_all_china(role: str, name: str) -> str:
    """The role as the archive names it: a national leader's (leaders.tsv) with 全国 (政协主席 王沪宁 → 全国政协主席).

    >>> _with_all_china("政协主席", "王沪宁"), _with_all_china("政协主席", "李明")
    ('全国政协主席', '政协主席')
    """
    if role in _NATIONAL_HEADS and re.fullmatch(names_pattern(), re.sub(r"\s", "", name)):
        return _NATIONAL_HEADS[role]
    return role


def _byline_words(line: str, m: re.Match[str]) -> str:
    """The byline's own words: its unit (if it names one), government, role and name — not the
    words before it (``…会议上湖北省人民政府代省长李殿勋作`` → ``湖北省人民政府代省长李殿勋作``)."""
    if m.group("name2"):
        return m.group()
    start = m.start("role")
    gov = re.search(r"(?:人民政府|政府)$", line[m.start() : start])
    if gov:
        start -= len(gov.group())
    before = line[m.start() : start]
    unit = _owner(before, None) if before else None
    bare = re.search(r"(?:自治区|省|市|县|区|旗)$", before)  # 自治区人民政府主席
    return line[start - len(unit[1] if unit else bare.group() if bare else "") : m.end()]


def _national_role(role: str, occasion: str | None) -> str:
    """国家主席 for 中华人民共和国主席; a head of Party and state by the occasion (国家主席 at a state one)."""
    if role in ("中华人民共和国主席", "国家主席"):
        return "国家主席"
    if role == "中共中央总书记、国家主席":
        return _head_of_party_and_state(occasion)
    return role


def _head_of_party_and_state(occasion: str | None) -> str:
    """
    >>> _head_of_party_and_state("世界经济论坛2017年年会开幕式"), _head_of_party_and_state("中国共产党与世界政党高层对话会")
    ('国家主席', '中共中央总书记')
    """
    if occasion and _STATE_OCCASION.search(occasion) and not _PARTY_OCCASION.search(occasion):
        return "国家主席"
    return "中共中央总书记"


def _leader(doc: Document, occasion: str | None, when: When = (None, None)) -> Finding | None:
    """A national leader named as the speaker (习近平在…上的讲话, a byline 周恩来, a news lead
    ……习近平……发表重要讲话): the office they held on the speech's date (leaders.tsv), at a state
    occasion the state's."""
    named = named_leader(doc)
    if named is None:
        return None
    name, source, anchor, words = named
    state = _state_occasion(occasion)
    if state is None and any(_FOR_THE_STATE.search(p.text) for p in doc.paragraphs[:4]):
        state = True
    held = office_of(name, *when, state=state)
    if held is None:
        return None
    office, why = held
    rule = f"the speaker is {name}: {why}" + (f" (at {occasion})" if occasion else "")
    return Finding(office, Evidence(source, words, anchor, rule))


def _state_occasion(occasion: str | None) -> bool | None:
    """True at a state occasion, False at a Party one, None when the occasion does not say."""
    if not occasion:
        return None
    if _PARTY_OCCASION.search(occasion):
        return False
    return True if _STATE_OCCASION.search(occasion) else None


_MEETING_WORD = r"(?:会议|大会|全会|座谈会|读书班|读书会|学习会|专题会|研讨班|推进会|动员会|部署会|调度会|现场会|培训班|报告会|交流会|总结会|表彰会|观摩会|分析会|务虚会|汇报会|恳谈会|誓师会|启动会|常委[（(]扩大[）)]会)(?!议|堂)"
_OPENING_MEETING = (
    re.compile(
        rf"(?:召开|举行|举办)(?:了)?(?:这次|这个|今天的|此次|本次)?(?P<occ>[^，,。；;、“”！!？?]{{2,30}}?{_MEETING_WORD})"
    ),
    re.compile(
        rf"(?:这次|此次|本次|今天的|今天召开的|这次召开的)(?P<occ>[^，,。；;、“”！!？?]{{2,30}}?{_MEETING_WORD})"
    ),
    re.compile(
        r"(?P<occ>(?:省|市|县|区|旗|州|盟)委[一二三四五六七八九十\dXx×]+届[一二三四五六七八九十\dXx×]+次全(?:体)?会(?:议)?)"
    ),
)


_OPENING_TODAY = (
    re.compile(
        r"今天(?:上午|下午|晚上)?[，,]?(?:我们)?(?:在这里)?(?:隆重)?(?:召开|举行|举办)(?:了)?(?:这次|这个)?"
        rf"(?P<occ>[^，,。；;、“”！!？?]{{2,30}}?{_MEETING_WORD})"
    ),
    _OPENING_MEETING[1],
    # the meeting opening or closing now (……会议今天下午就要开幕了, ……会议顺利完成了预定议程，现在就要闭幕了)
    re.compile(
        rf"(?:^|[，,。；：:！])(?P<occ>(?:(?!完成|圆满)[^，,。；、“”！？：:\s在]){{2,30}}{_MEETING_WORD})"
        r"[^。；]{0,90}?(?:(?:就要|即将|今天|胜利|圆满|隆重|正式)[^。；，,]{0,8}?(?:闭幕|开幕|开班|结业|结束)"
        r"|(?:顺利|圆满)完成(?:了)?[^。；，,]{0,8}?议程)"  # (至此，……会议已顺利完成各项议程)
    ),
)


# 我代表省人民委员会向山西省第一届人民代表大会第四次会议作政府工作报告
_REPORTED_TO = re.compile(r"我代表[^，。；]{2,30}?向(?P<occ>[^向，。；]{4,40}?(?:会议|大会))(?:作|做|报告)")
_HELD_AT = re.compile(
    r"(?<![存现正所实好内外自旨])在(?P<occ>[^在，,。；]{2,60}?)(?:上|时)(?:的|作|$|[）)（(\s]|[\u4e00-\u9fff]{0,12}(?:讲话|报告|发言|致辞|演讲))"
    r"|在(?P<occ2>[^在，。；]{2,40}?)的政府工作报告"
)
# In a long block, only a subtitle glued to it: …电政府工作报告——2014年3月5日在…会议上国务院总理…
_GLUED_SUBTITLE = re.compile(
    rf"{_DASH}[^在{DASH_CLASS}]{{0,16}}在(?P<occ>[^在，。；]{{2,60}}?(?:会议|大会|全会))上(?P<occ2>)"
)
# In the subtitle, a meeting followed by anything: 在…会议上湖北省人民政府代省长李殿勋作政府工作报告.
_SUBTITLE_MEETING = re.compile(
    r"(?<![存现正所实好内外自旨])在(?P<occ>[^在，。；]{2,60}?(?:会议|大会|全会|座谈会|论坛|年会|开幕式|对话会))上(?P<occ2>)"
)
# A subtitle that is the meeting itself: 2019年1月29日保定市徐水区第二届人民代表大会第三次会议.
_MEETING_LINE = re.compile(
    rf"^[{DASH_CLASS}\s]*(?:{YEAR}\s*年\s*{MONTH}\s*月\s*{DAY}\s*日)?\s*(?P<occ>[^，。；]{{2,40}}?(?:会议|大会|全会))$"
)
_PLENUM_OPENING = re.compile(
    rf"^(?P<occ>(?:中国共产党|中共)[^，。；]{{0,20}}?第{_CN_NUM}届(?:中央)?委员会第{_CN_NUM}次(?:全体)?会议)(?:公报|[，,]\s*(?:于)?|于|在)"
)


# A news lead above the speech: the meeting opened or held (四川省十四届人大三次会议在成都开幕), and the
# speech delivered at it (省长 陈立平作政府工作报告).
_LEAD_MEETING = re.compile(
    rf"(?:^|[，,。；\s])(?:[^，,。；、“”\s]{{0,12}}[，,])?(?P<occ>[^，,。；、“”\s]{{2,40}}?{_MEETING_WORD})"
    rf"{HELD_TAIL}"
)
_LEAD_DELIVERS = re.compile(r"作[^。；]{0,16}(?:报告|讲话)|讲话|致辞|演讲")
# (held somewhere: 城关镇……会议在镇政府会议室召开)
_LEAD_HELD = re.compile(rf"{_MEETING_WORD}{DAY_TIME}{BY_FORM}在[^，。；]{{1,20}}?(?:隆重)?(?:召开|举行|开幕|闭幕)")


# A news headline that is nothing but the meeting and its being held (鹿乡镇第二十一届人民代表大会第五次会议召开).
_HEADLINE_MEETING = re.compile(
    rf"^(?!热烈庆祝|庆祝|祝贺|喜迎|迎接)(?P<occ>[^，,。；：:“”\"《》!！?？\s]{{2,50}}?{_MEETING_WORD}(?:第[一二三四五六七八九十\d]+次(?:全体)?会议)?)"
    r"(?:隆重|胜利)?(?:召开|开幕|闭幕|举行)了?$"
)


def infer_occasion(doc: Document, place: str | None = None) -> Finding | None:
    """The meeting from the title, the subtitle (``——…在…会议上``), a communiqué's opening, else the
    opening's ``召开…会议``; written out in full (``tidy_occasion``); else None."""
    facts = title_facts(doc.title, place=place) if doc.title else {}
    if "occasion" in facts:
        return facts["occasion"]
    if re.search(r"评论员", " ".join([doc.title or "", *(p.text for p in doc.paragraphs[:2])])):
        return None  # an editorial (本报评论员): the meeting it discusses is its subject, not its occasion
    for source, anchor, text in _head(doc):
        line = text.strip(" \u3000\xa0")
        m = _PLENUM_OPENING.match(line)
        if m:
            occ = tidy_occasion(m.group("occ"), place)
            if occ:
                return Finding(occ, Evidence(source, m.group("occ"), anchor, "the plenum the communiqué reports"))
        m = _MEETING_LINE.match(line) if doc.subtitle and anchor == doc.subtitle.anchor else None
        if m and tidy_occasion(m.group("occ"), place):
            occ = tidy_occasion(m.group("occ"), place)
            return Finding(occ, Evidence(source, m.group("occ"), anchor, "the meeting the subtitle names"))  # type: ignore[arg-type]
        matches = list(_HELD_AT.finditer(line)) if len(line) <= 120 else list(_GLUED_SUBTITLE.finditer(line))
        if not matches and doc.subtitle is not None and anchor == doc.subtitle.anchor:
            matches = list(_SUBTITLE_MEETING.finditer(line))  # …会议上湖北省人民政府代省长李殿勋作政府工作报告
        for m in matches:
            if _STUDIED.search(line[: m.start()]) and (
                re.match(r"[^。；，]{0,12}精神|的?(?:重要)?讲话|所作(?:出)?的[^。；，]{0,6}报告", line[m.end() :])
                or re.search(r"(?:讲话|报告|致辞)$", m.group())  # (传达学习……在……上重要讲话和……)
            ):
                continue  # a speech the meeting studies (传达学习……在全省……会上的讲话精神, 学习了……上所作出的报告)
            words = m.group("occ") or m.group("occ2")
            occ = tidy_occasion(words, place)
            if occ and re.search(r"会|式|论坛|典礼|仪式|班", occ) and occ not in _BARE_OCCASIONS:
                return Finding(occ, Evidence(source, words, anchor, "the meeting the subtitle names (在……上)"))
        m = _REPORTED_TO.search(line)
        occ = tidy_occasion(m.group("occ"), place) if m else None
        if m and occ:
            return Finding(
                occ, Evidence(source, m.group("occ"), anchor, "the meeting the report is made to (向……作报告)")
            )
    saluted = _opening(doc)[1]
    for source, anchor, text in _leads(doc):
        if not _LEAD_DELIVERS.search(text) and (saluted or not _LEAD_HELD.search(text)):
            continue  # (a news report's lead: the meeting held there, 城关镇……会议在镇政府会议室召开)
        m = _LEAD_MEETING.search(text)
        occ = tidy_occasion(m.group("occ"), place) if m else None
        if m and occ:
            rule = "the meeting the news lead says the speech was given at (……会议在……开幕)"
            return Finding(occ, Evidence(source, m.group("occ"), anchor, rule))
    # The meeting held today first: an opening often names the superiors' meetings before (近期，省委召开了……);
    # the opening is the first three paragraphs of text above any heading (not a date line or a salutation)
    opening: list[Paragraph] = []
    for block in doc.blocks[:10]:  # (a report's parts below its first heading tell of meetings held before)
        if isinstance(block, Heading) or len(opening) == 3:
            break
        if len(block.text) > 20:
            opening.append(block)
    for patterns in (_OPENING_TODAY, _OPENING_MEETING):
        for p in opening:
            for pattern in patterns:
                for m in pattern.finditer(p.text):
                    if _STUDIED.search(p.text[: m.start("occ")]) and re.match(
                        r"[^。；]{0,40}?(?:精神|部署|要求)", p.text[m.end("occ") :]
                    ):
                        continue  # a meeting whose 精神 the text studies (贯彻落实省委十五届四次全会……精神)
                    told = p.text[max(0, m.start("occ") - 30) : m.start("occ")]
                    if (saluted and _DATED_BEFORE.search(told)) or _LONG_BEFORE.search(told):
                        continue  # a speech telling of a meeting held on a day before (4月XX日，……主持召开……会议)
                    session = _SESSION_AFTER.match(p.text, m.end("occ"))  # ……人民代表大会 + 第二次会议
                    joint = _JOINT.match(p.text, session.end() if session else m.end("occ"))  # ……暨廉政工作会议
                    said = m.group("occ") + (session.group() if session else "") + (joint.group() if joint else "")
                    end = joint.end() if joint else session.end() if session else m.end("occ")
                    occ = tidy_occasion(said, place)
                    convener = _CONVENER.search(p.text[: m.start("occ")])
                    if (
                        occ
                        and not re.fullmatch(
                            rf"(?:这次|这个|本次|此次|的|代表|全体{'' if convener else '|常委会'})?{_MEETING_WORD}", occ
                        )  # (自治区党委召开常委会会议: the committee's standing committee)
                        and not (occ.startswith("专题") and convener is None)  # 专题学习会: whose?
                        and not occ.startswith(("的", "了", "这场", "这一", "这个", "这样的", "这种"))
                        and not re.match(
                            r"(?:[两几多数]|\d+)次", occ
                        )  # 先后召开两次全会, 7次汇报座谈会: a count (三次全体会议 is the third)
                        and not re.match(r"(?:应|实)?(?:出席|列席|到会)", occ)  # 本次应出席会议代表60人
                        and not re.search(
                            r"(?:收看|收听|观看)[^。；，,]{0,30}$|介绍[^。；，,]{0,10}$"
                            r"|决定[^。；，,]{0,4}\d{1,2}月\d{1,2}日(?:在[^。；，,]{1,10})?(?:召开|举行)$",
                            p.text[: m.start("occ")],
                        )  # watched, not held; introduced at a press conference; decided for a later day
                        and not re.search(r"选举|产生了|出席", occ)  # 选举产生了我市出席……代表大会的代表
                        and not re.match(
                            r"[^，,。；]{0,3}(?:是在|精神|部署|要求|通过的|审议通过)", p.text[m.end("occ") :]
                        )  # ……全会是在……召开的; 根据……全会通过的《纲要》: a source
                        and p.text[: m.start("occ")].count("《") <= p.text[: m.start("occ")].count("》")  # 《关于召开……
                        and not re.search(rf"的{_MEETING_WORD}$", occ)  # described, not named (意义重大的会议)
                        and not re.search(r"是|之后|以来", occ)  # a sentence about it (会议是继……会议)
                    ):
                        rule = "the meeting the opening says is being held"
                        quote = said
                        body = _PLENUM_BODY.search(p.text[: m.start("occ")]) if occ.startswith("第") else None
                        if body:  # 中国共产党霸州市第八届委员会召开第三次全体会议
                            occ = body.group("u") + occ
                            quote = p.text[body.start() : end]
                            rule += ", with the committee or session it belongs to"
                            return Finding(occ, Evidence("text", quote, p.anchor, rule))
                        if convener and not re.match(
                            r"全[省市县区旗州盟镇乡]|[省市县区旗州盟镇乡](?:委|政府|人大|政协)", occ
                        ):
                            start = convener.start()
                            named = place[:-1] if place and place[-1] == convener.group("u")[0] else None
                            if named and p.text.endswith(named, 0, start):  # 海盐县委召开…… (place 海盐县)
                                start -= len(named)
                            said_twice = convener.group("u")[-1] in "镇乡" and occ[:1] == convener.group("u")[-1]
                            occ = occ[1:] if said_twice else occ  # (金鸡镇召开镇党委(扩大)会议: 金鸡镇党委……)
                            occ = p.text[start : convener.start("u")] + convener.group("u") + occ
                            rule += ", with the body that convenes it"  # 市政府就召开三次全体会议 → 市政府三次全体会议
                            quote = p.text[start:end]
                        return Finding(occ, Evidence("text", quote, p.anchor, rule))
    m = _HEADLINE_MEETING.match(doc.title or "")  # the text names it no better than its headline
    occ = tidy_occasion(m.group("occ"), place) if m else None
    if m and occ:
        return Finding(
            occ, Evidence("title", m.group("occ"), None, "the meeting the headline says is held (……会议召开)")
        )
    return None


# A day written before a meeting a speech tells of (4月XX日，区委书记……主持召开……): held before.
_DATED_BEFORE = re.compile(
    r"月\s*(?:[\d０-９]{1,2}|[一二三四五六七八九十]{1,3}|[XxＸ×*＊]{1,2})\s*[日号][^。；]*$"
    r"|(?:19|20)\d{2}\s*年[^，,。；]{0,12}$"  # (2000年省政府专门召开了交通工作会议)
    r"|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月[^。；]{0,20}$"  # (1978年12月,我们党召开了……)
)
# A meeting told of as long past, in a speech or a report (30年前，我们召开了……; 去年，……召开了……)
_LONG_BEFORE = re.compile(  # (not 去年我县经济运行良好，今天我们召开……)
    r"(?:(?:\d{1,3}|[一二三四五六七八九十]{1,3})年前|前不久|不久前|去年|上个?月)"
    r"(?![^。；]*(?:今天|今日|本次|这次|此次|今年))[^。；]{0,20}$"
)
# A second meeting held jointly, after the first's name (……第三次全体扩大会议暨廉政工作会议).
_JOINT = re.compile(
    rf"暨(?:[^，,。；;、“”！!？?]|“[^“”。]{{1,20}}”){{2,30}}?{_MEETING_WORD}"
)  # (……暨深化“迎挑战、寻突破”主题活动推进会)
# The body that decided to hold the meeting, a clause before it (县委决定，今天召开……).
_DECIDED = re.compile(
    r"(?P<b>省|市|县|区|旗|州|盟)(?:委|人民政府|政府)(?:研究)?决定[，,]\s*(?:今天|今年|近日)?(?:召开|举行|举办)(?:了)?(?:这次|这个|此次|本次)?$"
)
_BARE_OCCASIONS = frozenset(
    ("开幕式", "闭幕式", "会议", "大会", "会上", "仪式", "政协会", "人代会", "党代会", "两会")
)  # no meeting's name (并在政协会上作报告是……: whose?)
_SESSION_AFTER = re.compile(r"第[一二三四五六七八九十\d]+次(?:全体)?会议|预备会议?")
_PLENUM_BODY = re.compile(
    r"(?P<u>(?:中国共产党|中共)[\u4e00-\u9fff]{2,20}?第[一二三四五六七八九十\d]+届委员会"
    r"|[^，,。；、“”\s]{2,30}?届[^，,。；、“”\s]{0,12}?次会议)(?:召开|举行)(?:了)?$"
)  # (or the session whose sitting it is: 县十七届人大二次会议举行第二次全体会议)
# The body convening the meeting just before 召开 (省委召开这次全会, 市政府就决定召开……全体会议).
_CONVENER = re.compile(
    r"(?P<u>(?:自治区|省|市|县|区|旗|州|盟|镇|乡)(?:[一二三四五六七八九十\d]{1,3}届)?"
    r"(?:委(?:理论学习)?中心组|委常委会|委|党委|人民政府|政府|人大常委会|政协|委组织部|委宣传部|委统战部|委政法委)"
    r"|(?:^|(?<=[，,。；\s\u3000日]))(?:(?![我全本各该这此在于乡镇])[\u4e00-\u9fff]){1,4}(?:镇|乡))"  # (or a town: 滔溪镇召开了……)
    r"(?:今天|今年|近日|专门|特意|在这里|就|又|再次|决定|研究|在此)*(?:召开|举行|举办)(?:了)?(?:这次|这个|此次|本次)?$"
)


# --- place ------------------------------------------------------------------------------------

_NUM = r"[一二三四五六七八九十百零〇○OＯ\d０-９]+"
_HAN_RUN = r"([\u4e00-\u9fff]{1,30}?)"
# A byline's words that are a sentence about another person (路甬祥院长会见烟台市代市长, ……与杭州市委书记)
_OWN = r"(?![^，。]*?(?:会见|陪同|看望|接见|慰问|会同|与[^，。]{0,12}(?:[省市县区州]委|书记|长|主任|主席|座谈|会谈)))"
_TERM = rf"(?:第?{_NUM}届)?"


@dataclass(frozen=True)
class _Formula:
    """Words that name a unit: ``keyword`` found first (fast), then ``before`` on the 40 characters
    before it, anchored at their end, whose group 1 holds the unit's name."""

    keyword: re.Pattern[str]
    before: re.Pattern[str]
    rule: str
    heading_only: bool = False  # only in the title and the subtitle: elsewhere it is a mention
    clause: re.Pattern[str] | None = None  # what the keyword's clause must say, when it must


_CLAUSE_MARK = re.compile(r"[，,。；;]")


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` that holds ``text[start:end]`` (between commas, full stops, semicolons)."""
    before = max((c.end() for c in _CLAUSE_MARK.finditer(text, 0, start)), default=0)
    after = _CLAUSE_MARK.search(text, end)
    return text[before : after.start() if after else len(text)]


# Formulas that name the unit a text belongs to, strongest first: the congress it is delivered
# at, the government or Party committee the speaker speaks for, the byline, the title's report.
_OWNER_FORMULAS: tuple[_Formula, ...] = (
    _Formula(  # a city's delegation at the provincial congress (……会议运城代表团, 泸州代表团举行第二次会议)
        re.compile(_DELEGATION),
        re.compile(rf"{_HAN_RUN}$"),
        "the delegation whose meeting it is",
        # a congress's (not 党政代表团赴沪宁杭考察), and not a superior joining it (省长……参加运城代表团审议)
        clause=re.compile(r"^(?!.*参加).*(?:审议|人民代表大会|人大|会议)"),
    ),
    _Formula(
        re.compile(rf"(?:人民代表大会|人大)(?:常务委员会)?第?{_NUM}次(?:全体)?会议"),
        re.compile(rf"{_HAN_RUN}{_TERM}$"),
        "the people's congress the report is made to",
    ),
    _Formula(
        re.compile(rf"第{_NUM}次代表大会"),
        re.compile(rf"中国共产党{_HAN_RUN}$"),
        "the Party congress the report is made to",
    ),
    _Formula(  # 岫岩县第十四次党代会工作报告: a title's short form
        re.compile(rf"第{_NUM}次党(?:代会|代表大会)"),
        re.compile(rf"{_HAN_RUN}$"),
        "the Party congress the title names",
        heading_only=True,
    ),
    _Formula(
        re.compile(rf"届委员会第?{_NUM}次(?:全体)?会议"),
        re.compile(rf"(?:政协|中国人民政治协商会议){_HAN_RUN}第?{_NUM}$"),
        "the session of the political consultative conference the report is made to",
    ),
    _Formula(  # 政协第七届磐安县委员会第四次会议: the term first, then the place
        re.compile(rf"(?<!届)委员会第?{_NUM}次(?:全体)?会议"),
        re.compile(rf"(?:政协|中国人民政治协商会议)第?{_NUM}届{_HAN_RUN}$"),
        "the session of the political consultative conference the report is made to",
    ),
    _Formula(  # a provincial or local plenum's communiqué: 中国共产党四川省第十届委员会第十次全体会议公报
        re.compile(rf"届委员会(?:召开|举行)?第?{_NUM}次全体会议(?![^，。]{{0,6}}精神)"),
        re.compile(rf"(?:中国共产党|中共){_HAN_RUN}第?{_NUM}$"),
        "the Party committee whose plenum it is",
        heading_only=True,
    ),
    _Formula(
        re.compile(r"人民政府|政府"),
        # (我代表麻屯镇党委政府; 代表秀山县委、县政府)
        re.compile(rf"代表{_HAN_RUN}{_TERM}(?:党委[、和]?|党工委[、和]?|委[、和](?:[省市县区旗州]|自治区)?)?$"),
        "the speaker speaks for this government",
    ),
    _Formula(  # 我代表政协第十届杭州市委员会常务委员会
        re.compile(r"(?<!届)委员会常务委员会"),
        re.compile(rf"(?:政协|中国人民政治协商会议)第?{_NUM}届{_HAN_RUN}$"),
        "the political consultative conference whose standing committee reports",
    ),
    _Formula(
        re.compile(r"届委员会"),  # a literal first: the keyword is looked for at every character
        re.compile(rf"代表(?:中国共产党|中共){_HAN_RUN}第?{_NUM}$"),
        "the speaker speaks for this Party committee",
    ),
    _Formula(
        re.compile(
            rf"(?:委|党委){_TERM}(?:第?{_NUM}次)?(?:全体会议|全会|全委会|全委（扩大）会议)(?![^，。]{{0,6}}精神)"
        ),
        re.compile(rf"(?:中国共产党|中共){_HAN_RUN}$"),
        "the Party committee whose plenum it is",
        heading_only=True,
    ),
    _Formula(  # a letter's or a greeting's senders: 中共万源市委、万源市人民政府向你们致以……
        re.compile(r"(?:委|党委)[、和](?=[\u4e00-\u9fff]{1,16}?(?:人民政府|政府)(?:向|给|谨|特|致))"),
        re.compile(rf"(?:中国共产党|中共){_HAN_RUN}$"),
        "the Party committee and government the text speaks for",
    ),
    _Formula(
        re.compile(r"委常委会"),
        re.compile(rf"(?:受|代表){_HAN_RUN}党?$"),
        "the speaker speaks for this Party committee",
    ),
    _Formula(  # 选举我担任丰城市人民政府市长, 担任冷水江市新一任市长
        re.compile(r"(?:新一任|新一届)?(?:代理?)?(?:省长|市长|县长|区长|旗长|州长|盟长)"),
        re.compile(rf"我(?:继续)?(?:担任|为){_HAN_RUN}(?:人民政府|政府)?$"),
        "the speaker was elected head of this government",
    ),
    _Formula(
        re.compile(r"省长|市长|县长|区长|旗长|州长|盟长|主席"),
        re.compile(rf"^{_OWN}([\u4e00-\u9fff]{{1,30}}?)(?:人民政府|政府)?(?:代理?|常务副|副)?$"),
        "the byline names the speaker's government",
    ),
    _Formula(
        re.compile(r"政协(?:副)?主席|人大常委会(?:副)?主任"),
        re.compile(rf"^{_OWN}([\u4e00-\u9fff]{{1,30}}?)$"),
        "the byline names the speaker's congress or political consultative conference",
    ),
    _Formula(
        re.compile(r"(?:厅|局|委员会|办公室)(?:常务副|副)?(?:厅长|局长|主任)"),
        re.compile(rf"^{_OWN}(?:中共)?([\u4e00-\u9fff]{{1,30}}(?:省|市|县|区|旗|州|盟))[\u4e00-\u9fff]{{1,10}}$"),
        "the byline names the government the speaker's department belongs to",
    ),
    _Formula(  # (the last of two posts: 中共吴忠市委常委、同心县委书记)
        re.compile(r"(?:委|党委)(?:常务|第一)?副?书记"),
        re.compile(rf"^{_OWN}(?:中共|中国共产党)?(?:[^、，。]{{1,20}}、)?([\u4e00-\u9fff]{{1,30}}?)$"),
        "the byline names the speaker's Party committee",
    ),
    _Formula(
        re.compile(
            r"政府工作报告|国民经济和社会发展|(?:政协|人大常委会|人民代表大会常务委员会)(?:常务委员会)?工作报告"
        ),
        re.compile(rf"{_HAN_RUN}(?:{YEAR}年)?(?:人民)?$"),
        "the title names the report's government, congress or political consultative conference",
    ),
)
_NATIONAL: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"我代表国务院"), "the State Council's report (我代表国务院)"),
    (
        re.compile(rf"我代表第?{_NUM}届中央委员会[，,]?\s*向(?:大会|党的第)"),
        "the Central Committee's report to the Party congress",
    ),
    (
        re.compile(rf"(?:中国共产党|中共)?第?{_NUM}届中央委员会第?{_NUM}次全体会议|(?:党的)?{_NUM}届{_NUM}中全会"),
        "a plenum of the Central Committee",
    ),
    (re.compile(rf"第?{_NUM}届全国人民代表大会|全国人民代表大会第|{_NUM}届全国人大"), "the National People's Congress"),
    (re.compile(r"国务院总理|中共中央总书记|中华人民共和国主席|国家主席"), "the byline names a national office"),
    (
        re.compile(
            r"我代表(?:党中央|中共中央|中国政府|中华人民共和国政府|全国人大常委会|(?:党中央|中共中央)、国务院)"
            r"|受(?:党中央|中共中央)(?:、国务院|和国务院)?(?:的)?委托"
        ),
        "the speaker speaks for the Party's centre or the central government",
    ),
)
_NATIONAL_HINTS: tuple[tuple[str, ...], ...] = (
    ("我代表国务院",),
    ("中央委员会",),
    ("中央委员会", "中全会"),
    ("全国人",),
    ("国务院总理", "中共中央总书记", "主席"),
    ("我代表", "委托"),
)
# A national leader's name (build_scripts/data/leaders.tsv) as the speaker: a title or a page's
# heading (习近平在……上的讲话, 习近平：……, 李克强总理在……), a byline (中共中央总书记、国家主席 习近平),
# a header field (作者：习近平); or a news lead (……习近平16日下午在京主持召开……并发表重要讲话).
_LEADER_LINE = re.compile(
    rf"^(?:[^，。]{{0,20}}[\s\u3000：:])?(?P<name>{names_pattern()})"
    r"(?:主席|总书记|总理|委员长|同志)?(?:$|[：:]?\s*在|[\s\u3000]*[（(])"
)
_LEADER_LEAD = re.compile(
    rf"(?P<name>{names_pattern()})(?:同志)?[^。；]{{0,60}}?"
    r"(?:发表(?:了)?(?:重要|主旨|书面)?(?:讲话|演讲|致辞)|并(?:发表)?(?:重要)?讲话|作(?:了)?[^。；，]{0,24}(?:报告|讲话)"
    r"|在主持学习时发表|致(?:贺|开幕)?辞)"
)
# An anthology's editorial note whose first words are the leader's name (这是周恩来在……上的报告。),
# not one that names someone else (这是中共湖南省委第一书记……的讲话。).
_LEADER_NOTE = re.compile(rf"(?=(?:{EDITORIAL_NOTE.pattern}))[^这]*这是(?P<name>{names_pattern()})(?:同志)?")
_STUDYING = re.compile(r"(?:学习|贯彻|落实|按照|根据|领会|传达|宣讲)[^。；]{0,20}$")


def named_leader(doc: Document) -> tuple[str, EvidenceSource, str | None, str] | None:
    """``(name, source, anchor, words)`` of a national leader the text names as its speaker (``words``:
    the name as written, 习 近 平 spaced out): in the
    title, the page's heading, a header field, or a block above the speech's opening (its byline,
    a news lead above a speech's salutation); never a leader the speech quotes (学习贯彻习近平总书记
    ……重要讲话精神), nor one whose speech a communiqué reports (总书记江泽民同志作了重要讲话)."""
    opening, saluted = _opening(doc)
    for source, anchor, text in opening:
        line = text.strip(" \u3000\xa0")
        name = byline_name(line) if len(line) <= 12 else None  # (习 近 平, ○朱镕基)
        if name:
            return name, source, anchor, line if name not in line else name
        m = _LEADER_LINE.match(line) or _LEADER_NOTE.match(line)
        if m:
            return m.group("name"), source, anchor, m.group("name")
        for m in _LEADER_LEAD.finditer(text) if saluted else ():
            sentence_start = max((t.end() for t in re.finditer(r"[。；！？]", text[: m.start()])), default=0)
            if not _STUDYING.search(text[sentence_start : m.start()]):
                return m.group("name"), source, anchor, m.group("name")
    for p in doc.paragraphs[-2:]:  # an anthology's closing note (※ 这是习近平总书记……讲话……的节选。)
        m = _LEADER_NOTE.match(bare(p.text).strip(" \u3000\xa0"))
        if m:
            return m.group("name"), "text", p.anchor, m.group("name")
    return None


def _opening(doc: Document) -> tuple[list[tuple[EvidenceSource, str | None, str]], bool]:
    """What stands above the speech proper: the title, the page's own heading, the header's title,
    author and dateline fields, and the blocks before the salutation (at most eight; the first
    three when there is no salutation); and whether there is a salutation (a news lead is the
    speech's only above one)."""
    out: list[tuple[EvidenceSource, str | None, str]] = []
    if doc.title:
        out.append(("title", None, bare(doc.title_line or doc.title)))
    if doc.page_heading:
        out.append(("text", None, doc.page_heading))
    out.extend(("text", None, v if k in LEAD_KEYS else f"{k}：{v}") for k, v in doc.header if k in _OPENING_KEYS and v)
    blocks = doc.anchored_texts()[:8]
    for anchor, text in blocks:
        line = bare(text)
        if is_salutation(line):
            return out, True
        if len(line) > 300:
            if note_sentence(line) != line:  # an anthology's note opening the editor's paragraph
                out.append(("text", anchor, note_sentence(line)))
            break
        out.append(("text", anchor, line))
    else:
        out = out[: len(out) - len(blocks)] + [("text", a, bare(t)) for a, t in blocks[:3]]
    return out, False


# Crawler header fields that carry the document's own words (its title line, its byline).
_HEADER_KEYS = ("标题", "题目", "报告人", "讲话人", "作者")
_OPENING_KEYS = (*_HEADER_KEYS, *LEAD_KEYS)


def _head(doc: Document, paragraphs: int = 12) -> list[tuple[EvidenceSource, str | None, str]]:
    """Where a text states whose it is: the title, the opening blocks (and the subtitle wherever it
    stands), then a crawler header's title and byline fields (their lines are removed from the text)."""
    out: list[tuple[EvidenceSource, str | None, str]] = []
    if doc.title:
        out.append(("title", None, bare(doc.title_line or doc.title)))
    blocks = doc.anchored_texts()[:paragraphs]
    out.extend(
        ("text", anchor, note_sentence(bare(text)) if i < 4 else bare(text)) for i, (anchor, text) in enumerate(blocks)
    )
    if doc.subtitle and doc.subtitle.anchor not in {a for a, _ in blocks}:  # past a web page's furniture
        texts = doc.anchored_texts()
        at = next(i for i, (a, _) in enumerate(texts) if a == doc.subtitle.anchor)
        out.extend(("text", anchor, bare(text)) for anchor, text in texts[at : at + 4])  # the byline follows it
    out.extend(("text", None, f"{k}：{v}") for k, v in doc.header if k in _HEADER_KEYS and v)
    if doc.page_heading:
        out.append(("text", None, doc.page_heading))
    return out


def _owner(run: str, year: int | None) -> tuple[Unit, str] | None:
    """The unit a formula's words name: the longest tail of ``run`` that is a run of unit names.

    >>> u, words = _owner("日在保定市满城区", 2020)
    >>> u.name, words
    ('满城区', '保定市满城区')
    >>> _owner("较好完成了区", 2020) is None, _owner("顺利召开县", 2020) is None
    (True, True)
    """
    run = re.sub(rf"第?{_NUM}届$", "", run)
    g = load_gazetteer()
    for i in range(len(run) - 1):
        chain = g.chain_of(run[i:], year)
        if chain:  # not 开县 in 召开县十五届人大: a two-character name inside a word
            return None if inside_word(run, i, chain[0].name) else (chain[-1], run[i:])
        if any(run[i:j] in g.by_name for j in range(i + 2, len(run) + 1)):
            return None  # a name that is not one place (长春市海淀区), or 天津市 read as 津市
    return None


def infer_place(doc: Document, year: int | None) -> Finding | None:
    """The unit the text belongs to from what it says of itself: a national formula, else a formula
    that names a unit (the congress it is made to, the government the speaker speaks for …)."""
    national = _national(doc)
    if national:
        return national
    head = _head(doc)
    headings = {None} | ({doc.subtitle.anchor} if doc.subtitle else set())
    for formula in _OWNER_FORMULAS:
        for source, anchor, text in head:
            if formula.heading_only and anchor not in headings:
                continue
            for k in formula.keyword.finditer(text):
                start = max(0, k.start() - 40)
                m = formula.before.search(text, start, k.start())
                if not m or (formula.clause and not formula.clause.search(_clause(text, k.start(), k.end()))):
                    continue
                quote = text[m.start() : k.end()]
                if re.search(r"时任|原任|前任", m.group(1)):
                    continue  # another's post of the past (传达学习了时任浙江省委书记……的讲话)
                found = _owner(m.group(1), year)
                heads = re.search(r"([省市县区旗州盟])长$", k.group())
                if found and heads and not found[0].name.endswith(heads.group(1)):
                    continue  # a 区 has no 市长: 张建华副市长 names a person, not 建华区
                if found:
                    unit, _ = found
                    rule = f"{formula.rule}: {_describe(unit, year)}"
                    return Finding(unit.name, Evidence(source, quote, anchor, rule))
                town = _town_at_end(m.group(1))
                if town:  # towns are not in the code table: the name as the formula gives it
                    rule = f"{formula.rule}: {town.group()} is a township (乡/镇/街道)"
                    return Finding(town.group(), Evidence(source, quote, anchor, rule))
    return (
        _meeting_owner(doc, year)
        or _convener_place(doc, year)
        or _speaker_place(doc, year)
        or _issuer(doc, year)
        or _signature(doc, year)
        or _diplomatic(doc)
    )


# A news lead's unit that holds the meeting: 苏州市政府召开廉政工作会议, 海盐县委召开中心组学习会, 谷城县召开…,
# 潜江市传达学习全国“两会”精神
_CONVENES = re.compile(
    r"(?:^|(?<=[，,。；：:\s）)日午]))(?P<run>[\u4e00-\u9fff]{2,16}?)(?:委|党委|人民政府|政府|人大常委会|政协)?"
    r"(?:专门|隆重|组织)?(?:召开|举行|传达学习|学习传达)"
)


def _speaker_place(doc: Document, year: int | None) -> Finding | None:
    """The unit a news report's speaker heads, named before the role (习水县委书记向明宣布开工并讲话 → 习水县)."""
    for p, m, kind in _reported(doc):
        if kind in ("named", "chair") or "副" in m.group("role"):
            continue
        unit = m.group("role")[0]  # 县 of 县委书记, 市 of 市长
        before = re.search(r"[\u4e00-\u9fff]{2,12}$", p.text[: m.start()])
        found = _owner(before.group() + unit, year) if before and unit in "省市县区旗州盟" else None
        if found:
            place, words = found
            rule = f"the news report's speaker heads it: {_describe(place, year)}"
            return Finding(place.name, Evidence("text", words[:-1] + m.group(), p.anchor, rule))
    return None


def _convener_place(doc: Document, year: int | None) -> Finding | None:
    """The unit a news lead says holds the meeting (苏州市政府召开廉政工作会议 → 苏州市), a township
    too (新矸街道召开……动员大会 → 新矸街道); else the one a news page's headline names (上海市召开全市……会议)."""
    headline: list[tuple[EvidenceSource, str | None, str]] = [("title", None, doc.title)] if doc.title else []
    for source, anchor, text in _leads(doc) + headline:
        for m in _CONVENES.finditer(text):
            if _STUDIED.search(text[: m.start()]):
                continue
            if re.search(r"传达学习|学习传达", m.group()) and m.start() > 30:
                continue  # (one of several units a roundup lists: ……，苍溪县传达学习……)
            run = m.group("run").split("在")[0]  # (……全会在昌吉市召开: where it is held, not who holds it)
            parts = [part for part in re.split(r"与|和|同|、", run) if part]
            if len(parts) > 1 and all(_owner(part, year) for part in parts):
                continue  # held by two (宁波与那曲举行……座谈会; not 和平区, 大同市)
            found = _owner(run, year)
            town = _town_at_end(run)
            if found and town and len(town.group()) > len(found[1]):
                found = None  # a town whose name ends with a county's (迎丰镇, not 丰镇市)
            said = f"the news {'headline' if source == 'title' else 'lead'} names the"
            if found:
                unit, words = found
                rule = f"{said} unit that holds the meeting: {_describe(unit, year)}"
                return Finding(unit.name, Evidence(source, m.group(), anchor, rule))
            if town:  # towns are not in the code table: the name as the lead gives it
                rule = f"{said} township that holds the meeting: {town.group()} (乡/镇/街道)"
                return Finding(town.group(), Evidence(source, m.group(), anchor, rule))
    return None


# A printed document's header, dropped from the text as furniture: 中共清河县委办公室文件.
_ISSUER = re.compile(
    r"^(?:中共|中国共产党)?(?P<u>[\u4e00-\u9fff]{2,20}?)(?:委员会|委|人民政府|政府|人大常委会)(?:办公室|办公厅)?文件$"
)


def _issuer(doc: Document, year: int | None) -> Finding | None:
    """The unit whose office issued the document (its red header, above the title)."""
    for line in doc.removed[:6]:
        m = _ISSUER.match(line.strip(" \u3000\xa0"))
        found = _owner(m.group("u"), year) if m else None
        if m and found:
            unit, _ = found
            rule = f"the document's header names its issuing office: {_describe(unit, year)}"
            return Finding(unit.name, Evidence("text", line, None, rule))
    return None


_SIGNATURE = re.compile(
    r"(?:中共|中国共产党)?(?P<u>[\u4e00-\u9fff]{2,30}?)(?:人民政府|人民代表大会常务委员会|人大常委会|委员会|党委|政府|委)"
    r"(?:办公室)?"
)


def _signature(doc: Document, year: int | None) -> Finding | None:
    """The body that signs a report at its end (岚皋县人民政府, over the date), as in the genre's
    reports and letters to a superior."""
    for p in doc.paragraphs[-4:]:
        line = bare(p.text).strip(" \u3000\xa0")
        m = _SIGNATURE.fullmatch(line) if len(line) <= 30 else None
        found = _owner(m.group("u"), year) if m else None
        if m and found:
            unit, _ = found
            rule = f"the report is signed by {line}: {_describe(unit, year)}"
            return Finding(unit.name, Evidence("text", line, p.anchor, rule))
    return None


# A speech to foreign leaders or an international meeting: the salutation addresses them
# (尊敬的哈马德国王陛下，各位同事：, 尊敬的……外长, 女士们，先生们，朋友们), and the speaker speaks
# for China (中方愿……, 我谨代表中国政府和中国人民, 中国政府支持……) — a governor welcoming a
# foreign guest speaks for the province, not for China.
_FOREIGN_ADDRESS = re.compile(
    r"尊敬的[^，。；：]{0,30}?(?:国王|女王|总统|首相|总理|王储|亲王|埃米尔|苏丹|大公|外长|外交大臣|元首|首脑|秘书长)"
    r"|陛下|阁下|殿下|^女士们[，,、]\s*先生们|^主席先生"
)
# 中方 is China speaking of itself (在中方最困难的时候), but not a party to a deal (中方企业, 中方投资).
_CHINA_SIDE = re.compile(
    rf"中方(?!企业|投资|人员|员工|股东|股份|合作伙伴|合作方)|中国政府(?:愿|将|支持|主张|始终|坚定|高度|欢迎|[、和与]中国人民)"
    rf"|{_FOR_THE_STATE.pattern}"
)


def _diplomatic(doc: Document) -> Finding | None:
    """全国 for a speech to foreign leaders: a salutation that addresses them, and China as 中方."""
    paras = doc.paragraphs[:10]
    address = next((p for p in paras if _FOREIGN_ADDRESS.search(p.text) and len(p.text) <= 80), None)
    sides = [m.group() for p in doc.paragraphs for m in _CHINA_SIDE.finditer(p.text)]
    if address is None or len(sides) < 2:
        return None
    words = _FOREIGN_ADDRESS.search(address.text).group()  # type: ignore[union-attr]
    said = "、".join(dict.fromkeys(sides))
    rule = f"a speech to foreign leaders that speaks for China ({said}: ×{len(sides)}) → 全国"
    return Finding("全国", Evidence("text", words, address.anchor, rule))


def _meeting_owner(doc: Document, year: int | None) -> Finding | None:
    """The unit whose meeting the text says it was given at (在涞水县经济工作会议上的讲话 → 涞水县),
    unless the speech is a subordinate's at it (表态发言) or the unit is the meeting's topic."""
    for source, anchor, where, occ in _named_meetings(doc):
        words = re.sub(rf"^(?:{YEAR})\s*年度?|^(?:中国共产党|中共)", "", occ)
        town = _TOWN_MEETING.match(words)
        if town:  # a township's meeting, when the text speaks as the township's (towns are not in the table)
            kind = next(k for k in _TOWN_SELF if town.group().endswith(k))
            selves = _TOWN_SELF[kind].findall(doc.body)
            if len(selves) >= 2:
                rule = f"the meeting {where} names is a township's ({town.group()}); the text says {selves[0]} ×{len(selves)}"
                return Finding(town.group(), Evidence(source, town.group(), anchor, rule))
        g = load_gazetteer()
        for end in range(min(len(words), 16), 1, -1):  # the longest run of names the meeting starts with
            chain = g.chain_of(words[:end], year)
            if chain and len(chain) == 1 and re.fullmatch(r".区", chain[0].name):
                break  # 新区, 城区, 矿区 alone are words (新区开发建设动员大会), not the district of that name
            if chain and words.startswith(chain[0].name):  # in full: 北京大学 is no meeting of 北京市
                unit, quote = chain[-1], words[:end]
                short = _short_unit_after(g, words, end, year)  # 福建省南靖首届兰花节: 南靖县's, not the province's
                if short is not None:
                    unit, quote = short
                guest = _SPEAKS_FOR.search(" ".join(p.text for p in doc.paragraphs[:10]))
                if guest and _RANK.get(UNIT_LEVEL[guest.group(1)], 9) < _RANK.get(unit.level, 9):
                    return None  # a superior's guest speech (我代表省委、省政府……): the meeting's unit is not the speaker's
                rule = f"the meeting {where} names is this unit's: {_describe(unit, year)}"
                return Finding(unit.name, Evidence(source, quote, anchor, rule))
    return None


def _short_unit_after(g: Gazetteer, words: str, end: int, year: int | None) -> tuple[Unit, str] | None:
    """A unit inside the one ``words[:end]`` names, written without its 县/市/区 just after it
    (福建省南靖首届兰花节 → 南靖县), with the words that name it."""
    for k in (3, 2):
        short = words[end : end + k]
        if len(short) < k or not re.fullmatch(r"[\u4e00-\u9fff]+", short) or words[end + k : end + k + 1] in "县市区旗":
            continue
        for suffix in ("县", "市", "区", "旗"):
            chain = g.chain_of(words[:end] + short + suffix, year)
            if chain and len(chain) > 1:
                return chain[-1], words[: end + k]
    return None


def _named_meetings(doc: Document) -> list[tuple[EvidenceSource, str | None, str, str]]:
    """``(source, anchor, where, meeting)`` for each meeting the text says it was given at: the
    title's (在……会议上的讲话), a closing source note's (（2020年3月2日在襄阳市……会议上的讲话）), a news
    lead's (江西省乡村振兴工作推进会在南昌召开。省委书记……出席会议并讲话); none for a subordinate's speech."""
    title = doc.title_line or doc.title
    if title and _SUBORDINATE_SPEECH.search(title):
        return []
    out: list[tuple[EvidenceSource, str | None, str, str]] = []
    m = _MEETING.search(title) if title else None
    if m:
        out.append(("title", None, "the title", m.group("occ")))
    for p in doc.paragraphs[-2:]:
        line = bare(p.text).strip(" \u3000\xa0")
        m = _MEETING.search(line, 1, len(line) - 1) if line[:1] in "（(" and line[-1:] in "）)" else None
        if m and len(line) <= 100:
            out.append(("text", p.anchor, "the closing source note", m.group("occ")))
    for source, anchor, text in _leads(doc):  # (above the salutation, or a news report's lead)
        m = _LEAD_MEETING.search(text) if _LEAD_DELIVERS.search(text) else None
        if m:
            out.append((source, anchor, "the news lead", m.group("occ")))
    for p in doc.paragraphs[:4]:  # 今天，天津市第三届各界代表会议第一次会议胜利地闭幕了
        m = _OPENING_TODAY[2].search(p.text)
        if m:
            out.append(("text", p.anchor, "the opening", m.group("occ")))
    m = _HEADLINE_MEETING.match(doc.title or "")  # (鹿乡镇第二十一届人民代表大会第五次会议召开)
    if m:
        out.append(("title", None, "the headline", m.group("occ")))
    return out


# A township a formula names: after its county (唐县白合镇), or alone (龙泉镇), never 各乡镇 or 全镇.
# A township's name: no 在, 全 or 乡/镇 inside it (县长在全县乡镇党委书记座谈会: the audience, not a town).
# (了的与是已: words, never in a town's name: 圆满完成了镇; 县区: the county named before it, 巴南区木洞镇)
_TOWN_CHAR = r"(?:(?![在于全各本我该乡镇了的与是已县区])[\u4e00-\u9fff])"
_TOWN = (
    re.compile(rf"(?<=[县区市旗])(?:[^各全本该这此乡镇在]{_TOWN_CHAR}{{1,4}}?|[^各全本该这此乡镇在]镇)(?:镇|乡|街道)$"),
    re.compile(
        rf"(?:^|(?<=[在于日]))(?:[^各全本我该这此乡镇在于日年月的已经]{_TOWN_CHAR}{{1,4}}?|[^各全本我该这此乡镇在于日年月的已经]镇)"
        r"(?:镇|乡|街道)$"
    ),  # (乌镇镇: a town named after its 镇)
)
# A meeting title that starts with a township's name (在石桥镇2024年度工作总结大会上的讲话).
_TOWN_MEETING = re.compile(r"^[^各全本我该这此乡镇在于][\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)(?![长党政人办])")
_TOWN_SELF = {
    "镇": re.compile(r"全镇|我镇|本镇|镇党委|镇政府|镇人民政府"),
    "乡": re.compile(r"全乡|我乡|本乡|乡党委|乡政府|乡人民政府"),
    "街道": re.compile(r"全街道|我街道|本街道|街道党工委|街道办事处"),
}


def _town_at_end(words: str) -> re.Match[str] | None:
    """The township a run of words ends with (巴南区木洞镇, 新矸街道): towns are not in the code table;
    not words that only end with 镇 (会议由镇党委副书记……: no town 会议由镇).

    >>> _town_at_end("巴南区木洞镇").group(), _town_at_end("会议由镇") is None, _town_at_end("会上镇") is None
    ('木洞镇', True, True)
    """
    m = _TOWN[0].search(words) or _TOWN[1].search(words)
    return None if m is None or re.search(r"会议|由|召开|主持|组织|^会[上后前中]", m.group()) else m  # (会上镇党委书记)


def _describe(unit: Unit, year: int | None) -> str:
    """``满城区 (130607), a county-level unit under 保定市``."""
    g = load_gazetteer()
    up = g.parent(unit, year)
    kind = {"省": "a province-level unit", "市": "a prefecture-level unit", "县": "a county-level unit"}[unit.level]
    return f"{unit.name} ({unit.code}) is {kind}" + (f" under {up.name}" if up else "")


def _national(doc: Document) -> Finding | None:
    """全国 when the text is the State Council's, the Central Committee's or a national leader's."""
    for source, anchor, text in _head(doc):
        for (pattern, rule), hints in zip(_NATIONAL, _NATIONAL_HINTS):
            if not any(h in text for h in hints):  # the words each formula cannot do without
                continue
            m = pattern.search(text)
            if m and (_states_own_occasion(text, m) if source != "title" else not _mentioned(text, m)):
                return Finding("全国", Evidence(source, m.group(), anchor, f"{rule} → 全国"))
    named = named_leader(doc)
    if named:
        name, source, anchor, words = named
        return Finding("全国", Evidence(source, words, anchor, f"a national leader's speech ({name}) → 全国"))
    facts = title_facts(doc.title) if doc.title else {}
    level = facts.get("level")
    if level and level.value == "中央":
        return Finding("全国", _with_rule(level.evidence, "a national meeting → 全国"))
    return None


def _mentioned(text: str, m: re.Match[str]) -> bool:
    """Whether a national formula is a meeting the text studies (学习贯彻党的十九届六中全会精神), in a
    title too (我区传达……学习贯彻党的十九届六中全会精神专题读书班会议精神)."""
    return studied_meeting(text[: m.start()], re.sub(r"^[（(]扩大[）)]", "", text[m.end() :]))


def _states_own_occasion(text: str, m: re.Match[str]) -> bool:
    """Whether a national formula in an opening block is the text's own (its meeting, its byline),
    not a mention (学习贯彻十九届五中全会精神)."""
    before, after = text[: m.start()], text[m.end() :]
    after = re.sub(r"^[（(]扩大[）)]", "", after)  # a plenum's 扩大 is its name's (七届六中全会(扩大)“关于……的决议”)
    if _mentioned(text, m):
        return False
    return bool(
        m.group().startswith(("我代表", "代表", "受"))
        or re.match(r"(?:上|公报|[，,]?\s*于|[（(]|在北京|$)", after)
        or len(text) <= 40
        # a subtitle or a meeting line: a short block that opens with it (not a sentence about it)
        or (
            len(text) <= 120
            and not re.search(r"[。！？；]", text)
            and re.search(rf"(?:^[{DASH_CLASS}\s\u3000]*|在|日)$", before[-12:] if before else "")
        )
    )


_RANK = {"省": 0, "市": 1, "县": 2}
# The levels a unit the text calls 我X may have in the code table: 市 a county-level or a
# prefecture-level city or a municipality, 区 a district or an autonomous region.
_SELF_WORD_LEVELS = {"市": {"县", "市", "省"}, "区": {"县", "省"}}


# A campaign a place names after itself (平安常州, 健康海安建设, 法治潍坊, 推动白山高质量发展): its own name.
# The campaign's name ends where its work begins (平安常州建设, “健康海安”, 法治潍坊、); not a set
# phrase (健康长寿, 幸福安康, 长治久安).
_ENDINGS_OF = {
    "县": ("县", "区", "旗", "市"),
    "市": ("市", "州", "盟"),
    "省": ("省", "自治区", "市"),
}  # a level's units' names
_BRAND = re.compile(
    r"(?:平安|法治|健康|美丽|幸福|数字|文明|生态|智慧|书香|宜居|人文|诚信|活力)(?P<a>[\u4e00-\u9fff]{2,3}?)"
    r"(?=建设|创建|工程|行动|[、”\"等])"
    r"|(?:推动|推进|促进|实现)(?P<b>[\u4e00-\u9fff]{2,3}?)(?:经济)?(?:高质量|跨越式?|绿色|转型)发展"
)


def _brand_place(doc: Document, level: str, year: int | None) -> Finding | None:
    """The one unit of the text's level whose short name its campaigns carry (平安安康 → 安康市).

    >>> from build_scripts.analyse.structure import parse_document
    >>> _brand_place(parse_document("在全市政法工作会议上的讲话\\n同志们：\\n要深入推进平安安康建设。"), "市", 2020).value
    '安康市'
    >>> _brand_place(parse_document("在全市大会上的讲话\\n同志们：\\n我市要建设美丽天津、法治天津。"), "市", 2016).value
    '天津市'
    """
    endings = _ENDINGS_OF.get(level, ())
    g = load_gazetteer()
    found: dict[str, tuple[str, str | None]] = {}
    for p in doc.paragraphs:
        for m in _BRAND.finditer(p.text):
            words = m.group("a") or m.group("b")
            units = [g.resolve(n, year) for n in g.short.get(words, ()) if n.endswith(endings)]
            fits = {u.name: u for u in units if u and u.level == level}
            if not fits and level == "市" and words in ("北京", "上海", "天津", "重庆"):
                fits = {u.name: u for u in units if u and u.level == "省"}  # 法治天津: a municipality's 我市
            if (
                not fits
                and level == "市"
                and re.match(r"建设|创建|工程|行动", p.text[m.end() :])
                and not word_like(words)
            ):
                # 健康海安建设: a county-level city's 市长 (海安市); not 人民幸福安宁、
                fits = {u.name: u for u in units if u and u.level == "县" and u.name.endswith("市")}
            unit = next(iter(fits.values())) if len(fits) == 1 else None  # (not 山阳: 山阳县 or 山阳区)
            if unit:
                found.setdefault(unit.name, (m.group(), p.anchor))
    if len(found) != 1:
        return None
    (name, (quote, anchor)), unit = next(iter(found.items())), g.resolve(next(iter(found)), year)
    assert unit is not None
    rule = f"the text names its campaigns after {name}: {_describe(unit, year)}"
    return Finding(name, Evidence("text", quote, anchor, rule))


_PARTNERS = re.compile(
    r"对口(?:帮扶|支援|协作|合作)|东西部(?:扶贫)?协作|结对帮扶|[两二](?:市|县|区|省|地)(?:政府|人民|合作|交流|携手)|友好城市"
)


def place_by_self_reference(doc: Document, level: str, year: int | None) -> Finding | None:
    """With no formula: the most-named unit of the text's own level (``我县`` and 容城 ×29 → 容城县)."""
    endings = _ENDINGS_OF.get(level)
    if not endings:
        return None
    g = load_gazetteer()
    text = (doc.title or "") + "\n" + doc.body
    named = {m.name for m in g.find(text)}  # once found where it is clearly a name, count all
    if not named and level not in ("省", "市"):  # (a province or a city may name itself only short: 陕西, 大连)
        return None
    if _PARTNERS.search((doc.title or "") + "".join(p.text for p in doc.paragraphs[:2])):
        return None  # a text about a partner names it more than itself (对口帮扶, 东西部协作, 两市)
    scores, best = level_scores(doc)
    words = [u for u in scores if _unit_level(u, doc)[0] == level and scores[u] >= 3]
    if not words:
        return None
    word = max(words, key=lambda u: scores[u])
    ending = tuple(e for e in endings if e.endswith(word)) or endings[:1]
    counts: Counter[str] = Counter()
    above: set[str] = set()  # units above the text's level that it names in full (保定市 for a county)
    kinds = _SELF_WORD_LEVELS.get(word, {level})  # 我市 may be a county-level or a prefecture-level city
    for name in named:
        unit = g.resolve(name, year)
        if unit and unit.level in kinds and name.endswith(ending):
            counts[name] = text.count(name)
        elif unit and _RANK[unit.level] < _RANK[level]:
            above.add(unit.code)
    for name in _visitors(text) & counts.keys():
        del counts[name]  # a delegation the text hosts (临城县……带领考察团来我县), named more than the host
    ranked = counts.most_common(2)
    # the one unit of its level the text names in full, though only once or twice (确保平阳县……);
    # not a city above it that 我市 might be (在苏州市委的坚强领导下, said by a county-level city)
    sole = ranked[0][0] if len(ranked) == 1 and getattr(g.resolve(ranked[0][0], year), "level", None) == level else None
    clear = ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1])
    # the short forms too (容城 for 容城县) of the named superiors' units; a province's (甘肃) has none
    if not clear and (above or level in ("省", "市")):
        pairs = Counter(re.findall(r"[\u4e00-\u9fff]{2}", text) + re.findall(r"[\u4e00-\u9fff]{2}", text[1:]))
        for e in ending:
            shorts = g.shorts_of_level(level, e)
            for pair in pairs.keys() & g.short_heads:
                for short in g.short_by_head[pair]:
                    names = shorts.get(short)
                    if not names:
                        continue
                    n = text.count(short)  # (the pair counts overlap where a run of words restarts)
                    now = next((x for x in names if any(u.in_use(year) for u in g.by_name[x])), names[0])
                    unit = g.resolve(now, year) if n and now else None
                    if unit and (
                        counts[unit.name] or unit.parent in above or (level in ("省", "市") and n >= 3)
                    ):  # 资源 alone is a word
                        counts[unit.name] = max(counts[unit.name], n)
    if word == "市" and level == "市" and not any(n >= 3 for n in counts.values()):
        counts.update(_county_cities(text, year))  # 我市 of a county-level city named short (龙港 ×7)
    ranked = counts.most_common(2)
    if not ranked or (ranked[0][1] < 3 and [n for n, _ in ranked] != [sole]):
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    name, n = ranked[0]
    unit = g.resolve(name, year)
    if unit is None:
        return None
    _, quote, anchor, _ = best[word]
    abbrev = short_form(name, unit.level)
    rule = (
        f"the text calls itself 「{quote}」 and names {name}"
        + (f" (or {abbrev})" if abbrev else "")
        + f" {n} times, more than any other such unit: {_describe(unit, year)}"
    )
    return Finding(name, Evidence("text", quote, anchor, rule))


# A visit the text hosts: a sentence with 来我县 (到我市, 莅临我区, 来我县参观考察) or a 考察团 that comes.
_HOSTED = re.compile(r"(?:来|到|莅临)(?:我|本)(?:县|市|区|旗|州|镇|乡)|(?:考察团|代表团)(?![^。；]*?(?:赴|前往|出访))")


def _visitors(text: str) -> set[str]:
    """The units named in the sentences that tell of a visit the text hosts, before its 来我县.

    >>> sorted(_visitors("11月30日，河北省临城县县委书记宋向党带领党政考察团来我县参观考察。县长主持会议。"))
    ['临城县', '河北省']
    """
    if not _HOSTED.search(text):
        return set()
    g = load_gazetteer()
    found: set[str] = set()
    for sentence in re.split(r"[。；！？.!?;\n]", text):  # (split first: a pattern over the whole text is slow)
        hosted = _HOSTED.search(sentence)
        if hosted:
            found.update(m.name for m in g.find(sentence[: hosted.start()]))
    return found


def _county_cities(text: str, year: int | None) -> Counter[str]:
    """County-level cities the text names three times or more, in short form too (广汉 ×3 → 广汉市);
    not one it visits (市委书记到义乌调研: a city above it).

    >>> _county_cities("龙港正进入改革创新的新时期，龙港最鲜明的特质，围绕龙港新目标", 2020)
    Counter({'龙港市': 3})
    >>> _county_cities("市委书记到义乌调研。义乌要发挥优势，义乌的经验", 2020)
    Counter()
    >>> _county_cities("扩大开放合作，深化区域合作，推进务实合作", 2020)
    Counter()
    """
    g = load_gazetteer()
    counts: Counter[str] = Counter()
    for short, names in g.shorts_of_level("县", "市").items():
        n = text.count(short)
        if n >= 3 and word_like(short):
            continue  # (合作 of 开放合作, 江山 of 人民就是江山: words, not 合作市, 江山市)
        if n >= 3 and re.search(
            rf"(?:到|赴|走进|深入){short}[^，。；]{{0,8}}?(?:调研|视察|考察|检查|督导|走访|慰问)", text
        ):
            continue
        unit = g.resolve(names[0], year) if n >= 3 else None
        if unit is not None and unit.level == "县":
            counts[unit.name] = n
    return counts


def level_of_place(place: Finding, year: int | None) -> Finding | None:
    """The level a place makes a speech: 全国 → 中央; a unit → its level in the code table."""
    if place.value == "全国":
        return Finding("中央", _with_rule(place.evidence, "全国 → 中央"))
    if place.value.endswith(("镇", "乡", "街道")) and place.value not in load_gazetteer().by_name:
        return Finding("乡镇", _with_rule(place.evidence, "→ 乡镇"))
    unit = load_gazetteer().resolve(place.value, year)
    if unit is None:
        return None
    return Finding(LEVEL_OF[unit.level], _with_rule(place.evidence, f"→ {LEVEL_OF[unit.level]}"))


# --- the whole record ------------------------------------------------------------------------


def infer_metadata(doc: Document, source: Source, events: Events) -> Metadata:
    """Level, speaker, occasion and date with their evidence: text and title < file name.

    The sidecar is applied afterwards by ``sidecar.apply_sidecar``; themes and
    keywords by their own modules.
    """
    found: dict[str, Finding | None] = {}
    estimate = infer_date(doc, events)
    year = int(estimate.value[:4]) if estimate.value else None
    place = infer_place(doc, year)
    found["level"] = (level_of_place(place, year) if place else None) or infer_level(doc)
    if place is None and found["level"]:
        place, found["level"] = _place_of_level(doc, found["level"], year)
    if place is None and found["level"] and found["level"].value == "中央":
        place = Finding("全国", _with_rule(found["level"].evidence, "中央 → 全国"))
    found["place"] = place
    found["speaker"] = None  # the speaker's office may depend on the occasion (国家主席 at a state one)
    found["occasion"] = infer_occasion(doc, place.value if place else None)
    when = (
        (first_day(estimate.value), last_day(estimate.value))
        if estimate.value
        else (estimate.not_before, estimate.not_after)
    )
    found["speaker"] = infer_speaker(
        doc,
        found["level"].value if found["level"] else None,
        found["occasion"].value if found["occasion"] else None,
        when,
    )
    # (a news report's speaker outweighs the words its report counts: 市委书记……在省人大庆阳代表团审议省政府工作报告时指出)
    reported = found["speaker"] is not None and found["speaker"].evidence.rule.startswith(_NEWS_SPEAKER_RULES)
    counted = found["level"] is not None and found["level"].evidence.rule.startswith("self-references")
    if found["speaker"] and (found["level"] is None or (counted and reported)):  # (or 县委副书记 signs a 对照检查材料)
        unit = _role_unit(found["speaker"].value)
        higher = (
            found["level"]
            and unit in UNIT_LEVEL
            and LEVELS.index(found["level"].value) < LEVELS.index(UNIT_LEVEL[unit])
        )
        if unit in UNIT_LEVEL and (found["level"] is None or higher):  # (not 县 counted, a 市长: a county-level city's)
            rule = f"the speaker's role names the unit: {unit} → {UNIT_LEVEL[unit]}"
            level = Finding(UNIT_LEVEL[unit], _with_rule(found["speaker"].evidence, rule))
            found["level"] = level
            if unit == "中央" and found["place"] is None:  # a minister's speech: the nation's
                found["place"] = Finding("全国", _with_rule(level.evidence, "中央 → 全国"))
            elif found["place"] is None or getattr(level_of_place(found["place"], year), "value", None) != level.value:
                # the unit of the speaker's level the text names (健康海安: 海安市's 市长), not one of
                # another level the report counts (成都's 市委常委会 quoting 我省: not 四川省)
                found["place"], found["level"] = _place_of_level(doc, level, year)
    found["date"] = Finding(estimate.value, estimate.evidence) if estimate.value and estimate.evidence else None
    # The file name wins over the text.
    stem = Path(source.name).stem
    if re.search(r"[\u4e00-\u9fff]", stem):
        for name, finding in title_facts(stem, source="filename").items():
            current = found.get(name)
            if current is None or finding.value != current.value:
                found[name] = finding
    file_date = date_from_filename(source.name)
    if file_date:
        text_date = found["date"].value if found["date"] else None
        if not (text_date and text_date.startswith(file_date)):  # the text may refine the name's date
            found["date"] = Finding(
                file_date, Evidence("filename", "filename", None, f"the file name {source.name} carries the date")
            )
    found["level"] = valid_level(found["level"])
    fields = {name: (f.value if f else None) for name, f in found.items()}
    evidence = tuple((name, f.evidence) for name, f in found.items() if f)
    bounds = date_range(estimate, fields["date"])  # a range's bounds when there is no date
    if not fields["date"] and estimate.evidence:  # and why: the range's clues, or why it is unknown
        evidence += (("date", estimate.evidence),)
    return Metadata(**fields, **bounds, evidence=evidence)  # type: ignore[arg-type]


def _place_of_level(doc: Document, level: Finding, year: int | None) -> tuple[Finding | None, Finding]:
    """The unit of ``level`` the text names most (or its campaigns carry, or whose capital holds a
    provincial meeting), and the level it makes: the code table knows a city's level (我市 of 广汉市,
    a county-level city: 县)."""
    place = (
        place_by_self_reference(doc, level.value, year)
        or _brand_place(doc, level.value, year)
        or (_capital_place(doc, year) if level.value == "省" else None)
    )
    placed = level_of_place(place, year) if place else None
    return place, (placed if placed and placed.value != level.value else level)


_CAPITALS = (
    "石家庄|太原|呼和浩特|沈阳|长春|哈尔滨|南京|杭州|合肥|福州|南昌|济南|郑州|武汉|长沙|广州|南宁|海口|成都|贵阳|昆明|拉萨"
    "|西安|兰州|西宁|银川|乌鲁木齐"
)
# A provincial meeting held in the capital (省委经济工作会议在太原召开), or a provincial paper's dateline
# from it (甘肃日报兰州12月30日讯).
_IN_CAPITAL = re.compile(
    rf"在(?P<c>{_CAPITALS})市?[\u4e00-\u9fff]{{0,12}}?(?:召开|举行|开幕|闭幕)"
    rf"|(?:日报|晚报)(?:社)?(?P<d>{_CAPITALS})[\d一二三四五六七八九十]{{1,2}}月[\d一二三四五六七八九十]{{1,3}}日(?:讯|电)"
)


# Words of a provincial body or meeting (省委, 自治区党委, 全省, 省十二届……).
_PROVINCIAL = (
    r"省委|省政府|省人民政府|省人大|省政协|全省|省第?[一二三四五六七八九十]|自治区党委|自治区政府|自治区人民政府|全区"
)


def _capital_place(doc: Document, year: int | None) -> Finding | None:
    """The province whose capital holds a provincial meeting the lead reports (在太原召开 → 山西省).

    >>> from build_scripts.analyse.structure import parse_document
    >>> _capital_place(parse_document("省委经济工作会议召开\\n12月21日，省委经济工作会议在太原召开。省委书记出席并讲话。"), 2022).value
    '山西省'
    """
    g = load_gazetteer()
    for source, anchor, text in _leads(doc):
        m = _IN_CAPITAL.search(text)
        if m and m.group("c") and not re.search(_PROVINCIAL, text[: m.end()]):
            continue  # (a national or a regional meeting held in a capital: 全国……会议在武汉召开)
        city = g.resolve((m.group("c") or m.group("d")) + "市", year) if m else None
        province = g.parent(city, year) if city else None
        if m and province and province.level == "省":
            rule = f"a provincial meeting held in, or reported from, the capital of {province.name}: {_describe(province, year)}"
            return Finding(province.name, Evidence(source, m.group(), anchor, rule))
    return None


def valid_level(level: Finding | None) -> Finding | None:
    """A level is one of the five (``model.LEVELS``) or unknown: a value any rule makes that is not
    one of them (a unit word no table knows, 中共中央) is dropped, never shown.

    >>> valid_level(Finding("中共中央", Evidence("title", "中共中央"))) is None, valid_level(Finding("县", Evidence("title", "县"))).value
    (True, '县')
    """
    return level if level is None or level.value in LEVELS else None


def infer_title(doc: Document, meta: Metadata) -> tuple[str, Evidence]:
    """A title for a source without one: ``在<occasion>上的讲话``, else 无题 — a body sentence is
    never a title (``面对突如其来的新冠肺炎疫情，……`` says what the speech says, not what it is).

    >>> from build_scripts.model import Paragraph
    >>> d = Document(title=None, blocks=(Paragraph(1, "同志们："), Paragraph(2, "今天召开全县领导干部会议，主要目的是动员。")))
    >>> infer_title(d, Metadata(occasion="全县领导干部会议", evidence=(("occasion", Evidence("text", "全县领导干部会议", "p2")),)))[0]
    '在全县领导干部会议上的讲话'
    >>> infer_title(d, Metadata())[0]
    '无题'
    """
    kind = _speech_kind(doc)
    if meta.occasion:
        ev = meta.evidence_for("occasion")
        title = f"在{meta.occasion}上的{kind}"
        if ev is None:
            ev = Evidence("inferred", meta.occasion, None, "")
        return title, Evidence(ev.source, ev.quote, ev.anchor, f"title built from the occasion: 在……上的{kind}")
    return "无题", Evidence(
        "inferred", "", None, "no title line and no meeting named: untitled (a sentence of the text is no title)"
    )


def _speech_kind(doc: Document) -> str:
    """讲话 by default; 报告 for a report to a congress.

    >>> from build_scripts.model import Paragraph
    >>> _speech_kind(Document(None, (Paragraph(1, "各位代表："),)))
    '报告'
    """
    opening = " ".join(p.text for p in doc.paragraphs[:3])
    if re.search(r"各位代表|向大会报告", opening):
        return "报告"
    return "讲话"
