// Rate limits as rows (SQLite, issue 18): the rule read from the n-th newest hit (nthRefusal) answers as
// the rule over the whole list (rateRefusal) did; a key keeps only the hits its windows need; a refused
// hit writes nothing; the migration turns the old JSON lists into rows that refuse as they did.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { nthRefusal, rateRefusal } from '../../cloudfunctions/core/storage/rateLimit'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { MIGRATIONS } from '../../cloudfunctions/core/storage/sqliteSchema'
import type { RateKey } from '../../cloudfunctions/core/ports'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-rate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const T0 = Date.parse('2026-03-02T01:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

test('the n-th newest hit decides as the whole list did (random keys, windows and hits)', () => {
  let seed = 7
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  for (let run = 0; run < 2000; run++) {
    const windows = Array.from({ length: 1 + rnd(3) }, () => ({ ms: [60_000, 3600_000, 600_000][rnd(3)], max: 1 + rnd(6) }))
    const k: RateKey = { key: 'k', windows }
    const times: number[] = []
    let t = T0
    for (let i = rnd(12); i > 0; i--) times.push((t += rnd(900_000)))
    const now = t + rnd(3600_000)
    const newest = [...times].reverse()
    const byNth = nthRefusal(k, (n) => newest[n - 1] ?? null, now)
    expect([run, byNth]).toEqual([run, rateRefusal(k, times.map(iso), now)])
  }
})

test('a key keeps the hits its largest window needs; a refused hit writes nothing', async () => {
  const s = new SqliteStorage(path.join(dir, 'x.db'))
  try {
    const k: RateKey = { key: 'filer:a', windows: [{ ms: 3600_000, max: 3 }] }
    const rows = () =>
      s.db.prepare("SELECT seq, at FROM rate_limits WHERE key = 'filer:a' ORDER BY seq").all() as { seq: number; at: string }[]
    // Every 25 minutes for five hours: at most 3 in any hour, so every one passes.
    for (let i = 0; i < 12; i++) expect(await s.takeRateSlots([k], iso(T0 + i * 25 * 60_000))).toEqual({ ok: true })
    expect(rows().map((r) => r.seq)).toEqual([9, 10, 11])
    // 4 within the hour from minute 250: the 4th is refused until the oldest of the three leaves.
    expect(await s.takeRateSlots([k], iso(T0 + 280 * 60_000))).toEqual({ ok: false, key: 'filer:a', retryAt: iso(T0 + 285 * 60_000) })
    expect(rows().map((r) => r.seq)).toEqual([9, 10, 11])
    expect(await s.takeRateSlots([k], iso(T0 + 285 * 60_000))).toEqual({ ok: true })
    expect(rows().map((r) => r.seq)).toEqual([10, 11, 12])
    // A day later, another key's hit sweeps this key's stale rows away.
    expect(await s.takeRateSlots([{ key: 'filer:b', windows: [{ ms: 60_000, max: 1 }] }], iso(T0 + 2 * 86_400_000))).toEqual({ ok: true })
    expect(rows()).toEqual([])
  } finally {
    s.close()
  }
})

test('the migration turns each key’s JSON list into numbered rows that refuse as the list did', () => {
  const file = path.join(dir, 'old.db')
  const step = MIGRATIONS.findIndex((m) => m.includes('RENAME TO rate_limits_json'))
  expect(step).toBeGreaterThan(0)
  const db = new Database(file)
  try {
    for (const m of MIGRATIONS.slice(0, step)) db.exec(m)
    const hits = [iso(T0), iso(T0 + 60_000), iso(T0 + 120_000)]
    db.prepare('INSERT INTO rate_limits (key, hits, updated_at) VALUES (?, ?, ?)').run('phone:x', JSON.stringify(hits), hits[2])
    db.exec(MIGRATIONS[step])
    expect(db.prepare('SELECT key, seq, at FROM rate_limits ORDER BY seq').all()).toEqual(
      hits.map((at, seq) => ({ key: 'phone:x', seq, at })),
    )
  } finally {
    db.close()
  }
})
