// Nothing is forgotten: acceptance escalation, messages with retries, risk alerts once per trigger,
// holiday schedules the calendar does not know, and campaign mode — driven by /dev/clock and /dev/tick.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'

let srv: TestServer
const t: Record<string, string> = {}

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'worker-b', 'inspector', 'inspector-labour', 'coordinator']) t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())
// Tests set the clock they need; each ends back at real time.
clockPerTest(() => srv)

const outbox = () => srv.db().prepare('SELECT * FROM outbox ORDER BY id').all() as any[]
const tick = () => srv.dev('/dev/tick', {})
const clock = (now: string) => srv.dev('/dev/clock', { now })

test('a case not accepted within one working day escalates once, to the handler, the first responder and the coordinator', async () => {
  // Friday 16:00: due Monday 16:00 (the weekend does not count).
  await clock('2026-11-20T16:00:00+08:00')
  const sub = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
      employerName: '保定某劳务公司',
    }),
  )
  expect(sub.data.acceptDueAt).toBe('2026-11-23T08:00:00.000Z')

  await clock('2026-11-23T15:59:00+08:00')
  expect((await tick()).data.acceptEscalated).toBe(0)
  await clock('2026-11-23T16:01:00+08:00')
  const [a, b] = await Promise.all([tick(), tick()])
  expect(a.data.acceptEscalated + b.data.acceptEscalated).toBe(1)
  expect((await tick()).data.acceptEscalated).toBe(0)

  const seen = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: sub.data.id })
  expect(seen.data.timeline.filter((e: any) => e.type === 'escalated')).toHaveLength(1)
  const overdue = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'overdue' })
  expect(overdue.data.items.map((i: any) => i.id)).toContain(sub.data.id)
  const fr = await srv.call(t['inspector-labour'], 'staff', 'queue.list', { view: 'first_responder' })
  expect(fr.data.items.map((i: any) => i.id)).toContain(sub.data.id)

  const esc = outbox().filter((m) => m.complaint_id === sub.data.id && m.template === 'escalation')
  expect(esc.map((m) => m.recipient).sort()).toEqual(['coord:130602', 'dept:d-jx-housing', 'dept:d-jx-labour'])
  expect(esc.every((m) => m.status === 'sent')).toBe(true)
})

