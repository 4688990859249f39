// WeChat subscription messages (订阅消息): the production notifier. Our messages are {title, body};
// a WeChat template has typed keywords (thing1, character_string2, time4 …) with length limits. The
// mapping is pure and configured per template (config notifications.fields, defaults below):
//
//   title  → thing1              e.g. 您的投诉已受理 (≤ 20 characters)
//   caseNo → character_string2   e.g. 130602-2026-00017 (≤ 32 letters, digits, symbols)
//   detail → thing3              the body without its "案件…：" part, cut to 20 characters
//   time   → time4               the sending time in Beijing, 2026年3月5日 09:30
//
// Sending goes through the cloud-call open API (`/cgi-bin/message/subscribe/send`, no access_token in
// the cloud) behind a small port, so tests use a stub: WeChat's servers cannot exist here.
import type { Config, MessageLayout } from '../../shared/config'
import { formatBeijing } from '../../shared/time'
import type { Notifier, Template } from './notify'

export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send'

/** The open API as the cloud offers it: node-sdk's `callWxOpenApi` (its `result`), or a stub. */
export interface OpenApiClient {
  call(apiName: string, requestData: Record<string, unknown>): Promise<unknown>
}

export interface SubscribeSendRequest extends Record<string, unknown> {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  miniprogram_state: 'formal' | 'trial' | 'developer'
  lang: 'zh_CN'
}

export type NotificationSettings = Config['notifications']

/** The worker follows a case on the detail page; staff work on it in the staff subpackage. */
export function pageFor(template: Template, complaintId: string | null): string | undefined {
  if (!complaintId) return undefined
  const id = encodeURIComponent(complaintId)
  return template === 'case_update' ? `pages/detail/index?id=${id}` : `staff/pages/case/index?id=${id}`
}

const CASE_NO = /\d{6}-\d{4}-\d{5,}/

/** The case number a body names, and the rest of the body (notify.ts writes "案件<no>：<note>" etc.). */
export function splitBody(body: string): { caseNo: string | null; detail: string } {
  let m = /^案件(\d{6}-\d{4}-\d{5,})(?:[：:]\s*)?/.exec(body)
  if (m) return { caseNo: m[1], detail: body.slice(m[0].length) }
  m = /[，,]\s*案件(\d{6}-\d{4}-\d{5,})$/.exec(body)
  if (m) return { caseNo: m[1], detail: body.slice(0, m.index) }
  return { caseNo: CASE_NO.exec(body)?.[0] ?? null, detail: body }
}

/** Characters a keyword of this type takes at most (WeChat's subscription message rules). */
const LIMITS: Record<string, number> = {
  thing: 20,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phrase: 5,
  name: 10,
  short_thing: 5,
  phone_number: 17,
  car_number: 8,
}

const typeOf = (key: string) => key.replace(/\d+$/, '')

function cut(text: string, max: number, ellipsis: boolean): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  return ellipsis ? chars.slice(0, max - 1).join('') + '…' : chars.slice(0, max).join('')
}

/** A value fitted to its keyword: one line, within the type's length, never empty. */
export function fieldValue(key: string, text: string, now: Date): string {
  const type = typeOf(key)
  if (type === 'time' || type === 'date') return formatBeijing(now)
  const line = text.replace(/\s+/g, ' ').trim()
  if (type === 'character_string' || type === 'letter' || type === 'number' || type === 'symbol') {
    const ascii = line.replace(/[^\x21-\x7e]/g, '')
    return cut(ascii, LIMITS[type], false) || '-'
  }
  return cut(line, LIMITS[type] ?? 20, true) || '无'
}

/** The request for one message to one person. Throws when the template is not configured. */
export function subscribeRequest(
  openid: string,
  template: Template,
  message: { title: string; body: string; complaintId: string | null },
  settings: NotificationSettings,
  now: Date,
): SubscribeSendRequest {
  const templateId = settings.templates[template]
  if (!templateId)
    throw new Error(`subscription message template "${template}" is not configured (admin config.set notifications.templates.${template})`)
  const layout: MessageLayout = settings.fields[template]
  const { caseNo, detail } = splitBody(message.body)
  const parts: Record<keyof MessageLayout, string> = {
    title: message.title,
    caseNo: caseNo ?? '',
    detail: detail || message.title,
    time: '',
  }
  const data: Record<string, { value: string }> = {}
  for (const slot of Object.keys(parts) as (keyof MessageLayout)[]) {
    const key = layout[slot]
    if (key) data[key] = { value: fieldValue(key, parts[slot], now) }
  }
  const page = pageFor(template, message.complaintId)
  return {
    touser: openid,
    template_id: templateId,
    ...(page ? { page } : {}),
    data,
    miniprogram_state: settings.miniprogramState,
    lang: 'zh_CN',
  }
}

/** What some WeChat answers mean, for the outbox's last error. */
const HINTS: Record<number, string> = {
  43101: 'the user has not subscribed to this template (or used up the subscription)',
  40003: 'invalid openid',
  40037: 'invalid template id',
  47003: 'template data does not fit the template (check notifications.fields)',
  41030: 'invalid page',
}

/** Sends through the open API; a failed send throws (the scheduler retries it later). */
export class WeChatNotifier implements Notifier {
  private cached: { at: number; settings: NotificationSettings } | null = null

  constructor(
    private readonly api: OpenApiClient,
    private readonly loadSettings: () => Promise<NotificationSettings>,
    private readonly now: () => Date = () => new Date(),
    /** Templates and layouts are re-read from the configuration this often. */
    private readonly settingsTtlMs = 60_000,
  ) {}

  private async settings(): Promise<NotificationSettings> {
    const t = Date.now()
    if (!this.cached || t - this.cached.at > this.settingsTtlMs) this.cached = { at: t, settings: await this.loadSettings() }
    return this.cached.settings
  }

  async send(openid: string, template: Template, message: { title: string; body: string; complaintId: string | null }): Promise<void> {
    const request = subscribeRequest(openid, template, message, await this.settings(), this.now())
    const answer = (await this.api.call(SUBSCRIBE_SEND_API, request)) as {
      errcode?: unknown
      errCode?: unknown
      errmsg?: unknown
      errMsg?: unknown
    } | null
    const code = answer && typeof answer === 'object' ? (answer.errcode ?? answer.errCode) : undefined
    if (code === 0) return
    const msg = answer && typeof answer === 'object' ? String(answer.errmsg ?? answer.errMsg ?? '') : String(answer)
    const hint = typeof code === 'number' && HINTS[code] ? ` (${HINTS[code]})` : ''
    throw new Error(`subscribeMessage.send failed: ${code === undefined ? 'no errcode in the answer' : code} ${msg}${hint}`.trim())
  }
}
