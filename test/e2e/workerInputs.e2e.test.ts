// Issue 19 point 2 in a phone browser (Chromium, the real h5 build, the real local server): what a
// worker pastes into the phone field is taken as 11 digits, the month owed must be chosen, 100,000
// workers is named as too many, and a file that is no photo is named rather than dropped without a word.
import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../helpers/server'
import { copyOfH5Build, eventually, launchChromium, phoneContext } from '../helpers/browser'

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

async function complainPage(): Promise<Page> {
  const ctx = await phoneContext(chrome.browser)
  contexts.push(ctx)
  const page = await ctx.newPage()
  await page.goto(`${srv.baseUrl}/q/${srv.sites[0]!.code}?p=helmet`)
  await current(page, '.xam-site-name').waitFor({ state: 'visible', timeout: 15000 })
  return page
}

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )

test.each([['+86 138-1234-5678'], ['138 1234 5678'], ['１３８１２３４５６７８'], ['0086 13812345678']])(
  'a phone pasted as %j reads 11 digits in the field, with no message',
  async (pasted) => {
    const page = await complainPage()
    const input = current(page, '.xam-field-phone input')
    // A phone keypad in the browser, yet room for what is pasted.
    expect(await input.getAttribute('type')).toBe('tel')
    await input.fill(pasted)
    await eventually(
      () => input.inputValue(),
      (v) => v === '13812345678',
    )
    await input.blur()
    expect(await current(page, '.xam-field-error[data-field="complainant.phone"]').count()).toBe(0)
  },
)

test('the month owed must be chosen; the choices say which month', async () => {
  const page = await complainPage()
  await current(page, '.xam-field-name input').fill('张师傅')
  await current(page, '.xam-field-phone input').fill('13812345678')
  await current(page, '.xam-field-amount input').fill('8000')
  expect(await current(page, '.xam-months .xam-choice-on').count()).toBe(0)
  await current(page, '.xam-submit').tap()
  expect(await textOf(page, '.xam-field-error[data-field="owedSince"]')).toBe('请选择从哪个月开始欠')

  // The failed submit scrolls the page to the first message (200 ms): tap once the choice stands still.
  const threeMonths = page.locator('.taro_page:not(.taro_page_shade) .xam-month-choice').nth(3)
  let before = ''
  await eventually(
    async () => {
      const now = JSON.stringify(await threeMonths.boundingBox())
      const still = now === before
      before = now
      return still
    },
    (still) => still,
  )
  await threeMonths.tap()
  expect(await textOf(page, '.xam-months .xam-choice-on')).toBe('✓ 3个月前')
  expect(await textOf(page, '.xam-month-read')).toMatch(/^从\d{4}年\d{1,2}月开始欠$/)
  expect(await current(page, '.xam-field-error[data-field="owedSince"]').count()).toBe(0)
})

test('100,000 workers is named as too many, not cut to 10,000', async () => {
  const page = await complainPage()
  const count = current(page, '.xam-field-count input')
  await count.fill('100000')
  expect(await count.inputValue()).toBe('100000')
  await count.blur()
  expect(await textOf(page, '.xam-field-error[data-field="workerCount"]')).toBe('人数最多填10000人，请核对')
})

test('a chosen file that is no photo is named, and nothing is added', async () => {
  const page = await complainPage()
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 })
  await current(page, '.xam-photo-add').tap()
  // On phones Taro first asks camera or album.
  const sheet = page.locator('.taro__actionSheet').getByText('从相册选择')
  await Promise.race([chooser, sheet.waitFor({ state: 'visible', timeout: 15000 }).then(() => sheet.tap())]).catch(() => undefined)
  await (await chooser).setFiles({ name: '欠条.txt', mimeType: 'text/plain', buffer: Buffer.from('老板欠我8000元') })
  expect(await textOf(page, '.xam-photo-notice')).toBe('选的文件不是照片，没有加上。请选照片（JPG、PNG）')
  expect(await current(page, '.xam-photo-img').count()).toBe(0)
})
