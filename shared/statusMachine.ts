// The status machine: one table, status × action → next status, and who may take the action.
// The functions enforce it; the mini-program reads the same table (via `allowedActions`) to know
// which buttons to show.
import { statusesIn } from './statusMeta'
import type { Status } from './types'

/** How the caller relates to the complaint; a role alone is never enough. */
export type Relation =
  | 'owner' // the worker who filed it, or claimed it with the first (or only) claim code of a desk receipt
  | 'member' // a worker of a desk-filed group who claimed the case with their own code
  | 'handler' // staff of the department that currently handles it
  | 'first_responder' // staff of the department that first received it
  | 'coordinator' // coordinator whose area covers it
  | 'watch' // staff of a 政法委 or 信访局 whose area covers a severe case: they read it, never act on it
  | 'system' // the scheduler

export interface Transition {
  from: readonly Status[]
  /** Next status; 'same' keeps the current status (the move is still a versioned event). */
  to: Status | 'same'
  by: readonly Relation[]
}

const OPEN_HANDLING: readonly Status[] = statusesIn('handling')
const NOT_ACCEPTED: readonly Status[] = statusesIn('waiting')

export const TRANSITIONS = {
  // Handler takes ownership. From `returned`, the handler is the first responder itself.
  accept: { from: ['routed', 'returned'], to: 'accepted', by: ['handler'] },
  // "Not ours": back to the first responder, never to the worker.
  return: { from: ['routed'], to: 'returned', by: ['handler'] },
  // The first responder (or the coordinator) sends it to a department.
  route: { from: NOT_ACCEPTED, to: 'routed', by: ['first_responder', 'coordinator'] },
  progress: { from: OPEN_HANDLING, to: 'in_progress', by: ['handler'] },
  markComplex: { from: OPEN_HANDLING, to: 'same', by: ['handler'] },
  resolve: { from: OPEN_HANDLING, to: 'resolved', by: ['handler'] },
  notWageArrears: { from: OPEN_HANDLING, to: 'not_wage_arrears', by: ['handler'] },
  refer: { from: OPEN_HANDLING, to: 'referred', by: ['handler'] },
  transferOut: { from: [...NOT_ACCEPTED, ...OPEN_HANDLING], to: 'transferred_out', by: ['handler', 'first_responder'] },
  // Closing speaks for the whole case: only the owner (a group's first worker, its contact) confirms;
  // the other members follow, add information, remind and dispute.
  confirm: { from: ['resolved'], to: 'closed', by: ['owner'] },
  // From closed only after an automatic close and within `deadlines.disputeAfterCloseDays` (the action checks).
  dispute: { from: ['resolved', 'not_wage_arrears', 'closed'], to: 'reopened', by: ['owner', 'member'] },
  supplement: {
    from: [...NOT_ACCEPTED, ...OPEN_HANDLING, 'referred'],
    to: 'same',
    by: ['owner', 'member'],
  },
  autoClose: { from: ['resolved'], to: 'closed', by: ['system'] },
  // The worker presses the unit (催办) while nobody has answered yet; at most once a day (the action checks).
  remind: { from: [...NOT_ACCEPTED, ...OPEN_HANDLING, 'referred'], to: 'same', by: ['owner', 'member'] },
  // The handling department hands the case to another of its officials (承办人).
  assign: { from: [...OPEN_HANDLING, 'referred'], to: 'same', by: ['handler'] },
  // 挂牌督办 (with a leader in charge, 领导包案, when named): the coordinator of the area.
  supervise: { from: [...NOT_ACCEPTED, ...OPEN_HANDLING, 'referred'], to: 'same', by: ['coordinator'] },
  // 提级办理: the coordinator raises the case to a department of its own level, which must accept it.
  escalate: { from: [...NOT_ACCEPTED, ...OPEN_HANDLING], to: 'routed', by: ['coordinator'] },
  // A severe signal the facts show (injury, extreme acts, public opinion, hidden assets).
  flag: { from: [...NOT_ACCEPTED, ...OPEN_HANDLING, 'referred'], to: 'same', by: ['handler', 'coordinator'] },
  // What came back from a referral: the case is handled again (resolved, or continued).
  referralOutcome: { from: ['referred'], to: 'in_progress', by: ['handler'] },
  // Money paid ahead of the employer (垫付/兜底) and administrative measures, on the record.
  advance: { from: [...OPEN_HANDLING, 'referred', 'resolved'], to: 'same', by: ['handler'] },
  penalty: { from: [...OPEN_HANDLING, 'referred', 'resolved'], to: 'same', by: ['handler'] },
} as const satisfies Record<string, Transition>

export type MachineAction = keyof typeof TRANSITIONS
export const MACHINE_ACTIONS = Object.keys(TRANSITIONS) as MachineAction[]

export const OPEN_STATUSES: readonly Status[] = [...NOT_ACCEPTED, ...OPEN_HANDLING]
export const TERMINAL_STATUSES: readonly Status[] = statusesIn('ended')

export type MoveCheck = { ok: true; to: Status } | { ok: false; reason: 'illegal' | 'forbidden'; message: string }

/** Decide whether `action` may be taken now, by a caller with these relations to the complaint. */
export function checkMove(status: Status, action: MachineAction, relations: readonly Relation[]): MoveCheck {
  const t: Transition = TRANSITIONS[action]
  if (!t.by.some((r) => relations.includes(r))) {
    return { ok: false, reason: 'forbidden', message: '您无权进行此操作' }
  }
  if (!t.from.includes(status)) {
    return { ok: false, reason: 'illegal', message: '案件当前状态下不能进行此操作' }
  }
  return { ok: true, to: t.to === 'same' ? status : t.to }
}

/** Every action this caller may take now: what the UI shows as buttons. */
export function allowedActions(status: Status, relations: readonly Relation[]): MachineAction[] {
  return MACHINE_ACTIONS.filter((a) => a !== 'autoClose' && checkMove(status, a, relations).ok)
}

export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status)
}
