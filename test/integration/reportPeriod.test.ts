// Issue 17, points 1, 2 and 7: honest figures over a hand-built fixture (on time, late, never accepted,
// reopened), the same totals as the ledger, the XLSX 情况表 read back by an independent reader, the
// overview's money and change from the previous period, and each caller's own scope.
import { execFileSync } from 'node:child_process'
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const id: Record<string, string> = {}
const NOW = '2026-12-10T09:00:00+08:00'
const PERIOD = { from: '2026-11-02', to: '2026-11-08' }

async function at(now: string) {
  await srv.dev('/dev/clock', { now })
}
async function version(token: string, caseId: string): Promise<number> {
  return (await srv.call(token, 'staff', 'complaint.get', { id: caseId })).data.version
}

beforeAll(async () => {
  srv = await startTestServer()
  try {
    for (const p of ['worker-a', 'worker-b', 'inspector', 'inspector-b', 'inspector-labour', 'coordinator', 'desk'])
      t[p] = await srv.login({ persona: p })
    await at('2026-10-28T10:00:00+08:00')
    await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
    // The previous period (10-26 .. 11-01): one case.
    id.E = (
      await srv.call(t['worker-b'], 'worker', 'complaint.submit', submission(srv.sites[0].code, { workerCount: 2, amountOwedFen: 400_000 }))
    ).data.id
    await at('2026-11-02T09:00:00+08:00')
    const submit = async (who: string, site: number, over: Record<string, unknown>) =>
      (await srv.call(t[who], 'worker', 'complaint.submit', submission(srv.sites[site].code, over))).data.id as string
    id.A = await submit('worker-a', 0, { workerCount: 5, amountOwedFen: 1_000_000 })
    id.B = await submit('worker-b', 0, { workerCount: 9, amountOwedFen: 2_700_000 })
    id.C = await submit('worker-a', 3, { workerCount: 4, amountOwedFen: 800_050 })
    id.D = await submit('worker-b', 0, { workerCount: 3, amountOwedFen: 600_000 })
    await at('2026-11-02T10:00:00+08:00')
    // A: accepted on time, resolved, confirmed and rated: closed.
    let r = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: id.A, version: await version(t.inspector, id.A) })
    r = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
      id: id.A,
      version: r.data.version,
      amountRecoveredFen: 1_000_000,
      note: '已全额支付',
    })
    expect((await srv.call(t['worker-a'], 'worker', 'complaint.confirm', { id: id.A, rating: 4 })).ok).toBe(true)
    // D: accepted on time, resolved with part of the money, disputed: reopened, its new deadline passes.
    r = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: id.D, version: await version(t.inspector, id.D) })
    r = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
      id: id.D,
      version: r.data.version,
      amountRecoveredFen: 200_000,
      note: '先付一部分',
    })
    expect(r.ok).toBe(true)
    expect((await srv.call(t['worker-b'], 'worker', 'complaint.dispute', { id: id.D, reason: '只付了一部分' })).ok).toBe(true)
    // C: accepted four days late; never resolved.
    await at('2026-11-06T09:00:00+08:00')
    expect(
      (await srv.call(t['inspector-b'], 'staff', 'complaint.accept', { id: id.C, version: await version(t['inspector-b'], id.C) })).ok,
    ).toBe(true)
    // B: never accepted.
  } finally {
    await at(NOW)
  }
})
afterAll(() => srv.close())
clockPerTest(() => srv, NOW)

