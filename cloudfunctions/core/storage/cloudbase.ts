// The CloudBase adapter of the storage port, over the CloudBase document database (a DocDb: the real
// `app.database()` in production). Its semantics are the SQLite adapter's (the reference); the shared
// contract suite (test/contract) holds both to them.
//
// Design, because CloudBase transactions can only address documents by id:
// - every atomic unit reads and writes documents by id inside `runTransaction`:
//   complaints/<id> carries `version`, `eventCount` and the last event; events/<complaintId>:<seq>;
//   the messages a change sends ride in its first event's document (`outbox`, `outboxPending`: written
//   with it, no document more) until the sender moves them to outbox/<complaintId>:<seq>:<n>
//   (relayOutbox, before each claim); case_seq/<area>-<year> holds the last case number reserved (each
//   container takes a block of them); members/<complaintId>:<idx> holds a desk-filed worker's claim code
//   and the WeChat that claimed it; the complaints' unique (filedBy, clientRequestId) index makes
//   submission idempotent (requests/<sha256(filedBy, clientRequestId)> of older complaints is no longer
//   read); alerts/<sha256(subject, key)> merges the reports of a subject and day; risk_subjects/
//   <sha256(subject)> holds a site's or employer's running risk totals; consents/<sha256(openid,
//   template)> holds a user's one-time subscription credits, taken by one conditional update.
// - status changes read the complaint in the transaction, compare `version` and write version + 1;
//   two writers of one document conflict and the loser's transaction runs again, sees the new version
//   and answers 'conflict'. changeComplaint lets the caller decide the change (its access, the move)
//   on the copy the transaction read, so no read comes before it (an accept: the user, then start,
//   read, update, the event holding its messages, commit).
// - statistics are precomputed per complaint (stat* fields) whenever it is written, so the overview is
//   one aggregate ($match on the area, $group) instead of a scan.
// - every query filters on an indexed field; database/collections.json lists one index per query (the
//   in-memory test server refuses queries no index serves). Queries asking for more than 1000
//   documents (CloudBase's cap per get) page by key (order fields, then _id), never by skip.
import { statusesIn } from '../../../shared/statusMeta'
import { createHash, randomUUID } from 'node:crypto'
import type { RoutingRule } from '../../../shared/routing'
import { formatCaseNo } from '../../../shared/validators/caseNo'
import { areaContains } from '../../../shared/validators/areaCode'
import type {
  ApiKey,
  Alert,
  AlertAck,
  AlertState,
  AdminChange,
  AuditCursor,
  AuditEntry,
  AreaConfig,
  ClaimResult,
  Complaint,
  ExportJob,
  ExportPatch,
  LedgerCursor,
  LedgerScope,
  Upload,
  ComplaintChange,
  ComplaintPatch,
  Dept,
  Invite,
  LedgerRow,
  Member,
  NewComplaint,
  NewEvent,
  NewMessage,
  OutboxMessage,
  QueueQuery,
  ReplyTemplate,
  RiskMember,
  RiskRegisterRow,
  RiskSubject,
  Site,
  StatsRow,
  DeptPatch,
  Storage,
  TimelineEvent,
  User,
  SignInCode,
  CodeCheck,
  RateKey,
  RateResult,
} from '../ports'
import { rateRefusal } from './rateLimit'
import { QuotaFull, type ClaimTry } from '../ports'
import type { RiskLevel } from '../../../shared/types'
import { addFigures, figuresFrom, subjectDeltas, subjectsOf, totalsDeltas, type TotalsDelta } from '../riskTotals'
import { mergeAlert, shownTrigger } from './riskStore'
import { higherLevel, type RiskFigures } from '../../../shared/risk'
import { isConflict, one, type DocCommand, type DocData, type DocDb, type DocQuery, type DocTransaction } from './docDb'

/** Every collection the adapter uses (database/collections.json declares each, with its indexes). */
export const COLLECTIONS = [
  'users',
  'depts',
  'rules',
  'sites',
  'invites',
  'case_seq',
  'requests',
  'complaints',
  'events',
  'outbox',
  'alerts',
  'templates',
  'config',
  'consents',
  'members',
  'signin_codes',
  'rate_limits',
  'claim_tries',
  'uploads',
  'exports',
  'export_chunks',
  'api_keys',
  'admin_audit',
  'risk_subjects',
] as const
export type CollectionName = (typeof COLLECTIONS)[number]

/** CloudBase returns at most this many documents per get. */
export const PAGE = 1000
/** Ids per `in` query when updating or listing by many ids. */
const IN_CHUNK = 500
/**
 * Configuration documents: _id = the area code; the country level ('000000') keeps the id of the single
 * configuration document of before ('global'), which so became the country level without a migration.
 */
const COUNTRY_CONFIG_ID = 'global'
const configDocId = (areaCode: string) => (areaCode === '000000' ? COUNTRY_CONFIG_ID : areaCode)
const configArea = (docId: string) => (docId === COUNTRY_CONFIG_ID ? '000000' : docId)

const HANDLING = statusesIn('handling')
const WAITING = statusesIn('waiting')
const OPEN_ALL = statusesIn('waiting', 'handling', 'elsewhere')
/** A handler's open cases, referred ones included (they stay on the queue until the outcome is back). */
const MINE = statusesIn('handling', 'elsewhere')

/** Every field of a complaint (the record makes the compiler list a new field here too). */
const COMPLAINT_FIELDS: Record<keyof Complaint, true> = {
  id: true,
  caseNo: true,
  channel: true,
  siteCode: true,
  placement: true,
  projectName: true,
  projectAddress: true,
  employerName: true,
  employerUscc: true,
  employerKey: true,
  areaCode: true,
  industry: true,
  funding: true,
  ownerOpenid: true,
  clientRequestId: true,
  filedBy: true,
  complainant: true,
  complainants: true,
  workerCount: true,
  amountOwedFen: true,
  owedSince: true,
  description: true,
  photos: true,
  hideIdentity: true,
  bossUnreachable: true,
  status: true,
  firstResponderDeptId: true,
  handlerDeptId: true,
  acceptDueAt: true,
  resolveDueAt: true,
  complex: true,
  card: true,
  riskLevel: true,
  claimCode: true,
  amountRecoveredFen: true,
  rating: true,
  ratingComment: true,
  reopenCount: true,
  lastProgressAt: true,
  acceptEscalatedAt: true,
  acceptedAt: true,
  resolvedAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  externalRef: true,
  replyDueAt: true,
  assigneeOpenid: true,
  supervision: true,
  superviseDueAt: true,
  followUpDueAt: true,
  flags: true,
}
const COMPLAINT_KEYS = Object.keys(COMPLAINT_FIELDS) as (keyof Complaint)[]

type Order = [field: string, direction: 'asc' | 'desc']

const pad = (n: number, width: number) => String(n).padStart(width, '0')
const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
/** The hit times a rate limit's or a case number's tries document holds. */
const hitsOf = (d: DocData | null): string[] => (d && Array.isArray(d.hits) ? d.hits.map(String) : [])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The document id of one submission: the idempotency key (filedBy, clientRequestId). */
export const requestKey = (filedBy: string, clientRequestId: string) => sha('request', filedBy, clientRequestId)
/** The document id of one immediate report: once per subject and trigger. */
export const alertKey = (subject: string, trigger: string) => sha('alert', subject, trigger)
/** A subject's risk totals, with its register parts per area and handling department. */
export const riskSubjectKey = (subject: string) => sha('risk', subject)

/** One part of a subject's totals: its open cases of one area handled by one department. */
interface RiskPart extends RiskFigures {
  areaCode: string
  deptId: string
  name: string
}
export const eventKey = (complaintId: string, seq: number) => `${complaintId}:${pad(seq, 6)}`
/** The document id of one worker of a desk-filed case. */
export const memberKey = (complaintId: string, idx: number) => `${complaintId}:${pad(idx, 4)}`
/** The document id of a phone's sign-in code. */
export const signInCodeKey = (phone: string) => sha('signin', phone)
/** The document id of the tries at one case number's claim codes. */
export const claimTriesKey = (caseNo: string) => sha('claim', caseNo)
/** The document id of one user's credits for one subscription template. */
export const consentKey = (openid: string, templateId: string) => sha('consent', openid, templateId)
/** The document id of one uploaded photo (file ids hold characters a document id should not). */
export const uploadKey = (fileId: string) => sha('upload', fileId)
/** The document id of one chunk of an export's file. */
export const chunkKey = (jobId: string, n: number) => `${jobId}:${pad(n, 5)}`

/** An export job as a document: every field but the id, written whole (set), so objects stay objects. */
function exportDoc(j: ExportJob): DocData {
  const { id: _id, ...rest } = j
  return { ...rest }
}

function exportFromDoc(d: DocData): ExportJob {
  const { _id, ...rest } = d
  return { ...(rest as Omit<ExportJob, 'id'>), id: String(_id) }
}

function complaintFromDoc(d: DocData): Complaint {
  const c: Record<string, unknown> = {}
  for (const k of COMPLAINT_KEYS) c[k] = k === 'id' ? d._id : (d[k] ?? null)
  return c as unknown as Complaint
}

/** The overview's numbers of one complaint, kept on its document (see stats()). */
function statFields(c: Complaint): DocData {
  const closed = c.closedAt !== null
  return {
    statAcceptedOnTime: c.acceptedAt !== null && c.acceptDueAt !== null && c.acceptedAt <= c.acceptDueAt ? 1 : 0,
    statClosedOnTime: closed && c.resolvedAt !== null && c.resolveDueAt !== null && c.resolvedAt <= c.resolveDueAt ? 1 : 0,
    statClosed: closed ? 1 : 0,
    statDaysToClose: closed ? (Date.parse(c.closedAt as string) - Date.parse(c.createdAt)) / 86_400_000 : 0,
    statRating: c.rating ?? 0,
    statRated: c.rating !== null ? 1 : 0,
  }
}

function complaintDoc(c: Complaint, tail: DocData): DocData {
  const d: DocData = {}
  for (const k of COMPLAINT_KEYS) if (k !== 'id') d[k] = c[k] ?? null
  return { ...d, ...statFields(c), ...tail }
}

