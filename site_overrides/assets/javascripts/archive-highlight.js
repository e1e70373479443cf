/*
 * archive-highlight.js: mark the searched words on the page a search result opened.
 *
 * One job: when the address carries ?h=<terms> (search results link that way), wrap
 * every match of every term in the page's article in <mark class="archive-hl">,
 * matching the way search does (white space and zero-width characters ignored,
 * traditional characters folded to simplified), within one paragraph or heading
 * at a time. The terms never become markup: only text nodes are split and wrapped.
 * Needs archive-search-core.js (window.ArchiveSearch); re-runs on Material's
 * instant navigation (document$).
 */
;(function () {
  "use strict"

  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, figcaption, pre"
  var SKIP = "script, style, mark.archive-hl, .headerlink, .md-source-file"
  var folderPromise = null

  function siteBase() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent)
      return new URL(config.base, location.href)
    } catch (e) {
      return new URL("./", location.href)
    }
  }

  function loadFolder(A) {
    if (!folderPromise)
      folderPromise = fetch(new URL(A.PREFIX + "t2s.json", siteBase()).href)
        .then(function (r) { return r.ok ? r.json() : null })
        .catch(function () { return null })
        .then(function (table) { return A.makeFolder(table) })
    return folderPromise
  }

  /** Wrap the folded terms' matches inside one block element; returns marks made. */
  function markBlock(el, terms, A, folder) {
    var nodes = [], units = [], stream = ""
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(SKIP)
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
      }
    })
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var fm = A.foldMapped(node.data, folder)
      for (var k = 0; k < fm.s.length; k++) units.push([nodes.length, fm.from[k], fm.to[k]])
      stream += fm.s
      nodes.push(node)
    }
    if (!stream) return []
    var perNode = nodes.map(function () { return [] })
    terms.forEach(function (t) {
      A.findAll(stream, t).forEach(function (at) {
        for (var k = at; k < at + t.length; k++) {
          var u = units[k]
          perNode[u[0]].push([u[1], u[2]])
        }
      })
    })
    var marks = []
    perNode.forEach(function (ranges, i) {
      if (!ranges.length) return
      var merged = A.mergeRanges(ranges)
      for (var j = merged.length - 1; j >= 0; j--) {
        var range = document.createRange()
        range.setStart(nodes[i], merged[j][0])
        range.setEnd(nodes[i], merged[j][1])
        var mark = document.createElement("mark")
        mark.className = "archive-hl"
        range.surroundContents(mark)
        marks.unshift(mark)
      }
    })
    return marks
  }

  function highlight(root, h, A, folder) {
    var terms = A.parseQuery(h, folder).folded
    if (!terms.length) return []
    var marks = []
    Array.prototype.forEach.call(root.querySelectorAll(BLOCKS), function (el) {
      if (el.querySelector(BLOCKS)) return // only innermost blocks
      marks = marks.concat(markBlock(el, terms, A, folder))
    })
    return marks
  }

  function run() {
    var A = window.ArchiveSearch
    var h = new URL(location.href).searchParams.get("h")
    if (!A || !h) return
    var root = document.querySelector("article.md-content__inner") || document.querySelector("article")
    if (!root || root.getAttribute("data-archive-hl") !== null) return
    root.setAttribute("data-archive-hl", "")
    loadFolder(A).then(function (folder) {
      var marks = highlight(root, h, A, folder)
      root.setAttribute("data-archive-hl", String(marks.length))
      if (marks.length && !location.hash) marks[0].scrollIntoView({ block: "center" })
    })
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe)
    window.document$.subscribe(run)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", run)
  else run()
})()
