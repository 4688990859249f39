// The `auth` function: sign-in for callers without a WeChat context (a browser; the mini-program when it
// calls a self-hosted server). Every action answers without a session; see cloudfunctions/core/actions/auth.ts.
import { z } from 'zod/mini'
import { reply } from './define'
import * as f from './fields'

/** How browsers sign in on this server: by SMS code, or (the local development server only) /dev/login. */
export interface AuthMode {
  signIn: 'sms' | 'dev'
}

export interface CodeSent {
  sentAt: string
  /** The code is good until then. */
  expiresAt: string
  /** A new code may be asked for from then on. */
  resendAt: string
}

export interface SessionIssued {
  token: string
  expiresAt: string
}

/** A 6-digit SMS code, spaces and dashes removed (people copy them from the message in many ways). */
export const smsCode = z.pipe(
  z.string({ error: '请填写验证码' }),
  z.pipe(
    z.transform((s: string) => s.replace(/[\s-]/g, '')),
    z.string().check(z.regex(/^\d{6}$/, '验证码应为6位数字')),
  ),
)

export const phoneAndCode = z.strictObject({ phone: f.mobile, code: smsCode })

export const authContract = {
  mode: reply<AuthMode>()(f.empty),
  /** Send a 6-digit code to the phone (limited per phone and per client; RATE_LIMITED beyond). */
  'sms.request': reply<CodeSent>()(z.strictObject({ phone: f.mobile })),
  /** The code back: a session for whoever proved the phone. */
  'sms.verify': reply<SessionIssued>()(phoneAndCode),
  /** The mini-program's `wx.login` code, on a self-hosted server: a session for that WeChat user. */
  'wx.login': reply<SessionIssued>()(
    z.strictObject({ code: z.string({ error: '微信登录失败，请重试' }).check(z.regex(/^[A-Za-z0-9_-]{8,128}$/, '微信登录失败，请重试')) }),
  ),
}
