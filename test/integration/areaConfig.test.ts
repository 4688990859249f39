// Issue 15, point 1: configuration per area. Through the local server: a district coordinator (invited
// by the city's) changes only their own district; each case runs on its own area's effective settings
// (country → province → city → county, the nearest wins); a campaign only inside the caller's area, and a
// wider campaign binds the areas below; what is national or the deployment's is refused to coordinators,
// naming the field, with nothing written.
import { deploymentConfig } from '../helpers/config'
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

const NOW = '2026-12-01T09:00:00+08:00' // a Tuesday
let srv: TestServer
let city: string
let district: string
let sjz: string
let inspector: string // 竞秀区住建局: handler of 竞秀区 housing cases
let inspectorLc: string // 莲池区劳动监察: handler of 莲池区 housing cases
let worker: string
let lcSite: string // 莲池区万和商业广场 (130606, housing, other funding)

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: NOW })
  city = await srv.login({ persona: 'coordinator' })
  inspector = await srv.login({ persona: 'inspector' })
  inspectorLc = await srv.login({ persona: 'inspector-b' })
  worker = await srv.login({ persona: 'worker-a' })
  // The district's coordinator, as a city coordinator makes one: an invite for 竞秀区劳动保障监察大队.
  const invite = await srv.call(city, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-jx-labour' })
  district = await srv.login({ openid: 'coord-jingxiu' })
  const joined = await srv.call(district, 'staff', 'invite.accept', { code: invite.data.code })
  expect(joined.data).toMatchObject({ role: 'coordinator', dept: { areaCode: '130602' } })
  // A coordinator of another city of the same province.
  srv
    .db()
    .prepare(
      "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-sjz', '石家庄市人社局', 'labour', '130100', NULL, 1, '2026-01-01T00:00:00Z')",
    )
    .run()
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-sjz', 'coordinator', 'd-sjz', NULL, '2026-01-01T00:00:00Z')",
    )
    .run()
  sjz = await srv.login({ openid: 'coord-sjz' })
  lcSite = srv.sites.find((s) => s.name === '莲池区万和商业广场')!.code
  // Many cases per test: lift the worker's hourly limit for the whole city.
  expect((await srv.call(city, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })).ok).toBe(true)
  await srv.dev('/dev/clock', { now: null })
})
afterAll(() => srv.close())
clockPerTest(() => srv, NOW)

const stored = () => srv.db().prepare('SELECT area_code, value FROM area_config ORDER BY area_code').all()

/** A refused request: VALIDATION naming these fields, and nothing written anywhere. */
async function refused(token: string, action: string, data: Record<string, unknown>, fields: string[], words?: RegExp) {
  const before = { rows: stored(), counts: tableCounts(srv.db()) }
  const r = await srv.call(token, 'admin', action, data)
  expect(r.status).toBe(400)
  expect(r.error!.code).toBe('VALIDATION')
  expect(Object.keys(r.error!.fields ?? {}).sort()).toEqual([...fields].sort())
  if (words) for (const f of fields) expect(r.error!.fields![f]).toMatch(words)
  expect(r.error!.message).toMatch(/[\u4e00-\u9fa5]/)
  expect({ rows: stored(), counts: tableCounts(srv.db()) }).toEqual(before)
}

