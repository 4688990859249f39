// Issue 16, point 2 and the clock: red cards and severe risk reach the coordinator one level up as well
// (the city's above the district's), never a sibling district's; a supervision deadline (挂牌督办) that
// passes shows as its own card on the queues and reaches both coordinators; a referred case stays on the
// handler's queue with its follow-up deadline, moved on by the scheduler with a reminder each time.
import { recipients } from '../../cloudfunctions/core/scheduler'
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const DAY = '2026-11-18T09:00:00+08:00'
const DAY_MS = 86_400_000

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: DAY })
  for (const p of ['worker-a', 'inspector', 'coordinator']) t[p] = await srv.login({ persona: p })
  await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
  // 竞秀区's coordinator and 莲池区's, both invited by the city's.
  for (const [who, deptId] of [
    ['coord-jx', 'd-jx-labour'],
    ['coord-lc', 'd-lc-labour'],
  ]) {
    const invite = await srv.call(t.coordinator, 'admin', 'invite.create', { role: 'coordinator', deptId })
    t[who] = await srv.login({ openid: who })
    expect((await srv.call(t[who], 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
  }
})
afterAll(() => srv.close())
clockPerTest(() => srv, DAY)

/** A self-filed 竞秀区 housing case of its own employer, accepted by 竞秀区住建局. */
async function acceptedCase(): Promise<{ id: string; version: number; resolveDueAt: string }> {
  const sub = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
      employerName: `某劳务公司${Math.random()}`,
      // One month owed: no immediate report of its own.
      owedSince: '2026-10',
    }),
  )
  expect(sub.ok).toBe(true)
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  return { id: sub.data.id, version: acc.data.version, resolveDueAt: acc.data.resolveDueAt }
}

const at = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString()
const tickAt = async (iso: string) => {
  await srv.dev('/dev/clock', { now: iso })
  await srv.dev('/dev/tick', {})
}
const messages = async (complaintId: string): Promise<{ recipient: string; title: string }[]> => {
  const r = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  return r.items.filter((m: { complaintId: string }) => m.complaintId === complaintId)
}
/** Every page of a queue view, as case ids (with the items). */
async function queue(token: string, view: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>()
  let cursor: string | undefined
  do {
    const r = await srv.call(token, 'staff', 'queue.list', { view, limit: 100, ...(cursor ? { cursor } : {}) })
    expect(r.ok).toBe(true)
    for (const item of r.data.items) out.set(item.id, item)
    cursor = r.data.nextCursor ?? undefined
  } while (cursor)
  return out
}
const coordinatorsOf = async (recipient: string) => (await recipients({ storage: srv.storage }, recipient)).sort()

test('who "the coordinators covering" a district are: its own and the city’s, not a sibling district’s', async () => {
  expect(await coordinatorsOf('coord:130602')).toEqual(['coord-jx', 'persona-coordinator'])
  expect(await coordinatorsOf('coord:130606')).toEqual(['coord-lc', 'persona-coordinator'])
  expect(await coordinatorsOf('coord:130600')).toEqual(['persona-coordinator'])
})

test('a case crossing into a red card: the departments hear of the yellow one, both coordinators of the red one and list it', async () => {
  const c = await acceptedCase()
  // A day past its deadline: yellow, for the departments only.
  await tickAt(at(c.resolveDueAt, 1))
  let v = (await srv.call(t.inspector, 'staff', 'complaint.get', { id: c.id })).data
  expect(v.card).toBe('yellow')
  expect((await messages(c.id)).filter((m) => m.recipient.startsWith('coord:')).map((m) => m.title)).toEqual([])
  for (const who of ['coord-jx', 'coordinator']) expect((await queue(t[who], 'overdue')).get(c.id)?.card).toBe('yellow')

  // Past the red card's days with no progress: red, to the district's coordinator and the city's.
  await tickAt(at(c.resolveDueAt, 11))
  v = (await srv.call(t.inspector, 'staff', 'complaint.get', { id: c.id })).data
  expect(v.card).toBe('red')
  const red = (await messages(c.id)).filter((m) => m.title === '投诉超期亮红牌')
  expect(red.map((m) => m.recipient).sort()).toEqual(['coord:130602', 'dept:d-jx-housing', 'dept:d-jx-labour'])
  expect(await coordinatorsOf('coord:130602')).toEqual(['coord-jx', 'persona-coordinator'])
  for (const who of ['coord-jx', 'coordinator']) expect((await queue(t[who], 'overdue')).get(c.id)?.card).toBe('red')
  // The sibling district's coordinator neither lists nor reads it.
  expect((await queue(t['coord-lc'], 'overdue')).has(c.id)).toBe(false)
  expect((await srv.call(t['coord-lc'], 'staff', 'complaint.get', { id: c.id })).error?.code).toBe('NOT_FOUND')
  // Delivered: the scheduler's run sent it (a failure would leave it pending).
  await tickAt(at(c.resolveDueAt, 11.01))
  const r = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  const row = r.items.find(
    (m: { complaintId: string; recipient: string; title: string }) => m.complaintId === c.id && m.recipient === 'coord:130602',
  )
  expect(row.status).toBe('sent')
})

