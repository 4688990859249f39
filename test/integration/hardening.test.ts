// Holes an outside review found (issue 15), each closed and checked through the local server.
import { defuse } from '../../cloudfunctions/core/ledger'
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let worker: string
let desk: string
let inspector: string
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  worker = await srv.login({ persona: 'worker-a' })
  desk = await srv.login({ persona: 'desk' })
  inspector = await srv.login({ persona: 'inspector' })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('a field named __proto__ is named in the message like any other, and nothing is written', async () => {
  const before = tableCounts(srv.db())
  // JSON.parse makes `__proto__` an own key of `data`, as a hostile client would send it.
  const body = JSON.stringify({ action: 'complaint.submit', data: submission(srv.sites[0].code) }).replace(
    /\}\}$/,
    ',"__proto__":{"x":1}}}',
  )
  const r = await srv.raw('worker', body, worker)
  expect(r.status).toBe(400)
  expect(r.error!.code).toBe('VALIDATION')
  expect(r.error!.message).toBe('不支持的字段：__proto__')
  expect(r.error!.message).not.toMatch(/undefined|有0处/)
  expect(Object.keys(r.error!.fields!)).toEqual(['__proto__'])
  expect(tableCounts(srv.db())).toEqual(before)
})

test('a name of invisible or direction-override characters only is refused; direction controls are stripped from names', async () => {
  const before = tableCounts(srv.db())
  for (const name of ['\u200b\u200b', '\u202e\u2066', '\u3164', ' \ufeff ']) {
    const r = await srv.call(
      worker,
      'worker',
      'complaint.submit',
      submission(srv.sites[0].code, { complainant: { name, phone: '13812345678' } }),
    )
    expect(r.error).toMatchObject({ code: 'VALIDATION', fields: { 'complainant.name': '请填写姓名' } })
  }
  expect(tableCounts(srv.db())).toEqual(before)
  const ok = await srv.call(
    worker,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { complainant: { name: '\u202e张师傅\u202c', phone: '13812345678' } }),
  )
  expect(ok.ok).toBe(true)
  const got = await srv.call(worker, 'worker', 'complaint.get', { id: ok.data.id })
  expect(got.data.complainant.name).toBe('张师傅')
})

test('exports defuse formulas behind full-width signs and invisible leading characters', () => {
  for (const v of ['=1+1', '＝HYPERLINK("x")', '\u200b=cmd|x', '\ufeff+1', '－1', '＠SUM(A1)', ' @x']) expect(defuse(v)).toBe(`'${v}`)
  for (const v of ['张师傅', '1,250', '河北-保定', 42]) expect(defuse(v)).toBe(v)
})

test('the staff case lists only related cases the caller may see, and counts the rest', async () => {
  const site = srv.sites[0].code
  const mine = await srv.call(worker, 'worker', 'complaint.submit', submission(site))
  const other = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(site, { complainant: { name: '李四', phone: '13900000009' } }),
  )
  expect(mine.ok && other.ok).toBe(true)
  // The desk, first responder of its own filing, sends that case to the water bureau: the housing inspector loses it.
  const otherCase = await srv.call(desk, 'staff', 'complaint.get', { id: other.data.id })
  const routed = await srv.call(desk, 'staff', 'complaint.route', {
    id: other.data.id,
    version: otherCase.data.version,
    toDeptId: 'd-city-water',
    reason: '属水利项目',
  })
  expect(routed.ok).toBe(true)
  const seen = await srv.call(inspector, 'staff', 'complaint.get', { id: mine.data.id })
  expect(seen.ok).toBe(true)
  expect(seen.data.related.map((r: any) => r.id)).not.toContain(other.data.id)
  expect(seen.data.relatedHidden).toBeGreaterThanOrEqual(1)
  expect(JSON.stringify(seen.data)).not.toContain(other.data.caseNo)
  // The coordinator of the city sees both.
  const coord = await srv.call(coordinator, 'staff', 'complaint.get', { id: mine.data.id })
  expect(coord.data.related.map((r: any) => r.id)).toContain(other.data.id)
})

test('first responder and coordinator see the name masked unless they open it on purpose, which is recorded', async () => {
  const filed = await srv.call(
    worker,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { complainant: { name: '赵铁柱', phone: '13812340000' } }),
  )
  const asCoordinator = await srv.call(coordinator, 'staff', 'complaint.get', { id: filed.data.id })
  expect(asCoordinator.data.complainant.name).toBe('赵**')
  expect(asCoordinator.data.nameMasked).toBe(true)
  expect(asCoordinator.data.complainant.phone).toBe('138****0000')
  const opened = await srv.call(coordinator, 'staff', 'complaint.get', { id: filed.data.id, revealName: true })
  expect(opened.data.complainant.name).toBe('赵铁柱')
  expect(opened.data.nameMasked).toBe(false)
  expect(opened.data.complainant.phone).toBe('138****0000')
  const log = srv
    .db()
    .prepare("SELECT note, actor_openid FROM events WHERE complaint_id = ? AND type = 'pii_viewed'")
    .all(filed.data.id) as any[]
  expect(log).toEqual([{ note: '查看了投诉人姓名', actor_openid: 'persona-coordinator' }])
  // The handler sees everything, on the record as before.
  const asHandler = await srv.call(inspector, 'staff', 'complaint.get', { id: filed.data.id })
  expect(asHandler.data.complainant).toMatchObject({ name: '赵铁柱', phone: '13812340000' })
  expect(asHandler.data.nameMasked).toBe(false)
})
