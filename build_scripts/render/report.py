"""The build report page (``report.md``): what was built, every refused file, and the curator's work list.

The work list names each speech whose date is unknown or only a range, or whose level, place or
speaker is unknown, with why where the build can say, and a sidecar snippet to paste into
``<id>.yml`` beside the speech: the unknown fields as commented-out lines, with what the text
suggests (the range's bound) as the value to check. Commented out, a pasted snippet changes
nothing until the curator fills a line in and removes its ``#``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from build_scripts.errors import Problem
from build_scripts.model import LEVELS, Speech
from build_scripts.render.browse import relative
from build_scripts.render.text import escape, front_matter

SRC = "report.md"
WORK_LIST_CAP = 500  # speeches shown in full; the rest are counted (data/speeches.json has them all)
FIELDS: tuple[tuple[str, str], ...] = (("date", "日期"), ("level", "层级"), ("place", "地区"), ("speaker", "讲话人"))
_HINTS = {
    "date": "YYYY、YYYY-MM 或 YYYY-MM-DD",
    "level": " / ".join(LEVELS),
    "place": "行政区划名称，按讲话时的名称，如 满城区、河北省；中央为 全国",
    "speaker": "职务，如 县委书记、县长",
}


@dataclass(frozen=True)
class Gap:
    """One field the build could not fill for one speech: the reason and a value to check, if any."""

    field: str
    reason: str
    suggestion: str | None = None


def gaps(speech: Speech) -> tuple[Gap, ...]:
    """The work-list fields of a speech: date unknown or a range; level, place, speaker unknown —
    unless a curator's sidecar records them as unknown (``speaker: null`` for a communiqué)."""
    out = [g for g in _gaps(speech) if (ev := speech.meta.evidence_for(g.field)) is None or ev.source != "sidecar"]
    return tuple(out)


def _gaps(speech: Speech) -> list[Gap]:
    meta = speech.meta
    out: list[Gap] = []
    if not meta.date:
        lo, hi = meta.date_not_before, meta.date_not_after
        if lo or hi:
            span = f"{lo or '?'} — {hi or '?'}"
            out.append(Gap("date", f"只知范围：{span}", lo or hi))
        else:
            out.append(Gap("date", "原文未给出日期，也无可推断的线索"))
    if not meta.level:
        out.append(Gap("level", "原文没有可判断层级的说法"))
    if not meta.place:
        reason = "标题、副标题和开头都未写明所属地方" if meta.level != "乡镇" else "乡镇不在行政区划代码表中"
        out.append(Gap("place", reason))
    if not meta.speaker:
        out.append(Gap("speaker", "原文没有署名，也没有点明讲话人职务的说法"))
    return out


def sidecar_snippet(speech: Speech, missing: Sequence[Gap]) -> str:
    """The lines to paste into ``<id>.yml``: every missing field commented out, with a hint.

    >>> from build_scripts.model import Document, Metadata, Source
    >>> s = Speech(Source("a", "a.txt", "0", "utf-8", ""), Document(None, ()), "t", True, Metadata(date_not_before="2022-10"))
    >>> print(sidecar_snippet(s, gaps(s)))
    # a.yml（放在 a.txt 旁边）：核对后填写，并删去行首的 #
    # date: 2022-10  # YYYY、YYYY-MM 或 YYYY-MM-DD
    # level:  # 中央 / 省 / 市 / 县 / 乡镇
    # place:  # 行政区划名称，按讲话时的名称，如 满城区、河北省；中央为 全国
    # speaker:  # 职务，如 县委书记、县长
    """
    lines = [f"# {speech.id}.yml（放在 {speech.source.name} 旁边）：核对后填写，并删去行首的 #"]
    for gap in missing:
        value = f" {gap.suggestion}" if gap.suggestion else ""
        lines.append(f"# {gap.field}:{value}  # {_HINTS[gap.field]}")
    return "\n".join(lines)


def render_report(problems: Sequence[Problem], speeches: Sequence[Speech], cap: int = WORK_LIST_CAP) -> str:
    """The build report page: what was built, every file that was refused, the curator's work list."""
    lines = [
        front_matter({"title": "构建报告", "search": {"exclude": True}}),
        "# 构建报告\n",
        f"已收录讲话 {len(speeches)} 篇。\n",
    ]
    if problems:
        lines.append(f"以下 {len(problems)} 个问题导致相应文件未被收录：\n")
        lines.append('<ul class="archive-refused">')
        lines.extend(f"<li><code>{escape(p.file)}</code>：{escape(str(p))}</li>" for p in problems)
        lines.append("</ul>\n")
    else:
        lines.append("没有文件被拒绝。\n")
    lines.append(render_work_list(speeches, cap))
    return "\n".join(lines)


def render_work_list(speeches: Sequence[Speech], cap: int = WORK_LIST_CAP) -> str:
    """The curator's work list: counts per field, then each speech with its gaps and a sidecar snippet."""
    todo = [(s, g) for s in sorted(speeches, key=lambda s: s.id) if (g := gaps(s))]
    out = ["\n## 待核对的讲话 {#work-list}\n"]
    if not todo:
        out.append("\n<p>每篇讲话的日期、层级、地区和讲话人都已确定。</p>\n")
        return "\n".join(out)
    counts = Counter(g.field for _, found in todo for g in found)
    ranges = sum(1 for _, found in todo for g in found if g.field == "date" and g.suggestion)
    figures = "、".join(
        f"{label}{'不详或只知范围' if name == 'date' else '不详'} {counts[name]} 篇"
        for name, label in FIELDS
        if counts[name]
    )
    out.append(
        f"\n<p>{len(todo)} 篇讲话有未能确定的信息：{figures}"
        + (f"（其中 {ranges} 篇日期只知范围）" if ranges else "")
        + "。在讲话文件旁放一个同名的 <code>.yml</code> 文件即可订正，下面每篇都附有可直接粘贴的内容。</p>\n"
    )
    out.append('<ul class="archive-work-list">')
    for speech, found in todo[:cap]:
        href = relative(SRC, speech.url)
        why = "；".join(f"{dict(FIELDS)[g.field]}：{escape(g.reason)}" for g in found)
        out.append(
            f'<li><a href="{html.escape(href)}">{escape(speech.title)}</a> <code>{escape(speech.id)}</code>'
            f"<br><small>{why}</small>"
            f"<details><summary>订正文件</summary><pre><code>{escape(sidecar_snippet(speech, found))}</code></pre></details></li>"
        )
    out.append("</ul>\n")
    if len(todo) > cap:
        out.append(
            f"\n<p>另有 {len(todo) - cap} 篇未列出；<code>data/speeches.json</code> 中这些字段为 null 的讲话即是。</p>\n"
        )
    return "\n".join(out)
