// The worker's complaint form: values, field-by-field checks (the contract's rules and limits, in
// the form's own plain words) and the request body, checked against the contract's schema itself
// (submitCheck.ts, loaded apart: see contractCheck.ts).
import { LIMITS } from '@shared/contract/limits'
import type { Input } from '@shared/contract'
import { PLACEMENTS, type Industry, type Placement } from '@shared/types'
import { isMobile, normalizeMobile } from '@shared/validators/phone'
import { toHalfWidth } from '@shared/validators/result'
import { EMPTY_PICK, pickedAreaCode, type AreaPick } from '../../utils/areas'
import { yuanToFen } from '../../utils/money'
import { currentMonth } from '../../utils/time'

export interface ComplaintForm {
  name: string
  phone: string
  amountYuan: string
  owedSince: string
  workerCount: string
  description: string
  hideIdentityFromEmployer: boolean
  bossUnreachable: boolean
  /** "信息不对": what the worker says the project and employer really are (site form). */
  wrongInfo: boolean
  rightProject: string
  rightEmployer: string
  /** The project when there is no site (form without a site). */
  projectName: string
  projectAddress: string
  area: AreaPick
  industry: Industry | ''
  employerName: string
}

/** A new form: nothing chosen for the month owed (no silent default: the worker picks it). */
export function emptyForm(owedSince = ''): ComplaintForm {
  return {
    name: '',
    phone: '',
    amountYuan: '',
    owedSince,
    workerCount: '1',
    description: '',
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
    wrongInfo: false,
    rightProject: '',
    rightEmployer: '',
    projectName: '',
    projectAddress: '',
    area: EMPTY_PICK,
    industry: 'other',
    employerName: '',
  }
}

/** Field paths, the same as the server's VALIDATION `fields` keys. */
export const FIELD = {
  name: 'complainant.name',
  phone: 'complainant.phone',
  amount: 'amountOwedFen',
  owedSince: 'owedSince',
  workerCount: 'workerCount',
  description: 'description',
  projectName: 'project.name',
  projectAddress: 'project.address',
  area: 'project.areaCode',
  industry: 'project.industry',
  employerName: 'employerName',
  photos: 'photos',
} as const

export type FieldName = (typeof FIELD)[keyof typeof FIELD]
export type FieldErrors = Record<string, string>

/** With a site the project comes from the sticker; without one the worker describes it. */
export type FormMode = 'site' | 'nosite'

function count(s: string): number | null {
  const v = toHalfWidth(s).trim()
  return /^\d+$/.test(v) ? Number(v) : null
}

/** The message for one field, '' when it is fine. */
export function checkField(field: string, f: ComplaintForm, mode: FormMode, now: number = Date.now()): string {
  switch (field) {
    case FIELD.name: {
      const v = f.name.trim()
      if (!v) return '请填写您的姓名'
      if (v.length > LIMITS.personName) return `姓名太长了，最多${LIMITS.personName}个字`
      return ''
    }
    case FIELD.phone: {
      const v = f.phone.trim()
      if (!v) return '请填写手机号，办理人员要联系您'
      return isMobile(v) ? '' : '手机号应该是11位数字，以1开头，请核对'
    }
    case FIELD.amount: {
      if (!f.amountYuan.trim()) return '请填写大概欠多少钱'
      const fen = yuanToFen(f.amountYuan)
      if (fen === null) return '只填数字就行，例如 8000'
      if (fen <= 0) return '欠的钱要大于0'
      if (fen > LIMITS.maxFen) return '数目太大了，请核对一下'
      return ''
    }
    case FIELD.owedSince: {
      if (!/^\d{4}-\d{2}$/.test(f.owedSince)) return '请选择从哪个月开始欠'
      if (f.owedSince > currentMonth(now)) return '开始欠钱的月份不能晚于这个月'
      if (f.owedSince < '1990-01') return '月份不对，请重新选择'
      return ''
    }
    case FIELD.workerCount: {
      const n = count(f.workerCount)
      if (n === null) return '请填写人数，只填数字'
      if (n < 1) return '至少1个人（算上您自己）'
      if (n > LIMITS.workerCount) return `人数最多填${LIMITS.workerCount}人，请核对`
      return ''
    }
    case FIELD.description:
      return f.description.length > LIMITS.description ? `最多写${LIMITS.description}个字` : ''
    case FIELD.projectName: {
      if (mode !== 'nosite') return ''
      const v = f.projectName.trim()
      if (!v) return '请填写工地或项目叫什么，知道多少写多少'
      return v.length > LIMITS.projectName ? `名称太长了，最多${LIMITS.projectName}个字` : ''
    }
    case FIELD.projectAddress:
      return mode === 'nosite' && f.projectAddress.trim().length > LIMITS.projectAddress
        ? `地址太长了，最多${LIMITS.projectAddress}个字`
        : ''
    case FIELD.area:
      if (mode !== 'nosite') return ''
      if (!f.area.province) return '请选择工地在哪个省'
      if (!f.area.city) return '请选择工地在哪个市'
      return pickedAreaCode(f.area) ? '' : '请选择工地在哪个区、县'
    case FIELD.industry:
      return mode === 'nosite' && !f.industry ? '请选择是什么工程' : ''
    case FIELD.employerName: {
      const v = mode === 'nosite' ? f.employerName : f.wrongInfo ? f.rightEmployer : ''
      return v.trim().length > LIMITS.employerName ? `名称太长了，最多${LIMITS.employerName}个字` : ''
    }
    default:
      return ''
  }
}

