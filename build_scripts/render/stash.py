"""Keep pre-rendered HTML blocks away from Python-Markdown, and put them back afterwards.

Our generated pages are mostly raw HTML blocks (speech paragraphs, concordance
tables, listings) that Markdown passes through unchanged, yet parses tag by tag:
that parse was the largest single cost of a big build. ``stash`` swaps each such
block for a one-line comment before MkDocs converts the page; ``unstash`` puts
the blocks back into the converted HTML. The page that results is the same.
"""

from __future__ import annotations

import re

_MARK = "<!--archive-stash-{}-->"
_MARK_RE = re.compile(r"<!--archive-stash-(\d+)-->")
_BLOCK_START = re.compile(r"<(?:p|div|table|ul|ol|section|aside|nav|figure|svg|dl|form|details)[\s>]")


def stash(markdown: str) -> tuple[str, tuple[str, ...]]:
    """Replace raw HTML blocks (blank-line separated, starting with a block tag) by markers.

    >>> md, blocks = stash("## 标题 {#s1}\\n\\n<p id=\\"p1\\">一&#42;</p>\\n\\n正文\\n")
    >>> md, blocks
    ('## 标题 {#s1}\\n\\n<!--archive-stash-0-->\\n\\n正文\\n', ('<p id="p1">一&#42;</p>',))
    >>> unstash("<h2>标题</h2>\\n<!--archive-stash-0-->\\n<p>正文</p>", blocks)
    '<h2>标题</h2>\\n<p id="p1">一&#42;</p>\\n<p>正文</p>'
    """
    blocks: list[str] = []
    parts = markdown.split("\n\n")
    for i, part in enumerate(parts):
        body = part.strip("\n")
        if _BLOCK_START.match(body) and body.endswith(">") and "markdown=" not in body.split(">", 1)[0]:
            parts[i] = part.replace(body, _MARK.format(len(blocks)), 1)
            blocks.append(body)
    return "\n\n".join(parts), tuple(blocks)


def unstash(html: str, blocks: tuple[str, ...]) -> str:
    """Put the stashed blocks back in place of their markers."""
    if not blocks:
        return html
    return _MARK_RE.sub(lambda m: blocks[int(m.group(1))], html)
