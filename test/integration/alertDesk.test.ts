// Issue 17, point 4 (the reading side): alerts are titled by the project's or employer's name, list case
// numbers, carry a state (new, read, handled with a note, who and when) that the list filters by, and are
// only the business of coordinators whose area holds them.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'inspector', 'coordinator']) t[p] = await srv.login({ persona: p })
  srv
    .db()
    .prepare(
      "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-sjz', '石家庄市人社局', 'labour', '130100', NULL, 1, '2026-01-01T00:00:00Z')",
    )
    .run()
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-sjz', 'coordinator', 'd-sjz', NULL, '2026-01-01T00:00:00Z')",
    )
    .run()
  t.other = await srv.login({ openid: 'coord-sjz' })
  await srv.call(t.coordinator, 'staff', 'profile.set', { name: '李主任', phone: '0312-5900000' })
})
afterAll(() => srv.close())
clockPerTest(() => srv, '2026-11-24T10:00:00+08:00')

test('an alert reads by name with its case numbers; read, then handled with a note; filtered by state; nobody else sees or works it', async () => {
  const site = srv.sites[3] // 莲池区万和商业广场
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(site.code, { workerCount: 30, owedSince: '2026-08' }))
  expect(sub.ok).toBe(true)

  const all = await srv.call(t.coordinator, 'staff', 'alerts.list', {})
  const mine = all.data.items.filter((a: any) => a.subject === `site:${site.code}`)
  expect(mine.length).toBeGreaterThan(0)
  const a = mine[0]
  expect(a.title).toBe(site.name)
  expect(a.title).not.toContain(site.code)
  expect(a.kind).toBe('site')
  expect(a.cases).toContainEqual({ id: sub.data.id, caseNo: sub.data.caseNo })
  expect(a.count).toBeGreaterThanOrEqual(1)
  expect(a).toMatchObject({ state: 'new', ackNote: '', ackBy: null, ackAt: null })
  // A repeat on the same site the same day is merged into the same entry: its count and case numbers grow.
  const repeat = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(site.code, { workerCount: 25, owedSince: '2026-07' }),
  )
  const merged = (await srv.call(t.coordinator, 'staff', 'alerts.list', {})).data.items.filter(
    (x: any) => x.subject === `site:${site.code}`,
  )
  expect(merged).toHaveLength(mine.length)
  const grown = merged.find((x: any) => x.id === a.id)
  expect(grown.count).toBe(a.count + 1)
  expect(grown.cases.map((c: any) => c.caseNo)).toEqual(expect.arrayContaining([sub.data.caseNo, repeat.data.caseNo]))
  const employer = all.data.items.find((x: any) => x.kind === 'employer')
  if (employer) expect(employer.title).not.toMatch(/^\d|^uscc:|^name:/)

  // Another city's coordinator, an inspector, a worker: not theirs.
  expect((await srv.call(t.other, 'staff', 'alerts.list', {})).data.items).toEqual([])
  const before = tableCounts(srv.db())
  const snapshot = () => srv.db().prepare('SELECT * FROM alerts ORDER BY id').all()
  const rows = snapshot()
  expect((await srv.call(t.other, 'staff', 'alerts.ack', { id: a.id, note: '看看' })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(t.inspector, 'staff', 'alerts.ack', { id: a.id })).error!.code).toBe('FORBIDDEN')
  expect((await srv.call(t['worker-a'], 'staff', 'alerts.ack', { id: a.id })).error!.code).toBe('FORBIDDEN')
  expect((await srv.call(t.inspector, 'staff', 'alerts.list', {})).error!.code).toBe('FORBIDDEN')
  // Bad input names its field and writes nothing.
  const bad = await srv.call(t.coordinator, 'staff', 'alerts.ack', { id: a.id, note: 'x'.repeat(2001) })
  expect(bad.error!.fields!.note).toContain('处理情况')
  const badState = await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'done' })
  expect(badState.error!.fields!.state).toContain('提醒状态')
  expect((await srv.call(t.coordinator, 'staff', 'alerts.ack', { id: 'no-such-alert' })).error!.code).toBe('NOT_FOUND')
  expect(tableCounts(srv.db())).toEqual(before)
  expect(snapshot()).toEqual(rows)

  // Read: no note.
  const read = await srv.call(t.coordinator, 'staff', 'alerts.ack', { id: a.id })
  expect(read.data).toMatchObject({ id: a.id, state: 'read', ackNote: '', ackBy: '李主任', ackAt: '2026-11-24T02:00:00.000Z' })
  expect((await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'read' })).data.items.map((x: any) => x.id)).toEqual([a.id])
  expect((await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'new' })).data.items.map((x: any) => x.id)).not.toContain(a.id)

  // Handled with a note.
  await srv.dev('/dev/clock', { now: '2026-11-24T11:30:00+08:00' })
  const handled = await srv.call(t.coordinator, 'staff', 'alerts.ack', { id: a.id, note: '  已约谈总包单位，承诺月底前支付  ' })
  expect(handled.data).toMatchObject({
    state: 'handled',
    ackNote: '已约谈总包单位，承诺月底前支付',
    ackBy: '李主任',
    ackAt: '2026-11-24T03:30:00.000Z',
  })
  const handledList = await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'handled' })
  expect(handledList.data.items.map((x: any) => x.id)).toEqual([a.id])
  expect((await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'read' })).data.items).toEqual([])
  // Reading it again later does not undo what was done.
  const again = await srv.call(t.coordinator, 'staff', 'alerts.ack', { id: a.id })
  expect(again.data).toMatchObject({ state: 'handled', ackNote: '已约谈总包单位，承诺月底前支付' })
  const everything = await srv.call(t.coordinator, 'staff', 'alerts.list', { state: 'all' })
  expect(everything.data.items.map((x: any) => x.id).sort()).toEqual(
    (await srv.call(t.coordinator, 'staff', 'alerts.list', {})).data.items.map((x: any) => x.id).sort(),
  )
})
