// The scheduler: run on a timer, it touches only what is due, through indexed queries. Each change is
// a versioned update, so two overlapping runs never apply the same change twice. Every case is judged
// by the configuration of its own area (deadlines, cards, campaign, automatic close): the per-area
// configuration table is read whole once per run (areaConfig.ts).
import { cardFor } from '../../shared/cards'
import { CARD_NOTES, LATE_ACCEPT_MESSAGE, LATE_RESOLVE_MESSAGE } from '../../shared/progress'
import { CARD_LABELS } from '../../shared/labels'
import { COUNTRY_AREA } from '../../shared/configScope'
import { ConfigResolver, campaignOf, type CampaignAt } from './areaConfig'
import { addDays } from '../../shared/time'
import { publicLinkBase, type Deps } from './context'
import { withMessages, type MessageContext, type Template } from './notify'
import { smsDailyCap } from './channels'
import type { Config } from '../../shared/config'
import type { Complaint, ComplaintPatch, NewEvent, OutboxMessage } from './ports'
import { SMS_TEMPLATE_KEYS, type SmsTemplateKey } from '../../shared/smsTemplates'
import { acceptDueAt } from '../../shared/deadlines'
import { isOpen } from '../../shared/statusMachine'
import { formatBeijing } from '../../shared/time'
import { isWatchKind } from '../../shared/types'
import { areaContains, areaPrefix } from '../../shared/validators/areaCode'
import { UnknownHolidayYearError, WorkCalendar } from '../../shared/workingDays'
import { merged } from './merged'

const BATCH = 500

export interface TickReport {
  at: string
  acceptEscalated: number
  deadlinesFilled: number
  campaignCapped: number
  cards: number
  autoClosed: number
  /** Supervised cases past their supervision deadline (挂牌督办). */
  supervisionOverdue?: number
  /** Referred cases whose handler was reminded to follow up. */
  followUps?: number
  sent: number
  failed: number
  /** SMS not sent: their phone had its `sms.dailyPerPhone` that Beijing day (marked failed, with the reason). */
  skipped?: number
}

/** Retry delays for a failed message, in minutes; after the last one it is marked failed. */
const RETRY_MINUTES = [1, 5, 15, 60, 240]
const LEASE_MS = 2 * 60 * 1000

