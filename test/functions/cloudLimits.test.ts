// Abuse limits through the CloudBase entries (core/cloud.ts) over the CloudBase storage adapter, where
// calls at once meet over the network (issue 15): a worker's hourly number of complaints, counted inside
// the complaint's own transaction, holds against calls at once (point 5); wrong claim codes are limited
// per caller and per case number, and the filing desk's new codes open a locked claim (point 4).
// @cloudbase/node-sdk is replaced as in cloudEntry.test.ts: the real database client over the in-memory server.

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

import { cloudMain } from '../../cloudfunctions/core/cloud'
import { workerActions } from '../../cloudfunctions/core/actions/worker'
import { staffActions } from '../../cloudfunctions/core/actions/staff'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'

const sdk = require('@cloudbase/node-sdk') as { __server: import('../contract/fakeCloudbase').FakeCloudbaseServer }

process.env.PUBLIC_BASE_URL = 'https://xam.example.gov.cn'

const worker = cloudMain('worker', workerActions)
const staff = cloudMain('staff', staffActions)
const ctx = (openid: string) => ({ environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }) })
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } }
const call = async (fn: typeof worker, openid: string, action: string, data: unknown) => (await fn({ action, data }, ctx(openid))) as Reply

const storage = () => new CloudbaseStorage(fakeDocDb(sdk.__server))
const PER_HOUR = 3
let siteCode = ''
let n = 0
const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}
const submission = (over: Record<string, unknown> = {}) => ({
  clientRequestId: `cloud-limits-${++n}`,
  siteCode,
  placement: 'helmet',
  complainant: { name: '张师傅', phone: '13812345678' },
  workerCount: 3,
  amountOwedFen: 1_250_000,
  owedSince: lastMonth(),
  ...over,
})

beforeAll(async () => {
  const db = fakeDocDb(sdk.__server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  const s = storage()
  siteCode = (await seedDemo(s, new Date())).sites[0].code
  // The country level sets a small hourly number for every area.
  await s.setAreaConfig('000000', { rateLimits: { perWorkerPerHour: PER_HOUR } }, new Date().toISOString())
})

test(`${PER_HOUR + 5} complaints at once from one worker: exactly ${PER_HOUR} are registered, the rest RATE_LIMITED`, async () => {
  const sent = Array.from({ length: PER_HOUR + 5 }, () => submission())
  const replies = await Promise.all(sent.map((d) => call(worker, 'oBurstCloud', 'complaint.submit', d)))
  expect(replies.filter((r) => r.ok)).toHaveLength(PER_HOUR)
  const refused = replies.filter((r) => !r.ok)
  expect(refused.map((r) => r.error)).toEqual(
    Array(5).fill({ code: 'RATE_LIMITED', message: '提交太频繁了，请过一会儿再试。情况紧急请拨打12333' }),
  )
  expect(await storage().countFiledSince('oBurstCloud', '2000-01-01T00:00:00.000Z')).toBe(PER_HOUR)
  // A replay of a registered request is answered as before, the limit reached or not.
  const stored = replies.findIndex((r) => r.ok)
  const again = await call(worker, 'oBurstCloud', 'complaint.submit', sent[stored])
  expect(again).toMatchObject({ ok: true, data: { id: replies[stored].data.id } })
  expect(sdk.__server.conflicts).toBeGreaterThan(0) // they met on the worker's counter (and the case number), and ran again
})

test('wrong claim codes: 10 per caller, 20 per case number; the filing desk’s new codes open the claim', async () => {
  const desk = personaOpenid('desk')
  const filed = await call(staff, desk, 'complaint.fileOnBehalf', submission())
  expect(filed.ok).toBe(true)
  const { id, caseNo, claimCode } = filed.data
  const claim = (openid: string, code: string, no = caseNo) => call(worker, openid, 'complaint.claim', { caseNo: no, claimCode: code })
  const wrong = claimCode === 'ZZZZZ9' ? 'ZZZZZ8' : 'ZZZZZ9'

  // One caller, sixteen tries at once: ten are answered, the others refused.
  const burst = await Promise.all(Array.from({ length: 16 }, () => claim('oGuessCloud', wrong)))
  expect(burst.filter((r) => r.error?.code === 'NOT_FOUND')).toHaveLength(10)
  expect(burst.filter((r) => r.error?.code === 'RATE_LIMITED')).toHaveLength(6)
  // Ten more from another caller lock the case: the right code is refused too.
  for (let i = 0; i < 10; i++) expect((await claim('oGuessCloud2', wrong)).error?.code).toBe('NOT_FOUND')
  const locked = await claim('oOwnerCloud', claimCode)
  expect(locked.error).toEqual({
    code: 'RATE_LIMITED',
    message: '这个案件的认领码输错次数太多，已暂停认领。请带身份证到登记的服务台，重新领取认领码',
  })
  expect((await storage().listMembers(id)).map((m) => m.ownerOpenid)).toEqual([null])

  expect((await call(staff, desk, 'complaint.receipt', { id })).data).toMatchObject({ claimLocked: true, canReissue: true })
  const re = await call(staff, desk, 'complaint.reissueClaim', { id })
  expect(re.ok).toBe(true)
  const fresh = re.data.members[0].claimCode
  expect(fresh).not.toBe(claimCode)
  expect((await claim('oOwnerCloud', claimCode)).error?.code).toBe('NOT_FOUND')
  expect((await claim('oOwnerCloud', fresh)).ok).toBe(true)
  expect((await storage().listMembers(id)).map((m) => [m.claimCode, m.ownerOpenid])).toEqual([[fresh, 'oOwnerCloud']])
  expect((await call(staff, desk, 'complaint.receipt', { id })).data).toMatchObject({ claimLocked: false, canReissue: false })
})
