// Sign-in by SMS code, the application's part: who may ask for a code how often, how codes are kept and
// checked, and who a proven phone is. Used by the `auth` function (browsers) and by the worker's
// `phone.link` (a mini-program user proving the phone they filed with in a browser).
import { createHash, createHmac } from 'node:crypto'
import { renderSms } from '../../../shared/smsTemplates'
import { formatBeijing } from '../../../shared/time'
import { randomCode, type Ctx } from '../context'
import { AppError, validation } from '../errors'
import type { RateKey, User } from '../ports'
import { SmsError } from '../sms/port'
import { derivedKey, phoneOpenid, signSession, type SignInMethod } from './session'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** The server secret, or an internal error: without it no code can be kept and no session issued. */
export function sessionSecret(ctx: Pick<Ctx, 'sessionSecret'>): string {
  if (!ctx.sessionSecret) throw new Error('SESSION_SECRET is not set: sign-in by SMS code is unavailable')
  return ctx.sessionSecret
}

/** A code as stored: keyed by the server secret, so a copy of the database does not give codes away. */
export function codeHash(secret: string, phone: string, code: string): string {
  return createHmac('sha256', derivedKey(secret, 'sms-code')).update(`${phone}:${code}`).digest('hex')
}

/**
 * A limit's key: a hash, so the table holds no phone number or address in the clear. Kinds: sign-in codes
 * per phone, client and user; complaints per filer (intake.ts); wrong claim codes per caller (claims.ts).
 */
export const rateKey = (kind: 'phone' | 'client' | 'user' | 'filer' | 'claim', value: string) =>
  `${kind}:${createHash('sha256').update(`xinanma-rate\u0000${kind}\u0000${value}`).digest('hex').slice(0, 40)}`

/** "请45秒后再试" for a short wait, else the Beijing time from which it may be asked again. */
function waitText(now: Date, retryAt: string): string {
  const secs = Math.max(1, Math.ceil((Date.parse(retryAt) - now.getTime()) / 1000))
  return secs <= 120 ? `请${secs}秒后再试` : `请${formatBeijing(retryAt)}以后再试`
}

/** Send a new 6-digit code to `phone`, within the limits per phone and per client. */
export async function sendSignInCode(ctx: Ctx, phone: string): Promise<{ sentAt: string; expiresAt: string; resendAt: string }> {
  const cfg = ctx.config.signIn
  const at = ctx.now.toISOString()
  const phoneKey = rateKey('phone', phone)
  const keys: RateKey[] = [
    {
      key: phoneKey,
      windows: [
        { ms: MINUTE, max: cfg.perPhonePerMinute },
        { ms: HOUR, max: cfg.perPhonePerHour },
      ],
    },
  ]
  // The client: its network address where the transport knows it, else the WeChat user asking.
  const client = ctx.caller.address ? rateKey('client', ctx.caller.address) : ctx.openid ? rateKey('user', ctx.openid) : null
  if (client) keys.push({ key: client, windows: [{ ms: HOUR, max: cfg.perAddressPerHour }] })
  const secret = sessionSecret(ctx)
  const taken = await ctx.storage.takeRateSlots(keys, at)
  if (!taken.ok) {
    const message =
      taken.key === phoneKey
        ? `给这个手机号发验证码太频繁了，${waitText(ctx.now, taken.retryAt)}`
        : `这台设备获取验证码的次数太多了，${waitText(ctx.now, taken.retryAt)}`
    throw new AppError('RATE_LIMITED', message, { phone: message })
  }
  const code = randomCode(ctx, '0123456789', 6)
  const expiresAt = new Date(ctx.now.getTime() + cfg.codeMinutes * MINUTE).toISOString()
  await ctx.storage.putSignInCode({ phone, hash: codeHash(secret, phone, code), createdAt: at, expiresAt })
  if (!ctx.sms) throw new Error('no SMS sender: sign-in codes cannot be sent')
  const { params, text } = renderSms('verify_code', { code, minutes: String(cfg.codeMinutes) })
  try {
    await ctx.sms.send({ to: phone, template: 'verify_code', params, text })
  } catch (e) {
    // The provider's own daily cap per number: the worker can do nothing but wait.
    if (e instanceof SmsError && /LimitExceeded/i.test(e.code)) {
      ctx.log?.('[auth] SMS provider refused a sign-in code', e)
      throw new AppError('RATE_LIMITED', '今天发给这个手机号的短信太多了，请明天再试', {
        phone: '今天发给这个手机号的短信太多了，请明天再试',
      })
    }
    throw e
  }
  const resendAt = new Date(ctx.now.getTime() + Math.ceil(MINUTE / cfg.perPhonePerMinute)).toISOString()
  return { sentAt: at, expiresAt, resendAt }
}

/** Check the code the caller typed for `phone`; throws the plain answer unless it is right (and now used up). */
export async function proveCode(ctx: Ctx, phone: string, code: string): Promise<void> {
  const secret = sessionSecret(ctx)
  const r = await ctx.storage.checkSignInCode(phone, codeHash(secret, phone, code), ctx.now.toISOString(), ctx.config.signIn.maxWrongTries)
  switch (r.result) {
    case 'ok':
      return
    case 'wrong':
      throw r.triesLeft > 0
        ? validation({ code: `验证码不对，还可以再试${r.triesLeft}次` })
        : validation({ code: '验证码错了太多次，请重新获取验证码' })
    case 'locked':
      throw new AppError('RATE_LIMITED', '验证码错了太多次，请重新获取验证码', { code: '验证码错了太多次，请重新获取验证码' })
    case 'expired':
      throw validation({ code: '验证码已过期，请重新获取' })
    case 'missing':
      throw validation({ code: '请先获取验证码（每个验证码只能用一次）' })
  }
}

/**
 * Who signs in with a proven phone: the user who proved it before (a staff member, or a worker who linked
 * it in the mini-program), else the browser identity of the phone itself.
 */
export async function userOfPhone(ctx: Ctx, phone: string): Promise<{ openid: string; user: User | null }> {
  const linked = await ctx.storage.userByPhone(phone)
  return linked ? { openid: linked.openid, user: linked } : { openid: phoneOpenid(phone), user: null }
}

/** A signed session for `openid`, as long as the configuration gives its kind of user. */
export function issueSession(
  ctx: Ctx,
  openid: string,
  user: User | null,
  method: SignInMethod,
  phone: string | null,
): { token: string; expiresAt: string } {
  const cfg = ctx.config.signIn
  const staff = user !== null && user.role !== 'worker'
  const ms = staff ? cfg.staffSessionHours * HOUR : cfg.workerSessionDays * 24 * HOUR
  // Whole seconds, as the token keeps them.
  const exp = Math.floor((ctx.now.getTime() + ms) / 1000) * 1000
  const token = signSession(sessionSecret(ctx), { sub: openid, phone, method, iat: ctx.now.getTime(), exp })
  return { token, expiresAt: new Date(exp).toISOString() }
}
