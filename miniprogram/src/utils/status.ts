import type { Status } from '@shared/types'

/** How a status looks at a glance: waiting, needs the worker, done, or out of our hands. */
export type Tone = 'wait' | 'work' | 'act' | 'done' | 'info'

const TONES: Record<Status, Tone> = {
  registered: 'wait',
  routed: 'wait',
  returned: 'wait',
  accepted: 'work',
  in_progress: 'work',
  reopened: 'work',
  referred: 'work',
  resolved: 'act',
  not_wage_arrears: 'act',
  closed: 'done',
  transferred_out: 'info',
}

export function statusTone(status: Status): Tone {
  return TONES[status] || 'info'
}

/** The badge class for a status. */
export function badgeClass(status: Status): string {
  const tone = statusTone(status)
  return 'xam-badge' + (tone === 'work' ? '' : ' xam-badge-' + tone)
}
