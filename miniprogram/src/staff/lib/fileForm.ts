// The desk's filing form: one worker or a group, its local checks and the request body.
import { isComplaintArea } from '@shared/areas'
import type { Input } from '@shared/contract'
import { fileOnBehalfSchema } from '@shared/contract/staff'
import type { ContactPhoneOf, Industry } from '@shared/types'
import { checkIdNumber } from '@shared/validators/idNumber'
import { isMobile, normalizeMobile } from '@shared/validators/phone'
import { checkSiteCode, normalizeSiteCode } from '@shared/validators/siteCode'
import { contractErrors } from '../../api/check'
import { yuanToFen } from '../../utils/money'

export interface PersonRow {
  key: number
  name: string
  phone: string
  /** The worker has no mobile phone: then an optional contact phone and whose it is. */
  noPhone: boolean
  contactPhone: string
  contactPhoneOf: ContactPhoneOf | ''
  idNumber: string
  amountYuan: string
}

export interface FileForm {
  group: boolean
  people: PersonRow[]
  /** Workers affected; in a group at least the rows, '' meaning "as many as the rows". */
  workerCount: string
  hasSite: boolean
  siteCode: string
  projectName: string
  projectAddress: string
  areaCode: string
  industry: Industry | ''
  employerName: string
  owedSince: string
  description: string
  hideIdentityFromEmployer: boolean
  bossUnreachable: boolean
}

export type Errors = Record<string, string>

/** What `staff complaint.fileOnBehalf` takes: typed by the contract. */
export type FileBody = Input<'staff', 'complaint.fileOnBehalf'>

/** The rows that count: every row in a group (empty ones are removed with ×), the first otherwise. */
export function filledRows(f: FileForm): PersonRow[] {
  return f.group ? f.people : f.people.slice(0, 1)
}

/** Sum of the rows' amounts in fen; null while any amount is missing or not a number. */
export function totalFen(rows: PersonRow[]): number | null {
  let sum = 0
  for (const r of rows) {
    const fen = yuanToFen(r.amountYuan)
    if (fen === null) return null
    sum += fen
  }
  return sum
}

export function workerCountOf(f: FileForm): number {
  const rows = filledRows(f)
  const typed = f.workerCount.trim()
  if (!typed) return f.group ? rows.length : 1
  return /^\d+$/.test(typed) ? Number(typed) : NaN
}

/** Error keys follow the server's field paths; group rows are `complainants.<i>.<field>`. */
export function checkFileForm(f: FileForm): Errors {
  const e: Errors = {}
  const rows = filledRows(f)
  if (f.group && rows.length < 2) e.complainants = '集体投诉请至少填写两位工友；只有一位请选“一位工友”'
  rows.forEach((r, i) => {
    const at = (field: string) =>
      f.group ? `complainants.${i}.${field}` : field === 'amountOwedFen' ? 'amountOwedFen' : `complainant.${field}`
    if (!r.name.trim()) e[at('name')] = '请填写姓名'
    if (!r.noPhone && !isMobile(r.phone)) e[at('phone')] = '请填写11位手机号；没有手机请勾选“无手机”'
    // A contact phone's format and kind are the contract's to check (fileBodyErrors).
    if (r.idNumber.trim()) {
      const id = checkIdNumber(r.idNumber.trim().toUpperCase())
      if (!id.ok) e[at('idNumber')] = id.reason
    }
    const fen = yuanToFen(r.amountYuan)
    if (fen === null || fen <= 0) e[at('amountOwedFen')] = '请填写被欠金额（元）'
  })
  const count = workerCountOf(f)
  if (!Number.isInteger(count) || count < 1) e.workerCount = '请填写涉及人数'
  else if (count < rows.length) e.workerCount = `人数不能少于名单上的${rows.length}人`
  if (f.hasSite) {
    const site = checkSiteCode(normalizeSiteCode(f.siteCode))
    if (!site.ok) e.siteCode = site.reason
  } else {
    if (!f.projectName.trim()) e['project.name'] = '请填写项目或单位名称'
    if (!isComplaintArea(f.areaCode)) e['project.areaCode'] = '请选到区县'
    if (!f.industry) e['project.industry'] = '请选择行业'
  }
  if (!/^\d{4}-\d{2}$/.test(f.owedSince)) e.owedSince = '请选择从哪个月开始欠'
  return e
}

export function toFileBody(f: FileForm, clientRequestId: string): FileBody {
  const rows = filledRows(f)
  const person = (r: PersonRow) => {
    const p: { name: string; phone?: string; contactPhone?: string; contactPhoneOf?: ContactPhoneOf; idNumber?: string } = {
      name: r.name.trim(),
    }
    if (!r.noPhone) p.phone = normalizeMobile(r.phone.trim())
    else if (r.contactPhone.trim()) {
      p.contactPhone = r.contactPhone.trim()
      if (r.contactPhoneOf) p.contactPhoneOf = r.contactPhoneOf
    }
    if (r.idNumber.trim()) p.idNumber = r.idNumber.trim().toUpperCase()
    return p
  }
  const body: FileBody = {
    clientRequestId,
    complainant: person(rows[0]),
    workerCount: workerCountOf(f),
    amountOwedFen: totalFen(rows) || 0,
    owedSince: f.owedSince,
    hideIdentityFromEmployer: f.hideIdentityFromEmployer,
    bossUnreachable: f.bossUnreachable,
  }
  if (f.group) body.complainants = rows.map((r) => ({ ...person(r), amountOwedFen: yuanToFen(r.amountYuan) || 0 }))
  if (f.hasSite) body.siteCode = normalizeSiteCode(f.siteCode)
  else {
    body.project = { name: f.projectName.trim(), areaCode: f.areaCode, industry: f.industry as Industry }
    if (f.projectAddress.trim()) body.project.address = f.projectAddress.trim()
  }
  if (f.employerName.trim()) body.employerName = f.employerName.trim()
  if (f.description.trim()) body.description = f.description.trim()
  return body
}

/**
 * The body checked by the contract's own schema before it is sent (lengths, sums, codes), with the
 * errors mapped onto the form like the server's.
 */
export function fileBodyErrors(body: FileBody, group: boolean): Errors {
  return formErrorsFromServer(contractErrors(fileOnBehalfSchema, body), group)
}

/**
 * Server field paths mapped onto the form: in a group the first worker is also `complainant`, so
 * `complainant.phone` belongs to row 0.
 */
export function formErrorsFromServer(fields: Errors, group: boolean): Errors {
  const out: Errors = {}
  for (const [k, v] of Object.entries(fields)) {
    const m = /^complainant\.(\w+)$/.exec(k)
    out[group && m ? `complainants.0.${m[1]}` : k] = v
  }
  return out
}
