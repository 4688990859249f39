// The CloudBase entries (core/cloud.ts) with callers that have no WeChat context: a browser through the
// HTTP access service, or a direct call carrying a token. @cloudbase/node-sdk is replaced by a module
// that hands out the real database client over the in-memory server (test/contract/fakeCloudbase.ts).
// Identity is the platform's WeChat context or a session token the functions issued; nothing the caller
// writes into the event (`userInfo`) counts.

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
import { authActions } from '../../cloudfunctions/core/actions/auth'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { seedDemo, personaOpenid } from '../../cloudfunctions/core/seed'
import { phoneOpenid, signSession } from '../../cloudfunctions/core/auth/session'
import { codeHash } from '../../cloudfunctions/core/auth/codes'

const sdk = require('@cloudbase/node-sdk') as { init: jest.Mock; __server: import('../contract/fakeCloudbase').FakeCloudbaseServer }

const SECRET = 'web-entry-test-secret-0123456789abcdef'
const saved = { SESSION_SECRET: process.env.SESSION_SECRET, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL, WX_OPENID: process.env.WX_OPENID }
// Answers are envelopes (callFunction) or integration responses (HTTP access): read as either.
type Entry = (event: unknown, context?: unknown) => Promise<any>
const worker: Entry = cloudMain('worker', workerActions)
const staff: Entry = cloudMain('staff', staffActions)
const auth: Entry = cloudMain('auth', authActions)
const storage = () => new CloudbaseStorage(fakeDocDb(sdk.__server))
/** A context as CloudBase passes it: with a WeChat caller's OPENID, or (a web caller) without. */
const wxContext = (openid: string) => ({ environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }) })
const webContext = { environment: JSON.stringify({ TCB_ENV: 'env-1', SCF_NAMESPACE: 'env-1' }) }
/** An integration request of the HTTP access service. */
const http = (
  method: string,
  path: string,
  o: { body?: unknown; token?: string; headers?: Record<string, string>; query?: Record<string, string>; base64?: boolean } = {},
) => {
  const text = o.body === undefined ? '' : typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
  return {
    path,
    httpMethod: method,
    headers: {
      host: 'xam.example.gov.cn',
      'content-type': 'application/json',
      'x-forwarded-for': '203.0.113.7, 10.0.0.1',
      ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
      ...o.headers,
    },
    queryStringParameters: o.query ?? {},
    requestContext: { requestId: 'r1', envId: 'env-1', appId: 1, uin: 1 },
    body: o.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: !!o.base64,
  }
}
const json = (r: any) => JSON.parse(r.body)
const token = (sub: string, o: { phone?: string | null; exp?: number; secret?: string; method?: 'sms' | 'wx' | 'dev' } = {}) =>
  signSession(o.secret ?? SECRET, { sub, phone: o.phone ?? null, method: o.method ?? 'sms', exp: o.exp ?? Date.now() + 3600_000 })

let siteCode = ''
const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}
const submission = (clientRequestId: string, phone: string) => ({
  clientRequestId,
  siteCode,
  placement: 'board',
  complainant: { name: '王师傅', phone },
  workerCount: 2,
  amountOwedFen: 800_000,
  owedSince: lastMonth(),
})

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET
  process.env.PUBLIC_BASE_URL = 'https://xam.example.gov.cn'
  delete process.env.WX_OPENID
  const db = fakeDocDb(sdk.__server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  siteCode = (await seedDemo(storage(), new Date())).sites[0].code
})
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})

test('a web caller with neither a WeChat context nor a token is UNAUTHENTICATED, whatever userInfo it writes', async () => {
  const listMine = { action: 'complaint.listMine', data: {} }
  expect(await worker(listMine, webContext)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } })
  expect(await worker({ ...listMine, userInfo: { openId: personaOpenid('worker-a'), appId: 'wx1' } }, webContext)).toMatchObject({
    ok: false,
    error: { code: 'UNAUTHENTICATED' },
  })
  expect(await staff({ action: 'me', data: {}, userInfo: { openId: personaOpenid('coordinator') } }, {})).toMatchObject({
    ok: false,
    error: { code: 'UNAUTHENTICATED' },
  })
  // Refused before any port: the SDK was never initialised for them.
  expect(sdk.init).not.toHaveBeenCalled()
  const r = await worker(http('POST', '/api/worker', { body: listMine }), webContext)
  expect(r).toMatchObject({ statusCode: 401, headers: { 'content-type': 'application/json; charset=utf-8' } })
  expect(json(r)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } })
})

