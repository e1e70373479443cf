"""Date a speech as precisely as its words allow: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None.

Clues, strongest first:

1. an explicit date: a date line (``（2022年10月28日）``) at the start or end, a date or
   year in the title (``在2023年全县……大会上``; ``二〇二三年`` too);
2. otherwise an interval: dated events the text treats as past set the earliest
   possible date (``党的二十大精神`` → not before 2022-10-16; ``2019年以来`` → not before
   2019), phrases that went out of use set the latest (``决战脱贫攻坚`` → 2020,
   ``动态清零`` → until 2022-12-07); a date is given only when the interval falls
   within one year (or one month);
3. time-of-year phrases (``距离年终仅剩2个多月`` → October, ``从春节的氛围中走出来`` →
   January to March) narrow a known year to a month when they leave only one.

Years in the future tense (``到2025年``, ``2035年远景目标``) and dates of other events
in the body are never taken as the speech's date. The dated events and the
time-of-year phrases live in ``corpus/events.yml`` (with their sources) so a
curator can extend them; ``config/events.py`` reads and validates that file.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from build_scripts.analyse.clean import _DASH as DASH
from build_scripts.analyse.clean import _NAME_ALONE, DASH_CHARS, EDITORIAL_NOTE, LEAD_KEYS, bare, is_salutation
from build_scripts.analyse.numerals import DATE, DAY, HELD_TAIL, MONTH, YEAR, cn_number, studied_meeting
from build_scripts.config.events import Event, Events, Pattern, first_day, last_day
from build_scripts.model import Document, Evidence, EvidenceSource, Paragraph

# --- numbers ---------------------------------------------------------------------------------


# The years a speech of the genre can be from: the archive holds texts from the 1920s on
# (a sidecar's date may be as early: config/yaml.py: valid_date).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _date_string(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]`` when it is a real date in a plausible range, else None.

    >>> _date_string(1947, 12, 2), _date_string(1899), _date_string(2023, 2, 29)
    ('1947-12-02', None, None)
    """
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


# --- clues -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clue:
    """One piece of date evidence found in the speech.

    Kinds: ``explicit`` (the text states when it was delivered), ``session`` (it was delivered
    at a meeting whose date the session calendar gives), ``report`` (a work report reviewing
    year Y−1 or planning year Y is delivered early in Y), ``bound`` (a past event or year, a
    phrase that went out of use, the page's publication date), ``season`` (a time of year),
    ``lead`` (a news lead's month and day, without the year).
    """

    kind: str
    quote: str  # exact words of the title or block
    anchor: str | None  # block anchor, None for the title
    label: str  # what the words were read as
    not_before: _dt.date | None = None
    not_after: _dt.date | None = None
    value: str | None = None  # explicit, session and report clues: the date (YYYY[-MM[-DD]])
    months: tuple[int, ...] = ()  # seasons
    since: str | None = None  # ``not_before`` as precise as the clue knows it ("2022-10")
    until: str | None = None  # ``not_after`` likewise
    day: tuple[int, int] | None = None  # leads: (month, day)


@dataclass(frozen=True)
class DateEstimate:
    """The speech's date with its evidence, and the interval the clues leave."""

    value: str | None
    evidence: Evidence | None
    not_before: _dt.date | None = None
    not_after: _dt.date | None = None
    clues: tuple[Clue, ...] = ()
    since: str | None = None  # the interval's ends as precise as their clues: "2022-10", "2021"
    until: str | None = None


_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|确保|争取|计划|预计|提前|直至|迈向|展望|面向|预期)\s*$")
_FUTURE_AFTER = re.compile(
    r"^(?:年)?\s*(?:前|底前|末前|以前|之前|年底前|远景|目标|愿景|规划|行动|计划|要|将|力争|实现|基本实现|建成)"
)
_PAST_AFTER = re.compile(r"^年?(?:以来|来|的基础上|基础上|同期|相比|同比)")
_PAST_BEFORE = re.compile(r"(?:自|从|比|较|与|同|截至|截止)\s*$")
_EVENT_AFTER = re.compile(r"^[^，。；]{0,12}?(?:召开|举行|开幕|闭幕|印发|出台|发布|以来|发表|视察|考察|发生|通过|成立)")
_YEARLY = re.compile(rf"({YEAR})\s*年(度)?")
# A year the speaker calls gone by: 过去的2023年, 刚刚过去的2023年 (just past: the speech is in the next).
_GONE_BY = re.compile(rf"(?P<just>刚刚|刚)?过去(?:了)?的\s*(?P<year>{YEAR})\s*年")
_MAY_HAVE_YEAR = re.compile(r"[12１２一二][\d０-９〇○零OＯ一二三四五六七八九]{3}\s*年")  # a quick test before YEAR


def find_clues(doc: Document, events: Events) -> tuple[Clue, ...]:
    """Every date clue in the title, the header and the blocks, in reading order."""
    clues: list[Clue] = []
    # (recognised without their Markdown: **一、2019年工作回顾**; a quote is still the block's words)
    # (the title as written: a date at its end is not shown, 政府工作报告（2010年3月1日）)
    texts: list[tuple[str | None, str]] = [(None, bare(doc.title_line or doc.title))] if doc.title else []
    texts += [(anchor, bare(text)) for anchor, text in doc.anchored_texts()]
    paras = doc.paragraphs
    head = _head_anchors(doc)
    edge = head | {p.anchor for p in paras[:3] + paras[-3:]}
    whole = "\n".join(text for _, text in texts)
    events_here = [e for e in events.events if _found(e.patterns, whole)]
    seasons_here = [s for s in events.seasons if _found(s.patterns, whole)]
    posted = _header_clues(doc.header)
    clues.extend(posted)
    clues.extend(_today_clues(paras, posted))
    filed = None  # the day of an agency's dateline removed as a header line: a lead's bare day is in its month
    for key, value in doc.header:
        if key in LEAD_KEYS:  # a news lead removed with its dateline, or a photo's caption: its day
            clues.extend(_lead_clues("header", value))
            filed = filed or _LEAD_DATELINE.search(value)
    report = _is_work_report(doc)
    # A text with no salutation that opens on its parts (a report's body, extracted) is read by
    # its headings; a meeting speech (同志们：) that reviews the year may be given in its December.
    headings_only = not any(is_salutation(bare(p.text)) for p in paras[:6])
    opening = {p.anchor for p in paras[:3]}
    signed = False  # the block before is a name alone (徐结强): a day under it is the speech's
    for anchor, text in texts:
        after_name, signed = signed, bool(anchor and _NAME_ALONE.fullmatch(text.strip(" \u3000")))
        if after_name and anchor in edge and _POSTED_DAY.fullmatch(text.strip(" \u3000")):
            m = DATE.search(text)
            day = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3))) if m else None
            if m and day:
                clues.append(Clue("explicit", m.group(), anchor, "date line under the speaker's name", value=day))
                continue
        if anchor is None:
            clues.extend(_title_clues(text))
            clues.extend(_session_clues(None, text, delivered_at=True))
            clues.extend(_npc_term_clues(None, text, delivered_at=True))
            clues.extend(_year_clues(None, text, head=True))
        elif anchor in edge:
            line = (_date_line(text) if len(text) <= 80 else None) or _glued_date_line(text) or _note_date(text)
            if line:
                clues.append(Clue("explicit", line[1], anchor, line[2], value=line[0]))
                continue
            if anchor in head:
                clues.extend(_session_clues(anchor, text, delivered_at=True))
                clues.extend(_lead_clues(anchor, text, filed))
        if anchor is not None:
            if anchor in head or anchor == (paras[0].anchor if paras else None):
                clues.extend(_meeting_range_clues(anchor, text))
            if anchor in opening:
                clues.extend(_opening_meeting_clues(anchor, text))
            if report or (headings_only and anchor.startswith("s")):
                clues.extend(_report_clues(anchor, text))
            clues.extend(_body_year_clues(anchor, text))
            clues.extend(_session_clues(anchor, text, delivered_at=False))
            clues.extend(_npc_term_clues(anchor, text, delivered_at=False))
            if "今年" in text or "周年" in text or "教师节" in text:
                clues.extend(_year_clues(anchor, text, head=anchor in head))
        for event in events_here:
            clue = _event_clue(event, anchor, text)
            if clue:
                clues.append(clue)
        for season in seasons_here:
            for pattern in season.patterns:
                m = pattern.compiled.search(text)
                if m and m.group():
                    clues.append(
                        Clue(
                            "season",
                            m.group(),
                            anchor,
                            f"{season.label} → months {','.join(map(str, season.months))}",
                            months=season.months,
                        )
                    )
                    break
    if not report:
        clues.extend(_review_and_plan_clues(paras[:8], whole))
    clues.extend(_planned_with_lead(clues, paras[:12]))
    # a day a lead states before the dateline's own day (中共中央总书记习近平16日下午…, under 4月18日电)
    return tuple(sorted(clues, key=lambda c: c.label == _FILED_DAY))


# A speech that reviews a year and plans the next by their numbers (总结回顾2005年工作 … 部署2006年任务;
# 回首2016年……展望2017年): held once the year is over, early in the next. Said in that year's
# December, the two would be 今年 and 明年.
_SHORT_YEAR = r"(?<![\d０-９])[019]\d(?=年)"  # 08年, 98年: a year written short
_REVIEWED_YEAR = re.compile(
    rf"(?:总结|回顾|回首|盘点|点评)(?:回顾)?(?:了)?(?:过去的|刚刚过去的)?\s*({YEAR}|[^，。；]{{0,4}}?{_SHORT_YEAR})\s*年"
    rf"|就\s*({YEAR})\s*年[^。；]{{0,24}}?(?:进行了|作了|做了)(?:全面)?(?:总结|回顾)"
    rf"|({YEAR})\s*年[^。；，,]{{0,20}}?(?:计划|预算)执行情况"  # a congress's resolutions on last year's plan
)
_PLANNED_YEAR = re.compile(
    rf"(?:部署|安排|展望|谋划)(?:好|了)?\s*({YEAR}|[^，。；]{{0,4}}?{_SHORT_YEAR})\s*年"
    rf"|对\s*({YEAR})\s*年[^。；]{{0,16}}?(?:作了|进行了|作出了?|做了|提出了?)(?:具体|全面|新的?)?(?:安排|部署|要求)"
    rf"|执行情况(?:及|和|与)\s*({YEAR})\s*年"  # ……执行情况及2023年国民经济和社会发展计划
    rf"|({YEAR})\s*年度?(?:的)?(?:主要)?工作(?:意见|谋划|要点|打算|思路)"  # 社旗县法院2013年工作意见
)
_SAID_IN_ITS_YEAR = re.compile(r"明年|今年以来|今年是")


def _full_year(words: str) -> int:
    """A year as written, short ones (08年, 98年) read in their century.

    >>> _full_year("2016"), _full_year("我镇08"), _full_year("98")
    (2016, 2008, 1998)
    """
    short = None if re.fullmatch(YEAR, words) else re.search(r"[019]\d$", words)
    if short:
        n = int(short.group())
        return 1900 + n if n >= 50 else 2000 + n
    return cn_number(words)


