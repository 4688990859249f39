// The overdue queue puts red cards first, then yellow, then cases not accepted in time, and its cursor
// pages across those tiers without losing or repeating a case.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
let worker: string
let inspector: string

beforeAll(async () => {
  srv = await startTestServer()
  worker = await srv.login({ persona: 'worker-a' })
  inspector = await srv.login({ persona: 'inspector' })
})
afterAll(() => srv.close())
// Tests set the clock they need; each ends back at real time.
clockPerTest(() => srv)

const submit = async () => (await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))).data
async function accept(id: string) {
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id })
  return (await srv.call(inspector, 'staff', 'complaint.accept', { id, version: got.data.version })).data
}

test('red, then yellow, then not accepted in time; one row per page and back to the same set', async () => {
  await srv.dev('/dev/clock', { now: '2026-11-02T09:00:00+08:00' })
  const waiting = await submit() // never accepted
  const quiet = await submit() // accepted, no progress: red
  const busy = await submit() // accepted, progress after the deadline: yellow
  await accept(quiet.id)
  const acc = await accept(busy.id)

  await srv.dev('/dev/clock', { now: '2026-11-06T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})
  await srv.call(inspector, 'staff', 'complaint.progress', {
    id: busy.id,
    version: (await srv.call(inspector, 'staff', 'complaint.get', { id: busy.id })).data.version,
    note: '已约谈老板',
    visibleToWorker: true,
  })
  expect(acc.status).toBe('accepted')

  await srv.dev('/dev/clock', { now: '2026-11-16T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})

  const whole = await srv.call(inspector, 'staff', 'queue.list', { view: 'overdue' })
  expect(whole.data.items.map((i: any) => [i.id, i.card])).toEqual([
    [quiet.id, 'red'],
    [busy.id, 'yellow'],
    [waiting.id, 'none'],
  ])
  expect(whole.data.nextCursor).toBeNull()

  const paged: string[] = []
  let cursor: string | undefined
  for (let i = 0; i < 6; i++) {
    const page = await srv.call(inspector, 'staff', 'queue.list', { view: 'overdue', limit: 1, ...(cursor ? { cursor } : {}) })
    expect(page.ok).toBe(true)
    paged.push(...page.data.items.map((x: any) => x.id))
    cursor = page.data.nextCursor ?? undefined
    if (!cursor) break
  }
  expect(paged).toEqual([quiet.id, busy.id, waiting.id])

  const forged = await srv.call(inspector, 'staff', 'queue.list', {
    view: 'overdue',
    cursor: Buffer.from(JSON.stringify(['', '', 'purple'])).toString('base64url'),
  })
  expect(forged).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { cursor: expect.any(String) } } })
})
