// The coordinator's figures: per department, district or industry, for the cases registered in a period
// (Beijing dates, both ends included), as they stand now. Honest rates: a case still not accepted (or not
// resolved) past its deadline counts as late, never as left out. Pure, over the same cases as the ledger,
// so that a report's totals are the ledger's sums.
import { areaName } from '../../shared/areas'
import { INDUSTRY_LABELS } from '../../shared/labels'
import { OPEN_STATUSES } from '../../shared/statusMachine'
import { statusGroup } from '../../shared/statusMeta'
import { DAY_MS, fromBeijing } from '../../shared/time'
import type { Figures, ReportRow } from '../../shared/contract/replies'
import type { Complaint, Dept } from './ports'

export type { Figures, ReportRow }

import { REPORT_GROUPS, type ReportGroup } from '../../shared/contract/replies'

export { REPORT_GROUPS, type ReportGroup }

type Acc = Figures & { daysSum: number; ratingSum: number; ratingCount: number }

const zero = (): Acc => ({
  newCases: 0,
  acceptedOnTime: 0,
  acceptedLate: 0,
  notAcceptedOverdue: 0,
  awaitingAcceptance: 0,
  resolved: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  notResolvedOverdue: 0,
  closed: 0,
  open: 0,
  yellowCards: 0,
  redCards: 0,
  amountOwedFen: 0,
  amountRecoveredFen: 0,
  workers: 0,
  averageDaysToResolve: null,
  satisfaction: null,
  acceptOnTimeRate: null,
  resolveOnTimeRate: null,
  daysSum: 0,
  ratingSum: 0,
  ratingCount: 0,
})

/** The instants a period covers: from 00:00 of `from` to the end of `to`, Beijing time. */
export function periodBounds(from: string, to: string): { start: string; end: string } {
  return { start: fromBeijing(from).toISOString(), end: new Date(fromBeijing(to).getTime() + DAY_MS).toISOString() }
}

/** The period of the same length just before: for 11-09..11-15, 11-02..11-08. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const a = Date.parse(`${from}T00:00:00Z`)
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - a) / DAY_MS) + 1
  const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return { from: ymd(a - days * DAY_MS), to: ymd(a - DAY_MS) }
}

function add(acc: Acc, c: Complaint, now: string): void {
  acc.newCases++
  acc.workers += c.workerCount
  acc.amountOwedFen += c.amountOwedFen
  acc.amountRecoveredFen += c.amountRecoveredFen ?? 0
  if (c.card === 'yellow') acc.yellowCards++
  if (c.card === 'red') acc.redCards++
  const open = OPEN_STATUSES.includes(c.status)
  if (open) acc.open++
  if (c.status === 'closed') acc.closed++
  // Acceptance: a case without a deadline (unknown holidays) is never counted late.
  if (c.acceptedAt) {
    if (c.acceptDueAt && c.acceptedAt > c.acceptDueAt) acc.acceptedLate++
    else acc.acceptedOnTime++
  } else if (statusGroup(c.status) === 'waiting') {
    if (c.acceptDueAt && c.acceptDueAt < now) acc.notAcceptedOverdue++
    else acc.awaitingAcceptance++
  }
  // Resolution: what stands now. A reopened case is open again, and late once its deadline passed.
  const resolved = (c.status === 'resolved' || c.status === 'closed') && !!c.resolvedAt
  if (resolved) {
    acc.resolved++
    if (c.resolveDueAt && c.resolvedAt! > c.resolveDueAt) acc.resolvedLate++
    else acc.resolvedOnTime++
    acc.daysSum += (Date.parse(c.resolvedAt!) - Date.parse(c.createdAt)) / DAY_MS
  } else if (open && c.resolveDueAt && c.resolveDueAt < now) acc.notResolvedOverdue++
  if (c.rating !== null) {
    acc.ratingSum += c.rating
    acc.ratingCount++
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10
const rate = (onTime: number, all: number) => (all ? Math.round((onTime / all) * 1000) / 1000 : null)

function finish(acc: Acc): Figures {
  const { daysSum, ratingSum, ratingCount, ...f } = acc
  return {
    ...f,
    averageDaysToResolve: f.resolved ? round1(daysSum / f.resolved) : null,
    satisfaction: ratingCount ? round1(ratingSum / ratingCount) : null,
    acceptOnTimeRate: rate(f.acceptedOnTime, f.acceptedOnTime + f.acceptedLate + f.notAcceptedOverdue),
    resolveOnTimeRate: rate(f.resolvedOnTime, f.resolvedOnTime + f.resolvedLate + f.notResolvedOverdue),
  }
}

/** Which row a case falls in, and the row's name. */
function groupOf(c: Complaint, by: ReportGroup, depts: Dept[]): { key: string; name: string } {
  if (by === 'dept') return { key: c.handlerDeptId, name: depts.find((d) => d.id === c.handlerDeptId)?.name ?? '未知单位' }
  if (by === 'district') return { key: c.areaCode, name: areaName(c.areaCode) }
  return { key: c.industry, name: INDUSTRY_LABELS[c.industry] }
}

