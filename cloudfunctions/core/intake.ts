// Registering a complaint the moment it arrives (首问负责制): first responder, routing and the
// acceptance deadline are decided here, and the complaint with its first events is stored in one
// transaction. Used by the worker's submit and the desk's filing on behalf.
import type { z } from 'zod/mini'
import type { Config } from '../../shared/config'
import type { fileOnBehalfSchema } from '../../shared/contract/staff'
import { acceptDueAt } from '../../shared/deadlines'
import { higherLevel, levelOfFigures, type RiskFigures } from '../../shared/risk'
import { areaName } from '../../shared/areas'
import { channelOf, firstResponder } from '../../shared/firstResponder'
import { beijingYear, formatBeijing, monthsSince } from '../../shared/time'
import { UnknownHolidayYearError } from '../../shared/workingDays'
import type { Ctx } from './context'
import { newId } from './context'
import { AppError, validation } from './errors'
import {
  QuotaFull,
  type Complaint,
  type Complainant,
  type NewEvent,
  type NewMessage,
  type RateKey,
  type RiskSubject,
  type Site,
} from './ports'
import { rateKey } from './auth/codes'
import { leadFiler, leadResponder, leadSourceNote, type LeadIntake } from './leadIntake'
import { placeCase } from './placeCase'
import { assessRisk } from './riskAlerts'
import { reportSurge } from './surge'
import { merged } from './merged'

/** A complaint as the worker submits it or the desk files it (the desk may add a group list). */
export type SubmitInput = z.output<typeof fileOnBehalfSchema>

/** The deployment may take fewer photos than the contract's ceiling (configuration `uploads.maxPhotos`). */
export function photoLimitMessage(photos: readonly string[] | undefined, config: Pick<Config, 'uploads'>): string | null {
  const max = config.uploads.maxPhotos
  if ((photos?.length ?? 0) <= max) return null
  return max ? `照片最多${max}张` : '暂不接收照片'
}

/** Checks that need the time or the configuration, which the contract's schema cannot know. */
export function checkSubmit(d: SubmitInput, now: Date, config: Pick<Config, 'uploads'>): void {
  const fields: Record<string, string> = {}
  const photos = photoLimitMessage(d.photos, config)
  if (photos) fields.photos = photos
  if (monthsSince(d.owedSince, now) < 0) fields.owedSince = '开始欠薪的月份不能晚于本月'
  if (Number(d.owedSince.slice(0, 4)) < 1990) fields.owedSince = '开始欠薪的月份不对，请核对'
  if (Object.keys(fields).length) throw validation(fields)
}

export interface IntakeOptions {
  byDeskDeptId: string | null
  ownerOpenid: string | null
  claimCode: string | null
  /**
   * A lead from another channel (leads.ts), received by the unit `byDeskDeptId`: filed as `lead:<channel>`
   * with its outside reference as the request id, so the same reference twice is the same case.
   */
  lead?: LeadIntake
  /** A desk filing: one claim code per worker (`workersOf`), the first being `claimCode`. */
  memberCodes?: string[]
  /** Messages besides the first events' (the workers' claim codes by SMS), rendered from the stored case. */
  extraMessages?: (stored: Complaint) => NewMessage[]
}

type Person = SubmitInput['complainant']
/** A person as stored: the mobile '' when the desk filed for a worker without one. */
const stored = <P extends Person>(p: P): P & Complainant => merged(p, { phone: p.phone ?? '' })

