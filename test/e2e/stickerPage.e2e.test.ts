// Issue 18, point 5: a sticker link is answered with the page itself (no redirect), the site's details
// inlined and the complaint page's files preloaded; the form shows without a single API request or an
// identity, which is asked for only at the submit; an unknown code inlines nothing and says so in Chinese.
// The real local server and the real h5 build (npm run build:h5), in Debian's Chromium.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { siteCodeCheckChar } from '../../shared/validators/siteCode'
import { startTestServer, type TestServer } from '../helpers/server'
import { eventually, launchChromium, phoneContext } from '../helpers/browser'

const DIST = path.resolve(__dirname, '../../miniprogram/dist/h5')
/** A private copy of a complete h5 build (another build may rewrite dist/h5 while this file runs). */
let H5 = ''

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }

beforeAll(async () => {
  const complete = () => {
    try {
      const html = readFileSync(path.join(DIST, 'index.html'), 'utf8')
      const chunks = JSON.parse(readFileSync(path.join(DIST, 'page-chunks.json'), 'utf8'))
      const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
      for (const page of Object.values(chunks) as { js: string[]; css: string[] }[]) files.push(...page.js, ...page.css)
      return files.length > 2 && files.every((f) => existsSync(path.join(DIST, f)))
    } catch {
      return false
    }
  }
  H5 = mkdtempSync(path.join(tmpdir(), 'xam-h5-sticker-'))
  const copied = await eventually(
    async () => {
      if (!complete()) return false
      try {
        cpSync(DIST, H5, { recursive: true })
        return existsSync(path.join(H5, 'page-chunks.json'))
      } catch {
        return false
      }
    },
    (ok) => ok,
    120_000,
  )
  if (!copied) throw new Error('no complete h5 build in miniprogram/dist/h5 (run npm run build:h5)')
  srv = await startTestServer({ h5Dir: H5 })
  chrome = await launchChromium()
}, 180000)
afterAll(async () => {
  await chrome?.close()
  await srv?.close()
  if (H5) rmSync(H5, { recursive: true, force: true })
})

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )

/** The JSON the page carries in <script id="xam-boot">, or null. */
function bootOf(html: string): any {
  const m = /<script id="xam-boot" type="application\/json">([^<]*)<\/script>/.exec(html)
  return m ? JSON.parse(m[1]!) : null
}

const unknownCode = () => 'ZZZZZ2' + siteCodeCheckChar('ZZZZZ2')

test('GET /q/<code> answers 200 with the page, the site inlined and the complaint page preloaded', async () => {
  const site = srv.sites[0]!
  const res = await fetch(`${srv.baseUrl}/q/${site.code}?p=helmet`, { redirect: 'manual' })
  expect(res.status).toBe(200)
  expect(res.headers.get('location')).toBeNull()
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
  const html = await res.text()
  // The app's own page: its scripts are there.
  const index = readFileSync(path.join(H5, 'index.html'), 'utf8')
  for (const m of index.matchAll(/<script defer="defer" src="([^"]+)"/g)) expect(html).toContain(m[1])

  const boot = bootOf(html)
  expect(boot.site).toMatchObject({ code: site.code, name: site.name, displayCode: `${site.code.slice(0, 3)}-${site.code.slice(3)}` })
  expect(boot.site.supervisingDept.name).toBe('竞秀区住房和城乡建设局')
  expect(boot.settings).toMatchObject({ maxPhotos: expect.any(Number), maxPhotoBytes: expect.any(Number) })
  expect(boot.settings).not.toHaveProperty('uploadDir')

  // Preloaded: the complaint page's own script and style files, as the build listed them, and they exist.
  const chunks = JSON.parse(readFileSync(path.join(H5, 'page-chunks.json'), 'utf8'))['pages/complain/index']
  expect(chunks.js.length).toBeGreaterThan(0)
  const preloaded = [...html.matchAll(/<link rel="preload" as="(script|style)" href="\/([^"]+)">/g)].map((m) => m[2])
  expect(preloaded.sort()).toEqual([...chunks.js, ...chunks.css].sort())
  for (const f of preloaded) expect(existsSync(path.join(H5, f!))).toBe(true)
  // …and not the whole app: other pages' chunks are not in it.
  const home = JSON.parse(readFileSync(path.join(H5, 'page-chunks.json'), 'utf8'))['pages/index/index']
  for (const f of home.js) if (!chunks.js.includes(f)) expect(html).not.toContain(f)

  // A script cannot be slipped in through the inlined details.
  expect(html.indexOf('</script>', html.indexOf('id="xam-boot"'))).toBeGreaterThan(html.indexOf('"name"'))
})

