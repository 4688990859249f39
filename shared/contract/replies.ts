// What each action returns: the reply shapes both the functions (which must produce them) and the
// mini-program's pages (which read them) are typed from. Requests are in the schema files beside this.
import type { Config } from '../config'
import type { ComplaintView, DeptKind, Funding, Industry, PhoneFields, QueueItem, Ref, Role, Status } from '../types'

export type { ComplaintView, QueueItem, Ref } from '../types'

/** Any status change: the case's new status and version. */
export interface Moved {
  id: string
  status: Status
  version: number
}

export interface Reminded extends Moved {
  remindedAt: string
  /** When the worker may remind again. */
  nextAt: string
}

export interface AppSettings {
  /** Message templates to ask permission for (WeChat only); empty: do not ask. */
  subscribeTemplates: string[]
  maxPhotos: number
  maxPhotoBytes: number
  /** Where this caller's photos go in cloud storage (`evidence/<folder>`): only their own folder is accepted. */
  uploadDir: string
  /** The complaint form offers WeChat's phone button (deployment signIn.wechatPhoneNumber, and the exchange is there). */
  phoneButton?: boolean
  /** Who runs the service where the worker is (the area asked for, else the deployment's): named in the page header. */
  service: ServiceInfo
}

/** The issuing authority (主办单位) and the hotline of an area's service. */
export interface ServiceInfo {
  authority: string
  hotline: string
}

/** `upload.register`: the photo is recorded as the caller's. */
export interface UploadRegistered {
  fileId: string
}

/** `site.lookup`: what a scanned sticker fills in. */
export interface SiteInfo {
  code: string
  /** 'ABC-DEFG', as printed under the QR. */
  displayCode: string
  name: string
  address: string
  areaCode: string
  areaName: string
  industry: Industry
  funding: Funding
  contractor: { name: string; uscc: string }
  supervisingDept: Ref
}

/** The receipt of a registered complaint. */
export interface SubmitResult {
  id: string
  caseNo: string
  status: Status
  firstResponder: Ref
  handler: Ref
  acceptDueAt: string | null
}

export interface MineItem {
  id: string
  caseNo: string
  status: Status
  statusLabel: string
  siteName: string
  createdAt: string
  updatedAt: string
}

export interface Claimed {
  id: string
  caseNo: string
}

export interface DeptBrief {
  id: string
  name: string
  kind: DeptKind
  areaCode: string
}

/** `staff me`. */
export interface Me {
  role: Role
  /** The caller's OPENID (shown to people not yet bound to a unit, for setting the first coordinator). */
  openid?: string
  dept?: DeptBrief
  /** WeChat subscription templates for new cases, escalations and alerts (empty when not configured). */
  subscribeTemplates?: string[]
  /** The official's own profile (profile.set): name and office phone. */
  name?: string | null
  officePhone?: string
}

export interface InviteAccepted {
  role: Role
  dept?: DeptBrief
}

export interface QueuePage {
  items: QueueItem[]
  nextCursor: string | null
}

export interface Overview {
  total: number
  byStatus: Record<string, number>
  byCard: Record<string, number>
  byRisk: Record<string, number>
  byIndustry: Record<string, number>
  /** Cases by how they arrived (QR, desk, 12345, the national platform …). */
  byChannel?: Record<string, number>
  byArea: Record<string, number>
  acceptedOnTime: number
  closedOnTime: number
  closed: number
  averageDaysToClose: number | null
  satisfaction: number | null
  campaign: { endsAt: string; areaCode: string; open: number } | null
  /** Honest rates, money and the chosen period (issue 17); absent from older servers. */
  figures?: OverviewFigures
}

export interface DeptItem extends DeptBrief {
  parentId?: string | null
  active?: boolean
  /** The public complaint phone ('' when not published). */
  phone?: string
}

export interface TemplateItem {
  id: string
  action: string
  title: string
  text: string
  areaCode?: string
  updatedAt?: string
}

export interface Items<T> {
  items: T[]
}

/** A generated file: the ledger, a report. */
export interface FileReply {
  filename: string
  mime: string
  rows?: number
  base64: string
}

/**
 * `ledger.export`, then `ledger.continue`: a ledger of one page comes at once (`jobId` null, the file in
 * `base64`); a larger one is built one page per call: `done: false` until `ledger.continue { jobId }`
 * answers `done` with the number of `parts`, each fetched by `ledger.download { jobId, part }`.
 */
