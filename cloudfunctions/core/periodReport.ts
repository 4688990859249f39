// `report.period` and the overview's period figures: the cases of the caller's ledger (a coordinator's
// area, else their department's), read page by page like the ledger export, then counted by report.ts.
import type { OverviewFigures, PeriodFigures, PeriodReport, ReportFile } from '../../shared/contract/replies'
import { areaName } from '../../shared/areas'
import { beijingDate } from '../../shared/time'
import { areaPrefix } from '../../shared/validators'
import { requireStaff } from './access'
import type { Ctx } from './context'
import { AppError, forbidden, validation } from './errors'
import { defuse } from './ledger'
import { LEDGER_MAX_ROWS, LEDGER_PAGE_ROWS } from './ledgerExport'
import type { Complaint, Dept, LedgerScope } from './ports'
import { buildReport, changeBetween, periodBounds, previousPeriod, reportSheet, type ReportGroup } from './report'
import { xlsx } from './xlsx'

/** The longest period a report covers, in days. */
export const REPORT_MAX_DAYS = 366

async function scopeOf(ctx: Ctx): Promise<{ dept: Dept; scope: LedgerScope }> {
  requireStaff(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept) throw forbidden('您所在的单位已停用')
  return { dept, scope: ctx.user.role === 'coordinator' ? { areaPrefix: areaPrefix(dept.areaCode) } : { deptId: dept.id } }
}

/** Every case of the scope registered at or after `since` (the ledger's cases; at most LEDGER_MAX_ROWS read). */
async function casesSince(ctx: Ctx, scope: LedgerScope, since: string): Promise<Complaint[]> {
  const out: Complaint[] = []
  let cursor = null
  for (let read = 0; read < LEDGER_MAX_ROWS;) {
    const page = await ctx.storage.ledgerPage(scope, cursor, LEDGER_PAGE_ROWS)
    read += page.length
    for (const r of page) if (r.complaint.createdAt >= since) out.push(r.complaint)
    if (page.length < LEDGER_PAGE_ROWS) return out
    const last = page[page.length - 1].complaint
    cursor = { areaCode: last.areaCode, createdAt: last.createdAt, id: last.id }
  }
  throw new AppError('CONFLICT', `案件超过${LEDGER_MAX_ROWS}件，请缩小范围后再统计`)
}

function checkPeriod(from: string, to: string): void {
  if (from > to) throw validation({ to: '结束日期不能早于开始日期' })
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
  if (days > REPORT_MAX_DAYS) throw validation({ to: `统计期间最长${REPORT_MAX_DAYS}天` })
}

interface Loaded {
  dept: Dept
  from: string
  to: string
  prev: { from: string; to: string }
  cur: { start: string; end: string }
  before: { start: string; end: string }
  cases: Complaint[]
  depts: Dept[]
  now: string
}

/** The caller's cases of a period and of the one of the same length before it (`all`: every case, for all-time figures). */
async function loadPeriod(ctx: Ctx, from: string, to: string, all = false): Promise<Loaded> {
  checkPeriod(from, to)
  const { dept, scope } = await scopeOf(ctx)
  const prev = previousPeriod(from, to)
  const before = periodBounds(prev.from, prev.to)
  const cases = await casesSince(ctx, scope, all ? '' : before.start)
  return { dept, from, to, prev, cur: periodBounds(from, to), before, cases, depts: await ctx.depts(), now: ctx.now.toISOString() }
}

function figuresOf(l: Loaded, by: ReportGroup): PeriodFigures {
  const report = buildReport(l.cases, { by, ...l.cur, now: l.now, depts: l.depts })
  const previous = buildReport(l.cases, { by, ...l.before, now: l.now, depts: l.depts })
  return {
    from: l.from,
    to: l.to,
    groupBy: by,
    rows: report.rows,
    totals: report.totals,
    previous: { from: l.prev.from, to: l.prev.to, totals: previous.totals },
    change: changeBetween(report.totals, previous.totals),
  }
}

/** Figures for a period and the one before it, grouped as asked, with the change between them. */
export async function periodFigures(ctx: Ctx, from: string, to: string, by: ReportGroup): Promise<PeriodFigures & { dept: Dept }> {
  const l = await loadPeriod(ctx, from, to)
  return { dept: l.dept, ...figuresOf(l, by) }
}

/**
 * The overview's money and honest rates: all-time totals of the caller's cases, and the period's figures
 * per department and per district (default: this month so far), with the change from the period before.
 */
export async function overviewFigures(ctx: Ctx, period: { from?: string; to?: string }): Promise<OverviewFigures> {
  const today = beijingDate(ctx.now)
  const from = period.from ?? `${today.slice(0, 8)}01`
  const to = period.to ?? (period.from && period.from > today ? period.from : today)
  const l = await loadPeriod(ctx, from, to, true)
  const allTime = buildReport(l.cases, { by: 'district', start: '', end: '\uffff', now: l.now, depts: l.depts }).totals
  return { allTime, byDept: figuresOf(l, 'dept'), byDistrict: figuresOf(l, 'district') }
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function periodReport(
  ctx: Ctx,
  d: { from: string; to: string; groupBy: ReportGroup; format: 'json' | 'xlsx' },
): Promise<PeriodReport | ReportFile> {
  const { dept, ...figures } = await periodFigures(ctx, d.from, d.to, d.groupBy)
  if (d.format === 'json') return figures
  const scopeName = ctx.user.role === 'coordinator' ? areaName(dept.areaCode) : dept.name
  const rows = reportSheet(figures, { areaName: scopeName, from: d.from, to: d.to, madeOn: beijingDate(ctx.now), by: d.groupBy })
  const file = xlsx(
    '情况表',
    rows.map((r) => r.map(defuse)),
  )
  return { filename: `情况表-${scopeName}-${d.from}至${d.to}.xlsx`, mime: XLSX_MIME, base64: file.toString('base64') }
}
