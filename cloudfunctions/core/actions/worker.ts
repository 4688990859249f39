// The `worker` function's actions: what a worker does from a scanned sticker to a closed case.
// Inputs and replies are declared in shared/contract/worker.ts.
import { timingSafeEqual } from 'node:crypto'
import { workerContract } from '../../../shared/contract/worker'
import { WORKER_STATUS_LABELS } from '../../../shared/labels'
import { formatSiteCode } from '../../../shared/validators'
import { areaChoices, areaName } from '../../../shared/areas'
import { COUNTRY_AREA } from '../../../shared/configScope'
import type { Ctx } from '../context'
import type { NewEvent } from '../ports'
import { loadVisible, workerRelations } from '../access'
import { membersOf, workersOf } from '../members'
import { AppError, notFound, validation } from '../errors'
import { assessRiskSafely, checkSubmit, photoLimitMessage, receipt, register } from '../intake'
import { takeClaimTry } from '../claims'
import { recordConsent } from '../channels'
import { checkOwnPhotos, registerUpload, uploadFolder } from '../photos'
import { move } from '../moves'
import { complaintView, disputableAfterClose, lastReminder } from '../views'
import { resolveDueAt } from '../../../shared/deadlines'
import { formatBeijing } from '../../../shared/time'
import { defineActions } from './types'
import { proveCode } from '../auth/codes'
import { maskMobile } from '../../../shared/validators/phone'
import { DISPUTE_KIND_LABELS, type DisputeKind } from '../../../shared/resolution'
import { PhoneNumberError } from '../wechatPhone'
import { merged } from '../merged'

/** The issuing authority as set, else the city's 根治欠薪办 (the area's when it has no city level). */
export function authorityName(set: string, areaCode: string | undefined): string {
  if (set) return set
  if (!areaCode) return '根治欠薪工作领导小组办公室'
  const city = areaCode.slice(0, 4) + '00'
  const name = areaName(city)
  const place = name === city ? areaName(areaCode) : name.replace(/^.+?(省|自治区)/, '')
  return (/^\d+$/.test(place) ? '' : place) + '根治欠薪工作领导小组办公室'
}

/** The dispute as the handler reads it: "工友提出异议（金额不对）：实际只拿到5000元". */
function disputeNote(d: { kind?: DisputeKind; reason?: string }): string {
  const kind = d.kind && d.kind !== 'other' ? DISPUTE_KIND_LABELS[d.kind] : ''
  const said = d.reason ?? ''
  if (kind && said) return `工友提出异议（${kind}）：${said}`
  return `工友提出异议：${kind || said}`
}

/** A worker may press the unit once a day per case. */
const REMIND_EVERY_MS = 24 * 3600 * 1000

async function getMine(ctx: Ctx, caseId: string) {
  return loadVisible(ctx, caseId, workerRelations)
}