test('never-accepted and reopened cases count as late; money, workers and rates per department', async () => {
  const r = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'dept', format: 'json' })
  expect(r.ok).toBe(true)
  const tot = r.data.totals
  expect(tot).toMatchObject({
    newCases: 4,
    acceptedOnTime: 2,
    acceptedLate: 1,
    notAcceptedOverdue: 1,
    awaitingAcceptance: 0,
    resolved: 1,
    resolvedOnTime: 1,
    resolvedLate: 0,
    notResolvedOverdue: 2,
    closed: 1,
    open: 3,
    amountOwedFen: 5_100_050,
    amountRecoveredFen: 1_200_000,
    workers: 21,
    satisfaction: 4,
    acceptOnTimeRate: 0.5,
    resolveOnTimeRate: 0.333,
  })
  expect(tot.averageDaysToResolve).toBe(0)
  const housing = r.data.rows.find((x: any) => x.key === 'd-jx-housing')
  expect(housing).toMatchObject({ name: '竞秀区住房和城乡建设局', newCases: 3, notAcceptedOverdue: 1, acceptedOnTime: 2, workers: 17 })
  expect(r.data.rows.find((x: any) => x.key === 'd-lc-labour')).toMatchObject({ newCases: 1, acceptedLate: 1, amountOwedFen: 800_050 })
  // The rows add up to the totals.
  for (const k of ['newCases', 'amountOwedFen', 'amountRecoveredFen', 'workers', 'notAcceptedOverdue', 'open']) {
    expect(r.data.rows.reduce((s: number, x: any) => s + x[k], 0)).toBe(tot[k])
  }
  // The period before holds case E only; the change is against it.
  expect(r.data.previous).toMatchObject({
    from: '2026-10-26',
    to: '2026-11-01',
    totals: { newCases: 1, workers: 2, amountOwedFen: 400_000 },
  })
  expect(r.data.change).toMatchObject({ newCases: 3, workers: 19, amountOwedFen: 4_700_050 })
})

test('by district and by industry, the same totals', async () => {
  const d = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'district', format: 'json' })
  expect(d.data.rows.map((x: any) => [x.key, x.newCases])).toEqual([
    ['130602', 3],
    ['130606', 1],
  ])
  expect(d.data.rows[0].name).toContain('竞秀')
  const i = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'industry', format: 'json' })
  expect(i.data.rows).toEqual([expect.objectContaining({ key: 'housing', name: '房建市政', newCases: 4 })])
  expect(i.data.totals).toEqual(d.data.totals)
})

test('the totals are the sums of the ledger over the cases registered in the period', async () => {
  const r = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'dept', format: 'json' })
  const csv = Buffer.from((await srv.call(t.coordinator, 'staff', 'ledger.export', { format: 'csv' })).data.base64, 'base64')
    .toString('utf8')
    .slice(1)
  const lines = csv
    .trim()
    .split('\r\n')
    .map((l) => l.split(','))
  const head = lines[0]
  const col = (name: string) => head.indexOf(name)
  const rows = lines.slice(1).filter((row) => {
    const [, y, m, d] = /^(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(row[col('登记时间')])!
    const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
    return day >= PERIOD.from && day <= PERIOD.to
  })
  const sum = (name: string, scale = 1) => Math.round(rows.reduce((s, row) => s + Number(row[col(name)] || 0) * scale, 0))
  const count = (name: string, value: string) => rows.filter((row) => row[col(name)] === value).length
  expect(rows).toHaveLength(r.data.totals.newCases)
  expect(sum('人数')).toBe(r.data.totals.workers)
  expect(sum('被欠金额（元）', 100)).toBe(r.data.totals.amountOwedFen)
  expect(sum('追回金额（元）', 100)).toBe(r.data.totals.amountRecoveredFen)
  expect(count('状态', '已办结')).toBe(r.data.totals.closed)
  expect(count('督办牌', '黄牌')).toBe(r.data.totals.yellowCards)
  expect(count('督办牌', '红牌')).toBe(r.data.totals.redCards)
})

test('the XLSX 情况表 has a title row (area, period), the date made, headings, rows and totals', async () => {
  const r = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'district', format: 'xlsx' })
  expect(r.data.filename).toMatch(/^情况表-.*保定.*-2026-11-02至2026-11-08\.xlsx$/)
  expect(r.data.mime).toContain('spreadsheetml')
  const py = `
import sys, zipfile, io, base64, json
import xml.etree.ElementTree as ET
ns = {'s': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(io.BytesIO(base64.b64decode(sys.stdin.read())))
assert z.testzip() is None
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
rows = []
for row in sheet.findall('s:sheetData/s:row', ns):
    rows.append([(c.find('s:v', ns).text if c.find('s:v', ns) is not None else ''.join(t.text or '' for t in c.iter('{%s}t' % ns['s']))) for c in row.findall('s:c', ns)])
print(json.dumps(rows, ensure_ascii=False))
`
  const rows: string[][] = JSON.parse(execFileSync('python3', ['-c', py], { input: r.data.base64 }).toString())
  expect(rows[0][0]).toMatch(/保定.*欠薪案件情况表（2026-11-02至2026-11-08）$/)
  expect(rows[1][0]).toBe('制表日期：2026-12-10')
  expect(rows[2]).toEqual([])
  const head = rows[3]
  expect(head[0]).toBe('地区')
  expect(head).toEqual(
    expect.arrayContaining(['新增案件', '超期未受理', '按期受理率（%）', '被欠金额（元）', '追回金额（元）', '涉及人数']),
  )
  const total = rows[rows.length - 1]
  expect(total[0]).toBe('合计')
  const cell = (row: string[], title: string) => row[head.indexOf(title)]
  expect(cell(total, '新增案件')).toBe('4')
  expect(cell(total, '超期未受理')).toBe('1')
  expect(cell(total, '按期受理率（%）')).toBe('50')
  expect(cell(total, '被欠金额（元）')).toBe('51000.5')
  expect(cell(total, '追回金额（元）')).toBe('12000')
  expect(rows.slice(4, -1).map((row) => row[0])).toHaveLength(2)
})