test('an unsigned, forged, foreign or expired token is UNAUTHENTICATED on both web paths', async () => {
  const good = token(phoneOpenid('13900001111'), { phone: '13900001111' })
  const [v, payload, sig] = good.split('.')
  const forged = `${v}.${Buffer.from(JSON.stringify({ s: personaOpenid('coordinator'), p: null, m: 'sms', i: 1, e: Date.now() / 1000 + 3600 })).toString('base64url')}.${sig}`
  const bad = [
    'not-a-token',
    forged,
    `${v}.${payload}.${sig.slice(0, -2)}AA`,
    token(personaOpenid('coordinator'), { secret: 'someone-elses-secret-0123456789abcdef' }),
    token(phoneOpenid('13900001111'), { exp: Date.now() - 1000 }),
  ]
  for (const t of bad) {
    expect(await staff({ action: 'me', data: {}, token: t }, webContext)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const r = await staff(http('POST', '/api/staff', { body: { action: 'me', data: {} }, token: t }), webContext)
    expect([r.statusCode, json(r).error.code]).toEqual([401, 'UNAUTHENTICATED'])
  }
  // Without the server's secret no token is good.
  delete process.env.SESSION_SECRET
  try {
    expect(await staff({ action: 'me', data: {}, token: good }, webContext)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
  } finally {
    process.env.SESSION_SECRET = SECRET
  }
})

test('the browser path on CloudBase: a sticker link, the form without a session, the SMS code, then filing and "my complaints"', async () => {
  // The sticker's link opens the page, which reads the project without a session.
  const scan = await worker(http('GET', `/q/${siteCode}`, { query: { p: 'board' } }), webContext)
  expect(scan).toMatchObject({
    statusCode: 302,
    headers: { location: `/#/pages/complain/index?q=${encodeURIComponent(`/q/${siteCode}?p=board`)}` },
  })
  const site = await worker(http('POST', '/api/worker', { body: { action: 'site.lookup', data: { code: siteCode } } }), webContext)
  expect([site.statusCode, json(site).data.code]).toEqual([200, siteCode])

  // The code the worker was sent (stored as the auth function stores it; no SMS leaves a test).
  const phone = '13900002222'
  await storage().putSignInCode({
    phone,
    hash: codeHash(SECRET, phone, '482913'),
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 300_000).toISOString(),
  })
  const wrong = await auth(http('POST', '/api/auth', { body: { action: 'sms.verify', data: { phone, code: '000000' } } }), webContext)
  expect([wrong.statusCode, json(wrong).error.fields]).toEqual([400, { code: '验证码不对，还可以再试4次' }])
  const verified = await auth(
    http('POST', '/api/auth', { body: { action: 'sms.verify', data: { phone, code: '482913' } }, base64: true }),
    webContext,
  )
  expect(verified.statusCode).toBe(200)
  const { token: session, expiresAt } = json(verified).data
  expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000)

  const filed = await worker(
    http('POST', '/api/worker', { body: { action: 'complaint.submit', data: submission('web-request-0001', phone) }, token: session }),
    webContext,
  )
  expect(filed.statusCode).toBe(200)
  const { id, caseNo } = json(filed).data
  expect((await storage().getComplaint(id))!.ownerOpenid).toBe(phoneOpenid(phone))
  const mine = await worker(http('POST', '/api/worker', { body: { action: 'complaint.listMine', data: {} }, token: session }), webContext)
  expect(json(mine).data.items.map((i: any) => i.caseNo)).toEqual([caseNo])
  // The same token in a direct call works too; the mini-program user of another WeChat sees nothing of it.
  expect(await worker({ action: 'complaint.get', data: { id }, token: session }, webContext)).toMatchObject({ ok: true, data: { caseNo } })
  expect(await worker({ action: 'complaint.get', data: { id } }, wxContext('oSomeoneElse'))).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  })

  // A receipt's case link opens the claim page.
  expect(await worker(http('GET', `/c/${caseNo}`, { query: { k: 'ABC234' } }), webContext)).toMatchObject({
    statusCode: 302,
    headers: { location: `/#/pages/claim/index?caseNo=${encodeURIComponent(caseNo)}&claimCode=ABC234` },
  })
})

test('a WeChat context wins over a token in the event; the token is not part of the request', async () => {
  const asCoordinator = token(personaOpenid('coordinator'), { method: 'dev' })
  const r = await staff({ action: 'me', data: {}, token: asCoordinator }, wxContext('oPlainWorker'))
  expect(r).toMatchObject({ ok: true, data: { role: 'worker' } })
  expect(await staff({ action: 'me', data: {}, token: asCoordinator }, webContext)).toMatchObject({
    ok: true,
    data: { role: 'coordinator' },
  })
})

test('HTTP access: malformed bodies, other methods and paths get the envelope with its status', async () => {
  const bad = await worker(http('POST', '/api/worker', { body: '{not json' }), webContext)
  expect([bad.statusCode, json(bad).error]).toEqual([400, { code: 'VALIDATION', message: '请求格式不对' }])
  const noAction = await worker(http('POST', '/api/worker', { body: { data: {} } }), webContext)
  expect([noAction.statusCode, json(noAction).error.code]).toEqual([400, 'VALIDATION'])
  expect((await worker(http('GET', '/api/worker'), webContext)).statusCode).toBe(404)
  expect((await staff(http('GET', `/q/${siteCode}`), webContext)).statusCode).toBe(404)
  expect((await worker(http('GET', '/q/../../etc'), webContext)).statusCode).toBe(404)
})
