// The `staff` function: desk staff, inspectors and coordinators at work. Every action that changes a
// complaint takes the `version` the caller saw.
import { z } from 'zod/mini'
import { INDUSTRIES, REFER_TARGETS, STATUSES } from '../types'
import { formatFen } from '../labels'
import { isAreaCode } from '../validators'
import { reply } from './define'
import * as f from './fields'
import { LIMITS } from './fields'
import type {
  AlertItem,
  CaseDetail,
  DeptItem,
  DeskReceipt,
  FileReply,
  FileResult,
  InviteAccepted,
  Items,
  Me,
  Moved,
  Overview,
  QueuePage,
  TemplateItem,
  WithDeadline,
} from './replies'
import { complaintFields, needsProject } from './worker'

export const QUEUE_VIEWS = ['to_accept', 'in_progress', 'first_responder', 'overdue', 'all'] as const
export type QueueView = (typeof QUEUE_VIEWS)[number]

/** One worker of a group filed at the desk, with what they are owed. */
export const groupMember = z.strictObject({ ...f.person.shape, amountOwedFen: f.fen('工人被欠金额') })

type Group = { complainants?: { amountOwedFen: number }[]; amountOwedFen: number; workerCount: number }
/** A group's total is the sum of its members, and the headcount covers the list. */
const groupAddsUp = z.superRefine((d: Group, c) => {
  if (!d.complainants?.length) return
  const sum = d.complainants.reduce((s, p) => s + p.amountOwedFen, 0)
  if (sum !== d.amountOwedFen) c.issues.push({ code: 'custom', path: ['amountOwedFen'], message: `总金额应等于各工人金额之和（${formatFen(sum)}）`, input: d })
  if (d.workerCount < d.complainants.length) {
    c.issues.push({ code: 'custom', path: ['workerCount'], message: `人数不能少于名单上的${d.complainants.length}人`, input: d })
  }
})

export const fileOnBehalfSchema = z
  .strictObject({
    ...complaintFields,
    complainants: z.optional(
      z
        .array(groupMember, '工人名单格式不对')
        .check(z.minLength(1, '请至少填写一名工人'), z.maxLength(LIMITS.groupSize, `一次最多登记${LIMITS.groupSize}名工人`)),
    ),
  })
  .check(needsProject, groupAddsUp)

const byId = z.strictObject({ id: f.id })
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
      areaCode: z.optional(z.string().check(z.refine(isAreaCode, '地区不对'))),
      cursor: z.optional(z.string().check(z.maxLength(200))),
      limit: z.optional(f.count('每页条数', 1, 100, { min: '每页至少1条', max: '每页最多100条' })),
    }),
  ),
  'stats.overview': reply<Overview>()(f.empty),
  'dept.list': reply<Items<DeptItem>>()(f.empty),
  'template.list': reply<Items<TemplateItem>>()(z.strictObject({ action: z.optional(z.string().check(z.maxLength(40))) })),
  'ledger.export': reply<FileReply>()(z.strictObject({ format: z.enum(['csv', 'xlsx'], '格式应为 csv 或 xlsx') })),
  'complaint.receipt': reply<DeskReceipt>()(byId),
  'alerts.list': reply<Items<AlertItem>>()(f.empty),
  /** `revealName`: a first responder or coordinator opens the complainant's name on purpose (recorded). */
  'complaint.get': reply<CaseDetail>()(z.strictObject({ id: f.id, revealName: z.optional(f.yesNo('查看姓名')) })),
  'complaint.accept': reply<WithDeadline>()(step({})),
  'complaint.return': reply<Moved>()(step({ reason: f.requiredText(LIMITS.reason, '原因') })),
  'complaint.route': reply<Moved>()(step({ toDeptId: f.id, reason: f.requiredText(LIMITS.reason, '原因') })),
  'complaint.progress': reply<Moved>()(step({ note: f.requiredText(LIMITS.note, '说明'), visibleToWorker: f.yesNo('是否让工友看到') })),
  'complaint.markComplex': reply<WithDeadline>()(step({ reason: f.requiredText(LIMITS.reason, '原因') })),
  'complaint.resolve': reply<Moved>()(step({ amountRecoveredFen: f.fen('追回金额'), note: f.requiredText(LIMITS.note, '说明') })),
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
