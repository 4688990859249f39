// Display helpers for the staff pages.
import { statusesIn } from '@shared/statusMeta'
import { beijingDate as beijingDateOf } from '@shared/time'
import type { QueueItem } from '@shared/types'
import { formatShort } from '../../utils/time'

const WAITING: string[] = statusesIn('waiting')
const HANDLING: string[] = statusesIn('handling')

/** '刚刚', '25分钟前', '5小时前', '3天前' from an ISO time. */
export function ageOf(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso)
  if (isNaN(t)) return ''
  const minutes = Math.floor((now - t) / 60000)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return minutes + '分钟前'
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return hours + '小时前'
  return Math.floor(hours / 24) + '天前'
}

/** The deadline that matters now for a queue row: acceptance while waiting, else resolution. */
export function deadlineOf(
  it: { status: string; acceptDueAt: string | null; resolveDueAt: string | null },
  now: number = Date.now(),
): { text: string; late: boolean } {
  const waiting = WAITING.indexOf(it.status) >= 0
  // Resolved, referred, closed…: no deadline runs any more.
  if (!waiting && HANDLING.indexOf(it.status) < 0) return { text: '', late: false }
  const due = waiting ? it.acceptDueAt : it.resolveDueAt
  if (!due)
    return { text: it.status === 'returned' ? '已退回首问单位：请转办，或由本单位受理' : waiting ? '受理期限待定' : '', late: false }
  const late = Date.parse(due) < now
  return { text: (waiting ? '受理期限 ' : '办结期限 ') + formatShort(due) + (late ? '（已超期）' : ''), late }
}

export function isWaiting(it: QueueItem): boolean {
  return WAITING.indexOf(it.status) >= 0
}

/** '87%' of part over whole; '—' when there is nothing to divide. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—'
  return Math.round((part / whole) * 100) + '%'
}

/** 'YYYY-MM-DD' of an ISO time in Beijing time; '' when it is not a time. */
export function beijingDate(iso: string): string {
  return isNaN(Date.parse(iso)) ? '' : beijingDateOf(iso)
}

export { endOfBeijingDay } from '@shared/time'