test('a worker who allowed messages gets one for every worker-visible step after registration; a failed send is retried and never blocks', async () => {
  await clock('2026-11-24T09:00:00+08:00')
  // The worker accepted the case-update template twice (what recordConsent writes): two WeChat messages.
  await deploymentConfig(srv, { notifications: { templates: { case_update: 'TPL-CASE' } } })
  srv
    .db()
    .prepare(
      "INSERT INTO consents (openid, template_id, credits, updated_at) VALUES ('persona-worker-b', 'TPL-CASE', 2, '2026-11-24T01:00:00Z')",
    )
    .run()
  const sub = await srv.call(t['worker-b'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  await srv.dev('/dev/notifier', { failNext: 100 })
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.data.status).toBe('accepted') // the status change does not wait for the message
  const internal = await srv.call(t.inspector, 'staff', 'complaint.progress', {
    id: sub.data.id,
    version: acc.data.version,
    note: '内部核查',
    visibleToWorker: false,
  })
  await srv.call(t.inspector, 'staff', 'complaint.progress', {
    id: sub.data.id,
    version: internal.data.version,
    note: '已约谈总包单位',
    visibleToWorker: true,
  })

  const mine = () => outbox().filter((m) => m.complaint_id === sub.data.id && m.recipient === 'user:persona-worker-b')
  // Registration the worker saw on screen; accepted and the visible progress are sent; the internal note is not.
  expect(mine().map((m) => m.title)).toEqual(['您的投诉受理', '您的投诉处理进展'])
  const first = await tick()
  expect(first.data.failed).toBeGreaterThan(0)
  expect(mine().every((m) => m.status === 'pending' && m.attempts === 1 && m.last_error)).toBe(true)

  await srv.dev('/dev/notifier', { failNext: 0 })
  await tick() // too early: the retry waits a minute
  expect(mine().every((m) => m.status === 'pending')).toBe(true)
  await clock('2026-11-24T09:02:00+08:00')
  await tick()
  expect(mine().map((m) => [m.status, m.attempts])).toEqual([
    ['sent', 2],
    ['sent', 2],
  ])
  const page = await fetch(`${srv.baseUrl}/dev/outbox`).then((r) => r.text())
  expect(page).toContain('消息发件箱')
  expect(page).toContain('您的投诉受理')
  await deploymentConfig(srv, { notifications: { templates: { case_update: '' } } })
})

test('immediate reports fire once per trigger, merged per subject and day, with the complaints linked', async () => {
  await clock('2026-11-24T10:00:00+08:00')
  const site = srv.sites[3].code // 莲池区万和商业广场
  const first = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(site, { workerCount: 30, owedSince: '2026-09' }))
  const alerts = () => srv.db().prepare('SELECT * FROM alerts ORDER BY created_at, id').all() as any[]
  const siteAlerts = () => alerts().filter((a) => a.subject === `site:${site}`)
  const triggers = (a: any): string[] => JSON.parse(a.triggers)
  expect(siteAlerts().map(triggers)).toEqual([['months_alone']]) // owed 2 months
  expect(siteAlerts()[0]).toMatchObject({ trigger: 'day:2026-11-24', raised: 1 })

  const second = await srv.call(t['worker-b'], 'worker', 'complaint.submit', submission(site, { workerCount: 25, owedSince: '2026-08' }))
  // 55 workers, 3 months: severe, ≥50 workers, ≥3 months: each reported once, in the same day's entry.
  expect(siteAlerts()).toHaveLength(1)
  const entry = siteAlerts()[0]
  expect(triggers(entry).sort()).toEqual(['months', 'months_alone', 'severe', 'workers'])
  expect(entry.raised).toBe(2)
  expect(JSON.parse(entry.case_nos)).toEqual([first.data.caseNo, second.data.caseNo])
  expect(JSON.parse(entry.complaint_ids).sort()).toEqual([first.data.id, second.data.id].sort())
  // One timeline line per report on the case it was raised for, not one per trigger.
  const lines = (id: string) => srv.db().prepare("SELECT * FROM events WHERE complaint_id = ? AND type = 'alert'").all(id) as any[]
  const bySubject = (id: string, subject: string) => lines(id).filter((e) => JSON.parse(e.data).subject === subject)
  expect(bySubject(second.data.id, `site:${site}`)).toHaveLength(1)
  expect(bySubject(second.data.id, `site:${site}`)[0].note).toMatch(/风险等级达到重大.*涉及55人.*欠薪3个月/)
  // The employer's report is its own entry: two lines for three triggers on each of two subjects.
  expect(lines(second.data.id)).toHaveLength(2)

  await srv.call(t['worker-b'], 'worker', 'complaint.submit', submission(site, { workerCount: 5, owedSince: '2026-08' }))
  expect(siteAlerts()).toHaveLength(1) // nothing new: once per trigger
  expect(siteAlerts()[0].raised).toBe(2)
  // Three complaints against one employer within 30 days.
  expect(alerts().some((a) => triggers(a).includes('repeat_employer'))).toBe(true)

  const coord = await srv.call(t.coordinator, 'staff', 'alerts.list', {})
  expect(coord.data.items.length).toBe(alerts().length)
  const view = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: first.data.id })
  expect(view.data.riskLevel).toBe('severe')
  expect(view.data.related.map((r: any) => r.id)).toContain(second.data.id)
  expect(outbox().filter((m) => m.template === 'alert' && m.recipient === 'coord:130606').length).toBeGreaterThanOrEqual(4)
  // The worker never sees alerts.
  const w = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: first.data.id })
  expect(w.data.timeline.some((e: any) => e.type === 'alert')).toBe(false)
})

test('the boss being unreachable is reported at once', async () => {
  await clock('2026-11-24T11:00:00+08:00')
  const sub = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(srv.sites[2].code, { bossUnreachable: true, workerCount: 2, owedSince: '2026-11' }),
  )
  const a = srv
    .db()
    .prepare("SELECT a.* FROM alerts a, json_each(a.triggers) j WHERE j.value = 'boss_unreachable' AND a.subject = ?")
    .all(`site:${srv.sites[2].code}`) as any[]
  expect(a).toHaveLength(1)
  expect(JSON.parse(a[0].complaint_ids)).toContain(sub.data.id)
})

