"""Numbers written in Chinese: one parser for every stage that reads them.

``cn_number`` reads digits, full-width digits and Chinese numerals (up to 99, or digit by digit
as years are written: 二〇二三).
"""

from __future__ import annotations

CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_number(text: str) -> int:
    """A number written in digits, full-width digits or Chinese numerals (up to 99, or digit by digit).

    >>> cn_number("2023"), cn_number("二〇二三"), cn_number("十二"), cn_number("二十八"), cn_number("２０２２")
    (2023, 2023, 12, 28, 2022)
    """
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGIT[tens] if tens else 1) * 10 + (CN_DIGIT[units] if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + CN_DIGIT[ch]
    return value
