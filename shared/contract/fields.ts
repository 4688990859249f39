// Building blocks of the request schemas, shared by the functions (which enforce them) and the
// mini-program (whose forms check the same rules before sending). zod/mini keeps the package small.
import { z } from 'zod/mini'
import { LIMITS } from './limits'
import { isComplaintAreaCode } from '../complaintAreas'
import { FUNDINGS, INDUSTRIES, PLACEMENTS } from '../types'
import { checkIdNumber, checkSiteCode, checkUscc, isAreaCode, isMobile, normalizeMobile, normalizeSiteCode } from '../validators'

/** Every length and size limit of a request, in one place (limits.ts, which carries no zod). */
export { LIMITS }

/** Control characters (except newlines) and direction overrides (which can make a name read backwards). */
const CONTROL_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** Characters that show nothing: spaces, zero-width marks, fillers. */
const INVISIBLE = /[\s\u00ad\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u3164\ufeff\uffa0]/g

/** True when the text has at least one character a reader can see. */
export const hasVisibleText = (s: string): boolean => s.replace(INVISIBLE, '').length > 0

/** Plain text: bounded, control and direction characters removed, trimmed. */
export const text = (max: number, label: string) =>
  z.pipe(
    z.string(`${label}格式不对`).check(z.maxLength(max, `${label}太长了，最多${max}个字`)),
    z.transform((s: string) => s.replace(CONTROL_CHARS, '').trim()),
  )

/** Plain text that must show something after trimming (invisible characters alone do not count). */
export const requiredText = (max: number, label: string) =>
  z.pipe(text(max, label), z.string().check(z.refine(hasVisibleText, `请填写${label}`)))

/** Record ids (complaints, departments, rules, templates). */
export const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, '案件编号不对'))
/** The version a caller saw; a stale one is refused with CONFLICT. */
export const version = z.number({ error: '版本号不对，请刷新后再试' }).check(z.int(), z.minimum(1))

/** An amount in integer fen. */
export const fen = (label: string, max = 100_000_000_000) =>
  z.number({ error: `请填写${label}` }).check(
    z.refine((n: number) => Number.isInteger(n), `${label}应以分为单位的整数`),
    z.minimum(0, `${label}不能是负数`),
    z.maximum(max, `${label}太大了，请核对`),
  )

/** A whole number within bounds, with a message for each bound. */
export const count = (label: string, min: number, max: number, messages: { min: string; max: string }) =>
  z.number({ error: `请填写${label}` }).check(
    z.refine((n: number) => Number.isInteger(n), `${label}应为整数`),
    z.minimum(min, messages.min),
    z.maximum(max, messages.max),
  )

export const mobile = z.pipe(
  z.string({ error: '请填写手机号' }),
  z.pipe(
    z.transform((s: string) => normalizeMobile(s)),
    z.string().check(z.refine(isMobile, '请填写11位手机号')),
  ),
)

const idNumberValue = z.pipe(
  z.string('身份证号格式不对'),
  z.pipe(
    z.transform((s: string) => s.trim().toUpperCase()),
    z.string().check(
      z.superRefine((s: string, c) => {
        if (s === '') return
        const r = checkIdNumber(s)
        if (!r.ok) c.issues.push({ code: 'custom', message: r.reason, input: s })
      }),
    ),
  ),
)

export const person = z.strictObject({
  name: requiredText(LIMITS.personName, '姓名'),
  phone: mobile,
  idNumber: z.optional(idNumberValue),
})

/** A unit's public complaint phone: a landline with area code (0312-1234567), a hotline (12333) or a mobile. */
export const publicPhone = z.pipe(
  z.string('电话格式不对'),
  z.pipe(
    z.transform((s: string) => s.replace(/[\s（）()]/g, '').replace(/—|－/g, '-')),
    z
      .string()
      .check(
        z.regex(/^(|\d{3,4}-?\d{5,8}(-\d{1,6})?|1\d{10}|\d{5,6})$/, '电话应为区号加号码（如 0312-1234567）、12333 这样的热线或手机号'),
      ),
  ),
)

export const areaCode = z.string({ error: '请填写地区代码' }).check(z.refine(isAreaCode, '地区代码应为6位行政区划代码'))
/** Where a complaint can be placed: a county, or a city without counties (东莞, 中山, 儋州, 嘉峪关). */
export const knownAreaCode = z
  .string({ error: '请选择所在地区' })
  .check(z.refine((c: string) => isAreaCode(c) && isComplaintAreaCode(c), '所在地区请选到区县'))

export const siteCode = z.pipe(
  z.string('项目码格式不对'),
  z.pipe(
    z.transform((s: string) => normalizeSiteCode(s)),
    z.string().check(
      z.superRefine((s: string, c) => {
        const r = checkSiteCode(s)
        if (!r.ok) c.issues.push({ code: 'custom', message: r.reason, input: s })
      }),
    ),
  ),
)

export const uscc = z.pipe(
  z.string({ error: '请填写统一社会信用代码' }),
  z.pipe(
    z.transform((s: string) => {
      const r = checkUscc(s)
      return r.ok ? r.value : s
    }),
    z.string().check(
      z.superRefine((s: string, c) => {
        const r = checkUscc(s)
        if (!r.ok) c.issues.push({ code: 'custom', message: r.reason, input: s })
      }),
    ),
  ),
)

export const industry = z.enum(INDUSTRIES, '请选择行业')
export const funding = z.enum(FUNDINGS, '请选择资金来源')
export const placement = z.enum(PLACEMENTS, '二维码位置不对')
export const yearMonth = z.string({ error: '请选择开始欠薪的月份' }).check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 年-月'))
/** One stored photo's id (`cloud://…` or `local:…`); whose it is, the function checks (photos.ts). */
export const photoId = z.string('照片地址不对').check(z.regex(/^[A-Za-z0-9/_.:-]{1,300}$/, '照片地址不对'))
export const photoIds = z.array(photoId, '照片格式不对').check(z.maxLength(LIMITS.photos, `照片最多${LIMITS.photos}张`))
export const yesNo = (label: string) => z.boolean(`${label}应为是或否`)

/** Codes handed out on paper (invites): upper-cased, letters and digits. */
export const paperCode = (label: string) =>
  z.pipe(
    z.string({ error: `请填写${label}` }),
    z.pipe(
      z.transform((s: string) => s.trim().toUpperCase()),
      z.string().check(z.regex(/^[A-Z0-9]{6,16}$/, `${label}格式不对`)),
    ),
  )

/** No fields: `{}` (or nothing at all). */
export const empty = z.strictObject({})
