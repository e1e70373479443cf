/*
 * archive-search-worker.js: Material for MkDocs' search worker, replaced.
 *
 * One job: speak Material 9.8's worker protocol (SETUP=0, READY=1, QUERY=2,
 * RESULT=3) and answer queries with archive-search-core.js from the static
 * index under search/archive/, fetched lazily (nothing before the first query).
 * The site root is derived from this script's own address
 * (<root>/assets/javascripts/archive-search-worker.js), so the site works
 * under any sub-path. main.html points Material's config at this file.
 */
/* global importScripts, ArchiveSearch */
"use strict"

importScripts("archive-search-core.js")

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
var base = new URL("../../", self.location.href)
var latest = 0
var META = /meta\.json$/
var version = null  // meta.json's "version": the other index files are asked for as <file>?v=<version>

// meta.json is revalidated on every load (a cheap 304 when unchanged); the files it describes carry
// its version, so a browser never mixes files it cached before a deploy with the new index.
function get(path) {
  var url = new URL(path, base)
  if (version && !META.test(path)) url.searchParams.set("v", version)
  return fetch(url.href, META.test(path) ? { cache: "no-cache" } : undefined).then(function (r) { return r.ok ? r : null })
}

var engine = new ArchiveSearch.Engine({
  json: function (path) {
    return get(path).then(function (r) { return r ? r.json() : null }).then(function (data) {
      if (data && META.test(path)) version = data.version || null
      return data
    })
  },
  bytes: function (path) {
    return get(path).then(function (r) { return r ? r.arrayBuffer().then(function (b) { return new Uint8Array(b) }) : null })
  },
  text: function (path) {  // a speech page, for snippets
    return get(path).then(function (r) { return r ? r.text() : null })
  }
})

self.addEventListener("message", function (ev) {
  var message = ev.data
  switch (message.type) {
    case SETUP:
      // Material's own index (message.data) is not used: speeches are searched here
      self.postMessage({ type: READY })
      break
    case QUERY:
      var id = ++latest, query = message.data
      engine.search(query)
        .catch(function (err) {
          console.warn("archive search: query failed: " + query, err)
          return { items: [], query: String(query) }
        })
        .then(function (result) {
          // answers can finish out of order: only the latest query's is shown
          if (id === latest) self.postMessage({ type: RESULT, data: result })
        })
      break
    default:
      throw new TypeError("Invalid message type")
  }
})
