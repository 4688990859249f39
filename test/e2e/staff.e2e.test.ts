// End to end in Debian's Chromium on the h5 build, for the admin tab: an inspector accepts a case, adds
// a note the worker may see and resolves it with an amount, and the worker's detail page shows each
// step; two officials on one case get a clear conflict; the desk files a group complaint and gets a
// printable receipt with a claim code and QR. Screenshots of the staff screens go to test/artifacts/.
import type { Browser, Page } from 'playwright-core'
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

/** The page Taro shows now (h5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const textOf = (page: Page, selector: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.length > 0,
  )
const textHas = (page: Page, selector: string, want: string) =>
  eventually(
    async () => ((await current(page, selector).textContent({ timeout: 15000 })) ?? '').trim(),
    (t) => t.includes(want),
  )
const attrOf = (page: Page, selector: string, name: string, want: string) =>
  eventually(
    async () => (await current(page, selector).getAttribute(name, { timeout: 15000 })) ?? '',
    (v) => v === want,
  )
const visible = (page: Page, selector: string) => current(page, selector).waitFor({ state: 'visible', timeout: 15000 })

/** Opens a picker and confirms its first choice (Taro's h5 picker starts on the first row). */
async function pickFirst(page: Page, selector: string): Promise<void> {
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

async function fileAsWorker(over: Record<string, unknown> = {}): Promise<{ id: string; caseNo: string }> {
  const token = await srv.login({ persona: 'worker-a' })
  const r = await srv.call(token, 'worker', 'complaint.submit', submission(srv.sites[0].code, over))
  expect(r.ok).toBe(true)
  return { id: r.data.id, caseNo: r.data.caseNo }
}

async function openAs(persona: string, hashPath: string): Promise<Page> {
  const page = await (await phoneContext(chrome.browser)).newPage()
  const sep = hashPath.includes('?') ? '&' : '?'
  await page.goto(`${srv.baseUrl}/#${hashPath}${sep}as=${persona}`)
  return page
}

test('inspector accepts, adds a visible note and resolves; the worker sees each step', async () => {
  const { id, caseNo } = await fileAsWorker()
  const note = '已约谈总包单位负责人，承诺周五前结清'

  // The admin tab shows who the inspector is and the way to the queue.
  const inspector = await openAs('inspector', '/pages/work/index')
  expect(await textOf(inspector, '.xam-dept')).toContain('竞秀区住房和城乡建设局')
  await shot(inspector, 'staff-work.png')
  await current(inspector, '.xam-open-queue').tap()

  const row = current(inspector, `.xam-queue-item[data-case-no="${caseNo}"]`)
  await row.waitFor({ state: 'visible', timeout: 15000 })
  expect(await row.textContent()).toContain('12,500 元')
  await shot(inspector, 'staff-queue.png')
  await row.tap()

  expect(await textOf(inspector, '.xam-case-head-no')).toContain(caseNo)
  // The handling department sees the full phone number; the read is an internal ledger event.
  expect(await textOf(inspector, '.xam-complainant-phone')).toContain('13812345678')
  await current(inspector, '.xam-accept').tap()
  expect(await attrOf(inspector, '.xam-status', 'data-status', 'accepted')).toBe('accepted')

  await visible(inspector, '.xam-progress-note textarea')
  // A reply template fills the note; the inspector then writes their own.
  await pickFirst(inspector, '.xam-template-progress')
  expect(await current(inspector, '.xam-progress-note textarea').inputValue()).toContain('已约谈')
  await current(inspector, '.xam-progress-note textarea').fill(note)
  await current(inspector, '.xam-progress-submit').tap()
  expect(await attrOf(inspector, '.xam-status', 'data-status', 'in_progress')).toBe('in_progress')
  expect(await textHas(inspector, '.xam-timeline-item[data-type="progress"]', note)).toContain(note)
  await shot(inspector, 'staff-case.png')

  await current(inspector, '.xam-action-resolve').tap()
  await visible(inspector, '.xam-resolve-amount input')
  await current(inspector, '.xam-resolve-amount input').fill('12500')
  await current(inspector, '.xam-resolve-note textarea').fill('经督促，工资已全部付清')
  await current(inspector, '.xam-resolve-submit').tap()
  expect(await attrOf(inspector, '.xam-status', 'data-status', 'resolved')).toBe('resolved')
  await shot(inspector, 'staff-case-resolved.png')

  // The worker's own phone: every step, in their words.
  const worker = await openAs('worker-a', `/pages/detail/index?id=${encodeURIComponent(id)}`)
  expect(await attrOf(worker, '.xam-status', 'data-status', 'resolved')).toBe('resolved')
  await visible(worker, '.xam-timeline-item[data-type="accepted"]')
  expect(await textHas(worker, '.xam-timeline-item[data-type="progress"]', note)).toContain(note)
  expect(await textHas(worker, '.xam-timeline-item[data-type="resolved"]', '工资已全部付清')).toContain('工资已全部付清')
  // Internal events (routing explanations, reads of personal data) never reach the worker.
  expect(await current(worker, '.xam-timeline-item[data-type="pii_viewed"]').count()).toBe(0)
  await shot(worker, 'staff-worker-detail.png')
}, 120000)

test('a case the handler returns goes back to the desk, which routes it to another department', async () => {
  const deskToken = await srv.login({ persona: 'desk' })
  const filed = await srv.call(deskToken, 'staff', 'complaint.fileOnBehalf', {
    ...submission(null, { project: { name: '竞秀区某小区家装', areaCode: '130602', industry: 'housing' } }),
  })
  expect(filed.ok).toBe(true)
  const id = filed.data.id as string
  const inspectorToken = await srv.login({ persona: 'inspector' })
  const seen = await srv.call(inspectorToken, 'staff', 'complaint.get', { id })
  expect(
    (await srv.call(inspectorToken, 'staff', 'complaint.return', { id, version: seen.data.version, reason: '家装不归住建监管' })).ok,
  ).toBe(true)

  // The desk's first-responder watch lists it; the case opens with the routing form.
  const desk = await openAs('desk', '/staff/pages/queue/index')
  await current(desk, '.xam-tab-first_responder').tap()
  const row = current(desk, `.xam-queue-item[data-id="${id}"]`)
  await row.waitFor({ state: 'visible', timeout: 15000 })
  await row.tap()
  expect(await attrOf(desk, '.xam-status', 'data-status', 'returned')).toBe('returned')
  await visible(desk, '.xam-route-box')
  expect(await textOf(desk, '.xam-timeline-item[data-type="returned"]')).toContain('家装不归住建监管')
  await pickFirst(desk, '.xam-route-dept')
  const chosen = await textOf(desk, '.xam-route-dept')
  expect(chosen).toContain('竞秀区劳动保障监察大队')
  await current(desk, '.xam-route-reason textarea').fill('家装欠薪由劳动监察处理')
  await shot(desk, 'staff-route.png')
  await current(desk, '.xam-route-submit').tap()
  expect(await attrOf(desk, '.xam-status', 'data-status', 'routed')).toBe('routed')
  expect(await textOf(desk, '.xam-case-head')).toContain('办理单位 竞秀区劳动保障监察大队')
}, 120000)

test('two officials act on one case: the second gets a clear conflict and the latest state', async () => {
  const { id } = await fileAsWorker({ workerCount: 2 })
  const inspectorToken = await srv.login({ persona: 'inspector' })
  const seen = await srv.call(inspectorToken, 'staff', 'complaint.get', { id })
  expect((await srv.call(inspectorToken, 'staff', 'complaint.accept', { id, version: seen.data.version })).ok).toBe(true)

  const a = await openAs('inspector', `/staff/pages/case/index?id=${encodeURIComponent(id)}`)
  const b = await openAs('inspector', `/staff/pages/case/index?id=${encodeURIComponent(id)}`)
  await visible(a, '.xam-progress-note textarea')
  await visible(b, '.xam-progress-note textarea')

  await current(a, '.xam-progress-note textarea').fill('第一位：已电话联系工友')
  await current(a, '.xam-progress-submit').tap()
  expect(await attrOf(a, '.xam-status', 'data-status', 'in_progress')).toBe('in_progress')

  await current(b, '.xam-progress-note textarea').fill('第二位：同时在写')
  await current(b, '.xam-progress-submit').tap()
  expect(await textOf(b, '.xam-conflict')).toContain('其他人刚刚处理了这个案件')
  // B now sees A's note, and keeps what they typed.
  expect(await textHas(b, '.xam-timeline-item[data-type="progress"]', '第一位')).toContain('第一位')
  expect(await current(b, '.xam-progress-note textarea').inputValue()).toBe('第二位：同时在写')
  await shot(b, 'staff-conflict.png')
}, 120000)

test('desk files a group complaint and prints a receipt with claim code and QR', async () => {
  const site = srv.sites[0]
  const desk = await openAs('desk', '/staff/pages/file/index')
  await current(desk, '.xam-file-group').tap()
  const rowInput = (i: number, cls: string) => current(desk, `.xam-file-person[data-row="${i}"] ${cls} input`)
  await visible(desk, '.xam-file-person[data-row="1"]')
  await rowInput(0, '.xam-file-name').fill('王大力')
  await rowInput(0, '.xam-file-phone').fill('13900001111')
  await rowInput(0, '.xam-file-amount').fill('8000')
  await rowInput(1, '.xam-file-name').fill('李小强')
  await rowInput(1, '.xam-file-phone').fill('13900002222')
  await rowInput(1, '.xam-file-amount').fill('6500.5')
  expect(await textHas(desk, '.xam-file-total', '14,500.50 元')).toContain('合计 2 人')

  await current(desk, '.xam-file-site-code input').fill(site.code)
  await current(desk, '.xam-file-lookup').tap()
  expect(await textOf(desk, '.xam-file-site-name')).toBe(site.name)
  await current(desk, '.xam-file-count input').fill('5')
  await shot(desk, 'staff-file.png')
  await current(desk, '.xam-file-submit').tap()

  const caseNo = await textOf(desk, '.xam-receipt-case-no')
  expect(caseNo).toMatch(/^130602-\d{4}-\d{5}$/)
  expect(await textOf(desk, '.xam-receipt-claim-code')).toMatch(/^[0-9A-Z]{6}$/)
  await visible(desk, '.xam-receipt-qr svg')
  expect(await textOf(desk, '.xam-receipt-people')).toContain('李小强')
  await shot(desk, 'staff-receipt.png')

  // The print view: the receipt only, no buttons.
  await desk.emulateMedia({ media: 'print' })
  expect(await current(desk, '.xam-receipt-print').isVisible()).toBe(false)
  expect(await current(desk, '.xam-print-area').isVisible()).toBe(true)
  await shot(desk, 'staff-receipt-print.png')
}, 120000)

test('an official joins with an invite code; the coordinator revokes another', async () => {
  const coordinatorToken = await srv.login({ persona: 'coordinator' })
  const first = await srv.call(coordinatorToken, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-lc-labour' })
  const second = await srv.call(coordinatorToken, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-lc-labour' })
  expect(first.ok && second.ok).toBe(true)

  // A fresh WeChat user (no persona): the admin tab asks for an invite code.
  const official = await (await phoneContext(chrome.browser)).newPage()
  await official.goto(`${srv.baseUrl}/#/pages/work/index`)
  await visible(official, '.xam-invite-code input')
  await current(official, '.xam-invite-code input').fill(first.data.code.toLowerCase())
  await current(official, '.xam-invite-accept').tap()
  expect(await textHas(official, '.xam-role', '办理人员')).toBe('办理人员')
  expect(await textOf(official, '.xam-dept')).toBe('莲池区劳动保障监察大队')
  await visible(official, '.xam-open-queue')

  // The coordinator sees both invites and revokes the unused one.
  const coordinator = await openAs('coordinator', '/staff/pages/invites/index')
  const used = current(coordinator, `.xam-invite-item[data-code="${first.data.code}"]`)
  await used.waitFor({ state: 'visible', timeout: 15000 })
  expect(await used.getAttribute('data-state')).toBe('used')
  await current(coordinator, `.xam-invite-item[data-code="${second.data.code}"] .xam-invite-revoke`).tap()
  // The confirmation is Taro's h5 modal (it fades in): tap its own confirm button, never the row's button of the same text.
  const confirm = coordinator.locator('.taro__modal .taro-model__confirm', { hasText: '作废' })
  await confirm.waitFor({ state: 'visible' })
  await confirm.tap()
  expect(await attrOf(coordinator, `.xam-invite-item[data-code="${second.data.code}"]`, 'data-state', 'revoked')).toBe('revoked')
  await shot(coordinator, 'staff-invites.png')

  const again = await srv.call(await srv.login({ openid: 'late-official' }), 'staff', 'invite.accept', { code: second.data.code })
  expect(again.error?.code).toBe('CONFLICT')
}, 120000)

test('coordinator imports sites from a spreadsheet and sees the per-row report when one is wrong', async () => {
  const header = '项目码(可空),项目名称,项目地址,地区代码,行业,资金来源,总承包单位,统一社会信用代码,主管部门,状态(可空)'
  const good = `${header}\n,竞秀区职教园区实训楼工程,竞秀区乐凯北大街,130602,房建市政,政府投资,保定示例建筑工程有限公司,91130602MA0A1B2C3P,d-jx-housing,在建\n`
  const bad = `${header}\n,竞秀区某工程,竞秀区某路,130602,房建市政,政府投资,某公司,123,d-jx-housing,\n`
  const coordinator = await openAs('coordinator', '/staff/pages/sites/index')
  await visible(coordinator, '.xam-site')

  const pick = async (name: string, content: string) => {
    const [chooser] = await Promise.all([coordinator.waitForEvent('filechooser'), current(coordinator, '.xam-site-import-pick').tap()])
    await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') })
  }
  await pick('bad.csv', bad)
  expect(await textHas(coordinator, '.xam-site-import-errors', '统一社会信用代码')).toContain('第2行')
  await pick('sites.csv', good)
  expect(await textOf(coordinator, '.xam-site-imported')).toContain('新增 1 个项目')
  await visible(coordinator, '.xam-site:has-text("竞秀区职教园区实训楼工程")')
  await shot(coordinator, 'staff-sites.png')
}, 120000)

test('coordinator overview shows the area in numbers', async () => {
  await fileAsWorker()
  const coordinator = await openAs('coordinator', '/staff/pages/overview/index')
  const total = Number(await textOf(coordinator, '.xam-stat-total .xam-stat-value'))
  expect(total).toBeGreaterThan(0)
  await visible(coordinator, '.xam-by-area .xam-table-row')
  expect(await textOf(coordinator, '.xam-by-area')).toContain('竞秀区')
  await shot(coordinator, 'staff-overview.png')
}, 120000)

test("coordinator's lists open with what is stored: departments, routing rules, reply templates, immediate reports", async () => {
  await fileAsWorker({ bossUnreachable: true }) // an immediate report for the coordinator
  const coordinator = await openAs('coordinator', '/staff/pages/depts/index')
  expect(await textHas(coordinator, '.xam-list-row', '保定市')).toBeTruthy()
  await coordinator.goto(`${srv.baseUrl}/#/staff/pages/rules/index?as=coordinator`)
  await visible(coordinator, '.xam-rule-dept')
  await coordinator.goto(`${srv.baseUrl}/#/staff/pages/templates/index?as=coordinator`)
  expect(await textHas(coordinator, '.xam-card', '已约谈')).toContain('已约谈')
  await coordinator.goto(`${srv.baseUrl}/#/staff/pages/alerts/index?as=coordinator`)
  expect(await textHas(coordinator, '.xam-page', '老板联系不上')).toContain('老板联系不上')
}, 120000)
