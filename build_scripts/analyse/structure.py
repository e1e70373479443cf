"""Find a speech's structure: title line, part headings, paragraphs.

Headings are recognised by the numbering styles of the genre: ``一、``, ``第一，``,
``（一）``, ``1.``/``1、``, ``（1）``, ``①`` and the lead-ins ``一是``/``一要``/``二要``.
A heading glued to the first sentence of its paragraph (``第一，……方向。市县的工作……``)
is split after its first sentence; no character is added or lost. Heading levels
follow a fixed rank of styles, counting only the styles the speech uses, so a
speech whose top parts are ``（一）`` still gets ``<h2>`` parts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from build_scripts.analyse.clean import (
    _BYLINE,
    _DASH,
    _DATE_LINE,
    _DATELINE,
    _GENRE,
    _LOST_SPACES,
    _SUBTITLE_LINE,
    DASH_CLASS,
    _compact,
    _document_start,
    _title_block_top,
    bare,
    is_deck,
    strip_boilerplate,
    trim_page,
)
from build_scripts.analyse.fold import reading, reading_places, written_span
from build_scripts.analyse.leaders import BYLINE_MARKS, byline_name, names_pattern
from build_scripts.analyse.numerals import YEAR, cn_number
from build_scripts.model import Block, Document, Heading, Paragraph

_CN = "一二三四五六七八九十"
_WS = " \t\u3000\xa0\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True)
class _Style:
    name: str
    rank: int
    pattern: re.Pattern[str]
    max_len: int  # longest plausible heading sentence
    needs_stop: bool  # the heading must end in a full stop (lead-ins)


_STYLES: tuple[_Style, ...] = (
    _Style("一、", 0, re.compile(rf"^[{_CN}]{{1,3}}、"), 150, False),
    _Style("第一，", 1, re.compile(rf"^第[{_CN}]{{1,3}}[，、,：:]"), 150, False),
    _Style("（一）", 2, re.compile(rf"^[（(][{_CN}]{{1,3}}[）)]"), 150, False),
    _Style("1.", 3, re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)"), 100, False),
    _Style("（1）", 4, re.compile(r"^[（(]\d{1,2}[）)]"), 100, False),
    _Style("①", 5, re.compile(r"^[\u2460-\u2473]"), 100, False),
    _Style("一是", 6, re.compile(rf"^(?:[{_CN}]{{1,3}}(?:是|要|方面)|[{_CN}]{{1,3}}个方面)"), 40, True),
)
_STOP = re.compile(r"[。！？!?]")
_TITLE_END = re.compile(r"[。；，！？!?;,：:]$")  # (a news lead's 全文如下： ends a sentence, not a title)
# A page's field (报告场合:第八届全国人民代表大会第三次会议), not a title; a leader's or an office's
# name before a title is read apart (_LEADER_PREFIX, _OFFICE_PREFIX).
_FIELD = re.compile(
    r"^[\u4e00-\u9fff]{2,6}?(?:场合|时间|地点|日期|来源|作者|类别|分类|栏目|出处|单位|标签)[:：]"
    r"|^(?:[\u4e00-\u9fff][ \u3000\xa0]{2,}){1,3}[\u4e00-\u9fff][ \u3000\xa0]+\S"  # a portal's table row (来        源 ……)
)
_DATE_ONLY = re.compile(
    r"^[•●▪·]?\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?$"
)  # an issue's date, not a title
_SALUTATION = re.compile(r"^(?:同志们|各位|尊敬的|女士们|大家好)")


def parse_document(text: str) -> Document:
    """Split decoded speech text into a ``Document``: title, headings, paragraphs, removed lines.

    >>> d = parse_document("在全县大会上的讲话\\n同志们：\\n一、抓落实。要抓好。\\n一要对标。我们要。")
    >>> d.title, [(b.anchor, b.text) for b in d.blocks]
    ('在全县大会上的讲话', [('p1', '同志们：'), ('s1', '一、抓落实。'), ('p2', '要抓好。'), ('s2', '一要对标。'), ('p3', '我们要。')])
    >>> d = parse_document("政 府 工 作 报 告\\n——2020年1月21日在保定市满城区第二届人民代表大会第四次会议上\\n各位代表：")
    >>> d.title, d.title_line, d.subtitle
    ('政府工作报告', '政 府 工 作 报 告', Paragraph(n=1, text='——2020年1月21日在保定市满城区第二届人民代表大会第四次会议上'))
    >>> d = parse_document("下面是小编为大家整理的市委书记在全市大会上的讲话，供大家参考。\\n同志们：\\n今天开会。")
    >>> d.title, d.removed, d.blocks[0].text
    ('市委书记在全市大会上的讲话', ('下面是小编为大家整理的市委书记在全市大会上的讲话，供大家参考。',), '同志们：')
    """
    read = reading(text)
    if read is text:
        return _parse(text)
    return _as_written(_parse(read), read, text)


def _as_written(doc: Document, read: str, text: str) -> Document:
    """``doc``, parsed from ``read`` (``reading(text)``: traditional characters as simplified, one for
    one, zero-width characters dropped), with every string as ``text`` writes it: found at its
    places (blocks in reading order), else spelt back character by character as this text spells them."""
    places = reading_places(text) if len(read) != len(text) else None
    back: dict[str, str] = {}
    for r, w in zip(read, (text[i] for i in places) if places is not None else text, strict=True):
        if r != w:
            back.setdefault(r, w)
    cursor = 0

    def written(s: str, in_order: bool = False, glossed: bool = True) -> str:
        """``glossed=False``: the characters read, as written, without the pinyin glosses and the
        zero-width characters between them (the shown title; its line keeps them)."""
        nonlocal cursor
        at = read.find(s, cursor) if in_order else -1
        at = at if at >= 0 else read.find(s)
        if at < 0:
            return "".join(back.get(c, c) for c in s)
        if in_order:
            cursor = at + len(s)
        if not glossed and places is not None:
            return "".join(text[places[i]] for i in range(at, at + len(s)))
        return written_span(text, places, at, len(s))

    def maybe(s: str | None) -> str | None:
        return written(s) if s is not None else None

    blocks = tuple(replace(b, text=written(b.text, in_order=True)) for b in doc.blocks)
    title, line = (written(doc.title, glossed=False), written(doc.title)) if doc.title is not None else (None, None)
    n = doc.subtitle.n if doc.subtitle is not None else None
    subtitle = next((b for b in blocks if isinstance(b, Paragraph) and b.n == n), None)
    return replace(
        doc,
        title=title,
        blocks=blocks,
        removed=tuple(written(r) for r in doc.removed),
        title_line=maybe(doc.title_line) or (line if line != title else None),
        subtitle=subtitle,
        header=tuple((written(k), written(v)) for k, v in doc.header),
        page_heading=maybe(doc.page_heading),
    )


def _parse(text: str) -> Document:
    lines = _join_split_date([line for line in (line.strip(_WS) for line in text.split("\n")) if line])
    if len(lines) <= 2:  # a text that lost its line ends: its page's furniture is cut out as lines
        lines = _split_run_ons(lines)
    page = trim_page(lines)
    kept, removed = strip_boilerplate(page.kept)
    kept = _reflow(kept)
    kept = _split_run_ons(kept)
    kept = [piece for i, line in enumerate(kept) for piece in (_split_spaced_head(line) if i < 3 else (line,))]
    kept = [piece for i, line in enumerate(kept) for piece in (_split_glued_byline(line) if i < 3 else (line,))]
    kept = [piece for i, line in enumerate(kept) for piece in (_split_glued_salutation(line) if i < 3 else (line,))]
    kept = [piece for i, line in enumerate(kept) for piece in (_split_dated_salutation(line) if i < 4 else (line,))]
    kept = _join_wrapped_subtitle(kept)
    heading = page.heading
    editor = next((i for i, line in enumerate(kept[:3]) if _EDITOR_LINE.match(line)), None)
    if editor is not None:  # a document site's line that names the text: furniture, and the title's words
        line = kept.pop(editor)
        removed.append(line)
        heading = heading or _EDITOR_LINE.match(line).group("title")  # type: ignore[union-attr]
    found = _take_title(kept, heading, page.header)
    blocks = _blocks(found.body)
    subtitle = next((b for b in blocks if isinstance(b, Paragraph) and b.text == found.subtitle), None)
    return Document(
        title=found.title,
        blocks=blocks,
        removed=tuple(page.removed + removed),
        title_line=found.line if found.line != found.title else None,
        subtitle=subtitle,
        header=tuple(page.header),
        page_heading=page.heading,
    )


# A subtitle cut at its line's end (——2016年1月29日在天长市第十五届人民代表大会 / 第六次会议上).
_SUBTITLE_OPEN = re.compile(rf"^(?:{_DASH}+\s*)?[（(]?\s*{YEAR}\s*年[^，。；]{{0,14}}?[日号]\s*在[^，。；]{{2,60}}$")
_SUBTITLE_REST = re.compile(r"^[^，。；：:]{1,24}?(?:上|时|中)(?:的(?:讲话|报告|发言|致辞))?[）)]?$")


_DATE_PIECE = re.compile(r"\d{1,4}|[年月日号]")


def _join_split_date(lines: list[str]) -> list[str]:
    """A date a page cut into one line a piece (2020 / 年 / 09 / 月 / 17 / 日) as one line.

    >>> _join_split_date(["讲话", "彭清华", "2020", "年", "09", "月", "17", "日", "同志们："])
    ['讲话', '彭清华', '2020年09月17日', '同志们：']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and j - i < 6 and _DATE_PIECE.fullmatch(lines[j]):
            j += 1
        joined = "".join(lines[i:j])
        if j - i >= 3 and re.fullmatch(r"\d{4}年\d{1,2}月(?:\d{1,2}[日号])?", joined):
            out.append(joined)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _join_wrapped_subtitle(lines: list[str]) -> list[str]:
    """The title block's subtitle in one line when its end was wrapped onto the next.

    >>> _join_wrapped_subtitle(["政府工作报告", "——2016年1月29日在天长市第十五届人民代表大会", "第六次会议上", "各位代表："])
    ['政府工作报告', '——2016年1月29日在天长市第十五届人民代表大会第六次会议上', '各位代表：']
    """
    for i, line in enumerate(lines[:8]):
        if i + 1 < len(lines) and _SUBTITLE_OPEN.match(line) and not re.search(r"(?:上|时|中)[）)]?$", line):
            if _SUBTITLE_REST.match(lines[i + 1]):
                return [*lines[:i], line + lines[i + 1], *lines[i + 2 :]]
    return lines


