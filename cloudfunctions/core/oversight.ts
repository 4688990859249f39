// The coordinator's oversight of their area: the offender ledger per employer (issue 16, point 5) with its
// nomination list for 失信联合惩戒, and the risk picture per district or industry (issue 17, point 3). Both
// read the area's cases as the ledger does (page by page, the same cases), so their totals are the
// ledger's sums; the builders are pure.
import type { CreditCriteria, OffenderLedger, OffenderRow, RiskAreaRow, RiskAreas, RiskGroup } from '../../shared/contract/oversight'
import { areaName } from '../../shared/areas'
import { formatFen, INDUSTRY_LABELS, PENALTY_KIND_LABELS } from '../../shared/labels'
import { statusesIn } from '../../shared/statusMeta'
import { PENALTY_KINDS, type PenaltyKind, type RiskLevel, type Status } from '../../shared/types'
import { areaPrefix } from '../../shared/validators'
import { requireCoordinator } from './access'
import type { Ctx } from './context'
import { AppError, forbidden } from './errors'
import { LEDGER_MAX_ROWS, LEDGER_PAGE_ROWS } from './ledgerExport'
import type { Complaint, Dept, TimelineEvent } from './ports'

/** Cases of an employer the offender ledger leaves out: judged not wage arrears, or sent out of this deployment. */
const NOT_OFFENCES: readonly Status[] = ['not_wage_arrears', 'transferred_out']
const OPEN: readonly Status[] = statusesIn('waiting', 'handling', 'elsewhere')
const RANK: Record<RiskLevel, number> = { none: 0, general: 1, major: 2, severe: 3 }
/** Severe signals that make an incident (引发极端事件、造成严重不良社会影响). */
const INCIDENT_SIGNALS = ['injury', 'extreme_act']
const MEASURE_EVENTS = ['advanced', 'penalty', 'flagged']
const EVENT_BATCH = 500

async function coordinatorArea(ctx: Ctx): Promise<Dept> {
  requireCoordinator(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept) throw forbidden('您所在的单位已停用')
  return dept
}

/** Every case of the area (the ledger's, page by page; at most LEDGER_MAX_ROWS). */
async function areaCases(ctx: Ctx, area: string): Promise<Complaint[]> {
  const out: Complaint[] = []
  let cursor = null
  for (;;) {
    const page = await ctx.storage.ledgerPage({ areaPrefix: areaPrefix(area) }, cursor, LEDGER_PAGE_ROWS)
    out.push(...page.map((r) => r.complaint))
    if (page.length < LEDGER_PAGE_ROWS) return out
    if (out.length >= LEDGER_MAX_ROWS) throw new AppError('CONFLICT', `案件超过${LEDGER_MAX_ROWS}件，请由下级联席办分别统计`)
    const last = page[page.length - 1].complaint
    cursor = { areaCode: last.areaCode, createdAt: last.createdAt, id: last.id }
  }
}

