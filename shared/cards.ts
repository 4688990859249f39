// Overdue cards (红黄牌): yellow once the resolution deadline passes unresolved; red when it is
// `redAfterDays` past the deadline with no progress event since the deadline.
import { statusesIn } from './statusMeta'
import type { Config } from './config'
import type { Card, Status } from './types'
import { addDays } from './time'

const UNRESOLVED: readonly Status[] = statusesIn('handling')

export function cardFor(
  c: { status: Status; resolveDueAt: string | null; lastProgressAt: string | null },
  now: Date,
  config: Config,
): Card {
  if (!c.resolveDueAt || !UNRESOLVED.includes(c.status)) return 'none'
  const due = new Date(c.resolveDueAt)
  if (now <= due) return 'none'
  const redAt = addDays(due, config.cards.redAfterDays)
  const progressedSinceDue = c.lastProgressAt !== null && new Date(c.lastProgressAt) > due
  return now >= redAt && !progressedSinceDue ? 'red' : 'yellow'
}
