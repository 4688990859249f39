// Group commit (scripts/groupCommit.ts) on a real SQLite file through the real storage adapter: the calls
// queued together commit in one transaction; one that fails is rolled back alone while its neighbours
// commit; no call is answered before the commit that holds it (a second connection, which sees only
// committed data, proves it); storage reached from outside a call is a call of its own.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { GroupCommit, startCheckpointer } from '../../scripts/groupCommit'
import type { User } from '../../cloudfunctions/core/ports'

let dir: string
let file: string
let storage: SqliteStorage
let other: Database.Database

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-group-'))
  file = path.join(dir, 'g.db')
  storage = new SqliteStorage(file)
  storage.db.pragma('wal_autocheckpoint = 0')
  other = new Database(file, { readonly: true })
})
afterEach(() => {
  other.close()
  storage.close()
  rmSync(dir, { recursive: true, force: true })
})

const user = (openid: string): User => ({ openid, role: 'worker', deptId: null, name: null, createdAt: '2026-11-20T00:00:00.000Z' })
/** Who is stored, as another connection sees it: committed rows only. */
const committed = () => (other.prepare('SELECT openid FROM users ORDER BY openid').all() as { openid: string }[]).map((r) => r.openid)

/** A promise with its resolve, and whether it settled. */
function gate() {
  let open!: () => void
  const p = new Promise<void>((r) => (open = r))
  return { p, open }
}
function track<T>(p: Promise<T>) {
  const t = { settled: false, p }
  p.then(
    () => (t.settled = true),
    () => (t.settled = true),
  )
  return t
}

test('one batch: a failing call rolls back alone, its neighbours commit, and nobody is answered before the commit', async () => {
  const group = new GroupCommit(storage.db)
  const db = group.guard(storage)
  const hold = gate()
  const started = gate()
  // Queued together, so they run in one batch: a, then b (fails after writing), then c (held open).
  const a = track(group.run(async () => (await db.putUser(user('a')), 'a done')))
  const b = track(
    group.run(async () => {
      await db.putUser(user('b'))
      await db.putSignInCode({
        phone: '13800000000',
        hash: 'h',
        createdAt: '2026-11-20T00:00:00.000Z',
        expiresAt: '2026-11-21T00:00:00.000Z',
      })
      throw new Error('b fails after its writes')
    }),
  )
  const c = track(
    group.run(async () => {
      await db.putUser(user('c'))
      started.open()
      await hold.p
      return 'c done'
    }),
  )
  await started.p
  // a and b have run, c is running: the batch is open, so a is not answered and nothing is committed.
  expect(a.settled).toBe(false)
  expect(b.settled).toBe(false)
  expect(committed()).toEqual([])
  // Inside the open transaction the connection itself sees a and c (and b's writes are already undone).
  expect((storage.db.prepare('SELECT openid FROM users ORDER BY openid').all() as { openid: string }[]).map((r) => r.openid)).toEqual([
    'a',
    'c',
  ])
  hold.open()
  await expect(a.p).resolves.toBe('a done')
  await expect(b.p).rejects.toThrow('b fails after its writes')
  await expect(c.p).resolves.toBe('c done')
  expect(committed()).toEqual(['a', 'c'])
  expect(other.prepare('SELECT COUNT(*) AS n FROM signin_codes').get()).toEqual({ n: 0 })
  expect(group.stats).toEqual({ batches: 1, calls: 3 })
})

test('a reply marked as failed (an internal error) undoes its writes and is still answered; a refusal keeps what it wrote', async () => {
  const group = new GroupCommit(storage.db)
  const db = group.guard(storage)
  const failed = (r: { ok: boolean; code?: string }) => !r.ok && r.code === 'INTERNAL'
  const internal = group.run(async () => (await db.putUser(user('x')), { ok: false, code: 'INTERNAL' }), failed)
  const refused = group.run(async () => (await db.putUser(user('y')), { ok: false, code: 'VALIDATION' }), failed)
  const fine = group.run(async () => (await db.putUser(user('z')), { ok: true }), failed)
  expect(await internal).toEqual({ ok: false, code: 'INTERNAL' })
  expect(await refused).toEqual({ ok: false, code: 'VALIDATION' })
  expect(await fine).toEqual({ ok: true })
  expect(committed()).toEqual(['y', 'z'])
})

