// The ports the application layer depends on. Adapters: SQLite (local, tests, single machine) and
// CloudBase (production). Every method that changes a complaint is one atomic unit in the adapter.
import type { Channel, Card, ContactPhoneOf, DeptKind, Funding, Industry, RiskLevel, Role, Status } from '../../shared/types'
import type { RoutingRule } from '../../shared/routing'
import type { RiskFigures } from '../../shared/risk'

export interface Dept {
  id: string
  name: string
  kind: DeptKind
  areaCode: string
  parentId: string | null
  active: boolean
  createdAt: string
  /** The unit's public complaint phone, shown to workers ('' when not published). */
  phone?: string
}

export type DeptPatch = Partial<Pick<Dept, 'name' | 'phone' | 'parentId' | 'active'>>

export interface User {
  openid: string
  role: Role
  deptId: string | null
  name: string | null
  createdAt: string
  /**
   * A mobile number the user proved by SMS code (linkPhone; never one a caller merely typed): signing in
   * by SMS with it is signing in as this user, and complaints filed in a browser with it are theirs.
   */
  phone?: string | null
  /** An official's office phone (profile.set), shown to colleagues; never to workers. */
  officePhone?: string | null
}

/** A coordinator's supervision of a case (挂牌督办), with the leader in charge (领导包案) when named. */
export interface Supervision {
  note: string
  dueAt: string
  byDeptId: string
  at: string
  leaderName: string | null
  /** When its deadline passed unresolved (the scheduler's card); null before. */
  overdueAt: string | null
}

export interface Site {
  code: string
  name: string
  address: string
  areaCode: string
  industry: Industry
  funding: Funding
  contractorName: string
  contractorUscc: string
  supervisingDeptId: string
  /** The department that issued the stickers: first responder for QR complaints. */
  issuerDeptId: string
  retired: boolean
  createdAt: string
}

export interface Invite {
  code: string
  role: Role
  deptId: string
  createdBy: string
  createdAt: string
  expiresAt: string
  usedBy: string | null
  usedAt: string | null
  revoked: boolean
  /** The invited official's mobile: only a caller who proved it by SMS code may use the invite. */
  phone?: string | null
}

export interface Complainant {
  name: string
  /** The worker's mobile; '' when they have none (desk filing). */
  phone: string
  /** Without a mobile: a number to reach them, and whose it is. */
  contactPhone?: string
  contactPhoneOf?: ContactPhoneOf
  idNumber?: string
  amountOwedFen?: number
}

/**
 * One worker of a desk-filed case (the group's list, or the single complainant as 0) with their own claim
 * code and, once claimed, the WeChat that follows the case. Member 0's claim also makes that WeChat the
 * case's owner (`Complaint.ownerOpenid`).
 */
export interface Member {
  complaintId: string
  /** Position in `complainants` (0 for a single complainant). */
  idx: number
  claimCode: string
  ownerOpenid: string | null
  claimedAt: string | null
}

export type ClaimResult = 'claimed' | 'already' | 'taken' | 'missing'

export interface Complaint {
  id: string
  caseNo: string
  channel: Channel
  siteCode: string | null
  placement: string | null
  projectName: string
  projectAddress: string
  employerName: string
  employerUscc: string | null
  /** Who the risk is computed for: the credit code, or the name when there is none. */
  employerKey: string
  areaCode: string
  industry: Industry
  funding: Funding
  ownerOpenid: string | null
  clientRequestId: string
  filedBy: string
  complainant: Complainant
  complainants: Complainant[]
  workerCount: number
  amountOwedFen: number
  owedSince: string
  description: string
  photos: string[]
  hideIdentity: boolean
  bossUnreachable: boolean
  status: Status
  firstResponderDeptId: string
  handlerDeptId: string
  acceptDueAt: string | null
  resolveDueAt: string | null
  complex: boolean
  card: Card
  riskLevel: RiskLevel
  claimCode: string | null
  amountRecoveredFen: number | null
  rating: number | null
  ratingComment: string | null
  reopenCount: number
  lastProgressAt: string | null
  acceptEscalatedAt: string | null
  acceptedAt: string | null
  resolvedAt: string | null
  closedAt: string | null
  createdAt: string
  updatedAt: string
  version: number
  /** A lead's reference in the system it came from (12345 工单编号 …); null (or absent) for other channels. */
  externalRef?: string | null
  /** When a lead's source must have its answer back (回复期限); null (or absent) when it set none. */
  replyDueAt?: string | null
  /** The official in the handling department who carries the case (承办人); null before acceptance. */
  assigneeOpenid?: string | null
  /** Under a coordinator's supervision (挂牌督办); null (or absent) when not. */
  supervision?: Supervision | null
  /** The supervision deadline still to be checked by the scheduler; null once carded or lifted. */
  superviseDueAt?: string | null
  /** A referred case's next follow-up (跟进期限); null when not referred. */
  followUpDueAt?: string | null
  /** Severe signals staff flagged on it (complaint.flag): while open it makes its site and employer severe. */
  flags?: string[] | null
}

