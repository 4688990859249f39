// The `staff` function's actions: desk staff, inspectors and coordinators at work.
import QRCode from 'qrcode'
import { staffContract } from '../../../shared/contract/staff'
import { acceptDueAt, resolveDueAt } from '../../../shared/deadlines'
import { REFER_LABELS } from '../../../shared/labels'
import { largeRecoveryQuestion } from '../../../shared/resolution'
import { OPEN_STATUSES } from '../../../shared/statusMachine'
import { handlesCases, isWatchKind, type Role } from '../../../shared/types'
import { addDays, beijingDate, formatBeijing } from '../../../shared/time'
import { areaContains, areaPrefix, maskMobile, SITE_CODE_ALPHABET } from '../../../shared/validators'
import { UnknownHolidayYearError } from '../../../shared/workingDays'
import { loadVisible, requireStaff, staffRelations } from '../access'
import { ackAlert, listAlerts } from '../alertDesk'
import { membersOf, workersOf } from '../members'
import { claimLocked, reissueClaim } from '../claims'
import type { Ctx } from '../context'
import { publicLinkBase, randomCode } from '../context'
import { campaignOf } from '../areaConfig'
import { AppError, forbidden, validation } from '../errors'
import { assessRiskSafely, checkSubmit, receipt, register } from '../intake'
import { continueLedgerExport, ledgerPart, startLedgerExport } from '../ledgerExport'
import { overviewFigures, periodReport } from '../periodReport'
import { checkOwnPhotos } from '../photos'
import { move, moveCase } from '../moves'
import {
  OVERDUE_TIERS,
  type Complaint,
  type NewEvent,
  type OverdueTier,
  type QueueQuery,
  type QueueRow,
  type QueueView,
  type StatsRow,
  type Storage,
  type Dept,
} from '../ports'
import { complaintView, queueItem } from '../views'
import { assigneeNames, officialOf, officialRef } from '../officials'
import { defineActions, markReadOnly } from './types'
import { merged } from '../merged'

interface Cursor {
  createdAt: string
  id: string
  tier?: OverdueTier
}

function encodeCursor(c: Pick<Complaint, 'createdAt' | 'id'>, tier?: OverdueTier): string {
  return Buffer.from(JSON.stringify(tier ? [c.createdAt, c.id, tier] : [c.createdAt, c.id])).toString('base64url')
}
function decodeCursor(s: string): Cursor {
  try {
    const [createdAt, cid, tier] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
    if (typeof createdAt === 'string' && typeof cid === 'string' && createdAt.length < 40 && cid.length < 80) {
      if (tier === undefined) return { createdAt, id: cid }
      if ((OVERDUE_TIERS as readonly unknown[]).includes(tier)) return { createdAt, id: cid, tier }
    }
  } catch {
    // fall through
  }
  throw validation({ cursor: '翻页位置不对，请从第一页重新加载' })
}

/**
 * What an official's view of the queue reads: their department's cases, or their area's (a coordinator's
 * all, overdue and severe; a 政法委's or 信访局's severe), the view `mine` their own. (Exported, with
 * queuePage, for the bench's queue limit, bench/queueLimit.ts.)
 */
export function queueBase(openid: string, role: Role, dept: Dept, view: QueueView, now: Date, filter?: QueueQuery['filter']) {
  // A 政法委 or 信访局 reads the severe cases of its whole area, as a coordinator does.
  const coordinatorArea =
    (role === 'coordinator' && (view === 'all' || view === 'overdue' || view === 'severe')) || (view === 'severe' && isWatchKind(dept.kind))
  return {
    view,
    deptId: dept.id,
    ...(view === 'mine' ? { assigneeOpenid: openid } : {}),
    areaPrefix: coordinatorArea ? areaPrefix(dept.areaCode) : null,
    now: now.toISOString(),
    ...(filter ? { filter } : {}),
  }
}

/**
 * One page of a queue. The overdue view reads red cards first, then yellow, then cases not accepted in
 * time, each tier oldest first; its cursor remembers the tier it stopped in.
 */
