// No silence toward the worker, through the real local server with its clock moved: a case past its
// acceptance deadline or its resolution deadline is shown to the worker as late (plain words, the card
// explained, a worker-visible timeline event); the worker may press the unit (催办) once a day; SMS to one
// phone are capped per Beijing day; a dispute reopens a case with a fresh deadline, also within 30 days
// of an automatic close but never after the worker confirmed; WeChat consent recorded by the worker moves
// their messages from SMS to WeChat; the handling unit's published phone reaches the worker's view.
import { CARD_NOTES, LATE_ACCEPT_MESSAGE, LATE_RESOLVE_MESSAGE } from '../../shared/progress'
import { parseConfig, type Config } from '../../shared/config'
import { resolveDueAt } from '../../shared/deadlines'
import { formatBeijing } from '../../shared/time'
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'

let srv: TestServer
const t: Record<string, string> = {}

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'worker-b', 'inspector', 'inspector-labour', 'coordinator']) t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())

interface Item {
  id: number
  complaintId: string | null
  channel: 'wechat' | 'sms'
  recipient: string
  template: string
  title: string
  body: string
  status: string
  lastError: string | null
}
const outbox = async (complaintId?: string): Promise<Item[]> => {
  const r = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  return (r.items as Item[]).filter((m) => complaintId === undefined || m.complaintId === complaintId).sort((a, b) => a.id - b.id)
}
/** What reached the worker of a case: SMS to the phone, or WeChat to the owner. */
const toWorker = async (complaintId: string) =>
  (await outbox(complaintId)).filter((m) => m.channel === 'sms' || m.recipient.startsWith('user:'))
const clock = (now: string | null) => srv.dev('/dev/clock', { now })
const tick = async () =>
  (await srv.dev('/dev/tick', {})).data as { acceptEscalated: number; cards: number; autoClosed: number; sent: number }
const iso = (s: string) => new Date(s).toISOString()
const plusMs = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString()
const DAY = 24 * 3600 * 1000

const mine = (token: string, id: string) => srv.call(token, 'worker', 'complaint.get', { id })
const full = (id: string) => srv.call(t.inspector!, 'staff', 'complaint.get', { id })
async function accept(id: string) {
  const r = await srv.call(t.inspector!, 'staff', 'complaint.accept', { id, version: (await full(id)).data.version })
  expect(r.ok).toBe(true)
  return r.data as { version: number; resolveDueAt: string }
}
async function resolve(id: string) {
  const r = await srv.call(t.inspector!, 'staff', 'complaint.resolve', {
    id,
    version: (await full(id)).data.version,
    amountRecoveredFen: 1_250_000,
    note: '已足额支付',
  })
  expect(r.ok).toBe(true)
}
async function currentConfig(): Promise<Config> {
  const r = await srv.call(t.coordinator!, 'admin', 'config.get', {})
  expect(r.ok).toBe(true)
  return parseConfig(r.data.effective)
}

/** Self-filed in 竞秀区, housing, no funding given ('other'): first responder 竞秀区劳动保障监察大队, handler 竞秀区住建局 (the inspector). */
const selfFiled = (phone: string) =>
  submission(null, {
    project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
    employerName: '保定某劳务公司',
    owedSince: '2026-10',
    complainant: { name: '张师傅', phone },
  })
async function submit(token: string, phone: string, siteCode: string | null = null) {
  const r = await srv.call(
    token,
    'worker',
    'complaint.submit',
    siteCode ? submission(siteCode, { owedSince: '2026-10', complainant: { name: '张师傅', phone } }) : selfFiled(phone),
  )
  expect(r.ok).toBe(true)
  return r.data as { id: string; caseNo: string; acceptDueAt: string }
}

