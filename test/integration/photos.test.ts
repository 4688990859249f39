// Photos are owned (issue 15, point 2): every upload is recorded with its uploader; a complaint, a
// supplement or a desk filing takes only the caller's own uploads; links are handed out only with a case
// the caller may see, and the local server serves a photo only by a signed link that expires.
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1500, 7)])

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'worker-b', 'desk', 'inspector', 'inspector-b']) t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())

async function upload(token: string): Promise<{ fileId: string; url: string }> {
  const r = await fetch(`${srv.baseUrl}/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${token}` },
    body: new Uint8Array(JPEG),
  })
  expect(r.status).toBe(200)
  return (await r.json()).data
}

const get = (path: string) => fetch(srv.baseUrl + path)

test('a complaint takes the worker’s own photos, and refuses someone else’s in plain words, writing nothing', async () => {
  const mine = await upload(t['worker-a'])
  const theirs = await upload(t['worker-b'])
  const before = tableCounts(srv.db())
  const r = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { photos: [mine.fileId, theirs.fileId] }),
  )
  expect(r.status).toBe(400)
  expect(r.error!.code).toBe('VALIDATION')
  expect(r.error!.fields!.photos).toBe('第2张照片不是您上传的，请删掉后重新上传')
  expect(tableCounts(srv.db())).toEqual(before)

  const ok = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [mine.fileId] }))
  expect(ok.ok).toBe(true)
  const view = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: ok.data.id })
  expect(view.data.photos).toEqual([mine.fileId])
  expect(view.data.photoLinks[0]).toMatch(new RegExp(`^/files/${mine.fileId.slice(6)}\\?e=\\d+&s=[A-Za-z0-9_-]+$`))
})

test('made-up photo ids, never uploaded here, are refused; so is registering one', async () => {
  for (const id of [
    'cloud://prod-1.bucket/evidence/0123456789abcdef01234567/aaaaaaaa.jpg',
    `local:${'c'.repeat(32)}.jpg`,
    'evidence/x.jpg',
  ]) {
    const r = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [id] }))
    expect(r.error).toMatchObject({ code: 'VALIDATION', fields: { photos: '照片没有上传成功，请删掉后重新上传' } })
  }
  // Local uploads are recorded by the server as they arrive: nothing is registered through the action.
  const mine = await upload(t['worker-a'])
  const reg = await srv.call(t['worker-b'], 'worker', 'upload.register', { fileId: mine.fileId })
  expect(reg.error).toMatchObject({ code: 'VALIDATION', fields: { fileId: '照片地址不对，请重新上传' } })
  const settings = await srv.call(t['worker-b'], 'worker', 'app.settings', {})
  const own = `cloud://prod-1.bucket/${settings.data.uploadDir}/abcdefgh.jpg`
  // Locally there is no cloud storage to find it in.
  expect((await srv.call(t['worker-b'], 'worker', 'upload.register', { fileId: own })).error).toMatchObject({
    code: 'VALIDATION',
    fields: { fileId: '没有找到这张照片，请重新上传' },
  })
  const r = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [mine.fileId] }))
  expect(r.ok).toBe(true)
})

test('a supplement takes only the worker’s own new photos', async () => {
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  const theirs = await upload(t['worker-b'])
  const refused = await srv.call(t['worker-a'], 'worker', 'complaint.supplement', {
    id: sub.data.id,
    note: '补充工资条',
    photos: [theirs.fileId],
  })
  expect(refused.error).toMatchObject({ code: 'VALIDATION', fields: { photos: '照片不是您上传的，请删掉后重新上传' } })
  const before = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: sub.data.id })
  expect(before.data.photos).toEqual([])
  expect(before.data.timeline.some((e: any) => e.type === 'supplemented')).toBe(false)
  const mine = await upload(t['worker-a'])
  expect(
    (await srv.call(t['worker-a'], 'worker', 'complaint.supplement', { id: sub.data.id, note: '补充工资条', photos: [mine.fileId] })).ok,
  ).toBe(true)
  expect((await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: sub.data.id })).data.photos).toEqual([mine.fileId])
})

test('the desk files with its own uploads, not a worker’s', async () => {
  const workers = await upload(t['worker-a'])
  const refused = await srv.call(t.desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code, { photos: [workers.fileId] }))
  expect(refused.error).toMatchObject({ code: 'VALIDATION', fields: { photos: '照片不是您上传的，请删掉后重新上传' } })
  const desks = await upload(t.desk)
  const filed = await srv.call(t.desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code, { photos: [desks.fileId] }))
  expect(filed.ok).toBe(true)
  const view = await srv.call(t.desk, 'staff', 'complaint.get', { id: filed.data.id })
  expect(view.data.photoLinks).toHaveLength(1)
  expect((await get(view.data.photoLinks[0])).status).toBe(200)
})

test('a photo is served only by a signed link from a case view, until it expires', async () => {
  const mine = await upload(t['worker-a'])
  const name = mine.fileId.slice(6)
  // The uploader's own preview link works; the bare path, a forged or altered signature do not.
  const preview = await get(mine.url)
  expect(preview.status).toBe(200)
  expect(Buffer.from(await preview.arrayBuffer()).equals(JPEG)).toBe(true)
  const bare = await get(`/files/${name}`)
  expect(bare.status).toBe(403)
  expect((await bare.json()).error.message).toBe('请从案件页面查看照片')
  const link = new URL(mine.url, srv.baseUrl)
  expect((await get(`/files/${name}?e=${link.searchParams.get('e')}&s=${'A'.repeat(43)}`)).status).toBe(403)
  expect((await get(`/files/${name}?e=${Number(link.searchParams.get('e')) + 3600}&s=${link.searchParams.get('s')}`)).status).toBe(403)

  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [mine.fileId] }))
  const handler = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const staffLink = handler.data.photoLinks[0]
  expect((await get(staffLink)).status).toBe(200)
  // Someone with no business in the case gets neither the case nor a link.
  const other = await srv.call(t['inspector-b'], 'staff', 'complaint.get', { id: sub.data.id })
  expect(other.error!.code).toBe('NOT_FOUND')
  expect(JSON.stringify(other)).not.toContain(name)
  try {
    // Half an hour later the links have expired; a fresh case view gives a fresh one.
    await srv.dev('/dev/clock', { now: new Date(Date.now() + 31 * 60_000).toISOString() })
    const late = await get(staffLink)
    expect(late.status).toBe(403)
    expect((await late.json()).error.message).toBe('照片链接已过期，请刷新页面')
    const again = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
    expect((await get(again.data.photoLinks[0])).status).toBe(200)
  } finally {
    await srv.dev('/dev/clock', { now: null })
  }
})

test('photos on a case from before uploads were recorded get no link unless recorded', async () => {
  // A case whose photo id was never recorded as an upload (written before this rule, or by hand).
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  const stray = `local:${'d'.repeat(32)}.jpg`
  srv
    .db()
    .prepare('UPDATE complaints SET photos = ? WHERE id = ?')
    .run(JSON.stringify([stray]), sub.data.id)
  const view = await srv.call(t['worker-a'], 'worker', 'complaint.get', { id: sub.data.id })
  expect(view.data.photos).toEqual([stray])
  expect(view.data.photoLinks).toEqual([''])
})
