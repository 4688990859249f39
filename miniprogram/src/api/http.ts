// Transport for the h5 build: `POST /api/<fn>` on the local server, or on CloudBase through its HTTP access
// service (the same paths; TARO_APP_API_BASE when the functions answer on another address).
//
// How a browser gets its session depends on the server (auth `mode`): the development server hands out
// identities at /dev/login (`as=<persona>` in the URL, else a fresh one); everywhere else the browser has
// no identity until the worker proves their phone by SMS code (api/session.ts), which the pages ask for
// only when they must (a complaint's submit, "我的投诉", the staff pages).
import { ApiCallError, NETWORK_MESSAGE } from './errors'
import { unwrap } from './envelope'
import type { FunctionName } from './types'

const API_BASE = process.env.TARO_APP_API_BASE || ''
const TOKEN_KEY = 'xam.token'

let tokenPromise: Promise<string | null> | null = null
/** The persona (`as=` in the URL) the current token belongs to, if any. */
let activePersona: string | null = null
/** How this server signs browsers in, asked once: 'dev' (/dev/login) or 'sms' (a code, when needed). */
let modePromise: Promise<'dev' | 'sms'> | null = null

/** Reads `name` from the page URL: the normal query string or the query inside the hash. */
export function urlParam(name: string): string | null {
  if (typeof window === 'undefined') return null
  const { search, hash } = window.location
  const hashQuery = hash.indexOf('?') >= 0 ? hash.slice(hash.indexOf('?') + 1) : ''
  for (const q of [search.replace(/^\?/, ''), hashQuery]) {
    for (const pair of q.split('&')) {
      const eq = pair.indexOf('=')
      const key = eq >= 0 ? pair.slice(0, eq) : pair
      if (key === name) {
        try {
          return decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '))
        } catch {
          return pair.slice(eq + 1)
        }
      }
    }
  }
  return null
}

function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) window.localStorage.setItem(TOKEN_KEY, token)
    else window.localStorage.removeItem(TOKEN_KEY)
  } catch {
    // Private mode: keep working without storage.
  }
}

function randomId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 10)
}

async function postJson(path: string, body: unknown, token?: string | null): Promise<unknown> {
  let res: Response
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (token) headers.Authorization = 'Bearer ' + token
    res = await fetch(API_BASE + path, { method: 'POST', headers, body: JSON.stringify(body) })
  } catch {
    throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  }
  try {
    return await res.json()
  } catch {
    throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  }
}

async function devLogin(body: { persona: string } | { openid: string }): Promise<string> {
  const reply = (await postJson('/dev/login', body)) as { token?: string } | null
  if (!reply || typeof reply.token !== 'string') throw new ApiCallError('UNAUTHENTICATED', '登录失败，请稍后再试')
  writeToken(reply.token)
  return reply.token
}

/** Keep (or forget, with null) the session the auth function issued after an SMS code. */
export function setSessionToken(token: string | null): void {
  writeToken(token)
  tokenPromise = null
}

/** How this server signs browsers in, asked once per page load (again after a failure to ask). */
export function signInMode(): Promise<'dev' | 'sms'> {
  if (!modePromise) {
    modePromise = postJson('/api/auth', { action: 'mode', data: {} })
      .then((body) => unwrap<{ signIn: 'dev' | 'sms' }>(body).signIn)
      .catch((e: unknown) => {
        modePromise = null
        throw e
      })
  }
  return modePromise
}

/** Whether calls now go without a session (SMS sign-in servers, before the worker proved a phone). */
export async function needsSignIn(): Promise<boolean> {
  return (await signInMode()) === 'sms' && !readToken()
}

/**
 * Token for a call. SMS sign-in: the stored session, or none. Development: a new `as=<persona>` in the URL
 * logs in as that persona (and it sticks when the app navigates on without `as=`), otherwise the stored
 * token, otherwise a new identity.
 */
async function getToken(): Promise<string | null> {
  if ((await signInMode()) === 'sms') return readToken()
  const persona = urlParam('as')
  if (persona && persona !== activePersona) {
    activePersona = persona
    tokenPromise = null
  }
  if (!tokenPromise) {
    const stored = readToken()
    const p = persona ? devLogin({ persona }) : stored ? Promise.resolve(stored) : devLogin({ openid: 'h5-' + randomId() })
    tokenPromise = p.catch((e: unknown) => {
      tokenPromise = null
      if (persona) activePersona = null
      throw e
    })
  }
  return tokenPromise
}

/**
 * Uploads one photo to the local server (`POST /upload`, raw bytes); the server checks type by
 * content and size. Resolves to the file id to send with the complaint.
 */
export async function uploadHttp(body: Blob): Promise<{ fileId: string; url: string }> {
  const send = async (token: string | null): Promise<unknown> => {
    let res: Response
    try {
      res = await fetch(API_BASE + '/upload', {
        method: 'POST',
        headers: { 'Content-Type': body.type || 'application/octet-stream', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
        body,
      })
    } catch {
      throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
    }
    try {
      return await res.json()
    } catch {
      throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
    }
  }
  try {
    return unwrap<{ fileId: string; url: string }>(await send(await getToken()))
  } catch (e) {
    if (e instanceof ApiCallError && e.code === 'UNAUTHENTICATED' && (await signInMode()) === 'sms') {
      writeToken(null)
      throw e
    }
    if (e instanceof ApiCallError && e.code === 'UNAUTHENTICATED' && !activePersona) {
      writeToken(null)
      tokenPromise = null
      return unwrap<{ fileId: string; url: string }>(await send(await getToken()))
    }
    throw e
  }
}

/** Where the browser can show a stored photo: 'local:<name>' → '/files/<name>'. */
export function localFileUrl(fileId: string): string {
  return fileId.indexOf('local:') === 0 ? API_BASE + '/files/' + fileId.slice(6) : fileId
}

export async function callHttp<T>(fn: FunctionName, action: string, data: object): Promise<T> {
  // Signing in needs no session (and a stale one must not get in its way).
  const token = fn === 'auth' ? null : await getToken()
  const body = await postJson('/api/' + fn, { action, data }, token)
  try {
    return unwrap<T>(body)
  } catch (e) {
    // An SMS session that ran out: forget it; the page asks the worker to sign in again.
    if (e instanceof ApiCallError && e.code === 'UNAUTHENTICATED' && fn !== 'auth' && (await signInMode()) === 'sms') {
      writeToken(null)
      throw e
    }
    // A stale stored token (e.g. the local database was reset): log in afresh once.
    if (e instanceof ApiCallError && e.code === 'UNAUTHENTICATED' && !activePersona) {
      writeToken(null)
      tokenPromise = null
      const fresh = await getToken()
      return unwrap<T>(await postJson('/api/' + fn, { action, data }, fresh))
    }
    throw e
  }
}
