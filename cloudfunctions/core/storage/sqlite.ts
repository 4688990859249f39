// The SQLite adapter of the storage port (better-sqlite3, WAL). Each method that changes a complaint
// runs in one IMMEDIATE transaction; status changes check the version they were given.
import { TRANSITIONS } from '../../../shared/statusMachine'
import { statusesIn } from '../../../shared/statusMeta'
import Database from 'better-sqlite3'
import type { RoutingRule } from '../../../shared/routing'
import { formatCaseNo } from '../../../shared/validators/caseNo'
import { areaContains } from '../../../shared/validators/areaCode'
import type {
  ApiKey,
  AreaConfig,
  ClaimResult,
  ExportJob,
  ExportPatch,
  LedgerCursor,
  LedgerRow,
  LedgerScope,
  Upload,
  Member,
  ReplyTemplate,
  RiskMember,
  RiskRegisterRow,
  RiskSubject,
  Alert,
  AlertAck,
  AlertState,
  AdminChange,
  AuditCursor,
  AuditEntry,
  OutboxMessage,
  StatsRow,
  Complaint,
  ComplaintChange,
  ComplaintPatch,
  Dept,
  Invite,
  NewComplaint,
  NewEvent,
  NewMessage,
  QueueQuery,
  QueueRow,
  Site,
  DeptPatch,
  Storage,
  TimelineEvent,
  User,
  SignInCode,
  CodeCheck,
  RateKey,
  RateResult,
} from '../ports'
import { MIGRATIONS } from './sqliteSchema'
import { mergeAlert, registerRows, shownTrigger } from './riskStore'
import { hitsKept, nthRefusal } from './rateLimit'
import { QUEUE_FIELDS, QuotaFull, type ClaimTry } from '../ports'
import type { RiskLevel } from '../../../shared/types'
import type { RiskFigures } from '../../../shared/risk'
import { addFigures, figuresFrom, subjectDeltas, subjectsOf, totalsDeltas, type TotalsDelta } from '../riskTotals'
import { mergeQueueRows, queueStatements, type QueueStatement } from './sqliteQueue'
import { merged } from '../merged'

// better-sqlite3 rows are untyped; each is mapped to a port type (…FromRow) right where it is read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>

const COLUMN: Record<string, string> = {
  id: 'id',
  caseNo: 'case_no',
  channel: 'channel',
  siteCode: 'site_code',
  placement: 'placement',
  projectName: 'project_name',
  projectAddress: 'project_address',
  employerName: 'employer_name',
  employerUscc: 'employer_uscc',
  employerKey: 'employer_key',
  areaCode: 'area_code',
  industry: 'industry',
  funding: 'funding',
  ownerOpenid: 'owner_openid',
  clientRequestId: 'client_request_id',
  filedBy: 'filed_by',
  complainant: 'complainant',
  complainants: 'complainants',
  workerCount: 'worker_count',
  amountOwedFen: 'amount_owed_fen',
  owedSince: 'owed_since',
  description: 'description',
  photos: 'photos',
  hideIdentity: 'hide_identity',
  bossUnreachable: 'boss_unreachable',
  status: 'status',
  firstResponderDeptId: 'first_responder_dept_id',
  handlerDeptId: 'handler_dept_id',
  acceptDueAt: 'accept_due_at',
  resolveDueAt: 'resolve_due_at',
  complex: 'complex',
  card: 'card',
  riskLevel: 'risk_level',
  claimCode: 'claim_code',
  amountRecoveredFen: 'amount_recovered_fen',
  rating: 'rating',
  ratingComment: 'rating_comment',
  reopenCount: 'reopen_count',
  lastProgressAt: 'last_progress_at',
  acceptEscalatedAt: 'accept_escalated_at',
  acceptedAt: 'accepted_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  version: 'version',
  externalRef: 'external_ref',
  replyDueAt: 'reply_due_at',
  assigneeOpenid: 'assignee_openid',
  supervision: 'supervision',
  superviseDueAt: 'supervise_due_at',
  followUpDueAt: 'follow_up_due_at',
  flags: 'flags',
}
const JSON_FIELDS = new Set(['complainant', 'complainants', 'photos', 'supervision', 'flags'])
/** JSON columns that may be NULL. */
const NULLABLE_JSON = new Set(['supervision', 'flags'])
const BOOL_FIELDS = new Set(['hideIdentity', 'bossUnreachable', 'complex'])

/** A new complaint's insert, every column (the text built once, not per submit). */
const COMPLAINT_FIELDS = Object.keys(COLUMN)
const COMPLAINT_INSERT = `INSERT INTO complaints (${COMPLAINT_FIELDS.map((f) => COLUMN[f]).join(', ')}) VALUES (${COMPLAINT_FIELDS.map(() => '?').join(', ')})`

function toDb(field: string, v: unknown): unknown {
  if (NULLABLE_JSON.has(field) && (v === null || v === undefined)) return null
  if (JSON_FIELDS.has(field)) return JSON.stringify(v)
  if (BOOL_FIELDS.has(field)) return v ? 1 : 0
  return v ?? null
}

function complaintFromRow(r: Row): Complaint {
  const c: Row = {}
  for (const [field, col] of Object.entries(COLUMN)) {
    const v = r[col]
    c[field] = JSON_FIELDS.has(field) ? (v === null ? null : JSON.parse(v)) : BOOL_FIELDS.has(field) ? v === 1 : v
  }
  return c as Complaint
}

/** The columns of a queue row (QUEUE_FIELDS), as the queue's select list. */
export const QUEUE_COLUMNS = QUEUE_FIELDS.map((f) => COLUMN[f])
const QUEUE_SELECT = QUEUE_COLUMNS.join(', ')

/**
 * A queue row from its values in QUEUE_COLUMNS order (a raw row). Written out field by field, so every row
 * has one shape (a loop of keyed stores is a slow store per value); test/unit/queueRow.test.ts checks the order
 * against QUEUE_FIELDS. Only `supervision` among them is JSON.
 */
function queueRowFromValues(v: unknown[]): QueueRow {
  return {
    id: v[0],
    caseNo: v[1],
    status: v[2],
    projectName: v[3],
    amountOwedFen: v[4],
    workerCount: v[5],
    createdAt: v[6],
    acceptDueAt: v[7],
    resolveDueAt: v[8],
    card: v[9],
    riskLevel: v[10],
    handlerDeptId: v[11],
    version: v[12],
    channel: v[13],
    externalRef: v[14],
    replyDueAt: v[15],
    assigneeOpenid: v[16],
    supervision: v[17] === null ? null : JSON.parse(v[17] as string),
    followUpDueAt: v[18],
  } as QueueRow
}
/** A queue page's keys (queueStatements' select list, QUEUE_KEYS): id, created_at (the order) and queue_rev. */
type QueueKey = [string, string, number]
const QUEUE_KEYS = 'id, created_at, queue_rev'
const keyOf = (v: QueueKey) => ({ id: v[0], createdAt: v[1], rev: v[2] })
/** A queue row's columns and its queue_rev last; the statement that reads one by id. */
const QUEUE_SELECT_REV = `${QUEUE_SELECT}, queue_rev`
const QUEUE_ROW_BY_ID = `SELECT ${QUEUE_SELECT_REV} FROM complaints WHERE id = ?`
/** Up to this many rows of a page not kept are read by id; more, and the page is read whole. */
const QUEUE_ROWS_BY_ID = 4
/** Queue rows kept per connection (SqliteStorage.queue); past this many, it starts over (under 1 KB a row). */
const QUEUE_ROWS_KEPT = 20_000

/** The fields queueRowFromValues writes, in its order (the test compares them with QUEUE_FIELDS). */
export const QUEUE_ROW_ORDER = Object.keys(queueRowFromValues(QUEUE_FIELDS.map(() => null)))

const eventFromRow = (r: Row): TimelineEvent => ({
  id: r.id,
  complaintId: r.complaint_id,
  at: r.at,
  type: r.type,
  actorOpenid: r.actor_openid,
  actorDeptId: r.actor_dept_id,
  note: r.note,
  visibleToWorker: r.visible_to_worker === 1,
  data: r.data ? JSON.parse(r.data) : null,
})

const deptFromRow = (r: Row): Dept => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  areaCode: r.area_code,
  parentId: r.parent_id,
  active: r.active === 1,
  createdAt: r.created_at,
  phone: r.phone ?? '',
})
const siteFromRow = (r: Row): Site => ({
  code: r.code,
  name: r.name,
  address: r.address,
  areaCode: r.area_code,
  industry: r.industry,
  funding: r.funding,
  contractorName: r.contractor_name,
  contractorUscc: r.contractor_uscc,
  supervisingDeptId: r.supervising_dept_id,
  issuerDeptId: r.issuer_dept_id,
  retired: r.retired === 1,
  createdAt: r.created_at,
})
const alertFromRow = (r: Row): Alert => ({
  id: r.id,
  subject: r.subject,
  trigger: shownTrigger(r.trigger, r.triggers ? JSON.parse(r.triggers) : null),
  areaCode: r.area_code,
  note: r.note,
  complaintIds: JSON.parse(r.complaint_ids),
  createdAt: r.created_at,
  state: r.state ?? 'new',
  ackNote: r.ack_note ?? '',
  ackBy: r.ack_by ?? null,
  ackAt: r.ack_at ?? null,
  triggers: r.triggers ? JSON.parse(r.triggers) : [r.trigger],
  caseNos: r.case_nos ? JSON.parse(r.case_nos) : [],
  count: r.raised ?? 1,
})
const apiKeyFromRow = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  hash: r.hash,
  deptId: r.dept_id,
  areaCode: r.area_code,
  perMinute: r.per_minute,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
})
const inviteFromRow = (r: Row): Invite => ({
  code: r.code,
  role: r.role,
  deptId: r.dept_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedBy: r.used_by,
  usedAt: r.used_at,
  revoked: r.revoked === 1,
  ...(r.phone ? { phone: r.phone } : {}),
})

