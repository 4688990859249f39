// The one configuration object. Every number in DOMAIN.md is a default here; deployments change them
// per area through `admin config.set` (coordinators) or `npm run config` (the deployment), never by
// editing logic. Who may set which key, and how areas inherit: shared/configScope.ts. The public link
// prefix is not here: PUBLIC_BASE_URL in the environment (shared/publicBaseUrl.ts).
import { z } from 'zod'
import { LIMITS } from './contract/fields'
import { SMS_LINK_BASE_MAX, type SmsTemplateKey } from './smsTemplates'
import { publicBaseUrlProblem } from './publicBaseUrl'

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')

/** An officially published holiday schedule for one year (放假安排 + 调休上班日). */
export const yearScheduleSchema = z.object({
  holidays: z.array(ymd).default([]),
  workdays: z.array(ymd).default([]),
})

/** A keyword of a WeChat subscription message template: its type and number (thing1, time4 …). */
const templateKey = z.union([z.string().regex(/^[a-z]+(_[a-z]+)*\d{1,2}$/, '应为模板关键词，如 thing1、character_string2'), z.literal('')])

/** Where a message goes in a subscription template (the defaults: thing1, character_string2, thing3, time4). */
export const messageLayoutSchema = z.object({
  title: templateKey.default('thing1'),
  caseNo: templateKey.default('character_string2'),
  detail: templateKey.default('thing3'),
  time: templateKey.default('time4'),
})
export type MessageLayout = z.infer<typeof messageLayoutSchema>

/** A Tencent Cloud SMS template id (digits), '' when not registered yet. */
const smsTemplateId = z.union([z.literal(''), z.string().regex(/^\d{1,12}$/, '短信模板ID应为腾讯云短信控制台里的数字ID')]).default('')

const smsSchema = z.object({
  /** Case messages one phone receives by SMS per Beijing day, at most (sign-in codes not counted). */
  dailyPerPhone: z.number().int('每天短信条数应为整数').min(0, '每天短信条数不能为负').max(50, '每天短信条数最多50').default(5),
  /** SmsSdkAppId of the Tencent Cloud SMS application. */
  sdkAppId: z.union([z.literal(''), z.string().regex(/^\d{6,12}$/, '短信应用ID应为腾讯云短信控制台里的数字SdkAppId')]).default(''),
  /** The approved signature (签名) as text, without 【】. */
  signName: z.string().max(16, '短信签名最多16个字').default(''),
  region: z
    .enum(['ap-guangzhou', 'ap-beijing', 'ap-nanjing'], '短信地域应为 ap-guangzhou、ap-beijing 或 ap-nanjing')
    .default('ap-guangzhou'),
  /** A short https prefix for links in SMS (each text must fit one SMS); '' uses publicBaseUrl. */
  linkBase: z
    .union([
      z.literal(''),
      z
        .string()
        .max(SMS_LINK_BASE_MAX, `短信链接前缀最多${SMS_LINK_BASE_MAX}个字符`)
        .refine((u) => publicBaseUrlProblem(u, { allowLoopbackHttp: false }) === null, '短信链接前缀应为 https:// 开头的网址'),
    ])
    .default(''),
  /** Template ids per text of shared/smsTemplates.ts, as registered with Tencent Cloud SMS. */
  templates: z
    .object({
      accepted: smsTemplateId,
      overdue: smsTemplateId,
      resolved: smsTemplateId,
      not_wage_arrears: smsTemplateId,
      transferred_out: smsTemplateId,
      referred: smsTemplateId,
      closed: smsTemplateId,
      claim_code: smsTemplateId,
      verify_code: smsTemplateId,
    } satisfies Record<SmsTemplateKey, unknown>)
    .prefault({}),
})

