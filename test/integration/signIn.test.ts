// Sign-in by SMS code (the `auth` function) on the local server: real SQLite, the local SMS adapter (each
// code is an outbox row), the development clock. Every limit and expiry of the codes, and the sessions.
import { createHmac } from 'node:crypto'
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'
import { phoneOpenid, signSession } from '../../cloudfunctions/core/auth/session'

let srv: TestServer
const T0 = '2026-10-12T09:00:00+08:00'
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString()

beforeAll(async () => {
  srv = await startTestServer()
})
afterAll(() => srv.close())
// Every test starts at T0 (each uses its own phones and moves the clock on from there) and ends at real time.
beforeEach(() => srv.dev('/dev/clock', { now: T0 }))
afterEach(() => srv?.dev('/dev/clock', { now: null }))

/** Calls the auth function without a session, as a browser does before signing in. */
const auth = (action: string, data: unknown) => srv.raw('auth', { action, data })
const clock = (iso: string) => srv.dev('/dev/clock', { now: iso })

let phones = 0
/** A fresh phone per use: limits are per phone. */
const newPhone = () => `1390000${String(++phones).padStart(4, '0')}`

/** The last sign-in code the server sent to `phone` (the local SMS adapter keeps it in the outbox). */
async function lastCode(phone: string): Promise<string> {
  const { items } = await (await fetch(`${srv.baseUrl}/dev/outbox?format=json`)).json()
  const sms = items.find((m: any) => m.channel === 'sms' && m.template === 'verify_code' && m.recipient === phone)
  if (!sms) throw new Error(`no code sent to ${phone}`)
  return sms.params[0]
}

async function signIn(phone: string): Promise<string> {
  expect(await auth('sms.request', { phone })).toMatchObject({ ok: true })
  const r = await auth('sms.verify', { phone, code: await lastCode(phone) })
  expect(r).toMatchObject({ ok: true, data: { token: expect.any(String), expiresAt: expect.any(String) } })
  return r.data.token
}

test('the development server says browsers sign in with /dev/login; a code is 6 digits by SMS, kept only as a hash', async () => {
  expect(await auth('mode', {})).toMatchObject({ ok: true, data: { signIn: 'dev' } })
  const phone = newPhone()
  const sent = await auth('sms.request', { phone: `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` })
  expect(sent).toMatchObject({ ok: true, data: { sentAt: new Date(T0).toISOString(), expiresAt: at(5), resendAt: at(1) } })
  const code = await lastCode(phone)
  expect(code).toMatch(/^\d{6}$/)
  const { items } = await (await fetch(`${srv.baseUrl}/dev/outbox?format=json`)).json()
  expect(items.find((m: any) => m.recipient === phone).body).toBe(`验证码${code}，5分钟内有效，请勿告诉他人。`)
  const row = srv.db().prepare('SELECT * FROM signin_codes WHERE phone = ?').get(phone) as any
  expect(row.hash).toMatch(/^[0-9a-f]{64}$/)
  expect(row.hash).not.toContain(code)
  expect(JSON.stringify(srv.db().prepare('SELECT * FROM rate_limits').all())).not.toContain(phone)
})

test('one code a minute and five an hour per phone, each refusal RATE_LIMITED in plain words, writing nothing', async () => {
  const phone = newPhone()
  expect((await auth('sms.request', { phone })).ok).toBe(true)
  const before = tableCounts(srv.db())
  const soon = await auth('sms.request', { phone })
  expect(soon.status).toBe(429)
  expect(soon.error).toMatchObject({
    code: 'RATE_LIMITED',
    message: '给这个手机号发验证码太频繁了，请60秒后再试',
    fields: { phone: expect.any(String) },
  })
  await clock(at(0.5))
  expect((await auth('sms.request', { phone })).error!.message).toBe('给这个手机号发验证码太频繁了，请30秒后再试')
  expect(tableCounts(srv.db())).toEqual(before)
  for (let m = 1; m <= 4; m++) {
    await clock(at(m))
    expect(await auth('sms.request', { phone })).toMatchObject({ ok: true })
  }
  // The sixth within the hour: after the first has left the window, at T0 + 60 minutes.
  await clock(at(30))
  const hourly = await auth('sms.request', { phone })
  expect(hourly.error).toMatchObject({ code: 'RATE_LIMITED', message: '给这个手机号发验证码太频繁了，请2026年10月12日 10:00以后再试' })
  await clock(at(59.9))
  expect((await auth('sms.request', { phone })).error!.code).toBe('RATE_LIMITED')
  await clock(at(60))
  expect((await auth('sms.request', { phone })).ok).toBe(true)
  // Another phone was never limited by this one.
  expect((await auth('sms.request', { phone: newPhone() })).ok).toBe(true)
})