# A document site's editor's line above a text (下面是小编为大家整理的……，供大家参考。).
_EDITOR_LINE = re.compile(
    r"^(?:[^。！？]{2,40}[?？。！]\s*(?:那么)?[，,]?\s*)?"  # (a site's question first: 如何在……上讲话?那么,)
    r"(?:下面|以下)是?(?:小编|本站|笔者)?(?:给|为(?:大家|您|你))?(?:大家)?(?:精心)?(?:整理|收集|搜集|分享|带来)(?:收集)?(?:的|了)(?:一篇)?(?:关于)?"
    r"(?P<title>[^，,。]{6,80}?)[，,。]\s*(?:供(?:大家|您|你)?(?:阅读)?参考|仅供参考|希望|欢迎|请参考|大家可以)[^\n]{0,40}$"
)


@dataclass(frozen=True)
class _Title:
    title: str | None  # as shown
    line: str | None  # as written
    subtitle: str | None  # the subtitle line's text (a body line)
    body: list[str]


_INLINE_SUBTITLE = re.compile(rf"^(?P<title>[^{DASH_CLASS}]{{2,60}}?)\s*(?P<sub>{_DASH}+\s*(?:{YEAR}\s*年|在).*)$")
_SPACED = re.compile(r"^(?:[\u4e00-\u9fff](?:[\s\u3000]+|\?{2,}|？{2,})){2,}[\u4e00-\u9fff]$")
_LEADER_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:主席|总书记|总理|同志)?(?:[：:]\s*|(?=在.+(?:上|时)的))")
# An office and a name before the title (an exported article's heading: 湖南省政协主席张建平：以改革举措……).
_OFFICE_PREFIX = re.compile(
    r"^[\u4e00-\u9fff、]{0,20}?(?:政协主席|人大常委会主任|书记|省长|市长|县长|区长|州长|旗长|盟长|主席|主任|部长|厅长|局长)"
    r"[\s\u3000]*(?P<name>[\u4e00-\u9fff]{2,3})[：:]\s*(?=\S)"
)
_YEAR_LABEL = re.compile(rf"^({YEAR})\s*年\s*(?=(?:政府)?工作报告$)")
_GENERIC_TITLE = re.compile(
    rf"^(?:{YEAR}\s*年(?:度)?)?[\u4e00-\u9fff]{{0,12}}?(?:{YEAR}\s*年(?:度)?)?(?:人民)?(?:政府)?工作报告(?:（全文）)?$"
)


