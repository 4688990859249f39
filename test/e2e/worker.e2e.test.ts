// The worker's journey in Debian's Chromium on the h5 build, on a 360×740 phone: scan → complain with a
// photo → receipt → detail → (the inspector resolves through the API) → confirm with a rating → closed;
// a submit on a dead network retried once the network is back files exactly one complaint; the
// damaged-sticker path by typing the code; a desk-filed case claimed from the receipt's QR. Each worker
// page is saved under test/artifacts/ at 360 and 320 pixels wide, and checked for readability.
import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { siteCodeCheckChar, SITE_CODE_ALPHABET } from '../../shared/validators/siteCode'
import { startTestServer, type TestServer } from '../helpers/server'
import { copyOfH5Build, artifactPath, eventually, launchChromium, phoneContext, settled, stopped } from '../helpers/browser'

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }
const contexts: BrowserContext[] = []

let h5Copy = ''

beforeAll(async () => {
  h5Copy = await copyOfH5Build()
  srv = await startTestServer({ h5Dir: h5Copy })
  chrome = await launchChromium()
}, 180000)
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await chrome?.close()
  await srv?.close()
  if (h5Copy) rmSync(h5Copy, { recursive: true, force: true })
})

async function phone(width = 360, token?: string): Promise<Page> {
  const ctx =
    width === 360
      ? await phoneContext(chrome.browser)
      : await chrome.browser.newContext({
          viewport: { width, height: 640 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
        })
  contexts.push(ctx)
  // Acting as a worker who already has an identity on this phone.
  if (token) await ctx.addInitScript((t) => window.localStorage.setItem('xam.token', t), token)
  return ctx.newPage()
}

/** The page Taro shows now (h5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const visible = (page: Page, selector: string, timeout = 15000) => current(page, selector).waitFor({ state: 'visible', timeout })
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )
const attrOf = (page: Page, selector: string, name: string, want: string) =>
  eventually(
    async () => (await current(page, selector).getAttribute(name, { timeout: 15000 })) ?? '',
    (v) => v === want,
  )

async function fill(page: Page, selector: string, value: string) {
  const input = current(page, `${selector} input`)
  await input.fill(value)
}

/** A JPEG drawn by the browser itself (a real, decodable photo of a pay slip). */
async function payslipJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 640
    c.height = 480
    const g = c.getContext('2d')!
    g.fillStyle = '#f4efe1'
    g.fillRect(0, 0, 640, 480)
    g.fillStyle = '#222'
    g.font = '48px sans-serif'
    g.fillText('工资条 欠 12500 元', 40, 240)
    return c.toDataURL('image/jpeg', 0.8)
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

/** Adds one photo through the real picker (a file chooser in the browser). */
async function addPhoto(page: Page) {
  const jpeg = await payslipJpeg(page)
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 })
  await current(page, '.xam-photo-add').tap()
  // On phones Taro first asks camera or album.
  const sheet = page.locator('.taro__actionSheet').getByText('从相册选择')
  await Promise.race([chooser, sheet.waitFor({ state: 'visible', timeout: 15000 }).then(() => sheet.tap())]).catch(() => undefined)
  await (await chooser).setFiles({ name: 'payslip.jpg', mimeType: 'image/jpeg', buffer: jpeg })
  await visible(page, '.xam-photo[data-status="done"]')
}

/**
 * Picks `text` in the h5 picker opened by tapping `trigger`: taps rows toward it until it sits on the
 * indicator (as a thumb would), then 确定.
 */
