"""Render the ways into the archive as Markdown pages: browse hub, timeline, facet listings, home figures.

Pages (keys are MkDocs source paths; with ``use_directory_urls`` ``a/b.md`` is served at ``a/b/``):

* ``browse/index.md``: every way in, with counts;
* ``browse/years.md``: the timeline (years × months, with counts), ``browse/years/<yyyy>.md``
  one page per year grouped by month, ``browse/years/undated.md`` the undated speeches;
* ``browse/<kind>s.md`` (levels, places, speakers, occasions, themes): the values with counts, and
  ``browse/<kind>s/<slug>.md`` one listing per value, grouped by year, newest first.

A listing holds at most ``PAGE_SIZE`` speeches; a longer one continues on
``<page>/2.md``, ``<page>/3.md`` ..., so no page grows with the archive. Every
listing line shows title (link), date, level, speaker, meeting and first sentence.
Speech-derived text goes through ``render.text.escape`` inside raw HTML blocks,
so Markdown never parses it; links are relative, so the site works under a sub-path.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from build_scripts.index.browse import (
    FACET_KINDS,
    PLACE_SEP,
    BrowseIndex,
    Entry,
    Facet,
    Related,
    Timeline,
    Year,
    build_browse_index,
    listing_entry,
    split_date,
)
from build_scripts.model import Speech
from build_scripts.render.text import escape, front_matter

PAGE_SIZE = 200  # speeches per listing page (about 100 KB of HTML at most)
HOME_LATEST = 8
HOME_SLOGANS = 12
HUB_CHIPS = 12  # values shown per dimension on the browse hub before "全部"
RELATED_TERMS_SHOWN = 6  # shared slogans / keywords kept per related speech in the front matter

KIND_TITLES = {"level": "按层级", "place": "按地区", "speaker": "按讲话人", "occasion": "按会议类型", "theme": "按主题"}
KIND_INTROS = {
    "level": "讲话按发表机关的层级分组（中央、省、市、县、乡镇）。层级由标题和正文推断，无法判断的列于最后。",
    "place": (
        "讲话按所属行政区划分组：省 → 市 → 县，县的讲话也列在所属的市和省之下；中央的讲话列于“全国”。"
        "地区按原文当时的名称（如2008年的清苑县、2023年的清苑区），依民政部行政区划代码表确定上下级。"
    ),
    "speaker": "讲话按讲话人的职务分组，职务按原文写法（如“县委书记”“县委副书记”）。",
    "occasion": (
        "讲话按会议类型分组。类型由会议名称中的常见说法归纳而来（如“全会”“全体会议”归入党委全会，"
        "“中心组”“读书班”归入理论学习中心组学习）；每类下列出原文中的会议名称。"
    ),
    "theme": "讲话按主题分组，主题由 `themes.yml` 中的规则从正文推断；一篇讲话可以属于多个主题。",
}


# --- links ----------------------------------------------------------------------------------------


def page_dir(src_uri: str) -> str:
    """The URL directory a source page is served at (``use_directory_urls: true``).

    >>> page_dir("browse/years.md"), page_dir("browse/index.md"), page_dir("index.md")
    ('browse/years/', 'browse/', '')
    """
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return stem.lstrip("/")


def relative(from_src: str, to_url: str) -> str:
    """A link from page ``from_src`` to ``to_url`` (relative to the site root), percent-encoded.

    >>> relative("browse/years/2023.md", "speeches/县委 全会/")
    '../../../speeches/%E5%8E%BF%E5%A7%94%20%E5%85%A8%E4%BC%9A/'
    >>> relative("browse/years.md", "browse/years/2023/#m2023-01"), relative("index.md", "browse/")
    ('2023/#m2023-01', 'browse/')
    >>> relative("browse/years/2023.md", "browse/years/2023/")
    './'
    """
    path, _, fragment = to_url.partition("#")
    rel = _relpath(path, page_dir(from_src))
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return quote(rel, safe="/.-_~") + (f"#{quote(fragment, safe='-_')}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for the clean relative paths of a site (no ``..``), without its
    normalising and its ``os.getcwd()``: 112,000 calls at 10,000 speeches.

    >>> _relpath("speeches/a/", "browse/years/"), _relpath("browse/years/2023", "browse/years"), _relpath("", "")
    ('../../speeches/a', '2023', '.')
    """
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _a(from_src: str, to_url: str, text_html: str, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a{attr} href="{html.escape(relative(from_src, to_url))}">{text_html}</a>'


def _head(title: str) -> str:
    """A listing page's front matter: its title (``render/text.py: front_matter`` escapes it), not searched."""
    return front_matter({"title": title, "search": {"exclude": True}})


# --- listing lines --------------------------------------------------------------------------------


def entry_html(entry: Entry, from_src: str) -> str:
    """One listing line: ``<li>`` with title link, date · level · speaker · meeting, first sentence."""
    if entry.date:
        facts = [f"<time>{escape(entry.date)}</time>"]
    elif entry.date_range:
        facts = [
            f'<span class="archive-item__range" title="日期不确定，据正文推断的范围">{escape(entry.date_range)}</span>'
        ]
    else:
        facts = ['<span class="archive-item__nodate">日期不详</span>']
    facts += [escape(v) for v in (entry.level, entry.speaker, entry.occasion) if v]
    lead = f'<span class="archive-item__lead">{escape(entry.lead)}</span>' if entry.lead else ""
    return (
        f'<li class="archive-item">{_a(from_src, entry.url, escape(entry.title), "archive-item__title")}'
        f'<span class="archive-item__meta">{" · ".join(facts)}</span>{lead}</li>'
    )


def entries_html(entries: Sequence[Entry], from_src: str) -> str:
    """A raw HTML list block (blank lines around it so Markdown leaves it alone)."""
    lines = "\n".join(entry_html(e, from_src) for e in entries)
    return f'\n<ul class="archive-list">\n{lines}\n</ul>\n'


# --- paginated, grouped listings ------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A heading of a listing page and the speeches under it."""

    anchor: str
    label: str
    entries: tuple[Entry, ...]


def paginate(groups: Sequence[Group], size: int = PAGE_SIZE) -> list[list[Group]]:
    """Cut groups into pages of at most ``size`` speeches; a group may continue on the next page.

    >>> g = [Group("a", "A", tuple(range(3))), Group("b", "B", tuple(range(4)))]  # type: ignore[arg-type]
    >>> [[(x.anchor, x.label, len(x.entries)) for x in page] for page in paginate(g, 5)]
    [[('a', 'A', 3), ('b', 'B', 2)], [('b', 'B（续）', 2)]]
    """
    pages: list[list[Group]] = [[]]
    room = size
    for group in groups:
        rest = group.entries
        label = group.label
        while rest:
            if room == 0:
                pages.append([])
                room = size
            take, rest = rest[:room], rest[room:]
            pages[-1].append(Group(group.anchor, label, take))
            room -= len(take)
            label = f"{group.label}（续）"
    return pages


def page_src(base: str, i: int) -> str:
    """Source path of page ``i`` (0-based) of a listing whose first page is ``<base>.md``.

    >>> page_src("browse/years/2023", 0), page_src("browse/years/2023", 2)
    ('browse/years/2023.md', 'browse/years/2023/3.md')
    """
    return f"{base}.md" if i == 0 else f"{base}/{i + 1}.md"


def page_url(base: str, i: int) -> str:
    return f"{base}/" if i == 0 else f"{base}/{i + 1}/"


def pager_html(base: str, i: int, count: int) -> str:
    """Links to every page of a multi-page listing ("" for a single page)."""
    if count <= 1:
        return ""
    src = page_src(base, i)
    items = []
    for j in range(count):
        if j == i:
            items.append(f'<span class="archive-browse-pager__current" aria-current="page">{j + 1}</span>')
        else:
            items.append(_a(src, page_url(base, j), str(j + 1)))
    return f'\n<nav class="archive-browse-pager" aria-label="分页">第 {i + 1}/{count} 页：{" ".join(items)}</nav>\n'


def render_listing(
    base: str, title: str, intro: Callable[[str], str], groups: Sequence[Group], size: int = PAGE_SIZE
) -> tuple[dict[str, str], dict[str, str]]:
    """Pages of one grouped listing, and where each group's anchor lives (anchor → URL#anchor).

    ``intro(src)`` gives the HTML shown under the title of page ``src`` (its links are relative).
    """
    pages: dict[str, str] = {}
    where: dict[str, str] = {}
    chunks = paginate(groups, size)
    for i, chunk in enumerate(chunks):
        src = page_src(base, i)
        heading = title if i == 0 else f"{title}（第 {i + 1} 页）"
        out = [_head(heading), f"# {escape(heading)}\n", intro(src), pager_html(base, i, len(chunks))]
        for group in chunk:
            where.setdefault(group.anchor, f"{page_url(base, i)}#{group.anchor}")
            out.append(f"## {escape(group.label)} {{#{group.anchor}}}\n")
            out.append(entries_html(group.entries, src))
        out.append(pager_html(base, i, len(chunks)))
        pages[src] = "\n".join(part for part in out if part)
    return pages, where


def by_year_groups(entries: Sequence[Entry]) -> list[Group]:
    """Newest-first entries grouped by year; undated ones last."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        year, _ = split_date(entry.date)
        groups.setdefault(year or ("~range" if entry.date_range else ""), []).append(entry)
    labels = {"~range": ("uncertain", "年份不确定"), "": ("undated", "日期不详")}
    return [Group(*labels.get(year, (f"y{year}", f"{year}年")), tuple(items)) for year, items in groups.items()]


# --- the timeline ---------------------------------------------------------------------------------


def render_years(timeline: Timeline, size: int = PAGE_SIZE) -> dict[str, str]:
    """``browse/years.md`` (the timeline overview), one page per year, and the undated speeches."""
    pages: dict[str, str] = {}
    where: dict[str, str] = {}
    years = list(timeline.years)
    for k, year in enumerate(years):
        base = f"browse/years/{year.year}"
        prev, next_ = years[k - 1] if k else None, years[k + 1] if k + 1 < len(years) else None

        def intro(src: str, year: Year = year, prev: Year | None = prev, next_: Year | None = next_) -> str:
            return f"\n<p>{year.year}年共 {year.count} 篇讲话，按月份排列。</p>\n{_year_nav(src, prev, next_)}"

        groups = [Group(m.anchor, m.label, m.entries) for m in year.months]
        if year.maybe:
            groups.append(Group(f"m{year.year}-range", "日期为范围、可能在本年", year.maybe))
        year_pages, year_where = render_listing(base, f"{year.year}年的讲话", intro, groups, size)
        pages.update(year_pages)
        where.update(year_where)
    apart = (  # listed apart from the years: a range only, or no date at all
        (
            "uncertain",
            "年份不确定",
            timeline.uncertain,
            "以下讲话没有写明日期，正文只能确定一个范围（如“2022年10月以后”，依据见各讲话页）。"
            "范围不超过四年的，也列在所跨各年的页面上。",
        ),
        ("undated", "日期不详", timeline.undated, "以下讲话的日期无法从标题、正文或文件名中确定。"),
    )
    for key, label, entries, said in apart:
        if entries:
            note = f"\n<p>{said}馆员可以在讲话旁的 <code>.yml</code> 文件中补上 <code>date</code>。</p>\n"

            def header(src: str, note: str = note) -> str:
                return note + _year_nav(src, None, None)

            listed, _ = render_listing(
                f"browse/years/{key}",
                f"{label}的讲话",
                header,
                [Group(key, label, entries)],
                size,
            )
            pages.update(listed)
    pages["browse/years.md"] = _timeline_page(timeline, where)
    return pages


def _year_nav(src: str, prev: Year | None, next_: Year | None) -> str:
    parts = []
    if prev:
        parts.append(_a(src, f"browse/years/{prev.year}/", f"← {prev.year}年", "archive-yearnav__prev"))
    parts.append(_a(src, "browse/years/", "全部年份"))
    if next_:
        parts.append(_a(src, f"browse/years/{next_.year}/", f"{next_.year}年 →", "archive-yearnav__next"))
    return f'<nav class="archive-yearnav" aria-label="年份">{" ".join(parts)}</nav>\n'


def _timeline_page(timeline: Timeline, where: Mapping[str, str]) -> str:
    src = "browse/years.md"
    dated = sum(y.count for y in timeline.years)
    most = max((y.count for y in timeline.years), default=1)
    rows = []
    for year in reversed(timeline.years):
        months = " ".join(
            _a(
                src,
                where.get(m.anchor, f"browse/years/{year.year}/#{m.anchor}"),
                f"{m.label}<small>{len(m.entries)}</small>",
                "archive-chip",
            )
            for m in year.months
        )
        bar = f'<span class="archive-bar" style="width:{max(2, round(100 * year.count / most))}%"></span>'
        rows.append(
            f'<tr><th scope="row">{_a(src, f"browse/years/{year.year}/", f"{year.year}年")}</th>'
            f'<td class="archive-num">{year.count}{bar}</td><td>{months}</td></tr>'
        )
    out = [_head("按年份浏览"), "# 按年份浏览\n"]
    span = f"{timeline.years[0].year}—{timeline.years[-1].year}年" if timeline.years else "无"
    out.append(f"\n<p>有日期的讲话 {dated} 篇，时间跨度 {span}。每年一页，按月份排列；点月份直达该月。</p>\n")
    if rows:
        out.append(
            '\n<table class="archive-timeline"><thead><tr><th>年份</th><th>篇数</th><th>月份</th></tr></thead><tbody>\n'
            + "\n".join(rows)
            + "\n</tbody></table>\n"
        )
    if timeline.uncertain:
        link = _a(src, "browse/years/uncertain/", f"年份不确定的讲话 {len(timeline.uncertain)} 篇")
        out.append(f"\n<p>另有{link}（日期只能确定一个范围），单独列出。</p>\n")
    if timeline.undated:
        link = _a(src, "browse/years/undated/", f"日期不详的讲话 {len(timeline.undated)} 篇")
        out.append(f"\n<p>另有{link}，单独列出。</p>\n")
    return "\n".join(out)


# --- facets ---------------------------------------------------------------------------------------


def render_facet_pages(kind: str, facets: Sequence[Facet], size: int = PAGE_SIZE) -> dict[str, str]:
    """``browse/<kind>s.md`` (values with counts) and one paginated listing per value."""
    pages: dict[str, str] = {}
    kind_label = dict(FACET_KINDS)[kind]
    for facet in facets:
        base = facet.url.rstrip("/")
        names = _occasion_names(facet.entries) if kind == "occasion" else ""
        if kind == "place":
            names = _sub_places(facet, facets, base + ".md")

        def intro(src: str, facet: Facet = facet, names: str = names) -> str:
            up = _a(src, f"browse/{kind}s/", f"全部{kind_label} →")
            return (
                f"\n<p>{kind_label}：{escape(facet.label)}，共 {len(facet.entries)} 篇，由近及远排列。{up}</p>\n{names}"
            )

        listing, _ = render_listing(base, f"{kind_label}：{facet.label}", intro, by_year_groups(facet.entries), size)
        pages.update(listing)
    pages[f"browse/{kind}s.md"] = _facet_summary(kind, facets)
    return pages


_INDENT = "\u3000"  # one ideographic space per level of the place tree


def _place_depth(facet: Facet) -> int:
    return facet.value.count(PLACE_SEP) if facet.value else 0


def _sub_places(facet: Facet, facets: Sequence[Facet], src: str) -> str:
    """The units one level down that have speeches, as links with counts."""
    if facet.value is None:
        return ""
    prefix = facet.value + PLACE_SEP
    subs = [f for f in facets if f.value and f.value.startswith(prefix) and _place_depth(f) == _place_depth(facet) + 1]
    if not subs:
        return ""
    chips = " ".join(_a(src, f.url, f"{escape(f.label)}<small>{len(f.entries)}</small>", "archive-chip") for f in subs)
    return f'\n<p class="archive-chips">下辖：{chips}</p>\n'


def _occasion_names(entries: Sequence[Entry], shown: int = 8) -> str:
    names = Counter(e.occasion for e in entries if e.occasion)
    if not names:
        return ""
    listed = "、".join(f"{escape(n)}（{c}）" for n, c in names.most_common(shown))
    more = f" 等 {len(names)} 种" if len(names) > shown else ""
    return f'\n<p class="archive-note-line">原文会议名称：{listed}{more}。</p>\n'


def _year_span(entries: Sequence[Entry]) -> str:
    years = sorted({y for y, _ in (split_date(e.date) for e in entries) if y})
    if not years:
        return "—"
    return years[0] if len(years) == 1 else f"{years[0]}—{years[-1]}"


def _facet_summary(kind: str, facets: Sequence[Facet]) -> str:
    src = f"browse/{kind}s.md"
    title = f"{KIND_TITLES[kind]}浏览"
    rows = "\n".join(
        f'<tr><th scope="row">{_INDENT * _place_depth(f) if kind == "place" else ""}'  # places: a tree
        f"{_a(src, f.url, escape(f.label))}</th>"
        f'<td class="archive-num">{len(f.entries)}</td><td>{_year_span(f.entries)}</td></tr>'
        for f in facets
    )
    return "\n".join(
        [
            _head(title),
            f"# {title}\n",
            f"\n<p>{html.escape(KIND_INTROS[kind]).replace('`themes.yml`', '<code>themes.yml</code>')}</p>\n",
            f'\n<table class="archive-facets"><thead><tr><th>{dict(FACET_KINDS)[kind]}</th><th>篇数</th><th>年份</th></tr></thead><tbody>\n'
            f"{rows}\n</tbody></table>\n",
        ]
    )


# --- the hub --------------------------------------------------------------------------------------


def _chips(src: str, facets: Sequence[Facet], kind: str) -> str:
    if kind == "place":  # the top of the tree: provinces and 全国
        facets = [f for f in facets if _place_depth(f) == 0]
    shown = list(facets[:HUB_CHIPS])
    chips = " ".join(_a(src, f.url, f"{escape(f.label)}<small>{len(f.entries)}</small>", "archive-chip") for f in shown)
    if len(facets) > len(shown):
        chips += " " + _a(src, f"browse/{kind}s/", f"全部 {len(facets)} 项 →", "archive-chip archive-chip--more")
    return chips


def render_browse_hub(index: BrowseIndex) -> str:
    """``browse/index.md``: every way into the archive, each with its values and counts."""
    src = "browse/index.md"
    years = index.timeline.years
    year_chips = " ".join(
        _a(src, f"browse/years/{y.year}/", f"{y.year}<small>{y.count}</small>", "archive-chip") for y in reversed(years)
    )
    if index.timeline.uncertain:
        year_chips += " " + _a(
            src, "browse/years/uncertain/", f"年份不确定<small>{len(index.timeline.uncertain)}</small>", "archive-chip"
        )
    if index.timeline.undated:
        year_chips += " " + _a(
            src, "browse/years/undated/", f"日期不详<small>{len(index.timeline.undated)}</small>", "archive-chip"
        )
    sections = [
        ("按年份", "browse/years/", "时间线：每年一页，按月份排列。", year_chips),
    ]
    for kind, _ in FACET_KINDS:
        facets = index.facets_of(kind)
        sections.append(
            (KIND_TITLES[kind], f"browse/{kind}s/", KIND_INTROS[kind].split("。")[0] + "。", _chips(src, facets, kind))
        )
    out = [
        _head("浏览"),
        "# 浏览\n",
        f"\n<p>档案共收录讲话 {index.total} 篇。从下面任一入口进入；每个列表都给出标题、日期、层级、讲话人和首句。</p>\n",
    ]
    cards = []
    for title, url, intro, chips in sections:
        cards.append(
            f'<section class="archive-way"><h2 class="archive-way__title">{_a(src, url, title)}</h2>'
            f'<p>{html.escape(intro).replace("`themes.yml`", "<code>themes.yml</code>")}</p><p class="archive-chips">{chips}</p></section>'
        )
    cards.append(
        f'<section class="archive-way"><h2 class="archive-way__title">{_a(src, "slogans/", "按提法")}</h2>'
        "<p>“两个确立”“六稳六保”等提法在各篇讲话中的出现情况。</p></section>"
    )
    out.append('\n<div class="archive-ways">\n' + "\n".join(cards) + "\n</div>\n")
    return "\n".join(out)


def render_browse_pages(
    speeches: Sequence[Speech],
    *,
    index: BrowseIndex | None = None,
    size: int = PAGE_SIZE,
) -> dict[str, str]:
    """Every browse page, keyed by source path (``browse/...md``): made from ``index`` alone,
    which is built from ``speeches`` unless the pipeline has already built it."""
    index = index or build_browse_index(speeches)
    pages = {"browse/index.md": render_browse_hub(index)}
    pages.update(render_years(index.timeline, size))
    for kind, facets in index.facets:
        pages.update(render_facet_pages(kind, facets, size))
    return pages


# --- the home page's figures ----------------------------------------------------------------------

HOME_MARKER = "<!-- archive/home -->"


def slogan_totals(speeches: Sequence[Speech]) -> list[tuple[str, int, int]]:
    """``(term, occurrences, speeches)`` by occurrences, then speeches, descending, then term."""
    total: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for speech in speeches:
        terms = Counter(o.term for o in speech.occurrences)
        total.update(terms)
        used.update(terms.keys())
    return sorted(((t, total[t], used[t]) for t in total), key=lambda x: (-x[1], -x[2], x[0]))


def render_home_figures(
    speeches: Sequence[Speech], slogan_urls: Mapping[str, str], *, index: BrowseIndex | None = None
) -> str:
    """Markdown for the home page (``index.md`` at the site root), put where ``HOME_MARKER`` is.

    What the archive holds (speeches, years, levels, characters, slogans), the latest
    speeches, the most used slogans and the ways in. ``slogan_urls`` maps a term to its
    page relative to the site root (``slogans/<slug>/``); terms without one are shown unlinked.
    """
    src = "index.md"
    index = index or build_browse_index(speeches)
    years = index.timeline.years
    totals = slogan_totals(speeches)
    levels = [f for f in index.facets_of("level") if f.value is not None]
    level_html = "、".join(_a(src, f.url, f"{escape(f.label)} {len(f.entries)}") for f in levels) or "—"
    span = (f"{years[0].year}—{years[-1].year}" if len(years) > 1 else years[0].year) if years else "—"
    chars = sum(s.chars for s in speeches)
    figures = [
        ("讲话", _a(src, "browse/years/", f"{len(speeches)} 篇")),
        ("年份", _a(src, "browse/years/", span)),
        ("层级", level_html),
        ("提法", _a(src, "slogans/", f"{len(totals)} 个")),
        ("字数", f"{chars / 10000:.1f} 万字" if chars >= 10000 else f"{chars} 字"),
    ]
    out = ['\n<dl class="archive-figures">']
    out += [f'<div class="archive-figure"><dt>{k}</dt><dd>{v}</dd></div>' for k, v in figures]
    out.append("</dl>\n")

    by_date = sorted(speeches, key=lambda s: (s.meta.date or "", s.id), reverse=True)
    latest = [listing_entry(s) for s in by_date[:HOME_LATEST]]
    out.append("## 最新讲话 {#latest}\n")
    out.append(entries_html(latest, src))
    out.append(f"\n<p>{_a(src, 'browse/years/', '按时间线浏览全部讲话 →')}</p>\n")

    if totals:
        out.append("## 最常用的提法 {#top-slogans}\n")
        items = []
        for term, count, used in totals[:HOME_SLOGANS]:
            label = escape(term)
            link = _a(src, slogan_urls[term], label) if term in slogan_urls else label
            items.append(f"<li>{link}<small>{count} 次 · {used} 篇</small></li>")
        out.append('\n<ol class="archive-top-slogans">\n' + "\n".join(items) + "\n</ol>\n")
        out.append(f"\n<p>{_a(src, 'slogans/', '全部提法 →')}</p>\n")

    out.append("## 浏览入口 {#ways-in}\n")
    ways = [
        ("browse/years/", "按年份"),
        ("browse/levels/", "按层级"),
        ("browse/speakers/", "按讲话人"),
        ("browse/occasions/", "按会议类型"),
        ("browse/themes/", "按主题"),
        ("slogans/", "按提法"),
        ("data/", "数据下载"),
    ]
    out.append('\n<p class="archive-chips">' + " ".join(_a(src, u, t, "archive-chip") for u, t in ways) + "</p>\n")
    return "\n".join(out)


def insert_home_figures(markdown: str, figures: str) -> str:
    """Put the figures where ``HOME_MARKER`` is in the hand-written home page, else after its text.

    >>> insert_home_figures("# 档案\\n\\n<!-- archive/home -->\\n\\n尾。\\n", "F")
    '# 档案\\n\\nF\\n\\n尾。\\n'
    >>> insert_home_figures("# 档案\\n", "F")
    '# 档案\\n\\nF\\n'
    """
    if HOME_MARKER in markdown:
        return markdown.replace(HOME_MARKER, figures, 1)
    return markdown.rstrip("\n") + "\n\n" + figures + "\n"


# --- related speeches on a speech page ------------------------------------------------------------


def related_front_matter(related: tuple[Related, ...]) -> list[dict[str, Any]]:
    """The speech page's ``related`` front matter: what ``partials/archive-related.html`` shows.

    ``url`` is relative to the site root (the partial prefixes ``base_url``).
    """
    return [
        {
            "id": r.id,
            "title": r.title,
            "url": r.url,
            "date": r.date,
            "slogans": list(r.slogans[:RELATED_TERMS_SHOWN]),
            "keywords": list(r.keywords[:RELATED_TERMS_SHOWN]),
            "more": max(0, len(r.slogans) - RELATED_TERMS_SHOWN) + max(0, len(r.keywords) - RELATED_TERMS_SHOWN),
            "score": round(r.score, 2),
        }
        for r in related
    ]
