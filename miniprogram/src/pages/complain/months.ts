// "从哪个月开始欠" as choices: months back from this month (Beijing), as the risk rules count them.
import { currentMonth } from '../../utils/time'

/** 'YYYY-MM' of the month `n` months before `month` ('YYYY-MM'). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) - n
  const mm = (i % 12) + 1
  return `${Math.floor(i / 12)}-${mm < 10 ? '0' + mm : mm}`
}

/**
 * The month-owed choices: how many months back the arrears started, counted as the risk rules count
 * (shared/risk.ts monthsOwed: 3个月前 is three months owed). 'earlier' opens a month picker.
 */
export const MONTH_CHOICES: { back: number; label: string }[] = [
  { back: 0, label: '这个月' },
  { back: 1, label: '上个月' },
  { back: 2, label: '2个月前' },
  { back: 3, label: '3个月前' },
]

/** Which choice a stored month is: its months back (0–3), 'earlier' for any other month, '' for none. */
export function monthChoiceOf(owedSince: string, now: number = Date.now()): number | 'earlier' | '' {
  if (!/^\d{4}-\d{2}$/.test(owedSince)) return ''
  const current = currentMonth(now)
  for (const c of MONTH_CHOICES) if (monthsBefore(current, c.back) === owedSince) return c.back
  return 'earlier'
}