/** A self-filed 竞秀区 housing case (other funding), accepted now: its resolution deadline. */
async function acceptedInJingxiu(): Promise<{ id: string; resolveDueAt: string }> {
  const sub = await srv.call(
    worker,
    'worker',
    'complaint.submit',
    submission(null, { project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' }, employerName: '某劳务公司' }),
  )
  expect(sub.ok).toBe(true)
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  return { id: sub.data.id, resolveDueAt: acc.data.resolveDueAt }
}

/** A 莲池区 housing case (other funding) from its sticker, accepted now. */
async function acceptedInLianchi(): Promise<{ id: string; resolveDueAt: string }> {
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(lcSite))
  expect(sub.ok).toBe(true)
  const got = await srv.call(inspectorLc, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(inspectorLc, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  return { id: sub.data.id, resolveDueAt: acc.data.resolveDueAt }
}

const days = (n: number) => new Date(Date.parse(NOW) + n * 86400_000).toISOString()

test('a district coordinator sets only their own district; each case takes the nearest value of its own area', async () => {
  try {
    const own = await srv.call(district, 'admin', 'config.set', { deadlines: { resolveDaysDefault: 20 } })
    expect(own.ok).toBe(true)
    expect(own.data).toMatchObject({ areaCode: '130602', own: { deadlines: { resolveDaysDefault: 20 } }, national: false })
    expect(own.data.sources['deadlines.resolveDaysDefault']).toBe('130602')
    expect(own.data.inherited.deadlines.resolveDaysDefault).toBe(15)
    expect((await srv.call(city, 'admin', 'config.set', { deadlines: { resolveDaysDefault: 10 } })).ok).toBe(true)
    // The deployment's country default is the farthest level: it changes nothing where a nearer one is set.
    await deploymentConfig(srv, { deadlines: { resolveDaysDefault: 12 } })

    expect((await acceptedInJingxiu()).resolveDueAt).toBe(days(20))
    expect((await acceptedInLianchi()).resolveDueAt).toBe(days(10))
    const view = await srv.call(district, 'admin', 'config.get', {})
    expect(view.data.levels).toEqual([
      { areaCode: '000000', name: '全国默认（部署设置）' },
      { areaCode: '130000', name: '河北省' },
      { areaCode: '130600', name: '河北省保定市' },
      { areaCode: '130602', name: '河北省保定市竞秀区' },
    ])
    expect(view.data.inherited.deadlines.resolveDaysDefault).toBe(10)
    expect(view.data.effective.deadlines.resolveDaysDefault).toBe(20)

    // Not the city above, not a neighbouring district, not Beijing; not even to read the city's.
    await refused(district, 'config.set', { areaCode: '130600', deadlines: { resolveDaysDefault: 30 } }, ['areaCode'], /本辖区/)
    await refused(district, 'config.set', { areaCode: '130606', deadlines: { resolveDaysDefault: 30 } }, ['areaCode'], /本辖区/)
    await refused(district, 'config.set', { areaCode: '110000', rateLimits: { perSitePerHour: 1 } }, ['areaCode'], /本辖区/)
    await refused(sjz, 'config.set', { areaCode: '130602', deadlines: { resolveDaysDefault: 30 } }, ['areaCode'], /本辖区/)
    await refused(district, 'config.get', { areaCode: '130600' }, ['areaCode'], /本辖区/)
    await refused(district, 'config.set', { areaCode: '999999', deadlines: { resolveDaysDefault: 30 } }, ['areaCode'])

    // The city may set an area below it; the district's own value clears back to the city's.
    expect((await srv.call(city, 'admin', 'config.set', { areaCode: '130606', deadlines: { resolveDaysDefault: 5 } })).ok).toBe(true)
    expect((await acceptedInLianchi()).resolveDueAt).toBe(days(5))
    const cleared = await srv.call(district, 'admin', 'config.set', { deadlines: { resolveDaysDefault: null } })
    expect(cleared.data.effective.deadlines.resolveDaysDefault).toBe(10)
    expect(cleared.data.sources['deadlines.resolveDaysDefault']).toBe('130600')
    expect((await acceptedInJingxiu()).resolveDueAt).toBe(days(10))
  } finally {
    await srv.call(city, 'admin', 'config.set', { areaCode: '130606', deadlines: null })
    await srv.call(city, 'admin', 'config.set', { deadlines: null })
    await srv.call(district, 'admin', 'config.set', { deadlines: null })
    await deploymentConfig(srv, { deadlines: null })
  }
  expect((await acceptedInJingxiu()).resolveDueAt).toBe(days(15))
})

test('a campaign only inside the caller’s area; a wider campaign binds the areas below, a narrower one may only be earlier', async () => {
  const cityEnd = '2026-12-10T00:00:00+08:00'
  try {
    await refused(
      district,
      'config.set',
      { campaign: { endsAt: '2026-12-05T00:00:00+08:00', areaCode: '110105' } },
      ['campaign.areaCode'],
      /本辖区/,
    )
    await refused(
      district,
      'config.set',
      { campaign: { endsAt: '2026-12-05T00:00:00+08:00', areaCode: '130600' } },
      ['campaign.areaCode'],
      /本辖区/,
    )
    await refused(
      district,
      'config.set',
      { campaign: { endsAt: '2026-12-05T00:00:00+08:00', areaCode: '130606' } },
      ['campaign.areaCode'],
      /本辖区/,
    )
    await refused(
      city,
      'config.set',
      { campaign: { endsAt: '2026-12-05T00:00:00+08:00', areaCode: '130100' } },
      ['campaign.areaCode'],
      /本辖区/,
    )
    await refused(district, 'config.set', { campaign: { endsAt: '12月5日', areaCode: '130602' } }, ['campaign.endsAt'])

    // Cases accepted before any campaign: 15 days.
    const jx = await acceptedInJingxiu()
    const lc = await acceptedInLianchi()
    expect([jx.resolveDueAt, lc.resolveDueAt]).toEqual([days(15), days(15)])

    expect((await srv.call(city, 'admin', 'config.set', { campaign: { endsAt: cityEnd, areaCode: '130600' } })).ok).toBe(true)
    // A later district campaign does not lift the city's.
    const later = await srv.call(district, 'admin', 'config.set', { campaign: { endsAt: '2026-12-12T00:00:00+08:00' } })
    expect(later.ok).toBe(true)
    expect(later.data.effective.campaign).toEqual({ endsAt: cityEnd, areaCode: '130600' })
    expect(later.data.campaigns.map((c: any) => c.setAt)).toEqual(['130600', '130602'])
    expect((await acceptedInJingxiu()).resolveDueAt).toBe('2026-12-09T16:00:00.000Z')
    // An earlier district campaign applies in the district only.
    expect(
      (await srv.call(district, 'admin', 'config.set', { campaign: { endsAt: '2026-12-05T00:00:00+08:00', areaCode: '130602' } })).ok,
    ).toBe(true)
    expect((await acceptedInJingxiu()).resolveDueAt).toBe('2026-12-04T16:00:00.000Z')
    expect((await acceptedInLianchi()).resolveDueAt).toBe('2026-12-09T16:00:00.000Z')

    // The scheduler pulls the open cases in, each by the earliest campaign over its own area.
    const tick = await srv.dev('/dev/tick', {})
    expect(tick.data.campaignCapped).toBeGreaterThanOrEqual(2)
    expect((await srv.call(inspector, 'staff', 'complaint.get', { id: jx.id })).data.resolveDueAt).toBe('2026-12-04T16:00:00.000Z')
    expect((await srv.call(inspectorLc, 'staff', 'complaint.get', { id: lc.id })).data.resolveDueAt).toBe('2026-12-09T16:00:00.000Z')
    expect((await srv.dev('/dev/tick', {})).data.campaignCapped).toBe(0)

    // The district can end its own campaign, not the city's.
    const ended = await srv.call(district, 'admin', 'config.set', { campaign: null })
    expect(ended.data.own.campaign).toBeUndefined()
    expect(ended.data.effective.campaign).toEqual({ endsAt: cityEnd, areaCode: '130600' })
    const overview = await srv.call(district, 'staff', 'stats.overview', {})
    expect(overview.data.campaign).toMatchObject({ endsAt: cityEnd, areaCode: '130600' })
    // Another city's coordinator sees no campaign of 保定's.
    expect((await srv.call(sjz, 'admin', 'config.get', {})).data.effective.campaign).toBeNull()
  } finally {
    await srv.call(district, 'admin', 'config.set', { campaign: null })
    await srv.call(city, 'admin', 'config.set', { campaign: null })
  }
  expect((await srv.call(city, 'admin', 'config.get', {})).data.campaigns).toEqual([])
})

test('rate limits are those of the case’s area (the site’s)', async () => {
  try {
    await srv.dev('/dev/clock', { now: '2026-12-02T15:00:00+08:00' })
    expect((await srv.call(district, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1 } })).ok).toBe(true)
    const jxSite = srv.sites.find((s) => s.name === '竞秀区保障性住房三期工程')!.code
    const a = await srv.login({ openid: 'rate-a' })
    expect((await srv.call(a, 'worker', 'complaint.submit', submission(jxSite))).ok).toBe(true)
    const second = await srv.call(a, 'worker', 'complaint.submit', submission(jxSite))
    expect(second.status).toBe(429)
    expect(second.error!.code).toBe('RATE_LIMITED')
    // A 莲池区 site keeps the city's limit.
    expect((await srv.call(a, 'worker', 'complaint.submit', submission(lcSite))).ok).toBe(true)
  } finally {
    await srv.call(district, 'admin', 'config.set', { rateLimits: null })
  }
})

test('what is national or the deployment’s is refused to coordinators, naming the field; a top coordinator sets the national', async () => {
  // The public link prefix is no setting at all (PUBLIC_BASE_URL), whatever it says.
  await refused(city, 'config.set', { publicBaseUrl: 'javascript:alert(1)' }, ['publicBaseUrl'])
  await refused(district, 'config.set', { publicBaseUrl: 'http://evil.example.com' }, ['publicBaseUrl'])
  await refused(
    city,
    'config.set',
    { notifications: { templates: { case_update: 'TPL-X' } } },
    ['notifications.templates.case_update'],
    /部署/,
  )
  await refused(city, 'config.set', { sms: { dailyPerPhone: 50, signName: '某某' } }, ['sms.dailyPerPhone', 'sms.signName'], /部署/)
  await refused(city, 'config.set', { uploads: { maxPhotos: 1 } }, ['uploads.maxPhotos'], /部署/)
  await refused(city, 'config.set', { signIn: { codeMinutes: 30 } }, ['signIn.codeMinutes'], /部署/)
  await refused(city, 'config.set', { timezone: 'Asia/Shanghai' }, ['timezone'], /部署/)
  await refused(city, 'config.set', { deadlines: { resolveDaysDefault: 10, sooner: 1 } }, ['deadlines.sooner'], /没有这项设置/)
  await refused(city, 'config.set', { anything: 1 }, ['anything'], /没有这项设置/)
  await refused(city, 'config.set', { deadlines: { resolveDaysDefault: 0 } }, ['deadlines.resolveDaysDefault'])
  // The national schedule and the catch-all unit: not a district's to set.
  await refused(
    district,
    'config.set',
    { holidays: { '2027': { holidays: ['2027-01-01'], workdays: [] } } },
    ['holidays.2027.holidays', 'holidays.2027.workdays'],
    /最上级/,
  )
  await refused(district, 'config.set', { outOfArea: { catchAllDeptId: 'd-jx-labour' } }, ['outOfArea.catchAllDeptId'], /最上级/)
  // Mixed with an allowed change, the refused field still refuses the whole request.
  await refused(district, 'config.set', { deadlines: { resolveDaysDefault: 9 }, sms: { dailyPerPhone: 50 } }, ['sms.dailyPerPhone'])

  // The city's coordinator is the top here: the schedule goes to the country level, for every area.
  try {
    const set = await srv.call(city, 'admin', 'config.set', {
      areaCode: '130606',
      holidays: { '2027': { holidays: ['2027-01-01'], workdays: [] } },
    })
    expect(set.ok).toBe(true)
    expect(set.data.national).toBe(true)
    expect(srv.db().prepare("SELECT area_code FROM area_config WHERE value LIKE '%2027-01-01%'").all()).toEqual([{ area_code: '000000' }])
    const seen = await srv.call(district, 'admin', 'config.get', {})
    expect(seen.data.effective.holidays['2027'].holidays).toEqual(['2027-01-01'])
    expect(seen.data.sources['holidays.2027.holidays']).toBe('000000')
  } finally {
    await srv.call(city, 'admin', 'config.set', { holidays: { '2027': null } })
  }
  expect((await srv.call(city, 'admin', 'config.get', {})).data.effective.holidays).toEqual({})
})

test('the scheduler closes a resolved case by its own area’s period', async () => {
  try {
    expect((await srv.call(district, 'admin', 'config.set', { deadlines: { autoCloseDays: 2 } })).ok).toBe(true)
    const resolve = async (c: { id: string }, token: string) => {
      const got = await srv.call(token, 'staff', 'complaint.get', { id: c.id })
      const r = await srv.call(token, 'staff', 'complaint.resolve', {
        id: c.id,
        version: got.data.version,
        amountRecoveredFen: 100,
        note: '已支付',
      })
      expect(r.ok).toBe(true)
    }
    const jx = await acceptedInJingxiu()
    const lc = await acceptedInLianchi()
    await resolve(jx, inspector)
    await resolve(lc, inspectorLc)
    await srv.dev('/dev/clock', { now: '2026-12-04T10:00:00+08:00' })
    await srv.dev('/dev/tick', {})
    const jxNow = await srv.call(inspector, 'staff', 'complaint.get', { id: jx.id })
    expect(jxNow.data.status).toBe('closed')
    expect(jxNow.data.timeline.some((e: any) => e.type === 'closed' && e.note.includes('2天内未收到确认'))).toBe(true)
    expect((await srv.call(inspectorLc, 'staff', 'complaint.get', { id: lc.id })).data.status).toBe('resolved')
  } finally {
    await srv.call(district, 'admin', 'config.set', { deadlines: null })
  }
})
