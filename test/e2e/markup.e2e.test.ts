// A complaint's text shown to officials is rendered as text, never as markup or script.
import type { Browser } from 'playwright-core'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { launchChromium, phoneContext } from '../helpers/browser'

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

test('script and markup in a complaint stay inert text on the inspector’s case page and in the outbox page', async () => {
  const worker = await srv.login({ persona: 'worker-a' })
  const hostile = '<img src=x onerror="window.__xss=1"><b class="xam-injected">粗体</b><script>window.__xss=2</script>'
  const sub = await srv.call(
    worker,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, {
      description: hostile,
      complainant: { name: '<i class="xam-injected">王</i>', phone: '13812345678' },
    }),
  )
  expect(sub.ok).toBe(true)

  const page = await (await phoneContext(chrome.browser)).newPage()
  await page.goto(`${srv.baseUrl}/#/staff/pages/case/index?id=${sub.data.id}&as=inspector`)
  await page.getByText('粗体', { exact: false }).first().waitFor({ timeout: 15000 })
  const body = (await page.locator('body').innerText()) ?? ''
  expect(body).toContain('<b class="xam-injected">粗体</b>')
  expect(body).toContain('<i class="xam-injected">王</i>')
  expect(await page.locator('.xam-injected').count()).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()

  // The local outbox page shows message bodies escaped as well.
  const outbox = await page.context().newPage()
  await outbox.goto(`${srv.baseUrl}/dev/outbox`)
  expect(await outbox.locator('.xam-injected').count()).toBe(0)
})