def _take_title(lines: list[str], heading: str | None, header: list[tuple[str, str]]) -> _Title:
    """The title: the line above the dated subtitle, else the first line of the title block when it
    reads as a title; else the web page's heading, else the crawler's title field unless it is a
    generic label. Lines are recognised without their Markdown (``# 标题``, ``**（日期）**``)."""
    marks = [bare(line) for line in lines]
    start = _document_start(lines)
    top = _title_block_top(lines, start)
    block = range(top, min(start + 1, len(lines)))
    sub = next((i for i in block if _SUBTITLE_LINE.match(marks[i]) or _DATE_LINE.match(marks[i])), None)
    if sub is not None and sub > top:
        first = sub - 1
        end = sub  # the title's last line + 1: a leader's byline between title and date line stays a block
        if first > top and (byline_name(marks[first]) or _name_under_title(marks[first - 1], marks[first])):
            first, end = first - 1, first
        inline = _INLINE_SUBTITLE.match(marks[first])
        if inline and _looks_like_title(inline.group("title")):
            return _split_inline(lines, first, inline.group("title"), lines[sub:])
        while first > top and _is_fragment(marks[first - 1]) and _is_fragment(marks[first], 20):
            first -= 1
        speech = next((j for j in range(top, first) if _SPEECH_TITLE.match(marks[j])), None)
        if speech is not None and not _SPEECH_TITLE.match(
            marks[first]
        ):  # 在……上的讲话 / 用心用爱…… / 以良好的…… / (日期)
            first, end = speech, speech + 1
        if first > top and end - first == 1 and _broken_title(marks[first - 1], marks[first]):
            first -= 1
        line = "".join(marks[first:end])
        if _looks_like_title(line) and not _SUBTITLE_LINE.match(line) and not _BYLINE.search(line):
            written = "".join(lines[first:end])
            return _Title(_shown(line, marks[sub]), written, lines[sub], lines[:first] + lines[end:])
    if lines:
        i = top if top < len(lines) else 0
        m = _INLINE_SUBTITLE.match(marks[i])
        if m and _looks_like_title(m.group("title")):
            return _split_inline(lines, i, m.group("title"), lines[i + 1 :])
        if i > 0 and _broken_title(marks[i - 1], marks[i]):
            i -= 1  # the block's top is the title's second line (its first taken for a sentence)
        elif heading and i + 1 < len(lines) and _compact(marks[i + 1]) == _compact(heading) != _compact(marks[i]):
            i += 1  # a news headline's kicker (凝心聚力 再谋发展大计) above the headline the page repeats
        if i + 1 < len(lines) and sub != i + 1 and _broken_title(marks[i], marks[i + 1]):
            subtitle = lines[sub] if sub is not None else None
            joined = marks[i] + marks[i + 1]
            return _Title(_shown(joined, subtitle), lines[i] + lines[i + 1], subtitle, lines[:i] + lines[i + 2 :])
        if (
            sub != i
            and _looks_like_title(marks[i])
            and not _DATELINE.match(marks[i])
            and (i == 0 or _heads_the_text(marks, i, start))
            and not (heading and is_deck(marks[i]))  # a headline's deck under the page's own heading
        ):
            subtitle = lines[sub] if sub is not None else None
            shown = marks[i]
            said = _said_lines(marks, i, start)  # 杜家毫主持召开……会议强调 / 坚持…… / 不断提高……
            if said > 1:
                joined = "".join(marks[i : i + said])
                return _Title(
                    _shown(joined, subtitle), "".join(lines[i : i + said]), subtitle, lines[:i] + lines[i + said :]
                )
            if (
                heading
                and len(_compact(shown)) <= 12
                and not shown.startswith(("在", "关于"))  # a title of its own (the heading adds the speaker)
                and len(_compact(heading)) > len(_compact(shown))
                and _compact(heading).endswith(_compact(shown))
            ):
                shown = (
                    heading  # the line is the end of a title wrapped over two (its first cut out with the page's top)
                )
            return _Title(_shown(shown, subtitle), lines[i], subtitle, lines[:i] + lines[i + 1 :])
    subtitle = lines[sub] if sub is not None else None
    for candidate in (heading, dict(header).get("标题")):
        if candidate:
            m = _INLINE_SUBTITLE.match(candidate)
            title = m.group("title") if m else candidate
            if candidate is not heading and _GENERIC_TITLE.match(_compact(title)):
                continue  # a collection's label ("2021年保定市政府工作报告"), not the document's title
            if _looks_like_title(title):
                return _Title(_shown(title, subtitle or (m.group("sub") if m else None)), title, subtitle, lines)
    return _Title(None, None, subtitle, lines)


def _split_inline(lines: list[str], i: int, title: str, after: list[str]) -> _Title:
    """A title with its subtitle glued on (``政府工作报告——2020年…会议上``): the line cut after the
    title's words (any Markdown before them goes with the title), nothing lost."""
    cut = lines[i].find(title) + len(title)
    written, rest = lines[i][:cut], lines[i][cut:]
    return _Title(_shown(title, rest), written, rest, lines[:i] + [rest] + after)


def _said_lines(marks: list[str], i: int, start: int) -> int:
    """How many lines a headline takes that ends its first on what someone 强调 (指出, 要求, 表示)
    and says it on the next one or two, short and no sentence, above the text's start; else 1.

    >>> _said_lines(["书记主持召开会议强调", "坚持新理念", "不断提高能力和水平", "12月12日讯 今天上午，……。"], 0, 3)
    3
    >>> _said_lines(["县委书记在全县大会上的讲话", "同志们："], 0, 1)
    1
    """
    if not re.search(r"(?:强调|指出|要求|表示)$", marks[i]):
        return 1
    n = 1
    while n < 3 and i + n < start and _says_on(marks[i + n]):
        n += 1
    return n


