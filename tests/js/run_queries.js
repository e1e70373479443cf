// Run queries through archive-search-core.js against a folder of built search files.
// Usage: node run_queries.js <site_dir> <queries.json>  -> JSON on stdout:
// [{query, speeches: [[url, count], ...] in rank order, slogan: url|null (a first non-speech
//   group), others: [url, ...] (any other non-speech group: there should be none), groups}]
"use strict"
const fs = require("fs")
const path = require("path")
const core = require(path.join(__dirname, "../../site_overrides/assets/javascripts/archive-search-core.js"))

const [site, queriesFile] = process.argv.slice(2)
const read = (p) => { try { return fs.readFileSync(path.join(site, p)) } catch (e) { return null } }
const io = {
  json: async (p) => { const b = read(p); return b ? JSON.parse(b.toString("utf8")) : null },
  bytes: async (p) => { const b = read(p); return b ? new Uint8Array(b) : null },
  text: async (p) => { const b = read(p.endsWith("/") ? p + "index.html" : p); return b ? b.toString("utf8") : null },
}

async function main() {
  const engine = new core.Engine(io)
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"))
  const out = []
  for (const q of queries) {
    const res = await engine.search(q)
    const speeches = [], others = []
    let slogan = null
    res.items.forEach((group, i) => {
      const loc = group[0].location.split("?")[0]
      const info = /(\d+) 处/.exec(group[0].text)
      if (/^speeches\/[^/]+\/$/.test(loc)) speeches.push([loc, info ? +info[1] : null, group])
      else if (i === 0) slogan = loc
      else others.push(loc)
    })
    out.push({ query: q, speeches: speeches.map(([u, c]) => [u, c]), slogan, others,
               groups: speeches.slice(0, 3).map(([, , g]) => g) })
  }
  process.stdout.write(JSON.stringify(out))
}
main().catch((e) => { console.error(e); process.exit(1) })
