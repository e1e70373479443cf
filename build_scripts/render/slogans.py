"""Render the slogan index: the listing page, one page per slogan, and the slogan data files.

Pages are Markdown with YAML front matter; everything that holds speech or glossary text is a
raw HTML block built here and escaped with ``render.text.escape``, so Markdown never parses it.
Links are relative to each page's own address (the site may live under a sub-path). Charts are
inline static SVG; the listing's sort control is two radio buttons and CSS, no script.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any
from urllib.parse import quote

from pypinyin import Style, lazy_pinyin

from build_scripts.analyse.occurrences import concordance_line
from build_scripts.config.glossary import CATEGORIES, DISCOVERED
from build_scripts.index.slogans import Hit, SloganIndex, SloganStats, SpeechUse
from build_scripts.render.text import escape, front_matter

PER_PAGE = 1000  # concordance lines per page; longer concordances continue on further pages

_CSS = """<style>
.md-typeset .archive-slogan-card dl{display:grid;grid-template-columns:6em 1fr;gap:.2em .8em;margin:0}
.md-typeset .archive-slogan-card dt{color:var(--md-default-fg-color--light);font-weight:normal}
.md-typeset .archive-slogan-card dd{margin:0}
.md-typeset .archive-gloss{font-size:1.05em}
.md-typeset .archive-chart svg{max-width:100%;height:auto}
.md-typeset .archive-kwic .md-typeset__scrollwrap,.md-typeset .archive-kwic .md-typeset__table{width:100%}
.md-typeset .archive-kwic table{display:table;table-layout:fixed;width:100%;min-width:36em}
.md-typeset .archive-kwic td{padding:.25em .4em;white-space:nowrap;overflow:hidden}
.md-typeset .archive-kwic td:nth-child(1){direction:rtl;text-align:right}
.md-typeset .archive-kwic td:nth-child(1) span{direction:ltr;unicode-bidi:embed}
.md-typeset .archive-kwic td:nth-child(2){text-align:center;font-weight:bold}
.md-typeset .archive-kwic td:nth-child(3){text-overflow:ellipsis}
.md-typeset .archive-pager{margin:.6em 0}
.md-typeset .archive-pager>*{margin-right:.6em}
.md-typeset .archive-slogan-sort .archive-slogan-rows{display:flex;flex-direction:column}
.md-typeset .archive-slogan-row{display:grid;grid-template-columns:minmax(8em,2fr) minmax(6em,1fr) 4em 4em minmax(9em,1.5fr);gap:.2em .6em;padding:.25em 0;border-bottom:1px solid var(--md-default-fg-color--lightest)}
.md-typeset .archive-slogan-row>span{min-width:0;overflow-wrap:anywhere}
.md-typeset .archive-slogan-rows .archive-slogan-head{order:-1 !important;font-weight:bold}
@media (max-width:44.9375em){
.md-typeset .archive-slogan-row{grid-template-columns:minmax(0,1fr) 3em 3em}
.md-typeset .archive-slogan-row>span:nth-child(1){order:1}
.md-typeset .archive-slogan-row>span:nth-child(3){order:2}
.md-typeset .archive-slogan-row>span:nth-child(4){order:3}
.md-typeset .archive-slogan-row>span:nth-child(2){order:4;font-size:.85em;color:var(--md-default-fg-color--light)}
.md-typeset .archive-slogan-row>span:nth-child(5){order:5;grid-column:2/-1;font-size:.85em;color:var(--md-default-fg-color--light)}
}
.md-typeset #slogan-sort-freq:checked~.archive-slogan-rows .archive-slogan-row{order:var(--by-freq)}
.md-typeset #slogan-sort-pinyin:checked~.archive-slogan-rows .archive-slogan-row{order:var(--by-pinyin)}
.md-typeset .archive-slogan-group span{white-space:nowrap;margin-right:.9em;line-height:2}
.md-typeset .archive-slogan-group sup{color:var(--md-default-fg-color--light);margin-left:.15em}
</style>"""


# ---------------------------------------------------------------------------- small helpers


@cache
def pinyin_key(term: str) -> tuple[str, str, str]:
    """A sort key in pinyin order: toneless syllables, then tones, then the term itself.

    >>> sorted(["四个意识", "两个确立", "六稳", "国之大者"], key=pinyin_key)
    ['国之大者', '两个确立', '六稳', '四个意识']
    """
    syllables = lazy_pinyin(term, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    bare = " ".join(re.sub(r"\d$", "", s).lower() for s in syllables)
    return (bare, " ".join(syllables).lower(), term)


_DIGITS = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(
    r"[一二两双三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]?[百千]"
)


def _cn_value(text: str) -> int:
    if text in _DIGITS:
        return _DIGITS[text]
    if text.endswith(("百", "千")):
        return _DIGITS.get(text[:-1], 1) * (100 if text.endswith("百") else 1000)
    tens, _, ones = text.partition("十")
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)


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
        if len(head) == size and _CN_NUMBER.fullmatch(head):
            return _cn_value(head)
    return None


def number_label(n: int) -> str:
    """How a number group is headed.

    >>> [number_label(n) for n in (1, 2, 10, 14, 100, 35)]
    ['一', '二（两、双）', '十', '十四', '百', '三十五']
    """
    names = "零一二三四五六七八九"
    if n == 2:
        return "二（两、双）"
    if n < 10:
        return names[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (names[tens] if tens > 1 else "") + "十" + (names[ones] if ones else "")
    return {100: "百", 1000: "千"}.get(n, str(n))


@cache
def _href(path: str, fragment: str = "") -> str:
    """A URL for an href attribute: non-ASCII percent-encoded, then HTML-escaped (memoised: the
    same speech and paragraph addresses recur across concordance lines)."""
    url = quote(path, safe="/-_.~")
    if fragment:
        url += "#" + quote(fragment, safe="-_.~")
    return html.escape(url)


def _span(use: SpeechUse | None) -> str:
    return use.date if use and use.date else ""


def bar_chart(rows: Sequence[tuple[str, int]], caption: str) -> str:
    """A static horizontal bar chart as inline SVG: one labelled bar per row.

    >>> svg = bar_chart([("2022", 3), ("2023", 1)], "按年份")
    >>> svg.count("<rect"), "<script" in svg, 'aria-label="按年份"' in svg
    (2, False, True)
    """
    label_w, bar_w, row_h, pad = 72, 300, 22, 6
    width = label_w + bar_w + 48
    height = pad * 2 + row_h * max(1, len(rows))
    top = max((n for _, n in rows), default=0) or 1
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(caption)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="13">'
        ),
        f"<title>{escape(caption)}</title>",
    ]
    for i, (label, n) in enumerate(rows):
        y = pad + i * row_h
        w = max(1, round(bar_w * n / top))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="currentColor">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="2" '
            f'style="fill:var(--md-primary-fg-color,#c62828)"><title>{escape(label)}：{n}</title></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 15}" fill="currentColor">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------- pages


def render_slogan_pages(index: SloganIndex, max_lines: int | None = None, per_page: int = PER_PAGE) -> dict[str, str]:
    """``slogans/index.md`` and ``slogans/<slug>.md`` for every glossary entry, as Markdown.

    A concordance longer than ``per_page`` lines continues on ``slogans/<slug>/<k>.md``
    (served at ``slogans/<slug>/<k>/``), so every occurrence has its line while each page
    stays small. ``max_lines`` caps a concordance (None: every occurrence, as the issue asks).
    The pipeline makes the same pages one at a time (``render_listing``, ``render_slogan``).
    """
    pages = {"slogans/index.md": render_listing(index)}
    for stats in index.stats:
        pages.update(render_slogan(stats, index, max_lines, per_page))
    return pages


def render_slogan(
    stats: SloganStats,
    index: SloganIndex,
    max_lines: int | None = None,
    per_page: int = PER_PAGE,
) -> dict[str, str]:
    """One slogan's page, plus continuation pages for a long concordance."""
    hits = stats.hits if max_lines is None else stats.hits[:max_lines]
    chunks = [hits[i : i + per_page] for i in range(0, len(hits), max(1, per_page))] or [()]
    pages = {f"slogans/{stats.slug}.md": render_slogan_page(stats, index, chunks[0], len(chunks))}
    for k, chunk in enumerate(chunks[1:], 2):
        pages[f"slogans/{stats.slug}/{k}.md"] = render_concordance_page(stats, chunk, k, len(chunks))
    return pages


