// The worker's pages as a 320 and a 360 pixel phone shows them, in Debian's Chromium on the h5 build:
// every page (home, complaint from a sticker link, receipt, 我的投诉, a case in each kind of status, claim)
// is measured, not looked at:
// - text: body text at least 16px, secondary text at least 14px (computed font size of every visible
//   text node; secondary is text inside one of the SECONDARY classes below, everything else is body);
// - targets: everything a finger can press at least 48×48px, counted as the pressable box (a control
//   inside a pressable parent counts as its parent);
// - contrast: axe-core's color-contrast rule over the whole screen, zero violations, also while a button
//   is busy and in the open picker;
// - the first screen: on an emulated Slow 3G network the inline splash of index.html is in the first
//   contentful paint, before the app takes over;
// and saved under test/artifacts/ (look-<page>-<width>.png).
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { copyOfH5Build, artifactPath, eventually, launchChromium, settled } from '../helpers/browser'

/** Secondary text (at least 14px): captions, hints, step names, tags, the tab bar's labels. */
const SECONDARY = [
  '.xam-muted',
  '.xam-secondary',
  '.xam-gov-authority',
  '.xam-step-label',
  '.xam-step-due',
  '.xam-late-card',
  '.xam-late-hint',
  '.xam-call-number',
  '.xam-tag',
  '.xam-photo-state',
  '.xam-photo-add-text',
  '.weui-tabbar__label',
].join(',')

/** What a finger can press, besides anything with a click handler. */
const PRESSABLE = [
  'button',
  'a[href]',
  'input:not([type="hidden"])',
  'textarea',
  'select',
  '[role="button"]',
  '.nut-button',
  '.nut-checkbox',
  '.nut-rate-item',
  '.nut-input',
  '.nut-textarea',
  '.xam-picker',
  '.weui-tabbar__item',
  '.weui-picker__action',
].join(',')

const AXE = readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8')

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }
const contexts: BrowserContext[] = []
let h5Copy = ''

/** The worker-a persona's cases, one in each kind of status the worker meets. */
const cases: Record<string, { id: string; caseNo: string }> = {}
let workerToken = ''
let claim = { caseNo: '', claimCode: '' }

beforeAll(async () => {
  h5Copy = await copyOfH5Build()
  srv = await startTestServer({ h5Dir: h5Copy })
  chrome = await launchChromium()

  workerToken = await srv.login({ persona: 'worker-a' })
  const inspector = await srv.login({ persona: 'inspector' })
  const file = async (name: string) => {
    const r = await srv.call(workerToken, 'worker', 'complaint.submit', submission(srv.sites[0]!.code))
    expect(r.ok).toBe(true)
    cases[name] = { id: r.data.id, caseNo: r.data.caseNo }
    return r.data.id as string
  }
  const step = async (id: string, action: string, data: Record<string, unknown>) => {
    const v = await srv.call(inspector, 'staff', 'complaint.get', { id })
    expect(v.ok).toBe(true)
    const r = await srv.call(inspector, 'staff', action, { id, version: v.data.version, ...data })
    expect({ action, ok: r.ok, error: r.error }).toEqual({ action, ok: true, error: undefined })
  }
  await file('routed')
  // Returned to the first responder: a case the desk filed (first responder) and the worker claimed.
  const desk = await srv.login({ persona: 'desk' })
  const fileAtDesk = async (phone: string) => {
    const r = await srv.call(
      desk,
      'staff',
      'complaint.fileOnBehalf',
      submission(srv.sites[0]!.code, { complainant: { name: '李师傅', phone } }),
    )
    expect(r.ok).toBe(true)
    return r.data as { id: string; caseNo: string; claimCode: string }
  }
  const bounced = await fileAtDesk('13912345670')
  const claimed = await srv.call(workerToken, 'worker', 'complaint.claim', { caseNo: bounced.caseNo, claimCode: bounced.claimCode })
  expect(claimed.ok).toBe(true)
  cases.returned = { id: bounced.id, caseNo: bounced.caseNo }
  await step(bounced.id, 'complaint.return', { reason: '不属于本单位管辖，请重新分办' })
  await step(await file('accepted'), 'complaint.accept', {})
  const resolved = await file('resolved')
  await step(resolved, 'complaint.accept', {})
  await step(resolved, 'complaint.resolve', { amountRecoveredFen: 1_250_000, note: '老板已把12500元全部结清' })
  const closed = await file('closed')
  await step(closed, 'complaint.accept', {})
  await step(closed, 'complaint.resolve', { amountRecoveredFen: 1_250_000, note: '已结清' })
  const confirmed = await srv.call(workerToken, 'worker', 'complaint.confirm', { id: closed, rating: 5 })
  expect(confirmed.ok).toBe(true)

  // A desk-filed case for the claim page.
  const filed = await fileAtDesk('13912345678')
  claim = { caseNo: filed.caseNo, claimCode: filed.claimCode }
}, 240_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await chrome?.close()
  await srv?.close()
  if (h5Copy) rmSync(h5Copy, { recursive: true, force: true })
})

