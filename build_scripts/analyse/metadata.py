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
  municipalities is 省; a 市 that names 市委 as its superior is a county-level city (县).
- **speaker**: a role written in the title or a byline (``县委书记 张三``), or read
  from a formula that names it (``受市委常委会委托`` → ``市委书记``; ``代表县人民政府``
  or a ``政府工作报告`` → ``县长``; ``作为县委书记，我`` → ``县委书记``).
- **occasion**: the meeting in ``在……上的讲话``, or the opening's ``召开……会议``;
  tidied (year, place name and session numbers dropped, ``全体会议`` → ``全会``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from build_scripts.analyse.dates import YEAR, date_from_filename, infer_date
from build_scripts.config.events import Events
from build_scripts.model import Document, Evidence, EvidenceSource, Metadata, Source

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

_PARTY_ORG = r"(?:(?:自治区|自治州|省|市|州|盟|县|区|旗)(?:委|党委)|(?:镇|乡|街道)(?:党委|党工委))"
_ROLE = re.compile(
    rf"(?:{_PARTY_ORG}(?:常委[、，])?(?:常务)?(?:副书记|书记|常委)(?:、(?:代理?)?[^在，、\s]{{1,10}}?(?:长|主任|主席|书记))?"
    r"|(?:代理?)?(?:常务)?副?(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长)"
    r"|(?:自治区)?(?:副)?主席(?=在)"
    r"|(?:省|市|县|区|旗)(?:纪委书记|人大常委会主任|政协主席|委组织部长|委宣传部长|委政法委书记)"
    r"|中共中央总书记|总书记|国务院总理|国务院副总理|国家主席)"
)
_ROLE_UNIT = re.compile(rf"^(?:{_UNITS})|^(?:省长|市长|县长|区长|旗长|州长|盟长|镇长|乡长)")
_MEETING = re.compile(
    r"在(?P<occ>[^“”《》]{2,60}?)(?:上|时|中|之际)(?:的(?:[\u4e00-\u9fff]{0,6}?)"
    r"(?:讲话|发言|报告|致辞|讲稿|讲话提纲|主持词|党课|辅导|总结|表态|汇报|演讲)|[）)]?$)"
)
_TITLE_UNIT = re.compile(
    rf"(?P<m>(?<![^\d年])(?:中共)?(?:全国|中央|国务院)|全(?P<a>省|市|州|盟|县|区|旗|镇|乡)(?!场|长|级|域)"
    rf"|(?P<b>自治区|自治州|省|市|州|盟|县|区|旗)(?:委|党委|人民政府|政府|人大|政协|纪委|直|四套班子)"
    rf"|(?P<c>镇|乡|街道)(?:党委|党工委|人民政府|政府)"
    rf"|(?:XX|××|＊＊|\*\*|某)(?P<d>{_UNITS}))"
)


def title_facts(title: str, source: EvidenceSource = "title") -> dict[str, Finding]:
    """Level, speaker and occasion read from a title (or a title-like file name).

    >>> f = title_facts("县委副书记在县委理论中心组党的大会精神专题读书班上的发言")
    >>> f["level"].value, f["speaker"].value, f["occasion"].value
    ('县', '县委副书记', '县委理论中心组专题读书班')
    >>> title_facts("在市委全体会议闭幕会上的讲话")["occasion"].value
    '市委全会闭幕会'
    """
    facts: dict[str, Finding] = {}
    quote_of = (lambda words: words) if source == "title" else (lambda words: "filename")
    meeting = _MEETING.search(title)
    head = title[: meeting.start()] if meeting else title
    role = _ROLE.search(head) if meeting else _leading_role(title)
    if role:
        facts["speaker"] = Finding(
            role.group(), Evidence(source, quote_of(role.group()), None, "the speaker's role as the title writes it")
        )
        unit = _role_unit(role.group())
        if unit:
            facts["level"] = Finding(
                UNIT_LEVEL[unit],
                Evidence(
                    source, quote_of(role.group()), None, f"the speaker is a {unit}-level official → {UNIT_LEVEL[unit]}"
                ),
            )
    if meeting:
        occasion = tidy_occasion(meeting.group("occ"))
        if occasion:
            facts["occasion"] = Finding(
                occasion,
                Evidence(source, quote_of(meeting.group("occ")), None, "the meeting named in the title (在……上的讲话)"),
            )
    if "level" not in facts and not _SUBORDINATE_SPEECH.search(title):
        where = meeting.group("occ") if meeting else title
        m = _meeting_unit(where)
        if m:
            unit = next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d"), m.group("m")) if g)
            unit = {"自治州": "州"}.get(unit, unit)
            level = UNIT_LEVEL[unit]
            facts["level"] = Finding(
                level,
                Evidence(
                    source, quote_of(m.group()), None, f"the meeting belongs to a {unit}: 「{m.group()}」 → {level}"
                ),
            )
    if "政府工作报告" in title and "speaker" not in facts:
        m = re.search(rf"(?P<u>{_UNITS}|国务院)(?:人民)?政府工作报告|政府工作报告", title)
        unit = m.group("u") if m and m.group("u") else None
        if unit is None and "level" in facts:
            unit = {"县": "县", "市": "市", "省": "省", "乡镇": "镇", "中央": "国务院"}[facts["level"].value]
        if unit and m:
            facts["speaker"] = Finding(
                _GOV_HEAD[unit],
                Evidence(source, quote_of(m.group()), None, _REPORT_RULE),
            )
    return facts


_REPORT_RULE = "a government work report is delivered by the head of government"
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


def _role_unit(role: str) -> str | None:
    """The administrative unit of a role.

    >>> _role_unit("区委书记"), _role_unit("县长"), _role_unit("自治区党委书记"), _role_unit("总书记")
    ('区', '县', '自治区', '中央')
    >>> _role_unit("市委常委、县委书记"), _role_unit("县委书记、县长")
    ('县', '县')
    """
    if "总书记" in role or role.startswith(("国务院", "国家")):
        return "中央"
    pieces = [p for p in re.split(r"[、，]", role) if _ROLE_UNIT.search(p)]
    m = _ROLE_UNIT.search(pieces[-1] if pieces else role)  # 市委常委、县委书记: the post of this meeting
    if not m:
        return None
    unit = m.group()
    unit = unit[0] if unit.endswith("长") else unit
    return {"自治州": "州"}.get(unit, unit)


def tidy_occasion(text: str) -> str | None:
    """A meeting name as a reusable label: no year, place name, session number or topic.

    >>> tidy_occasion("2023年全县提能级促发展大会")
    '全县提能级促发展大会'
    >>> tidy_occasion("中共XX市委十三届五次全体会议")
    '市委全会'
    >>> tidy_occasion("县委理论中心组学习贯彻党的二十大精神专题读书班")
    '县委理论中心组专题读书班'
    """
    occ = text.strip(" \u3000")
    occ = re.sub(rf"^(?:{YEAR})\s*年度?", "", occ)
    occ = re.sub(r"^中共", "", occ)
    occ = re.sub(r"^(?:XX|××|＊＊|\*\*|某)+(?=[省市县区旗州盟镇乡])", "", occ)
    occ = (
        re.sub(r"^(?!全)[\u4e00-\u9fffXx×＊*]{1,6}?(?=(?:省|市|县|区|旗|州|盟)委(?!员))", "", occ)
        if not re.match(r"^(?:省|市|县|区|旗|州|盟)委", occ)
        else occ
    )
    occ = re.sub(
        r"(委)(?:第?[一二三四五六七八九十\dXx×]+届)?(?:[一二三四五六七八九十\dXx×]+次)?(全体|全)", r"\1\2", occ
    )
    occ = re.sub(r"委全体((?:（扩大）|\(扩大\))?)会议", r"委全会\1", occ)
    occ = _drop_topic(occ)
    occ = occ.strip(" ，、")
    return occ if len(occ) >= 3 else None


_TOPIC_STARTS = (
    re.compile(r"学习(?:宣传)?贯彻(?:落实)?|贯彻落实|传达学习|学习传达"),
    re.compile(r"党的|习近平|中央|全会|二十大|十九大|省委|市委|县委|区委|重要讲话"),
)


def _drop_topic(occ: str) -> str:
    """Drop the topic before ``专题``: ``…中心组党的大会精神专题读书班`` → ``…中心组专题读书班``.

    >>> _drop_topic("县委理论学习中心组学习贯彻党的二十大精神专题读书班")
    '县委理论学习中心组专题读书班'
    >>> _drop_topic("全县领导干部会议")
    '全县领导干部会议'
    """
    m = re.search(r"精神(?=专题)", occ)
    if not m:
        return occ
    head = occ[: m.start()]
    for starts in _TOPIC_STARTS:
        found = [s.start() for s in starts.finditer(head)]
        if found:
            cut = found[0] if starts is _TOPIC_STARTS[0] else found[-1]
            if m.end() - cut <= 24:
                return occ[:cut] + occ[m.end() :]
    return occ


# --- text ------------------------------------------------------------------------------------

_SELF_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"我(省|市|州|盟|县|区|旗|镇|乡)(?!场|民|长|委|级|域|情|况)"), 3, "我X"),
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
    (re.compile(r"代表(?:[^，。；]{0,8}?)(自治区|省|市|州|盟|县|区|旗|镇|乡)人民政府"), 6, "代表X人民政府"),
    (re.compile(r"(省|市|州|盟|县|区|旗)直(?:各|有关|相关)?(?:部门|单位|机关)"), 2, "X直部门"),
    (re.compile(r"(省|市|县|区|旗)(?:四套|四大)班子"), 2, "X四套班子"),
    (re.compile(r"(?<![乡])(镇)党委|(乡)党委|(街道)党工委"), 2, "镇党委"),
)
# Addressing the units below: the speaker is one level up.
_BELOW_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"各省区市|各省（区、市）|各省、自治区、直辖市|中央和国家机关各部门|中央和国家机关"), 4, "中央"),
    (re.compile(r"各市（州）|各市州|各地市|各市县|各市（州、盟）|各盟市|各地州市|各设区市"), 3, "省"),
    (re.compile(r"各县（市、区）|各县（市区）|各县市区|各县区|各区县|各县（区）|各县（市）|各县市"), 3, "市"),
    (re.compile(r"各乡镇|各乡（镇）|各镇（乡）|乡镇（街道）|各镇"), 1, "县"),
)
_RANKING_BEFORE = re.compile(r"(?:在|位列|居|位居|走在|列|排|于|占|领跑|进入|跻身|挺进|收听收看|参加)$")
_RANKING_AFTER = re.compile(r"^(?:第|排名|前列|前茅|领先|靠后|位次|平均|同类|前\d|后列|首位|领导干部会议|领导干部大会)")
_SUPERIOR_CITY = re.compile(r"省委(?:、|和|及|与)[^、，。；和及与省政府\s]{0,4}市委|省、市委|省市委|省委市委")


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
    m = _meeting_unit(occasion.evidence.quote)
    if not m:
        return None
    unit = next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d"), m.group("m")) if g)
    level, note = _unit_level({"自治州": "州"}.get(unit, unit), doc)
    rule = f"the meeting being held belongs to a {unit}: 「{m.group()}」 → {level}" + (f"; {note}" if note else "")
    return Finding(level, Evidence("text", occasion.evidence.quote, occasion.evidence.anchor, rule))


