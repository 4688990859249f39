// Issue 17 in Chromium at 360 px: the coordinator's overview shows honest on-time rates and money, and the
// period report (情况表) switches between weekly and monthly presets and groupings, fits the screen and
// downloads as XLSX.
import type { Page } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { artifactPath, eventually, launchChromium, phoneContext, settled } from '../helpers/browser'

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

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const textHas = (page: Page, selector: string, want: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.includes(want),
  )

test('the overview and the period report at 360 px', async () => {
  const worker = await srv.login({ persona: 'worker-a' })
  for (const amountOwedFen of [1_250_000, 300_000]) {
    expect((await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { amountOwedFen }))).ok).toBe(true)
  }
  const page = await (await phoneContext(chrome.browser)).newPage()
  await page.goto(`${srv.baseUrl}/#/staff/pages/overview/index?as=coordinator`)
  // Money and honest rates on the tiles.
  expect(await textHas(page, '.xam-stat-owed', '15,500')).toContain('被欠金额')
  await textHas(page, '.xam-stat-accept .xam-stat-sub', '超期未受理 0 件')
  // This week by unit: the housing bureau with both cases.
  await textHas(page, '.xam-report-row', '竞秀区住房和城乡建设局')
  expect(await current(page, '.xam-report-totals').textContent()).toContain('新增案件')
  // By district, then last month (nothing registered then).
  await current(page, '.xam-group-district').tap()
  await textHas(page, '.xam-report-row', '竞秀区')
  await current(page, '.xam-preset-last_month').tap()
  await textHas(page, '.xam-report', '这段时间没有新登记的案件')
  await current(page, '.xam-preset-this_month').tap()
  await textHas(page, '.xam-report-row', '竞秀区')
  // Nothing wider than the phone.
  const overflow = await page.evaluate(() => {
    const root = document.querySelector('.taro_page:not(.taro_page_shade) .xam-report') as HTMLElement
    return root.scrollWidth - root.clientWidth
  })
  expect(overflow).toBeLessThanOrEqual(0)
  // The 情况表 downloads as XLSX.
  const download = page.waitForEvent('download', { timeout: 15000 })
  await current(page, '.xam-report-download').tap()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^情况表-.+\.xlsx$/)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-report.png'), fullPage: true })
}, 120000)
