// Session tokens (core/auth/session.ts): signed with the server secret, carrying subject, proven phone,
// method and expiry; anything else is no session at all.
import { createHmac } from 'node:crypto'
import { bearerToken, derivedKey, phoneOpenid, sessionVerifier, signSession, verifySession } from '../../cloudfunctions/core/auth/session'
import { codeHash, rateKey } from '../../cloudfunctions/core/auth/codes'

const SECRET = 'a'.repeat(32) + '-test-secret'
const NOW = new Date('2026-10-12T01:00:00.000Z')
const exp = NOW.getTime() + 3600_000

test('a token carries who, the proven phone, the method and the expiry, to whole seconds', () => {
  const t = signSession(SECRET, { sub: 'ph_abc', phone: '13812345678', method: 'sms', iat: NOW.getTime(), exp: exp + 999 })
  expect(t).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
  expect(verifySession(SECRET, t, NOW)).toEqual({ sub: 'ph_abc', phone: '13812345678', method: 'sms', iat: NOW.getTime(), exp })
  expect(verifySession(SECRET, signSession(SECRET, { sub: 'oWx', phone: null, method: 'wx', exp }), NOW)).toMatchObject({
    sub: 'oWx',
    phone: null,
    method: 'wx',
  })
})

test('the server remembers a checked token: the same session, its expiry still checked, a bad token still refused', () => {
  const verified = sessionVerifier(SECRET, 2)
  const t = signSession(SECRET, { sub: 'ph_abc', phone: null, method: 'sms', iat: NOW.getTime(), exp })
  const first = verified(t, NOW)
  expect(first).toEqual(verifySession(SECRET, t, NOW))
  expect(verified(t, NOW)).toBe(first)
  // Remembered, and still over at its expiry.
  expect(verified(t, new Date(exp - 1000))).toBe(first)
  expect(verified(t, new Date(exp))).toBeNull()
  expect(verified(null, NOW)).toBeNull()
  // A token of another secret, or changed in one character, is never taken for a remembered one.
  expect(verified(signSession('b'.repeat(40), { sub: 'ph_abc', phone: null, method: 'sms', iat: NOW.getTime(), exp }), NOW)).toBeNull()
  expect(verified(`${t.slice(0, -1)}${t.endsWith('A') ? 'Q' : 'A'}`, NOW)).toBeNull()
  // More tokens than it keeps: it starts over and checks each again.
  const others = ['ph_b', 'ph_c', 'ph_d'].map((sub) => signSession(SECRET, { sub, phone: null, method: 'sms', iat: NOW.getTime(), exp }))
  expect(others.map((o) => verified(o, NOW)?.sub)).toEqual(['ph_b', 'ph_c', 'ph_d'])
  const again = verified(t, NOW)
  expect(again).toEqual(first)
  expect(again).not.toBe(first)
})

test('expired, tampered, foreign, malformed or secretless: no session', () => {
  // Issued at a fixed instant: the same token, and so the same signature, on every run.
  const t = signSession(SECRET, { sub: 'ph_abc', phone: '13812345678', method: 'sms', iat: NOW.getTime(), exp })
  expect(verifySession(SECRET, t, new Date(exp - 1000))).not.toBeNull()
  expect(verifySession(SECRET, t, new Date(exp))).toBeNull()
  expect(verifySession('b'.repeat(40), t, NOW)).toBeNull()
  expect(verifySession(undefined, t, NOW)).toBeNull()
  expect(verifySession('', t, NOW)).toBeNull()
  const [v, payload, sig] = t.split('.')
  const other = Buffer.from(JSON.stringify({ s: 'persona-coordinator', p: null, m: 'sms', i: 1, e: exp / 1000 })).toString('base64url')
  for (const bad of [
    `${v}.${other}.${sig}`,
    `v2.${payload}.${sig}`,
    // The signature's last character changed (to another one: a signature may end in "A" already).
    `${v}.${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'Q' : 'A'}`,
    `${v}.${payload}`,
    '',
    42,
    null,
    {},
    'x'.repeat(5000),
  ]) {
    expect(verifySession(SECRET, bad, NOW)).toBeNull()
  }
  // Well signed with the real key, but not a session this server makes.
  const signed = (o: object) => {
    const body = `v1.${Buffer.from(JSON.stringify(o)).toString('base64url')}`
    return `${body}.${createHmac('sha256', derivedKey(SECRET, 'session')).update(body).digest('base64url')}`
  }
  const good = { s: 'ph_abc', p: null, m: 'sms', i: 1, e: exp / 1000 }
  expect(verifySession(SECRET, signed(good), NOW)).not.toBeNull()
  for (const odd of [
    { ...good, m: 'admin' },
    { ...good, s: 'a/b' },
    { ...good, s: '' },
    { ...good, p: '123' },
    { ...good, e: undefined },
    { ...good, e: 'soon' },
  ]) {
    expect(verifySession(SECRET, signed(odd), NOW)).toBeNull()
  }
  // The code-hash key cannot sign sessions.
  const body = `v1.${Buffer.from(JSON.stringify(good)).toString('base64url')}`
  expect(
    verifySession(SECRET, `${body}.${createHmac('sha256', derivedKey(SECRET, 'sms-code')).update(body).digest('base64url')}`, NOW),
  ).toBeNull()
})

test('bearer tokens come from an Authorization header only in its standard form', () => {
  expect(bearerToken('Bearer abc.def')).toBe('abc.def')
  expect(bearerToken('bearer  abc')).toBe('abc')
  expect(bearerToken(['Bearer abc'])).toBe('abc')
  for (const h of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 42]) expect(bearerToken(h)).toBeNull()
})

test('a browser identity is a hash of the phone, never the number; code hashes and limit keys hide it too', () => {
  const id = phoneOpenid('13812345678')
  expect(id).toMatch(/^ph_[0-9a-f]{40}$/)
  expect(id).not.toContain('13812345678')
  expect(phoneOpenid('13812345678')).toBe(id)
  expect(phoneOpenid('13812345679')).not.toBe(id)
  const h = codeHash(SECRET, '13812345678', '123456')
  expect(h).toMatch(/^[0-9a-f]{64}$/)
  expect(codeHash('c'.repeat(32), '13812345678', '123456')).not.toBe(h)
  expect(codeHash(SECRET, '13812345679', '123456')).not.toBe(h)
  expect(rateKey('phone', '13812345678')).toMatch(/^phone:[0-9a-f]{40}$/)
  expect(rateKey('client', '13812345678')).not.toBe(rateKey('phone', '13812345678').replace('phone', 'client'))
})
