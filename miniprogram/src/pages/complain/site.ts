import type { Funding, Industry } from '@shared/types'

/** What `worker site.lookup` returns. */
export interface SiteInfo {
  code: string
  /** 'ABC-DEFG', as printed under the QR. */
  displayCode?: string
  name: string
  address: string
  areaCode: string
  areaName: string
  industry: Industry
  funding: Funding
  contractor: { name: string; uscc: string }
  supervisingDept: { id: string; name: string }
}

/** What `worker complaint.submit` returns. */
export interface SubmitResult {
  id: string
  caseNo: string
  status: string
  firstResponder: { id: string; name: string }
  handler: { id: string; name: string }
  acceptDueAt: string | null
}
