// What both storage adapters do alike with risk totals and immediate reports: merging a repeated report
// into the existing entry, and summing a subject's register rows within the caller's scope.
import type { RiskLevel } from '../../../shared/types'
import type { RiskFigures } from '../../../shared/risk'
import type { Alert, RiskRegisterRow } from '../ports'
import { addFigures, figuresFrom } from '../riskTotals'
import { merged } from '../merged'

type Merged = { triggers: string[]; caseNos: string[]; complaintIds: string[] }

/** The entry with what `a` adds to it; null when it adds nothing (then nothing is written). */
export function mergeAlert(had: Merged, a: Alert): Merged | null {
  const add = (xs: string[], more: string[] | undefined) => [...xs, ...(more ?? []).filter((x) => !xs.includes(x))]
  const next: Merged = {
    triggers: add(had.triggers, a.triggers ?? [a.trigger]),
    caseNos: add(had.caseNos, a.caseNos),
    complaintIds: add(had.complaintIds, a.complaintIds),
  }
  const same = next.triggers.length === had.triggers.length && next.caseNos.length === had.caseNos.length
  return same ? null : next
}

/** One register row as stored (a subject, area and department), with its subject's level. */
export interface RegisterPart extends RiskFigures {
  subject: string
  kind: 'site' | 'employer'
  name: string
  areaCode: string
  level: RiskLevel
  trigger: string
}

/**
 * Rows in subject order summed per subject, at most `limit` subjects. When the read stopped at its cap
 * (`truncated`), the last subject may be incomplete: it is left for the next page.
 */
export function registerRows(parts: RegisterPart[], truncated: boolean, limit: number): RiskRegisterRow[] {
  const out: RiskRegisterRow[] = []
  for (const p of parts) {
    const last = out[out.length - 1]
    if (last && last.subject === p.subject) {
      Object.assign(last, addFigures(last, p))
      continue
    }
    out.push(merged(p, figuresFrom(p)))
  }
  if (truncated && out.length > 1) out.pop()
  return out.filter((r) => r.open > 0).slice(0, limit)
}

/**
 * The trigger an alert is shown under: a day's merged entry (key `day:<date>`) by the first trigger it
 * reported, older entries by their own.
 */
export function shownTrigger(key: string, triggers: unknown): string {
  return key.startsWith('day:') && Array.isArray(triggers) && triggers.length ? String(triggers[0]) : key
}