async function pick(page: Page, trigger: string, text: string) {
  await current(page, trigger).tap()
  // The overlay itself has no size; its sheet is what shows.
  const overlay = page.locator('.weui-picker__overlay:not([style*="none"])').last()
  const sheet = overlay.locator('.weui-picker')
  await sheet.waitFor({ state: 'visible', timeout: 5000 })
  await stopped(sheet) // slid up
  const item = overlay.locator('.weui-picker__item').getByText(text, { exact: true })
  const column = overlay.locator('.weui-picker__content', { has: page.locator('.weui-picker__item').getByText(text, { exact: true }) })
  for (let i = 0; i < 40; i++) {
    const [box, indicator, body] = await Promise.all([
      item.boundingBox(),
      overlay.locator('.weui-picker__indicator').boundingBox(),
      overlay.locator('.weui-picker__bd').boundingBox(),
    ])
    const center = box!.y + box!.height / 2
    const middle = indicator!.y + indicator!.height / 2
    if (Math.abs(center - middle) < 4) break
    const y = Math.min(Math.max(center, body!.y + 8), body!.y + body!.height - 8)
    // A tapped row gets a new target position at once (the column's inline transform), then slides there.
    const before = await column.getAttribute('style')
    await page.touchscreen.tap(box!.x + box!.width / 2, y)
    await eventually(
      () => column.getAttribute('style'),
      (style) => style !== before,
      5000,
    )
    await stopped(column)
  }
  await overlay.locator('.weui-picker__action').getByText('确定').tap()
  await page.locator('.weui-picker__overlay:not([style*="none"]) .weui-picker').waitFor({ state: 'detached', timeout: 5000 })
  expect(
    await eventually(
      async () => ((await current(page, trigger).textContent()) ?? '').trim(),
      (t) => t === text,
    ),
  ).toBe(text)
}

/** Readable at a glance: nothing wider than the screen, body text and tap targets big enough. */
async function checkLayout(page: Page, label: string) {
  // Taro's h5 head script first sizes the rem from a half-built document and corrects itself on the
  // next resize event (reported); measure once the root size matches the screen (never below the 375px
  // design's 20px, so nothing shrinks on narrow phones).
  await eventually(
    () =>
      page.evaluate(() => [
        parseFloat(document.documentElement.style.fontSize),
        Math.min(24, Math.max(20, (20 * window.innerWidth) / 375)),
      ]),
    ([got, want]) => Math.abs(got! - want!) < 0.1,
    5000,
  )
  await settled(page)
  const report = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
    const root = pages.find((p) => {
      const r = p.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && Math.abs(r.left) < 1 && getComputedStyle(p).display !== 'none'
    })
    const scope = root ?? document.body
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
    }
    const small = Array.from(scope.querySelectorAll('.nut-button, .xam-choice, .xam-picker, .xam-input'))
      .filter(shown)
      .map((el) => ({ cls: (el as HTMLElement).className.slice(0, 60), h: Math.round(el.getBoundingClientRect().height) }))
      .filter((x) => x.h < 47.5)
    const wide = Array.from(scope.querySelectorAll('*'))
      .filter(shown)
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => (el as HTMLElement).className)
      .slice(0, 5)
    const tinyText = Array.from(
      scope.querySelectorAll('.xam-text, .xam-row, .xam-label, .xam-field-error, .xam-timeline-note, .xam-next-line'),
    )
      .filter(shown)
      .map((el) => parseFloat(getComputedStyle(el).fontSize))
      .filter((px) => px < 15)
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, small, wide, tinyText }
  })
  expect({ label, overflow: report.scrollWidth > report.innerWidth, wide: report.wide }).toEqual({ label, overflow: false, wide: [] })
  if (report.innerWidth >= 360) {
    expect({ label, small: report.small, tinyText: report.tinyText }).toEqual({ label, small: [], tinyText: [] })
  }
}

/** Saves the whole current page (Taro scrolls inside the page, so the window is made as tall as it). */
async function shoot(page: Page, name: string) {
  await settled(page)
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
    const shown = pages.find((p) => Math.abs(p.getBoundingClientRect().left) < 1 && p.getBoundingClientRect().width > 0)
    const tabbar = document.querySelector('.taro-tabbar__tabbar') as HTMLElement | null
    return Math.ceil((shown ? shown.scrollHeight : document.body.scrollHeight) + (tabbar ? tabbar.offsetHeight : 0))
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await settled(page)
  await page.screenshot({ path: artifactPath(name) })
  await page.setViewportSize(size)
  await settled(page)
}

/** Opens `path` on a 320px phone, checks the layout and saves a screenshot. */
async function at320(path: string, ready: string, name: string, token?: string) {
  const page = await phone(320, token)
  await page.goto(srv.baseUrl + path)
  await visible(page, ready)
  await checkLayout(page, name)
  await shoot(page, name)
  return page
}

