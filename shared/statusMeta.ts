// Everything the two sides need to know about a status, in one table: its label, the line the worker
// is told, the colour it is shown in, the group that filters and counts use, and how it looks to the
// worker. The status machine (statusMachine.ts) says how statuses change; this says what they mean.
import { STATUSES, type Status } from './types'

/**
 * What the colour of a status means: waiting for a unit (amber), being handled (blue), needs the worker
 * (purple), done (green), elsewhere (grey). Never red: red is kept for overdue and risk (cards, late notices).
 */
export type StatusTone = 'wait' | 'work' | 'act' | 'done' | 'info'

/**
 * The stage a status belongs to: `waiting` (no unit has accepted yet), `handling` (accepted, being
 * handled), `elsewhere` (referred to arbitration, court, police), `answered` (waiting for the worker's
 * word), `ended` (closed or handed to an outside unit).
 */
export type StatusGroup = 'waiting' | 'handling' | 'elsewhere' | 'answered' | 'ended'

export interface StatusMeta {
  /** The status's name, as staff see it. */
  label: string
  /** What the worker is told it means, in one short line. */
  hint: string
  tone: StatusTone
  group: StatusGroup
  /** Shown to the worker under its own name; otherwise the worker sees `workerLabel`. */
  workerVisible: boolean
  /** The name the worker sees (the label itself when the status is worker-visible). */
  workerLabel: string
}

export const STATUS_META: Record<Status, StatusMeta> = {
  registered: {
    label: '已登记',
    hint: '已收到，正在安排单位处理',
    tone: 'wait',
    group: 'waiting',
    workerVisible: true,
    workerLabel: '已登记',
  },
  routed: { label: '已转办', hint: '已交给负责单位，等待受理', tone: 'wait', group: 'waiting', workerVisible: true, workerLabel: '已转办' },
  // A bounce between departments is their business: the worker sees the step they wait on, the first
  // responder passing the case on again to a unit that will accept it.
  returned: {
    label: '已退回首问单位',
    hint: '已转办，等待受理',
    tone: 'wait',
    group: 'waiting',
    workerVisible: false,
    workerLabel: '已转办',
  },
  accepted: {
    label: '已受理',
    hint: '负责单位已受理，正在核实',
    tone: 'work',
    group: 'handling',
    workerVisible: true,
    workerLabel: '已受理',
  },
  in_progress: { label: '处理中', hint: '正在处理', tone: 'work', group: 'handling', workerVisible: true, workerLabel: '处理中' },
  reopened: {
    label: '重新处理中',
    hint: '您提出了异议，正在重新处理',
    tone: 'work',
    group: 'handling',
    workerVisible: true,
    workerLabel: '重新处理中',
  },
  referred: {
    label: '已移送',
    hint: '已移送有关机关，仍在跟进',
    tone: 'work',
    group: 'elsewhere',
    workerVisible: true,
    workerLabel: '已移送',
  },
  resolved: {
    label: '已解决',
    hint: '已处理，请确认工资是否到手',
    tone: 'act',
    group: 'answered',
    workerVisible: true,
    workerLabel: '已解决',
  },
  not_wage_arrears: {
    label: '非欠薪问题',
    hint: '经核实不属于欠薪，可提出异议',
    tone: 'act',
    group: 'answered',
    workerVisible: true,
    workerLabel: '非欠薪问题',
  },
  closed: { label: '已办结', hint: '已办结', tone: 'done', group: 'ended', workerVisible: true, workerLabel: '已办结' },
  transferred_out: {
    label: '已转外地',
    hint: '已转给外地有关部门',
    tone: 'info',
    group: 'ended',
    workerVisible: true,
    workerLabel: '已转外地',
  },
}

/** The statuses of some groups, in the order of STATUSES. */
export function statusesIn(...groups: StatusGroup[]): Status[] {
  return STATUSES.filter((s) => groups.indexOf(STATUS_META[s].group) >= 0)
}

export function statusGroup(s: Status): StatusGroup {
  return STATUS_META[s].group
}
