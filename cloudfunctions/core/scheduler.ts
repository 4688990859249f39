// The scheduler: run on a timer, it touches only what is due, through indexed queries. Each change is
// a versioned update, so two overlapping runs never apply the same change twice.
import { cardFor } from '../../shared/cards'
import { CARD_LABELS } from '../../shared/labels'
import { parseConfig } from '../../shared/config'
import { addDays } from '../../shared/time'
import type { Deps } from './context'

const BATCH = 500

export interface TickReport {
  at: string
  cards: number
  autoClosed: number
}

export async function runScheduler(deps: Deps): Promise<TickReport> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const config = parseConfig(await deps.storage.getConfig())
  const report: TickReport = { at, cards: 0, autoClosed: 0 }

  // Overdue cards: yellow past the deadline, red when long past it with no progress.
  for (const c of await deps.storage.dueForCards(at, BATCH)) {
    const card = cardFor(c, now, config)
    if (card === c.card) continue
    const r = await deps.storage.updateComplaint(c.id, c.version, { card }, [
      { at, type: 'escalated', actorOpenid: null, actorDeptId: null, note: `超过办结期限，亮${CARD_LABELS[card]}`, visibleToWorker: false, data: { card } },
    ], at)
    if (r !== 'conflict') report.cards++
  }

  // A resolved case the worker has not answered in `autoCloseDays` closes itself.
  const before = addDays(now, -config.deadlines.autoCloseDays).toISOString()
  for (const c of await deps.storage.dueForAutoClose(before, BATCH)) {
    const r = await deps.storage.updateComplaint(c.id, c.version, { status: 'closed', closedAt: at }, [
      { at, type: 'closed', actorOpenid: null, actorDeptId: null, note: `${config.deadlines.autoCloseDays}天内未收到确认，自动办结`, visibleToWorker: true, data: { auto: true } },
    ], at)
    if (r !== 'conflict') report.autoClosed++
  }
  return report
}
