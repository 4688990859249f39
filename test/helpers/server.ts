// Test harness: the real local server (same function code, real SQLite in a fresh temp folder) on a
// free port, driven over HTTP.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startServer } from '../../scripts/server'

export interface Envelope {
  ok: boolean
  data?: any
  error?: { code: string; message: string; fields?: Record<string, string> }
}

export interface TestServer {
  baseUrl: string
  sites: { code: string; name: string }[]
  dataDir: string
  login(who: { persona: string } | { openid: string }): Promise<string>
  call(token: string, fn: string, action: string, data?: unknown): Promise<Envelope & { status: number }>
  raw(fn: string, body: unknown, token?: string): Promise<Envelope & { status: number }>
  dev(p: string, body: unknown): Promise<any>
  db(): import('better-sqlite3').Database
  /** Forget the server's cached departments, rules and configuration (after writing them beside it). */
  dropCatalogCache(): void
  /** Read threads loaded and taking read-only calls (0: reads run on the main thread). */
  readThreads(): number
  /** The server's storage port (SQLite): fill it fast, the way the functions write. */
  storage: import('../../cloudfunctions/core/storage/sqlite').SqliteStorage
  /** The server's group commit: a test may hold a batch open with a call of its own. */
  group: import('../../scripts/groupCommit').GroupCommit
  close(): Promise<void>
}

export async function startTestServer(opts: { h5Dir?: string; publicBaseUrl?: string; readThreads?: number } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xam-test-'))
  const s = await startServer({
    port: 0,
    dataDir,
    dev: true,
    h5Dir: opts.h5Dir ?? path.resolve(__dirname, '../../miniprogram/dist/h5'),
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    readThreads: opts.readThreads ?? 0,
  })
  await s.readThreadsReady()
  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(s.baseUrl + p, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, json: await res.json() }
  }
  return {
    baseUrl: s.baseUrl,
    sites: s.sites,
    dataDir,
    async login(who) {
      const r = await post('/dev/login', who)
      if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.json)}`)
      return r.json.token as string
    },
    async call(token, fn, action, data) {
      const r = await post(`/api/${fn}`, data === undefined ? { action } : { action, data }, token)
      return { status: r.status, ...r.json }
    },
    async raw(fn, body, token) {
      const r = await post(`/api/${fn}`, body, token)
      return { status: r.status, ...r.json }
    },
    async dev(p, body) {
      return (await post(p, body)).json
    },
    // A test may write the catalog (departments, rules, configuration) straight into the file: the
    // server's cache of it is dropped whenever the test reaches for the database.
    db: () => {
      s.dropCatalogCache()
      return (s.storage as any).db
    },
    storage: s.storage,
    group: s.group,
    dropCatalogCache: () => s.dropCatalogCache(),
    readThreads: () => s.readThreads(),
    async close() {
      await s.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The server's clock for the tests of one file: held at `now` (when given) as each test starts, which may
 * move it further, and back to real time after each test, pass or fail, so that no test runs at another's
 * time. `server` is read when the hooks run (the server starts in beforeAll).
 */
export function clockPerTest(server: () => TestServer | undefined, now?: string): void {
  if (now) beforeEach(() => server()!.dev('/dev/clock', { now }))
  afterEach(() => server()?.dev('/dev/clock', { now: null }))
}

let seq = 0
/** A valid worker submission for a site, with a fresh clientRequestId. */
export function submission(siteCode: string | null, over: Record<string, unknown> = {}) {
  seq++
  return {
    clientRequestId: `test-${process.pid}-${Date.now().toString(36)}-${seq}`,
    ...(siteCode ? { siteCode, placement: 'helmet' } : {}),
    complainant: { name: '张师傅', phone: '13812345678' },
    workerCount: 3,
    amountOwedFen: 1_250_000,
    owedSince: '2026-08',
    description: '干了三个月，老板一直拖着不给',
    ...over,
  }
}

/** Count rows in every table: proof that a rejected request wrote nothing. */
export function tableCounts(db: import('better-sqlite3').Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
  return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM ${t.name}`).get() as { n: number }).n]))
}
