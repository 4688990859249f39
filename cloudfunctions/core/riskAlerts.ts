// Risk levels per site and per employer from their running totals (riskTotals.ts, kept by the storage in
// each case's transaction), and immediate reports (即时报告) to the coordinator.
//
// Constant time per change: the subjects' totals are read by key; their open cases (riskMembers) are
// read only when a level changes (to set it on them) or a report is new (to link them). A level follows
// the facts both ways: when cases close or are resolved it may go down, and each case whose level
// changes gets one line on its timeline (the earlier lines stay). A trigger is reported once while it
// holds; one that stops holding is forgotten, so the same facts later are reported again. Reports of one
// subject within a Beijing day are one entry: its triggers, case numbers and count grow.
import type { Config } from '../../shared/config'
import { higherLevel, levelOfFigures, longestMonthsOwed, type RiskFigures } from '../../shared/risk'
import { FLAG_SIGNAL_LABELS, RISK_LABELS } from '../../shared/labels'
import type { RiskLevel } from '../../shared/types'
import { addDays, beijingDate } from '../../shared/time'
import type { Deps } from './context'
import { newId, publicLinkBase } from './context'
import { withMessages } from './notify'
import type { Complaint, NewEvent, RiskMember, RiskSubject } from './ports'
import { RISK_OPEN, subjectsOf } from './riskTotals'

const GROUP_LIMIT = 1000

export interface Trigger {
  key: string
  note: string
}

/** Which immediate-report triggers hold for a subject's totals. Pure, constant time. */
export function triggersOf(f: RiskFigures, level: RiskLevel, recentAgainstEmployer: number | null, now: Date, config: Config): Trigger[] {
  const r = config.risk
  const months = longestMonthsOwed(f.owedMonths, now)
  const out: Trigger[] = []
  if (f.open <= 0) return out
  if (level === 'severe') out.push({ key: 'severe', note: `风险等级达到${RISK_LABELS.severe}` })
  if (f.workers >= r.reportWorkers) out.push({ key: 'workers', note: `涉及${f.workers}人，达到${r.reportWorkers}人` })
  if (months >= r.reportMonths) out.push({ key: 'months', note: `欠薪${months}个月，达到${r.reportMonths}个月` })
  else if (months >= r.reportMonthsAlone) out.push({ key: 'months_alone', note: `欠薪${months}个月，达到${r.reportMonthsAlone}个月` })
  if (recentAgainstEmployer !== null && recentAgainstEmployer >= r.reportComplaintsPerEmployer) {
    out.push({ key: 'repeat_employer', note: `${r.reportWindowDays}天内同一用人单位被投诉${recentAgainstEmployer}次` })
  }
  if (f.bossUnreachable > 0) out.push({ key: 'boss_unreachable', note: '工友反映老板联系不上' })
  return out
}

/**
 * What a level comes from, in words, for the risk register: the rule the figures reached, not the figures
 * themselves (the register shows those beside it). So the words change only when the level or its reason
 * does, and a submit at a busy site does not rewrite its subject's record for a new head count.
 */
export function causeOf(f: RiskFigures, level: RiskLevel, config: Config): string {
  if (level === 'none') return ''
  if (f.flagged > 0) return `${f.flagged}件案件有重大风险情形`
  if (f.bossUnreachable > 0) return '工友反映老板联系不上'
  const rule = config.risk[level]
  return rule.minWorkers > 1 ? `欠薪满${rule.months}个月，涉及${rule.minWorkers}人以上` : `欠薪满${rule.months}个月`
}