test('the overview: honest all-time rates, money, and the period per department and district with the change', async () => {
  const o = await srv.call(t.coordinator, 'staff', 'stats.overview', PERIOD)
  expect(o.ok).toBe(true)
  const f = o.data.figures
  expect(f.allTime).toMatchObject({
    newCases: 5,
    notAcceptedOverdue: 2,
    amountOwedFen: 5_500_050,
    amountRecoveredFen: 1_200_000,
    workers: 23,
  })
  // Never-accepted cases are in the rate's denominator: 2 on time of 5 due.
  expect(f.allTime.acceptOnTimeRate).toBe(0.4)
  expect(f.byDept.rows.map((x: any) => x.key)).toEqual(['d-jx-housing', 'd-lc-labour'])
  expect(f.byDistrict.change.newCases).toBe(3)
  // The default period is this month so far.
  const now = await srv.call(t.coordinator, 'staff', 'stats.overview', {})
  expect(now.data.figures.byDistrict).toMatchObject({ from: '2026-12-01', to: '2026-12-10', totals: { newCases: 0 } })
})

test('bad periods are refused naming the field; each caller counts only their own ledger', async () => {
  const bad = await srv.call(t.coordinator, 'staff', 'report.period', {
    from: '2026-11-08',
    to: '2026-11-02',
    groupBy: 'dept',
    format: 'json',
  })
  expect(bad.error!.fields!.to).toBe('结束日期不能早于开始日期')
  const nodate = await srv.call(t.coordinator, 'staff', 'report.period', {
    from: '2026-02-30',
    to: '2026-03-02',
    groupBy: 'dept',
    format: 'json',
  })
  expect(nodate.error!.fields!.from).toBe('开始日期不存在')
  const month13 = await srv.call(t.coordinator, 'staff', 'report.period', {
    from: '2026-13-01',
    to: '2026-13-02',
    groupBy: 'dept',
    format: 'json',
  })
  expect(month13.error!.fields!.from).toBe('开始日期不存在')
  const long = await srv.call(t.coordinator, 'staff', 'report.period', {
    from: '2025-01-01',
    to: '2026-03-02',
    groupBy: 'dept',
    format: 'json',
  })
  expect(long.error!.fields!.to).toContain('366')
  const group = await srv.call(t.coordinator, 'staff', 'report.period', { ...PERIOD, groupBy: 'street', format: 'json' })
  expect(group.error!.fields!.groupBy).toBeTruthy()
  // 莲池 labour handles C only; the 竞秀 housing bureau its three.
  const lc = await srv.call(t['inspector-b'], 'staff', 'report.period', { ...PERIOD, groupBy: 'dept', format: 'json' })
  expect(lc.data.totals.newCases).toBe(1)
  expect(lc.data.rows.map((x: any) => x.key)).toEqual(['d-lc-labour'])
  const housing = await srv.call(t.inspector, 'staff', 'report.period', { ...PERIOD, groupBy: 'dept', format: 'json' })
  expect(housing.data.totals.newCases).toBe(3)
  // A worker is refused.
  expect((await srv.call(t['worker-a'], 'staff', 'report.period', { ...PERIOD, groupBy: 'dept', format: 'json' })).error!.code).toBe(
    'FORBIDDEN',
  )
})