def _unit_level(unit: str, doc: Document) -> tuple[str, str]:
    """The level of a unit word in this speech, with a note when the context changed it.

    区 is an autonomous region when the speech names 自治区党委 and no 区委; 市 is one of the
    four municipalities when they are named, and a county-level city when 市委 is a superior.
    """
    level = UNIT_LEVEL.get(unit, unit)
    whole = (doc.title or "") + "\n" + doc.body
    if (
        unit == "区"
        and re.search(r"自治区党委|自治区人民政府|自治区政府|(?<![自治])区党委", whole)
        and not re.search(r"(?<![自治党])区委|区党委(?:、|和|及|与)[\u4e00-\u9fffXx×]{0,4}市委", whole)
    ):
        return "省", "the 区 is an autonomous region (自治区党委, no 区委) → 省"
    if unit == "市":
        if _MUNICIPALITIES.search(doc.title or "") or len(_MUNICIPALITIES.findall(doc.body)) >= 2:
            return "省", "the 市 is one of the four municipalities → 省"
        if _SUPERIOR_CITY.search(whole):
            return "县", "the 市 names 市委 as its superior (省委、市委): a county-level city → 县"
    return level, ""


def _with_rule(evidence: Evidence, extra: str) -> Evidence:
    return Evidence(
        evidence.source, evidence.quote, evidence.anchor, f"{evidence.rule}; {extra}" if evidence.rule else extra
    )