/** Figures per row (most cases first) and in total, over cases registered in [start, end). */
export function buildReport(
  cases: readonly Complaint[],
  opts: { by: ReportGroup; start: string; end: string; now: string; depts: Dept[] },
): { rows: ReportRow[]; totals: Figures } {
  const rows = new Map<string, Acc & { key: string; name: string }>()
  const total = zero()
  for (const c of cases) {
    if (c.createdAt < opts.start || c.createdAt >= opts.end) continue
    const g = groupOf(c, opts.by, opts.depts)
    let row = rows.get(g.key)
    if (!row) rows.set(g.key, (row = { ...zero(), ...g }))
    add(row, c, opts.now)
    add(total, c, opts.now)
  }
  return {
    rows: [...rows.values()]
      .map(({ key, name, ...acc }) => ({ key, name, ...finish(acc) }))
      .sort((a, b) => b.newCases - a.newCases || a.key.localeCompare(b.key)),
    totals: finish(total),
  }
}

/** The numbers whose change from the previous period the overview shows. */
export const CHANGE_KEYS = ['newCases', 'amountOwedFen', 'amountRecoveredFen', 'workers', 'notAcceptedOverdue', 'redCards'] as const
export type Change = Record<(typeof CHANGE_KEYS)[number], number>

export function changeBetween(now: Figures, before: Figures): Change {
  const out = {} as Change
  for (const k of CHANGE_KEYS) out[k] = now[k] - before[k]
  return out
}

/** The columns of the report sheet, in order, with their headings. Money in yuan, rates in percent. */
export const REPORT_COLUMNS: { key: keyof Figures; title: string; kind?: 'fen' | 'rate' }[] = [
  { key: 'newCases', title: '新增案件' },
  { key: 'acceptedOnTime', title: '按期受理' },
  { key: 'acceptedLate', title: '超期受理' },
  { key: 'notAcceptedOverdue', title: '超期未受理' },
  { key: 'acceptOnTimeRate', title: '按期受理率（%）', kind: 'rate' },
  { key: 'resolved', title: '已解决' },
  { key: 'notResolvedOverdue', title: '超期未解决' },
  { key: 'resolveOnTimeRate', title: '按期解决率（%）', kind: 'rate' },
  { key: 'closed', title: '已办结' },
  { key: 'open', title: '未办结' },
  { key: 'yellowCards', title: '黄牌' },
  { key: 'redCards', title: '红牌' },
  { key: 'amountOwedFen', title: '被欠金额（元）', kind: 'fen' },
  { key: 'amountRecoveredFen', title: '追回金额（元）', kind: 'fen' },
  { key: 'workers', title: '涉及人数' },
  { key: 'averageDaysToResolve', title: '平均解决天数' },
  { key: 'satisfaction', title: '满意度（5分制）' },
]

export const GROUP_TITLES: Record<ReportGroup, string> = { dept: '承办单位', district: '地区', industry: '行业' }

/** The sheet as officials file it: a title row (area, period), the date made, a blank row, headings, rows, totals. */
export function reportSheet(
  report: { rows: ReportRow[]; totals: Figures },
  meta: { areaName: string; from: string; to: string; madeOn: string; by: ReportGroup },
): (string | number)[][] {
  const cell = (f: Figures, col: (typeof REPORT_COLUMNS)[number]): string | number => {
    const v = f[col.key]
    if (v === null) return ''
    if (col.kind === 'fen') return (v as number) / 100
    if (col.kind === 'rate') return Math.round((v as number) * 1000) / 10
    return v as number
  }
  return [
    [`${meta.areaName}欠薪案件情况表（${meta.from}至${meta.to}）`],
    [`制表日期：${meta.madeOn}`],
    [],
    [GROUP_TITLES[meta.by], ...REPORT_COLUMNS.map((c) => c.title)],
    ...report.rows.map((r) => [r.name, ...REPORT_COLUMNS.map((c) => cell(r, c))]),
    ['合计', ...REPORT_COLUMNS.map((c) => cell(report.totals, c))],
  ]
}
