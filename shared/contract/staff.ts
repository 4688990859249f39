// The `staff` function: desk staff, inspectors and coordinators at work. Every action that changes a
// complaint takes the `version` the caller saw.
import { z } from 'zod/mini'
import { CHANNELS, CONTACT_PHONE_OF, INDUSTRIES, REFER_TARGETS, STATUSES } from '../types'
import { formatFen } from '../labels'
import { isAreaCode, isMobile, normalizeMobile } from '../validators'
import { reply } from './define'
import * as f from './fields'
import { LIMITS } from './fields'
import type {
  AlertItem,
  CaseDetail,
  ClaimReissued,
  DeptItem,
  DeskReceipt,
  FileResult,
  LedgerPart,
  LedgerStep,
  InviteAccepted,
  Items,
  Me,
  Moved,
  Overview,
  PeriodReport,
  QueuePage,
  ReportFile,
  TemplateItem,
  WithDeadline,
} from './replies'
import { REPORT_GROUPS } from './replies'
import { complaintFields, needsProject } from './worker'

/** `severe`: open cases at the severe risk level (a coordinator's or a 政法委/信访局's area; else the caller's department's). */
export const QUEUE_VIEWS = ['to_accept', 'in_progress', 'first_responder', 'overdue', 'all', 'mine', 'severe'] as const
export type QueueView = (typeof QUEUE_VIEWS)[number]

/** A number to reach a worker who has no mobile phone: a relative's mobile or landline, or the desk's phone. */
export const contactPhone = z.pipe(
  z.string('联系电话格式不对'),
  z.pipe(
    z.transform((s: string) => {
      const m = normalizeMobile(s)
      return isMobile(m) ? m : s.replace(/[\s（）()]/g, '').replace(/—|－/g, '-')
    }),
    z.string().check(z.regex(/^(\d{3,4}-?\d{5,8}(-\d{1,6})?|1\d{10}|\d{5,6})$/, '联系电话应为手机号，或区号加号码（如 0312-1234567）')),
  ),
)

type Reach = { phone?: string; contactPhone?: string; contactPhoneOf?: string }
/** Without a mobile the desk may give a contact phone, saying whose it is; with one, the mobile is the contact. */
const reachRule = z.superRefine((p: Reach, c) => {
  if (p.phone !== undefined && p.contactPhone !== undefined) {
    c.issues.push({ code: 'custom', path: ['contactPhone'], message: '有手机号就不用填联系电话', input: p })
  }
  if (p.contactPhone !== undefined && p.contactPhoneOf === undefined) {
    c.issues.push({ code: 'custom', path: ['contactPhoneOf'], message: '请选择联系电话是亲属的还是服务台的', input: p })
  }
  if (p.contactPhone === undefined && p.contactPhoneOf !== undefined) {
    c.issues.push({ code: 'custom', path: ['contactPhone'], message: '请填写联系电话', input: p })
  }
})

/**
 * A worker at the desk: the mobile may be missing (no phone); then an optional contact phone, a relative's
 * (SMS go to it) or the desk's (never an SMS). The worker's own submit keeps requiring a mobile.
 */
const deskPersonShape = {
  name: f.person.shape.name,
  phone: z.optional(f.mobile),
  idNumber: f.person.shape.idNumber,
  contactPhone: z.optional(contactPhone),
  contactPhoneOf: z.optional(z.enum(CONTACT_PHONE_OF, '联系电话应选亲属的或服务台的')),
}
export const deskPerson = z.strictObject(deskPersonShape).check(reachRule)

/** One worker of a group filed at the desk, with what they are owed. */
export const groupMember = z.strictObject({ ...deskPersonShape, amountOwedFen: f.fen('工人被欠金额') }).check(reachRule)

type Group = { complainants?: { amountOwedFen: number }[]; amountOwedFen: number; workerCount: number }
/** A group's total is the sum of its members, and the headcount covers the list. */
const groupAddsUp = z.superRefine((d: Group, c) => {
  if (!d.complainants?.length) return
  const sum = d.complainants.reduce((s, p) => s + p.amountOwedFen, 0)
  if (sum !== d.amountOwedFen)
    c.issues.push({ code: 'custom', path: ['amountOwedFen'], message: `总金额应等于各工人金额之和（${formatFen(sum)}）`, input: d })
  if (d.workerCount < d.complainants.length) {
    c.issues.push({ code: 'custom', path: ['workerCount'], message: `人数不能少于名单上的${d.complainants.length}人`, input: d })
  }
})

export const fileOnBehalfSchema = z
  .strictObject({
    ...complaintFields,
    complainant: deskPerson,
    complainants: z.optional(
      z
        .array(groupMember, '工人名单格式不对')
        .check(z.minLength(1, '请至少填写一名工人'), z.maxLength(LIMITS.groupSize, `一次最多登记${LIMITS.groupSize}名工人`)),
    ),
  })
  .check(needsProject, groupAddsUp)

