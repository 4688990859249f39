import type { DeptKind, Role } from '@shared/types'

/** What `staff me` returns. */
export interface Me {
  role: Role
  /** The caller's OPENID (shown to people not yet bound to a unit, for setting the first coordinator). */
  openid?: string
  dept?: { id: string; name: string; kind: DeptKind; areaCode: string }
  /** WeChat subscription templates for new cases, escalations and alerts (empty when not configured). */
  subscribeTemplates?: string[]
}
