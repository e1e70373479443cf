"""The fast build gives the same site, byte for byte, as the plain one.

Fast: speech pages rendered on every core, their HTML made directly (``speech_html``),
raw HTML blocks kept away from Markdown (``stash``). Plain: MkDocs' own loop, every page
through YAML front matter and Python-Markdown.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from tests.support.build import build_with_cli
from tools.bench.generate import generate_corpus

ROOT = Path(__file__).resolve().parent.parent


FAST = {"ARCHIVE_WORKERS": "2", "ARCHIVE_MARKDOWN": "0", "ARCHIVE_NO_STASH": "0"}
PLAIN = {"ARCHIVE_WORKERS": "1", "ARCHIVE_MARKDOWN": "1", "ARCHIVE_NO_STASH": "1"}

# Headings and paragraphs with everything Markdown or a template could misread, spaces inside a
# heading, a blank-out, a slogan; its sidecar adds notes to a paragraph, a phrase and a heading.
TRICKY = """关于 **同志 <b>讲话</b> 的 {{ 标题 }}
同志们：
一、抓  落实 #1 | {{x}} **XX** <i>
要增强“四个意识”，坚定“四个自信”，做到“两个维护”。[链接](http://x) `代码` \\ & &amp; 　全角空格
（一）做好 *两个确立* 工作_和_其他
“未闭合的引号，以及 <script>alert(1)</script> 和 ${x} ~~删~~ ==高亮==
二、结束 {#id}
散会。
"""
TRICKY_SIDECAR = """notes:
  - anchor: p2
    text: 注 <b>一</b> **二**
  - phrase: 两个维护
    text: 指 {{ 两个 }} 维护
  - anchor: s1
    text: 第一部分
"""


def _build(corpus: Path, site: Path, mode: dict[str, str], cache: Path) -> None:
    env = {
        **mode,
        "ARCHIVE_CACHE_DIR": str(cache),
        "SITE_URL": "https://example.org/archive/",
        "SOURCE_DATE_EPOCH": "1700000000",
    }  # sitemap included
    result = build_with_cli(corpus, site, env=env)
    assert result.returncode == 0, result.stderr[-2000:]


def _differences(a: Path, b: Path) -> list[str]:
    out: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def test_fast_and_plain_builds_make_the_same_site(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(200, corpus, ROOT / "corpus", chars=1500)
    for seed in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(seed, corpus / seed.name)
    (corpus / "tricky.txt").write_text(TRICKY, encoding="utf-8")
    (corpus / "tricky.yml").write_text(TRICKY_SIDECAR, encoding="utf-8")
    _build(corpus, tmp_path / "plain", PLAIN, tmp_path / "cache")
    _build(corpus, tmp_path / "fast", FAST, tmp_path / "cache")
    tricky = (tmp_path / "fast/speeches/tricky/index.html").read_text(encoding="utf-8")
    assert "archive-note" in tricky and 'id="s2"' in tricky and "&lt;script&gt;" in tricky
    assert (tmp_path / "fast/speeches/gen_00199/index.html").is_file()
    assert "https://example.org/archive/speeches/gen_00199/" in (tmp_path / "fast/sitemap.xml").read_text(
        encoding="utf-8"
    )
    assert _differences(tmp_path / "plain", tmp_path / "fast") == []