export const configSchema = z.object({
  timezone: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
  deadlines: z
    .object({
      /** Working days the handler has to accept after routing. */
      acceptWorkingDays: z.number().int().min(1).max(30).default(1),
      /** Calendar days to resolve a government-invested or state-owned project's case ("3日内办结"). */
      resolveDaysPublic: z.number().int().min(1).max(90).default(3),
      /** Calendar days once the handler marks the case complex ("疑难复杂问题7日内办结"). */
      resolveDaysComplex: z.number().int().min(1).max(90).default(7),
      /** Calendar days for every other case. */
      resolveDaysDefault: z.number().int().min(1).max(180).default(15),
      /** Days after resolution without an answer from the worker before the case closes itself. */
      autoCloseDays: z.number().int().min(1).max(60).default(7),
      /** Days after an automatic close in which the worker may still dispute, which reopens the case. */
      disputeAfterCloseDays: z.number().int().min(0).max(365).default(30),
      /** Days between follow-ups of a referred case with the arbitration, court, police … (跟进期限). */
      referralFollowUpDays: z.number().int().min(1).max(180).default(30),
    })
    .prefault({}),
  cards: z
    .object({
      /** Red card: this many days past the deadline with no progress event. */
      redAfterDays: z.number().int().min(1).max(90).default(10),
    })
    .prefault({}),
  risk: z
    .object({
      general: z.object({ months: z.number().min(0).default(1), minWorkers: z.number().int().default(10) }).prefault({}),
      major: z.object({ months: z.number().min(0).default(2), minWorkers: z.number().int().default(30) }).prefault({}),
      severe: z.object({ months: z.number().min(0).default(3), minWorkers: z.number().int().default(50) }).prefault({}),
      /** Immediate report triggers (即时报告). */
      reportWorkers: z.number().int().default(50),
      reportMonths: z.number().default(3),
      reportMonthsAlone: z.number().default(2),
      reportComplaintsPerEmployer: z.number().int().default(3),
      reportWindowDays: z.number().int().default(30),
    })
    .prefault({}),
  /**
   * Who runs the service in an area, as the worker's pages name it: the issuing authority (主办单位; '' names
   * the city's 根治欠薪工作领导小组办公室) and the hotline workers may call (12333 by default).
   */
  service: z
    .object({
      authority: z.string().trim().max(40, '主办单位最多40个字').default(''),
      hotline: z
        .string()
        .regex(/^[0-9][0-9-]{2,19}$/, '咨询电话只能是数字和短横线，如 12333 或 0312-12333')
        .default('12333'),
    })
    .prefault({}),
  /**
   * Who the offender ledger (staff offenders.list) nominates for 失信联合惩戒: an employer meeting any one of
   * these, counted over the coordinator's area (cases judged not wage arrears or transferred out left out).
   * The defaults follow 《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》: a refusal to pay after a
   * 责令限期支付, a group incident or extreme act, and amounts at the level of 拒不支付劳动报酬罪 (3万元).
   */
  credit: z
    .object({
      /** Cases against one employer, at least (0: not a criterion). */
      minCases: z.number().int('案件数应为整数').min(0, '案件数不能为负').max(1000, '案件数最多1000').default(3),
      /** Still unpaid (owed less recovered) in fen, at least (0: not a criterion). */
      minUnpaidFen: z.number().int('金额应为整数（分）').min(0, '金额不能为负').default(3_000_000),
      /** A 责令限期支付 issued on a case still open: the employer did not pay within the order. */
      unpaidPaymentOrder: z.boolean('应为是或否').default(true),
      /** A case of the employer flagged for an injury or an extreme act (引发极端事件). */
      severeIncident: z.boolean('应为是或否').default(true),
    })
    .prefault({}),
  /** Campaign mode: no open deadline in `areaCode` may fall after `endsAt`. */
  campaign: z
    .object({ endsAt: z.string().datetime({ offset: true }), areaCode: z.string().regex(/^\d{6}$/) })
    .nullable()
    .default(null),
  /** Holiday schedules for years the bundled calendar does not know yet, keyed by year. */
  holidays: z.record(z.string().regex(/^\d{4}$/), yearScheduleSchema).default({}),
  /** WeChat subscription message template ids, per kind of message (set in the mini-program console). */
  notifications: z
    .object({
      templates: z
        .object({
          case_update: z.string().max(64).default(''),
          new_case: z.string().max(64).default(''),
          returned: z.string().max(64).default(''),
          escalation: z.string().max(64).default(''),
          alert: z.string().max(64).default(''),
        })
        .prefault({}),
      /**
       * Which keyword of each chosen WeChat template receives the message's title, case number, detail
       * and sending time (the keys the template's detail page in the mini-program console shows, such
       * as thing1 or character_string2; '' leaves that part out). See README, "Subscription messages".
       */
      fields: z
        .object({
          case_update: messageLayoutSchema.prefault({}),
          new_case: messageLayoutSchema.prefault({}),
          returned: messageLayoutSchema.prefault({}),
          escalation: messageLayoutSchema.prefault({}),
          alert: messageLayoutSchema.prefault({}),
        })
        .prefault({}),
      /** Which version of the mini-program a tapped message opens: formal (released), trial or developer. */
      miniprogramState: z.enum(['formal', 'trial', 'developer']).default('formal'),
    })
    .prefault({}),
  /** Abuse limits on new complaints (idempotent replays of one request never count twice). */
  rateLimits: z
    .object({
      /** Complaints one worker may file per hour. */
      perWorkerPerHour: z.number().int().min(1).max(1000).default(10),
      /**
       * Complaints one site receives within an hour before the coordinators get an immediate report
       * "群体性欠薪苗头" (once per site and hour). Never a refusal: a whole crew may file at once.
       */
      perSitePerHour: z.number().int().min(1).max(100000).default(300),
    })
    .prefault({}),
  /**
   * Claim codes on desk receipts (worker complaint.claim): guessing is stopped per caller and per case.
   * A wrong try is an unknown case number or a wrong code, never told apart.
   */
  claims: z
    .object({
      /** Wrong tries one caller may make within an hour; then every try is refused until the hour has passed. */
      wrongPerCallerPerHour: z.number().int().min(1).max(100).default(10),
      /** Wrong codes one case number may take; then its claim is locked, the right code too, until the desk issues new codes. */
      wrongPerCase: z.number().int().min(3).max(1000).default(20),
    })
    .prefault({}),
  /** Complaints about an area no department here covers: registered, then transferred out (DOMAIN.md, rule 5). */
  outOfArea: z
    .object({
      /**
       * The catch-all first responder (兜底首问单位) that registers them and transfers them out; '' means the
       * labour department of the widest area here (the top coordinator's). An active unit that is not a desk.
       */
      catchAllDeptId: z.union([z.literal(''), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '兜底单位编号不对')]).default(''),
    })
    .prefault({}),
  uploads: z
    .object({
      maxBytes: z.number().int().min(100_000).max(20_000_000).default(5_000_000),
      /** At most the contract's ceiling (shared/contract/fields.ts LIMITS.photos). */
      maxPhotos: z.number().int().min(0).max(LIMITS.photos, `照片最多${LIMITS.photos}张`).default(LIMITS.photos),
    })
    .prefault({}),
  /**
   * SMS to workers without WeChat messages (channels.ts) and sign-in codes, through Tencent Cloud SMS.
   * The keys are secrets in the environment (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY), never here.
   */
  sms: smsSchema.prefault({}),
  /** Sign-in by SMS code (auth function): how long a code lives, how often one may be asked for, sessions. */
  signIn: z
    .object({
      /** A code is good for this many minutes. */
      codeMinutes: z.number().int().min(1).max(30).default(5),
      /** Wrong codes allowed before the code is dead and a new one must be asked for. */
      maxWrongTries: z.number().int().min(1).max(10).default(5),
      /** Codes one phone may be sent per minute and per hour. */
      perPhonePerMinute: z.number().int().min(1).max(10).default(1),
      perPhonePerHour: z.number().int().min(1).max(60).default(5),
      /** Codes asked for from one client address (or one WeChat user) per hour: a whole site's crew behind one NAT fits. */
      perAddressPerHour: z.number().int().min(1).max(10000).default(60),
      /** A worker's session lasts this many days; a staff member's this many hours. */
      workerSessionDays: z.number().int().min(1).max(90).default(30),
      staffSessionHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 7)
        .default(12),
      /**
       * The complaint form's "用微信手机号" button (手机号快速验证, open-type getPhoneNumber): only a mini-program
       * WeChat lets use it (an organisation's verified account; WeChat charges per number), so off by default.
       */
      wechatPhoneNumber: z.boolean('应为是或否').default(false),
    })
    .prefault({}),
})

export type Config = z.infer<typeof configSchema>
export type YearSchedule = z.infer<typeof yearScheduleSchema>

export function defaultConfig(): Config {
  return configSchema.parse({})
}

/** Validate a stored or submitted configuration, filling defaults. Throws a ZodError when invalid. */
export function parseConfig(input: unknown): Config {
  return configSchema.parse(input ?? {})
}
