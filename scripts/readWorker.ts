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

parentPort!.on('message', (m: ReadCall & { id: number; generation: number }) => {
  if (m.generation !== generation) {
    generation = m.generation
    dropCatalog()
  }
  const run = async () => {
    if (!readsOnly(m.fn, m.body)) throw new Error(`not a read-only action: ${m.fn}`)
    // One snapshot per call, the calls one after another (readSnapshot): the clock is this call's while it runs.
    const reply = await reader.readSnapshot(() => {
      now = m.now
      return handle(m.fn, m.body, m.caller, merged(base, { publicBaseUrl: m.publicBaseUrl }))
    })
    return { status: reply.ok ? 200 : HTTP_STATUS[reply.error.code], json: JSON.stringify(reply) }
  }
  run().then(
    (answer) => parentPort!.postMessage({ id: m.id, answer }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: String(e) }),
  )
})
parentPort!.postMessage({ ready: true })
