import type { DeptKind, Role } from '@shared/types'

/** What `staff me` returns. */
export interface Me {
  role: Role
  dept?: { id: string; name: string; kind: DeptKind; areaCode: string }
  /** WeChat subscription templates for new cases, escalations and alerts (empty when not configured). */
  subscribeTemplates?: string[]
}
