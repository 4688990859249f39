// The browser path of a phone that is not WeChat, in Debian's Chromium on the h5 build, against the local
// server in production mode (no /dev endpoints, SMS_PROVIDER=file): scan the sticker's link → fill the form
// without any session → 提交投诉 asks for the SMS code of the phone already typed → the code from
// $DATA_DIR/sms.jsonl → receipt → hours later, in a fresh browser, 我的投诉 asks for the phone and a code
// and lists the complaint.
import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { copyOfH5Build, artifactPath, eventually, launchChromium, phoneContext, settled } from '../helpers/browser'
import { startProductionServer, type ProductionServer } from '../helpers/productionServer'
import { phoneOpenid } from '../../cloudfunctions/core/auth/session'

let srv: ProductionServer
let chrome: { browser: Browser; close(): Promise<void> }
const contexts: BrowserContext[] = []
let h5Copy = ''
const PHONE = '13612345678'
const T0 = '2026-11-03T10:00:00+08:00'

beforeAll(async () => {
  h5Copy = await copyOfH5Build()
  srv = await startProductionServer({ h5Dir: h5Copy, seed: true, now: T0 })
  chrome = await launchChromium()
}, 180000)
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await chrome?.close()
  await srv?.close()
  if (h5Copy) rmSync(h5Copy, { recursive: true, force: true })
})

