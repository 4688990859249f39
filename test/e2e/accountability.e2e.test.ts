// Issue 16 and issue 17 point 6 in Debian's Chromium on the h5 build: the official names themself on
// the work tab; the staff case page accepts (the acceptor becomes the 承办人), flags a severe signal,
// records money paid ahead and a measure, the coordinator puts it under supervision with a leader in
// charge, the handler hands it to a colleague, refers it and records what came back; after each, the
// page says what was done and shows it. The worker's page shows the unit, its phone and 已先行垫付,
// never the official. A returned case says so and leaves; safety flags sit on top; a coordinator raises
// a case to their level. Screenshots go to test/artifacts/.
import type { Browser, Page } from 'playwright-core'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { artifactPath, eventually, launchChromium, phoneContext, settled } from '../helpers/browser'

let srv: TestServer
let chrome: { browser: Browser; close(): Promise<void> }
const tokens: Record<string, string> = {}

beforeAll(async () => {
  srv = await startTestServer()
  chrome = await launchChromium()
  for (const p of ['worker-a', 'inspector', 'coordinator', 'desk']) tokens[p] = await srv.login({ persona: p })
  // A second official of 竞秀区住建局, with a profile, to hand the case to.
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, office_phone, created_at) VALUES ('insp-jx-2', 'inspector', 'd-jx-housing', '钱科员', '0312-5905602', '2026-01-01T00:00:00Z')",
    )
    .run()
  tokens.colleague = await srv.login({ openid: 'insp-jx-2' })
  await srv.call(tokens.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
}, 60000)
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
const attrIs = (page: Page, selector: string, name: string, want: string) =>
  eventually(
    async () => (await current(page, selector).getAttribute(name, { timeout: 15000 })) ?? '',
    (v) => v === want,
  )
const visible = (page: Page, selector: string) => current(page, selector).waitFor({ state: 'visible', timeout: 15000 })
const tap = async (page: Page, selector: string) => {
  await visible(page, selector)
  await current(page, selector).tap()
}

/** Opens a picker and confirms its first choice (Taro's h5 picker starts on the first row). */
async function pickFirst(page: Page, selector: string): Promise<string[]> {
  await current(page, selector).tap()
  const confirm = page.locator('.weui-picker__action >> visible=true', { hasText: '确定' }).last()
  await confirm.waitFor({ state: 'visible', timeout: 15000 })
  const rows = await page.locator('.weui-picker__item >> visible=true').allTextContents()
  await confirm.tap()
  await confirm.waitFor({ state: 'hidden', timeout: 15000 })
  return rows
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

/** A case on the seeded site, or (`own`) on a project of its own, outside the first test's severe site. */
async function fileAsWorker(over: Record<string, unknown> = {}, own = false): Promise<{ id: string; caseNo: string }> {
  const where = own ? { project: { name: `朝阳小区外墙改造${Math.random()}`, areaCode: '130602', industry: 'housing' } } : {}
  const r = await srv.call(
    tokens['worker-a'],
    'worker',
    'complaint.submit',
    submission(own ? null : srv.sites[0].code, { ...where, ...over }),
  )
  expect(r.ok).toBe(true)
  return { id: r.data.id, caseNo: r.data.caseNo }
}

/** The case page's own line after a step: what was done, in words. */
const said = (page: Page, want: string) => textHas(page, '.xam-case-done', want)
const caseUrl = (id: string) => `/staff/pages/case/index?id=${encodeURIComponent(id)}`
const events = (id: string, type: string) =>
  srv.db().prepare('SELECT note FROM events WHERE complaint_id = ? AND type = ? ORDER BY id').all(id, type) as { note: string }[]

/** One CSV line's cells (quoted cells may hold commas, like 12,500 元 in a note). */
function csvCells(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"'
      i++
    } else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      cells.push(cell)
      cell = ''
    } else cell += ch
  }
  cells.push(cell)
  return cells
}

/** A Beijing date some days from now, as the supervision form takes it. */
const beijingDay = (days: number) => new Date(Date.now() + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10)

