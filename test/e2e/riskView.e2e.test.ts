// Issue 17 point 3 and issue 16 point 5 in Chromium at 360 px: the coordinator's risk picture per district
// (colour-graded, worst first, fits the screen) and per industry, and the offender ledger with its
// nomination list and Excel download.
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

const current = (page: Page, selector: string) => page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).first()
const texts = (page: Page, selector: string) =>
  page.locator(`.taro_page:not(.taro_page_shade) ${selector}`).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()))
const noOverflow = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const root = document.querySelector(`.taro_page:not(.taro_page_shade) ${sel}`) as HTMLElement
    return Math.max(root.scrollWidth - root.clientWidth, document.documentElement.scrollWidth - window.innerWidth)
  }, selector)

test('the risk picture per district and per industry, and the offender ledger, at 360 px', async () => {
  const worker = await srv.login({ persona: 'worker-a' })
  const inspector = await srv.login({ persona: 'inspector' })
  await srv.call(await srv.login({ persona: 'coordinator' }), 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
  // 莲池区: a large transport case (more money, no risk); 竞秀区: a housing case flagged severe, and another.
  const lc = await srv.call(
    worker,
    'worker',
    'complaint.submit',
    submission(srv.sites[1].code, { amountOwedFen: 2_000_000, owedSince: '2026-11' }),
  )
  expect(lc.ok).toBe(true)
  const ids: string[] = []
  for (const amountOwedFen of [1_250_000, 300_000]) {
    const r = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { amountOwedFen, owedSince: '2026-11' }))
    expect(r.ok).toBe(true)
    ids.push(r.data.id)
  }
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: ids[0] })
  const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id: ids[0], version: got.data.version })
  const flag = await srv.call(inspector, 'staff', 'complaint.flag', {
    id: ids[0],
    version: acc.data.version,
    signal: 'extreme_act',
    note: '有人爬塔吊',
  })
  expect(flag.ok).toBe(true)

  const page = await (await phoneContext(chrome.browser)).newPage()
  await page.goto(`${srv.baseUrl}/#/staff/pages/risk/index?as=coordinator`)
  // Worst first: 竞秀区 (severe) above 莲池区 (more money, lower risk), each row coloured by its level.
  const rows = await eventually(
    () => texts(page, '.xam-risk-line .xam-risk-name'),
    (names) => names.length === 2,
  )
  expect(rows).toEqual(['竞秀区', '莲池区'])
  const first = current(page, '.xam-risk-line')
  expect(await first.getAttribute('class')).toContain('xam-risk-severe')
  expect(await first.locator('.xam-risk-level').textContent()).toBe('重大')
  expect(await first.locator('.xam-risk-num').first().textContent()).toBe('2')
  const colours = await page
    .locator('.taro_page:not(.taro_page_shade) .xam-risk-line')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor))
  expect(colours[0]).toBe('rgb(248, 201, 197)')
  expect(colours[1]).not.toBe(colours[0])
  expect(await current(page, '.xam-risk-total .xam-risk-num').textContent()).toBe('3')
  expect(await noOverflow(page, '.xam-risk')).toBeLessThanOrEqual(0)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-risk-districts.png'), fullPage: true })

  // Per industry: 房建市政 (severe) above 交通.
  await current(page, '.xam-risk-by-industry').tap()
  await eventually(
    () => texts(page, '.xam-risk-line .xam-risk-name'),
    (names) => names.join() === '房建市政,交通',
  )
  expect(await noOverflow(page, '.xam-risk')).toBeLessThanOrEqual(0)

  // The offender ledger: three employers' contractors, the flagged one nominated; Excel download.
  await page.goto(`${srv.baseUrl}/#/staff/pages/offenders/index?as=coordinator`)
  const names = await eventually(
    () => texts(page, '.xam-offender .xam-list-title'),
    (n) => n.length === 2,
  )
  expect(names).toEqual(['保定交通建设集团有限公司', '河北建工集团有限责任公司'])
  const nominee = await eventually(
    () => texts(page, '.xam-offender-reasons'),
    (r) => r.length > 0,
  )
  expect(nominee).toEqual(['引发受伤或过激事件'])
  expect(await current(page, '.xam-offenders-totals').textContent()).toContain('推荐失信联合惩戒 1 家')
  await current(page, '.xam-offenders-only').tap()
  await eventually(
    () => texts(page, '.xam-offender .xam-list-title'),
    (n) => n.join() === '河北建工集团有限责任公司',
  )
  expect(await noOverflow(page, '.xam-offenders')).toBeLessThanOrEqual(0)
  const download = page.waitForEvent('download', { timeout: 15000 })
  await current(page, '.xam-offenders-download').tap()
  expect((await download).suggestedFilename()).toMatch(/^欠薪用人单位台账-.+\.xlsx$/)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-offenders.png'), fullPage: true })
}, 120000)

