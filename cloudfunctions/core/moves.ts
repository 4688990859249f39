// Status changes: check the machine and the caller's relation, then apply the change with its
// timeline event and the messages it sends in one transaction guarded by the version the caller saw.
import { checkMove, type MachineAction, type Relation } from '../../shared/statusMachine'
import { STATUS_META } from '../../shared/statusMeta'
import { FLAG_SIGNAL_LABELS } from '../../shared/labels'
import { assessRisk, type AssessOptions } from './riskAlerts'
import { RISK_OPEN } from './riskTotals'
import type { Ctx } from './context'
import type { Planned } from './channels'
import { AppError, conflict, forbidden, notFound } from './errors'
import type { Complaint, ComplaintPatch, NewEvent } from './ports'
import { merged } from './merged'

export interface MoveSpec {
  action: MachineAction
  /** The version the caller saw; null for moves the worker makes on the latest state. */
  version: number | null
  patch?: (c: Complaint) => ComplaintPatch
  event: (c: Complaint) => Omit<NewEvent, 'at' | 'actorOpenid' | 'actorDeptId'>
  /** Extra events after the main one (e.g. a worker-visible summary of an internal step). */
  extra?: (c: Complaint) => Omit<NewEvent, 'at' | 'actorOpenid' | 'actorDeptId'>[]
}

/** What a move of `c` writes, or the refusal (thrown): the machine, the caller's relations, the version seen. */
function decideMove(ctx: Ctx, c: Complaint, relations: Relation[], spec: MoveSpec) {
  const check = checkMove(c.status, spec.action, relations)
  if (!check.ok) {
    if (check.reason === 'forbidden') throw forbidden(check.message)
    throw new AppError('CONFLICT', check.message)
  }
  if (spec.version !== null && spec.version !== c.version) throw conflict()
  const at = ctx.now.toISOString()
  const actor = { at, actorOpenid: ctx.openid, actorDeptId: ctx.user.role === 'worker' ? null : ctx.user.deptId }
  const patch: ComplaintPatch = merged({}, spec.patch?.(c) ?? {})
  if (check.to !== c.status) patch.status = check.to
  const events: NewEvent[] = [merged(actor, spec.event(c)), ...(spec.extra?.(c) ?? []).map((e) => merged(actor, e))]
  // The messages are decided on the complaint as the change leaves it, and written with it.
  const next: Complaint = merged(c, patch, { version: c.version + 1, updatedAt: at })
  return { at, patch, events, next }
}

export async function move(ctx: Ctx, c: Complaint, relations: Relation[], spec: MoveSpec): Promise<Complaint> {
  const { at, patch, events, next } = decideMove(ctx, c, relations, spec)
  const updated = await ctx.messages.write(next, events, (messages) =>
    ctx.storage.updateComplaint(c.id, c.version, patch, events, at, messages),
  )
  if (updated === 'conflict') throw conflict()
  await afterMove(ctx, c, updated)
  return updated
}

/**
 * A move of the case `id` decided on the copy the transaction that writes it reads (storage.changeComplaint),
 * with no read before it: the caller's access (`relationsOf`; none is NOT_FOUND, as loadVisible: nothing says
 * the case exists), then `specOf` and the move's checks (the machine, the version the caller saw) on that
 * copy. A run that is not the one written (another writer came between: the transaction runs again) gives
 * back the WeChat consents its messages took before the next run plans them again.
 */
export async function moveCase(
  ctx: Ctx,
  id: string,
  relationsOf: (ctx: Ctx, c: Complaint) => Relation[] | Promise<Relation[]>,
  specOf: (c: Complaint, relations: Relation[]) => MoveSpec | Promise<MoveSpec>,
): Promise<Complaint> {
  // The copy the written run decided on, and the plan of a run not (yet) written.
  let before = null as Complaint | null
  let unwritten = null as Planned | null
  const giveBack = async () => {
    const plan = unwritten
    unwritten = null
    await plan?.release().catch((e) => (ctx.log ?? console.error)('[notify] giving back WeChat consents failed', e))
  }
  let updated: Complaint | null = null
  try {
    updated = await ctx.storage.changeComplaint(id, ctx.now.toISOString(), async (c) => {
      await giveBack()
      if (!c) throw notFound()
      const relations = await relationsOf(ctx, c)
      if (relations.length === 0) throw notFound()
      const { patch, events, next } = decideMove(ctx, c, relations, await specOf(c, relations))
      const plan = await ctx.messages.plan(next, events)
      unwritten = plan
      before = c
      return { patch, events, messages: plan.messages }
    })
  } finally {
    if (!updated) await giveBack()
  }
  await afterMove(ctx, before!, updated)
  return updated
}

/**
 * A case that leaves or rejoins the open ones changes its site's and employer's totals (in the same
 * transaction, by the storage): their levels are recomputed and may go down.
 */
async function afterMove(ctx: Ctx, before: Complaint, updated: Complaint): Promise<void> {
  if (RISK_OPEN.includes(before.status) !== RISK_OPEN.includes(updated.status)) await reassessRisk(ctx, updated)
}

/** Recompute risk after a case opened or closed; a failure never undoes the move (the next change repairs it). */
export async function reassessRisk(ctx: Ctx, c: Complaint, flag?: AssessOptions['flag']): Promise<void> {
  try {
    await assessRisk(ctx, c, await ctx.configFor(c.areaCode), ctx.now, {
      actor: { openid: ctx.openid || null, deptId: ctx.user.role === 'worker' ? null : ctx.user.deptId },
      reason: `案件${c.caseNo}${flag ? FLAG_SIGNAL_LABELS[flag.signal] : STATUS_META[c.status].label}`,
      flag,
    })
  } catch (e) {
    ;(ctx.log ?? console.error)('[risk] assessment failed', e)
  }
}
