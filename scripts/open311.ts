// The Open311 API on the local server (cloudfunctions/core/open311.ts): /open311/v2/… read from the HTTP
// request, answered by the same handler CloudBase runs behind its HTTP access service.
import type http from 'node:http'
import type { Deps } from '../cloudfunctions/core/context'
import { handleOpen311, OPEN311_MAX_BODY, OPEN311_PREFIX } from '../cloudfunctions/core/open311'

export { OPEN311_PREFIX }

/** The body as text, or null past the limit (the rest is not read). */
function readText(req: http.IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        req.removeAllListeners('data')
        req.pause()
        resolve(null)
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Answer one /open311/v2/… request. `inTurn` is the server's line of function calls (one at a time, in
 * arrival order), so API calls queue with the others.
 */
export async function serveOpen311(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  deps: Deps,
  inTurn: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const body = req.method === 'POST' ? await readText(req, OPEN311_MAX_BODY) : ''
  const reply =
    body === null
      ? {
          status: 413,
          headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
          body: JSON.stringify([{ code: 413, description: '请求内容太大' }]),
        }
      : await inTurn(() =>
          handleOpen311(
            {
              method: req.method ?? 'GET',
              path: url.pathname.slice(OPEN311_PREFIX.length),
              query: url.searchParams,
              body,
              contentType: String(req.headers['content-type'] ?? ''),
            },
            { deps: () => deps, log: deps.log },
          ),
        )
  res.writeHead(reply.status, reply.headers)
  res.end(reply.body)
}