/** Whom a session token names: `<version>.<payload>.<signature>`, the payload's `s`. */
function tokenOpenid(token: string): string {
  try {
    return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { s?: string }).s ?? ''
  } catch {
    return ''
  }
}

async function openidOf(page: Page): Promise<string> {
  const token = await page.evaluate(() => window.localStorage.getItem('xam.token'))
  return tokenOpenid(token ?? '')
}

function complaintsOf(openid: string): { id: string; client_request_id: string }[] {
  return srv.db().prepare('SELECT id, client_request_id FROM complaints WHERE owner_openid = ?').all(openid) as {
    id: string
    client_request_id: string
  }[]
}

const lastMonth = () => {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

test('scan → complain with a photo → receipt → detail → resolved by the inspector → confirmed with a rating → closed', async () => {
  const worker = await phone()
  const site = srv.sites[0]!
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)

  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  expect(await textOf(worker, '.xam-site-dept')).toContain('竞秀区住房和城乡建设局')

  // A wrong phone number is pointed out as soon as the worker leaves the field.
  await fill(worker, '.xam-field-phone', '1381234')
  await current(worker, '.xam-field-name input').tap()
  expect(await textOf(worker, '.xam-field-error[data-field="complainant.phone"]')).toContain('11位')
  await fill(worker, '.xam-field-phone', '13812345678')
  await current(worker, '.xam-field-error[data-field="complainant.phone"]').waitFor({ state: 'detached', timeout: 5000 })

  await fill(worker, '.xam-field-name', '张师傅')
  await fill(worker, '.xam-field-amount', '12500')
  expect(await textOf(worker, '.xam-amount-read')).toContain('1.25万元')
  await fill(worker, '.xam-field-count', '3')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  await current(worker, '.xam-field-desc textarea').fill('干了三个月，老板一直拖着不给')
  await addPhoto(worker)
  await checkLayout(worker, 'complain')
  await shoot(worker, 'worker-complain.png')

  await current(worker, '.xam-submit').tap()
  const caseNoText = await textOf(worker, '.xam-case-no')
  const caseNo = caseNoText.match(/130602-\d{4}-\d{5}/)![0]
  expect(await textOf(worker, '.xam-handler')).toContain('竞秀区住房和城乡建设局')
  expect(await textOf(worker, '.xam-accept-due')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)
  await checkLayout(worker, 'receipt')
  await shoot(worker, 'worker-receipt.png')

  const id = new URL(worker.url().replace('/#/', '/')).searchParams.get('id')!
  const stored = srv
    .db()
    .prepare('SELECT case_no, photos, amount_owed_fen, worker_count, placement FROM complaints WHERE id = ?')
    .get(id) as any
  expect(stored).toMatchObject({ case_no: caseNo, amount_owed_fen: 1_250_000, worker_count: 3, placement: 'helmet' })
  expect(JSON.parse(stored.photos)).toEqual([expect.stringMatching(/^local:[0-9a-f]{32}\.jpg$/)])

  await current(worker, '.xam-open-detail').tap()
  expect(await attrOf(worker, '.xam-status', 'data-status', 'routed')).toBe('routed')
  await visible(worker, '.xam-detail-photos .xam-photo-img')
  await checkLayout(worker, 'detail')
  await shoot(worker, 'worker-detail.png')

  // Adding information with one more photo.
  await current(worker, '.xam-supplement-open').tap()
  await current(worker, '.xam-supplement-note textarea').fill('老板昨天又说下个月才给')
  await addPhoto(worker)
  await shoot(worker, 'worker-detail-supplement.png')
  await current(worker, '.xam-supplement').tap()
  await visible(worker, '.xam-timeline-item[data-type="supplemented"]')
  expect(await textOf(worker, '.xam-timeline-item[data-type="supplemented"] .xam-timeline-note')).toBe('老板昨天又说下个月才给')
  expect(JSON.parse((srv.db().prepare('SELECT photos FROM complaints WHERE id = ?').get(id) as any).photos)).toHaveLength(2)
  await visible(worker, '.xam-detail-photos .xam-photo >> nth=1')

  // The inspector accepts and resolves it through the API.
  const inspector = await srv.login({ persona: 'inspector' })
  let view = await srv.call(inspector, 'staff', 'complaint.get', { id })
  expect(view.ok).toBe(true)
  const accepted = await srv.call(inspector, 'staff', 'complaint.accept', { id, version: view.data.version })
  expect(accepted.ok).toBe(true)
  view = await srv.call(inspector, 'staff', 'complaint.get', { id })
  const resolved = await srv.call(inspector, 'staff', 'complaint.resolve', {
    id,
    version: view.data.version,
    amountRecoveredFen: 1_250_000,
    note: '老板已把12500元全部结清',
  })
  expect(resolved.ok).toBe(true)

  // The worker confirms with four stars and a word.
  await worker.reload()
  expect(await attrOf(worker, '.xam-status', 'data-status', 'resolved')).toBe('resolved')
  await visible(worker, '.xam-confirm-box')
  await current(worker, '.xam-confirm').tap()
  expect(await textOf(worker, '.xam-field-error[data-field="rating"]')).toContain('星')
  await current(worker, '.xam-confirm-box .nut-rate-item >> nth=3').tap()
  expect(await textOf(worker, '.xam-rating-word')).toBe('满意')
  await current(worker, '.xam-confirm-comment textarea').fill('谢谢，钱拿到了')
  await checkLayout(worker, 'detail-resolved')
  await shoot(worker, 'worker-detail-resolved.png')
  await current(worker, '.xam-confirm').tap()
  expect(await attrOf(worker, '.xam-status', 'data-status', 'closed')).toBe('closed')
  await visible(worker, '.xam-timeline-item[data-type="confirmed"]')
  expect(await textOf(worker, '.xam-timeline-item[data-type="confirmed"] .xam-timeline-note')).toContain('评分4分')
  const closed = srv.db().prepare('SELECT status, rating, rating_comment FROM complaints WHERE id = ?').get(id)
  expect(closed).toEqual({ status: 'closed', rating: 4, rating_comment: '谢谢，钱拿到了' })
  await shoot(worker, 'worker-detail-closed.png')

  // "My complaints" shows it, closed, at a glance.
  await worker.goto(`${srv.baseUrl}/#/pages/mine/index`)
  await visible(worker, `.xam-mine-item[data-id="${id}"]`)
  expect(await current(worker, `.xam-mine-item[data-id="${id}"]`).getAttribute('data-status')).toBe('closed')
  expect(await textOf(worker, `.xam-mine-item[data-id="${id}"] .xam-mine-status`)).toBe('已办结')
  await checkLayout(worker, 'mine')
  await shoot(worker, 'worker-mine.png')

  // The same pages at 320 pixels wide, as the same worker.
  const token = await worker.evaluate(() => window.localStorage.getItem('xam.token') ?? '')
  await at320(`/#/pages/detail/index?id=${id}`, '.xam-status[data-status="closed"]', 'worker-detail-320.png', token)
  await at320('/#/pages/mine/index', `.xam-mine-item[data-id="${id}"]`, 'worker-mine-320.png', token)
  await at320(`/#/pages/receipt/index?id=${id}`, '.xam-case-no', 'worker-receipt-320.png', token)
  await at320(`/q/${site.code}?p=board`, '.xam-site-name', 'worker-complain-320.png')
})