/** A fixed list of statuses as an SQL literal list (values from the status table, never from a caller). */
const sqlList = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(',')})`
const HANDLING = sqlList(statusesIn('handling'))
const OPEN_ALL = sqlList(statusesIn('waiting', 'handling', 'elsewhere'))

const userFromRow = (r: Row): User => ({
  openid: r.openid,
  role: r.role,
  deptId: r.dept_id,
  name: r.name,
  createdAt: r.created_at,
  ...(r.phone ? { phone: r.phone } : {}),
  ...(r.office_phone ? { officePhone: r.office_phone } : {}),
})
const outboxFromRow = (r: Row): OutboxMessage => ({
  id: r.id,
  complaintId: r.complaint_id,
  channel: r.channel,
  recipient: r.recipient,
  template: r.template,
  title: r.title,
  body: r.body,
  params: r.params ? JSON.parse(r.params) : null,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
})
/** Statuses a handler can accept from. */
const TO_ACCEPT = sqlList(TRANSITIONS.accept.from)

const alertRowParts = (r: Row) => ({
  triggers: r.triggers ? (JSON.parse(r.triggers) as string[]) : [String(r.trigger)],
  caseNos: r.case_nos ? (JSON.parse(r.case_nos) as string[]) : [],
  complaintIds: JSON.parse(r.complaint_ids) as string[],
})
const figuresOfRow = (r: Row) =>
  figuresFrom({
    open: r.open_count,
    workers: r.workers,
    amountOwedFen: r.amount_owed_fen,
    bossUnreachable: r.boss_unreachable,
    flagged: r.flagged,
    owedMonths: JSON.parse(r.owed_months),
  })
const figureValues = (f: ReturnType<typeof figuresFrom>) => [
  f.open,
  f.workers,
  f.amountOwedFen,
  f.bossUnreachable,
  f.flagged,
  JSON.stringify(f.owedMonths),
]
/** The figure columns of risk_subjects and risk_rows, as an upsert answers them. */
const FIGURE_COLUMNS = 'open_count, workers, amount_owed_fen, boss_unreachable, flagged, owed_months'
/** Month keys ('2026-08') that go into a JSON path as they are. */
const PLAIN_MONTH = /^[0-9A-Za-z-]+$/
/** A register row with no open case and no month left. */
const isEmptyRow = (f: RiskFigures) => f.open === 0 && Object.keys(f.owedMonths).length === 0

/**
 * A delta added to a totals row inside its upsert, as addFigures adds it: the counts by addition, each
 * month of owed_months set to its new count or removed at zero (json_patch, null removes). The number of
 * months (which picks the statement: addedSet) and the arguments after the VALUES'; the months' keys must
 * be PLAIN_MONTH.
 */
function addedIn(delta: RiskFigures): { months: number; args: unknown[] } {
  const months = Object.entries(delta.owedMonths)
  return { months: months.length, args: months.flatMap(([m, n]) => [m, `$."${m}"`, n]) }
}
/** The DO UPDATE clause that adds a delta of `months` owed months (addedIn's arguments). */
function addedSet(months: number): string {
  const patch = Array.from({ length: months }, () => '?, NULLIF(COALESCE(json_extract(owed_months, ?), 0) + CAST(? AS INTEGER), 0)').join(
    ', ',
  )
  return `open_count = open_count + excluded.open_count, workers = workers + excluded.workers,
      amount_owed_fen = amount_owed_fen + excluded.amount_owed_fen, boss_unreachable = boss_unreachable + excluded.boss_unreachable,
      flagged = flagged + excluded.flagged, owed_months = ${months ? `json_patch(owed_months, json_object(${patch}))` : 'owed_months'}`
}
/** An upsert's text per number of months added, built once each (the text is the statement cache's key). */
function byMonths(make: (set: string) => string): (months: number) => string {
  const made: string[] = []
  return (months) => (made[months] ??= make(addedSet(months)))
}
const SUBJECT_ADD = byMonths(
  (set) => `
    INSERT INTO risk_subjects (subject, kind, name, area_code, open_count, workers, amount_owed_fen, boss_unreachable, flagged, owed_months, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (subject) DO UPDATE SET name = excluded.name, ${set}, updated_at = excluded.updated_at
    RETURNING *`,
)
const rowAdd = (returning: string) =>
  byMonths(
    (set) => `
      INSERT INTO risk_rows (subject, area_code, dept_id, kind, name, open_count, workers, amount_owed_fen, boss_unreachable, flagged, owed_months, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (subject, area_code, dept_id) DO UPDATE SET name = excluded.name, ${set}, updated_at = excluded.updated_at${returning}`,
  )
const ROW_ADD = rowAdd(` RETURNING ${FIGURE_COLUMNS}`)
/** A row a case is added to (open + 1) cannot be left empty: its upsert need answer nothing. */
const ROW_ADD_SILENT = rowAdd('')
const riskSubjectFromRow = (r: Row): RiskSubject => ({
  subject: r.subject,
  kind: r.kind,
  name: r.name,
  areaCode: r.area_code,
  ...figuresOfRow(r),
  level: r.level,
  trigger: r.trigger_note,
  reported: JSON.parse(r.reported),
  updatedAt: r.updated_at,
})

const BEIJING_MS = 8 * 3600_000
const HOUR_MS = 3600_000
const DAY_MS = 86400_000

/**
 * The period of filed_counts an instant falls in for a subject: a Beijing clock hour for a site
 * (YYYY-MM-DDTHH: the surge window is an hour), a Beijing day for an employer (YYYY-MM-DD: the risk
 * window is days), with the instant the period ends (ms). China keeps +08:00 all year.
 */
export function filedPeriod(subject: string, ms: number): { period: string; endMs: number } {
  const site = subject.startsWith('site:')
  const len = site ? HOUR_MS : DAY_MS
  const start = Math.floor((ms + BEIJING_MS) / len) * len
  return { period: new Date(start).toISOString().slice(0, site ? 13 : 10), endMs: start + len - BEIJING_MS }
}

/** One insert of a site and its values in column order, for createSite and the import's upsert. */
const SITE_INSERT = `INSERT INTO sites (code, name, address, area_code, industry, funding, contractor_name, contractor_uscc,
  supervising_dept_id, issuer_dept_id, retired, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
const siteValues = (s: Site) => [
  s.code,
  s.name,
  s.address,
  s.areaCode,
  s.industry,
  s.funding,
  s.contractorName,
  s.contractorUscc,
  s.supervisingDeptId,
  s.issuerDeptId,
  s.retired ? 1 : 0,
  s.createdAt,
]

export class SqliteStorage implements Storage {
  readonly db: Database.Database
  private readonly stmts = new Map<string, Database.Statement>()
  private readonly rawStmts = new Map<string, Database.Statement>()
  /** Queue rows as last read, by id, with their queue_rev (queue). */
  private readonly queueRows = new Map<string, { rev: number; row: QueueRow }>()

  /**
   * `readonly`: a connection that only reads a database another connection keeps (the local server's
   * reads beside its writer): it sees what is committed, never migrates, and any write fails.
   */
  constructor(file: string, opts: { readonly?: boolean } = {}) {
    if (opts.readonly) {
      this.db = new Database(file, { readonly: true, fileMustExist: true })
      this.db.pragma('busy_timeout = 5000')
      // A page cache that holds the queues' hot indexes (64 MiB; the writer keeps its own).
      this.db.pragma('cache_size = -65536')
      return
    }
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    this.migrate()
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db
        .transaction(() => {
          this.db.exec(MIGRATIONS[v])
          this.db.pragma(`user_version = ${v + 1}`)
        })
        .immediate()
    }
  }

  close(): void {
    this.db.close()
  }

  private snapshots: Promise<unknown> = Promise.resolve()

  /**
   * Run `read` in one read transaction: every statement it makes sees the same committed state (an
   * overdue page read tier by tier, or an area read in parts, cannot see a case move between two of its
   * statements). Calls on this connection run one after another; their storage work is synchronous, so
   * nothing is lost by the wait. For a connection that only reads (the read path); a write would fail.
   *
   * `keep`: the read transaction stays open after `read` (until endSnapshot), and a call that finds one
   * open reads in it. The caller decides when a kept snapshot is still fresh enough (scripts/readWorker.ts).
   */
  readSnapshot<T>(read: () => Promise<T>, opts: { keep?: boolean } = {}): Promise<T> {
    // Prepared once (stmt), not parsed again on every call as exec would.
    const run = async () => {
      if (!this.db.inTransaction) this.stmt('BEGIN').run()
      try {
        return await read()
      } finally {
        if (!opts.keep && this.db.inTransaction) this.stmt('COMMIT').run()
      }
    }
    return this.inTurn(run)
  }

  /** End a snapshot kept open (readSnapshot's `keep`), once the calls before have run. */
  endSnapshot(): Promise<void> {
    return this.inTurn(async () => {
      if (this.db.inTransaction) this.stmt('COMMIT').run()
    })
  }

  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    const result = this.snapshots.then(run, run)
    this.snapshots = result.catch(() => undefined)
    return result
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.stmts.set(sql, s)
    }
    return s
  }

  /** A statement that returns each row as an array of its values (kept apart from `stmt`'s). */
  private rawStmt(sql: string): Database.Statement {
    let s = this.rawStmts.get(sql)
    if (!s) {
      s = this.db.prepare(sql).raw(true)
      this.rawStmts.set(sql, s)
    }
    return s
  }

  async getUser(openid: string): Promise<User | null> {
    const r = this.stmt('SELECT * FROM users WHERE openid = ?').get(openid) as Row | undefined
    return r ? userFromRow(r) : null
  }

  async putUser(u: User): Promise<void> {
    this.stmt(
      `INSERT INTO users (openid, role, dept_id, name, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (openid) DO UPDATE SET role = excluded.role, dept_id = excluded.dept_id, name = excluded.name`,
    ).run(u.openid, u.role, u.deptId, u.name, u.createdAt)
  }

  async setProfile(openid: string, name: string, officePhone: string): Promise<boolean> {
    return this.stmt('UPDATE users SET name = ?, office_phone = ? WHERE openid = ?').run(name, officePhone, openid).changes === 1
  }

  // --- sign-in -------------------------------------------------------------------------------------

  async putSignInCode(c: SignInCode): Promise<void> {
    this.db
      .transaction(() => {
        // Codes long dead are of no use to anyone: keep the table to the live ones (and a day of dead).
        this.stmt('DELETE FROM signin_codes WHERE expires_at < ?').run(new Date(Date.parse(c.createdAt) - 86_400_000).toISOString())
        this.stmt(
          `INSERT INTO signin_codes (phone, hash, created_at, expires_at, wrong_tries) VALUES (?, ?, ?, ?, 0)
           ON CONFLICT (phone) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at,
             expires_at = excluded.expires_at, wrong_tries = 0`,
        ).run(c.phone, c.hash, c.createdAt, c.expiresAt)
      })
      .immediate()
  }

  async checkSignInCode(phone: string, hash: string, at: string, maxWrongTries: number): Promise<CodeCheck> {
    return this.db
      .transaction((): CodeCheck => {
        const r = this.stmt('SELECT * FROM signin_codes WHERE phone = ?').get(phone) as Row | undefined
        if (!r) return { result: 'missing' }
        if (r.expires_at <= at) return { result: 'expired' }
        if (r.wrong_tries >= maxWrongTries) return { result: 'locked' }
        if (r.hash === hash) {
          this.stmt('DELETE FROM signin_codes WHERE phone = ?').run(phone)
          return { result: 'ok' }
        }
        this.stmt('UPDATE signin_codes SET wrong_tries = wrong_tries + 1 WHERE phone = ?').run(phone)
        return { result: 'wrong', triesLeft: maxWrongTries - r.wrong_tries - 1 }
      })
      .immediate()
  }

  async takeRateSlots(keys: RateKey[], at: string): Promise<RateResult> {
    return this.db.transaction((): RateResult => this.takeSlotsIn(keys, at)).immediate()
  }

  /** Count one hit at `at` against every key's windows, or none when one is full (inside the caller's transaction). */
  private takeSlotsIn(keys: RateKey[], at: string): RateResult {
    const now = Date.parse(at)
    const lasts: number[] = []
    for (const k of keys) {
      const last = this.lastHit(k.key)
      const refused = this.hitRefusal(k, last, now)
      if (refused) return refused
      lasts.push(last)
    }
    keys.forEach((k, i) => {
      const seq = lasts[i] + 1
      this.stmt('INSERT INTO rate_limits (key, seq, at) VALUES (?, ?, ?)').run(k.key, seq, at)
      // Hits older than the newest `hitsKept` can refuse nothing: one row goes as one comes.
      this.stmt('DELETE FROM rate_limits WHERE key = ? AND seq <= ?').run(k.key, seq - hitsKept(k))
      // Nor can hits out of the longest window: the oldest go while they are (each row goes once).
      const longest = Math.max(...k.windows.map((w) => w.ms))
      const oldest = this.stmt('SELECT seq, at FROM rate_limits WHERE key = ? ORDER BY seq LIMIT 1')
      const drop = this.stmt('DELETE FROM rate_limits WHERE key = ? AND seq = ?')
      for (
        let o = oldest.get(k.key) as Row | undefined;
        o && o.seq < seq && Date.parse(o.at) <= now - longest;
        o = oldest.get(k.key) as Row | undefined
      )
        drop.run(k.key, o.seq)
    })
    // Keys untouched for a day hold no hit that any window still counts.
    this.stmt('DELETE FROM rate_limits WHERE at < ?').run(new Date(now - 86_400_000).toISOString())
    return { ok: true }
  }

  /** The number of a key's newest hit (its hits are numbered on in time order), -1 when it has none. */
  private lastHit(key: string): number {
    const r = this.stmt('SELECT seq FROM rate_limits WHERE key = ? ORDER BY seq DESC LIMIT 1').get(key) as Row | undefined
    return r ? r.seq : -1
  }

  /** The rule (rateLimit.ts) on the key's rows: one primary-key read per window. */
  private hitRefusal(k: RateKey, last: number, now: number): Extract<RateResult, { ok: false }> | null {
    const get = this.stmt('SELECT at FROM rate_limits WHERE key = ? AND seq = ?')
    return nthRefusal(
      k,
      (n) => {
        const r = get.get(k.key, last - n + 1) as Row | undefined
        return r ? Date.parse(r.at) : null
      },
      now,
    )
  }

  // --- tries at claim codes --------------------------------------------------------------------------

  private claimHits(caseNo: string): string[] {
    const r = this.stmt('SELECT hits FROM claim_tries WHERE case_no = ?').get(caseNo) as Row | undefined
    return r ? (JSON.parse(r.hits) as string[]) : []
  }

  private putClaimHits(caseNo: string, hits: string[], at: string): void {
    this.stmt(
      `INSERT INTO claim_tries (case_no, hits, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (case_no) DO UPDATE SET hits = excluded.hits, updated_at = excluded.updated_at`,
    ).run(caseNo, JSON.stringify(hits), at)
  }

  async takeClaimTry(caller: RateKey, caseNo: string, maxPerCase: number, since: string, at: string): Promise<ClaimTry> {
    return this.db
      .transaction((): ClaimTry => {
        const hits = this.claimHits(caseNo).filter((h) => h >= since)
        // The caller first: a caller past their limit learns nothing about the case number.
        if (hits.length >= maxPerCase) {
          const refused = this.hitRefusal(caller, this.lastHit(caller.key), Date.parse(at))
          return refused ? { ok: false, by: 'caller', retryAt: refused.retryAt } : { ok: false, by: 'case' }
        }
        const taken = this.takeSlotsIn([caller], at)
        if (!taken.ok) return { ok: false, by: 'caller', retryAt: taken.retryAt }
        this.putClaimHits(caseNo, [...hits, at], at)
        return { ok: true }
      })
      .immediate()
  }

  async returnClaimTry(callerKey: string, caseNo: string, at: string): Promise<void> {
    const without = (hits: string[]) => {
      const i = hits.indexOf(at)
      return i < 0 ? null : [...hits.slice(0, i), ...hits.slice(i + 1)]
    }
    this.db
      .transaction(() => {
        // The caller's hit at `at` goes; the newer ones move down one number, so numbers stay in a row.
        const mine = this.stmt('SELECT seq FROM rate_limits WHERE key = ? AND at = ? ORDER BY seq LIMIT 1').get(callerKey, at) as
          Row | undefined
        if (mine) {
          this.stmt('DELETE FROM rate_limits WHERE key = ? AND seq = ?').run(callerKey, mine.seq)
          const newer = this.stmt('SELECT seq FROM rate_limits WHERE key = ? AND seq > ? ORDER BY seq').all(callerKey, mine.seq) as Row[]
          const down = this.stmt('UPDATE rate_limits SET seq = seq - 1 WHERE key = ? AND seq = ?')
          for (const r of newer) down.run(callerKey, r.seq)
        }
        const theirs = without(this.claimHits(caseNo))
        if (theirs) this.stmt('UPDATE claim_tries SET hits = ? WHERE case_no = ?').run(JSON.stringify(theirs), caseNo)
      })
      .immediate()
  }

  async claimTries(caseNo: string, since: string): Promise<number> {
    return this.claimHits(caseNo).filter((h) => h >= since).length
  }

  async userByPhone(phone: string): Promise<User | null> {
    const r = this.stmt('SELECT * FROM users WHERE phone = ?').get(phone) as Row | undefined
    return r ? userFromRow(r) : null
  }

  async linkPhone(openid: string, phone: string, at: string): Promise<void> {
    this.db
      .transaction(() => {
        this.stmt('UPDATE users SET phone = NULL, phone_linked_at = NULL WHERE phone = ? AND openid <> ?').run(phone, openid)
        this.stmt(
          `INSERT INTO users (openid, role, dept_id, name, created_at, phone, phone_linked_at) VALUES (?, 'worker', NULL, NULL, ?, ?, ?)
           ON CONFLICT (openid) DO UPDATE SET phone = excluded.phone, phone_linked_at = excluded.phone_linked_at`,
        ).run(openid, at, phone, at)
      })
      .immediate()
  }

  async listDepts(): Promise<Dept[]> {
    return (this.stmt('SELECT * FROM depts ORDER BY id').all() as Row[]).map(deptFromRow)
  }

  async createDept(d: Dept): Promise<void> {
    this.stmt('INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      d.id,
      d.name,
      d.kind,
      d.areaCode,
      d.parentId,
      d.active ? 1 : 0,
      d.createdAt,
      d.phone ?? '',
    )
  }

  async updateDept(id: string, patch: DeptPatch): Promise<boolean> {
    const cur = this.stmt('SELECT * FROM depts WHERE id = ?').get(id) as Row | undefined
    if (!cur) return false
    const d = { ...deptFromRow(cur), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
    this.stmt('UPDATE depts SET name = ?, phone = ?, parent_id = ?, active = ? WHERE id = ?').run(
      d.name,
      d.phone ?? '',
      d.parentId,
      d.active ? 1 : 0,
      id,
    )
    return true
  }

  async listRules(): Promise<RoutingRule[]> {
    return (this.stmt('SELECT * FROM rules ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id,
      areaPrefix: r.area_prefix,
      industry: r.industry,
      deptId: r.dept_id,
    }))
  }

  async createRule(r: RoutingRule & { createdAt: string }): Promise<void> {
    this.stmt(
      `INSERT INTO rules (id, area_prefix, industry, dept_id, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (area_prefix, industry) DO UPDATE SET dept_id = excluded.dept_id`,
    ).run(r.id, r.areaPrefix, r.industry, r.deptId, r.createdAt)
  }

  async getSite(code: string): Promise<Site | null> {
    const r = this.stmt('SELECT * FROM sites WHERE code = ?').get(code) as Row | undefined
    return r ? siteFromRow(r) : null
  }

  async createSite(s: Site): Promise<void> {
    this.stmt(SITE_INSERT).run(...siteValues(s))
  }

  async createInvite(i: Invite): Promise<void> {
    this.stmt(
      `INSERT INTO invites (code, role, dept_id, created_by, created_at, expires_at, used_by, used_at, revoked, phone)
       VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?)`,
    ).run(i.code, i.role, i.deptId, i.createdBy, i.createdAt, i.expiresAt, i.phone ?? null)
  }

  async getInvite(code: string): Promise<Invite | null> {
    const r = this.stmt('SELECT * FROM invites WHERE code = ?').get(code) as Row | undefined
    return r ? inviteFromRow(r) : null
  }

  async redeemInvite(code: string, user: User, at: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const res = this.stmt(
          'UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL AND revoked = 0 AND expires_at > ?',
        ).run(user.openid, at, code, at)
        if (res.changes !== 1) return false
        this.putUserSync(user)
        return true
      })
      .immediate()
  }

  private putUserSync(u: User): void {
    this.stmt(
      `INSERT INTO users (openid, role, dept_id, name, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (openid) DO UPDATE SET role = excluded.role, dept_id = excluded.dept_id`,
    ).run(u.openid, u.role, u.deptId, u.name, u.createdAt)
  }

  async findByRequest(filedBy: string, clientRequestId: string): Promise<Complaint | null> {
    const r = this.stmt('SELECT * FROM complaints WHERE filed_by = ? AND client_request_id = ?').get(filedBy, clientRequestId) as
      Row | undefined
    return r ? complaintFromRow(r) : null
  }

  async createComplaint(
    c: NewComplaint,
    events: NewEvent[],
    caseYear: number,
    messages: (stored: Complaint) => NewMessage[],
    memberCodes: string[] = [],
    quota?: RateKey,
    riskLevelOf?: (totals: RiskFigures[]) => RiskLevel,
  ): Promise<{ complaint: Complaint; created: boolean; totals?: RiskSubject[] }> {
    return this.db
      .transaction((): { complaint: Complaint; created: boolean; totals?: RiskSubject[] } => {
        const existing = this.stmt('SELECT * FROM complaints WHERE filed_by = ? AND client_request_id = ?').get(
          c.filedBy,
          c.clientRequestId,
        ) as Row | undefined
        if (existing) return { complaint: complaintFromRow(existing), created: false }
        if (quota) {
          const taken = this.takeSlotsIn([quota], c.createdAt)
          if (!taken.ok) throw new QuotaFull(taken.key, taken.retryAt)
        }
        const seq = this.stmt(
          `INSERT INTO case_seq (area_code, year, last) VALUES (?, ?, 1)
           ON CONFLICT (area_code, year) DO UPDATE SET last = last + 1 RETURNING last`,
        ).get(c.areaCode, caseYear) as { last: number }
        const full: Complaint = merged(c, { caseNo: formatCaseNo(c.areaCode, caseYear, seq.last), version: 1, updatedAt: c.createdAt })
        // The totals first: with them the case is stored at its level (no update of the row after).
        const totals = this.applyTotals(totalsDeltas(null, full), c.createdAt)
        if (riskLevelOf && totals.length) full.riskLevel = riskLevelOf(totals)
        this.stmt(COMPLAINT_INSERT).run(...COMPLAINT_FIELDS.map((f) => toDb(f, (full as unknown as Row)[f])))
        const member = this.stmt(
          'INSERT INTO case_members (complaint_id, idx, claim_code, owner_openid, claimed_at) VALUES (?, ?, ?, NULL, NULL)',
        )
        memberCodes.forEach((code, idx) => member.run(full.id, idx, code))
        const filed = this.stmt(
          'INSERT INTO filed_counts (subject, period, n) VALUES (?, ?, 1) ON CONFLICT (subject, period) DO UPDATE SET n = n + 1',
        )
        for (const subject of subjectsOf(full)) filed.run(subject, filedPeriod(subject, Date.parse(full.createdAt)).period)
        this.insertEvents(full.id, events)
        if (events.length) this.insertMessages(full.id, messages(full), events[0].at)
        return { complaint: full, created: true, totals }
      })
      .immediate()
  }

  /** Append events (inside the caller's transaction). */
  private insertEvents(complaintId: string, events: NewEvent[]): void {
    const ins = this.stmt(
      `INSERT INTO events (complaint_id, at, type, actor_openid, actor_dept_id, note, visible_to_worker, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const e of events) {
      ins.run(
        complaintId,
        e.at,
        e.type,
        e.actorOpenid,
        e.actorDeptId,
        e.note,
        e.visibleToWorker ? 1 : 0,
        e.data ? JSON.stringify(e.data) : null,
      )
    }
  }

  /** Write messages to the outbox, due at `at` (inside the caller's transaction: the transactional outbox). */
  private insertMessages(complaintId: string | null, messages: readonly NewMessage[], at: string, sent = false): void {
    const out = this.stmt(
      `INSERT INTO outbox (complaint_id, channel, recipient, template, title, body, params, status, attempts, next_at, created_at, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const m of messages) {
      out.run(
        complaintId,
        m.channel,
        m.recipient,
        m.template,
        m.title,
        m.body,
        m.params ? JSON.stringify(m.params) : null,
        sent ? 'sent' : 'pending',
        sent ? 1 : 0,
        at,
        at,
        sent ? at : null,
      )
    }
  }

  async countFiledSince(filedBy: string, since: string): Promise<number> {
    return (this.stmt('SELECT COUNT(*) AS n FROM complaints WHERE filed_by = ? AND created_at >= ?').get(filedBy, since) as Row).n
  }

  async countSiteSince(siteCode: string, since: string, threshold?: number): Promise<number> {
    return this.filedSince(
      `site:${siteCode}`,
      since,
      'SELECT COUNT(*) AS n FROM complaints INDEXED BY complaints_site_time',
      'site_code',
      siteCode,
      { below: threshold },
    )
  }

  /**
   * Complaints filed for `subject` at or after `since`: the periods after the one `since` falls in, from
   * filed_counts, plus the rows of that first period from `since` on, counted along the index `from`.
   * `bound.below`: a count under it may be answered with any number under it; `bound.atLeast`: a count
   * may stop once it has that many (see the port's countSiteSince and countEmployerSince).
   */
  private filedSince(
    subject: string,
    since: string,
    from: string,
    column: string,
    value: string,
    bound: { below?: number; atLeast?: number } = {},
  ): number {
    const ms = Date.parse(since)
    if (Number.isNaN(ms)) throw new Error(`filedSince: not an instant: ${since}`)
    const { period, endMs } = filedPeriod(subject, ms)
    if (bound.below !== undefined) {
      // The whole first period counted too: more than the answer, and answer enough while under the bound.
      const upper = this.stmt('SELECT COALESCE(SUM(n), 0) AS n FROM filed_counts WHERE subject = ? AND period >= ?').get(
        subject,
        period,
      ) as Row
      if (upper.n < bound.below) return upper.n
    }
    const later = this.stmt('SELECT COALESCE(SUM(n), 0) AS n FROM filed_counts WHERE subject = ? AND period > ?').get(
      subject,
      period,
    ) as Row
    // Enough already: the rows of the first period need no counting.
    if (bound.atLeast !== undefined && later.n >= bound.atLeast) return later.n
    const first = this.stmt(`${from} WHERE ${column} = ? AND created_at >= ? AND created_at < ?`).get(
      value,
      since,
      new Date(endMs).toISOString(),
    ) as Row
    return later.n + first.n
  }

  async getComplaint(id: string): Promise<Complaint | null> {
    const r = this.stmt('SELECT * FROM complaints WHERE id = ?').get(id) as Row | undefined
    return r ? complaintFromRow(r) : null
  }

  async getComplaintByCaseNo(caseNo: string): Promise<Complaint | null> {
    const r = this.stmt('SELECT * FROM complaints WHERE case_no = ?').get(caseNo) as Row | undefined
    return r ? complaintFromRow(r) : null
  }

  async listByOwner(openid: string, limit: number): Promise<Complaint[]> {
    // Owned, or claimed as a member (member 0 is both: UNION keeps one row).
    return (
      this.stmt(
        `SELECT * FROM complaints WHERE owner_openid = ?
         UNION SELECT c.* FROM case_members m JOIN complaints c ON c.id = m.complaint_id WHERE m.owner_openid = ?
         ORDER BY created_at DESC LIMIT ?`,
      ).all(openid, openid, limit) as Row[]
    ).map(complaintFromRow)
  }

  async listMembers(complaintId: string): Promise<Member[]> {
    return (this.stmt('SELECT * FROM case_members WHERE complaint_id = ? ORDER BY idx').all(complaintId) as Row[]).map((r) => ({
      complaintId: r.complaint_id,
      idx: r.idx,
      claimCode: r.claim_code,
      ownerOpenid: r.owner_openid,
      claimedAt: r.claimed_at,
    }))
  }

  async claimMember(
    complaintId: string,
    idx: number,
    openid: string,
    at: string,
    events: NewEvent[],
    messages: NewMessage[] = [],
  ): Promise<ClaimResult> {
    return this.db
      .transaction((): ClaimResult => {
        const res = this.stmt(
          'UPDATE case_members SET owner_openid = ?, claimed_at = ? WHERE complaint_id = ? AND idx = ? AND owner_openid IS NULL',
        ).run(openid, at, complaintId, idx)
        if (res.changes !== 1) {
          const r = this.stmt('SELECT owner_openid FROM case_members WHERE complaint_id = ? AND idx = ?').get(complaintId, idx) as
            Row | undefined
          return !r ? 'missing' : r.owner_openid === openid ? 'already' : 'taken'
        }
        if (idx === 0) this.stmt('UPDATE complaints SET owner_openid = ? WHERE id = ? AND owner_openid IS NULL').run(openid, complaintId)
        this.insertEvents(complaintId, events)
        if (events.length) this.insertMessages(complaintId, messages, events[0].at)
        return 'claimed'
      })
      .immediate()
  }

  async reissueClaimCodes(
    complaintId: string,
    codes: { idx: number; claimCode: string }[],
    at: string,
    events: NewEvent[],
    messages: NewMessage[] = [],
  ): Promise<number[] | 'missing'> {
    return this.db
      .transaction((): number[] | 'missing' => {
        const c = this.stmt('SELECT case_no, owner_openid FROM complaints WHERE id = ?').get(complaintId) as Row | undefined
        if (!c) return 'missing'
        const changed: number[] = []
        for (const { idx, claimCode } of codes) {
          const m = this.stmt('SELECT owner_openid FROM case_members WHERE complaint_id = ? AND idx = ?').get(complaintId, idx) as
            Row | undefined
          if (m ? m.owner_openid !== null : idx === 0 && c.owner_openid !== null) continue
          this.stmt(
            `INSERT INTO case_members (complaint_id, idx, claim_code, owner_openid, claimed_at) VALUES (?, ?, ?, NULL, NULL)
             ON CONFLICT (complaint_id, idx) DO UPDATE SET claim_code = excluded.claim_code`,
          ).run(complaintId, idx, claimCode)
          if (idx === 0) this.stmt('UPDATE complaints SET claim_code = ? WHERE id = ?').run(claimCode, complaintId)
          changed.push(idx)
        }
        if (!changed.length) return changed
        // The claim is open again: the case number's tries start from nothing.
        this.stmt('DELETE FROM claim_tries WHERE case_no = ?').run(c.case_no)
        this.insertEvents(complaintId, events)
        if (events.length) this.insertMessages(complaintId, messages, events[0].at)
        return changed
      })
      .immediate()
  }

  async updateComplaint(
    id: string,
    expectedVersion: number,
    patch: ComplaintPatch,
    events: NewEvent[],
    at: string,
    messages: NewMessage[] = [],
  ): Promise<Complaint | 'conflict'> {
    return this.db
      .transaction(() => {
        const fields = Object.keys(patch) as (keyof ComplaintPatch)[]
        // The risk totals change only when the write touches what they count (status, handler, flags).
        const counted = fields.some((f) => f === 'status' || f === 'handlerDeptId' || f === 'flags')
        const before = counted ? (this.stmt('SELECT * FROM complaints WHERE id = ?').get(id) as Row | undefined) : undefined
        const sets = [...fields.map((f) => `${COLUMN[f]} = ?`), 'updated_at = ?', 'version = version + 1', 'queue_rev = queue_rev + 1']
        const res = this.db
          .prepare(`UPDATE complaints SET ${sets.join(', ')} WHERE id = ? AND version = ?`)
          .run(...fields.map((f) => toDb(f, patch[f])), at, id, expectedVersion)
        if (res.changes !== 1) return 'conflict' as const
        const updated = complaintFromRow(this.stmt('SELECT * FROM complaints WHERE id = ?').get(id) as Row)
        if (before) this.applyTotals(totalsDeltas(complaintFromRow(before), updated), at)
        this.insertEvents(id, events)
        if (events.length) this.insertMessages(id, messages, events[0].at)
        return updated
      })
      .immediate()
  }

  async changeComplaint(id: string, at: string, decide: (current: Complaint | null) => Promise<ComplaintChange>): Promise<Complaint> {
    // better-sqlite3's transactions cannot wait for `decide`: the change is written only while the
    // complaint is still at the version it was decided on, else decided again on a fresh read (on the
    // local server calls run one at a time, so that never happens there).
    for (let attempt = 1; ; attempt++) {
      const current = await this.getComplaint(id)
      const change = await decide(current)
      if (!current) throw new Error(`changeComplaint: a change of a complaint that does not exist (${id})`)
      const r = await this.updateComplaint(id, current.version, change.patch, change.events, at, change.messages)
      if (r !== 'conflict') return r
      if (attempt >= 10) throw new Error(`changeComplaint: ${id} kept changing under ${attempt} attempts`)
    }
  }

  async appendEvents(id: string, events: NewEvent[], messages: NewMessage[] = []): Promise<void> {
    // Messages are sent by events: none without them.
    if (events.length === 0) return
    this.db
      .transaction(() => {
        if (!this.stmt('SELECT 1 FROM complaints WHERE id = ?').get(id)) return
        this.insertEvents(id, events)
        this.insertMessages(id, messages, events[0].at)
      })
      .immediate()
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    return (this.stmt('SELECT * FROM events WHERE complaint_id = ? ORDER BY id').all(id) as Row[]).map(eventFromRow)
  }

  async eventsOf(complaintIds: readonly string[], types: readonly string[]): Promise<TimelineEvent[]> {
    if (complaintIds.length === 0 || types.length === 0) return []
    if (complaintIds.length > 500) throw new Error('eventsOf: at most 500 complaints a call')
    const marks = (n: number) => Array(n).fill('?').join(',')
    const sql = `SELECT * FROM events WHERE complaint_id IN (${marks(complaintIds.length)}) AND type IN (${marks(types.length)}) ORDER BY complaint_id, id`
    return (this.db.prepare(sql).all(...complaintIds, ...types) as Row[]).map(eventFromRow)
  }

  /** The statements `queue` runs for `q` (sqliteQueue.ts); the queue plan test explains these very ones. */
  queueStatements(q: QueueQuery, columns = QUEUE_KEYS): QueueStatement[] {
    return queueStatements(
      q,
      (prefix) =>
        (
          this.stmt('SELECT area_code FROM complaint_areas WHERE area_code >= ? AND area_code < ?').all(prefix, prefix + '\uffff') as Row[]
        ).map((r) => r.area_code as string),
      columns,
    )
  }

  /** Drop the queue rows kept (the bench measures pages read cold with it). */
  forgetQueueRows(): void {
    this.queueRows.clear()
  }

  /** The statement `queue` reads a row it does not keep with (the queue plan test explains it too). */
  readonly queueRowStatement = QUEUE_ROW_BY_ID

  async queue(q: QueueQuery): Promise<QueueRow[]> {
    // A connection that writes keeps no rows: a revision it read inside a transaction that was then rolled
    // back can come again with other values. A read-only one sees committed states only, in order, and
    // there a revision names one state of a row.
    if (!this.db.readonly) return this.queuePage(q, QUEUE_SELECT, queueRowFromValues)
    // Both statements in one read (a page's keys and the rows they name from the same committed state).
    if (this.db.inTransaction) return this.queueRead(q)
    this.queueReadInTransaction ??= this.db.transaction((query: QueueQuery) => this.queueRead(query))
    return this.queueReadInTransaction.deferred(q)
  }

  private queueReadInTransaction: Database.Transaction<(q: QueueQuery) => QueueRow[]> | null = null

  /**
   * One page of `q` with the select list `columns`, each row made by `row`: its statements (more than one
   * for a large area) merged in the queue's order. Rows as arrays (raw statements): a page is read for its
   * values, never by column name.
   */
  private queuePage<V, T extends { createdAt: string; id: string }>(q: QueueQuery, columns: string, row: (v: V) => T): T[] {
    const parts = this.queueStatements(q, columns).map((s) => (this.rawStmt(s.sql).all(...s.args) as V[]).map(row))
    return parts.length ? mergeQueueRows(parts, q.view === 'all', q.limit) : []
  }

  /**
   * A queue page on a read-only connection: its keys first (id, created_at, queue_rev: along the same
   * index, a short row each), then the rows as kept from an earlier page where the revision is the same.
   * Making the JavaScript values of a row's 19 columns is most of a page's reading (better-sqlite3, about
   * 0.1 µs a value, 2–4 µs a row); a case changes a few times in weeks, and queues are read again and
   * again. A few rows not kept (or kept at an older revision) are read by id; more, and the page is read
   * whole.
   */
  private queueRead(q: QueueQuery): QueueRow[] {
    const keys = this.queuePage(q, QUEUE_KEYS, keyOf)
    const rows: (QueueRow | undefined)[] = []
    let missing = 0
    for (const k of keys) {
      const kept = this.queueRows.get(k.id)
      const row = kept && kept.rev === k.rev ? kept.row : undefined
      if (!row) missing++
      rows.push(row)
    }
    if (missing === 0) return rows as QueueRow[]
    if (this.queueRows.size + missing > QUEUE_ROWS_KEPT) this.queueRows.clear()
    const keep = (v: unknown[]) => {
      const row = queueRowFromValues(v)
      this.queueRows.set(row.id, { rev: v[QUEUE_COLUMNS.length] as number, row })
      return row
    }
    if (missing > QUEUE_ROWS_BY_ID) return this.queuePage(q, QUEUE_SELECT_REV, keep)
    const byId = this.rawStmt(QUEUE_ROW_BY_ID)
    const out: QueueRow[] = []
    keys.forEach((k, i) => {
      const v = rows[i] ? undefined : (byId.get(k.id) as unknown[] | undefined)
      const row = rows[i] ?? (v && keep(v))
      if (row) out.push(row)
    })
    return out
  }

  /** Complaints of one statement (a fixed SQL text with `?` parameters), as the port's type. */
  private complaintsWhere(sql: string, ...params: unknown[]): Complaint[] {
    return (this.stmt(sql).all(...params) as Row[]).map(complaintFromRow)
  }

  async dueForCards(now: string, limit: number): Promise<Complaint[]> {
    return this.complaintsWhere(
      `SELECT * FROM complaints WHERE status IN ${HANDLING} AND resolve_due_at < ? AND card != 'red' ORDER BY resolve_due_at LIMIT ?`,
      now,
      limit,
    )
  }

  async dueForSupervision(now: string, limit: number): Promise<Complaint[]> {
    return this.complaintsWhere(
      `SELECT * FROM complaints WHERE supervise_due_at IS NOT NULL AND supervise_due_at < ? ORDER BY supervise_due_at LIMIT ?`,
      now,
      limit,
    )
  }

  async dueForFollowUp(now: string, limit: number): Promise<Complaint[]> {
    return this.complaintsWhere(
      `SELECT * FROM complaints WHERE follow_up_due_at IS NOT NULL AND follow_up_due_at < ? ORDER BY follow_up_due_at LIMIT ?`,
      now,
      limit,
    )
  }

  async dueForAutoClose(before: string, limit: number): Promise<Complaint[]> {
    return (
      this.stmt(`SELECT * FROM complaints WHERE status = 'resolved' AND resolved_at <= ? ORDER BY resolved_at LIMIT ?`).all(
        before,
        limit,
      ) as Row[]
    ).map(complaintFromRow)
  }

  async deadlinesAfter(endsAt: string, areaPrefix: string, limit: number): Promise<Complaint[]> {
    return (
      this.stmt(
        `SELECT * FROM complaints WHERE ((status IN ${HANDLING} AND resolve_due_at > ?) OR (status IN ${TO_ACCEPT} AND accept_due_at > ?))
         AND area_code >= ? AND area_code < ? LIMIT ?`,
      ).all(endsAt, endsAt, areaPrefix, areaPrefix + '\uffff', limit) as Row[]
    ).map(complaintFromRow)
  }

  async dueForAcceptEscalation(now: string, limit: number): Promise<Complaint[]> {
    return this.complaintsWhere(
      `SELECT * FROM complaints WHERE status IN ${TO_ACCEPT} AND accept_due_at < ? AND accept_escalated_at IS NULL ORDER BY accept_due_at LIMIT ?`,
      now,
      limit,
    )
  }

  async missingAcceptDeadline(limit: number): Promise<Complaint[]> {
    return (this.stmt(`SELECT * FROM complaints WHERE status = 'routed' AND accept_due_at IS NULL LIMIT ?`).all(limit) as Row[]).map(
      complaintFromRow,
    )
  }

  async openOf(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<Complaint[]> {
    const open = OPEN_ALL
    const rows =
      'siteCode' in subject
        ? // Newest first along the time index, skipping closed ones, stops after `limit`: never sorts a
          // site's whole history (the planner would otherwise pick the status index and sort).
          this.stmt(
            `SELECT * FROM complaints INDEXED BY complaints_site_time WHERE site_code = ? AND status IN ${open} ORDER BY created_at DESC LIMIT ?`,
          ).all(subject.siteCode, limit)
        : this.stmt(
            `SELECT * FROM complaints INDEXED BY complaints_employer_time WHERE employer_key = ? AND status IN ${open} ORDER BY created_at DESC LIMIT ?`,
          ).all(subject.employerKey, limit)
    return (rows as Row[]).map(complaintFromRow)
  }

  async riskMembers(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<RiskMember[]> {
    const cols = `id, worker_count, owed_since, boss_unreachable, risk_level, site_code, employer_key, flags`
    const rows =
      'siteCode' in subject
        ? this.stmt(
            `SELECT ${cols} FROM complaints INDEXED BY complaints_site_time WHERE site_code = ? AND status IN ${OPEN_ALL} ORDER BY created_at DESC LIMIT ?`,
          ).all(subject.siteCode, limit)
        : this.stmt(
            `SELECT ${cols} FROM complaints INDEXED BY complaints_employer_time WHERE employer_key = ? AND status IN ${OPEN_ALL} ORDER BY created_at DESC LIMIT ?`,
          ).all(subject.employerKey, limit)
    return (rows as Row[]).map((r) => ({
      id: r.id,
      workerCount: r.worker_count,
      owedSince: r.owed_since,
      bossUnreachable: r.boss_unreachable === 1,
      riskLevel: r.risk_level,
      siteCode: r.site_code,
      employerKey: r.employer_key,
      flags: r.flags ? JSON.parse(r.flags) : [],
    }))
  }

  async countEmployerSince(employerKey: string, since: string, atLeast?: number): Promise<number> {
    if (!employerKey) return 0
    return this.filedSince(
      employerKey,
      since,
      'SELECT COUNT(*) AS n FROM complaints INDEXED BY complaints_employer_time',
      'employer_key',
      employerKey,
      { atLeast },
    )
  }

  async setRiskLevel(ids: string[], level: RiskLevel, event?: NewEvent): Promise<void> {
    const upd = this.stmt('UPDATE complaints SET risk_level = ?, queue_rev = queue_rev + 1 WHERE id = ? AND risk_level <> ?')
    this.db
      .transaction(() =>
        ids.forEach((id) => {
          if (upd.run(level, id, level).changes === 1 && event) this.insertEvents(id, [event])
        }),
      )
      .immediate()
  }

  /**
   * Add the deltas to the subjects' totals and to their register rows (inside the caller's transaction).
   * Returns the changed subjects' totals as they now are.
   */
  private applyTotals(deltas: TotalsDelta[], at: string): RiskSubject[] {
    if (!deltas.length) return []
    // Each row is added to in its own upsert, which answers the row as it now is (no read before it).
    const inSql = deltas.every((d) => Object.keys(d.delta.owedMonths).every((m) => PLAIN_MONTH.test(m)))
    const totals: RiskSubject[] = []
    for (const d of subjectDeltas(deltas)) {
      if (inSql) {
        const add = addedIn(d.delta)
        const r = this.stmt(SUBJECT_ADD(add.months)).get(
          d.subject,
          d.kind,
          d.name,
          d.areaCode,
          ...figureValues(addFigures(figuresFrom(null), d.delta)),
          at,
          ...add.args,
        ) as Row
        totals.push(riskSubjectFromRow(r))
        continue
      }
      const r = this.stmt('SELECT * FROM risk_subjects WHERE subject = ?').get(d.subject) as Row | undefined
      const f = addFigures(r ? figuresOfRow(r) : figuresFrom(null), d.delta)
      this.stmt(
        `INSERT INTO risk_subjects (subject, kind, name, area_code, open_count, workers, amount_owed_fen, boss_unreachable, flagged, owed_months, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subject) DO UPDATE SET name = excluded.name, open_count = excluded.open_count, workers = excluded.workers,
           amount_owed_fen = excluded.amount_owed_fen, boss_unreachable = excluded.boss_unreachable, flagged = excluded.flagged,
           owed_months = excluded.owed_months, updated_at = excluded.updated_at`,
      ).run(d.subject, d.kind, d.name, r ? r.area_code : d.areaCode, ...figureValues(f), at)
      totals.push(riskSubjectFromRow(this.stmt('SELECT * FROM risk_subjects WHERE subject = ?').get(d.subject) as Row))
    }
    const drop = this.stmt('DELETE FROM risk_rows WHERE subject = ? AND area_code = ? AND dept_id = ?')
    for (const d of deltas) {
      let f: RiskFigures
      if (inSql) {
        const add = addedIn(d.delta)
        const values = [
          d.subject,
          d.areaCode,
          d.deptId,
          d.kind,
          d.name,
          ...figureValues(addFigures(figuresFrom(null), d.delta)),
          at,
          ...add.args,
        ]
        if (d.delta.open > 0) {
          this.stmt(ROW_ADD_SILENT(add.months)).run(...values)
          continue
        }
        f = figuresOfRow(this.stmt(ROW_ADD(add.months)).get(...values) as Row)
      } else {
        const r = this.stmt('SELECT * FROM risk_rows WHERE subject = ? AND area_code = ? AND dept_id = ?').get(
          d.subject,
          d.areaCode,
          d.deptId,
        ) as Row | undefined
        f = addFigures(r ? figuresOfRow(r) : figuresFrom(null), d.delta)
        if (!isEmptyRow(f)) {
          this.stmt(
            `INSERT INTO risk_rows (subject, area_code, dept_id, kind, name, open_count, workers, amount_owed_fen, boss_unreachable, flagged, owed_months, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (subject, area_code, dept_id) DO UPDATE SET name = excluded.name, open_count = excluded.open_count,
               workers = excluded.workers, amount_owed_fen = excluded.amount_owed_fen, boss_unreachable = excluded.boss_unreachable,
               flagged = excluded.flagged, owed_months = excluded.owed_months, updated_at = excluded.updated_at`,
          ).run(d.subject, d.areaCode, d.deptId, d.kind, d.name, ...figureValues(f), at)
        }
      }
      // A row with no open case left goes: the register lists only what is open.
      if (isEmptyRow(f)) drop.run(d.subject, d.areaCode, d.deptId)
    }
    return totals
  }

  async riskSubjects(subjects: string[]): Promise<RiskSubject[]> {
    const get = this.stmt('SELECT * FROM risk_subjects WHERE subject = ?')
    return subjects.flatMap((x) => {
      const r = get.get(x) as Row | undefined
      return r ? [riskSubjectFromRow(r)] : []
    })
  }

  async setSubjectRisk(subject: string, risk: Pick<RiskSubject, 'level' | 'trigger' | 'reported'>, at: string): Promise<void> {
    this.stmt('UPDATE risk_subjects SET level = ?, trigger_note = ?, reported = ?, updated_at = ? WHERE subject = ?').run(
      risk.level,
      risk.trigger,
      JSON.stringify(risk.reported),
      at,
      subject,
    )
  }

  async riskRegister(scope: LedgerScope, level: RiskLevel | null, cursor: string | null, limit: number): Promise<RiskRegisterRow[]> {
    // The rows of the scope in subject order (an index range), a subject's rows summed; each row carries
    // its subject's level. Read a little more than a page so that the last subject is whole.
    const after = cursor ?? ''
    const cap = limit * 8 + 8
    const rows = (
      'deptId' in scope
        ? this.stmt(
            `SELECT r.*, s.level, s.trigger_note, s.area_code AS subject_area FROM risk_rows r JOIN risk_subjects s ON s.subject = r.subject
             WHERE r.dept_id = ? AND r.subject > ? AND (? IS NULL OR s.level = ?) ORDER BY r.subject LIMIT ?`,
          ).all(scope.deptId, after, level, level, cap)
        : this.stmt(
            `SELECT r.*, s.level, s.trigger_note, s.area_code AS subject_area FROM risk_rows r JOIN risk_subjects s ON s.subject = r.subject
             WHERE r.area_code >= ? AND r.area_code < ? AND r.subject > ? AND (? IS NULL OR s.level = ?) ORDER BY r.subject LIMIT ?`,
          ).all(scope.areaPrefix, scope.areaPrefix + '\uffff', after, level, level, cap)
    ) as Row[]
    const parts = rows.map((r) => ({ ...riskSubjectFromRow({ ...r, reported: '[]' }), areaCode: r.area_code }))
    return registerRows(parts, rows.length === cap, limit)
  }

  async insertAlert(a: Alert): Promise<boolean> {
    // Read before any write: a report that exists and adds nothing takes no write lock at all.
    const seen = this.stmt('SELECT * FROM alerts WHERE subject = ? AND trigger = ?').get(a.subject, a.trigger) as Row | undefined
    if (seen && !mergeAlert(alertRowParts(seen), a)) return false
    return this.db
      .transaction(() => {
        // Read before any write: a report that exists and adds nothing writes nothing.
        const r = this.stmt('SELECT * FROM alerts WHERE subject = ? AND trigger = ?').get(a.subject, a.trigger) as Row | undefined
        if (!r) {
          this.stmt(
            `INSERT INTO alerts (id, subject, trigger, area_code, note, complaint_ids, created_at, triggers, case_nos, raised)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            a.id,
            a.subject,
            a.trigger,
            a.areaCode,
            a.note,
            JSON.stringify(a.complaintIds),
            a.createdAt,
            JSON.stringify(a.triggers ?? [a.trigger]),
            JSON.stringify(a.caseNos ?? []),
            a.count ?? 1,
          )
          return true
        }
        const m = mergeAlert(alertRowParts(r), a)
        if (!m) return false
        this.stmt('UPDATE alerts SET triggers = ?, case_nos = ?, complaint_ids = ?, note = ?, raised = raised + 1 WHERE id = ?').run(
          JSON.stringify(m.triggers),
          JSON.stringify(m.caseNos),
          JSON.stringify(m.complaintIds),
          `${r.note}；${a.note}`.slice(0, 2000),
          r.id,
        )
        return true
      })
      .immediate()
  }

  async listAlerts(areaPrefix: string, limit: number, state?: AlertState): Promise<Alert[]> {
    const rows = state
      ? this.stmt('SELECT * FROM alerts WHERE area_code >= ? AND area_code < ? AND state = ? ORDER BY created_at DESC LIMIT ?').all(
          areaPrefix,
          areaPrefix + '\uffff',
          state,
          limit,
        )
      : this.stmt('SELECT * FROM alerts WHERE area_code >= ? AND area_code < ? ORDER BY created_at DESC LIMIT ?').all(
          areaPrefix,
          areaPrefix + '\uffff',
          limit,
        )
    return (rows as Row[]).map(alertFromRow)
  }

  async getAlert(id: string): Promise<Alert | null> {
    const r = this.stmt('SELECT * FROM alerts WHERE id = ?').get(id) as Row | undefined
    return r ? alertFromRow(r) : null
  }

  async ackAlert(id: string, ack: AlertAck): Promise<boolean> {
    return (
      this.stmt('UPDATE alerts SET state = ?, ack_note = ?, ack_by = ?, ack_at = ? WHERE id = ?').run(
        ack.state,
        ack.note,
        ack.by,
        ack.at,
        id,
      ).changes === 1
    )
  }

  // --- admin changes with their audit entry ------------------------------------------------------

  async adminChange(change: AdminChange, audit: AuditEntry): Promise<'ok' | 'duplicate' | 'missing'> {
    return this.db
      .transaction((): 'ok' | 'duplicate' | 'missing' => {
        const result = this.applyAdminChange(change)
        if (result !== 'ok') return result
        this.stmt(
          `INSERT INTO admin_audit (id, at, actor_openid, actor_dept_id, area_code, action, entity, entity_id, before, after)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          audit.id,
          audit.at,
          audit.actorOpenid,
          audit.actorDeptId,
          audit.areaCode,
          audit.action,
          audit.entity,
          audit.entityId,
          audit.before === null || audit.before === undefined ? null : JSON.stringify(audit.before),
          audit.after === null || audit.after === undefined ? null : JSON.stringify(audit.after),
        )
        return 'ok'
      })
      .immediate()
  }

  /** One admin write inside the caller's transaction. */
  private applyAdminChange(change: AdminChange): 'ok' | 'duplicate' | 'missing' {
    switch (change.kind) {
      case 'dept': {
        const d = change.dept
        this.stmt(
          `INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, area_code = excluded.area_code,
             parent_id = excluded.parent_id, active = excluded.active, phone = excluded.phone`,
        ).run(d.id, d.name, d.kind, d.areaCode, d.parentId, d.active ? 1 : 0, d.createdAt, d.phone ?? '')
        return 'ok'
      }
      case 'rule': {
        const r = change.rule
        const other = this.stmt('SELECT id FROM rules WHERE area_prefix = ? AND industry = ? AND id <> ?').get(
          r.areaPrefix,
          r.industry,
          r.id,
        )
        if (other) return 'duplicate'
        this.stmt(
          `INSERT INTO rules (id, area_prefix, industry, dept_id, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET area_prefix = excluded.area_prefix, industry = excluded.industry, dept_id = excluded.dept_id`,
        ).run(r.id, r.areaPrefix, r.industry, r.deptId, r.createdAt)
        return 'ok'
      }
      case 'ruleDelete':
        return this.stmt('DELETE FROM rules WHERE id = ?').run(change.id).changes === 1 ? 'ok' : 'missing'
      case 'site':
        this.upsertSite(change.site)
        return 'ok'
      case 'sites':
        for (const s of change.sites) this.upsertSite(s)
        return 'ok'
      case 'template': {
        const t = change.template
        this.stmt(
          `INSERT INTO templates (id, action, title, text, area_code, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET action = excluded.action, title = excluded.title, text = excluded.text,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        ).run(t.id, t.action, t.title, t.text, t.areaCode, t.updatedBy, t.updatedAt)
        return 'ok'
      }
      case 'templateDelete':
        return this.stmt('DELETE FROM templates WHERE id = ?').run(change.id).changes === 1 ? 'ok' : 'missing'
      case 'config':
        for (const w of change.writes) {
          this.stmt(
            `INSERT INTO area_config (area_code, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (area_code) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          ).run(w.areaCode, JSON.stringify(w.value), change.at)
        }
        return 'ok'
      case 'apiKey': {
        const k = change.key
        this.stmt(
          `INSERT INTO api_keys (id, name, hash, dept_id, area_code, per_minute, created_by, created_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(k.id, k.name, k.hash, k.deptId, k.areaCode, k.perMinute, k.createdBy, k.createdAt, k.revokedAt)
        return 'ok'
      }
      case 'apiKeyRevoke':
        return this.stmt('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(change.at, change.id).changes === 1
          ? 'ok'
          : 'missing'
    }
  }

  /** Insert or update a site by code (keeping its creation time), inside the caller's transaction. */
  private upsertSite(s: Site): void {
    this.stmt(
      `${SITE_INSERT}
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, address = excluded.address, area_code = excluded.area_code,
         industry = excluded.industry, funding = excluded.funding, contractor_name = excluded.contractor_name,
         contractor_uscc = excluded.contractor_uscc, supervising_dept_id = excluded.supervising_dept_id,
         issuer_dept_id = excluded.issuer_dept_id, retired = excluded.retired`,
    ).run(...siteValues(s))
  }

  async listAudit(areaPrefix: string, cursor: AuditCursor | null, limit: number): Promise<AuditEntry[]> {
    const hi = areaPrefix + '\uffff'
    const rows = cursor
      ? this.stmt(
          `SELECT * FROM admin_audit WHERE area_code >= ? AND area_code < ? AND (at < ? OR (at = ? AND id < ?))
           ORDER BY at DESC, id DESC LIMIT ?`,
        ).all(areaPrefix, hi, cursor.at, cursor.at, cursor.id, limit)
      : this.stmt('SELECT * FROM admin_audit WHERE area_code >= ? AND area_code < ? ORDER BY at DESC, id DESC LIMIT ?').all(
          areaPrefix,
          hi,
          limit,
        )
    return (rows as Row[]).map((r) => ({
      id: r.id,
      at: r.at,
      actorOpenid: r.actor_openid,
      actorDeptId: r.actor_dept_id,
      areaCode: r.area_code,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    }))
  }

  async stats(areaPrefix: string): Promise<StatsRow[]> {
    return this.stmt(
      `SELECT status, channel, card, risk_level AS riskLevel, industry, area_code AS areaCode, COUNT(*) AS count,
        SUM(CASE WHEN accepted_at IS NOT NULL AND accepted_at <= accept_due_at THEN 1 ELSE 0 END) AS acceptedOnTime,
        SUM(CASE WHEN closed_at IS NOT NULL AND resolved_at IS NOT NULL AND resolved_at <= resolve_due_at THEN 1 ELSE 0 END) AS closedOnTime,
        SUM(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END) AS closedCount,
        SUM(CASE WHEN closed_at IS NOT NULL THEN julianday(closed_at) - julianday(created_at) ELSE 0 END) AS daysToCloseSum,
        SUM(COALESCE(rating, 0)) AS ratingSum, SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END) AS ratingCount
       FROM complaints WHERE area_code >= ? AND area_code < ?
       GROUP BY status, channel, card, risk_level, industry, area_code`,
    ).all(areaPrefix, areaPrefix + '\uffff') as StatsRow[]
  }

  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]> {
    return this.db
      .transaction(() => {
        const rows = this.stmt(
          `SELECT * FROM outbox WHERE status = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_at LIMIT ?`,
        ).all(now, now, limit) as Row[]
        const lease = this.stmt('UPDATE outbox SET lease_until = ? WHERE id = ?')
        rows.forEach((r) => lease.run(leaseUntil, r.id))
        return rows.map(outboxFromRow)
      })
      .immediate()
  }

  async finishOutbox(
    id: OutboxMessage['id'],
    result: { ok: true; at: string } | { ok: false; error: string; nextAt: string | null },
  ): Promise<void> {
    if (result.ok)
      this.stmt(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL WHERE id = ?`).run(
        result.at,
        id,
      )
    else
      this.stmt(
        `UPDATE outbox SET status = ?, next_at = COALESCE(?, next_at), attempts = attempts + 1, last_error = ?, lease_until = NULL WHERE id = ?`,
      ).run(result.nextAt ? 'pending' : 'failed', result.nextAt, result.error.slice(0, 500), id)
  }

  async listOutbox(limit: number): Promise<OutboxMessage[]> {
    return (this.stmt('SELECT * FROM outbox ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(outboxFromRow)
  }

  async recordSent(m: NewMessage, complaintId: string | null, at: string): Promise<void> {
    this.insertMessages(complaintId, [m], at, true)
  }

  async countSmsSentSince(phone: string, since: string): Promise<number> {
    // The phone's SMS rows (outbox_sms_recipient: a handful a day), those of cases sent since `since`.
    return (
      this.stmt(
        `SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND recipient = ? AND status = 'sent' AND sent_at >= ? AND complaint_id IS NOT NULL`,
      ).get(phone, since) as Row
    ).n
  }

  async addConsents(openid: string, templateIds: string[], at: string): Promise<void> {
    const add = this.stmt(
      `INSERT INTO consents (openid, template_id, credits, updated_at) VALUES (?, ?, 1, ?)
       ON CONFLICT (openid, template_id) DO UPDATE SET credits = credits + 1, updated_at = excluded.updated_at`,
    )
    this.db.transaction(() => templateIds.forEach((t) => add.run(openid, t, at))).immediate()
  }

  async takeConsent(openid: string, templateId: string, at: string): Promise<boolean> {
    const r = this.stmt(
      'UPDATE consents SET credits = credits - 1, updated_at = ? WHERE openid = ? AND template_id = ? AND credits > 0',
    ).run(at, openid, templateId)
    return r.changes === 1
  }

  async usersOfDept(deptId: string): Promise<User[]> {
    return (this.stmt('SELECT * FROM users WHERE dept_id = ?').all(deptId) as Row[]).map(userFromRow)
  }

  async coordinatorsCovering(areaCode: string): Promise<User[]> {
    const rows = this.stmt(
      `SELECT u.*, d.area_code AS dept_area FROM users u JOIN depts d ON d.id = u.dept_id WHERE u.role = 'coordinator' AND d.active = 1`,
    ).all() as Row[]
    return rows.filter((r) => areaContains(r.dept_area, areaCode)).map(userFromRow)
  }

  async listSites(areaPrefix: string, limit: number): Promise<Site[]> {
    return (
      this.stmt('SELECT * FROM sites WHERE area_code >= ? AND area_code < ? ORDER BY created_at DESC LIMIT ?').all(
        areaPrefix,
        areaPrefix + '\uffff',
        limit,
      ) as Row[]
    ).map(siteFromRow)
  }

  async putSites(sites: Site[]): Promise<{ created: number; updated: number }> {
    return this.db
      .transaction(() => {
        let created = 0
        let updated = 0
        const exists = this.stmt('SELECT 1 FROM sites WHERE code = ?')
        for (const s of sites) {
          if (exists.get(s.code)) updated++
          else created++
          this.upsertSite(s)
        }
        return { created, updated }
      })
      .immediate()
  }

  async listInvites(deptIds: string[], limit: number): Promise<Invite[]> {
    if (deptIds.length === 0) return []
    return (
      this.db
        .prepare(`SELECT * FROM invites WHERE dept_id IN (${deptIds.map(() => '?').join(',')}) ORDER BY created_at DESC LIMIT ?`)
        .all(...deptIds, limit) as Row[]
    ).map(inviteFromRow)
  }

  async revokeInvite(code: string): Promise<boolean> {
    return this.stmt('UPDATE invites SET revoked = 1 WHERE code = ? AND used_by IS NULL AND revoked = 0').run(code).changes === 1
  }

  // --- API keys of outside systems (Open311) ---------------------------------------------------------

  async createApiKey(k: ApiKey): Promise<void> {
    this.stmt(
      `INSERT INTO api_keys (id, name, hash, dept_id, area_code, per_minute, created_by, created_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(k.id, k.name, k.hash, k.deptId, k.areaCode, k.perMinute, k.createdBy, k.createdAt, k.revokedAt)
  }

  async apiKeyByHash(hash: string): Promise<ApiKey | null> {
    const r = this.stmt('SELECT * FROM api_keys WHERE hash = ?').get(hash) as Row | undefined
    return r ? apiKeyFromRow(r) : null
  }

  async listApiKeys(areaPrefix: string, limit: number): Promise<ApiKey[]> {
    return (
      this.stmt('SELECT * FROM api_keys WHERE area_code >= ? AND area_code < ? ORDER BY created_at DESC, id DESC LIMIT ?').all(
        areaPrefix,
        areaPrefix + '\uffff',
        limit,
      ) as Row[]
    ).map(apiKeyFromRow)
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.stmt('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1
  }

  async listTemplates(): Promise<ReplyTemplate[]> {
    return (this.stmt('SELECT * FROM templates ORDER BY action, title').all() as Row[]).map((r) => ({
      id: r.id,
      action: r.action,
      title: r.title,
      text: r.text,
      areaCode: r.area_code,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
    }))
  }

  async putTemplate(t: ReplyTemplate): Promise<void> {
    this.stmt(
      `INSERT INTO templates (id, action, title, text, area_code, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET action = excluded.action, title = excluded.title, text = excluded.text,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run(t.id, t.action, t.title, t.text, t.areaCode, t.updatedBy, t.updatedAt)
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return this.stmt('DELETE FROM templates WHERE id = ?').run(id).changes === 1
  }

  async ledger(scope: { areaPrefix: string } | { deptId: string }, limit: number): Promise<LedgerRow[]> {
    const rows = (
      'areaPrefix' in scope
        ? this.stmt('SELECT * FROM complaints WHERE area_code >= ? AND area_code < ? ORDER BY created_at LIMIT ?').all(
            scope.areaPrefix,
            scope.areaPrefix + '\uffff',
            limit,
          )
        : this.stmt('SELECT * FROM complaints WHERE handler_dept_id = ? OR first_responder_dept_id = ? ORDER BY created_at LIMIT ?').all(
            scope.deptId,
            scope.deptId,
            limit,
          )
    ) as Row[]
    const last = this.stmt('SELECT at, type, note FROM events WHERE complaint_id = ? ORDER BY id DESC LIMIT 1')
    return rows.map((r) => {
      const e = last.get(r.id) as Row | undefined
      return { complaint: complaintFromRow(r), lastEvent: e ? { at: e.at, type: e.type, note: e.note } : null }
    })
  }

  async ledgerPage(scope: LedgerScope, cursor: LedgerCursor | null, limit: number): Promise<LedgerRow[]> {
    let rows: Row[]
    if ('areaPrefix' in scope) {
      // By area code, then time: one range of the area index from the cursor on, in its order (no sort).
      const end = scope.areaPrefix + '\uffff'
      rows = (
        cursor
          ? this.stmt(
              'SELECT * FROM complaints WHERE (area_code, created_at, id) > (?, ?, ?) AND area_code >= ? AND area_code < ? ORDER BY area_code, created_at, id LIMIT ?',
            ).all(cursor.areaCode, cursor.createdAt, cursor.id, scope.areaPrefix, end, limit)
          : this.stmt('SELECT * FROM complaints WHERE area_code >= ? AND area_code < ? ORDER BY area_code, created_at, id LIMIT ?').all(
              scope.areaPrefix,
              end,
              limit,
            )
      ) as Row[]
    } else {
      // Handled and first responded, each read in time order from its own index, merged.
      const after = cursor ? ' AND (created_at, id) > (?, ?)' : ''
      const keys = cursor ? [cursor.createdAt, cursor.id] : []
      const handled = this.stmt(`SELECT * FROM complaints WHERE handler_dept_id = ?${after} ORDER BY created_at, id LIMIT ?`).all(
        scope.deptId,
        ...keys,
        limit,
      ) as Row[]
      // The cases it handed on, from their own small index (never stepping over the ones it handles itself).
      const received = this.stmt(
        `SELECT * FROM complaints INDEXED BY complaints_q_handed WHERE first_responder_dept_id = ? AND handler_dept_id <> first_responder_dept_id${after} ORDER BY created_at, id LIMIT ?`,
      ).all(scope.deptId, ...keys, limit) as Row[]
      const key = (r: Row) => `${r.created_at}\u0000${r.id}`
      rows = [...handled, ...received].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).slice(0, limit)
    }
    const last = this.stmt('SELECT at, type, note FROM events WHERE complaint_id = ? ORDER BY id DESC LIMIT 1')
    return rows.map((r) => {
      const e = last.get(r.id) as Row | undefined
      return { complaint: complaintFromRow(r), lastEvent: e ? { at: e.at, type: e.type, note: e.note } : null }
    })
  }

  // --- uploads and exports ------------------------------------------------------------------------

  async putUpload(u: Upload): Promise<boolean> {
    this.stmt('INSERT OR IGNORE INTO uploads (file_id, uploader, created_at) VALUES (?, ?, ?)').run(u.fileId, u.uploader, u.createdAt)
    const r = this.stmt('SELECT uploader FROM uploads WHERE file_id = ?').get(u.fileId) as Row | undefined
    return r?.uploader === u.uploader
  }

  async getUploads(fileIds: string[]): Promise<Upload[]> {
    const get = this.stmt('SELECT file_id, uploader, created_at FROM uploads WHERE file_id = ?')
    const out: Upload[] = []
    for (const id of new Set(fileIds)) {
      const r = get.get(id) as Row | undefined
      if (r) out.push({ fileId: r.file_id, uploader: r.uploader, createdAt: r.created_at })
    }
    return out
  }

  async createExport(job: Omit<ExportJob, 'chunks' | 'version'>, chunks: Buffer[]): Promise<ExportJob> {
    const stored: ExportJob = { ...job, chunks: chunks.length, version: 1 }
    this.db
      .transaction(() => {
        this.stmt('INSERT INTO export_jobs (id, owner, job, expires_at, version) VALUES (?, ?, ?, ?, 1)').run(
          job.id,
          job.owner,
          JSON.stringify(stored),
          job.expiresAt,
        )
        const put = this.stmt('INSERT INTO export_chunks (job_id, n, data) VALUES (?, ?, ?)')
        chunks.forEach((c, n) => put.run(job.id, n, c))
      })
      .immediate()
    return stored
  }

  async getExport(id: string): Promise<ExportJob | null> {
    const r = this.stmt('SELECT job FROM export_jobs WHERE id = ?').get(id) as Row | undefined
    return r ? (JSON.parse(r.job) as ExportJob) : null
  }

  async advanceExport(id: string, expectedVersion: number, chunks: Buffer[], patch: ExportPatch): Promise<ExportJob | 'conflict'> {
    return this.db
      .transaction((): ExportJob | 'conflict' => {
        const r = this.stmt('SELECT job FROM export_jobs WHERE id = ? AND version = ?').get(id, expectedVersion) as Row | undefined
        if (!r) return 'conflict'
        const cur = JSON.parse(r.job) as ExportJob
        const put = this.stmt('INSERT INTO export_chunks (job_id, n, data) VALUES (?, ?, ?)')
        chunks.forEach((c, i) => put.run(id, cur.chunks + i, c))
        const next: ExportJob = { ...cur, ...patch, chunks: cur.chunks + chunks.length, version: cur.version + 1 }
        this.stmt('UPDATE export_jobs SET job = ?, version = ? WHERE id = ?').run(JSON.stringify(next), next.version, id)
        return next
      })
      .immediate()
  }

  async exportChunk(id: string, n: number): Promise<Buffer | null> {
    const r = this.stmt('SELECT data FROM export_chunks WHERE job_id = ? AND n = ?').get(id, n) as Row | undefined
    return r ? Buffer.from(r.data) : null
  }

  async purgeExports(before: string, limit: number): Promise<number> {
    return this.db
      .transaction(() => {
        const gone = this.stmt('SELECT id FROM export_jobs WHERE expires_at < ? ORDER BY expires_at LIMIT ?').all(before, limit) as Row[]
        for (const g of gone) {
          this.stmt('DELETE FROM export_chunks WHERE job_id = ?').run(g.id)
          this.stmt('DELETE FROM export_jobs WHERE id = ?').run(g.id)
        }
        return gone.length
      })
      .immediate()
  }

  async getAreaConfigs(areaCodes: readonly string[]): Promise<AreaConfig[]> {
    if (!areaCodes.length) return []
    const rows = this.db
      .prepare(
        `SELECT area_code, value, updated_at FROM area_config WHERE area_code IN (${areaCodes.map(() => '?').join(', ')}) ORDER BY area_code`,
      )
      .all(...areaCodes) as Row[]
    return rows.map(areaConfigFromRow)
  }

  async setAreaConfig(areaCode: string, value: unknown, at: string): Promise<void> {
    this.stmt(
      `INSERT INTO area_config (area_code, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (area_code) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(areaCode, JSON.stringify(value), at)
  }

  async listAreaConfigs(): Promise<AreaConfig[]> {
    return (this.stmt('SELECT area_code, value, updated_at FROM area_config ORDER BY area_code').all() as Row[]).map(areaConfigFromRow)
  }
}

const areaConfigFromRow = (r: Row): AreaConfig => ({
  areaCode: String(r.area_code),
  value: JSON.parse(String(r.value)),
  updatedAt: String(r.updated_at),
})
