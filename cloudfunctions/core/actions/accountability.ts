// Who answers for a case (issue 16): an official's profile, the 承办人, supervision (挂牌督办, 领导包案)
// and escalation (提级办理), severe signals from the facts, referral outcomes, money paid ahead and
// administrative measures.
import { accountabilityContract } from '../../../shared/contract/accountability'
import { acceptDueAt } from '../../../shared/deadlines'
import { ADVANCE_SOURCE_LABELS, FLAG_SIGNAL_LABELS, formatFen, PENALTY_KIND_LABELS, REFERRAL_OUTCOME_LABELS } from '../../../shared/labels'
import { formatBeijing } from '../../../shared/time'
import { handlesCases } from '../../../shared/types'
import { UnknownHolidayYearError } from '../../../shared/workingDays'
import { loadVisible, requireStaff, staffRelations } from '../access'
import type { Ctx } from '../context'
import { AppError, forbidden, validation } from '../errors'
import { move, reassessRisk } from '../moves'
import type { Complaint } from '../ports'
import { defineActions } from './types'

async function staffCase(ctx: Ctx, caseId: string) {
  requireStaff(ctx)
  return loadVisible(ctx, caseId, staffRelations)
}

const moved = (c: Complaint) => ({ id: c.id, status: c.status, version: c.version })

