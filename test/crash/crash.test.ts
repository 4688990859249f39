// Crash test: the local server under a submit load is killed with SIGKILL several times and restarted.
// Every complaint whose submit was answered `ok` must be there afterwards, whole, with its timeline,
// and no clientRequestId may have two complaints. Each round is killed once a set number of submits has
// been answered (a different number each round, so the kill lands at different points of the load), not
// after a fixed time: the test asserts consistency, never throughput, and passes on a slow machine too.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'

const ROOT = path.resolve(__dirname, '../..')
const WORKERS = 12
/** Answered submits per round before the SIGKILL; one round per entry. */
const ACKS_BEFORE_KILL = [5, 20, 10, 30]
/** A round that has not reached its count by then is killed anyway (a safety net, not a speed limit). */
const ROUND_DEADLINE_MS = 60_000
/** A request the server has not answered by then is a hang, not slowness. */
const REQUEST_TIMEOUT_MS = 30_000

let dataDir: string
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'xam-crash-'))
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function startServer(): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', 'tsx/cjs', 'scripts/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000)
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /ready (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ proc, url: m[1] })
      }
    })
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString()))
    proc.on('exit', (code) => code !== null && code !== 0 && reject(new Error(`server exited ${code}: ${out}`)))
  })
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  return res.json() as Promise<any>
}

test('no answered complaint is lost and none is doubled across SIGKILLs', async () => {
  const acked = new Map<string, { id: string; token: string; body: any }>()
  const unanswered: { token: string; body: any }[] = []
  /** Errors answered while the server was up: each one fails the test. */
  const failures: string[] = []
  let seq = 0

  for (const [round, killAt] of ACKS_BEFORE_KILL.entries()) {
    const { proc, url } = await startServer()
    let killed = false
    let stop = () => {}
    const enough = new Promise<void>((resolve) => (stop = resolve))
    const deadline = setTimeout(() => stop(), ROUND_DEADLINE_MS)
    let roundAcks = 0
    let loops: Promise<void>[] = []
    try {
      const coordinator = (await post(`${url}/dev/login`, { persona: 'coordinator' })).token
      await post(
        `${url}/api/admin`,
        { action: 'config.set', data: { rateLimits: { perWorkerPerHour: 1000, perSitePerHour: 100000 } } },
        coordinator,
      )
      const tokens = await Promise.all(
        Array.from({ length: WORKERS }, (_, i) => post(`${url}/dev/login`, { openid: `crash-worker-${i}` }).then((r) => r.token as string)),
      )
      loops = tokens.map(async (token, w) => {
        while (!killed) {
          const body = {
            action: 'complaint.submit',
            data: {
              clientRequestId: `crash-${round}-${w}-${seq++}`,
              project: { name: `第${round}轮工地${w}`, areaCode: '130602', industry: 'housing' },
              employerName: '某劳务公司',
              complainant: { name: '测试工友', phone: '13800000000' },
              workerCount: 1 + (seq % 7),
              amountOwedFen: 10000 + seq,
              owedSince: '2026-09',
            },
          }
          try {
            const r = await post(`${url}/api/worker`, body, token)
            if (!r.ok) throw new Error(JSON.stringify(r.error))
            acked.set(body.data.clientRequestId, { id: r.data.id, token, body: body.data })
            if (++roundAcks >= killAt) stop()
          } catch (e) {
            if (killed) {
              unanswered.push({ token, body })
            } else {
              failures.push(`round ${round}: ${String(e)}`)
              stop()
              return
            }
          }
        }
      })
      // The load runs until this round's count of answered submits (or the deadline); the kill then lands
      // with submits in flight.
      await enough
    } finally {
      clearTimeout(deadline)
      killed = true
      proc.kill('SIGKILL')
      await Promise.allSettled(loops)
      await new Promise((r) => (proc.exitCode !== null || proc.signalCode ? r(null) : proc.once('exit', r)))
    }
  }
  expect(failures).toEqual([])
  // Something was answered, or there is nothing to check (one answer each round is no throughput demand).
  expect(acked.size).toBeGreaterThan(0)

  // After the last crash: every answered complaint is whole, and replays make nothing new.
  const { proc, url } = await startServer()
  try {
    for (const [crid, a] of acked) {
      const got = await post(`${url}/api/worker`, { action: 'complaint.get', data: { id: a.id } }, a.token)
      expect({ crid, ok: got.ok }).toEqual({ crid, ok: true })
      expect(got.data).toMatchObject({
        projectName: a.body.project.name,
        amountOwedFen: a.body.amountOwedFen,
        workerCount: a.body.workerCount,
        status: 'routed',
      })
      expect(got.data.timeline.map((e: any) => e.type)).toEqual(['registered', 'routed'])
    }
    for (const u of unanswered) {
      const r = await post(`${url}/api/worker`, u.body, u.token)
      expect(r.ok).toBe(true)
    }
  } finally {
    proc.kill('SIGKILL')
  }
  const db = new Database(path.join(dataDir, 'xinanma.db'), { readonly: true })
  try {
    const dupes = db
      .prepare('SELECT filed_by, client_request_id, COUNT(*) AS n FROM complaints GROUP BY filed_by, client_request_id HAVING n > 1')
      .all()
    expect(dupes).toEqual([])
    const total = (db.prepare("SELECT COUNT(*) AS n FROM complaints WHERE client_request_id LIKE 'crash-%'").get() as { n: number }).n
    expect(total).toBe(acked.size + new Set(unanswered.map((u) => u.body.data.clientRequestId).filter((c) => !acked.has(c))).size)
    const orphans = db
      .prepare(
        "SELECT COUNT(*) AS n FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.type = 'registered')",
      )
      .get() as { n: number }
    expect(orphans.n).toBe(0)
  } finally {
    db.close()
  }
}, 600_000)