test('a 政法委 official at 360 px: the work page offers the queue only, which lists the severe case, read without actions', async () => {
  const coordinator = await srv.login({ persona: 'coordinator' })
  const created = await srv.call(coordinator, 'admin', 'dept.create', { name: '竞秀区委政法委', kind: 'politics_law', areaCode: '130602' })
  expect(created.ok).toBe(true)
  const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: created.data.id })
  const token = await srv.login({ openid: 'e2e-politics-law' })
  expect((await srv.call(token, 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
  // The severe case of the test above (a flagged extreme act), and nothing else of the area.
  const severe = (await srv.call(token, 'staff', 'queue.list', { view: 'severe' })).data.items
  expect(severe.length).toBeGreaterThan(0)

  const ctx = await phoneContext(chrome.browser)
  await ctx.addInitScript((t) => window.localStorage.setItem('xam.token', t), token)
  const page = await ctx.newPage()
  await page.goto(`${srv.baseUrl}/#/pages/work/index`)
  const entries = await eventually(
    () => texts(page, '.xam-work-entry-label'),
    (e) => e.length > 0,
  )
  expect(entries).toEqual(['办理队列'])
  expect(await page.locator('.taro_page:not(.taro_page_shade) .xam-work-tile').count()).toBe(0)

  await page.goto(`${srv.baseUrl}/#/staff/pages/queue/index`)
  const ids = await eventually(
    () => page.locator('.taro_page:not(.taro_page_shade) .xam-queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))),
    (x) => x.length === severe.length,
  )
  expect(ids).toEqual(severe.map((x: { id: string }) => x.id))
  expect(await texts(page, '.xam-tab')).toEqual(['重大风险'])
  expect(await noOverflow(page, '.xam-queue')).toBeLessThanOrEqual(0)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-watcher-queue.png'), fullPage: true })

  // The case reads, with no action offered.
  await current(page, '.xam-queue-item').tap()
  await eventually(
    () => texts(page, '.xam-case-head-no'),
    (n) => n.length === 1 && n[0] === severe[0].caseNo,
  )
  expect(await current(page, '.xam-no-actions').textContent()).toContain('不需要您操作')
  expect(
    await page.locator('.taro_page:not(.taro_page_shade) .xam-staff-actions, .taro_page:not(.taro_page_shade) .xam-accept').count(),
  ).toBe(0)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-watcher-case.png'), fullPage: true })
}, 120000)

test('the handler’s queue at 360 px: 督办超期 once the supervision deadline passed, and a referred case’s follow-up date', async () => {
  const worker = await srv.login({ persona: 'worker-a' })
  const inspector = await srv.login({ persona: 'inspector' })
  const coordinator = await srv.login({ persona: 'coordinator' })
  const accepted = async (employerName: string) => {
    const sub = await srv.call(
      worker,
      'worker',
      'complaint.submit',
      submission(null, {
        project: { name: `${employerName}项目`, areaCode: '130602', industry: 'housing' },
        employerName,
        owedSince: '2026-11',
      }),
    )
    const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
    const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
    return { id: sub.data.id, version: acc.data.version as number }
  }
  const supervised = await accepted('督办劳务公司')
  const dueAt = new Date(Date.now() + 3600_000).toISOString()
  const sup = await srv.call(coordinator, 'staff', 'complaint.supervise', { ...supervised, note: '一小时内办结', dueAt })
  expect(sup.ok).toBe(true)
  const referred = await accepted('移送劳务公司')
  const ref = await srv.call(inspector, 'staff', 'complaint.refer', { ...referred, to: 'arbitration', note: '金额有争议' })
  expect(ref.ok).toBe(true)
  const followUp = (await srv.call(inspector, 'staff', 'queue.list', { view: 'in_progress', limit: 100 })).data.items.find(
    (x: { id: string }) => x.id === referred.id,
  ).followUpDueAt
  // The scheduler runs two hours on: the supervision deadline has passed.
  await srv.dev('/dev/clock', { now: new Date(Date.now() + 2 * 3600_000).toISOString() })
  try {
    await srv.dev('/dev/tick', {})
  } finally {
    await srv.dev('/dev/clock', { now: null })
  }
  const page = await (await phoneContext(chrome.browser)).newPage()
  await page.goto(`${srv.baseUrl}/#/staff/pages/queue/index?as=inspector`)
  await current(page, '.xam-tab-in_progress').tap()
  const item = (id: string) => current(page, `.xam-queue-item[data-id="${id}"]`)
  await eventually(
    async () => (await item(supervised.id).count()) > 0 && (await item(referred.id).count()) > 0,
    (ok) => ok,
  )
  expect(await item(supervised.id).locator('.xam-queue-supervision-late').textContent()).toBe('督办超期')
  const beijing = new Date(Date.parse(followUp) + 8 * 3600_000).toISOString().slice(0, 10)
  expect(await item(referred.id).locator('.xam-queue-follow-up').textContent()).toBe(`移送跟进期限 ${beijing}`)
  expect(await noOverflow(page, '.xam-queue')).toBeLessThanOrEqual(0)
  await settled(page)
  await page.screenshot({ path: artifactPath('staff-queue-deadlines.png'), fullPage: true })
}, 120000)
