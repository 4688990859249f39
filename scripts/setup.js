#!/usr/bin/env node
// Installs what is missing on a fresh clone, then checks that native parts really work: npm 11 may
// skip dependencies' install scripts, so better-sqlite3, @swc/core and esbuild are loaded and, when
// they fail, rebuilt. With --browser, Debian's Chromium is installed for the end-to-end tests; with
// --bench, wrk for the benchmark.
'use strict'
const { execSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const run = (cmd) => {
  console.log(`[setup] ${cmd}`)
  execSync(cmd, { cwd: root, stdio: 'inherit' })
}
const works = (code) => spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'ignore' }).status === 0

const lock = path.join(root, 'package-lock.json')
const installed = path.join(root, 'node_modules', '.package-lock.json')
const stale = !fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs + 1000
// `npm ci` fails on Taro's optional platform bindings; `npm install` with the committed lockfile works.
if (stale) run('npm install --no-audit --no-fund')

const natives = [
  ['better-sqlite3', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"],
  ['@swc/core', "require('@swc/core').transformSync('let a = 1', {})"],
  ['esbuild', "require('esbuild').transformSync('let a = 1')"],
]
for (const [pkg, probe] of natives) {
  if (works(probe)) continue
  run(`npm rebuild ${pkg}`)
  if (!works(probe)) {
    console.error(`[setup] ${pkg} still does not load after a rebuild`)
    process.exit(1)
  }
}

// Debian's Chromium (h5 tests), a small CJK font so its screenshots show Chinese rather than boxes,
// and poppler-utils (pdftoppm, to look at sticker PDFs); with --bench also wrk, the benchmark's load
// generator for fixed requests (bench/run.ts).
const wanted = [
  ...(process.argv.includes('--browser')
    ? [
        ['chromium', '/usr/bin/chromium'],
        ['fonts-wqy-microhei', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'],
        ['poppler-utils', '/usr/bin/pdftoppm'],
      ]
    : []),
  ...(process.argv.includes('--bench') ? [['wrk', '/usr/bin/wrk']] : []),
]
const missing = wanted.filter(([, bin]) => !fs.existsSync(bin))
if (missing.length) {
  const pkgs = missing.map(([p]) => p).join(' ')
  if (process.getuid && process.getuid() === 0) {
    run(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`)
  } else {
    console.error(`[setup] this needs Debian packages: sudo apt-get install ${pkgs}`)
    process.exit(1)
  }
}
console.log('[setup] ok')
