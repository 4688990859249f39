// Group commit for the local server's SQLite (better-sqlite3).
//
// The server runs its function calls one at a time, in arrival order (SQLite has one writer, and
// better-sqlite3 is synchronous: a call's storage work never overlaps another's). Committing each storage
// write on its own costs one WAL append and, with synchronous=FULL, one fsync each: a submit is about ten
// of them. Here the calls waiting when a turn starts run in ONE transaction, each call inside its own
// SAVEPOINT, and the transaction commits once (one fsync for the whole batch); only then are the callers
// answered. The storage adapter's own transactions (db.transaction(...)) become nested savepoints inside
// the call's, as better-sqlite3 does when a transaction is already open.
//
// - A call that fails (throws, or answers with a reply `failed` says is a failure: an internal error)
//   is rolled back to its savepoint alone: its neighbours in the batch commit. A call that answers with
//   a refusal keeps what it wrote on purpose (abuse records, wrong sign-in tries), as before.
// - No answer leaves before the commit that holds its writes (and its reads of earlier calls' writes):
//   if the commit fails, every call of the batch is answered with the error.
// - If SQLite itself rolls the whole transaction back (disk full, I/O error), the calls of that batch done
//   so far are answered with the error and the rest of the batch runs in a new transaction.
// - A call may leave work for the end of its batch (`defer`, by key: the last one given for a key runs,
//   once): derived state such as a site's risk level is then worked out once per batch from what the
//   batch's calls left, instead of once per call. It runs before the commit, in its own savepoint.
// - Storage reached from outside a call (the scheduler's timer, the upload endpoint, development pages)
//   goes through `guard`: each such method call is queued as a call of its own, so it can never land
//   inside, and be rolled back with, another caller's savepoint.
import { AsyncLocalStorage } from 'node:async_hooks'
import type Database from 'better-sqlite3'

/** Batches stay short enough that the first call's answer does not wait on hundreds of others. */
const MAX_BATCH = 128

interface Job {
  work: () => Promise<unknown>
  failed?: (value: unknown) => boolean
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }
/** A call while it runs: storage reached from its code runs straight away, never queued behind itself. */
interface Running {
  active: boolean
}

export class CommitLostError extends Error {
  constructor(cause: unknown) {
    super(`the transaction holding this call was rolled back by SQLite: ${String(cause)}`)
  }
}

export class GroupCommit {
  private readonly waiting: Job[] = []
  private draining: Promise<void> | null = null
  private readonly als = new AsyncLocalStorage<Running>()
  /**
   * The running batch's deferred work (defer), in the order it was last given. A new Map for each batch,
   * never one cleared and refilled: V8 links a Map's replaced table to its successor, so one long-lived Map
   * churned batch after batch would let a table that reached the old generation hold every later batch's
   * work (and the calls it reaches) alive through young-generation collections (readPool.ts, Slots).
   */
  private deferred = new Map<string, () => Promise<void>>()
  private readonly sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>
  /** Batches committed and calls run, for the benchmark and tests. */
  readonly stats = { batches: 0, calls: 0 }

