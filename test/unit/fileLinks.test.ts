// Photo links: CloudBase temporary URLs asked in batches of 50, in the order of the ids, '' for what it
// does not return or what is not an evidence photo; local uploads get a signed link that expires.
import { CloudFileLinks, LocalFileLinks, PHOTO_LINK_SECONDS, type TempUrlApi } from '../../cloudfunctions/core/fileLinks'

const FOLDER = 'evidence/0123456789abcdef01234567'
const cloudId = (name: string) => `cloud://env-1.bucket-1/${FOLDER}/${name}.jpg`

function fakeApi(missing: Set<string> = new Set()) {
  const calls: { fileID: string; maxAge: number }[][] = []
  const api: TempUrlApi = {
    async getTempFileURL({ fileList }) {
      calls.push(fileList)
      return {
        fileList: fileList.map((f) =>
          missing.has(f.fileID)
            ? { fileID: f.fileID, code: 'STORAGE_FILE_NONEXIST' }
            : { fileID: f.fileID, tempFileURL: `https://tmp.example/${f.fileID.slice(8)}?t=${f.maxAge}`, code: 'SUCCESS' },
        ),
      }
    },
  }
  return { api, calls }
}

test('one link per id, in order, 30 minutes by default; ids CloudBase lacks, or outside an evidence folder, get none', async () => {
  const [a, b, gone] = [cloudId('photo-a'), cloudId('photo-b'), cloudId('photo-gone')]
  const { api, calls } = fakeApi(new Set([gone]))
  const links = await new CloudFileLinks(api).links([b, 'local:abc', gone, a, b, 'cloud://env-1.bucket-1/secret/other.jpg'])
  const t = PHOTO_LINK_SECONDS
  expect(t).toBe(1800)
  expect(links).toEqual([
    `https://tmp.example/${b.slice(8)}?t=${t}`,
    '',
    '',
    `https://tmp.example/${a.slice(8)}?t=${t}`,
    `https://tmp.example/${b.slice(8)}?t=${t}`,
    '',
  ])
  expect(calls).toHaveLength(1)
  expect(calls[0].map((f) => f.fileID)).toEqual([b, gone, a])
})

test('more than 50 photos are asked for in batches of 50; none asked for none', async () => {
  const { api, calls } = fakeApi()
  const ids = Array.from({ length: 120 }, (_, i) => cloudId(`photo-${i}`))
  const links = await new CloudFileLinks(api, 600).links(ids)
  expect(calls.map((c) => c.length)).toEqual([50, 50, 20])
  expect(links[119]).toBe(`https://tmp.example/${ids[119].slice(8)}?t=600`)
  expect(await new CloudFileLinks(api).links([])).toEqual([])
  expect(calls).toHaveLength(3)
})

test('a file exists when the storage gives a link for it', async () => {
  const { api } = fakeApi(new Set([cloudId('photo-gone')]))
  expect(await new CloudFileLinks(api).exists(cloudId('photo-a'))).toBe(true)
  expect(await new CloudFileLinks(api).exists(cloudId('photo-gone'))).toBe(false)
})

test('local uploads get a signed link that this server accepts until it expires; anything else gets no link', async () => {
  let now = Date.parse('2026-11-18T01:00:00Z')
  const files = new LocalFileLinks('secret-1', { now: () => new Date(now) })
  const name = 'a'.repeat(32) + '.jpg'
  const [link, bad1, bad2] = await files.links([`local:${name}`, 'local:../../etc/passwd', 'cloud://x/y.jpg'])
  expect([bad1, bad2]).toEqual(['', ''])
  const url = new URL(link, 'http://h')
  expect(url.pathname).toBe(`/files/${name}`)
  const [e, s] = [url.searchParams.get('e'), url.searchParams.get('s')]
  expect(files.verify(name, e, s)).toBe('ok')
  // Another name, another expiry, another server's key, or no signature: refused.
  expect(files.verify('b'.repeat(32) + '.jpg', e, s)).toBe('bad')
  expect(files.verify(name, String(Number(e) + 3600), s)).toBe('bad')
  expect(new LocalFileLinks('secret-2', { now: () => new Date(now) }).verify(name, e, s)).toBe('bad')
  expect(files.verify(name, null, null)).toBe('bad')
  now += (PHOTO_LINK_SECONDS + 1) * 1000
  expect(files.verify(name, e, s)).toBe('expired')
})
