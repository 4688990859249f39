// CloudBase function `open311`: the Open311 API for a city's 12345 platform (cloudfunctions/core/open311.ts),
// reached through CloudBase's HTTP access service at /open311 (npm run deploy creates the route). The
// service hands over an integration request ({ path, httpMethod, headers, queryStringParameters, body,
// isBase64Encoded }) and sends back the integration response returned here ({ statusCode, headers, body }).
// No WeChat identity: the caller is its api_key. Ports are set up only for calls that need the database.
import { sharedCloudDeps } from '../core/cloud'
import { handleOpen311, OPEN311_PREFIX } from '../core/open311'

interface IntegrationRequest {
  path?: unknown
  httpMethod?: unknown
  headers?: unknown
  queryStringParameters?: unknown
  body?: unknown
  isBase64Encoded?: unknown
}

const reply = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  isBase64Encoded: false,
})

export const main = async (event: unknown) => {
  const e = (event && typeof event === 'object' ? event : {}) as IntegrationRequest
  // Not through the HTTP access service (a callFunction): the envelope every function answers with.
  if (typeof e.httpMethod !== 'string' || typeof e.path !== 'string') {
    return { ok: false, error: { code: 'VALIDATION', message: '请通过 HTTP 访问 /open311/v2/services.json' } }
  }
  const at = e.path.indexOf(OPEN311_PREFIX)
  const path = at >= 0 ? e.path.slice(at + OPEN311_PREFIX.length) : e.path
  const headers: Record<string, string> = {}
  if (e.headers && typeof e.headers === 'object') {
    for (const [k, v] of Object.entries(e.headers as Record<string, unknown>)) if (typeof v === 'string') headers[k.toLowerCase()] = v
  }
  const query = new URLSearchParams()
  if (e.queryStringParameters && typeof e.queryStringParameters === 'object') {
    for (const [k, v] of Object.entries(e.queryStringParameters as Record<string, unknown>)) if (typeof v === 'string') query.set(k, v)
  }
  let body = typeof e.body === 'string' ? e.body : e.body && typeof e.body === 'object' ? JSON.stringify(e.body) : ''
  if (body && (e.isBase64Encoded === true || e.isBase64Encoded === 'true')) body = Buffer.from(body, 'base64').toString('utf8')
  const contentType = typeof e.body === 'object' && e.body ? 'application/json' : (headers['content-type'] ?? '')
  const r = await handleOpen311({ method: e.httpMethod, path, query, body, contentType }, { deps: sharedCloudDeps })
  return reply(r.status, r.body, r.headers)
}