async function freshPhone(): Promise<Page> {
  const ctx = await phoneContext(chrome.browser)
  contexts.push(ctx)
  return ctx.newPage()
}

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const visible = (page: Page, selector: string, timeout = 15000) => current(page, selector).waitFor({ state: 'visible', timeout })
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )
const fill = (page: Page, selector: string, value: string) => current(page, `${selector} input`).fill(value)
/** Adds one photo through the real picker (a file chooser in the browser): a JPEG the browser draws. */
async function addPhoto(page: Page) {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 480
    c.height = 360
    const g = c.getContext('2d')!
    g.fillStyle = '#f4efe1'
    g.fillRect(0, 0, 480, 360)
    g.fillStyle = '#222'
    g.font = '40px sans-serif'
    g.fillText('欠条 12500 元', 40, 180)
    return c.toDataURL('image/jpeg', 0.8)
  })
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 })
  await current(page, '.xam-photo-add').tap()
  const sheet = page.locator('.taro__actionSheet').getByText('从相册选择')
  await Promise.race([chooser, sheet.waitFor({ state: 'visible', timeout: 15000 }).then(() => sheet.tap())]).catch(() => undefined)
  await (await chooser).setFiles({ name: 'iou.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1]!, 'base64') })
}

/** The sign-in codes the server has written for the phone so far. */
const codesSent = () => srv.smsLines().filter((l) => l.to === PHONE && l.template === 'verify_code')

test('scan → fill → the code at submit → receipt; later, in another browser, 我的投诉 lists it after a code', async () => {
  const site = (await srv.storage.listSites('13', 10))[0]!
  const worker = await freshPhone()
  await worker.goto(`${srv.baseUrl}/q/${site.code}?p=helmet`)
  // The project from the sticker, without any session: nothing was asked yet.
  expect(await textOf(worker, '.xam-site-name')).toBe(site.name)
  expect(await worker.evaluate(() => window.localStorage.getItem('xam.token'))).toBeNull()

  await fill(worker, '.xam-field-name', '王建军')
  await fill(worker, '.xam-field-phone', PHONE)
  await fill(worker, '.xam-field-amount', '12500')
  await fill(worker, '.xam-field-count', '3')
  await worker.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(1).tap() // 从哪个月开始欠：上个月
  // A photo chosen before signing in waits on the phone: uploads belong to whoever signed in.
  await addPhoto(worker)
  await visible(worker, '.xam-photo[data-status="waiting"]')
  expect(srv.storage.db.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 0 })
  await current(worker, '.xam-submit').tap()

  // One extra field: the code of the phone already typed, sent as the worker tapped.
  await visible(worker, '.xam-signin')
  expect(await textOf(worker, '.xam-signin-fixed-phone')).toBe(PHONE)
  await visible(worker, '.xam-signin-sent')
  expect(await textOf(worker, '.xam-signin-sent')).toBe('验证码已发到 136****5678，5分钟内有效')
  expect(codesSent()).toHaveLength(1)
  // A new code may be asked for after the server's wait, counted down on the button.
  expect(await textOf(worker, '.xam-signin-send')).toMatch(/^\d{1,2}秒后可以重新获取$/)
  expect(await current(worker, '.xam-submit').count()).toBe(0)
  // The form waits underneath, and its draft is on the phone.
  expect(await current(worker, '.xam-field-name input').inputValue()).toBe('王建军')
  const draft = await eventually(
    () => worker.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('xam.draft.'))),
    (keys) => keys.length === 1,
  )
  expect(await worker.evaluate((k) => window.localStorage.getItem(k) ?? '', draft[0]!)).toContain('王建军')
  await settled(worker)
  await worker.screenshot({ path: artifactPath('browser-signin-at-submit.png') })

  // A wrong code is named under the field; the right one files the complaint.
  const code = codesSent()[0]!.code!
  await fill(worker, '.xam-signin-code', code === '000000' ? '111111' : '000000')
  await current(worker, '.xam-signin-ok').tap()
  expect(await textOf(worker, '.xam-err-code')).toBe('验证码不对，还可以再试4次')
  await fill(worker, '.xam-signin-code', code)
  await current(worker, '.xam-signin-ok').tap()

  await visible(worker, '.xam-case-no', 20000)
  const caseNo = await textOf(worker, '.xam-case-no')
  expect(caseNo).toMatch(/^130602-\d{4}-\d{5}$/)
  const stored = srv.storage.db.prepare('SELECT owner_openid, complainant FROM complaints WHERE case_no = ?').get(caseNo) as any
  expect(stored.owner_openid).toBe(phoneOpenid(PHONE))
  expect(JSON.parse(stored.complainant)).toMatchObject({ name: '王建军', phone: PHONE })
  // The photo went up after the sign-in, as this worker's, and is on the case.
  const photos = JSON.parse((srv.storage.db.prepare('SELECT photos FROM complaints WHERE case_no = ?').get(caseNo) as any).photos)
  expect(photos).toHaveLength(1)
  expect(srv.storage.db.prepare('SELECT uploader FROM uploads').all()).toEqual([{ uploader: phoneOpenid(PHONE) }])
  // Filed: the draft is gone.
  expect(await worker.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('xam.draft.')))).toEqual([])
  await worker.screenshot({ path: artifactPath('browser-signin-receipt.png') })

  // Hours later, on another browser: no session, so 我的投诉 asks for the phone and a code first.
  srv.setNow('2026-11-03T15:00:00+08:00')
  const later = await freshPhone()
  await later.goto(`${srv.baseUrl}/#/pages/mine/index`)
  await visible(later, '.xam-signin')
  expect(await current(later, '.xam-mine-item').count()).toBe(0)
  await fill(later, '.xam-signin-phone', PHONE)
  await current(later, '.xam-signin-send').tap()
  await eventually(
    async () => codesSent().length,
    (n) => n === 2,
  )
  await visible(later, '.xam-signin-sent')
  await fill(later, '.xam-signin-code', codesSent()[1]!.code!)
  await current(later, '.xam-signin-ok').tap()

  await visible(later, '.xam-mine-item')
  expect(await current(later, '.xam-case-no-inline').textContent()).toBe(caseNo)
  expect(await textOf(later, '.xam-mine-site')).toBe(site.name)
  await settled(later)
  await later.screenshot({ path: artifactPath('browser-signin-mine.png') })

  // The case opens from the list with that session.
  await current(later, '.xam-mine-item').tap()
  await visible(later, '.xam-detail-case-no')
  expect(await textOf(later, '.xam-detail-case-no')).toBe(caseNo)
}, 120000)