test('the handler and the coordinator work a case through every issue-16 step; the worker sees the unit and 已先行垫付', async () => {
  const { id, caseNo } = await fileAsWorker()

  // 1. The work tab asks for the official's name and office phone, naming what is missing.
  const inspector = await openAs('inspector', '/pages/work/index')
  await tap(inspector, '.xam-profile-edit')
  await current(inspector, '.xam-profile-name-input input').fill('')
  await tap(inspector, '.xam-profile-save')
  expect(await textHas(inspector, '.xam-err-name', '请填写姓名')).toBe('请填写姓名')
  await current(inspector, '.xam-profile-name-input input').fill('赵建国')
  await current(inspector, '.xam-profile-phone-input input').fill('12')
  await tap(inspector, '.xam-profile-save')
  expect(await textHas(inspector, '.xam-err-phone', '电话')).toMatch(/电话/)
  await current(inspector, '.xam-profile-phone-input input').fill('0312-5905601')
  await tap(inspector, '.xam-profile-save')
  expect(await textHas(inspector, '.xam-profile-phone', '0312-5905601')).toContain('0312-5905601')
  expect(await textHas(inspector, '.xam-profile-name', '赵建国')).toContain('赵建国')
  await shot(inspector, 'accountability-work-profile.png')

  // 2. Accepting makes the inspector the 承办人; the 我的 tab lists the case.
  await inspector.goto(`${srv.baseUrl}/#${caseUrl(id)}`)
  await tap(inspector, '.xam-accept')
  expect(await said(inspector, '已受理')).toContain('您是承办人')
  expect(await textHas(inspector, '.xam-case-assignee', '赵建国')).toContain('0312-5905601')
  // Accepted and on time: "in progress" blue, not the red of lateness or risk.
  expect(await attrIs(inspector, '.xam-status', 'data-tone', 'work')).toBe('work')

  // 3. 重大风险: nothing chosen names both fields; then the case is severe, in red, on the record.
  await tap(inspector, '.xam-action-flag')
  await tap(inspector, '.xam-flag-submit')
  expect(await textHas(inspector, '.xam-err-signal', '风险情形')).toBe('请选择风险情形')
  expect(await textHas(inspector, '.xam-err-note', '情况说明')).toBe('请写情况说明')
  expect(events(id, 'flagged')).toHaveLength(0)
  await tap(inspector, '.xam-choice-injury')
  await current(inspector, '.xam-flag-note textarea').fill('一名工友讨薪时从脚手架摔下，已送医')
  await tap(inspector, '.xam-flag-submit')
  expect(await said(inspector, '重大风险')).toBe('已标记重大风险，已报告联席办')
  expect(await attrIs(inspector, '.xam-status', 'data-tone', 'alert')).toBe('alert')
  expect(await textHas(inspector, '.xam-timeline-item[data-type="flagged"]', '摔下')).toContain('有人受伤或死亡')
  // The immediate report reads once, not "即时报告：即时报告：…".
  const report = await textHas(inspector, '.xam-timeline-item[data-type="alert"] .xam-timeline-note', '风险等级重大')
  expect(report.startsWith('即时报告')).toBe(false)
  expect(await textHas(inspector, '.xam-timeline-item[data-type="alert"] .xam-timeline-label', '即时报告')).toContain('即时报告')

  // 4. 先行垫付: a wrong amount is named; 8000 元 is 800000 fen on the record and shown on the page.
  await tap(inspector, '.xam-action-advance')
  await tap(inspector, '.xam-choice-emergency_fund')
  await current(inspector, '.xam-advance-amountFen input').fill('0')
  await current(inspector, '.xam-advance-note textarea').fill('应急周转金先行垫付，已发到工友银行卡')
  await tap(inspector, '.xam-advance-submit')
  expect(await textHas(inspector, '.xam-err-amountFen', '垫付金额')).toBe('垫付金额应大于0')
  expect(events(id, 'advanced')).toHaveLength(0)
  await current(inspector, '.xam-advance-amountFen input').fill('8000')
  await tap(inspector, '.xam-advance-submit')
  expect(await said(inspector, '垫付')).toBe('已登记先行垫付 8,000 元')
  expect(await textHas(inspector, '.xam-case-advanced', '8,000 元')).toBe('已先行垫付 8,000 元')
  expect(events(id, 'advanced')).toEqual([{ note: '已先行垫付8,000 元（应急周转金）：应急周转金先行垫付，已发到工友银行卡' }])

  // 5. 行政处理: 责令限期支付 with its document number.
  await tap(inspector, '.xam-action-penalty')
  await tap(inspector, '.xam-choice-payment_order')
  await current(inspector, '.xam-penalty-docNo input').fill('竞住建监令〔2026〕15号')
  await current(inspector, '.xam-penalty-note textarea').fill('责令十日内支付拖欠工资')
  await tap(inspector, '.xam-penalty-submit')
  expect(await said(inspector, '责令')).toBe('已登记责令限期支付')
  expect(await textHas(inspector, '.xam-timeline-item[data-type="penalty"]', '15号')).toContain('责令限期支付')
  // Only the coordinator may supervise or raise a case: the handler is not offered either.
  expect(await current(inspector, '.xam-action-supervise').count()).toBe(0)
  expect(await current(inspector, '.xam-action-escalate').count()).toBe(0)
  await shot(inspector, 'accountability-case-handler.png')

  // 6. 挂牌督办 by the coordinator, who cannot hand the case to an official, advance money or penalise.
  const coordinator = await openAs('coordinator', caseUrl(id))
  await tap(coordinator, '.xam-action-supervise')
  expect(await current(coordinator, '.xam-action-assign').count()).toBe(0)
  expect(await current(coordinator, '.xam-action-advance').count()).toBe(0)
  expect(await current(coordinator, '.xam-action-penalty').count()).toBe(0)
  await current(coordinator, '.xam-supervise-note textarea').fill('限期结清，每周报告进展')
  await current(coordinator, '.xam-supervise-dueAt input').fill('下周五')
  await tap(coordinator, '.xam-supervise-submit')
  expect(await textHas(coordinator, '.xam-err-dueAt', '日期')).toBe('督办期限应为日期，如 2026-11-25')
  expect(events(id, 'supervised')).toHaveLength(0)
  const due = beijingDay(7)
  await current(coordinator, '.xam-supervise-dueAt input').fill(due)
  await current(coordinator, '.xam-supervise-leaderName input').fill('王副区长')
  await tap(coordinator, '.xam-supervise-submit')
  expect(await said(coordinator, '督办')).toBe('已挂牌督办')
  const [y, m, d] = due.split('-').map(Number)
  const sup = await textHas(coordinator, '.xam-case-supervision', '包案领导')
  expect(sup).toContain(`${y}年${m}月${d}日 23:59前办结`)
  expect(sup).toContain('王副区长')
  await shot(coordinator, 'accountability-case-supervised.png')

  // 7. The handler hands the case to a colleague: "已转给 钱科员", the head names them.
  await inspector.reload()
  await textHas(inspector, '.xam-case-supervision', '王副区长')
  await tap(inspector, '.xam-action-assign')
  await tap(inspector, '.xam-assign-submit')
  expect(await textHas(inspector, '.xam-err-toOpenid', '承办人')).toBe('请选择承办人')
  await tap(inspector, '.xam-choice-insp-jx-2')
  await tap(inspector, '.xam-assign-submit')
  expect(await said(inspector, '已转给')).toBe('已转给 钱科员')
  expect(await textHas(inspector, '.xam-case-assignee', '钱科员')).toContain('0312-5905602')
  const mine = await srv.call(tokens.colleague, 'staff', 'queue.list', { view: 'mine' })
  expect(mine.data.items.map((x: { id: string }) => x.id)).toContain(id)

  // 8. Referral: legal aid and mediation are among the authorities; what came back is recorded.
  await tap(inspector, '.xam-action-refer')
  const authorities = await pickFirst(inspector, '.xam-refer-to')
  expect(authorities).toEqual(expect.arrayContaining(['劳动人事争议仲裁委员会', '法律援助机构', '人民调解委员会']))
  await current(inspector, '.xam-refer-note textarea').fill('已移送仲裁委，请工友按通知到场')
  await tap(inspector, '.xam-refer-submit')
  expect(await said(inspector, '移送')).toBe('已移送劳动人事争议仲裁委员会')
  expect(await attrIs(inspector, '.xam-status', 'data-status', 'referred')).toBe('referred')
  // A referred case opens on its outcome form.
  await visible(inspector, '.xam-referralOutcome-box')
  await tap(inspector, '.xam-referralOutcome-submit')
  expect(await textHas(inspector, '.xam-err-outcome', '移送结果')).toBe('请选择移送结果')
  expect(await textHas(inspector, '.xam-err-refNo', '文书编号')).toBe('请填写文书编号')
  await tap(inspector, '.xam-choice-award')
  await current(inspector, '.xam-referralOutcome-refNo input').fill('保劳人仲案字〔2026〕123号')
  await current(inspector, '.xam-referralOutcome-amountFen input').fill('12500')
  await current(inspector, '.xam-referralOutcome-note textarea').fill('仲裁裁决支付全部工资，下一步督促履行')
  await tap(inspector, '.xam-referralOutcome-submit')
  expect(await said(inspector, '移送结果')).toBe('已登记移送结果')
  expect(await attrIs(inspector, '.xam-status', 'data-status', 'in_progress')).toBe('in_progress')
  expect(await textHas(inspector, '.xam-timeline-item[data-type="referral_outcome"]', '123号')).toContain('12,500 元')
  await shot(inspector, 'accountability-case-outcome.png')

  // 9. The staff receipt names the 承办人 with unit and office phone, and the supervision.
  await inspector.goto(`${srv.baseUrl}/#/staff/pages/receipt/index?id=${encodeURIComponent(id)}`)
  expect(await textHas(inspector, '.xam-receipt-assignee', '钱科员')).toContain('竞秀区住房和城乡建设局')
  expect(await textHas(inspector, '.xam-receipt-assignee-phone', '0312')).toContain('0312-5905602')
  expect(await textHas(inspector, '.xam-receipt-supervision', '王副区长')).toContain('前办结')
  await shot(inspector, 'accountability-receipt.png')
  // The ledger too: 督办期限, 包案领导, the 承办人's office phone and name.
  const ledger = await srv.call(tokens.inspector, 'staff', 'ledger.export', { format: 'csv' })
  const lines = Buffer.from(ledger.data.base64, 'base64').toString('utf8').split('\r\n')
  const header = csvCells(lines[0])
  const row = csvCells(lines.find((l) => l.startsWith(caseNo))!)
  expect(row[header.indexOf('挂牌督办期限')]).toBe(`${y}年${m}月${d}日 23:59`)
  expect(row[header.indexOf('包案领导')]).toBe('王副区长')
  expect(row[header.indexOf('承办人办公电话')]).toBe('0312-5905602')
  expect(row[header.indexOf('承办人')]).toBe('钱科员')

  // 10. The worker: the unit and its published phone, 已先行垫付 8,000 元, the outcome; never the official.
  const worker = await openAs('worker-a', `/pages/detail/index?id=${encodeURIComponent(id)}`)
  expect(await textHas(worker, '.xam-row:has(.xam-detail-advanced)', '8,000 元')).toBe('已先行垫付8,000 元')
  expect(await textHas(worker, '.xam-call', '0312-5905678')).toContain('竞秀区住房和城乡建设局')
  expect(await textHas(worker, '.xam-timeline-item[data-type="referral_outcome"]', '仲裁裁决')).toContain('123号')
  const page = (await current(worker, '.xam-detail').textContent()) ?? ''
  expect(page).not.toMatch(/0312-5905601|0312-5905602|赵建国|钱科员|王副区长|责令限期支付|重大风险/)
  await shot(worker, 'accountability-worker-detail.png')
}, 240000)

