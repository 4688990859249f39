// Floods are signals, not refusals (DOMAIN.md, rule 6): when one site receives `rateLimits.perSitePerHour`
// complaints within an hour, every one is still registered, and the coordinators get an immediate report
// "群体性欠薪苗头" once per site and clock hour (Beijing). Only one identity's abuse is ever refused
// (intake.ts, checkRateLimits).
import { formatInBeijing } from '../../shared/time'
import type { Ctx } from './context'
import { newId } from './context'
import type { Complaint, NewEvent } from './ports'

/** The immediate report's trigger key: one per clock hour, so a flood is reported once an hour at most. */
export function surgeTrigger(now: Date): string {
  return `surge:${formatInBeijing(now, 'YYYY-MM-DDTHH')}`
}

/** Complaints linked to one report, at most. */
const LINKED = 50

/**
 * After `c` was registered: if its site has reached `threshold` complaints within the hour (the area's
 * `rateLimits.perSitePerHour`), report the surge once for this
 * site and hour, linked to the site's open complaints, with a timeline event on `c` and a message to the
 * coordinators covering the area. Returns whether a new report was made.
 */
export async function reportSurge(ctx: Ctx, c: Complaint, threshold: number): Promise<boolean> {
  if (!c.siteCode) return false
  const storage = ctx.storage
  const now = ctx.now
  const since = new Date(now.getTime() - 3600_000).toISOString()
  // Below the threshold the number is not used: the storage may answer it without counting every row.
  const count = await storage.countSiteSince(c.siteCode, since, threshold)
  if (count < threshold) return false
  const at = now.toISOString()
  const note = `群体性欠薪苗头：项目“${c.projectName}”一小时内收到${count}件投诉（达到${threshold}件），请立即组织核查处置`
  const open = await storage.riskMembers({ siteCode: c.siteCode }, LINKED)
  const ids = open.some((x) => x.id === c.id) ? open.map((x) => x.id) : [c.id, ...open.map((x) => x.id)].slice(0, LINKED)
  const subject = `site:${c.siteCode}`
  const trigger = surgeTrigger(now)
  const fresh = await storage.insertAlert({
    id: newId(ctx, now, 'a'),
    subject,
    trigger,
    areaCode: c.areaCode,
    note,
    complaintIds: ids,
    createdAt: at,
  })
  if (!fresh) return false
  const events: NewEvent[] = [
    {
      at,
      type: 'alert',
      actorOpenid: null,
      actorDeptId: null,
      note,
      visibleToWorker: false,
      data: { trigger: 'surge', subject, window: trigger, count },
    },
  ]
  await ctx.messages.write(c, events, (messages) => storage.appendEvents(c.id, events, messages))
  return true
}
