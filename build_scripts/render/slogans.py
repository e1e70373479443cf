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
from collections.abc import Iterator, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import yaml
from pypinyin import Style, lazy_pinyin

from build_scripts.analyse.numerals import leading_number
from build_scripts.analyse.occurrences import concordance_line
from build_scripts.config.glossary import CATEGORIES
from build_scripts.index.slogans import (
    CANDIDATE,
    Hit,
    SloganIndex,
    SloganStats,
    SpeechUse,
    Tiers,
    completeness,
)
from build_scripts.render.text import escape, front_matter

PER_PAGE = 1000  # concordance lines per page; longer concordances continue on further pages
CANDIDATES_PER_PAGE = 500  # candidate terms per page of slogans/candidates/


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


@lru_cache(maxsize=1 << 16)  # bounded: 300,000 addresses at 10,000 speeches
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
    labels, bars, values = [], [], []
    for i, (label, n) in enumerate(rows):  # (what all bars share is said once, on a group: a chart was ~5 KB)
        y = pad + i * row_h
        w = max(1, round(bar_w * n / top))
        labels.append(f'<text x="{label_w - 8}" y="{y + 15}">{escape(label)}</text>')
        bars.append(f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" rx="2"/>')
        values.append(f'<text x="{label_w + w + 6}" y="{y + 15}">{n}</text>')
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(caption)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="13" fill="currentColor">'
        ),
        f"<title>{escape(caption)}</title>",
        f'<g text-anchor="end">{"".join(labels)}</g>',
        f'<g style="fill:var(--md-primary-fg-color,#c62828)">{"".join(bars)}</g>',
        *values,
    ]
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
    for stats in index.paged:
        pages.update(render_slogan(stats, index, max_lines, per_page))
    pages.update(render_candidates(index))
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
    paged = index.paged
    used = [s for s in paged if s.total]
    stats = [s for s in paged if not s.entry.discovered]  # the table: the glossary's entries
    found_here = sorted((s for s in paged if s.entry.discovered), key=lambda s: (-s.total, pinyin_key(s.term)))
    by_freq = sorted(stats, key=lambda s: (-s.total, pinyin_key(s.term)))
    freq_rank = {s.term: i for i, s in enumerate(by_freq)}
    pinyin_rank = {s.term: i for i, s in enumerate(sorted(stats, key=lambda s: pinyin_key(s.term)))}
    found = len(found_here)
    waiting = len(index.candidates)
    out = [
        front_matter({"title": "提法索引", "description": "讲话中出现的提法：出处、释义、次数与语境"}),
        "# 提法索引\n",
        (
            f"<p>词表收录提法 {len(stats)} 条，另从讲话中自动发现 {found} 条；"
            f"{len(used)} 条在 {index.speeches} 篇讲话中共出现 {sum(s.total for s in paged)} 次。"
            "自动发现的提法未经人工审核：只有在多篇讲话中使用、且多由讲话本身加引号标出的，才单独成页。"
            + (f'另有<a href="candidates/">候选提法 {waiting} 条</a>，可由编者审核后收入词表。' if waiting else "")
            + "</p>\n"
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
    for s in [*stats, *found_here]:  # the discoveries: most used first (a long list, kept short)
        groups[s.entry.category].append(s)
    order = [c for c in CATEGORIES if c in groups] + sorted(c for c in groups if c not in CATEGORIES)
    for category in order:
        members = sorted(groups[category], key=lambda s: (-s.total, pinyin_key(s.term)))
        name = CATEGORIES.get(category, category)
        out.append(f"### {escape(name)} {{#category-{_id(category)}}}\n")
        out.append(_group(members))

    out.append("## 按数字 {#by-number}\n")
    numbers: dict[int, list[SloganStats]] = defaultdict(list)
    for s in paged:
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
    items = "".join(
        f'<span><a href="{_href(s.slug + "/")}">{escape(s.term)}</a><sup>{s.total}</sup></span>' for s in members
    )
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
    out = [front_matter(fm), f"# {escape(entry.term)}\n", _card(stats)]
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
    out.append("## 各篇讲话与语境索引 {#concordance}\n")
    out.append(f"<p>见于 {len(stats.uses)} 篇讲话：按日期排列，每篇之下是每一次使用的上下文，点击可到原文段落。</p>\n")
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


def render_concordance_page(stats: SloganStats, hits: Sequence[Hit], page: int, pages: int) -> str:
    """Page ``page`` (2, 3, ...) of a long concordance, at ``slogans/<slug>/<page>/``."""
    term = stats.entry.term
    fm = {"title": f"{term}：语境索引（第 {page} 页）", "slogan": {"term": term, "page": page}}
    return "\n".join(
        [
            front_matter(fm),
            f"# {escape(term)}：语境索引（第 {page} 页） {{#title}}\n",
            f'<p><a href="../">返回“{escape(term)}”</a>：释义、统计与常一同出现的提法。</p>\n',
            _concordance(stats, hits, "../../../", page, pages),
        ]
    )


def _parts_cell(parts: tuple[str, ...] | None, components: Sequence[str]) -> str:
    """Which parts of a numbered formulation a use names: 全部, or 2/4：政治意识、大局意识.

    >>> _parts_cell(("政治意识", "大局意识"), ["政治意识", "大局意识", "核心意识", "看齐意识"])
    '2/4：政治意识、大局意识'
    >>> _parts_cell(("农业",), ["农业", "农村", "农民"]), _parts_cell(("a", "b"), ["a", "b"])
    ('', '全部')
    """
    found = completeness(parts, components)
    if found is None or not parts:
        return ""
    if found == "complete":
        return "全部"
    return f"{len(parts)}/{len(components)}：" + "、".join(escape(p) for p in parts)


def _concordance(stats: SloganStats, hits: Sequence[Hit], root: str, page: int, pages: int) -> str:
    """The keyword-in-context table for ``hits``; ``root`` leads from the page to the site root."""
    by_id = stats.use_of
    components = stats.entry.components
    rows: list[str] = []
    current = None
    for hit in hits:
        if hit.speech_id != current:  # a speech's row, then its lines
            current = hit.speech_id
            rows.append(_speech_row(by_id[current], root, components))
        rows.append(_kwic_row(hit, by_id[hit.speech_id], root, components))
    shown = len(rows)
    note = ""
    if pages > 1:
        note = f"<p>共 {len(stats.hits)} 条，分 {pages} 页。</p>"
    pager = _pager(page, pages)
    head = "<th>构成</th>" if components else ""
    return (
        f'<div class="archive-kwic" data-search-exclude>{note}{pager}<table>{_kwic_cols(stats)}'
        f"<thead><tr><th>上文</th><th>提法</th><th>下文</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{pager if shown > 20 else ''}</div>\n"
    )


def _speech_row(use: SpeechUse, root: str, components: Sequence[str]) -> str:
    """A speech's heading row in the concordance: its title, date, level, uses (and parts named)."""
    facts = [x for x in (use.date, use.level, f"{use.count} 次") if x]
    named = _parts_cell(use.parts, components) if components else ""
    if named:
        facts.append(f"构成 {named}")
    return (
        f'<tr><th colspan="{4 if components else 3}">'  # (styled as th[colspan]: no class on every row)
        f'<a href="{_href(root + use.url)}">{escape(use.title)}</a> · {" · ".join(html.escape(f) for f in facts)}'
        "</th></tr>"
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
    if entry.components and stats.total:
        done = stats.completeness
        rows.append(
            (
                "列举构成",
                f"{stats.total} 次使用中，{done['complete']} 次在同一句中列出全部构成，"
                f"{done['partial']} 次列出部分（见语境索引“构成”一栏）",
            )
        )
    if stats.use is not None:
        rows.append(("自动发现", escape(stats.why)))
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
    parts = '<col style="width:10em">' if stats.entry.components else ""
    return f'<colgroup><col><col style="width:{key}em"><col>{parts}</colgroup>'


def _kwic_row(hit: Hit, use: SpeechUse, root: str = "../../", components: Sequence[str] = ()) -> str:
    occ = hit.occurrence
    left, _, right = concordance_line(hit.text, occ.start, occ.end)  # cut here, not held for every hit
    parts = f"<td>{_parts_cell(hit.parts, components)}</td>" if components else ""
    return (
        f'<tr><td><span>{escape(left)}</span></td><td><a href="{_href(root + use.url, occ.anchor)}">'
        f"{escape(occ.matched)}</a></td><td>{escape(right)}</td>{parts}</tr>"
    )


# ---------------------------------------------------------------------------- candidates


def candidate_pages(tiers: Tiers, slugs: Mapping[str, str], per_page: int = CANDIDATES_PER_PAGE) -> dict[str, str]:
    """Each candidate term's place on the candidates' pages, relative to the site root: its page
    (``slogans/candidates/``, then ``…/2/``, …) and its anchor (``c-`` and its slug). Candidates are
    listed most used first (speeches, then uses, then term), so the place follows from ``tiers`` alone.

    >>> from build_scripts.index.slogans import TermUse
    >>> t = Tiers({"甲": "candidate", "乙": "candidate", "丙": "discovered"}, uses={"甲": TermUse(1, 0, 1), "乙": TermUse(2, 0, 3)})
    >>> candidate_pages(t, {"甲": "jia", "乙": "yi"}, per_page=1)
    {'乙': 'slogans/candidates/#c-yi', '甲': 'slogans/candidates/2/#c-jia'}
    """
    order = sorted(
        (term for term, tier in tiers.tier.items() if tier == CANDIDATE and term in tiers.uses),
        key=lambda t: (-tiers.uses[t].speeches, -tiers.uses[t].uses, t),
    )
    out = {}
    for i, term in enumerate(order):
        page = i // per_page + 1
        out[term] = f"slogans/candidates/{'' if page == 1 else f'{page}/'}#c-{slugs[term]}"
    return out


def render_candidates(index: SloganIndex, per_page: int = CANDIDATES_PER_PAGE) -> dict[str, str]:
    """``slogans/candidates.md`` and its continuation pages: every discovered term without a page of
    its own, most used first, with why, where, and a glossary entry ready to paste (promoting it)."""
    found = index.candidates
    chunks = [found[i : i + per_page] for i in range(0, len(found), per_page)]
    pages = {}
    for k, chunk in enumerate(chunks, 1):
        root = "../../" if k == 1 else "../../../"
        path = "slogans/candidates.md" if k == 1 else f"slogans/candidates/{k}.md"
        title = "候选提法" if k == 1 else f"候选提法（第 {k} 页）"
        pager = _pager(k, len(chunks))
        intro = (
            f"<p>从讲话中自动发现、但尚不足以单独成页的词语共 {len(found)} 条，按使用的讲话数排列。"
            "一个发现的词语要单独成页，须在多篇讲话（或多个地方）中使用，且多由讲话本身加引号标出、不像事物的名称。"
            "编者认定为提法的，可将下面的条目粘贴进语料文件夹的 <code>slogans.yml</code>（补上类别与释义），"
            "下次构建即收入词表、单独成页。</p>"
        )
        items = "".join(_candidate(s, root) for s in chunk)
        pages[path] = "\n".join(
            [
                front_matter({"title": title, "description": "自动发现、尚未收入词表的候选提法"}),
                f"# {title} {{#title}}\n",
                intro + "\n",
                f'<div class="archive-candidates" data-search-exclude>{pager}{items}{pager}</div>\n',
            ]
        )
    return pages


def _candidate(stats: SloganStats, root: str) -> str:
    use = stats.use
    first = stats.hits[0] if stats.hits else None
    line = ""
    if first is not None:
        occ = first.occurrence
        left, _, right = concordance_line(first.text, occ.start, occ.end)
        where = stats.use_of[first.speech_id]
        line = (
            f'<p class="archive-candidate__line">{escape(left)}<a href="{_href(root + where.url, occ.anchor)}">'
            f"<b>{escape(occ.matched)}</b></a>{escape(right)}</p>"
        )
    quoted = f"，加引号 {use.quoted} 次（{use.quoted_speeches} 篇）" if use is not None else ""
    return (
        f'<section class="archive-candidate" id="c-{stats.slug}"><h3>{escape(stats.term)}</h3>'
        f"<p>见于 {len(stats.uses)} 篇讲话，共 {stats.total} 次{quoted}。未单独成页：{escape(stats.why)}</p>"
        f"{line}<pre><code>{escape(glossary_snippet(stats.term))}</code></pre></section>"
    )


def glossary_snippet(term: str) -> str:
    """A glossary entry for ``term``, ready to paste into ``slogans.yml`` (category to check, gloss to write).

    >>> print(glossary_snippet("县管校聘"))
    - term: 县管校聘
      category: method        # numbered / principle / method / campaign / metaphor
      gloss:                  # 释义
    >>> glossary_snippet("三去一降一补").splitlines()[1]
    '  category: numbered'
    """
    name = yaml.safe_dump(term, allow_unicode=True, default_style=None).strip().removesuffix("...").strip()
    other = "method        # numbered / principle / method / campaign / metaphor"
    category = "numbered" if leading_number(term) is not None else other
    return f"- term: {name}\n  category: {category}\n  gloss:                  # 释义"


def candidate_stub(term: str, place: str) -> str:
    """A static page at ``slogans/<slug>/`` for a candidate (the address search and
    ``data/slogans.json`` give every discovered term): it sends the reader to ``place``, the
    term's entry on the candidates' pages (relative to the site root), and keeps the address
    for the day the term earns a page of its own.

    >>> "url=../../slogans/candidates/#c-xian-guan-xiao-pin" in candidate_stub("县管校聘", "slogans/candidates/#c-xian-guan-xiao-pin")
    True
    """
    href = _href("../../" + place.split("#", 1)[0], place.split("#", 1)[1] if "#" in place else "")
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={href}"><meta name="robots" content="noindex">'
        f"<title>候选提法：{escape(term)}</title></head><body>"
        f'<p>“{escape(term)}”是自动发现的候选提法，尚未单独成页：<a href="{href}">见候选提法页</a>。</p>'
        "</body></html>\n"
    )


# ---------------------------------------------------------------------------- data files


def slogan_rows(index: SloganIndex) -> Iterator[dict[str, Any]]:
    """``data/slogans.json``: one object per slogan, by total (descending), then term.

    The contract's fields (``term, url, category, gloss, total, speeches: [{id, count,
    anchors}]``, anchors being ``p<n>`` paragraphs) come first; more follow.
    """
    for s in sorted(index.stats, key=lambda s: (-s.total, s.term)):
        e = s.entry
        if not s.paged and not s.total:
            continue  # a discovered term none of whose occurrences is a word: not a candidate either
        yield {
            "term": e.term,
            "url": f"slogans/{e.slug}/",
            "category": e.category,
            "gloss": e.gloss,
            "total": s.total,
            "speeches": [_use_record(u) for u in s.uses],
            "tier": s.tier,
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
