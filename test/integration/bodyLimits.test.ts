// Requests over the size limits get the JSON envelope with 413 (or the upload's 400), not a reset
// connection (the answer reaches a client still sending), and nothing past the limit is kept; a malformed escape in a path is a 400, not a 500.
import http from 'node:http'
import { startTestServer, type TestServer } from '../helpers/server'

let srv: TestServer
let token: string
beforeAll(async () => {
  srv = await startTestServer()
  token = await srv.login({ persona: 'worker-a' })
})
afterAll(() => srv.close())

/** Sends `total` bytes in chunks as a client on a slow line would, and reads the answer when it comes. */
function push(path: string, total: number, headers: Record<string, string>) {
  const u = new URL(srv.baseUrl)
  return new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
    let sent = 0
    const req = http.request(
      { host: u.hostname, port: u.port, path, method: 'POST', headers: { ...headers, 'Content-Length': String(total) } },
      (res) => {
        const sentWhenAnswered = sent
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, body, sentWhenAnswered }))
        res.on('error', reject)
      },
    )
    // The server cuts the connection a while after its answer; an error before any answer fails the test.
    let answered = false
    req.once('response', () => (answered = true))
    req.on('error', (e) => (answered ? undefined : reject(e)))
    const chunk = Buffer.alloc(256 * 1024, 'a')
    const pump = () => {
      while (sent < total) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      req.end()
    }
    pump()
  })
}

test('a function call over 8 MB gets the 413 envelope before the client has sent it all', async () => {
  const r = await push('/api/worker', 64 * 1024 * 1024, { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` })
  expect(r.status).toBe(413)
  expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'VALIDATION', message: '请求内容太大' } })
  expect(r.sentWhenAnswered).toBeLessThan(64 * 1024 * 1024)
})

test('an upload over the photo limit is answered at once with a field message; nothing past the limit is kept', async () => {
  const r = await push('/upload', 64 * 1024 * 1024, { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${token}` })
  expect(r.status).toBe(400)
  expect(JSON.parse(r.body).error.fields.photos).toMatch(/照片太大了/)
  expect(r.sentWhenAnswered).toBeLessThan(64 * 1024 * 1024)
})

test('a malformed % escape in a page path is a 400 envelope, not an internal error', async () => {
  const res = await fetch(srv.baseUrl + '/assets/%E0%A4%A.js')
  expect(res.status).toBe(400)
  expect(await res.json()).toEqual({ ok: false, error: { code: 'VALIDATION', message: '地址不对' } })
})