export async function runScheduler(deps: Deps): Promise<TickReport> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const stored = await deps.storage.listAreaConfigs()
  const areas = ConfigResolver.of(stored, (m) => deps.log?.(m))
  const config = await areas.for(COUNTRY_AREA)
  const report: TickReport = { at, acceptEscalated: 0, deadlinesFilled: 0, campaignCapped: 0, cards: 0, autoClosed: 0, sent: 0, failed: 0 }
  const calendar = new WorkCalendar(config.holidays)
  const mc: MessageContext = { storage: deps.storage, config, now, publicBaseUrl: publicLinkBase(deps), log: deps.log }
  // Every change is versioned and written with the messages its events send.
  const update = (c: Complaint, patch: ComplaintPatch, events: NewEvent[]) =>
    withMessages(mc, merged(c, patch, { version: c.version + 1, updatedAt: at }), events, (messages) =>
      deps.storage.updateComplaint(c.id, c.version, patch, events, at, messages),
    )

  // Not accepted within the working-day deadline (or, once returned, not routed again or taken on by the
  // first responder within one): escalate to the first responder and the coordinator.
  for (const c of await deps.storage.dueForAcceptEscalation(at, BATCH)) {
    const r = await update(c, { acceptEscalatedAt: at }, [
      {
        at,
        type: 'escalated',
        actorOpenid: null,
        actorDeptId: null,
        note: '超过受理期限未受理，已督办办理单位、首问单位和联席办',
        visibleToWorker: false,
        data: { kind: 'accept' },
      },
      // The worker is told in plain words, never left looking at a past answer-by date.
      {
        at,
        type: 'overdue',
        actorOpenid: null,
        actorDeptId: null,
        note: LATE_ACCEPT_MESSAGE,
        visibleToWorker: true,
        data: { kind: 'accept' },
      },
    ])
    if (r !== 'conflict') report.acceptEscalated++
  }

  // Deadlines that waited for a holiday schedule: fill them in once the coordinator has loaded it.
  for (const c of await deps.storage.missingAcceptDeadline(BATCH)) {
    let due: string
    try {
      due = acceptDueAt(new Date(c.createdAt), c.areaCode, await areas.for(c.areaCode), calendar).toISOString()
    } catch (e) {
      if (e instanceof UnknownHolidayYearError) continue
      throw e
    }
    const r = await update(c, { acceptDueAt: due }, [
      {
        at,
        type: 'routed',
        actorOpenid: null,
        actorDeptId: null,
        note: `节假日安排已补充，受理期限为${formatBeijing(due)}`,
        visibleToWorker: true,
        data: { acceptDueAt: due },
      },
    ])
    if (r !== 'conflict') report.deadlinesFilled++
  }

  // Campaign mode: no open deadline in a campaign's area falls after its end. Every level may keep one;
  // the earliest first, and each case is capped by the earliest campaign over its own area.
  const campaigns: CampaignAt[] = stored.flatMap((l) => {
    const c = campaignOf(l.value)
    return c ? [{ ...c, setAt: l.areaCode }] : []
  })
  campaigns.sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt))
  for (const campaign of campaigns) {
    const endIso = new Date(campaign.endsAt).toISOString()
    for (const c of await deps.storage.deadlinesAfter(endIso, areaPrefix(campaign.areaCode), BATCH)) {
      const own = (await areas.for(c.areaCode)).campaign
      if (!own) continue
      const capIso = new Date(own.endsAt).toISOString()
      const patch = {
        ...(c.resolveDueAt && c.resolveDueAt > capIso ? { resolveDueAt: capIso } : {}),
        ...((c.status === 'routed' || c.status === 'returned') && c.acceptDueAt && c.acceptDueAt > capIso ? { acceptDueAt: capIso } : {}),
      }
      if (!Object.keys(patch).length) continue
      const r = await update(c, patch, [
        {
          at,
          type: 'campaign',
          actorOpenid: null,
          actorDeptId: null,
          note: `专项行动要求${formatBeijing(capIso)}前办结`,
          visibleToWorker: true,
          data: { endsAt: capIso },
        },
      ])
      if (r !== 'conflict') report.campaignCapped++
    }
  }

  // Overdue cards: yellow past the deadline, red when long past it with no progress.
  for (const c of await deps.storage.dueForCards(at, BATCH)) {
    const card = cardFor(c, now, await areas.for(c.areaCode))
    if (card === c.card) continue
    const r = await update(c, { card }, [
      {
        at,
        type: 'escalated',
        actorOpenid: null,
        actorDeptId: null,
        note: `超过办结期限，亮${CARD_LABELS[card]}`,
        visibleToWorker: false,
        data: { card },
      },
      ...(card === 'none'
        ? []
        : [
            {
              at,
              type: 'overdue',
              actorOpenid: null,
              actorDeptId: null,
              note: `${LATE_RESOLVE_MESSAGE}（${CARD_NOTES[card]}）`,
              visibleToWorker: true,
              data: { card },
            },
          ]),
    ])
    if (r !== 'conflict') report.cards++
  }

  // A supervision deadline (挂牌督办) passed with the case still open: the departments and the coordinators
  // hear of it, once; on a case already ended the deadline is simply dropped.
  for (const c of await deps.storage.dueForSupervision(at, BATCH)) {
    const open = isOpen(c.status) || c.status === 'referred'
    const patch: ComplaintPatch = {
      superviseDueAt: null,
      ...(open && c.supervision ? { supervision: { ...c.supervision, overdueAt: at } } : {}),
    }
    const events: NewEvent[] = open
      ? [
          {
            at,
            type: 'supervision_overdue',
            actorOpenid: null,
            actorDeptId: null,
            note: `督办期限已过仍未办结（${formatBeijing(c.supervision?.dueAt ?? at)}）`,
            visibleToWorker: false,
            data: { dueAt: c.supervision?.dueAt ?? null },
          },
        ]
      : []
    const r = await update(c, patch, events)
    if (r !== 'conflict' && open) report.supervisionOverdue = (report.supervisionOverdue ?? 0) + 1
  }

  // A referred case is followed up: its handler is reminded each `referralFollowUpDays` until the outcome is back.
  for (const c of await deps.storage.dueForFollowUp(at, BATCH)) {
    if (c.status !== 'referred') {
      await update(c, { followUpDueAt: null }, [])
      continue
    }
    const next = addDays(now, (await areas.for(c.areaCode)).deadlines.referralFollowUpDays).toISOString()
    const r = await update(c, { followUpDueAt: next }, [
      {
        at,
        type: 'follow_up_due',
        actorOpenid: null,
        actorDeptId: null,
        note: `移送案件请跟进结果，下次跟进期限${formatBeijing(next)}`,
        visibleToWorker: false,
        data: { next },
      },
    ])
    if (r !== 'conflict') report.followUps = (report.followUps ?? 0) + 1
  }

  // A resolved case the worker has not answered in its area's `autoCloseDays` closes itself. The query
  // takes everything past the shortest period any level sets; each case is then judged by its own area's.
  const shortest = Math.min(
    config.deadlines.autoCloseDays,
    ...(await Promise.all(stored.map(async (l) => (await areas.for(l.areaCode)).deadlines.autoCloseDays))),
  )
  for (const c of await deps.storage.dueForAutoClose(addDays(now, -shortest).toISOString(), BATCH)) {
    const days = (await areas.for(c.areaCode)).deadlines.autoCloseDays
    if (!c.resolvedAt || c.resolvedAt > addDays(now, -days).toISOString()) continue
    const r = await update(c, { status: 'closed', closedAt: at }, [
      {
        at,
        type: 'closed',
        actorOpenid: null,
        actorDeptId: null,
        note: `${days}天内未收到确认，自动办结`,
        visibleToWorker: true,
        data: { auto: true },
      },
    ])
    if (r !== 'conflict') report.autoClosed++
  }

  await deliverOutbox(deps, now, report, config)
  return report
}

