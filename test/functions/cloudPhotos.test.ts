// Photos through the CloudBase entries (issue 15, point 2): the mini-program uploads straight to cloud
// storage under its own folder, records the file with `upload.register`, and a case takes only the
// caller's recorded uploads; temporary links are asked for the case's recorded photos only. The SDK is
// replaced as in cloudEntry.test.ts, its storage by a set of stored file ids.

jest.mock('@cloudbase/node-sdk', () => {
  const { FakeCloudbaseServer, fakeDocDb } = jest.requireActual('../contract/fakeCloudbase')
  const server = new FakeCloudbaseServer()
  const stored = new Set<string>()
  const asked: string[][] = []
  return {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    __server: server,
    __stored: stored,
    __asked: asked,
    init: jest.fn(() => ({
      database: () => fakeDocDb(server),
      callWxOpenApi: async () => ({ result: { errcode: 0, errmsg: 'ok' }, requestId: 'r' }),
      // With admin rights the function gets a link for any stored file: exactly why links are rationed.
      getTempFileURL: async ({ fileList }: { fileList: { fileID: string; maxAge: number }[] }) => {
        asked.push(fileList.map((f) => f.fileID))
        return {
          fileList: fileList.map((f) =>
            stored.has(f.fileID)
              ? {
                  fileID: f.fileID,
                  code: 'SUCCESS',
                  tempFileURL: `https://tmp.example/${encodeURIComponent(f.fileID)}?max_age=${f.maxAge}`,
                }
              : { fileID: f.fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' },
          ),
        }
      },
    })),
  }
})

import { cloudMain } from '../../cloudfunctions/core/cloud'
import { workerActions } from '../../cloudfunctions/core/actions/worker'
import { staffActions } from '../../cloudfunctions/core/actions/staff'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'

const sdk = require('@cloudbase/node-sdk') as {
  __server: import('../contract/fakeCloudbase').FakeCloudbaseServer
  __stored: Set<string>
  __asked: string[][]
}

// The deployment's public link prefix (cloudbaserc.json passes it to every function).
process.env.PUBLIC_BASE_URL = 'https://xam.example.gov.cn'

const worker = cloudMain('worker', workerActions)
const staff = cloudMain('staff', staffActions)
const ctx = (openid: string) => ({ environment: JSON.stringify({ WX_OPENID: openid, WX_CONTEXT_KEYS: 'WX_OPENID' }) })
type Reply = { ok: boolean; data?: any; error?: { code: string; message: string; fields?: Record<string, string> } }
const call = async (fn: typeof worker, openid: string, action: string, data: unknown) => (await fn({ action, data }, ctx(openid))) as Reply

let siteCode = ''
let seq = 0
const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}
const submission = (photos: string[]) => ({
  clientRequestId: `cloud-photo-${++seq}-${Date.now()}`,
  siteCode,
  placement: 'helmet',
  complainant: { name: '张师傅', phone: '13812345678' },
  workerCount: 3,
  amountOwedFen: 1_250_000,
  owedSince: lastMonth(),
  photos,
})

/** What wx.cloud.uploadFile does: the file lands under the path the mini-program chose. */
async function uploadAs(openid: string, name: string): Promise<string> {
  const settings = await call(worker, openid, 'app.settings', {})
  const fileId = `cloud://prod-1a2b.7072-prod-1a2b-1300000000/${settings.data.uploadDir}/${name}.jpg`
  sdk.__stored.add(fileId)
  return fileId
}

