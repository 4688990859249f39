// Session tokens: what the functions hand a caller without a WeChat context after it proved a phone by SMS
// code (or, on a self-hosted server, exchanged a `wx.login` code), and accept back as its identity.
//
// A token is `v1.<payload>.<signature>`: the payload is base64url JSON { s: subject, p: proven phone or
// null, m: how the caller signed in, i: issued, e: expires (seconds) }; the signature is HMAC-SHA256 over
// `v1.<payload>` with a key derived from the server secret (SESSION_SECRET). Nothing is stored per session:
// a token is good until it expires or the secret changes (changing the secret signs everybody out).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export const SIGN_IN_METHODS = ['sms', 'wx', 'dev'] as const
/** sms: a phone proven by code (a browser); wx: a mini-program's `wx.login` code; dev: /dev/login, development only. */
export type SignInMethod = (typeof SIGN_IN_METHODS)[number]

export interface Session {
  /** Who: the caller's openid (a WeChat OPENID, or `ph_…` for a browser identified by its phone). */
  sub: string
  /** The phone proven by SMS code for this session, else null. */
  phone: string | null
  method: SignInMethod
  /** Issued and expiry instants, ms (whole seconds). */
  iat: number
  exp: number
}

/** A secret shorter than this is refused: the tokens would be guessable. */
export const MIN_SECRET_CHARS = 32
const VERSION = 'v1'
const MAX_TOKEN_CHARS = 1024
const TOKEN = /^v1\.([A-Za-z0-9_-]{10,800})\.([A-Za-z0-9_-]{43})$/

/** One key per purpose, derived from the server secret, so a signature of one kind is never valid as another. */
export function derivedKey(secret: string, purpose: 'session' | 'sms-code'): Buffer {
  return createHmac('sha256', secret).update(`xinanma:${purpose}`).digest()
}

/** The session key of the secret last used (a server has one secret): derived once, not on every call. */
let sessionKey: { secret: string; key: Buffer } | null = null
function sessionKeyOf(secret: string): Buffer {
  if (sessionKey?.secret !== secret) sessionKey = { secret, key: derivedKey(secret, 'session') }
  return sessionKey.key
}

const sign = (secret: string, body: string) => createHmac('sha256', sessionKeyOf(secret)).update(body).digest('base64url')

export function signSession(secret: string, s: Omit<Session, 'iat'> & { iat?: number }): string {
  const payload = Buffer.from(
    JSON.stringify({ s: s.sub, p: s.phone, m: s.method, i: Math.floor((s.iat ?? Date.now()) / 1000), e: Math.floor(s.exp / 1000) }),
  ).toString('base64url')
  const body = `${VERSION}.${payload}`
  return `${body}.${sign(secret, body)}`
}

/** The session a token carries, or null: malformed, signed with another secret, tampered with or expired at `now`. */
export function verifySession(secret: string | undefined, token: unknown, now: Date): Session | null {
  if (!secret || typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return null
  const m = TOKEN.exec(token)
  if (!m) return null
  const expected = Buffer.from(sign(secret, `${VERSION}.${m[1]}`))
  const given = Buffer.from(m[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  let p: Record<string, unknown>
  try {
    p = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!p || typeof p !== 'object') return null
  const { s, p: phone, m: method, i, e } = p
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(s)) return null
  if (phone !== null && !(typeof phone === 'string' && /^1\d{10}$/.test(phone))) return null
  if (!SIGN_IN_METHODS.includes(method as SignInMethod)) return null
  if (typeof i !== 'number' || typeof e !== 'number' || !Number.isFinite(e)) return null
  if (e * 1000 <= now.getTime()) return null
  return { sub: s, phone: phone as string | null, method: method as SignInMethod, iat: i * 1000, exp: e * 1000 }
}

/**
 * verifySession for a server that sees the same tokens again and again (the local server: every call of
 * an official's session carries one): a token whose signature checked out is remembered with its session,
 * so the next call only checks the expiry, not the HMAC again. Nothing else can change a token's session
 * (no session state: see above). At most `size` tokens are remembered; when full it starts over.
 */
export function sessionVerifier(secret: string | undefined, size = 4096): (token: string | null, now: Date) => Session | null {
  const known = new Map<string, Session>()
  return (token, now) => {
    if (token === null) return null
    const hit = known.get(token)
    if (hit) return hit.exp > now.getTime() ? hit : null
    const session = verifySession(secret, token, now)
    if (session) {
      if (known.size >= size) known.clear()
      known.set(token, session)
    }
    return session
  }
}

/** The bearer token of an `Authorization` header value, if any. */
export function bearerToken(header: unknown): string | null {
  const v = Array.isArray(header) ? header[0] : header
  const m = typeof v === 'string' ? /^Bearer\s+(\S+)$/i.exec(v.trim()) : null
  return m ? m[1] : null
}

/**
 * The openid of a browser worker identified by a proven phone: `ph_` and a hash of the number (not the
 * number itself, so logs, timelines and tokens carry no phone number in the clear).
 */
export function phoneOpenid(phone: string): string {
  return 'ph_' + createHash('sha256').update(`xinanma-phone\u0000${phone}`).digest('hex').slice(0, 40)
}
