import type { TimelineItem } from '@shared/types'

/** A timeline entry, possibly standing for several views of personal data in a row. */
export type ShownItem = TimelineItem & { times?: number; firstAt?: string }

/**
 * Every view of a worker's full contact details is recorded, so a busy case page fills with them.
 * For reading, views in a row by the same unit become one entry with a count and the time span; the
 * record itself (and the ledger) keeps each one.
 */
export function collapseViews(items: TimelineItem[]): ShownItem[] {
  const out: ShownItem[] = []
  for (const item of items) {
    const prev = out[out.length - 1]
    if (item.type === 'pii_viewed' && prev && prev.type === 'pii_viewed' && prev.actor === item.actor) {
      out[out.length - 1] = { ...item, times: (prev.times ?? 1) + 1, firstAt: prev.firstAt ?? prev.at }
    } else out.push(item)
  }
  return out
}
