// A proven phone on every path (local server, real SQLite): a mini-program user links the phone they filed
// with in a browser (SMS code; WeChat's phone-number button needs a certified enterprise mini-program) and
// sees those complaints; staff sign in from a browser with the phone their invite names.
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'
import { phoneOpenid } from '../../cloudfunctions/core/auth/session'

let srv: TestServer
let coordinator: string
const T0 = '2026-10-20T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
beforeEach(() => srv.dev('/dev/clock', { now: T0 }))
afterEach(() => srv?.dev('/dev/clock', { now: null }))

let phones = 0
const newPhone = () => `1370000${String(++phones).padStart(4, '0')}`
const auth = (action: string, data: unknown, token?: string) => srv.raw('auth', { action, data }, token)

async function codeFor(phone: string, token?: string): Promise<string> {
  expect(await auth('sms.request', { phone }, token)).toMatchObject({ ok: true })
  const { items } = await (await fetch(`${srv.baseUrl}/dev/outbox?format=json`)).json()
  return items.find((m: any) => m.template === 'verify_code' && m.recipient === phone).params[0]
}
async function browserSignIn(phone: string): Promise<string> {
  const r = await auth('sms.verify', { phone, code: await codeFor(phone) })
  expect(r.ok).toBe(true)
  return r.data.token
}
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())