def _says_on(line: str) -> bool:
    """A headline's next line that goes on with what was said: short, a title's words, no sentence,
    no byline (县委书记 张明) and no note in brackets (（根据录音整理）)."""
    return (
        2 <= len(line) <= 30
        and not re.search(r"[。！？；]", line)
        and not line.startswith(("（", "("))
        and _looks_like_title(line)
        and not _BYLINE.search(line)
        and not byline_name(line)
    )


def _heads_the_text(marks: list[str], i: int, start: int) -> bool:
    """Whether a title-like line below the page's own lines (a news lead) is the document's title:
    it names its kind (讲话, 报告 …) and the text's opening follows it closely."""
    return bool(_GENRE.search(marks[i])) and start - i <= 3


# The end of a title: what kind of text it is (……的讲话, 工作报告, 讲话稿, 讲话（摘要）).
_GENRE_END = re.compile(
    r"(?:讲话|报告|发言|致辞|演讲|主持词|党课|讲稿)(?:稿|提纲|要点)?(?:[（(][^（）()]{1,12}[）)])?$"
)
_MEETING_SPAN = re.compile(r"在.{2,58}?(?:上|时|中)的")


# A title that says what the text is: 在全县……结业仪式上的讲话.
_SPEECH_TITLE = re.compile(r"^在[^，。；：:]{2,60}?(?:上|时)的(?:讲话|致辞|发言|报告|总结讲话|主持词)$")


def _broken_title(first: str, second: str) -> bool:
    """
    A title cut over two lines: the first ends inside the meeting's name or just before the
    text's kind, the second ends with the kind.

    >>> _broken_title("县委书记李四在全县", "经济工作会议上的讲话"), _broken_title("在全县经济工作会议上的", "讲话")
    (True, True)
    >>> _broken_title("坚定信心 真抓实干", "在全县经济工作会议上的讲话")  # a main title above its subtitle
    False
    >>> _broken_title("在全县经济工作会议上的讲话", "在分组讨论时的发言")  # two titles
    False
    >>> _broken_title("中国人民政治协商会议", "第七届磐安县委员会常务委员会工作报告")
    True
    """
    joined = first + second
    if _GENRE_END.search(first) or not _GENRE_END.search(second):
        return False
    if not (_looks_like_title(first) and _looks_like_title(second) and _looks_like_title(joined)):
        return False
    if _SUBTITLE_LINE.match(second) or _DATE_LINE.match(second) or byline_name(first):
        return False
    meeting = _MEETING_SPAN.search(joined)
    if meeting is not None and meeting.start() < len(first) <= meeting.end():
        return True
    # (中国人民政治协商会议 / 第七届磐安县委员会常务委员会工作报告: an organ's name, then its term)
    return len(second) <= 4 or bool(
        re.match(r"第[一二三四五六七八九十\d]+届", second) and re.search(r"会议|委员会$", first)
    )


def _name_under_title(title: str, line: str) -> bool:
    """A speaker's name alone on the line under a title that ends with its kind (在迎春茶话会上的致辞 /
    周生信 / (2004年1月19日)): a byline, not the title.

    >>> _name_under_title("在迎春茶话会上的致辞", "周 生 信"), _name_under_title("在迎春茶话会上的致辞", "春节致辞")
    (True, False)
    """
    name = re.sub(r"[\s\u3000\xa0]+", "", line)
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name) and _SURNAME.match(name) and _GENRE_END.search(title))


def _is_fragment(line: str, longest: int = 8) -> bool:
    """A short piece of a title broken over lines: words only, no punctuation."""
    return len(line) <= longest and bool(re.fullmatch(r"[\u4e00-\u9fff]+", line))


# A document site's category tag before the title ([领导讲话]……, 【讲话稿】……, 经典|……), a table's
# rule (| ……), an anthology's item number (第一篇：……, 篇一：……).
_TAG_PREFIX = re.compile(
    rf"^(?:\[[^\[\]]{{1,16}}\]|【[^【】]{{1,16}}】|[^|｜\s]{{0,8}}[|｜]|第[{_CN}\d]{{1,3}}篇[:：]?|篇[{_CN}\d]{{1,3}}[:：]"
    r"|[\u4e00-\u9fff]{0,4}(?:名称|题名|标题|篇名)[:：]"  # (a library record's 颗粒名称: ……)
    r"|第\d{1,3}页\s*/?\s*共\d{1,3}页|\d(?=[\u4e00-\u9fff])(?![年月日号届次个项条点])"  # a page's number glued on
    r")[\s\u3000]*"
)
# A page's heading glued to the title it repeats (……座谈会上讲话县长在……座谈会上的讲话): the second.
_REPEATED = re.compile(r"^(?P<a>.{6,60}?(?:讲话|报告|发言|致辞))(?P<b>.{6,60}?(?:讲话|报告|发言|致辞)[稿]?)$")
_DATED_END = re.compile(rf"\s*[（(]\s*{YEAR}\s*年[^（）()]{{1,30}}[）)]$")


