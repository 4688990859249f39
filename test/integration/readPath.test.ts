// Reads beside the writer (scripts/readPool.ts, scripts/readWorker.ts): the local server answers actions
// that only read on worker threads, each with its own read-only connection. They must answer exactly as
// the main thread would: what was committed (so what callers were told was saved), the server's clock,
// a catalog change at once, and nobody's cases for anybody else.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { ReadPool, type Slots } from '../../scripts/readPool'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'
import { complaint, messagesOf } from '../contract/storageContract'
import { startTestServer, submission, type TestServer } from '../helpers/server'

let threaded: TestServer
let inline: TestServer
beforeAll(async () => {
  ;[threaded, inline] = await Promise.all([startTestServer({ readThreads: 2 }), startTestServer()])
}, 60_000)
afterAll(async () => {
  await Promise.all([threaded?.close(), inline?.close()])
})
afterEach(async () => {
  await Promise.all([threaded.dev('/dev/clock', { now: null }), inline.dev('/dev/clock', { now: null })])
})

test('both read threads loaded; the server without them reads on its main thread', () => {
  expect(threaded.readThreads()).toBe(2)
  expect(inline.readThreads()).toBe(0)
})

describe.each([
  ['read threads', () => threaded],
  ['main thread', () => inline],
])('queues read on the %s', (_name, server) => {
  test('a case is on the queue as soon as its submit is answered, and only for those who may see it', async () => {
    const srv = server()
    const worker = await srv.login({ openid: `read-path-${_name.length}` })
    const inspector = await srv.login({ persona: 'inspector' })
    const other = await srv.login({ persona: 'inspector-b' })
    const filed = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))
    expect(filed.ok).toBe(true)
    const id = filed.data.id as string
    const mine = await srv.call(inspector, 'staff', 'queue.list', { view: 'to_accept' })
    expect(mine.status).toBe(200)
    expect(mine.data.items.map((i: { id: string }) => i.id)).toContain(id)
    const item = mine.data.items.find((i: { id: string }) => i.id === id)
    expect(item).toMatchObject({ caseNo: filed.data.caseNo, status: 'routed', workerCount: 3, amountOwedFen: 1_250_000, version: 1 })
    // Another district's inspector does not see it; a worker may not read queues at all.
    const theirs = await srv.call(other, 'staff', 'queue.list', { view: 'to_accept' })
    expect(theirs.ok).toBe(true)
    expect(theirs.data.items.map((i: { id: string }) => i.id)).not.toContain(id)
    const refused = await srv.call(worker, 'staff', 'queue.list', { view: 'to_accept' })
    expect(refused.status).toBe(403)
    expect(refused.error!.code).toBe('FORBIDDEN')
    // A bad input is refused with the field named, as on any path.
    const bad = await srv.call(inspector, 'staff', 'queue.list', { view: 'everything' })
    expect(bad.status).toBe(400)
    expect(bad.error!.fields).toHaveProperty('view')
  })

  test("the server's clock: a case past its acceptance deadline is overdue when the clock says so", async () => {
    const srv = server()
    const worker = await srv.login({ openid: `read-clock-${_name.length}` })
    const inspector = await srv.login({ persona: 'inspector' })
    const filed = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))
    const id = filed.data.id as string
    const overdue = async () =>
      ((await srv.call(inspector, 'staff', 'queue.list', { view: 'overdue', limit: 100 })).data.items as { id: string }[]).map((i) => i.id)
    expect(await overdue()).not.toContain(id)
    await srv.dev('/dev/clock', { now: new Date(Date.now() + 30 * 86_400_000).toISOString() })
    expect(await overdue()).toContain(id)
  })

  test('a department renamed through an action is read under its new name by the very next list', async () => {
    const srv = server()
    const coordinator = await srv.login({ persona: 'coordinator' })
    const inspector = await srv.login({ persona: 'inspector' })
    const before = await srv.call(inspector, 'staff', 'dept.list')
    const housing = (before.data.items as { id: string; name: string }[]).find((d) => d.id === 'd-jx-housing')!
    const name = `${housing.name}（${_name.length}）`
    expect((await srv.call(coordinator, 'admin', 'dept.update', { id: 'd-jx-housing', name })).ok).toBe(true)
    const after = await srv.call(inspector, 'staff', 'dept.list')
    expect((after.data.items as { id: string; name: string }[]).find((d) => d.id === 'd-jx-housing')!.name).toBe(name)
    // And a name written straight into the file (as scripts do) once the cache is dropped.
    srv.db().prepare('UPDATE depts SET name = ? WHERE id = ?').run(housing.name, 'd-jx-housing')
    const back = await srv.call(inspector, 'staff', 'dept.list')
    expect((back.data.items as { id: string; name: string }[]).find((d) => d.id === 'd-jx-housing')!.name).toBe(housing.name)
  })
})

