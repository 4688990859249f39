// Risk that follows the facts (issues 16.3 and 18.1) through the server on SQLite: running totals per
// site and employer, levels that go down when a group's cases are resolved (with a line on each case's
// timeline), a flag that makes the group severe and raises the immediate report, reports read before they
// are written, and the risk register within the caller's scope.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const DAY = '2026-11-18T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: DAY })
  for (const p of ['worker-a', 'worker-b', 'inspector', 'inspector-labour', 'inspector-b', 'coordinator', 'desk']) {
    t[p] = await srv.login({ persona: p })
  }
  // A coordinator of another county (莲池区), to show that the register stays within an area.
  const db = srv.db()
  db.prepare(
    "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-lc-coord', '莲池区联席办', 'labour', '130606', NULL, 1, '2026-01-01T00:00:00Z')",
  ).run()
  db.prepare(
    "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-lc', 'coordinator', 'd-lc-coord', '莲池区联席办', '2026-01-01T00:00:00Z')",
  ).run()
  t['coordinator-lc'] = await srv.login({ openid: 'coord-lc' })
  await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000, perSitePerHour: 1000 } })
})
afterAll(() => srv.close())
clockPerTest(() => srv, DAY)

const subjectRow = (subject: string) => srv.db().prepare('SELECT * FROM risk_subjects WHERE subject = ?').get(subject) as any
const levelOf = (id: string) => (srv.db().prepare('SELECT risk_level FROM complaints WHERE id = ?').get(id) as any).risk_level
const linesOf = (id: string, type: string) =>
  srv.db().prepare('SELECT * FROM events WHERE complaint_id = ? AND type = ? ORDER BY id').all(id, type) as any[]

async function file(
  token: string,
  over: Record<string, unknown>,
  site: string | null = srv.sites[0].code,
): Promise<{ id: string; caseNo: string }> {
  const r = await srv.call(token, 'worker', 'complaint.submit', submission(site, over))
  expect(r.ok).toBe(true)
  return r.data
}

async function acceptAndResolve(id: string): Promise<void> {
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id, version: got.data.version })
  expect(acc.ok).toBe(true)
  const res = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
    id,
    version: acc.data.version,
    amountRecoveredFen: 100_000,
    note: '已足额支付',
  })
  expect(res.ok).toBe(true)
}

test("a site's level goes down when its cases are resolved; each case's timeline keeps the history", async () => {
  // With a sticker: the site, and its general contractor as the employer.
  const employer = {}
  // 60 workers owed since August: severe (≥3 months, ≥50 workers) on 2026-11-18.
  const a = await file(t['worker-a'], { workerCount: 40, owedSince: '2026-08', ...employer })
  const b = await file(t['worker-b'], { workerCount: 20, owedSince: '2026-08', ...employer })
  const site = `site:${srv.sites[0].code}`
  expect(subjectRow(site)).toMatchObject({ open_count: 2, workers: 60, level: 'severe' })
  expect(JSON.parse(subjectRow(site).owed_months)).toEqual({ '2026-08': 2 })
  expect(levelOf(a.id)).toBe('severe')
  expect(levelOf(b.id)).toBe('severe')

  // Resolving the 40-worker case leaves 20 workers: general (≥1 month, ≥10 workers), for the site and
  // the employer alike, on the case still open; the resolved case keeps the level it had.
  await acceptAndResolve(a.id)
  expect(subjectRow(site)).toMatchObject({ open_count: 1, workers: 20, level: 'general' })
  expect(levelOf(b.id)).toBe('general')
  expect(levelOf(a.id)).toBe('severe')
  const lines = linesOf(b.id, 'risk_level')
  expect(lines).toHaveLength(1)
  expect(lines[0].note).toMatch(new RegExp(`^风险等级调整为一般（案件${a.caseNo}`))
  // The triggers that stopped holding are forgotten; the severe report stays on record.
  expect(JSON.parse(subjectRow(site).reported)).not.toContain('severe')
  expect((srv.db().prepare('SELECT COUNT(*) AS n FROM alerts WHERE subject = ?').get(site) as any).n).toBe(1)

  // The last case resolved: nothing open, level none, the register row gone.
  await acceptAndResolve(b.id)
  expect(subjectRow(site)).toMatchObject({ open_count: 0, workers: 0, level: 'none', owed_months: '{}' })
  expect(srv.db().prepare('SELECT COUNT(*) AS n FROM risk_rows WHERE subject = ?').get(site)).toEqual({ n: 0 })
  // A worker who disputes reopens the case: it counts again and the level rises with it.
  const dispute = await srv.call(t['worker-b'], 'worker', 'complaint.dispute', { id: b.id, reason: '钱没有给够' })
  expect(dispute.error).toBeUndefined()
  expect(subjectRow(site)).toMatchObject({ open_count: 1, workers: 20, level: 'general' })
  expect(levelOf(b.id)).toBe('general')
})

