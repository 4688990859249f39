// The coordinator's oversight (issue 16 point 5, issue 17 point 3) against a hand-built fixture: the
// offender ledger per employer equals the sum of its cases (money paid ahead and measures from the
// timelines), nominates by the area's configured criteria, and exports to an XLSX read back cell by cell;
// the risk picture per district and per industry, worst first. Coordinators only, their own area.
import { readXlsx } from '../../cloudfunctions/core/siteImport/read'
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const DAY = '2026-11-18T09:00:00+08:00'
const c: Record<string, { id: string; version: number }> = {}

/** A self-filed case; accepted by its handler unless `routed`. */
async function file(
  key: string,
  o: { employer: string; area?: string; industry?: string; fen?: number; workers?: number; by?: string; routed?: boolean },
): Promise<void> {
  const sub = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: `${o.employer}承建项目`, areaCode: o.area ?? '130602', industry: o.industry ?? 'housing' },
      employerName: o.employer,
      amountOwedFen: o.fen ?? 1_250_000,
      workerCount: o.workers ?? 3,
      // One month owed: the risk comes from the fixture's flags, not from the months.
      owedSince: '2026-10',
    }),
  )
  expect(sub.ok).toBe(true)
  const by = t[o.by ?? 'inspector']
  const got = await srv.call(by, 'staff', 'complaint.get', { id: sub.data.id })
  c[key] = { id: sub.data.id, version: got.data.version }
  if (o.routed) return
  const acc = await srv.call(by, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  c[key].version = acc.data.version
}

