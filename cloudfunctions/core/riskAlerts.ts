// Risk levels per site and per employer over their open complaints, and immediate reports (即时报告)
// to the coordinator, once per subject and trigger, with the complaints linked.
import type { Config } from '../../shared/config'
import { monthsOwed, riskLevel } from '../../shared/risk'
import { RISK_LABELS } from '../../shared/labels'
import type { RiskLevel } from '../../shared/types'
import { addDays } from '../../shared/time'
import type { Deps } from './context'
import { newId, publicLinkBase } from './context'
import { withMessages } from './notify'
import type { Complaint, NewEvent, RiskMember } from './ports'

const RANK: Record<RiskLevel, number> = { none: 0, general: 1, major: 2, severe: 3 }
const GROUP_LIMIT = 1000

export interface Trigger {
  key: string
  note: string
}

/** Which immediate-report triggers hold for one group of open complaints. Pure. */
export function triggersFor(
  open: readonly Pick<RiskMember, 'workerCount' | 'owedSince' | 'bossUnreachable'>[],
  level: RiskLevel,
  recentAgainstEmployer: number | null,
  now: Date,
  config: Config,
): Trigger[] {
  const r = config.risk
  const workers = open.reduce((s, c) => s + c.workerCount, 0)
  const months = Math.max(0, ...open.map((c) => monthsOwed(c.owedSince, now)))
  const out: Trigger[] = []
  if (level === 'severe') out.push({ key: 'severe', note: `风险等级达到${RISK_LABELS.severe}` })
  if (workers >= r.reportWorkers) out.push({ key: 'workers', note: `涉及${workers}人，达到${r.reportWorkers}人` })
  if (months >= r.reportMonths) out.push({ key: 'months', note: `欠薪${months}个月，达到${r.reportMonths}个月` })
  else if (months >= r.reportMonthsAlone) out.push({ key: 'months_alone', note: `欠薪${months}个月，达到${r.reportMonthsAlone}个月` })
  if (recentAgainstEmployer !== null && recentAgainstEmployer >= r.reportComplaintsPerEmployer) {
    out.push({ key: 'repeat_employer', note: `${r.reportWindowDays}天内同一用人单位被投诉${recentAgainstEmployer}次` })
  }
  if (open.some((c) => c.bossUnreachable)) out.push({ key: 'boss_unreachable', note: '工友反映老板联系不上' })
  return out
}

/**
 * Recompute the risk of the complaint's site and employer, set it on their open complaints and raise
 * each new trigger once. Called right after a complaint is registered; `config` is the effective
 * configuration of the complaint's area (its thresholds).
 */
export async function assessRisk(deps: Deps, c: Complaint, config: Config, now: Date): Promise<void> {
  const groups: { subject: string; label: string; open: RiskMember[]; recent: number | null }[] = []
  if (c.siteCode)
    groups.push({
      subject: `site:${c.siteCode}`,
      label: `项目“${c.projectName}”`,
      open: await deps.storage.riskMembers({ siteCode: c.siteCode }, GROUP_LIMIT),
      recent: null,
    })
  if (c.employerKey) {
    const since = addDays(now, -config.risk.reportWindowDays).toISOString()
    groups.push({
      subject: c.employerKey,
      label: `用人单位“${c.employerName}”`,
      open: await deps.storage.riskMembers({ employerKey: c.employerKey }, GROUP_LIMIT),
      recent: await deps.storage.countEmployerSince(c.employerKey, since),
    })
  }
  const levelOf = new Map<string, RiskLevel>()
  const at = now.toISOString()
  for (const g of groups) {
    if (!g.open.some((x) => x.id === c.id)) g.open.push(c)
    const level = riskLevel(g.open, now, config)
    // Only raise: a complaint keeps the highest level any of its groups gave it, and one already at
    // this level is not written again (a busy site's submit touches only what changes).
    for (const x of g.open) if (RANK[level] > RANK[levelOf.get(x.id) ?? x.riskLevel]) levelOf.set(x.id, level)
    for (const t of triggersFor(g.open, level, g.recent, now, config)) {
      const note = `即时报告：${g.label}，${t.note}（案件${c.caseNo}等${g.open.length}件）`
      const fresh = await deps.storage.insertAlert({
        id: newId(deps, now, 'a'),
        subject: g.subject,
        trigger: t.key,
        areaCode: c.areaCode,
        note,
        complaintIds: g.open.map((x) => x.id),
        createdAt: at,
      })
      if (fresh) {
        const events: NewEvent[] = [
          {
            at,
            type: 'alert',
            actorOpenid: null,
            actorDeptId: null,
            note,
            visibleToWorker: false,
            data: { trigger: t.key, subject: g.subject },
          },
        ]
        const mc = { storage: deps.storage, config, now, publicBaseUrl: publicLinkBase(deps), log: deps.log }
        await withMessages(mc, c, events, (messages) => deps.storage.appendEvents(c.id, events, messages))
      }
    }
  }
  const byLevel = new Map<RiskLevel, string[]>()
  for (const [id, level] of levelOf) byLevel.set(level, [...(byLevel.get(level) ?? []), id])
  for (const [level, ids] of byLevel) await deps.storage.setRiskLevel(ids, level)
}