async function phone(width: number, token?: string): Promise<Page> {
  const ctx = await chrome.browser.newContext({
    viewport: { width, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  contexts.push(ctx)
  if (token) await ctx.addInitScript((t) => window.localStorage.setItem('xam.token', t), token)
  return ctx.newPage()
}

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()

/** Every visible text below its minimum, and every pressable box under 48×48px, on the current screen. */
async function measure(page: Page) {
  return page.evaluate(
    ({ secondary, pressable }) => {
      const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
      const root = pages.find((p) => {
        const r = p.getBoundingClientRect()
        return r.width > 0 && r.height > 0 && Math.abs(r.left) < 1 && getComputedStyle(p).display !== 'none'
      })
      // The page, the tab bar and whatever floats over them (a picker, a dialog).
      const scopes = [root ?? document.body, ...Array.from(document.querySelectorAll('.taro-tabbar__tabbar, .weui-picker__overlay'))]
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect()
        const s = getComputedStyle(el)
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0
      }
      const name = (el: Element) => (el.className && typeof el.className === 'string' ? el.className.slice(0, 60) : el.tagName)

      const texts: { text: string; px: number; kind: string; cls: string }[] = []
      let textCount = 0
      for (const scope of scopes) {
        const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const t = (n.textContent || '').trim()
          const el = n.parentElement
          if (!t || !el || !shown(el) || el.closest('script, style')) continue
          textCount++
          const px = parseFloat(getComputedStyle(el).fontSize)
          const kind = el.closest(secondary) ? 'secondary' : 'body'
          if (px < (kind === 'secondary' ? 14 : 16) - 0.01) texts.push({ text: t.slice(0, 20), px, kind, cls: name(el) })
        }
      }

      const clickable = (el: Element) => {
        if (el.matches(pressable)) return true
        // Taro's components keep their listeners in `__events`; plain React elements in their props.
        const events = (el as unknown as { __events?: Record<string, unknown[]> }).__events
        if (events && ((events.click && events.click.length) || (events.tap && events.tap.length))) return true
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'))
        const props = key ? (el as unknown as Record<string, Record<string, unknown>>)[key] : null
        if (props && (typeof props.onClick === 'function' || typeof props.onTap === 'function')) return true
        // The h5 build runs on Preact, which keeps an element's listeners in `l` (its minified `_listeners`),
        // keyed by event name and capture flag.
        const listeners = (el as unknown as { l?: Record<string, unknown> }).l
        return !!listeners && typeof listeners === 'object' && ['clickfalse', 'clicktrue'].some((k) => typeof listeners[k] === 'function')
      }
      const targets: { cls: string; w: number; h: number; text: string }[] = []
      let targetCount = 0
      for (const scope of scopes) {
        for (const el of Array.from(scope.querySelectorAll('*'))) {
          if (!clickable(el) || !shown(el)) continue
          // A control inside a pressable parent is pressed through the parent: the parent's box counts.
          let up = el.parentElement
          let inside = false
          while (up && up !== scope) {
            if (clickable(up)) {
              inside = true
              break
            }
            up = up.parentElement
          }
          if (inside) continue
          targetCount++
          const r = el.getBoundingClientRect()
          if (r.width < 47.5 || r.height < 47.5)
            targets.push({
              cls: name(el),
              w: Math.round(r.width),
              h: Math.round(r.height),
              text: (el.textContent || '').trim().slice(0, 12),
            })
        }
      }
      return { texts, textCount, targets, targetCount, overflow: document.documentElement.scrollWidth > window.innerWidth }
    },
    { secondary: SECONDARY, pressable: PRESSABLE },
  )
}

/** The height of the whole page in front, with the tab bar (Taro scrolls inside the page). */
const pageHeight = (page: Page) =>
  page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
    const shown = pages.find((p) => Math.abs(p.getBoundingClientRect().left) < 1 && p.getBoundingClientRect().width > 0)
    const tabbar = document.querySelector('.taro-tabbar__tabbar') as HTMLElement | null
    return Math.ceil((shown ? shown.scrollHeight : document.body.scrollHeight) + (tabbar ? tabbar.offsetHeight : 0))
  })