const SITE_FIELDS: string[] = [
  FIELD.name,
  FIELD.phone,
  FIELD.amount,
  FIELD.owedSince,
  FIELD.workerCount,
  FIELD.description,
  FIELD.employerName,
]
const NOSITE_FIELDS: string[] = (
  [FIELD.projectName, FIELD.area, FIELD.industry, FIELD.employerName, FIELD.projectAddress] as string[]
).concat(SITE_FIELDS.filter((f) => f !== FIELD.employerName))

/** The fields of a mode, top to bottom. */
export function fieldsOf(mode: FormMode): string[] {
  return mode === 'site' ? SITE_FIELDS : NOSITE_FIELDS
}

/** Every field's message (only fields with a problem). */
export function checkForm(f: ComplaintForm, mode: FormMode, now: number = Date.now()): FieldErrors {
  const errors: FieldErrors = {}
  for (const field of fieldsOf(mode)) {
    const m = checkField(field, f, mode, now)
    if (m) errors[field] = m
  }
  return errors
}

/** What `worker complaint.submit` takes: typed by the contract. */
export type SubmitBody = Input<'worker', 'complaint.submit'>

export interface SubmitContext {
  mode: FormMode
  /** The site's code (site form). */
  siteCode: string
  placement: string
  /** A scanned or typed code the server did not know (form without a site), kept for the staff. */
  unknownCode: string
  clientRequestId: string
  photos: string[]
}

/** The note put in front of the description for what the form cannot say in fields. */
export function staffNote(f: ComplaintForm, ctx: SubmitContext): string {
  const notes: string[] = []
  if (ctx.mode === 'site' && f.wrongInfo) {
    const parts: string[] = []
    if (f.rightProject.trim()) parts.push('项目应为：' + f.rightProject.trim())
    if (f.rightEmployer.trim()) parts.push('欠钱的老板或单位应为：' + f.rightEmployer.trim())
    notes.push('【工友反映二维码上的项目信息不对】' + (parts.length ? parts.join('；') : '未写明哪里不对'))
  }
  if (ctx.mode === 'nosite' && ctx.unknownCode) notes.push(`【工友扫到的项目码 ${ctx.unknownCode} 在系统里查不到】`)
  return notes.join('\n')
}

export function toSubmitBody(f: ComplaintForm, ctx: SubmitContext): SubmitBody {
  const note = staffNote(f, ctx)
  const said = f.description.trim()
  const body: SubmitBody = {
    clientRequestId: ctx.clientRequestId,
    complainant: { name: f.name.trim(), phone: normalizeMobile(f.phone.trim()) },
    workerCount: count(f.workerCount) || 0,
    amountOwedFen: yuanToFen(f.amountYuan) || 0,
    owedSince: f.owedSince,
    description: note && said ? note + '\n' + said : note || said,
    photos: ctx.photos,
    hideIdentityFromEmployer: f.hideIdentityFromEmployer,
    bossUnreachable: f.bossUnreachable,
  }
  if (ctx.mode === 'site') {
    body.siteCode = ctx.siteCode
    if (isPlacement(ctx.placement)) body.placement = ctx.placement
    if (f.wrongInfo && f.rightEmployer.trim()) body.employerName = f.rightEmployer.trim()
  } else {
    body.project = { name: f.projectName.trim(), areaCode: pickedAreaCode(f.area), industry: f.industry || 'other' }
    if (f.projectAddress.trim()) body.project.address = f.projectAddress.trim()
    if (f.employerName.trim()) body.employerName = f.employerName.trim()
  }
  return body
}

const isPlacement = (p: string): p is Placement => (PLACEMENTS as readonly string[]).indexOf(p) >= 0