_PLANS_YEAR = re.compile(
    rf"(?:部署|安排|谋划)(?:了|好)?\s*({YEAR})\s*年度?(?:的)?[^，。；]{{0,16}}?(?:工作|任务)"
    rf"|({YEAR})\s*年(?:的)?(?:重点|主要)?(?:工作安排|目标任务|工作建议|主要任务|重点工作)"  # (二、2024年重点工作安排)
)


def _planned_with_lead(clues: list[Clue], paras: Sequence[Paragraph]) -> list[Clue]:
    """The year of a news lead's day (1月10日, no year) from the year whose work the meeting plans:
    early in the year, that year (……研究部署了2014年全区经济社会发展工作); late, the year before.

    >>> from build_scripts.model import Paragraph as P
    >>> text = "1月10日，区委十三届五次全会召开，研究部署了2014年全区经济社会发展工作。"
    >>> [c.value for c in _planned_with_lead(_lead_clues("p1", text), [P(1, text)])]
    ['2014']
    >>> text = "12月20日，县委经济工作会议召开，安排部署2014年工作。"
    >>> [c.value for c in _planned_with_lead(_lead_clues("p1", text), [P(1, text)])]
    ['2013']
    """
    lead = next((c for c in clues if c.kind == "lead" and c.day), None)
    if lead is None or lead.day is None or 7 <= lead.day[0] <= 10:
        return []
    for p in paras:
        m = _PLANS_YEAR.search(bare(p.text))
        if m:
            planned = m.group(1) or m.group(2)
            year = cn_number(planned) - (1 if lead.day[0] >= 11 else 0)
            label = f"the meeting of {lead.quote} plans {planned}'s work: held in {year}"
            return [Clue("year", m.group(), p.anchor, label, value=str(year))]
    return []


def _review_and_plan_clues(paras: Sequence[Paragraph], whole: str) -> list[Clue]:
    """Year Y+1, for a speech whose opening reviews year Y and plans Y+1 by their numbers.

    >>> from build_scripts.model import Paragraph as P
    >>> [c.value for c in _review_and_plan_clues([P(1, "回首2016年，全市经济稳中有进。展望2017年，我们信心满怀。")], "")]
    ['2017']
    >>> _review_and_plan_clues([P(1, "回顾2016年，展望2017年。")], "今年以来，全市……明年要……")
    []
    >>> [c.value for c in _review_and_plan_clues([P(1, "认真总结08年我镇的农业工作，科学部署09年农业工作。")], "")]
    ['2009']
    """
    if _SAID_IN_ITS_YEAR.search(whole):
        return []
    reviewed: dict[int, tuple[str, str]] = {}
    planned: set[int] = set()
    for p in paras:
        text = bare(p.text)
        for m in _REVIEWED_YEAR.finditer(text):
            reviewed.setdefault(_full_year(next(g for g in m.groups() if g)), (m.group(), p.anchor))
        planned.update(_full_year(next(g for g in m.groups() if g)) for m in _PLANNED_YEAR.finditer(text))
    both = sorted(year for year in reviewed if year + 1 in planned and _date_string(year + 1))
    if len(both) != 1:
        return []
    year = both[0]
    quote, anchor = reviewed[year]
    label = f"the speech reviews {year} and plans {year + 1} by their years: held early in {year + 1}"
    return [Clue("report", quote, anchor, label, value=str(year + 1))]


def _head_anchors(doc: Document) -> set[str]:
    """The blocks above the speech proper (subtitle, byline, date and lead lines): before the
    salutation, or the first three blocks."""
    out: set[str] = set()
    for b in doc.blocks[:8]:
        if is_salutation(bare(b.text)) or len(b.text) > 200:
            if not out and not is_salutation(bare(b.text)) and _LEAD.match(b.text):
                out.add(b.anchor)  # a news report opening on its lead (本报讯(记者 某某)3月6日，……)
            break
        out.add(b.anchor)
    else:
        out = {b.anchor for b in doc.blocks[:3]}  # no salutation: the opening blocks
    if doc.subtitle is not None:
        out.add(doc.subtitle.anchor)
    return out


@lru_cache(maxsize=1024)
def _combined(patterns: tuple[Pattern, ...]) -> re.Pattern[str]:
    """One regex that finds any of the patterns: a quick test before the per-block search."""
    return re.compile("|".join(f"(?:{p.compiled.pattern})" for p in patterns))


_LEAD_DASH = re.compile(rf"^[\s\u3000]*(?:{DASH})*[\s\u3000]*[（(]?[\s\u3000]*")
_AFTER_DATE = re.compile(
    r"^[\s\u3000]*(?:[）)]?$|[，,][\s\u3000]*[\u4e00-\u9fff·]{1,8}[）)]?$|[）)]$"  # （2017年1月17日，达沃斯）
    r"|[?？\s\u3000]+[\u4e00-\u9fff·]{2,4}$|[）)][\s\u3000]*[\u4e00-\u9fff·]{2,4}$"  # the speaker's name after the day
    r"|于[\u4e00-\u9fff]{2,8}$"  # where (a report's byline: 2020年8月10日于北京市)
    # (2016年2月26日? 邓荣良, (2004年8月22日)胡锦涛)
    r"|(?P<adopted>[^，。；]{4,60}通过[）)]?$)"  # （2007年10月12日中国共产党第十六届…全体会议通过）
    r"|(?P<meeting>[^。；]{0,30}?在[^。；]{2,80}?(?:会议|大会|全会|会|论坛|仪式|典礼|开幕式|闭幕式|座谈会))"
    r"|(?P<meeting2>[^，。；]{2,80}?(?:会议|大会|全会))$)"
)


def _glued_date_line(text: str) -> tuple[str, str, str] | None:
    """A date line a page ran into the first sentence: ``(1989年3月4日)农业是国民经济的基础。……``.

    >>> _glued_date_line("(1989年3月4日)农业是国民经济的基础。搞好农村工作，是关系全省经济持续稳定发展的大事。")[:2]
    ('1989-03-04', '1989年3月4日')
    >>> _glued_date_line("(2015年)全县生产总值增长8%。") is None
    True
    """
    m = _GLUED_DATE.match(text)
    if not m:
        return None
    day = _date_string(cn_number(m.group(2)), cn_number(m.group(3)), cn_number(m.group(4)))
    return (day, m.group(1), "date line run into the text's first sentence") if day else None


_GLUED_DATE = re.compile(rf"^[（(]\s*(({YEAR})\s*年\s*({MONTH})\s*月\s*({DAY})\s*日)\s*[）)](?=[\u4e00-\u9fff])")


def _note_date(text: str) -> tuple[str, str, str] | None:
    """``(date, quote, rule)`` when an anthology's editorial note dates the text it introduces.

    >>> _note_date("※ 这是习近平总书记2020年2月两篇讲话中有关依法防控内容的节选。")[:2]
    ('2020-02', '2020年2月')
    >>> _note_date("这是邓小平在中共中央工作会议闭幕会上的讲话。") is None
    True
    """
    note = EDITORIAL_NOTE.match(text)
    m = DATE.search(note.group("note")) if note else None
    if not m:
        return None
    value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)) if m.group(3) else None)
    return (value, m.group().strip(), "the date the anthology's note gives (这是……讲话)") if value else None


# The end of a date line that spans days: （一九九二年一月十八日—二月二十一日）, （2019年3月4日至8日）.
_SPAN_END = re.compile(
    rf"^[\s\u3000]*(?:[—―－\-~～]+|至|到)[\s\u3000]*(?:(?P<y>{YEAR})\s*年)?\s*(?:(?P<m>{MONTH})\s*月)?\s*{DAY}\s*日(?P<end>)[\s\u3000]*[）)]$"
)
_MONTH_LINE_END = re.compile(r"^[\s\u3000]*(?:[，,][\s\u3000]*[\u4e00-\u9fff·]{1,8})?[\s\u3000]*[）)]$")


# A bare day written with zero-padded month or day, the way a site or an e-paper stamps its pages;
# a speech's date line writes 2020年1月13日 (and in brackets).
_POSTED_DAY = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:0\d\s*月\s*\d{1,2}|\d{1,2}\s*月\s*0\d)\s*日")


def _date_line(text: str) -> tuple[str, str, str] | None:
    """``(date, quote, rule)`` when a short line states the speech's date: a date line
    (``（2022年10月28日）``, ``（2017年1月17日，达沃斯）``), possibly after a name; a subtitle
    (``——2020年1月21日在…会议上``); an adoption line (``（2007年10月12日…通过）``).

    >>> _date_line("（2022年10月28日）")[:2]
    ('2022-10-28', '2022年10月28日')
    >>> _date_line("张三 二〇二三年二月六日")[:2], _date_line("（２０１２年１２月４日）")[:2]
    (('2023-02-06', '二〇二三年二月六日'), ('2012-12-04', '２０１２年１２月４日'))
    >>> _date_line("——2020年1月21日在保定市满城区第二届人民代表大会第四次会议上")
    ('2020-01-21', '2020年1月21日', 'the date of the subtitle (——……在……会议上)')
    >>> _date_line("（2017年1月17日，达沃斯）")[:2], _date_line("2022年10月，全县上下……") is None
    (('2017-01-17', '2017年1月17日'), True)
    >>> _date_line("（一九九二年一月十八日—二月二十一日）")[0], _date_line("（2019年3月4日至8日）")[0]
    ('1992', '2019-03')
    >>> _date_line("2020年8月10日于北京市")[0]
    '2020-08-10'
    >>> _date_line("2020年01月13日") is None, _date_line("2020年1月13日")[0], _date_line("2016年2月26日? 邓荣良")[0]
    (True, '2020-01-13', '2016-02-26')
    >>> _date_line("（一九五八年十一月）")[:2], _date_line("**（2024年2月19日）**")[:2], _date_line("――二〇二六年一月二十日在甘肃省十四届人民代表大会第四次会议上")[0]
    (('1958-11', '一九五八年十一月'), ('2024-02-19', '2024年2月19日'), '2026-01-20')
    """
    stripped = bare(text.strip(" \u3000"))
    if _POSTED_DAY.fullmatch(stripped):
        return None  # a page's posting or an issue's day (2020年01月13日), not the speech's
    lead = _LEAD_DASH.match(stripped)
    m = DATE.match(stripped, lead.end() if lead else 0)
    if m and not m.group(3) and _MONTH_LINE_END.match(stripped[m.end() :]) and stripped[:1] in "（(":
        value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)))
        return (value, m.group().strip(), "date line of the speech (the month)") if value else None
    if m and m.group(3):
        after = _AFTER_DATE.match(stripped[m.end() :])
        if after:
            value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
            if not value:
                return None
            if after.group("adopted"):
                rule = "the date the document was adopted (……通过)"
            elif after.group("meeting") or after.group("meeting2") or stripped[:1] in DASH_CHARS:
                rule = "the date of the subtitle (——……在……会议上)"
            else:
                rule = "date line of the speech"
            return value, m.group().strip(), rule
        span = _SPAN_END.match(stripped[m.end() :]) if stripped[:1] in "（(" else None
        if span and (not span.group("y") or cn_number(span.group("y")) == cn_number(m.group(1))):
            month = (
                cn_number(m.group(2))
                if not span.group("m") or cn_number(span.group("m")) == cn_number(m.group(2))
                else None
            )
            value = _date_string(cn_number(m.group(1)), month)
            quote = stripped[m.start() : m.end() + span.end("end")]
            return (value, quote, "a date line spanning days: the year (and month) they share") if value else None
        return None
    m = DATE.search(stripped)
    if not m or not m.group(3):
        return None
    value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
    at = stripped[lead.end() if lead else 0 : m.start()]
    if (
        value
        and re.fullmatch(r"在[^。；]{2,80}?(?:会议|大会|全会|会)上?[\s\u3000]*[（(]?", at)
        and re.fullmatch(r"[）)]?", stripped[m.end() :].strip())
    ):
        return value, m.group().strip(), "the date of the subtitle (——在……会议上（日期）)"
    rest = (stripped[: m.start()] + stripped[m.end() :]).strip(" \u3000（）()：:")  # "时间：2023年1月5日"
    if rest and not re.fullmatch(r"[\u4e00-\u9fff·\s\u3000]{2,12}", rest):
        return None
    if re.search(r"[，。；]", stripped):
        return None
    return (value, m.group().strip(), "date line of the speech") if value else None