def render_listing(index: SloganIndex) -> str:
    """The listing at ``slogans/``: sortable table, then groups by category and by number."""
    stats = index.stats
    used = index.used
    by_freq = sorted(stats, key=lambda s: (-s.total, pinyin_key(s.term)))
    freq_rank = {s.term: i for i, s in enumerate(by_freq)}
    pinyin_rank = {s.term: i for i, s in enumerate(sorted(stats, key=lambda s: pinyin_key(s.term)))}
    found = sum(1 for s in stats if s.entry.category == DISCOVERED)
    out = [
        front_matter({"title": "提法索引", "description": "讲话中出现的提法：出处、释义、次数与语境"}),
        "# 提法索引\n",
        _CSS + "\n",
        (
            f"<p>词表收录提法 {len(stats) - found} 条，另从讲话中自动发现 {found} 条；"
            f"{len(used)} 条在 {index.speeches} 篇讲话中共出现 {sum(s.total for s in stats)} 次。"
            "自动发现的提法未经人工审核，可能包含误判。</p>\n"
        ),
        "## 全部提法 {#all}\n",
        '<div class="archive-slogan-sort">',
        (
            '<input type="radio" name="slogan-sort" id="slogan-sort-freq" checked>'
            '<label for="slogan-sort-freq">按次数排序</label> '
            '<input type="radio" name="slogan-sort" id="slogan-sort-pinyin">'
            '<label for="slogan-sort-pinyin">按拼音排序</label>'
        ),
        '<div class="archive-slogan-rows" role="table">',
        (
            '<div class="archive-slogan-row archive-slogan-head" role="row">'
            '<span role="columnheader">提法</span><span role="columnheader">类别</span>'
            '<span role="columnheader">次数</span><span role="columnheader">讲话</span>'
            '<span role="columnheader">最早—最近</span></div>'
        ),
    ]
    for s in by_freq:
        first, last = _span(s.first), _span(s.last)
        when = f"{first}—{last}" if first and last and first != last else first
        out.append(
            f'<div class="archive-slogan-row" role="row" data-term="{escape(s.term)}" '
            f'style="--by-freq:{freq_rank[s.term]};--by-pinyin:{pinyin_rank[s.term]}">'
            f'<span role="cell">{_slogan_link(s, "")}</span>'
            f'<span role="cell">{escape(CATEGORIES.get(s.entry.category, s.entry.category))}</span>'
            f'<span role="cell">{s.total}</span><span role="cell">{len(s.uses)}</span>'
            f'<span role="cell">{escape(when)}</span></div>'
        )
    out.append("</div>\n</div>\n")

    out.append("## 按类别 {#by-category}\n")
    groups: dict[str, list[SloganStats]] = defaultdict(list)
    for s in stats:
        groups[s.entry.category].append(s)
    order = [c for c in CATEGORIES if c in groups] + sorted(c for c in groups if c not in CATEGORIES)
    for category in order:
        members = sorted(groups[category], key=lambda s: (-s.total, pinyin_key(s.term)))
        name = CATEGORIES.get(category, category)
        out.append(f"### {escape(name)} {{#category-{_id(category)}}}\n")
        out.append(_group(members))

    out.append("## 按数字 {#by-number}\n")
    numbers: dict[int, list[SloganStats]] = defaultdict(list)
    for s in stats:
        n = leading_number(s.term)
        if n is not None:
            numbers[n].append(s)
    for n in sorted(numbers):
        members = sorted(numbers[n], key=lambda s: pinyin_key(s.term))
        out.append(f"### {number_label(n)} {{#number-{n}}}\n")
        out.append(_group(members))
    return "\n".join(out)


