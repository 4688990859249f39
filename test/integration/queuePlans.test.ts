// Every queue view and overdue tier is read along an index in its own order: EXPLAIN QUERY PLAN of the very
// statements the SQLite adapter runs (storage.queueStatements) shows no sort (temp b-tree) and no scan of
// the complaints table. And those statements return what each view means: every page of every view,
// followed by its cursor, equals the view computed here from all rows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { QUEUE_COLUMNS, SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { QUEUE_INDEX_PREDICATES } from '../../cloudfunctions/core/storage/sqliteQueue'
import { OVERDUE_TIERS, type QueueQuery } from '../../cloudfunctions/core/ports'
import { STATUSES } from '../../shared/types'
import { statusesIn } from '../../shared/statusMeta'
import { TRANSITIONS } from '../../shared/statusMachine'

const NOW = '2026-11-20T02:00:00.000Z'
const DEPTS = ['dA', 'dB', 'dC']
const AREAS = ['130602', '130603', '130604', '130681', '110101']
const OFFICIALS = ['o1', 'o2']
const N = 3000

interface R {
  id: string
  created_at: string
  status: string
  handler_dept_id: string
  first_responder_dept_id: string
  area_code: string
  card: string
  resolve_due_at: string | null
  accept_due_at: string | null
  assignee_openid: string | null
  risk_level: string
  channel: string
}