test('a case past its acceptance deadline, then past its resolution deadline, is shown to the worker as late, with the card explained', async () => {
  try {
    // Tuesday: one working day to accept.
    await clock('2026-11-24T09:00:00+08:00')
    const sub = await submit(t['worker-a']!, '13800000101')
    expect(sub.acceptDueAt).toBe(iso('2026-11-25T09:00:00+08:00'))

    let v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.late).toBeNull()
    expect(v.steps.map((s: any) => [s.key, s.state])).toEqual([
      ['registered', 'done'],
      ['accepted', 'current'],
      ['handling', 'todo'],
      ['closed', 'todo'],
    ])
    expect(v.steps[1]).toMatchObject({ label: '受理', dueAt: sub.acceptDueAt, late: false })
    // The unit and its published phone, for tap-to-call.
    expect(v.handler).toEqual({ id: 'd-jx-housing', name: '竞秀区住房和城乡建设局', phone: '0312-5905678' })

    await clock('2026-11-25T10:00:00+08:00')
    expect((await tick()).acceptEscalated).toBeGreaterThanOrEqual(1)
    v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.status).toBe('routed')
    expect(v.late).toEqual({ kind: 'accept', message: LATE_ACCEPT_MESSAGE, cardNote: null })
    expect(v.steps[1]).toMatchObject({ key: 'accepted', state: 'current', dueAt: sub.acceptDueAt, late: true })
    // The escalation itself stays with the officials; the worker gets one plain event about it.
    const lateEvents = v.timeline.filter((e: any) => e.type === 'overdue')
    expect(lateEvents).toEqual([
      expect.objectContaining({ at: iso('2026-11-25T10:00:00+08:00'), note: LATE_ACCEPT_MESSAGE, label: '超期督办' }),
    ])
    expect(v.timeline.some((e: any) => e.type === 'escalated')).toBe(false)
    const staffView = (await full(sub.id)).data
    expect(staffView.timeline.filter((e: any) => e.type === 'escalated')).toEqual([expect.objectContaining({ visibleToWorker: false })])
    // One message to the worker (SMS: no consent), and the coordinator hears of a case nobody accepted.
    expect((await toWorker(sub.id)).map((m) => [m.channel, m.recipient, m.template])).toEqual([['sms', '13800000101', 'overdue']])
    expect((await outbox(sub.id)).filter((m) => m.template === 'escalation').map((m) => m.recipient)).toEqual([
      'dept:d-jx-housing',
      'dept:d-jx-labour',
      'coord:130602',
    ])
    // A second run changes nothing: the case was escalated once.
    await clock('2026-11-25T11:00:00+08:00')
    await tick()
    expect((await mine(t['worker-a']!, sub.id)).data.timeline.filter((e: any) => e.type === 'overdue')).toHaveLength(1)

    // Accepted late: nothing is late any more, the handling step is current with its deadline (15 days: not public money).
    await clock('2026-11-25T11:30:00+08:00')
    const acc = await accept(sub.id)
    expect(acc.resolveDueAt).toBe(iso('2026-12-10T11:30:00+08:00'))
    v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.late).toBeNull()
    expect(v.steps.map((s: any) => s.state)).toEqual(['done', 'done', 'current', 'todo'])
    expect(v.steps[2]).toMatchObject({ key: 'handling', dueAt: acc.resolveDueAt, late: false })

    // Past the resolution deadline: a yellow card, explained to the worker.
    await clock(plusMs(acc.resolveDueAt, 3600_000))
    expect((await tick()).cards).toBeGreaterThanOrEqual(1)
    v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.card).toBe('yellow')
    expect(v.late).toEqual({ kind: 'resolve', message: LATE_RESOLVE_MESSAGE, cardNote: CARD_NOTES.yellow })
    expect(v.steps[2]).toMatchObject({ key: 'handling', state: 'current', late: true })
    const yellow = v.timeline.filter((e: any) => e.type === 'overdue').pop()
    expect(yellow).toMatchObject({ at: plusMs(acc.resolveDueAt, 3600_000), note: `${LATE_RESOLVE_MESSAGE}（${CARD_NOTES.yellow}）` })

    // Ten days on with no progress: red, and the note says so.
    await clock(plusMs(acc.resolveDueAt, 11 * DAY))
    await tick()
    v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.card).toBe('red')
    expect(v.late).toEqual({ kind: 'resolve', message: LATE_RESOLVE_MESSAGE, cardNote: CARD_NOTES.red })
    expect(v.timeline.filter((e: any) => e.type === 'overdue').map((e: any) => e.note)).toEqual([
      LATE_ACCEPT_MESSAGE,
      `${LATE_RESOLVE_MESSAGE}（${CARD_NOTES.yellow}）`,
      `${LATE_RESOLVE_MESSAGE}（${CARD_NOTES.red}）`,
    ])
  } finally {
    await clock(null)
  }
})

