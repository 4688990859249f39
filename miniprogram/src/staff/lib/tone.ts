import { statusGroup } from '@shared/statusMeta'
import type { Status } from '@shared/types'

export type StaffTone = 'wait' | 'work' | 'done' | 'alert'

/**
 * A status coloured by meaning (issue 17): waiting amber, being handled blue, done green; red (`alert`) only
 * when the case is late, has a red card, a major risk or an overdue supervision.
 */
export function staffTone(status: Status, alert: boolean): StaffTone {
  if (alert) return 'alert'
  const g = statusGroup(status)
  return g === 'waiting' ? 'wait' : g === 'handling' || g === 'elsewhere' ? 'work' : 'done'
}
