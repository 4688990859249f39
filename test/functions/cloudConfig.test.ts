// Issue 15, point 1, through the CloudBase entries (core/cloud.ts) with @cloudbase/node-sdk replaced by
// the in-memory server (test/contract/fakeCloudbase.ts, which refuses unindexed queries): a district
// coordinator's config.set stays inside the district; each case runs on its own area's settings, in the
// functions and in the scheduler; the configuration of before (document `global`) is the country level;
// the public link prefix comes from PUBLIC_BASE_URL, https only.

jest.mock('@cloudbase/node-sdk', () => {
  const { FakeCloudbaseServer, fakeDocDb } = jest.requireActual('../contract/fakeCloudbase')
  const server = new FakeCloudbaseServer()
  return {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    __server: server,
    init: jest.fn(() => ({
      database: () => fakeDocDb(server),
      callWxOpenApi: async () => ({ result: { errcode: 0, errmsg: 'ok' }, requestId: 'r' }),
    })),
  }
})

import { cloudMain, publicBaseUrlFromEnv } from '../../cloudfunctions/core/cloud'
import { adminActions } from '../../cloudfunctions/core/actions/admin'
import { staffActions } from '../../cloudfunctions/core/actions/staff'
import { workerActions } from '../../cloudfunctions/core/actions/worker'
import { main as schedulerMain } from '../../cloudfunctions/scheduler/index'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'

const sdk = require('@cloudbase/node-sdk') as { __server: import('../contract/fakeCloudbase').FakeCloudbaseServer }

process.env.PUBLIC_BASE_URL = 'https://xam.bd.gov.cn'
const admin = cloudMain('admin', adminActions)
const staff = cloudMain('staff', staffActions)
const worker = cloudMain('worker', workerActions)
const ctx = (openid: string) => ({ environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }) })
const db = () => fakeDocDb(sdk.__server)
const storage = () => new CloudbaseStorage(db())
const DISTRICT = 'oDistrictCoordinator'
let jxSite = ''

beforeAll(async () => {
  for (const c of COLLECTIONS) await db().createCollection(c)
  const s = storage()
  const { sites } = await seedDemo(s, new Date())
  jxSite = sites.find((x) => x.name === '竞秀区保障性住房三期工程')!.code
  // The one configuration document of before: it is the country level now.
  await db()
    .collection('config')
    .doc('global')
    .set({ value: JSON.stringify({ deadlines: { resolveDaysDefault: 12 } }), updatedAt: new Date().toISOString() })
  await s.putUser({ openid: DISTRICT, role: 'coordinator', deptId: 'd-jx-labour', name: null, createdAt: new Date().toISOString() })
})

const data = (r: unknown) => (r as { data: any }).data
const error = (r: unknown) => (r as { error: any }).error

test('the configuration of before is the country level, inherited by every area', async () => {
  const got = await admin({ action: 'config.get', data: {} }, ctx(DISTRICT))
  expect(data(got)).toMatchObject({ areaCode: '130602', national: false, publicBaseUrl: 'https://xam.bd.gov.cn' })
  expect(data(got).effective.deadlines.resolveDaysDefault).toBe(12)
  expect(data(got).sources['deadlines.resolveDaysDefault']).toBe('000000')
})

test('a district coordinator sets their district only; a campaign only inside it; nothing of the deployment', async () => {
  const before = await storage().listAreaConfigs()
  for (const [request, field] of [
    [{ areaCode: '130600', deadlines: { resolveDaysDefault: 30 } }, 'areaCode'],
    [{ areaCode: '110000', deadlines: { resolveDaysDefault: 30 } }, 'areaCode'],
    [{ campaign: { endsAt: '2027-01-20T00:00:00+08:00', areaCode: '110105' } }, 'campaign.areaCode'],
    [{ campaign: { endsAt: '2027-01-20T00:00:00+08:00', areaCode: '130600' } }, 'campaign.areaCode'],
    [{ publicBaseUrl: 'javascript:alert(1)' }, 'publicBaseUrl'],
    [{ rateLimits: { perWorkerPerHour: 5 }, notifications: { templates: { alert: 'X' } } }, 'notifications.templates.alert'],
    [{ holidays: { '2027': { holidays: ['2027-01-01'] } } }, 'holidays.2027.holidays'],
  ] as const) {
    const r = await admin({ action: 'config.set', data: request }, ctx(DISTRICT))
    expect(error(r)).toMatchObject({ code: 'VALIDATION' })
    expect(Object.keys(error(r).fields)).toEqual([field])
  }
  expect(await storage().listAreaConfigs()).toEqual(before)

  const own = await admin({ action: 'config.set', data: { deadlines: { resolveDaysDefault: 20 } } }, ctx(DISTRICT))
  expect(data(own).own).toEqual({ deadlines: { resolveDaysDefault: 20 } })
  // Kept as the district's own document, the country level untouched.
  const docs = await storage().getAreaConfigs(['000000', '130600', '130602'])
  expect(docs.map((d) => [d.areaCode, d.value])).toEqual([
    ['000000', { deadlines: { resolveDaysDefault: 12 } }],
    ['130602', { deadlines: { resolveDaysDefault: 20 } }],
  ])
})

