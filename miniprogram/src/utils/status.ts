import { STATUS_META, type StatusTone } from '@shared/statusMeta'
import type { Status } from '@shared/types'

/** How a status looks at a glance: waiting, needs the worker, done, or out of our hands. */
export type Tone = StatusTone

export function statusTone(status: Status): Tone {
  return STATUS_META[status] ? STATUS_META[status].tone : 'info'
}

/** The badge class for a status. */
export function badgeClass(status: Status): string {
  const tone = statusTone(status)
  return 'xam-badge' + (tone === 'work' ? '' : ' xam-badge-' + tone)
}