test('one client address may ask for a bounded number of codes an hour, whatever the phones', async () => {
  await clock('2026-10-13T09:00:00+08:00')
  // The earlier tests' requests came from this address on another day: each hour counts its own.
  const limit = 60
  for (let i = 0; i < limit; i++) expect((await auth('sms.request', { phone: newPhone() })).ok).toBe(true)
  const before = tableCounts(srv.db())
  const r = await auth('sms.request', { phone: newPhone() })
  expect(r.error).toMatchObject({ code: 'RATE_LIMITED', message: '这台设备获取验证码的次数太多了，请2026年10月13日 10:00以后再试' })
  expect(tableCounts(srv.db())).toEqual(before)
  await clock('2026-10-13T10:00:00+08:00')
  expect((await auth('sms.request', { phone: newPhone() })).ok).toBe(true)
})

test('a code lives five minutes and is good once', async () => {
  const phone = newPhone()
  await auth('sms.request', { phone })
  const code = await lastCode(phone)
  await clock(at(5))
  expect((await auth('sms.verify', { phone, code })).error).toMatchObject({
    code: 'VALIDATION',
    fields: { code: '验证码已过期，请重新获取' },
  })

  await auth('sms.request', { phone })
  const fresh = await lastCode(phone)
  await clock(at(9.9))
  expect(await auth('sms.verify', { phone, code: fresh })).toMatchObject({ ok: true })
  expect((await auth('sms.verify', { phone, code: fresh })).error).toMatchObject({
    code: 'VALIDATION',
    fields: { code: '请先获取验证码（每个验证码只能用一次）' },
  })
})

test('a new code replaces the one before', async () => {
  const phone = newPhone()
  await auth('sms.request', { phone })
  const first = await lastCode(phone)
  await clock(at(1))
  await auth('sms.request', { phone })
  const second = await lastCode(phone)
  if (first !== second)
    expect((await auth('sms.verify', { phone, code: first })).error!.fields).toEqual({ code: '验证码不对，还可以再试4次' })
  expect((await auth('sms.verify', { phone, code: second })).ok).toBe(true)
})

test('five wrong tries kill the code, even for the right one next; a new code works', async () => {
  const phone = newPhone()
  await auth('sms.request', { phone })
  const code = await lastCode(phone)
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  const answers = []
  for (let i = 0; i < 5; i++) answers.push((await auth('sms.verify', { phone, code: wrong })).error)
  expect(answers.map((e) => e!.fields!.code)).toEqual([
    '验证码不对，还可以再试4次',
    '验证码不对，还可以再试3次',
    '验证码不对，还可以再试2次',
    '验证码不对，还可以再试1次',
    '验证码错了太多次，请重新获取验证码',
  ])
  const locked = await auth('sms.verify', { phone, code })
  expect(locked.status).toBe(429)
  expect(locked.error).toMatchObject({ code: 'RATE_LIMITED', message: '验证码错了太多次，请重新获取验证码' })
  await clock(at(1))
  await auth('sms.request', { phone })
  expect((await auth('sms.verify', { phone, code: await lastCode(phone) })).ok).toBe(true)
})

