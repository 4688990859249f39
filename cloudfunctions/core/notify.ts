// Which messages an event sends, and to whom. Messages are written to the outbox in the same
// transaction as the event, then delivered by the scheduler through the notifier port: a failed send
// is retried later and never blocks the status change.
import { EVENT_LABELS } from '../../shared/labels'
import type { Complaint, NewEvent } from './ports'

export type Template = 'case_update' | 'new_case' | 'returned' | 'escalation' | 'alert'

export interface NewMessage {
  /** `user:<openid>`, `dept:<deptId>` (its staff) or `coord:<areaCode>` (coordinators covering it). */
  recipient: string
  template: Template
  title: string
  body: string
}

export interface Notifier {
  send(openid: string, template: Template, message: { title: string; body: string; complaintId: string | null }): Promise<void>
}

type Subject = Pick<Complaint, 'caseNo' | 'ownerOpenid' | 'handlerDeptId' | 'firstResponderDeptId' | 'areaCode' | 'projectName'>

export function messagesFor(c: Subject, events: readonly NewEvent[]): NewMessage[] {
  const out: NewMessage[] = []
  const add = (recipient: string, template: Template, title: string, body: string) => {
    if (!out.some((m) => m.recipient === recipient && m.template === template)) out.push({ recipient, template, title, body })
  }
  for (const e of events) {
    if (e.visibleToWorker && c.ownerOpenid) {
      add(`user:${c.ownerOpenid}`, 'case_update', `您的投诉${EVENT_LABELS[e.type] ?? '有新进展'}`, `案件${c.caseNo}：${e.note}`.slice(0, 200))
    }
    const data = (e.data ?? {}) as Record<string, unknown>
    switch (e.type) {
      case 'registered':
        add(`dept:${c.handlerDeptId}`, 'new_case', '新的欠薪投诉待受理', `${c.projectName}，案件${c.caseNo}`)
        if (c.firstResponderDeptId !== c.handlerDeptId) add(`dept:${c.firstResponderDeptId}`, 'new_case', '您单位首问的投诉已转办', `案件${c.caseNo}`)
        break
      case 'routed':
        if (data.manual && typeof data.toDeptId === 'string') add(`dept:${data.toDeptId}`, 'new_case', '新的欠薪投诉待受理', `${c.projectName}，案件${c.caseNo}`)
        break
      case 'returned':
        add(`dept:${c.firstResponderDeptId}`, 'returned', '投诉被退回首问单位', `案件${c.caseNo}：${e.note}`.slice(0, 200))
        break
      case 'escalated':
        add(`dept:${c.firstResponderDeptId}`, 'escalation', '投诉超时督办', `案件${c.caseNo}：${e.note}`)
        if (data.card !== 'yellow') add(`coord:${c.areaCode}`, 'escalation', '投诉超时督办', `案件${c.caseNo}：${e.note}`)
        break
      case 'alert':
        add(`coord:${c.areaCode}`, 'alert', '欠薪风险即时报告', e.note.slice(0, 200))
        break
      case 'deadline_unknown':
        add(`coord:${c.areaCode}`, 'alert', '请补充节假日安排', `案件${c.caseNo}：${e.note}`.slice(0, 200))
        break
    }
  }
  return out
}

/** The local notifier: nothing leaves the machine; the outbox table is the record of what was sent. */
export class LocalNotifier implements Notifier {
  /** Make the next `n` sends fail, to exercise retries (POST /dev/notifier). */
  failNext = 0
  async send(): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('simulated send failure')
    }
  }
}
