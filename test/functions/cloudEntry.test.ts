// The CloudBase entry (core/cloud.ts) end to end, with @cloudbase/node-sdk replaced by a module that
// hands out the real database client over the in-memory server (test/contract/fakeCloudbase.ts) and a
// stub of the cloud-call open API. What runs: identity from the context, validation before any port,
// the CloudBase storage adapter, the scheduler, WeChat subscription messages. What cannot run here:
// node-sdk's own init, network and credentials, and WeChat's servers.

jest.mock('@cloudbase/node-sdk', () => {
  const { FakeCloudbaseServer, fakeDocDb } = jest.requireActual('../contract/fakeCloudbase')
  const server = new FakeCloudbaseServer()
  const sent: { apiName: string; requestData: Record<string, any> }[] = []
  const refuse = new Set<string>()
  return {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    __server: server,
    __sent: sent,
    __refuse: refuse,
    init: jest.fn(() => ({
      database: () => fakeDocDb(server),
      callWxOpenApi: async (o: { apiName: string; requestData: Record<string, any> }) => {
        sent.push(o)
        return refuse.has(o.requestData.touser)
          ? { result: { errcode: 43101, errmsg: 'user refuse to accept the msg' }, requestId: 'r' }
          : { result: { errcode: 0, errmsg: 'ok' }, requestId: 'r' }
      },
    })),
  }
})

import { cloudMain } from '../../cloudfunctions/core/cloud'
import { workerActions } from '../../cloudfunctions/core/actions/worker'
import { staffActions } from '../../cloudfunctions/core/actions/staff'
import { main as schedulerMain } from '../../cloudfunctions/scheduler/index'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'
import { parseConfig } from '../../shared/config'

const sdk = require('@cloudbase/node-sdk') as {
  init: jest.Mock
  __server: import('../contract/fakeCloudbase').FakeCloudbaseServer
  __sent: { apiName: string; requestData: Record<string, any> }[]
  __refuse: Set<string>
}

// The deployment's public link prefix (cloudbaserc.json passes it to every function).
process.env.PUBLIC_BASE_URL = 'https://xam.example.gov.cn'

const worker = cloudMain('worker', workerActions)
const staff = cloudMain('staff', staffActions)
/** The invocation context CloudBase passes, with the caller's OPENID in its environment. */
const ctx = (openid: string) => ({ environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }) })

const storage = () => new CloudbaseStorage(fakeDocDb(sdk.__server))
let siteCode = ''
const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}
const submission = (clientRequestId: string) => ({
  clientRequestId,
  siteCode,
  placement: 'helmet',
  complainant: { name: '张师傅', phone: '13812345678' },
  workerCount: 3,
  amountOwedFen: 1_250_000,
  owedSince: lastMonth(),
})