test('催办: once a day per case, a staff-only event and a message to the handling unit’s staff; nobody else’s case', async () => {
  try {
    await clock('2026-11-26T09:00:00+08:00')
    const sub = await submit(t['worker-a']!, '13800000202')

    await clock('2026-11-26T10:00:00+08:00')
    const first = await srv.call(t['worker-a']!, 'worker', 'complaint.remind', { id: sub.id })
    expect(first.ok).toBe(true)
    const at = iso('2026-11-26T10:00:00+08:00')
    expect(first.data).toMatchObject({ id: sub.id, status: 'routed', remindedAt: at, nextAt: plusMs(at, DAY) })

    // On the staff timeline, not the worker's; the worker's view knows when they last pressed.
    const staffEvents = (await full(sub.id)).data.timeline.filter((e: any) => e.type === 'reminded')
    expect(staffEvents).toEqual([expect.objectContaining({ at, note: '工友催办：请尽快受理', visibleToWorker: false })])
    const v = (await mine(t['worker-a']!, sub.id)).data
    expect(v.timeline.some((e: any) => e.type === 'reminded')).toBe(false)
    expect(v.remindedAt).toBe(at)
    // The handler's staff and the first responder's hear of it; the worker, who pressed, gets nothing.
    const reminders = (await outbox(sub.id)).filter((m) => m.title === '工友催办')
    expect(reminders.map((m) => [m.channel, m.recipient, m.template])).toEqual([
      ['wechat', 'dept:d-jx-housing', 'escalation'],
      ['wechat', 'dept:d-jx-labour', 'escalation'],
    ])
    expect(reminders[0]!.body).toContain(sub.caseNo)
    expect(await toWorker(sub.id)).toEqual([])

    // Again within the day: refused in plain Chinese, saying when it is possible again; nothing written.
    await clock('2026-11-27T09:59:00+08:00')
    const version = () => srv.db().prepare('SELECT version FROM complaints WHERE id = ?').get(sub.id)
    const versionBefore = version()
    const before = tableCounts(srv.db())
    const again = await srv.call(t['worker-a']!, 'worker', 'complaint.remind', { id: sub.id })
    expect(again.status).toBe(429)
    expect(again.error!.code).toBe('RATE_LIMITED')
    expect(again.error!.message).toContain('已经催办过了')
    expect(again.error!.message).toContain(formatBeijing(plusMs(at, DAY)))
    expect(tableCounts(srv.db())).toEqual(before)
    expect(version()).toEqual(versionBefore)

    // A day later it is allowed again.
    await clock('2026-11-27T10:01:00+08:00')
    const next = await srv.call(t['worker-a']!, 'worker', 'complaint.remind', { id: sub.id })
    expect(next.ok).toBe(true)
    expect((await full(sub.id)).data.timeline.filter((e: any) => e.type === 'reminded')).toHaveLength(2)
    expect((await mine(t['worker-a']!, sub.id)).data.remindedAt).toBe(iso('2026-11-27T10:01:00+08:00'))

    // Another worker cannot press someone else's case, nor learn that it exists.
    await clock('2026-11-29T10:00:00+08:00')
    const counts = tableCounts(srv.db())
    const stranger = await srv.call(t['worker-b']!, 'worker', 'complaint.remind', { id: sub.id })
    expect(stranger.error!.code).toBe('NOT_FOUND')
    expect(tableCounts(srv.db())).toEqual(counts)
  } finally {
    await clock(null)
  }
})