def _shown(title: str, subtitle: str | None) -> str:
    """The title as shown: spacing of a spaced-out title and lost-space runs removed, a leader's
    name before ``在……上的讲话`` and a ``（全文）`` or a document site's ``(精选6篇)`` label dropped,
    and a year label before a bare ``政府工作报告`` dropped when the subtitle gives the date.

    >>> _shown("政 府 工 作 报 告", None), _shown("政??府??工??作??报??告", None)
    ('政府工作报告', '政府工作报告')
    >>> _shown("习近平在首都各界纪念现行宪法公布施行30周年大会上的讲话", None)
    '在首都各界纪念现行宪法公布施行30周年大会上的讲话'
    >>> _shown("1992年政府工作报告", "——１９９２年３月２０日在第七届全国人民代表大会第五次会议上")
    '政府工作报告'
    >>> _shown("2025年上海市政府工作报告", "——2025年1月15日在上海市第十六届人民代表大会第三次会议上")
    '2025年上海市政府工作报告'
    >>> _shown("凝心聚力　奋勇争先", None), _shown("县委书记在全县大会上的讲话", None)
    ('凝心聚力　奋勇争先', '县委书记在全县大会上的讲话')
    >>> _shown("政协大会闭幕词(精选6篇)", None)
    '政协大会闭幕词'
    >>> _shown("政府工作报告（2010年3月1日）", None), _shown("在学习会上的讲话（2020年11月24日，区委）", None)
    ('政府工作报告', '在学习会上的讲话')
    >>> _shown("湖南省政协主席张建平：以改革举措加强国家战略腹地建设", None), _shown("县域经济：高质量发展的新路径", None)
    ('以改革举措加强国家战略腹地建设', '县域经济：高质量发展的新路径')
    >>> _shown("[领导讲话]县委书记在全县大会上的讲话", None), _shown("县长在座谈会上讲话县长在座谈会上的讲话", None)
    ('县委书记在全县大会上的讲话', '县长在座谈会上的讲话')
    >>> _shown("经典|在区人代会闭幕式上的讲话", None), _shown("颗粒名称: 在兰花节开幕式上的讲话", None)
    ('在区人代会闭幕式上的讲话', '在兰花节开幕式上的讲话')
    >>> _shown("市政协工作报告篇1", None), _shown("2026年横州市政府工作报告VIP专享", None), _shown("政协大会闭幕词1", None)
    ('市政协工作报告', '2026年横州市政府工作报告', '政协大会闭幕词')
    >>> _shown("当选市长后的讲话(全文1896字)", None), _shown("街道主任在社区居委会交流会议上的讲话(办公室)[VIP]", None)
    ('当选市长后的讲话', '街道主任在社区居委会交流会议上的讲话')
    >>> _shown("(内蒙古)2022年正蓝旗人民政府工作报告", None), _shown("在工业强县暨投资促进大会上讲话(范文推荐)", None)
    ('2022年正蓝旗人民政府工作报告', '在工业强县暨投资促进大会上讲话')
    >>> _shown("1政府工作报告", None), _shown("第1页共4页镇党委书记讲话", None), _shown("1月份工作会议上的讲话", None)
    ('政府工作报告', '镇党委书记讲话', '1月份工作会议上的讲话')
    >>> _shown("(原标题:李正朴书记调研指导新区开发建设工作)", None)
    '李正朴书记调研指导新区开发建设工作'
    >>> _shown("金华市委常委、义乌市委书记王健:在义乌市场建设40周年大会上讲话(20221125)", None)
    '在义乌市场建设40周年大会上讲话'
    >>> _shown("在学习贯彻党的二十大精神报告会上的讲话", None), _shown("在 2026 年全县政法工作会议上的讲话", None)
    ('在学习贯彻党的二十大精神报告会上的讲话', '在2026年全县政法工作会议上的讲话')
    """
    shown = bare(title.strip(_WS)).rstrip("※*＊")  # (a footnote's mark after the title)
    shown = re.sub(r"^[（(]原标题[：:]\s*(.+?)[）)]$", r"\1", shown)  # a repost's (原标题:……) alone
    tagged = _TAG_PREFIX.match(shown)
    if tagged and _looks_like_title(shown[tagged.end() :]):
        shown = shown[tagged.end() :]
    repeated = _REPEATED.match(shown)
    if repeated and repeated.group("a")[:4] == repeated.group("b")[:4]:
        shown = repeated.group("b")
    if _SPACED.match(shown):
        shown = _compact(shown)
    shown = _LOST_SPACES.sub("", shown)
    shown = _DIGIT_SPACE.sub("", shown)  # a PDF's spacing around numbers (在 2026 年全县……)
    for label in _SITE_LABELS:
        shown = label.sub("", shown)
    dated = _DATED_END.search(shown)
    if dated and dated.start() >= 2:  # 政府工作报告（2010年3月1日）: the date is the date's, not the title's
        shown = shown[: dated.start()]
    m = _LEADER_PREFIX.match(shown)
    if m and not _ROLE_WORD.search(m.group()) and _SURNAME.match(shown):
        shown = shown[m.end() :]
    m = _OFFICE_PREFIX.match(shown)
    if m and _SURNAME.match(m.group("name")):
        shown = shown[m.end() :]
    m = _YEAR_LABEL.match(shown)
    if m and subtitle:
        year = re.search(YEAR, subtitle)
        if year and cn_number(year.group()) == cn_number(m.group(1)):
            shown = shown[m.end() :]
    return shown


# What sites put before or after a title, in the order they are taken off: a PDF's page mark
# (-1-在……), [VIP], a category in brackets or glued on (……的讲话(办公室), ……的讲话经济工作), (全文1896字),
# (精选6篇), a region tag ((内蒙古)2022年……), an anthology's item number (……报告篇1, ……闭幕词1), VIP专享.
_SITE_LABELS = tuple(
    re.compile(pattern)
    for pattern in (
        r"^[-－—]\s*\d{1,3}\s*[-－—]\s*(?=\S{4})",
        r"(?<=\S)\s*(?:\[VIP\]|【VIP】)$",
        r"(?<=[告话词言稿])[（(](?:办公室|党建|讲话|领导讲话|发言)[）)]$",
        r"(?<=的讲话)(?:经济工作|党建工作|组织工作|领导讲话|范文)$|(?<=[告话词言稿])范文$",
        r"\s*[（(](?:全文(?:\d+字)?|(?:精选|通用|优选|热门|最新|推荐|范文|合集)?\s*\d{1,2}\s*篇)[）)]$",
        r"^[（(](?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|"
        r"海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆)[）)](?=\S{6})",
        r"(?<=[告话词言])(?:篇[一二三四五六七八九十\d]{1,2}|\d{1,2})$",
        r"(?<=\S)\s*VIP专[享免]$",
        r"(?<=\S{4})\s*[（(](?:范文推荐|范文|推荐|精选|荐|图|组图|视频|转载|原创|可编辑|word版)[）)]$",  # (范文推荐), (图)
        r"^第[A-Z]?\d{1,3}版(?:[（(][^）)]{1,6}[）)])?(?:专栏)?[:：]\s*(?=\S{4})",  # an e-paper's page label: 第1版(要闻)专栏:
        r"(?<=\S{4})\s*[Ww]ord下载(?:\.docx?)?$",  # a document site's Word下载.docx
        r"(?<=\S{4})\s*[（(](?:19|20)\d{6}[）)]$",  # a document site's date stamp: ……讲话(20221125)
    )
)
_DIGIT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \xa0]+(?=\d)|(?<=\d)[ \xa0]+(?=[\u4e00-\u9fff])")
# A name is told from a role by its surname: the 100 commonest Chinese surnames.
_SURNAME = re.compile(
    "^(?:王|李|张|刘|陈|杨|黄|赵|吴|周|徐|孙|马|朱|胡|郭|何|高|林|罗|郑|梁|谢|宋|唐|许|韩|冯|邓|曹|彭|曾|肖|田|董|袁|潘|于|蒋|"
    "蔡|余|杜|叶|程|苏|魏|吕|丁|任|沈|姚|卢|姜|崔|钟|谭|陆|汪|范|金|石|廖|贾|夏|韦|付|方|白|邹|孟|熊|秦|邱|江|尹|薛|闫|段|雷|"
    "侯|龙|史|陶|黎|贺|顾|毛|郝|龚|邵|万|钱|严|覃|武|戴|莫|孔|向|汤|习|温|栗|俞|仲)"
)
_ROLE_WORD = re.compile(r"[省市县区旗州盟镇乡委]|书记|长$|部")