test('a bad phone or code is named, in Chinese, and writes nothing', async () => {
  const before = tableCounts(srv.db())
  expect((await auth('sms.request', { phone: '1234' })).error).toMatchObject({ code: 'VALIDATION', fields: { phone: '请填写11位手机号' } })
  expect((await auth('sms.request', {})).error).toMatchObject({ code: 'VALIDATION', fields: { phone: '请填写手机号' } })
  expect((await auth('sms.verify', { phone: newPhone(), code: '12a456' })).error).toMatchObject({
    code: 'VALIDATION',
    fields: { code: '验证码应为6位数字' },
  })
  expect((await auth('sms.verify', { phone: newPhone(), code: '123456' })).error!.fields).toEqual({
    code: '请先获取验证码（每个验证码只能用一次）',
  })
  expect((await auth('sms.request', { phone: newPhone(), extra: 1 })).error!.code).toBe('VALIDATION')
  expect(tableCounts(srv.db())).toEqual(before)
})

test('a browser worker is its phone: what it files is listed when the same phone signs in again, and to no one else', async () => {
  const phone = newPhone()
  const token = await signIn(phone)
  const filed = await srv.call(
    token,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { complainant: { name: '王师傅', phone } }),
  )
  expect(filed).toMatchObject({ ok: true, data: { caseNo: expect.any(String) } })
  const row = srv.db().prepare('SELECT owner_openid, filed_by FROM complaints WHERE id = ?').get(filed.data.id) as any
  expect(row).toEqual({ owner_openid: phoneOpenid(phone), filed_by: phoneOpenid(phone) })
  expect(row.owner_openid).not.toContain(phone)

  await clock(at(2))
  const again = await signIn(phone)
  expect(again).not.toBe(token)
  const mine = await srv.call(again, 'worker', 'complaint.listMine', {})
  expect(mine.data.items.map((i: any) => i.id)).toEqual([filed.data.id])
  expect((await srv.call(again, 'worker', 'complaint.get', { id: filed.data.id })).ok).toBe(true)
  const other = await signIn(newPhone())
  expect((await srv.call(other, 'worker', 'complaint.listMine', {})).data.items).toEqual([])
  expect((await srv.call(other, 'worker', 'complaint.get', { id: filed.data.id })).error!.code).toBe('NOT_FOUND')
})

test('an unsigned, forged, foreign or expired token is UNAUTHENTICATED; public actions answer without one', async () => {
  const phone = newPhone()
  const token = await signIn(phone)
  const listMine = (t?: string) => srv.raw('worker', { action: 'complaint.listMine', data: {} }, t)
  expect((await listMine(token)).ok).toBe(true)

  const [v, payload] = token.split('.')
  const forgedPayload = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), s: 'persona-coordinator' }),
  ).toString('base64url')
  const forged = `${v}.${forgedPayload}.${token.split('.')[2]}`
  const foreign = signSession('another-secret-another-secret-another', {
    sub: phoneOpenid(phone),
    phone,
    method: 'sms',
    exp: Date.parse(T0) + 86_400_000,
  })
  const selfMade = `${v}.${forgedPayload}.${createHmac('sha256', 'guess').update(`${v}.${forgedPayload}`).digest('base64url')}`
  for (const bad of [undefined, 'garbage', forged, foreign, selfMade, token + 'x']) {
    const r = await listMine(bad)
    expect(r.status).toBe(401)
    expect(r.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
  }
  // A worker's session lasts 30 days.
  await clock(at(30 * 24 * 60 - 1))
  expect((await listMine(token)).ok).toBe(true)
  await clock(at(30 * 24 * 60 + 1))
  expect((await listMine(token)).error!.code).toBe('UNAUTHENTICATED')

  // What a printed sticker shows, and sign-in itself, need no session.
  expect(await srv.raw('worker', { action: 'site.lookup', data: { code: srv.sites[0].code } })).toMatchObject({ ok: true })
  expect(await srv.raw('worker', { action: 'app.settings', data: {} })).toMatchObject({ ok: true })
  expect((await srv.raw('staff', { action: 'me', data: {} })).status).toBe(401)
})
