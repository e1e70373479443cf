/*
 * archive-search-core.js: the archive's exact Chinese search, as pure functions.
 *
 * One job: answer a query from the static index written by
 * build_scripts/index/search.py, in the shape Material for MkDocs' search UI
 * renders (SearchResult: { items: SearchItem[][] }). No DOM, no fetch: the
 * caller passes an `io` object ({ json(path), bytes(path) } returning promises,
 * null when a file is missing), so the worker, the page and node tests share it.
 *
 * Semantics: a query is split at white space into terms; a speech matches when
 * it contains every term. Text and terms are folded alike (white space and
 * zero-width characters dropped, traditional characters mapped 1:1 to
 * simplified); nothing else is changed, so a match is exact.
 */
;(function (root) {
  "use strict"

  var PREFIX = "search/archive/"
  var WS = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
  var ZW = "\\u200b\\u200c\\u200d\\u2060\\ufeff"
  var DROP = new RegExp("[" + WS + ZW + "]")
  var SPLIT = new RegExp("[" + WS + "]+")
  var SHIFT = 2097152 // 2 ** 21
  var HASH_MULT = 1000003
  var SNIPPET_DOCS = 10 // speeches whose page is fetched for snippets
  var MAX_SECTIONS = 12 // sections listed under one speech
  var BEST_SECTIONS = 3 // sections shown before "more"
  var CONTEXT = 40 // characters of context on each side of a snippet's match

  /* ---------------------------------------------------------------- folding */

  /** A folding map from the shipped table ({from, to}, 1:1 by code point). */
  function makeFolder(table) {
    var map = new Map()
    if (table) {
      var from = Array.from(table.from), to = Array.from(table.to)
      for (var i = 0; i < from.length; i++) map.set(from[i], to[i])
    }
    // one regular expression finds every character to map: fast on simplified text
    var chars = Array.from(map.keys()).join("").replace(/[\\\]\[^-]/g, "\\$&")
    map.pattern = chars ? new RegExp("[" + chars + "]", "gu") : null
    return map
  }

  var DROP_ALL = new RegExp("[" + WS + ZW + "]+", "g")

  /** Fold text for matching: drop white space and zero-width, map T -> S. */
  function fold(text, folder) {
    var out = String(text).replace(DROP_ALL, "")
    if (folder && folder.pattern) out = out.replace(folder.pattern, function (ch) { return folder.get(ch) })
    return out
  }

  /**
   * Fold text, remembering where each folded UTF-16 unit came from:
   * { s, from: Int32Array (start in original), to: Int32Array (end in original) }.
   */
  function foldMapped(text, folder) {
    var s = "", from = [], to = [], i = 0
    for (var ch of text) {
      var end = i + ch.length
      if (!DROP.test(ch)) {
        var f = (folder && folder.get(ch)) || ch
        s += f
        for (var k = 0; k < f.length; k++) { from.push(i); to.push(end) }
      }
      i = end
    }
    return { s: s, from: Int32Array.from(from), to: Int32Array.from(to) }
  }

  /** The query's terms, folded, empty ones dropped, duplicates removed. */
  function parseQuery(query, folder) {
    var seen = new Set(), raw = [], folded = []
    for (var term of String(query).split(SPLIT)) {
      var f = fold(term, folder)
      if (!f || seen.has(f)) continue
      seen.add(f)
      raw.push(term)
      folded.push(f)
    }
    return { raw: raw, folded: folded }
  }

  /** Start offsets (UTF-16) of every occurrence of needle, overlaps included. */
  function findAll(haystack, needle) {
    var out = []
    if (!needle) return out
    var i = haystack.indexOf(needle)
    while (i >= 0) { out.push(i); i = haystack.indexOf(needle, i + 1) }
    return out
  }

  /* ------------------------------------------------------------ index files */

  /** Read one varint at state.i (values up to 2**53, no 32-bit overflow). */
  function readVarint(bytes, state) {
    var v = 0, mul = 1, b
    do {
      b = bytes[state.i++]
      v += (b & 127) * mul
      mul *= 128
    } while (b & 128)
    return v
  }

  /** Parse a shard: Map key -> Uint8Array (the key's list). */
  function parseShard(bytes) {
    var state = { i: 0 }, n = readVarint(bytes, state), keys = [], lens = [], key = 0
    for (var j = 0; j < n; j++) {
      key += readVarint(bytes, state)
      keys.push(key)
      lens.push(readVarint(bytes, state))
    }
    var map = new Map(), at = state.i
    for (j = 0; j < n; j++) { map.set(keys[j], bytes.subarray(at, at + lens[j])); at += lens[j] }
    return map
  }

  /**
   * Decode a list of (doc gap, entry) records: Map doc -> what readEntry(bytes, state, bit) reads.
   * Each doc gap carries one more bit, its lowest (gap * 2 + bit), which the entry reads.
   */
  function decodeByDoc(bytes, readEntry) {
    var state = { i: 0 }, out = new Map(), doc = -1
    while (state.i < bytes.length) {
      var d = readVarint(bytes, state), bit = d % 2
      d = (d - bit) / 2
      doc = doc < 0 ? d : doc + d + 1
      out.set(doc, readEntry(bytes, state, bit))
    }
    return out
  }

  /** Reads a bit-packed list from the high bit of its first byte (build_scripts/index/search.py: _position_lists). */
  function BitReader(bytes) { this.b = bytes; this.i = 0 }
  BitReader.prototype.bit = function () { var i = this.i++; return (this.b[i >> 3] >> (7 - (i & 7))) & 1 }
  BitReader.prototype.bits = function (k) { var v = 0; while (k-- > 0) v = v * 2 + this.bit(); return v }
  /** Rice code: ones, a 0, then k low bits. */
  BitReader.prototype.rice = function (k) { var q = 0; while (this.bit()) q++; return q * Math.pow(2, k) + this.bits(k) }
  /** Elias-gamma code of v + 1: z zeros, then v + 1 in z + 1 bits (its first bit the 1 that ends the zeros). */
  BitReader.prototype.gamma = function () { var z = 0; while (!this.bit()) z++; return Math.pow(2, z) + this.bits(z) - 1 }

  /** Decode a bigram list: Map doc -> Int32Array of positions (ascending). */
  function decodePositions(bytes) {
    var out = new Map()
    if (!bytes.length) return out
    var r = new BitReader(bytes), runs = r.gamma(), kGap = r.bits(5), kFirst = r.bits(5), kLater = r.bits(5), doc = -1
    for (var j = 0; j < runs; j++) {
      var gap = r.rice(kGap)
      doc = doc < 0 ? gap : doc + gap + 1
      var n = r.gamma() + 1, pos = new Int32Array(n), p = r.rice(kFirst)
      pos[0] = p
      for (var k = 1; k < n; k++) { p += r.rice(kLater) + 1; pos[k] = p }
      out.set(doc, pos)
    }
    return out
  }

  /** Decode a list of counts: Map doc -> [body count, 1 when in a heading or the title, else 0]. */
  function decodeCounts(bytes) {
    return decodeByDoc(bytes, function (b, state, head) { return [readVarint(b, state), head] })
  }

  function bigramShard(c1, c2, shards) { return (c1 * HASH_MULT + c2) % shards }
  function heavyName(c1, c2) { return c1.toString(16) + "-" + c2.toString(16) }

  /**
   * The covering offsets for a phrase of `n` code points (n >= 2): includes 0
   * and n-2, consecutive offsets at most 2 apart, minimal total cost.
   */
  function planCover(costs) {
    var m = costs.length, best = new Array(m), prev = new Array(m)
    for (var i = 0; i < m; i++) {
      if (i === 0) { best[i] = costs[0]; prev[i] = -1; continue }
      var j = i - 1
      if (i >= 2 && best[i - 2] < best[i - 1]) j = i - 2
      best[i] = costs[i] + best[j]
      prev[i] = j
    }
    var out = []
    for (i = m - 1; i >= 0; i = prev[i]) out.unshift(i)
    return out
  }

  function bsearch(arr, x) {
    var lo = 0, hi = arr.length - 1
    while (lo <= hi) {
      var mid = (lo + hi) >> 1
      if (arr[mid] === x) return true
      if (arr[mid] < x) lo = mid + 1
      else hi = mid - 1
    }
    return false
  }

  /**
   * Intersect positional lists: lists[j] (Map doc -> positions) for bigrams at
   * offsets[j]. Returns Map doc -> Int32Array of the phrase's start positions.
   */
  function intersect(lists, offsets) {
    var out = new Map(), driver = 0
    for (var j = 1; j < lists.length; j++) if (lists[j].size < lists[driver].size) driver = j
    lists[driver].forEach(function (_, doc) {
      var per = []
      for (var j = 0; j < lists.length; j++) {
        var p = lists[j].get(doc)
        if (!p) return
        per.push(p)
      }
      var anchor = 0
      for (j = 1; j < per.length; j++) if (per[j].length < per[anchor].length) anchor = j
      var starts = []
      var ps = per[anchor]
      for (var k = 0; k < ps.length; k++) {
        var start = ps[k] - offsets[anchor], ok = true
        for (j = 0; j < per.length && ok; j++)
          if (j !== anchor) ok = bsearch(per[j], start + offsets[j])
        if (ok) starts.push(start)
      }
      if (starts.length) out.set(doc, Int32Array.from(starts))
    })
    return out
  }

  /** Parse h/<k>.bin: per doc, an Int32Array [start, end, start, end, ...] of its headings (build: _head_files). */
  function decodeHeads(bytes) {
    var state = { i: 0 }, out = []
    while (state.i < bytes.length) {
      var n = readVarint(bytes, state), heads = new Int32Array(2 * n), end = 0
      for (var j = 0; j < n; j++) {
        var start = end + readVarint(bytes, state)
        end = start + readVarint(bytes, state)
        heads[2 * j] = start
        heads[2 * j + 1] = end
      }
      out.push(heads)
    }
    return out
  }

  /** Whether a match of `len` characters at one of `starts` lies inside one of `heads` (both ascending). */
  function inHeading(starts, len, heads) {
    for (var i = 0, j = 0; i < starts.length && j < heads.length; ) {
      if (starts[i] >= heads[j + 1]) j += 2
      else if (starts[i] < heads[j]) i++
      else if (starts[i] + len <= heads[j + 1]) return true
      else i++
    }
    return false
  }

  /* ---------------------------------------------------------------- helpers */

  /* ---------------------------------------------------------------- speech pages */

  // A speech page's text blocks: <p id="p3" …>…</p> and <h2 id="s1">…</h2>, each ending in its permalink.
  var BLOCK = /<(p|h[2-6]) id="([ps]\d+)"[^>]*>([\s\S]*?)<\/\1>/g
  var PERMALINK = /<a class="headerlink[^"]*"[^>]*>[\s\S]*?<\/a>/g
  var ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos|para));/g
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", para: "\u00b6" }

  /** Text of an HTML fragment: tags dropped, character references decoded. */
  function htmlText(fragment) {
    return fragment.replace(/<[^>]*>/g, "").replace(ENTITY, function (_, dec, hex, name) {
      return name ? NAMED[name] : String.fromCodePoint(parseInt(dec || hex, dec ? 10 : 16))
    })
  }

  /**
   * A speech's text as its page shows it: {b: [[anchor, text], ...]} in reading order (the
   * search index keeps no second copy of the text; snippets are cut from the page itself).
   */
  function pageBlocks(html) {
    var blocks = [], m
    BLOCK.lastIndex = 0
    while ((m = BLOCK.exec(html))) blocks.push([m[2], htmlText(m[3].replace(PERMALINK, ""))])
    return { b: blocks }
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]
    })
  }

  /** `text` as HTML with the [start, end) ranges (sorted, disjoint) marked. */
  function markRanges(text, ranges) {
    var out = "", at = 0
    for (var r of ranges) {
      out += escapeHTML(text.slice(at, r[0])) + "<mark>" + escapeHTML(text.slice(r[0], r[1])) + "</mark>"
      at = r[1]
    }
    return out + escapeHTML(text.slice(at))
  }

  /** Sort and merge overlapping [start, end) ranges. */
  function mergeRanges(ranges) {
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] })
    var out = []
    for (var r of ranges) {
      var last = out[out.length - 1]
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
      else out.push([r[0], r[1]])
    }
    return out
  }

  /** A snippet of `text` around its first marked range, HTML. */
  function snippet(text, ranges) {
    if (!ranges.length) {
      var cut = Array.from(text)
      return cut.length > 2 * CONTEXT ? escapeHTML(cut.slice(0, 2 * CONTEXT).join("")) + "…" : escapeHTML(text)
    }
    if (text.length <= 2 * CONTEXT + 40) return markRanges(text, ranges)
    var start = Math.max(0, ranges[0][0] - CONTEXT)
    var end = Math.min(text.length, Math.max(ranges[0][1] + CONTEXT, start + 2 * CONTEXT))
    // never cut a surrogate pair
    if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start--
    if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end++
    var inside = ranges
      .filter(function (r) { return r[0] < end && r[1] > start })
      .map(function (r) { return [Math.max(r[0], start) - start, Math.min(r[1], end) - start] })
    return (start > 0 ? "…" : "") + markRanges(text.slice(start, end), inside) + (end < text.length ? "…" : "")
  }

  /** `url` with the highlight parameter `h` (already encoded) before any fragment. */
  function withHighlight(url, h) {
    var hash = "", i = url.indexOf("#")
    if (i >= 0) { hash = url.slice(i); url = url.slice(0, i) }
    return url + (url.indexOf("?") >= 0 ? "&" : "?") + "h=" + h + hash
  }

  /* ----------------------------------------------------------------- engine */

  /**
   * The search engine over one site's index. `io.json(path)` and
   * `io.bytes(path)` take paths relative to the site root.
   */
  function Engine(io) {
    this.io = io
    this.cache = new Map()
    this.ready = null
  }

  Engine.prototype.fetchOnce = function (kind, path) {
    var key = kind + ":" + path, cache = this.cache
    if (!cache.has(key)) {
      var io = this.io
      var p = Promise.resolve(kind === "json" ? io.json(path) : kind === "text" ? io.text(path) : io.bytes(path))
      // a failed fetch (network error) is tried again by the next query
      p.catch(function () { cache.delete(key) })
      cache.set(key, p)
    }
    return cache.get(key)
  }

  /** Load meta and the folding table (once). */
  Engine.prototype.load = function () {
    var self = this
    if (!this.ready) {
      this.ready = Promise.all([
        this.fetchOnce("json", PREFIX + "meta.json"),
        this.fetchOnce("json", PREFIX + "t2s.json")
      ]).then(function (r) {
        self.meta = r[0]
        self.folder = makeFolder(r[1])
        self.slogans = ((r[0] && r[0].slogans) || []).map(function (s) {
          return { term: s[0], url: s[2], forms: [s[0]].concat(s[1]).map(function (f) { return fold(f, self.folder) }) }
        })
        return self
      })
      this.ready.catch(function () { self.ready = null })
    }
    return this.ready
  }

  /** Cache the promise `make()` under `key`; forget it if it fails. */
  Engine.prototype.memo = function (key, make) {
    var cache = this.cache
    if (!cache.has(key)) {
      var p = make()
      p.catch(function () { cache.delete(key) })
      cache.set(key, p)
    }
    return cache.get(key)
  }

  Engine.prototype.shard = function (path) {
    var self = this
    return this.memo("shard:" + path, function () {
      return self.fetchOnce("bytes", path).then(function (b) { return b ? parseShard(b) : new Map() })
    })
  }

  /** The positions list of one bigram: Map doc -> positions (empty when absent). */
  Engine.prototype.bigram = function (c1, c2) {
    var self = this, meta = this.meta, name = heavyName(c1, c2)
    return this.memo("bigram:" + name, function () {
      var p
      if (meta.heavy && name in meta.heavy)
        p = self.fetchOnce("bytes", PREFIX + "b/x/" + name + ".bin").then(function (b) { return b || new Uint8Array(0) })
      else
        p = self.shard(PREFIX + "b/" + bigramShard(c1, c2, meta.bi_shards) + ".bin").then(function (m) {
          return m.get(c1 * SHIFT + c2) || new Uint8Array(0)
        })
      return p.then(decodePositions)
    })
  }

  /**
   * Map doc -> { count, head } for one folded term; for a phrase of more than two characters
   * (or a light bigram) { count, starts, len } instead: whether a match is in a heading is
   * known once the speech's headings are read (`speeches`).
   */
  Engine.prototype.term = function (term) {
    var meta = this.meta, cps = Array.from(term).map(function (c) { return c.codePointAt(0) })
    if (cps.length === 1)
      return this.shard(PREFIX + "u/" + (cps[0] % meta.uni_shards) + ".bin").then(function (m) {
        var counts = decodeCounts(m.get(cps[0]) || new Uint8Array(0)), out = new Map()
        counts.forEach(function (c, doc) { out.set(doc, { count: c[0], head: c[1] > 0 }) })
        return out
      })
    if (cps.length === 2 && meta.heavy && heavyName(cps[0], cps[1]) in meta.heavy)
      // a heavy bigram alone: its documents and counts suffice, no positions needed
      return this.fetchOnce("bytes", PREFIX + "b/x/" + heavyName(cps[0], cps[1]) + ".c.bin").then(function (b) {
        var out = new Map()
        decodeCounts(b || new Uint8Array(0)).forEach(function (c, doc) { out.set(doc, { count: c[0], head: c[1] > 0 }) })
        return out
      })
    var avg = meta.shard_bytes || 24576, costs = []
    for (var i = 0; i + 1 < cps.length; i++) {
      var name = heavyName(cps[i], cps[i + 1])
      costs.push(meta.heavy && name in meta.heavy ? meta.heavy[name] : avg)
    }
    var offsets = planCover(costs), self = this
    return Promise.all(offsets.map(function (o) { return self.bigram(cps[o], cps[o + 1]) }))
      .then(function (lists) {
        var out = new Map()
        intersect(lists, offsets).forEach(function (starts, doc) {
          out.set(doc, { count: starts.length, starts: starts, len: cps.length })
        })
        return out
      })
  }

  /** The headings of docs chunk k: [Int32Array [start, end, ...] per doc]. */
  Engine.prototype.heads = function (k) {
    var self = this
    return this.memo("heads:" + k, function () {
      return self.fetchOnce("bytes", PREFIX + "h/" + k + ".bin").then(function (b) { return decodeHeads(b || new Uint8Array(0)) })
    })
  }

  /** Set `hit.head` of hits whose matches' places are known (`spans`): any match inside a heading. */
  Engine.prototype.placeHeads = function (hits) {
    var self = this, need = hits.filter(function (h) { return !h.head && h.spans.length })
    var docs = need.map(function (h) { return h.doc })
    return this.perDoc(docs, function (k) { return self.heads(k) }).then(function (headsOf) {
      for (var h of need) {
        var heads = headsOf(h.doc) || []
        h.head = h.spans.some(function (o) { return inHeading(o.starts, o.len, heads) })
      }
    })
  }

  /** Load the chunk of each doc in `docs` with `load(k)` (once per chunk): Promise of doc -> its item. */
  Engine.prototype.perDoc = function (docs, load) {
    var size = this.meta.doc_chunk, chunks = new Set()
    docs.forEach(function (d) { chunks.add(Math.floor(d / size)) })
    var list = Array.from(chunks)
    return Promise.all(list.map(load)).then(function (loaded) {
      var byChunk = new Map()
      list.forEach(function (k, i) { byChunk.set(k, loaded[i] || []) })
      return function (d) { return byChunk.get(Math.floor(d / size))[d % size] }
    })
  }

  Engine.prototype.docRows = function (docs) {
    var self = this
    return this.perDoc(docs, function (k) { return self.fetchOnce("json", PREFIX + "docs/" + k + ".json") })
  }

  /**
   * Speeches matching every folded term, ranked: [{doc, count, head, title, row}].
   */
  Engine.prototype.speeches = function (terms) {
    var self = this
    if (!this.meta || !this.meta.docs) return Promise.resolve([])
    return Promise.all(terms.map(function (t) { return self.term(t) })).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size })
      var hits = []
      maps[0].forEach(function (m, doc) {
        var count = 0, head = false, spans = []
        for (var j = 0; j < maps.length; j++) {
          var o = j ? maps[j].get(doc) : m
          if (!o) return
          count += o.count
          head = head || !!o.head
          if (o.starts) spans.push(o)
        }
        hits.push({ doc: doc, count: count, head: head, spans: spans })
      })
      return Promise.all([self.docRows(hits.map(function (h) { return h.doc })), self.placeHeads(hits)]).then(function (r) {
        var row = r[0]
        for (var h of hits) {
          h.row = row(h.doc)
          delete h.spans
          // a title match needs the title block (a heading): an inferred title is not text
          if (h.head) {
            var title = fold(h.row[1], self.folder)
            h.title = terms.some(function (t) { return title.indexOf(t) >= 0 })
          } else h.title = false
        }
        hits.sort(function (a, b) {
          return (b.title - a.title) || (b.head - a.head) || (b.count - a.count) || (b.doc - a.doc)
        })
        return hits
      })
    })
  }

  /** Sections (blocks with matches) of one speech's text, best first. */
  function sections(text, terms, folder) {
    var blocks = text.b, parts = [], offset = 0
    var stream = ""
    for (var b of blocks) {
      var fm = foldMapped(b[1], folder)
      parts.push({ anchor: b[0], text: b[1], fm: fm, start: offset })
      stream += fm.s
      offset += fm.s.length
    }
    var ranges = parts.map(function () { return [] })
    var hits = parts.map(function () { return 0 })
    for (var t of terms) {
      for (var at of findAll(stream, t)) {
        var end = at + t.length, first = true
        for (var j = 0; j < parts.length; j++) {
          var p = parts[j], ps = p.start, pe = p.start + p.fm.s.length
          if (pe <= at || ps >= end) continue
          var a = Math.max(at, ps) - ps, z = Math.min(end, pe) - ps
          ranges[j].push([p.fm.from[a], p.fm.to[z - 1]])
          if (first) { hits[j]++; first = false }
        }
      }
    }
    var out = [], heading = ""
    for (var j = 0; j < parts.length; j++) {
      var p = parts[j]
      if (/^s\d+$/.test(p.anchor)) heading = p.text
      if (!ranges[j].length) continue
      out.push({ index: j, anchor: p.anchor, text: p.text, heading: heading, hits: hits[j], ranges: mergeRanges(ranges[j]) })
    }
    return out
  }

  function sectionTitle(sec) {
    if (/^s\d+$/.test(sec.anchor)) return markRanges(sec.text, sec.ranges)
    var n = /^p(\d+)$/.exec(sec.anchor)
    var where = n ? "第 " + n[1] + " 段" : sec.anchor
    var h = sec.heading.length > 24 ? sec.heading.slice(0, 24) + "…" : sec.heading
    return escapeHTML(h ? h + " · " + where : where)
  }

  /** Material's SearchItem group for one speech. */
  Engine.prototype.speechGroup = function (hit, text, q, score, terms) {
    var row = hit.row, url = row[0], title = row[1]
    var info = [row[2], row[3], hit.count + " 处"].filter(Boolean).join(" · ")
    var article = {
      location: withHighlight(url, q.h), title: escapeHTML(title),
      text: "<p>" + escapeHTML(info) + "</p>", score: score, terms: terms
    }
    if (!text) return [article]
    var secs = sections(text, q.folded, this.folder)
    var titleSec = secs.find(function (s) { return s.anchor === "title" })
    if (titleSec && titleSec.text === title) article.title = markRanges(title, titleSec.ranges)
    secs = secs.filter(function (s) { return s.anchor !== "title" })
    secs.sort(function (a, b) {
      var ha = /^s/.test(a.anchor), hb = /^s/.test(b.anchor)
      return (hb - ha) || (b.hits - a.hits) || (a.index - b.index)
    })
    var group = [article]
    secs.slice(0, MAX_SECTIONS).forEach(function (s, i) {
      group.push({
        location: withHighlight(url + "#" + s.anchor, q.h),
        title: sectionTitle(s),
        text: "<p>" + snippet(s.text, s.ranges) + "</p>",
        score: i < BEST_SECTIONS ? score : score - 0.5,
        terms: terms
      })
    })
    return group
  }

  /**
   * Answer a query: Promise<{ items: SearchItem[][] }> in Material's shape: the
   * slogan page first when the query is a slogan, then the speeches that contain
   * every term. Only speech text is searched: listing and hand-written pages are
   * not results (a listing page quotes speeches, and would crowd them out).
   */
  Engine.prototype.search = function (query) {
    var self = this
    if (!String(query).trim()) return Promise.resolve({ items: [], query: String(query) })
    return this.load().then(function () {
      var q = parseQuery(query, self.folder)
      if (!q.folded.length) return { items: [], query: String(query) }
      q.h = encodeURIComponent(q.raw.join(" "))
      var terms = {}
      q.raw.forEach(function (t) { terms[t] = true })
      return self.speeches(q.folded).then(function (hits) {
        var top = hits.slice(0, SNIPPET_DOCS)
        return Promise.all(top.map(function (h) {
          return self.fetchOnce("text", h.row[0]).then(function (html) {
            if (!html) return null
            var text = pageBlocks(html)
            // the title is text of the speech when the index holds it (a heading copy that matched)
            if (h.title) text.b.unshift(["title", h.row[1]])
            return text
          })
        })).then(function (texts) {
          var items = [], total = hits.length + 1
          var slogan = q.folded.length === 1 && self.slogans.find(function (s) {
            return s.forms.indexOf(q.folded[0]) >= 0
          })
          if (slogan)
            items.push([{
              location: slogan.url, title: escapeHTML(slogan.term),
              text: "<p>" + escapeHTML("口号 · " + hits.length + " 篇讲话") + "</p>",
              score: total + 1, terms: terms
            }])
          hits.forEach(function (h, i) {
            items.push(self.speechGroup(h, i < texts.length ? texts[i] : null, q, total - i, terms))
          })
          // `query` is not part of Material's protocol: it lets tests pair answers with queries
          return { items: items, query: String(query) }
        })
      })
    })
  }

  var api = {
    PREFIX: PREFIX, makeFolder: makeFolder, fold: fold, foldMapped: foldMapped,
    parseQuery: parseQuery, findAll: findAll, readVarint: readVarint,
    parseShard: parseShard, decodePositions: decodePositions, decodeCounts: decodeCounts,
    bigramShard: bigramShard, planCover: planCover, intersect: intersect,
    decodeHeads: decodeHeads, inHeading: inHeading,
    escapeHTML: escapeHTML, markRanges: markRanges, mergeRanges: mergeRanges,
    snippet: snippet, sections: sections, pageBlocks: pageBlocks, htmlText: htmlText, Engine: Engine
  }
  if (typeof module !== "undefined" && module.exports) module.exports = api
  else root.ArchiveSearch = api
})(typeof self !== "undefined" ? self : this)
