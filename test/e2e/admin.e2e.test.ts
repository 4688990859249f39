// End to end in Debian's Chromium on the h5 build, at 360 px, for the coordinator's desk (issue 17):
// an alert read and then handled with a note; the rules page's tester showing where a sample complaint
// goes before and after a rule is deleted; a holiday added as a date marked 休; and every change listed
// on the 修改记录 page. Screenshots go to test/artifacts/.
import type { Browser, Page } from 'playwright-core'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { artifactPath, eventually, launchChromium, phoneContext, settled } from '../helpers/browser'

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  chrome = await launchChromium()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(async () => {
  await chrome?.close()
  await srv?.close()
})

/** The page Taro shows now (h5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const textHas = (page: Page, selector: string, want: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.includes(want),
  )
const visible = (page: Page, selector: string) => current(page, selector).waitFor({ state: 'visible', timeout: 15000 })

/** Opens a picker and confirms the row it starts on. */
async function pickStart(page: Page, selector: string): Promise<void> {
  await current(page, selector).tap()
  const confirm = page.locator('text=确定 >> visible=true').last()
  await confirm.waitFor({ state: 'visible', timeout: 15000 })
  await confirm.tap()
  await confirm.waitFor({ state: 'hidden', timeout: 15000 })
}

/** A screenshot of the whole current page (Taro h5 scrolls inside the page element, not the window). */
async function shot(page: Page, name: string): Promise<void> {
  await settled(page)
  const size = page.viewportSize() ?? { width: 360, height: 740 }
  const height = await page.evaluate(() => {
    const el = document.querySelector('.taro_page:not(.taro_page_shade)')
    return Math.max(el ? el.scrollHeight : 0, document.documentElement.scrollHeight)
  })
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) })
  await settled(page)
  await page.screenshot({ path: artifactPath(name), fullPage: true })
  await page.setViewportSize(size)
}

async function openAs(persona: string, hashPath: string): Promise<Page> {
  const page = await (await phoneContext(chrome.browser)).newPage()
  const sep = hashPath.includes('?') ? '&' : '?'
  await page.goto(`${srv.baseUrl}/#${hashPath}${sep}as=${persona}`)
  return page
}

/** Nothing wider than the phone: no sideways scrolling at 360 px. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)

test('an alert is read, then handled with a note, on a 360 px screen', async () => {
  const site = srv.sites[3]
  const worker = await srv.login({ persona: 'worker-a' })
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(site.code, { workerCount: 30, owedSince: '2026-08' }))
  expect(sub.ok).toBe(true)
  const listed = await srv.call(coordinator, 'staff', 'alerts.list', { state: 'new' })
  const alert = listed.data.items.find((a: any) => a.subject === `site:${site.code}`)
  expect(alert).toBeTruthy()

  const page = await openAs('coordinator', '/staff/pages/alerts/index')
  const item = `.xam-alert[data-id="${alert.id}"]`
  await textHas(page, `${item} .xam-alert-title`, site.name)
  await textHas(page, `${item} .xam-alert-cases`, sub.data.caseNo)
  expect(await current(page, `${item} .xam-alert-title`).textContent()).not.toContain(site.code)
  expect(await fitsWidth(page)).toBe(true)
  await shot(page, 'admin-alerts-new.png')

  // Read: it leaves the 未读 list and shows under 已读.
  await current(page, `${item} .xam-alert-read`).tap()
  await current(page, item).waitFor({ state: 'detached', timeout: 15000 })
  await current(page, '.xam-alert-filter-read').tap()
  await textHas(page, `${item} .xam-alert-state`, '已读')

  // Handled with what was done.
  await current(page, `${item} .xam-alert-handle`).tap()
  await visible(page, `${item} .xam-alert-note-input textarea`)
  await current(page, `${item} .xam-alert-note-input textarea`).fill('已约谈总包单位，承诺月底前支付')
  await current(page, `${item} .xam-alert-save`).tap()
  await current(page, item).waitFor({ state: 'detached', timeout: 15000 })
  await current(page, '.xam-alert-filter-handled').tap()
  await textHas(page, `${item} .xam-alert-ack`, '已约谈总包单位，承诺月底前支付')
  await shot(page, 'admin-alerts-handled.png')
  const handled = await srv.call(coordinator, 'staff', 'alerts.list', { state: 'handled' })
  expect(handled.data.items.find((a: any) => a.id === alert.id)).toMatchObject({
    state: 'handled',
    ackNote: '已约谈总包单位，承诺月底前支付',
  })
})

test('the rules page shows where a sample complaint goes before and after a rule is deleted, and deleting it changes routing', async () => {
  const page = await openAs('coordinator', '/staff/pages/rules/index')
  const rule = '.xam-rule[data-id="r-jx-housing"]'
  await visible(page, `${rule} .xam-rule-delete`)
  await current(page, `${rule} .xam-rule-delete`).tap()
  await textHas(page, `${rule} .xam-rule-preview-before`, '竞秀区住房和城乡建设局')
  await textHas(page, `${rule} .xam-rule-preview-after`, '劳动')
  expect(await fitsWidth(page)).toBe(true)
  await shot(page, 'admin-rules-preview.png')
  // Looking changed nothing.
  const before = await srv.call(coordinator, 'admin', 'rule.list', {})
  expect(before.data.items.map((r: any) => r.id)).toContain('r-jx-housing')

  await current(page, `${rule} .xam-rule-delete-confirm`).tap()
  await current(page, rule).waitFor({ state: 'detached', timeout: 15000 })
  const tested = await srv.call(coordinator, 'admin', 'rule.test', { areaCode: '130602', industry: 'housing' })
  expect(tested.data.via).toBe('labour_fallback')
})

test('a holiday is added as a date marked 休 and saved; the 修改记录 page lists it with the rule deleted before', async () => {
  const page = await openAs('coordinator', '/staff/pages/config/index')
  await visible(page, '.xam-holiday-date')
  // The picker starts on 1 January of next year: the year whose schedule is published ahead.
  await pickStart(page, '.xam-holiday-date')
  const year = String(new Date().getFullYear() + 1)
  await textHas(page, '.xam-holiday-date', `${year}-01-01`)
  await current(page, '.xam-holiday-off').tap()
  await textHas(page, `.xam-holiday-day[data-day="${year}-01-01"] .xam-holiday-mark`, '休')
  expect(await fitsWidth(page)).toBe(true)
  await shot(page, 'admin-holidays.png')
  await current(page, '.xam-config-save').tap()
  await eventually(
    async () => (await srv.call(coordinator, 'admin', 'config.get', {})).data.effective.holidays[year],
    (h) => !!h && h.holidays.includes(`${year}-01-01`),
  )
  const saved = (await srv.call(coordinator, 'admin', 'config.get', {})).data.effective.holidays[year]
  expect(saved).toEqual({ holidays: [`${year}-01-01`], workdays: [] })

  const audit = await openAs('coordinator', '/staff/pages/audit/index')
  await textHas(audit, '.xam-audit-entry[data-action="config.set"] .xam-audit-changes', `${year}-01-01`)
  await textHas(audit, '.xam-audit-entry[data-action="config.set"] .xam-audit-field', `${year}年放假日（休）`)
  await textHas(audit, '.xam-audit-entry[data-action="rule.delete"] .xam-audit-action', '删除分派规则')
  await textHas(audit, '.xam-audit-entry[data-action="rule.delete"] .xam-audit-before', '竞秀区住房和城乡建设局')
  expect(await fitsWidth(audit)).toBe(true)
  await shot(audit, 'admin-audit.png')
})
