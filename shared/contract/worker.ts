// The `worker` function: what a worker does from a scanned sticker to a closed case.
import { z } from 'zod/mini'
import { isCaseNo } from '../validators'
import { DISPUTE_KINDS, type DisputeKind } from '../resolution'
import { reply } from './define'
import { phoneAndCode } from './auth'
import * as f from './fields'
import { LIMITS } from './fields'
import type {
  AppSettings,
  Claimed,
  ComplaintView,
  Items,
  MineItem,
  Moved,
  Reminded,
  SiteInfo,
  SubmitResult,
  UploadRegistered,
} from './replies'

/** The project: a scanned site code, or the worker's own description of it. */
export const projectSchema = z.strictObject({
  name: f.requiredText(LIMITS.projectName, '项目名称'),
  address: z.optional(f.text(LIMITS.projectAddress, '项目地址')),
  areaCode: f.knownAreaCode,
  industry: f.industry,
  funding: z.optional(z.enum(['government', 'state_owned', 'other'], '资金来源不对')),
})

/** The fields of a complaint, as the worker (or the desk on their behalf) files it. */
export const complaintFields = {
  clientRequestId: z.string({ error: '请求编号缺失，请重试' }).check(z.regex(/^[A-Za-z0-9_.:-]{8,64}$/, '请求编号不对，请重试')),
  siteCode: z.optional(f.siteCode),
  placement: z.optional(f.placement),
  project: z.optional(projectSchema),
  employerName: z.optional(f.text(LIMITS.employerName, '欠薪单位')),
  complainant: f.person,
  workerCount: f.count('人数', 1, LIMITS.workerCount, { min: '人数至少1人', max: '人数太多了，请核对' }),
  amountOwedFen: f.fen('被欠金额', LIMITS.maxFen),
  owedSince: f.yearMonth,
  description: z.optional(f.text(LIMITS.description, '情况说明')),
  photos: z.optional(f.photoIds),
  hideIdentityFromEmployer: z.optional(f.yesNo('对老板保密')),
  bossUnreachable: z.optional(f.yesNo('老板联系不上')),
}

type ProjectOrSite = { siteCode?: string; project?: unknown }
/** A complaint names its project: by sticker or described. */
export const needsProject = z.superRefine((d: ProjectOrSite, c) => {
  if (!d.siteCode && !d.project)
    c.issues.push({ code: 'custom', path: ['project'], message: '请扫描项目二维码，或填写项目名称和所在地区', input: d })
})

export const submitSchema = z.strictObject(complaintFields).check(needsProject)

export const claimSchema = z.strictObject({
  caseNo: z.pipe(
    z.string({ error: '请填写案件编号' }),
    z.pipe(
      z.transform((s: string) => s.trim()),
      z.string().check(z.refine(isCaseNo, '案件编号格式不对，请核对回执')),
    ),
  ),
  claimCode: z.pipe(
    z.string({ error: '请填写认领码' }),
    z.pipe(
      z.transform((s: string) => s.trim().toUpperCase()),
      z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{6}$/, '认领码应为6位，请核对回执')),
    ),
  ),
})

const byId = z.strictObject({ id: f.id })

export const disputeSchema = z
  .strictObject({
    id: f.id,
    kind: z.optional(z.enum(DISPUTE_KINDS, '请选择哪里不对')),
    reason: z.optional(f.text(LIMITS.disputeReason, '原因')),
  })
  .check(
    z.superRefine((d: { kind?: DisputeKind; reason?: string }, c) => {
      if ((!d.kind || d.kind === 'other') && !(d.reason && f.hasVisibleText(d.reason)))
        c.issues.push({ code: 'custom', path: ['reason'], message: '请写一下哪里不对（原因）', input: d })
    }),
  )

/** A phone linked to the user, masked: 138****5678. */
export interface LinkedPhone {
  phone: string | null
}

/** One choice of the worker's area picker: a province, or a city with its counties (none: the city is the area). */
export interface AreaChoice {
  code: string
  name: string
  children?: { code: string; name: string }[]
}

export const workerContract = {
  /**
   * What the mini-program needs to know before the worker starts: message templates, photo limits, and who
   * runs the service (of `areaCode`'s area when given: a sticker's or a case's).
   */
  'app.settings': reply<AppSettings>()(z.strictObject({ areaCode: z.optional(f.areaCode) })),
  'site.lookup': reply<SiteInfo>()(z.strictObject({ code: f.siteCode })),
  /**
   * The area picker's choices, loaded as the worker picks (the pages carry no area tree): the provinces
   * without `province`, else that province's cities, each with its counties.
   */
  'area.choices': reply<Items<AreaChoice>>()(
    z.strictObject({ province: z.optional(z.string().check(z.regex(/^\d{2}0000$/, '省份代码不对'))) }),
  ),
  'complaint.submit': reply<SubmitResult>()(submitSchema),
  'complaint.listMine': reply<Items<MineItem>>()(f.empty),
  'complaint.get': reply<ComplaintView>()(byId),
  'complaint.confirm': reply<Moved>()(
    z.strictObject({
      id: f.id,
      rating: z.number({ error: '请选择评分' }).check(
        z.refine((n: number) => Number.isInteger(n), '评分应为1到5'),
        z.minimum(1, '评分应为1到5'),
        z.maximum(5, '评分应为1到5'),
      ),
      comment: z.optional(f.text(LIMITS.comment, '评价')),
    }),
  ),
  /** `kind`: the worker's choice (金额不对 …); the written reason may then be left out. */
  'complaint.dispute': reply<Moved>()(disputeSchema),
  'complaint.claim': reply<Claimed>()(claimSchema),
  /**
   * The message templates the worker just allowed (WeChat's requestSubscribeMessage answered 'accept'):
   * each allows one message, so progress reaches WeChat while there are some, else SMS for the steps that matter.
   */
  'consent.record': reply<{ recorded: string[] }>()(
    z.strictObject({
      templateIds: z.array(z.string().check(z.maxLength(64)), '消息模板格式不对').check(z.maxLength(3, '一次最多3个消息模板')),
    }),
  ),
  /** 催办: the worker presses the handling unit; once a day per case, else RATE_LIMITED. */
  'complaint.remind': reply<Reminded>()(byId),
  'complaint.supplement': reply<Moved>()(
    z.strictObject({ id: f.id, note: f.requiredText(LIMITS.note, '说明'), photos: z.optional(f.photoIds) }),
  ),
  /**
   * Link a phone proven by SMS code (auth `sms.request` first) to this WeChat user: complaints filed in a
   * browser with that phone become theirs here too, and signing in by SMS with it is signing in as them.
   */
  'phone.link': reply<LinkedPhone>()(phoneAndCode),
  /** The phone linked to this user, masked (null: none). */
  'phone.status': reply<LinkedPhone>()(f.empty),
  /**
   * The caller's own mobile from WeChat's phone button (open-type getPhoneNumber): its one-time code, turned
   * into the number by WeChat's server, fills in the complaint form. Nothing is stored; FORBIDDEN where the
   * deployment does not offer the button (app.settings phoneButton).
   */
  'phone.fromWeChat': reply<{ phone: string }>()(
    z.strictObject({
      code: z.string('手机号授权码不对').check(z.regex(/^[A-Za-z0-9_-]{1,128}$/, '手机号授权码不对')),
    }),
  ),
  /**
   * Record a photo the caller just uploaded to cloud storage (under `app.settings`' `uploadDir`) as theirs:
   * a case takes only the caller's own recorded uploads. Desk staff record theirs the same way.
   */
  'upload.register': reply<UploadRegistered>()(z.strictObject({ fileId: f.photoId })),
}