def _title_clues(title: str) -> list[Clue]:
    for m in DATE.finditer(title):
        if (
            not m.group(3)
            or _FUTURE_BEFORE.search(title[: m.start()])
            or re.match(r"^\s*(?:前|起|以来)", title[m.end() :])
        ):
            continue
        value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
        if value:
            return [Clue("explicit", m.group(), None, "date in the title", value=value)]
    clues: list[Clue] = []
    for m in _YEARLY.finditer(title):
        before, after = title[: m.start()], title[m.end() :]
        year = cn_number(m.group(1))
        value = _date_string(year)
        if not value or _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(after) or _PAST_AFTER.match(after):
            continue
        if m.group(2) or re.match(r"^[^在上]{0,12}(?:总结|述职|表彰|回顾)", after):
            # "2022年度述职会", "2022年工作总结大会": about that year, held in it or early the next
            clues.append(
                Clue(
                    "bound",
                    m.group(),
                    None,
                    f"the meeting reviews {year}: held in {year} or {year + 1}",
                    not_before=_dt.date(year, 1, 1),
                    not_after=_dt.date(year + 1, 12, 31),
                    since=f"{year}",
                    until=f"{year + 1}",
                )
            )
            continue
        clues.append(Clue("explicit", m.group(), None, "year in the title", value=value))
        break
    return clues


# The meeting the opening says is being held, named with its year (今天召开2022年区政府第一次全体会议).
_OPENING_EVENT = r"(?:会议|大会|全会|汇演|晚会|典礼|仪式|开幕式|培训班|研讨班|运动会|艺术节|文化节|会)"
_OPENING_YEAR = re.compile(
    rf"(?:召开|举行|举办)(?:了)?(?:这次|这个|今天的|此次|本次)?(?P<meeting>{YEAR}\s*年度?[^，。；、“”！？]{{2,30}}?{_OPENING_EVENT})"
    rf"|(?:^|[，,：:！!])\s*(?P<opening>{YEAR}\s*年度?[^，。；、“”！？]{{2,30}}?{_OPENING_EVENT})(?:今天|今日|今年)?(?:就要|即将)?"
    r"(?:开班|开学|开幕|正式开幕|隆重开幕)"  # (2020年中青年干部培训班今天就要开学了)
    # a lead's event with its year, held there (贞丰县2019年……开工仪式在小屯镇举行)
    rf"|(?:^|[，,：:])\s*[^，,。；\d]{{0,12}}?(?P<held>{YEAR}\s*年度?(?![\d０-９一二三四五六七八九十]{{1,2}}月)"
    rf"(?![^，,。；]{{0,12}}?(?:新春|新年|迎春|春节))[^，,。；、“”！？]{{2,40}}?{_OPENING_EVENT})"  # (a 新春 event: the year ahead)
    r"(?:在[^，,。；]{1,20}?)?(?:隆重|正式)?(?:召开|举行|开幕)"
    # a body's numbered sitting of the year: 召开县委优化营商环境领导小组2025年第2次会议
    rf"|(?:召开|举行)(?:了)?(?:这次|今天的|此次|本次)?(?P<numbered>[^，,。；、“”！？\d]{{2,24}}?{YEAR}\s*年第"
    r"[一二三四五六七八九十\d]{1,3}次[^，,。；、“”！？]{0,8}?会议)"
)


def _opening_meeting_clues(anchor: str, text: str) -> list[Clue]:
    """The year of the meeting the opening says is being held, read as a title's (``_title_clues``).

    >>> [(c.kind, c.value, c.quote) for c in _opening_meeting_clues("p1", "今天，召开2022年区政府第一次全体会暨廉政工作会议。")]
    [('explicit', '2022', '2022年')]
    >>> [c.kind for c in _opening_meeting_clues("p1", "今天召开2022年度总结表彰大会。")]
    ['bound']
    >>> [c.value for c in _opening_meeting_clues("p1", "同志们，2020年中青年干部培训班今天就要开学了。")]
    ['2020']
    >>> [c.value for c in _opening_meeting_clues("p1", "今天，我们召开县委优化营商环境领导小组2025年第2次会议。")]
    ['2025']
    """
    m = _OPENING_YEAR.search(text)
    if not m:
        return []
    meeting = m.group("meeting") or m.group("opening") or m.group("numbered") or m.group("held")
    label = f"the meeting the opening says is being held: 「{meeting}」"
    return [replace(c, anchor=anchor, label=f"{label}; {c.label}") for c in _title_clues(meeting)]


def _body_year_clues(anchor: str, text: str) -> list[Clue]:
    """Lower bounds from years the text treats as past: ``2019年以来``, ``比2020年``, dated past events."""
    clues: list[Clue] = []
    if not _MAY_HAVE_YEAR.search(text):
        return clues
    for m in DATE.finditer(text):
        if not m.group(3):
            continue
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() :]
        value = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
        if (
            value
            and not _FUTURE_BEFORE.search(before)
            and _EVENT_AFTER.match(after)
            and not re.match(r"^\s*(?:前|起|开始|之前)", after)
        ):
            clues.append(
                Clue(
                    "bound",
                    m.group(),
                    anchor,
                    f"{value}: a past event → not before",
                    not_before=first_day(value),
                    since=value,
                )
            )
    for m in _GONE_BY.finditer(text):  # 刚刚过去的2023年: over, and just so
        year = cn_number(m.group("year"))
        if not _date_string(year + 1):
            continue
        just = bool(m.group("just"))
        clues.append(
            Clue(
                "bound",
                m.group(),
                anchor,
                f"{year} is over" + (f" and just past → in {year + 1}" if just else f" → not before {year + 1}"),
                not_before=_dt.date(year + 1, 1, 1),
                not_after=_dt.date(year + 1, 12, 31) if just else None,
                since=f"{year + 1}",
                until=f"{year + 1}" if just else None,
            )
        )
    for m in _YEARLY.finditer(text):
        before, after = text[max(0, m.start() - 6) : m.start()], text[m.end() :]
        year = cn_number(m.group(1))
        if not _date_string(year) or _FUTURE_BEFORE.search(before):
            continue
        past_before, past_after = _PAST_BEFORE.search(before), _PAST_AFTER.match(after)
        if past_before and not past_after and re.match(r"^\s*(?:起|开始|到|至)", after):
            continue  # "从2018年起": from then on, past or future alike
        if (past_before or past_after) and not _FUTURE_AFTER.match(after):
            start = m.start() - (len(past_before.group()) if past_before else 0)
            end = m.end() + (len(past_after.group()) if past_after else 0)
            clues.append(
                Clue(
                    "bound",
                    text[start:end],
                    anchor,
                    f"{year} is past → not before {year}",
                    not_before=_dt.date(year, 1, 1),
                    since=f"{year}",
                )
            )
    return clues


def _found(patterns: tuple[Pattern, ...], text: str) -> bool:
    """Whether any pattern occurs: literal phrases by substring search, the rest by one regex."""
    if all(not p.regex for p in patterns):
        return any(p.text in text for p in patterns)
    return bool(_combined(patterns).search(text))


def _event_clue(event: Event, anchor: str | None, text: str) -> Clue | None:
    for pattern in event.patterns:
        if not pattern.regex and pattern.text not in text:
            continue
        for m in pattern.compiled.finditer(text):
            if not m.group():
                continue
            if event.unless:
                start = max((s.end() for s in _SENTENCE_END.finditer(text, 0, m.start())), default=0)
                end_m = _SENTENCE_END.search(text, m.end())
                sentence = text[start : end_m.start() if end_m else len(text)]
                if any(u.compiled.search(sentence) for u in event.unless):
                    continue
            bounds = []
            if event.not_before:
                bounds.append(f"not before {event.not_before}")
            if event.not_after:
                bounds.append(f"not after {event.not_after}")
            return Clue(
                "bound",
                m.group(),
                anchor,
                f"{event.label} ({event.source}) → {', '.join(bounds)}",
                not_before=first_day(event.not_before) if event.not_before else None,
                not_after=last_day(event.not_after) if event.not_after else None,
                since=event.not_before,
                until=event.not_after,
            )
    return None


# --- the page's publication date: an upper bound, never the delivery date --------------------

_PUBLISHED_KEYS = frozenset(
    ("发布时间", "发布日期", "发文时间", "发文日期", "发表时间", "时间", "日期", "更新时间", "成文日期", "印发日期", "")
)
# Header fields that carry the document's own words (its title, summary, keywords): their dates
# are the text's, not the page's; every other field's date is when the page was made.
_DOCUMENT_KEYS = frozenset(
    (
        "标题",
        "题目",
        "文章标题",
        "内容摘要",
        "摘要",
        "简介",
        "导读",
        "关键词",
        "关键字",
        "主题词",
        "标签",
        "正文",
        "全文",
        *LEAD_KEYS,
    )
)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?(?!\d)")


