// Leads from other channels (issue 14; DOMAIN.md, rule 7): registered like any complaint (first responder,
// routing, deadlines, cards, risk), one case per channel and outside reference, and answered back to where
// each came from. Used by the staff action `complaint.registerLead`, the Open311 API and the leads import.
import type { LeadInput, ReplyText } from '../../shared/contract/leads'
import { CHANNEL_LABELS, STATUS_LABELS, formatFen } from '../../shared/labels'
import { formatBeijing } from '../../shared/time'
import type { Status } from '../../shared/types'
import { SITE_CODE_ALPHABET } from '../../shared/validators'
import type { Ctx } from './context'
import { randomCode } from './context'
import { assessRiskSafely, checkSubmit, register, type SubmitInput } from './intake'
import type { Complaint, Dept, TimelineEvent } from './ports'
import { redactPersonal } from './redact'

/**
 * Register a lead received by `receivedBy` (its first responder). The same channel and reference again is
 * the case registered the first time (`created: false`), whoever sends it.
 */
export async function registerLead(
  ctx: Ctx,
  d: LeadInput,
  receivedBy: Pick<Dept, 'id'>,
): Promise<{ complaint: Complaint; created: boolean }> {
  const { channel, externalRef, replyDueAt, ...fields } = d
  const input: SubmitInput = { ...fields, clientRequestId: externalRef }
  checkSubmit(input, ctx.now, ctx.config)
  const claimCode = randomCode(ctx, SITE_CODE_ALPHABET, 6)
  const r = await register(ctx, input, {
    byDeskDeptId: receivedBy.id,
    ownerOpenid: null,
    claimCode,
    lead: { channel, externalRef, replyDueAt: replyDueAt ?? null },
  })
  if (r.created) await assessRiskSafely(ctx, r.complaint, r.totals)
  return r
}

/** Events whose note is the handler's final answer to the worker (and so to the lead's source). */
const ANSWERS = new Set(['resolved', 'not_wage_arrears', 'transferred_out', 'referred'])
const ANSWERED: readonly Status[] = ['resolved', 'not_wage_arrears', 'transferred_out', 'referred', 'closed']

/** The handler's final answer (the last worker-visible answer event) once the case is answered; else null. */
export function answerOf(c: Pick<Complaint, 'status'>, events: readonly TimelineEvent[]): TimelineEvent | null {
  if (!ANSWERED.includes(c.status)) return null
  return [...events].reverse().find((e) => e.visibleToWorker && ANSWERS.has(e.type)) ?? null
}

/**
 * The answer for the source system: where the case stands, the handling unit, and the handler's final
 * answer once there is one (else the latest step the worker was told of). Only worker-visible notes are
 * used, with names, phone numbers and ID numbers taken out.
 */
export function replyText(c: Complaint, events: readonly TimelineEvent[], depts: readonly Dept[]): ReplyText {
  const unit = depts.find((d) => d.id === c.handlerDeptId)
  const visible = events.filter((e) => e.visibleToWorker)
  const answer = answerOf(c, events)
  const answered = answer !== null
  const people = [c.complainant, ...c.complainants]
  const clean = (s: string) => redactPersonal(s, people)
  const lines = [
    answered ? '【办理结果】' : '【办理进展】',
    `来源：${CHANNEL_LABELS[c.channel]}${c.externalRef ? `，编号 ${c.externalRef}` : ''}`,
    `案件编号：${c.caseNo}（${formatBeijing(c.createdAt)}登记）`,
    `项目：${clean(c.projectName)}`,
    `承办单位：${unit?.name ?? '待定'}${unit?.phone ? `（电话 ${unit.phone}）` : ''}`,
    `当前状态：${STATUS_LABELS[c.status]}`,
  ]
  if (answered && answer) {
    lines.push(`办理情况：${clean(answer.note)}`)
    if (c.amountRecoveredFen !== null && (c.status === 'resolved' || c.status === 'closed'))
      lines.push(`追回工资：${formatFen(c.amountRecoveredFen)}`)
    lines.push(`答复时间：${formatBeijing(answer.at)}`)
  } else {
    const last = visible[visible.length - 1]
    if (last) lines.push(`最新进展（${formatBeijing(last.at)}）：${clean(last.note)}`)
    if (c.resolveDueAt) lines.push(`办结期限：${formatBeijing(c.resolveDueAt)}`)
    else if (c.acceptDueAt) lines.push(`受理期限：${formatBeijing(c.acceptDueAt)}`)
  }
  return {
    id: c.id,
    caseNo: c.caseNo,
    channel: c.channel,
    externalRef: c.externalRef ?? null,
    replyDueAt: c.replyDueAt ?? null,
    status: c.status,
    answered,
    answeredAt: answered && answer ? answer.at : null,
    text: lines.join('\n'),
  }
}