test('severe risk: the immediate report is listed by the district’s coordinator and the city’s, not a sibling’s', async () => {
  const c = await acceptedCase()
  const r = await srv.call(t.inspector, 'staff', 'complaint.flag', {
    id: c.id,
    version: c.version,
    signal: 'public_opinion',
    note: '网上发帖',
  })
  expect(r.ok).toBe(true)
  const reportOf = async (who: string) =>
    (await srv.call(t[who], 'staff', 'alerts.list', {})).data.items.filter(
      (a: { trigger: string; complaintIds: string[] }) => a.trigger === 'flag:public_opinion' && a.complaintIds.includes(c.id),
    )
  expect(await reportOf('coord-jx')).toHaveLength(1)
  expect(await reportOf('coordinator')).toHaveLength(1)
  expect(await reportOf('coord-lc')).toHaveLength(0)
  expect((await messages(c.id)).filter((m) => m.title === '欠薪风险即时报告').map((m) => m.recipient)).toEqual(['coord:130602'])
  for (const who of ['coord-jx', 'coordinator']) expect((await queue(t[who], 'severe')).has(c.id)).toBe(true)
  expect((await queue(t['coord-lc'], 'severe')).has(c.id)).toBe(false)
})

test('挂牌督办 by the district: its deadline shows on the queues, and once passed is its own card for both coordinators', async () => {
  const c = await acceptedCase()
  const due = at(DAY, 3)
  const r = await srv.call(t['coord-jx'], 'staff', 'complaint.supervise', { id: c.id, version: c.version, note: '三日内办结', dueAt: due })
  expect(r.ok).toBe(true)
  let item = (await queue(t.inspector, 'in_progress')).get(c.id)
  expect(item).toMatchObject({ supervised: true, supervisionDueAt: due, supervisionOverdue: false })

  // The hour before: nothing. After: the card, once, however often the scheduler runs.
  await tickAt(at(due, -1 / 24))
  expect((await queue(t.inspector, 'in_progress')).get(c.id)?.supervisionOverdue).toBe(false)
  await tickAt(at(due, 1 / 24))
  await tickAt(at(due, 2 / 24))
  item = (await queue(t.inspector, 'in_progress')).get(c.id)
  expect(item).toMatchObject({ supervised: true, supervisionOverdue: true })
  expect((await queue(t.coordinator, 'all')).get(c.id)?.supervisionOverdue).toBe(true)
  const v = (await srv.call(t.coordinator, 'staff', 'complaint.get', { id: c.id })).data
  expect(v.timeline.filter((e: { type: string }) => e.type === 'supervision_overdue')).toHaveLength(1)
  const late = (await messages(c.id)).filter((m) => m.title === '督办案件已超期')
  expect(late.map((m) => m.recipient).sort()).toEqual(['coord:130602', 'dept:d-jx-housing', 'dept:d-jx-labour'])
})

test('a referred case stays on the handler’s queue with its follow-up deadline, moved on by each reminder', async () => {
  const c = await acceptedCase()
  const ref = await srv.call(t.inspector, 'staff', 'complaint.refer', {
    id: c.id,
    version: c.version,
    to: 'mediation',
    note: '申请人民调解',
  })
  expect(ref.data.status).toBe('referred')
  const firstDue = at(DAY, 30)
  for (const view of ['in_progress', 'mine']) {
    expect((await queue(t.inspector, view)).get(c.id)).toMatchObject({ status: 'referred', followUpDueAt: firstDue })
  }
  // Due: the handler is reminded and the next follow-up is 30 days from the reminder.
  const reminded = at(firstDue, 1 / 24)
  await tickAt(reminded)
  await tickAt(at(firstDue, 2 / 24))
  expect((await queue(t.inspector, 'in_progress')).get(c.id)).toMatchObject({ status: 'referred', followUpDueAt: at(reminded, 30) })
  expect((await messages(c.id)).filter((m) => m.title === '移送案件请跟进结果').map((m) => m.recipient)).toEqual(['dept:d-jx-housing'])
  // The outcome ends the follow-ups.
  const v = (await srv.call(t.inspector, 'staff', 'complaint.get', { id: c.id })).data
  const out = await srv.call(t.inspector, 'staff', 'complaint.referralOutcome', {
    id: c.id,
    version: v.version,
    outcome: 'mediated',
    refNo: '竞调字〔2026〕8号',
    note: '调解达成协议',
  })
  expect(out.data.status).toBe('in_progress')
  expect((await queue(t.inspector, 'in_progress')).get(c.id)).toMatchObject({ status: 'in_progress', followUpDueAt: null })
})