export type LedgerStep =
  | { done: false; jobId: string; rows: number }
  | { done: true; jobId: null; rows: number; filename: string; mime: string; base64: string }
  | { done: true; jobId: string; rows: number; filename: string; mime: string; parts: number }

/** `ledger.download`: one part of a built ledger file; the file is the parts joined in order. */
export interface LedgerPart {
  part: number
  parts: number
  base64: string
}

/** A worker on the desk receipt: the phone masked; their own claim code, link and QR only for the filing desk, until claimed. */
export interface ReceiptPerson extends PhoneFields {
  name: string
  amountOwedFen: number
  /** The worker follows the case in WeChat. */
  claimed: boolean
  claimCode: string | null
  claimUrl: string | null
  claimQrSvg: string | null
}

/** `staff complaint.reissueClaim`: the new codes, for the workers who had not claimed the case. */
export interface ClaimReissued {
  id: string
  caseNo: string
  /** Position in the receipt's `complainants`, name and new code of each worker given one. */
  members: { idx: number; name: string; claimCode: string }[]
}

/** `staff complaint.receipt`: the printable desk receipt. */
export interface DeskReceipt {
  id: string
  caseNo: string
  /** Wrong claim codes have locked the claim: no code works until the desk issues new ones. */
  claimLocked: boolean
  /** The caller is the desk that filed it and may issue new claim codes (complaint.reissueClaim). */
  canReissue: boolean
  /** The first worker's (the only one's): only for the desk that filed it, until claimed. */
  claimCode: string | null
  claimUrl: string | null
  claimQrSvg: string | null
  projectName: string
  employerName: string
  handler: Ref
  firstResponder: Ref
  acceptDueAt: string | null
  workerCount: number
  /** Every worker of the case, each with their own code (a single complaint: its one complainant). */
  complainants: ReceiptPerson[]
  amountOwedFen: number
  createdAt: string
  /** The official who carries the case (承办人) with their office phone; null before acceptance. */
  assignee?: { name: string; officePhone: string } | null
  /** A coordinator's supervision (挂牌督办) and its deadline; staff only, never printed for the worker. */
  supervision?: { dueAt: string; leaderName: string | null; overdue: boolean } | null
}

export interface AlertItem {
  id: string
  subject: string
  trigger: string
  areaCode: string
  note: string
  complaintIds: string[]
  createdAt: string
  /** What it is about, as people say it: the project's or the employer's name (never a raw code). */
  title: string
  /** 项目 or 用人单位. */
  kind: 'site' | 'employer'
  /** The linked cases by number. */
  cases: { id: string; caseNo: string }[]
  /** Times it was raised (repeats of one subject within a day are merged into one entry). */
  count: number
  state: 'new' | 'read' | 'handled'
  /** What was done (handled), '' otherwise. */
  ackNote: string
  /** Who read or handled it, by name (or unit), and when; null while new. */
  ackBy: string | null
  ackAt: string | null
}

export interface RelatedCase {
  id: string
  caseNo: string
  status: Status
  workerCount: number
}

/** `staff complaint.get`: the full view plus open cases on the same site. */
export interface CaseDetail extends ComplaintView {
  /** Open cases on the same site that the caller may see. */
  related: RelatedCase[]
  /** Open cases on the same site the caller may not see: a count only. */
  relatedHidden: number
  /** The complainant's name is masked (not the handler; not opened on purpose). */
  nameMasked: boolean
  /** The official who carries the case (承办人); null before acceptance. */
  assignee?: { openid: string; name: string; officePhone: string } | null
  /** The handling department's officials, to hand the case to (handler only; else empty). */
  colleagues?: { openid: string; name: string; officePhone: string }[]
  /** A coordinator's supervision (挂牌督办), with the leader in charge (包案) when named. */
  supervision?: { note: string; dueAt: string; leaderName: string | null; overdue: boolean } | null
}

/** What the desk gets back from filing: the receipt and the codes the workers claim the case with. */
export interface FileResult extends SubmitResult {
  /** The first worker's code (the only one's). */
  claimCode: string | null
  /** One per worker, in the order filed: each claims the case in their own WeChat with their own code. */
  members: { name: string; claimCode: string }[]
}

export interface WithDeadline extends Moved {
  resolveDueAt: string | null
}

export interface Created {
  id: string
}

export interface RuleItem {
  id: string
  areaPrefix: string
  industry: Industry
  deptId: string
  createdAt?: string
}

export interface RuleTestResult {
  dept: Ref | null
  via: 'rule' | 'labour_fallback' | 'none'
  explanation: string
}

