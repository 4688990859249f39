// End to end in Debian's Chromium on the h5 build: a worker scans a sticker link, files, gets a case
// number; the inspector accepts it in the admin tab; the worker's detail page then shows it accepted.
import type { Browser, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../helpers/server'
import { artifactPath, eventually, launchChromium, phoneContext } from '../helpers/browser'

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }

beforeAll(async () => {
  srv = await startTestServer()
  chrome = await launchChromium()
})
afterAll(async () => {
  await chrome?.close()
  await srv?.close()
})

/** The page Taro shows now (h5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
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

test('scan → submit → receipt; inspector accepts; worker sees it accepted', async () => {
  const worker = await (await phoneContext(chrome.browser)).newPage()
  const site = srv.sites[0]
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)

  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  expect(await textOf(worker, '.xam-site-dept')).toContain('竞秀区住房和城乡建设局')
  await worker.screenshot({ path: artifactPath('e2e-complain.png'), fullPage: true })

  await current(worker, '.xam-field-name input').fill('张师傅')
  await current(worker, '.xam-field-phone input').fill('13812345678')
  await current(worker, '.xam-field-amount input').fill('12500')
  await current(worker, '.xam-field-count input').fill('3')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  await current(worker, '.xam-submit').tap()

  const caseNoText = await textOf(worker, '.xam-case-no')
  expect(caseNoText).toMatch(/130602-\d{4}-\d{5}/)
  const caseNo = caseNoText.match(/130602-\d{4}-\d{5}/)![0]
  expect(await textOf(worker, '.xam-handler')).toContain('竞秀区住房和城乡建设局')
  await worker.screenshot({ path: artifactPath('e2e-receipt.png'), fullPage: true })

  // The inspector, on another phone.
  const inspector = await (await phoneContext(chrome.browser)).newPage()
  await inspector.goto(`${srv.baseUrl}/#/staff/pages/queue/index?as=inspector`)
  const row = current(inspector, `.xam-queue-item[data-case-no="${caseNo}"]`)
  await row.waitFor({ state: 'visible', timeout: 15000 })
  await row.tap()
  expect(await textOf(inspector, '.xam-case-head-no')).toContain(caseNo)
  await current(inspector, '.xam-accept').tap()
  expect(await attrOf(inspector, '.xam-status', 'data-status', 'accepted')).toBe('accepted')
  await inspector.screenshot({ path: artifactPath('e2e-staff-case.png'), fullPage: true })

  // Back on the worker's phone: the detail page shows it accepted.
  await current(worker, '.xam-open-detail').tap()
  expect(await attrOf(worker, '.xam-status', 'data-status', 'accepted')).toBe('accepted')
  await current(worker, '.xam-timeline-item[data-type="accepted"]').waitFor({ state: 'visible', timeout: 15000 })
  await worker.screenshot({ path: artifactPath('e2e-detail.png'), fullPage: true })
})