def _id(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "other"


def _slogan_link(stats: SloganStats, prefix: str) -> str:
    title = f' title="{escape(stats.entry.gloss)}"' if stats.entry.gloss else ""
    return f'<a href="{_href(prefix + stats.slug + "/")}"{title}>{escape(stats.term)}</a>'


def _group(members: Sequence[SloganStats]) -> str:
    items = "".join(f"<span>{_slogan_link(s, '')}<sup>{s.total}</sup></span> " for s in members)
    return f'<p class="archive-slogan-group">{items}</p>\n'


def render_slogan_page(
    stats: SloganStats,
    index: SloganIndex,
    hits: Sequence[Hit] | None = None,
    pages: int = 1,
) -> str:
    """One slogan's page at ``slogans/<slug>/``; ``hits`` are its first concordance lines."""
    entry = stats.entry
    hits = stats.hits if hits is None else hits
    fm: dict[str, Any] = {"title": entry.term}
    if entry.gloss:
        fm["description"] = entry.gloss
    fm["slogan"] = {"term": entry.term, "category": entry.category, "total": stats.total}
    out = [front_matter(fm), f"# {escape(entry.term)}\n", _CSS + "\n", _card(stats)]
    if not stats.total:
        out.append("<p>本档案收录的讲话中尚未出现这一提法。</p>\n")
        return "\n".join(out)

    out.append("## 使用统计 {#counts}\n")
    out.append(
        '<div class="archive-chart">'
        + f"<figure>{bar_chart(stats.by_year, f'{entry.term}：按年份的出现次数')}<figcaption>按年份</figcaption></figure>"
        + f"<figure>{bar_chart(stats.by_level, f'{entry.term}：按讲话层级的出现次数')}<figcaption>按层级</figcaption></figure>"
        + "</div>\n"
    )
    out.append("### 各篇讲话 {#by-speech}\n")
    rows = []
    for use in stats.uses:
        paras = "".join(f' <a href="{_href("../../" + use.url, a)}">{escape(a)}</a>' for a in use.anchors)
        rows.append(
            f'<tr><td><a href="{_href("../../" + use.url)}">{escape(use.title)}</a></td>'
            f"<td>{html.escape(use.date or '')}</td><td>{html.escape(use.level or '')}</td>"
            f"<td>{use.count}</td><td>{paras}</td></tr>"
        )
    out.append(
        "<div data-search-exclude><table><thead><tr><th>讲话</th><th>日期</th><th>层级</th><th>次数</th>"
        f"<th>段落</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>\n"
    )

    out.append("## 语境索引 {#concordance}\n")
    out.append(_concordance(stats, hits, "../../", 1, pages))

    if stats.together:
        out.append("## 常一同出现的提法 {#together}\n")
        items = []
        for term, n in stats.together:
            other = index.get(term)
            if other is not None:
                items.append(f"<span>{_slogan_link(other, '../')}<sup>{n} 篇</sup></span> ")
        out.append(f'<p class="archive-slogan-group">{"".join(items)}</p>\n')
    return "\n".join(out)


def render_concordance_page(
    stats: SloganStats, hits: Sequence[Hit], page: int, pages: int
) -> str:
    """Page ``page`` (2, 3, ...) of a long concordance, at ``slogans/<slug>/<page>/``."""
    term = stats.entry.term
    fm = {"title": f"{term}：语境索引（第 {page} 页）", "slogan": {"term": term, "page": page}}
    return "\n".join(
        [
            front_matter(fm),
            f"# {escape(term)}：语境索引（第 {page} 页） {{#title}}\n",
            _CSS + "\n",
            f'<p><a href="../">返回“{escape(term)}”</a>：释义、统计与常一同出现的提法。</p>\n',
            _concordance(stats, hits, "../../../", page, pages),
        ]
    )


def _concordance(
    stats: SloganStats, hits: Sequence[Hit], root: str, page: int, pages: int
) -> str:
    """The keyword-in-context table for ``hits``; ``root`` leads from the page to the site root."""
    by_id = stats.use_of
    lines = "".join(_kwic_row(hit, by_id[hit.speech_id], root) for hit in hits)
    shown = sum(1 for _ in hits)
    note = ""
    if pages > 1:
        note = f"<p>共 {len(stats.hits)} 条，分 {pages} 页。</p>"
    pager = _pager(page, pages)
    return (
        f'<div class="archive-kwic" data-search-exclude>{note}{pager}<table>{_kwic_cols(stats)}'
        "<thead><tr><th>上文</th><th>提法</th><th>下文</th><th>日期</th><th>层级</th></tr></thead>"
        f"<tbody>{lines}</tbody></table>{pager if shown > 20 else ''}</div>\n"
    )


def _pager(page: int, pages: int) -> str:
    """Links to every page of a concordance, relative to page ``page``.

    >>> _pager(2, 3)
    '<nav class="archive-pager"><a href="../">1</a> <strong>2</strong> <a href="../3/">3</a></nav>'
    """
    if pages < 2:
        return ""
    up = "../" if page > 1 else ""
    items = []
    for k in range(1, pages + 1):
        if k == page:
            items.append(f"<strong>{k}</strong>")
        else:
            items.append(f'<a href="{up if k == 1 else up + str(k) + "/"}">{k}</a>')
    return f'<nav class="archive-pager">{" ".join(items)}</nav>'


def _card(stats: SloganStats) -> str:
    entry = stats.entry
    rows: list[tuple[str, str]] = []
    category = CATEGORIES.get(entry.category, entry.category)
    rows.append(("类别", f'<a href="{_href("../", "category-" + _id(entry.category))}">{escape(category)}</a>'))
    if entry.components:
        sep = "；" if any("、" in c for c in entry.components) else "、"
        rows.append(("构成", sep.join(escape(c) for c in entry.components)))
    if entry.gloss_source:
        rows.append(("出处", escape(entry.gloss_source)))
    if entry.since:
        rows.append(("提出时间", escape(entry.since)))
    others = entry.variants + entry.aliases
    if others:
        rows.append(("也写作", "、".join(escape(o) for o in others)))
    written = [f"{escape(f)}（{n}）" for f, n in stats.forms if f != entry.term]
    if written:
        rows.append(("原文写法", "、".join(written)))
    if stats.total:
        use = f"共出现 {stats.total} 次，见于 {len(stats.uses)} 篇讲话"
        if stats.first and stats.last and stats.first.date == stats.last.date:
            use += f"；见于 {_dated_link(stats.first)}"
        elif stats.first and stats.last:
            use += f"；最早 {_dated_link(stats.first)}，最近 {_dated_link(stats.last)}"
        rows.append(("使用", use))
    else:
        rows.append(("使用", "尚未出现"))
    gloss = (
        f'<p class="archive-gloss">{escape(entry.gloss)}</p>'
        if entry.gloss
        else '<p class="archive-gloss">暂无释义（自动发现的提法未经人工审核）。</p>'
    )
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<div class="archive-slogan-card">{gloss}<dl>{body}</dl></div>\n'


def _dated_link(use: SpeechUse) -> str:
    return f'<a href="{_href("../../" + use.url)}" title="{escape(use.title)}">{escape(use.date or "")}</a>'


def _kwic_cols(stats: SloganStats) -> str:
    """Column widths: the keyword column fits the longest spelling, the contexts share the rest."""
    longest = max((len(f) for f, _ in stats.forms), default=len(stats.term))
    key = min(longest, 16) + 2
    return f'<colgroup><col><col style="width:{key}em"><col><col style="width:7em"><col style="width:4em"></colgroup>'


def _kwic_row(hit: Hit, use: SpeechUse, root: str = "../../") -> str:
    occ = hit.occurrence
    left, _, right = concordance_line(hit.text, occ.start, occ.end)  # cut here, not held for every hit
    return (
        f'<tr><td><span>{escape(left)}</span></td><td><a href="{_href(root + use.url, occ.anchor)}">'
        f"{escape(occ.matched)}</a></td><td>{escape(right)}</td><td>{html.escape(use.date or '')}</td>"
        f"<td>{html.escape(use.level or '')}</td></tr>"
    )


# ---------------------------------------------------------------------------- data files


def slogan_rows(index: SloganIndex) -> Iterator[dict[str, Any]]:
    """``data/slogans.json``: one object per slogan, by total (descending), then term.

    The contract's fields (``term, url, category, gloss, total, speeches: [{id, count,
    anchors}]``, anchors being ``p<n>`` paragraphs) come first; more follow.
    """
    for s in sorted(index.stats, key=lambda s: (-s.total, s.term)):
        e = s.entry
        yield {
                "term": e.term,
                "url": f"slogans/{e.slug}/",
                "category": e.category,
                "gloss": e.gloss,
                "total": s.total,
                "speeches": [_use_record(u) for u in s.uses],
                "slug": e.slug,
                "gloss_source": e.gloss_source,
                "since": e.since,
                "variants": list(e.variants),
                "aliases": list(e.aliases),
                "components": list(e.components),
                "first": s.first.date if s.first else None,
                "last": s.last.date if s.last else None,
        }


def _use_record(use: SpeechUse) -> dict[str, Any]:
    record: dict[str, Any] = {"id": use.speech_id, "count": use.count, "anchors": list(use.paragraphs)}
    headings = [a for a in use.anchors if not a.startswith("p")]
    if headings:  # occurrences in headings (s<n>), which the contract's anchors leave out
        record["headings"] = headings
    return record
