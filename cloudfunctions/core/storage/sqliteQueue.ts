// The SQL of the staff queues (SqliteStorage.queue). Every view and overdue tier is read along an index
// kept in that view's order (created_at, id), so a page is a seek and `limit` rows, never a sort:
//
// - each view has its own partial index over the statuses it lists (migration "Queue indexes" in
//   sqliteSchema.ts); the query repeats the index's WHERE word for word, and INDEXED BY makes a statement
//   that could not use it fail at prepare (and the queue plan test fail) rather than silently sort;
// - a department's "all" view (handled OR first responded) is two ordered scans merged (UNION ALL with
//   ORDER BY is a merge in SQLite), the second without the cases the first already has;
// - a coordinator's area is a list of area codes (those complaints use: the complaint_areas table, kept by
//   triggers), one ordered scan per code merged, instead of a range of codes that would need a sort.
import { TRANSITIONS } from '../../../shared/statusMachine'
import { statusesIn } from '../../../shared/statusMeta'
import type { QueueQuery, OverdueTier } from '../ports'

/** A fixed list of statuses as an SQL literal list (values from the status table, never from a caller). */
const sqlList = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(',')})`
const HANDLING = sqlList(statusesIn('handling'))
const WAITING = sqlList(statusesIn('waiting'))
const MINE = sqlList(statusesIn('handling', 'elsewhere'))
const TO_ACCEPT = sqlList(TRANSITIONS.accept.from)
const OPEN_ALL = sqlList(statusesIn('waiting', 'handling', 'elsewhere'))

/** SQLite allows 500 terms in a compound SELECT; longer code lists are read in parts and merged here. */
const MAX_ARMS = 400

export interface QueueStatement {
  sql: string
  args: unknown[]
}

/** One ordered index scan: the rows of one key of one index, with the index's own WHERE repeated. */
interface Arm {
  index: string
  where: string[]
  args: unknown[]
}

/** The keyed scans of one tier of the overdue view: by handler department, or by area code. */
function tierArm(tier: OverdueTier | 'handling_due', byArea: boolean, now: string): Arm {
  const suffix = byArea ? '_area' : ''
  switch (tier) {
    case 'red':
      return { index: `complaints_q_red${suffix}`, where: [`status IN ${HANDLING} AND card = 'red'`], args: [] }
    case 'yellow':
      return {
        index: `complaints_q_yellow${suffix}`,
        where: [`status IN ${HANDLING} AND card != 'red'`, 'resolve_due_at < ?'],
        args: [now],
      }
    case 'handling_due':
      // Red cards past their deadline (the overdue view without a tier: every handling case past it).
      return { index: `complaints_q_red${suffix}`, where: [`status IN ${HANDLING} AND card = 'red'`, 'resolve_due_at < ?'], args: [now] }
    case 'accept':
      return { index: `complaints_q_accept${suffix}`, where: [`status IN ${TO_ACCEPT}`, 'accept_due_at < ?'], args: [now] }
  }
}

/**
 * The statements that read one page of a queue, in order; more than one only for an area with more codes
 * than a compound SELECT may hold (the caller merges them). `areaCodes` lists the area codes complaints
 * use under a prefix; `columns` is the select list (the queue's own columns; they must include created_at
 * and id, the order).
 */
export function queueStatements(q: QueueQuery, areaCodes: (prefix: string) => string[], columns = '*'): QueueStatement[] {
  const desc = q.view === 'all'
  const dept = q.deptId ?? ''
  let arms: Arm[]
  // Coordinators' "all" and "overdue" read their area: one scan per area code.
  // The severe view (open cases at the severe risk level) reads the small partial indexes of severe cases.
  const severe = (q.view as string) === 'severe'
  const byArea = (q.view === 'all' || q.view === 'overdue' || severe) && q.areaPrefix !== null
  if (byArea) {
    let codes = areaCodes(q.areaPrefix!)
    if (q.filter?.areaPrefix) codes = codes.filter((c) => c.startsWith(q.filter!.areaPrefix!))
    const per: Arm[] = severe
      ? [{ index: 'complaints_severe', where: [`risk_level = 'severe'`, `status IN ${OPEN_ALL}`], args: [] }]
      : q.view === 'all'
        ? [{ index: 'complaints_area', where: [], args: [] }]
        : (q.tier ? [q.tier] : (['handling_due', 'yellow', 'accept'] as const)).map((t) => tierArm(t, true, q.now))
    arms = codes.flatMap((code) => per.map((a) => ({ index: a.index, where: ['area_code = ?', ...a.where], args: [code, ...a.args] })))
  } else if (severe) {
    arms = [
      { index: 'complaints_q_severe', where: ['handler_dept_id = ?', `risk_level = 'severe'`, `status IN ${OPEN_ALL}`], args: [dept] },
    ]
  } else {
    switch (q.view) {
      case 'to_accept':
        arms = [{ index: 'complaints_q_accept', where: ['handler_dept_id = ?', `status IN ${TO_ACCEPT}`], args: [dept] }]
        break
      case 'in_progress':
        // A referred case stays on the handler's queue until its outcome is back.
        arms = [{ index: 'complaints_q_open', where: ['handler_dept_id = ?', `status IN ${MINE}`], args: [dept] }]
        break
      case 'first_responder':
        arms = [{ index: 'complaints_q_waiting', where: ['first_responder_dept_id = ?', `status IN ${WAITING}`], args: [dept] }]
        break
      case 'mine':
        // The caller's own open cases (承办人), referred ones included: they follow those too.
        arms = [
          {
            index: 'complaints_q_mine',
            where: ['assignee_openid = ?', 'handler_dept_id = ?', `status IN ${MINE}`],
            args: [q.assigneeOpenid ?? '', dept],
          },
        ]
        break
      case 'overdue':
        arms = (q.tier ? [q.tier] : (['handling_due', 'yellow', 'accept'] as const)).map((t) => {
          const a = tierArm(t, false, q.now)
          return { index: a.index, where: ['handler_dept_id = ?', ...a.where], args: [dept, ...a.args] }
        })
        break
      case 'all':
        // Handled, then first responded and handled elsewhere: each case once.
        arms = [
          { index: 'complaints_handler_time', where: ['handler_dept_id = ?'], args: [dept] },
          {
            index: 'complaints_q_handed',
            where: ['first_responder_dept_id = ?', 'handler_dept_id <> first_responder_dept_id'],
            args: [dept],
          },
        ]
        break
      default:
        arms = []
    }
  }
  if (arms.length === 0) return []

  // Filters narrow each scan; they never choose the index (INDEXED BY).
  const extra: string[] = []
  const extraArgs: unknown[] = []
  if (q.filter?.status) {
    extra.push('status = ?')
    extraArgs.push(q.filter.status)
  }
  if (q.filter?.channel) {
    extra.push('channel = ?')
    extraArgs.push(q.filter.channel)
  }
  if (q.filter?.industry) {
    extra.push('industry = ?')
    extraArgs.push(q.filter.industry)
  }
  if (q.filter?.areaPrefix && !byArea) {
    extra.push('area_code >= ? AND area_code < ?')
    extraArgs.push(q.filter.areaPrefix, q.filter.areaPrefix + '\uffff')
  }
  if (q.cursor) {
    extra.push(desc ? '(created_at, id) < (?, ?)' : '(created_at, id) > (?, ?)')
    extraArgs.push(q.cursor.createdAt, q.cursor.id)
  }
  const order = desc ? 'created_at DESC, id DESC' : 'created_at, id'
  const statements: QueueStatement[] = []
  for (let i = 0; i < arms.length; i += MAX_ARMS) {
    const part = arms.slice(i, i + MAX_ARMS)
    const sql =
      part
        .map((a) => `SELECT ${columns} FROM complaints INDEXED BY ${a.index} WHERE ${[...a.where, ...extra].join(' AND ')}`)
        .join(' UNION ALL ') + ` ORDER BY ${order} LIMIT ?`
    statements.push({ sql, args: [...part.flatMap((a) => [...a.args, ...extraArgs]), q.limit] })
  }
  return statements
}

/** Rows of several statements of one queue, merged in the queue's order and cut to its limit. */
export function mergeQueueRows<T extends { createdAt: string; id: string }>(parts: T[][], desc: boolean, limit: number): T[] {
  if (parts.length === 1) return parts[0]
  const cmp = (a: T, b: T) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return parts
    .flat()
    .sort((a, b) => (desc ? cmp(b, a) : cmp(a, b)))
    .slice(0, limit)
}

/**
 * The indexes the statements above read, as created by the migration: the test compares them with the
 * database so a status added to a group without a new migration is caught.
 */
export const QUEUE_INDEX_PREDICATES: Record<string, string> = {
  complaints_q_accept: `status IN ${TO_ACCEPT}`,
  complaints_q_accept_area: `status IN ${TO_ACCEPT}`,
  complaints_q_open: `status IN ${MINE}`,
  complaints_q_waiting: `status IN ${WAITING}`,
  complaints_q_mine: `status IN ${MINE}`,
  complaints_q_red: `status IN ${HANDLING} AND card = 'red'`,
  complaints_q_red_area: `status IN ${HANDLING} AND card = 'red'`,
  complaints_q_yellow: `status IN ${HANDLING} AND card != 'red'`,
  complaints_q_yellow_area: `status IN ${HANDLING} AND card != 'red'`,
  complaints_q_severe: `risk_level = 'severe'`,
  complaints_q_handed: 'handler_dept_id <> first_responder_dept_id',
}