  constructor(
    private readonly db: Database.Database,
    private readonly opts: {
      maxBatch?: number
      onCommit?: (batchSize: number) => void
      /** Told of deferred work that failed (its writes are undone; the batch goes on). */
      log?: (msg: string, err: unknown) => void
    } = {},
  ) {
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT xam_call'),
      release: db.prepare('RELEASE xam_call'),
      rollbackTo: db.prepare('ROLLBACK TO xam_call'),
    }
  }

  /**
   * Work a call leaves for the end of its batch, by key: a later call's work for the same key replaces an
   * earlier one's. It runs once, after the batch's calls and before its commit (so before any of them is
   * answered), in a savepoint of its own: a failure undoes its writes alone, never a call's. Returns false
   * outside a call (there is no batch to join: the caller runs the work itself).
   */
  defer(key: string, work: () => Promise<void>): boolean {
    if (!this.inside) return false
    this.deferred.delete(key)
    this.deferred.set(key, work)
    return true
  }

  /** Calls waiting for a batch (not yet running). */
  get queued(): number {
    return this.waiting.length
  }

  /** True inside a call this group is running. */
  get inside(): boolean {
    return this.als.getStore()?.active === true
  }

  /**
   * Run `work` in the next batch; resolves with its value once the batch has committed. `failed` marks
   * a value that is a failure (its writes are rolled back, the value still answered).
   */
  run<T>(work: () => Promise<T>, failed?: (value: T) => boolean): Promise<T> {
    // A call made from inside a running call is part of it (queueing it would wait on itself).
    if (this.inside) return work()
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, failed: failed as Job['failed'], resolve: resolve as Job['resolve'], reject })
      if (!this.draining) this.draining = new Promise<void>((r) => setImmediate(() => void this.drain().finally(r)))
    })
  }

  /** The same object, whose async methods called from outside a call are queued as calls of their own. */
  guard<S extends object>(target: S): S {
    return new Proxy(target, {
      get: (t, key, receiver) => {
        const v = Reflect.get(t, key, receiver)
        if (typeof v !== 'function' || v.constructor?.name !== 'AsyncFunction') return v
        return (...args: unknown[]) => (this.inside ? v.apply(t, args) : this.run(() => v.apply(t, args) as Promise<unknown>))
      },
    })
  }

  /** Resolves once every call queued so far has been answered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) {
        await this.batch(this.waiting.splice(0, this.opts.maxBatch ?? MAX_BATCH))
        // Let the requests that arrived meanwhile in: they are the next batch.
        if (this.waiting.length) await new Promise((r) => setImmediate(r))
      }
    } finally {
      this.draining = null
    }
  }

  private async batch(jobs: Job[]): Promise<void> {
    this.deferred = new Map()
    const outcomes = new Map<Job, Outcome>()
    /** The calls of the transaction now open (a lost transaction loses exactly these). */
    let segment: Job[] = []
    const lose = (cause: unknown) => {
      for (const j of segment) outcomes.set(j, { ok: false, error: new CommitLostError(cause) })
      segment = []
      // What those calls left for the end of the batch went with them.
      this.deferred = new Map()
    }
    const begin = (): boolean => {
      try {
        this.sql.begin.run()
        return true
      } catch (e) {
        for (const j of jobs) if (!outcomes.has(j)) outcomes.set(j, { ok: false, error: e })
        return false
      }
    }
    if (!begin()) return this.settle(jobs, outcomes)
    for (const job of jobs) {
      if (outcomes.has(job)) continue
      if (!this.db.inTransaction) {
        // SQLite rolled the whole transaction back under an earlier call: those calls' writes are gone.
        lose('rolled back')
        if (!begin()) break
      }
      // A call rolled back takes back the work it deferred (and what it replaced comes back).
      const deferredBefore = this.deferred.size ? new Map(this.deferred) : null
      const outcome = await this.inSavepoint(job.work)
      const failed = !outcome.ok || (job.failed?.(outcome.value) ?? false)
      if (!this.db.inTransaction) {
        segment.push(job)
        lose(outcome.ok ? 'rolled back' : outcome.error)
        if (!begin()) break
        continue
      }
      if (failed) {
        this.sql.rollbackTo.run()
        this.deferred = deferredBefore ?? new Map()
      }
      this.sql.release.run()
      outcomes.set(job, outcome)
      segment.push(job)
    }
    await this.runDeferred(lose)
    if (this.db.inTransaction) {
      try {
        this.sql.commit.run()
        this.stats.batches++
        this.stats.calls += segment.length
        this.opts.onCommit?.(segment.length)
      } catch (e) {
        if (this.db.inTransaction) this.sql.rollback.run()
        lose(e)
      }
    }
    this.settle(jobs, outcomes)
  }

  /** `work` as a call: in a savepoint of its own, storage reached from it running straight away (inside). */
  private async inSavepoint(work: () => Promise<unknown>): Promise<Outcome> {
    this.sql.savepoint.run()
    const running: Running = { active: true }
    try {
      return { ok: true, value: await this.als.run(running, work) }
    } catch (error) {
      return { ok: false, error }
    } finally {
      running.active = false
    }
  }

  /**
   * The batch's deferred work, each in its own savepoint (work it defers in turn runs after it). Only a
   * batch whose transaction is open holds any: losing the transaction drops it (`lose`).
   */
  private async runDeferred(lose: (cause: unknown) => void): Promise<void> {
    while (this.deferred.size) {
      const [key, work] = this.deferred.entries().next().value as [string, () => Promise<void>]
      this.deferred.delete(key)
      const outcome = await this.inSavepoint(work)
      if (!this.db.inTransaction) return lose('rolled back')
      if (!outcome.ok) {
        this.sql.rollbackTo.run()
        ;(this.opts.log ?? console.error)(`[group] deferred work ${key} failed`, outcome.error)
      }
      this.sql.release.run()
    }
  }

  private settle(jobs: Job[], outcomes: Map<Job, Outcome>): void {
    for (const j of jobs) {
      const o = outcomes.get(j) ?? { ok: false, error: new Error('not run') }
      if (o.ok) j.resolve(o.value)
      else j.reject(o.error)
    }
  }
}

/**
 * The server's connection: synchronous=FULL (an answered call survives power loss; with group commit one
 * fsync per batch), no checkpoint inside a commit (startCheckpointer does them), the WAL file trimmed back
 * after a checkpoint, and a page cache that holds the hot indexes.
 */
export function tuneForServer(db: Database.Database): void {
  db.pragma('synchronous = FULL')
  db.pragma('wal_autocheckpoint = 0')
  db.pragma('journal_size_limit = 67108864')
  db.pragma('cache_size = -131072')
}

/**
 * WAL checkpoints off the request path: a worker thread with its own connection copies the WAL into the
 * database file every `everyMs` (PASSIVE: it never waits for, nor blocks, the server's writes). The
 * server's own connection has wal_autocheckpoint off, so no commit pays for a checkpoint.
 */
export function startCheckpointer(file: string, everyMs = 500): { stop(): Promise<void> } {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads')
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.module)
    let db = null
    // The server may stop (and its folder go) before this thread starts: then there is nothing to do.
    try { db = new Database(workerData.file, { fileMustExist: true }); db.pragma('busy_timeout = 0') } catch (e) { db = null }
    const tick = () => { try { if (db) db.pragma('wal_checkpoint(PASSIVE)') } catch (e) { /* busy: the next tick */ } }
    const timer = setInterval(tick, workerData.everyMs)
    parentPort.on('message', () => {
      clearInterval(timer)
      tick()
      try { if (db) db.close() } catch (e) { /* already gone */ }
      parentPort.postMessage('stopped')
    })
  `
  const worker = new Worker(code, { eval: true, workerData: { file, everyMs, module: require.resolve('better-sqlite3') } })
  worker.unref()
  // A checkpoint thread that fails must never take the server down: checkpoints are an optimisation
  // (the TRUNCATE checkpoint at close still runs on the server's own connection).
  worker.on('error', () => undefined)
  let exited = false
  worker.once('exit', () => (exited = true))
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve()
        worker.once('message', () => void worker.terminate().then(() => resolve()))
        worker.once('exit', () => resolve())
        worker.postMessage('stop')
      }),
  }
}