test('SMS to one phone are capped per Beijing day, when they are sent: the step stays on the timeline, the next Beijing day sends again', async () => {
  const original = (await currentConfig()).sms.dailyPerPhone
  const phone = '13800000303'
  try {
    await clock('2026-11-24T20:00:00+08:00')
    // The SMS cap is the deployment's (one SMS account), not a coordinator's.
    await deploymentConfig(srv, { sms: { dailyPerPhone: 1 } })
    expect((await currentConfig()).sms.dailyPerPhone).toBe(1)
    const a = await submit(t['worker-a']!, phone)
    const b = await submit(t['worker-a']!, phone)

    await clock('2026-11-24T23:00:00+08:00')
    await accept(a.id)
    await clock('2026-11-24T23:30:00+08:00')
    await accept(b.id)
    const smsTo = async () => (await outbox()).filter((m) => m.channel === 'sms' && m.recipient === phone)
    const sent = async () => (await smsTo()).filter((m) => m.status === 'sent').map((m) => [m.complaintId, m.template])
    // Each acceptance wrote its SMS (a status change counts nothing); the sender sends the first only.
    expect((await smsTo()).map((m) => [m.complaintId, m.template])).toEqual([
      [a.id, 'accepted'],
      [b.id, 'accepted'],
    ])
    await tick()
    expect(await sent()).toEqual([[a.id, 'accepted']])
    expect((await smsTo()).find((m) => m.complaintId === b.id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('daily SMS cap'),
    })
    // The second acceptance is still on the worker's timeline.
    expect((await mine(t['worker-a']!, b.id)).data.timeline.map((e: any) => e.type)).toContain('accepted')

    // 00:30 Beijing is still the 24th in UTC: the day that counts is Beijing's.
    await clock('2026-11-25T00:30:00+08:00')
    await resolve(b.id)
    await tick()
    expect(await sent()).toEqual([
      [a.id, 'accepted'],
      [b.id, 'resolved'],
    ])
    // …and that new day's one SMS is used up too.
    await clock('2026-11-25T00:40:00+08:00')
    await resolve(a.id)
    await tick()
    expect(await sent()).toHaveLength(2)
    expect((await smsTo()).find((m) => m.complaintId === a.id && m.template === 'resolved')).toMatchObject({ status: 'failed' })
    expect((await mine(t['worker-a']!, a.id)).data.status).toBe('resolved')
  } finally {
    await deploymentConfig(srv, { sms: { dailyPerPhone: original } })
    await clock(null)
  }
})

