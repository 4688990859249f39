// The whole journey over HTTP against a fresh SQLite file: submit → accept → progress → resolve → confirm.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
let worker: string
let inspector: string
let site: string

beforeAll(async () => {
  srv = await startTestServer()
  // Friday 10:00 in Beijing: one working day later is Monday 10:00.
  await srv.dev('/dev/clock', { now: '2026-11-20T10:00:00+08:00' })
  worker = await srv.login({ persona: 'worker-a' })
  inspector = await srv.login({ persona: 'inspector' })
  site = srv.sites[0].code // 竞秀区保障性住房三期工程: housing, government-invested, 竞秀区住建局
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-20T10:00:00+08:00')

test('a sticker complaint travels to the inspector and back to a closed, rated case', async () => {
  const lookup = await srv.call(worker, 'worker', 'site.lookup', { code: site })
  expect(lookup.ok).toBe(true)
  expect(lookup.data.name).toBe('竞秀区保障性住房三期工程')
  expect(lookup.data.supervisingDept.name).toBe('竞秀区住房和城乡建设局')

  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(site))
  expect(sub.status).toBe(200)
  expect(sub.data.caseNo).toBe('130602-2026-00001')
  expect(sub.data.status).toBe('routed')
  expect(sub.data.handler.name).toBe('竞秀区住房和城乡建设局')
  expect(sub.data.firstResponder.name).toBe('竞秀区住房和城乡建设局')
  expect(sub.data.acceptDueAt).toBe('2026-11-23T02:00:00.000Z')
  const id = sub.data.id

  const queue = await srv.call(inspector, 'staff', 'queue.list', { view: 'to_accept' })
  expect(queue.data.items.map((i: any) => i.id)).toContain(id)
  const row = queue.data.items.find((i: any) => i.id === id)
  expect(row).toMatchObject({ caseNo: '130602-2026-00001', workerCount: 3, amountOwedFen: 1_250_000, card: 'none' })

  let full = await srv.call(inspector, 'staff', 'complaint.get', { id })
  expect(full.data.allowedActions).toEqual(expect.arrayContaining(['accept', 'route']))
  // The housing bureau issued the sticker, so it is the first responder too: no return to itself is offered.
  expect(full.data.allowedActions).not.toContain('return')
  expect(full.data.complainant.phone).toBe('13812345678') // the handler sees the full number
  const routed = full.data.timeline.find((e: any) => e.type === 'routed' && e.visibleToWorker === false)
  expect(routed.note).toContain('130602') // routing explains which rule matched

  await srv.dev('/dev/clock', { now: '2026-11-20T15:00:00+08:00' })
  const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id, version: full.data.version })
  expect(acc.data.status).toBe('accepted')
  // Government-invested project: 3 calendar days from acceptance.
  expect(acc.data.resolveDueAt).toBe('2026-11-23T07:00:00.000Z')

  const prog = await srv.call(inspector, 'staff', 'complaint.progress', {
    id,
    version: acc.data.version,
    note: '已约谈总包单位，三日内支付',
    visibleToWorker: true,
  })
  expect(prog.data.status).toBe('in_progress')
  const internal = await srv.call(inspector, 'staff', 'complaint.progress', {
    id,
    version: prog.data.version,
    note: '内部：分包单位负责人失联',
    visibleToWorker: false,
  })
  expect(internal.ok).toBe(true)

  const res = await srv.call(inspector, 'staff', 'complaint.resolve', {
    id,
    version: internal.data.version,
    amountRecoveredFen: 1_250_000,
    note: '工资已全部发放到工友银行卡',
  })
  expect(res.data.status).toBe('resolved')

  const mine = await srv.call(worker, 'worker', 'complaint.get', { id })
  expect(mine.data.status).toBe('resolved')
  expect(mine.data.allowedActions).toEqual(expect.arrayContaining(['confirm', 'dispute']))
  const types = mine.data.timeline.map((e: any) => e.type)
  expect(types).toEqual(['registered', 'routed', 'accepted', 'progress', 'resolved'])
  const notes = mine.data.timeline.map((e: any) => e.note).join('\n')
  expect(notes).toContain('已约谈总包单位')
  expect(notes).not.toContain('分包单位负责人失联')
  expect(notes).not.toContain('按规则')
  expect(mine.data.timeline.every((e: any) => e.visibleToWorker === undefined && e.actor === undefined)).toBe(true)

  const conf = await srv.call(worker, 'worker', 'complaint.confirm', { id, rating: 5, comment: '谢谢' })
  expect(conf.data.status).toBe('closed')
  full = await srv.call(inspector, 'staff', 'complaint.get', { id })
  expect(full.data.rating).toBe(5)
  expect(full.data.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['confirmed', 'pii_viewed']))

  const list = await srv.call(worker, 'worker', 'complaint.listMine', {})
  expect(list.data.items).toEqual([
    expect.objectContaining({ id, caseNo: '130602-2026-00001', status: 'closed', siteName: '竞秀区保障性住房三期工程' }),
  ])
})

