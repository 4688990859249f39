// Status changes: check the machine and the caller's relation, then apply the change with its
// timeline event and the messages it sends in one transaction guarded by the version the caller saw.
import { checkMove, type MachineAction, type Relation } from '../../shared/statusMachine'
import type { Ctx } from './context'
import { AppError, conflict, forbidden } from './errors'
import type { Complaint, ComplaintPatch, NewEvent } from './ports'

export interface MoveSpec {
  action: MachineAction
  /** The version the caller saw; null for moves the worker makes on the latest state. */
  version: number | null
  patch?: (c: Complaint) => ComplaintPatch
  event: (c: Complaint) => Omit<NewEvent, 'at' | 'actorOpenid' | 'actorDeptId'>
  /** Extra events after the main one (e.g. a worker-visible summary of an internal step). */
  extra?: (c: Complaint) => Omit<NewEvent, 'at' | 'actorOpenid' | 'actorDeptId'>[]
}

export async function move(ctx: Ctx, c: Complaint, relations: Relation[], spec: MoveSpec): Promise<Complaint> {
  const check = checkMove(c.status, spec.action, relations)
  if (!check.ok) {
    if (check.reason === 'forbidden') throw forbidden(check.message)
    throw new AppError('CONFLICT', check.message)
  }
  if (spec.version !== null && spec.version !== c.version) throw conflict()
  const at = ctx.now.toISOString()
  const actor = { at, actorOpenid: ctx.openid, actorDeptId: ctx.user.role === 'worker' ? null : ctx.user.deptId }
  const patch: ComplaintPatch = { ...(spec.patch?.(c) ?? {}) }
  if (check.to !== c.status) patch.status = check.to
  const events: NewEvent[] = [{ ...actor, ...spec.event(c) }, ...(spec.extra?.(c) ?? []).map((e) => ({ ...actor, ...e }))]
  // The messages are decided here, on the complaint as the change leaves it, and written with it.
  const next: Complaint = { ...c, ...patch, version: c.version + 1, updatedAt: at }
  const updated = await ctx.messages.write(next, events, (messages) =>
    ctx.storage.updateComplaint(c.id, c.version, patch, events, at, messages),
  )
  if (updated === 'conflict') throw conflict()
  return updated
}