test('a disputed resolution reopens the case with a fresh deadline by the same rules from the dispute, and no card', async () => {
  try {
    const config = await currentConfig()
    const site = srv.sites[0]! // 竞秀区保障性住房三期工程: government-invested, 3 days (7 once marked complex)
    await clock('2026-11-30T09:00:00+08:00')
    const plain = await submit(t['worker-a']!, '13800000404', site.code)
    const complex = await submit(t['worker-a']!, '13800000404', site.code)
    await clock('2026-11-30T10:00:00+08:00')
    const acc = await accept(plain.id)
    expect(acc.resolveDueAt).toBe(iso('2026-12-03T10:00:00+08:00'))
    await accept(complex.id)
    const mc = await srv.call(t.inspector!, 'staff', 'complaint.markComplex', {
      id: complex.id,
      version: (await full(complex.id)).data.version,
      reason: '涉及多个分包',
    })
    expect(mc.ok).toBe(true)

    // Past the deadline: yellow; then resolved late.
    await clock('2026-12-03T11:00:00+08:00')
    await tick()
    expect((await mine(t['worker-a']!, plain.id)).data.card).toBe('yellow')
    await clock('2026-12-03T12:00:00+08:00')
    await resolve(plain.id)
    await resolve(complex.id)

    const disputedAt = '2026-12-04T15:00:00+08:00'
    await clock(disputedAt)
    for (const [c, isComplex] of [
      [plain, false],
      [complex, true],
    ] as const) {
      const before = (await mine(t['worker-a']!, c.id)).data
      expect(before.allowedActions).toContain('dispute')
      const d = await srv.call(t['worker-a']!, 'worker', 'complaint.dispute', { id: c.id, reason: '钱没拿全，还差两千' })
      expect(d.ok).toBe(true)
      expect(d.data.status).toBe('reopened')
      const due = resolveDueAt(
        new Date(disputedAt),
        { funding: 'government', complex: isComplex, areaCode: '130602' },
        config,
      ).toISOString()
      expect(due).toBe(iso(isComplex ? '2026-12-11T15:00:00+08:00' : '2026-12-07T15:00:00+08:00'))
      const v = (await mine(t['worker-a']!, c.id)).data
      expect(v).toMatchObject({ status: 'reopened', resolveDueAt: due, card: 'none', late: null })
      expect(v.steps.map((s: any) => s.state)).toEqual(['done', 'done', 'current', 'todo'])
      expect(v.steps[2]).toMatchObject({ dueAt: due, late: false })
      expect(v.timeline.slice(-2).map((e: any) => [e.type, e.note])).toEqual([
        ['disputed', '工友提出异议：钱没拿全，还差两千'],
        ['reopened', `已重新交竞秀区住房和城乡建设局处理，${formatBeijing(due)}前办结`],
      ])
    }

    // The old deadline is long past, but the new clock runs: no card on the next run…
    await clock('2026-12-04T15:10:00+08:00')
    await tick()
    expect((await mine(t['worker-a']!, plain.id)).data.card).toBe('none')
    // …until the new deadline passes.
    await clock('2026-12-07T16:00:00+08:00')
    await tick()
    const late = (await mine(t['worker-a']!, plain.id)).data
    expect(late.card).toBe('yellow')
    expect(late.late).toMatchObject({ kind: 'resolve', cardNote: CARD_NOTES.yellow })
    expect((await mine(t['worker-a']!, complex.id)).data.card).toBe('none')
  } finally {
    await clock(null)
  }
})

