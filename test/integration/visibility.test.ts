// Nobody sees a complaint they have no business seeing.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
let housingCase: string // 竞秀区 housing site → 竞秀区住建局 handles and first received it
let selfCase: string // self-filed in 竞秀区 housing → first responder 竞秀区人社, handler 竞秀区住建局
let lianchiCase: string // 莲池区 water site → 保定市水利局

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  for (const p of ['worker-a', 'worker-b', 'desk', 'inspector', 'inspector-b', 'inspector-labour', 'coordinator'])
    t[p] = await srv.login({ persona: p })
  t.outsider = await srv.login({ openid: 'fresh-user-1' })
  housingCase = (await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))).data.id
  selfCase = (
    await srv.call(
      t['worker-a'],
      'worker',
      'complaint.submit',
      submission(null, {
        project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
        employerName: '某劳务公司',
      }),
    )
  ).data.id
  lianchiCase = (await srv.call(t['worker-b'], 'worker', 'complaint.submit', submission(srv.sites[2].code))).data.id
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('a worker sees only their own complaints', async () => {
  const a = await srv.call(t['worker-a'], 'worker', 'complaint.listMine', {})
  const b = await srv.call(t['worker-b'], 'worker', 'complaint.listMine', {})
  expect(a.data.items.map((i: any) => i.id).sort()).toEqual([housingCase, selfCase].sort())
  expect(b.data.items.map((i: any) => i.id)).toEqual([lianchiCase])
  const peek = await srv.call(t['worker-b'], 'worker', 'complaint.get', { id: housingCase })
  expect(peek.status).toBe(404)
  expect(peek.error!.code).toBe('NOT_FOUND')
  const act = await srv.call(t['worker-b'], 'worker', 'complaint.supplement', { id: housingCase, note: '我来补充' })
  expect(act.error!.code).toBe('NOT_FOUND')
})

test('a worker cannot call staff or admin actions', async () => {
  for (const [fn, action, data] of [
    ['staff', 'queue.list', { view: 'to_accept' }],
    ['staff', 'complaint.get', { id: housingCase }],
    ['staff', 'complaint.accept', { id: housingCase, version: 1 }],
    ['admin', 'dept.create', { name: '假单位', kind: 'labour', areaCode: '130602' }],
  ] as const) {
    const r = await srv.call(t['worker-a'], fn, action, data)
    expect({ action, code: r.error?.code, status: r.status }).toEqual({ action, code: 'FORBIDDEN', status: 403 })
  }
})

test('staff see what their department handles or first received, nothing else', async () => {
  // 竞秀区住建局 handles both 竞秀 cases.
  const own = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'to_accept' })
  expect(own.data.items.map((i: any) => i.id).sort()).toEqual([housingCase, selfCase].sort())
  expect((await srv.call(t.inspector, 'staff', 'complaint.get', { id: lianchiCase })).error!.code).toBe('NOT_FOUND')

  // 莲池区人社 has nothing to do with either.
  const other = await srv.call(t['inspector-b'], 'staff', 'queue.list', { view: 'to_accept' })
  expect(other.data.items).toEqual([])
  for (const id of [housingCase, selfCase, lianchiCase]) {
    expect((await srv.call(t['inspector-b'], 'staff', 'complaint.get', { id })).error!.code).toBe('NOT_FOUND')
    expect((await srv.call(t['inspector-b'], 'staff', 'complaint.accept', { id, version: 1 })).error!.code).toBe('NOT_FOUND')
  }

  // 竞秀区人社 first received the self-filed case: it sees it (masked) but may not accept it.
  const fr = await srv.call(t['inspector-labour'], 'staff', 'queue.list', { view: 'first_responder' })
  expect(fr.data.items.map((i: any) => i.id)).toEqual([selfCase])
  const seen = await srv.call(t['inspector-labour'], 'staff', 'complaint.get', { id: selfCase })
  expect(seen.data.complainant.phone).toBe('138****5678')
  expect(seen.data.allowedActions).not.toContain('accept')
  const accept = await srv.call(t['inspector-labour'], 'staff', 'complaint.accept', { id: selfCase, version: seen.data.version })
  expect(accept.error!.code).toBe('FORBIDDEN')
  expect((await srv.call(t['inspector-labour'], 'staff', 'complaint.get', { id: housingCase })).error!.code).toBe('NOT_FOUND')

  // The desk received none of these.
  expect((await srv.call(t.desk, 'staff', 'complaint.get', { id: housingCase })).error!.code).toBe('NOT_FOUND')
  // A logged-in stranger is a worker with no cases.
  expect((await srv.call(t.outsider, 'worker', 'complaint.get', { id: housingCase })).error!.code).toBe('NOT_FOUND')
})

test('the coordinator sees the whole area, masked', async () => {
  const all = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'all' })
  expect(all.data.items.map((i: any) => i.id).sort()).toEqual([housingCase, selfCase, lianchiCase].sort())
  const one = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: lianchiCase })
  expect(one.ok).toBe(true)
  expect(one.data.complainant.phone).toBe('138****5678')
})

test('returned goes back to the first responder, never to the worker', async () => {
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: selfCase })
  expect(got.data.allowedActions).toContain('return') // the labour bureau received it first, not us
  const ret = await srv.call(t.inspector, 'staff', 'complaint.return', {
    id: selfCase,
    version: got.data.version,
    reason: '外墙改造属于物业维修，非我局监管',
  })
  expect(ret.data.status).toBe('returned')
  // Gone from the housing bureau, back in the first responder's queue.
  expect((await srv.call(t.inspector, 'staff', 'complaint.get', { id: selfCase })).error!.code).toBe('NOT_FOUND')
  const back = await srv.call(t['inspector-labour'], 'staff', 'queue.list', { view: 'to_accept' })
  expect(back.data.items.map((i: any) => i.id)).toEqual([selfCase])
  // The worker sees no bounce.
  const w = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: selfCase })
  expect(w.data.timeline.map((e: any) => e.type)).not.toContain('returned')
  expect(JSON.stringify(w.data.timeline)).not.toContain('物业维修')
  // The first responder handles it itself.
  const fr = await srv.call(t['inspector-labour'], 'staff', 'complaint.get', { id: selfCase })
  expect(fr.data.allowedActions).toEqual(expect.arrayContaining(['accept', 'route']))
  const acc = await srv.call(t['inspector-labour'], 'staff', 'complaint.accept', { id: selfCase, version: fr.data.version })
  expect(acc.data.status).toBe('accepted')
})

test('the coordinator of another area sees nothing here', async () => {
  // A coordinator bound to a department outside 保定市 (created directly: no such persona).
  const db = srv.db()
  db.prepare(
    "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-other-city', '石家庄市人社局', 'labour', '130100', NULL, 1, '2026-01-01T00:00:00Z')",
  ).run()
  db.prepare(
    "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-sjz', 'coordinator', 'd-other-city', NULL, '2026-01-01T00:00:00Z')",
  ).run()
  const tok = await srv.login({ openid: 'coord-sjz' })
  const all = await srv.call(tok, 'staff', 'queue.list', { view: 'all' })
  expect(all.data.items).toEqual([])
  expect((await srv.call(tok, 'staff', 'complaint.get', { id: housingCase })).error!.code).toBe('NOT_FOUND')
  const dept = await srv.call(tok, 'admin', 'dept.create', { name: '越界单位', kind: 'labour', areaCode: '130602' })
  expect(dept.error!.code).toBe('VALIDATION')
})
