// The `worker` function's actions: what a worker does from a scanned sticker to a closed case.
import { z } from 'zod'
import { formatSiteCode, isCaseNo } from '../../../shared/validators'
import { timingSafeEqual } from 'node:crypto'
import { STATUS_LABELS } from '../../../shared/labels'
import type { Ctx } from '../context'
import { loadVisible, workerRelations } from '../access'
import { AppError, notFound } from '../errors'
import { assessRiskSafely, checkSubmit, receipt, register, submitFields, type SubmitInput } from '../intake'
import { move } from '../moves'
import { complaintView } from '../views'
import { areaName } from '../../../shared/areas'
import { id, parse, requiredText, text } from '../validate'
import type { ActionTable } from './types'

const lookupSchema = z.strictObject({ code: submitFields.siteCode.unwrap() })
const submitSchema = z.strictObject(submitFields)
const idOnly = z.strictObject({ id })

async function getMine(ctx: Ctx, caseId: string) {
  return loadVisible(ctx, caseId, workerRelations)
}

export const workerActions: ActionTable = {
  /** What the mini-program needs to know before the worker starts: message templates to ask for. */
  'app.settings': async (ctx, data) => {
    parse(z.strictObject({}), data ?? {})
    const t = ctx.config.notifications.templates
    return { subscribeTemplates: [t.case_update].filter(Boolean), maxPhotos: ctx.config.uploads.maxPhotos, maxPhotoBytes: ctx.config.uploads.maxBytes }
  },

  'site.lookup': async (ctx, data) => {
    const { code } = parse(lookupSchema, data)
    const site = await ctx.storage.getSite(code)
    if (!site || site.retired) throw notFound('没有找到这个项目码，请核对或直接填写项目名称')
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

  'complaint.submit': async (ctx, data) => {
    const d = parse(submitSchema, data) as SubmitInput
    checkSubmit(d, ctx.now)
    const { complaint, created } = await register(ctx, d, { byDeskDeptId: null, ownerOpenid: ctx.openid, claimCode: null })
    if (created) await assessRiskSafely(ctx, complaint)
    return receipt(ctx, complaint)
  },

  'complaint.listMine': async (ctx, data) => {
    parse(z.strictObject({}), data ?? {})
    const items = await ctx.storage.listByOwner(ctx.openid, 200)
    return {
      items: items.map((c) => ({
        id: c.id,
        caseNo: c.caseNo,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        siteName: c.projectName,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      })),
    }
  },

  'complaint.get': async (ctx, data) => {
    const { id: caseId } = parse(idOnly, data)
    const { complaint, relations } = await getMine(ctx, caseId)
    // The worker's own data is theirs: shown in full, and not a read to be logged.
    return complaintView(ctx, complaint, relations, { audience: 'worker', fullPersonalData: true })
  },

  'complaint.confirm': async (ctx, data) => {
    const d = parse(
      z.strictObject({
        id,
        rating: z.number({ error: '请选择评分' }).int('评分应为1到5').min(1, '评分应为1到5').max(5, '评分应为1到5'),
        comment: text(500, '评价').optional(),
      }),
      data,
    )
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

  'complaint.dispute': async (ctx, data) => {
    const d = parse(z.strictObject({ id, reason: requiredText(1000, '原因') }), data)
    const { complaint, relations } = await getMine(ctx, d.id)
    const updated = await move(ctx, complaint, relations, {
      action: 'dispute',
      version: null,
      patch: (c) => ({ reopenCount: c.reopenCount + 1, resolvedAt: null }),
      event: () => ({ type: 'disputed', note: `工友提出异议：${d.reason}`, visibleToWorker: true, data: null }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },

  'complaint.claim': async (ctx, data) => {
    const d = parse(
      z.strictObject({
        caseNo: z.string({ error: '请填写案件编号' }).trim().refine(isCaseNo, '案件编号格式不对，请核对回执'),
        claimCode: z.string({ error: '请填写认领码' }).trim().toUpperCase().regex(/^[2-9A-HJ-NP-Z]{6}$/, '认领码应为6位，请核对回执'),
      }),
      data,
    )
    const c = await ctx.storage.getComplaintByCaseNo(d.caseNo)
    // One message for "no such case" and "wrong code": never confirm that a case number exists.
    const wrong = () => notFound('案件编号或认领码不对，请核对回执')
    if (!c || !c.claimCode || !safeEqual(c.claimCode, d.claimCode)) throw wrong()
    if (c.ownerOpenid === ctx.openid) return { id: c.id, caseNo: c.caseNo }
    if (c.ownerOpenid !== null) throw new AppError('CONFLICT', '这个案件已被其他微信认领，如有疑问请联系服务台')
    const at = ctx.now.toISOString()
    const updated = await ctx.storage.updateComplaint(c.id, c.version, { ownerOpenid: ctx.openid }, [
      { at, type: 'claimed', actorOpenid: ctx.openid, actorDeptId: null, note: '工友已用微信认领本案，可随时查看进度', visibleToWorker: true, data: null },
    ], at)
    if (updated === 'conflict') throw new AppError('CONFLICT', '请稍后重试')
    return { id: c.id, caseNo: c.caseNo }
  },

  'complaint.supplement': async (ctx, data) => {
    const d = parse(
      z.strictObject({ id, note: requiredText(2000, '说明'), photos: submitFields.photos }),
      data,
    )
    const { complaint, relations } = await getMine(ctx, d.id)
    const photos = [...complaint.photos, ...(d.photos ?? [])]
    const updated = await move(ctx, complaint, relations, {
      action: 'supplement',
      version: null,
      patch: () => (d.photos?.length ? { photos } : {}),
      event: () => ({ type: 'supplemented', note: d.note, visibleToWorker: true, data: d.photos?.length ? { photos: d.photos } : null }),
    })
    return { id: updated.id, status: updated.status, version: updated.version }
  },
}


function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