const deptFromDoc = (d: DocData): Dept => ({
  id: String(d._id),
  name: String(d.name),
  kind: d.kind as Dept['kind'],
  areaCode: String(d.areaCode),
  parentId: str(d.parentId),
  active: d.active === true,
  createdAt: String(d.createdAt),
  phone: typeof d.phone === 'string' ? d.phone : '',
})
const userFromDoc = (d: DocData): User => ({
  openid: String(d._id),
  role: d.role as User['role'],
  deptId: str(d.deptId),
  name: str(d.name),
  createdAt: String(d.createdAt),
  ...(str(d.phone) ? { phone: str(d.phone) } : {}),
  ...(str(d.officePhone) ? { officePhone: str(d.officePhone) } : {}),
})
const siteFromDoc = (d: DocData): Site => ({
  code: String(d._id),
  name: String(d.name),
  address: String(d.address),
  areaCode: String(d.areaCode),
  industry: d.industry as Site['industry'],
  funding: d.funding as Site['funding'],
  contractorName: String(d.contractorName),
  contractorUscc: String(d.contractorUscc),
  supervisingDeptId: String(d.supervisingDeptId),
  issuerDeptId: String(d.issuerDeptId),
  retired: d.retired === true,
  createdAt: String(d.createdAt),
})
const siteDoc = (s: Site, createdAt: string): DocData => ({
  name: s.name,
  address: s.address,
  areaCode: s.areaCode,
  industry: s.industry,
  funding: s.funding,
  contractorName: s.contractorName,
  contractorUscc: s.contractorUscc,
  supervisingDeptId: s.supervisingDeptId,
  issuerDeptId: s.issuerDeptId,
  retired: s.retired,
  createdAt,
})
const inviteFromDoc = (d: DocData): Invite => ({
  code: String(d._id),
  role: d.role as Invite['role'],
  deptId: String(d.deptId),
  createdBy: String(d.createdBy),
  createdAt: String(d.createdAt),
  expiresAt: String(d.expiresAt),
  usedBy: str(d.usedBy),
  usedAt: str(d.usedAt),
  revoked: d.revoked === true,
  ...(str(d.phone) ? { phone: str(d.phone) } : {}),
})
const eventFromDoc = (d: DocData): TimelineEvent => ({
  id: Number(d.seq),
  complaintId: String(d.complaintId),
  at: String(d.at),
  type: String(d.type),
  actorOpenid: str(d.actorOpenid),
  actorDeptId: str(d.actorDeptId),
  note: String(d.note),
  visibleToWorker: d.visibleToWorker === true,
  data: (d.data as Record<string, unknown> | null | undefined) ?? null,
})
const outboxFromDoc = (d: DocData): OutboxMessage => ({
  id: String(d._id),
  complaintId: str(d.complaintId),
  channel: d.channel === 'sms' ? 'sms' : 'wechat',
  recipient: String(d.recipient),
  template: String(d.template),
  title: String(d.title),
  body: String(d.body),
  params: Array.isArray(d.params) ? d.params.map(String) : null,
  status: d.status as OutboxMessage['status'],
  attempts: Number(d.attempts),
  nextAt: String(d.nextAt),
  lastError: str(d.lastError),
  createdAt: String(d.createdAt),
  sentAt: str(d.sentAt),
})
const alertFromDoc = (d: DocData): Alert => ({
  id: String(d.id),
  subject: String(d.subject),
  trigger: shownTrigger(String(d.trigger), d.triggers),
  areaCode: String(d.areaCode),
  note: String(d.note),
  complaintIds: Array.isArray(d.complaintIds) ? d.complaintIds.map(String) : [],
  createdAt: String(d.createdAt),
  state: d.state === 'read' || d.state === 'handled' ? d.state : 'new',
  ackNote: typeof d.ackNote === 'string' ? d.ackNote : '',
  ackBy: str(d.ackBy),
  ackAt: str(d.ackAt),
  triggers: alertParts(d).triggers,
  caseNos: alertParts(d).caseNos,
  count: Number(d.count ?? 1),
})
const alertParts = (d: DocData) => ({
  triggers: Array.isArray(d.triggers) ? d.triggers.map(String) : [String(d.trigger)],
  caseNos: Array.isArray(d.caseNos) ? d.caseNos.map(String) : [],
  complaintIds: Array.isArray(d.complaintIds) ? d.complaintIds.map(String) : [],
})
const riskSubjectFromDoc = (d: DocData): RiskSubject => ({
  subject: String(d.subject),
  kind: d.kind === 'site' ? 'site' : 'employer',
  name: String(d.name ?? ''),
  areaCode: String(d.areaCode ?? ''),
  ...figuresFrom(d as Partial<RiskSubject>),
  level: (d.level as RiskLevel) ?? 'none',
  trigger: String(d.trigger ?? ''),
  reported: Array.isArray(d.reported) ? d.reported.map(String) : [],
  updatedAt: String(d.updatedAt ?? ''),
})
const apiKeyFromDoc = (d: DocData): ApiKey => ({
  id: String(d._id),
  name: String(d.name),
  hash: String(d.hash),
  deptId: String(d.deptId),
  areaCode: String(d.areaCode),
  perMinute: Number(d.perMinute),
  createdBy: String(d.createdBy),
  createdAt: String(d.createdAt),
  revokedAt: str(d.revokedAt),
})
const templateFromDoc = (d: DocData): ReplyTemplate => ({
  id: String(d._id),
  action: String(d.action),
  title: String(d.title),
  text: String(d.text),
  areaCode: String(d.areaCode),
  updatedBy: String(d.updatedBy),
  updatedAt: String(d.updatedAt),
})

/** Events to append to one complaint (the first one holding the messages they send), and the complaint's new tail. */
interface Appended {
  events: [id: string, data: DocData][]
  tail: DocData
}

/** An outbox document: due at `at`, or already sent then. */
function outboxDoc(complaintId: string | null, m: NewMessage, at: string, sent = false): DocData {
  return {
    complaintId,
    channel: m.channel,
    recipient: m.recipient,
    template: m.template,
    title: m.title,
    body: m.body,
    params: m.params ?? null,
    status: sent ? 'sent' : 'pending',
    attempts: sent ? 1 : 0,
    nextAt: at,
    leaseUntil: null,
    claimToken: null,
    lastError: null,
    createdAt: at,
    sentAt: sent ? at : null,
  }
}

/**
 * Messages are sent by events: none are written without them. They are written inside the first event's
 * document, in the same request as the event (a transactional outbox kept in the event: a change writes
 * no document more for its messages), each as the outbox document it becomes, with the id it will have
 * there (following the first event's); the sender moves them to the outbox (relayOutbox).
 */
function appended(complaintId: string, count: number, events: NewEvent[], messages: readonly NewMessage[]): Appended {
  if (events.length === 0) return { events: [], tail: { eventCount: count } }
  const first = count + 1
  const out: Appended = {
    events: events.map((e, i) => [
      eventKey(complaintId, first + i),
      {
        complaintId,
        seq: first + i,
        at: e.at,
        type: e.type,
        actorOpenid: e.actorOpenid,
        actorDeptId: e.actorDeptId,
        note: e.note,
        visibleToWorker: e.visibleToWorker,
        data: e.data ?? null,
      },
    ]),
    tail: {},
  }
  const last = events[events.length - 1]
  out.tail = { eventCount: count + events.length, lastEventAt: last.at, lastEventType: last.type, lastEventNote: last.note }
  if (messages.length) {
    const held = messages.map((m, i) => ({
      id: `${complaintId}:${pad(first, 6)}:${pad(i, 3)}`,
      ...outboxDoc(complaintId, m, events[0].at),
    }))
    Object.assign(out.events[0][1], { outbox: held, outboxPending: true })
  }
  return out
}

/** The messages an event document still holds (appended), as the outbox documents they become. */
function heldMessages(event: DocData): DocData[] {
  if (event.outboxPending !== true || !Array.isArray(event.outbox)) return []
  return (event.outbox as DocData[]).map(({ id, ...m }) => ({ _id: String(id), ...m }))
}

export interface CloudbaseStorageOptions {
  /** Prefix of every collection name (the live contract test runs in its own collections). */
  prefix?: string
  /** Runs of one transaction when it meets a conflicting writer (default 10, with jittered backoff). */
  txAttempts?: number
  /** Case numbers reserved at a time per area and year (default CASE_NUMBER_BLOCK). */
  caseNumberBlock?: number
}

/**
 * Case numbers a container reserves at once per area and year. Numbers stay unique (each block is taken
 * from the area's counter in a transaction); a container that stops leaves the rest of its block unused
 * (a gap), and containers filing at once hand out numbers from different blocks (not in time order).
 */
export const CASE_NUMBER_BLOCK = 20

/** How long a write's own totals stand for a read of them (the same call's risk assessment). */
const OWN_TOTALS_MS = 2000
/** What a submit reads of its own write: the totals (risk level), the filing times (recent counts). */
type OwnUse = 'totals' | 'filed'

/** How far back a subject's document keeps the filing times of its complaints (the longest window asked is 30 days). */
const FILED_KEEP_MS = 62 * 86_400_000

/**
 * A subject's filing times, with the new one: those from `filedFrom` on are all there (tracking starts at
 * the first filing after this was introduced; older ones are dropped as the window moves).
 */
function filings(had: DocData | null, filedAt: string | null): { filedFrom: string | null; filedTimes: string[] } {
  const times = had && Array.isArray(had.filedTimes) ? (had.filedTimes as string[]) : []
  let from = had && typeof had.filedFrom === 'string' ? had.filedFrom : null
  if (!filedAt) return { filedFrom: from, filedTimes: times }
  if (from === null) from = filedAt
  const horizon = new Date(Date.parse(filedAt) - FILED_KEEP_MS).toISOString()
  if (horizon > from) from = horizon
  return { filedFrom: from, filedTimes: [...times.filter((t) => t >= from!), filedAt] }
}

/** A container's reserved case numbers per area and year, and numbers given back by complaints not made. */
class CaseNumbers {
  private readonly blocks = new Map<string, { next: number; last: number }>()
  private readonly returned = new Map<string, number[]>()
  private readonly reserving = new Map<string, Promise<void>>()

  /** The lowest number free here, reserving a block first when none is left (one reservation at a time). */
  async take(key: string, reserve: () => Promise<{ first: number; last: number }>): Promise<number> {
    for (;;) {
      const back = this.returned.get(key)
      if (back?.length) return back.shift()!
      const b = this.blocks.get(key)
      if (b && b.next <= b.last) return b.next++
      let pending = this.reserving.get(key)
      if (!pending) {
        pending = reserve()
          .then((r) => void this.blocks.set(key, { next: r.first, last: r.last }))
          .finally(() => this.reserving.delete(key))
        this.reserving.set(key, pending)
      }
      await pending
    }
  }

  giveBack(key: string, n: number): void {
    const back = this.returned.get(key) ?? []
    back.push(n)
    back.sort((a, b) => a - b)
    this.returned.set(key, back)
  }
}

export class CloudbaseStorage implements Storage {
  private readonly _: DocCommand
  private readonly caseNumbers = new CaseNumbers()
  /**
   * Subjects' documents as this instance's last committed write of each left them, for the reads that
   * follow it in the same call (a submit's risk assessment: the totals, the employer's and the site's
   * recent filings), each read once: the transaction already read them, so those reads cost no request.
   * Kept a moment only, and dropped on any other write of the subject through this instance.
   */
  private readonly ownTotals = new Map<string, { doc: DocData; at: number; unread: Set<OwnUse> }>()

  /** The subject's own just-written document for one use, once; null when there is none (then read it). */
  private own(subject: string, use: OwnUse): DocData | null {
    const o = this.ownTotals.get(subject)
    if (!o || Date.now() - o.at >= OWN_TOTALS_MS || !o.unread.has(use)) return null
    o.unread.delete(use)
    return o.doc
  }

  constructor(
    private readonly db: DocDb,
    private readonly opts: CloudbaseStorageOptions = {},
  ) {
    this._ = db.command
  }

  /** The collection's name in the database (with the prefix). */
  collectionName(c: CollectionName): string {
    return (this.opts.prefix ?? '') + c
  }

  private col(c: CollectionName) {
    return this.db.collection(this.collectionName(c))
  }

  private async getDoc(c: CollectionName, id: string): Promise<DocData | null> {
    return one(await this.col(c).doc(id).get())
  }

  private txDoc(tx: DocTransaction, c: CollectionName, id: string) {
    return tx.collection(this.collectionName(c)).doc(id)
  }