def _header_clues(header: tuple[tuple[str, str], ...]) -> list[Clue]:
    """Upper bounds from the dates a crawler or web page records: a speech is delivered before
    it is posted (``发布时间``, ``发文时间``, the page's date line, ``年份``).

    >>> [(c.quote, c.until) for c in _header_clues((("时间", "2023-03-30"), ("年份", "2014"), ("发文时间", "未知")))]
    [('时间：2023-03-30', '2023-03-30'), ('年份：2014', '2014')]
    >>> [c.until for c in _header_clues((("来源", "中国人大网　2023年12月29日"), ("标题", "2023年12月29日的讲话")))]
    ['2023-12-29']
    """
    clues: list[Clue] = []
    for key, value in header:
        quote = f"{key}：{value}" if key else value
        if key not in ("年份", "年度") and (key in _PUBLISHED_KEYS or key not in _DOCUMENT_KEYS):
            # (also a date in another field: 来源：中国人大网 2023年12月29日, a URL's /2026/1/28/)
            m = _ISO_DATE.search(value) or DATE.search(value)
            if m and m.lastindex and m.lastindex >= 3 and m.group(3):
                text = _date_string(cn_number(m.group(1)), cn_number(m.group(2)), cn_number(m.group(3)))
                if text:
                    clues.append(
                        Clue(
                            "bound",
                            quote,
                            "header",
                            f"the page was posted {text} (a publication date, not the delivery date) → not after",
                            not_after=last_day(text),
                            until=text,
                        )
                    )
        elif key in ("年份", "年度"):
            m = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?\s*", value)
            if m:
                clues.append(
                    Clue(
                        "bound",
                        quote,
                        "header",
                        f"the page's year {m.group(1)} (its publication, not the delivery) → not after",
                        not_after=_dt.date(int(m.group(1)), 12, 31),
                        until=m.group(1),
                    )
                )
    return clues


# A paper's or site's lead mark, its reporters in brackets (本报讯（记者 某某）, 香格里拉网讯 （记者 ……） ).
_AGENCY_LEAD = r"(?:网讯|报讯)[\s\u3000]*(?:[（(][^（）()]{0,20}[）)])?[\s\u3000]*"
# A news report that opens on 今天 (今天上午，县十七届人大五次会议……胜利闭幕): the day it was posted;
# not a speech's 今天，我们在这里……
_TODAY_LEAD = re.compile(
    rf"^[\s\u3000]*(?:[\u4e00-\u9fff]{{0,8}}?{_AGENCY_LEAD})?"
    r"(?P<day>今天|今日|昨天|昨日)(?:上午|下午|晚上|凌晨)?[，,]"
    r"(?![\s\u3000]*(?:我们|我|咱们|大家|在这里))"
)


def _today_clues(paras: Sequence[Paragraph], posted: list[Clue]) -> list[Clue]:
    """The posting day of a news report that opens on 今天 (the day before, on 昨天), when the page
    gives it to the day and the text is no speech (a speech's 今天 is the day it was given, not posted).

    >>> from build_scripts.model import Paragraph as P
    >>> day = _header_clues((("发布时间", "2026-01-30 09:12"),))
    >>> [c.value for c in _today_clues([P(1, "今天上午，县十七届人大五次会议胜利闭幕。")], day)]
    ['2026-01-30']
    >>> _today_clues([P(1, "同志们："), P(2, "今天，我们召开全县经济工作会议。")], day)
    []
    >>> _today_clues([P(1, "今天，我们在这里隆重召开全县脱贫攻坚誓师大会。")], day)  # a speech with no salutation
    []
    >>> _today_clues([P(1, "今天，这里群英荟萃、少长咸集，既有老作家，也有文艺新秀。")], day)
    []
    >>> [c.value for c in _today_clues([P(1, "本报讯（记者 王明）昨天上午，县人代会隆重开幕。")], _header_clues((("发布时间", "2015-03-01"),)))]
    ['2015-02-28']
    """
    day = next((c.until for c in posted if c.until and len(c.until) == 10), None)
    first = next((p for p in paras[:3] if len(p.text) > 16), None)  # (not a subheading above the lead)
    if day is None or first is None or any(is_salutation(bare(p.text)) for p in paras[:6]):
        return []
    text = bare(first.text)
    m = _TODAY_LEAD.match(text)
    clause = text[m.end() : m.end() + 40].split("。")[0] if m else ""
    if not m or not re.search(r"召开|举行|举办|开幕|闭幕", clause) or re.search(r"我|咱|这里", clause):
        return []  # a report's event (……会议胜利闭幕), not a speech's 今天，这里群英荟萃
    value = day
    if m.group("day") in ("昨天", "昨日"):
        value = (_dt.date.fromisoformat(day) - _dt.timedelta(days=1)).isoformat()
    rule = f"a news report that opens on {m.group('day')}, posted {day}: the day it reports"
    return [
        Clue(
            "explicit", m.group("day") + m.group()[m.end("day") :].strip(" \u3000，,"), first.anchor, rule, value=value
        )
    ]


_LEAD_MONTH = r"[\d０-９]{1,2}|十[一二]?|[一二三四五六七八九]"
_LEAD_DAY = r"[\d０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_LEAD_VERB = r"(?:上午|下午|晚上?)?[，,]?(?:在|出席|会见|主持|发表|同|向|召开|举行|考察|就|以)"
_LEAD = re.compile(
    rf"[\s\u3000▲△■□●◆]*(?:【?编者按】?[：:]?[\s\u3000]*)?"  # (a photo caption's ▲ 1月11日，……)
    rf"(?:[\u4e00-\u9fff]{{0,8}}?{_AGENCY_LEAD})?"  # (萧山网讯 1月10日, 本报讯(记者 某某)3月6日,)
    r"(?:[\s\u3000]*[（(][^（）()]{2,20}[）)])?(?:[\s\u3000]*据[^，。,]{2,30}?(?:消息|报道)[，,][\s\u3000]*)?"  # (……电 (记者某)据……消息,)
    rf"(?:(?:(?P<y>{YEAR})\s*年)?(?P<m>{_LEAD_MONTH})月(?P<d>{_LEAD_DAY})[日号](?P<to>\s*[-—–至到]\s*(?:{_LEAD_DAY})日)?"
    r"(?:[，,]|上午|下午|晚|清晨|早上|凌晨)"
    rf"|[^，。]{{2,40}}?(?<![\d０-９])(?P<m3>{_LEAD_MONTH})月(?P<d3>{_LEAD_DAY})日{_LEAD_VERB}"
    rf"|[^，。]{{2,30}}?(?<![月\d０-９])(?P<d2>[\d０-９]{{1,2}})日{_LEAD_VERB})"
)
_AGENCY = re.compile(rf"{_AGENCY_LEAD}[\d０-９]{{1,2}}月")
# A news agency's dateline in the lead: the month a bare day (习近平16日下午…) falls in.
_LEAD_DATELINE = re.compile(rf"(?P<m>{_LEAD_MONTH})月(?P<d>{_LEAD_DAY})日(?:电|讯)")  # (or a paper's: 杭州1月21日讯)


_FILED_DAY = "the day of the news agency's dateline over the speech (no year)"


# What may come before a lead's day: a page's indent lost as question marks (??3月29日上午,……), or a
# short literary preface of four-character phrases (日月其迈,时盛岁新。1月7日,……)
_LOST_INDENT = re.compile(r"[?？\s\u3000]+|(?:[\u4e00-\u9fff]{4}[，,]){1,3}[\u4e00-\u9fff]{4}。")


def _lead_clues(anchor: str, text: str, filed: re.Match[str] | None = None) -> list[Clue]:
    """A news lead's day (``12月4日，首都各界……集会``, ``中共中央政治局5月30日下午就……``,
    ``新华社北京4月18日电 ……习近平16日下午……``): the day of the speech without its year.

    >>> [c.day for c in _lead_clues("p1", "5月14日，国家主席习近平在北京出席开幕式并发表主旨演讲。")]
    [(5, 14)]
    >>> [c.day for c in _lead_clues("p1", "中共中央政治局5月30日下午就加强基础研究进行第二十次集体学习。习近平在主持学习时发表了讲话。")]
    [(5, 30)]
    >>> [c.day for c in _lead_clues("p1", "新华社北京4月18日电　中共中央总书记习近平16日下午在京主持召开座谈会并发表重要讲话。")]
    [(4, 16)]
    >>> [c.day for c in _lead_clues("p1", "编者按：3月4日，我市召开推进会。现将市委书记在会上的讲话全文刊发。")]
    [(3, 4)]
    >>> [c.day for c in _lead_clues("p1", "习近平16日下午在京主持召开座谈会并发表重要讲话。", _LEAD_DATELINE.search("（新华社北京4月18日电）"))]
    [(4, 16)]
    >>> [c.day for c in _lead_clues("header", "（新华社北京3月26日电）")]
    [(3, 26)]
    >>> [c.day for c in _lead_clues("p1", "义乌商报2月5日讯 市十五届人大二次会议昨日上午开幕。市长作政府工作报告。")]
    [(2, 4)]
    >>> [c.value for c in _lead_clues("p1", "2025年5月12日，辐射中心建设推进会在昆明召开。副省长李明远出席会议并讲话。")]
    ['2025-05-12']
    >>> [c.value for c in _lead_clues("p1", "2015年3月30日-31日,全国消费品工业工作座谈会在成都召开。副部长出席会议并讲话。")]
    ['2015-03']
    >>> [c.day for c in _lead_clues("p1", "人民网北京11月3日电 (记者孙红丽)据国家卫生健康委官网消息,11月2日,国家卫生健康委召开直属机关党员干部大会。")]
    [(11, 2)]
    >>> [c.day for c in _lead_clues("p1", "萧山网讯 1月10日，衙前镇第十六届人民代表大会第三次会议胜利召开。")]
    [(1, 10)]
    >>> [c.day for c in _lead_clues("p1", "通过各项决议文成新闻网讯(记者 林佳涛)2月15日下午，县十七届人大二次会议胜利闭幕。")]
    [(2, 15)]
    """
    own = _LEAD_DATELINE.search(text, 0, 40)
    dateline = own or filed
    lost = _LOST_INDENT.match(text)  # (??3月29日上午,……: a page's indent lost as question marks)
    m = _LEAD.match(text, own.end() if own else lost.end() if lost else 0)
    agency = None if m or own else _AGENCY.search(text, 0, 160)
    if agency:  # a headline run into the lead on one line (……各项决议文成新闻网讯(记者 …)2月15日下午，)
        m = _LEAD.match(text, agency.start())
    if own and not (m and (m.group("m") or m.group("m3") or m.group("d2"))) and own.start() <= 12:
        # no day in the lead: the text was filed the day it was given (新华社北京3月26日电 over a
        # speech, or a lead that reports it: ……发表了二〇二一年新年贺词)
        rest = text[own.end() :].strip(" \u3000）)")
        if not rest or re.search(r"讲话|演讲|致辞|贺词|发言|报告", rest[:160]):
            day = (cn_number(own.group("m")), cn_number(own.group("d")))
            if not 1 <= day[0] <= 12 or not 1 <= day[1] <= 31:
                return []
            before = re.search(
                r"(?:昨天|昨日)(?=上午|下午|晚|[，,]|在)", rest[:100]
            )  # (2月5日讯……昨日上午……开幕: the 4th)
            if before:
                try:  # (a leap year: 3月1日讯……昨日 is 2月29日 or 28日)
                    back = _dt.date(2000, *day) - _dt.timedelta(days=1)
                except ValueError:
                    return []  # (no such day: 2月30日讯)
                day = (back.month, back.day)
                said = f"{_FILED_DAY}; the lead says {before.group()}: the day before"
                return [Clue("lead", own.group(), anchor, said, day=day)]
            return [Clue("lead", own.group(), anchor, _FILED_DAY, day=day)]
    if not m or not re.search(
        r"讲话|演讲|致辞|发言|报告|出席|集会|开幕|闭幕|召开|举行|接受[^，。]{0,8}采访",
        text[:160],
    ):
        return []
    if m.group("y"):  # 2025年5月12日，……推进会在昆明召开。副省长……出席会议并讲话。: the lead states the whole day
        on_day = None if m.group("to") else cn_number(m.group("d"))  # (3月30日-31日: the month the days share)
        value = _date_string(cn_number(m.group("y")), cn_number(m.group("m")), on_day)
        quote = text[m.start("y") : (m.end("to") if m.group("to") else m.end("d") + 1)]
        return [Clue("explicit", quote, anchor, "the day the news lead reports", value=value)] if value else []
    if m.group("m") or m.group("m3"):
        month, day_ = (m.group("m"), m.group("d")) if m.group("m") else (m.group("m3"), m.group("d3"))
        day = (cn_number(month), cn_number(day_))
        quote = text[m.start("m" if m.group("m") else "m3") : m.end("d" if m.group("m") else "d3") + 1]
    elif dateline:  # the day alone, in the month of the dateline (or the month before)
        on = (cn_number(dateline.group("m")), cn_number(dateline.group("d")))
        d = cn_number(m.group("d2"))
        day = (on[0] if d <= on[1] else (on[0] - 2) % 12 + 1, d)
        quote = text[m.start("d2") : m.end("d2") + 1]
    else:
        return []  # the day alone: the month is not stated
    if not 1 <= day[0] <= 12 or not 1 <= day[1] <= 31:
        return []
    return [Clue("lead", quote, anchor, "the day the news lead reports (no year)", day=day)]


