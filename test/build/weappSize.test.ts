// Size budget of the real weapp build (npm test builds it first): worker pages in the main package,
// staff pages in a subpackage, and the main package at most 500 KB (issue 18: what WeChat downloads before
// a scanned sticker's form can show). The area tree is not in it: the form loads its choices as the worker
// picks (worker area.choices).
const { weappSizes } = require('../../scripts/sizes.js') as {
  weappSizes(): { main: number; subpackages: Record<string, number>; total: number }
}

test('the weapp main package stays within 500 KB and staff pages are a subpackage', () => {
  const s = weappSizes()
  expect(s.main).toBeGreaterThan(50 * 1024) // a real build, not an empty folder
  expect(s.main).toBeLessThanOrEqual(500 * 1024)
  expect(Object.keys(s.subpackages)).toEqual(['staff/'])
  expect(s.subpackages['staff/']).toBeGreaterThan(0)
})

test('no area tree in the main package: its names are not in any of its scripts', () => {
  const fs = require('node:fs') as typeof import('node:fs')
  const path = require('node:path') as typeof import('node:path')
  const dist = path.resolve(__dirname, '../../miniprogram/dist/weapp')
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/$/, '') + '/')
  const scripts: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      const rel = path.relative(dist, p).split(path.sep).join('/')
      if (e.isDirectory()) {
        if (!roots.some((r) => rel + '/' === r)) walk(p)
      } else if (rel.endsWith('.js')) scripts.push(fs.readFileSync(p, 'utf8'))
    }
  }
  walk(dist)
  expect(scripts.length).toBeGreaterThan(5)
  // Counties far from any demo data, written as the tree holds them (plain or \u-escaped by the minifier).
  for (const name of ['乌鲁木齐县', '那曲市', '香格里拉市']) {
    const escaped = name.replace(/./g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    expect(scripts.some((js) => js.includes(name) || js.toLowerCase().includes(escaped))).toBe(false)
  }
})
