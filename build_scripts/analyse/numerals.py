"""Numbers written in Chinese: one parser for every stage that reads them.

``cn_number`` reads digits, full-width digits and Chinese numerals: up to 99 (十二, 二十八),
hundreds and thousands (百, 两千), and years digit by digit (二〇二三); 两 and 双 are two.
``leading_number`` is the number a numbered formulation (两个确立, 十四五, 百日攻坚) starts with.
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
_UNITS = {"百": 100, "千": 1000}


def cn_number(text: str) -> int:
    """A number written in digits, full-width digits or Chinese numerals.

    >>> cn_number("2023"), cn_number("二〇二三"), cn_number("十二"), cn_number("二十八"), cn_number("２０２２")
    (2023, 2023, 12, 28, 2022)
    >>> cn_number("两"), cn_number("十"), cn_number("百"), cn_number("两千")
    (2, 10, 100, 2000)
    """
    if text.isdigit():
        return int(text)
    if text[-1] in _UNITS:
        return (CN_DIGIT[text[:-1]] if text[:-1] else 1) * _UNITS[text[-1]]
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