  private async txGet(tx: DocTransaction, c: CollectionName, id: string): Promise<DocData | null> {
    return one(await this.txDoc(tx, c, id).get())
  }

  /** Insert a new document inside a transaction; an existing id fails the transaction. */
  private async txAdd(tx: DocTransaction, c: CollectionName, id: string, data: DocData): Promise<void> {
    await tx.collection(this.collectionName(c)).add({ _id: id, ...data })
  }

  /**
   * Run `body` as one transaction. The SDK's own retry is turned off (times = 0): a conflicting run is
   * repeated here with a jittered backoff, since hot documents (the case number of an area) meet many
   * writers at once. Each run reads its state afresh, so repeating is always safe.
   */
  private async transaction<T>(body: (tx: DocTransaction) => Promise<T>, rerunDuplicates = true): Promise<T> {
    const attempts = this.opts.txAttempts ?? 10
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.runTransaction(body, 0)
      } catch (e) {
        if (attempt >= attempts || !(isConflict(e) || (rerunDuplicates && isDuplicate(e)))) throw e
        await sleep(Math.random() * Math.min(800, 10 * 2 ** attempt))
      }
    }
  }

  private filter(clauses: object[]): object | null {
    if (clauses.length === 0) return null
    return clauses.length === 1 ? clauses[0] : (this._.and(clauses) as object)
  }

  private rangeOf(field: string, prefix: string): object[] {
    return [{ [field]: this._.gte(prefix) }, { [field]: this._.lt(prefix + '\uffff') }]
  }

  /** Documents strictly after `doc` in `order` (keyset paging). */
  private after(order: Order[], doc: DocData): object {
    return this._.or(
      order.map((_, i) => {
        const branch: DocData = {}
        for (let j = 0; j < i; j++) branch[order[j][0]] = doc[order[j][0]]
        const [field, dir] = order[i]
        branch[field] = dir === 'asc' ? this._.gt(doc[field]) : this._.lt(doc[field])
        return branch
      }),
    ) as object
  }

  /**
   * Up to `limit` documents matching every clause, in `order` (then _id). More than one page is read
   * by key: each page continues after the last document of the one before.
   */
  private async find(c: CollectionName, clauses: object[], order: Order[], limit: number): Promise<DocData[]> {
    if (limit <= 0) return []
    const paged = limit > PAGE
    const keys: Order[] = [...order]
    if (paged && keys.length === 0) keys.push(['_id', 'asc'])
    else if (keys.length && !keys.some(([f]) => f === '_id')) keys.push(['_id', keys[keys.length - 1][1]])
    const out: DocData[] = []
    let last: DocData | null = null
    for (;;) {
      const n = Math.min(PAGE, limit - out.length)
      const filter = this.filter(last ? [...clauses, this.after(keys, last)] : clauses)
      let q: DocQuery = filter ? this.col(c).where(filter) : this.col(c)
      for (const [f, d] of keys) q = q.orderBy(f, d)
      const page = (await q.limit(n).get()).data as DocData[]
      out.push(...page)
      if (!paged || page.length < n || out.length >= limit) return out
      last = page[page.length - 1]
    }
  }

  private async count(c: CollectionName, clauses: object[]): Promise<number> {
    const filter = this.filter(clauses)
    const res = await (filter ? this.col(c).where(filter) : this.col(c)).count()
    return Number(res.total ?? 0)
  }

  // --- sign-in --------------------------------------------------------------------------------

  async putSignInCode(c: SignInCode): Promise<void> {
    await this.col('signin_codes')
      .doc(signInCodeKey(c.phone))
      .set({ hash: c.hash, createdAt: c.createdAt, expiresAt: c.expiresAt, wrongTries: 0 })
  }

  async checkSignInCode(phone: string, hash: string, at: string, maxWrongTries: number): Promise<CodeCheck> {
    const id = signInCodeKey(phone)
    return this.transaction(async (tx): Promise<CodeCheck> => {
      const d = await this.txGet(tx, 'signin_codes', id)
      if (!d) return { result: 'missing' }
      if (String(d.expiresAt) <= at) return { result: 'expired' }
      const wrong = Number(d.wrongTries ?? 0)
      if (wrong >= maxWrongTries) return { result: 'locked' }
      if (d.hash === hash) {
        await this.txDoc(tx, 'signin_codes', id).remove()
        return { result: 'ok' }
      }
      await this.txDoc(tx, 'signin_codes', id).update({ wrongTries: wrong + 1 })
      return { result: 'wrong', triesLeft: maxWrongTries - wrong - 1 }
    })
  }

  async takeRateSlots(keys: RateKey[], at: string): Promise<RateResult> {
    return this.transaction((tx) => this.txTakeSlots(tx, keys, at))
  }

  /** Count one hit at `at` against every key's windows, or none when one is full (inside the caller's transaction). */
  private async txTakeSlots(tx: DocTransaction, keys: RateKey[], at: string): Promise<RateResult> {
    const now = Date.parse(at)
    const writes: [string, string[], boolean][] = []
    for (const k of keys) {
      const longest = Math.max(...k.windows.map((w) => w.ms))
      const d = await this.txGet(tx, 'rate_limits', k.key)
      const hits = hitsOf(d).filter((h) => Date.parse(h) > now - longest)
      const refused = rateRefusal(k, hits, now)
      if (refused) return refused
      writes.push([k.key, [...hits, at], d !== null])
    }
    for (const [key, hits, exists] of writes) await this.txPutHits(tx, 'rate_limits', key, hits, exists, at)
    return { ok: true }
  }

  /** Write a list of hit times (a rate limit's, a case number's tries) inside a transaction. */
  private async txPutHits(
    tx: DocTransaction,
    c: 'rate_limits' | 'claim_tries',
    id: string,
    hits: string[],
    exists: boolean,
    at: string,
  ): Promise<void> {
    if (exists) await this.txDoc(tx, c, id).update({ hits: this._.set(hits), updatedAt: at })
    else await this.txDoc(tx, c, id).set({ hits, updatedAt: at })
  }

  // --- tries at claim codes ------------------------------------------------------------------------

  async takeClaimTry(caller: RateKey, caseNo: string, maxPerCase: number, since: string, at: string): Promise<ClaimTry> {
    const id = claimTriesKey(caseNo)
    return this.transaction(async (tx): Promise<ClaimTry> => {
      const d = await this.txGet(tx, 'claim_tries', id)
      const hits = hitsOf(d).filter((h) => h >= since)
      // The caller first: a caller past their limit learns nothing about the case number.
      if (hits.length >= maxPerCase) {
        const refused = rateRefusal(caller, hitsOf(await this.txGet(tx, 'rate_limits', caller.key)), Date.parse(at))
        return refused ? { ok: false, by: 'caller', retryAt: refused.retryAt } : { ok: false, by: 'case' }
      }
      const taken = await this.txTakeSlots(tx, [caller], at)
      if (!taken.ok) return { ok: false, by: 'caller', retryAt: taken.retryAt }
      await this.txPutHits(tx, 'claim_tries', id, [...hits, at], d !== null, at)
      return { ok: true }
    })
  }

  async returnClaimTry(callerKey: string, caseNo: string, at: string): Promise<void> {
    const without = (hits: string[]) => {
      const i = hits.indexOf(at)
      return i < 0 ? null : [...hits.slice(0, i), ...hits.slice(i + 1)]
    }
    await this.transaction(async (tx) => {
      const mine = without(hitsOf(await this.txGet(tx, 'rate_limits', callerKey)))
      const theirs = without(hitsOf(await this.txGet(tx, 'claim_tries', claimTriesKey(caseNo))))
      if (mine) await this.txDoc(tx, 'rate_limits', callerKey).update({ hits: this._.set(mine) })
      if (theirs) await this.txDoc(tx, 'claim_tries', claimTriesKey(caseNo)).update({ hits: this._.set(theirs) })
    })
  }

  async claimTries(caseNo: string, since: string): Promise<number> {
    return hitsOf(await this.getDoc('claim_tries', claimTriesKey(caseNo))).filter((h) => h >= since).length
  }

  async userByPhone(phone: string): Promise<User | null> {
    const [d] = await this.find('users', [{ phone }], [['phoneLinkedAt', 'desc']], 1)
    return d ? userFromDoc(d) : null
  }

  async linkPhone(openid: string, phone: string, at: string): Promise<void> {
    // A transaction cannot query: take the phone from earlier holders first (each a conditional update),
    // then give it to this user. Two users linking one phone at the same instant may both hold it for a
    // while; userByPhone answers the latest link.
    for (const d of await this.find('users', [{ phone }], [['phoneLinkedAt', 'desc']], 100)) {
      if (d._id !== openid) await this.col('users').where({ _id: d._id, phone }).update({ phone: null, phoneLinkedAt: null })
    }
    await this.transaction(async (tx) => {
      if (await this.txGet(tx, 'users', openid)) await this.txDoc(tx, 'users', openid).update({ phone, phoneLinkedAt: at })
      else await this.txDoc(tx, 'users', openid).set({ role: 'worker', deptId: null, name: null, createdAt: at, phone, phoneLinkedAt: at })
    })
  }

  // --- users, departments, rules ---------------------------------------------------------------

  async getUser(openid: string): Promise<User | null> {
    const d = await this.getDoc('users', openid)
    return d ? userFromDoc(d) : null
  }

  async putUser(u: User): Promise<void> {
    await this.transaction(async (tx) => {
      const existing = await this.txGet(tx, 'users', u.openid)
      if (existing) await this.txDoc(tx, 'users', u.openid).update({ role: u.role, deptId: u.deptId, name: u.name })
      else await this.txDoc(tx, 'users', u.openid).set({ role: u.role, deptId: u.deptId, name: u.name, createdAt: u.createdAt })
    })
  }

  async setProfile(openid: string, name: string, officePhone: string): Promise<boolean> {
    return this.transaction(async (tx) => {
      if (!(await this.txGet(tx, 'users', openid))) return false
      await this.txDoc(tx, 'users', openid).update({ name, officePhone })
      return true
    })
  }

  async listDepts(): Promise<Dept[]> {
    return (await this.find('depts', [], [['_id', 'asc']], Infinity)).map(deptFromDoc)
  }

  async createDept(d: Dept): Promise<void> {
    await this.col('depts').add({
      _id: d.id,
      name: d.name,
      kind: d.kind,
      areaCode: d.areaCode,
      parentId: d.parentId,
      active: d.active,
      createdAt: d.createdAt,
      phone: d.phone ?? '',
    })
  }

  async updateDept(id: string, patch: DeptPatch): Promise<boolean> {
    if (!(await this.getDoc('depts', id))) return false
    const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
    if (Object.keys(fields).length) await this.col('depts').doc(id).update(fields)
    return true
  }

  async listRules(): Promise<RoutingRule[]> {
    const rules = (await this.find('rules', [], [['_id', 'asc']], Infinity)).map((d) => ({
      id: String(d.id),
      areaPrefix: String(d.areaPrefix),
      industry: d.industry as RoutingRule['industry'],
      deptId: String(d.deptId),
    }))
    return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  async createRule(r: RoutingRule & { createdAt: string }): Promise<void> {
    // One rule per (area prefix, industry): a second one replaces the department, keeping id and date.
    const key = `${r.areaPrefix}|${r.industry}`
    await this.transaction(async (tx) => {
      if (await this.txGet(tx, 'rules', key)) await this.txDoc(tx, 'rules', key).update({ deptId: r.deptId })
      else
        await this.txDoc(tx, 'rules', key).set({
          id: r.id,
          areaPrefix: r.areaPrefix,
          industry: r.industry,
          deptId: r.deptId,
          createdAt: r.createdAt,
        })
    })
  }

  // --- sites ---------------------------------------------------------------------------------------

  async getSite(code: string): Promise<Site | null> {
    const d = await this.getDoc('sites', code)
    return d ? siteFromDoc(d) : null
  }

  async createSite(s: Site): Promise<void> {
    await this.col('sites').add({ _id: s.code, ...siteDoc(s, s.createdAt) })
  }

  async listSites(areaPrefix: string, limit: number): Promise<Site[]> {
    return (await this.find('sites', this.rangeOf('areaCode', areaPrefix), [['createdAt', 'desc']], limit)).map(siteFromDoc)
  }

  async putSites(sites: Site[]): Promise<{ created: number; updated: number }> {
    return this.transaction(async (tx) => {
      let created = 0
      let updated = 0
      for (const s of sites) {
        const existing = await this.txGet(tx, 'sites', s.code)
        if (existing) updated++
        else created++
        await this.txDoc(tx, 'sites', s.code).set(siteDoc(s, existing ? String(existing.createdAt) : s.createdAt))
      }
      return { created, updated }
    })
  }

  // --- invites -------------------------------------------------------------------------------------

  async createInvite(i: Invite): Promise<void> {
    await this.col('invites').add({
      _id: i.code,
      role: i.role,
      deptId: i.deptId,
      createdBy: i.createdBy,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      usedBy: null,
      usedAt: null,
      revoked: false,
      phone: i.phone ?? null,
    })
  }

  async getInvite(code: string): Promise<Invite | null> {
    const d = await this.getDoc('invites', code)
    return d ? inviteFromDoc(d) : null
  }

  async redeemInvite(code: string, user: User, at: string): Promise<boolean> {
    return this.transaction(async (tx) => {
      const inv = await this.txGet(tx, 'invites', code)
      if (!inv || inv.usedBy != null || inv.revoked === true || !(String(inv.expiresAt) > at)) return false
      await this.txDoc(tx, 'invites', code).update({ usedBy: user.openid, usedAt: at })
      if (await this.txGet(tx, 'users', user.openid))
        await this.txDoc(tx, 'users', user.openid).update({ role: user.role, deptId: user.deptId })
      else
        await this.txDoc(tx, 'users', user.openid).set({ role: user.role, deptId: user.deptId, name: user.name, createdAt: user.createdAt })
      return true
    })
  }

  async listInvites(deptIds: string[], limit: number): Promise<Invite[]> {
    if (deptIds.length === 0) return []
    const rows: DocData[] = []
    for (let i = 0; i < deptIds.length; i += IN_CHUNK) {
      rows.push(...(await this.find('invites', [{ deptId: this._.in(deptIds.slice(i, i + IN_CHUNK)) }], [['createdAt', 'desc']], limit)))
    }
    if (deptIds.length > IN_CHUNK)
      rows.sort((a, b) => (String(a.createdAt) < String(b.createdAt) ? 1 : String(a.createdAt) > String(b.createdAt) ? -1 : 0))
    return rows.slice(0, limit).map(inviteFromDoc)
  }

  async revokeInvite(code: string): Promise<boolean> {
    const r = await this.col('invites').where({ _id: code, usedBy: null, revoked: false }).update({ revoked: true })
    return r.updated === 1
  }

  // --- complaints ----------------------------------------------------------------------------------

  async findByRequest(filedBy: string, clientRequestId: string): Promise<Complaint | null> {
    // One query on the complaints' unique (filedBy, clientRequestId) index; complaints filed before it also
    // have a requests/<key> document, no longer needed.
    const [d] = await this.find('complaints', [{ filedBy, clientRequestId }], [], 1)
    return d ? complaintFromDoc(d) : null
  }

  async createComplaint(
    c: NewComplaint,
    events: NewEvent[],
    caseYear: number,
    messages: (stored: Complaint) => NewMessage[],
    memberCodes: string[] = [],
    quota?: RateKey,
  ): Promise<{ complaint: Complaint; created: boolean }> {
    let r: { complaint: Complaint; created: boolean } | Extract<RateResult, { ok: false }>
    // The case number comes from this container's reserved block: the submit's transaction does not touch
    // the area's counter, so submits of one area do not queue behind one document.
    const seqId = `${c.areaCode}-${caseYear}`
    const next = await this.caseNumbers.take(seqId, () => this.reserveCaseNumbers(seqId, c.areaCode, caseYear))
    const written = new Map<string, DocData>()
    try {
      r = await this.transaction(async (tx) => {
        // The filer's limit, counted in this transaction: its document meets every other filing of
        // theirs, so of calls at once the later ones run again and find it full.
        if (quota) {
          const taken = await this.txTakeSlots(tx, [quota], c.createdAt)
          if (!taken.ok) return taken
        }
        const full: Complaint = { ...c, caseNo: formatCaseNo(c.areaCode, caseYear, next), version: 1, updatedAt: c.createdAt }
        const add = appended(full.id, 0, events, messages(full))
        await this.txAdd(tx, 'complaints', c.id, complaintDoc(full, add.tail))
        await this.txApplyTotals(tx, totalsDeltas(null, full), c.createdAt, written, full)
        for (const [idx, claimCode] of memberCodes.entries()) {
          await this.txAdd(tx, 'members', memberKey(c.id, idx), {
            complaintId: c.id,
            idx,
            claimCode,
            ownerOpenid: null,
            claimedAt: null,
            createdAt: c.createdAt,
          })
        }
        await this.writeAppended(tx, add)
        return { complaint: full, created: true }
        // A replay of a filed request fails on the complaints' unique (filedBy, clientRequestId): no rerun.
      }, false)
    } catch (e) {
      // Not used: the number goes back, for the next complaint of the area.
      this.caseNumbers.giveBack(seqId, next)
      // The same request submitted twice at once: the loser may fail outright; the winner's is the answer.
      const existing = await this.findByRequest(c.filedBy, c.clientRequestId).catch(() => null)
      if (existing) return { complaint: existing, created: false }
      throw e
    }
    if (!('complaint' in r) || !r.created) this.caseNumbers.giveBack(seqId, next)
    else this.keepOwnTotals(written)
    if ('retryAt' in r) {
      // A replay is answered with its complaint even when the filer's quota is full now.
      const existing = await this.findByRequest(c.filedBy, c.clientRequestId)
      if (existing) return { complaint: existing, created: false }
      throw new QuotaFull(r.key, r.retryAt)
    }
    return r
  }

  /**
   * Reserve the next block of case numbers of an area and year: one small transaction on its counter
   * (case_seq/<area>-<year>.last is the highest number handed to any container).
   */
  private async reserveCaseNumbers(seqId: string, areaCode: string, year: number): Promise<{ first: number; last: number }> {
    const size = this.opts.caseNumberBlock ?? CASE_NUMBER_BLOCK
    return this.transaction(async (tx) => {
      const seq = await this.txGet(tx, 'case_seq', seqId)
      const first = (typeof seq?.last === 'number' ? seq.last : 0) + 1
      await this.txDoc(tx, 'case_seq', seqId).set({ areaCode, year, last: first + size - 1 })
      return { first, last: first + size - 1 }
    })
  }

  private async writeAppended(tx: DocTransaction, a: Appended): Promise<void> {
    for (const [id, data] of a.events) await this.txAdd(tx, 'events', id, data)
  }

  async countFiledSince(filedBy: string, since: string): Promise<number> {
    return this.count('complaints', [{ filedBy, createdAt: this._.gte(since) }])
  }

  async countSiteSince(siteCode: string, since: string): Promise<number> {
    return (await this.filedSince(`site:${siteCode}`, since)) ?? this.count('complaints', [{ siteCode, createdAt: this._.gte(since) }])
  }

  /**
   * A subject's first document, made by a new complaint: when none of the subject's other complaints was
   * filed within the window the document keeps (a new site or employer), its filing times are complete
   * from that window's start, so its counts of recent complaints need no query from the next submit on.
   * Otherwise (complaints filed before the document existed) they start at this one, as before.
   */
  private async firstFilings(subject: string, filed: Complaint): Promise<{ filedFrom: string | null; filedTimes: string[] }> {
    const horizon = new Date(Date.parse(filed.createdAt) - FILED_KEEP_MS).toISOString()
    const of = subject.startsWith('site:') ? { siteCode: subject.slice(5) } : { employerKey: subject }
    const earlier = await this.count('complaints', [{ ...of, createdAt: this._.gte(horizon), _id: this._.neq(filed.id) }])
    return earlier === 0 ? { filedFrom: horizon, filedTimes: [filed.createdAt] } : filings(null, filed.createdAt)
  }

  /**
   * Complaints filed for a subject since `since`, from the filing times its document keeps (the submit's
   * own write of it, just made, costs no request); null when they do not reach back that far.
   */
  private async filedSince(subject: string, since: string): Promise<number | null> {
    const doc = this.own(subject, 'filed') ?? (await this.getDoc('risk_subjects', riskSubjectKey(subject)))
    if (!doc || typeof doc.filedFrom !== 'string' || since < doc.filedFrom || !Array.isArray(doc.filedTimes)) return null
    return (doc.filedTimes as string[]).filter((t) => t >= since).length
  }

  async getComplaint(id: string): Promise<Complaint | null> {
    const d = await this.getDoc('complaints', id)
    return d ? complaintFromDoc(d) : null
  }

  async getComplaintByCaseNo(caseNo: string): Promise<Complaint | null> {
    const [d] = await this.find('complaints', [{ caseNo }], [], 1)
    return d ? complaintFromDoc(d) : null
  }

  async listByOwner(openid: string, limit: number): Promise<Complaint[]> {
    // Owned, then claimed as a member (each member document carries its case's createdAt), merged newest first.
    const owned = await this.find('complaints', [{ ownerOpenid: openid }], [['createdAt', 'desc']], limit)
    const claimed = await this.find('members', [{ ownerOpenid: openid }], [['createdAt', 'desc']], limit)
    const have = new Set(owned.map((d) => String(d._id)))
    const more = [...new Set(claimed.map((m) => String(m.complaintId)))].filter((id) => !have.has(id))
    const docs = [...owned]
    for (let i = 0; i < more.length; i += IN_CHUNK) {
      const ids = more.slice(i, i + IN_CHUNK)
      docs.push(...(await this.find('complaints', [{ _id: this._.in(ids) }], [], ids.length)))
    }
    const key = (d: DocData) => `${String(d.createdAt)}\u0000${String(d._id)}`
    return docs
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
      .slice(0, limit)
      .map(complaintFromDoc)
  }

  async listMembers(complaintId: string): Promise<Member[]> {
    return (await this.find('members', [{ complaintId }], [['idx', 'asc']], Infinity)).map((d) => ({
      complaintId: String(d.complaintId),
      idx: Number(d.idx),
      claimCode: String(d.claimCode),
      ownerOpenid: str(d.ownerOpenid),
      claimedAt: str(d.claimedAt),
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
    // Two WeChats claiming one code both write its document: the loser's transaction runs again and finds it taken.
    return this.transaction(async (tx): Promise<ClaimResult> => {
      const m = await this.txGet(tx, 'members', memberKey(complaintId, idx))
      const d = await this.txGet(tx, 'complaints', complaintId)
      if (!m || !d) return 'missing'
      if (m.ownerOpenid != null) return m.ownerOpenid === openid ? 'already' : 'taken'
      const add = appended(complaintId, Number(d.eventCount ?? 0), events, messages)
      await this.txDoc(tx, 'members', memberKey(complaintId, idx)).update({ ownerOpenid: openid, claimedAt: at })
      await this.txDoc(tx, 'complaints', complaintId).update({
        ...add.tail,
        ...(idx === 0 && d.ownerOpenid == null ? { ownerOpenid: openid } : {}),
      })
      await this.writeAppended(tx, add)
      return 'claimed'
    })
  }

  async reissueClaimCodes(
    complaintId: string,
    codes: { idx: number; claimCode: string }[],
    at: string,
    events: NewEvent[],
    messages: NewMessage[] = [],
  ): Promise<number[] | 'missing'> {
    // Each member's document is written here: a claim of the same code at once makes one of the two run again.
    return this.transaction(async (tx): Promise<number[] | 'missing'> => {
      const d = await this.txGet(tx, 'complaints', complaintId)
      if (!d) return 'missing'
      const changed: number[] = []
      for (const { idx, claimCode } of codes) {
        const m = await this.txGet(tx, 'members', memberKey(complaintId, idx))
        if (m ? m.ownerOpenid != null : idx === 0 && d.ownerOpenid != null) continue
        if (m) await this.txDoc(tx, 'members', memberKey(complaintId, idx)).update({ claimCode })
        else {
          await this.txAdd(tx, 'members', memberKey(complaintId, idx), {
            complaintId,
            idx,
            claimCode,
            ownerOpenid: null,
            claimedAt: null,
            createdAt: String(d.createdAt),
          })
        }
        changed.push(idx)
      }
      if (!changed.length) return changed
      const add = appended(complaintId, Number(d.eventCount ?? 0), events, messages)
      const first = changed.includes(0) ? { claimCode: codes.find((x) => x.idx === 0)?.claimCode } : {}
      await this.txDoc(tx, 'complaints', complaintId).update({ ...add.tail, ...first })
      // The claim is open again: the case number's tries start from nothing.
      const tries = claimTriesKey(String(d.caseNo))
      if (await this.txGet(tx, 'claim_tries', tries))
        await this.txDoc(tx, 'claim_tries', tries).update({ hits: this._.set([]), updatedAt: at })
      await this.writeAppended(tx, add)
      return changed
    })
  }

  async updateComplaint(
    id: string,
    expectedVersion: number,
    patch: ComplaintPatch,
    events: NewEvent[],
    at: string,
    messages: NewMessage[] = [],
  ): Promise<Complaint | 'conflict'> {
    const written = new Map<string, DocData>()
    const r = await this.transaction(async (tx) => {
      const d = await this.txGet(tx, 'complaints', id)
      if (!d || d.version !== expectedVersion) return 'conflict' as const
      return this.txChange(tx, d, { patch, events, messages }, at, written)
    })
    if (r !== 'conflict') this.keepOwnTotals(written)
    return r
  }

  async changeComplaint(id: string, at: string, decide: (current: Complaint | null) => Promise<ComplaintChange>): Promise<Complaint> {
    const written = new Map<string, DocData>()
    // The complaint is read once, here: whatever `decide` checks (access, status, the version the caller
    // saw) it checks on this copy, and a writer coming between makes the whole run again.
    const r = await this.transaction(async (tx) => {
      written.clear()
      const d = await this.txGet(tx, 'complaints', id)
      const change = await decide(d ? complaintFromDoc(d) : null)
      if (!d) throw new Error(`changeComplaint: a change of a complaint that does not exist (${id})`)
      return this.txChange(tx, d, change, at, written)
    })
    this.keepOwnTotals(written)
    return r
  }

  /** Write a change of the complaint `d` (as this transaction read it): fields, version + 1, totals, events and messages. */
  private async txChange(
    tx: DocTransaction,
    d: DocData,
    change: ComplaintChange,
    at: string,
    written: Map<string, DocData>,
  ): Promise<Complaint> {
    const { patch, events, messages } = change
    const id = String(d._id)
    const changes: DocData = {}
    for (const [k, v] of Object.entries(patch)) changes[k] = v ?? null
    const before = complaintFromDoc(d)
    const updated: Complaint = { ...before, ...(changes as ComplaintPatch), updatedAt: at, version: before.version + 1 }
    const add = appended(id, Number(d.eventCount ?? 0), events, messages)
    const write: DocData = { updatedAt: at, version: updated.version, ...statFields(updated), ...add.tail }
    for (const [k, v] of Object.entries(changes)) write[k] = v !== null && typeof v === 'object' ? this._.set(v) : v
    await this.txDoc(tx, 'complaints', id).update(write)
    // The risk totals change only when the write touches what they count (status, handler, flags).
    if ('status' in patch || 'handlerDeptId' in patch || 'flags' in patch) {
      await this.txApplyTotals(tx, totalsDeltas(before, updated), at, written)
    }
    await this.writeAppended(tx, add)
    return updated
  }

  private keepOwnTotals(written: Map<string, DocData>): void {
    const at = Date.now()
    for (const [subject, doc] of written) this.ownTotals.set(subject, { doc, at, unread: new Set<OwnUse>(['totals', 'filed']) })
  }

  async appendEvents(id: string, events: NewEvent[], messages: NewMessage[] = []): Promise<void> {
    if (events.length === 0) return
    await this.transaction(async (tx) => {
      const d = await this.txGet(tx, 'complaints', id)
      if (!d) return
      const add = appended(id, Number(d.eventCount ?? 0), events, messages)
      await this.txDoc(tx, 'complaints', id).update(add.tail)
      await this.writeAppended(tx, add)
    })
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    return (await this.find('events', [{ complaintId: id }], [['seq', 'asc']], Infinity)).map(eventFromDoc)
  }

  async eventsOf(complaintIds: readonly string[], types: readonly string[]): Promise<TimelineEvent[]> {
    if (complaintIds.length === 0 || types.length === 0) return []
    if (complaintIds.length > 500) throw new Error('eventsOf: at most 500 complaints a call')
    const _ = this._
    const docs = await this.find('events', [{ complaintId: _.in([...complaintIds]), type: _.in([...types]) }], [], Infinity)
    const order = (d: DocData) => [String(d.complaintId), Number(d.seq)] as const
    docs.sort((a, b) => {
      const [ca, sa] = order(a)
      const [cb, sb] = order(b)
      return ca < cb ? -1 : ca > cb ? 1 : sa - sb
    })
    return docs.map(eventFromDoc)
  }

  async queue(q: QueueQuery): Promise<Complaint[]> {
    const _ = this._
    const clauses: object[] = []
    const desc = q.view === 'all'
    switch (q.view) {
      case 'to_accept':
        clauses.push({ handlerDeptId: q.deptId, status: _.in(['routed', 'returned']) })
        break
      case 'in_progress':
        clauses.push({ handlerDeptId: q.deptId, status: _.in(MINE) })
        break
      case 'first_responder':
        clauses.push({ firstResponderDeptId: q.deptId, status: _.in(WAITING) })
        break
      case 'mine':
        clauses.push({ assigneeOpenid: q.assigneeOpenid ?? '', handlerDeptId: q.deptId, status: _.in(MINE) })
        break
      case 'overdue':
        if (q.areaPrefix !== null) clauses.push(...this.rangeOf('areaCode', q.areaPrefix))
        else clauses.push({ handlerDeptId: q.deptId })
        if (q.tier === 'red') clauses.push({ status: _.in(HANDLING), card: 'red' })
        else if (q.tier === 'yellow') clauses.push({ status: _.in(HANDLING), resolveDueAt: _.lt(q.now), card: _.neq('red') })
        else if (q.tier === 'accept') clauses.push({ status: _.in(['routed', 'returned']), acceptDueAt: _.lt(q.now) })
        else {
          clauses.push(
            _.or([
              { status: _.in(HANDLING), resolveDueAt: _.lt(q.now) },
              { status: _.in(['routed', 'returned']), acceptDueAt: _.lt(q.now) },
            ]) as object,
          )
        }
        break
      case 'all':
        if (q.areaPrefix !== null) clauses.push(...this.rangeOf('areaCode', q.areaPrefix))
        else clauses.push(_.or([{ handlerDeptId: q.deptId }, { firstResponderDeptId: q.deptId }]) as object)
        break
      case 'severe':
        clauses.push({ riskLevel: 'severe', status: _.in(OPEN_ALL) })
        if (q.areaPrefix !== null) clauses.push(...this.rangeOf('areaCode', q.areaPrefix))
        else clauses.push({ handlerDeptId: q.deptId })
        break
    }
    if (q.filter?.status) clauses.push({ status: q.filter.status })
    if (q.filter?.channel) clauses.push({ channel: q.filter.channel })
    if (q.filter?.industry) clauses.push({ industry: q.filter.industry })
    if (q.filter?.areaPrefix) clauses.push(...this.rangeOf('areaCode', q.filter.areaPrefix))
    const dir = desc ? 'desc' : 'asc'
    const order: Order[] = [
      ['createdAt', dir],
      ['_id', dir],
    ]
    if (q.cursor) clauses.push(this.after(order, { createdAt: q.cursor.createdAt, _id: q.cursor.id }))
    return (await this.find('complaints', clauses, order, q.limit)).map(complaintFromDoc)
  }

  async dueForCards(now: string, limit: number): Promise<Complaint[]> {
    const _ = this._
    const rows = await this.find(
      'complaints',
      [{ status: _.in(HANDLING), resolveDueAt: _.lt(now), card: _.neq('red') }],
      [['resolveDueAt', 'asc']],
      limit,
    )
    return rows.map(complaintFromDoc)
  }

  async dueForSupervision(now: string, limit: number): Promise<Complaint[]> {
    return (await this.find('complaints', [{ superviseDueAt: this._.lt(now) }], [['superviseDueAt', 'asc']], limit)).map(complaintFromDoc)
  }

  async dueForFollowUp(now: string, limit: number): Promise<Complaint[]> {
    return (await this.find('complaints', [{ followUpDueAt: this._.lt(now) }], [['followUpDueAt', 'asc']], limit)).map(complaintFromDoc)
  }

  async dueForAutoClose(before: string, limit: number): Promise<Complaint[]> {
    return (await this.find('complaints', [{ status: 'resolved', resolvedAt: this._.lte(before) }], [['resolvedAt', 'asc']], limit)).map(
      complaintFromDoc,
    )
  }

  async deadlinesAfter(endsAt: string, areaPrefix: string, limit: number): Promise<Complaint[]> {
    const _ = this._
    const clauses = [
      ...this.rangeOf('areaCode', areaPrefix),
      _.or([
        { status: _.in(HANDLING), resolveDueAt: _.gt(endsAt) },
        { status: _.in(['routed', 'returned']), acceptDueAt: _.gt(endsAt) },
      ]) as object,
    ]
    return (await this.find('complaints', clauses, [], limit)).map(complaintFromDoc)
  }

  async dueForAcceptEscalation(now: string, limit: number): Promise<Complaint[]> {
    const rows = await this.find(
      'complaints',
      [{ status: this._.in(['routed', 'returned']), acceptDueAt: this._.lt(now), acceptEscalatedAt: null }],
      [['acceptDueAt', 'asc']],
      limit,
    )
    return rows.map(complaintFromDoc)
  }

  async missingAcceptDeadline(limit: number): Promise<Complaint[]> {
    return (await this.find('complaints', [{ status: 'routed', acceptDueAt: null }], [], limit)).map(complaintFromDoc)
  }

  async openOf(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<Complaint[]> {
    const key = 'siteCode' in subject ? { siteCode: subject.siteCode } : { employerKey: subject.employerKey }
    return (await this.find('complaints', [{ ...key, status: this._.in(OPEN_ALL) }], [['createdAt', 'desc']], limit)).map(complaintFromDoc)
  }

  async riskMembers(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<RiskMember[]> {
    return (await this.openOf(subject, limit)).map((c) => ({
      id: c.id,
      workerCount: c.workerCount,
      owedSince: c.owedSince,
      bossUnreachable: c.bossUnreachable,
      riskLevel: c.riskLevel,
      siteCode: c.siteCode,
      employerKey: c.employerKey,
      flags: c.flags ?? [],
    }))
  }

  async countEmployerSince(employerKey: string, since: string): Promise<number> {
    return (await this.filedSince(employerKey, since)) ?? this.count('complaints', [{ employerKey, createdAt: this._.gte(since) }])
  }

  async setRiskLevel(ids: string[], level: RiskLevel, event?: NewEvent): Promise<void> {
    if (!event) {
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        await this.col('complaints')
          .where({ _id: this._.in(ids.slice(i, i + IN_CHUNK)) })
          .update({ riskLevel: level })
      }
      return
    }
    // With a timeline line: each case in its own transaction (its event number is on its document).
    for (const id of ids) {
      await this.transaction(async (tx) => {
        const d = await this.txGet(tx, 'complaints', id)
        if (!d || d.riskLevel === level) return
        const add = appended(id, Number(d.eventCount ?? 0), [event], [])
        await this.txDoc(tx, 'complaints', id).update({ riskLevel: level, ...add.tail })
        await this.writeAppended(tx, add)
      })
    }
  }

  /**
   * Add the deltas to the subjects' totals, inside the caller's transaction: one document per subject,
   * holding its totals and its register parts (per area and handling department) with the keys the
   * register finds it by, so that a submit reads and writes two documents (its site and its employer).
   */
  private async txApplyTotals(
    tx: DocTransaction,
    deltas: TotalsDelta[],
    at: string,
    written?: Map<string, DocData>,
    /** A new complaint: its filing time is kept on its site's and employer's documents (see countSiteSince). */
    filed?: Complaint,
  ): Promise<void> {
    // Every subject the write touches: a case moving between departments changes its parts, not its totals.
    const touched = new Map(deltas.map((d) => [d.subject, { subject: d.subject, kind: d.kind, name: d.name, areaCode: d.areaCode }]))
    if (filed) {
      for (const subject of subjectsOf(filed)) {
        const site = subject.startsWith('site:')
        if (!touched.has(subject))
          touched.set(subject, {
            subject,
            kind: site ? 'site' : 'employer',
            name: site ? filed.projectName : filed.employerName,
            areaCode: filed.areaCode,
          })
      }
    }
    if (!touched.size) return
    const sums = new Map(subjectDeltas(deltas).map((d) => [d.subject, d.delta]))
    for (const d of touched.values()) {
      const key = riskSubjectKey(d.subject)
      const had = await this.txGet(tx, 'risk_subjects', key)
      const f = addFigures(figuresFrom(had as Partial<RiskSubject> | null), sums.get(d.subject) ?? figuresFrom(null))
      const parts = new Map<string, RiskPart>()
      for (const p of had && Array.isArray(had.parts) ? (had.parts as RiskPart[]) : []) parts.set(`${p.areaCode}\u0000${p.deptId}`, p)
      for (const r of deltas.filter((x) => x.subject === d.subject)) {
        const k = `${r.areaCode}\u0000${r.deptId}`
        const next = addFigures(figuresFrom(parts.get(k)), r.delta)
        // A part with no open case left goes: the register lists only what is open.
        if (next.open === 0 && Object.keys(next.owedMonths).length === 0) parts.delete(k)
        else parts.set(k, { areaCode: r.areaCode, deptId: r.deptId, name: r.name, ...next })
      }
      const kept = [...parts.values()]
      const doc: DocData = {
        subject: d.subject,
        kind: d.kind,
        name: d.name,
        areaCode: had ? String(had.areaCode) : d.areaCode,
        ...f,
        level: had ? String(had.level) : 'none',
        trigger: had ? String(had.trigger ?? '') : '',
        reported: had && Array.isArray(had.reported) ? had.reported : [],
        parts: kept,
        // Every prefix a coordinator's area may have (country '', province, city, county) of the parts' areas.
        areaKeys: [...new Set(kept.flatMap((p) => ['', p.areaCode.slice(0, 2), p.areaCode.slice(0, 4), p.areaCode]))],
        deptIds: [...new Set(kept.map((p) => p.deptId))],
        ...(!had && filed ? await this.firstFilings(d.subject, filed) : filings(had, filed?.createdAt ?? null)),
        updatedAt: at,
      }
      await this.txDoc(tx, 'risk_subjects', key).set(doc)
      written?.set(d.subject, doc)
    }
  }

  /**
   * Build every subject's risk totals from the open complaints: run once after deploying risk totals (the
   * SQLite adapter's migration does the same), again at any time to repair them. Each subject is rebuilt
   * in its own transaction from scratch, keeping its reported triggers; its level starts as the highest its
   * open cases carry (the next change recomputes it). Subjects with no open case are left as they are.
   * Answers how many subjects were written.
   */
  async rebuildRiskTotals(at: string): Promise<number> {
    const open = (await this.find('complaints', [{ status: this._.in(OPEN_ALL) }], [], Infinity)).map(complaintFromDoc)
    const bySubject = new Map<string, { deltas: TotalsDelta[]; level: RiskLevel }>()
    for (const c of open) {
      for (const d of totalsDeltas(null, c)) {
        const g = bySubject.get(d.subject) ?? { deltas: [], level: 'none' as RiskLevel }
        g.deltas.push(d)
        g.level = higherLevel(g.level, c.riskLevel)
        bySubject.set(d.subject, g)
      }
    }
    for (const [subject, g] of bySubject) {
      const key = riskSubjectKey(subject)
      await this.transaction(async (tx) => {
        const had = await this.txGet(tx, 'risk_subjects', key)
        if (had) await this.txDoc(tx, 'risk_subjects', key).remove()
        await this.txApplyTotals(tx, g.deltas, at)
        const reported = had && Array.isArray(had.reported) ? had.reported : []
        // Filing times are of every complaint, open or not: they stay as they were (the counts read them).
        const times = had ? filings(had, null) : null
        const filed = times ? { filedFrom: times.filedFrom, filedTimes: this._.set(times.filedTimes) } : {}
        await this.txDoc(tx, 'risk_subjects', key).update({ level: g.level, reported: this._.set(reported), ...filed })
      })
      this.ownTotals.delete(subject)
    }
    return bySubject.size
  }

  async riskSubjects(subjects: string[]): Promise<RiskSubject[]> {
    if (!subjects.length) return []
    const fresh = subjects.every((x) => {
      const o = this.ownTotals.get(x)
      return o && Date.now() - o.at < OWN_TOTALS_MS && o.unread.has('totals')
    })
    if (fresh) return subjects.map((x) => riskSubjectFromDoc(this.own(x, 'totals')!))
    const docs = await this.find('risk_subjects', [{ _id: this._.in(subjects.map(riskSubjectKey)) }], [], subjects.length)
    const bySubject = new Map(docs.map((d) => [String(d.subject), riskSubjectFromDoc(d)]))
    return subjects.flatMap((x) => bySubject.get(x) ?? [])
  }

  async setSubjectRisk(subject: string, risk: Pick<RiskSubject, 'level' | 'trigger' | 'reported'>, at: string): Promise<void> {
    this.ownTotals.delete(subject)
    await this.col('risk_subjects')
      .doc(riskSubjectKey(subject))
      .update({ level: risk.level, trigger: risk.trigger, reported: this._.set(risk.reported), updatedAt: at })
  }

  async riskRegister(scope: LedgerScope, level: RiskLevel | null, cursor: string | null, limit: number): Promise<RiskRegisterRow[]> {
    const after = cursor ? [{ subject: this._.gt(cursor) }] : []
    const where: object[] = ['deptId' in scope ? { deptIds: scope.deptId } : { areaKeys: scope.areaPrefix }, ...after]
    const inScope = (p: RiskPart) => ('deptId' in scope ? p.deptId === scope.deptId : p.areaCode.startsWith(scope.areaPrefix))
    const out: RiskRegisterRow[] = []
    let from = where
    // A level filter may leave a page short: read on until it is full or the scope ends.
    for (;;) {
      const docs = await this.find('risk_subjects', from, [['subject', 'asc']], limit)
      for (const d of docs) {
        const x = riskSubjectFromDoc(d)
        if (level && x.level !== level) continue
        const parts = (Array.isArray(d.parts) ? (d.parts as RiskPart[]) : []).filter(inScope)
        const f = parts.reduce((sum, p) => addFigures(sum, figuresFrom(p)), figuresFrom(null))
        if (f.open > 0)
          out.push({
            ...f,
            subject: x.subject,
            kind: x.kind,
            name: x.name,
            areaCode: parts[0].areaCode,
            level: x.level,
            trigger: x.trigger,
          })
        if (out.length >= limit) return out
      }
      if (docs.length < limit) return out
      const last = String(docs[docs.length - 1].subject)
      from = [...where.slice(0, 1), { subject: this._.gt(last) }]
    }
  }

  // --- immediate reports, statistics -----------------------------------------------------------------

  async insertAlert(a: Alert): Promise<boolean> {
    const key = alertKey(a.subject, a.trigger)
    // Read before any write (outside a transaction: one request): a report that exists and adds nothing
    // writes nothing and opens no transaction.
    const seen = await this.getDoc('alerts', key)
    if (seen && !mergeAlert(alertParts(seen), a)) return false
    return this.transaction(async (tx) => {
      const had = await this.txGet(tx, 'alerts', key)
      if (!had) {
        await this.txDoc(tx, 'alerts', key).set({
          id: a.id,
          subject: a.subject,
          trigger: a.trigger,
          areaCode: a.areaCode,
          note: a.note,
          complaintIds: a.complaintIds,
          createdAt: a.createdAt,
          triggers: a.triggers ?? [a.trigger],
          caseNos: a.caseNos ?? [],
          count: a.count ?? 1,
        })
        return true
      }
      const m = mergeAlert(alertParts(had), a)
      if (!m) return false
      await this.txDoc(tx, 'alerts', key).update({
        triggers: this._.set(m.triggers),
        caseNos: this._.set(m.caseNos),
        complaintIds: this._.set(m.complaintIds),
        note: `${String(had.note)}；${a.note}`.slice(0, 2000),
        count: Number(had.count ?? 1) + 1,
      })
      return true
    })
  }

  async listAlerts(areaPrefix: string, limit: number, state?: AlertState): Promise<Alert[]> {
    // An alert stored before alerts were worked has no state: it is new.
    const byState = state === undefined ? [] : state === 'new' ? [{ state: this._.nin(['read', 'handled']) }] : [{ state }]
    return (await this.find('alerts', [...this.rangeOf('areaCode', areaPrefix), ...byState], [['createdAt', 'desc']], limit)).map(
      alertFromDoc,
    )
  }

  async getAlert(id: string): Promise<Alert | null> {
    const [d] = await this.find('alerts', [{ id }], [], 1)
    return d ? alertFromDoc(d) : null
  }

  async ackAlert(id: string, ack: AlertAck): Promise<boolean> {
    const [d] = await this.find('alerts', [{ id }], [], 1)
    if (!d) return false
    await this.col('alerts').doc(String(d._id)).update({ state: ack.state, ackNote: ack.note, ackBy: ack.by, ackAt: ack.at })
    return true
  }

  // --- admin changes with their audit entry ------------------------------------------------------

  async adminChange(change: AdminChange, audit: AuditEntry): Promise<'ok' | 'duplicate' | 'missing'> {
    // A rule's document is keyed by its area prefix and industry: find the one holding this id first
    // (a transaction cannot query; the transaction checks it is still there).
    const ruleId = change.kind === 'rule' ? change.rule.id : change.kind === 'ruleDelete' ? change.id : null
    const ruleKey = ruleId ? ((await this.find('rules', [{ id: ruleId }], [], 1))[0]?._id ?? null) : null
    return this.transaction(async (tx): Promise<'ok' | 'duplicate' | 'missing'> => {
      switch (change.kind) {
        case 'dept': {
          const d = change.dept
          await this.txDoc(tx, 'depts', d.id).set({
            name: d.name,
            kind: d.kind,
            areaCode: d.areaCode,
            parentId: d.parentId,
            active: d.active,
            createdAt: d.createdAt,
            phone: d.phone ?? '',
          })
          break
        }
        case 'rule': {
          const r = change.rule
          const key = `${r.areaPrefix}|${r.industry}`
          const holder = await this.txGet(tx, 'rules', key)
          if (holder && String(holder.id) !== r.id) return 'duplicate'
          if (ruleKey && ruleKey !== key) {
            if (!(await this.txGet(tx, 'rules', String(ruleKey)))) return 'missing'
            await this.txDoc(tx, 'rules', String(ruleKey)).remove()
          }
          await this.txDoc(tx, 'rules', key).set({
            id: r.id,
            areaPrefix: r.areaPrefix,
            industry: r.industry,
            deptId: r.deptId,
            createdAt: r.createdAt,
          })
          break
        }
        case 'ruleDelete':
          if (!ruleKey || !(await this.txGet(tx, 'rules', String(ruleKey)))) return 'missing'
          await this.txDoc(tx, 'rules', String(ruleKey)).remove()
          break
        case 'site':
        case 'sites':
          for (const s of change.kind === 'site' ? [change.site] : change.sites) {
            const existing = await this.txGet(tx, 'sites', s.code)
            await this.txDoc(tx, 'sites', s.code).set(siteDoc(s, existing ? String(existing.createdAt) : s.createdAt))
          }
          break
        case 'template': {
          const t = change.template
          await this.txDoc(tx, 'templates', t.id).set({
            action: t.action,
            title: t.title,
            text: t.text,
            updatedBy: t.updatedBy,
            updatedAt: t.updatedAt,
            areaCode: t.areaCode,
          })
          break
        }
        case 'templateDelete':
          if (!(await this.txGet(tx, 'templates', change.id))) return 'missing'
          await this.txDoc(tx, 'templates', change.id).remove()
          break
        case 'config':
          for (const w of change.writes) {
            await this.txDoc(tx, 'config', configDocId(w.areaCode)).set({ value: JSON.stringify(w.value), updatedAt: change.at })
          }
          break
        case 'apiKey': {
          const k = change.key
          await this.txAdd(tx, 'api_keys', k.id, {
            name: k.name,
            hash: k.hash,
            deptId: k.deptId,
            areaCode: k.areaCode,
            perMinute: k.perMinute,
            createdBy: k.createdBy,
            createdAt: k.createdAt,
            revokedAt: k.revokedAt,
          })
          break
        }
        case 'apiKeyRevoke': {
          const k = await this.txGet(tx, 'api_keys', change.id)
          if (!k || k.revokedAt != null) return 'missing'
          await this.txDoc(tx, 'api_keys', change.id).update({ revokedAt: change.at })
          break
        }
      }
      await this.txAdd(tx, 'admin_audit', audit.id, {
        at: audit.at,
        actorOpenid: audit.actorOpenid,
        actorDeptId: audit.actorDeptId,
        areaCode: audit.areaCode,
        action: audit.action,
        entity: audit.entity,
        entityId: audit.entityId,
        // Kept as JSON text: a record's shape is the change's, not the collection's.
        before: audit.before === null || audit.before === undefined ? null : JSON.stringify(audit.before),
        after: audit.after === null || audit.after === undefined ? null : JSON.stringify(audit.after),
      })
      return 'ok'
    })
  }

  async listAudit(areaPrefix: string, cursor: AuditCursor | null, limit: number): Promise<AuditEntry[]> {
    const after = cursor ? [this._.or([{ at: this._.lt(cursor.at) }, { at: cursor.at, _id: this._.lt(cursor.id) }]) as object] : []
    const docs = await this.find('admin_audit', [...this.rangeOf('areaCode', areaPrefix), ...after], [['at', 'desc']], limit)
    return docs.map((d) => ({
      id: String(d._id),
      at: String(d.at),
      actorOpenid: String(d.actorOpenid),
      actorDeptId: str(d.actorDeptId),
      areaCode: String(d.areaCode),
      action: String(d.action),
      entity: d.entity as AuditEntry['entity'],
      entityId: String(d.entityId),
      before: typeof d.before === 'string' ? JSON.parse(d.before) : null,
      after: typeof d.after === 'string' ? JSON.parse(d.after) : null,
    }))
  }

  async stats(areaPrefix: string): Promise<StatsRow[]> {
    const match = this.filter(this.rangeOf('areaCode', areaPrefix)) as object
    const out: StatsRow[] = []
    for (let skip = 0; ; skip += PAGE) {
      let agg = this.col('complaints')
        .aggregate()
        .match(match)
        .group({
          _id: {
            status: '$status',
            channel: '$channel',
            card: '$card',
            riskLevel: '$riskLevel',
            industry: '$industry',
            areaCode: '$areaCode',
          },
          count: { $sum: 1 },
          acceptedOnTime: { $sum: '$statAcceptedOnTime' },
          closedOnTime: { $sum: '$statClosedOnTime' },
          closedCount: { $sum: '$statClosed' },
          daysToCloseSum: { $sum: '$statDaysToClose' },
          ratingSum: { $sum: '$statRating' },
          ratingCount: { $sum: '$statRated' },
        })
        .sort({ _id: 1 })
      if (skip > 0) agg = agg.skip(skip)
      const page = ((await agg.limit(PAGE).end()).data ?? []) as DocData[]
      for (const g of page) {
        const k = g._id as DocData
        out.push({
          status: k.status as StatsRow['status'],
          channel: k.channel as StatsRow['channel'],
          card: k.card as StatsRow['card'],
          riskLevel: k.riskLevel as StatsRow['riskLevel'],
          industry: k.industry as StatsRow['industry'],
          areaCode: String(k.areaCode),
          count: Number(g.count),
          acceptedOnTime: Number(g.acceptedOnTime),
          closedOnTime: Number(g.closedOnTime),
          closedCount: Number(g.closedCount),
          daysToCloseSum: Number(g.daysToCloseSum),
          ratingSum: Number(g.ratingSum),
          ratingCount: Number(g.ratingCount),
        })
      }
      if (page.length < PAGE) return out
    }
  }

  // --- outbox ----------------------------------------------------------------------------------------

  /**
   * Move the messages events still hold (appended) to outbox documents of the ids they were given, the
   * oldest events first: a few requests whatever their number (one query, one insert and one update per
   * IN_CHUNK). Safe to repeat and to run at once with another run: an id already in the outbox is never
   * written again (a message is never reset, so never sent twice), and the event lets go of its messages
   * only once they are there.
   */
  private async relayOutbox(limit: number): Promise<void> {
    const _ = this._
    const held = await this.find('events', [{ outboxPending: true }], [['at', 'asc']], Math.min(limit, PAGE))
    const docs = held.flatMap(heldMessages)
    for (let i = 0; i < docs.length; i += IN_CHUNK) {
      const chunk = docs.slice(i, i + IN_CHUNK)
      try {
        await this.col('outbox').add(chunk)
      } catch (e) {
        if (!isDuplicate(e)) throw e
        // Some are there already (another run moved them, or this one was cut short): the rest one by one.
        for (const d of chunk) {
          try {
            await this.col('outbox').add(d)
          } catch (err) {
            if (!isDuplicate(err)) throw err
          }
        }
      }
    }
    const ids = held.map((d) => String(d._id))
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      await this.col('events')
        .where({ _id: _.in(ids.slice(i, i + IN_CHUNK)), outboxPending: true })
        .update({ outboxPending: false, outbox: null })
    }
  }

  async claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]> {
    await this.relayOutbox(limit)
    const _ = this._
    const due = [{ status: 'pending', nextAt: _.lte(now) }, _.or([{ leaseUntil: null }, { leaseUntil: _.lt(now) }]) as object]
    const candidates = await this.find('outbox', due, [['nextAt', 'asc']], limit)
    if (candidates.length === 0) return []
    // One conditional update leases them: each document is updated atomically and only while still
    // due and unleased, so overlapping runs never take the same message. The token finds ours.
    const token = randomUUID()
    for (let i = 0; i < candidates.length; i += IN_CHUNK) {
      const ids = candidates.slice(i, i + IN_CHUNK).map((d) => d._id)
      await this.col('outbox')
        .where(_.and([{ _id: _.in(ids) }, ...due]) as object)
        .update({ leaseUntil, claimToken: token })
    }
    return (await this.find('outbox', [{ claimToken: token }], [['nextAt', 'asc']], limit)).map(outboxFromDoc)
  }

  async finishOutbox(
    id: number | string,
    result: { ok: true; at: string } | { ok: false; error: string; nextAt: string | null },
  ): Promise<void> {
    const ref = this.col('outbox').doc(String(id))
    if (result.ok) await ref.update({ status: 'sent', sentAt: result.at, attempts: this._.inc(1), leaseUntil: null, claimToken: null })
    else
      await ref.update({
        status: result.nextAt ? 'pending' : 'failed',
        ...(result.nextAt ? { nextAt: result.nextAt } : {}),
        attempts: this._.inc(1),
        lastError: result.error.slice(0, 500),
        leaseUntil: null,
        claimToken: null,
      })
  }

  async listOutbox(limit: number): Promise<OutboxMessage[]> {
    // The outbox, and the messages events still hold (not yet moved there: pending, under the same ids).
    const [docs, held] = await Promise.all([
      this.find('outbox', [], [['createdAt', 'desc']], limit),
      this.find('events', [{ outboxPending: true }], [['at', 'desc']], limit),
    ])
    const seen = new Set(docs.map((d) => String(d._id)))
    const all = [...docs, ...held.flatMap(heldMessages).filter((d) => !seen.has(String(d._id)))]
    const key = (d: DocData) => `${String(d.createdAt)}\u0000${String(d._id)}`
    return all
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
      .slice(0, limit)
      .map(outboxFromDoc)
  }

  async recordSent(m: NewMessage, complaintId: string | null, at: string): Promise<void> {
    await this.col('outbox').add({ _id: `sent:${randomUUID()}`, ...outboxDoc(complaintId, m, at, true) })
  }

  async countSmsSentSince(phone: string, since: string): Promise<number> {
    // Sent ones are outbox documents (a message is moved there before it is claimed).
    return this.count('outbox', [
      { recipient: phone, sentAt: this._.gte(since), channel: 'sms', status: 'sent', complaintId: this._.neq(null) },
    ])
  }

  // --- WeChat subscription credits -------------------------------------------------------------------

  async addConsents(openid: string, templateIds: string[], at: string): Promise<void> {
    if (templateIds.length === 0) return
    await this.transaction(async (tx) => {
      // Read all first, then write: a template named twice counts twice.
      const keys = templateIds.map((t) => consentKey(openid, t))
      const have = new Map<string, number>()
      for (const k of new Set(keys)) {
        const d = await this.txGet(tx, 'consents', k)
        have.set(k, d ? Number(d.credits ?? 0) : -1)
      }
      const add = new Map<string, number>()
      keys.forEach((k) => add.set(k, (add.get(k) ?? 0) + 1))
      for (const [k, n] of add) {
        const cur = have.get(k) as number
        const templateId = templateIds[keys.indexOf(k)]
        if (cur < 0) await this.txDoc(tx, 'consents', k).set({ openid, templateId, credits: n, updatedAt: at })
        else await this.txDoc(tx, 'consents', k).update({ credits: cur + n, updatedAt: at })
      }
    })
  }

  async takeConsent(openid: string, templateId: string, at: string): Promise<boolean> {
    // One conditional update: atomic on the document, so two senders never take the last credit twice.
    const r = await this.col('consents')
      .where({ _id: consentKey(openid, templateId), credits: this._.gt(0) })
      .update({ credits: this._.inc(-1), updatedAt: at })
    return r.updated === 1
  }

  async usersOfDept(deptId: string): Promise<User[]> {
    return (await this.find('users', [{ deptId }], [], Infinity)).map(userFromDoc)
  }

  async coordinatorsCovering(areaCode: string): Promise<User[]> {
    const [users, depts] = await Promise.all([this.find('users', [{ role: 'coordinator' }], [], Infinity), this.listDepts()])
    const active = new Map(depts.filter((d) => d.active).map((d) => [d.id, d.areaCode]))
    return users
      .map(userFromDoc)
      .filter((u) => u.deptId !== null && active.has(u.deptId) && areaContains(active.get(u.deptId) as string, areaCode))
  }

  // --- API keys of outside systems (Open311) -----------------------------------------------------------

  async createApiKey(k: ApiKey): Promise<void> {
    await this.col('api_keys').add({
      _id: k.id,
      name: k.name,
      hash: k.hash,
      deptId: k.deptId,
      areaCode: k.areaCode,
      perMinute: k.perMinute,
      createdBy: k.createdBy,
      createdAt: k.createdAt,
      revokedAt: k.revokedAt,
    })
  }

  async apiKeyByHash(hash: string): Promise<ApiKey | null> {
    const [d] = await this.find('api_keys', [{ hash }], [], 1)
    return d ? apiKeyFromDoc(d) : null
  }

  async listApiKeys(areaPrefix: string, limit: number): Promise<ApiKey[]> {
    return (await this.find('api_keys', this.rangeOf('areaCode', areaPrefix), [['areaCode', 'asc']], limit))
      .map(apiKeyFromDoc)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1))
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    // One conditional update: of two revocations at once, one changes the key.
    const r = await this.col('api_keys').where({ _id: id, revokedAt: null }).update({ revokedAt: at })
    return r.updated === 1
  }

  // --- reply templates, ledger, configuration ---------------------------------------------------------

  async listTemplates(): Promise<ReplyTemplate[]> {
    const all = (await this.find('templates', [], [['_id', 'asc']], Infinity)).map(templateFromDoc)
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    return all.sort((a, b) => cmp(a.action, b.action) || cmp(a.title, b.title))
  }

  async putTemplate(t: ReplyTemplate): Promise<void> {
    await this.transaction(async (tx) => {
      const change = { action: t.action, title: t.title, text: t.text, updatedBy: t.updatedBy, updatedAt: t.updatedAt }
      if (await this.txGet(tx, 'templates', t.id)) await this.txDoc(tx, 'templates', t.id).update(change)
      else await this.txDoc(tx, 'templates', t.id).set({ ...change, areaCode: t.areaCode })
    })
  }

  async deleteTemplate(id: string): Promise<boolean> {
    const r = await this.col('templates').doc(id).remove()
    return r.deleted === 1
  }

  async ledger(scope: { areaPrefix: string } | { deptId: string }, limit: number): Promise<LedgerRow[]> {
    const clauses =
      'areaPrefix' in scope
        ? this.rangeOf('areaCode', scope.areaPrefix)
        : [this._.or([{ handlerDeptId: scope.deptId }, { firstResponderDeptId: scope.deptId }]) as object]
    const rows = await this.find('complaints', clauses, [['createdAt', 'asc']], limit)
    return rows.map((d) => ({
      complaint: complaintFromDoc(d),
      lastEvent:
        typeof d.lastEventAt === 'string' ? { at: d.lastEventAt, type: String(d.lastEventType), note: String(d.lastEventNote) } : null,
    }))
  }
  async ledgerPage(scope: LedgerScope, cursor: LedgerCursor | null, limit: number): Promise<LedgerRow[]> {
    // An area's in the order of its index (areaCode, createdAt, _id); a department's by time (the two
    // indexes handlerDeptId/firstResponderDeptId, createdAt, _id): never a sort of the whole ledger.
    const area = 'areaPrefix' in scope
    const clauses = area
      ? this.rangeOf('areaCode', scope.areaPrefix)
      : [this._.or([{ handlerDeptId: scope.deptId }, { firstResponderDeptId: scope.deptId }]) as object]
    const order: Order[] = area
      ? [
          ['areaCode', 'asc'],
          ['createdAt', 'asc'],
          ['_id', 'asc'],
        ]
      : [
          ['createdAt', 'asc'],
          ['_id', 'asc'],
        ]
    if (cursor) clauses.push(this.after(order, { areaCode: cursor.areaCode, createdAt: cursor.createdAt, _id: cursor.id }))
    const rows = await this.find('complaints', clauses, order, limit)
    return rows.map((d) => ({
      complaint: complaintFromDoc(d),
      lastEvent:
        typeof d.lastEventAt === 'string' ? { at: d.lastEventAt, type: String(d.lastEventType), note: String(d.lastEventNote) } : null,
    }))
  }

  // --- uploads and exports ------------------------------------------------------------------------

  async putUpload(u: Upload): Promise<boolean> {
    return this.transaction(async (tx) => {
      const cur = await this.txGet(tx, 'uploads', uploadKey(u.fileId))
      if (cur) return cur.uploader === u.uploader
      await this.txAdd(tx, 'uploads', uploadKey(u.fileId), { fileId: u.fileId, uploader: u.uploader, createdAt: u.createdAt })
      return true
    })
  }

  async getUploads(fileIds: string[]): Promise<Upload[]> {
    const keys = [...new Set(fileIds)].map(uploadKey)
    const out: Upload[] = []
    for (let i = 0; i < keys.length; i += IN_CHUNK) {
      const chunk = keys.slice(i, i + IN_CHUNK)
      for (const d of await this.find('uploads', [{ _id: this._.in(chunk) }], [], chunk.length)) {
        out.push({ fileId: String(d.fileId), uploader: String(d.uploader), createdAt: String(d.createdAt) })
      }
    }
    return out
  }

  async createExport(job: Omit<ExportJob, 'chunks' | 'version'>, chunks: Buffer[]): Promise<ExportJob> {
    const stored: ExportJob = { ...job, chunks: chunks.length, version: 1 }
    await this.transaction(async (tx) => {
      await this.txAdd(tx, 'exports', job.id, exportDoc(stored))
      for (let n = 0; n < chunks.length; n++)
        await this.txAdd(tx, 'export_chunks', chunkKey(job.id, n), { jobId: job.id, n, data: chunks[n].toString('base64') })
    })
    return stored
  }

  async getExport(id: string): Promise<ExportJob | null> {
    const d = await this.getDoc('exports', id)
    return d ? exportFromDoc(d) : null
  }

  async advanceExport(id: string, expectedVersion: number, chunks: Buffer[], patch: ExportPatch): Promise<ExportJob | 'conflict'> {
    return this.transaction(async (tx) => {
      const d = await this.txGet(tx, 'exports', id)
      if (!d || d.version !== expectedVersion) return 'conflict' as const
      const cur = exportFromDoc(d)
      for (let i = 0; i < chunks.length; i++) {
        await this.txAdd(tx, 'export_chunks', chunkKey(id, cur.chunks + i), {
          jobId: id,
          n: cur.chunks + i,
          data: chunks[i].toString('base64'),
        })
      }
      const next: ExportJob = { ...cur, ...patch, chunks: cur.chunks + chunks.length, version: cur.version + 1 }
      await this.txDoc(tx, 'exports', id).set(exportDoc(next))
      return next
    })
  }

  async exportChunk(id: string, n: number): Promise<Buffer | null> {
    const d = await this.getDoc('export_chunks', chunkKey(id, n))
    return d && typeof d.data === 'string' ? Buffer.from(d.data, 'base64') : null
  }

  async purgeExports(before: string, limit: number): Promise<number> {
    const gone = await this.find('exports', [{ expiresAt: this._.lt(before) }], [['expiresAt', 'asc']], limit)
    for (const g of gone) {
      // Chunks first: a job left without chunks is purged again next time; chunks without a job never are.
      await this.col('export_chunks')
        .where({ jobId: String(g._id) })
        .remove()
      await this.col('exports').doc(String(g._id)).remove()
    }
    return gone.length
  }

  async getAreaConfigs(areaCodes: readonly string[]): Promise<AreaConfig[]> {
    if (!areaCodes.length) return []
    const docs = await this.find('config', [{ _id: this._.in(areaCodes.map(configDocId)) }], [['_id', 'asc']], areaCodes.length)
    return docs.map(areaConfigFromDoc).sort((x, y) => (x.areaCode < y.areaCode ? -1 : x.areaCode > y.areaCode ? 1 : 0))
  }

  async setAreaConfig(areaCode: string, value: unknown, at: string): Promise<void> {
    await this.col('config')
      .doc(configDocId(areaCode))
      .set({ value: JSON.stringify(value), updatedAt: at })
  }

  async listAreaConfigs(): Promise<AreaConfig[]> {
    const docs = await this.find('config', [], [['_id', 'asc']], Infinity)
    return docs.map(areaConfigFromDoc).sort((x, y) => (x.areaCode < y.areaCode ? -1 : x.areaCode > y.areaCode ? 1 : 0))
  }
}

/** An insert of an id that exists: inside a transaction, a sign that another writer got there first. */
function isDuplicate(e: unknown): boolean {
  const o = (e ?? {}) as { code?: unknown; message?: unknown }
  return /DUPLICATE|E11000/i.test(`${String(o.code ?? '')} ${String(o.message ?? '')}`)
}

function areaConfigFromDoc(d: DocData): AreaConfig {
  return {
    areaCode: configArea(String(d._id)),
    value: typeof d.value === 'string' ? JSON.parse(d.value) : null,
    updatedAt: String(d.updatedAt ?? ''),
  }
}