_ROLE_LINE = re.compile(rf"^(?:中共)?[^，。；]{{0,10}}?(?P<role>{_ROLE.pattern})\s*[\u4e00-\u9fff·XＸ×*＊]{{0,4}}$")
_SPEAKER_TEXT: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(rf"我(?:受|代表)(?:中共)?[^，。；]{{0,8}}?(?P<u>{_UNITS})(?:委|党委)常委会(?:的)?(?:委托)?"),
        "{u}委书记",
        "the party secretary presents the standing committee's work report",
    ),
    (
        re.compile(rf"(?:我)?代表(?:[^，。；]{{0,8}}?)(?P<u>{_UNITS})人民政府[，,]?\s*向(?:大会|各位代表)"),
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
)


def infer_speaker(doc: Document, level: str | None = None) -> Finding | None:
    """The speaker's role from the title, a byline, or a formula that names it; else None."""
    facts = title_facts(doc.title) if doc.title else {}
    if "speaker" in facts and facts["speaker"].evidence.rule != _REPORT_RULE:
        return facts["speaker"]
    paras = doc.paragraphs
    for p in paras[:3] + paras[-2:]:
        m = _ROLE_LINE.match(p.text.strip(" \u3000"))
        if m and len(p.text) <= 30:
            return Finding(m.group("role"), Evidence("text", m.group("role"), p.anchor, "byline: the speaker's role"))
    if "speaker" in facts:
        return facts["speaker"]
    for i, p in enumerate(paras):
        for k, (pattern, template, rule) in enumerate(_SPEAKER_TEXT):
            if i >= 6 and k < 2:  # the report formulas stand in the opening; a self-naming anywhere
                continue
            m = pattern.search(p.text)
            if not m:
                continue
            groups = m.groupdict()
            unit = groups.get("u")
            role = groups.get("role") or groups.get("role2")
            value = template.format(u=unit or "", head=_GOV_HEAD.get(unit or "", ""), role=role or "")
            if value:
                return Finding(value, Evidence("text", m.group(), p.anchor, rule))
    return None


