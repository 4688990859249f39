// The h5 build as the local server sends it: Brotli from the copies the build wrote, gzip to browsers
// without Brotli (the bytes are most of the wait on a weak signal), the same bytes as the file otherwise,
// and nothing outside the build folder.
import { mkdtempSync, writeFileSync, mkdirSync, existsSync, utimesSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import http from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { startTestServer, type TestServer } from '../helpers/server'
import { precompress } from '../../scripts/precompress'

let srv: TestServer
const h5 = mkdtempSync(path.join(tmpdir(), 'xam-h5-'))
const js = 'console.log("薪安码");\n'.repeat(2000)

beforeAll(async () => {
  mkdirSync(path.join(h5, 'js'))
  writeFileSync(path.join(h5, 'index.html'), '<!DOCTYPE html><title>薪安码</title>')
  writeFileSync(path.join(h5, 'js', 'app.js'), js)
  writeFileSync(path.join(h5, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  // What `npm run build:h5` does after Taro: a Brotli copy beside each text file worth one.
  expect(await precompress(h5)).toMatchObject({ files: 1, bytes: Buffer.byteLength(js) })
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

test('scripts go as the build’s Brotli copy to a browser that takes it, gzip to one that takes only gzip, unchanged otherwise', async () => {
  const br = await get('/js/app.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(br.status).toBe(200)
  expect(br.headers['content-encoding']).toBe('br')
  expect(br.headers.vary).toBe('Accept-Encoding')
  expect(Number(br.headers['content-length'])).toBe(br.body.length)
  expect(brotliDecompressSync(br.body).toString('utf8')).toBe(js)

  const zipped = await get('/js/app.js', { 'accept-encoding': 'gzip, deflate' })
  expect(zipped.headers['content-encoding']).toBe('gzip')
  expect(zipped.body.length).toBeLessThan(Buffer.byteLength(js) / 10)
  expect(gunzipSync(zipped.body).toString('utf8')).toBe(js)
  // Brotli beats gzip here, or the copy would not be worth keeping.
  expect(br.body.length).toBeLessThan(zipped.body.length)

  const plain = await get('/js/app.js')
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.body.toString('utf8')).toBe(js)

  // A small file gets no copy (gzip on demand).
  expect(existsSync(path.join(h5, 'index.html.br'))).toBe(false)
  expect((await get('/', { 'accept-encoding': 'gzip, br' })).headers['content-encoding']).toBe('gzip')
})

test('a Brotli copy older than its file (a rebuild without precompress) is not sent', async () => {
  const file = path.join(h5, 'js', 'app.js')
  const changed = js.replace('薪安码', '薪安码 v2')
  writeFileSync(file, changed)
  const before = new Date(statSync(file).mtimeMs - 60_000)
  utimesSync(file + '.br', before, before)
  const r = await get('/js/app.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(r.headers['content-encoding']).toBe('gzip')
  expect(gunzipSync(r.body).toString('utf8')).toBe(changed)
  // precompress renews exactly that copy.
  expect(await precompress(h5)).toMatchObject({ files: 1 })
  const again = await get('/js/app.js', { 'accept-encoding': 'br' })
  expect(again.headers['content-encoding']).toBe('br')
  expect(brotliDecompressSync(again.body).toString('utf8')).toBe(changed)
  writeFileSync(file, js)
  await precompress(h5)
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
