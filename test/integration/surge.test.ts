// Issue 14, part 2: floods are signals, not refusals. Many workers at one site in an hour are all
// registered; the coordinators get one immediate report "群体性欠薪苗头" per site and hour; one identity
// filing again and again is still stopped.
import { startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
afterEach(() => srv.dev('/dev/clock', { now: null }))

const clock = (now: string) => srv.dev('/dev/clock', { now })
const surgeAlerts = (site: string) =>
  srv.db().prepare("SELECT * FROM alerts WHERE subject = ? AND trigger LIKE 'surge:%' ORDER BY created_at").all(`site:${site}`) as any[]

test('400 workers at one site within an hour: all 400 registered, exactly one surge report to the coordinators', async () => {
  const site = srv.sites[3].code // 莲池区万和商业广场
  try {
    await clock('2026-11-18T09:00:00+08:00')
    // The default threshold: 300 complaints on one site within an hour.
    const settings = await srv.call(coordinator, 'admin', 'config.get', {})
    expect(JSON.stringify(settings.data)).toContain('"perSitePerHour":300')
    const ids = new Set<string>()
    const one = async (i: number) => {
      const w = await srv.login({ openid: `crew-${i}` })
      const r = await srv.call(
        w,
        'worker',
        'complaint.submit',
        submission(site, { placement: 'board', workerCount: 1, amountOwedFen: 800_000 }),
      )
      if (!r.ok) throw new Error(`worker ${i} was refused: ${JSON.stringify(r.error)}`)
      expect(r.data.status).toBe('routed')
      ids.add(r.data.id)
    }
    // Spread over 50 minutes, one worker each, eight at a time: a crew at the site board's QR.
    for (let block = 0; block < 400; block += 40) {
      await clock(new Date(Date.parse('2026-11-18T09:00:00+08:00') + block * 7_500).toISOString())
      for (let i = block; i < block + 40; i += 8) await Promise.all(Array.from({ length: 8 }, (_, k) => one(i + k)))
    }
    expect(ids.size).toBe(400)
    expect((srv.db().prepare('SELECT COUNT(*) AS n FROM complaints WHERE site_code = ?').get(site) as any).n).toBe(400)

    const alerts = surgeAlerts(site)
    expect(alerts).toHaveLength(1)
    expect(alerts[0].note).toContain('群体性欠薪苗头')
    expect(alerts[0].note).toContain('莲池区万和商业广场')
    expect(alerts[0].area_code).toBe('130606')
    // The report is on the coordinator's list and its message went to the coordinators of the area.
    const listed = await srv.call(coordinator, 'staff', 'alerts.list', {})
    expect(listed.data.items.filter((a: any) => a.trigger.startsWith('surge:'))).toHaveLength(1)
    const sent = srv
      .db()
      .prepare("SELECT * FROM outbox WHERE recipient = 'coord:130606' AND template = 'alert' AND body LIKE '%群体性欠薪苗头%'")
      .all()
    expect(sent).toHaveLength(1)
    // It is on the timeline of the complaint that crossed the threshold, for staff only.
    const crossing = srv.db().prepare("SELECT * FROM events WHERE type = 'alert' AND note LIKE '%群体性欠薪苗头%'").all() as any[]
    expect(crossing).toHaveLength(1)
    expect(crossing[0].visible_to_worker).toBe(0)

    // The next hour, the flood goes on: one more report for that hour, no more.
    await clock('2026-11-18T10:05:00+08:00')
    for (let i = 400; i < 403; i++) {
      const r = await srv.call(await srv.login({ openid: `crew-${i}` }), 'worker', 'complaint.submit', submission(site, { workerCount: 1 }))
      expect(r.ok).toBe(true)
    }
    expect(surgeAlerts(site)).toHaveLength(2)
  } finally {
    await clock(null as unknown as string)
  }
}, 300_000)

test('below the threshold there is no report; per-identity limits still stop one worker filing again and again', async () => {
  const site = srv.sites[2].code
  try {
    await clock('2026-11-19T09:00:00+08:00')
    expect((await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 2, perSitePerHour: 5 } })).ok).toBe(true)
    for (let i = 0; i < 4; i++)
      expect((await srv.call(await srv.login({ openid: `few-${i}` }), 'worker', 'complaint.submit', submission(site))).ok).toBe(true)
    expect(surgeAlerts(site)).toHaveLength(0)
    const same = await srv.login({ openid: 'same-worker' })
    expect((await srv.call(same, 'worker', 'complaint.submit', submission(site))).ok).toBe(true) // the 5th: the threshold
    expect(surgeAlerts(site)).toHaveLength(1)
    expect((await srv.call(same, 'worker', 'complaint.submit', submission(site))).ok).toBe(true)
    const third = await srv.call(same, 'worker', 'complaint.submit', submission(site))
    expect(third.status).toBe(429)
    expect(third.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('提交太频繁') })
  } finally {
    await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 10, perSitePerHour: 300 } })
    await clock(null as unknown as string)
  }
})
