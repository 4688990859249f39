// Issue 16 through the server: a named 承办人 (profile, accept, assign, queue "mine", receipt, ledger,
// the worker sees the unit's phone only), supervision (挂牌督办 with its own deadline, 包案) and 提级办理,
// referral to an outcome with a follow-up deadline, severe signals, money paid ahead and penalties.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const DAY = '2026-11-18T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: DAY })
  for (const p of ['worker-a', 'inspector', 'inspector-labour', 'coordinator']) t[p] = await srv.login({ persona: p })
  // A second official of 竞秀区住建局, to hand cases to.
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('insp-jx-2', 'inspector', 'd-jx-housing', '住建局钱科员', '2026-01-01T00:00:00Z')",
    )
    .run()
  t.colleague = await srv.login({ openid: 'insp-jx-2' })
  await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
})
afterAll(() => srv.close())
clockPerTest(() => srv, DAY)

/** A self-filed 竞秀区 housing case, accepted by 住建局赵科长. */
async function acceptedCase(over: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const sub = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
      employerName: `某劳务公司${Math.random()}`,
      ...over,
    }),
  )
  expect(sub.ok).toBe(true)
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  return { id: sub.data.id, version: acc.data.version }
}

/** The last event of a type on a staff timeline (a handler's read of the case adds pii_viewed events). */
const lastOf = (v: { timeline: { type: string; note: string }[] }, type: string) => [...v.timeline].reverse().find((e) => e.type === type)
const get = async (token: string, id: string) => (await srv.call(token, 'staff', 'complaint.get', { id })).data
const outbox = async (complaintId: string): Promise<{ recipient: string; title: string }[]> => {
  const r = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  return r.items.filter((m: { complaintId: string }) => m.complaintId === complaintId)
}

describe('a named person (承办人)', () => {
  test('profile.set names the official; a bad phone is refused naming the field and writes nothing', async () => {
    const before = tableCounts(srv.db())
    const bad = await srv.call(t.inspector, 'staff', 'profile.set', { name: '赵建国', phone: '12' })
    expect(bad.error?.code).toBe('VALIDATION')
    expect(bad.error?.fields?.phone).toMatch(/电话/)
    expect(tableCounts(srv.db())).toEqual(before)
    const ok = await srv.call(t.inspector, 'staff', 'profile.set', { name: '赵建国', phone: '0312-5905601' })
    expect(ok.data).toEqual({ name: '赵建国', officePhone: '0312-5905601' })
    const me = await srv.call(t.inspector, 'staff', 'me', {})
    expect(me.data).toMatchObject({ name: '赵建国', officePhone: '0312-5905601' })
    const worker = await srv.call(t['worker-a'], 'staff', 'profile.set', { name: '张三', phone: '0312-5905601' })
    expect(worker.error?.code).toBe('FORBIDDEN')
  })

  test('accepting makes the acceptor the 承办人; assign hands it to a colleague of the same department only', async () => {
    await srv.call(t.inspector, 'staff', 'profile.set', { name: '赵建国', phone: '0312-5905601' })
    const c = await acceptedCase()
    const staffView = await get(t.inspector, c.id)
    expect(staffView.assignee).toEqual({ openid: 'persona-inspector', name: '赵建国', officePhone: '0312-5905601' })
    expect(staffView.colleagues.map((x: { openid: string }) => x.openid).sort()).toEqual(['insp-jx-2', 'persona-inspector'])
    expect(staffView.allowedActions).toContain('assign')

    // Not a colleague: 竞秀区劳动监察 is another department. Nothing is written.
    const before = tableCounts(srv.db())
    const wrong = await srv.call(t.inspector, 'staff', 'complaint.assign', {
      id: c.id,
      version: c.version,
      toOpenid: 'persona-inspector-labour',
    })
    expect(wrong.error?.code).toBe('VALIDATION')
    expect(wrong.error?.fields?.toOpenid).toMatch(/同事/)
    expect(tableCounts(srv.db())).toEqual(before)

    const ok = await srv.call(t.inspector, 'staff', 'complaint.assign', { id: c.id, version: c.version, toOpenid: 'insp-jx-2' })
    expect(ok.ok).toBe(true)
    expect((await get(t.inspector, c.id)).assignee.name).toBe('住建局钱科员')
    const stale = await srv.call(t.inspector, 'staff', 'complaint.assign', { id: c.id, version: c.version, toOpenid: 'persona-inspector' })
    expect(stale.error?.code).toBe('CONFLICT')

    // Queue "mine": the colleague has it, the first official no longer.
    const mine = await srv.call(t.colleague, 'staff', 'queue.list', { view: 'mine' })
    expect(mine.data.items.map((x: { id: string }) => x.id)).toContain(c.id)
    expect(mine.data.items.find((x: { id: string }) => x.id === c.id).assigneeName).toBe('住建局钱科员')
    const notMine = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'mine' })
    expect(notMine.data.items.map((x: { id: string }) => x.id)).not.toContain(c.id)

    // The receipt and the ledger name the 承办人.
    const receipt = await srv.call(t.inspector, 'staff', 'complaint.receipt', { id: c.id })
    expect(receipt.data.assignee).toEqual({ name: '住建局钱科员', officePhone: '' })
    const ledger = await srv.call(t.inspector, 'staff', 'ledger.export', { format: 'csv' })
    const csv = Buffer.from(ledger.data.base64, 'base64').toString('utf8')
    expect(csv.split('\r\n')[0]).toContain('承办人')
    const caseNo = (await get(t.inspector, c.id)).caseNo
    expect(csv.split('\r\n').find((l) => l.startsWith(caseNo))).toMatch(/住建局钱科员$/)

    // The worker sees the unit and its public phone, never the official's name or office phone.
    const w = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: c.id })
    expect(w.data.handler).toEqual({ id: 'd-jx-housing', name: '竞秀区住房和城乡建设局', phone: '0312-5905678' })
    expect(JSON.stringify(w.data)).not.toMatch(/0312-5905601|赵建国|钱科员|assignee/)
  })
})

