// End to end in Debian's Chromium on the h5 build: the desk files a group where one worker has no mobile
// (无手机, a relative's number instead) and prints a receipt with a slip per worker, each with their own
// claim code and QR; a slip whose worker claimed the case shows that instead of the code.
import type { Browser, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../helpers/server'
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
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )
const visible = (page: Page, selector: string) => current(page, selector).waitFor({ state: 'visible', timeout: 15000 })

test('a group with a worker without a mobile: a slip per worker with their own code and QR', async () => {
  const desk = await (await phoneContext(chrome.browser)).newPage()
  await desk.goto(`${srv.baseUrl}/#/staff/pages/file/index?as=desk`)
  await current(desk, '.xam-file-group').tap()
  const row = (i: number, cls: string) => current(desk, `.xam-file-person[data-row="${i}"] ${cls}`)
  await visible(desk, '.xam-file-person[data-row="1"]')
  await row(0, '.xam-file-name input').fill('王大力')
  await row(0, '.xam-file-phone input').fill('13900001111')
  await row(0, '.xam-file-amount input').fill('8000')
  await row(1, '.xam-file-name input').fill('刘二牛')
  await row(1, '.xam-file-no-phone').tap()
  await row(1, '.xam-file-contact-phone input').waitFor({ state: 'visible', timeout: 15000 })
  expect(await row(1, '.xam-file-phone').count()).toBe(0)
  await row(1, '.xam-file-contact-phone input').fill('13600000102')
  await row(1, '.xam-file-amount input').fill('6500')
  await current(desk, '.xam-file-site-code input').fill(srv.sites[0].code)
  await current(desk, '.xam-file-lookup').tap()
  expect(await textOf(desk, '.xam-file-site-name')).toBe(srv.sites[0].name)

  // Whose number it is must be said: the contract's message, on the row.
  await current(desk, '.xam-file-submit').tap()
  expect(await textOf(desk, '.xam-err-complainants-1-contactPhoneOf')).toBe('请选择联系电话是亲属的还是服务台的')
  await row(1, '.xam-file-contact-relative').tap()
  await settled(desk)
  await desk.screenshot({ path: artifactPath('staff-file-no-phone.png'), fullPage: true })
  await current(desk, '.xam-file-submit').tap()

  const caseNo = await textOf(desk, '.xam-receipt-case-no')
  const id = (srv.db().prepare('SELECT id FROM complaints WHERE case_no = ?').get(caseNo) as { id: string }).id
  const codes = (
    srv.db().prepare('SELECT claim_code FROM case_members WHERE complaint_id = ? ORDER BY idx').all(id) as { claim_code: string }[]
  ).map((r) => r.claim_code)
  expect(codes).toHaveLength(2)
  await visible(desk, '.xam-receipt-slip[data-row="1"]')
  for (const [i, code] of codes.entries()) {
    expect(await textOf(desk, `.xam-receipt-slip[data-row="${i}"] .xam-receipt-slip-code`)).toBe(code)
    await visible(desk, `.xam-receipt-slip[data-row="${i}"] .xam-receipt-qr svg`)
  }
  expect(await textOf(desk, '.xam-receipt-people')).toContain('无手机，联系电话 136****0102（亲属）')
  await settled(desk)
  await desk.screenshot({ path: artifactPath('staff-receipt-group.png'), fullPage: true })

  // 刘二牛's son claims with his code; the reloaded receipt shows that slip claimed, the other still with its code.
  const son = await srv.login({ openid: 'e2e-liu-son' })
  expect((await srv.call(son, 'worker', 'complaint.claim', { caseNo, claimCode: codes[1] })).ok).toBe(true)
  await desk.reload()
  expect(await textOf(desk, '.xam-receipt-slip[data-row="1"] .xam-receipt-slip-claimed')).toBe('已用微信认领')
  expect(await textOf(desk, '.xam-receipt-slip[data-row="0"] .xam-receipt-slip-code')).toBe(codes[0])
}, 120000)