test('a submit on a dead network keeps the draft, is retried when the network is back, and files exactly one complaint', async () => {
  const worker = await phone()
  const site = srv.sites[0]!
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=gate`)
  await visible(worker, '.xam-site-name')
  // The sticker page asks for no identity before the submit: complaints are counted until there is one.
  const countAll = () => (srv.db().prepare('SELECT COUNT(*) AS n FROM complaints').get() as { n: number }).n
  const before = countAll()

  await fill(worker, '.xam-field-name', '离线王')
  await fill(worker, '.xam-field-phone', '13912345678')
  await fill(worker, '.xam-field-amount', '8000')
  await fill(worker, '.xam-field-count', '2')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月

  // Closing the page halfway loses nothing, once the draft is saved (shortly after the last change).
  await worker.waitForFunction(
    (key) => {
      const form = JSON.parse(window.localStorage.getItem(key) ?? 'null')?.data?.value?.form
      return form?.name === '离线王' && form.phone === '13912345678' && form.amountYuan === '8000' && form.workerCount === '2'
    },
    `xam.draft.${site.code}`,
    { timeout: 15000, polling: 100 },
  )
  await worker.reload()
  await visible(worker, '.xam-restored')
  expect(await current(worker, '.xam-field-name input').inputValue()).toBe('离线王')
  expect(await current(worker, '.xam-field-amount input').inputValue()).toBe('8000')

  await worker.context().setOffline(true)
  await current(worker, '.xam-submit').tap()
  await visible(worker, '.xam-send-failed', 30000)
  expect(await textOf(worker, '.xam-submit')).toContain('重试提交')
  expect(countAll()).toBe(before)
  await shoot(worker, 'worker-complain-offline.png')

  // Back online, the first answer is lost on the way (the server did file it): the automatic retry
  // with the same request id must get the same complaint back, not a second one.
  let submits = 0
  await worker.route('**/api/worker', async (route) => {
    const body = route.request().postDataJSON() as { action?: string }
    if (body.action !== 'complaint.submit') return route.continue()
    submits++
    if (submits === 1) {
      await route.fetch()
      return route.abort('connectionreset')
    }
    return route.continue()
  })
  await worker.context().setOffline(false)
  await current(worker, '.xam-retry-submit')
    .tap({ timeout: 3000 })
    .catch(() => undefined)

  const caseNo = await textOf(worker, '.xam-case-no')
  expect(caseNo).toMatch(/130602-\d{4}-\d{5}/)
  expect(submits).toBeGreaterThanOrEqual(2)
  const rows = complaintsOf(await openidOf(worker))
  expect(rows).toHaveLength(1)
  expect(srv.db().prepare('SELECT COUNT(*) AS n FROM complaints WHERE client_request_id = ?').get(rows[0]!.client_request_id)).toEqual({
    n: 1,
  })

  // The draft is gone once the complaint is in.
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=gate`)
  await visible(worker, '.xam-site-name')
  expect(await current(worker, '.xam-restored').count()).toBe(0)
  // …but the name and phone are remembered for next time.
  expect(await current(worker, '.xam-field-name input').inputValue()).toBe('离线王')
})