describe('supervision and escalation', () => {
  test('挂牌督办 with a leader in charge: its own deadline, carded by the scheduler once, reaching departments and coordinators', async () => {
    const c = await acceptedCase()
    const byHandler = await srv.call(t.inspector, 'staff', 'complaint.supervise', {
      id: c.id,
      version: c.version,
      note: '三日内办结',
      dueAt: '2026-11-20',
    })
    expect(byHandler.error?.code).toBe('FORBIDDEN')
    const past = await srv.call(t.coordinator, 'staff', 'complaint.supervise', {
      id: c.id,
      version: c.version,
      note: '三日内办结',
      dueAt: '2026-11-01',
    })
    expect(past.error?.fields?.dueAt).toBe('督办期限应晚于现在')
    const r = await srv.call(t.coordinator, 'staff', 'complaint.supervise', {
      id: c.id,
      version: c.version,
      note: '三日内办结',
      dueAt: '2026-11-20',
      leaderName: '王副市长',
    })
    expect(r.ok).toBe(true)
    const v = await get(t.inspector, c.id)
    expect(v.supervision).toEqual({ note: '三日内办结', dueAt: '2026-11-20T15:59:59.000Z', leaderName: '王副市长', overdue: false })
    expect(lastOf(v, 'supervised')?.note).toContain('包案领导王副市长')
    expect((await outbox(c.id)).some((m) => m.recipient === 'dept:d-jx-housing' && m.title === '案件已挂牌督办')).toBe(true)

    // Before its deadline nothing happens; after it, one card, however often the scheduler runs.
    await srv.dev('/dev/clock', { now: '2026-11-20T23:00:00+08:00' })
    await srv.dev('/dev/tick', {})
    expect((await get(t.inspector, c.id)).supervision.overdue).toBe(false)
    await srv.dev('/dev/clock', { now: '2026-11-21T00:01:00+08:00' })
    await srv.dev('/dev/tick', {})
    await srv.dev('/dev/tick', {})
    const after = await get(t.inspector, c.id)
    expect(after.supervision.overdue).toBe(true)
    expect(after.timeline.filter((e: { type: string }) => e.type === 'supervision_overdue')).toHaveLength(1)
    expect((await outbox(c.id)).some((m) => m.recipient === 'coord:130602' && m.title === '督办案件已超期')).toBe(true)
  })

  test("提级办理: a department of the coordinator's level becomes the handler and must accept", async () => {
    const c = await acceptedCase()
    const bad = await srv.call(t.coordinator, 'staff', 'complaint.escalate', {
      id: c.id,
      version: c.version,
      toDeptId: 'd-jx-labour',
      reason: '案情重大',
    })
    expect(bad.error?.fields?.toDeptId).toBe('提级办理只能交给本级的办理单位')
    const r = await srv.call(t.coordinator, 'staff', 'complaint.escalate', {
      id: c.id,
      version: c.version,
      toDeptId: 'd-city-labour',
      reason: '案情重大',
    })
    expect(r.data.status).toBe('routed')
    const v = await get(t.coordinator, c.id)
    expect(v.handler.id).toBe('d-city-labour')
    expect(v.assignee).toBeNull()
    expect(v.allowedActions).toContain('accept')
    // The old handler no longer sees it.
    expect((await srv.call(t.inspector, 'staff', 'complaint.get', { id: c.id })).error?.code).toBe('NOT_FOUND')
  })
})