test('storage used from outside a call (a timer, the scheduler) is its own call: it never rolls back with another', async () => {
  const group = new GroupCommit(storage.db)
  const db = group.guard(storage)
  const hold = gate()
  const started = gate()
  const failing = group.run(async () => {
    await db.putUser(user('p'))
    started.open()
    await hold.p
    throw new Error('p fails late')
  })
  await started.p
  // Meanwhile, from outside any call (as the scheduler's timer would): queued, not inside p's savepoint.
  const outside = track(db.putUser(user('q')))
  await new Promise((r) => setImmediate(r))
  expect(outside.settled).toBe(false)
  hold.open()
  await expect(failing).rejects.toThrow('p fails late')
  await outside.p
  expect(committed()).toEqual(['q'])
  // Synchronous methods pass through untouched.
  expect(Array.isArray(db.queueStatements({ view: 'in_progress', deptId: 'd', areaPrefix: null, now: '', cursor: null, limit: 1 }))).toBe(
    true,
  )
})

test('calls that arrive while a batch runs form the next batch; all are answered in order', async () => {
  const group = new GroupCommit(storage.db)
  const db = group.guard(storage)
  const order: string[] = []
  const first = Array.from({ length: 5 }, (_, i) => group.run(async () => (await db.putUser(user(`f${i}`)), order.push(`f${i}`))))
  await Promise.all(first)
  const second = Array.from({ length: 5 }, (_, i) => group.run(async () => (await db.putUser(user(`s${i}`)), order.push(`s${i}`))))
  await Promise.all(second)
  expect(order).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 's0', 's1', 's2', 's3', 's4'])
  expect(group.stats).toEqual({ batches: 2, calls: 10 })
  expect(committed()).toHaveLength(10)
})

test('the checkpointer copies the WAL into the database file from its own thread', async () => {
  const group = new GroupCommit(storage.db)
  const db = group.guard(storage)
  await Promise.all(Array.from({ length: 50 }, (_, i) => db.putUser(user(`w${i}`))))
  /**
   * Users in the database file alone (a copy without its WAL): only what a checkpoint has copied there.
   * A copy taken while the checkpointer is writing pages can be torn (half old, half new pages): that
   * copy says nothing, and `null` asks for the next one. Once the checkpointer has stopped, the file
   * must be whole.
   */
  const inFile = (): number | null => {
    const copy = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.db`)
    copyFileSync(file, copy)
    const d = new Database(copy, { readonly: true })
    try {
      // Before any checkpoint even the schema is only in the WAL.
      if (!d.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'users'`).get()) return 0
      return (d.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
    } catch (e) {
      if (/SQLITE_CORRUPT|SQLITE_NOTADB/.test((e as { code?: string }).code ?? '')) return null
      throw e
    } finally {
      d.close()
    }
  }
  expect(inFile()).toBe(0)
  const cp = startCheckpointer(file, 20)
  let n: number | null = 0
  // Waits for the fact (the rows in the file), up to many ticks of the checkpointer; asserts no time.
  for (let i = 0; i < 1000 && n !== 50; i++) {
    await new Promise((r) => setTimeout(r, 10))
    n = inFile()
  }
  // Seen in the file while the checkpointer ran (its thread did it, not the stop).
  expect(n).toBe(50)
  await cp.stop()
  // Stopped, the file alone is whole and holds every row.
  const copy = path.join(dir, 'stopped.db')
  copyFileSync(file, copy)
  const whole = new Database(copy, { readonly: true })
  try {
    expect(whole.pragma('integrity_check', { simple: true })).toBe('ok')
  } finally {
    whole.close()
  }
  expect(inFile()).toBe(50)
})