test('a flag makes the group severe and raises the immediate report once; closing the flagged case brings the level down', async () => {
  // Without a sticker: the group is the employer named.
  const employer = { employerName: '标记测试劳务公司', project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' } }
  const a = await file(t['worker-a'], { workerCount: 2, owedSince: '2026-11', ...employer }, null)
  const b = await file(t['worker-b'], { workerCount: 3, owedSince: '2026-11', ...employer }, null)
  const emp = (subjectRow as (s: string) => any)(
    (srv.db().prepare('SELECT employer_key FROM complaints WHERE id = ?').get(a.id) as any).employer_key,
  )
  expect(emp).toMatchObject({ open_count: 2, workers: 5, level: 'none', flagged: 0 })
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: a.id })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: a.id, version: got.data.version })
  const flag = await srv.call(t.inspector, 'staff', 'complaint.flag', {
    id: a.id,
    version: acc.data.version,
    signal: 'injury',
    note: '一名工友讨薪时受伤',
  })
  expect(flag.ok).toBe(true)
  const key = emp.subject
  expect(subjectRow(key)).toMatchObject({ flagged: 1, level: 'severe' })
  expect(levelOf(b.id)).toBe('severe')
  expect(linesOf(b.id, 'risk_level').map((e) => e.note)).toEqual([expect.stringMatching(/^风险等级调整为重大（案件.*有人受伤或死亡）$/)])
  // The report: in the site's entry of the day, on the flagged case's timeline once, to the coordinators.
  const alertLines = linesOf(a.id, 'alert').filter((e) => JSON.parse(e.data).triggers.includes('flag:injury'))
  expect(alertLines).toHaveLength(1)
  const outbox = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  expect(outbox.items.some((m: any) => m.complaintId === a.id && m.recipient === 'coord:130602' && m.title === '欠薪风险即时报告')).toBe(
    true,
  )

  // Resolving the flagged case takes the flag off the totals: 3 workers owed this month is no risk.
  const v = await srv.call(t.inspector, 'staff', 'complaint.get', { id: a.id })
  const res = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
    id: a.id,
    version: v.data.version,
    amountRecoveredFen: 1000,
    note: '已支付',
  })
  expect(res.ok).toBe(true)
  expect(subjectRow(key)).toMatchObject({ open_count: 1, flagged: 0, level: 'none' })
  expect(levelOf(b.id)).toBe('none')
  expect(linesOf(b.id, 'risk_level')).toHaveLength(2)
})

