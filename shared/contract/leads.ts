// Leads from other channels (issue 14): 12345, the national 根治欠薪线索反映平台, 12333, 信访, walk-ins and
// the media, registered by staff into the one ledger (part of the `staff` function), and the answer that
// goes back to where each came from.
import { z } from 'zod/mini'
import { endOfBeijingDay } from '../time'
import { LEAD_CHANNELS, type Channel, type LeadChannel, type Status } from '../types'
import { reply } from './define'
import * as f from './fields'
import { siteImportSchema } from './admin'
import type { FileReply, SubmitResult } from './replies'
import { complaintFields, needsProject } from './worker'

/** Longest outside reference (工单编号, 线索编号, 信访件编号 …). */
export const EXTERNAL_REF_MAX = 64

const CONTROL_CHARS = /[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060\ufeff]/g

/** An outside reference: letters (any script), digits and - _ / . # : ( ), trimmed, 1 to 64 characters. */
export function checkExternalRef(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  const v = raw.replace(CONTROL_CHARS, '').trim()
  if (!v) return { ok: false, reason: '请填写来源编号（工单号、线索编号等）' }
  if (Array.from(v).length > EXTERNAL_REF_MAX) return { ok: false, reason: `来源编号太长了，最多${EXTERNAL_REF_MAX}个字` }
  if (!/^[\p{L}\p{N}\-_/.#:()（）]+$/u.test(v)) return { ok: false, reason: '来源编号只能有文字、数字和 - _ / . # : ( )' }
  return { ok: true, value: v }
}

/**
 * A reply-back deadline as the source gives it: a date (YYYY-MM-DD, or with / or 年月日), meaning the end
 * of that day in Beijing, or an ISO time with its offset. The instant as ISO, or null when it is not one.
 */
export function parseReplyDue(raw: string): string | null {
  const s = raw.trim()
  const day = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(s)
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])]
    const probe = new Date(Date.UTC(y, m - 1, d))
    if (y < 2000 || y > 2100 || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null
    return new Date(endOfBeijingDay(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)).toISOString()
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s)
    if (Number.isNaN(t)) return null
    const y = new Date(t).getUTCFullYear()
    return y >= 2000 && y <= 2100 ? new Date(t).toISOString() : null
  }
  return null
}

export const externalRef = z.pipe(
  z.string({ error: '请填写来源编号（工单号、线索编号等）' }),
  z.pipe(
    z.transform((s: string) => {
      const r = checkExternalRef(s)
      return r.ok ? r.value : s
    }),
    z.string().check(
      z.superRefine((s: string, c) => {
        const r = checkExternalRef(s)
        if (!r.ok) c.issues.push({ code: 'custom', message: r.reason, input: s })
      }),
    ),
  ),
)

export const replyDue = z.pipe(
  z.string({ error: '回复期限格式不对' }),
  z.pipe(
    z.transform((s: string) => parseReplyDue(s) ?? s),
    z.string().check(z.refine((s: string) => parseReplyDue(s) === s, '回复期限应为日期，如 2026-11-25')),
  ),
)

export const leadChannel = z.enum(LEAD_CHANNELS, '请选择线索来源（12345热线、国家平台、12333、信访、来访或媒体）')

/** The complaint fields of a lead: as the worker's, without the request id (the outside reference is the key). */
const { clientRequestId: _requestId, ...leadComplaintFields } = complaintFields

/** `complaint.registerLead`: the channel, its reference, the source's reply-back deadline, the complaint. */
export const leadSchema = z
  .strictObject({
    channel: leadChannel,
    externalRef,
    replyDueAt: z.optional(replyDue),
    ...leadComplaintFields,
  })
  .check(needsProject)

export type LeadInput = z.output<typeof leadSchema>

/** What registering a lead answers: the receipt, the lead's source, and whether it was registered before. */
export interface LeadResult extends SubmitResult {
  channel: LeadChannel
  externalRef: string
  replyDueAt: string | null
  /** The worker's code to follow the case in WeChat (read to them on the phone, or sent back to the source). */
  claimCode: string | null
  /** true: this channel and reference were registered before; this is that case. */
  existing: boolean
}

/** The answer for the source system of a lead (or any case): the text to paste or send back. */
export interface ReplyText {
  id: string
  caseNo: string
  channel: Channel
  externalRef: string | null
  replyDueAt: string | null
  status: Status
  /** true once the handler gave a final answer (resolved, not wage arrears, transferred, referred, closed). */
  answered: boolean
  answeredAt: string | null
  /** Plain text for the source system, without names, phone numbers or ID numbers. */
  text: string
}

/** One row of a leads import: the case it registered (or was already), or only checked (dryRun). */
export interface LeadImportRow {
  row: number
  externalRef: string
  caseNo: string | null
  action: 'created' | 'existing' | 'checked'
}

export interface LeadImportResult {
  rows: number
  created: number
  existing: number
  leads: LeadImportRow[]
  dryRun?: boolean
}

export const leadContract = {
  'complaint.registerLead': reply<LeadResult>()(leadSchema),
  /** The answer to send back to where the case came from (12345, the national platform …), as text. */
  'complaint.replyText': reply<ReplyText>()(z.strictObject({ id: f.id })),
}

/** Leads in bulk: part of the `admin` function (coordinators, beside the site import and its spreadsheet reader). */
export const leadImportContract = {
  /**
   * Leads in bulk from a spreadsheet (the national platform's export layout; CSV or XLSX; coordinators):
   * every row checked first, nothing registered unless all pass (a per-row report otherwise).
   */
  'lead.import': reply<LeadImportResult>()(z.strictObject({ ...siteImportSchema.shape, channel: z.optional(leadChannel) })),
  /** The template of the leads import, to download and fill in. */
  'lead.template': reply<FileReply>()(z.strictObject({ format: z.enum(['csv', 'xlsx'], '格式应为 csv 或 xlsx') })),
}
