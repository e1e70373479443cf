// Unit tests of archive-search-core.js's pure helpers (node, no dependencies).
"use strict"
const assert = require("assert")
const path = require("path")
const core = require(path.join(__dirname, "../../site_overrides/assets/javascripts/archive-search-core.js"))

const folder = core.makeFolder({ from: "兩個確", to: "两个确" })
assert.strictEqual(core.fold("兩個\u3000確立\u200b\ufeff x", folder), "两个确立x")
assert.strictEqual(core.fold("ABC ａｂｃ", folder), "ABCａｂｃ") // no case or width folding

const q = core.parseQuery("  兩個確立\u3000招商 引资 两个确立 \u200b ", folder)
assert.deepStrictEqual(q.folded, ["两个确立", "招商", "引资"])
assert.deepStrictEqual(q.raw, ["兩個確立", "招商", "引资"])

const fm = core.foldMapped("a 𠀀b\u200bc", folder)
assert.strictEqual(fm.s, "a𠀀bc")
assert.deepStrictEqual(Array.from(fm.from), [0, 2, 2, 4, 6])
assert.deepStrictEqual(Array.from(fm.to), [1, 4, 4, 5, 7])

assert.deepStrictEqual(core.findAll("aaaa", "aa"), [0, 1, 2])

// varints: 0, 127, 128, 300, 2**42 + 5
const st = { i: 0 }
const bytes = Uint8Array.from([0, 127, 128, 1, 172, 2, 133, 128, 128, 128, 128, 128, 1])
assert.deepStrictEqual([0, 1, 2, 3, 4].map(() => core.readVarint(bytes, st)), [0, 127, 128, 300, 2 ** 42 + 5])

// cover: always 0 and n-2, gaps at most 2, cheapest
assert.deepStrictEqual(core.planCover([1]), [0])
assert.deepStrictEqual(core.planCover([1, 1, 1, 1, 1]), [0, 2, 4])
assert.deepStrictEqual(core.planCover([1, 1, 1, 1]), [0, 2, 3])
assert.deepStrictEqual(core.planCover([1, 100, 1, 100, 1]), [0, 2, 4])
assert.deepStrictEqual(core.planCover([1, 1, 100, 1]), [0, 1, 3])
for (let n = 1; n < 12; n++) {
  const costs = Array.from({ length: n }, (_, i) => (i * 7919) % 13 + 1)
  const c = core.planCover(costs)
  assert.strictEqual(c[0], 0); assert.strictEqual(c[c.length - 1], n - 1)
  for (let i = 1; i < c.length; i++) assert.ok(c[i] - c[i - 1] >= 1 && c[i] - c[i - 1] <= 2)
}

// intersect: phrase "abc" = bigram ab at p, bc at p+1: the phrase's starts per doc
const ab = new Map([[0, Int32Array.from([0, 5, 12])], [1, Int32Array.from([3])]])
const bc = new Map([[0, Int32Array.from([1, 9, 13])], [1, Int32Array.from([7])]])
const r = core.intersect([ab, bc], [0, 1])
assert.deepStrictEqual([...r.entries()], [[0, Int32Array.from([0, 12])]])

// headings: h/<k>.bin holds per doc n, then (gap since the last end, length) varints
assert.deepStrictEqual(core.decodeHeads(Uint8Array.from([2, 0, 5, 10, 3, 0, 1, 200, 1, 4])),
  [Int32Array.from([0, 5, 15, 18]), Int32Array.from([]), Int32Array.from([200, 204])])
const heads = Int32Array.from([0, 5, 15, 18])
assert.strictEqual(core.inHeading([1], 4, heads), true) // 1..4 inside 0..5
assert.strictEqual(core.inHeading([2], 4, heads), false) // 2..5 runs past the heading's end
assert.strictEqual(core.inHeading([2, 15], 3, heads), true)
assert.strictEqual(core.inHeading([6, 14], 2, heads), false)

// a bit-packed positional list (build_scripts/index/search.py: _position_lists): 2 runs, k = 0, 3, 0;
// doc 1 at [5], doc 2 at [0, 2]: bits 011 00000 00011 00000 | 10 1 0101 | 0 010 0000 10
const bits = "011" + "00000" + "00011" + "00000" + "10" + "1" + "0101" + "0" + "010" + "0000" + "10"
const packed = Uint8Array.from((bits + "0".repeat(-bits.length & 7)).match(/.{8}/g).map((b) => parseInt(b, 2)))
assert.deepStrictEqual([...core.decodePositions(packed).entries()], [[1, Int32Array.from([5])], [2, Int32Array.from([0, 2])]])
assert.strictEqual(core.decodePositions(new Uint8Array(0)).size, 0)

// escaping and marking never let HTML through
assert.strictEqual(core.markRanges("<b>两个</b>", [[3, 5]]), "&lt;b&gt;<mark>两个</mark>&lt;/b&gt;")
assert.deepStrictEqual(core.mergeRanges([[5, 7], [0, 2], [1, 3], [7, 8]]), [[0, 3], [5, 8]])
const long = "一".repeat(200) + "两个确立" + "二".repeat(200)
const sn = core.snippet(long, [[200, 204]])
assert.ok(sn.startsWith("…") && sn.endsWith("…") && sn.includes("<mark>两个确立</mark>"))
assert.ok(Array.from(sn).length < 140)

// sections: title, a heading and a paragraph, a match across two blocks
const text = { t: "关于两个确立", b: [["title", "关于两个确立"], ["s1", "一、两个确立"], ["p1", "坚持两个"], ["p2", "确立。"]] }
const secs = core.sections(text, ["两个确立"], folder)
assert.deepStrictEqual(secs.map((s) => s.anchor), ["title", "s1", "p1", "p2"])
assert.deepStrictEqual(secs[2].ranges, [[2, 4]])
assert.deepStrictEqual(secs[3].ranges, [[0, 2]])
// the shard hash agrees with build_scripts/index/search.py (its doctest: 9)
assert.strictEqual(core.bigramShard("两".codePointAt(0), "个".codePointAt(0), 97), 9)

// a failed fetch is not cached: the next query tries again
;(async () => {
  let calls = 0
  const flaky = {
    json: async () => { calls++; if (calls === 1) throw new Error("offline"); return null },
    bytes: async () => null,
  }
  const engine = new core.Engine(flaky)
  let failed = false
  await engine.search("两个").catch(() => { failed = true })
  assert.ok(failed)
  const result = await engine.search("两个")
  assert.deepStrictEqual(result.items, [])
  assert.ok(calls >= 3, "meta.json fetched again")
  assert.deepStrictEqual((await engine.search("  ")).items, [])
  console.log("ok")
})().catch((e) => { console.error(e); process.exit(1) })