/** What a change of a complaint writes (Storage.changeComplaint): its fields, its events and their messages. */
export interface ComplaintChange {
  patch: ComplaintPatch
  events: NewEvent[]
  messages: NewMessage[]
}

/** Fields that a status change may set. */
export type ComplaintPatch = Partial<
  Pick<
    Complaint,
    | 'status'
    | 'handlerDeptId'
    | 'acceptDueAt'
    | 'resolveDueAt'
    | 'complex'
    | 'card'
    | 'riskLevel'
    | 'amountRecoveredFen'
    | 'rating'
    | 'ratingComment'
    | 'reopenCount'
    | 'lastProgressAt'
    | 'acceptEscalatedAt'
    | 'acceptedAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'ownerOpenid'
    | 'photos'
    | 'assigneeOpenid'
    | 'supervision'
    | 'superviseDueAt'
    | 'followUpDueAt'
    | 'flags'
  >
>

export interface TimelineEvent {
  id: number
  complaintId: string
  at: string
  type: string
  actorOpenid: string | null
  actorDeptId: string | null
  note: string
  visibleToWorker: boolean
  data: Record<string, unknown> | null
}
export type NewEvent = Omit<TimelineEvent, 'id' | 'complaintId'>

export type NewComplaint = Omit<Complaint, 'caseNo' | 'version' | 'updatedAt'>

/** Links to stored photos, one per id in the same order ('' when there is none), handed out with a case view. */
export interface FileLinks {
  links(fileIds: string[]): Promise<string[]>
  /**
   * Whether a file the caller says they uploaded is in the storage (CloudBase: the storage API answers
   * for it). Without it nothing is checked beyond the id (the local server records its own uploads).
   */
  exists?(fileId: string): Promise<boolean>
}

/** What the risk of a site or employer is computed from, per open complaint (with its two groups). */
export type RiskMember = Pick<Complaint, 'id' | 'workerCount' | 'owedSince' | 'bossUnreachable' | 'riskLevel'> &
  Partial<Pick<Complaint, 'siteCode' | 'employerKey' | 'flags'>>

/**
 * A site (`site:<code>`) or an employer (its key) with the running totals of its open cases, kept by the
 * storage in the transaction of every change that opens, closes, flags or moves a case, and the risk the
 * application last computed from them (level, what caused it, the triggers already reported).
 */
export interface RiskSubject extends RiskFigures {
  subject: string
  kind: 'site' | 'employer'
  /** The project's or the employer's name, as the latest case gave it. */
  name: string
  /** The area of the site (an employer: of its first case); register rows carry their own. */
  areaCode: string
  level: RiskLevel
  /** What the level comes from, in words ('' at none). */
  trigger: string
  /** Trigger keys reported and still holding: a trigger is reported again only after it stopped holding. */
  reported: string[]
  updatedAt: string
}

/** One line of the risk register: a subject with the totals of the open cases in the caller's scope. */
export interface RiskRegisterRow extends RiskFigures {
  subject: string
  kind: 'site' | 'employer'
  name: string
  areaCode: string
  level: RiskLevel
  trigger: string
}

export type QueueView = 'to_accept' | 'in_progress' | 'first_responder' | 'overdue' | 'all' | 'mine' | 'severe'

/** The overdue view is read tier by tier: red cards, then yellow (past the resolve deadline), then not accepted in time. */
export const OVERDUE_TIERS = ['red', 'yellow', 'accept'] as const
export type OverdueTier = (typeof OVERDUE_TIERS)[number]