# --- session calendars: the meeting a text was delivered at dates it --------------------------
# Years from the official records (新华社 communiqués; 全国人大 session list). The NPC has met
# once a year since 1978 (the 5th NPC: 1978–1982; from the 6th, five sessions a term from 1983);
# the Party's national congresses every five years since 1977; plenums are listed by term.

_NPC_EARLY = {(1, 1): 1954, (1, 2): 1955, (1, 3): 1956, (1, 4): 1957, (2, 1): 1959, (2, 2): 1960, (2, 3): 1962,
              (2, 4): 1963, (3, 1): 1964, (4, 1): 1975}  # fmt: skip
_CPC_CONGRESS = {1: "1921-07", 2: "1922-07", 3: "1923-06", 4: "1925-01", 5: "1927-04", 6: "1928-06", 7: "1945-04",
                 8: "1956-09", 9: "1969-04", 10: "1973-08", 11: "1977-08", 12: "1982-09", 13: "1987-10",
                 14: "1992-10", 15: "1997-09", 16: "2002-11", 17: "2007-10", 18: "2012-11", 19: "2017-10",
                 20: "2022-10"}  # fmt: skip
_CC_PLENUM = {
    (8, 11): "1966-08", (11, 3): "1978-12", (12, 1): "1982-09", (12, 2): "1983-10", (12, 3): "1984-10",
    (12, 4): "1985-09", (12, 5): "1985-09", (12, 6): "1986-09", (12, 7): "1987-10", (13, 1): "1987-11",
    (13, 2): "1988-03", (13, 3): "1988-09", (13, 4): "1989-06", (13, 5): "1989-11", (13, 6): "1990-03",
    (13, 7): "1990-12", (13, 8): "1991-11", (13, 9): "1992-10", (14, 1): "1992-10", (14, 2): "1993-03",
    (14, 3): "1993-11", (14, 4): "1994-09", (14, 5): "1995-09", (14, 6): "1996-10", (14, 7): "1997-09",
    (15, 1): "1997-09", (15, 2): "1998-02", (15, 3): "1998-10", (15, 4): "1999-09", (15, 5): "2000-10",
    (15, 6): "2001-09", (15, 7): "2002-11", (16, 1): "2002-11", (16, 2): "2003-02", (16, 3): "2003-10",
    (16, 4): "2004-09", (16, 5): "2005-10", (16, 6): "2006-10", (16, 7): "2007-10", (17, 1): "2007-10",
    (17, 2): "2008-02", (17, 3): "2008-10", (17, 4): "2009-09", (17, 5): "2010-10", (17, 6): "2011-10",
    (17, 7): "2012-11", (18, 1): "2012-11", (18, 2): "2013-02", (18, 3): "2013-11", (18, 4): "2014-10",
    (18, 5): "2015-10", (18, 6): "2016-10", (18, 7): "2017-10", (19, 1): "2017-10", (19, 2): "2018-01",
    (19, 3): "2018-02", (19, 4): "2019-10", (19, 5): "2020-10", (19, 6): "2021-11", (19, 7): "2022-10",
    (20, 1): "2022-10", (20, 2): "2023-02", (20, 3): "2024-07", (20, 4): "2025-10",
}  # fmt: skip


_SAID_THIS_YEAR = re.compile(r"今年(?!以来|来|初以来)")
_SOON = re.compile(r"再过([一二三四五六七八九十两\d]+)多?(天|个月)")


def _yet_to_meet(name: str, anchor: str | None, when: str, sentence: str) -> list[Clue]:
    """A meeting the text says is still to come: not after it; and, when it says how soon
    (再过二十多天，党的二十大就要胜利召开), not long before it either.

    >>> [(c.until, c.since) for c in _yet_to_meet("党的二十大", "p1", "2022-10", "再过二十多天，")]
    [('2022-10', None), (None, '2022-08-02')]
    """
    clues = [
        Clue(
            "bound",
            name,
            anchor,
            f"{name} ({when}) is yet to meet → not after {when}",
            not_after=last_day(when),
            until=when,
        )
    ]
    soon = _SOON.search(sentence)
    if soon:
        days = cn_number(soon.group(1)) * (30 if soon.group(2) == "个月" else 1) + 10  # (二十多天: up to 30)
        start = first_day(when) - _dt.timedelta(days=days + 30)  # (a meeting's month: its day unknown)
        clues.append(
            Clue(
                "bound",
                soon.group(),
                anchor,
                f"{name} ({when}) is {soon.group()[2:]} away → not before {start.isoformat()}",
                not_before=start,
                since=start.isoformat(),
            )
        )
    return clues


def npc_session_year(term: int, session: int) -> int | None:
    """The year of the National People's Congress's ``term``th term, ``session``th session.

    >>> npc_session_year(13, 3), npc_session_year(5, 1), npc_session_year(9, 2), npc_session_year(2, 3)
    (2020, 1978, 1999, 1962)
    """
    if term >= 6 and 1 <= session <= 5:
        return 1983 + 5 * (term - 6) + session - 1
    if term == 5 and 1 <= session <= 5:
        return 1978 + session - 1
    return _NPC_EARLY.get((term, session))


_N = r"[一二三四五六七八九十\d]{1,4}"
_NPC = re.compile(
    rf"第?({_N})届全国人(?:民代表)?大(?:会)?第?({_N})次(?:全体)?会议"
    rf"|全国政协第?({_N})届第?({_N})次会议|中国人民政治协商会议第({_N})届全国委员会第({_N})次会议"
)
_CONGRESS = re.compile(
    rf"中国共产党第({_N})次全国代表大会|党的第?({_N})次全国代表大会|(?<![届])(?:党的)?({_N})大(?=上|报告|开幕)"
    rf"|党的({_N})大(?=就要|即将|将要|(?:胜利)?召开)"  # 党的二十大就要胜利召开
)
_PLENUM = re.compile(rf"(?:中国共产党|党的|中共)?第?({_N})届中央委员会第({_N})次全体会议|(?:党的)?({_N})届({_N})中全会")
_CONGRESS_WORDS = (
    "全国代表大会",
    "大上",
    "大报告",
    "大开幕",
    "大就要",
    "大即将",
    "大将要",
    "大胜利召开",
    "大召开",
)  # what _CONGRESS cannot match without
_DELIVERED_AT = re.compile(r"^[^。；]{0,12}?在[^。；]{0,40}?$")
_FUTURE_MENTION = re.compile(r"迎接|喜迎|筹备|即将|将要|将于|将在|准备召开")


def _session_clues(anchor: str | None, text: str, delivered_at: bool) -> list[Clue]:
    """The meeting a text names: the one it is delivered at (``在第十三届全国人民代表大会第二次
    会议上``, a communiqué's ``中国共产党第十五届中央委员会第七次全体会议，于……举行``) dates it;
    one named as past (``十九届五中全会精神``) sets a lower bound.

    >>> [(c.kind, c.value) for c in _session_clues(None, "在第十三届全国人民代表大会第二次会议上", True)]
    [('session', '2019')]
    >>> [(c.kind, c.since) for c in _session_clues("p3", "深入贯彻党的十九届五中全会精神", False)]
    [('bound', '2020-10')]
    """
    clues: list[Clue] = []
    term = "届" in text
    congress = any(k in text for k in _CONGRESS_WORDS)
    if not term and not congress:
        return clues
    for pattern, kind, here in ((_NPC, "npc", term), (_PLENUM, "plenum", term), (_CONGRESS, "congress", congress)):
        if not here:
            continue
        for m in pattern.finditer(text):
            nums = [cn_number(g) for g in m.groups() if g]
            when = _session_date(kind, nums)
            if when is None:
                continue
            before = text[: m.start()]
            after = text[m.end() :]
            at = delivered_at and (
                _DELIVERED_AT.search(before)
                or re.match(r"^[\s\u3000]*(?:（扩大）)?[，,]?[\s\u3000]*于", after)
                or re.match(r"^[\s\u3000]*公报", after)
                or _HELD_NOW.match(after)  # a headline's or lead's meeting (……第二次会议10日上午在人民大会堂闭幕)
                or (
                    re.search(r"向$", before) and re.match(r"^[^。；，,]{0,4}?作[^。；，,]{0,20}?报告", after)
                )  # 向……会议作……报告
            )
            studied = studied_meeting(before, after)  # not held (我区在常委会议室传达……学习贯彻……六中全会精神): told of
            relayed = (
                bool(at) and studied
            )  # (在……会议闭幕式上的讲话, studied: the session's year, as a county relays it)
            told = not delivered_at or studied
            name = m.group()
            sentence = before[max((e.end() for e in _SENTENCE_END.finditer(before)), default=0) :]
            future = _FUTURE_MENTION.search(before[-12:]) or re.match(
                r"^\s*(?:将|即将|召开前|之前|[^。；，,]{0,6}(?:就要|即将|将要|将于)(?:胜利)?召开)", after
            )
            if at and not studied:
                clues.append(Clue("session", name, anchor, f"delivered at {name}, held {when}", value=when[:4]))
            elif told and future:
                clues.extend(_yet_to_meet(name, anchor, when, sentence))
            elif (  # 今年“两会”上，……全国政协十三届三次会议 (not 今年……贯彻二十届二中全会精神: an earlier plenum's)
                told
                and kind == "npc"
                and _SAID_THIS_YEAR.search(sentence)
                and not re.match(r"^[^。；，,]{0,6}?(?:以来|之后|后|前)", after)
            ):
                label = f"{name} (held {when}) is said to be this year's (今年)"
                clues.append(Clue("year", name, anchor, label, value=when[:4]))
            elif told and kind == "npc" and (relayed or _STUDIED_SPIRIT.match(after)):
                # 学习贯彻十四届全国人大二次会议（和全国政协……会议）精神: the year of the session, as
                # a county relays it (a report of the next year names the next session too: no date)
                clues.append(
                    Clue(
                        "bound",
                        name,
                        anchor,
                        f"{name} ({when}) is studied (精神) → in {when[:4]}",
                        not_before=first_day(when),
                        not_after=last_day(when[:4]),
                        since=when,
                        until=when[:4],
                    )
                )
            elif told:
                clues.append(
                    Clue(
                        "bound",
                        name,
                        anchor,
                        f"{name} ({when}) is past → not before {when}",
                        not_before=first_day(when),
                        since=when,
                    )
                )
    return clues


