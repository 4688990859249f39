// Registering a complaint the moment it arrives (首问负责制): first responder, routing and the
// acceptance deadline are decided here, and the complaint with its first events is stored in one
// transaction. Used by the worker's submit and the desk's filing on behalf.
import { z } from 'zod'
import { acceptDueAt } from '../../shared/deadlines'
import { channelOf, firstResponder } from '../../shared/firstResponder'
import { route } from '../../shared/routing'
import { beijingYear, formatBeijing } from '../../shared/time'
import { FUNDINGS, INDUSTRIES, PLACEMENTS } from '../../shared/types'
import { checkIdNumber, checkSiteCode, isAreaCode, isMobile, normalizeMobile, normalizeSiteCode } from '../../shared/validators'
import { UnknownHolidayYearError } from '../../shared/workingDays'
import type { Ctx } from './context'
import { newId } from './context'
import { AppError, validation } from './errors'
import type { Complaint, NewEvent, Site } from './ports'
import { fen, requiredText, text } from './validate'
import { isKnownArea } from '../../shared/areas'
import { assessRisk } from './riskAlerts'

const phone = z
  .string({ error: '请填写手机号' })
  .transform(normalizeMobile)
  .refine(isMobile, '请填写11位手机号')

const idNumber = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .superRefine((s, c) => {
    if (s === '') return
    const r = checkIdNumber(s)
    if (!r.ok) c.addIssue({ code: 'custom', message: r.reason })
  })

export const personSchema = z.strictObject({
  name: requiredText(30, '姓名'),
  phone,
  idNumber: idNumber.optional(),
})

const MAX_FEN = 10_000_000_000 // 1 亿元: anything above is a typo