describe('referral to an outcome', () => {
  test('a referred case stays on the queue, is followed up by the clock, and its outcome lets it be resolved', async () => {
    const c = await acceptedCase()
    const ref = await srv.call(t.inspector, 'staff', 'complaint.refer', {
      id: c.id,
      version: c.version,
      to: 'legal_aid',
      note: '申请法律援助',
    })
    expect(ref.data.status).toBe('referred')
    const queue = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'in_progress' })
    expect(queue.data.items.map((x: { id: string }) => x.id)).toContain(c.id)
    expect((await srv.call(t.inspector, 'staff', 'queue.list', { view: 'mine' })).data.items.map((x: { id: string }) => x.id)).toContain(
      c.id,
    )
    expect(lastOf(await get(t.inspector, c.id), 'referred')?.note).toContain('法律援助机构')

    // 30 days on (the default follow-up), the handler is reminded once, and again 30 days later.
    await srv.dev('/dev/clock', { now: '2026-12-18T08:00:00+08:00' })
    await srv.dev('/dev/tick', {})
    expect((await get(t.inspector, c.id)).timeline.filter((e: { type: string }) => e.type === 'follow_up_due')).toHaveLength(0)
    await srv.dev('/dev/clock', { now: '2026-12-18T10:00:00+08:00' })
    await srv.dev('/dev/tick', {})
    await srv.dev('/dev/tick', {})
    let v = await get(t.inspector, c.id)
    expect(v.timeline.filter((e: { type: string }) => e.type === 'follow_up_due')).toHaveLength(1)
    expect((await outbox(c.id)).some((m) => m.recipient === 'dept:d-jx-housing' && m.title === '移送案件请跟进结果')).toBe(true)

    const before = tableCounts(srv.db())
    const bad = await srv.call(t.inspector, 'staff', 'complaint.referralOutcome', {
      id: c.id,
      version: v.version,
      outcome: 'won',
      refNo: '保劳仲案〔2026〕12号',
      note: '裁决',
    })
    expect(bad.error?.fields?.outcome).toBe('请选择移送结果')
    expect(tableCounts(srv.db())).toEqual(before)
    const out = await srv.call(t.inspector, 'staff', 'complaint.referralOutcome', {
      id: c.id,
      version: v.version,
      outcome: 'award',
      refNo: '保劳仲案〔2026〕12号',
      amountFen: 1_000_000,
      note: '裁决支付工资',
    })
    expect(out.data.status).toBe('in_progress')
    const w = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: c.id })
    expect(w.data.timeline.at(-1).note).toContain('仲裁裁决（保劳仲案〔2026〕12号），确定金额10,000 元')
    // No more follow-ups once the outcome is back.
    await srv.dev('/dev/clock', { now: '2027-02-18T10:00:00+08:00' })
    await srv.dev('/dev/tick', {})
    v = await get(t.inspector, c.id)
    expect(v.timeline.filter((e: { type: string }) => e.type === 'follow_up_due')).toHaveLength(1)
    const res = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: v.version,
      amountRecoveredFen: 1_000_000,
      note: '已按裁决支付',
    })
    expect(res.data.status).toBe('resolved')
  })
})

