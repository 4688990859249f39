// Running risk totals per site and per employer (issue 18): what one case adds to them while it is open,
// and the change a write makes. Both storage adapters apply these deltas inside the transaction that
// writes the case, so the totals always equal a recount of the open cases.
//
// Two levels of totals: the subject's (site or employer, everywhere: the risk level is computed from
// it) and one row per subject, area and handling department (the risk register reads the rows of the
// caller's scope). The months owed are kept as counts per `owedSince` month: the longest period follows
// the clock and a case that closes takes its month away exactly (no "earliest month" to rebuild).
import { NO_FIGURES, type RiskFigures } from '../../shared/risk'
import { statusesIn } from '../../shared/statusMeta'
import type { Complaint } from './ports'
import { merged } from './merged'

/** Statuses that count: waiting, handled, or referred elsewhere (the queues' open cases). */
export const RISK_OPEN: readonly string[] = statusesIn('waiting', 'handling', 'elsewhere')

/** What of a case the totals read. */
export type Counted = Pick<
  Complaint,
  | 'status'
  | 'siteCode'
  | 'employerKey'
  | 'projectName'
  | 'employerName'
  | 'areaCode'
  | 'handlerDeptId'
  | 'workerCount'
  | 'amountOwedFen'
  | 'owedSince'
  | 'bossUnreachable'
> &
  Pick<Complaint, 'flags'>

/** A change of one subject's totals, and of its row for one area and department. */
export interface TotalsDelta {
  subject: string
  kind: 'site' | 'employer'
  name: string
  areaCode: string
  deptId: string
  delta: RiskFigures
}

/** The subjects a case counts for: its site (if any) and its employer. */
export function subjectsOf(c: Pick<Complaint, 'siteCode' | 'employerKey'>): string[] {
  return [...(c.siteCode ? [`site:${c.siteCode}`] : []), ...(c.employerKey ? [c.employerKey] : [])]
}

function figuresOf(c: Counted, sign: 1 | -1): RiskFigures {
  return {
    open: sign,
    workers: sign * c.workerCount,
    amountOwedFen: sign * c.amountOwedFen,
    bossUnreachable: c.bossUnreachable ? sign : 0,
    flagged: c.flags?.length ? sign : 0,
    owedMonths: { [c.owedSince]: sign },
  }
}

function parts(c: Counted | null, sign: 1 | -1): TotalsDelta[] {
  if (!c || !RISK_OPEN.includes(c.status)) return []
  const out: TotalsDelta[] = []
  const base = { areaCode: c.areaCode, deptId: c.handlerDeptId, delta: figuresOf(c, sign) }
  if (c.siteCode) out.push({ subject: `site:${c.siteCode}`, kind: 'site', name: c.projectName, ...base })
  if (c.employerKey) out.push({ subject: c.employerKey, kind: 'employer', name: c.employerName, ...base })
  return out
}

export const addFigures = (a: RiskFigures, b: RiskFigures): RiskFigures => {
  const owedMonths = { ...a.owedMonths }
  for (const [m, n] of Object.entries(b.owedMonths)) {
    const v = (owedMonths[m] ?? 0) + n
    if (v) owedMonths[m] = v
    else delete owedMonths[m]
  }
  return {
    open: a.open + b.open,
    workers: a.workers + b.workers,
    amountOwedFen: a.amountOwedFen + b.amountOwedFen,
    bossUnreachable: a.bossUnreachable + b.bossUnreachable,
    flagged: a.flagged + b.flagged,
    owedMonths,
  }
}

const isZero = (f: RiskFigures) =>
  !f.open && !f.workers && !f.amountOwedFen && !f.bossUnreachable && !f.flagged && Object.keys(f.owedMonths).length === 0

/**
 * What a write of a case does to the totals, per subject and row: `before` null for a new case. Empty
 * when the write changes nothing they count (most moves: accept, progress …), so most writes touch none.
 */
export function totalsDeltas(before: Counted | null, after: Counted | null): TotalsDelta[] {
  const byKey = new Map<string, TotalsDelta>()
  for (const p of [...parts(before, -1), ...parts(after, 1)]) {
    const key = `${p.subject}\u0000${p.areaCode}\u0000${p.deptId}`
    const had = byKey.get(key)
    // The newer name wins (a later case may spell the project better); it is a label, not a figure.
    byKey.set(key, had ? merged(p, { delta: addFigures(had.delta, p.delta) }) : p)
  }
  return [...byKey.values()].filter((d) => !isZero(d.delta))
}

/** The same deltas summed per subject (the subject's own totals). */
export function subjectDeltas(deltas: TotalsDelta[]): TotalsDelta[] {
  const bySubject = new Map<string, TotalsDelta>()
  for (const d of deltas) {
    const had = bySubject.get(d.subject)
    bySubject.set(d.subject, had ? merged(d, { areaCode: had.areaCode, delta: addFigures(had.delta, d.delta) }) : d)
  }
  return [...bySubject.values()].filter((d) => !isZero(d.delta))
}

/** Figures read back from storage (JSON months), never negative in a consistent store. */
export function figuresFrom(v: Partial<RiskFigures> | null | undefined): RiskFigures {
  if (!v) return { ...NO_FIGURES, owedMonths: {} }
  return {
    open: Number(v.open ?? 0),
    workers: Number(v.workers ?? 0),
    amountOwedFen: Number(v.amountOwedFen ?? 0),
    bossUnreachable: Number(v.bossUnreachable ?? 0),
    flagged: Number(v.flagged ?? 0),
    owedMonths: { ...(v.owedMonths ?? {}) },
  }
}
