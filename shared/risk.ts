// Risk levels (预警等级) per site or employer over all its open complaints: worker counts added up,
// the longest period owed used.
import type { Config } from './config'
import type { RiskLevel } from './types'
import { monthsSince, parseMonth } from './time'

export interface RiskInput {
  workerCount: number
  /** YYYY-MM */
  owedSince: string
  bossUnreachable: boolean
}

/** Whole months owed from `owedSince` (YYYY-MM) to the month of `now` (Beijing). */
export function monthsOwed(owedSince: string, now: Date): number {
  // An unreadable month (never stored: intake validates it) counts as none owed.
  return parseMonth(owedSince) ? Math.max(0, monthsSince(owedSince, now)) : 0
}

export function riskLevel(open: readonly RiskInput[], now: Date, config: Config): RiskLevel {
  if (open.length === 0) return 'none'
  const workers = open.reduce((s, c) => s + c.workerCount, 0)
  const months = Math.max(...open.map((c) => monthsOwed(c.owedSince, now)))
  const r = config.risk
  if (open.some((c) => c.bossUnreachable)) return 'severe'
  if (months >= r.severe.months && workers >= r.severe.minWorkers) return 'severe'
  if (months >= r.major.months && workers >= r.major.minWorkers) return 'major'
  if (months >= r.general.months && workers >= r.general.minWorkers) return 'general'
  return 'none'
}
