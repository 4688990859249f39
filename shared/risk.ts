// Risk levels (预警等级) per site or employer over all its open complaints: worker counts added up,
// the longest period owed used.
import type { Config } from './config'
import type { RiskLevel } from './types'
import { beijingMonth, monthsSince, parseMonth } from './time'

export interface RiskInput {
  workerCount: number
  /** YYYY-MM */
  owedSince: string
  bossUnreachable: boolean
}

/** Months since year 0 of a YYYY-MM month; null when unreadable. */
function monthIndex(ym: string): number | null {
  const p = parseMonth(ym)
  return p ? p.year * 12 + p.month - 1 : null
}

/** Whole months owed from `owedSince` (YYYY-MM) to the month of `now` (Beijing). */
export function monthsOwed(owedSince: string, now: Date): number {
  // An unreadable month (never stored: intake validates it) counts as none owed.
  return parseMonth(owedSince) ? Math.max(0, monthsSince(owedSince, now)) : 0
}

export function riskLevel(open: readonly RiskInput[], now: Date, config: Config): RiskLevel {
  if (open.length === 0) return 'none'
  const workers = open.reduce((s, c) => s + c.workerCount, 0)
  // The current month is read once; each case's month is plain arithmetic (a group has up to a thousand).
  const current = monthIndex(beijingMonth(now))!
  const months = Math.max(
    ...open.map((c) => {
      const since = monthIndex(c.owedSince)
      return since === null ? 0 : Math.max(0, current - since)
    }),
  )
  const r = config.risk
  if (open.some((c) => c.bossUnreachable)) return 'severe'
  if (months >= r.severe.months && workers >= r.severe.minWorkers) return 'severe'
  if (months >= r.major.months && workers >= r.major.minWorkers) return 'major'
  if (months >= r.general.months && workers >= r.general.minWorkers) return 'general'
  return 'none'
}