export interface QueueQuery {
  view: QueueView
  /** Departments whose cases are shown (handler or first responder, per view). */
  deptId: string | null
  /** For coordinators' `all`, `overdue` and `severe` (and a 政法委/信访局's `severe`): the significant area prefix. */
  areaPrefix: string | null
  /** Only with view `mine`: the official whose open cases (承办人) are listed. */
  assigneeOpenid?: string
  now: string
  cursor: { createdAt: string; id: string } | null
  limit: number
  /** Only with view `overdue`: which tier to read. */
  tier?: OverdueTier
  filter?: { status?: Status; industry?: Industry; areaPrefix?: string; channel?: Channel }
}

/**
 * The fields of a complaint a queue row carries (views.ts queueItem): a queue page reads these and
 * nothing more (a full complaint is three times the columns, most of them long text a list never shows).
 */
export const QUEUE_FIELDS = [
  'id',
  'caseNo',
  'status',
  'projectName',
  'amountOwedFen',
  'workerCount',
  'createdAt',
  'acceptDueAt',
  'resolveDueAt',
  'card',
  'riskLevel',
  'handlerDeptId',
  'version',
  'channel',
  'externalRef',
  'replyDueAt',
  'assigneeOpenid',
  'supervision',
  'followUpDueAt',
] as const satisfies readonly (keyof Complaint)[]
export type QueueRow = Pick<Complaint, (typeof QUEUE_FIELDS)[number]>

export interface ReplyTemplate {
  id: string
  action: string
  title: string
  text: string
  areaCode: string
  updatedBy: string
  updatedAt: string
}

export interface LedgerRow {
  complaint: Complaint
  lastEvent: { at: string; type: string; note: string } | null
}

/** Whose cases a ledger holds: a coordinator's area, or one department's (handler or first responder). */
export type LedgerScope = { areaPrefix: string } | { deptId: string }
/** Where a ledger page ends: its last case. */
export type LedgerCursor = { areaCode: string; createdAt: string; id: string }

/** An evidence photo as uploaded, with its uploader: the only caller who may attach it to a case. */
export interface Upload {
  fileId: string
  uploader: string
  createdAt: string
}

/** Uploaded photos, each recorded with its uploader (photos.ts). */
export interface UploadStore {
  /** Record an upload; the first uploader of an id keeps it (false when another caller holds it). */
  putUpload(u: Upload): Promise<boolean>
  /** The recorded uploads among these ids, in any order; ids never recorded are left out. */
  getUploads(fileIds: string[]): Promise<Upload[]>
}

/**
 * A file built in pages across calls (ledgerExport.ts): each call reads at most one page of rows and
 * stores what it made as one numbered chunk; once ready, `parts` lists the chunks that make the file.
 */
export interface ExportJob {
  id: string
  /** The caller who started it: the only one who may continue or download it. */
  owner: string
  scope: LedgerScope
  format: 'csv' | 'xlsx'
  filename: string
  state: 'building' | 'ready'
  /** Where the next page starts (after this case), null before the first. */
  cursor: LedgerCursor | null
  rows: number
  /** Chunks stored so far, numbered from 0. */
  chunks: number
  /** XLSX: the sheet's bytes before compression so far, and their running CRC-32. */
  size: number
  crc: number
  /** Bytes of the chunks stored so far. */
  bytes: number
  /** Once ready: the chunk numbers that make the file, in order. */
  parts: number[]
  createdAt: string
  expiresAt: string
  version: number
}

export type ExportPatch = Partial<Pick<ExportJob, 'state' | 'cursor' | 'rows' | 'size' | 'crc' | 'bytes' | 'parts'>>

/** Exports built in pages, with their chunks. */
export interface ExportStore {
  /** Insert a job (version 1) with its first chunks, numbered from 0; one unit. */
  createExport(job: Omit<ExportJob, 'chunks' | 'version'>, chunks: Buffer[]): Promise<ExportJob>
  getExport(id: string): Promise<ExportJob | null>
  /**
   * Append chunks (numbered on from the job's count) and apply the patch, only if the job is still at
   * `expectedVersion`; one unit (a conflict writes nothing).
   */
  advanceExport(id: string, expectedVersion: number, chunks: Buffer[], patch: ExportPatch): Promise<ExportJob | 'conflict'>
  exportChunk(id: string, n: number): Promise<Buffer | null>
  /** Delete up to `limit` jobs that expired before `before`, with their chunks; how many went. */
  purgeExports(before: string, limit: number): Promise<number>
}

/** A sign-in code, kept only as a keyed hash (auth/codes.ts). */
export interface SignInCode {
  phone: string
  hash: string
  createdAt: string
  expiresAt: string
}

