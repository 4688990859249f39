// Issue 14, part 1: a complaint about a place no unit here covers is registered by the catch-all unit,
// gets the acceptance deadline, and is transferred out with a record the worker sees (unit and phone).
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let coordinator: string

const NOW = '2026-11-18T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: NOW })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
// Each test starts at the file's instant and returns the server to real time, pass or fail.
beforeEach(() => srv.dev('/dev/clock', { now: NOW }))
afterEach(() => srv.dev('/dev/clock', { now: null }))

/** A project in 郑州市金水区 (Henan): no unit of the demo deployment (保定市) covers it. */
const zhengzhou = (over: Record<string, unknown> = {}) =>
  submission(null, {
    project: { name: '金水区某小区二期', address: '郑州市金水区花园路', areaCode: '410105', industry: 'housing' },
    ...over,
  })

test('an out-of-area complaint is registered by the catch-all unit, then transferred out; the worker sees where and whom to call', async () => {
  const worker = await srv.login({ openid: 'w-henan' })
  const sub = await srv.call(worker, 'worker', 'complaint.submit', zhengzhou())
  expect(sub.status).toBe(200)
  // Registered, never refused: the labour department of the widest area here is the catch-all unit.
  expect(sub.data).toMatchObject({
    status: 'routed',
    firstResponder: { id: 'd-city-labour', name: '保定市人社局劳动保障监察支队' },
    handler: { id: 'd-city-labour' },
  })
  expect(sub.data.caseNo).toMatch(/^410105-2026-\d{5}$/)
  // One working day to act on it (Wednesday 09:00 → Thursday 09:00), like any routed case.
  expect(sub.data.acceptDueAt).toBe('2026-11-19T01:00:00.000Z')
  const id = sub.data.id

  const mine = await srv.call(worker, 'worker', 'complaint.get', { id })
  const note = mine.data.timeline.map((e: any) => e.note).join('\n')
  expect(note).toContain('河南省郑州市金水区')
  expect(note).toContain('不在本地受理范围')
  expect(mine.data.transferredTo).toBeNull()

  // The catch-all unit's staff have it in their queue to act on.
  const queue = await srv.call(coordinator, 'staff', 'queue.list', { view: 'to_accept' })
  expect(queue.data.items.map((i: any) => i.id)).toContain(id)
  const full = await srv.call(coordinator, 'staff', 'complaint.get', { id })
  expect(full.data.allowedActions).toContain('transferOut')
  const internal = full.data.timeline.find((e: any) => e.type === 'routed' && e.visibleToWorker === false)
  expect(internal.note).toContain('不在本系统受理范围')

  // A bad phone is refused by name, and changes nothing.
  const before = tableCounts(srv.db())
  const bad = await srv.call(coordinator, 'staff', 'complaint.transferOut', {
    id,
    version: full.data.version,
    to: '郑州市金水区人社局',
    phone: '12',
    note: '转属地',
  })
  expect(bad.status).toBe(400)
  expect(bad.error!.fields).toHaveProperty('phone')
  expect(bad.error!.message).toMatch(/电话/)
  expect(tableCounts(srv.db())).toEqual(before)

  const out = await srv.call(coordinator, 'staff', 'complaint.transferOut', {
    id,
    version: full.data.version,
    to: '郑州市金水区人力资源和社会保障局',
    phone: '0371-12333',
    note: '项目在郑州市金水区，已转属地人社部门办理',
  })
  expect(out.data.status).toBe('transferred_out')

  const seen = await srv.call(worker, 'worker', 'complaint.get', { id })
  expect(seen.data.status).toBe('transferred_out')
  expect(seen.data.transferredTo).toEqual({ name: '郑州市金水区人力资源和社会保障局', phone: '0371-12333' })
  const last = seen.data.timeline[seen.data.timeline.length - 1]
  expect(last).toMatchObject({ type: 'transferred_out' })
  expect(last.note).toContain('郑州市金水区人力资源和社会保障局')
  expect(last.note).toContain('0371-12333')

  // Nobody without business in it sees it: another worker, a district inspector.
  expect((await srv.call(await srv.login({ persona: 'worker-b' }), 'worker', 'complaint.get', { id })).status).toBe(404)
  expect((await srv.call(await srv.login({ persona: 'inspector-b' }), 'staff', 'complaint.get', { id })).status).toBe(404)
})

test('a desk filing about another province keeps the desk as first responder; the catch-all unit handles and transfers', async () => {
  const desk = await srv.login({ persona: 'desk' })
  const r = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    zhengzhou({ project: { name: '天河区某商场', areaCode: '440106', industry: 'other' } }),
  )
  expect(r.status).toBe(200)
  expect(r.data.firstResponder.id).toBe('d-jx-desk')
  expect(r.data.handler.id).toBe('d-city-labour')
})

test('the configured catch-all unit is used; it must be an active unit of the area that handles cases', async () => {
  const refused = await srv.call(coordinator, 'admin', 'config.set', { outOfArea: { catchAllDeptId: 'd-jx-desk' } })
  expect(refused.status).toBe(400)
  expect(refused.error!.fields).toHaveProperty(['outOfArea.catchAllDeptId'])
  expect((await srv.call(coordinator, 'admin', 'config.set', { outOfArea: { catchAllDeptId: 'd-jx-labour' } })).ok).toBe(true)
  try {
    const sub = await srv.call(
      await srv.login({ openid: 'w-beijing' }),
      'worker',
      'complaint.submit',
      zhengzhou({ project: { name: '朝阳区某工地', areaCode: '110105', industry: 'housing' } }),
    )
    expect(sub.data.firstResponder.id).toBe('d-jx-labour')
    expect(sub.data.handler.id).toBe('d-jx-labour')
  } finally {
    await srv.call(coordinator, 'admin', 'config.set', { outOfArea: { catchAllDeptId: '' } })
  }
})

test('VALIDATION remains for malformed places only', async () => {
  const worker = await srv.login({ openid: 'w-typo' })
  for (const areaCode of ['999999', '130600', '41010']) {
    const r = await srv.call(
      worker,
      'worker',
      'complaint.submit',
      zhengzhou({ project: { name: '某工地', areaCode, industry: 'housing' } }),
    )
    expect(r.status).toBe(400)
    expect(r.error!.fields).toHaveProperty(['project.areaCode'])
  }
})
