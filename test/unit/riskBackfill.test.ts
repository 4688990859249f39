// The SQLite migration that builds the risk totals from the rows already stored (issue 18): a database at
// the version before it, with open and closed complaints, a flag and an earlier report, migrated by the
// adapter; the totals and register rows equal a recount, the flag is kept on its case, the level starts
// at the highest its open cases carried, and the triggers reported before stay reported.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MIGRATIONS } from '../../cloudfunctions/core/storage/sqliteSchema'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { complaint } from '../contract/storageContract'
import type { RiskLevel, Status } from '../../shared/types'

let dir: string
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'xam-backfill-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())

test('the migration builds the totals from the stored complaints', () => {
  const file = path.join(dir, 'x.db')
  const at = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE risk_subjects'))
  expect(at).toBeGreaterThan(0)
  const db = new Database(file)
  for (let v = 0; v < at; v++) db.exec(MIGRATIONS[v])
  db.pragma(`user_version = ${at}`)
  const columns = (db.prepare('PRAGMA table_info(complaints)').all() as { name: string }[]).map((c) => c.name)
  const rows = [
    { siteCode: 'S1', workerCount: 20, owedSince: '2026-01', status: 'accepted', riskLevel: 'major', handlerDeptId: 'd-a' },
    { siteCode: 'S1', workerCount: 15, owedSince: '2026-03', status: 'referred', riskLevel: 'general', handlerDeptId: 'd-b' },
    { siteCode: 'S1', workerCount: 99, owedSince: '2025-01', status: 'closed', riskLevel: 'severe', handlerDeptId: 'd-a' },
    {
      siteCode: null,
      workerCount: 4,
      owedSince: '2026-03',
      status: 'routed',
      riskLevel: 'none',
      bossUnreachable: true,
      handlerDeptId: 'd-a',
    },
  ].map((o, i) => ({
    ...complaint({ ...o, status: o.status as Status, riskLevel: o.riskLevel as RiskLevel }),
    caseNo: `130602-2026-0000${i + 1}`,
    version: 1,
    updatedAt: '2026-03-05T00:00:00.000Z',
  }))
  for (const c of rows) {
    const rec = c as unknown as Record<string, unknown>
    const values = columns.map((col) => {
      const field = Object.keys(rec).find((k) => snake(k) === col)
      const v = field === undefined ? null : rec[field]
      return typeof v === 'boolean' ? (v ? 1 : 0) : v !== null && typeof v === 'object' ? JSON.stringify(v) : (v ?? null)
    })
    db.prepare(`INSERT INTO complaints (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values)
  }
  // The referred case was flagged before the flag was kept on the case; the site was reported for months.
  db.prepare(
    "INSERT INTO events (complaint_id, at, type, actor_openid, actor_dept_id, note, visible_to_worker, data) VALUES (?, '2026-03-04T00:00:00.000Z', 'flagged', NULL, NULL, '受伤', 0, ?)",
  ).run(rows[1].id, JSON.stringify({ signal: 'injury' }))
  db.prepare(
    "INSERT INTO alerts (id, subject, trigger, area_code, note, complaint_ids, created_at) VALUES ('a1', 'site:S1', 'months', '130602', '即时报告', '[]', '2026-03-04T00:00:00.000Z')",
  ).run()
  db.close()

  const s = new SqliteStorage(file)
  try {
    const site = s.db.prepare("SELECT * FROM risk_subjects WHERE subject = 'site:S1'").get() as Record<string, unknown>
    expect(site).toMatchObject({ kind: 'site', open_count: 2, workers: 35, boss_unreachable: 0, flagged: 1, level: 'major' })
    expect(JSON.parse(String(site.owed_months))).toEqual({ '2026-01': 1, '2026-03': 1 })
    expect(JSON.parse(String(site.reported))).toEqual(['months'])
    const employer = s.db.prepare("SELECT * FROM risk_subjects WHERE subject = 'name:某建筑劳务公司'").get() as Record<string, unknown>
    expect(employer).toMatchObject({ kind: 'employer', open_count: 3, workers: 39, boss_unreachable: 1, flagged: 1 })
    expect(s.db.prepare('SELECT flags FROM complaints WHERE id = ?').get(rows[1].id)).toEqual({ flags: '["injury"]' })
    expect(s.db.prepare('SELECT flags FROM complaints WHERE id = ?').get(rows[0].id)).toEqual({ flags: null })
    // Register rows per area and handling department.
    const parts = s.db.prepare("SELECT dept_id, open_count, workers FROM risk_rows WHERE subject = 'site:S1' ORDER BY dept_id").all()
    expect(parts).toEqual([
      { dept_id: 'd-a', open_count: 1, workers: 20 },
      { dept_id: 'd-b', open_count: 1, workers: 15 },
    ])
  } finally {
    s.close()
  }
})