test("the server's catalog reads are never queued: one read from outside while a batch runs cannot hold up a call that needs it", async () => {
  const { cachedUnderGuard } = await import('../../scripts/server')
  const group = new GroupCommit(storage.db)
  const db = cachedUnderGuard(storage, group)
  await storage.createDept({
    id: 'd-1',
    name: '一号单位',
    kind: 'labour',
    areaCode: '130602',
    parentId: null,
    active: true,
    createdAt: '2026-11-20T00:00:00.000Z',
  })
  const hold = gate()
  // A batch is open (its call waits on `hold`), the cache is empty: a read from outside answers at once.
  const running = track(group.run(async () => (await hold.p, 'held')))
  await new Promise((r) => setImmediate(r))
  const outside = track(db.listDepts())
  // The next batch's call reads the same (the cache now holds the outside read's answer).
  const next = track(group.run(async () => (await db.listDepts()).map((d) => d.name)))
  await new Promise((r) => setImmediate(r))
  expect(outside.settled).toBe(true)
  expect((await outside.p).map((d) => d.id)).toEqual(['d-1'])
  expect(running.settled).toBe(false)
  hold.open()
  expect(await running.p).toBe('held')
  expect(await next.p).toEqual(['一号单位'])
  // A change from outside is still a call of its own: queued, committed, and the cache dropped.
  await db.updateDept('d-1', { name: '改名单位' })
  expect((await db.listDepts()).map((d) => d.name)).toEqual(['改名单位'])
})

test('work a call defers runs once per key, after the batch’s calls and before its commit; a call rolled back takes its own back', async () => {
  const logged: unknown[] = []
  const group = new GroupCommit(storage.db, { log: (_m, e) => logged.push(e) })
  const db = group.guard(storage)
  const ran: { tag: string; committed: string[]; answered: boolean }[] = []
  const calls: ReturnType<typeof track<string>>[] = []
  const call = (key: string, tag: string, fail = false) =>
    group.run(async () => {
      const joined = group.defer(key, async () => {
        // Seen from outside while it runs: nothing of the batch committed, nobody answered yet.
        ran.push({ tag, committed: committed(), answered: calls.some((c) => c.settled) })
        await db.putUser(user(`after-${tag}`))
      })
      expect(joined).toBe(true)
      await db.putUser(user(`call-${tag}`))
      if (fail) throw new Error('fails')
      return tag
    })
  // One batch: a and b leave work under k (b's replaces a's), c under m, d under k but fails: its own
  // writes and its work go, and b's work is the one for k again.
  calls.push(track(call('k', 'a')), track(call('k', 'b')), track(call('m', 'c')), track(call('k', 'd', true)))
  const results = await Promise.allSettled(calls.map((c) => c.p))
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected'])
  expect(ran).toEqual([
    { tag: 'b', committed: [], answered: false },
    { tag: 'c', committed: [], answered: false },
  ])
  expect(committed()).toEqual(['after-b', 'after-c', 'call-a', 'call-b', 'call-c'])
  expect(group.stats).toEqual({ batches: 1, calls: 4 })

  // Work that fails undoes its own writes alone: the call that left it is committed and answered.
  const kept = group.run(async () => {
    group.defer('x', async () => {
      await db.putUser(user('half'))
      throw new Error('boom')
    })
    await db.putUser(user('kept'))
    return 'kept'
  })
  expect(await kept).toBe('kept')
  expect(committed()).toContain('kept')
  expect(committed()).not.toContain('half')
  expect(String(logged[0])).toContain('boom')
  // Outside a call there is no batch to join: the caller does the work itself.
  expect(group.defer('k', async () => undefined)).toBe(false)
})