def _looks_like_title(line: str) -> bool:
    """
    >>> _looks_like_title("在县委全会上的总结讲话"), _looks_like_title("同志们：")
    (True, False)
    >>> _looks_like_title("一、坚持做到“两个维护”")
    False
    >>> _looks_like_title("政  府  工  作  报  告"), _looks_like_title("来        源 乌恰县人民政府办公室")
    (True, False)
    """
    line = _LOST_SPACES.sub(" ", line)
    return (
        0 < len(_compact(line)) <= 60
        and not re.search(r"[、，,]$", line)  # a sentence cut at its line's end (……企事业单位、)
        and not re.fullmatch(r"【(?:资料图|资料图片|图片|视频)】", line.strip())  # an image's place
        and not (
            len(_compact(line)) <= 3 and _SURNAME.match(_compact(line)) and not _GENRE.search(line)
        )  # an author's name
        and not re.match(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号][，,]", line)  # a lead's first words (1月7日,……召开“……)
        and not _TITLE_END.search(line)
        and not _SALUTATION.match(line)
        and not _STOP.search(line)
        and not _DATE_ONLY.match(_compact(line))
        and not re.search(
            r"\s[|｜]$|[\s\u3000（(][\u4e00-\u9fff]{2,4}\s*/?\s*摄[）)]?$", line
        )  # a photo's caption (…… 邹家旺 摄, ……现场(李玉飞/摄))
        and not (  # a name spaced out (陆 浩), not a short title spaced out (开 幕 词, 序 言)
            re.fullmatch(r"[\u4e00-\u9fff](?:[\s\u3000]+[\u4e00-\u9fff]){1,2}", line.strip())
            and not re.search(r"[词言记语辞话]$", line.strip())
        )
        and not (_FIELD.match(line) and not _SPACED.match(line))  # (政  府  工  作  报  告 is a title)
        and not (  # a byline alone (not 区政府召开区长办公会: a meeting held)
            _BYLINE.search(line)
            and "在" not in line
            and not _GENRE.search(line)
            and not re.search(r"召开|举行|会见|接见|会议?$", line)
        )
        and _heading_style(line) is None
    )


_OPEN_END = re.compile(r"[^。！？!?；;：:…”’」』）)》]$")  # a line that ends inside a sentence
_GOES_ON = re.compile(r"^[，、。；：！？!?,;:）)」』”’》]")  # a line that starts inside one
# A line that starts a new element of its own: a salutation, a subtitle's dash, a date in brackets.
_NEW_ELEMENT = re.compile(rf"^(?:同志们[：:，,！!]|各位[^，。]{{0,12}}[：:]|尊敬的|女士们|{DASH_CLASS}|[（(【\[])")


def _reflow(lines: list[str]) -> list[str]:
    """The paragraphs of a hard-wrapped text (a PDF's or a word processor's export: every line cut at
    one width, sentences running on from line to line) joined back; nothing added or lost.

    A text is wrapped when at least five lines, and a quarter of its lines over ten characters, are
    one width (±1, at least 15 characters) and end inside a sentence. Below the salutation a line
    that wide runs on into the next (and one up to six shorter, indented, that ends inside a
    sentence), but not from a sentence's end into a short line that ends none (a heading);
    above it, a line that wide that ends inside a sentence (a long title and a subtitle are cut
    too); not a heading, nor into a heading or a line that starts an element of its own (a
    salutation, a subtitle's dash, a bracketed date, a byline); a line that starts with a comma or a closing mark (a page's end cut the
    sentence) always does.

    >>> wrapped = ["同志们：", *["今天我们召开全县大会，主要任务是部署今年的工"] * 6, "作。", "一、抓落实", "要抓。"]
    >>> _reflow(wrapped)[1:]
    ['今天我们召开全县大会，主要任务是部署今年的工今天我们召开全县大会，主要任务是部署今年的工今天我们召开全县大会，主要任务是部署今年的工今天我们召开全县大会，主要任务是部署今年的工今天我们召开全县大会，主要任务是部署今年的工今天我们召开全县大会，主要任务是部署今年的工作。', '一、抓落实', '要抓。']
    >>> _reflow(["同志们：", "一、抓落实", "要抓好。"])
    ['同志们：', '一、抓落实', '要抓好。']
    """
    widths = Counter(len(line) for line in lines if len(line) >= 15 and _OPEN_END.search(line))
    if not widths:
        return lines
    width = max(widths, key=lambda w: (widths[w - 1] + widths[w] + widths[w + 1], w))
    wrapped = widths[width - 1] + widths[width] + widths[width + 1]
    if wrapped < 5 or wrapped < 0.25 * sum(len(line) > 10 for line in lines):
        return lines
    out: list[str] = []
    runs_on = ended = saluted = False  # the last line runs on; it ran on to a sentence's end
    for line in lines:
        numbered = _heading_style(line) is not None
        new = numbered or bool(_NEW_ELEMENT.match(line) or _BYLINE.search(line))
        # after a full line that ended a sentence, a short line that ends none is a heading
        unnumbered = ended and len(line) < width - 3 and bool(_OPEN_END.search(line))
        if out and ((runs_on and not new and not unnumbered) or _GOES_ON.match(line)):
            out[-1] += line
        else:
            out.append(line)
        saluted = saluted or bool(_SALUTATION.match(line))
        open_end = bool(_OPEN_END.search(line))
        full = len(line) >= width - 1
        if numbered and not _STOP.search(line[:-1]):  # a heading alone: cut only if full, inside a sentence
            runs_on = full and open_end
        else:
            # A full line runs on, even where a sentence ended with it (a paragraph's last line is
            # seldom full); one up to six shorter only inside a sentence (a paragraph's first,
            # indented); above the salutation, only a full one inside a sentence.
            runs_on = (full and (saluted or open_end)) or (saluted and open_end and len(line) >= width - 6)
        ended = runs_on and not open_end
    return out