export const submitFields = {
  clientRequestId: z.string({ error: '请求编号缺失，请重试' }).regex(/^[A-Za-z0-9_.:-]{8,64}$/, '请求编号不对，请重试'),
  siteCode: z
    .string()
    .transform(normalizeSiteCode)
    .superRefine((s, c) => {
      const r = checkSiteCode(s)
      if (!r.ok) c.addIssue({ code: 'custom', message: r.reason })
    })
    .optional(),
  placement: z.enum(PLACEMENTS, '二维码位置不对').optional(),
  project: z
    .strictObject({
      name: requiredText(100, '项目名称'),
      address: text(200, '项目地址').optional(),
      areaCode: z.string({ error: '请选择所在地区' }).refine((c) => isAreaCode(c) && isKnownArea(c), '所在地区不对，请重新选择'),
      industry: z.enum(INDUSTRIES, '请选择行业'),
      funding: z.enum(FUNDINGS, '资金来源不对').optional(),
    })
    .optional(),
  employerName: text(100, '欠薪单位').optional(),
  complainant: personSchema,
  workerCount: z.number({ error: '请填写人数' }).int('人数应为整数').min(1, '人数至少1人').max(10000, '人数太多了，请核对'),
  amountOwedFen: fen('被欠金额', MAX_FEN),
  owedSince: z
    .string({ error: '请选择开始欠薪的月份' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 年-月'),
  description: text(2000, '情况说明').optional(),
  photos: z.array(z.string().regex(/^[A-Za-z0-9/_.:-]{1,300}$/, '照片地址不对'), '照片格式不对').max(6, '照片最多6张').optional(),
  hideIdentityFromEmployer: z.boolean('对老板保密应为是或否').optional(),
  bossUnreachable: z.boolean('老板联系不上应为是或否').optional(),
}

export type SubmitInput = {
  clientRequestId: string
  siteCode?: string
  placement?: (typeof PLACEMENTS)[number]
  project?: { name: string; address?: string; areaCode: string; industry: (typeof INDUSTRIES)[number]; funding?: (typeof FUNDINGS)[number] }
  employerName?: string
  complainant: { name: string; phone: string; idNumber?: string }
  complainants?: { name: string; phone: string; idNumber?: string; amountOwedFen: number }[]
  workerCount: number
  amountOwedFen: number
  owedSince: string
  description?: string
  photos?: string[]
  hideIdentityFromEmployer?: boolean
  bossUnreachable?: boolean
}

/** Cross-field checks that the schema alone cannot express. */
export function checkSubmit(d: SubmitInput, now: Date): void {
  const fields: Record<string, string> = {}
  if (!d.siteCode && !d.project) fields.project = '请扫描项目二维码，或填写项目名称和所在地区'
  const [y, m] = d.owedSince.split('-').map(Number)
  const b = new Date(now.getTime() + 8 * 3600 * 1000)
  if (y * 12 + m > b.getUTCFullYear() * 12 + b.getUTCMonth() + 1) fields.owedSince = '开始欠薪的月份不能晚于本月'
  if (y < 1990) fields.owedSince = '开始欠薪的月份不对，请核对'
  if (Object.keys(fields).length) throw validation(fields)
}

export interface IntakeOptions {
  byDeskDeptId: string | null
  ownerOpenid: string | null
  claimCode: string | null
}

export async function register(ctx: Ctx, d: SubmitInput, opts: IntakeOptions): Promise<{ complaint: Complaint; created: boolean }> {
  const again = await ctx.storage.findByRequest(ctx.openid, d.clientRequestId)
  if (again) return { complaint: again, created: false }

  await checkRateLimits(ctx, d, opts)

  let site: Site | null = null
  if (d.siteCode) {
    site = await ctx.storage.getSite(d.siteCode)
    if (!site || site.retired) throw validation({ siteCode: '没有找到这个项目码，请核对或直接填写项目名称' })
  }
  const areaCode = site ? site.areaCode : d.project!.areaCode
  const industry = site ? site.industry : d.project!.industry
  const depts = await ctx.depts()
  const rules = await ctx.storage.listRules()

  const channel = channelOf({ byDesk: opts.byDeskDeptId !== null, siteCode: site?.code, placement: d.placement })
  const fr =
    channel === 'desk'
      ? firstResponder({ channel, deskDeptId: opts.byDeskDeptId! }, depts)
      : channel === 'self'
        ? firstResponder({ channel, areaCode }, depts)
        : firstResponder({ channel, stickerIssuerDeptId: site!.issuerDeptId }, depts)
  if (!fr.deptId) throw validation({ 'project.areaCode': '该地区暂未开通投诉受理，请拨打12333' })
  const decision = route({ areaCode, industry }, rules, depts)
  const handlerDeptId = decision.deptId ?? fr.deptId

  const now = ctx.now
  const at = now.toISOString()
  const actor = { actorOpenid: ctx.openid, actorDeptId: opts.byDeskDeptId }
  const frName = depts.find((x) => x.id === fr.deptId)?.name ?? ''
  const handlerName = depts.find((x) => x.id === handlerDeptId)?.name ?? ''
  let due: string | null = null
  const events: NewEvent[] = [
    { at, type: 'registered', ...actor, note: `已登记，${frName}负责跟进`, visibleToWorker: true, data: { explanation: fr.explanation } },
    {
      at,
      type: 'routed',
      ...actor,
      note: decision.explanation,
      visibleToWorker: false,
      data: { via: decision.via, toDeptId: handlerDeptId, ...(decision.via === 'rule' ? { ruleId: decision.ruleId, areaPrefix: decision.areaPrefix } : {}) },
    },
  ]
  try {
    due = acceptDueAt(now, areaCode, ctx.config, ctx.calendar).toISOString()
    events.push({ at, type: 'routed', ...actor, note: `已交${handlerName}办理，${formatBeijing(due)}前受理`, visibleToWorker: true, data: null })
  } catch (e) {
    if (!(e instanceof UnknownHolidayYearError)) throw e
    events.push({
      at,
      type: 'deadline_unknown',
      actorOpenid: null,
      actorDeptId: null,
      note: `缺少${e.year}年节假日安排，受理期限未能计算，请联席办在配置中补充`,
      visibleToWorker: false,
      data: { year: e.year },
    })
  }

  const people = d.complainants?.length ? d.complainants : []
  const record = {
    id: newId(ctx, now, 'c'),
    channel,
    siteCode: site?.code ?? null,
    placement: d.placement ?? null,
    projectName: site ? site.name : d.project!.name,
    projectAddress: site ? site.address : (d.project!.address ?? ''),
    employerName: d.employerName || (site ? site.contractorName : ''),
    employerUscc: site ? site.contractorUscc : null,
    employerKey: employerKey(site ? site.contractorUscc : null, d.employerName || (site ? site.contractorName : '')),
    areaCode,
    industry,
    funding: site ? site.funding : (d.project!.funding ?? 'other'),
    ownerOpenid: opts.ownerOpenid,
    clientRequestId: d.clientRequestId,
    filedBy: ctx.openid,
    complainant: d.complainant,
    complainants: people,
    workerCount: d.workerCount,
    amountOwedFen: d.amountOwedFen,
    owedSince: d.owedSince,
    description: d.description ?? '',
    photos: d.photos ?? [],
    hideIdentity: d.hideIdentityFromEmployer ?? false,
    bossUnreachable: d.bossUnreachable ?? false,
    status: 'routed' as const,
    firstResponderDeptId: fr.deptId,
    handlerDeptId,
    acceptDueAt: due,
    resolveDueAt: null,
    complex: false,
    card: 'none' as const,
    riskLevel: 'none' as const,
    claimCode: opts.claimCode,
    amountRecoveredFen: null,
    rating: null,
    ratingComment: null,
    reopenCount: 0,
    lastProgressAt: null,
    acceptEscalatedAt: null,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: at,
  }
  return ctx.storage.createComplaint(record, events, beijingYear(now))
}

/** Risk and immediate reports follow registration; their failure never undoes the complaint. */
export async function assessRiskSafely(ctx: Ctx, c: Complaint): Promise<void> {
  try {
    await assessRisk(ctx, c, ctx.config, ctx.now)
  } catch (e) {
    ;(ctx.log ?? console.error)('[risk] assessment failed', e)
  }
}

/** Abuse limits: a worker filing again and again, or a flood on one site. Desk staff file for many. */
async function checkRateLimits(ctx: Ctx, d: SubmitInput, opts: IntakeOptions): Promise<void> {
  const since = new Date(ctx.now.getTime() - 3600_000).toISOString()
  const limits = ctx.config.rateLimits
  const tooMany = () => new AppError('RATE_LIMITED', '提交太频繁了，请过一会儿再试。情况紧急请拨打12333')
  if (opts.byDeskDeptId === null && (await ctx.storage.countFiledSince(ctx.openid, since)) >= limits.perWorkerPerHour) throw tooMany()
  if (d.siteCode && (await ctx.storage.countSiteSince(normalizeSiteCode(d.siteCode), since)) >= limits.perSitePerHour) throw tooMany()
}

export async function receipt(ctx: Ctx, c: Complaint) {
  const depts = await ctx.depts()
  const ref = (id: string) => ({ id, name: depts.find((d) => d.id === id)?.name ?? '' })
  return {
    id: c.id,
    caseNo: c.caseNo,
    status: c.status,
    firstResponder: ref(c.firstResponderDeptId),
    handler: ref(c.handlerDeptId),
    acceptDueAt: c.acceptDueAt,
  }
}

/** Risk is computed per employer: by credit code, or by the name (without spaces) when there is none. */
export function employerKey(uscc: string | null, name: string): string {
  if (uscc) return `uscc:${uscc}`
  const n = name.replace(/\s+/g, '')
  return n ? `name:${n}` : ''
}
