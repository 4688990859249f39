// Core domain types shared by the mini-program and the functions.
import type { Lateness, Step } from './progress'

export const STATUSES = [
  'registered',
  'routed',
  'returned',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'referred',
  'not_wage_arrears',
  'transferred_out',
  'reopened',
] as const
export type Status = (typeof STATUSES)[number]

export const ROLES = ['worker', 'desk', 'inspector', 'coordinator'] as const
export type Role = (typeof ROLES)[number]

export const INDUSTRIES = ['housing', 'transport', 'water', 'other'] as const
export type Industry = (typeof INDUSTRIES)[number]

export const FUNDINGS = ['government', 'state_owned', 'other'] as const
export type Funding = (typeof FUNDINGS)[number]

export const DEPT_KINDS = ['labour', 'housing', 'transport', 'water', 'other', 'desk', 'politics_law', 'petition'] as const
export type DeptKind = (typeof DEPT_KINDS)[number]

/**
 * Units that are told of severe cases of their area and read them, never handle one (issue 16): the
 * 政法委 and the 信访局. They receive no routing, no sites and no cases in hand.
 */
export const WATCH_KINDS = ['politics_law', 'petition'] as const satisfies readonly DeptKind[]
export function isWatchKind(kind: string): boolean {
  return (WATCH_KINDS as readonly string[]).includes(kind)
}
/** May this kind of unit handle cases (be routed to, supervise a site, be a first responder)? Not a desk, not a watcher. */
export function handlesCases(kind: string): boolean {
  return kind !== 'desk' && !isWatchKind(kind)
}

/**
 * Leads from other channels (issue 14): the 12345 hotline, the national 根治欠薪线索反映平台, the 12333
 * hotline, petitions (信访), walk-ins (来访) and the media. Each is one case with its outside reference.
 */
export const LEAD_CHANNELS = ['hotline_12345', 'national_platform', 'hotline_12333', 'petition', 'visit', 'media'] as const
export type LeadChannel = (typeof LEAD_CHANNELS)[number]

export const CHANNELS = ['helmet_qr', 'board_qr', 'self', 'desk', ...LEAD_CHANNELS] as const
export type Channel = (typeof CHANNELS)[number]

export function isLeadChannel(c: string): c is LeadChannel {
  return (LEAD_CHANNELS as readonly string[]).includes(c)
}

export const PLACEMENTS = ['helmet', 'board', 'gate', 'living', 'clothes'] as const
export type Placement = (typeof PLACEMENTS)[number]

export const CARDS = ['none', 'yellow', 'red'] as const
export type Card = (typeof CARDS)[number]

export const RISK_LEVELS = ['none', 'general', 'major', 'severe'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const REFER_TARGETS = ['arbitration', 'court', 'police', 'procuratorate', 'legal_aid', 'mediation'] as const
/** What came back from a referral. */
export const REFERRAL_OUTCOMES = ['award', 'judgment', 'case_filed', 'judicial_confirmation', 'mediated', 'withdrawn'] as const
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]
export const FLAG_SIGNALS = ['injury', 'extreme_act', 'public_opinion', 'assets_hidden'] as const
export type FlagSignal = (typeof FLAG_SIGNALS)[number]
export const ADVANCE_SOURCES = ['emergency_fund', 'wage_deposit', 'general_contractor', 'government'] as const
export type AdvanceSource = (typeof ADVANCE_SOURCES)[number]
export const PENALTY_KINDS = ['payment_order', 'rectification_order', 'fine', 'credit_listing'] as const
export type PenaltyKind = (typeof PENALTY_KINDS)[number]
export type ReferTarget = (typeof REFER_TARGETS)[number]

/** Whose number a worker without a mobile phone gave the desk: a relative's (gets SMS) or the desk's own (never). */
export const CONTACT_PHONE_OF = ['relative', 'desk'] as const
export type ContactPhoneOf = (typeof CONTACT_PHONE_OF)[number]