let dir: string
let storage: SqliteStorage
/** A read-only connection to the same file: it reads a page's keys first and keeps rows (SqliteStorage.queue). */
let reader: SqliteStorage
const rows: R[] = []

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-queue-plans-'))
  storage = new SqliteStorage(path.join(dir, 'q.db'))
  // A deterministic spread of every status, card, deadline, department, area and official; many cases share
  // a creation instant, so order ties are broken by id.
  let seed = 7
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  const insert = storage.db.prepare(
    `INSERT INTO complaints (id, case_no, channel, site_code, placement, project_name, project_address, employer_name, employer_key,
      area_code, industry, funding, owner_openid, client_request_id, filed_by, complainant, complainants, worker_count, amount_owed_fen,
      owed_since, description, photos, hide_identity, boss_unreachable, status, first_responder_dept_id, handler_dept_id, accept_due_at,
      resolve_due_at, card, risk_level, assignee_openid, created_at, updated_at)
     VALUES (?, ?, ?, 'S1', 'helmet', '工地', '', '公司', 'k', ?, 'housing', 'other', NULL, ?, 'w', '{}', '[]', 1, 100, '2026-08', '',
      '[]', 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  storage.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const at = (days: number) => new Date(Date.parse(NOW) + days * 86400_000).toISOString()
      const r: R = {
        id: `c${(i * 7919) % N}`.padEnd(6, 'x'),
        created_at: at(-200 + Math.floor(i / 7)),
        status: STATUSES[rand(STATUSES.length)],
        handler_dept_id: DEPTS[rand(3)],
        first_responder_dept_id: DEPTS[rand(3)],
        area_code: AREAS[rand(AREAS.length)],
        card: ['none', 'yellow', 'red'][rand(3)],
        resolve_due_at: rand(5) ? at(rand(40) - 20) : null,
        accept_due_at: rand(5) ? at(rand(40) - 20) : null,
        assignee_openid: rand(3) ? OFFICIALS[rand(2)] : null,
        risk_level: rand(6) === 0 ? 'severe' : 'none',
        channel: rand(2) ? 'helmet_qr' : 'desk',
      }
      rows.push(r)
      insert.run(
        r.id,
        `CASE-${i}`,
        r.channel,
        r.area_code,
        `req-${i}`,
        r.status,
        r.first_responder_dept_id,
        r.handler_dept_id,
        r.accept_due_at,
        r.resolve_due_at,
        r.card,
        r.risk_level,
        r.assignee_openid,
        r.created_at,
        r.created_at,
      )
    }
  })()
  storage.db.exec('ANALYZE')
  reader = new SqliteStorage(path.join(dir, 'q.db'), { readonly: true })
})
afterAll(() => {
  reader.close()
  storage.close()
  rmSync(dir, { recursive: true, force: true })
})

const HANDLING = statusesIn('handling') as string[]
const MINE = statusesIn('handling', 'elsewhere') as string[]
const WAITING = statusesIn('waiting') as string[]
const OPEN = statusesIn('waiting', 'handling', 'elsewhere') as string[]
const TO_ACCEPT = TRANSITIONS.accept.from as readonly string[]

type Q = Omit<QueueQuery, 'cursor' | 'limit'>
/** What each view holds, from all rows (the definition the statements must meet). */
function expected(q: Q): R[] {
  const inArea = (r: R) => q.areaPrefix !== null && r.area_code.startsWith(q.areaPrefix)
  const tier = (r: R, t: string | undefined) =>
    t === 'red'
      ? HANDLING.includes(r.status) && r.card === 'red'
      : t === 'yellow'
        ? HANDLING.includes(r.status) && r.card !== 'red' && r.resolve_due_at !== null && r.resolve_due_at < q.now
        : TO_ACCEPT.includes(r.status) && r.accept_due_at !== null && r.accept_due_at < q.now
  const keep = rows.filter((r) => {
    const f = q.filter ?? {}
    if (f.status && r.status !== f.status) return false
    if (f.channel && r.channel !== f.channel) return false
    if (f.areaPrefix && !r.area_code.startsWith(f.areaPrefix)) return false
    switch (q.view as string) {
      case 'to_accept':
        return r.handler_dept_id === q.deptId && TO_ACCEPT.includes(r.status)
      case 'in_progress':
        return r.handler_dept_id === q.deptId && MINE.includes(r.status)
      case 'first_responder':
        return r.first_responder_dept_id === q.deptId && WAITING.includes(r.status)
      case 'mine':
        return r.assignee_openid === q.assigneeOpenid && r.handler_dept_id === q.deptId && MINE.includes(r.status)
      case 'overdue':
        return (q.areaPrefix !== null ? inArea(r) : r.handler_dept_id === q.deptId) && tier(r, q.tier)
      case 'all':
        return q.areaPrefix !== null ? inArea(r) : r.handler_dept_id === q.deptId || r.first_responder_dept_id === q.deptId
      case 'severe':
        return (q.areaPrefix !== null ? inArea(r) : r.handler_dept_id === q.deptId) && r.risk_level === 'severe' && OPEN.includes(r.status)
    }
    return false
  })
  const key = (r: R) => `${r.created_at}\u0000${r.id}`
  keep.sort((a, b) => (key(a) < key(b) ? -1 : 1))
  return q.view === 'all' ? keep.reverse() : keep
}

const queries: Q[] = []
for (const deptId of ['dA', 'dB']) {
  const base = { deptId, areaPrefix: null, now: NOW }
  for (const view of ['to_accept', 'in_progress', 'first_responder', 'all', 'severe'] as const)
    queries.push({ ...base, view: view as QueueQuery['view'] })
  for (const o of OFFICIALS) queries.push({ ...base, view: 'mine', assigneeOpenid: o })
  for (const tier of OVERDUE_TIERS) queries.push({ ...base, view: 'overdue', tier })
  queries.push({ ...base, view: 'all', filter: { status: 'accepted' } })
  queries.push({ ...base, view: 'in_progress', filter: { areaPrefix: '1306', channel: 'desk' } })
}
for (const areaPrefix of ['1306', '13', '130602']) {
  const base = { deptId: 'dA', areaPrefix, now: NOW }
  queries.push({ ...base, view: 'all' }, { ...base, view: 'severe' as QueueQuery['view'] })
  for (const tier of OVERDUE_TIERS) queries.push({ ...base, view: 'overdue', tier })
  if (areaPrefix !== '130602') queries.push({ ...base, view: 'all', filter: { areaPrefix: '130603' } })
}
const name = (q: Q) =>
  `${q.view}${q.tier ? `/${q.tier}` : ''} ${q.areaPrefix ? `area ${q.areaPrefix}` : `dept ${q.deptId}`}${q.filter ? ' ' + JSON.stringify(q.filter) : ''}`

test.each(queries.map((q) => [name(q), q] as const))('%s: an ordered index scan, no sort, no table scan', (_, q) => {
  // The page's keys (what a read-only connection reads first) and its whole rows (what the writing one reads).
  for (const [cursor, columns] of [
    [null, undefined],
    [{ createdAt: NOW, id: 'c0' }, undefined],
    [null, QUEUE_COLUMNS.join(', ')],
    [{ createdAt: NOW, id: 'c0' }, QUEUE_COLUMNS.join(', ')],
  ] as const) {
    const statements = storage.queueStatements({ ...q, cursor, limit: 21 }, columns)
    expect(statements.length).toBeGreaterThan(0)
    for (const s of statements) {
      const plan = (storage.db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args) as { detail: string }[]).map((r) => r.detail)
      expect(plan.filter((d) => /TEMP B-TREE/.test(d))).toEqual([])
      expect(plan.filter((d) => /^SCAN complaints\b/.test(d))).toEqual([])
      // Each scan seeks its own index by its key.
      const searches = plan.filter((d) => /^SEARCH complaints USING (COVERING )?INDEX /.test(d))
      expect(searches.length).toBeGreaterThan(0)
    }
  }
})

test.each(queries.map((q) => [name(q), q] as const))('%s: every page in order, the cursor loses and repeats nothing', async (_, q) => {
  const want = expected(q).map((r) => r.id)
  // The writing connection, and a read-only one twice (its rows read, then kept).
  for (const s of [storage, reader, reader]) {
    const got: string[] = []
    let cursor: QueueQuery['cursor'] = null
    for (let page = 0; page < 1000; page++) {
      const rows = await s.queue({ ...q, cursor, limit: 37 })
      got.push(...rows.map((c) => c.id))
      if (rows.length < 37) break
      const last = rows[rows.length - 1]
      cursor = { createdAt: last.createdAt, id: last.id }
    }
    expect(got).toEqual(want)
  }
})

test('the partial indexes hold the conditions the statements repeat', () => {
  const sqlOf = (name: string) =>
    (storage.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) as { sql: string } | undefined)?.sql ??
    ''
  for (const [index, predicate] of Object.entries(QUEUE_INDEX_PREDICATES)) {
    expect({ index, where: sqlOf(index).replace(/\s+/g, ' ').split(' WHERE ')[1] }).toEqual({ index, where: predicate })
  }
})

test('a coordinator reads the area codes complaints use, kept by the database when a case is filed or moved', async () => {
  const codes = () =>
    (storage.db.prepare('SELECT area_code FROM complaint_areas ORDER BY area_code').all() as { area_code: string }[]).map(
      (r) => r.area_code,
    )
  expect(codes()).toEqual([...AREAS].sort())
  storage.db.prepare(`UPDATE complaints SET area_code = '130699' WHERE id = ?`).run(rows[0].id)
  expect(codes()).toContain('130699')
  const q: QueueQuery = { view: 'all', deptId: 'dA', areaPrefix: '130699', now: NOW, cursor: null, limit: 5 }
  expect((await storage.queue(q)).map((c) => c.id)).toEqual([rows[0].id])
  storage.db.prepare(`UPDATE complaints SET area_code = ? WHERE id = ?`).run(rows[0].area_code, rows[0].id)
})

test('the indexes that no query needs are gone', () => {
  const names = (
    storage.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints'`).all() as { name: string }[]
  ).map((r) => r.name)
  for (const gone of ['complaints_handler', 'complaints_first_responder', 'complaints_assignee', 'complaints_site', 'complaints_employer'])
    expect(names).not.toContain(gone)
})