export const accountabilityActions = defineActions(accountabilityContract, {
  'profile.set': async (ctx, d) => {
    requireStaff(ctx)
    if (!(await ctx.storage.setProfile(ctx.openid, d.name, d.phone))) throw forbidden('仅限工作人员使用，请先用邀请码加入单位')
    return { name: d.name, officePhone: d.phone }
  },

  'complaint.assign': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    if (!relations.includes('handler')) throw forbidden('仅限办理单位指定承办人')
    const to = await ctx.storage.getUser(d.toOpenid)
    if (!to || to.role === 'worker' || to.deptId !== complaint.handlerDeptId) throw validation({ toOpenid: '承办人只能是本单位的同事' })
    if (complaint.assigneeOpenid === to.openid) throw new AppError('CONFLICT', '已经是这位同事承办')
    const name = to.name || '同事'
    const updated = await move(ctx, complaint, relations, {
      action: 'assign',
      version: d.version,
      patch: () => ({ assigneeOpenid: to.openid }),
      event: (c) => ({
        type: 'assigned',
        note: `承办人改为${name}`,
        visibleToWorker: false,
        data: { from: c.assigneeOpenid ?? null, to: to.openid },
      }),
    })
    return moved(updated)
  },

  'complaint.supervise': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    if (d.dueAt <= ctx.now.toISOString()) throw validation({ dueAt: '督办期限应晚于现在' })
    const at = ctx.now.toISOString()
    const leader = d.leaderName ?? null
    const updated = await move(ctx, complaint, relations, {
      action: 'supervise',
      version: d.version,
      patch: () => ({
        supervision: { note: d.note, dueAt: d.dueAt, byDeptId: ctx.user.deptId as string, at, leaderName: leader, overdueAt: null },
        superviseDueAt: d.dueAt,
      }),
      event: () => ({
        type: 'supervised',
        note: `挂牌督办，${formatBeijing(d.dueAt)}前办结${leader ? `，包案领导${leader}` : ''}：${d.note}`,
        visibleToWorker: false,
        data: { dueAt: d.dueAt, leaderName: leader },
      }),
    })
    return moved(updated)
  },

  'complaint.escalate': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    // Who may do it is told before what is wrong with the request.
    if (!relations.includes('coordinator')) throw forbidden('仅限联席办提级办理')
    const own = await ctx.dept(ctx.user.deptId)
    const target = await ctx.dept(d.toDeptId)
    if (!own || !target || !target.active || !handlesCases(target.kind) || target.areaCode !== own.areaCode) {
      throw validation({ toDeptId: '提级办理只能交给本级的办理单位' })
    }
    if (target.id === complaint.handlerDeptId) throw validation({ toDeptId: '已经由这个单位办理' })
    let due: string | null = null
    let note: string | null = null
    try {
      due = acceptDueAt(ctx.now, complaint.areaCode, await ctx.configFor(complaint.areaCode), ctx.calendar).toISOString()
    } catch (e) {
      if (!(e instanceof UnknownHolidayYearError)) throw e
      note = `缺少${e.year}年节假日安排，受理期限未能计算`
    }
    const updated = await move(ctx, complaint, relations, {
      action: 'escalate',
      version: d.version,
      patch: () => ({ handlerDeptId: target.id, acceptDueAt: due, acceptEscalatedAt: null, assigneeOpenid: null, card: 'none' }),
      event: (c) => ({
        type: 'escalated_up',
        note: `提级由${target.name}办理：${d.reason}`,
        visibleToWorker: false,
        data: { fromDeptId: c.handlerDeptId, toDeptId: target.id },
      }),
      extra: () => [
        { type: 'routed', note: `已转${target.name}办理`, visibleToWorker: true, data: { toDeptId: target.id, acceptDueAt: due } },
        ...(note ? [{ type: 'deadline_unknown', note, visibleToWorker: false, data: null }] : []),
      ],
    })
    return moved(updated)
  },

  'complaint.flag': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const updated = await move(ctx, complaint, relations, {
      action: 'flag',
      version: d.version,
      // Kept on the case: while it is open its site and employer count it and stay severe.
      patch: (c) => ({ riskLevel: 'severe', flags: [...new Set([...(c.flags ?? []), d.signal])] }),
      event: () => ({
        type: 'flagged',
        note: `${FLAG_SIGNAL_LABELS[d.signal]}：${d.note}`,
        visibleToWorker: false,
        data: { signal: d.signal },
      }),
    })
    // The site and the employer become severe (their totals count the flag) and the immediate report is raised.
    await reassessRisk(ctx, updated, { signal: d.signal, note: d.note })
    return moved(updated)
  },

  'complaint.referralOutcome': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const amount = d.amountFen !== undefined ? `，确定金额${formatFen(d.amountFen)}` : ''
    const updated = await move(ctx, complaint, relations, {
      action: 'referralOutcome',
      version: d.version,
      patch: () => ({ followUpDueAt: null, lastProgressAt: ctx.now.toISOString() }),
      event: () => ({
        type: 'referral_outcome',
        note: `移送结果：${REFERRAL_OUTCOME_LABELS[d.outcome]}（${d.refNo}）${amount}。${d.note}`,
        visibleToWorker: true,
        data: { outcome: d.outcome, refNo: d.refNo, amountFen: d.amountFen ?? null },
      }),
    })
    return moved(updated)
  },

  'complaint.advance': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    if (d.amountFen <= 0) throw validation({ amountFen: '垫付金额应大于0' })
    const updated = await move(ctx, complaint, relations, {
      action: 'advance',
      version: d.version,
      event: () => ({
        type: 'advanced',
        note: `已先行垫付${formatFen(d.amountFen)}（${ADVANCE_SOURCE_LABELS[d.source]}）：${d.note}`,
        visibleToWorker: true,
        data: { source: d.source, amountFen: d.amountFen },
      }),
    })
    return moved(updated)
  },

  'complaint.penalty': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const amount = d.amountFen !== undefined ? `，金额${formatFen(d.amountFen)}` : ''
    const updated = await move(ctx, complaint, relations, {
      action: 'penalty',
      version: d.version,
      event: () => ({
        type: 'penalty',
        note: `${PENALTY_KIND_LABELS[d.kind]}（${d.docNo}）${amount}：${d.note}`,
        visibleToWorker: false,
        data: { kind: d.kind, docNo: d.docNo, amountFen: d.amountFen ?? null, employerKey: complaint.employerKey },
      }),
    })
    return moved(updated)
  },
})