_HELD_NOW = re.compile(  # (not ……全会召开的重大意义; ……会议8日在北京举行第二次全体会议)
    rf"{HELD_TAIL}了?(?:第[一二三四五六七八九十\d]{{1,3}}次全体会议)?(?=[，,。；;！!\s]|$)"
)
_STUDIED_SPIRIT = re.compile(r"(?:[和、及][^。；，,]{0,20}?会议)?精神")


# The National People's Congress's terms: the month of each term's first session (the 6th met
# in June 1983, the 7th and later in March, every five years).
_NPC_TERM_START = {1: "1954-09", 2: "1959-04", 3: "1964-12", 4: "1975-01", 5: "1978-02", 6: "1983-06"}
_NPC_TERM = re.compile(rf"第?({_N})届全国人(?:民代表)?大(?:会)?(?P<sc>常委会|常务委员会)")


def npc_term(term: int) -> tuple[str, str] | None:
    """The first month of the NPC's ``term``th term and the first month of the next one.

    >>> npc_term(14), npc_term(6), npc_term(5)
    (('2023-03', '2028-03'), ('1983-06', '1988-03'), ('1978-02', '1983-06'))
    """

    def start(t: int) -> str | None:
        return _NPC_TERM_START.get(t) if t <= 6 else f"{1988 + 5 * (t - 7)}-03"

    a, b = start(term), start(term + 1)
    return (a, b) if a and b else None


def _npc_term_clues(anchor: str | None, text: str, delivered_at: bool) -> list[Clue]:
    """The NPC's standing committee of a term (十四届全国人大常委会): a speech at one of its
    meetings is given within the term; one that names it as past, after the term began.

    >>> [(c.since, c.until) for c in _npc_term_clues(None, "在十四届全国人大常委会第七次会议闭幕会上的讲话", True)]
    [('2023-03', '2028-03')]
    """
    if "届全国人" not in text:
        return []
    clues = []
    for m in _NPC_TERM.finditer(text):
        span = npc_term(cn_number(m.group(1)))
        if span is None or _FUTURE_MENTION.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        at = delivered_at and _DELIVERED_AT.search(text[: m.start()])
        since, until = span
        label = f"{m.group()}: the term began {since}" + (f" and ended {until}" if at else "")
        clues.append(
            Clue(
                "bound",
                m.group(),
                anchor,
                label + (" → within it" if at else " → not before"),
                not_before=first_day(since),
                not_after=last_day(until) if at else None,
                since=since,
                until=until if at else None,
            )
        )
    return clues


def _session_date(kind: str, nums: list[int]) -> str | None:
    if kind == "npc" and len(nums) == 2:
        year = npc_session_year(nums[0], nums[1])
        return str(year) if year else None
    if kind == "plenum" and len(nums) == 2:
        return _CC_PLENUM.get((nums[0], nums[1]))
    if kind == "congress" and nums:
        return _CPC_CONGRESS.get(nums[0])
    return None


_RANGE = re.compile(
    rf"({YEAR})\s*年\s*({MONTH})\s*月\s*({DAY})\s*日\s*(?:至|到|—|－|-)\s*(?:({MONTH})\s*月\s*)?({DAY})\s*日"
    r"[^。；]{0,12}?(?:举行|召开)"
)


_PLENUM_DAY = re.compile(
    rf"^(?:中国共产党|中共)[^，。；]{{2,30}}?委员会第[^，。；]{{1,4}}次全体会议[，,]?\s*于\s*"
    rf"(?P<quote>({YEAR})\s*年\s*({MONTH})\s*月\s*({DAY})\s*日)[^。；，]{{0,12}}?(?:举行|召开)"
)


def _meeting_range_clues(anchor: str, text: str) -> list[Clue]:
    """A meeting's own dates in the opening (``全会于2020年10月26日至29日在北京举行``): a
    communiqué is dated by the day it was adopted, the last day.

    >>> [c.value for c in _meeting_range_clues("p1", "中国共产党第十八届中央委员会第六次全体会议，于2016年10月24日至27日在北京举行。")]
    ['2016-10-27']
    >>> [c.value for c in _meeting_range_clues("p1", "中国共产党保定市第十二届委员会第五次全体会议，于2021年12月30日在保定召开。")]
    ['2021-12-30']
    """
    m = _RANGE.search(text)
    if not m or m.start() > 80 or not re.search(r"全体会议|全会|代表大会|会议", text[: m.start()]):
        one = _PLENUM_DAY.match(text)  # a communiqué's one-day plenum (……全体会议，于2021年12月30日在保定召开)
        if not one:
            return []
        value = _date_string(cn_number(one.group(2)), cn_number(one.group(3)), cn_number(one.group(4)))
        rule = "the day of the plenum the communiqué reports"
        return [Clue("explicit", one.group("quote"), anchor, rule, value=value)] if value else []
    year = cn_number(m.group(1))
    month = cn_number(m.group(4)) if m.group(4) else cn_number(m.group(2))
    value = _date_string(year, month, cn_number(m.group(5)))
    if not value:
        return []
    return [Clue("explicit", m.group(), anchor, "the meeting's last day (a communiqué is adopted then)", value=value)]


# --- "this year is …": five-year plans and anniversaries ------------------------------------

_FYP = re.compile(
    r"今年是[^。；！]{0,30}?[“\"]?((?:十[一二三四五六七八九]?|[六七八九])五)[”\"]?(?:规划|计划)?(?:时期)?的?"
    r"(开局之年|起步之年|第一年|开局年|收官之年|最后一年)"
)
# Anniversaries the genre keeps, with the year of the event (public record).
_BASES: tuple[tuple[str, int], ...] = (
    (r"中华人民共和国成立|新中国成立|共和国成立|建国", 1949),
    (r"中国共产党成立|我们党成立|建党|党的诞生", 1921),
    (r"改革开放", 1978),
    (r"中国人民解放军建军|人民军队建军|建军", 1927),
    (r"中国人民抗日战争暨世界反法西斯战争胜利|抗日战争胜利|抗战胜利", 1945),
    (r"红军长征胜利|长征胜利", 1936),
    (r"五四运动", 1919),
    (r"辛亥革命", 1911),
    (r"毛泽东同志诞辰", 1893),
    (r"邓小平同志诞辰", 1904),
    (r"周恩来同志诞辰|刘少奇同志诞辰", 1898),
    (r"朱德同志诞辰", 1886),
    (r"陈云同志诞辰", 1905),
    (r"孙中山先生诞辰", 1866),
    (r"香港回归祖国|香港回归", 1997),
    (r"澳门回归祖国|澳门回归", 1999),
    (r"现行宪法公布施行", 1982),
    (r"中国人民志愿军抗美援朝出国作战", 1950),
)
_ANNIVERSARY = re.compile(
    r"(?P<base>" + "|".join(f"(?:{b})" for b, _ in _BASES) + r")[^。；，]{0,4}?"
    r"(?P<n>\d{1,3}|[一二三四五六七八九十百]{1,5})\s*周年"
)
_THIS_YEAR = re.compile(
    r"今年是|今年[^。；]{0,6}迎来|今天[^。；]{0,30}(?:纪念|庆祝)|再过(?P<days>几|[一二三四五六七八九十两\d]+)天"
)
# Teachers' Day, first kept on 1985-09-10: 在第39个教师节来临之际 → 2023.
_TEACHERS_DAY = re.compile(r"第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})个教师节")
_TEACHERS_DAY_NOW = re.compile(r"来临之际|到来之际|前夕|今天|庆祝|欢庆|喜迎|之际")
# The day of the anniversaries kept by day: a few days before it is the month before it.
_BASE_DAY = {1949: (10, 1), 1921: (7, 1), 1927: (8, 1), 1997: (7, 1)}


def _year_clues(anchor: str | None, text: str, head: bool) -> list[Clue]:
    """The speech's year from what it says this year is: ``今年是“十三五”开局之年`` → 2016;
    ``纪念毛泽东同志诞辰120周年座谈会`` (a title, a subtitle) or ``今年是新中国成立75周年`` → 2013, 2024.

    >>> [(c.value, c.quote) for c in _year_clues("p9", "同志们！今年是“十三五”开局之年，网络安全和信息化工作是重头戏。", False)]
    [('2016', '今年是“十三五”开局之年')]
    >>> [c.value for c in _year_clues(None, "在纪念毛泽东同志诞辰120周年座谈会上的讲话", True)]
    ['2013']
    >>> _year_clues("p9", "纪念毛泽东同志诞辰120周年的时候，我们说过", False)
    []
    >>> [c.value for c in _year_clues("p9", "再过几天，就是中国共产党成立104周年纪念日。", False)]
    ['2025-06']
    >>> [c.value for c in _year_clues("p1", "在第39个教师节来临之际，我代表县委向全县教师致以节日的祝贺。", False)]
    ['2023']
    """
    clues: list[Clue] = []
    m = _FYP.search(text)
    if m:
        n = cn_number(m.group(1)[:-1]) if m.group(1) != "十五" else 10
        if m.group(1) == "十五五":
            n = 15
        start = 1966 + 5 * (n - 3)
        year = start if m.group(2) in ("开局之年", "起步之年", "第一年", "开局年") else start + 4
        clues.append(
            Clue("year", m.group(), anchor, f"the {n}th five-year plan runs {start}–{start + 4}", value=str(year))
        )
    teachers = _TEACHERS_DAY.search(text) if "教师节" in text else None
    if teachers and (head or _TEACHERS_DAY_NOW.search(text, teachers.end(), teachers.end() + 8)):
        n = cn_number(teachers.group("n"))
        label = f"Teachers' Day was first kept in 1985: the {n}th is in {1984 + n}"
        clues.append(Clue("year", teachers.group(), anchor, label, value=str(1984 + n)))
    if "周年" in text:
        for m in _ANNIVERSARY.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()]
            said = _THIS_YEAR.search(before)
            if not head and not said:
                continue
            if _FUTURE_BEFORE.search(before) or re.search(r"迎接|喜迎|将", before[-8:]):
                continue
            base = next(y for b, y in _BASES if re.fullmatch(b, m.group("base")))
            year = base + cn_number(m.group("n"))
            if EARLIEST_YEAR <= year <= LATEST_YEAR:
                label = f"{m.group('base')} was in {base}: its {cn_number(m.group('n'))}th anniversary is {year}"
                value = str(year)
                days = said.group("days") if said else None
                if days and base in _BASE_DAY and (days == "几" or cn_number(days) < 28):
                    month, day = _BASE_DAY[base]
                    soon = _dt.date(year, month, day) - _dt.timedelta(days=5 if days == "几" else cn_number(days))
                    value = f"{soon.year:04d}-{soon.month:02d}"
                    label += f", {days}天 away → {value}"
                clues.append(Clue("year", m.group(), anchor, label, value=value))
    return clues


