"""Numbers and dates written in Chinese: one parser for every stage that reads them.

``cn_number`` reads digits, full-width digits and Chinese numerals (up to 999, or digit by
digit as years are written: 二〇二三, with zero written 〇, ○, 零, the letter O or the digit 0
as real texts do: 二O一二, 二0二三); 两 and 双 are two, 千 a thousand. ``YEAR``, ``MONTH``, ``DAY``
and ``DATE`` find them in text. ``leading_number`` is the number a numbered formulation (两个确立,
十四五, 百日攻坚) starts with.
"""

from __future__ import annotations

import re

CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "双": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZEROS = "〇○零OＯ0０"
# A year in Arabic, full-width or Chinese digits: 2012, ２０１２, 二〇一二, 二O一二, 二0二三.
YEAR = rf"(?:(?<![\d０-９])[12１２][\d０-９]{{3}}(?![\d０-９])|[一二][{_ZEROS}一二三四五六七八九]{{3}})"
MONTH = r"(?:[\d０-９]{1,2}|十[一二]?|[一二三四五六七八九]|元(?=\s*月))"  # (元月: January)
DAY = r"(?:[\d０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# A date with the year and month, the day optional: groups year, month, day. A subtitle's day may
# have lost its 日 (——2013年12月25在沙县……会议上).
# The day and the time of day a news lead puts after a meeting's name (……会议10日上午在……闭幕)
DAY_TIME = rf"(?:{DAY}日)?(?:上午|下午|晚上|晚)?"
# What follows a meeting's name when a lead says it is held: its day and time, how and where it is
# held, and the verb (……第二次会议10日上午在人民大会堂闭幕, ……会议28日以电视电话会议形式在京召开)
BY_FORM = r"(?:以[^，。；]{1,12}?形式)?"  # how a meeting is held (以电视电话会议形式)
HELD_TAIL = rf"{DAY_TIME}{BY_FORM}(?:在[^，。；\s]{{1,12}}?)?(?:隆重|胜利)?(?:开幕|闭幕|召开|举行)"
DATE = re.compile(rf"({YEAR})\s*年\s*({MONTH})\s*月\s*(?:({DAY})\s*(?:[日号]|(?=在)))?")
_WIDE = str.maketrans("０１２３４５６７８９Ｏ", "0123456789O")


def cn_number(text: str) -> int:
    """A number written in digits, full-width digits or Chinese numerals.

    >>> cn_number("2023"), cn_number("二〇二三"), cn_number("十二"), cn_number("二十八"), cn_number("２０２２")
    (2023, 2023, 12, 28, 2022)
    >>> cn_number("二O一二"), cn_number("二0二三"), cn_number("一百二十"), cn_number("一百"), cn_number("九十五")
    (2012, 2023, 120, 100, 95)
    >>> cn_number("两"), cn_number("十"), cn_number("百"), cn_number("两千"), cn_number("三千五百")
    (2, 10, 100, 2000, 3500)
    >>> cn_number("元")  # 元月
    1
    """
    text = text.translate(_WIDE)
    if text == "元":  # 元月
        return 1
    if text.isdigit():
        return int(text)
    if "千" in text:
        thousands, _, rest = text.partition("千")
        rest = rest.lstrip("零〇")
        return (CN_DIGIT[thousands] if thousands else 1) * 1000 + (cn_number(rest) if rest else 0)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零〇")
        return (CN_DIGIT[hundreds] if hundreds else 1) * 100 + (cn_number(rest) if rest else 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[units] if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + CN_DIGIT[ch]
    return value


# A numeral a formulation can start with: one digit (两, 双 too), a number of tens, or 百/千.
_LEADING = re.compile(
    r"[一二两双三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]?[百千]"
)


def leading_number(term: str) -> int | None:
    """The number a numbered formulation starts with, or None.

    >>> [leading_number(t) for t in ("两个确立", "三严三实", "十四五", "双碳", "1+1+N", "百日攻坚", "第一议题")]
    [2, 3, 14, 2, 1, 100, None]
    """
    m = re.match(r"\d+", term)
    if m:
        return int(m.group())
    for size in (3, 2, 1):
        head = term[:size]
        if len(head) == size and _LEADING.fullmatch(head):
            return cn_number(head)
    return None


# A meeting a text studies, not the one it is held at: the verb before it, 精神 after it
# (学习贯彻党的十九届六中全会精神). One test for the dates (no year from it) and the national formulas.
_STUDIED_BEFORE = re.compile(r"(?:学习|贯彻|传达|落实|领会|宣讲)[^，。]{0,12}$")
_SPIRIT_AFTER = re.compile(r"[^，。；]{0,6}精神")


def studied_meeting(before: str, after: str) -> bool:
    """Whether a meeting named between ``before`` and ``after`` is one the text studies.

    >>> studied_meeting("我区传达学习贯彻党的", "精神专题读书班"), studied_meeting("在", "上的讲话")
    (True, False)
    """
    return bool(_STUDIED_BEFORE.search(before) or _SPIRIT_AFTER.match(after))
