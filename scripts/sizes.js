#!/usr/bin/env node
// Prints the weapp package sizes after `taro build --type weapp`: the main package (worker pages) and
// each subpackage. WeChat limits a package to 2 MB; our budget for the main package is 500 KB.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const dist = path.resolve(__dirname, '../miniprogram/dist/weapp')

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : [{ file: path.relative(dist, p), bytes: fs.statSync(p).size }]
  })
}

/** Bytes of the main package and of each subpackage root, from app.json. */
function weappSizes() {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
  const roots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/$/, '') + '/')
  const files = walk(dist).filter((f) => !f.file.endsWith('.map') && !f.file.endsWith('.LICENSE.txt'))
  const sub = Object.fromEntries(roots.map((r) => [r, 0]))
  let main = 0
  for (const f of files) {
    const root = roots.find((r) => f.file.startsWith(r))
    if (root) sub[root] += f.bytes
    else main += f.bytes
  }
  return { main, subpackages: sub, total: main + Object.values(sub).reduce((a, b) => a + b, 0) }
}

module.exports = { weappSizes }

if (require.main === module) {
  const s = weappSizes()
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`
  console.log(`weapp main package: ${kb(s.main)} (budget 500 KB)`)
  for (const [root, bytes] of Object.entries(s.subpackages)) console.log(`weapp subpackage ${root}: ${kb(bytes)}`)
  console.log(`weapp total: ${kb(s.total)}`)
}
