// The machine's limit for submits, measured in the same run as the project's own (bench/run.ts): a bare
// HTTP server on the same database file (same schema, same indexes, same rows) that writes what one submit
// writes, through the same group commit, pragmas and checkpointer as the local server (scripts/groupCommit.ts),
// and nothing else: no validation, no session, no reads for routing, limits or risk.
//
// The write set per request: the caller's and the site's rate-limit rows (read, then upserted), the area's
// case counter, one complaint row (a copy of one of the site's, with its own id, number and request id), the
// events and outbox messages a real submit wrote in this run (counted by run.ts, passed as LIMIT_EVENTS and
// LIMIT_MESSAGES), and, when the schema keeps risk totals, the site's and employer's rows of them.
//
//   DATA_DIR=… PORT=0 LIMIT_EVENTS=2 LIMIT_MESSAGES=1 npx tsx bench/limit.ts   → prints "ready http://127.0.0.1:<port>/"
import http from 'node:http'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { GroupCommit, startCheckpointer, tuneForServer } from '../scripts/groupCommit'

// better-sqlite3 rows are untyped.
type Row = Record<string, any>

async function main() {
  const file = path.join(path.resolve(process.env.DATA_DIR ?? '.data'), 'xinanma.db')
  const events = Number(process.env.LIMIT_EVENTS ?? 2)
  const messages = Number(process.env.LIMIT_MESSAGES ?? 1)
  const storage = new SqliteStorage(file)
  const db = storage.db
  tuneForServer(db)
  const group = new GroupCommit(db)
  const checkpointer = startCheckpointer(file)

  // One stored complaint per site as the template of the rows written (the bench submits to the demo sites).
  const templates = new Map<string, Row>()
  const template = (site: string): Row => {
    let t = templates.get(site)
    if (!t) {
      t = db.prepare('SELECT * FROM complaints WHERE site_code = ? ORDER BY created_at DESC LIMIT 1').get(site) as Row
      templates.set(site, t)
    }
    return t
  }
  const columns = (db.prepare('PRAGMA table_info(complaints)').all() as Row[]).map((c) => String(c.name))
  const insertComplaint = db.prepare(`INSERT INTO complaints (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
  const seq = db.prepare(
    `INSERT INTO case_seq (area_code, year, last) VALUES (?, ?, 1) ON CONFLICT (area_code, year) DO UPDATE SET last = last + 1 RETURNING last`,
  )
  // Rate limits as the server keeps them (one row per hit, numbered per key): read the newest, add one,
  // drop what no window can count any more.
  const lastHit = db.prepare('SELECT seq FROM rate_limits WHERE key = ? ORDER BY seq DESC LIMIT 1')
  const putHit = db.prepare('INSERT INTO rate_limits (key, seq, at) VALUES (?, ?, ?)')
  const dropHits = db.prepare('DELETE FROM rate_limits WHERE key = ? AND seq <= ?')
  const filed = db.prepare(
    'INSERT INTO filed_counts (subject, period, n) VALUES (?, ?, 1) ON CONFLICT (subject, period) DO UPDATE SET n = n + 1',
  )
  const insertEvent = db.prepare(
    `INSERT INTO events (complaint_id, at, type, actor_openid, actor_dept_id, note, visible_to_worker, data) VALUES (?, ?, ?, NULL, NULL, ?, 1, NULL)`,
  )
  const insertMessage = db.prepare(
    `INSERT INTO outbox (complaint_id, channel, recipient, template, title, body, params, status, attempts, next_at, created_at, sent_at)
     VALUES (?, 'sms', '13800000000', 'received', '投诉已收到', '您的投诉已收到', NULL, 'pending', 0, ?, ?, NULL)`,
  )
  const hasTable = (name: string) => !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name)
  const riskSubject = hasTable('risk_subjects')
    ? db.prepare('UPDATE risk_subjects SET open_count = open_count + 1, workers = workers + ?, updated_at = ? WHERE subject = ?')
    : null
  const riskRow = hasTable('risk_rows')
    ? db.prepare('UPDATE risk_rows SET open_count = open_count + 1, workers = workers + ?, updated_at = ? WHERE subject = ?')
    : null

  const take = (key: string, at: string) => {
    const r = lastHit.get(key) as Row | undefined
    const seq = (r ? Number(r.seq) : -1) + 1
    putHit.run(key, seq, at)
    dropHits.run(key, seq - 50)
  }

  let n = 0
  const write = async (body: { siteCode: string; worker: string; clientRequestId: string }) => {
    const at = new Date().toISOString()
    take(`worker:${body.worker}`, at)
    take(`site:${body.siteCode}`, at)
    const t = template(body.siteCode)
    const last = (seq.get(t.area_code, 2026) as { last: number }).last
    const id = `L${(++n).toString(36)}${randomBytes(4).toString('hex')}`
    const row: Row = {
      ...t,
      id,
      case_no: `${t.area_code}-2026-L${last}`,
      client_request_id: body.clientRequestId,
      filed_by: body.worker,
      owner_openid: body.worker,
      status: 'routed',
      created_at: at,
      updated_at: at,
      version: 1,
    }
    insertComplaint.run(...columns.map((c) => row[c]))
    for (let i = 0; i < events; i++) insertEvent.run(id, at, i === 0 ? 'registered' : 'routed', '已登记')
    for (let i = 0; i < messages; i++) insertMessage.run(id, at, at)
    const beijing = new Date(Date.parse(at) + 8 * 3600_000).toISOString()
    filed.run(`site:${body.siteCode}`, beijing.slice(0, 13))
    filed.run(t.employer_key, beijing.slice(0, 10))
    for (const subject of [`site:${body.siteCode}`, t.employer_key as string]) {
      riskSubject?.run(t.worker_count, at, subject)
      riskRow?.run(t.worker_count, at, subject)
    }
    return { ok: true, data: { id } }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body: { siteCode: string; worker: string; clientRequestId: string }
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        const token = String(req.headers.authorization ?? '')
        body = { siteCode: parsed.data.siteCode, worker: token.slice(-16) || 'w', clientRequestId: parsed.data.clientRequestId }
      } catch {
        res.writeHead(400).end()
        return
      }
      group
        .run(() => write(body))
        .then(
          (reply) => {
            res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
            res.end(JSON.stringify(reply))
          },
          (e) => {
            res.writeHead(500).end(String(e))
          },
        )
    })
  })
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve))
  const addr = server.address()
  console.log(`ready http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`)
  const stop = async () => {
    server.close()
    await group.idle()
    await checkpointer.stop()
    db.pragma('wal_checkpoint(TRUNCATE)')
    storage.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
