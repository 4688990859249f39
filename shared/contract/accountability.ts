// Who answers for a case (issue 16): an official's profile, the 承办人, supervision and escalation,
// risk signals from the facts, referral outcomes, money paid ahead and administrative measures. These
// are `staff` actions; every one that changes a case takes the `version` the caller saw.
import { z } from 'zod/mini'
import { ADVANCE_SOURCES, FLAG_SIGNALS, PENALTY_KINDS, REFERRAL_OUTCOMES } from '../types'
import { reply } from './define'
import * as f from './fields'
import { LIMITS } from './fields'
import type { Moved } from './replies'

/** An official as colleagues see them: name and office phone. */
export interface Official {
  openid: string
  name: string
  officePhone: string
}

export interface ProfileSaved {
  name: string
  officePhone: string
}

/** A moment in the future, as an ISO time or a Beijing date (then the end of that day). */
export const dueAt = (label: string) =>
  z.pipe(
    z.string(`${label}格式不对`),
    z.pipe(
      z.transform((s: string) => {
        const day = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59+08:00` : s
        const t = Date.parse(day)
        return Number.isNaN(t) ? s : new Date(t).toISOString()
      }),
      z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, `${label}应为日期，如 2026-11-25`)),
    ),
  )

/** An office phone: a landline with area code or a mobile (never empty). */
const officePhone = z.pipe(f.publicPhone, z.string().check(z.minLength(1, '请填写办公电话')))

const withVersion = { id: f.id, version: f.version }
const step = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject({ ...withVersion, ...shape })
const openid = z.string('承办人不对').check(z.regex(/^[A-Za-z0-9_:-]{1,80}$/, '承办人不对'))

export const accountabilityContract = {
  /** The caller's own name and office phone, shown to colleagues (never to workers). */
  'profile.set': reply<ProfileSaved>()(z.strictObject({ name: f.requiredText(LIMITS.personName, '姓名'), phone: officePhone })),
  /** Hand the case to a colleague of the handling department (承办人). */
  'complaint.assign': reply<Moved>()(step({ toOpenid: openid })),
  /** 挂牌督办 by the area's coordinator, with its own deadline; `leaderName` names the leader in charge (领导包案). */
  'complaint.supervise': reply<Moved>()(
    step({
      note: f.requiredText(LIMITS.note, '督办要求'),
      dueAt: dueAt('督办期限'),
      leaderName: z.optional(f.requiredText(LIMITS.personName, '包案领导')),
    }),
  ),
  /** 提级办理: a department of the coordinator's own level handles it from now on. */
  'complaint.escalate': reply<Moved>()(step({ toDeptId: f.id, reason: f.requiredText(LIMITS.reason, '原因') })),
  /** A severe signal the facts show: the group becomes severe and the immediate report is raised. */
  'complaint.flag': reply<Moved>()(
    step({
      signal: z.enum(FLAG_SIGNALS, '请选择风险情形（受伤、过激行为、舆情、转移财产）'),
      note: f.requiredText(LIMITS.note, '情况说明'),
    }),
  ),
  /** What came back from a referral; the case is then handled again (resolved or continued). */
  'complaint.referralOutcome': reply<Moved>()(
    step({
      outcome: z.enum(REFERRAL_OUTCOMES, '请选择移送结果'),
      refNo: f.requiredText(LIMITS.referenceNo, '文书编号'),
      amountFen: z.optional(f.fen('确定金额')),
      note: f.requiredText(LIMITS.note, '说明'),
    }),
  ),
  /** Money paid to the workers ahead of the employer (垫付/兜底). */
  'complaint.advance': reply<Moved>()(
    step({
      source: z.enum(ADVANCE_SOURCES, '请选择垫付资金来源'),
      amountFen: f.fen('垫付金额'),
      note: f.requiredText(LIMITS.note, '说明'),
    }),
  ),
  /** An administrative measure against the employer. */
  'complaint.penalty': reply<Moved>()(
    step({
      kind: z.enum(PENALTY_KINDS, '请选择处理措施'),
      docNo: f.requiredText(LIMITS.referenceNo, '文书编号'),
      amountFen: z.optional(f.fen('罚款金额')),
      note: f.requiredText(LIMITS.note, '说明'),
    }),
  ),
}