test('an area with more codes than one compound SELECT holds is read in parts, merged in the queue order', async () => {
  // 450 area codes under one prefix (a compound SELECT holds 400 arms): two statements, one page.
  const ids: { id: string; created_at: string }[] = []
  const insert = storage.db.prepare(
    `INSERT INTO complaints (id, case_no, channel, site_code, placement, project_name, project_address, employer_name, employer_key,
      area_code, industry, funding, client_request_id, filed_by, complainant, complainants, worker_count, amount_owed_fen, owed_since,
      description, photos, hide_identity, boss_unreachable, status, first_responder_dept_id, handler_dept_id, created_at, updated_at)
     VALUES (?, ?, 'desk', 'S1', 'helmet', '工地', '', '公司', 'k', ?, 'housing', 'other', ?, 'w', '{}', '[]', 1, 100, '2026-08', '', '[]',
      0, 0, 'routed', 'dA', 'dA', ?, ?)`,
  )
  storage.db.transaction(() => {
    for (let i = 0; i < 450; i++) {
      const r = { id: `m${String(i).padStart(4, '0')}`, created_at: new Date(Date.parse(NOW) - ((i * 7919) % 450) * 60_000).toISOString() }
      ids.push(r)
      insert.run(r.id, `MANY-${i}`, `139${String(i).padStart(3, '0')}`, `many-${i}`, r.created_at, r.created_at)
    }
  })()
  try {
    const q: QueueQuery = { view: 'all', deptId: 'dA', areaPrefix: '139', now: NOW, cursor: null, limit: 60 }
    expect(storage.queueStatements(q)).toHaveLength(2)
    const want = [...ids].sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1))
    for (const s of [storage, reader, reader]) {
      const page = await s.queue(q)
      expect(page.map((c) => c.id)).toEqual(want.slice(0, 60).map((r) => r.id))
      expect(page[0]).toMatchObject({ status: 'routed', handlerDeptId: 'dA', projectName: '工地', createdAt: want[0].created_at })
    }
  } finally {
    storage.db.prepare(`DELETE FROM complaints WHERE id LIKE 'm%'`).run()
  }
})
