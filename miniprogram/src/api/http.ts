// Transport for the h5 build: the local HTTP server (`POST /api/<fn>`), with a dev login.
import { ApiCallError, NETWORK_MESSAGE } from './errors'
import { unwrap } from './envelope'
import type { FunctionName } from './types'

const API_BASE = process.env.TARO_APP_API_BASE || ''
const TOKEN_KEY = 'xam.token'

let tokenPromise: Promise<string> | null = null
/** The persona (`as=` in the URL) the current token belongs to, if any. */
let activePersona: string | null = null

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

async function postJson(path: string, body: unknown, token?: string): Promise<unknown> {
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

/**
 * Token for a call: a new `as=<persona>` in the URL logs in as that persona (and it sticks when
 * the app navigates on without `as=`), otherwise the stored token, otherwise a new identity.
 */
function getToken(): Promise<string> {
  const persona = urlParam('as')
  if (persona && persona !== activePersona) {
    activePersona = persona
    tokenPromise = null
  }
  if (!tokenPromise) {
    const stored = readToken()
    const p = persona
      ? devLogin({ persona })
      : stored
        ? Promise.resolve(stored)
        : devLogin({ openid: 'h5-' + randomId() })
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
  const send = async (token: string): Promise<unknown> => {
    let res: Response
    try {
      res = await fetch(API_BASE + '/upload', {
        method: 'POST',
        headers: { 'Content-Type': body.type || 'application/octet-stream', Authorization: 'Bearer ' + token },
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
  const token = await getToken()
  const body = await postJson('/api/' + fn, { action, data }, token)
  try {
    return unwrap<T>(body)
  } catch (e) {
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
