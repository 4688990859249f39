// Calls that reach a cloud function through CloudBase's HTTP access service (the browser page hosted on
// CloudBase posts to /api/<function> on the same domain; README "Going live on CloudBase"). The service
// hands the function an "integration request" ({ path, httpMethod, headers, queryStringParameters, body,
// isBase64Encoded, requestContext }) and sends back the "integration response" it returns ({ statusCode,
// headers, body }). Such a caller has no WeChat context: its identity is a session token the functions
// issued (Authorization: Bearer), and nothing else.
import type { ApiResponse } from '../../shared/types'
import { HTTP_STATUS } from './errors'
import { bearerToken } from './auth/session'

export interface HttpEvent {
  path: string
  httpMethod: string
  headers: Record<string, string>
  queryStringParameters?: Record<string, string> | null
  body?: unknown
  isBase64Encoded?: boolean | string
  requestContext?: Record<string, unknown>
}

export interface HttpReply {
  statusCode: number
  headers: Record<string, string>
  body: string
  isBase64Encoded: false
}

/** An integration request of the HTTP access service (a callFunction event never has these). */
export function isHttpEvent(event: unknown): event is HttpEvent {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false
  const e = event as Record<string, unknown>
  return typeof e.httpMethod === 'string' && typeof e.path === 'string' && !!e.headers && typeof e.headers === 'object'
}

/** Header names as lower case (the service passes them as the client sent them). */
export function headersOf(e: HttpEvent): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.headers ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v
  return out
}

export function tokenOf(e: HttpEvent): string | null {
  return bearerToken(headersOf(e).authorization)
}

/** The client's address: the first hop the gateway reports, else what its request context says. */
export function clientAddressOf(e: HttpEvent): string | null {
  const h = headersOf(e)
  const first = (h['x-forwarded-for'] ?? '').split(',')[0]?.trim()
  if (first) return first
  if (h['x-real-ip']?.trim()) return h['x-real-ip'].trim()
  const ip = e.requestContext?.sourceIp ?? e.requestContext?.clientIp
  return typeof ip === 'string' && ip ? ip : null
}

/** The JSON envelope in the body; undefined when there is none, a SyntaxError's marker when it is not JSON. */
export function bodyOf(e: HttpEvent): { ok: true; value: unknown } | { ok: false } {
  let body = e.body
  if (body === undefined || body === null || body === '') return { ok: true, value: undefined }
  if (typeof body !== 'string') return { ok: true, value: body }
  if (e.isBase64Encoded === true || e.isBase64Encoded === 'true') body = Buffer.from(body, 'base64').toString('utf8')
  try {
    return { ok: true, value: JSON.parse(body as string) }
  } catch {
    return { ok: false }
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

/** The envelope as an integration response, with the HTTP status its code has on every transport. */
export function httpReply(reply: ApiResponse<unknown>): HttpReply {
  return {
    statusCode: reply.ok ? 200 : HTTP_STATUS[reply.error.code],
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(reply),
    isBase64Encoded: false,
  }
}

export function httpError(status: number, code: keyof typeof HTTP_STATUS, message: string): HttpReply {
  return {
    statusCode: status,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ ok: false, error: { code, message } }),
    isBase64Encoded: false,
  }
}

/**
 * What a scanned sticker (/q/<code>?p=…) or a receipt's case link (/c/<caseNo>?k=…) opens in a browser: a
 * redirect into the page, as the local server answers them. null for any other path.
 */
export function pageRedirect(e: HttpEvent): HttpReply | null {
  const path = e.path
  const q = e.queryStringParameters ?? {}
  const search = new URLSearchParams(Object.entries(q).filter(([, v]) => typeof v === 'string') as [string, string][]).toString()
  let location: string | null = null
  const sticker = /^\/q\/([A-Za-z0-9-]{1,32})\/?$/.exec(path)
  const receipt = /^\/c\/([0-9A-Za-z-]{1,32})\/?$/.exec(path)
  if (sticker) location = `/#/pages/complain/index?q=${encodeURIComponent(`/q/${sticker[1]}${search ? `?${search}` : ''}`)}`
  else if (receipt)
    location = `/#/pages/claim/index?caseNo=${encodeURIComponent(receipt[1])}&claimCode=${encodeURIComponent(typeof q.k === 'string' ? q.k : '')}`
  if (!location) return null
  return {
    statusCode: 302,
    headers: { location, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' },
    body: '',
    isBase64Encoded: false,
  }
}