# --- the work-report convention --------------------------------------------------------------

_REPORT_SALUTE = re.compile(r"^(?:各位代表|各位委员)")
_REVIEW = re.compile(
    rf"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?[\s\u3000]*"
    rf"(?:过去五年和|[“\"]?十[一二三四五六七八九]五[”\"]?时期和)?({YEAR})\s*年(?:和今年以来)?(?:的)?(?:主要)?"
    rf"(?:工作|政府工作|经济社会发展)?(?:回顾|总结|情况)"
)
_PLAN = re.compile(
    rf"(?<![到至])({YEAR})\s*年(?:的|度)?(?:主要|重点)?(?:工作|政府工作|经济社会发展|目标任务|任务)"
    r"[^，。；]{0,12}?(?:任务|安排|部署|建议|总体要求|要求|目标|重点|思路)"
)
_PLAN_SENTENCE = re.compile(rf"对(?:今后五年和)?({YEAR})\s*年(?:的)?(?:政府)?工作提出(?:建议|意见)")


def _is_work_report(doc: Document) -> bool:
    """A report to a people's congress (or a like assembly): its convention dates it."""
    if doc.title and "工作报告" in doc.title:
        return True
    opening = [p.text for p in doc.paragraphs[:6]]
    return any(_REPORT_SALUTE.match(t) for t in opening) or any(
        re.search(r"向大会(?:报告|作)[^。]{0,10}工作|代表[^，。]{0,20}(?:人民政府|国务院)[^。]{0,12}向大会", t)
        for t in opening
    )


def _report_clues(anchor: str, text: str) -> list[Clue]:
    """A work report reviews the year before it and plans its own: ``一、2019年工作回顾``,
    ``二、2020年工作任务``, ``对2012年的工作提出建议`` → delivered in 2020 (2012).

    >>> [(c.value, c.label[:23]) for c in _report_clues("s1", "一、2019年工作回顾")]
    [('2020', 'the report reviews 2019')]
    >>> [c.value for c in _report_clues("s9", "三、对2018年政府工作的建议")], _report_clues("p9", "到2025年目标任务是")
    (['2018'], [])
    """
    if len(text) > 200 and not _PLAN_SENTENCE.search(text):
        return []
    if not anchor.startswith("s") and not _PLAN_SENTENCE.search(text) and not _REVIEW.match(text):
        return []
    m = _REVIEW.match(text)
    if m:
        year = cn_number(m.group(1))
        return [
            Clue(
                "report",
                m.group(),
                anchor,
                f"the report reviews {year}: a work report is delivered early in the year after the one it reviews",
                value=str(year + 1),
            )
        ]
    sentence = _PLAN_SENTENCE.search(text)
    m = sentence or (_PLAN.search(text) if len(text) <= 60 else None)
    if (
        m
        and (sentence or not re.search(r"回顾|总结|以来", text[: m.start()]))
        and not _FUTURE_BEFORE.search(text[: m.start()])
    ):
        year = cn_number(m.group(1))
        return [
            Clue(
                "report",
                m.group(),
                anchor,
                f"the report plans {year}: a work report is delivered early in the year it plans",
                value=str(year),
            )
        ]
    return []


# --- combining -------------------------------------------------------------------------------


def infer_date(doc: Document, events: Events) -> DateEstimate:
    """The speech's date from its title, header and text (file name and sidecar are applied by the caller).

    Strongest first: a stated date (subtitle, date line, the title); the meeting it was given at
    (session calendar); the work-report convention; then the interval the bounds leave, a date
    only when it falls in one year (or month). A stated date later than the page's publication,
    or a year that contradicts what the report reviews, is not trusted.
    """
    clues = find_clues(doc, events)
    lower = [c for c in clues if c.not_before]
    upper = [c for c in clues if c.not_after]
    lo_clue = max(lower, key=lambda c: c.not_before or _dt.date.min, default=None)
    hi_clue = min(upper, key=lambda c: c.not_after or _dt.date.max, default=None)
    lo = lo_clue.not_before if lo_clue else None
    hi = hi_clue.not_after if hi_clue else None
    published = min((c for c in upper if c.anchor == "header"), key=lambda c: c.not_after or _dt.date.max, default=None)
    seasons = [c for c in clues if c.kind == "season"]
    reports = [c for c in clues if c.kind == "report"]
    report_years = {c.value for c in reports}
    report_year = report_years.pop() if len(report_years) == 1 else None
    leads = any(c.kind == "lead" for c in clues)
    explicit = [
        c
        for c in clues
        if c.kind == "explicit"
        and c.value
        and not (published and published.not_after and first_day(c.value) > published.not_after)
        # the paper's own day over its report (2025年3月7日 above 《四平日报》(2025年3月7日)), when a lead gives one
        and not (published and published.not_after and c.value == published.not_after.isoformat() and leads)
    ]
    best = max(explicit, key=lambda c: (len(c.value or ""), c.anchor is not None), default=None)
    if best and best.value and report_year and best.value[:4] != report_year and best.anchor is None:
        best = None  # a year in the title against what the report reviews: the body wins
    earlier = _lead_before_its_print(doc, best)
    if earlier:
        return DateEstimate(earlier[0], earlier[1], lo, hi, clues)
    if best and best.value:
        # A session held late in the year it reviews (——2013年12月25日在……会议上, reviewing 2013) is
        # no contradiction: a stated day in that year's December stands.
        late_session = report_year is not None and best.value[:8] == f"{int(report_year) - 1}-12-"
        if report_year and best.value[:4] != report_year and not late_session:
            main = next(c for c in reports if c.value == report_year)
            rule = (
                f"{report_year}: 「{main.quote}」({main.anchor}): {main.label}; "
                f"「{best.quote}」({best.anchor or 'title'}) says {best.value[:4]}, against the text"
            )
            return DateEstimate(
                report_year,
                Evidence("text", main.quote, main.anchor, rule),
                lo,
                hi,
                clues,
                *_interval(lo_clue, hi_clue),
            )
        finer = next((c for c in clues if c.kind == "year" and c.value and c.value[:4] == best.value), None)
        if len(best.value) == 4 and finer is not None and finer.value and len(finer.value) > 4:
            rule = f"{finer.value}: 「{best.quote}」({best.anchor or 'title'}) says {best.value}; {finer.label}"
            where: EvidenceSource = "title" if finer.anchor is None else "text"
            return DateEstimate(finer.value, Evidence(where, finer.quote, finer.anchor, rule), lo, hi, clues)
        if len(best.value) == 4:  # a year stated, and the news lead's day: the day in that year
            lead = _lead_date(clues, best.value, hi, lo, shift=False)
            if lead is None and hi is not None and published is not None:  # a day after the paper printed
                lead = _lead_date(clues, str(hi.year), hi, lo)  # it lies in its year, or the one before
            if lead:
                return DateEstimate(lead[0], lead[1], lo, hi, clues)
        value, evidence = _refine(best.value, best, seasons)
        return DateEstimate(value, evidence, lo, hi, clues)
    sessions = [c for c in clues if c.kind in ("session", "year")]
    known = sessions[0] if sessions else next((c for c in reports if c.value == report_year), None)
    if known and known.value:
        lead = _lead_date(clues, known.value[:4], hi)
        if lead:
            return DateEstimate(lead[0], lead[1], lo, hi, clues)
        rule = f"{known.value}: 「{known.quote}」({known.anchor or 'title'}): {known.label}"
        agree = [c for c in reports if c is not known and c.value == known.value]
        if agree:
            rule += f"; 「{agree[0].quote}」({agree[0].anchor}) agrees"
        source: EvidenceSource = "title" if known.anchor is None else "text"
        return DateEstimate(known.value, Evidence(source, known.quote, known.anchor, rule), lo, hi, clues)
    since, until = _interval(lo_clue, hi_clue)
    if lo is not None and hi is not None and lo > hi:
        assert lo_clue is not None and hi_clue is not None
        rule = (
            f"unknown: the clues contradict each other: 「{lo_clue.quote}」({lo_clue.anchor or 'title'}) "
            f"{lo_clue.label}; 「{hi_clue.quote}」({hi_clue.anchor or 'title'}) {hi_clue.label}"
        )
        return DateEstimate(None, Evidence("inferred", "", None, rule), lo, hi, clues)
    if hi is not None and published is not None:
        lead = _lead_date(clues, str(hi.year), hi, lo)
        if lead:
            return DateEstimate(lead[0], lead[1], lo, hi, clues)
    if lo is not None and hi is not None and lo <= hi and hi.year - lo.year <= 1:
        # a news lead's day that falls once between the bounds (28日电, after 两个确立 and before 党的二十大)
        days = [d for y in range(lo.year, hi.year + 1) if (d := _lead_date(clues, str(y), hi, lo, shift=False))]
        if len(days) == 1:
            assert lo_clue is not None and hi_clue is not None
            value, ev = days[0]
            rule = f"{ev.rule}, not before {lo.isoformat()} (「{lo_clue.quote}」: {lo_clue.label})"
            return DateEstimate(value, replace(ev, rule=rule), lo, hi, clues)
    relayed = _relayed_soon(doc, lo_clue) if lo is not None and hi is None else None
    if relayed is not None and lo is not None and lo_clue is not None:
        # a meeting that relays the latest event it names (传达学习……六中全会精神), on its lead's day: the
        # first such day after the event (within the year the spirit is relayed)
        days = [d for y in (lo.year, lo.year + 1) if (d := _lead_date(clues, str(y), relayed, lo, shift=False))]
        if days:
            value, ev = days[0]
            rule = f"{ev.rule}; the meeting relays 「{lo_clue.quote}」 ({lo_clue.label}): within a year of it"
            return DateEstimate(value, replace(ev, rule=rule), lo, hi, clues)
    if lo is None or hi is None:
        return DateEstimate(None, _range_evidence(lo_clue, hi_clue), lo, hi, clues, since, until)
    months = _months_between(lo, hi)
    used: list[Clue] = []
    for season in seasons:
        narrowed = [ym for ym in months if ym[1] in season.months]
        if narrowed:
            months = narrowed
            used.append(season)
    years = {y for y, _ in months}
    if len(years) != 1:
        return DateEstimate(None, _range_evidence(lo_clue, hi_clue), lo, hi, clues, since, until)
    year = years.pop()
    value = f"{year:04d}-{months[0][1]:02d}" if len(months) == 1 else f"{year:04d}"
    assert lo_clue is not None and hi_clue is not None
    alone = [
        c for c in (hi_clue, lo_clue) if c.not_before and c.not_after and c.not_before.year == c.not_after.year == year
    ]
    main = alone[0] if alone else (lo_clue if lo_clue.anchor != "header" else hi_clue)
    parts = [f"「{c.quote}」({c.anchor or 'title'}): {c.label}" for c in dict.fromkeys([lo_clue, hi_clue, *used])]
    evidence = Evidence(
        source="title" if main.anchor is None else "text",
        quote=main.quote,
        anchor=None if main.anchor in (None, "header") else main.anchor,
        rule=f"{value}: " + "; ".join(parts),
    )
    return DateEstimate(value, evidence, lo, hi, clues)


