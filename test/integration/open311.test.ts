// Issue 14, part 4: the Open311-style API for a city's 12345 platform. Keys are created and revoked by a
// coordinator, stored hashed, scoped to the coordinator's area and limited per key; requests need a key;
// no reply ever carries a name, a phone number or an ID number.
import { startTestServer, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const NOW = '2026-11-18T09:00:00+08:00'
let cityKey = ''
let lcCoordinator = ''

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['coordinator', 'inspector', 'worker-a']) t[p] = await srv.login({ persona: p })
  // A second coordinator, of 莲池区 only (130606).
  const invite = await srv.call(t.coordinator, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-lc-labour' })
  lcCoordinator = await srv.login({ openid: 'lc-coordinator' })
  expect((await srv.call(lcCoordinator, 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
})
afterAll(() => srv.close())
beforeEach(() => srv.dev('/dev/clock', { now: NOW }))
afterEach(() => srv.dev('/dev/clock', { now: null }))

const api = (p: string) => `${srv.baseUrl}/open311/v2${p}`
const get = async (p: string) => {
  const res = await fetch(api(p))
  return { status: res.status, headers: res.headers, text: await res.text() }
}
const post = async (fields: Record<string, string>) => {
  const res = await fetch(api('/requests.json'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
  return { status: res.status, headers: res.headers, text: await res.text() }
}
const json = (r: { text: string }) => JSON.parse(r.text)
/** Rows per table, leaving out the per-key call counters (a refused call still counts against its key). */
const written = () => {
  const { rate_limits: _calls, ...rest } = tableCounts(srv.db())
  return rest
}

/** A work order as a 12345 system sends it: GeoReport fields and our attributes. */
const order = (over: Record<string, string> = {}) => ({
  api_key: cityKey,
  service_code: 'wage_arrears_housing',
  first_name: '建国',
  last_name: '王',
  phone: '13911112222',
  description: '来电人王建国（身份证130602199001011234）反映：六人三个月工资未发，电话13911112222',
  address_string: '竞秀区朝阳北大街88号',
  'attribute[external_ref]': 'BD12345-20261118-0101',
  'attribute[area_code]': '130602',
  'attribute[project_name]': '竞秀区某小区三期',
  'attribute[employer_name]': '包工头李四',
  'attribute[worker_count]': '6',
  'attribute[amount_owed]': '48000.50',
  'attribute[owed_since]': '2026-08',
  'attribute[reply_due]': '2026-11-25',
  ...over,
})
const SECRETS = ['王建国', '建国', '13911112222', '130602199001011234', '李四']
const noPersonalData = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s)
}

test('a coordinator creates a key, shown once and stored only as a hash; only coordinators may', async () => {
  const created = await srv.call(t.coordinator, 'admin', 'apiKey.create', { name: '保定市12345热线' })
  expect(created.status).toBe(200)
  expect(created.data).toMatchObject({ name: '保定市12345热线', areaCode: '130600', perMinute: 60, revokedAt: null })
  expect(created.data.key).toMatch(/^xam_[A-Za-z0-9_-]{32}$/)
  cityKey = created.data.key
  const listed = await srv.call(t.coordinator, 'admin', 'apiKey.list', {})
  expect(listed.data.items.map((k: any) => k.id)).toContain(created.data.id)
  expect(JSON.stringify(listed.data)).not.toContain(cityKey)
  const stored = JSON.stringify(srv.db().prepare('SELECT * FROM api_keys').all())
  expect(stored).not.toContain(cityKey)
  expect(stored).toContain(created.data.id)

  expect((await srv.call(t.inspector, 'admin', 'apiKey.create', { name: '某系统' })).status).toBe(403)
  expect((await srv.call(t['worker-a'], 'admin', 'apiKey.create', { name: '某系统' })).status).toBe(403)
  const bad = await srv.call(t.coordinator, 'admin', 'apiKey.create', { name: '', perMinute: 100000 })
  expect(bad.status).toBe(400)
  expect(Object.keys(bad.error!.fields!).sort()).toEqual(['name', 'perMinute'])
})

test('the services: wage arrears by industry, with the attributes a request carries; JSON only', async () => {
  const list = await get('/services.json')
  expect(list.status).toBe(200)
  expect(json(list).map((s: any) => s.service_code)).toEqual([
    'wage_arrears_housing',
    'wage_arrears_transport',
    'wage_arrears_water',
    'wage_arrears_other',
  ])
  expect(json(list)[0]).toMatchObject({ service_name: '拖欠农民工工资（房建市政）', metadata: true, type: 'realtime' })
  const def = await get('/services/wage_arrears_transport.json')
  expect(
    json(def)
      .attributes.filter((a: any) => a.required)
      .map((a: any) => a.code),
  ).toEqual(expect.arrayContaining(['external_ref', 'area_code', 'project_name', 'worker_count', 'amount_owed', 'owed_since']))
  expect((await get('/services/wage_arrears_space.json')).status).toBe(404)
  const xml = await get('/services.xml')
  expect(xml.status).toBe(400)
  expect(json(xml)[0].description).toMatch(/JSON/)
})

test('creating a request needs a valid key; bad fields are named; nothing is written for either', async () => {
  const before = written()
  const none = await post(order({ api_key: '' }))
  expect(none.status).toBe(401)
  expect(json(none)[0]).toMatchObject({ code: 401, field: 'api_key' })
  expect((await post(order({ api_key: 'xam_wrong' }))).status).toBe(403)
  const bad = await post(
    order({ 'attribute[area_code]': '1306', phone: '12345', 'attribute[amount_owed]': '48,000.123', service_code: 'wage_arrears' }),
  )
  expect(bad.status).toBe(400)
  const named = json(bad)
    .map((e: any) => e.field)
    .sort()
  // Every problem at once, each under the name the caller used.
  expect(named).toEqual(['attribute[amount_owed]', 'attribute[area_code]', 'phone', 'service_code'])
  const bad2 = await post(order({ 'attribute[area_code]': '1306', phone: '12345' }))
  expect(
    json(bad2)
      .map((e: any) => e.field)
      .sort(),
  ).toEqual(['attribute[area_code]', 'phone'])
  for (const e of [...json(bad), ...json(bad2)]) expect(e.description).toMatch(/[\u4e00-\u9fa5]/)
  expect(written()).toEqual(before)
})

test('a work order becomes a 12345 lead once; its status reads back without any personal data', async () => {
  const r = await post(order())
  expect(r.status).toBe(201)
  const [created] = json(r)
  expect(created.service_request_id).toMatch(/^130602-2026-\d{5}$/)
  expect(created.service_notice).toContain('竞秀区住房和城乡建设局')
  noPersonalData(r.text)
  // The same work order again: the same request, nothing new.
  const before = written()
  const again = await post(order({ description: '再次来电催问' }))
  expect(again.status).toBe(200)
  expect(json(again)[0].service_request_id).toBe(created.service_request_id)
  expect(written()).toEqual(before)

  // Inside, it is a lead like any other: channel, reference, reply-back deadline, the city's unit first responder.
  const row = srv.db().prepare('SELECT * FROM complaints WHERE case_no = ?').get(created.service_request_id) as any
  expect(row).toMatchObject({
    channel: 'hotline_12345',
    external_ref: 'BD12345-20261118-0101',
    first_responder_dept_id: 'd-city-labour',
    handler_dept_id: 'd-jx-housing',
    amount_owed_fen: 4_800_050,
  })
  expect(row.reply_due_at).toBe('2026-11-25T15:59:59.000Z')

  const status = await get(`/requests/${created.service_request_id}.json?api_key=${cityKey}`)
  expect(status.status).toBe(200)
  const [req] = json(status)
  expect(req).toMatchObject({
    service_request_id: created.service_request_id,
    status: 'open',
    service_code: 'wage_arrears_housing',
    agency_responsible: '竞秀区住房和城乡建设局',
    requested_datetime: '2026-11-18T09:00:00+08:00',
    expected_datetime: '2026-11-19T09:00:00+08:00',
    external_ref: 'BD12345-20261118-0101',
  })
  expect(req.status_notes).toMatch(/已转办/)
  noPersonalData(status.text)
  // Several at once, and the key is needed to read too.
  const many = await get(`/requests.json?api_key=${cityKey}&service_request_id=${created.service_request_id},130602-2026-99999`)
  expect(json(many).map((x: any) => x.service_request_id)).toEqual([created.service_request_id])
  expect((await get(`/requests/${created.service_request_id}.json`)).status).toBe(401)

  // The handler answers, writing the caller's name and number into the note: the reply keeps them out.
  const id = row.id
  let c = (await srv.call(t.inspector, 'staff', 'complaint.get', { id })).data
  c = (await srv.call(t.inspector, 'staff', 'complaint.accept', { id, version: c.version })).data
  const done = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
    id,
    version: c.version,
    amountRecoveredFen: 4_800_050,
    note: '已督促总包单位支付，王建国（13911112222）确认已到账',
  })
  expect(done.ok).toBe(true)
  const closed = await get(`/requests/${created.service_request_id}.json?api_key=${cityKey}`)
  const [after] = json(closed)
  expect(after.status).toBe('closed')
  expect(after.status_notes).toContain('已督促总包单位支付')
  expect(after.expected_datetime).toBeNull()
  noPersonalData(closed.text)
})

