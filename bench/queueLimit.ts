// The machine's limit for a queue page, measured in the same run as the project's own (bench/run.ts), as
// bench/limit.ts is for submits: a bare HTTP server on the main thread and as many read threads as the local
// server runs (scripts/readPool.ts), each with its own read-only connection to the same database file, that
// read the same page the same way (queue.list's query and reading: staff.ts queueBase and queuePage) and
// send its rows as JSON. Nothing else: no session, no validation, no access check, no department or
// assignee names, no read snapshot per call.
//
//   DATA_DIR=… PORT=0 npx tsx bench/queueLimit.ts   → prints "ready http://127.0.0.1:<port>/"
//   POST /queue {"persona": "inspector" | "coordinator", "view": "all" | …}
import http from 'node:http'
import path from 'node:path'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { queueBase, queuePage } from '../cloudfunctions/core/actions/staff'
import { personaOpenid } from '../cloudfunctions/core/seed'
import { defaultReadThreads, Slots } from '../scripts/readPool'
import type { QueueView } from '../cloudfunctions/core/ports'

interface Ask {
  id: number
  now: number
  persona: string
  view: QueueView
}

/** Who a persona is (read once per thread): its openid, role and department. */
async function whoIs(storage: SqliteStorage, persona: string) {
  const openid = personaOpenid(persona)
  const user = await storage.getUser(openid)
  const dept = (await storage.listDepts()).find((d) => d.id === user?.deptId)
  if (!user || !dept) throw new Error(`no department for ${persona}`)
  return { openid, role: user.role, dept }
}

/**
 * The limit's page reader on one connection: one page of a persona's view, read as queue.list reads it
 * (its query, queueBase, and its reading, queuePage), rows as stored. Personas are looked up once.
 */
export function pageReader(storage: SqliteStorage) {
  const personas = new Map<string, ReturnType<typeof whoIs>>()
  return async (persona: string, view: QueueView, now: number) => {
    let who = personas.get(persona)
    if (!who) personas.set(persona, (who = whoIs(storage, persona)))
    const { openid, role, dept } = await who
    return queuePage(storage, queueBase(openid, role, dept, view, new Date(now)), null, 20)
  }
}

function readThread(file: string) {
  const read = pageReader(new SqliteStorage(file, { readonly: true }))
  parentPort!.on('message', (m: Ask) => {
    const run = async () => {
      const { page, next } = await read(m.persona, m.view, m.now)
      return JSON.stringify({ ok: true, data: { items: page, nextCursor: next } })
    }
    run().then(
      (json) => parentPort!.postMessage({ id: m.id, json }),
      (e: unknown) => parentPort!.postMessage({ id: m.id, error: String(e) }),
    )
  })
}

async function main() {
  const file = path.join(path.resolve(process.env.DATA_DIR ?? '.data'), 'xinanma.db')
  const threads = Array.from({ length: Math.max(1, defaultReadThreads()) }, () => {
    const worker = new Worker(__filename, { workerData: { file }, execArgv: ['--require', require.resolve('tsx/cjs')] })
    worker.unref()
    return { worker, inFlight: 0 }
  })
  // Requests waiting for their page, as the server's read pool keeps its calls (Slots, not a Map).
  const waiting = new Slots<http.ServerResponse>()
  for (const t of threads)
    t.worker.on('message', (m: { id: number; json?: string; error?: string }) => {
      t.inFlight--
      const res = waiting.take(m.id)!
      if (m.json === undefined) res.writeHead(500).end(m.error)
      else res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(m.json)
    })
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let persona: string
      let view: QueueView
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { persona: unknown; view: QueueView }
        persona = String(body.persona)
        view = body.view
      } catch {
        res.writeHead(400).end()
        return
      }
      const ask: Ask = { id: waiting.add(res), now: Date.now(), persona, view }
      let best = threads[0]
      for (const t of threads) if (t.inFlight < best.inFlight) best = t
      best.inFlight++
      best.worker.postMessage(ask)
    })
  })
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve))
  const addr = server.address()
  console.log(`ready http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`)
  const stop = async () => {
    server.close()
    await Promise.all(threads.map((t) => t.worker.terminate()))
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

if (!isMainThread) readThread((workerData as { file: string }).file)
else if (require.main === module)
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
