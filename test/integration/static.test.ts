// The h5 build as the local server sends it: gzip to browsers that take it (the bytes are most of the
// wait on a weak signal), the same bytes as the file otherwise, and nothing outside the build folder.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import { startTestServer, type TestServer } from '../helpers/server'

let srv: TestServer
const h5 = mkdtempSync(path.join(tmpdir(), 'xam-h5-'))
const js = 'console.log("薪安码");\n'.repeat(2000)

beforeAll(async () => {
  mkdirSync(path.join(h5, 'js'))
  writeFileSync(path.join(h5, 'index.html'), '<!DOCTYPE html><title>薪安码</title>')
  writeFileSync(path.join(h5, 'js', 'app.js'), js)
  writeFileSync(path.join(h5, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  srv = await startTestServer({ h5Dir: h5 })
})
afterAll(() => srv.close())

/** A raw GET (fetch would undo the compression before we could look at it). */
function get(
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(srv.baseUrl + p, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

test('scripts go gzip-compressed to a browser that accepts it, and unchanged to one that does not', async () => {
  const zipped = await get('/js/app.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(zipped.status).toBe(200)
  expect(zipped.headers['content-encoding']).toBe('gzip')
  expect(zipped.headers.vary).toBe('Accept-Encoding')
  expect(zipped.body.length).toBeLessThan(Buffer.byteLength(js) / 10)
  expect(gunzipSync(zipped.body).toString('utf8')).toBe(js)

  const plain = await get('/js/app.js')
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.body.toString('utf8')).toBe(js)
})

test('images are sent as they are; paths outside the build are not served', async () => {
  const png = await get('/logo.png', { 'accept-encoding': 'gzip' })
  expect(png.headers['content-encoding']).toBeUndefined()
  expect([...png.body]).toEqual([0x89, 0x50, 0x4e, 0x47])
  const page = await get('/', { 'accept-encoding': 'gzip' })
  expect(gunzipSync(page.body).toString('utf8')).toContain('薪安码')
  const escape = await get('/%2e%2e/%2e%2e/etc/passwd')
  expect(escape.body.toString('utf8')).not.toContain('root:')
})
