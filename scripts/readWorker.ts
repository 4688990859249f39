// One read thread of the local server (readPool.ts): the real function code on a read-only connection.
// It answers only actions marked read-only; anything else is refused here too, and a write on this
// connection would fail (SQLITE_READONLY), so a thread can never change the database.
import { parentPort, workerData } from 'node:worker_threads'
import { randomBytes } from 'node:crypto'
import { handle, readsOnly } from '../cloudfunctions/core/functions'
import type { Deps } from '../cloudfunctions/core/context'
import { HTTP_STATUS } from '../cloudfunctions/core/errors'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { DROP_CATALOG, withCatalogCache } from '../cloudfunctions/core/catalogCache'
import { LocalNotifier } from '../cloudfunctions/core/notify'
import { LocalFileLinks } from '../cloudfunctions/core/fileLinks'
import type { ReadCall, ReadWorkerData } from './readPool'
import { merged } from '../cloudfunctions/core/merged'

const data = workerData as ReadWorkerData
const reader = new SqliteStorage(data.file, { readonly: true })
const storage = withCatalogCache(reader)
const dropCatalog = (storage as unknown as Record<symbol, () => void>)[DROP_CATALOG]
let generation = 0
/** The longest a snapshot is kept (ms): a write by another process on the file is seen after at most this. */
const SNAPSHOT_MS = data.snapshotMs ?? 50
/** A snapshot is ended once the thread has had no call for this long (ms). */
const IDLE_MS = data.idleMs ?? 10
/** The server's clock reading of the call running now (each call carries it; calls run one at a time). */
let now = Date.now()
const clock = { now: () => new Date(now) }
const base: Omit<Deps, 'publicBaseUrl'> = {
  storage,
  clock,
  random: (n) => randomBytes(n),
  notifier: new LocalNotifier(),
  files: new LocalFileLinks(data.sessionSecret, clock),
  sessionSecret: data.sessionSecret,
  devLogin: data.devLogin,
}

/** The ports of a call: the same object while the public link prefix stays the same (it always does). */
let deps: Deps | null = null
const depsFor = (publicBaseUrl: string | undefined): Deps =>
  deps && deps.publicBaseUrl === publicBaseUrl ? deps : (deps = merged(base, { publicBaseUrl }))

/**
 * The read transaction kept open from call to call (readPool.ts): the server's commit count when it was
 * taken, and when (this thread's monotonic clock, ms). Null: none open.
 */
let held: { commits: number; at: number } | null = null
/** A call came since the idle check last looked (none when it fires: the thread is idle, the snapshot ends). */
let calledSinceCheck = false
let idleCheck: NodeJS.Timeout | null = null

/** End the kept snapshot, e.g. so that a checkpoint can reset the WAL behind it. */
function release(): void {
  held = null
  void reader.endSnapshot()
}

/** A snapshot taken after every commit the main thread had counted when it sent `m`: the one kept, or a new one. */
function snapshotFor(m: { commits: number }): void {
  const t = performance.now()
  if (held && (held.commits !== m.commits || t - held.at > SNAPSHOT_MS)) release()
  held ??= { commits: m.commits, at: t }
}

/** After a call: while calls keep coming the snapshot stays; IDLE_MS without one ends it. */
function armIdleCheck(): void {
  calledSinceCheck = true
  if (idleCheck) return
  const check = () => {
    idleCheck = calledSinceCheck ? setTimeout(check, IDLE_MS) : null
    if (!calledSinceCheck && held) release()
    calledSinceCheck = false
  }
  calledSinceCheck = false
  idleCheck = setTimeout(check, IDLE_MS)
}

parentPort!.on('message', (m: ReadCall & { id: number; generation: number; commits: number }) => {
  if (m.generation !== generation) {
    // The catalog changed: it is read afresh, and so is everything else (a new snapshot).
    generation = m.generation
    dropCatalog()
    if (held) release()
  }
  snapshotFor(m)
  const run = async () => {
    if (!readsOnly(m.fn, m.body)) throw new Error(`not a read-only action: ${m.fn}`)
    // The calls one after another in the kept snapshot (readSnapshot): the clock is this call's while it runs.
    const reply = await reader.readSnapshot(
      () => {
        now = m.now
        return handle(m.fn, m.body, m.caller, depsFor(m.publicBaseUrl))
      },
      { keep: true },
    )
    return { status: reply.ok ? 200 : HTTP_STATUS[reply.error.code], json: JSON.stringify(reply) }
  }
  run().then(
    (answer) => parentPort!.postMessage({ id: m.id, answer }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: String(e) }),
  )
  armIdleCheck()
})
parentPort!.postMessage({ ready: true })