/**
 * Send what the outbox holds, each message on its channel: WeChat rows through the notifier, SMS rows
 * through the SMS port. A failure is retried later with the same backoff; it never touched the status change.
 * The daily SMS cap per phone is checked here, as each SMS of a case is about to go: one over it is not
 * sent (marked failed, with the reason, never retried), the step stays on the worker's timeline.
 */
export async function deliverOutbox(
  deps: Deps,
  now: Date,
  report: Pick<TickReport, 'sent' | 'failed' | 'skipped'>,
  config: Pick<Config, 'sms'>,
): Promise<void> {
  const at = now.toISOString()
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString()
  const cap = smsDailyCap(deps.storage, config, now)
  for (const m of await deps.storage.claimOutbox(at, leaseUntil, BATCH)) {
    const capped = m.channel === 'sms' && m.complaintId !== null
    try {
      if (capped && !(await cap.allows(m.recipient))) {
        const error = `not sent: over the daily SMS cap (sms.dailyPerPhone = ${config.sms.dailyPerPhone} per phone per Beijing day)`
        await deps.storage.finishOutbox(m.id, { ok: false, error, nextAt: null })
        report.skipped = (report.skipped ?? 0) + 1
        continue
      }
      if (m.channel === 'sms') {
        await sendSms(deps, m)
        if (capped) cap.sent(m.recipient)
      } else {
        for (const openid of await recipients(deps, m.recipient)) {
          await deps.notifier.send(openid, m.template as Template, { title: m.title, body: m.body, complaintId: m.complaintId })
        }
      }
      await deps.storage.finishOutbox(m.id, { ok: true, at })
      report.sent++
    } catch (e) {
      const delay = RETRY_MINUTES[m.attempts]
      const nextAt = delay === undefined ? null : new Date(now.getTime() + delay * 60_000).toISOString()
      await deps.storage.finishOutbox(m.id, { ok: false, error: e instanceof Error ? e.message : String(e), nextAt })
      report.failed++
    }
  }
}

const SMS_KEYS = new Set<string>(SMS_TEMPLATE_KEYS)

async function sendSms(deps: Deps, m: OutboxMessage): Promise<void> {
  if (!deps.sms) throw new Error('no SMS sender is configured')
  if (!SMS_KEYS.has(m.template)) throw new Error(`unknown SMS template ${m.template}`)
  await deps.sms.send(
    { to: m.recipient, template: m.template as SmsTemplateKey, params: m.params ?? [], text: m.body },
    { outboxId: m.id, complaintId: m.complaintId },
  )
}

/** Who is behind an outbox recipient: a user, a department's staff, the coordinators or the 政法委/信访局 covering an area. */
export async function recipients(deps: Pick<Deps, 'storage'>, recipient: string): Promise<string[]> {
  const [kind, key] = [recipient.slice(0, recipient.indexOf(':')), recipient.slice(recipient.indexOf(':') + 1)]
  if (kind === 'user') return [key]
  if (kind === 'watch') {
    // The staff of every working 政法委 and 信访局 whose area covers the case's.
    const watchers = (await deps.storage.listDepts()).filter((d) => d.active && isWatchKind(d.kind) && areaContains(d.areaCode, key))
    return (await Promise.all(watchers.map((d) => deps.storage.usersOfDept(d.id)))).flat().map((u) => u.openid)
  }
  const users = kind === 'dept' ? await deps.storage.usersOfDept(key) : await deps.storage.coordinatorsCovering(key)
  return users.map((u) => u.openid)
}
