// Shaping complaints for each audience. Workers see only their own case and worker-visible events;
// full personal data is shown only to the handling department.
import { allowedActions, type Relation } from '../../shared/statusMachine'
import { EVENT_LABELS } from '../../shared/labels'
import { maskIdNumber, maskMobile, maskName } from '../../shared/validators'
import type { ComplaintView, QueueItem, TimelineItem } from '../../shared/types'
import type { Config } from '../../shared/config'
import type { Ctx } from './context'
import type { Complainant, Complaint, Dept, Member, QueueRow, TimelineEvent } from './ports'
import { claimedBy, membersOf } from './members'
import { areaName } from '../../shared/areas'
import { progressOf } from '../../shared/progress'
import { linkablePhotos } from './photos'
import { merged } from './merged'

const ref = (depts: Dept[], id: string) => ({ id, name: depts.find((d) => d.id === id)?.name ?? '待定' })
/** A unit with its public complaint phone, for tap-to-call. */
const unit = (depts: Dept[], id: string) => merged(ref(depts, id), { phone: depts.find((d) => d.id === id)?.phone ?? '' })

function timelineItem(e: TimelineEvent, depts: Dept[], forWorker: boolean): TimelineItem {
  const item: TimelineItem = { at: e.at, type: e.type, label: EVENT_LABELS[e.type] ?? e.type, note: e.note }
  if (!forWorker) {
    item.visibleToWorker = e.visibleToWorker
    if (e.actorDeptId) item.actor = depts.find((d) => d.id === e.actorDeptId)?.name ?? ''
  }
  return item
}

/** Where a transferred-out case went, from its last transfer event; null when it was not transferred out. */
export function transferredTo(c: Pick<Complaint, 'status'>, events: readonly TimelineEvent[]): { name: string; phone: string } | null {
  if (c.status !== 'transferred_out') return null
  const e = [...events].reverse().find((x) => x.type === 'transferred_out')
  const data = (e?.data ?? {}) as { to?: unknown; phone?: unknown }
  return typeof data.to === 'string' ? { name: data.to, phone: typeof data.phone === 'string' ? data.phone : '' } : null
}

/** When the worker last reminded the unit (催办), from the timeline. */
export function lastReminder(events: readonly TimelineEvent[]): string | null {
  let last: string | null = null
  for (const e of events) if (e.type === 'reminded' && (!last || e.at > last)) last = e.at
  return last
}

/**
 * A case the scheduler closed because the worker did not answer stays open to a dispute for
 * `disputeAfterCloseDays`; one the worker confirmed does not.
 */
export function disputableAfterClose(
  c: Complaint,
  events: readonly TimelineEvent[],
  config: Pick<Config, 'deadlines'>,
  now: Date,
): boolean {
  if (c.status !== 'closed' || !c.closedAt) return false
  const closing = [...events].reverse().find((e) => e.type === 'closed')
  const auto = !!closing && !!closing.data && (closing.data as { auto?: unknown }).auto === true
  return auto && now.getTime() - Date.parse(c.closedAt) <= config.deadlines.disputeAfterCloseDays * 24 * 3600 * 1000
}

/**
 * Links to the case's photos (the caller may see the case): recorded uploads only (photos.ts); a failure
 * leaves them empty rather than failing the whole view.
 */
async function photoLinks(ctx: Ctx, photos: string[]): Promise<string[]> {
  if (!ctx.files || photos.length === 0) return photos.map(() => '')
  try {
    const linkable = await linkablePhotos(ctx, photos)
    const links = await ctx.files.links(photos.filter((p) => linkable.has(p)))
    let i = 0
    return photos.map((p) => (linkable.has(p) ? links[i++] : ''))
  } catch (e) {
    ctx.log?.('[views] photo links failed', e)
    return photos.map(() => '')
  }
}