test('an unknown, malformed or retired code answers 404 with the page and inlines nothing', async () => {
  for (const p of [`/q/${unknownCode()}?p=helmet`, '/q/%E0%A4%A', '/q/<script>alert(1)</script>', '/q/']) {
    const res = await fetch(srv.baseUrl + p, { redirect: 'manual' })
    expect([p, res.status]).toEqual([p, 404])
    const html = await res.text()
    expect(html).toContain('<div id="app">')
    expect(bootOf(html)).toBeNull()
    expect(html).not.toContain('<script>alert(1)')
  }
  const site = srv.sites[0]!
  srv.db().prepare('UPDATE sites SET retired = 1 WHERE code = ?').run(site.code)
  try {
    const res = await fetch(`${srv.baseUrl}/q/${site.code}`)
    expect(res.status).toBe(404)
    expect(bootOf(await res.text())).toBeNull()
  } finally {
    srv.db().prepare('UPDATE sites SET retired = 0 WHERE code = ?').run(site.code)
  }
})

test('in the browser the form shows with no API request and no identity; the submit signs in and files', async () => {
  const site = srv.sites[0]!
  const worker = await (await phoneContext(chrome.browser)).newPage()
  const asked: string[] = []
  worker.on('request', (r) => {
    const u = new URL(r.url())
    if (u.pathname.startsWith('/api/') || u.pathname.startsWith('/dev/')) asked.push(u.pathname + ' ' + (r.postData() ?? ''))
  })
  const res = await worker.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)
  expect(res?.status()).toBe(200)
  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  await current(worker, '.xam-field-name input').waitFor({ state: 'visible' })
  // The app took over on the complaint page, with the sticker's link.
  expect(new URL(worker.url()).hash).toMatch(/^#\/pages\/complain\/index\?q=/)
  expect(asked).toEqual([])
  // Nor while the worker fills in the form.
  await current(worker, '.xam-field-name input').fill('赵师傅')
  await current(worker, '.xam-field-phone input').fill('13812345670')
  await current(worker, '.xam-field-amount input').fill('8800')
  await current(worker, '.xam-field-count input').fill('2')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  expect(asked).toEqual([])

  await current(worker, '.xam-submit').tap()
  const caseNo = await textOf(worker, '.xam-case-no')
  expect(caseNo).toMatch(/130602-\d{4}-\d{5}/)
  // Only now: how this server signs browsers in, an identity, the complaint.
  expect(asked.some((a) => a.startsWith('/dev/login'))).toBe(true)
  expect(asked.filter((a) => a.includes('complaint.submit'))).toHaveLength(1)
  expect(asked.some((a) => a.includes('site.lookup'))).toBe(false)
  const row = srv
    .db()
    .prepare('SELECT site_code, placement FROM complaints WHERE case_no = ?')
    .get(caseNo.match(/130602-\d{4}-\d{5}/)![0])
  expect(row).toEqual({ site_code: site.code, placement: 'helmet' })
})

test('an unknown code in the browser says so in Chinese and offers the form without a site', async () => {
  const worker = await (await phoneContext(chrome.browser)).newPage()
  const res = await worker.goto(`${srv.baseUrl}/q/${unknownCode()}?p=helmet`)
  expect(res?.status()).toBe(404)
  expect(await textOf(worker, '.xam-not-found')).toContain('没有找到项目码')
  await current(worker, '.xam-no-site .xam-area-province').waitFor({ state: 'visible' })
})