describe('risk that follows the facts', () => {
  test("a flag makes the site's open cases severe and raises the immediate report once", async () => {
    const site = srv.sites[0].code
    const a = await acceptedCase({ ...submission(site), project: undefined })
    const b = await acceptedCase({ ...submission(site), project: undefined })
    const bad = await srv.call(t.inspector, 'staff', 'complaint.flag', { id: a.id, version: a.version, signal: 'fire', note: '有人爬塔吊' })
    expect(bad.error?.fields?.signal).toMatch(/风险情形/)
    const r = await srv.call(t.inspector, 'staff', 'complaint.flag', {
      id: a.id,
      version: a.version,
      signal: 'extreme_act',
      note: '有人爬塔吊',
    })
    expect(r.ok).toBe(true)
    expect((await get(t.inspector, a.id)).riskLevel).toBe('severe')
    expect((await get(t.inspector, b.id)).riskLevel).toBe('severe')
    // Reported in the site's entry of the day (one entry per subject and Beijing day), with the cases linked.
    const flagged = () =>
      srv
        .db()
        .prepare("SELECT a.* FROM alerts a, json_each(a.triggers) j WHERE j.value = 'flag:extreme_act' AND a.subject = ?")
        .all(`site:${site}`) as { id: string; complaint_ids: string; raised: number }[]
    expect(flagged()).toHaveLength(1)
    expect(JSON.parse(flagged()[0].complaint_ids)).toEqual(expect.arrayContaining([a.id, b.id]))
    const alerts = await srv.call(t.coordinator, 'staff', 'alerts.list', {})
    expect(alerts.data.items.map((x: { id: string }) => x.id)).toContain(flagged()[0].id)
    expect((await outbox(a.id)).some((m) => m.recipient === 'coord:130602' && m.title === '欠薪风险即时报告')).toBe(true)
    // The coordinator may flag too; the same signal on the same site is not reported twice.
    const again = await srv.call(t.coordinator, 'staff', 'complaint.flag', {
      id: b.id,
      version: (await get(t.coordinator, b.id)).version,
      signal: 'extreme_act',
      note: '再次爬塔吊',
    })
    expect(again.ok).toBe(true)
    const raised = flagged()[0].raised
    expect(flagged()).toHaveLength(1)
    expect(flagged()[0].raised).toBe(raised)
  })
})

describe('the money loop', () => {
  test('money paid ahead is shown to the worker; penalties stay on the staff record', async () => {
    const c = await acceptedCase()
    const zero = await srv.call(t.inspector, 'staff', 'complaint.advance', {
      id: c.id,
      version: c.version,
      source: 'emergency_fund',
      amountFen: 0,
      note: '垫付',
    })
    expect(zero.error?.fields?.amountFen).toBe('垫付金额应大于0')
    const r = await srv.call(t.inspector, 'staff', 'complaint.advance', {
      id: c.id,
      version: c.version,
      source: 'emergency_fund',
      amountFen: 500_000,
      note: '应急周转金先行垫付',
    })
    expect(r.ok).toBe(true)
    const p = await srv.call(t.inspector, 'staff', 'complaint.penalty', {
      id: c.id,
      version: r.data.version,
      kind: 'payment_order',
      docNo: '竞住建责〔2026〕3号',
      note: '责令十日内支付',
    })
    expect(p.ok).toBe(true)
    const w = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: c.id })
    expect(w.data.advancedFen).toBe(500_000)
    expect(w.data.timeline.map((e: { note: string }) => e.note)).toContain('已先行垫付5,000 元（应急周转金）：应急周转金先行垫付')
    expect(JSON.stringify(w.data.timeline)).not.toContain('竞住建责')
    const s = await get(t.inspector, c.id)
    expect(lastOf(s, 'penalty')?.note).toContain('责令限期支付（竞住建责〔2026〕3号）')
  })
})