test('after an automatic close the worker may dispute for 30 days; a case the worker confirmed, or one closed longer ago, cannot be', async () => {
  try {
    const config = await currentConfig()
    expect(config.deadlines).toMatchObject({ autoCloseDays: 7, disputeAfterCloseDays: 30 })
    await clock('2026-12-01T09:00:00+08:00')
    const [early, confirmed, old] = [
      await submit(t['worker-a']!, '13800000505'),
      await submit(t['worker-a']!, '13800000505'),
      await submit(t['worker-a']!, '13800000505'),
    ]
    await clock('2026-12-01T10:00:00+08:00')
    for (const c of [early, confirmed, old]) await accept(c.id)
    await clock('2026-12-01T11:00:00+08:00')
    for (const c of [early, confirmed, old]) await resolve(c.id)

    // The worker confirms one: closed for good.
    await clock('2026-12-01T12:00:00+08:00')
    expect((await srv.call(t['worker-a']!, 'worker', 'complaint.confirm', { id: confirmed.id, rating: 5 })).ok).toBe(true)

    // No answer on the other two for 7 days: closed by the scheduler.
    const closedAt = '2026-12-08T11:05:00+08:00'
    await clock(closedAt)
    expect((await tick()).autoClosed).toBeGreaterThanOrEqual(2)
    for (const c of [early, old]) {
      const v = (await mine(t['worker-a']!, c.id)).data
      expect(v.status).toBe('closed')
      expect(v.timeline.at(-1)).toMatchObject({ type: 'closed', note: '7天内未收到确认，自动办结' })
      expect(v.allowedActions).toContain('dispute')
    }
    const confirmedView = (await mine(t['worker-a']!, confirmed.id)).data
    expect(confirmedView.status).toBe('closed')
    expect(confirmedView.allowedActions).not.toContain('dispute')

    // Confirmed: no dispute, in plain words, nothing written.
    let counts = tableCounts(srv.db())
    const refused = await srv.call(t['worker-a']!, 'worker', 'complaint.dispute', { id: confirmed.id, reason: '还差钱' })
    expect(refused.error!.code).toBe('CONFLICT')
    expect(refused.error!.message).toContain('不能再提异议')
    expect(tableCounts(srv.db())).toEqual(counts)

    // A minute short of 30 days after the automatic close: reopened with a fresh 15-day deadline (not public money).
    const disputedAt = plusMs(iso(closedAt), 30 * DAY - 60_000)
    await clock(disputedAt)
    const d = await srv.call(t['worker-a']!, 'worker', 'complaint.dispute', { id: early.id, reason: '其实只给了一半' })
    expect(d.ok).toBe(true)
    const due = resolveDueAt(new Date(disputedAt), { funding: 'other', complex: false, areaCode: '130602' }, config).toISOString()
    expect(due).toBe(plusMs(disputedAt, 15 * DAY))
    const v = (await mine(t['worker-a']!, early.id)).data
    expect(v).toMatchObject({ status: 'reopened', resolveDueAt: due, card: 'none', late: null })
    expect(v.timeline.at(-1)).toMatchObject({ type: 'reopened', note: expect.stringContaining(`${formatBeijing(due)}前办结`) })
    // Back in the handler’s queue.
    const q = await srv.call(t.inspector!, 'staff', 'queue.list', { view: 'in_progress' })
    expect(q.data.items.map((i: any) => i.id)).toContain(early.id)

    // 31 days after the automatic close: too late.
    await clock(plusMs(iso(closedAt), 31 * DAY))
    const oldView = (await mine(t['worker-a']!, old.id)).data
    expect(oldView.allowedActions).not.toContain('dispute')
    counts = tableCounts(srv.db())
    const tooLate = await srv.call(t['worker-a']!, 'worker', 'complaint.dispute', { id: old.id, reason: '还差钱' })
    expect(tooLate.error!.code).toBe('CONFLICT')
    expect(tooLate.error!.message).toContain('30天')
    expect(tableCounts(srv.db())).toEqual(counts)
    expect((await mine(t['worker-a']!, old.id)).data.status).toBe('closed')
  } finally {
    await clock(null)
  }
})

test('consent recorded by the worker (consent.record) sends the next steps by WeChat instead of SMS, one step per consent', async () => {
  const phone = '13800000606'
  try {
    await clock('2026-11-27T09:00:00+08:00')
    await deploymentConfig(srv, { notifications: { templates: { case_update: 'TPL-SILENCE' } } })
    const worker = await srv.login({ openid: 'silence-consent' })
    expect((await srv.call(worker, 'worker', 'app.settings', {})).data.subscribeTemplates).toEqual(['TPL-SILENCE'])

    // Two accepted requests (two taps): two credits; an id that is not configured is ignored.
    const rec = await srv.call(worker, 'worker', 'consent.record', { templateIds: ['TPL-SILENCE', 'TPL-NOT-OURS'] })
    expect(rec.data).toEqual({ recorded: ['TPL-SILENCE'] })
    expect((await srv.call(worker, 'worker', 'consent.record', { templateIds: ['TPL-SILENCE'] })).ok).toBe(true)
    const credits = () => srv.db().prepare("SELECT template_id, credits FROM consents WHERE openid = 'silence-consent'").all()
    expect(credits()).toEqual([{ template_id: 'TPL-SILENCE', credits: 2 }])

    const sub = await submit(worker, phone)
    await clock('2026-11-27T10:00:00+08:00')
    const acc = await accept(sub.id)
    expect((await toWorker(sub.id)).map((m) => [m.channel, m.recipient, m.template])).toEqual([
      ['wechat', 'user:silence-consent', 'case_update'],
    ])
    expect((await toWorker(sub.id))[0]!.body).toContain(sub.caseNo)

    // A step that is never worth an SMS still reaches WeChat while a credit is left.
    const prog = await srv.call(t.inspector!, 'staff', 'complaint.progress', {
      id: sub.id,
      version: acc.version,
      note: '已约谈总包单位',
      visibleToWorker: true,
    })
    expect(prog.ok).toBe(true)
    expect((await toWorker(sub.id)).map((m) => m.channel)).toEqual(['wechat', 'wechat'])
    expect(credits()).toEqual([{ template_id: 'TPL-SILENCE', credits: 0 }])

    // Credits spent: the step that matters goes by SMS to the phone on the case.
    await resolve(sub.id)
    expect((await toWorker(sub.id)).map((m) => [m.channel, m.recipient, m.template])).toEqual([
      ['wechat', 'user:silence-consent', 'case_update'],
      ['wechat', 'user:silence-consent', 'case_update'],
      ['sms', phone, 'resolved'],
    ])
  } finally {
    await deploymentConfig(srv, { notifications: { templates: { case_update: '' } } })
    await clock(null)
  }
})