export interface AssessOptions {
  /** The case was just registered: its employer's recent complaints are counted (repeat_employer). */
  isNew?: boolean
  /** Who caused the change (a staff move), for the timeline lines; null: the system. */
  actor?: { openid: string | null; deptId: string | null }
  /** A severe signal just flagged on `c` (complaint.flag): reported with the subject's entry of the day. */
  flag?: { signal: keyof typeof FLAG_SIGNAL_LABELS; note: string }
  /** Why levels may change, for the timeline line (e.g. 同一项目的投诉已办结). */
  reason?: string
  /** The subjects' totals as this call just wrote them (a new case's, from its registration): not read again. */
  totals?: RiskSubject[]
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

/**
 * Recompute the risk of the case's site and employer from their totals after `c` was registered, closed,
 * resolved, reopened, moved or flagged; set changed levels on their open cases and report new triggers.
 * `config` is the effective configuration of the case's area (its thresholds).
 */
export async function assessRisk(deps: Deps, c: Complaint, config: Config, now: Date, opts: AssessOptions = {}): Promise<void> {
  const storage = deps.storage
  const subjects = subjectsOf(c)
  if (!subjects.length) return
  const given = opts.totals
  const totals =
    given && given.length === subjects.length && given.every((t, i) => t.subject === subjects[i])
      ? given
      : await storage.riskSubjects(subjects)
  // Once repeat_employer is reported, only whether it still holds matters (its note, with the count, is
  // written when it is new): the count may stop at the threshold.
  const reported = totals.find((t) => t.subject === c.employerKey)?.reported.includes('repeat_employer')
  const recent =
    opts.isNew && c.employerKey
      ? await storage.countEmployerSince(
          c.employerKey,
          addDays(now, -config.risk.reportWindowDays).toISOString(),
          reported ? config.risk.reportComplaintsPerEmployer : undefined,
        )
      : null
  const at = now.toISOString()
  const levelOf = new Map<string, RiskLevel>()
  const changed: { t: RiskSubject; level: RiskLevel }[] = []
  const reports: { t: RiskSubject; fresh: Trigger[] }[] = []

  for (const t of totals) {
    const level = levelOfFigures(t, now, config)
    levelOf.set(t.subject, level)
    const holding = triggersOf(t, level, t.subject === c.employerKey ? recent : null, now, config)
    const keys = holding.map((x) => x.key)
    // What this call cannot judge is kept as it was: the employer's recent count is read on a submit only.
    if (recent === null && t.reported.includes('repeat_employer') && t.open > 0) keys.push('repeat_employer')
    // A flag stays reported while a flagged case of the subject is open.
    if (t.flagged > 0) keys.push(...t.reported.filter((k) => k.startsWith('flag:')))
    const fresh = holding.filter((x) => !t.reported.includes(x.key))
    // The flag is reported with the widest group: the site, else the employer.
    if (opts.flag && t.subject === subjects[0]) {
      const key = `flag:${opts.flag.signal}`
      if (!t.reported.includes(key)) {
        fresh.unshift({ key, note: `案件${c.caseNo}${FLAG_SIGNAL_LABELS[opts.flag.signal]}（${opts.flag.note.slice(0, 60)}）` })
      }
      if (!keys.includes(key)) keys.push(key)
    }
    const cause = causeOf(t, level, config)
    if (level !== t.level || cause !== t.trigger || !sameSet(keys, t.reported)) {
      await storage.setSubjectRisk(t.subject, { level, trigger: cause, reported: [...new Set(keys)] }, at)
    }
    if (level !== t.level) changed.push({ t, level })
    if (fresh.length) reports.push({ t, fresh })
  }

  // Levels of the cases: each open case carries the higher level of its two groups.
  const members = new Map<string, RiskMember[]>()
  const membersOf = async (subject: string) => {
    let m = members.get(subject)
    if (!m) {
      m = await storage.riskMembers(subject.startsWith('site:') ? { siteCode: subject.slice(5) } : { employerKey: subject }, GROUP_LIMIT)
      members.set(subject, m)
    }
    return m
  }
  const target = new Map<string, { from: RiskLevel; to: RiskLevel }>()
  const otherLevels = async (m: RiskMember): Promise<RiskLevel[]> => {
    const others = subjectsOf({ siteCode: m.siteCode ?? null, employerKey: m.employerKey ?? '' })
    const unknown = others.filter((x) => !levelOf.has(x))
    if (unknown.length) for (const x of await storage.riskSubjects(unknown)) levelOf.set(x.subject, x.level)
    return others.map((x) => levelOf.get(x) ?? 'none')
  }
  for (const { t } of changed) {
    for (const m of await membersOf(t.subject)) {
      const to = (await otherLevels(m)).reduce(higherLevel, m.flags?.length ? 'severe' : 'none')
      if (to !== m.riskLevel) target.set(m.id, { from: m.riskLevel, to })
    }
  }
  if (RISK_OPEN.includes(c.status) && !target.has(c.id)) {
    const to = subjects.map((x) => levelOf.get(x) ?? 'none').reduce(higherLevel, c.flags?.length ? 'severe' : 'none')
    if (to !== c.riskLevel) target.set(c.id, { from: c.riskLevel, to })
  }
  const byLevel = new Map<RiskLevel, string[]>()
  for (const [id, { to }] of target) byLevel.set(to, [...(byLevel.get(to) ?? []), id])
  const why = opts.reason ? `（${opts.reason}）` : ''
  for (const [level, ids] of byLevel) {
    // A new case starts at its groups' level; every other case gets the change on its timeline.
    const lined = opts.isNew ? ids.filter((id) => id !== c.id) : ids
    const plain = opts.isNew ? ids.filter((id) => id === c.id) : []
    const event: NewEvent = {
      at,
      type: 'risk_level',
      actorOpenid: opts.actor?.openid ?? null,
      actorDeptId: opts.actor?.deptId ?? null,
      note: `风险等级调整为${RISK_LABELS[level]}${why}`,
      visibleToWorker: false,
      data: { level },
    }
    if (lined.length) await storage.setRiskLevel(lined, level, event)
    if (plain.length) await storage.setRiskLevel(plain, level)
  }

  // Immediate reports: one entry per subject and Beijing day, one timeline line on this case per report.
  for (const { t, fresh } of reports) {
    const label = t.kind === 'site' ? `项目“${c.projectName}”` : `用人单位“${c.employerName}”`
    const note = `即时报告：${label}，${fresh.map((x) => x.note).join('；')}（案件${c.caseNo}等${t.open}件）`
    const linked = (await membersOf(t.subject)).map((m) => m.id)
    const keys = fresh.map((x) => x.key)
    const written = await storage.insertAlert({
      id: newId(deps, now, 'a'),
      subject: t.subject,
      trigger: `day:${beijingDate(now)}`,
      areaCode: c.areaCode,
      note,
      complaintIds: [c.id, ...linked.filter((x) => x !== c.id)],
      createdAt: at,
      triggers: keys,
      caseNos: [c.caseNo],
      count: 1,
    })
    if (!written) continue
    // The message goes by the weightiest trigger (a severe one also reaches 政法委 and 信访局).
    const main = keys.find((k) => k === 'severe' || k.startsWith('flag:')) ?? keys[0]
    const events: NewEvent[] = [
      {
        at,
        type: 'alert',
        actorOpenid: opts.actor?.openid ?? null,
        actorDeptId: opts.actor?.deptId ?? null,
        note,
        visibleToWorker: false,
        data: { trigger: main, triggers: keys, subject: t.subject },
      },
    ]
    const mc = { storage, config, now, publicBaseUrl: publicLinkBase(deps), log: deps.log }
    await withMessages(mc, c, events, (messages) => storage.appendEvents(c.id, events, messages))
  }
}