/** A step on a case by its handler (or `who`), keeping the version. */
async function step(key: string, action: string, data: Record<string, unknown>, who = 'inspector'): Promise<void> {
  const r = await srv.call(t[who], 'staff', action, { id: c[key].id, version: c[key].version, ...data })
  expect(r.error).toBeUndefined()
  c[key].version = r.data.version
}

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: DAY })
  for (const p of ['worker-a', 'inspector', 'inspector-b', 'coordinator']) t[p] = await srv.login({ persona: p })
  await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
  const invite = await srv.call(t.coordinator, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-jx-labour' })
  t['coord-jx'] = await srv.login({ openid: 'coord-jx' })
  expect((await srv.call(t['coord-jx'], 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)

  // 甲: three cases in 竞秀区. Money paid ahead twice, a 责令限期支付 on a case still open, one resolved in part.
  await file('a1', { employer: '甲劳务公司' })
  await step('a1', 'complaint.advance', { source: 'emergency_fund', amountFen: 500_000, note: '应急周转金先行垫付' })
  await step('a1', 'complaint.advance', { source: 'wage_deposit', amountFen: 200_000, note: '动用工资保证金' })
  await step('a1', 'complaint.penalty', { kind: 'payment_order', docNo: '竞住建责〔2026〕3号', note: '责令十日内支付' })
  await file('a2', { employer: '甲劳务公司', fen: 1_250_000 })
  await step('a2', 'complaint.resolve', { amountRecoveredFen: 800_000, note: '已支付部分' })
  await file('a3', { employer: '甲劳务公司', routed: true })
  // 乙: one case, fined and flagged for an injury (a severe incident), in 竞秀区 too.
  await file('b1', { employer: '乙建筑公司', fen: 600_000, workers: 8 })
  await step('b1', 'complaint.penalty', { kind: 'fine', docNo: '竞住建罚〔2026〕9号', amountFen: 2_000_000, note: '罚款' })
  await step('b1', 'complaint.flag', { signal: 'injury', note: '讨薪时受伤' })
  // 丙: judged not wage arrears: no offence, left out of the ledger (its case still counts in the risk picture until then).
  await file('c1', { employer: '丙装饰公司', fen: 300_000 })
  await step('c1', 'complaint.notWageArrears', { explanation: '属于工程款纠纷' })
  // 丁: in 莲池区 (the city's coordinator sees it, 竞秀区's does not), transport, handled by the city.
  await file('d1', {
    employer: '丁路桥公司',
    area: '130606',
    industry: 'transport',
    fen: 4_000_000,
    workers: 20,
    routed: true,
    by: 'coordinator',
  })
})
afterAll(() => srv.close())
clockPerTest(() => srv, DAY)

describe('the offender ledger', () => {
  test('per employer: cases, money owed, recovered and unpaid, money paid ahead and measures, each the sum of its cases', async () => {
    const r = await srv.call(t.coordinator, 'staff', 'offenders.list', {})
    expect(r.ok).toBe(true)
    const row = (name: string) => r.data.rows.find((x: { employerName: string }) => x.employerName === name)
    expect(row('丙装饰公司')).toBeUndefined()
    expect(row('甲劳务公司')).toMatchObject({
      areas: ['竞秀区'],
      cases: 3,
      openCases: 2,
      workers: 9,
      owedFen: 3_750_000,
      recoveredFen: 800_000,
      unpaidFen: 2_950_000,
      advancedFen: 700_000,
      advances: 2,
      penalties: { payment_order: 1, rectification_order: 0, fine: 0, credit_listing: 0 },
      finesFen: 0,
      unpaidPaymentOrder: true,
      severeIncident: false,
    })
    expect(row('乙建筑公司')).toMatchObject({
      cases: 1,
      workers: 8,
      owedFen: 600_000,
      penalties: { fine: 1 },
      finesFen: 2_000_000,
      severeIncident: true,
    })
    expect(row('丁路桥公司')).toMatchObject({ areas: ['莲池区'], cases: 1, openCases: 1, unpaidFen: 4_000_000 })
    // Most unpaid first.
    expect(r.data.rows.map((x: { employerName: string }) => x.employerName)).toEqual(['丁路桥公司', '甲劳务公司', '乙建筑公司'])

    // The totals are the sums of the cases themselves, read one by one (not-wage-arrears left out).
    const cases = await Promise.all(
      ['a1', 'a2', 'a3', 'b1', 'd1'].map(async (k) => (await srv.call(t.coordinator, 'staff', 'complaint.get', { id: c[k].id })).data),
    )
    const sum = (f: (x: Record<string, number>) => number) => cases.reduce((s, x) => s + f(x), 0)
    expect(r.data.totals).toMatchObject({
      employers: 3,
      cases: cases.length,
      workers: sum((x) => x.workerCount),
      owedFen: sum((x) => x.amountOwedFen),
      recoveredFen: sum((x) => x.amountRecoveredFen ?? 0),
      unpaidFen: sum((x) => Math.max(0, x.amountOwedFen - (x.amountRecoveredFen ?? 0))),
      advancedFen: sum((x) => x.advancedFen ?? 0),
      advances: 2,
      penalties: { payment_order: 1, rectification_order: 0, fine: 1, credit_listing: 0 },
      finesFen: 2_000_000,
    })
    // And the rows add up to the totals.
    for (const k of ['cases', 'openCases', 'workers', 'owedFen', 'recoveredFen', 'unpaidFen', 'advancedFen', 'finesFen'])
      expect(r.data.rows.reduce((s: number, x: Record<string, number>) => s + x[k], 0)).toBe(r.data.totals[k])
  })

  test('nominations follow the area’s criteria, each with its reasons; a bad setting is refused naming it', async () => {
    let r = await srv.call(t.coordinator, 'staff', 'offenders.list', {})
    const reasons = (name: string) => r.data.rows.find((x: { employerName: string }) => x.employerName === name).nominationReasons
    expect(r.data.criteria).toEqual({ minCases: 3, minUnpaidFen: 3_000_000, unpaidPaymentOrder: true, severeIncident: true })
    expect(reasons('甲劳务公司')).toEqual(['被投诉3件，达到3件', '责令限期支付后仍未支付'])
    expect(reasons('乙建筑公司')).toEqual(['引发受伤或过激事件'])
    expect(reasons('丁路桥公司')).toEqual(['未支付40,000 元，达到30,000 元'])
    expect(r.data.totals.nominated).toBe(3)

    const before = tableCounts(srv.db())
    const bad = await srv.call(t.coordinator, 'admin', 'config.set', { credit: { minCases: -1 } })
    expect(bad.error?.code).toBe('VALIDATION')
    expect(Object.keys(bad.error?.fields ?? {})).toEqual(['credit.minCases'])
    expect(tableCounts(srv.db())).toEqual(before)

    // Only the amount counts now: 甲 (29,500 元 unpaid) falls just under 30,000 元.
    const set = await srv.call(t.coordinator, 'admin', 'config.set', {
      credit: { minCases: 0, unpaidPaymentOrder: false, severeIncident: false },
    })
    expect(set.ok).toBe(true)
    try {
      r = await srv.call(t.coordinator, 'staff', 'offenders.list', {})
      expect(reasons('甲劳务公司')).toEqual([])
      expect(reasons('乙建筑公司')).toEqual([])
      expect(reasons('丁路桥公司')).toHaveLength(1)
      expect(r.data.totals.nominated).toBe(1)
    } finally {
      await srv.call(t.coordinator, 'admin', 'config.set', { credit: null })
    }
  })

  test('a district’s coordinator sees their own area only; officials other than coordinators are refused', async () => {
    const r = await srv.call(t['coord-jx'], 'staff', 'offenders.list', {})
    expect(r.data.rows.map((x: { employerName: string }) => x.employerName)).toEqual(['甲劳务公司', '乙建筑公司'])
    for (const who of ['inspector', 'worker-a']) {
      for (const action of ['offenders.list', 'offenders.export']) {
        expect((await srv.call(t[who], 'staff', action, {})).error?.code).toBe('FORBIDDEN')
      }
    }
  })

  test('the XLSX: title, date made, a row per employer with its totals, then the nomination list', async () => {
    const r = await srv.call(t.coordinator, 'staff', 'offenders.export', {})
    expect(r.data.filename).toBe('欠薪用人单位台账-河北省保定市-2026-11-18.xlsx')
    expect(r.data.mime).toContain('spreadsheetml')
    const rows = readXlsx(Buffer.from(r.data.base64, 'base64')).map((x) => x.cells)
    expect(rows[0][0]).toBe('河北省保定市欠薪用人单位台账')
    expect(rows[1][0]).toBe('制表日期：2026-11-18')
    const h = rows.findIndex((x) => x[0] === '用人单位')
    expect(h).toBeGreaterThan(1)
    const head = rows[h]
    const col = (name: string) => {
      const i = head.indexOf(name)
      expect(i).toBeGreaterThanOrEqual(0)
      return i
    }
    const body = rows.slice(h + 1, h + 4)
    const line = (name: string) => body.find((x) => x[0] === name)!
    expect(line('甲劳务公司')[col('案件数')]).toBe('3')
    expect(line('甲劳务公司')[col('欠薪金额（元）')]).toBe('37500')
    expect(line('甲劳务公司')[col('已追回（元）')]).toBe('8000')
    expect(line('甲劳务公司')[col('未支付（元）')]).toBe('29500')
    expect(line('甲劳务公司')[col('先行垫付（元）')]).toBe('7000')
    expect(line('甲劳务公司')[col('责令限期支付（次）')]).toBe('1')
    expect(line('乙建筑公司')[col('罚款金额（元）')]).toBe('20000')
    expect(line('丁路桥公司')[col('所在地区')]).toBe('莲池区')
    const total = rows[h + 4]
    expect(total[0]).toBe('合计（3家）')
    expect(total[col('案件数')]).toBe('5')
    expect(total[col('涉及人数')]).toBe(String(3 * 3 + 8 + 20))
    expect(total[col('欠薪金额（元）')]).toBe(String(37_500 + 6_000 + 40_000))
    // The sums of the rows are the totals row.
    for (const name of ['案件数', '欠薪金额（元）', '已追回（元）', '未支付（元）', '先行垫付（元）', '罚款金额（元）'])
      expect(body.reduce((s, x) => s + Number(x[col(name)]), 0)).toBe(Number(total[col(name)]))
    const title = rows.findIndex((x) => x[0]?.startsWith('失信联合惩戒推荐名单'))
    expect(rows[title][0]).toMatch(
      /^失信联合惩戒推荐名单（3家；标准：被投诉3件以上，或未支付30,000 元以上，或责令限期支付后仍未支付，或引发受伤或过激事件）$/,
    )
    expect(rows[title + 1]).toEqual(['序号', '用人单位', '统一社会信用代码', '案件数', '未支付（元）', '推荐理由'])
    expect(rows.slice(title + 2).map((x) => [x[0], x[1], x[5]])).toEqual([
      ['1', '丁路桥公司', '未支付40,000 元，达到30,000 元'],
      ['2', '甲劳务公司', '被投诉3件，达到3件；责令限期支付后仍未支付'],
      ['3', '乙建筑公司', '引发受伤或过激事件'],
    ])
  })
})

describe('the risk picture per district and per industry', () => {
  test('open cases, workers, amount owed, highest level and cards per district, worst first', async () => {
    const r = await srv.call(t.coordinator, 'staff', 'risk.districts', { groupBy: 'district' })
    expect(r.ok).toBe(true)
    // 竞秀区: a1, a3 and b1 open (a2 resolved, c1 not wage arrears); b1 severe (flagged).
    expect(r.data.rows).toEqual([
      {
        key: '130602',
        name: '竞秀区',
        openCases: 3,
        workers: 3 + 3 + 8,
        owedFen: 1_250_000 * 2 + 600_000,
        level: 'severe',
        severeCases: 1,
        majorCases: 0,
        redCards: 0,
        yellowCards: 0,
      },
      expect.objectContaining({ key: '130606', name: '莲池区', openCases: 1, workers: 20, owedFen: 4_000_000 }),
    ])
    expect(r.data.totals).toMatchObject({ openCases: 4, workers: 34, owedFen: 7_100_000, level: 'severe' })
    const byIndustry = await srv.call(t.coordinator, 'staff', 'risk.districts', { groupBy: 'industry' })
    expect(byIndustry.data.rows.map((x: { key: string; name: string; openCases: number }) => [x.key, x.name, x.openCases])).toEqual([
      ['housing', '房建市政', 3],
      ['transport', '交通', 1],
    ])
  })

  test('a red card puts its district first among equals; the district coordinator sees theirs only', async () => {
    // 莲池区's case goes red (accepted by the city, far past its deadline), 竞秀区 stays severe: level first, then red cards.
    const got = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: c.d1.id })
    expect(got.data.handler.id).toBe('d-city-transport')
    srv.db().prepare("UPDATE complaints SET card = 'red', risk_level = 'severe' WHERE id = ?").run(c.d1.id)
    try {
      const r = await srv.call(t.coordinator, 'staff', 'risk.districts', { groupBy: 'district' })
      expect(r.data.rows.map((x: { key: string; redCards: number }) => [x.key, x.redCards])).toEqual([
        ['130606', 1],
        ['130602', 0],
      ])
    } finally {
      srv.db().prepare("UPDATE complaints SET card = 'none', risk_level = 'none' WHERE id = ?").run(c.d1.id)
    }
    const mine = await srv.call(t['coord-jx'], 'staff', 'risk.districts', { groupBy: 'district' })
    expect(mine.data.rows.map((x: { key: string }) => x.key)).toEqual(['130602'])
    expect((await srv.call(t.inspector, 'staff', 'risk.districts', { groupBy: 'district' })).error?.code).toBe('FORBIDDEN')
    const bad = await srv.call(t.coordinator, 'staff', 'risk.districts', { groupBy: 'site' })
    expect(bad.error?.fields?.groupBy).toBe('分组应为地区或行业')
  })
})
