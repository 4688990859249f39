// SMS texts as data: one template per step that matters to a worker who gets no WeChat message, and the
// sign-in code. Each is registered with the SMS provider word for word (Tencent Cloud writes parameters
// as {1}, {2} … in order of appearance: tencentTemplateText) and stays under 70 characters, one SMS,
// with its case link at the worst case (test/unit/smsTemplates.test.ts). The link carries the case
// number: <base>/c/<caseNo>.
import type { ReferTarget } from './types'
import { formatInBeijing } from './time'

export const SMS_TEMPLATE_KEYS = [
  'accepted',
  'overdue',
  'resolved',
  'not_wage_arrears',
  'transferred_out',
  'referred',
  'closed',
  'claim_code',
  'verify_code',
] as const
export type SmsTemplateKey = (typeof SMS_TEMPLATE_KEYS)[number]

export const SMS_PARAMS = ['date', 'amount', 'to', 'link', 'code', 'minutes', 'name'] as const
export type SmsParam = (typeof SMS_PARAMS)[number]

/** The text of each template; `{name}` is a parameter. */
export const SMS_TEXTS: Record<SmsTemplateKey, string> = {
  accepted: '欠薪投诉已受理，{date}前办结，详情{link}',
  overdue: '欠薪投诉已超期，已督促加快办理，详情{link}',
  resolved: '投诉已处理，追回{amount}，请确认{link}',
  not_wage_arrears: '经核实您的投诉不属于欠薪，有异议可申诉{link}',
  transferred_out: '欠薪投诉已转外地有关部门办理，详情{link}',
  referred: '欠薪投诉已移送{to}，仍在跟进，详情{link}',
  closed: '欠薪投诉已办结，欢迎评价{link}',
  // A worker of a desk filing (or their relative): their own code to follow the case in WeChat.
  claim_code: '{name}的欠薪投诉认领码{code}，微信打开{link}',
  verify_code: '验证码{code}，{minutes}分钟内有效，请勿告诉他人。',
}

/** What each text is called in lists (the local outbox page). */
export const SMS_TITLES: Record<SmsTemplateKey, string> = {
  accepted: '投诉已受理',
  overdue: '投诉已超期',
  resolved: '投诉已处理',
  not_wage_arrears: '不属于欠薪',
  transferred_out: '已转外地办理',
  referred: '已移送',
  closed: '已办结',
  claim_code: '认领码',
  verify_code: '登录验证码',
}

/** One SMS: at most this many characters (signature not counted). */
export const SMS_MAX_CHARS = 70
/** The longest link prefix (`sms.linkBase`, else `publicBaseUrl`) that keeps every text within one SMS. */
export const SMS_LINK_BASE_MAX = 24
/** Case numbers are 17 characters: 130602-2026-00017. */
const CASE_NO_CHARS = 17

/** The longest value of each parameter, in characters. */
export const SMS_PARAM_MAX: Record<SmsParam, number> = {
  date: 6, // 12月31日
  amount: 12, // 99999999.99元
  to: 4, // 劳动仲裁
  link: SMS_LINK_BASE_MAX + '/c/'.length + CASE_NO_CHARS,
  code: 6,
  minutes: 2,
  name: 4, // smsName: 买买提… (a longer name is cut)
}

/** Where a case is referred to, short enough for an SMS. */
export const SMS_REFER_TARGETS: Record<ReferTarget, string> = {
  arbitration: '劳动仲裁',
  court: '人民法院',
  police: '公安机关',
  procuratorate: '检察机关',
  legal_aid: '法律援助',
  mediation: '人民调解',
}

const PARAM = /\{([a-z]+)\}/g

/** The parameters of a template, in the order they appear. */
export function smsParamNames(key: SmsTemplateKey): SmsParam[] {
  return Array.from(SMS_TEXTS[key].matchAll(PARAM), (m) => m[1] as SmsParam)
}

/** The text and the ordered parameters of one SMS. Throws on a missing parameter. */
export function renderSms(key: SmsTemplateKey, values: Partial<Record<SmsParam, string>>): { params: string[]; text: string } {
  const params = smsParamNames(key).map((name) => {
    const v = values[name]
    if (v === undefined) throw new Error(`SMS template ${key} needs the parameter ${name}`)
    return v
  })
  let i = 0
  return { params, text: SMS_TEXTS[key].replace(PARAM, () => params[i++]) }
}

/** The template as registered with Tencent Cloud SMS: parameters numbered {1}, {2} … */
export function tencentTemplateText(key: SmsTemplateKey): string {
  let n = 0
  return SMS_TEXTS[key].replace(PARAM, () => `{${++n}}`)
}

/** Characters as a phone counts them. */
export const smsLength = (text: string) => Array.from(text).length

/** The case link: `<base>/c/<caseNo>`; a base longer than the budget loses its scheme. */
export function smsLink(base: string, caseNo: string): string {
  let b = base.replace(/\/+$/, '')
  if (b.length > SMS_LINK_BASE_MAX) b = b.replace(/^https?:\/\//, '')
  return `${b}/c/${caseNo}`
}

/** A Beijing date as 3月5日. */
export function smsDate(iso: string): string {
  return formatInBeijing(iso, 'M月D日')
}

/** Integer fen as yuan: 1250000 → 12500元, 1250050 → 12500.5元. */
export function smsAmount(fen: number): string {
  const yuan = Math.floor(fen / 100)
  const cents = fen % 100
  return cents === 0 ? `${yuan}元` : `${yuan}.${String(cents).padStart(2, '0').replace(/0$/, '')}元`
}

/** A worker's name in an SMS: up to 4 characters; a longer one is cut to 3 and '…'. */
export function smsName(name: string): string {
  const chars = Array.from(name.trim())
  return chars.length <= SMS_PARAM_MAX.name ? chars.join('') : chars.slice(0, SMS_PARAM_MAX.name - 1).join('') + '…'
}