_MEETING_WORD = r"(?:会议|大会|全会|座谈会|读书班|研讨班|推进会|动员会|部署会|调度会|现场会|培训班|报告会|交流会|总结会|表彰会|观摩会|分析会|务虚会|汇报会|恳谈会|誓师会|启动会)(?!议)"
_OPENING_MEETING = (
    re.compile(
        rf"(?:召开|举行|举办)(?:了)?(?:这次|这个|今天的|此次|本次)?(?P<occ>[^，。；、“”！？]{{2,30}}?{_MEETING_WORD})"
    ),
    re.compile(rf"(?:这次|此次|本次|今天的|今天召开的|这次召开的)(?P<occ>[^，。；、“”！？]{{2,30}}?{_MEETING_WORD})"),
    re.compile(
        r"(?P<occ>(?:省|市|县|区|旗|州|盟)委[一二三四五六七八九十\dXx×]+届[一二三四五六七八九十\dXx×]+次全(?:体)?会(?:议)?)"
    ),
)


def infer_occasion(doc: Document) -> Finding | None:
    """The meeting from the title, else from the opening paragraphs; else None."""
    facts = title_facts(doc.title) if doc.title else {}
    if "occasion" in facts:
        return facts["occasion"]
    for p in doc.paragraphs[:3]:
        for pattern in _OPENING_MEETING:
            for m in pattern.finditer(p.text):
                occ = tidy_occasion(m.group("occ"))
                if (
                    occ
                    and not re.fullmatch(rf"(?:这次|本次|此次|的)?{_MEETING_WORD}", occ)
                    and not occ.startswith(("的", "了"))
                ):
                    return Finding(
                        occ, Evidence("text", m.group("occ"), p.anchor, "the meeting the opening says is being held")
                    )
    return None