beforeAll(async () => {
  const db = fakeDocDb(sdk.__server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  siteCode = (await seedDemo(new CloudbaseStorage(db), new Date())).sites[0].code
})

test('each caller has an own upload folder; a file there is recorded for them alone, once it is in storage', async () => {
  const a = (await call(worker, 'oWorkerA', 'app.settings', {})).data.uploadDir
  const b = (await call(worker, 'oWorkerB', 'app.settings', {})).data.uploadDir
  expect(a).toMatch(/^evidence\/[0-9a-f]{24}$/)
  expect(b).not.toBe(a)
  const fileId = await uploadAs('oWorkerA', 'wage-slip-1')
  // Another caller cannot record it (not their folder); the uploader can, and again (a retry).
  expect(await call(worker, 'oWorkerB', 'upload.register', { fileId })).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION', fields: { fileId: '这张照片不是您上传的，请重新上传' } },
  })
  expect(await call(worker, 'oWorkerA', 'upload.register', { fileId })).toEqual({ ok: true, data: { fileId } })
  expect(await call(worker, 'oWorkerA', 'upload.register', { fileId })).toEqual({ ok: true, data: { fileId } })
  // A file that is not in storage, or outside an evidence folder, is not recorded.
  const missing = fileId.replace('wage-slip-1', 'never-uploaded')
  expect(await call(worker, 'oWorkerA', 'upload.register', { fileId: missing })).toMatchObject({
    ok: false,
    error: { fields: { fileId: '没有找到这张照片，请重新上传' } },
  })
  const outside = 'cloud://prod-1a2b.7072-prod-1a2b-1300000000/evidence/wage-slip.jpg'
  sdk.__stored.add(outside)
  expect(await call(worker, 'oWorkerA', 'upload.register', { fileId: outside })).toMatchObject({
    ok: false,
    error: { fields: { fileId: '照片地址不对，请重新上传' } },
  })
})

test('a complaint takes only recorded uploads of the caller; another worker’s photo gets no case and no link', async () => {
  const hers = await uploadAs('oWorkerA', 'wage-slip-2')
  expect((await call(worker, 'oWorkerA', 'upload.register', { fileId: hers })).ok).toBe(true)
  const unrecorded = await uploadAs('oWorkerA', 'not-registered')
  sdk.__asked.length = 0

  // Worker B names A's photo (learnt somehow): refused, nothing filed, no link asked for.
  const stolen = await call(worker, 'oWorkerB', 'complaint.submit', submission([hers]))
  expect(stolen).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { photos: '照片不是您上传的，请删掉后重新上传' } } })
  expect((await call(worker, 'oWorkerB', 'complaint.listMine', {})).data.items).toEqual([])
  // A's own upload that was never recorded is refused too.
  expect(await call(worker, 'oWorkerA', 'complaint.submit', submission([unrecorded]))).toMatchObject({
    ok: false,
    error: { fields: { photos: '照片没有上传成功，请删掉后重新上传' } },
  })
  expect(sdk.__asked).toEqual([])

  const filed = await call(worker, 'oWorkerA', 'complaint.submit', submission([hers]))
  expect(filed.ok).toBe(true)
  const view = await call(worker, 'oWorkerA', 'complaint.get', { id: filed.data.id })
  expect(view.data.photoLinks).toEqual([`https://tmp.example/${encodeURIComponent(hers)}?max_age=1800`])
  // The handler sees it through the case; B, who may not see the case, gets nothing.
  const handler = await call(staff, personaOpenid('inspector'), 'complaint.get', { id: filed.data.id })
  expect(handler.data.photoLinks).toHaveLength(1)
  expect(await call(worker, 'oWorkerB', 'complaint.get', { id: filed.data.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  expect(sdk.__asked.flat().every((id) => id === hers)).toBe(true)
})

test('a supplement and a desk filing take only the caller’s own recorded uploads', async () => {
  const a1 = await uploadAs('oWorkerA', 'slip-3')
  await call(worker, 'oWorkerA', 'upload.register', { fileId: a1 })
  const filed = await call(worker, 'oWorkerA', 'complaint.submit', submission([]))
  const b1 = await uploadAs('oWorkerB', 'slip-b')
  await call(worker, 'oWorkerB', 'upload.register', { fileId: b1 })
  expect(await call(worker, 'oWorkerA', 'complaint.supplement', { id: filed.data.id, note: '补充', photos: [b1] })).toMatchObject({
    ok: false,
    error: { fields: { photos: '照片不是您上传的，请删掉后重新上传' } },
  })
  expect((await call(worker, 'oWorkerA', 'complaint.supplement', { id: filed.data.id, note: '补充', photos: [a1] })).ok).toBe(true)

  const desk = personaOpenid('desk')
  expect(await call(staff, desk, 'complaint.fileOnBehalf', submission([a1]))).toMatchObject({
    ok: false,
    error: { fields: { photos: '照片不是您上传的，请删掉后重新上传' } },
  })
  // The desk's staff record their own uploads through the worker function, as every caller does.
  const d1 = await uploadAs(desk, 'desk-photo')
  expect((await call(worker, desk, 'upload.register', { fileId: d1 })).ok).toBe(true)
  expect((await call(staff, desk, 'complaint.fileOnBehalf', submission([d1]))).ok).toBe(true)
})