/**
 * axe-core's color-contrast rule over the whole page: the window is made as tall as the page first, since
 * axe passes over text scrolled out of sight. The violations, each with its element and ratio.
 */
async function contrast(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE })
  const size = page.viewportSize()!
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(await pageHeight(page), 6000)) })
  await settled(page)
  try {
    return await axeContrast(page)
  } finally {
    await page.setViewportSize(size)
    await settled(page)
  }
}

async function axeContrast(page: Page) {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe
    const r = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] })
    return (r.violations as any[]).flatMap((v) =>
      (v.nodes as any[]).map((n) => ({
        target: String(n.target),
        html: String(n.html).slice(0, 120),
        summary: String(n.failureSummary).slice(0, 160),
      })),
    )
  })
}

/** The root size settles on the screen (Taro's head script corrects itself once), then the page stands still. */
async function ready(page: Page, selector: string) {
  await current(page, selector).waitFor({ state: 'visible', timeout: 20_000 })
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
}

/** Saves the whole page (Taro scrolls inside it, so the window is made as tall as it first). */
async function shoot(page: Page, name: string) {
  const size = page.viewportSize()!
  const height = await pageHeight(page)
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await settled(page)
  await page.screenshot({ path: artifactPath(name) })
  await page.setViewportSize(size)
  await settled(page)
}

/** Measures the screen and checks contrast; fails naming every small text, small target and contrast problem. */
async function audit(page: Page, label: string) {
  const m = await measure(page)
  expect(m.textCount).toBeGreaterThan(3)
  expect(m.targetCount).toBeGreaterThan(0)
  expect({ label, overflow: m.overflow, smallText: m.texts, smallTargets: m.targets }).toEqual({
    label,
    overflow: false,
    smallText: [],
    smallTargets: [],
  })
  expect({ label, contrast: await contrast(page) }).toEqual({ label, contrast: [] })
}

const WIDTHS = [320, 360]

/** The text of the screen now (the page in front and the tab bar). */
const screenText = (page: Page) =>
  page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
    const shown = pages.find((p) => Math.abs(p.getBoundingClientRect().left) < 1 && p.getBoundingClientRect().width > 0)
    return (shown ?? document.body).innerText
  })

