"""ASCII page names from Chinese text, by pinyin: two schemes, because both are published.

``slogan_slug`` names a slogan's page (``slogans/liang-ge-que-li/``: syllables hyphenated,
``+`` and ``%`` spelt out); ``facet_slug`` names a listing page of a speaker, meeting type or
theme (``browse/speakers/xianweishuji/``: syllables run together, long names cut and hashed).
Both addresses are in use (CONTRACT.md lists the slogan pages), so neither scheme can take the
other's place without breaking links; they share the pinyin and the ASCII folding.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pypinyin import lazy_pinyin

FACET_CHARS = 40  # a longer facet slug is cut and given a hash of the value


def _ascii(text: str) -> str:
    """Lower case, every run of anything but a-z and 0-9 one hyphen, none at the ends."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def slogan_slug(term: str) -> str:
    """A slogan page's name: the term's pinyin, a hyphen between syllables.

    >>> [slogan_slug(t) for t in ("两个确立", "1+1+N", "10%工作法", "绿水青山", "“”")]
    ['liang-ge-que-li', '1-plus-1-plus-n', '10-pct-gong-zuo-fa', 'lv-shui-qing-shan', 'slogan']
    """
    text = "-".join(lazy_pinyin(term, errors="default")).lower()
    text = text.replace("+", "-plus-").replace("＋", "-plus-").replace("%", "-pct-").replace("％", "-pct-")
    return _ascii(text) or "slogan"


def facet_slug(value: str) -> str:
    """A listing page's name for a value (pinyin run together, no tone marks); "v" when nothing is left.

    >>> facet_slug("县委书记"), facet_slug("党风廉政建设会议"), facet_slug("Ｃ919 项目"), facet_slug("——")
    ('xianweishuji', 'dangfenglianzhengjianshehuiyi', 'c919-xiangmu', 'v')
    """
    text = _ascii("".join(lazy_pinyin(unicodedata.normalize("NFKC", value))))  # the slug only; never shown
    if len(text) > FACET_CHARS:
        text = text[:FACET_CHARS].rstrip("-") + "-" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:6]
    return text or "v"
