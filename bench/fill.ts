// Fills a database with N complaints (and their two first events) quickly, straight into SQLite, for
// the benchmarks. Spread over the demo's areas, sites, departments and statuses like a real backlog.
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { personaOpenid, seedDemo } from '../cloudfunctions/core/seed'
import { formatCaseNo } from '../shared/validators/caseNo'
import { employerKey } from '../cloudfunctions/core/intake'
import { FILED_COUNTS_BUILD, MIGRATIONS } from '../cloudfunctions/core/storage/sqliteSchema'

const STATUSES = ['routed', 'accepted', 'in_progress', 'resolved', 'closed'] as const
/**
 * Complaints already stored against each demo site (and its contractor) before the benchmark submits: with
 * three statuses in five open, each busy site and employer holds 1,200 open complaints, its usual backlog.
 */
const PER_DEMO_SITE = 2000

export async function fill(file: string, n: number, opts: { openDue?: number; now: Date }): Promise<{ sites: string[]; ids: string[] }> {
  const storage = new SqliteStorage(file)
  const { sites } = await seedDemo(storage, opts.now)
  const db = storage.db
  const codes = sites.map((s) => s.code)
  // The backlog is spread as a province's would be: about 20 complaints per site, each site's naming its
  // own contractor, over the demo's areas and departments. The demo's sites (where the benchmark
  // submits) get the last `PER_DEMO_SITE` each, so each is a busy site and a busy employer.
  const siteArea: Record<string, [string, string, string, string, string, string]> = {}
  for (const s of await Promise.all(codes.map((c) => storage.getSite(c)))) {
    siteArea[s!.code] = [
      s!.areaCode,
      s!.industry,
      s!.supervisingDeptId,
      s!.contractorName,
      s!.contractorUscc,
      employerKey(s!.contractorUscc, s!.contractorName),
    ]
  }
  const insert =
    db.prepare(`INSERT INTO complaints (id, case_no, channel, site_code, placement, project_name, project_address, employer_name,
    employer_uscc, employer_key, area_code, industry, funding, owner_openid, client_request_id, filed_by, complainant, complainants,
    worker_count, amount_owed_fen, owed_since, description, photos, hide_identity, boss_unreachable, status, first_responder_dept_id,
    handler_dept_id, accept_due_at, resolve_due_at, complex, card, risk_level, assignee_openid, created_at, updated_at, version)
    VALUES (?, ?, 'helmet_qr', ?, 'helmet', ?, '', ?, ?, ?, ?, ?, 'other', ?, ?, ?, ?, '[]', ?, ?, '2026-08', '', '[]', 0, 0, ?, ?, ?, ?, ?, 0, ?, 'none', ?, ?, ?, 1)`)
  const event = db.prepare(
    `INSERT INTO events (complaint_id, at, type, actor_openid, actor_dept_id, note, visible_to_worker, data) VALUES (?, ?, ?, NULL, NULL, ?, ?, NULL)`,
  )
  const seqs = new Map<string, number>()
  const ids: string[] = []
  const person = JSON.stringify({ name: '工友', phone: '13800000000' })
  const base = opts.now.getTime() - 200 * 86400_000
  const openDue = opts.openDue ?? 0
  // Handled cases are carried by an official (the 'mine' queue), and past their deadline some are red,
  // the rest yellow (the overdue queue's tiers), as a real backlog has them.
  const carrier = personaOpenid('inspector')
  const BATCH = 20000
  for (let start = 0; start < n; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const demo = codes[i % codes.length]
        const [area, industry, dept, demoEmployer, demoUscc, demoKey] = siteArea[demo]
        const own = i >= n - PER_DEMO_SITE * codes.length
        const other = `F${Math.floor(i / 20)
          .toString(36)
          .toUpperCase()
          .padStart(6, '0')}`
        const code = own ? demo : other
        const employer = own ? demoEmployer : `保定${other}建设有限公司`
        const uscc = own ? demoUscc : ''
        const key = own ? demoKey : `name:${employer}`
        const seq = (seqs.get(area) ?? 0) + 1
        seqs.set(area, seq)
        const created = new Date(base + Math.floor((i / n) * 199 * 86400_000)).toISOString()
        // With openDue, every case is open; that share of them is past its deadline.
        const status = openDue ? 'accepted' : STATUSES[i % STATUSES.length]
        const handling = status === 'accepted' || status === 'in_progress'
        const due = openDue
          ? new Date(opts.now.getTime() + (i % Math.round(1 / openDue) === 0 ? -3600_000 : 86400_000 * 5)).toISOString()
          : created
        const id = `b${i.toString(36).padStart(8, '0')}`
        if (i % 97 === 0) ids.push(id)
        insert.run(
          id,
          formatCaseNo(area, 2026, seq),
          code,
          `工地${i % 500}`,
          employer,
          uscc || null,
          key,
          area,
          industry,
          `bench-w${i % 5000}`,
          `fill-${i}`,
          `bench-w${i % 5000}`,
          person,
          1 + (i % 30),
          100000 + i,
          status,
          dept,
          dept,
          created,
          status === 'routed' ? null : due,
          handling && !openDue ? (i % 35 === 1 ? 'red' : 'yellow') : 'none',
          handling ? carrier : null,
          created,
          created,
        )
        event.run(id, created, 'registered', '已登记', 1)
        event.run(id, created, 'routed', '已转办', 0)
      }
    })()
  }
  for (const [area, last] of seqs)
    db.prepare(
      'INSERT INTO case_seq (area_code, year, last) VALUES (?, 2026, ?) ON CONFLICT (area_code, year) DO UPDATE SET last = excluded.last',
    ).run(area, last + 10)
  // The risk totals of the rows written straight into the table, built by the very statements of the
  // migration that builds them from existing rows (sqliteSchema.ts): the busy sites and employers start
  // with their 1,200 open cases counted, as in a database that took them one submit at a time.
  const build = MIGRATIONS.map((m) => /CREATE TEMP TABLE risk_open[\s\S]*?DROP TABLE temp\.risk_open;/.exec(m)?.[0]).find(Boolean)
  if (!build) throw new Error('bench/fill.ts: the migration that builds the risk totals from rows is not found')
  db.transaction(() => {
    db.exec('DELETE FROM risk_rows; DELETE FROM risk_subjects;')
    db.exec(build)
    // The complaints filed per site hour and employer day, as the submits would have counted them.
    db.exec('DELETE FROM filed_counts;')
    db.exec(FILED_COUNTS_BUILD)
  })()
  // The highest limits the configuration allows, so the load is not refused.
  await storage.setAreaConfig('000000', { rateLimits: { perWorkerPerHour: 1000, perSitePerHour: 100000 } }, opts.now.toISOString())
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('ANALYZE')
  storage.close()
  return { sites: codes, ids }
}