# Where the head (first 600 characters) of a run-on text (a page scraped into one line) breaks:
# after a news agency's dateline, before a dated subtitle, a date or a byline after the title,
# before the salutation and a page's fields, at a run of spaces, after a posting time.
_RUN_ON_HEAD = re.compile(
    rf"(?<=日电)(?=\S)|(?<=[^\s{DASH_CLASS}])(?={_DASH}+\s*(?:{YEAR}\s*年|在))"
    rf"|(?<=讲话|报告|致辞|发言|讲稿)(?={YEAR}\s*年\s*\d{{1,2}}\s*月)"  # a date right after the title
    r"|(?:(?<=[^\s、，,])|(?<=\S[ \u3000]))(?=(?:各位代表|各位委员|同志们|尊敬的|女士们)[：:，,！!、])"  # a space between: the title keeps it
    r"|(?<=讲话|致辞|报告|发言)[ \u3000]+(?=\S)"  # a space after the title's last word
    # the byline after the title (……的讲话市委书记 韩立新), a page's fields (来源：……, 首页 > ……)
    r"|(?<=讲话|致辞|报告|发言)(?=[\u4e00-\u9fff]{0,16}(?:书记|[省市县区镇乡州盟旗]长|主任|主席|总理|厅长|局长|部长)[ \u3000]+\S)"
    r"|(?=(?:发布时间|发布日期|来源|作者|责任编辑|编辑|审核|浏览次数|阅读|点击数)\s*[：:]|首页\s*[>＞»])"
    r"|[ \t\u3000]{2,}|\t"  # an indent or a tab's run: a line end lost; a space before a date or a bracket
    rf"|[ \u3000](?=(?:{YEAR}\s*年|[（(【]))"
    r"|(?<=\d{4}-\d\d-\d\d|\d{4}/\d\d/\d\d)(?![\d:：])(?=\s*\S)|(?<=\d\d:\d\d:\d\d)(?=\s*\S)"
)
# A dateline in brackets, and a salutation, are lines of their own.
_RUN_ON_LINES = re.compile(
    rf"[（(]\s*{YEAR}\s*年[^（）()。]{{1,60}}[）)]|(?:同志们|各位代表|各位委员)[^。！？：:]{{0,20}}[：:]"
)
# Where a text that lost its line ends (a scraper's one line) has its paragraphs: a space after a
# sentence's end, a part heading after one (一、 （一） 第一， 1.), a signature's date at the end.
_RUN_ON_BODY = re.compile(
    r"(?<=[。！？：”’」』）)])[ \t\u3000]+"
    rf"|(?<=[。！？；：])(?=[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[）)]|第[{_CN}]{{1,3}}[，、,]|\d{{1,2}}[.．、](?!\d))"
    rf"|(?<=[。！？])(?=[^。！？]{{0,30}}{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日[）)]?$)"
)


def _split_run_ons(lines: list[str]) -> list[str]:
    """The lines that hold a text run on split (``_split_run_on``): one of 1,000 characters or more,
    or one of 120 or more that holds most of the text (a scraped page that lost its line ends keeps
    a line or two of furniture)."""
    total = sum(len(line) for line in lines)
    return [
        piece
        for line in lines
        for piece in (_split_run_on(line) if len(line) >= 1000 or len(line) >= max(120, 0.6 * total) else (line,))
    ]


def _split_run_on(line: str) -> list[str]:
    """Split a text that lost its line ends at its paragraphs (spaces after a sentence, part headings,
    a closing date), and its head at the dateline, the subtitle, a bracketed date and the
    salutation; no character added or lost but the spaces between paragraphs.

    >>> head = "新华社北京3月14日电政府工作报告——2014年3月5日在第十二届全国人民代表大会第二次会议上各位代表：现在，"
    >>> [p[:12] for p in _split_run_on(head + "我代表国务院。" * 400)]
    ['新华社北京3月14日电', '政府工作报告', '——2014年3月5日在', '各位代表：', '现在，我代表国务院。我代']
    >>> _split_run_on("在全县大会上的讲话（2023年2月6日）同志们：今天开会。一、回顾过去今年以来，好。 二是要实干。县委办公室2023年2月7日")
    ['在全县大会上的讲话', '（2023年2月6日）', '同志们：', '今天开会。', '一、回顾过去今年以来，好。', '二是要实干。', '县委办公室2023年2月7日']
    """
    spans = [(m.start(), m.end()) for m in _RUN_ON_LINES.finditer(line, 0, 600)]
    cuts = sorted({m.start() for m in _RUN_ON_HEAD.finditer(line, 0, 600)}.union(*spans) - {0, len(line)})
    cuts = [c for c in cuts if c < 600]
    head = [line[a:b] for a, b in zip([0, *cuts], [*cuts, 600], strict=True)]
    pieces = head[:-1] + [head[-1] + line[600:]]
    return [piece for part in pieces for piece in (p.strip(_WS) for p in _RUN_ON_BODY.split(part)) if piece]


# A title glued to the salutation (……开幕式上的致辞各位委员、同志们：今天，……), in a line of any length.
_GLUED_SALUTATION = re.compile(
    r"^(?P<title>[^，。；！？]{4,80}?(?:讲话|致辞|报告|发言|讲稿|文稿|讲话稿))[ \u3000]?"
    r"(?=(?:各位代表|各位委员|各位领导|各位同事|同志们|尊敬的)[：:，,！!、])"
)

_TITLE_FORM = re.compile(r"在.{2,60}(?:上|时)的?|工作报告|书记|[省市县区镇乡]长|主席|主任")