/** What checking a sign-in code found. */
export type CodeCheck =
  | { result: 'ok' }
  | { result: 'wrong'; triesLeft: number }
  /** No code was asked for this phone, or it was used already. */
  | { result: 'missing' }
  | { result: 'expired' }
  /** Too many wrong tries: the code is dead, a new one must be asked for. */
  | { result: 'locked' }

/** One counter of a rate limit: at most `max` within each `ms` window. `key` is opaque (the caller hashes personal data). */
export interface RateKey {
  key: string
  windows: { ms: number; max: number }[]
}
export type RateResult = { ok: true } | { ok: false; key: string; retryAt: string }

/**
 * createComplaint refused a new complaint: the filer's quota (its RateKey) is full until `retryAt`.
 * Nothing was written.
 */
export class QuotaFull extends Error {
  constructor(
    readonly key: string,
    readonly retryAt: string,
  ) {
    super(`quota ${key} is full until ${retryAt}`)
    this.name = 'QuotaFull'
  }
}

/** What taking a try at a claim code found: counted, or refused for the caller (until `retryAt`) or for the case number. */
export type ClaimTry = { ok: true } | { ok: false; by: 'caller'; retryAt: string } | { ok: false; by: 'case' }

/**
 * Tries at claim codes (complaint.claim), an abuse record apart from the cases: each caller's within
 * sliding windows (kept with the rate limits), each case number's since the case was registered or the
 * desk last issued new codes.
 */
export interface ClaimGuardStore {
  /**
   * Count one try before the code is compared, atomically: against the caller's windows and the case
   * number's tries at or after `since` (the case's registration; '' for a number no case has). Refused,
   * counting nothing, when the caller's windows are full ('caller') or the case number has `maxPerCase`
   * such tries ('case': its claim is locked until the desk issues new codes). Two callers at once never
   * get more tries between them.
   */
  takeClaimTry(caller: RateKey, caseNo: string, maxPerCase: number, since: string, at: string): Promise<ClaimTry>
  /** A right code: give back the try taken at `at` (the caller's and the case number's). */
  returnClaimTry(callerKey: string, caseNo: string, at: string): Promise<void>
  /** The case number's tries at or after `since` (the desk's receipt shows a locked claim). */
  claimTries(caseNo: string, since: string): Promise<number>
}

/** Sign-in: codes, the limits on asking for them, and phones proven by users. */
export interface SignInStore {
  /** Keep the code for its phone, replacing any earlier one (and its wrong tries). */
  putSignInCode(c: SignInCode): Promise<void>
  /**
   * Check a code's hash, atomically: a match uses the code up; a miss costs one of `maxWrongTries`; two
   * callers at once never get more tries between them.
   */
  checkSignInCode(phone: string, hash: string, at: string, maxWrongTries: number): Promise<CodeCheck>
  /** Count one request against every key's windows, atomically: all pass and are counted, or none is counted. */
  takeRateSlots(keys: RateKey[], at: string): Promise<RateResult>
  /** The user who proved this phone last, if any. */
  userByPhone(phone: string): Promise<User | null>
  /** Link a proven phone to a user (a worker record is made for a new one), taking it from any other user. */
  linkPhone(openid: string, phone: string, at: string): Promise<void>
}

/**
 * A key an outside system (a city's 12345 platform) calls the Open311 API with (open311.ts). Only its
 * SHA-256 is kept; the key itself is shown once, when a coordinator creates it.
 */
export interface ApiKey {
  id: string
  /** Who uses it, as the coordinator named it (e.g. 保定市12345热线). */
  name: string
  /** SHA-256 of the key, hex. */
  hash: string
  /** The coordinator's unit: first responder of the leads the key files. */
  deptId: string
  /** The area the key is scoped to (the coordinator's): it reads only cases there and those it filed. */
  areaCode: string
  /** Calls per minute the key may make. */
  perMinute: number
  createdBy: string
  createdAt: string
  revokedAt: string | null
}

/** API keys of outside systems. */
export interface ApiKeyStore {
  createApiKey(k: ApiKey): Promise<void>
  /** The key with this hash, revoked or not; null when there is none. */
  apiKeyByHash(hash: string): Promise<ApiKey | null>
  /** Keys whose area lies within the prefix, newest first. */
  listApiKeys(areaPrefix: string, limit: number): Promise<ApiKey[]>
  /** Revoke a key once; false when there is no such key or it was revoked already. */
  revokeApiKey(id: string, at: string): Promise<boolean>
}

