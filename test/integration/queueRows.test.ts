// Queue rows kept by the SQLite adapter (SqliteStorage.queue): a page reads its ids and revisions, and a
// row whose revision has not moved comes from what the connection read before. Whatever changes a column
// a queue shows (the storage's own writes, or SQL from a script) moves the revision, so a page never
// shows a row older than the database's; and on a read-only connection beside the writer too.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteStorage, QUEUE_COLUMNS } from '../../cloudfunctions/core/storage/sqlite'
import { QUEUE_FIELDS, type QueueQuery, type QueueRow } from '../../cloudfunctions/core/ports'
import { complaint, messagesOf } from '../contract/storageContract'

const NOW = '2026-11-20T02:00:00.000Z'
const ALL: QueueQuery = { view: 'all', deptId: 'd-q', areaPrefix: null, now: NOW, cursor: null, limit: 20 }

let dir: string
let writer: SqliteStorage
let reader: SqliteStorage

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-queue-rows-'))
  writer = new SqliteStorage(path.join(dir, 'q.db'))
  reader = new SqliteStorage(path.join(dir, 'q.db'), { readonly: true })
  for (let n = 1; n <= 12; n++)
    await writer.createComplaint(complaint({ n, handlerDeptId: 'd-q', firstResponderDeptId: 'd-q' }), [], 2026, messagesOf)
})
afterAll(() => {
  reader.close()
  writer.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The page as the table holds it now, read column by column without anything kept. */
function truth(s: SqliteStorage, q: QueueQuery): QueueRow[] {
  const rows = s.db
    .prepare(`SELECT ${QUEUE_COLUMNS.join(', ')} FROM complaints WHERE handler_dept_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`)
    .raw()
    .all(q.deptId, q.limit) as unknown[][]
  return rows.map((v) => {
    const r = Object.fromEntries(QUEUE_FIELDS.map((f, i) => [f, v[i]])) as Record<string, unknown>
    r.supervision = r.supervision === null ? null : JSON.parse(r.supervision as string)
    return r as unknown as QueueRow
  })
}

const idOf = (r: QueueRow) => r.id

test("a read-only connection keeps a page's rows until a change of what they show, by any writer", async () => {
  const s = reader
  const first = await s.queue(ALL)
  expect(first).toHaveLength(12)
  expect(first).toEqual(truth(s, ALL))
  // Read again: the same row objects (nothing was read but the ids and revisions).
  const again = await s.queue(ALL)
  again.forEach((r, i) => expect(r).toBe(first[i]))

  // A column a queue shows, changed by SQL from outside the storage (a script): that row is read again.
  const [a, b, c] = first.map(idOf)
  writer.db.prepare(`UPDATE complaints SET project_name = ? WHERE id = ?`).run('改名的项目', a)
  // The storage's own writes: a status change, a risk level.
  const cur = (await writer.getComplaint(b))!
  expect(await writer.updateComplaint(b, cur.version, { status: 'accepted', assigneeOpenid: 'o-q' }, [], NOW)).not.toBe('conflict')
  await writer.setRiskLevel([c], 'major')
  // A column no queue shows: the row stays as kept.
  writer.db.prepare(`UPDATE complaints SET description = ? WHERE id = ?`).run('补充说明', first[3].id)
  const after = await s.queue(ALL)
  expect(after).toEqual(truth(s, ALL))
  expect(after[0]).toMatchObject({ id: a, projectName: '改名的项目' })
  expect(after[1]).toMatchObject({ id: b, status: 'accepted', assigneeOpenid: 'o-q' })
  expect(after[2]).toMatchObject({ id: c, riskLevel: 'major' })
  expect(after.slice(3)).toEqual(first.slice(3))
  after.slice(3).forEach((r, i) => expect(r).toBe(first[3 + i]))

  // More rows changed than are read one by one: the page is read whole, and right.
  writer.db.prepare(`UPDATE complaints SET worker_count = worker_count + 1 WHERE handler_dept_id = 'd-q'`).run()
  const whole = await s.queue(ALL)
  expect(whole).toEqual(truth(s, ALL))
  expect(whole.map((r) => r.workerCount)).toEqual(first.map((r) => r.workerCount + 1))

  // A page of a cursor and a limit: the same rows, in order.
  const second = await s.queue({ ...ALL, limit: 5, cursor: { createdAt: whole[4].createdAt, id: whole[4].id } })
  expect(second).toEqual(whole.slice(5, 10))
})

test('the writing connection keeps nothing: a revision it read before a rollback is not taken for the one after', async () => {
  const [x] = await writer.queue(ALL)
  const before = (await writer.getComplaint(x.id))!
  // Changed and read inside a transaction that is rolled back, then changed otherwise for good: the same
  // revision number names two different rows.
  writer.db.exec('BEGIN')
  writer.db.prepare(`UPDATE complaints SET project_name = '撤回的名字' WHERE id = ?`).run(x.id)
  expect((await writer.queue(ALL))[0]).toMatchObject({ id: x.id, projectName: '撤回的名字' })
  writer.db.exec('ROLLBACK')
  writer.db.prepare(`UPDATE complaints SET project_name = '最后的名字' WHERE id = ?`).run(x.id)
  const after = await writer.queue(ALL)
  expect(after[0]).toMatchObject({ id: x.id, projectName: '最后的名字' })
  expect(after).toEqual(truth(writer, ALL))
  expect((await writer.queue(ALL))[0]).not.toBe(after[0])
  expect(before.projectName).not.toBe('最后的名字')
})

test('the revision is watched on every column a queue shows', () => {
  const sql = (
    writer.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'complaints_queue_rev'`).get() as {
      sql: string
    }
  ).sql
  const watched = /AFTER UPDATE OF([\s\S]*?)ON complaints/
    .exec(sql)![1]
    .split(',')
    .map((c) => c.trim())
  expect([...watched].sort()).toEqual([...QUEUE_COLUMNS].sort())
})

test('a row read by id goes by the primary key', () => {
  const plan = (writer.db.prepare(`EXPLAIN QUERY PLAN ${writer.queueRowStatement}`).all('x') as { detail: string }[]).map((r) => r.detail)
  expect(plan).toEqual([expect.stringMatching(/^SEARCH complaints USING INDEX sqlite_autoindex_complaints_1 \(id=\?\)$/)])
})