test('the handling unit’s phone: set by the coordinator, shown to the worker; a bad number or a unit outside the area changes nothing', async () => {
  const housing = () => srv.db().prepare("SELECT name, phone, active FROM depts WHERE id = 'd-jx-housing'").get()
  const original = housing() as { phone: string }
  try {
    await clock('2026-11-27T09:00:00+08:00')
    const sub = await submit(t['worker-a']!, '13800000707')
    expect((await mine(t['worker-a']!, sub.id)).data.handler.phone).toBe('0312-5905678')

    // A full-width dash as typed on a phone keyboard is normalised.
    const up = await srv.call(t.coordinator!, 'admin', 'dept.update', { id: 'd-jx-housing', phone: '0312－5909999' })
    expect(up).toMatchObject({ ok: true, data: { id: 'd-jx-housing' } })
    expect((await mine(t['worker-a']!, sub.id)).data.handler).toEqual({
      id: 'd-jx-housing',
      name: '竞秀区住房和城乡建设局',
      phone: '0312-5909999',
    })

    // Not a phone number: the field is named, nothing is written.
    let before = housing()
    let counts = tableCounts(srv.db())
    const bad = await srv.call(t.coordinator!, 'admin', 'dept.update', { id: 'd-jx-housing', phone: '找王科长' })
    expect(bad.status).toBe(400)
    expect(bad.error!.code).toBe('VALIDATION')
    expect(Object.keys(bad.error!.fields ?? {})).toEqual(['phone'])
    expect(bad.error!.fields!.phone).toMatch(/[\u4e00-\u9fff]/)
    expect(housing()).toEqual(before)
    expect(tableCounts(srv.db())).toEqual(counts)

    // A district coordinator (莲池区) manages their own units only.
    const invite = await srv.call(t.coordinator!, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-lc-labour' })
    expect(invite.ok).toBe(true)
    const district = await srv.login({ openid: 'silence-lc-coordinator' })
    expect((await srv.call(district, 'staff', 'invite.accept', { code: invite.data.code })).data).toMatchObject({
      role: 'coordinator',
      dept: { id: 'd-lc-labour' },
    })
    before = housing()
    counts = tableCounts(srv.db())
    const outside = await srv.call(district, 'admin', 'dept.update', { id: 'd-jx-housing', phone: '0312-5900000' })
    expect(outside.ok).toBe(false)
    expect(outside.error!.fields!.id).toContain('本辖区')
    expect(housing()).toEqual(before)
    expect(tableCounts(srv.db())).toEqual(counts)
    expect((await mine(t['worker-a']!, sub.id)).data.handler.phone).toBe('0312-5909999')
    const own = await srv.call(district, 'admin', 'dept.update', { id: 'd-lc-labour', phone: '0312-3101234' })
    expect(own.ok).toBe(true)
    expect(srv.db().prepare("SELECT phone FROM depts WHERE id = 'd-lc-labour'").get()).toEqual({ phone: '0312-3101234' })
  } finally {
    await srv.call(t.coordinator!, 'admin', 'dept.update', { id: 'd-jx-housing', phone: original.phone })
    await clock(null)
  }
})
