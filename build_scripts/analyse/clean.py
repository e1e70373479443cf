"""Drop boilerplate that is not the speech: shop adverts, page furniture, share bars.

Only the edges of a file are touched. A *leading block* (everything before the
speech starts) is dropped whole when it carries an advert marker and none of its
lines reads like speech; a *trailing block* likewise after the speech ends. In
between, a line is dropped only when it matches a marker *and* is short and
carries no sentence of speech. Every dropped line is returned, so the page can
list it: nothing disappears silently.
"""

from __future__ import annotations

import re

# Words that mark a line as an advert or web-page furniture wherever it stands.
_STRONG = (
    r"仅供学习|禁止外传|QQ群|qq群|微信群|会员群|会员资料|会员材料|开通会员|"
    r"公众号|扫码|扫一扫|二维码|转载请|联系删除|责任编辑[：:]|阅读原文|分享到[：:]|"
    r"打印本页|关闭窗口|上一篇[：:]|下一篇[：:]|浏览次数|点击数[：:]|文档下载|[Ww]ord版|WORD版|"
    r"【字体|【打印|【关闭|字号[：:]\s*[大中小]|^[（(【\[]?(?:来源|作者|编辑|责任编辑|发布时间|发布日期|信息来源)[：:]"
)
# Weaker words, trusted only at the edges of the file (before the title, after the end).
_WEAK = (
    r"订阅|倒卖|关注我们|免费下载|下载地址|付费|原创文章|版权归|侵权|编辑[：:]|来源[：:]|"
    r"点击查看|相关阅读|推荐阅读|本文来源|文章来源|字号[：:]|发布时间[：:]|【打击|自建平台|"
    r"实时分享|VIP|vip|资料群|会员"
)
_MARKERS = re.compile(f"{_STRONG}|{_WEAK}")
_STRONG_MARKERS = re.compile(_STRONG)
# Where a speech starts: a title-like line or the salutation.
_START = re.compile(
    r"^\s*(?:同志们|各位|尊敬的|女士们|在.{2,60}(?:上|时)的.{0,8}(?:讲话|发言|报告|致辞|讲稿|讲话提纲|主持词)|"
    r".{0,60}(?:讲话|发言|报告|致辞|党课|主持词)(?:（.*）|\(.*\))?\s*$)"
)
# A line that reads like speech: a sentence with Chinese sentence punctuation.
_SENTENCE = re.compile(r"[\u4e00-\u9fff]{4,}[，。；！？]")


def strip_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split ``lines`` into ``(kept, removed)``; kept lines keep their order.

    >>> strip_boilerplate(["仅供学习 禁止外传", "会员群：", "在全县大会上的讲话", "同志们："])
    (['在全县大会上的讲话', '同志们：'], ['仅供学习 禁止外传', '会员群：'])
    >>> strip_boilerplate(["同志们：", "要抓好订阅工作。"])
    (['同志们：', '要抓好订阅工作。'], [])
    """
    removed: list[str] = []
    start = _leading_block_end(lines)
    if start:
        removed.extend(line for line in lines[:start] if line.strip())
        lines = lines[start:]
    end = _trailing_block_start(lines)
    tail = lines[end:]
    lines = lines[:end]
    kept: list[str] = []
    for line in lines:
        if _is_furniture(line, _STRONG_MARKERS):
            removed.append(line)
        else:
            kept.append(line)
    removed.extend(line for line in tail if line.strip())
    return kept, removed


def _is_furniture(line: str, markers: re.Pattern[str] = _MARKERS) -> bool:
    """A short line that matches a marker and carries no sentence of speech."""
    s = line.strip()
    return bool(s) and len(s) <= 40 and bool(markers.search(s)) and not _SENTENCE.search(s)


def _leading_block_end(lines: list[str]) -> int:
    """Index of the line where the speech starts if the lines before it are an advert, else 0."""
    limit = min(len(lines), 40)
    start = next((i for i in range(limit) if _START.match(lines[i])), None)
    if not start:
        return 0
    head = [line.strip() for line in lines[:start] if line.strip()]
    if not any(_MARKERS.search(h) for h in head):
        return 0
    if any(len(h) > 60 or (_SENTENCE.search(h) and not _MARKERS.search(h)) for h in head):
        # Some line before the start reads like speech: only drop marked lines, one by one.
        return 0
    return start


def _trailing_block_start(lines: list[str]) -> int:
    """Index after the last line of speech: trailing lines that are all furniture are cut."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or _is_furniture(lines[end - 1]) or _is_footer(lines[end - 1])):
        end -= 1
    return end


def _is_footer(line: str) -> bool:
    """After the speech ends, a short line with a strong marker is furniture even if it is a sentence."""
    s = line.strip()
    return len(s) <= 40 and bool(_STRONG_MARKERS.search(s))