/** An area's name within the coordinator's: 竞秀区 for 130602 seen from 保定市 (the full name otherwise). */
export function localName(code: string, within: string): string {
  const full = areaName(code)
  const outer = areaName(within)
  return full !== outer && full.startsWith(outer) ? full.slice(outer.length) : full
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** The offender ledger of these cases and their measure events (advanced, penalty, flagged). Pure. */
export function buildOffenders(
  cases: readonly Complaint[],
  events: readonly TimelineEvent[],
  criteria: CreditCriteria,
  within: string,
): OffenderLedger {
  const byCase = new Map<string, TimelineEvent[]>()
  for (const e of events) byCase.set(e.complaintId, [...(byCase.get(e.complaintId) ?? []), e])
  const rows = new Map<string, OffenderRow & { areaCodes: Set<string> }>()
  for (const c of cases) {
    if (NOT_OFFENCES.includes(c.status)) continue
    let r = rows.get(c.employerKey)
    if (!r) {
      r = {
        employerKey: c.employerKey,
        employerName: c.employerName,
        uscc: c.employerUscc,
        areas: [],
        areaCodes: new Set(),
        cases: 0,
        openCases: 0,
        workers: 0,
        owedFen: 0,
        recoveredFen: 0,
        unpaidFen: 0,
        advancedFen: 0,
        advances: 0,
        penalties: Object.fromEntries(PENALTY_KINDS.map((k) => [k, 0])) as Record<PenaltyKind, number>,
        finesFen: 0,
        unpaidPaymentOrder: false,
        severeIncident: false,
        lastCaseAt: c.createdAt,
        nominationReasons: [],
      }
      rows.set(c.employerKey, r)
    }
    // The latest case names the employer (a name corrected later wins).
    if (c.createdAt >= r.lastCaseAt) {
      r.lastCaseAt = c.createdAt
      r.employerName = c.employerName
      r.uscc = c.employerUscc ?? r.uscc
    }
    const open = OPEN.includes(c.status)
    r.areaCodes.add(c.areaCode)
    r.cases++
    if (open) r.openCases++
    r.workers += c.workerCount
    r.owedFen += c.amountOwedFen
    r.recoveredFen += c.amountRecoveredFen ?? 0
    r.unpaidFen += Math.max(0, c.amountOwedFen - (c.amountRecoveredFen ?? 0))
    for (const e of byCase.get(c.id) ?? []) {
      const data = (e.data ?? {}) as Record<string, unknown>
      if (e.type === 'advanced') {
        r.advances++
        r.advancedFen += num(data.amountFen)
      } else if (e.type === 'penalty' && (PENALTY_KINDS as readonly unknown[]).includes(data.kind)) {
        const kind = data.kind as PenaltyKind
        r.penalties[kind]++
        if (kind === 'fine') r.finesFen += num(data.amountFen)
        if (kind === 'payment_order' && open) r.unpaidPaymentOrder = true
      } else if (e.type === 'flagged' && INCIDENT_SIGNALS.includes(String(data.signal))) {
        r.severeIncident = true
      }
    }
  }
  const out: OffenderRow[] = [...rows.values()].map(({ areaCodes, ...r }) => {
    const areas = [...areaCodes].sort().map((a) => localName(a, within))
    // Cases that name no employer are one line, never nominated.
    if (!r.employerKey) return { ...r, employerName: '（未填写用人单位）', areas, nominationReasons: [] }
    const reasons: string[] = []
    if (criteria.minCases > 0 && r.cases >= criteria.minCases) reasons.push(`被投诉${r.cases}件，达到${criteria.minCases}件`)
    if (criteria.minUnpaidFen > 0 && r.unpaidFen >= criteria.minUnpaidFen)
      reasons.push(`未支付${formatFen(r.unpaidFen)}，达到${formatFen(criteria.minUnpaidFen)}`)
    if (criteria.unpaidPaymentOrder && r.unpaidPaymentOrder) reasons.push('责令限期支付后仍未支付')
    if (criteria.severeIncident && r.severeIncident) reasons.push('引发受伤或过激事件')
    return { ...r, areas, nominationReasons: reasons }
  })
  out.sort((a, b) => b.unpaidFen - a.unpaidFen || b.cases - a.cases || a.employerKey.localeCompare(b.employerKey))
  const sum = (k: 'cases' | 'openCases' | 'workers' | 'owedFen' | 'recoveredFen' | 'unpaidFen' | 'advancedFen' | 'advances' | 'finesFen') =>
    out.reduce((s, r) => s + r[k], 0)
  return {
    rows: out,
    totals: {
      employers: out.length,
      nominated: out.filter((r) => r.nominationReasons.length > 0).length,
      cases: sum('cases'),
      openCases: sum('openCases'),
      workers: sum('workers'),
      owedFen: sum('owedFen'),
      recoveredFen: sum('recoveredFen'),
      unpaidFen: sum('unpaidFen'),
      advancedFen: sum('advancedFen'),
      advances: sum('advances'),
      penalties: Object.fromEntries(PENALTY_KINDS.map((k) => [k, out.reduce((s, r) => s + r.penalties[k], 0)])) as Record<
        PenaltyKind,
        number
      >,
      finesFen: sum('finesFen'),
    },
    criteria,
  }
}

export async function offenderLedger(ctx: Ctx): Promise<OffenderLedger & { dept: Dept }> {
  const dept = await coordinatorArea(ctx)
  const cases = await areaCases(ctx, dept.areaCode)
  const ids = cases.filter((c) => !NOT_OFFENCES.includes(c.status)).map((c) => c.id)
  const events: TimelineEvent[] = []
  for (let i = 0; i < ids.length; i += EVENT_BATCH)
    events.push(...(await ctx.storage.eventsOf(ids.slice(i, i + EVENT_BATCH), MEASURE_EVENTS)))
  const criteria = (await ctx.configFor(dept.areaCode)).credit
  return { dept, ...buildOffenders(cases, events, criteria, dept.areaCode) }
}

const yuan = (fen: number) => fen / 100

/** The ledger as officials file it: title, date made, the ledger with its totals, then the nomination list. */
export function offenderSheet(l: OffenderLedger, meta: { areaName: string; madeOn: string }): (string | number)[][] {
  const c = l.criteria
  const criteria = [
    c.minCases > 0 ? `被投诉${c.minCases}件以上` : '',
    c.minUnpaidFen > 0 ? `未支付${formatFen(c.minUnpaidFen)}以上` : '',
    c.unpaidPaymentOrder ? '责令限期支付后仍未支付' : '',
    c.severeIncident ? '引发受伤或过激事件' : '',
  ].filter(Boolean)
  const money = (r: Pick<OffenderRow, 'owedFen' | 'recoveredFen' | 'unpaidFen' | 'advancedFen' | 'finesFen'>) => [
    yuan(r.owedFen),
    yuan(r.recoveredFen),
    yuan(r.unpaidFen),
    yuan(r.advancedFen),
  ]
  const measures = (p: Record<PenaltyKind, number>, finesFen: number) => [...PENALTY_KINDS.map((k) => p[k]), yuan(finesFen)]
  const nominated = l.rows.filter((r) => r.nominationReasons.length > 0)
  return [
    [`${meta.areaName}欠薪用人单位台账`],
    [`制表日期：${meta.madeOn}`],
    [],
    [
      '用人单位',
      '统一社会信用代码',
      '所在地区',
      '案件数',
      '未办结',
      '涉及人数',
      '欠薪金额（元）',
      '已追回（元）',
      '未支付（元）',
      '先行垫付（元）',
      '垫付次数',
      ...PENALTY_KINDS.map((k) => `${PENALTY_KIND_LABELS[k]}（次）`),
      '罚款金额（元）',
      '是否推荐失信惩戒',
    ],
    ...l.rows.map((r) => [
      r.employerName,
      r.uscc ?? '',
      r.areas.join('、'),
      r.cases,
      r.openCases,
      r.workers,
      ...money(r),
      r.advances,
      ...measures(r.penalties, r.finesFen),
      r.nominationReasons.length ? '是' : '否',
    ]),
    [
      `合计（${l.totals.employers}家）`,
      '',
      '',
      l.totals.cases,
      l.totals.openCases,
      l.totals.workers,
      ...money(l.totals),
      l.totals.advances,
      ...measures(l.totals.penalties, l.totals.finesFen),
      `${l.totals.nominated}家`,
    ],
    [],
    [`失信联合惩戒推荐名单（${nominated.length}家；标准：${criteria.join('，或') || '未设置'}）`],
    ['序号', '用人单位', '统一社会信用代码', '案件数', '未支付（元）', '推荐理由'],
    ...nominated.map((r, i) => [i + 1, r.employerName, r.uscc ?? '', r.cases, yuan(r.unpaidFen), r.nominationReasons.join('；')]),
  ]
}

/** The risk picture of these cases: open ones per district or industry, worst first. Pure. */
export function buildRiskAreas(cases: readonly Complaint[], by: RiskGroup, at: string, within: string): RiskAreas {
  const zero = () => ({
    openCases: 0,
    workers: 0,
    owedFen: 0,
    level: 'none' as RiskLevel,
    severeCases: 0,
    majorCases: 0,
    redCards: 0,
    yellowCards: 0,
  })
  const rows = new Map<string, RiskAreaRow>()
  const totals = zero()
  for (const c of cases) {
    if (!OPEN.includes(c.status)) continue
    const key = by === 'district' ? c.areaCode : c.industry
    let r = rows.get(key)
    if (!r) {
      r = { key, name: by === 'district' ? localName(key, within) : INDUSTRY_LABELS[c.industry], ...zero() }
      rows.set(key, r)
    }
    for (const acc of [r, totals]) {
      acc.openCases++
      acc.workers += c.workerCount
      acc.owedFen += c.amountOwedFen
      if (RANK[c.riskLevel] > RANK[acc.level]) acc.level = c.riskLevel
      if (c.riskLevel === 'severe') acc.severeCases++
      if (c.riskLevel === 'major') acc.majorCases++
      if (c.card === 'red') acc.redCards++
      if (c.card === 'yellow') acc.yellowCards++
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      RANK[b.level] - RANK[a.level] ||
      b.redCards - a.redCards ||
      b.owedFen - a.owedFen ||
      b.openCases - a.openCases ||
      a.key.localeCompare(b.key),
  )
  return { groupBy: by, rows: sorted, totals, at }
}

export async function riskAreas(ctx: Ctx, by: RiskGroup): Promise<RiskAreas> {
  const dept = await coordinatorArea(ctx)
  return buildRiskAreas(await areaCases(ctx, dept.areaCode), by, ctx.now.toISOString(), dept.areaCode)
}