export async function complaintView(
  ctx: Ctx,
  c: Complaint,
  relations: Relation[],
  /** `revealName`: a non-handler opened the name on purpose (recorded by the caller). */
  opts: { audience: 'worker' | 'staff'; fullPersonalData: boolean; revealName?: boolean; members?: Member[] },
): Promise<ComplaintView> {
  const depts = await ctx.depts()
  const events = await ctx.storage.timeline(c.id)
  const members = opts.members ?? (await membersOf(ctx.storage, c))
  const config = await ctx.configFor(c.areaCode)
  const forWorker = opts.audience === 'worker'
  const mine = forWorker ? claimedBy(members, ctx.ownerIds) : []
  const mask = !opts.fullPersonalData
  const nameShown = (n: string) => (mask && !opts.revealName && !forWorker ? maskName(n) : n)
  // A worker without a mobile: the contact phone and whose it is, masked like any number.
  const reach = (p: Complainant, masked: boolean) => ({
    phone: masked ? maskMobile(p.phone) : p.phone,
    ...(p.contactPhone ? { contactPhone: masked ? maskMobile(p.contactPhone) : p.contactPhone, contactPhoneOf: p.contactPhoneOf } : {}),
  })
  const person = (p: Complainant) => ({
    name: nameShown(p.name),
    ...reach(p, mask),
    ...(p.idNumber ? { idNumber: mask ? maskIdNumber(p.idNumber) : p.idNumber } : {}),
  })
  // What the worker asking is owed: their own rows of a group (a relative may hold two), else the case's amount.
  const own = c.complainants.filter((_, i) => mine.includes(i))
  const myAmountOwedFen = !forWorker ? null : own.length ? own.reduce((s, p) => s + (p.amountOwedFen ?? 0), 0) : c.amountOwedFen
  return {
    id: c.id,
    caseNo: c.caseNo,
    status: c.status,
    version: c.version,
    channel: c.channel,
    siteCode: c.siteCode,
    placement: c.placement,
    projectName: c.projectName,
    projectAddress: c.projectAddress,
    employerName: c.employerName,
    areaCode: c.areaCode,
    areaName: areaName(c.areaCode),
    industry: c.industry,
    funding: c.funding,
    complainant: person(c.complainant),
    // In a group case the workers' numbers are never shown in full to a worker; each sees which rows are theirs.
    complainants: c.complainants.map((p, i) => ({
      ...(forWorker ? { name: p.name, ...reach(p, true) } : person(p)),
      amountOwedFen: p.amountOwedFen ?? 0,
      ...(forWorker ? (mine.includes(i) ? { mine: true } : {}) : { claimed: members.some((m) => m.idx === i && m.ownerOpenid !== null) }),
    })),
    myAmountOwedFen,
    workerCount: c.workerCount,
    amountOwedFen: c.amountOwedFen,
    owedSince: c.owedSince,
    description: c.description,
    photos: c.photos,
    photoLinks: await photoLinks(ctx, c.photos),
    hideIdentityFromEmployer: c.hideIdentity,
    bossUnreachable: c.bossUnreachable,
    firstResponder: unit(depts, c.firstResponderDeptId),
    handler: unit(depts, c.handlerDeptId),
    transferredTo: transferredTo(c, events),
    externalRef: c.externalRef ?? null,
    replyDueAt: c.replyDueAt ?? null,
    acceptDueAt: c.acceptDueAt,
    resolveDueAt: c.resolveDueAt,
    complex: c.complex,
    card: c.card,
    riskLevel: c.riskLevel,
    amountRecoveredFen: c.amountRecoveredFen,
    rating: c.rating,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    timeline: events.filter((e) => !forWorker || e.visibleToWorker).map((e) => timelineItem(e, depts, forWorker)),
    ...progressOf(c, ctx.now),
    remindedAt: lastReminder(events),
    advancedFen: advancedFen(events),
    allowedActions: allowedActions(c.status, relations).filter(
      // Returning to oneself and marking complex twice are refused by the actions; don't offer them.
      (a) =>
        !(a === 'return' && c.handlerDeptId === c.firstResponderDeptId) &&
        !(a === 'markComplex' && c.complex) &&
        !(a === 'dispute' && c.status === 'closed' && !disputableAfterClose(c, events, config, ctx.now)),
    ),
  }
}

/** Money paid to the workers ahead of the employer (垫付/兜底), from the timeline. */
export function advancedFen(events: readonly TimelineEvent[]): number {
  let sum = 0
  for (const e of events) {
    const fen = e.type === 'advanced' ? (e.data as { amountFen?: unknown } | null)?.amountFen : undefined
    if (typeof fen === 'number') sum += fen
  }
  return sum
}

/** `depts`: the call's departments (ctx.depts()); `assignees`: the names of the officials carrying the cases (承办人), by openid. */
export function queueItem(depts: Dept[], c: QueueRow, assignees?: ReadonlyMap<string, string>): QueueItem {
  return {
    assigneeName: c.assigneeOpenid ? (assignees?.get(c.assigneeOpenid) ?? null) : null,
    supervised: !!c.supervision,
    supervisionDueAt: c.supervision?.dueAt ?? null,
    supervisionOverdue: !!c.supervision?.overdueAt,
    followUpDueAt: c.followUpDueAt ?? null,
    id: c.id,
    caseNo: c.caseNo,
    status: c.status,
    siteName: c.projectName,
    amountOwedFen: c.amountOwedFen,
    workerCount: c.workerCount,
    createdAt: c.createdAt,
    acceptDueAt: c.acceptDueAt,
    resolveDueAt: c.resolveDueAt,
    card: c.card,
    riskLevel: c.riskLevel,
    handler: ref(depts, c.handlerDeptId),
    version: c.version,
    channel: c.channel,
    externalRef: c.externalRef ?? null,
    replyDueAt: c.replyDueAt ?? null,
  }
}
