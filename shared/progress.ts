// Where a case stands, as the worker follows it: four steps (登记 → 受理 → 处理 → 办结) with the due
// date of the current one, and, when a unit is past its deadline, what that means in plain words.
// Pure: the time is passed in.
import { statusGroup } from './statusMeta'
import type { Card, Status } from './types'

export type StepKey = 'registered' | 'accepted' | 'handling' | 'closed'
export type StepState = 'done' | 'current' | 'todo'

export interface Step {
  key: StepKey
  label: string
  state: StepState
  /** When the current step must be done by (acceptance or resolution deadline); null otherwise. */
  dueAt: string | null
  /** The current step's deadline has passed. */
  late: boolean
}

/** A unit past its deadline, as the worker is told. */
export interface Lateness {
  kind: 'accept' | 'resolve'
  /** What happened, in one plain sentence. */
  message: string
  /** What the card colour means, when there is one. */
  cardNote: string | null
}

export const STEP_LABELS: Record<StepKey, string> = { registered: '登记', accepted: '受理', handling: '处理', closed: '办结' }
const ORDER: StepKey[] = ['registered', 'accepted', 'handling', 'closed']

/** What each card colour means, for the worker and for staff. */
export const CARD_NOTES: Record<Exclude<Card, 'none'>, string> = {
  yellow: '黄牌：负责单位超过办结期限还没办完，正在督办',
  red: '红牌：超过期限很久仍没有进展，已报告联席办督办',
}

export const LATE_ACCEPT_MESSAGE = '负责单位超过期限还没受理，已经报告上级督办'
export const LATE_RESOLVE_MESSAGE = '负责单位超过办结期限还没办完，已经报告上级督办'

export interface ProgressInput {
  status: Status
  acceptDueAt: string | null
  resolveDueAt: string | null
  card: Card
}

function currentStep(status: Status): StepKey | null {
  switch (statusGroup(status)) {
    case 'waiting':
      return 'accepted'
    case 'handling':
    case 'elsewhere':
      return 'handling'
    case 'answered':
      return 'closed'
    default:
      return null
  }
}

export function progressOf(c: ProgressInput, now: Date): { steps: Step[]; late: Lateness | null } {
  const current = currentStep(c.status)
  const at = now.toISOString()
  const dueOf = (k: StepKey) =>
    k === 'accepted' ? c.acceptDueAt : k === 'handling' && statusGroup(c.status) === 'handling' ? c.resolveDueAt : null
  const idx = current ? ORDER.indexOf(current) : ORDER.length
  const steps = ORDER.map((key, i): Step => {
    const state: StepState = i < idx ? 'done' : i === idx ? 'current' : 'todo'
    const dueAt = state === 'current' ? dueOf(key) : null
    return { key, label: STEP_LABELS[key], state, dueAt, late: !!dueAt && dueAt < at }
  })
  let late: Lateness | null = null
  if (current === 'accepted' && c.acceptDueAt && c.acceptDueAt < at) late = { kind: 'accept', message: LATE_ACCEPT_MESSAGE, cardNote: null }
  if (current === 'handling' && statusGroup(c.status) === 'handling' && c.resolveDueAt && c.resolveDueAt < at) {
    late = { kind: 'resolve', message: LATE_RESOLVE_MESSAGE, cardNote: c.card === 'none' ? null : CARD_NOTES[c.card] }
  }
  return { steps, late }
}
