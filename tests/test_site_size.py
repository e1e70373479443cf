"""What keeps the site small (issue 16), without losing a character: pages without the templates'
indentation, one copy of a UTF-8 source, search snippets cut from the speech pages themselves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.read.source import read_source
from build_scripts.render.squeeze import squeeze

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "site_overrides/assets/javascripts/archive-search-core.js"
NODE = shutil.which("node")


def test_squeeze_keeps_what_pre_holds_and_every_word() -> None:
    page = "<div>\n    <p>甲 乙</p>\n\n  <pre><code>- term: 县管校聘\n  category: method</code></pre>\n\t<textarea>\n  a</textarea>\n</div>"
    out = squeeze(page)
    assert "<pre><code>- term: 县管校聘\n  category: method</code></pre>" in out
    assert "<textarea>\n  a</textarea>" in out
    assert re.sub(r"\s+", "", out) == re.sub(r"\s+", "", page)
    assert "\n " not in out.replace("\n  category", "").replace("\n  a", "")


def test_a_utf8_source_is_published_once(seed_site: Path) -> None:
    """A UTF-8 source is its own plain-text copy: no ``.utf8.txt`` twin, the page's link leads to it."""
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        source = read_source(path)
        twin = seed_site / "sources" / f"{source.id}.utf8.txt"
        assert twin.is_file() != source.verbatim, path.name
        page = (seed_site / "speeches" / source.id / "index.html").read_text(encoding="utf-8")
        link = re.search(r'href="([^"]+)" download>UTF-8 文本', page)
        assert link is not None
        target = (seed_site / "speeches" / source.id / link.group(1)).resolve()
        assert target.read_text(encoding="utf-8") == source.text


def _node_blocks(page: Path) -> list[list[str]]:
    script = (
        f"const core = require({json.dumps(str(CORE))});"
        f"const fs = require('fs');"
        f"process.stdout.write(JSON.stringify(core.pageBlocks(fs.readFileSync({json.dumps(str(page))}, 'utf8')).b))"
    )
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)  # type: ignore[list-item]
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_search_reads_each_speech_page_back_to_its_exact_text(seed_site: Path) -> None:
    """Search cuts its snippets from the speech pages (no second copy of the text in the index):
    what it reads back from a page is the speech's text, character for character."""
    from build_scripts.analyse.structure import parse_document

    checked = 0
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        doc = parse_document(read_source(path).text)
        got = _node_blocks(seed_site / "speeches" / path.stem / "index.html")
        assert [tuple(b) for b in got] == list(doc.anchored_texts()), path.name
        checked += len(got)
    assert checked > 100
    assert not (seed_site / "search/archive/text").exists()


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_hostile_text_comes_back_from_its_page(tmp_path: Path, build_cli) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = "<script>x</script>两个确立**粗**{{ x }}|表#题[链](h)&amp; XX 同志 ＊＊ &#42; ¶ 全角　空格"
    (corpus / "evil.txt").write_text(
        f"关于测试的讲话\n{evil}\n一、标题里也有<b>标签</b>与&lt;\n第二段。\n", encoding="utf-8"
    )
    done = build_cli(corpus, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    got = dict((a, t) for a, t in _node_blocks(tmp_path / "site/speeches/evil/index.html"))
    assert got["p1"] == evil and got["s1"] == "一、标题里也有<b>标签</b>与&lt;"