export async function queuePage(
  storage: Pick<Storage, 'queue'>,
  base: Omit<QueueQuery, 'cursor' | 'limit' | 'tier'>,
  cursor: Cursor | null,
  limit: number,
) {
  if (base.view !== 'overdue') {
    const rows = await storage.queue(merged(base, { cursor, limit: limit + 1 }))
    const page = rows.slice(0, limit)
    return { page, next: rows.length > limit ? encodeCursor(page[page.length - 1]) : null }
  }
  const page: QueueRow[] = []
  let next: string | null = null
  const start = cursor?.tier ? OVERDUE_TIERS.indexOf(cursor.tier) : 0
  for (let t = start; t < OVERDUE_TIERS.length && next === null; t++) {
    const tier = OVERDUE_TIERS[t]
    const want = limit - page.length
    const rows = await storage.queue(merged(base, { tier, cursor: t === start && cursor?.tier ? cursor : null, limit: want + 1 }))
    page.push(...rows.slice(0, want))
    if (rows.length > want) next = encodeCursor(page[page.length - 1], tier)
    else if (page.length === limit && t + 1 < OVERDUE_TIERS.length) {
      // The page is full at the end of this tier: continue with the next tier's start.
      next = Buffer.from(JSON.stringify(['', '', OVERDUE_TIERS[t + 1]])).toString('base64url')
    }
  }
  return { page, next }
}

async function staffCase(ctx: Ctx, caseId: string) {
  requireStaff(ctx)
  return loadVisible(ctx, caseId, staffRelations)
}

/** Acceptance deadline for a newly routed case; null with an internal event when the year is unknown. */
async function acceptDue(ctx: Ctx, areaCode: string): Promise<{ due: string | null; note: string | null }> {
  const config = await ctx.configFor(areaCode)
  try {
    return { due: acceptDueAt(ctx.now, areaCode, config, ctx.calendar).toISOString(), note: null }
  } catch (e) {
    if (e instanceof UnknownHolidayYearError) return { due: null, note: `缺少${e.year}年节假日安排，受理期限未能计算` }
    throw e
  }
}

/** This official already has a read of the complaint's personal data on the record today (Beijing). */
async function piiViewedToday(ctx: Ctx, complaintId: string): Promise<boolean> {
  const today = beijingDate(ctx.now)
  const events = await ctx.storage.timeline(complaintId)
  return events.some((e) => e.type === 'pii_viewed' && e.actorOpenid === ctx.openid && beijingDate(e.at) === today)
}