test('submitting again with the same clientRequestId returns the same complaint', async () => {
  const body = submission(site)
  const a = await srv.call(worker, 'worker', 'complaint.submit', body)
  const b = await srv.call(worker, 'worker', 'complaint.submit', body)
  const c = await srv.call(worker, 'worker', 'complaint.submit', { ...body, amountOwedFen: 1 })
  expect(a.ok && b.ok && c.ok).toBe(true)
  expect(b.data.id).toBe(a.data.id)
  expect(b.data.caseNo).toBe(a.data.caseNo)
  expect(c.data.id).toBe(a.data.id)
  const n = srv.db().prepare('SELECT COUNT(*) AS n FROM complaints WHERE client_request_id = ?').get(body.clientRequestId) as { n: number }
  expect(n.n).toBe(1)
  // Another worker's request id never collides with this one.
  const other = await srv.login({ persona: 'worker-b' })
  const d = await srv.call(other, 'worker', 'complaint.submit', body)
  expect(d.data.id).not.toBe(a.data.id)
})

test('concurrent resubmits of one request create exactly one complaint', async () => {
  const body = submission(site)
  const replies = await Promise.all(Array.from({ length: 8 }, () => srv.call(worker, 'worker', 'complaint.submit', body)))
  expect(new Set(replies.map((r) => r.data.id)).size).toBe(1)
})

test('case numbers count up per area and year', async () => {
  const lianchi = srv.sites[1].code // 莲池区 transport
  const a = await srv.call(worker, 'worker', 'complaint.submit', submission(lianchi))
  const b = await srv.call(worker, 'worker', 'complaint.submit', submission(lianchi))
  expect(a.data.caseNo).toBe('130606-2026-00001')
  expect(b.data.caseNo).toBe('130606-2026-00002')
  expect(a.data.handler.name).toBe('保定市交通运输局')
})

test('a stale version gets CONFLICT and changes nothing', async () => {
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(site))
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const ok = await srv.call(inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(ok.ok).toBe(true)
  const stale = await srv.call(inspector, 'staff', 'complaint.progress', {
    id: sub.data.id,
    version: got.data.version,
    note: '过期的版本',
    visibleToWorker: true,
  })
  expect(stale.status).toBe(409)
  expect(stale.error!.code).toBe('CONFLICT')
  const after = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  expect(after.data.version).toBe(ok.data.version)
  expect(after.data.timeline.some((e: any) => e.note === '过期的版本')).toBe(false)
})

test('an illegal move is refused with a clear message', async () => {
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(site))
  const early = await srv.call(worker, 'worker', 'complaint.confirm', { id: sub.data.id, rating: 5 })
  expect(early.error!.code).toBe('CONFLICT')
  expect(early.error!.message).toBe('案件当前状态下不能进行此操作')
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const resolve = await srv.call(inspector, 'staff', 'complaint.resolve', {
    id: sub.data.id,
    version: got.data.version,
    amountRecoveredFen: 0,
    note: '未受理就办结',
  })
  expect(resolve.error!.code).toBe('CONFLICT')
})