export interface Storage extends SignInStore, UploadStore, ExportStore, ApiKeyStore, ClaimGuardStore {
  getUser(openid: string): Promise<User | null>
  putUser(user: User): Promise<void>
  /** An official's own name and office phone (profile.set); false when the user does not exist. */
  setProfile(openid: string, name: string, officePhone: string): Promise<boolean>

  listDepts(): Promise<Dept[]>
  createDept(d: Dept): Promise<void>
  /** Change a unit's name, phone, parent or active flag; false when there is no such unit. */
  updateDept(id: string, patch: DeptPatch): Promise<boolean>

  listRules(): Promise<RoutingRule[]>
  createRule(r: RoutingRule & { createdAt: string }): Promise<void>

  getSite(code: string): Promise<Site | null>
  createSite(s: Site): Promise<void>

  createInvite(i: Invite): Promise<void>
  getInvite(code: string): Promise<Invite | null>
  /** Mark the invite used and bind the user, atomically; false when someone used it first. */
  redeemInvite(code: string, user: User, at: string): Promise<boolean>

  /** The complaint this owner already made with this request id, if any. */
  findByRequest(filedBy: string, clientRequestId: string): Promise<Complaint | null>
  /**
   * Insert the complaint with its first events, allocating the next case number for its area and
   * year, and the messages they send (rendered from the stored complaint: the case number is known only
   * here) in one transaction. A duplicate (filedBy, clientRequestId) returns the existing complaint and
   * writes nothing.
   */
  createComplaint(
    c: NewComplaint,
    events: NewEvent[],
    caseYear: number,
    messages: (stored: Complaint) => NewMessage[],
    /** A desk filing's workers, by position: each one's claim code (written in the same transaction). */
    memberCodes?: string[],
    /**
     * The filer's limit (a worker's complaints per hour): the new complaint counts against its windows in
     * the same transaction, so calls at once never pass it together. When they are full nothing is written
     * and QuotaFull is thrown; a duplicate request is answered without counting.
     */
    quota?: RateKey,
    /**
     * The new case's risk level from its subjects' totals with it counted (riskAlerts.ts, levelOfFigures).
     * An adapter that knows the totals inside its transaction stores the case with this level, so the
     * assessment after it has no level to set; one that does not may ignore it (the assessment sets it).
     */
    riskLevelOf?: (totals: RiskFigures[]) => RiskLevel,
  ): Promise<{
    complaint: Complaint
    created: boolean
    /**
     * A new case's subjects (its site's and employer's rows, in that order) as its transaction left them,
     * where the adapter has them at hand: what riskSubjects would read next in the same call.
     */
    totals?: RiskSubject[]
  }>
  /** Complaints filed by one caller, and received by one site, since `since` (rate limits). */
  countFiledSince(filedBy: string, since: string): Promise<number>
  /**
   * With `threshold`, only a count that reaches it need be exact: one below it may be answered with any
   * number below it (all a caller asking whether a surge is reached needs).
   */
  countSiteSince(siteCode: string, since: string, threshold?: number): Promise<number>
  getComplaint(id: string): Promise<Complaint | null>
  getComplaintByCaseNo(caseNo: string): Promise<Complaint | null>
  /** The worker's complaints, newest first: those they own (filed or claimed first) and those they claimed as a member. */
  listByOwner(openid: string, limit: number): Promise<Complaint[]>
  /** The workers of a desk-filed case with their claim codes, by position ([] for other cases). */
  listMembers(complaintId: string): Promise<Member[]>
  /**
   * Bind member `idx` to `openid` unless another WeChat holds it; member 0 also makes `openid` the case's
   * owner when it has none. Appends the events and writes their messages; one transaction, no version change.
   * 'already': this WeChat holds it; 'taken': another does (nothing written); 'missing': no such member.
   */
  claimMember(
    complaintId: string,
    idx: number,
    openid: string,
    at: string,
    events: NewEvent[],
    messages?: NewMessage[],
  ): Promise<ClaimResult>
  /**
   * The desk issues new claim codes (`codes`, by member position) to the workers of a case who have not
   * claimed it, and unlocks its claim (the case number's tries start again), with its events and their
   * messages; one transaction, no version change. A member stored for none of the positions (a case from
   * before members were stored) is written as unclaimed, except member 0 of a case that has an owner.
   * Answers the positions given new codes (a member claimed meanwhile keeps their code; none: nothing is
   * written); 'missing' when there is no such case.
   */
  reissueClaimCodes(
    complaintId: string,
    codes: { idx: number; claimCode: string }[],
    at: string,
    events: NewEvent[],
    messages?: NewMessage[],
  ): Promise<number[] | 'missing'>
  /**
   * Apply a change only if the complaint is still at `expectedVersion`; append events and write their
   * messages to the outbox; one transaction (a conflict writes nothing).
   */
  updateComplaint(
    id: string,
    expectedVersion: number,
    patch: ComplaintPatch,
    events: NewEvent[],
    at: string,
    messages?: NewMessage[],
  ): Promise<Complaint | 'conflict'>
  /**
   * Read the complaint and write the change `decide` makes of it, in one transaction: the patch with
   * version + 1, the events and their messages, as updateComplaint. `decide` sees the complaint as this
   * transaction read it (null: there is none): the caller's access and the move are checked on that copy,
   * with no read before it. It refuses by throwing: nothing is written and its error is the answer. It may
   * run more than once (when another writer of the complaint comes between, the read is made again), so
   * it must leave nothing behind that it does not undo itself on the next run (moves.ts).
   */
  changeComplaint(id: string, at: string, decide: (current: Complaint | null) => Promise<ComplaintChange>): Promise<Complaint>
  /** Append events that change no state (e.g. a read of personal data), with their messages; one transaction. */
  appendEvents(id: string, events: NewEvent[], messages?: NewMessage[]): Promise<void>
  timeline(id: string): Promise<TimelineEvent[]>
  /**
   * The events of these types on these complaints (at most 500 ids a call), each complaint's in order: the
   * offender ledger's money paid ahead, measures and severe signals, read for many cases at once.
   */
  eventsOf(complaintIds: readonly string[], types: readonly string[]): Promise<TimelineEvent[]>
  /** One page of a queue, each row with the queue's fields (a full complaint is a valid row too). */
  queue(q: QueueQuery): Promise<QueueRow[]>