export async function register(
  ctx: Ctx,
  d: SubmitInput,
  opts: IntakeOptions,
): Promise<{ complaint: Complaint; created: boolean; totals?: RiskSubject[] }> {
  const filer = opts.lead ? leadFiler(opts.lead.channel) : ctx.openid

  let site: Site | null = null
  if (d.siteCode) {
    site = await ctx.storage.getSite(d.siteCode)
    if (!site || site.retired) throw validation({ siteCode: '没有找到这个项目码，请核对或直接填写项目名称' })
  }
  const areaCode = site ? site.areaCode : d.project!.areaCode
  // Deadlines, campaign and limits are those of the case's area (the site's).
  const config = await ctx.configFor(areaCode)
  const quota = filerQuota(ctx, opts, config)
  const industry = site ? site.industry : d.project!.industry
  const depts = await ctx.depts()
  const rules = await ctx.storage.listRules()

  const channel = channelOf({ byDesk: opts.byDeskDeptId !== null, siteCode: site?.code, placement: d.placement })
  const found =
    channel === 'desk'
      ? firstResponder({ channel, deskDeptId: opts.byDeskDeptId! }, depts)
      : channel === 'self'
        ? firstResponder({ channel, areaCode }, depts)
        : firstResponder({ channel, stickerIssuerDeptId: site!.issuerDeptId }, depts)
  // Nothing is refused for its place (DOMAIN.md, rule 5): an area no unit here covers, or without a labour
  // department, is registered by the catch-all unit, which transfers it out.
  const { fr, outOfArea, decision, handlerDeptId } = placeCase(
    opts.lead ? leadResponder(found, opts.lead, depts) : found,
    areaCode,
    industry,
    rules,
    depts,
    ctx.config,
  )

  const now = ctx.now
  const at = now.toISOString()
  const actor = { actorOpenid: ctx.openid, actorDeptId: opts.byDeskDeptId }
  const frName = depts.find((x) => x.id === fr.deptId)?.name ?? ''
  const handlerName = depts.find((x) => x.id === handlerDeptId)?.name ?? ''
  let due: string | null = null
  const events: NewEvent[] = [
    {
      at,
      type: 'registered',
      ...actor,
      note: `已登记${opts.lead ? leadSourceNote(opts.lead) : ''}，${frName}负责跟进`,
      visibleToWorker: true,
      data: { explanation: fr.explanation, ...(outOfArea ? { outOfArea: true } : {}) },
    },
    {
      at,
      type: 'routed',
      ...actor,
      note:
        outOfArea && decision.via === 'none'
          ? `${areaName(areaCode)}不在本系统受理范围，由${handlerName}登记后转外地有关部门`
          : decision.explanation,
      visibleToWorker: false,
      data: {
        via: outOfArea && decision.via === 'none' ? 'out_of_area' : decision.via,
        toDeptId: handlerDeptId,
        ...(decision.via === 'rule' ? { ruleId: decision.ruleId, areaPrefix: decision.areaPrefix } : {}),
      },
    },
  ]
  try {
    due = acceptDueAt(now, areaCode, config, ctx.calendar).toISOString()
    const note =
      outOfArea && decision.via === 'none'
        ? `您反映的项目在${areaName(areaCode)}，不在本地受理范围。${handlerName}已登记，${formatBeijing(due)}前转交当地有关部门，并告诉您转到了哪里`
        : `已交${handlerName}办理，${formatBeijing(due)}前受理`
    events.push({ at, type: 'routed', ...actor, note, visibleToWorker: true, data: null })
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

  const people = d.complainants?.length ? d.complainants.map(stored) : []
  const record = {
    id: newId(ctx, now, 'c'),
    channel: opts.lead?.channel ?? channel,
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
    filedBy: filer,
    externalRef: opts.lead?.externalRef ?? null,
    replyDueAt: opts.lead?.replyDueAt ?? null,
    complainant: stored(d.complainant),
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
  const first = ctx.messages.forNewCase(events)
  const extra = opts.extraMessages
  const messages = extra ? (c: Complaint) => [...first(c), ...extra(c)] : first
  try {
    // The case is stored at the level its groups have with it counted (what assessRisk would set after).
    const riskLevelOf = (totals: RiskFigures[]) => totals.map((f) => levelOfFigures(f, now, config)).reduce(higherLevel, 'none')
    return await ctx.storage.createComplaint(record, events, beijingYear(now), messages, opts.memberCodes, quota, riskLevelOf)
  } catch (e) {
    if (e instanceof QuotaFull) throw new AppError('RATE_LIMITED', '提交太频繁了，请过一会儿再试。情况紧急请拨打12333')
    throw e
  }
}

/**
 * Risk and immediate reports follow registration; their failure never undoes the complaint. `totals`: the
 * case's subjects as its registration left them, when the storage answered them (register's result).
 */
export async function assessRiskSafely(ctx: Ctx, c: Complaint, totals?: RiskSubject[]): Promise<void> {
  // Where calls commit together, a site and its employer are assessed once per batch, with the batch's
  // last new case of them, as the case then is, from the totals the batch leaves: what one assessment per
  // case would end at (levels follow the totals; the last assessment sees every case), for a fraction of
  // the work when many workers of one site file at once.
  const deferred = ctx.defer?.(`assess:${c.siteCode ?? ''}|${c.employerKey}`, async () => {
    const current = await ctx.storage.getComplaint(c.id)
    if (current) await assessNow(ctx, current)
  })
  if (!deferred) await assessNow(ctx, c, totals)
}

async function assessNow(ctx: Ctx, c: Complaint, totals?: RiskSubject[]): Promise<void> {
  try {
    await assessRisk(ctx, c, await ctx.configFor(c.areaCode), ctx.now, { isNew: true, totals })
  } catch (e) {
    ;(ctx.log ?? console.error)('[risk] assessment failed', e)
  }
  // Many workers at one site in a short time: an immediate report (群体性欠薪苗头), never a refusal.
  try {
    await reportSurge(ctx, c, (await ctx.configFor(c.areaCode)).rateLimits.perSitePerHour)
  } catch (e) {
    ;(ctx.log ?? console.error)('[surge] report failed', e)
  }
}

/**
 * Abuse limits: a worker filing again and again (one identity's abuse), within the last hour. The storage
 * counts the new complaint in its own transaction (createComplaint's quota), so calls at once never pass
 * the limit together and a replay of one request is not counted. Desk staff file for many and leads come
 * from outside systems: neither is limited. The limits are those of the case's area (`config`: the
 * site's area, or the area the worker named).
 */
function filerQuota(ctx: Ctx, opts: IntakeOptions, config: Pick<Config, 'rateLimits'>): RateKey | undefined {
  if (opts.byDeskDeptId !== null) return undefined
  // A flood on one site is never refused: it is a signal, reported once per site and hour (surge.ts).
  return { key: rateKey('filer', ctx.openid), windows: [{ ms: 3600_000, max: config.rateLimits.perWorkerPerHour }] }
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
