// Sign-in by SMS code, for the pages. In a browser on a server that signs browsers in by SMS (production,
// CloudBase), the worker proves their phone only when a page must know who they are; in WeChat the
// platform knows, and the same code links a phone instead (worker `phone.link`).
import type { CodeSent } from '@shared/contract'
import { callApi } from './index'
import { needsSignIn, setSessionToken, signInMode } from './http'

/** Whether this page must ask for an SMS code before it can go on (never in WeChat). */
export async function signInNeeded(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'h5') return false
  return needsSignIn()
}

/** Whether browsers here sign in by SMS at all (the development server logs them in by itself). */
export async function smsSignIn(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'h5') return false
  return (await signInMode()) === 'sms'
}

export function requestCode(phone: string): Promise<CodeSent> {
  return callApi('auth', 'sms.request', { phone })
}

/** Proves the phone and keeps the session for every later call. */
export async function signInWithCode(phone: string, code: string): Promise<void> {
  const r = await callApi('auth', 'sms.verify', { phone, code })
  setSessionToken(r.token)
}

/** Forgets the session (another phone can sign in). */
export function signOut(): void {
  if (process.env.TARO_ENV === 'h5') setSessionToken(null)
}
