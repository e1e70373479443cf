"""Turn speech text into safe HTML/Markdown: every character shown as written, none as markup.

Speech text is HTML-escaped, and every ASCII character that Markdown or Jinja
could read as syntax becomes a numeric character reference, so ``**``, ``_``,
``#``, ``|``, ``[x](y)``, ``{{ }}``, backticks and ``<script>`` all render as
text. Marked spans (slogans, blanked-out placeholders, annotated phrases) are
wrapped in elements whose own attributes are escaped the same way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same output, ~10x faster

# Characters that Markdown, its extensions or a template engine might interpret.
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~^=:<>\"'$%"}
_SPECIAL["&"] = "&amp;"
_SPECIAL["<"] = "&lt;"
_SPECIAL[">"] = "&gt;"
_TABLE = str.maketrans(_SPECIAL)

# Names or numbers blanked out by the source: XX, X, ××, **, ＊＊, ○○ are not used (〇 is a zero).
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[XＸ]{1,4}|[xｘ]{2,4})(?![A-Za-z])|×{1,4}|\*{2,}|＊{2,}")
PLACEHOLDER_TITLE = "原文此处隐去了名称或数字"


def escape(text: str) -> str:
    """Escape text for a Markdown line or an HTML block: shown literally, never parsed.

    >>> escape("**某某**<b>{{x}}</b>")
    '&#42;&#42;某某&#42;&#42;&lt;b&gt;&#123;&#123;x&#125;&#125;&lt;&#47;b&gt;'
    """
    return text.translate(_TABLE).replace("/", "&#47;")


@dataclass(frozen=True)
class Span:
    """A marked stretch ``[start, end)`` of a block's text, rendered as ``<tag attrs>…</tag>``."""

    start: int
    end: int
    tag: str  # "a" or "span"
    attrs: tuple[tuple[str, str], ...]


def placeholder_spans(text: str) -> tuple[Span, ...]:
    """Spans of blanked-out names or numbers; not the ``**`` a Markdown export puts around a whole
    block (``**一、抓项目**``: emphasis, shown as written).

    >>> [(s.start, s.end) for s in placeholder_spans("市委X届X次全会，**同志，Excel")]
    [(2, 3), (4, 5), (9, 11)]
    >>> placeholder_spans("**一、抓项目**"), len(placeholder_spans("**同志和**同志"))
    ((), 2)
    """
    bold = _BOLD_BLOCK.match(text)
    emphasis = {0, bold.end("words")} if bold else set()
    return tuple(
        Span(m.start(), m.end(), "span", (("class", "archive-blank"), ("title", PLACEHOLDER_TITLE)))
        for m in PLACEHOLDER.finditer(text)
        if m.start() not in emphasis
    )


_BOLD_BLOCK = re.compile(r"\*\*(?P<words>[^*\s](?:[^*]*[^*\s])?)\*\*[。：:]?$")


def markup(text: str, spans: Sequence[Span]) -> str:
    """Escaped ``text`` with ``spans`` wrapped; an overlapping later span is dropped.

    >>> markup("学习两个确立X", [Span(2, 6, "a", (("href", "../s/"),)), Span(6, 7, "span", ())])
    '学习<a href="../s/">两个确立</a><span>X</span>'
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos:
            continue
        attrs = "".join(f' {name}="{html.escape(value)}"' for name, value in span.attrs)
        out.append(escape(text[pos : span.start]))
        out.append(f"<{span.tag}{attrs}>{escape(text[span.start : span.end])}</{span.tag}>")
        pos = span.end
    out.append(escape(text[pos:]))
    return "".join(out)


def front_matter(data: Mapping[str, Any]) -> str:
    """A page's YAML front matter block, ``---`` lines included (safe dumper, Chinese kept as is).

    ``title`` and ``description`` are HTML-escaped (``page_meta``): Material prints them into the
    header, ``<title>`` and ``<meta name="description">`` without escaping them, and they come from
    speech text and the glossary.

    >>> front_matter({"title": "讲话 {{x}} <b>", "n": 1}).splitlines()
    ['---', 'title: 讲话 {{x}} &lt;b&gt;', 'n: 1', '---']
    """
    body = yaml.dump(page_meta(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n{body}---\n"


# Front matter keys Material prints into its base template without escaping them: ``title`` into
# ``<title>`` and the header (text), ``description`` and ``author`` into ``<meta content="…">`` (an
# attribute: a '"' there would close it and let what follows run as markup).
_MATERIAL_PRINTS_RAW = {"title": False, "description": True, "author": True}  # key → inside an attribute


def page_meta(data: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter as MkDocs reads it back: what Material prints raw HTML-escaped, everything else as given.

    >>> page_meta({"title": 'a"<b>', "description": '"><script>', "n": 1})
    {'title': 'a"&lt;b&gt;', 'description': '&quot;&gt;&lt;script&gt;', 'n': 1}
    """
    meta = dict(data)
    for key, in_attribute in _MATERIAL_PRINTS_RAW.items():
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(meta[key], quote=in_attribute)
    return meta