test('a deadline in a year the calendar does not know is flagged, not guessed, and filled in once loaded', async () => {
  // 2026-12-31 16:00 + 1 working day falls in 2027, which chinese-days does not know.
  await clock('2026-12-31T16:00:00+08:00')
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  expect(sub.ok).toBe(true)
  expect(sub.data.acceptDueAt).toBeNull()
  const staff = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  expect(staff.data.timeline.find((e: any) => e.type === 'deadline_unknown').note).toContain('2027')
  expect(outbox().some((m) => m.complaint_id === sub.data.id && m.recipient === 'coord:130602' && m.title === '请补充节假日安排')).toBe(
    true,
  )

  await tick()
  expect((await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })).data.acceptDueAt).toBeNull()
  // The coordinator loads 2027's official schedule: 1 January is a holiday.
  const set = await srv.call(t.coordinator, 'admin', 'config.set', { holidays: { '2027': { holidays: ['2027-01-01'], workdays: [] } } })
  expect(set.ok).toBe(true)
  await tick()
  const after = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  expect(after.data.acceptDueAt).toBe('2027-01-04T08:00:00.000Z') // Thu 31 Dec → (Fri 1 Jan holiday, weekend) → Mon 4 Jan 16:00
})

test('campaign mode pulls every open deadline in its area before the end date, and the overview counts what is open', async () => {
  await clock('2026-12-01T09:00:00+08:00')
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[2].code)) // 莲池区 water, other funding: 15 days
  const water = await srv.login({ openid: 'water-inspector' })
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('water-inspector', 'inspector', 'd-city-water', NULL, '2026-01-01T00:00:00Z')",
    )
    .run()
  const got = await srv.call(water, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(water, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.data.resolveDueAt).toBe('2026-12-16T01:00:00.000Z')

  const set = await srv.call(t.coordinator, 'admin', 'config.set', {
    campaign: { endsAt: '2026-12-10T00:00:00+08:00', areaCode: '130600' },
  })
  expect(set.ok).toBe(true)
  await tick()
  const after = await srv.call(water, 'staff', 'complaint.get', { id: sub.data.id })
  expect(after.data.resolveDueAt).toBe('2026-12-09T16:00:00.000Z')
  expect((await tick()).data.campaignCapped).toBe(0)
  const overview = await srv.call(t.coordinator, 'staff', 'stats.overview', {})
  expect(overview.data.campaign.open).toBeGreaterThan(0)
  expect(overview.data.total).toBe(Object.values(overview.data.byStatus as Record<string, number>).reduce((a, b) => a + b, 0))
})

test('a returned case gives the first responder one working day too, then escalates to the coordinator once', async () => {
  // Monday 10:00: a self-filed complaint, first responder 竞秀区劳动监察, handler 竞秀区住建局.
  await clock('2026-11-30T10:00:00+08:00')
  const sub = await srv.call(
    t['worker-b'],
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: '东风路临街商铺装修', areaCode: '130602', industry: 'housing' },
      employerName: '保定某装饰公司',
    }),
  )
  expect(sub.ok).toBe(true)
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  await clock('2026-11-30T11:00:00+08:00')
  const ret = await srv.call(t.inspector, 'staff', 'complaint.return', {
    id: sub.data.id,
    version: got.data.version,
    reason: '商铺装修不属于住建监管',
  })
  expect(ret.data.status).toBe('returned')
  const back = await srv.call(t['inspector-labour'], 'staff', 'complaint.get', { id: sub.data.id })
  expect(back.data.acceptDueAt).toBe('2026-12-01T03:00:00.000Z') // Tuesday 11:00

  await clock('2026-12-01T11:01:00+08:00')
  const [a, b] = await Promise.all([tick(), tick()])
  expect(a.data.acceptEscalated + b.data.acceptEscalated).toBe(1)
  expect((await tick()).data.acceptEscalated).toBe(0)
  const seen = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: sub.data.id })
  expect(seen.data.timeline.filter((e: any) => e.type === 'escalated')).toHaveLength(1)
  const overdue = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'overdue' })
  expect(overdue.data.items.map((i: any) => i.id)).toContain(sub.data.id)
  expect(
    outbox()
      .filter((m) => m.complaint_id === sub.data.id && m.template === 'escalation')
      .map((m) => m.recipient)
      .sort(),
  ).toEqual(['coord:130602', 'dept:d-jx-labour'])
  // The worker saw none of it.
  const w = await srv.call(t['worker-b'], 'worker', 'complaint.get', { id: sub.data.id })
  expect(w.data.timeline.map((e: any) => e.type)).not.toEqual(expect.arrayContaining(['returned']))
  expect(w.data.timeline.map((e: any) => e.type)).not.toContain('escalated')
})