test('a key reads only its area (and what its unit received); a revoked key is refused', async () => {
  const lc = await srv.call(lcCoordinator, 'admin', 'apiKey.create', { name: '莲池区12345分中心' })
  expect(lc.data.areaCode).toBe('130606')
  const lcKey = lc.data.key
  // Filed by the city's key in 竞秀区 (130602), and by the district's key in 莲池区 (130606).
  const jx = json(await post(order({ 'attribute[external_ref]': 'BD12345-SCOPE-1' })))[0].service_request_id
  const lcCase = json(
    await post(
      order({
        api_key: lcKey,
        'attribute[external_ref]': 'LC12345-SCOPE-2',
        'attribute[area_code]': '130606',
        service_code: 'wage_arrears_other',
      }),
    ),
  )[0].service_request_id
  expect(lcCase).toMatch(/^130606-/)

  expect((await get(`/requests/${jx}.json?api_key=${lcKey}`)).status).toBe(404)
  expect((await get(`/requests/${lcCase}.json?api_key=${lcKey}`)).status).toBe(200)
  expect((await get(`/requests/${lcCase}.json?api_key=${cityKey}`)).status).toBe(200) // the city covers 莲池区
  // The district's key cannot learn of the city's case by filing its reference either.
  const clash = await post(order({ api_key: lcKey, 'attribute[external_ref]': 'BD12345-SCOPE-1' }))
  expect(clash.status).toBe(409)
  expect(clash.text).not.toContain(jx)
  // A coordinator revokes only keys of their own area; a revoked key is refused from then on.
  const keys = (await srv.call(t.coordinator, 'admin', 'apiKey.list', {})).data.items
  const cityId = keys.find((k: any) => k.name === '保定市12345热线').id
  expect((await srv.call(lcCoordinator, 'admin', 'apiKey.revoke', { id: cityId })).status).toBe(404)
  expect((await srv.call(lcCoordinator, 'admin', 'apiKey.revoke', { id: lc.data.id })).ok).toBe(true)
  expect((await srv.call(lcCoordinator, 'admin', 'apiKey.revoke', { id: lc.data.id })).status).toBe(409)
  const revoked = await get(`/requests/${lcCase}.json?api_key=${lcKey}`)
  expect(revoked.status).toBe(403)
  expect((await post(order({ api_key: lcKey, 'attribute[external_ref]': 'LC12345-AFTER' }))).status).toBe(403)
})

test('each key is limited per minute: past it RATE_LIMITED with Retry-After, and allowed again a minute later', async () => {
  const k = (await srv.call(t.coordinator, 'admin', 'apiKey.create', { name: '限流测试', perMinute: 3 })).data.key
  for (let i = 0; i < 3; i++) expect((await get(`/requests.json?api_key=${k}&service_request_id=130602-2026-99999`)).status).toBe(200)
  const limited = await get(`/requests.json?api_key=${k}&service_request_id=130602-2026-99999`)
  expect(limited.status).toBe(429)
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(json(limited)[0].description).toMatch(/每分钟最多3次/)
  // Another key is not affected.
  expect((await get(`/requests.json?api_key=${cityKey}&service_request_id=130602-2026-99999`)).status).toBe(200)
  await srv.dev('/dev/clock', { now: '2026-11-18T09:01:01+08:00' })
  expect((await get(`/requests.json?api_key=${k}&service_request_id=130602-2026-99999`)).status).toBe(200)
})
