// Shapes of the staff and admin replies the staff pages read (beyond shared/types).
import type { ComplaintView, DeptKind, Funding, Industry, Role, Status } from '@shared/types'

export interface RelatedCase {
  id: string
  caseNo: string
  status: Status
  workerCount: number
}

/** `staff complaint.get`: the full view plus open cases on the same site. */
export interface CaseDetail extends ComplaintView {
  related?: RelatedCase[]
}

export interface DeptItem {
  id: string
  name: string
  kind: DeptKind
  areaCode: string
  parentId?: string | null
  active?: boolean
}

export interface RuleItem {
  id: string
  areaPrefix: string
  industry: Industry
  deptId: string
  deptName?: string
  createdAt?: string
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
  issuerDeptId?: string
  retired?: boolean
  createdAt?: string
}

export type InviteState = 'open' | 'used' | 'expired' | 'revoked'

export interface InviteItem {
  code: string
  role: Role
  deptId: string
  createdAt?: string
  expiresAt: string
  usedBy?: string | null
  usedAt?: string | null
  revoked?: boolean
  state?: InviteState
}

export interface TemplateItem {
  id: string
  action: string
  title: string
  text: string
  areaCode?: string
  updatedAt?: string
}

export interface RuleTestResult {
  dept: { id: string; name: string } | null
  via: 'rule' | 'labour_fallback' | 'none'
  explanation: string
}

export interface Overview {
  total: number
  byStatus: Record<string, number>
  byCard: Record<string, number>
  byRisk: Record<string, number>
  byIndustry: Record<string, number>
  byArea: Record<string, number>
  acceptedOnTime: number
  closedOnTime: number
  closed: number
  averageDaysToClose: number | null
  satisfaction: number | null
  campaign: { endsAt: string; areaCode: string; open: number } | null
}

export interface AlertItem {
  id: string
  subject: string
  trigger: string
  areaCode: string
  note: string
  complaintIds: string[]
  createdAt: string
}

/** `staff complaint.receipt`: the printable desk receipt. */
export interface DeskReceipt {
  id: string
  caseNo: string
  /** Only for the desk that filed it, until the worker claims the case. */
  claimCode: string | null
  claimUrl: string | null
  claimQrSvg: string | null
  projectName: string
  employerName?: string
  handler: { id: string; name: string }
  firstResponder: { id: string; name: string }
  acceptDueAt: string | null
  workerCount?: number
  complainants: { name: string; phone: string; amountOwedFen: number }[]
  amountOwedFen: number
  createdAt: string
}

export interface FileResult {
  id: string
  caseNo: string
  status: string
  firstResponder: { id: string; name: string }
  handler: { id: string; name: string }
  acceptDueAt: string | null
  claimCode: string
}

export interface LedgerFile {
  filename: string
  mime: string
  rows?: number
  base64: string
}