test('a mini-program user links the phone by SMS code: the browser complaints are theirs there, and the browser signs in as them', async () => {
  const phone = newPhone()
  const browser = await browserSignIn(phone)
  const filedInBrowser = await srv.call(
    browser,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { complainant: { name: '赵师傅', phone } }),
  )
  expect(filedInBrowser.ok).toBe(true)

  const wx = await srv.login({ openid: 'wx-linker-1' })
  const filedInWeChat = await srv.call(
    wx,
    'worker',
    'complaint.submit',
    submission(srv.sites[1].code, { complainant: { name: '赵师傅', phone } }),
  )
  expect((await srv.call(wx, 'worker', 'phone.status', {})).data).toEqual({ phone: null })
  expect((await srv.call(wx, 'worker', 'complaint.listMine', {})).data.items.map((i: any) => i.id)).toEqual([filedInWeChat.data.id])

  // A wrong code links nothing.
  await srv.dev('/dev/clock', { now: '2026-10-20T09:01:00+08:00' })
  const code = await codeFor(phone, wx)
  const before = tableCounts(srv.db())
  const wrong = await srv.call(wx, 'worker', 'phone.link', { phone, code: code === '000000' ? '111111' : '000000' })
  expect(wrong.error).toMatchObject({ code: 'VALIDATION', fields: { code: '验证码不对，还可以再试4次' } })
  expect((srv.db().prepare('SELECT phone FROM users WHERE openid = ?').get('wx-linker-1') as any)?.phone ?? null).toBeNull()
  expect(tableCounts(srv.db()).users).toBe(before.users)

  expect(await srv.call(wx, 'worker', 'phone.link', { phone, code })).toMatchObject({
    ok: true,
    data: { phone: `${phone.slice(0, 3)}****${phone.slice(7)}` },
  })
  expect((await srv.call(wx, 'worker', 'phone.status', {})).data.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`)
  const mine = (await srv.call(wx, 'worker', 'complaint.listMine', {})).data.items.map((i: any) => i.id)
  expect(mine.sort()).toEqual([filedInBrowser.data.id, filedInWeChat.data.id].sort())
  expect((await srv.call(wx, 'worker', 'complaint.get', { id: filedInBrowser.data.id })).ok).toBe(true)

  // Signing in again in a browser with that phone is signing in as the WeChat user: both complaints.
  await srv.dev('/dev/clock', { now: '2026-10-20T09:05:00+08:00' })
  const again = await browserSignIn(phone)
  expect(payloadOf(again)).toMatchObject({ s: 'wx-linker-1', p: phone, m: 'sms' })
  expect((await srv.call(again, 'worker', 'complaint.listMine', {})).data.items).toHaveLength(2)
  // A browser session links nothing: it is its phone already.
  expect((await srv.call(again, 'worker', 'phone.link', { phone, code: '123456' })).error).toMatchObject({ code: 'FORBIDDEN' })
})

test('staff in a browser: the invite names their phone; they prove it, join, and sign in again as themselves', async () => {
  const phone = newPhone()
  const created = await srv.call(coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-jx-labour', phone })
  expect(created.ok).toBe(true)
  const listed = (await srv.call(coordinator, 'admin', 'invite.list', {})).data.items.find((i: any) => i.code === created.data.code)
  expect(listed.phone).toBe(phone)

  // Someone else's phone cannot use it; nor can a WeChat user who has not proven the phone.
  const intruder = await browserSignIn(newPhone())
  const refused = await srv.call(intruder, 'staff', 'invite.accept', { code: created.data.code })
  expect(refused.error).toMatchObject({
    code: 'FORBIDDEN',
    message: `这个邀请码只能由手机号${phone.slice(0, 3)}****${phone.slice(7)}的本人使用，请用这个手机号获取验证码登录后再试`,
  })
  expect(
    (await srv.call(await srv.login({ openid: 'wx-not-linked' }), 'staff', 'invite.accept', { code: created.data.code })).error!.code,
  ).toBe('FORBIDDEN')

  const official = await browserSignIn(phone)
  expect((await srv.call(official, 'staff', 'me', {})).data.role).toBe('worker')
  expect(await srv.call(official, 'staff', 'invite.accept', { code: created.data.code })).toMatchObject({
    ok: true,
    data: { role: 'inspector' },
  })
  expect((await srv.call(official, 'staff', 'queue.list', { view: 'to_accept' })).ok).toBe(true)

  // The next sign-in is the same official, with a staff session (12 hours), not a worker's (30 days).
  await srv.dev('/dev/clock', { now: '2026-10-20T09:02:00+08:00' })
  const next = await auth('sms.verify', { phone, code: await codeFor(phone) })
  expect(payloadOf(next.data.token)).toMatchObject({ s: phoneOpenid(phone), m: 'sms' })
  expect(next.data.expiresAt).toBe(new Date(Date.parse('2026-10-20T09:02:00+08:00') + 12 * 3600_000).toISOString())
  expect((await srv.call(next.data.token, 'staff', 'me', {})).data).toMatchObject({ role: 'inspector', dept: { id: 'd-jx-labour' } })
  await srv.dev('/dev/clock', { now: '2026-10-20T21:03:00+08:00' })
  expect((await srv.call(next.data.token, 'staff', 'me', {})).error!.code).toBe('UNAUTHENTICATED')
})

test('an invite without a phone is for WeChat only; a bad phone on an invite is named', async () => {
  const plain = await srv.call(coordinator, 'admin', 'invite.create', { role: 'desk', deptId: 'd-jx-desk' })
  const browser = await browserSignIn(newPhone())
  expect((await srv.call(browser, 'staff', 'invite.accept', { code: plain.data.code })).error).toMatchObject({
    code: 'FORBIDDEN',
    message: '网页登录需要写明您手机号的邀请码，请联系联席办重新生成',
  })
  expect((await srv.call(await srv.login({ openid: 'wx-desk-1' }), 'staff', 'invite.accept', { code: plain.data.code })).ok).toBe(true)
  const before = tableCounts(srv.db())
  expect(
    (await srv.call(coordinator, 'admin', 'invite.create', { role: 'desk', deptId: 'd-jx-desk', phone: '12345' })).error,
  ).toMatchObject({
    code: 'VALIDATION',
    fields: { phone: '请填写11位手机号' },
  })
  expect(tableCounts(srv.db())).toEqual(before)
})

test('a staff phone stays with the official: a WeChat user cannot link it away', async () => {
  const phone = newPhone()
  const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-jx-labour', phone })
  const official = await browserSignIn(phone)
  expect((await srv.call(official, 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
  await srv.dev('/dev/clock', { now: '2026-10-20T09:10:00+08:00' })
  const wx = await srv.login({ openid: 'wx-would-be' })
  const r = await srv.call(wx, 'worker', 'phone.link', { phone, code: await codeFor(phone, wx) })
  expect(r.error).toMatchObject({ code: 'CONFLICT', fields: { phone: '这个手机号已是工作人员的登录手机号' } })
  expect((srv.db().prepare('SELECT openid FROM users WHERE phone = ?').get(phone) as any).openid).toBe(phoneOpenid(phone))
})