describe.each(WIDTHS)('at %ipx', (width) => {
  test('home: the service and who runs it, the hotline, two tabs with icons; scanning in a browser that cannot goes to the code', async () => {
    const page = await phone(width)
    await page.goto(srv.baseUrl + '/')
    await ready(page, '.xam-home-scan')
    expect(await current(page, '.xam-gov-name').textContent()).toContain('薪安码')
    expect(await current(page, '.xam-gov-authority').textContent()).toContain('主办')
    expect(await current(page, '.xam-gov-hotline').getAttribute('data-hotline')).toBe('12333')
    // No 工作台 for a worker: two tabs, each with its icon loaded.
    const tabs = await page.locator('.weui-tabbar__item').evaluateAll((items) =>
      items.map((i) => ({
        label: (i.querySelector('.weui-tabbar__label')?.textContent || '').trim(),
        icon: ((i.querySelector('img.weui-tabbar__icon') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
      })),
    )
    expect(tabs).toEqual([
      { label: '首页', icon: true },
      { label: '我的投诉', icon: true },
    ])
    // The bar holds its items whole (none cut off at the bottom).
    const cut = await page.evaluate(() => {
      const bar = document.querySelector('.taro-tabbar__tabbar')!.getBoundingClientRect()
      return Array.from(document.querySelectorAll('.weui-tabbar__item')).filter((i) => i.getBoundingClientRect().bottom > bar.bottom + 0.5)
        .length
    })
    expect(cut).toBe(0)
    expect(await current(page, '.xam-staff-entry').textContent()).toBe('工作人员入口')
    await audit(page, `home-${width}`)
    await shoot(page, `look-home-${width}.png`)

    // This Chromium has no QR reader: the scan button goes straight to typing the code, never "not a project code".
    await current(page, '.xam-home-scan').tap()
    await current(page, '.xam-type-instead').waitFor({ state: 'visible', timeout: 5000 })
    expect(await page.getByText('这不是项目二维码').count()).toBe(0)
  })

  test('complaint from a sticker link: header with the area’s authority, the form, sending on a bad signal, the open picker', async () => {
    let page = await phone(width)
    const site = srv.sites[0]!
    await page.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)
    await ready(page, '.xam-site-name')
    await eventually(
      () => current(page, '.xam-gov').getAttribute('data-authority'),
      (a) => !!a && a.includes('保定市'),
    )
    await audit(page, `complain-${width}`)
    await shoot(page, `look-complain-${width}.png`)
    // The month choices as a grid: two per row, 更早 alone and full width on the last row, each tall and readable.
    const months = await page.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect()
        return {
          left: Math.round(r.left),
          top: Math.round(r.top),
          width: r.width,
          height: r.height,
          font: parseFloat(getComputedStyle(e).fontSize),
        }
      }),
    )
    const box = await current(page, '.xam-months').evaluate((e) => e.getBoundingClientRect().width)
    expect(months).toHaveLength(5)
    expect(months.filter((m) => m.height < 48 || m.font < 16)).toEqual([])
    expect(new Set(months.slice(0, 4).map((m) => m.top)).size).toBe(2)
    expect(months[0]!.top).toBe(months[1]!.top)
    expect(months[1]!.left).toBeGreaterThan(months[0]!.left)
    expect(months[4]!.top).toBeGreaterThan(months[3]!.top)
    expect(months[4]!.width).toBeGreaterThan(box - 2)

    // Sending on a bad signal: the first try is lost, the second is on its way (held here) and the button
    // says so ("信号不好，第2次提交"), still readable.
    await current(page, '.xam-field-name input').fill('王师傅')
    await current(page, '.xam-field-phone input').fill('13812345678')
    await current(page, '.xam-field-amount input').fill('8000')
    await current(page, '.xam-month-choice >> nth=1').tap()
    let tries = 0
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    await page.route('**/api/worker', async (route) => {
      if ((route.request().postDataJSON() as { action?: string }).action !== 'complaint.submit') return route.continue()
      tries++
      if (tries === 1) return route.abort('connectionreset')
      await held
      return route.continue()
    })
    await current(page, '.xam-submit').tap()
    await eventually(
      async () => ((await current(page, '.xam-submit').textContent()) ?? '').trim(),
      (t) => t.includes('信号不好，第2次提交'),
    )
    await settled(page)
    const busy = await measure(page)
    expect({ smallText: busy.texts, smallTargets: busy.targets }).toEqual({ smallText: [], smallTargets: [] })
    expect({ busy: await contrast(page) }).toEqual({ busy: [] })
    await current(page, '.xam-submit').screenshot({ path: artifactPath(`look-complain-busy-${width}.png`) })
    release()
    await page.waitForURL(/pages\/receipt\/index/, { timeout: 20_000 })

    // Without a sticker: the area picker open, its 取消 and 确定 as targets, its rows as text.
    page = await phone(width)
    await page.goto(`${srv.baseUrl}/#/pages/complain/index?nosite=1`)
    await ready(page, '.xam-area-province')
    await current(page, '.xam-area-province').tap()
    const sheet = page.locator('.weui-picker__overlay:not([style*="none"]) .weui-picker').last()
    await sheet.waitFor({ state: 'visible', timeout: 5000 })
    await page.locator('.weui-picker__overlay:not([style*="none"]) .weui-picker__item').first().waitFor({ state: 'visible', timeout: 5000 })
    await settled(page)
    const actions = await page
      .locator('.weui-picker__overlay:not([style*="none"]) .weui-picker__action')
      .evaluateAll((els) => els.map((e) => ({ text: (e.textContent || '').trim(), tall: e.getBoundingClientRect().height >= 48 })))
    expect(actions).toEqual([
      { text: '取消', tall: true },
      { text: '确定', tall: true },
    ])
    await audit(page, `complain-picker-${width}`)
    await page.screenshot({ path: artifactPath(`look-complain-picker-${width}.png`) })
  })

  test('receipt, 我的投诉 and a case in each status the worker meets; a returned case reads as passed on', async () => {
    const page = await phone(width, workerToken)
    await page.goto(`${srv.baseUrl}/#/pages/receipt/index?id=${cases.routed!.id}`)
    await ready(page, '.xam-case-no')
    await audit(page, `receipt-${width}`)
    await shoot(page, `look-receipt-${width}.png`)

    await page.goto(`${srv.baseUrl}/#/pages/mine/index`)
    await ready(page, `.xam-mine-item[data-id="${cases.returned!.id}"]`)
    expect((await current(page, `.xam-mine-item[data-id="${cases.returned!.id}"] .xam-mine-status`).textContent())?.trim()).toBe('已转办')
    const mine = await screenText(page)
    expect(mine).not.toMatch(/退回|用户编号|h5-[0-9a-f]/)
    await audit(page, `mine-${width}`)
    await shoot(page, `look-mine-${width}.png`)

    for (const status of ['routed', 'returned', 'accepted', 'resolved', 'closed']) {
      await page.goto(`${srv.baseUrl}/#/pages/detail/index?id=${cases[status]!.id}`)
      await ready(page, `.xam-status[data-status="${status}"]`)
      const text = await screenText(page)
      expect(text).not.toMatch(/退回|用户编号|h5-[0-9a-f]/)
      if (status === 'returned') expect(text).toContain('已转办，等待受理')
      await audit(page, `detail-${status}-${width}`)
      await shoot(page, `look-detail-${status}-${width}.png`)
    }
  })

  test('claim: the page, and its button while busy', async () => {
    const page = await phone(width, workerToken)
    await page.goto(`${srv.baseUrl}/#/pages/claim/index`)
    await ready(page, '.xam-claim-submit')
    await audit(page, `claim-${width}`)
    await shoot(page, `look-claim-${width}.png`)

    // Busy: the claim is on its way (held back here), the button shows its spinner; still readable.
    await current(page, '.xam-claim-case-no input').fill(claim.caseNo)
    await current(page, '.xam-claim-code input').fill(claim.claimCode)
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    await page.route('**/api/worker', async (route) => {
      await held
      await route.continue()
    })
    await current(page, '.xam-claim-submit').tap()
    await current(page, '.xam-claim-submit.nut-button-loading').waitFor({ state: 'visible', timeout: 5000 })
    await settled(page)
    expect({ busy: await contrast(page) }).toEqual({ busy: [] })
    release()
    await page.waitForURL(/pages\/detail\/index/, { timeout: 15_000 })
  })
})

