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

/**
 * What a site's or an employer's risk is computed from, kept as running totals over its open cases
 * (issue 18): changed by each case that opens, closes or is flagged, never recounted on a submit.
 */
export interface RiskFigures {
  /** Open cases. */
  open: number
  workers: number
  amountOwedFen: number
  /** Open cases whose workers say the boss cannot be reached. */
  bossUnreachable: number
  /** Open cases a handler or coordinator flagged with a severe signal (injury, extreme acts …). */
  flagged: number
  /**
   * Open cases by the month their wages have been owed since (YYYY-MM → count): the longest period owed
   * follows the clock and a closing case takes its month away.
   */
  owedMonths: Record<string, number>
}

export const NO_FIGURES: RiskFigures = { open: 0, workers: 0, amountOwedFen: 0, bossUnreachable: 0, flagged: 0, owedMonths: {} }

/** The longest period owed among the open cases counted, in whole months to the month of `now` (Beijing). */
export function longestMonthsOwed(owedMonths: Record<string, number>, now: Date): number {
  const current = monthIndex(beijingMonth(now))!
  let out = 0
  for (const [ym, n] of Object.entries(owedMonths)) {
    const since = n > 0 ? monthIndex(ym) : null
    if (since !== null) out = Math.max(out, current - since)
  }
  return out
}

/** The level of a group from its running totals: the same rule as `riskLevel`, in constant time. */
export function levelOfFigures(f: RiskFigures, now: Date, config: Config): RiskLevel {
  if (f.open <= 0) return 'none'
  if (f.bossUnreachable > 0 || f.flagged > 0) return 'severe'
  const months = longestMonthsOwed(f.owedMonths, now)
  const r = config.risk
  if (months >= r.severe.months && f.workers >= r.severe.minWorkers) return 'severe'
  if (months >= r.major.months && f.workers >= r.major.minWorkers) return 'major'
  if (months >= r.general.months && f.workers >= r.general.minWorkers) return 'general'
  return 'none'
}

const RANK: Record<RiskLevel, number> = { none: 0, general: 1, major: 2, severe: 3 }

/** The higher of two levels. */
export const higherLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (RANK[a] >= RANK[b] ? a : b)
