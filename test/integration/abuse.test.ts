// Abuse: the per-worker limit on new complaints, with RATE_LIMITED and a Chinese message; a site's volume is a signal, never a refusal.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('a worker may file the configured number per hour; replays of one request do not count', async () => {
  await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 3, perSitePerHour: 100 } })
  const worker = await srv.login({ openid: 'busy-worker' })
  const first = submission(srv.sites[0].code)
  for (let i = 0; i < 3; i++)
    expect((await srv.call(worker, 'worker', 'complaint.submit', i === 0 ? first : submission(srv.sites[0].code))).ok).toBe(true)
  expect((await srv.call(worker, 'worker', 'complaint.submit', first)).ok).toBe(true) // a replay answers as before
  const before = tableCounts(srv.db())
  const r = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))
  expect(r.status).toBe(429)
  expect(r.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('提交太频繁') })
  expect(tableCounts(srv.db())).toEqual(before)
  // An hour later the worker can file again.
  await srv.dev('/dev/clock', { now: '2026-11-18T10:00:01+08:00' })
  expect((await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))).ok).toBe(true)
})

test('a site past its hourly number is never refused (a surge is reported instead); desk filings skip the per-worker limit', async () => {
  await srv.dev('/dev/clock', { now: '2026-11-18T12:00:00+08:00' })
  await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1, perSitePerHour: 3 } })
  const site = srv.sites[2].code
  const desk = await srv.login({ persona: 'desk' })
  expect((await srv.call(desk, 'staff', 'complaint.fileOnBehalf', submission(site))).ok).toBe(true)
  expect((await srv.call(desk, 'staff', 'complaint.fileOnBehalf', submission(site))).ok).toBe(true)
  expect((await srv.call(await srv.login({ openid: 'w-1' }), 'worker', 'complaint.submit', submission(site))).ok).toBe(true)
  // A worker's first complaint about the site is registered, whatever the site's volume (issue 14).
  const r = await srv.call(await srv.login({ openid: 'w-2' }), 'worker', 'complaint.submit', submission(site))
  expect(r.ok).toBe(true)
  const surges = srv.db().prepare("SELECT * FROM alerts WHERE subject = ? AND trigger LIKE 'surge:%'").all(`site:${site}`)
  expect(surges).toHaveLength(1)
  // Another site is not affected.
  expect((await srv.call(await srv.login({ openid: 'w-3' }), 'worker', 'complaint.submit', submission(srv.sites[1].code))).ok).toBe(true)
})