test('damaged sticker: a typo in the typed code gets a plain message, the right code opens the complaint page', async () => {
  const worker = await phone()
  const site = srv.sites[1] ?? srv.sites[0]!
  await worker.goto(`${srv.baseUrl}/`)
  await visible(worker, '.xam-home-code')

  // One character mistyped: the check character catches it.
  const i = 2
  const wrongChar = SITE_CODE_ALPHABET[(SITE_CODE_ALPHABET.indexOf(site.code[i]!) + 1) % SITE_CODE_ALPHABET.length]!
  const typo = site.code.slice(0, i) + wrongChar + site.code.slice(i + 1)
  await fill(worker, '.xam-field-code', typo.toLowerCase())
  await current(worker, '.xam-code-go').tap()
  const message = await textOf(worker, '.xam-field-error[data-field="code"]')
  expect(message).toContain('项目码有误')
  expect(message).toContain(`${typo.slice(0, 3)}-${typo.slice(3)}`)
  await checkLayout(worker, 'home')
  await shoot(worker, 'worker-home-typo.png')

  // Typed as printed, with the dash and in lower case.
  await fill(worker, '.xam-field-code', `${site.code.slice(0, 3)}-${site.code.slice(3)}`.toLowerCase())
  await current(worker, '.xam-code-go').tap()
  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  await at320('/', '.xam-home-code', 'worker-home-320.png')
})

