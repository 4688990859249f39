// The worker is never left looking at silence, in Debian's Chromium on the h5 build at 375 px: the
// receipt right after submitting shows the steps (登记 done, 受理 current with its due date); a case
// moved past its acceptance deadline (dev clock + scheduler run) shows on the detail page as late in
// plain words, with the step marked late, the handling unit's phone to tap, and 催办 that reaches the
// unit. Screenshots go to a temp folder (xam-silence-e2e), to be looked at by a person.
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { LATE_ACCEPT_MESSAGE } from '../../shared/progress'
import { formatBeijing } from '../../shared/time'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { copyOfH5Build, eventually, launchChromium, settled } from '../helpers/browser'

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }
const contexts: BrowserContext[] = []
let h5Copy = ''
const SHOTS = path.join(tmpdir(), 'xam-silence-e2e')

beforeAll(async () => {
  h5Copy = await copyOfH5Build()
  srv = await startTestServer({ h5Dir: h5Copy })
  chrome = await launchChromium()
  mkdirSync(SHOTS, { recursive: true })
}, 180000)
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await chrome?.close()
  await srv?.close()
  if (h5Copy) rmSync(h5Copy, { recursive: true, force: true })
})

/** A 375 px phone; with `token`, a worker who already has an identity on it. */
async function phone(token?: string): Promise<Page> {
  const ctx = await chrome.browser.newContext({
    viewport: { width: 375, height: 740 },
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

/** The page Taro shows now (h5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const visible = (page: Page, selector: string, timeout = 15000) => current(page, selector).waitFor({ state: 'visible', timeout })
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )
const classOf = async (page: Page, selector: string) =>
  ((await current(page, selector).getAttribute('class', { timeout: 15000 })) ?? '').split(/\s+/)

/** Nothing wider than the screen. */
async function noOverflow(page: Page) {
  await settled(page)
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade) *'))
      .filter((el) => {
        const r = el.getBoundingClientRect()
        return r.width > 0 && r.height > 0 && r.right > window.innerWidth + 1
      })
      .map((el) => (el as HTMLElement).className)
      .slice(0, 5),
  )
  expect(wide).toEqual([])
}

/** The whole current page (Taro scrolls inside the page, so the window is made as tall as it). */
async function shoot(page: Page, name: string): Promise<string> {
  await settled(page)
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page:not(.taro_page_shade)')) as HTMLElement[]
    const shown = pages.find((p) => Math.abs(p.getBoundingClientRect().left) < 1 && p.getBoundingClientRect().width > 0)
    return Math.ceil(shown ? shown.scrollHeight : document.body.scrollHeight)
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await settled(page)
  const file = path.join(SHOTS, name)
  await page.screenshot({ path: file })
  await page.setViewportSize(size)
  return file
}

test('the receipt right after submitting shows the steps: 登记 done, 受理 current with its due date', async () => {
  const worker = await phone()
  const site = srv.sites[0]!
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)
  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  await current(worker, '.xam-field-name input').fill('王师傅')
  await current(worker, '.xam-field-phone input').fill('13812340001')
  await current(worker, '.xam-field-amount input').fill('9000')
  await current(worker, '.xam-field-count input').fill('2')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  await current(worker, '.xam-submit').tap()

  await visible(worker, '.xam-case-no')
  const id = new URL(worker.url().replace('/#/', '/')).searchParams.get('id')!
  const row = srv.db().prepare('SELECT accept_due_at FROM complaints WHERE id = ?').get(id) as { accept_due_at: string }
  expect(row.accept_due_at).toBeTruthy()

  await visible(worker, '.xam-steps')
  const labels = await current(worker, '.xam-steps').locator('.xam-step-label').allTextContents()
  expect(labels.map((l) => l.trim())).toEqual(['登记', '受理', '处理', '办结'])
  expect(await classOf(worker, '.xam-step[data-step="registered"]')).toContain('xam-step-done')
  expect(await classOf(worker, '.xam-step[data-step="accepted"]')).toEqual(expect.arrayContaining(['xam-step-current']))
  expect(await classOf(worker, '.xam-step[data-step="accepted"]')).not.toContain('xam-step-late')
  expect(await classOf(worker, '.xam-step[data-step="handling"]')).toContain('xam-step-todo')
  expect(await textOf(worker, '.xam-step-due')).toBe(`受理最晚：${formatBeijing(row.accept_due_at)}`)
  expect(await current(worker, '.xam-late').count()).toBe(0)
  // The unit's published phone is there from the start.
  expect(await current(worker, '.xam-call').getAttribute('data-phone')).toBe('0312-5905678')

  await noOverflow(worker)
  await shoot(worker, 'receipt-375.png')
})

test('a case past its acceptance deadline: the detail page says so plainly, marks the step late, offers the unit’s phone and 催办', async () => {
  const token = await srv.login({ openid: 'silence-e2e-worker' })
  const sub = await srv.call(
    token,
    'worker',
    'complaint.submit',
    submission(srv.sites[0]!.code, { complainant: { name: '刘师傅', phone: '13812340002' } }),
  )
  expect(sub.ok).toBe(true)
  const acceptDueAt: string = sub.data.acceptDueAt
  try {
    // An hour past the deadline, and the scheduler has run.
    await srv.dev('/dev/clock', { now: new Date(Date.parse(acceptDueAt) + 3600_000).toISOString() })
    expect((await srv.dev('/dev/tick', {})).data.acceptEscalated).toBeGreaterThanOrEqual(1)

    const worker = await phone(token)
    await worker.goto(`${srv.baseUrl}/#/pages/detail/index?id=${sub.data.id}`)
    await visible(worker, '.xam-late')
    expect(await textOf(worker, '.xam-late-title')).toBe(LATE_ACCEPT_MESSAGE)
    expect(await textOf(worker, '.xam-late')).toContain('催办')
    expect(await classOf(worker, '.xam-step[data-step="accepted"]')).toEqual(expect.arrayContaining(['xam-step-current', 'xam-step-late']))
    expect(await textOf(worker, '.xam-step-due')).toBe(`受理最晚：${formatBeijing(acceptDueAt)}（已超期）`)
    // The worker-visible event of the escalation is on the timeline.
    expect(await textOf(worker, '.xam-timeline-item[data-type="overdue"] .xam-timeline-note')).toBe(LATE_ACCEPT_MESSAGE)

    // Tap to call the handling unit's published complaint phone.
    await visible(worker, '.xam-call')
    expect(await current(worker, '.xam-call').getAttribute('data-phone')).toBe('0312-5905678')
    expect(await textOf(worker, '.xam-call')).toContain('竞秀区住房和城乡建设局')
    expect(await textOf(worker, '.xam-call-number')).toBe('0312-5905678')
    const box = (await current(worker, '.xam-call').boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(44)

    await noOverflow(worker)
    await shoot(worker, 'detail-late-375.png')

    // 催办 reaches the unit; the button gives way to when it was sent.
    await visible(worker, '.xam-remind')
    await current(worker, '.xam-remind').tap()
    await visible(worker, '.xam-reminded')
    expect(await textOf(worker, '.xam-reminded')).toContain('催办')
    const reminded = srv.db().prepare("SELECT COUNT(*) AS n FROM events WHERE complaint_id = ? AND type = 'reminded'").get(sub.data.id)
    expect(reminded).toEqual({ n: 1 })
    expect(await current(worker, '.xam-remind').count()).toBe(0)
  } finally {
    await srv.dev('/dev/clock', { now: null })
  }
})