const byId = z.strictObject({ id: f.id })
/** A calendar date, YYYY-MM-DD, that exists. */
const ymd = (label: string) =>
  z.string(`${label}格式不对`).check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为“年-月-日”，如 2026-11-01`),
    z.refine((s: string) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }, `${label}不存在`),
  )
/** A ledger export in progress (ledger.export answered it). */
const exportJobId = z.string('导出编号不对').check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, '导出编号不对，请重新导出'))
const withVersion = { id: f.id, version: f.version }
const step = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject({ ...withVersion, ...shape })

export const staffContract = {
  'complaint.fileOnBehalf': reply<FileResult>()(fileOnBehalfSchema),
  me: reply<Me>()(f.empty),
  'invite.accept': reply<InviteAccepted>()(z.strictObject({ code: f.paperCode('邀请码') })),
  'queue.list': reply<QueuePage>()(
    z.strictObject({
      view: z.enum(QUEUE_VIEWS, '列表类型不对'),
      status: z.optional(z.enum(STATUSES, '状态不对')),
      industry: z.optional(z.enum(INDUSTRIES, '行业不对')),
      channel: z.optional(z.enum(CHANNELS, '来源渠道不对')),
      areaCode: z.optional(z.string().check(z.refine(isAreaCode, '地区不对'))),
      cursor: z.optional(z.string().check(z.maxLength(200))),
      limit: z.optional(f.count('每页条数', 1, 100, { min: '每页至少1条', max: '每页最多100条' })),
    }),
  ),
  /** The period of the overview's money and change figures (default: this month so far). */
  'stats.overview': reply<Overview>()(z.strictObject({ from: z.optional(ymd('开始日期')), to: z.optional(ymd('结束日期')) })),
  /** Figures for the cases registered in a period, per department, district or industry (情况表). */
  'report.period': reply<PeriodReport | ReportFile>()(
    z.strictObject({
      from: ymd('开始日期'),
      to: ymd('结束日期'),
      groupBy: z.enum(REPORT_GROUPS, '分组应为单位、地区或行业'),
      format: z.enum(['json', 'xlsx'], '格式应为 json 或 xlsx'),
    }),
  ),
  'dept.list': reply<Items<DeptItem>>()(f.empty),
  'template.list': reply<Items<TemplateItem>>()(z.strictObject({ action: z.optional(z.string().check(z.maxLength(40))) })),
  /** The ledger of the caller's area (coordinator) or department: at once when small, else in pages (LedgerStep). */
  'ledger.export': reply<LedgerStep>()(z.strictObject({ format: z.enum(['csv', 'xlsx'], '格式应为 csv 或 xlsx') })),
  /** Build the next page of a ledger export the caller started. */
  'ledger.continue': reply<LedgerStep>()(z.strictObject({ jobId: exportJobId })),
  /** One part of a built ledger file. */
  'ledger.download': reply<LedgerPart>()(
    z.strictObject({ jobId: exportJobId, part: f.count('文件分段', 0, 100_000, { min: '文件分段不对', max: '文件分段不对' }) }),
  ),
  'complaint.receipt': reply<DeskReceipt>()(byId),
  /**
   * The filing desk issues new claim codes to the workers who have not claimed the case (all, or the one
   * at position `member`): the old codes stop working and a claim locked by wrong codes opens again.
   */
  'complaint.reissueClaim': reply<ClaimReissued>()(
    z.strictObject({
      id: f.id,
      member: z.optional(f.count('工友序号', 0, LIMITS.groupSize - 1, { min: '工友序号不对', max: '工友序号不对' })),
    }),
  ),
  /** Immediate reports in the coordinator's area, newest first; `state` filters (default: all). */
  'alerts.list': reply<Items<AlertItem>>()(
    z.strictObject({ state: z.optional(z.enum(['new', 'read', 'handled', 'all'], '请选择提醒状态：未读、已读、已处理或全部')) }),
  ),
  /** Mark an alert read, or handled when a note says what was done. */
  'alerts.ack': reply<AlertItem>()(
    z.strictObject({
      id: z.string('提醒编号不对').check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, '提醒编号不对')),
      note: z.optional(f.text(LIMITS.note, '处理情况')),
    }),
  ),
  /** `revealName`: a first responder or coordinator opens the complainant's name on purpose (recorded). */
  'complaint.get': reply<CaseDetail>()(z.strictObject({ id: f.id, revealName: z.optional(f.yesNo('查看姓名')) })),
  'complaint.accept': reply<WithDeadline>()(step({})),
  'complaint.return': reply<Moved>()(step({ reason: f.requiredText(LIMITS.reason, '原因') })),
  'complaint.route': reply<Moved>()(step({ toDeptId: f.id, reason: f.requiredText(LIMITS.reason, '原因') })),
  'complaint.progress': reply<Moved>()(step({ note: f.requiredText(LIMITS.note, '说明'), visibleToWorker: f.yesNo('是否让工友看到') })),
  'complaint.markComplex': reply<WithDeadline>()(step({ reason: f.requiredText(LIMITS.reason, '原因') })),
  /**
   * `confirmLarge`: the handler confirmed a recovered amount above RECOVERED_CONFIRM_RATIO times the amount
   * owed (shared/resolution.ts); without it such an amount is refused (VALIDATION on amountRecoveredFen).
   */
  'complaint.resolve': reply<Moved>()(
    step({
      amountRecoveredFen: f.fen('追回金额'),
      note: f.requiredText(LIMITS.note, '说明'),
      confirmLarge: z.optional(f.yesNo('确认追回金额')),
    }),
  ),
  'complaint.notWageArrears': reply<Moved>()(step({ explanation: f.requiredText(LIMITS.note, '说明') })),
  'complaint.refer': reply<Moved>()(
    step({
      to: z.enum(REFER_TARGETS, '请选择移送机关'),
      refNo: z.optional(f.requiredText(LIMITS.referenceNo, '文书编号')),
      note: f.requiredText(LIMITS.note, '说明'),
    }),
  ),
  /** To a unit outside this deployment (another city or province): its name and, when known, its public phone for the worker. */
  'complaint.transferOut': reply<Moved>()(
    step({ to: f.requiredText(LIMITS.transferTo, '去向'), phone: z.optional(f.publicPhone), note: f.requiredText(LIMITS.note, '说明') }),
  ),
}