test('an unknown sticker says so plainly and offers the form without a site, which files a complaint', async () => {
  const body = 'ZZZZZ2'
  const unknown = body + siteCodeCheckChar(body)
  const worker = await phone()
  await worker.goto(`${srv.baseUrl}/q/${unknown}?p=helmet`)
  expect(await textOf(worker, '.xam-not-found')).toContain('没有找到项目码')
  await visible(worker, '.xam-no-site .xam-area-province')
  await visible(worker, '.xam-industry .xam-choice')
  // Sending without the project's name and place points at those fields.
  await fill(worker, '.xam-field-name', '李师傅')
  await current(worker, '.xam-submit').tap()
  expect(await textOf(worker, '.xam-field-error[data-field="project.name"]')).toContain('工地')
  expect(await textOf(worker, '.xam-field-error[data-field="project.areaCode"]')).toContain('省')
  await checkLayout(worker, 'complain-no-site-errors')
  await shoot(worker, 'worker-complain-no-site-errors.png')

  await fill(worker, '.xam-field-project', '幸福家园小区二期')
  await pick(worker, '.xam-area-province', '河北省')
  await pick(worker, '.xam-area-city', '保定市')
  await pick(worker, '.xam-area-district', '竞秀区')
  expect(await textOf(worker, '.xam-area-district')).toBe('竞秀区')
  await current(worker, '.xam-industry .xam-choice[data-value="housing"]').tap()
  expect(await current(worker, '.xam-industry .xam-choice-on').getAttribute('data-value')).toBe('housing')
  await fill(worker, '.xam-field-employer', '刘老板')
  await fill(worker, '.xam-field-phone', '13512345678')
  await fill(worker, '.xam-field-amount', '6000')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  await checkLayout(worker, 'complain-no-site')
  await shoot(worker, 'worker-complain-no-site.png')

  await current(worker, '.xam-submit').tap()
  await visible(worker, '.xam-case-no')
  const id = new URL(worker.url().replace('/#/', '/')).searchParams.get('id')!
  const row = srv
    .db()
    .prepare('SELECT site_code, project_name, area_code, industry, employer_name, channel, description FROM complaints WHERE id = ?')
    .get(id)
  expect(row).toEqual({
    site_code: null,
    project_name: '幸福家园小区二期',
    area_code: '130602',
    industry: 'housing',
    employer_name: '刘老板',
    channel: 'self',
    description: `【工友扫到的项目码 ${unknown.slice(0, 3)}-${unknown.slice(3)} 在系统里查不到】`,
  })
  await at320(`/q/${unknown}`, '.xam-no-site', 'worker-complain-no-site-320.png')
})

test('a desk-filed case is claimed from the receipt QR and then shows in "my complaints"', async () => {
  const desk = await srv.login({ persona: 'desk' })
  const filed = await srv.call(desk, 'staff', 'complaint.fileOnBehalf', {
    clientRequestId: `worker-e2e-${Date.now().toString(36)}`,
    siteCode: srv.sites[0]!.code,
    complainant: { name: '赵大姐', phone: '13700000001' },
    workerCount: 1,
    amountOwedFen: 600_000,
    owedSince: lastMonth(),
    description: '在服务台登记',
  })
  expect(filed.ok).toBe(true)

  const worker = await phone()
  await worker.goto(`${srv.baseUrl}/c/${filed.data.caseNo}?k=${filed.data.claimCode}`)
  await visible(worker, '.xam-claim-submit')
  expect(await current(worker, '.xam-claim-case-no input').inputValue()).toBe(filed.data.caseNo)
  expect(await current(worker, '.xam-claim-code input').inputValue()).toBe(filed.data.claimCode)
  await checkLayout(worker, 'claim')
  await shoot(worker, 'worker-claim.png')
  await current(worker, '.xam-claim-submit').tap()
  expect(await textOf(worker, '.xam-detail-case-no')).toBe(filed.data.caseNo)
  await visible(worker, '.xam-timeline-item[data-type="claimed"]')

  await worker.goto(`${srv.baseUrl}/#/pages/mine/index`)
  await visible(worker, `.xam-mine-item[data-id="${filed.data.id}"]`)

  // Typed by hand with a wrong claim code: one plain message, nothing bound.
  const other = await phone(320)
  await other.goto(`${srv.baseUrl}/#/pages/claim/index`)
  await fill(other, '.xam-claim-case-no', filed.data.caseNo)
  await fill(other, '.xam-claim-code', filed.data.claimCode === '222222' ? '333333' : '222222')
  await current(other, '.xam-claim-submit').tap()
  expect(await textOf(other, '.xam-error')).toContain('案件编号或认领码不对')
  await checkLayout(other, 'claim-320')
  await shoot(other, 'worker-claim-320.png')
})