# A title, its meeting line and byline on one line, spaced apart (a converted document's head):
# 政府工作报告 在济宁市第十六届人民代表大会第五次会议上(2016年2月16日) 代市长 傅明先.
_SPACED_HEAD = re.compile(
    r"^(?P<t>[^\s，。；]{2,40}?(?:报告|讲话|致辞|发言))[ \u3000]+"
    r"(?P<s>在[^\s，。；]{4,60}?(?:会议|大会)上(?:[（(][^（）()]{4,24}[）)])?)"
    r"(?:[ \u3000]+(?P<b>[^\s，。；]{1,16}(?:长|书记|主任|主席)[ \u3000]*[\u4e00-\u9fff·]{2,8}))?$"
)


def _split_spaced_head(line: str) -> tuple[str, ...]:
    """
    >>> _split_spaced_head("政府工作报告 在济宁市第十六届人民代表大会第五次会议上(2016年2月16日) 代市长 傅明先")
    ('政府工作报告', '在济宁市第十六届人民代表大会第五次会议上(2016年2月16日)', '代市长 傅明先')
    >>> _split_spaced_head("政府工作报告 各位代表")
    ('政府工作报告 各位代表',)
    """
    m = _SPACED_HEAD.match(line)
    if not m:
        return (line,)
    return tuple(g for g in (m.group("t"), m.group("s"), m.group("b")) if g)


def _split_glued_salutation(line: str) -> tuple[str, ...]:
    """A title-like head glued to the salutation: two lines, no character lost.

    >>> _split_glued_salutation("在全县大会上的讲话同志们：今天开会。")
    ('在全县大会上的讲话', '同志们：今天开会。')
    >>> _split_glued_salutation("今天听了报告同志们："), _split_glued_salutation("乡镇镇长述职报告各位领导、同志们:我是")
    (('今天听了报告同志们：',), ('乡镇镇长述职报告', '各位领导、同志们:我是'))
    """
    m = _GLUED_SALUTATION.match(line)
    if not m or not _looks_like_title(m.group("title")) or not _TITLE_FORM.search(m.group("title")):
        return (line,)
    return line[: m.end()], line[m.end() :]


# An anthology's first line with the byline glued between title and text (求是, 文选 exports):
# 全面提高……管理体系※习近平一当前，疫情防控……
_GLUED_BYLINE = re.compile(
    rf"^(?P<title>[^{BYLINE_MARKS}。！？；]{{4,60}}?)(?P<by>[{BYLINE_MARKS}][\s\u3000]*(?:{names_pattern()}))(?=\S)"
)


_GLUED_DATE_LINE = re.compile(rf"^[（(]\s*{YEAR}\s*年[^（）()]{{1,30}}[）)](?=[\s\u3000]*\S)")


def _split_dated_salutation(line: str) -> tuple[str, ...]:
    """A date line glued to the salutation: two lines (a space between them is dropped).

    >>> _split_dated_salutation("（2006年8月30日） 同志们："), _split_dated_salutation("（2006年）同志们好")
    (('（2006年8月30日）', '同志们：'), ('（2006年）同志们好',))
    """
    m = _GLUED_DATE_LINE.match(line)
    rest = line[m.end() :].strip(_WS) if m else ""
    return (m.group(), rest) if m and _SALUTATION.match(rest) and _SALUTE_END.search(rest[:24]) else (line,)


_SALUTE_END = re.compile(r"[：:]")


def _split_glued_byline(line: str) -> tuple[str, ...]:
    """A title glued to a national leader's byline and the text: three lines, no character lost.

    >>> _split_glued_byline("健全国家公共卫生应急管理体系※习近平一当前，疫情防控正处于关键时期。")
    ('健全国家公共卫生应急管理体系', '※习近平', '一当前，疫情防控正处于关键时期。')
    >>> _split_glued_byline("在庆祝改革开放40周年大会上的讲话○习近平（2018年12月18日）同志们，朋友们：今天，")
    ('在庆祝改革开放40周年大会上的讲话', '○习近平', '（2018年12月18日）', '同志们，朋友们：今天，')
    >>> _split_glued_byline("同志们，※习近平总书记指出。")
    ('同志们，※习近平总书记指出。',)
    """
    m = _GLUED_BYLINE.match(line)
    if not m or not _looks_like_title(m.group("title")):
        return (line,)
    rest = line[m.end() :]
    dated = _GLUED_DATE_LINE.match(rest)  # and the date line glued on after the byline
    head = (m.group("title"), m.group("by")) + ((dated.group(),) if dated else ())
    return head + ((rest[dated.end() :].lstrip(_WS),) if dated else (rest,))


def _heading_style(line: str) -> _Style | None:
    return next((s for s in _STYLES if s.pattern.match(line)), None)


def _split_heading(line: str) -> tuple[_Style, str, str] | None:
    """``(style, heading, rest)`` when ``line`` opens with a heading, else None. A Markdown heading
    (``## 一、认清形势``, ``**一、……**``) is one when its words are one; it keeps its markup.

    >>> [(x[0].name, x[1]) for x in (_split_heading("## 一、认清形势"), _split_heading("**（一）抓项目。**"))]
    [('一、', '## 一、认清形势'), ('（一）', '**（一）抓项目。**')]
    """
    style = _heading_style(line)
    if style is None:
        words = bare(line)
        found = _split_heading(words) if words != line else None
        return (found[0], line, "") if found and not found[2] else None
    stop = _STOP.search(line)
    if stop and stop.end() <= style.max_len:
        head, rest = line[: stop.end()], line[stop.end() :]
    elif not style.needs_stop and len(line) <= style.max_len:
        head, rest = line, ""
    else:
        return None
    if style.needs_stop and ("；" in head or not stop):
        return None
    return style, head, rest


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    split = [(_split_heading(line), line) for line in lines]
    used = sorted({s[0].rank for s, _ in split if s})
    level_of = {rank: min(2 + i, 6) for i, rank in enumerate(used)}
    blocks: list[Block] = []
    n_head = n_par = 0
    for found, line in split:
        if found:
            style, head, rest = found
            n_head += 1
            blocks.append(Heading(text=head, level=level_of[style.rank], anchor=f"s{n_head}", style=style.name))
            if not rest:
                continue
            line = rest
        n_par += 1
        blocks.append(Paragraph(n=n_par, text=line))
    return tuple(blocks)
