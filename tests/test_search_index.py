"""The search index (build_scripts/index/search.py) and its query logic (archive-search-core.js).

Three layers: the Python index decodes back to exactly the bigram positions of the
folded texts; labelled cases (tests/cases/search_cases.yml) pin the semantics and the
ranking; and random queries drawn from the seed corpus, answered by the JavaScript
engine under node, must have precision and recall 1 against plain string matching.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from build_scripts.errors import ArchiveError
from build_scripts.index import search
from build_scripts.index.search import SearchDoc, build_search_files

ROOT = Path(__file__).resolve().parent.parent
CORE_JS = ROOT / "site_overrides/assets/javascripts/archive-search-core.js"
NODE = shutil.which("node")


def need_node() -> str:
    """Node.js, which ``make test`` installs (Debian's ``nodejs``): missing, these tests fail, never skip."""
    if NODE is None:
        pytest.fail("node is missing: run `make test` (it installs Debian's nodejs) or apt-get install nodejs")
    return NODE


CASES = yaml.safe_load((ROOT / "tests/cases/search_cases.yml").read_text(encoding="utf-8"))
DROP = re.compile("[" + re.escape(search.WHITESPACE + search.ZERO_WIDTH) + "]")


def plain(text: str) -> str:
    """The truth's only normalisation: white space and zero-width characters removed."""
    return DROP.sub("", text)


def case_docs() -> list[SearchDoc]:
    return [
        SearchDoc(
            id=d["id"],
            url=f"speeches/{d['id']}/",
            title=d["title"],
            date=d["date"],
            level=None,
            blocks=(("title", d["title"]),) + tuple((a, t) for a, t in d["blocks"]),
        )
        for d in CASES["docs"]
    ]


def seed_docs() -> list[SearchDoc]:
    """The seed corpus read naively (first line title, the rest paragraphs or headings)."""
    docs = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        lines = [x.strip() for x in path.read_text(encoding="utf-8-sig").splitlines() if x.strip()]
        blocks, p, s = [], 0, 0
        for line in lines[1:]:
            if re.match(r"^[一二三四五六七八九十]+、", line):
                s += 1
                blocks.append((f"s{s}", line))
            else:
                p += 1
                blocks.append((f"p{p}", line))
        blocks.insert(0, ("title", lines[0]))
        docs.append(SearchDoc(path.stem, f"speeches/{path.stem}/", lines[0], None, None, tuple(blocks)))
    return docs


def doc_stream(doc: SearchDoc) -> str:
    return plain("".join(t for _, t in doc.blocks))


def write_site(files: dict[str, bytes], root: Path) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def run_node(site: Path, queries: list[str], tmp_path: Path) -> list[dict]:
    qfile = tmp_path / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [need_node(), str(ROOT / "tests/js/run_queries.js"), str(site), str(qfile)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


# ---------------------------------------------------------------------------- Python side


def _varints(data: bytes, i: int) -> tuple[int, int]:
    value, mul = 0, 1
    while True:
        b = data[i]
        i += 1
        value += (b & 127) * mul
        mul *= 128
        if b < 128:
            return value, i


def _from_shard(shard: bytes, wanted: int) -> bytes:
    """Key ``wanted``'s list in a shard file (empty when the shard does not hold it)."""
    if not shard:
        return b""
    n, i = _varints(shard, 0)
    key, spans = 0, []
    for _ in range(n):
        d, i = _varints(shard, i)
        length, i = _varints(shard, i)
        key += d
        spans.append((key, length))
    for k, length in spans:
        if k == wanted:
            return shard[i : i + length]
        i += length
    return b""


def _unigram_counts(files: dict[str, bytes], meta: dict, c: int) -> dict[int, tuple[int, bool]]:
    """doc → (body count, in a heading or the title) of character ``c``, as ``u/`` lists them."""
    data = _from_shard(files.get(f"search/archive/u/{c % meta['uni_shards']}.bin", b""), c)
    out: dict[int, tuple[int, bool]] = {}
    i, doc = 0, -1
    while i < len(data):
        d, i = _varints(data, i)
        d, head = divmod(d, 2)
        doc = d if doc < 0 else doc + d + 1
        count, i = _varints(data, i)
        out[doc] = (count, bool(head))
    return out


class _Bits:
    """A reader of a bit-packed list, high bit first (written by ``search._position_lists``)."""

    def __init__(self, data: bytes) -> None:
        self.bits, self.i = "".join(f"{b:08b}" for b in data), 0

    def read(self, k: int) -> int:
        self.i += k
        return int(self.bits[self.i - k : self.i] or "0", 2)

    def rice(self, k: int) -> int:
        q = self.bits.index("0", self.i) - self.i
        self.i += q + 1
        return (q << k) + self.read(k)

    def gamma(self) -> int:
        z = self.bits.index("1", self.i) - self.i
        self.i += z
        return self.read(z + 1) - 1


def _bigram_list(files: dict[str, bytes], meta: dict, c1: int, c2: int) -> dict[int, list[int]]:
    name = f"{c1:x}-{c2:x}"
    if name in meta["heavy"]:
        data = files[f"search/archive/b/x/{name}.bin"]
    else:
        shard = files.get(f"search/archive/b/{search.bigram_shard(c1, c2, meta['bi_shards'])}.bin", b"")
        data = _from_shard(shard, search.bigram_key(c1, c2))
    out: dict[int, list[int]] = {}
    if not data:
        return out
    bits = _Bits(data)
    runs, k_gap, k_first, k_later = bits.gamma(), bits.read(5), bits.read(5), bits.read(5)
    doc = -1
    for _ in range(runs):
        gap = bits.rice(k_gap)
        doc = gap if doc < 0 else doc + gap + 1
        n = bits.gamma() + 1
        pos = [bits.rice(k_first)]
        for _ in range(n - 1):
            pos.append(pos[-1] + bits.rice(k_later) + 1)
        out[doc] = pos
    assert len(data) * 8 - bits.i < 8 and set(bits.bits[bits.i :]) <= {"0"}  # padded to a byte with 0 bits
    return out


def _heads(files: dict[str, bytes], docs: int) -> list[list[tuple[int, int]]]:
    """Every doc's headings as ``h/<k>.bin`` lists them: [start, end) places in its stream."""
    out: list[list[tuple[int, int]]] = []
    for k in range(-(-docs // 1000)):
        data, i = files[f"search/archive/h/{k}.bin"], 0
        while i < len(data):
            n, i = _varints(data, i)
            heads, end = [], 0
            for _ in range(n):
                gap, i = _varints(data, i)
                length, i = _varints(data, i)
                heads.append((end + gap, end + gap + length))
                end += gap + length
            out.append(heads)
    return out


def test_index_decodes_to_exact_positions() -> None:
    _check_positions(seed_docs() + case_docs(), ["两个", "确立"])


def test_an_alphabet_of_over_65535_characters_is_indexed_exactly() -> None:
    """Characters are stored as two-byte places in the archive's alphabet, four when it is wider."""
    wide = "".join(map(chr, [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0x20000, 0x2A6E0)]))
    docs = [SearchDoc("wide", "speeches/wide/", "t", None, None, (("p1", wide), ("s1", wide[:50]))), *case_docs()]
    corpus = search._corpus(search.order_docs(docs), search.Folder(search.t2s_pairs()))
    assert corpus.codes.dtype == "uint32" and corpus.separator >= 0xFFFF
    _check_positions(docs, [wide[-2:], wide[:2], "两个"])


def test_an_archive_without_a_title_line_or_heading_is_indexed() -> None:
    """No speech has a heading to look in (untitled texts without parts): it crashed the index."""
    docs = [
        SearchDoc(d.id, d.url, d.title, None, None, tuple(b for b in d.blocks if b[0].startswith("p")))
        for d in seed_docs() + case_docs()
    ]
    assert not any(a.startswith(("s", "title")) for d in docs for a, _ in d.blocks)
    _check_positions(docs, ["两个", "确立"])


def _check_positions(docs: list[SearchDoc], always: list[str]) -> None:
    files = build_search_files(docs, [])
    meta = json.loads(files["search/archive/meta.json"])
    folder = search.Folder(search.t2s_pairs())
    folded = [search.fold_doc(d, folder) for d in search.order_docs(docs)]
    rng = random.Random(6)
    bigrams = {f.body[i : i + 2] for f in folded for i in range(len(f.body) - 1)}
    for bigram in rng.sample(sorted(bigrams), 300) + always:
        expected = {n: pos for n, f in enumerate(folded) if (pos := list(search.iter_matches(f.body, bigram)))}
        assert _bigram_list(files, meta, ord(bigram[0]), ord(bigram[1])) == expected, bigram
    assert _heads(files, len(folded)) == [list(f.heads) for f in folded]
    chars = sorted({c for f in folded for c in f.body})
    for char in rng.sample(chars, min(300, len(chars))) + [a[0] for a in always]:
        counts = {n: (f.body.count(char), any(char in f.body[a:b] for a, b in f.heads)) for n, f in enumerate(folded)}
        assert _unigram_counts(files, meta, ord(char)) == {n: c for n, c in counts.items() if c != (0, False)}, char


def test_headings_are_places_in_the_stream() -> None:
    """The title block and the headings, not the paragraphs, as [start, end) of the folded stream."""
    doc = SearchDoc(
        "d", "speeches/d/", "题", None, None, (("title", "题 目"), ("p1", "正文"), ("s1", "一、\u200b要点"), ("p2", ""))
    )
    folded = search.fold_doc(doc, search.Folder(()))
    assert folded.body == "题目正文一、要点"
    assert folded.heads == ((0, 2), (4, 8))
    assert [folded.body[a:b] for a, b in folded.heads] == ["题目", "一、要点"]


def test_heavy_bigram_counts_say_which_speeches_hold_it_in_a_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bigram too common for a shard has a list of counts beside its positions; its bit says
    "in a heading" only where the bigram lies inside one (not where it spans a heading's end)."""
    docs = [
        SearchDoc(f"d{n:05d}", f"speeches/d{n:05d}/", "t", None, None, blocks)
        for n in range(300)
        for blocks in [
            (("s1", "发展"), ("p1", "发展" * 20)) if n % 3 == 0 else (("s1", "要发"), ("p1", "展" + "发展" * 20))
        ]
    ]
    monkeypatch.setattr(search, "HEAVY_BYTES", 1000)  # a list over 1,000 bytes is heavy (48 KB in use)
    files = build_search_files(docs, [])
    name = f"{ord('发'):x}-{ord('展'):x}"
    assert name in json.loads(files["search/archive/meta.json"])["heavy"]
    data, i, doc, got = files[f"search/archive/b/x/{name}.c.bin"], 0, -1, {}
    while i < len(data):
        d, i = _varints(data, i)
        d, head = divmod(d, 2)
        doc = d if doc < 0 else doc + d + 1
        _, i = _varints(data, i)  # its count
        got[doc] = head
    assert got == {n: int(n % 3 == 0) for n in range(300)}


def test_output_is_deterministic_and_order_free() -> None:
    docs = seed_docs()
    first = build_search_files(docs, [("两个确立", (), "slogans/x/")])
    again = build_search_files(iter(reversed(docs)), iter([("两个确立", (), "slogans/x/")]))
    assert first == again  # a generator does as well as a list, in any order
    assert all(path.startswith("search/archive/") for path in first)


def test_meta_version_follows_the_index() -> None:
    """``meta.json``'s version (the browser's ``?v=`` on every other file) changes with any of them."""
    docs = seed_docs()

    def version(files: dict[str, bytes]) -> str:
        return json.loads(files["search/archive/meta.json"])["version"]

    base = build_search_files(docs, [])
    edited = [*docs[:-1], replace(docs[-1], blocks=(*docs[-1].blocks, ("p999", "新增一段")))]
    retitled = [*docs[:-1], replace(docs[-1], title=docs[-1].title + "（修订）")]
    versions = {version(base), version(build_search_files(edited, [])), version(build_search_files(retitled, []))}
    assert len(versions) == 3 and all(len(v) == 16 for v in versions)
    assert version(build_search_files(list(reversed(docs)), [])) == version(base)


def test_fold_table_agrees_with_opencc() -> None:
    import opencc

    t2s = opencc.OpenCC("t2s")
    pairs = search.t2s_pairs()
    assert len(pairs) > 3000
    assert all(len(t) == len(s) == 1 and t != s for t, s in pairs)
    agree = sum(t2s.convert(t) == s for t, s in pairs)
    assert agree > 0.99 * len(pairs)  # the rest: OpenCC keeps 瞭, 乾, ... when alone
    table = dict(pairs)
    assert table["兩"] == "两" and table["確"] == "确" and table["資"] == "资"
    assert "两" not in table and "着" not in table and "干" not in table


def test_duplicate_ids_are_a_user_error() -> None:
    doc = case_docs()[0]
    with pytest.raises(ArchiveError) as err:
        build_search_files([doc, doc], [])
    assert "a" in str(err.value) and "unique" in str(err.value)


def test_huge_speech_is_a_user_error() -> None:
    doc = SearchDoc("huge", "speeches/huge/", "t", None, None, (("p1", "字" * search.MAX_CHARS),))
    with pytest.raises(ArchiveError) as err:
        search.fold_doc(doc, search.Folder(()))
    assert "huge" in str(err.value) and "Split" in str(err.value)


# ------------------------------------------------------------------------ JavaScript side


def test_core_helpers_under_node() -> None:
    out = subprocess.run([need_node(), str(ROOT / "tests/js/test_core.js")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


@pytest.fixture(scope="module")
def case_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    slogans = [(t, tuple(v), u) for t, v, u in CASES["slogans"]]
    site = write_site(build_search_files(case_docs(), slogans), tmp_path_factory.mktemp("cases"))
    return write_site({f"{d.url}index.html": speech_page(d) for d in case_docs()}, site)  # snippets come from pages


def speech_page(doc: SearchDoc) -> bytes:
    """A speech's page body as the build renders it (``render/speech.py``), for the snippets."""
    from build_scripts.model import Document, Heading, Metadata, Paragraph, Source, Speech
    from build_scripts.render.speech import speech_html

    blocks = tuple(
        Heading(t, 2, a, "一、") if a.startswith("s") else Paragraph(int(a[1:]), t)
        for a, t in doc.blocks
        if a != "title"
    )
    speech = Speech(
        Source(doc.id, f"{doc.id}.txt", "", "utf-8", ""), Document(doc.title, blocks), doc.title, False, Metadata()
    )
    return f'<h1 id="title">{doc.title}</h1>{speech_html(speech, {}).content}'.encode()


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["query"] for c in CASES["cases"]])
def test_labelled_case(case: dict, case_site: Path, tmp_path: Path) -> None:
    [answer] = run_node(case_site, [case["query"]], tmp_path)
    got = [url.split("/")[1] for url, _ in answer["speeches"]]
    assert answer["others"] == []
    if case.get("ranked"):
        assert got == case["expect"], case.get("why")
    else:
        assert sorted(got) == sorted(case["expect"]), case.get("why")


def test_slogan_page_is_offered_first(case_site: Path, tmp_path: Path) -> None:
    answers = run_node(case_site, ["两个确立", "兩個確立", "两个确立的决定性意义", "两个", "三严三实"], tmp_path)
    assert [a["slogan"] for a in answers] == [
        "slogans/liang-ge-que-li/",
        "slogans/liang-ge-que-li/",
        "slogans/liang-ge-que-li/",
        None,
        "slogans/san-yan-san-shi/",
    ]


def test_results_have_highlighted_snippets(case_site: Path, tmp_path: Path) -> None:
    [answer] = run_node(case_site, ["三严三实"], tmp_path)
    [group] = answer["groups"]
    article, *sections = group
    assert article["location"] == "speeches/a/?h=" + "%E4%B8%89%E4%B8%A5%E4%B8%89%E5%AE%9E"
    # the heading first, then the paragraph; the match keeps its inner space
    assert [s["location"].split("#")[1] for s in sections] == ["s1", "p2"]
    assert "<mark>三严三实</mark>" in sections[0]["title"]
    assert "<mark>三 严三实</mark>" in sections[1]["text"]
    counts = {url: count for url, count in answer["speeches"]}
    assert counts == {"speeches/a/": 2}  # heading + paragraph; the heading's copy is not counted


def _phrases(texts: list[str], rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        text = rng.choice(texts)
        length = rng.randint(2, 6)
        start = rng.randrange(0, max(1, len(text) - length))
        phrase = text[start : start + length]
        if len(phrase) == length:
            out.append(phrase)
    return out


@pytest.mark.parametrize("layout", ["default", "tiny-shards"])
def test_random_queries_have_full_precision_and_recall(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed corpus: 300 queries against plain string matching, through the JS engine.

    "tiny-shards" makes most bigrams heavy and shards small, so every file kind
    (shards, heavy lists, heavy counts, several doc chunks) is exercised.
    """
    import opencc

    if layout == "tiny-shards":
        monkeypatch.setattr(search, "HEAVY_BYTES", 40)
        monkeypatch.setattr(search, "SHARD_TARGET", 512)
        monkeypatch.setattr(search, "DOC_CHUNK", 2)
    docs = seed_docs()
    site = write_site(build_search_files(docs, []), tmp_path / "site")
    streams = {f"speeches/{d.id}/": doc_stream(d) for d in docs}
    rng = random.Random(20240601)
    texts = [plain(t) for d in docs for _, t in d.blocks]
    phrases = _phrases(texts, rng, 150)
    absent = [p[::-1] + "乙" for p in _phrases(texts, rng, 30)]
    pairs = [f"{a} {b}" for a, b in zip(_phrases(texts, rng, 40), _phrases(texts, rng, 40))]
    s2t = opencc.OpenCC("s2t")
    traditional = [(s2t.convert(p), p) for p in _phrases(texts, rng, 60)]
    queries = phrases + absent + pairs + [t for t, _ in traditional] + ["两个确立", "三严三实", "招商引资", "六稳"]
    truth_terms = phrases + absent + pairs + [s for _, s in traditional] + ["两个确立", "三严三实", "招商引资", "六稳"]
    answers = run_node(site, queries, tmp_path)
    assert len(answers) == len(queries) >= 280
    wrong = []
    for query, terms, answer in zip(queries, truth_terms, answers):
        parts = [plain(t) for t in terms.split()]
        expected = {url for url, s in streams.items() if all(p in s for p in parts)}
        got = {url for url, _ in answer["speeches"]}
        if got != expected:
            wrong.append((query, sorted(got - expected), sorted(expected - got)))
        if len(parts) == 1:
            counts = {url: len(list(search.iter_matches(streams[url], parts[0]))) for url in expected}
            assert dict(answer["speeches"]) == counts, query
    assert not wrong
    assert sum(1 for a in answers if a["speeches"]) > 150  # most queries do find something
    if layout == "tiny-shards":
        files = [f.relative_to(site / "search/archive").as_posix() for f in site.rglob("*.*")]
        kinds = {f.rsplit("/", 1)[0] for f in files if "/" in f}
        assert {"b", "b/x", "u", "docs"} <= kinds and "text" not in kinds  # snippets: from the pages
        assert any(p.name.endswith(".c.bin") for p in (site / "search/archive/b/x").iterdir())