test('a submit that adds nothing to a report already made writes no report', async () => {
  const employer = { employerName: '重复报告劳务公司', project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' } }
  await file(t['worker-a'], { workerCount: 2, owedSince: '2026-05', bossUnreachable: true, ...employer }, null)
  const insert = jest.spyOn(srv.storage, 'insertAlert')
  const members = jest.spyOn(srv.storage, 'riskMembers')
  try {
    const before = (srv.db().prepare('SELECT COUNT(*) AS n, SUM(raised) AS r FROM alerts').get() as any) ?? {}
    // Same facts again (boss unreachable, months already reported; the level stays severe).
    await file(t['worker-b'], { workerCount: 1, owedSince: '2026-06', bossUnreachable: true, ...employer }, null)
    expect(insert).not.toHaveBeenCalled()
    // No level changed and no report is new: the open cases of the group are not read.
    expect(members).not.toHaveBeenCalled()
    expect(srv.db().prepare('SELECT COUNT(*) AS n, SUM(raised) AS r FROM alerts').get()).toEqual(before)
  } finally {
    insert.mockRestore()
    members.mockRestore()
  }
})

test('the risk register lists sites and employers within the caller scope only, by level, a page at a time', async () => {
  const list = async (who: string, data: Record<string, unknown> = {}) => {
    const r = await srv.call(t[who], 'staff', 'risk.list', data)
    expect(r.error).toBeUndefined()
    return r.data as { items: any[]; nextCursor: string | null }
  }
  const site = `site:${srv.sites[0].code}`
  const city = await list('coordinator')
  const row = city.items.find((x) => x.subject === site)
  const totals = subjectRow(site)
  expect(row).toMatchObject({ kind: 'site', name: '竞秀区保障性住房三期工程', openCases: totals.open_count, workers: totals.workers })
  expect(row.amountOwedFen).toBe(totals.amount_owed_fen)
  expect(row.level).toBe(totals.level)
  // The handling department sees the site with its own cases; another department of the same district,
  // another district's inspector and another county's coordinator see nothing of ours.
  expect((await list('inspector')).items.map((x) => x.subject)).toContain(site)
  for (const who of ['inspector-labour', 'inspector-b', 'coordinator-lc']) {
    expect((await list(who)).items).toEqual([])
  }
  // By level: only that level.
  const severe = await list('coordinator', { level: 'severe' })
  expect(severe.items.length).toBeGreaterThan(0)
  expect(severe.items.every((x) => x.level === 'severe')).toBe(true)
  // Paged: following the cursor gives every subject once, in order.
  expect(city.nextCursor).toBeNull()
  // A bad level is refused naming the field, in Chinese.
  const bad = await srv.call(t.coordinator, 'staff', 'risk.list', { level: 'huge' })
  expect(bad.error?.code).toBe('VALIDATION')
  expect(bad.error?.fields?.level).toMatch(/风险等级/)
  // Workers have no register.
  expect((await srv.call(t['worker-a'], 'staff', 'risk.list', {})).ok).toBe(false)
})

test('workers of one site filing at once are assessed once per batch, and end where one assessment per case would', async () => {
  const site = srv.sites[1].code
  const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => srv.login({ openid: `crew-batch-${i}` })))
  const counts = jest.spyOn(srv.storage, 'countEmployerSince')
  let open!: () => void
  const hold = new Promise<void>((r) => (open = r))
  try {
    // A call of the test's own holds a batch open: the twelve submits queue behind it and run as one batch.
    const held = srv.group.run(() => hold)
    const filing = Promise.all(
      tokens.map((token) => srv.call(token, 'worker', 'complaint.submit', submission(site, { workerCount: 5, owedSince: '2026-08' }))),
    )
    // Waits for the fact (all twelve queued), not for a time.
    for (let i = 0; i < 2000 && srv.group.queued < 12; i++) await new Promise((r) => setTimeout(r, 5))
    expect(srv.group.queued).toBe(12)
    open()
    await held
    const replies = await filing
    expect(replies.map((r) => r.ok)).toEqual(Array(12).fill(true))
    // One assessment for the twelve (an assessment of a new case counts its employer's recent complaints once).
    expect(counts).toHaveBeenCalledTimes(1)
    // Where one assessment per case would end: 60 workers owed since August is severe, for the site and
    // for every one of its cases, though the first ones were registered when the site was below any level.
    expect(subjectRow(`site:${site}`)).toMatchObject({ open_count: 12, workers: 60, level: 'severe' })
    const ids = replies.map((r) => r.data.id as string)
    expect(ids.map(levelOf)).toEqual(Array(12).fill('severe'))
    // One report of the day for the site, for what the totals reached, linked to all twelve.
    const alerts = srv.db().prepare('SELECT * FROM alerts WHERE subject = ?').all(`site:${site}`) as any[]
    expect(alerts).toHaveLength(1)
    expect(JSON.parse(alerts[0].triggers)).toEqual(expect.arrayContaining(['severe', 'workers', 'months']))
    expect([...JSON.parse(alerts[0].complaint_ids)].sort()).toEqual([...ids].sort())
  } finally {
    open()
    counts.mockRestore()
  }
})