test('the 工作台 stays away from workers: no user id in a browser, an invite link fills the code', async () => {
  const page = await phone(360, workerToken)
  await page.goto(`${srv.baseUrl}/#/pages/work/index?invite=AB23CD`)
  await ready(page, '.xam-invite-code')
  expect(await current(page, '.xam-invite-code input').inputValue()).toBe('AB23CD')
  expect(await current(page, '.xam-my-id').count()).toBe(0)
  expect(await screenText(page)).not.toMatch(/用户编号|h5-[0-9a-f]/)
})

test('slow 3G: the inline splash is in the first paint, before the app takes over', async () => {
  const ctx = await chrome.browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  contexts.push(ctx)
  await ctx.addInitScript(() => {
    const w = window as unknown as { __paints: { name: string; identifier?: string; at: number }[] }
    w.__paints = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const el = e as PerformanceEntry & { identifier?: string; renderTime?: number }
        w.__paints.push({ name: e.name, identifier: el.identifier, at: el.renderTime || e.startTime })
      }
    }).observe({ entryTypes: ['paint', 'element'] })
  })
  const page = await ctx.newPage()
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('Network.enable')
  // Chrome DevTools' "Slow 3G" preset.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 2000,
    downloadThroughput: (500 * 1024) / 8,
    uploadThroughput: (500 * 1024) / 8,
  })
  await page.goto(srv.baseUrl + '/', { waitUntil: 'commit' })
  await page.locator('#xam-splash').getByText('正在打开投诉页面…').waitFor({ state: 'visible', timeout: 60_000 })
  expect(await page.locator('#xam-splash').textContent()).toContain('薪安码')
  await page.screenshot({ path: artifactPath('look-splash-slow3g-320.png') })
  // The app takes over: the splash goes, the home page shows.
  await page.locator('.xam-home-scan').waitFor({ state: 'visible', timeout: 180_000 })
  await page.locator('#xam-splash').waitFor({ state: 'detached', timeout: 10_000 })
  const { paints, shownAt } = await page.evaluate(() => ({
    paints: (window as unknown as { __paints: { name: string; identifier?: string; at: number }[] }).__paints,
    shownAt: performance.getEntriesByName('xam-app-shown')[0]?.startTime ?? -1,
  }))
  const fcp = paints.find((p) => p.name === 'first-contentful-paint')
  const splash = paints.find((p) => p.identifier === 'xam-splash-loading')
  expect(fcp).toBeDefined()
  expect(splash).toBeDefined()
  // The splash's text is what the first contentful paint painted, and that was before the app was shown.
  expect(splash!.at).toBeLessThanOrEqual(fcp!.at + 1)
  expect(shownAt).toBeGreaterThan(fcp!.at)
}, 240_000)

test('the measures catch what they must: small text, a small target and pale text put on a real page', async () => {
  const page = await phone(320)
  await page.goto(srv.baseUrl + '/')
  await ready(page, '.xam-home-scan')
  await page.evaluate(() => {
    const root = document.querySelector('.taro_page:not(.taro_page_shade) .xam-home')!
    const probe = document.createElement('div')
    probe.id = 'probe'
    probe.innerHTML =
      '<div style="font-size:13px">小字正文</div><div class="xam-muted" style="font-size:12px">小字说明</div>' +
      '<button style="width:40px;height:40px;font-size:16px">按</button>' +
      '<div style="font-size:16px;color:#aaaaaa;background:#ffffff">浅灰字</div>'
    root.appendChild(probe)
  })
  const m = await measure(page)
  expect(m.texts.map((t) => [t.text, t.kind])).toEqual(
    expect.arrayContaining([
      ['小字正文', 'body'],
      ['小字说明', 'secondary'],
    ]),
  )
  expect(m.targets.map((t) => [t.w, t.h])).toContainEqual([40, 40])
  expect((await contrast(page)).map((v) => v.html)).toContainEqual(expect.stringContaining('浅灰字'))
})