export const staffActions = defineActions(staffContract, {
  'complaint.fileOnBehalf': async (ctx, d) => {
    requireStaff(ctx)
    checkSubmit(d, ctx.now, ctx.config)
    // The desk attaches its own uploads only (photos.ts).
    await checkOwnPhotos(ctx, d.photos)
    // Every worker gets their own code (distinct within the case: a code and the case number find one worker).
    const people = workersOf({ complainant: d.complainant, complainants: d.complainants ?? [] })
    const codes: string[] = []
    while (codes.length < people.length) {
      const code = randomCode(ctx, SITE_CODE_ALPHABET, 6)
      if (!codes.includes(code)) codes.push(code)
    }
    const sms = ctx.messages.claimCodes(people.map((p, i) => ({ person: { ...p, phone: p.phone ?? '' }, claimCode: codes[i] })))
    const { complaint, created, totals } = await register(ctx, d, {
      byDeskDeptId: ctx.user.deptId,
      ownerOpenid: null,
      claimCode: codes[0],
      memberCodes: codes,
      extraMessages: sms,
    })
    if (created) await assessRiskSafely(ctx, complaint, totals)
    // A repeated request answers with the stored case's codes, not the ones drawn now.
    const names = workersOf(complaint)
    const members = (await membersOf(ctx.storage, complaint)).map((m) => ({ name: names[m.idx]?.name ?? '', claimCode: m.claimCode }))
    return { ...(await receipt(ctx, complaint)), claimCode: complaint.claimCode, members }
  },

  me: async (ctx) => {
    const dept = await ctx.dept(ctx.user.deptId)
    // The messages this official can receive, for the mini-program's subscription request (at most 3).
    const t = ctx.config.notifications.templates
    // A 政法委 or 信访局 receives severe reports only.
    const kinds =
      dept && isWatchKind(dept.kind)
        ? [t.alert]
        : ctx.user.role === 'coordinator'
          ? [t.alert, t.escalation, t.new_case]
          : ctx.user.role === 'worker'
            ? []
            : [t.new_case, t.returned, t.escalation]
    return {
      role: ctx.user.role,
      openid: ctx.openid,
      ...(dept ? { dept: { id: dept.id, name: dept.name, kind: dept.kind, areaCode: dept.areaCode } } : {}),
      subscribeTemplates: kinds.filter(Boolean).slice(0, 3),
      ...(ctx.user.role === 'worker' ? {} : { name: ctx.user.name, officePhone: ctx.user.officePhone ?? '' }),
    }
  },

  'invite.accept': async (ctx, { code }) => {
    const invite = await ctx.storage.getInvite(code)
    const at = ctx.now.toISOString()
    if (!invite) throw new AppError('NOT_FOUND', '邀请码不存在，请核对')
    if (invite.revoked) throw new AppError('CONFLICT', '邀请码已作废，请向联席办重新索取')
    if (invite.usedBy) throw new AppError('CONFLICT', '邀请码已被使用')
    if (invite.expiresAt <= at) throw new AppError('CONFLICT', '邀请码已过期，请向联席办重新索取')
    // An invite naming a phone is the official's who proves it; a browser's staff must have such an invite.
    if (invite.phone && ctx.phone !== invite.phone) {
      throw new AppError('FORBIDDEN', `这个邀请码只能由手机号${maskMobile(invite.phone)}的本人使用，请用这个手机号获取验证码登录后再试`)
    }
    if (!invite.phone && ctx.caller.via === 'sms') throw new AppError('FORBIDDEN', '网页登录需要写明您手机号的邀请码，请联系联席办重新生成')
    const ok = await ctx.storage.redeemInvite(code, { ...ctx.user, role: invite.role, deptId: invite.deptId }, at)
    if (!ok) throw new AppError('CONFLICT', '邀请码已被使用')
    // From now on an SMS code to that phone signs this official in, in any browser.
    if (invite.phone) await ctx.storage.linkPhone(ctx.openid, invite.phone, at)
    const dept = await ctx.dept(invite.deptId)
    return { role: invite.role, dept: dept ? { id: dept.id, name: dept.name, kind: dept.kind, areaCode: dept.areaCode } : undefined }
  },

  'queue.list': async (ctx, d) => {
    requireStaff(ctx)
    const limit = d.limit ?? 20
    const dept = await ctx.dept(ctx.user.deptId)
    if (!dept) throw forbidden('您所在的单位已停用')
    const base = queueBase(ctx.openid, ctx.user.role, dept, d.view, ctx.now, {
      status: d.status,
      industry: d.industry,
      channel: d.channel,
      areaPrefix: d.areaCode ? areaPrefix(d.areaCode) : undefined,
    })
    const { page, next } = await queuePage(ctx.storage, base, d.cursor ? decodeCursor(d.cursor) : null, limit)
    const assignees = await assigneeNames(ctx, page)
    const depts = await ctx.depts()
    return { items: page.map((c) => queueItem(depts, c, assignees)), nextCursor: next }
  },

  'stats.overview': async (ctx, d) => {
    requireStaff(ctx)
    const dept = await ctx.dept(ctx.user.deptId)
    if (!dept) throw forbidden('您所在的单位已停用')
    // The campaign over this area (its own or a wider one), else the one it keeps for an area below it.
    const campaign = (await ctx.configFor(dept.areaCode)).campaign ?? campaignOf(await ctx.configLevels.own(dept.areaCode))
    return { ...overview(await ctx.storage.stats(areaPrefix(dept.areaCode)), campaign), figures: await overviewFigures(ctx, d) }
  },

  'report.period': async (ctx, d) => periodReport(ctx, d),

  'dept.list': async (ctx) => {
    requireStaff(ctx)
    const items = (await ctx.depts()).filter((d) => d.active)
    return {
      items: items.map((d) => ({ id: d.id, name: d.name, kind: d.kind, areaCode: d.areaCode, parentId: d.parentId, phone: d.phone ?? '' })),
    }
  },

  'template.list': async (ctx, d) => {
    requireStaff(ctx)
    const dept = await ctx.dept(ctx.user.deptId)
    const all = await ctx.storage.listTemplates()
    return { items: all.filter((t) => dept && areaContains(t.areaCode, dept.areaCode) && (!d.action || t.action === d.action)) }
  },

  'ledger.export': async (ctx, d) => startLedgerExport(ctx, d.format),
  'ledger.continue': async (ctx, d) => continueLedgerExport(ctx, d.jobId),
  'ledger.download': async (ctx, d) => ledgerPart(ctx, d.jobId, d.part),

  'complaint.receipt': async (ctx, { id: caseId }) => {
    const { complaint: c, relations } = await staffCase(ctx, caseId)
    // Claim codes are the desk's to hand over: only the department that filed the case sees them, each
    // worker's until that worker has claimed it.
    const filingDesk = relations.includes('first_responder') && c.channel === 'desk'
    const base = publicLinkBase(ctx)
    const members = await membersOf(ctx.storage, c)
    const depts = await ctx.depts()
    const nameOf = (deptId: string) => depts.find((x) => x.id === deptId)?.name ?? ''
    const people = await Promise.all(
      workersOf(c).map(async (p, idx) => {
        const m = members.find((x) => x.idx === idx)
        const code = filingDesk && m && m.ownerOpenid === null ? m.claimCode : null
        const claimUrl = code ? `${base}/c/${c.caseNo}?k=${code}` : null
        return {
          name: p.name,
          phone: maskMobile(p.phone),
          ...(p.contactPhone ? { contactPhone: maskMobile(p.contactPhone), contactPhoneOf: p.contactPhoneOf } : {}),
          amountOwedFen: p.amountOwedFen ?? c.amountOwedFen,
          claimed: !!m?.ownerOpenid,
          claimCode: code,
          claimUrl,
          claimQrSvg: claimUrl ? await QRCode.toString(claimUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null,
        }
      }),
    )
    const first = people[0]
    return {
      id: c.id,
      caseNo: c.caseNo,
      claimLocked: filingDesk && (await claimLocked(ctx, c)),
      canReissue: filingDesk && people.some((p) => !p.claimed),
      claimCode: first?.claimCode ?? null,
      claimUrl: first?.claimUrl ?? null,
      claimQrSvg: first?.claimQrSvg ?? null,
      projectName: c.projectName,
      employerName: c.employerName,
      firstResponder: { id: c.firstResponderDeptId, name: nameOf(c.firstResponderDeptId) },
      handler: { id: c.handlerDeptId, name: nameOf(c.handlerDeptId) },
      acceptDueAt: c.acceptDueAt,
      workerCount: c.workerCount,
      amountOwedFen: c.amountOwedFen,
      complainants: people,
      createdAt: c.createdAt,
      assignee: await officialOf(ctx, c.assigneeOpenid).then((o) => (o ? { name: o.name, officePhone: o.officePhone } : null)),
      supervision: c.supervision
        ? { dueAt: c.supervision.dueAt, leaderName: c.supervision.leaderName, overdue: c.supervision.overdueAt !== null }
        : null,
    }
  },

  'complaint.reissueClaim': async (ctx, d) => {
    const { complaint: c, relations } = await staffCase(ctx, d.id)
    // Codes are the filing desk's to hand over (as on its receipt), so are new ones.
    if (!(relations.includes('first_responder') && c.channel === 'desk')) throw forbidden('只有登记这个案件的服务台可以重新生成认领码')
    return reissueClaim(ctx, c, d.member)
  },

  'alerts.list': async (ctx, d) => listAlerts(ctx, d.state),
  'alerts.ack': async (ctx, d) => ackAlert(ctx, d.id, d.note),

  'complaint.get': async (ctx, { id: caseId, revealName }) => {
    const { complaint, relations } = await staffCase(ctx, caseId)
    // Full phone and ID numbers only for the handling department; others see the name masked unless they
    // open it on purpose. Every such read is on the record.
    const full = relations.includes('handler')
    const nameOpened = !full && revealName === true
    // Once per person, case and Beijing day: reloading the page is not another look on the record.
    if ((full || nameOpened) && !(await piiViewedToday(ctx, complaint.id))) {
      const note = full ? '查看了投诉人完整联系方式' : '查看了投诉人姓名'
      const events: NewEvent[] = [
        {
          at: ctx.now.toISOString(),
          type: 'pii_viewed',
          actorOpenid: ctx.openid,
          actorDeptId: ctx.user.deptId,
          note,
          visibleToWorker: false,
          data: null,
        },
      ]
      await ctx.messages.write(complaint, events, (m) => ctx.storage.appendEvents(complaint.id, events, m))
    }
    const view = await complaintView(ctx, complaint, relations, { audience: 'staff', fullPersonalData: full, revealName: nameOpened })
    // Complaints on one site are shown together, so handlers see them as one problem: only those the caller
    // may see are listed; the rest are a count.
    const open = complaint.siteCode
      ? (await ctx.storage.openOf({ siteCode: complaint.siteCode }, 50)).filter((r) => r.id !== complaint.id)
      : []
    const visible: typeof open = []
    for (const r of open) if ((await staffRelations(ctx, r)).length > 0) visible.push(r)
    return {
      ...view,
      nameMasked: !full && !nameOpened,
      // Who carries it (承办人), and the colleagues the handling department may hand it to.
      assignee: await officialOf(ctx, complaint.assigneeOpenid),
      colleagues: full ? (await ctx.storage.usersOfDept(complaint.handlerDeptId)).filter((u) => u.role !== 'worker').map(officialRef) : [],
      supervision: complaint.supervision
        ? {
            note: complaint.supervision.note,
            dueAt: complaint.supervision.dueAt,
            leaderName: complaint.supervision.leaderName,
            overdue: complaint.supervision.overdueAt !== null,
          }
        : null,
      related: visible.slice(0, 20).map((r) => ({ id: r.id, caseNo: r.caseNo, status: r.status, workerCount: r.workerCount })),
      relatedHidden: open.length - visible.length,
    }
  },

  'complaint.accept': async (ctx, d) => {
    requireStaff(ctx)
    // Read once, by the transaction that accepts it: access, status and version are checked on that copy.
    const updated = await moveCase(ctx, d.id, staffRelations, async (complaint) => {
      const due = resolveDueAt(ctx.now, complaint, await ctx.configFor(complaint.areaCode)).toISOString()
      return {
        action: 'accept',
        version: d.version,
        // The one who accepts carries the case (承办人) until it is handed to a colleague.
        patch: () => ({ acceptedAt: ctx.now.toISOString(), resolveDueAt: due, assigneeOpenid: ctx.openid }),
        event: () => ({
          type: 'accepted',
          note: `已受理，${formatBeijing(due)}前办结`,
          visibleToWorker: true,
          data: { resolveDueAt: due },
        }),
      }
    })
    return { id: updated.id, status: updated.status, version: updated.version, resolveDueAt: updated.resolveDueAt }
  },

  'complaint.return': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    if (complaint.handlerDeptId === complaint.firstResponderDeptId) {
      throw new AppError('CONFLICT', '您单位就是首问单位，请转办给其他单位或自行受理')
    }
    // The first responder has one working day to route it again or take it on, like any handler.
    const { due, note } = await acceptDue(ctx, complaint.areaCode)
    const updated = await move(ctx, complaint, relations, {
      action: 'return',
      version: d.version,
      patch: (c) => ({ handlerDeptId: c.firstResponderDeptId, acceptDueAt: due, acceptEscalatedAt: null }),
      // Never shown to the worker: a bounce is the departments' business.
      event: (c) => ({ type: 'returned', note: d.reason, visibleToWorker: false, data: { fromDeptId: c.handlerDeptId, acceptDueAt: due } }),
      extra: () => (note ? [{ type: 'deadline_unknown', note, visibleToWorker: false, data: null }] : []),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.route': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const target = await ctx.dept(d.toDeptId)
    if (!target || !target.active || !handlesCases(target.kind)) throw validation({ toDeptId: '转办单位不存在或不能办理案件' })
    const { due, note } = await acceptDue(ctx, complaint.areaCode)
    const updated = await move(ctx, complaint, relations, {
      action: 'route',
      version: d.version,
      patch: () => ({ handlerDeptId: target.id, acceptDueAt: due, acceptEscalatedAt: null }),
      event: () => ({
        type: 'routed',
        note: `转至${target.name}：${d.reason}`,
        visibleToWorker: false,
        data: { toDeptId: target.id, manual: true },
      }),
      extra: () => (note ? [{ type: 'deadline_unknown', note, visibleToWorker: false, data: null }] : []),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.progress': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const updated = await move(ctx, complaint, relations, {
      action: 'progress',
      version: d.version,
      patch: () => ({ lastProgressAt: ctx.now.toISOString() }),
      event: () => ({ type: 'progress', note: d.note, visibleToWorker: d.visibleToWorker, data: null }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.markComplex': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    if (complaint.complex) throw new AppError('CONFLICT', '该案件已列为复杂案件，只能标记一次')
    const due = complaint.acceptedAt
      ? resolveDueAt(new Date(complaint.acceptedAt), { ...complaint, complex: true }, await ctx.configFor(complaint.areaCode)).toISOString()
      : complaint.resolveDueAt
    const updated = await move(ctx, complaint, relations, {
      action: 'markComplex',
      version: d.version,
      patch: () => ({ complex: true, resolveDueAt: due }),
      event: () => ({
        type: 'complex',
        note: `情况较复杂：${d.reason}${due ? `，${formatBeijing(due)}前办结` : ''}`,
        visibleToWorker: true,
        data: { resolveDueAt: due },
      }),
    })
    return { id: updated.id, status: updated.status, version: updated.version, resolveDueAt: updated.resolveDueAt }
  },

  'complaint.resolve': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    // An amount far above what is owed is mostly a typo: taken only when the handler confirmed it.
    const question = largeRecoveryQuestion(d.amountRecoveredFen, complaint.amountOwedFen)
    if (question && !d.confirmLarge) {
      throw validation({ amountRecoveredFen: `${question.replace('确定吗？', '')}请核对追回金额；确实如此，请确认后再提交` })
    }
    const updated = await move(ctx, complaint, relations, {
      action: 'resolve',
      version: d.version,
      patch: () => ({ amountRecoveredFen: d.amountRecoveredFen, resolvedAt: ctx.now.toISOString(), card: 'none' }),
      event: () => ({
        type: 'resolved',
        note: d.note,
        visibleToWorker: true,
        data: { amountRecoveredFen: d.amountRecoveredFen, ...(question ? { confirmedLarge: true } : {}) },
      }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.notWageArrears': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const updated = await move(ctx, complaint, relations, {
      action: 'notWageArrears',
      version: d.version,
      patch: () => ({ card: 'none' }),
      event: () => ({ type: 'not_wage_arrears', note: d.explanation, visibleToWorker: true, data: null }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.refer': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const followUp = addDays(ctx.now, (await ctx.configFor(complaint.areaCode)).deadlines.referralFollowUpDays).toISOString()
    const updated = await move(ctx, complaint, relations, {
      action: 'refer',
      version: d.version,
      // It stays on the handler's queue, followed up every `referralFollowUpDays` until the outcome is back.
      patch: () => ({ card: 'none', followUpDueAt: followUp }),
      event: () => ({
        type: 'referred',
        note: `已移送${REFER_LABELS[d.to]}${d.refNo ? `（${d.refNo}）` : ''}：${d.note}`,
        visibleToWorker: true,
        data: { to: d.to, refNo: d.refNo ?? null },
      }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.transferOut': async (ctx, d) => {
    const { complaint, relations } = await staffCase(ctx, d.id)
    const updated = await move(ctx, complaint, relations, {
      action: 'transferOut',
      version: d.version,
      patch: () => ({ card: 'none' }),
      // The worker sees where it went and whom to call there.
      event: () => ({
        type: 'transferred_out',
        note: `已转${d.to}处理${d.phone ? `（电话 ${d.phone}）` : ''}：${d.note}`,
        visibleToWorker: true,
        data: { to: d.to, phone: d.phone || null },
      }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },
})
// Lists that only read: the local server answers them beside its writer (scripts/server.ts).
markReadOnly(staffActions, ['queue.list', 'dept.list', 'stats.overview'])

type CountMap = Record<string, number>

/** The coordinator's overview of their area, from grouped counts. */
export function overview(rows: StatsRow[], campaign: { endsAt: string; areaCode: string } | null) {
  const by = (key: keyof StatsRow) => {
    const m: CountMap = {}
    for (const r of rows) m[String(r[key])] = (m[String(r[key])] ?? 0) + r.count
    return m
  }
  const sum = (key: keyof StatsRow) => rows.reduce((s, r) => s + Number(r[key]), 0)
  const total = sum('count')
  const closed = sum('closedCount')
  const ratings = sum('ratingCount')
  const open = rows.filter((r) => OPEN_STATUSES.includes(r.status))
  return {
    total,
    byStatus: by('status'),
    byCard: by('card'),
    byRisk: by('riskLevel'),
    byIndustry: by('industry'),
    byChannel: by('channel'),
    byArea: by('areaCode'),
    acceptedOnTime: sum('acceptedOnTime'),
    closedOnTime: sum('closedOnTime'),
    closed,
    averageDaysToClose: closed ? Math.round((sum('daysToCloseSum') / closed) * 10) / 10 : null,
    satisfaction: ratings ? Math.round((sum('ratingSum') / ratings) * 10) / 10 : null,
    campaign: campaign
      ? { ...campaign, open: open.filter((r) => areaContains(campaign.areaCode, r.areaCode)).reduce((s, r) => s + r.count, 0) }
      : null,
  }
}
