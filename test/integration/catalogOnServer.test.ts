// The local server reads departments, rules and configuration through the process's catalog cache
// (catalogCache.ts), as CloudBase does: a warm submit reads none of them from SQLite, and a change made
// through an action (or straight into the file by a test) is seen by the very next call.
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
beforeAll(async () => {
  srv = await startTestServer()
})
afterAll(() => srv.close())
afterEach(() => jest.restoreAllMocks())

test('a warm submit reads no department, rule or configuration from SQLite; a change is seen at once', async () => {
  const coordinator = await srv.login({ persona: 'coordinator' })
  expect((await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 3 } })).ok).toBe(true)
  const worker = await srv.login({ openid: 'catalog-worker' })
  // Warm: the site's area has been read once.
  expect((await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[1].code))).ok).toBe(true)

  const reads = [
    jest.spyOn(SqliteStorage.prototype, 'listDepts'),
    jest.spyOn(SqliteStorage.prototype, 'listRules'),
    jest.spyOn(SqliteStorage.prototype, 'getAreaConfigs'),
  ]
  const second = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[1].code))
  expect(second.ok).toBe(true)
  expect(second.data.handler.name).not.toBe('')
  for (const r of reads) expect(r).not.toHaveBeenCalled()

  // The limit changed through an action: the next submit is held by it (2 filed, the limit now 2).
  expect((await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 2 } })).ok).toBe(true)
  const third = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))
  expect(third.status).toBe(429)
  expect(reads[2]).toHaveBeenCalled()

  // A department renamed straight in the file (as tests do): the next receipt names it so.
  const handlerId = second.data.handler.id as string
  srv.db().prepare("UPDATE depts SET name = '改名后的单位' WHERE id = ?").run(handlerId)
  expect((await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 10 } })).ok).toBe(true)
  const fourth = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[1].code))
  expect(fourth.ok).toBe(true)
  expect(fourth.data.handler).toEqual({ id: handlerId, name: '改名后的单位' })
})
