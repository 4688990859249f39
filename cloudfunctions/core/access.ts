// Who may see and do what with a complaint: relations computed from the caller and the case.
import type { Relation } from '../../shared/statusMachine'
import { isWatchKind } from '../../shared/types'
import { areaContains } from '../../shared/validators/areaCode'
import type { Ctx } from './context'
import type { Complaint } from './ports'
import { claimedBy, membersOf } from './members'
import { forbidden, notFound } from './errors'

export async function staffRelations(ctx: Ctx, c: Complaint): Promise<Relation[]> {
  const rel: Relation[] = []
  const { user } = ctx
  if (user.role === 'worker' || !user.deptId) return rel
  // A 政法委 or 信访局 reads the severe cases of its area and nothing else, whatever the official's role.
  const own = await ctx.dept(user.deptId)
  if (own && isWatchKind(own.kind)) return own.active && c.riskLevel === 'severe' && areaContains(own.areaCode, c.areaCode) ? ['watch'] : []
  if (c.handlerDeptId === user.deptId) rel.push('handler')
  if (c.firstResponderDeptId === user.deptId) rel.push('first_responder')
  if (user.role === 'coordinator' && own && areaContains(own.areaCode, c.areaCode)) rel.push('coordinator')
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

/**
 * What the staff of a watching unit (政法委, 信访局) may call: who they are, and the severe cases of their
 * area as a list and one by one (access: the 'watch' relation). Everything else is refused before it runs.
 */
export const WATCHER_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  staff: ['me', 'invite.accept', 'profile.set', 'dept.list', 'queue.list', 'complaint.get'],
}
export const WATCHER_REFUSAL = '政法委、信访局只能查看本辖区的重大风险案件，不能办理、登记或管理'

/** Refuse a watching unit's official any action of `fn` beyond reading (the same answer for any case: nothing is revealed). */
export async function refuseWatchers(ctx: Ctx, fn: string, action: string): Promise<void> {
  if ((fn !== 'staff' && fn !== 'admin') || ctx.user.role === 'worker' || !ctx.user.deptId) return
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept || !isWatchKind(dept.kind) || WATCHER_ACTIONS[fn]?.includes(action)) return
  throw forbidden(WATCHER_REFUSAL)
}

export function requireCoordinator(ctx: Ctx): void {
  if (ctx.user.role !== 'coordinator' || !ctx.user.deptId) throw forbidden('仅限联席办使用')
}