test('the two paths answer a queue page identically', async () => {
  // The same demo data and the same complaints at the same instant on both servers: the pages match
  // field for field but ids, case numbers and creation times.
  const pages = []
  const now = new Date(Date.now() + 86_400_000).toISOString()
  for (const srv of [threaded, inline]) {
    await srv.dev('/dev/clock', { now })
    const worker = await srv.login({ openid: 'read-same' })
    for (let i = 0; i < 3; i++) await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { workerCount: 2 + i }))
    const inspector = await srv.login({ persona: 'inspector' })
    const page = await srv.call(inspector, 'staff', 'queue.list', { view: 'all', limit: 3 })
    // (Filed in the same instant, their order is by id, which differs: compare them by worker count.)
    const items = (page.data.items as Record<string, unknown>[]).map(({ id: _id, caseNo: _no, ...rest }) => rest)
    pages.push(items.sort((a, b) => (a.workerCount as number) - (b.workerCount as number)))
  }
  expect(pages[0]).toHaveLength(3)
  expect(pages[0]).toEqual(pages[1])
})

test('a read thread refuses any action not marked read-only, and its connection cannot write', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-read-'))
  const file = path.join(dir, 'xinanma.db')
  const writer = new SqliteStorage(file)
  const pool = new ReadPool(1, { file, sessionSecret: 'x'.repeat(32), devLogin: true })
  try {
    await pool.whenReady()
    expect(pool.ready).toBe(1)
    const call = pool.run({
      fn: 'worker',
      body: { action: 'complaint.submit', data: submission(null) },
      caller: { openid: 'o-read' },
      now: Date.now(),
      publicBaseUrl: undefined,
    })
    await expect(call).rejects.toThrow(/not a read-only action/)
    const reader = new SqliteStorage(file, { readonly: true })
    // (The message, not toThrow: better-sqlite3's error class belongs to the first test file's realm.)
    const wrote = await reader.putUpload({ fileId: 'f1', uploader: 'o-read', createdAt: new Date().toISOString() }).then(
      () => 'wrote',
      (e: { message?: string }) => String(e?.message),
    )
    expect(wrote).toMatch(/readonly/)
    reader.close()
    expect(writer.db.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 0 })
  } finally {
    await pool.close()
    writer.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a read call sees one committed state from its first statement to its last, and calls take turns', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-snap-'))
  const file = path.join(dir, 'xinanma.db')
  const writer = new SqliteStorage(file)
  const reader = new SqliteStorage(file, { readonly: true })
  const query = { view: 'all' as const, deptId: 'd-snap', areaPrefix: null, now: new Date().toISOString(), cursor: null, limit: 50 }
  const file1 = (n: number) =>
    writer.createComplaint(complaint({ n, handlerDeptId: 'd-snap', firstResponderDeptId: 'd-snap' }), [], 2026, messagesOf)
  try {
    await file1(1)
    // A case committed between two statements of one call is not seen by the second; the next call sees it.
    const [before, during] = await reader.readSnapshot(async () => {
      const a = await reader.queue(query)
      await file1(2)
      return [a, await reader.queue(query)]
    })
    expect(before).toHaveLength(1)
    expect(during).toEqual(before)
    expect(await reader.readSnapshot(() => reader.queue(query))).toHaveLength(2)
    // Calls made together run one after another on the connection (no transaction inside another), and a
    // call that fails does not hold up the next.
    const failing = reader.readSnapshot(async () => {
      await reader.queue(query)
      throw new Error('a failing read')
    })
    const together = await Promise.allSettled([
      failing,
      reader.readSnapshot(() => reader.queue(query)),
      reader.readSnapshot(() => reader.queue(query)),
    ])
    expect(together.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect(reader.db.inTransaction).toBe(false)
  } finally {
    reader.close()
    writer.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A database file with the demo departments and people; `dept` is the inspector's department. */
async function seededFile(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  const file = path.join(dir, 'xinanma.db')
  const writer = new SqliteStorage(file)
  await seedDemo(writer, new Date())
  const dept = (await writer.getUser(personaOpenid('inspector')))!.deptId!
  return { dir, file, writer, dept }
}

/** How many cases the inspector's "all" queue lists (up to 100), read on `pool`. */
async function inspectorSees(pool: ReadPool): Promise<number> {
  const a = await pool.run({
    fn: 'staff',
    body: { action: 'queue.list', data: { view: 'all', limit: 100 } },
    caller: { openid: personaOpenid('inspector'), via: 'dev' },
    now: Date.now(),
    publicBaseUrl: undefined,
  })!
  return JSON.parse(a.json).data.items.length as number
}

test('calls in flight on two threads each get their own answer, and the table of waiting calls is reused', async () => {
  const { dir, file, writer, dept } = await seededFile('xam-slots-')
  for (let n = 1; n <= 6; n++)
    await writer.createComplaint(complaint({ n, handlerDeptId: dept, firstResponderDeptId: dept }), [], 2026, messagesOf)
  const pool = new ReadPool(2, { file, sessionSecret: 'x'.repeat(32), devLogin: true })
  const ask = (i: number, limit = 1 + (i % 5)) =>
    pool.run({
      fn: 'staff',
      // Every third call has no identity; the others ask for pages of different sizes (1 to 5 cases).
      body: { action: 'queue.list', data: { view: 'all', limit } },
      caller: i % 3 === 0 ? { openid: null } : { openid: personaOpenid('inspector'), via: 'dev' },
      now: Date.now(),
      publicBaseUrl: undefined,
    })!
  try {
    await pool.whenReady()
    expect(pool.ready).toBe(2)
    const available = JSON.parse((await ask(1, 20)).json).data.items.length as number
    expect(available).toBeGreaterThanOrEqual(5)
    for (let wave = 0; wave < 3; wave++) {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => ask(i)))
      answers.forEach((a, i) => {
        const reply = JSON.parse(a.json)
        if (i % 3 === 0) expect([a.status, reply.error.code]).toEqual([401, 'UNAUTHENTICATED'])
        else expect([a.status, reply.data.items.length]).toEqual([200, 1 + (i % 5)])
      })
    }
    // 120 calls, at most 40 at a time: the slots of answered calls were used again.
    expect((pool as unknown as { waiting: Slots<unknown> }).waiting.capacity).toBeLessThanOrEqual(40)
  } finally {
    await pool.close()
    writer.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a read thread keeps its snapshot from call to call only until a commit, its age limit or a pause', async () => {
  const { dir, file, writer, dept } = await seededFile('xam-held-')
  let n = 0
  const file1 = (w = writer) =>
    w.createComplaint(complaint({ n: ++n, handlerDeptId: dept, firstResponderDeptId: dept }), [], 2026, messagesOf)
  // One thread that would keep a snapshot for a minute, and until 300 ms without a call.
  const pool = new ReadPool(1, { file, sessionSecret: 'x'.repeat(32), devLogin: true, snapshotMs: 60_000, idleMs: 300 })
  try {
    await pool.whenReady()
    await file1()
    expect(await inspectorSees(pool)).toBe(1)
    // Written by another connection and not counted as this server's commit: the kept snapshot does not see it.
    await file1()
    expect(await inspectorSees(pool)).toBe(1)
    // The server's commit counted: the next call reads a snapshot taken after it.
    pool.committed()
    expect(await inspectorSees(pool)).toBe(2)
    // A pause longer than idleMs ends the snapshot: the write is seen, and a checkpoint can empty the WAL.
    await file1()
    expect(await inspectorSees(pool)).toBe(2)
    await new Promise((r) => setTimeout(r, 1_000))
    expect(writer.db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }])
    expect(await inspectorSees(pool)).toBe(3)
  } finally {
    await pool.close()
    writer.close()
  }
  // The age limit: calls coming without pause still read another process's write once the snapshot is older.
  const aged = new ReadPool(1, { file, sessionSecret: 'x'.repeat(32), devLogin: true, snapshotMs: 200, idleMs: 60_000 })
  const writer2 = new SqliteStorage(file)
  try {
    await aged.whenReady()
    expect(await inspectorSees(aged)).toBe(3)
    await file1(writer2)
    expect(await inspectorSees(aged)).toBe(3)
    await new Promise((r) => setTimeout(r, 300))
    expect(await inspectorSees(aged)).toBe(4)
  } finally {
    await aged.close()
    writer2.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('on the server, a read right after an answered write sees it while the read threads are kept busy', async () => {
  const worker = await threaded.login({ openid: 'read-busy' })
  const inspector = await threaded.login({ persona: 'inspector' })
  // Reads without pause on both threads, so each keeps a snapshot from call to call.
  let reading = true
  const busy = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (reading) await threaded.call(inspector, 'staff', 'dept.list')
    }),
  )
  try {
    for (let i = 0; i < 10; i++) {
      const filed = await threaded.call(worker, 'worker', 'complaint.submit', submission(threaded.sites[0].code))
      expect(filed.ok).toBe(true)
      const page = await threaded.call(inspector, 'staff', 'queue.list', { view: 'to_accept', limit: 100 })
      expect(page.data.items.map((c: { id: string }) => c.id)).toContain(filed.data.id)
    }
  } finally {
    reading = false
    await busy
  }
})

test('a read on the main thread never waits for a batch of writes to commit', async () => {
  const inspector = await inline.login({ persona: 'inspector' })
  let release = () => {}
  let timer: NodeJS.Timeout | undefined
  const held = inline.group.run(() => new Promise<void>((r) => (release = r)))
  try {
    // A batch is open on the writer; the catalog is read afresh (not from the cache) by the list.
    await new Promise((r) => setTimeout(r, 20))
    inline.dropCatalogCache()
    const calls = inline.group.stats.calls
    const answer = await Promise.race([
      inline.call(inspector, 'staff', 'queue.list', { view: 'all' }),
      new Promise((r) => (timer = setTimeout(() => r('still waiting after 2 s'), 2000))),
    ])
    expect(answer).toMatchObject({ status: 200, ok: true })
    expect(inline.group.stats.calls).toBe(calls)
  } finally {
    clearTimeout(timer)
    release()
    await held
  }
})
