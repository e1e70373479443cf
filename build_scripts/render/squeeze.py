"""Squeeze a rendered page: the indentation and blank lines Jinja leaves between tags.

Material's templates indent their output for people reading them; a browser reads the same page
from one line a tag. At 10,000 speeches that white space is 57 MB of the site. What a ``<pre>``
or ``<textarea>`` holds is kept as it is: there, white space is text.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def squeeze(html: str) -> str:
    """``html`` without the white space at the start of its lines and without blank lines.

    >>> squeeze("<div>\\n    <p>a b</p>\\n\\n  <pre>  x\\n    y</pre>\\n</div>\\n")
    '<div>\\n<p>a b</p>\\n<pre>  x\\n    y</pre>\\n</div>\\n'
    """
    parts = _KEEP.split(html)
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(_INDENT.sub("\n", part))
        elif kind == 1:
            out.append(part)  # a <pre> or <textarea>, as it is
    return "".join(out)