export const workerActions = defineActions(
  workerContract,
  {
    /** What the mini-program needs to know before the worker starts: message templates to ask for. */
    'app.settings': async (ctx, { areaCode }) => {
      const t = ctx.config.notifications.templates
      const service = (await ctx.configFor(areaCode ?? COUNTRY_AREA)).service
      return {
        service: { authority: authorityName(service.authority, areaCode), hotline: service.hotline },
        subscribeTemplates: [t.case_update].filter(Boolean),
        maxPhotos: ctx.config.uploads.maxPhotos,
        maxPhotoBytes: ctx.config.uploads.maxBytes,
        // The caller's own folder in cloud storage ('' for a caller without identity, who uploads nothing).
        uploadDir: ctx.openid ? uploadFolder(ctx.openid) : '',
        // WeChat's phone button: where the deployment may use it and the exchange is there.
        phoneButton: ctx.config.signIn.wechatPhoneNumber && !!ctx.phoneNumbers,
      }
    },

    'site.lookup': async (ctx, { code }) => {
      const site = await ctx.storage.getSite(code)
      if (!site) throw notFound('没有找到这个项目码，请核对或直接填写项目名称')
      // A retired site's stickers still open the form: the worker is told and files without the prefill.
      if (site.retired) throw notFound(`“${site.name}”这个项目已经结束，不再用这个码登记。不要紧，填一下是哪个工地，一样能投诉。`)
      const dept = await ctx.dept(site.supervisingDeptId)
      return {
        code: site.code,
        displayCode: formatSiteCode(site.code),
        name: site.name,
        address: site.address,
        areaCode: site.areaCode,
        areaName: areaName(site.areaCode),
        industry: site.industry,
        funding: site.funding,
        contractor: { name: site.contractorName, uscc: site.contractorUscc },
        supervisingDept: { id: site.supervisingDeptId, name: dept?.name ?? '' },
      }
    },

    'area.choices': async (_ctx, { province }) => ({ items: areaChoices(province ?? '') }),

    'complaint.submit': async (ctx, d) => {
      checkSubmit(d, ctx.now, ctx.config)
      await checkOwnPhotos(ctx, d.photos)
      const { complaint, created, totals } = await register(ctx, d, { byDeskDeptId: null, ownerOpenid: ctx.openid, claimCode: null })
      if (created) await assessRiskSafely(ctx, complaint, totals)
      return receipt(ctx, complaint)
    },

    'complaint.listMine': async (ctx) => {
      // The caller's own, and those filed in a browser with the phone they proved (ctx.ownerIds).
      const lists = await Promise.all(ctx.ownerIds.map((o) => ctx.storage.listByOwner(o, 200)))
      const items = [...new Map(lists.flat().map((c) => [c.id, c])).values()]
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
        .slice(0, 200)
      return {
        items: items.map((c) => ({
          id: c.id,
          caseNo: c.caseNo,
          status: c.status,
          statusLabel: WORKER_STATUS_LABELS[c.status],
          siteName: c.projectName,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
        })),
      }
    },

    'complaint.get': async (ctx, { id: caseId }) => {
      const { complaint, relations } = await getMine(ctx, caseId)
      // The worker's own data is theirs: shown in full, and not a read to be logged. A group's other
      // workers see the first worker's (the contact's) number masked, and their own amount.
      return complaintView(ctx, complaint, relations, { audience: 'worker', fullPersonalData: relations.includes('owner') })
    },

    'complaint.confirm': async (ctx, d) => {
      const { complaint, relations } = await getMine(ctx, d.id)
      const at = ctx.now.toISOString()
      const updated = await move(ctx, complaint, relations, {
        action: 'confirm',
        version: null,
        patch: () => ({ rating: d.rating, ratingComment: d.comment ?? null, closedAt: at }),
        event: () => ({
          type: 'confirmed',
          note: `工友确认已拿到工资，评分${d.rating}分${d.comment ? `：${d.comment}` : ''}`,
          visibleToWorker: true,
          data: { rating: d.rating },
        }),
      })
      return { id: updated.id, status: updated.status, version: updated.version }
    },

    'complaint.dispute': async (ctx, d) => {
      const { complaint, relations } = await getMine(ctx, d.id)
      // The limits of the case's own area.
      const config = await ctx.configFor(complaint.areaCode)
      if (complaint.status === 'closed' && !disputableAfterClose(complaint, await ctx.storage.timeline(complaint.id), config, ctx.now)) {
        throw new AppError(
          'CONFLICT',
          `本案已办结，超过${config.deadlines.disputeAfterCloseDays}天或已由您确认，不能再提异议。如有新问题请重新投诉`,
        )
      }
      // Reopened means a fresh clock: the handler gets a new resolution deadline by the same rules.
      const due = resolveDueAt(ctx.now, complaint, config).toISOString()
      const handler = (await ctx.dept(complaint.handlerDeptId))?.name ?? '负责单位'
      const updated = await move(ctx, complaint, relations, {
        action: 'dispute',
        version: null,
        patch: (c) => ({ reopenCount: c.reopenCount + 1, resolvedAt: null, closedAt: null, resolveDueAt: due, card: 'none' }),
        event: () => ({ type: 'disputed', note: disputeNote(d), visibleToWorker: true, data: { resolveDueAt: due, kind: d.kind ?? null } }),
        extra: () => [
          {
            type: 'reopened',
            note: `已重新交${handler}处理，${formatBeijing(due)}前办结`,
            visibleToWorker: true,
            data: { resolveDueAt: due },
          },
        ],
      })
      return { id: updated.id, status: updated.status, version: updated.version }
    },

    'complaint.claim': async (ctx, d) => {
      const c = await ctx.storage.getComplaintByCaseNo(d.caseNo)
      // Guessing is stopped per caller and per case number: each try is counted before the code is
      // compared, and given back when it was right (claims.ts).
      const giveBack = await takeClaimTry(ctx, d.caseNo, c)
      // One message for "no such case" and "wrong code": never confirm that a case number exists.
      const wrong = () => notFound('案件编号或认领码不对，请核对回执')
      if (!c) throw wrong()
      // Each worker of a desk filing has their own code; compare with every one, in constant time each.
      const stored = c.channel === 'desk' ? await ctx.storage.listMembers(c.id) : []
      const members = stored.length ? stored : await membersOf(ctx.storage, c)
      const m = members.find((x) => safeEqual(x.claimCode, d.claimCode))
      if (!m) throw wrong()
      await giveBack()
      const taken = () => new AppError('CONFLICT', '这个认领码已被其他微信用过，如有疑问请联系服务台')
      if (m.ownerOpenid !== null && ctx.ownerIds.includes(m.ownerOpenid)) return { id: c.id, caseNo: c.caseNo }
      if (m.ownerOpenid !== null) throw taken()
      const at = ctx.now.toISOString()
      const name = workersOf(c)[m.idx]?.name
      const note = members.length > 1 && name ? `工友${name}已用微信认领本案，可随时查看进度` : '工友已用微信认领本案，可随时查看进度'
      const events: NewEvent[] = [
        { at, type: 'claimed', actorOpenid: ctx.openid, actorDeptId: null, note, visibleToWorker: true, data: { member: m.idx } },
      ]
      if (!stored.length) {
        // A case filed before members were stored: its one code binds the owner, as it always did.
        const patch = { ownerOpenid: ctx.openid }
        const updated = await ctx.messages.write(merged(c, patch, { version: c.version + 1, updatedAt: at }), events, (msgs) =>
          ctx.storage.updateComplaint(c.id, c.version, patch, events, at, msgs),
        )
        if (updated === 'conflict') throw new AppError('CONFLICT', '请稍后重试')
        return { id: c.id, caseNo: c.caseNo }
      }
      // Atomic in the storage: of two WeChats claiming one code at once, exactly one wins.
      const r = await ctx.messages.write({ ...c, ...(m.idx === 0 && !c.ownerOpenid ? { ownerOpenid: ctx.openid } : {}) }, events, (msgs) =>
        ctx.storage.claimMember(c.id, m.idx, ctx.openid, at, events, msgs),
      )
      if (r === 'taken') throw taken()
      if (r === 'missing') throw wrong()
      return { id: c.id, caseNo: c.caseNo }
    },

    'consent.record': async (ctx, d) => recordConsent(ctx, d.templateIds),

    'complaint.remind': async (ctx, { id: caseId }) => {
      const { complaint, relations } = await getMine(ctx, caseId)
      const last = lastReminder(await ctx.storage.timeline(complaint.id))
      if (last && ctx.now.getTime() - Date.parse(last) < REMIND_EVERY_MS) {
        throw new AppError(
          'RATE_LIMITED',
          `已经催办过了，负责单位会尽快处理。${formatBeijing(new Date(Date.parse(last) + REMIND_EVERY_MS))}以后可以再催`,
        )
      }
      // Versioned like any step: two reminders at once cannot both pass the once-a-day check.
      const updated = await move(ctx, complaint, relations, {
        action: 'remind',
        version: complaint.version,
        event: (c) => ({
          type: 'reminded',
          note: c.acceptedAt ? '工友催办：请尽快办理并告知进展' : '工友催办：请尽快受理',
          visibleToWorker: false,
          data: null,
        }),
      })
      const at = ctx.now.toISOString()
      return {
        id: updated.id,
        status: updated.status,
        version: updated.version,
        remindedAt: at,
        nextAt: new Date(ctx.now.getTime() + REMIND_EVERY_MS).toISOString(),
      }
    },

    'complaint.supplement': async (ctx, d) => {
      const tooMany = photoLimitMessage(d.photos, ctx.config)
      if (tooMany) throw validation({ photos: tooMany })
      const { complaint, relations } = await getMine(ctx, d.id)
      await checkOwnPhotos(ctx, d.photos)
      const photos = [...complaint.photos, ...(d.photos ?? [])]
      const updated = await move(ctx, complaint, relations, {
        action: 'supplement',
        version: null,
        patch: () => (d.photos?.length ? { photos } : {}),
        event: () => ({ type: 'supplemented', note: d.note, visibleToWorker: true, data: d.photos?.length ? { photos: d.photos } : null }),
      })
      return { id: updated.id, status: updated.status, version: updated.version }
    },

    'upload.register': async (ctx, d) => registerUpload(ctx, d.fileId),

    'phone.link': async (ctx, { phone, code }) => {
      // A browser is already its phone: linking another one to it would only confuse who is who.
      if (ctx.caller.via === 'sms') throw new AppError('FORBIDDEN', '您已用手机号登录，无需再绑定')
      await proveCode(ctx, phone, code)
      const holder = await ctx.storage.userByPhone(phone)
      if (holder && holder.openid !== ctx.openid && holder.role !== 'worker') {
        throw new AppError('CONFLICT', '这个手机号已是工作人员的登录手机号，不能绑定到这个微信', {
          phone: '这个手机号已是工作人员的登录手机号',
        })
      }
      await ctx.storage.linkPhone(ctx.openid, phone, ctx.now.toISOString())
      return { phone: maskMobile(phone) }
    },

    'phone.status': async (ctx) => ({ phone: ctx.phone ? maskMobile(ctx.phone) : null }),

    'phone.fromWeChat': async (ctx, { code }) => {
      if (!ctx.config.signIn.wechatPhoneNumber || !ctx.phoneNumbers) {
        throw new AppError('FORBIDDEN', '这里不能用微信手机号，请直接填写手机号')
      }
      try {
        return { phone: await ctx.phoneNumbers.phoneNumber(code) }
      } catch (e) {
        if (e instanceof PhoneNumberError && e.reason === 'invalid_code') {
          throw validation({ code: '微信手机号授权过期了，请再点一次或直接填写手机号' })
        }
        if (e instanceof PhoneNumberError && e.reason === 'not_mainland') {
          throw validation({ code: '这个微信绑定的不是大陆手机号，请直接填写手机号' })
        }
        ctx.log?.('phone.fromWeChat: WeChat gave no number', e)
        throw new AppError('INTERNAL', '没取到微信手机号，请直接填写手机号')
      }
    },
  },
  {
    // What a printed sticker shows anyone, the form's limits and its area choices: a browser fills the form
    // before it signs in.
    public: ['app.settings', 'site.lookup', 'area.choices'],
  },
)

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
