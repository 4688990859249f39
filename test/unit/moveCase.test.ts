// A move decided on the copy of the case the writing transaction reads (moves.ts moveCase): the caller's
// access and the move's checks on that copy, the same refusals as a read before it, and the WeChat
// consents of a run that is not the one written given back before the next run plans again. Over the
// real SQLite storage; `reruns` makes changeComplaint decide more than once, as a CloudBase transaction
// does when another writer of the case comes between.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { makeCtx, type Deps } from '../../cloudfunctions/core/context'
import { moveCase } from '../../cloudfunctions/core/moves'
import { staffRelations } from '../../cloudfunctions/core/access'
import type { Complaint, ComplaintChange, Storage } from '../../cloudfunctions/core/ports'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { complaint } from '../contract/storageContract'

const NOW = new Date('2026-03-05T02:00:00.000Z')
let dir: string
let sqlite: SqliteStorage
/** Extra runs of `decide` before the one written, and a failure of the write after the last run. */
let reruns = 0
let failWrite = false

const storage = (): Storage =>
  new Proxy(sqlite, {
    get(t, key, receiver) {
      if (key !== 'changeComplaint') return Reflect.get(t, key, receiver)
      return async (id: string, at: string, decide: (c: Complaint | null) => Promise<ComplaintChange>) =>
        t.changeComplaint(id, at, async (c) => {
          for (let i = 0; i < reruns; i++) await decide(c)
          const change = await decide(c)
          if (failWrite) throw new Error('the write failed')
          return change
        })
    },
  })

const deps = (): Deps => ({
  storage: storage(),
  clock: { now: () => NOW },
  random: (n) => Buffer.alloc(n, 7),
  notifier: { send: async () => {} },
  publicBaseUrl: 'https://xam.bd.gov.cn',
})

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-movecase-'))
  sqlite = new SqliteStorage(path.join(dir, 'x.db'))
  reruns = 0
  failWrite = false
  await sqlite.setAreaConfig('000000', { notifications: { templates: { case_update: 'TPL-CASE' } } }, NOW.toISOString())
  for (const id of ['d-h', 'd-other'])
    await sqlite.createDept({
      id,
      name: id,
      kind: 'housing',
      areaCode: '130602',
      parentId: null,
      active: true,
      createdAt: NOW.toISOString(),
    })
  await sqlite.putUser({ openid: 'oInspector', role: 'inspector', deptId: 'd-h', name: '李科员', createdAt: NOW.toISOString() })
  await sqlite.putUser({ openid: 'oStranger', role: 'inspector', deptId: 'd-other', name: '王科员', createdAt: NOW.toISOString() })
})
afterEach(() => {
  sqlite.close()
  rmSync(dir, { recursive: true, force: true })
})

async function fileCase(): Promise<Complaint> {
  const c = complaint({ ownerOpenid: 'oWorker', handlerDeptId: 'd-h', firstResponderDeptId: 'd-h', createdAt: NOW.toISOString() })
  return (await sqlite.createComplaint(c, [], 2026, () => [])).complaint
}

const accept = async (who: string, id: string, version: number) =>
  moveCase(await makeCtx(deps(), who), id, staffRelations, () => ({
    action: 'accept',
    version,
    patch: () => ({ acceptedAt: NOW.toISOString() }),
    event: () => ({ type: 'accepted', note: '已受理', visibleToWorker: true, data: null }),
  }))

const workerMessages = async (id: string) =>
  (await sqlite.listOutbox(50)).filter((m) => m.complaintId === id).map((m) => [m.channel, m.recipient])

test('decided again on a fresh copy, a move plans its messages again: the consent the first run took comes back and goes by WeChat once', async () => {
  const c = await fileCase()
  // The worker holds one WeChat credit.
  await sqlite.addConsents('oWorker', ['TPL-CASE'], NOW.toISOString())
  reruns = 2
  const done = await accept('oInspector', c.id, 1)
  expect(done).toMatchObject({ status: 'accepted', version: 2 })
  expect(await workerMessages(c.id)).toEqual([['wechat', 'user:oWorker']])
  // Taken once: none left.
  expect(await sqlite.takeConsent('oWorker', 'TPL-CASE', NOW.toISOString())).toBe(false)
})

test('a write that fails after the plan gives the consent back, and writes nothing', async () => {
  const c = await fileCase()
  await sqlite.addConsents('oWorker', ['TPL-CASE'], NOW.toISOString())
  failWrite = true
  await expect(accept('oInspector', c.id, 1)).rejects.toThrow('the write failed')
  expect(await sqlite.getComplaint(c.id)).toEqual(c)
  expect(await workerMessages(c.id)).toEqual([])
  expect(await sqlite.takeConsent('oWorker', 'TPL-CASE', NOW.toISOString())).toBe(true)
})

test('the refusals are those of a read before the move: a case the caller may not see is not found, as one that does not exist; a stale version conflicts', async () => {
  const c = await fileCase()
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code?: string; message?: string }) => [e.code, e.message],
    )
  const missing = await refusal(accept('oInspector', 'no-such-case', 1))
  expect(missing).toEqual(['NOT_FOUND', '没有找到这个案件'])
  // Another department's official learns nothing more: the same answer as for no case at all.
  expect(await refusal(accept('oStranger', c.id, 1))).toEqual(missing)
  expect(await refusal(accept('oInspector', c.id, 7))).toEqual(['CONFLICT', '案件已被他人更新，请刷新后再试'])
  expect(await sqlite.getComplaint(c.id)).toEqual(c)
  expect(await accept('oInspector', c.id, 1)).toMatchObject({ status: 'accepted', version: 2 })
  // Accepted now: the machine refuses a second accept, on the copy read.
  expect((await refusal(accept('oInspector', c.id, 2)))?.[0]).toBe('CONFLICT')
})
