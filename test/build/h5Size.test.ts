// Size budget of the real h5 build (npm test builds and precompresses it first): what a sticker link needs
// before its form is usable, the app's own scripts and styles (index.html) and the complaint page's
// (page-chunks.json, preloaded by the sticker page), as Brotli goes over the wire. Issue 18: on Slow 4G
// (1.6 Mbit/s) every 10 KB is about 50 ms. The h5 build runs on Preact's React-compatible layer; React DOM
// back in it would add about 30 KB and break this budget.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const dist = path.resolve(__dirname, '../../miniprogram/dist/h5')
const KB = 1024
const SCRIPTS_BUDGET = 110 * KB
const STYLES_BUDGET = 10 * KB

function criticalFiles(): { js: string[]; css: string[] } {
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8')
  const chunks = JSON.parse(readFileSync(path.join(dist, 'page-chunks.json'), 'utf8')) as Record<string, { js: string[]; css: string[] }>
  const page = chunks['pages/complain/index']
  const own = (re: RegExp) => [...index.matchAll(re)].map((m) => m[1].replace(/^\//, ''))
  return {
    js: [...own(/<script[^>]*\ssrc="([^"]+)"/g), ...page.js],
    css: [...own(/<link[^>]*\shref="([^"]+\.css)"/g), ...page.css],
  }
}

const brotliBytes = (file: string) => {
  const br = path.join(dist, file + '.br')
  expect([file, existsSync(br)]).toEqual([file, true])
  return statSync(br).size
}

test('the sticker page needs at most 110 KB of scripts and 10 KB of styles over the wire', () => {
  const { js, css } = criticalFiles()
  // The app's runtime, the app itself and the complaint page: three scripts, each a real file.
  expect(js.length).toBeGreaterThanOrEqual(3)
  expect(css.length).toBeGreaterThanOrEqual(1)
  const scripts = js.reduce((n, f) => n + brotliBytes(f), 0)
  const styles = css.reduce((n, f) => n + brotliBytes(f), 0)
  expect(scripts).toBeGreaterThan(40 * KB) // a real build, not an empty one
  expect(scripts).toBeLessThanOrEqual(SCRIPTS_BUDGET)
  expect(styles).toBeLessThanOrEqual(STYLES_BUDGET)
})

test('the h5 build carries no React DOM: its scripts are on Preact', () => {
  const { js } = criticalFiles()
  // React DOM's production build names its own errors by these URLs; Preact has none of them.
  const withReactDom = js.filter((f) => /reactjs\.org\/docs\/error-decoder|react\.dev\/errors/.test(readFileSync(path.join(dist, f), 'utf8')))
  expect(withReactDom).toEqual([])
})

test('no weui icon font on the sticker page, and no page uses the stock components that would need it', () => {
  const { js, css } = criticalFiles()
  // The font's @font-face (config/dropWeuiFont.js drops it from Taro's component styles).
  const withFont = [...js, ...css].filter((f) => /font-family:\s*["']?weui/.test(readFileSync(path.join(dist, f), 'utf8')))
  expect(withFont).toEqual([])
  // Only Taro's Icon, Checkbox and Radio draw weui glyphs: our pages take their icons and checkboxes from NutUI.
  const src = path.resolve(__dirname, '../../miniprogram/src')
  const users: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.tsx?$/.test(e.name)) {
        const text = readFileSync(p, 'utf8')
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@tarojs\/components'/g)) {
          if (/\b(Icon|Checkbox|CheckboxGroup|Radio|RadioGroup)\b/.test(m[1])) users.push(path.relative(src, p))
        }
      }
    }
  }
  walk(src)
  expect(users).toEqual([])
})