  /** Open cases past their resolution deadline whose card may still change (indexed; never a full scan). */
  dueForCards(now: string, limit: number): Promise<Complaint[]>
  /** Cases whose supervision deadline (superviseDueAt) passed while still open (indexed). */
  dueForSupervision(now: string, limit: number): Promise<Complaint[]>
  /** Referred cases whose follow-up (followUpDueAt) is due (indexed). */
  dueForFollowUp(now: string, limit: number): Promise<Complaint[]>
  /** Resolved cases the worker has not answered since `before`. */
  dueForAutoClose(before: string, limit: number): Promise<Complaint[]>

  /** Open cases in an area with a deadline after `endsAt` (campaign mode pulls them in). */
  deadlinesAfter(endsAt: string, areaPrefix: string, limit: number): Promise<Complaint[]>
  /** Routed cases past their acceptance deadline not yet escalated. */
  dueForAcceptEscalation(now: string, limit: number): Promise<Complaint[]>
  /** Routed cases whose acceptance deadline could not be computed (unknown holiday year). */
  missingAcceptDeadline(limit: number): Promise<Complaint[]>
  /** Open cases of one site or one employer (for risk levels and related cases). */
  openOf(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<Complaint[]>
  /** The same complaints as `openOf`, only what the risk level needs (a submit reads these on every call). */
  riskMembers(subject: { siteCode: string } | { employerKey: string }, limit: number): Promise<RiskMember[]>
  /**
   * How many complaints name this employer since `since`. With `atLeast`, the count may stop once it has
   * that many (the answer is then some number ≥ atLeast): enough to tell whether a threshold is reached.
   */
  countEmployerSince(employerKey: string, since: string, atLeast?: number): Promise<number>
  /**
   * Risk is not a status: it is recomputed and set without a version change. With `event`, each case
   * whose level this changes gets it on its timeline (no messages), in the same unit as its level.
   */
  setRiskLevel(ids: string[], level: RiskLevel, event?: NewEvent): Promise<void>
  /** The running totals of these subjects (those with none yet are left out). */
  riskSubjects(subjects: string[]): Promise<RiskSubject[]>
  /** Keep the level computed from a subject's totals, its cause and the triggers reported (no-op for an unknown subject). */
  setSubjectRisk(subject: string, risk: Pick<RiskSubject, 'level' | 'trigger' | 'reported'>, at: string): Promise<void>
  /**
   * The risk register: subjects with open cases in the scope (an area: its cases; a department: the cases
   * it handles), the totals of those cases only, ordered by subject, after `cursor` (a subject, exclusive).
   */
  riskRegister(scope: LedgerScope, level: RiskLevel | null, cursor: string | null, limit: number): Promise<RiskRegisterRow[]>
  /**
   * Record an immediate report, or merge it into the one of the same subject and key (`trigger`: risk
   * reports use one key per subject and Beijing day): triggers, case numbers and complaints not yet in it
   * are added and its count goes up. Reads before it writes: false, and nothing written, when the
   * report exists and adds nothing.
   */
  insertAlert(a: Alert): Promise<boolean>
  /** Newest first; with `state`, only alerts in that state (an alert without one is new). */
  listAlerts(areaPrefix: string, limit: number, state?: AlertState): Promise<Alert[]>
  getAlert(id: string): Promise<Alert | null>
  /** Mark an alert read or handled (who, when, note); false when there is no such alert. */
  ackAlert(id: string, ack: AlertAck): Promise<boolean>

  /**
   * Apply one admin change and record its audit entry, in one transaction (all or nothing). A rule put
   * whose area prefix and industry another rule holds is refused ('duplicate', nothing written); a
   * delete of something missing answers 'missing' (nothing written).
   */
  adminChange(change: AdminChange, audit: AuditEntry): Promise<'ok' | 'duplicate' | 'missing'>
  /** Audit entries of areas within the prefix, newest first, after `cursor` (exclusive). */
  listAudit(areaPrefix: string, cursor: AuditCursor | null, limit: number): Promise<AuditEntry[]>
  stats(areaPrefix: string): Promise<StatsRow[]>

  /** Lease up to `limit` due messages until `leaseUntil`; overlapping runs never take the same one. */
  claimOutbox(now: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]>
  finishOutbox(
    id: OutboxMessage['id'],
    result: { ok: true; at: string } | { ok: false; error: string; nextAt: string | null },
  ): Promise<void>
  listOutbox(limit: number): Promise<OutboxMessage[]>
  /** Record a message sent at once, outside any event (e.g. a sign-in code): a row already `sent`. */
  recordSent(m: NewMessage, complaintId: string | null, at: string): Promise<void>
  /**
   * SMS of cases (not sign-in codes) sent to this phone since `since`: the daily cap per phone, checked
   * by the sender before it sends one (scheduler.ts deliverOutbox).
   */
  countSmsSentSince(phone: string, since: string): Promise<number>

  /** One more one-time WeChat subscription credit per template id (the user accepted requestSubscribeMessage). */
  addConsents(openid: string, templateIds: string[], at: string): Promise<void>
  /** Take one credit, atomically; false when none is left. */
  takeConsent(openid: string, templateId: string, at: string): Promise<boolean>
  usersOfDept(deptId: string): Promise<User[]>
  coordinatorsCovering(areaCode: string): Promise<User[]>

  listSites(areaPrefix: string, limit: number): Promise<Site[]>
  /** Insert or update (by code) every site in one transaction: all or nothing. */
  putSites(sites: Site[]): Promise<{ created: number; updated: number }>
  listInvites(deptIds: string[], limit: number): Promise<Invite[]>
  revokeInvite(code: string): Promise<boolean>
  listTemplates(): Promise<ReplyTemplate[]>
  putTemplate(t: ReplyTemplate): Promise<void>
  deleteTemplate(id: string): Promise<boolean>
  /** Every case of an area (or of one department) with its last event: the ledger (台账). */
  ledger(scope: { areaPrefix: string } | { deptId: string }, limit: number): Promise<LedgerRow[]>
  /**
   * One page of the ledger after `cursor` (exclusive), in the order an index gives without sorting: an
   * area's by area code, then time and id; a department's by time and id. Exports read it page by page.
   */
  ledgerPage(scope: LedgerScope, cursor: LedgerCursor | null, limit: number): Promise<LedgerRow[]>

  /**
   * Configuration per area (shared/configScope.ts): one document per area code, '000000' the country
   * level. The stored documents of these areas; an area without one is left out.
   */
  getAreaConfigs(areaCodes: readonly string[]): Promise<AreaConfig[]>
  /** Replace one area's own settings (a sparse object: what this level sets). */
  setAreaConfig(areaCode: string, value: unknown, at: string): Promise<void>
  /** Every area's document, by area code (a small table: the scheduler reads it whole). */
  listAreaConfigs(): Promise<AreaConfig[]>
}

/** The settings one area keeps itself (not what it inherits). */
export interface AreaConfig {
  areaCode: string
  value: unknown
  updatedAt: string
}

export interface Clock {
  now(): Date
}

export interface Alert {
  id: string
  /** `site:<code>` or the employer key. */
  subject: string
  trigger: string
  areaCode: string
  note: string
  complaintIds: string[]
  createdAt: string
  /** The triggers it reports (merged over the day); absent on reports from before: [trigger]. */
  triggers?: string[]
  /** Case numbers it was raised for, in order (merged over the day). */
  caseNos?: string[]
  /** Times it was raised: repeats of one subject within a Beijing day are merged into one entry. */
  count?: number
  /** Worked by the coordinator: new until read; handled once a note says what was done. Absent: new. */
  state?: AlertState
  /** The note of the official who handled it ('' when only read). */
  ackNote?: string
  /** Who last read or handled it (openid), and when; null while new. */
  ackBy?: string | null
  ackAt?: string | null
}

export const ALERT_STATES = ['new', 'read', 'handled'] as const
export type AlertState = (typeof ALERT_STATES)[number]

/** What alerts.ack writes on an alert. */
export interface AlertAck {
  state: Exclude<AlertState, 'new'>
  note: string
  by: string
  at: string
}

/** What a coordinator's change touched (admin audit). */
export type AuditEntity = 'dept' | 'rule' | 'site' | 'config' | 'template' | 'apiKey' | 'invite'

/** One admin change on the record: who, when, what it was before and after (null: did not exist / removed). */
export interface AuditEntry {
  id: string
  at: string
  actorOpenid: string
  actorDeptId: string | null
  /** The area the changed thing belongs to: coordinators whose area contains it see the entry. */
  areaCode: string
  /** The admin action (dept.update, rule.delete, site.import …). */
  action: string
  entity: AuditEntity
  entityId: string
  before: unknown
  after: unknown
}

/** Where an audit page ends: its last entry. */
export type AuditCursor = { at: string; id: string }

/**
 * An admin write, applied with its audit entry in one transaction (Storage.adminChange). Puts insert or
 * replace the whole record; a rule is keyed by its id (its area prefix and industry may change).
 */
export type AdminChange =
  | { kind: 'dept'; dept: Dept }
  | { kind: 'rule'; rule: RoutingRule & { createdAt: string } }
  | { kind: 'ruleDelete'; id: string }
  | { kind: 'site'; site: Site }
  | { kind: 'sites'; sites: Site[] }
  | { kind: 'template'; template: ReplyTemplate }
  | { kind: 'templateDelete'; id: string }
  | { kind: 'config'; writes: { areaCode: string; value: unknown }[]; at: string }
  | { kind: 'apiKey'; key: ApiKey }
  /** 'missing' when there is no such key or it was revoked already. */
  | { kind: 'apiKeyRevoke'; id: string; at: string }

export type MessageChannel = 'wechat' | 'sms'

/**
 * A message to write to the outbox with the events that send it. Which messages and on which channel is
 * the application's policy (notify.ts, channels.ts); the storage only writes them in the same transaction.
 */
export interface NewMessage {
  channel: MessageChannel
  /** wechat: `user:<openid>`, `dept:<deptId>` (its staff) or `coord:<areaCode>`; sms: the phone, 11 digits. */
  recipient: string
  /** wechat: the kind of subscription message (case_update …); sms: the text's key (shared/smsTemplates.ts). */
  template: string
  title: string
  /** sms: the whole text. */
  body: string
  /** sms: the template's parameters in order; null for WeChat. */
  params: string[] | null
}

export interface OutboxMessage {
  /** SQLite's row id; CloudBase's document id (`<complaintId>:<event seq>:<n>`): pass it back as it came. */
  id: number | string
  complaintId: string | null
  channel: MessageChannel
  recipient: string
  template: string
  title: string
  body: string
  params: string[] | null
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAt: string
  lastError: string | null
  createdAt: string
  sentAt: string | null
}

/** One group of the overview: counts of cases by status, card, risk, industry and area. */
export interface StatsRow {
  status: Status
  channel: Channel
  card: Card
  riskLevel: RiskLevel
  industry: Industry
  areaCode: string
  count: number
  acceptedOnTime: number
  closedOnTime: number
  closedCount: number
  daysToCloseSum: number
  ratingSum: number
  ratingCount: number
}