test('cases run on their own area’s settings: acceptance in the functions, the campaign in the scheduler', async () => {
  const filing = { complainant: { name: '张师傅', phone: '13812345678' }, workerCount: 3, amountOwedFen: 1_250_000, owedSince: '2025-01' }
  // A government-invested project's sticker: 3 days, the country default (the district set only the other cases').
  const onSite = await worker(
    { action: 'complaint.submit', data: { clientRequestId: 'cloud-area-0000', siteCode: jxSite, placement: 'helmet', ...filing } },
    ctx('oWorkerArea'),
  )
  const inspector = ctx(personaOpenid('inspector'))
  const siteCase = await staff({ action: 'complaint.get', data: { id: data(onSite).id } }, inspector)
  const siteAcc = await staff({ action: 'complaint.accept', data: { id: data(onSite).id, version: data(siteCase).version } }, inspector)
  expect(Date.parse(data(siteAcc).resolveDueAt) - Date.now()).toBeGreaterThan(2.9 * 86400_000)
  expect(Date.parse(data(siteAcc).resolveDueAt) - Date.now()).toBeLessThan(3.1 * 86400_000)
  // Any other 竞秀区 case: the district's 20 days, not the country's 12.
  const sub = await worker(
    {
      action: 'complaint.submit',
      data: {
        clientRequestId: 'cloud-area-0001',
        project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
        employerName: '某劳务公司',
        ...filing,
      },
    },
    ctx('oWorkerArea'),
  )
  expect(data(sub).status).toBe('routed')
  const got = await staff({ action: 'complaint.get', data: { id: data(sub).id } }, inspector)
  const acc = await staff({ action: 'complaint.accept', data: { id: data(sub).id, version: data(got).version } }, inspector)
  const accepted = Date.parse(data(acc).resolveDueAt) - Date.now()
  expect(accepted).toBeGreaterThan(19.9 * 86400_000)
  expect(accepted).toBeLessThan(20.1 * 86400_000)

  // A district campaign ending in 10 days: the scheduler pulls the 20-day case in, by the district's own settings.
  const endsAt = new Date(Date.now() + 10 * 86400_000).toISOString()
  expect(data(await admin({ action: 'config.set', data: { campaign: { endsAt } } }, ctx(DISTRICT))).effective.campaign).toEqual({
    endsAt,
    areaCode: '130602',
  })
  const report = (await schedulerMain()) as { campaignCapped: number }
  expect(report.campaignCapped).toBe(1)
  const after = await staff({ action: 'complaint.get', data: { id: data(sub).id } }, inspector)
  expect(data(after).resolveDueAt).toBe(endsAt)
  // The 3-day case ends before the campaign: left as it was.
  expect(data(await staff({ action: 'complaint.get', data: { id: data(onSite).id } }, inspector)).resolveDueAt).toBe(
    data(siteAcc).resolveDueAt,
  )
})

test('the functions take the public link prefix from PUBLIC_BASE_URL, https only', () => {
  expect(publicBaseUrlFromEnv({ PUBLIC_BASE_URL: 'https://xam.bd.gov.cn/' })).toBe('https://xam.bd.gov.cn')
  expect(() => publicBaseUrlFromEnv({})).toThrow(/PUBLIC_BASE_URL/)
  for (const bad of [
    'javascript:alert(1)',
    'http://evil.example.com',
    'http://127.0.0.1:8080',
    'https://a:b@xam.bd.gov.cn',
    'https://xam.bd.gov.cn/#x',
  ]) {
    expect(() => publicBaseUrlFromEnv({ PUBLIC_BASE_URL: bad })).toThrow(/公开网址/)
  }
})