/** How a complainant is reached: their mobile ('' when they have none), else a contact phone and whose it is. */
export interface PhoneFields {
  phone: string
  contactPhone?: string
  contactPhoneOf?: ContactPhoneOf
}

export const ERROR_CODES = ['VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'INTERNAL'] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  code: ErrorCode
  message: string
  fields?: Record<string, string>
}
export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiError }

export interface Ref {
  id: string
  name: string
}

/** A unit with its public complaint phone ('' when it has not published one). */
export interface UnitRef extends Ref {
  phone: string
}

export interface TimelineItem {
  at: string
  type: string
  label: string
  note: string
  visibleToWorker?: boolean
  actor?: string
}

/** What `complaint.get` returns (workers get a filtered copy). */
export interface ComplaintView {
  id: string
  caseNo: string
  status: Status
  version: number
  channel: Channel
  siteCode: string | null
  placement: string | null
  projectName: string
  projectAddress: string
  employerName: string
  areaCode: string
  areaName: string
  industry: Industry
  funding: Funding
  complainant: { name: string; idNumber?: string } & PhoneFields
  /**
   * A group's workers. A worker sees the others' numbers masked, and `mine` on their own row(s); staff see
   * `claimed` (the worker follows the case in WeChat).
   */
  complainants: ({ name: string; amountOwedFen: number; mine?: boolean; claimed?: boolean } & PhoneFields)[]
  /** For a worker: what they themselves are owed (their own rows of a group, else the case's amount); null for staff. */
  myAmountOwedFen?: number | null
  workerCount: number
  amountOwedFen: number
  owedSince: string
  description: string
  photos: string[]
  /** A link per photo for showing it (short-lived in production); '' when none could be made. */
  photoLinks: string[]
  hideIdentityFromEmployer: boolean
  bossUnreachable: boolean
  firstResponder: UnitRef
  handler: UnitRef
  /** A lead's reference in the system it came from (12345 工单编号, the national platform's 线索编号 …); null otherwise. */
  externalRef?: string | null
  /** When the source of a lead must have its answer back (回复期限); null when it set none. */
  replyDueAt?: string | null
  /** Where a case transferred out went (another city or province) and that unit's phone ('' when not known). */
  transferredTo?: { name: string; phone: string } | null
  acceptDueAt: string | null
  resolveDueAt: string | null
  complex: boolean
  card: Card
  riskLevel: RiskLevel
  amountRecoveredFen: number | null
  rating: number | null
  createdAt: string
  updatedAt: string
  timeline: TimelineItem[]
  /** 登记 → 受理 → 处理 → 办结, with the current step's due date. */
  steps: Step[]
  /** A unit past its deadline, in plain words; null when all is on time. */
  late: Lateness | null
  /** The worker's last reminder (催办); one a day per case. */
  remindedAt: string | null
  /** Money paid to the workers ahead of the employer (垫付/兜底), in fen; 0 when none. */
  advancedFen?: number
  /** Actions of the status machine this caller may take now. */
  allowedActions: string[]
}

export interface QueueItem {
  id: string
  caseNo: string
  status: Status
  siteName: string
  amountOwedFen: number
  workerCount: number
  createdAt: string
  acceptDueAt: string | null
  resolveDueAt: string | null
  card: Card
  riskLevel: RiskLevel
  handler: Ref
  version: number
  /** How it arrived; a lead also carries its outside reference and reply-back deadline. */
  channel?: Channel
  externalRef?: string | null
  replyDueAt?: string | null
  /** The official who carries the case (承办人), by name; null before acceptance. */
  assigneeName?: string | null
  /** Under a coordinator's supervision (挂牌督办). */
  supervised?: boolean
  /** The supervision's deadline, and whether it passed unresolved (its own card); null/false when not supervised. */
  supervisionDueAt?: string | null
  supervisionOverdue?: boolean
  /** A referred case's next follow-up (跟进期限); null when not referred or the outcome is back. */
  followUpDueAt?: string | null
}
