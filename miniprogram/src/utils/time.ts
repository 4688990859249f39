// Times are shown in Beijing time whatever the phone's zone; the arithmetic is shared/time.ts (dayjs).
import { beijingMonth, formatInBeijing, parseMonth, previousBeijingMonth } from '@shared/time'

function formatted(iso: string | null | undefined, pattern: string): string {
  if (!iso) return ''
  if (isNaN(Date.parse(iso))) return iso
  return formatInBeijing(iso, pattern)
}

/** '2026-01-05T02:30:00Z' → '2026年1月5日 10:30'. */
export function formatDateTime(iso: string | null | undefined): string {
  return formatted(iso, 'YYYY年M月D日 HH:mm')
}

/** '2026-01-05T02:30:00Z' → '1月5日 10:30' (short form for lists). */
export function formatShort(iso: string | null | undefined): string {
  return formatted(iso, 'M月D日 HH:mm')
}

/** 'YYYY-MM' of the month before `now`, in Beijing time. */
export function previousMonth(now: number = Date.now()): string {
  return previousBeijingMonth(now)
}

/** 'YYYY-MM' of `now` in Beijing time (upper bound of the month picker). */
export function currentMonth(now: number = Date.now()): string {
  return beijingMonth(now)
}

/** '2025-11' → '2025年11月'. */
export function formatMonth(ym: string): string {
  const m = parseMonth(ym)
  return m ? `${m.year}年${m.month}月` : ym
}
