// The worker's complaint form: values, local checks and the request body.
import { isMobile, normalizeMobile } from '@shared/validators/phone'
import { yuanToFen } from '../../utils/money'

export interface ComplaintForm {
  name: string
  phone: string
  amountYuan: string
  owedSince: string
  workerCount: string
  description: string
  hideIdentityFromEmployer: boolean
  bossUnreachable: boolean
}

/** Field paths, the same as the server's VALIDATION `fields` keys. */
export const FIELD = {
  name: 'complainant.name',
  phone: 'complainant.phone',
  amount: 'amountOwedFen',
  owedSince: 'owedSince',
  workerCount: 'workerCount',
  description: 'description',
} as const

export type FieldErrors = Record<string, string>

export function checkPhone(phone: string): string {
  return isMobile(phone) ? '' : '请填写11位手机号'
}

/** Local checks before sending; the server checks again. */
export function checkForm(f: ComplaintForm): FieldErrors {
  const errors: FieldErrors = {}
  if (!f.name.trim()) errors[FIELD.name] = '请填写姓名'
  const phoneError = checkPhone(f.phone)
  if (phoneError) errors[FIELD.phone] = phoneError
  const fen = yuanToFen(f.amountYuan)
  if (fen === null || fen <= 0) errors[FIELD.amount] = '请填写大概欠多少钱，只填数字'
  if (!/^\d{4}-\d{2}$/.test(f.owedSince)) errors[FIELD.owedSince] = '请选择从哪个月开始欠'
  const count = Number(f.workerCount)
  if (!/^\d+$/.test(f.workerCount.trim()) || count < 1) errors[FIELD.workerCount] = '请填写人数，至少1人'
  return errors
}

export interface SubmitBody {
  clientRequestId: string
  siteCode: string
  placement?: string
  complainant: { name: string; phone: string }
  workerCount: number
  amountOwedFen: number
  owedSince: string
  description: string
  hideIdentityFromEmployer: boolean
  bossUnreachable: boolean
}

export function toSubmitBody(f: ComplaintForm, siteCode: string, placement: string, clientRequestId: string): SubmitBody {
  const body: SubmitBody = {
    clientRequestId,
    siteCode,
    complainant: { name: f.name.trim(), phone: normalizeMobile(f.phone.trim()) },
    workerCount: Number(f.workerCount),
    amountOwedFen: yuanToFen(f.amountYuan) || 0,
    owedSince: f.owedSince,
    description: f.description.trim(),
    hideIdentityFromEmployer: f.hideIdentityFromEmployer,
    bossUnreachable: f.bossUnreachable,
  }
  if (placement) body.placement = placement
  return body
}
