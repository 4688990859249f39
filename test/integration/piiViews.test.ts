// Issue 17 point 6: a look at a complainant's personal data is on the record once per official, case
// and Beijing day. Reloading the case page (every complaint.get) is not another look; the next Beijing
// day is, and so is another official's look.
import { startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'inspector', 'coordinator']) t[p] = await srv.login({ persona: p })
})
afterAll(async () => {
  await srv.dev('/dev/clock', { now: null })
  await srv.close()
})

const views = (id: string) =>
  srv
    .db()
    .prepare("SELECT note, actor_openid AS actor, at FROM events WHERE complaint_id = ? AND type = 'pii_viewed' ORDER BY id")
    .all(id) as { note: string; actor: string; at: string }[]

async function fileCase(): Promise<string> {
  const r = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  expect(r.ok).toBe(true)
  return r.data.id as string
}

test("the handler's reloads on one Beijing day make one record; the next Beijing day makes another", async () => {
  // 23:50 Beijing on the 18th, then 23:59, then 00:05 on the 19th (16:05 UTC, still the 18th in UTC).
  await srv.dev('/dev/clock', { now: '2026-11-18T23:50:00+08:00' })
  const id = await fileCase()
  for (let i = 0; i < 3; i++) {
    const r = await srv.call(t.inspector, 'staff', 'complaint.get', { id })
    expect(r.data.complainant.phone).toBe('13812345678')
  }
  await srv.dev('/dev/clock', { now: '2026-11-18T23:59:00+08:00' })
  await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  expect(views(id)).toEqual([{ note: '查看了投诉人完整联系方式', actor: 'persona-inspector', at: '2026-11-18T15:50:00.000Z' }])

  await srv.dev('/dev/clock', { now: '2026-11-19T00:05:00+08:00' })
  await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  expect(views(id).map((v) => v.at)).toEqual(['2026-11-18T15:50:00.000Z', '2026-11-18T16:05:00.000Z'])

  // The timeline the handler reads shows the two looks, not one per reload.
  const seen = await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  expect(seen.data.timeline.filter((e: { type: string }) => e.type === 'pii_viewed')).toHaveLength(2)
})

test('another official opening the name is recorded once a day, separately from the handler', async () => {
  await srv.dev('/dev/clock', { now: '2026-11-20T10:00:00+08:00' })
  const id = await fileCase()
  await srv.call(t.inspector, 'staff', 'complaint.get', { id })
  // Looking without opening the name writes nothing; opening it twice writes once.
  const masked = await srv.call(t.coordinator, 'staff', 'complaint.get', { id })
  expect(masked.data.nameMasked).toBe(true)
  expect(views(id).map((v) => v.actor)).toEqual(['persona-inspector'])
  for (let i = 0; i < 2; i++) {
    const opened = await srv.call(t.coordinator, 'staff', 'complaint.get', { id, revealName: true })
    expect(opened.data.nameMasked).toBe(false)
  }
  expect(views(id).map((v) => [v.actor, v.note])).toEqual([
    ['persona-inspector', '查看了投诉人完整联系方式'],
    ['persona-coordinator', '查看了投诉人姓名'],
  ])
  // A masked look after the name was opened is still no record.
  await srv.call(t.coordinator, 'staff', 'complaint.get', { id })
  expect(views(id)).toHaveLength(2)
})
