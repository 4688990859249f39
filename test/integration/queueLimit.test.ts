// The bench's queue limit (bench/queueLimit.ts) reads the very pages queue.list answers: the same cases, in
// the same order, with the same next-page cursor, for every view the bench measures. If the action's query
// changed and the limit's did not, the bench would compare the server with a different page.
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import type { QueueView } from '../../cloudfunctions/core/ports'
import { pageReader } from '../../bench/queueLimit'
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
beforeAll(async () => {
  srv = await startTestServer()
})
afterAll(() => srv.close())
clockPerTest(() => srv)

const VIEWS: [persona: string, view: QueueView][] = [
  ['inspector', 'to_accept'],
  ['inspector', 'in_progress'],
  ['inspector', 'first_responder'],
  ['inspector', 'mine'],
  ['inspector', 'all'],
  ['inspector', 'overdue'],
  ['coordinator', 'all'],
  ['coordinator', 'overdue'],
  ['coordinator', 'severe'],
]

test('every benched view: the limit reads the same page and cursor as queue.list', async () => {
  await srv.dev('/dev/clock', { now: '2026-11-02T09:00:00+08:00' })
  const inspector = await srv.login({ persona: 'inspector' })
  const coordinator = await srv.login({ persona: 'coordinator' })
  // More cases than a page (20) at the inspector's site and at the others of the coordinator's area.
  const ids: string[] = []
  for (let i = 0; i < 26; i++) {
    const worker = await srv.login({ openid: `oQueueLimit${i}` })
    const site = srv.sites[i % 3].code
    const r = await srv.call(worker, 'worker', 'complaint.submit', submission(site))
    expect(r.ok).toBe(true)
    ids.push(r.data.id)
  }
  // Some accepted (then overdue: red and yellow cards), the rest past their acceptance deadline.
  for (const id of ids.slice(0, 12)) {
    const got = await srv.call(inspector, 'staff', 'complaint.get', { id })
    if (got.ok) await srv.call(inspector, 'staff', 'complaint.accept', { id, version: got.data.version })
  }
  await srv.dev('/dev/clock', { now: '2026-11-20T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})
  const now = Date.parse('2026-11-20T09:00:00+08:00')

  const storage = new SqliteStorage(`${srv.dataDir}/xinanma.db`, { readonly: true })
  const read = pageReader(storage)
  const tokens: Record<string, string> = { inspector, coordinator }
  let nonEmpty = 0
  let paged = 0
  try {
    for (const [persona, view] of VIEWS) {
      const served = await srv.call(tokens[persona], 'staff', 'queue.list', { view, limit: 20 })
      expect(served.ok).toBe(true)
      const limit = await read(persona, view, now)
      expect([persona, view, limit.page.map((c) => c.id), limit.next]).toEqual([
        persona,
        view,
        served.data.items.map((i: { id: string }) => i.id),
        served.data.nextCursor,
      ])
      if (limit.page.length) nonEmpty++
      if (limit.next) paged++
    }
  } finally {
    storage.close()
  }
  // The comparison is not of empty pages only: most views hold cases, and some more than a page.
  expect(nonEmpty).toBeGreaterThanOrEqual(6)
  expect(paged).toBeGreaterThanOrEqual(2)
})