beforeAll(async () => {
  const db = fakeDocDb(sdk.__server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  const s = storage()
  const { sites } = await seedDemo(s, new Date())
  siteCode = sites[0].code
  // The deployment's settings: the country level of the per-area configuration.
  await s.setAreaConfig(
    '000000',
    parseConfig({
      notifications: {
        templates: { case_update: 'TPL-CASE', new_case: 'TPL-NEW', returned: 'TPL-RET', escalation: 'TPL-ESC', alert: 'TPL-ALERT' },
      },
    }),
    new Date().toISOString(),
  )
  // The worker allowed case updates once (recordConsent): the acceptance reaches them by WeChat.
  await s.addConsents('oWorkerCloud', ['TPL-CASE'], new Date().toISOString())
})

test('a malformed call is answered VALIDATION and initialises nothing', async () => {
  for (const event of [null, { action: 42 }, { action: 'complaint.submit', data: { clientRequestId: 1 } }]) {
    expect(await worker(event, ctx('oW1'))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  }
  expect(sdk.init).not.toHaveBeenCalled()
})

test('without an OPENID from the platform the call is refused', async () => {
  expect(await worker({ action: 'complaint.listMine', data: {} }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
})

test('a worker files through the cloud entry into the CloudBase database; a retry is the same complaint', async () => {
  const lookup = await worker({ action: 'site.lookup', data: { code: siteCode } }, ctx('oWorkerCloud'))
  expect(lookup).toMatchObject({ ok: true, data: { code: siteCode, areaCode: '130602' } })
  expect(sdk.init).toHaveBeenCalledTimes(1)
  expect(sdk.init.mock.calls[0][0]).toEqual({ env: Symbol.for('SYMBOL_CURRENT_ENV') })

  // The context's OPENID wins over a userInfo in the event.
  const sub = await worker(
    { action: 'complaint.submit', data: submission('cloud-request-0001'), userInfo: { openId: 'oSomeoneElse' } },
    ctx('oWorkerCloud'),
  )
  expect(sub).toMatchObject({ ok: true, data: { status: 'routed', caseNo: expect.stringMatching(/^130602-\d{4}-00001$/) } })
  const again = await worker({ action: 'complaint.submit', data: submission('cloud-request-0001') }, ctx('oWorkerCloud'))
  expect(again).toMatchObject({ ok: true, data: { id: (sub as any).data.id } })
  const mine = await worker({ action: 'complaint.listMine', data: {} }, ctx('oWorkerCloud'))
  expect((mine as any).data.items.map((i: any) => i.id)).toEqual([(sub as any).data.id])
  expect(await storage().findByRequest('oWorkerCloud', 'cloud-request-0001')).toMatchObject({ ownerOpenid: 'oWorkerCloud' })
  // Without a context, a userInfo in the event identifies no one: any caller can write it.
  const viaEvent = await worker({ action: 'complaint.listMine', data: {}, userInfo: { openId: 'oWorkerCloud' } }, {})
  expect(viaEvent).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  expect(sdk.init).toHaveBeenCalledTimes(1) // one set of ports per container
})

test('staff accept at the version they saw; a stale version is a CONFLICT', async () => {
  const inspector = ctx(personaOpenid('inspector'))
  const queue = await staff({ action: 'queue.list', data: { view: 'to_accept' } }, inspector)
  const row = (queue as any).data.items[0]
  expect(row).toMatchObject({ caseNo: expect.stringMatching(/-00001$/) })
  const ok = await staff({ action: 'complaint.accept', data: { id: row.id, version: 1 } }, inspector)
  expect(ok).toMatchObject({ ok: true, data: { status: 'accepted', version: 2 } })
  const stale = await staff({ action: 'complaint.accept', data: { id: row.id, version: 1 } }, inspector)
  expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
})

test('the scheduler refuses a call from the mini-program (it runs on its timer only), before any port', async () => {
  const inits = sdk.init.mock.calls.length
  expect(await schedulerMain({ userInfo: { openId: 'oSomeone', appId: 'wx1' } }, {})).toEqual({
    ok: false,
    error: { code: 'FORBIDDEN', message: '您无权进行此操作' },
  })
  expect(await schedulerMain({}, ctx('oSomeone'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(sdk.init.mock.calls.length).toBe(inits)
})

test('the scheduler sends the outbox as subscription messages through the open API; a refused one waits for a retry', async () => {
  sdk.__refuse.add(personaOpenid('inspector'))
  const report = (await schedulerMain()) as { sent: number; failed: number }
  expect(report.sent + report.failed).toBeGreaterThan(0)
  expect(report.failed).toBeGreaterThan(0)
  const sent = sdk.__sent
  expect(sent.every((s) => s.apiName === '/cgi-bin/message/subscribe/send')).toBe(true)
  const toWorker = sent.filter((s) => s.requestData.touser === 'oWorkerCloud')
  expect(toWorker.length).toBeGreaterThan(0)
  expect(toWorker[0].requestData).toMatchObject({
    template_id: 'TPL-CASE',
    page: expect.stringMatching(/^pages\/detail\/index\?id=/),
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: {
      thing1: { value: expect.any(String) },
      character_string2: { value: expect.stringMatching(/^130602-\d{4}-00001$/) },
      time4: { value: expect.stringMatching(/年.*月.*日 \d\d:\d\d$/) },
    },
  })
  const toInspector = sent.find((s) => s.requestData.touser === personaOpenid('inspector'))
  expect(toInspector?.requestData).toMatchObject({ template_id: 'TPL-NEW', page: expect.stringMatching(/^staff\/pages\/case\/index\?id=/) })
  const outbox = await storage().listOutbox(50)
  const refused = outbox.filter((m) => m.status === 'pending' && m.attempts === 1)
  expect(refused.length).toBeGreaterThan(0)
  expect(refused[0].lastError).toMatch(/43101/)
  expect(outbox.some((m) => m.status === 'sent')).toBe(true)
})
