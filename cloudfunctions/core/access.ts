// Who may see and do what with a complaint: relations computed from the caller and the case.
import type { Relation } from '../../shared/statusMachine'
import { areaContains } from '../../shared/validators/areaCode'
import type { Ctx } from './context'
import type { Complaint } from './ports'
import { claimedBy, membersOf } from './members'
import { forbidden, notFound } from './errors'

export async function staffRelations(ctx: Ctx, c: Complaint): Promise<Relation[]> {
  const rel: Relation[] = []
  const { user } = ctx
  if (user.role === 'worker' || !user.deptId) return rel
  if (c.handlerDeptId === user.deptId) rel.push('handler')
  if (c.firstResponderDeptId === user.deptId) rel.push('first_responder')
  if (user.role === 'coordinator') {
    const dept = await ctx.dept(user.deptId)
    if (dept && areaContains(dept.areaCode, c.areaCode)) rel.push('coordinator')
  }
  return rel
}

/**
 * 'owner': the worker who filed it, or claimed its first (only) code; 'member': a worker of a group who
 * claimed their own code (one WeChat may hold several codes, e.g. a relative for two workers).
 */
export async function workerRelations(ctx: Ctx, c: Complaint): Promise<Relation[]> {
  // Owned by the caller, or by the browser identity of the phone the caller proved (ctx.ownerIds).
  const rel: Relation[] = c.ownerOpenid !== null && ctx.ownerIds.includes(c.ownerOpenid) ? ['owner'] : []
  if (claimedBy(await membersOf(ctx.storage, c), ctx.ownerIds).some((idx) => idx > 0)) rel.push('member')
  return rel
}

/** Load a complaint the caller may see, or NOT_FOUND (never reveal that it exists). */
export async function loadVisible(
  ctx: Ctx,
  id: string,
  relationsOf: (ctx: Ctx, c: Complaint) => Relation[] | Promise<Relation[]>,
): Promise<{ complaint: Complaint; relations: Relation[] }> {
  const complaint = await ctx.storage.getComplaint(id)
  if (!complaint) throw notFound()
  const relations = await relationsOf(ctx, complaint)
  if (relations.length === 0) throw notFound()
  return { complaint, relations }
}

export function requireStaff(ctx: Ctx): void {
  if (ctx.user.role === 'worker' || !ctx.user.deptId) throw forbidden('仅限工作人员使用，请先用邀请码加入单位')
}

export function requireCoordinator(ctx: Ctx): void {
  if (ctx.user.role !== 'coordinator' || !ctx.user.deptId) throw forbidden('仅限联席办使用')
}
