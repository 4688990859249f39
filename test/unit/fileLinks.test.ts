// Photo links: CloudBase temporary URLs asked in batches of 50, in the order of the ids, '' for what
// it does not return; local uploads map to the local server's /files/ path.
import { CloudFileLinks, localFileLinks, type TempUrlApi } from '../../cloudfunctions/core/fileLinks'

function fakeApi(missing: Set<string> = new Set()) {
  const calls: { fileID: string; maxAge: number }[][] = []
  const api: TempUrlApi = {
    async getTempFileURL({ fileList }) {
      calls.push(fileList)
      return {
        fileList: fileList.map((f) =>
          missing.has(f.fileID) ? { fileID: f.fileID, code: 'STORAGE_FILE_NONEXIST' } : { fileID: f.fileID, tempFileURL: `https://tmp.example/${f.fileID.slice(8)}?t=${f.maxAge}`, code: 'SUCCESS' },
        ),
      }
    },
  }
  return { api, calls }
}

test('one link per id, in order, two hours by default; ids CloudBase lacks or does not own get none', async () => {
  const { api, calls } = fakeApi(new Set(['cloud://env/evidence/gone.jpg']))
  const links = await new CloudFileLinks(api).links(['cloud://env/evidence/b.jpg', 'local:abc', 'cloud://env/evidence/gone.jpg', 'cloud://env/evidence/a.jpg', 'cloud://env/evidence/b.jpg'])
  expect(links).toEqual(['https://tmp.example/env/evidence/b.jpg?t=7200', '', '', 'https://tmp.example/env/evidence/a.jpg?t=7200', 'https://tmp.example/env/evidence/b.jpg?t=7200'])
  expect(calls).toHaveLength(1)
  expect(calls[0].map((f) => f.fileID)).toEqual(['cloud://env/evidence/b.jpg', 'cloud://env/evidence/gone.jpg', 'cloud://env/evidence/a.jpg'])
})

test('more than 50 photos are asked for in batches of 50; none asked for none', async () => {
  const { api, calls } = fakeApi()
  const ids = Array.from({ length: 120 }, (_, i) => `cloud://env/evidence/${i}.jpg`)
  const links = await new CloudFileLinks(api, 600).links(ids)
  expect(calls.map((c) => c.length)).toEqual([50, 50, 20])
  expect(links[119]).toBe('https://tmp.example/env/evidence/119.jpg?t=600')
  expect(await new CloudFileLinks(api).links([])).toEqual([])
  expect(calls).toHaveLength(3)
})

test('local uploads are served by the local server; anything else gets no link', async () => {
  const name = 'a'.repeat(32) + '.jpg'
  expect(await localFileLinks.links([`local:${name}`, 'local:../../etc/passwd', 'cloud://x/y.jpg'])).toEqual([`/files/${name}`, '', ''])
})
