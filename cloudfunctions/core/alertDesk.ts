// The coordinator's side of immediate reports (即时报告): reading them as people say them (the project's
// or employer's name, the case numbers, how often raised) and working them (read, or handled with a note).
// Only coordinators, only alerts inside their area. Writing alerts is riskAlerts.ts's.
import type { AlertItem } from '../../shared/contract/replies'
import { areaContains, areaPrefix } from '../../shared/validators'
import { requireCoordinator } from './access'
import type { Ctx } from './context'
import { AppError, forbidden } from './errors'
import { officialOf } from './officials'
import type { Alert, AlertState } from './ports'

const LIST_LIMIT = 200
/** Cases looked up per alert to show their numbers (an alert names its first cases; the rest by count). */
const CASES_SHOWN = 20

async function coordinatorArea(ctx: Ctx): Promise<string> {
  requireCoordinator(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
  return dept.areaCode
}

/** An alert as the coordinator reads it: titled by name, its cases by number, its state and who worked it. */
async function itemOf(ctx: Ctx, a: Alert, names: Map<string, string | null>): Promise<AlertItem> {
  const site = a.subject.startsWith('site:') ? a.subject.slice(5) : null
  const ids = a.complaintIds.slice(0, CASES_SHOWN)
  const found = await Promise.all(ids.map((id) => ctx.storage.getComplaint(id)))
  const cases = found.filter((c) => c !== null)
  const first = cases[0] ?? null
  let title = site ? (first?.siteCode === site ? first.projectName : '') : (first?.employerName ?? '')
  if (!title && site) title = (await ctx.storage.getSite(site))?.name ?? ''
  if (!title) title = site ? '（项目名称未知）' : '（用人单位名称未知）'
  const by = a.ackBy ?? null
  if (by && !names.has(by)) names.set(by, (await officialOf(ctx, by))?.name ?? null)
  return {
    id: a.id,
    subject: a.subject,
    trigger: a.trigger,
    areaCode: a.areaCode,
    note: a.note,
    complaintIds: a.complaintIds,
    createdAt: a.createdAt,
    title,
    kind: site ? 'site' : 'employer',
    cases: cases.map((c) => ({ id: c.id, caseNo: c.caseNo })),
    count: a.count && a.count > 0 ? a.count : 1,
    state: a.state ?? 'new',
    ackNote: a.ackNote ?? '',
    ackBy: by ? (names.get(by) ?? '联席办') : null,
    ackAt: a.ackAt ?? null,
  }
}

/** `staff alerts.list { state? }`: the coordinator's area, newest first. */
export async function listAlerts(ctx: Ctx, state: AlertState | 'all' | undefined): Promise<{ items: AlertItem[] }> {
  const area = await coordinatorArea(ctx)
  const alerts = await ctx.storage.listAlerts(areaPrefix(area), LIST_LIMIT, state === 'all' ? undefined : state)
  const names = new Map<string, string | null>()
  const items: AlertItem[] = []
  for (const a of alerts) items.push(await itemOf(ctx, a, names))
  return { items }
}

/** `staff alerts.ack { id, note? }`: read, or handled with a note. Another area's alert does not exist for the caller. */
export async function ackAlert(ctx: Ctx, id: string, note: string | undefined): Promise<AlertItem> {
  const area = await coordinatorArea(ctx)
  const a = await ctx.storage.getAlert(id)
  if (!a || !areaContains(area, a.areaCode)) throw new AppError('NOT_FOUND', '没有找到这条提醒')
  const text = note ?? ''
  // Reading a handled alert again does not undo what was done.
  const state = text ? 'handled' : a.state === 'handled' ? 'handled' : 'read'
  const ack = { state, note: text || (a.ackNote ?? ''), by: ctx.openid, at: ctx.now.toISOString() } as const
  if (state === 'handled' && !text && a.state === 'handled') return itemOf(ctx, a, new Map())
  if (!(await ctx.storage.ackAlert(a.id, ack))) throw new AppError('NOT_FOUND', '没有找到这条提醒')
  return itemOf(ctx, { ...a, state: ack.state, ackNote: ack.note, ackBy: ack.by, ackAt: ack.at }, new Map())
}
