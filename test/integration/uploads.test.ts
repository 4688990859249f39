// Evidence photos through the local upload endpoint: type by content, size limit, and use in a complaint.
import { startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
let token: string
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 1)])

beforeAll(async () => {
  srv = await startTestServer()
  token = await srv.login({ persona: 'worker-a' })
})
afterAll(() => srv.close())

const upload = (body: Buffer, auth = true) =>
  fetch(`${srv.baseUrl}/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'image/jpeg', ...(auth ? { Authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  })

test('a photo is stored, served back and attached to a complaint', async () => {
  const r = await upload(JPEG)
  expect(r.status).toBe(200)
  const { data } = await r.json()
  expect(data.fileId).toMatch(/^local:[0-9a-f]{32}\.jpg$/)
  const back = await fetch(srv.baseUrl + data.url)
  expect(back.headers.get('content-type')).toBe('image/jpeg')
  expect(Buffer.from(await back.arrayBuffer()).equals(JPEG)).toBe(true)
  const sub = await srv.call(token, 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [data.fileId] }))
  const got = await srv.call(token, 'worker', 'complaint.get', { id: sub.data.id })
  expect(got.data.photos).toEqual([data.fileId])
  // Each case view carries a signed link per photo; it serves the same bytes.
  const path = (link: string) => new URL(link, srv.baseUrl).pathname
  expect(got.data.photoLinks.map(path)).toEqual([path(data.url)])
  const inspector = await srv.login({ persona: 'inspector' })
  const staffView = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  expect(staffView.data.photoLinks.map(path)).toEqual([path(data.url)])
  expect(Buffer.from(await (await fetch(srv.baseUrl + staffView.data.photoLinks[0])).arrayBuffer()).equals(JPEG)).toBe(true)
  // Someone with no business in the case gets neither the case nor its links.
  const other = await srv.call(await srv.login({ persona: 'inspector-b' }), 'staff', 'complaint.get', { id: sub.data.id })
  expect(other.ok).toBe(false)
  expect(JSON.stringify(other)).not.toContain(path(data.url))
})

test('not a photo, too big, or not logged in: refused in plain words', async () => {
  const html = await upload(Buffer.from('<script>alert(1)</script>'))
  expect(html.status).toBe(400)
  expect((await html.json()).error.message).toContain('只能上传照片')
  const big = await upload(Buffer.concat([JPEG, Buffer.alloc(5_100_000)]))
  expect(big.status).toBe(400)
  expect((await big.json()).error.message).toContain('照片太大')
  expect((await upload(JPEG, false)).status).toBe(401)
  expect((await fetch(`${srv.baseUrl}/files/..%2Ftoken-secret`)).status).toBe(404)
})