test('safety flags head the case page; a returned case says so and leaves; a coordinator raises a case to their level', async () => {
  const { id } = await fileAsWorker({ hideIdentityFromEmployer: true, bossUnreachable: true, employerName: '某安全帽劳务公司' }, true)
  const inspector = await openAs('inspector', caseUrl(id))
  expect(await textHas(inspector, '.xam-safety-hide', '老板')).toBe('投诉人要求：不要让老板知道是谁投诉的')
  expect(await textHas(inspector, '.xam-safety-boss', '联系不上')).toBe('老板联系不上')
  // The banner comes before the case's head on the page.
  const above = await inspector.evaluate(() => {
    const page = document.querySelector('.taro_page:not(.taro_page_shade)')
    const a = page?.querySelector('.xam-safety')
    const b = page?.querySelector('.xam-case-head')
    return !!a && !!b && !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
  })
  expect(above).toBe(true)
  // Said once, in the banner only (the case's facts below do not repeat them).
  const warned = await inspector.evaluate(() => {
    const text = (document.querySelector('.taro_page:not(.taro_page_shade)') as HTMLElement).innerText
    // As warning lines (the risk note 工友反映老板联系不上 is another line).
    const lines = text.split('\n').map((l) => l.trim())
    return {
      hide: lines.filter((l) => l === '投诉人要求：不要让老板知道是谁投诉的').length,
      boss: lines.filter((l) => l === '老板联系不上').length,
    }
  })
  expect(warned).toEqual({ hide: 1, boss: 1 })
  // A boss who cannot be reached makes the case a severe risk: red, whatever its stage.
  expect(await attrIs(inspector, '.xam-status', 'data-tone', 'alert')).toBe('alert')
  await shot(inspector, 'accountability-case-safety.png')

  await tap(inspector, '.xam-action-return')
  await current(inspector, '.xam-return-reason textarea').fill('该项目不属于本单位监管')
  await tap(inspector, '.xam-return-submit')
  expect(await textHas(inspector, '.xam-case-left', '退回')).toContain('已退回首问单位，案件已不在本单位办理')
  expect(await inspector.locator('text=没有找到这个案件').count()).toBe(0)
  await shot(inspector, 'accountability-returned.png')
  // Then the queue opens in its place.
  await visible(inspector, '.xam-queue-tabs')
  expect(await current(inspector, '.xam-tab-mine').textContent()).toBe('我的')

  // 提级办理: the coordinator picks a unit of the city level; it handles the case from now on.
  const other = await fileAsWorker({ employerName: '某提级劳务公司' }, true)
  const coordinator = await openAs('coordinator', caseUrl(other.id))
  // Not yet accepted and no risk: waiting (amber), not red.
  expect(await attrIs(coordinator, '.xam-status', 'data-tone', 'wait')).toBe('wait')
  await tap(coordinator, '.xam-action-escalate')
  await tap(coordinator, '.xam-escalate-submit')
  expect(await textHas(coordinator, '.xam-err-toDeptId', '单位')).toBe('请选择提级后的办理单位')
  expect(await textHas(coordinator, '.xam-err-reason', '原因')).toBe('请写提级办理的原因')
  const units = await pickFirst(coordinator, '.xam-escalate-dept')
  expect(units.length).toBeGreaterThan(0)
  expect(units.every((u) => u.startsWith('保定市'))).toBe(true)
  await current(coordinator, '.xam-escalate-reason textarea').fill('涉及多个区，区级协调不动')
  await tap(coordinator, '.xam-escalate-submit')
  const done = await said(coordinator, '提级')
  expect(done).toMatch(/^已提级，由 保定市.+ 办理$/)
  const handler = done.replace(/^已提级，由 /, '').replace(/ 办理$/, '')
  expect(await textHas(coordinator, '.xam-handler', handler)).toContain(handler)
  expect(events(other.id, 'escalated_up')).toHaveLength(1)
}, 180000)