def date_range(estimate: DateEstimate, date: str | None) -> dict[str, str | None]:
    """``Metadata``'s range fields from an estimate: the bounds when there is no date, else none."""
    if date:
        return {"date_not_before": None, "date_not_after": None}
    return {"date_not_before": estimate.since, "date_not_after": estimate.until}


def range_text(lo: str | None, hi: str | None) -> str | None:
    """A range as a reader says it.

    >>> range_text("2022-10", None), range_text(None, "2013-12-26"), range_text("2021", "2022")
    ('2022年10月以后', '2013年12月26日以前', '2021–2022年')
    >>> range_text("2020-10-26", "2022-12-07"), range_text(None, None)
    ('2020年10月26日至2022年12月7日', None)
    """
    if lo and hi:
        if len(lo) == len(hi) == 4:
            return f"{lo}–{hi}年"
        return f"{_chinese_date(lo)}至{_chinese_date(hi)}"
    if lo:
        return f"{_chinese_date(lo)}以后"
    if hi:
        return f"{_chinese_date(hi)}以前"
    return None


def _chinese_date(text: str) -> str:
    """``2022-10-16`` → ``2022年10月16日``, ``2022-10`` → ``2022年10月``, ``2022`` → ``2022年``."""
    parts = text.split("-")
    return "".join(f"{int(p)}{unit}" for p, unit in zip(parts, "年月日", strict=False))


def _interval(lo: Clue | None, hi: Clue | None) -> tuple[str | None, str | None]:
    """The interval's ends as precise as their clues state them."""
    since = (lo.since or (lo.not_before.isoformat() if lo.not_before else None)) if lo else None
    until = (hi.until or (hi.not_after.isoformat() if hi.not_after else None)) if hi else None
    return since, until


# Why a date is unknown when nothing bounds it: said on the page rather than a bare 不详.
_UNKNOWN = Evidence(
    "inferred",
    "",
    None,
    "unknown: the text states no date, names no dated meeting or anniversary, reviews no year, "
    "and mentions no dated event or year that would bound it",
)


def _range_evidence(lo: Clue | None, hi: Clue | None) -> Evidence:
    """Why the date is a range: the clue for each end."""
    ends = [c for c in dict.fromkeys([lo, hi]) if c is not None]
    if not ends:
        return _UNKNOWN
    main = next((c for c in ends if c.anchor != "header"), ends[0])
    parts = [f"「{c.quote}」({c.anchor or 'title'}): {c.label}" for c in ends]
    return Evidence(
        source="title" if main.anchor is None else "text",
        quote=main.quote,
        anchor=None if main.anchor in (None, "header") else main.anchor,
        rule="no date stated; " + "; ".join(parts),
    )


def _lead_before_its_print(doc: Document, best: Clue | None) -> tuple[str, Evidence] | None:
    """A news report's day (4月26日，……会见了……) over a full date at its end (2006年5月7日): the end's
    is the day it was printed, the lead's the day it tells of, in the same year and within two months."""
    tail = {p.anchor for p in doc.paragraphs[-2:]}
    if not best or not best.value or len(best.value) != 10 or best.anchor not in tail or len(doc.paragraphs) < 3:
        return None
    if any(is_salutation(bare(p.text)) for p in doc.paragraphs[:6]):
        return None  # a speech's own date line, under it
    if _DOCUMENT_TITLE.search(doc.title or "") or _SIGNED.fullmatch(doc.paragraphs[-2].text.strip()):
        return None  # a report's or a summary's own date, under its signature (县教育局 / 2020年5月6日)
    first = doc.paragraphs[0]
    lead = _OPENING_DAY.match(first.text)
    printed = _dt.date.fromisoformat(best.value)
    day = _date_string(printed.year, cn_number(lead.group(1)), cn_number(lead.group(2))) if lead else None
    if lead is None or day is None or not 0 < (printed - _dt.date.fromisoformat(day)).days <= 60:
        return None
    rule = f"{day}: the news report opens on 「{lead.group()}」; 「{best.quote}」({best.anchor}) at its end is when it was printed"
    return day, Evidence("text", lead.group(), first.anchor, rule)


_OPENING_DAY = re.compile(rf"({MONTH})月({DAY})日")
_DOCUMENT_TITLE = re.compile(r"报告|讲话|总结|意见|方案|通知|决定|纪要|发言|致辞|汇报")
_SIGNED = re.compile(r"[\u4e00-\u9fff]{2,20}(?:局|委|委员会|政府|办公室|党委|党组|支部|中心|院|所)")


def _relayed_soon(doc: Document, lo_clue: Clue | None) -> _dt.date | None:
    """The end of the year after the latest event a text names when its headline or lead relays
    that event's spirit (传达学习……党的十九届六中全会精神): a meeting that relays it is held within a year.

    >>> from build_scripts.analyse.structure import parse_document
    >>> d = parse_document("我区传达学习党的十九届六中全会精神\\n2月24日下午，我区传达学习党的十九届六中全会精神。")
    >>> c = Clue("bound", "十九届六中全会", "p1", "past", not_before=_dt.date(2021, 11, 8))
    >>> _relayed_soon(d, c)
    datetime.date(2022, 11, 8)
    """
    if lo_clue is None or lo_clue.not_before is None or not re.search(r"(?:全会|次会议)$", lo_clue.quote):
        return None  # (a plenum's or a session's spirit, relayed once; not a congress's, studied for its term)
    head = " ".join([doc.title or "", *(p.text for p in doc.paragraphs[:2])])
    if re.search(r"[一二三四五六七八九十两\d]+年来", head):
        return None  # (a look back: 全面深化改革五年来)
    if not re.search(rf"(?:传达|学习|贯彻|领会)[^。；]{{0,30}}{re.escape(lo_clue.quote)}[^，。；]{{0,12}}精神", head):
        return None
    try:
        return lo_clue.not_before.replace(year=lo_clue.not_before.year + 1)
    except ValueError:  # (29 February)
        return lo_clue.not_before + _dt.timedelta(days=365)


def _lead_date(
    clues: tuple[Clue, ...], year: str, hi: _dt.date | None, lo: _dt.date | None = None, shift: bool = True
) -> tuple[str, Evidence] | None:
    """A news lead's month and day in the year the other clues give (the latest such day not
    after the upper bound, when the year comes from a publication date and ``shift`` allows)."""
    lead = next((c for c in clues if c.kind == "lead" and c.day), None)
    if lead is None or lead.day is None:
        return None
    y = int(year)
    value = _date_string(y, *lead.day)
    if value and hi is not None and first_day(value) > hi and shift:
        value = _date_string(y - 1, *lead.day)
    if not value or (lo is not None and first_day(value) < lo) or (hi is not None and first_day(value) > hi):
        return None
    why = f"the year {year} from the other clues" if hi is None else f"not after {hi.isoformat()}"
    anchor = None if lead.anchor == "header" else lead.anchor  # the lead's line was removed with the page
    return value, Evidence("text", lead.quote, anchor, f"{value}: 「{lead.quote}」({lead.anchor}): {lead.label}; {why}")


def _refine(value: str, explicit: Clue, seasons: list[Clue]) -> tuple[str, Evidence]:
    """An explicit year narrowed to a month when time-of-year phrases leave only one month."""
    source: EvidenceSource = "title" if explicit.anchor is None else "text"
    if len(value) == 4 and seasons:
        months = set(range(1, 13))
        used = []
        for s in seasons:
            if months & set(s.months):
                months &= set(s.months)
                used.append(s)
        if len(months) == 1:
            month = months.pop()
            season = used[-1]
            rule = (
                f"{value}-{month:02d}: 「{explicit.quote}」({explicit.anchor or 'title'}) gives the year; "
                + "; ".join(f"「{s.quote}」({s.anchor}): {s.label}" for s in used)
            )
            return f"{value}-{month:02d}", Evidence(
                source="text" if season.anchor else "title", quote=season.quote, anchor=season.anchor, rule=rule
            )
    return value, Evidence(source=source, quote=explicit.quote, anchor=explicit.anchor, rule=explicit.label)


def _months_between(lo: _dt.date, hi: _dt.date) -> list[tuple[int, int]]:
    """``(year, month)`` pairs from ``lo`` to ``hi``; empty when the span is over three years.

    >>> _months_between(_dt.date(2022, 10, 23), _dt.date(2022, 12, 7))
    [(2022, 10), (2022, 11), (2022, 12)]
    """
    if hi.year - lo.year > 3:
        return [(lo.year, lo.month), (hi.year, hi.month)]
    out = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- file names ------------------------------------------------------------------------------

_FILENAME_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d{2})(?:[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?)?(?![0-9A-Za-z])"
)
_FILENAME_CN = re.compile(rf"({YEAR})年(?:({MONTH})月(?:({DAY})日)?)?")


def date_from_filename(name: str) -> str | None:
    """The date a file name carries (``2021-03-05_x.txt``, ``20210305在…``, ``2021年3月…``), else None.

    >>> date_from_filename("2021-03-05_speech.txt"), date_from_filename("20210305在全县大会上的讲话.txt")
    ('2021-03-05', '2021-03-05')
    >>> date_from_filename("speech_2022-10.txt"), date_from_filename("2023年全县大会讲话.txt")
    ('2022-10', '2023')
    >>> date_from_filename("004_be014646714e3115.txt") is None, date_from_filename("a20210305b.txt") is None
    (True, True)
    """
    stem = Path(name).stem
    m = _FILENAME_DATE.search(stem)
    if m:
        return _date_string(
            int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None
        )
    m = _FILENAME_CN.search(stem)
    if m and not _FUTURE_BEFORE.search(stem[: m.start()]):
        return _date_string(
            cn_number(m.group(1)),
            cn_number(m.group(2)) if m.group(2) else None,
            cn_number(m.group(3)) if m.group(3) else None,
        )
    return None