export interface SiteItem {
  code: string
  name: string
  address: string
  areaCode: string
  industry: Industry
  funding: Funding
  contractorName: string
  contractorUscc: string
  supervisingDeptId: string
  issuerDeptId: string
  retired: boolean
  createdAt: string
}

export interface ImportedSite {
  row: number
  code: string
  name: string
  action: 'created' | 'updated'
}

export interface ImportResult {
  /** Data rows imported. */
  rows: number
  created: number
  updated: number
  sites: ImportedSite[]
  dryRun?: boolean
}

export type InviteState = 'open' | 'used' | 'expired' | 'revoked'

export interface InviteItem {
  code: string
  role: Role
  deptId: string
  createdBy: string
  createdAt: string
  expiresAt: string
  usedBy: string | null
  usedAt: string | null
  revoked: boolean
  state: InviteState
  /** The invited official's mobile, which whoever uses the invite must prove. */
  phone?: string | null
}

export interface InviteCreated {
  code: string
  expiresAt: string
}

/** A campaign (专项行动) and the level that keeps it. */
export interface CampaignItem {
  endsAt: string
  areaCode: string
  /** The area whose settings hold it ('000000': the deployment's). */
  setAt: string
}

/**
 * `admin config.get` / `config.set`: an area's configuration (shared/configScope.ts). `effective` is what
 * applies there; `own` what this area sets itself (deadlines, cards, risk, rate limits, campaign);
 * `inherited` what applies without its own values (from the levels above); `sources` names, per setting
 * (`deadlines.resolveDaysDefault` …), the level it comes from ('000000': the deployment's defaults).
 */
export interface ConfigView {
  areaCode: string
  areaName: string
  effective: Config
  own: Record<string, unknown>
  inherited: Config
  sources: Record<string, string>
  /** The levels from the country down to this area, with their names. */
  levels: { areaCode: string; name: string }[]
  /** Campaigns over this area (the earliest applies) and any this area keeps for an area below it. */
  campaigns: CampaignItem[]
  /** The caller may also set what is national (holidays, the catch-all unit): a top coordinator. */
  national: boolean
  /** The public link prefix of stickers and receipts: the deployment's, not a setting here. */
  publicBaseUrl: string
}

export type { Config }

/** How a period report groups its rows: by handling department, district (county) or industry. */
export const REPORT_GROUPS = ['dept', 'district', 'industry'] as const
export type ReportGroup = (typeof REPORT_GROUPS)[number]

/** A period's figures for the cases registered in it, as they stand now (report.ts). */
export interface Figures {
  newCases: number
  acceptedOnTime: number
  acceptedLate: number
  /** Not accepted yet, the acceptance deadline passed. */
  notAcceptedOverdue: number
  /** Not accepted yet, still within the deadline (or none set). */
  awaitingAcceptance: number
  /** Resolved at least once and not reopened since (resolved or closed). */
  resolved: number
  resolvedOnTime: number
  resolvedLate: number
  /** Still open past the resolution deadline (reopened cases included). */
  notResolvedOverdue: number
  closed: number
  open: number
  yellowCards: number
  redCards: number
  amountOwedFen: number
  amountRecoveredFen: number
  workers: number
  /** Days from registration to resolution, one decimal; null when none resolved. */
  averageDaysToResolve: number | null
  /** Average worker rating (1–5), one decimal; null when none rated. */
  satisfaction: number | null
  /** On time over all that were due: accepted on time + late + overdue unaccepted; null when none was due. */
  acceptOnTimeRate: number | null
  resolveOnTimeRate: number | null
}

export interface ReportRow extends Figures {
  key: string
  name: string
}

/** `report.period` as JSON, also the overview's `period`: rows, totals, the previous period of the same length and the change. */
export interface PeriodFigures {
  from: string
  to: string
  groupBy: ReportGroup
  rows: ReportRow[]
  totals: Figures
  previous: { from: string; to: string; totals: Figures }
  change: Record<'newCases' | 'amountOwedFen' | 'amountRecoveredFen' | 'workers' | 'notAcceptedOverdue' | 'redCards', number>
}
export type PeriodReport = PeriodFigures

/** The overview's figures: honest all-time rates and money, and a period per department and per district. */
export interface OverviewFigures {
  allTime: Figures
  byDept: PeriodFigures
  byDistrict: PeriodFigures
}

/** `report.period` as XLSX. */
export interface ReportFile {
  filename: string
  mime: string
  base64: string
}