# --- the whole record ------------------------------------------------------------------------


def infer_metadata(doc: Document, source: Source, events: Events) -> Metadata:
    """Level, speaker, occasion and date with their evidence: text and title < file name.

    The sidecar is applied afterwards by ``sidecar.apply_sidecar``; themes and
    keywords by their own modules.
    """
    found: dict[str, Finding | None] = {}
    found["level"] = infer_level(doc)
    found["speaker"] = infer_speaker(doc, found["level"].value if found["level"] else None)
    found["occasion"] = infer_occasion(doc)
    estimate = infer_date(doc, events)
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
    fields = {name: (f.value if f else None) for name, f in found.items()}
    evidence = tuple((name, f.evidence) for name, f in found.items() if f)
    return Metadata(**fields, evidence=evidence)  # type: ignore[arg-type]


def infer_title(doc: Document, meta: Metadata) -> tuple[str, Evidence]:
    """A title for a source without one: ``在<occasion>上的讲话``, else the first sentence.

    >>> from build_scripts.model import Paragraph
    >>> d = Document(title=None, blocks=(Paragraph(1, "同志们："), Paragraph(2, "今天召开全县领导干部会议，主要目的是动员。")))
    >>> infer_title(d, Metadata(occasion="全县领导干部会议", evidence=(("occasion", Evidence("text", "全县领导干部会议", "p2")),)))[0]
    '在全县领导干部会议上的讲话'
    >>> infer_title(d, Metadata())[0]
    '今天召开全县领导干部会议，主要目的是动员'
    """
    kind = _speech_kind(doc)
    if meta.occasion:
        ev = meta.evidence_for("occasion")
        title = f"在{meta.occasion}上的{kind}"
        if ev is None:
            ev = Evidence("inferred", meta.occasion, None, "")
        return title, Evidence(ev.source, ev.quote, ev.anchor, f"title built from the occasion: 在……上的{kind}")
    for p in doc.paragraphs:
        text = p.text.strip(" \u3000")
        if (
            re.fullmatch(r"(?:同志们|各位[^，。]{0,20}|尊敬的[^。]{0,40}|女士们、?先生们|大家好)[：:，,！!]?", text)
            or len(text) < 4
        ):
            continue
        first = _first_words(text)
        if len(first) >= 4:
            return first, Evidence("text", first, p.anchor, "no title line: the speech's first words stand in for it")
    text = doc.body[:30] or "无题"
    return text, Evidence("inferred", text, None, "no title line and no sentence to build one from")


def _first_words(text: str, limit: int = 30) -> str:
    """The first sentence, cut at a comma to at most ``limit`` characters.

    >>> _first_words("当前，全县经济运行面临不少困难，我们必须保持清醒，绝对不能有丝毫松懈。")
    '当前，全县经济运行面临不少困难，我们必须保持清醒'
    >>> _first_words("大会开得很好。")
    '大会开得很好'
    """
    sentence = re.split(r"[。！？；!?;]", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind(p, 0, limit) for p in "，、：,:")
    return sentence[:cut] if cut >= 4 else sentence[:limit]


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
