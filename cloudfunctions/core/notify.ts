// Which messages an event sends, and to whom: decided here, once, in the application layer. Callers
// pass the messages to the storage with the events, which writes both in one transaction (a failed write
// sends nothing); the scheduler delivers them later through the notifier (WeChat) or the SMS port and
// retries failures, so a send never blocks a status change. The channel of a worker's message is
// channels.ts; the daily SMS cap per phone is checked when an SMS is sent (scheduler.ts), not here.
//
//   officials   a new case, a card (yellow, red), a case not accepted in time and a worker's reminder
//               reach the handler's staff (dept:<handlerDeptId>) and the first responder's; red cards and
//               acceptance escalations also the coordinators covering the area (the city's as well as the
//               county's); a returned case the first responder's staff; immediate reports and missing holiday
//               schedules the coordinators; severe reports also the 政法委 and 信访局 covering the area.
//   the worker  every step they can see and every escalation (their case is late), except what they saw
//               on screen: registration and their own actions. In a desk-filed group every worker who
//               follows the case hears of each step (channels.ts); what one worker does (claim, add,
//               remind, dispute, confirm) reaches no worker: the others see it on the timeline.
//               A desk filing hands each worker their own claim code by SMS (claimCodeMessages).
import type { Config } from '../../shared/config'
import { EVENT_LABELS } from '../../shared/labels'
import {
  renderSms,
  smsAmount,
  smsDate,
  smsLink,
  smsName,
  SMS_REFER_TARGETS,
  SMS_TITLES,
  type SmsParam,
  type SmsTemplateKey,
} from '../../shared/smsTemplates'
import { chooseChannels, officialMessage, smsPhoneOf, type ChannelDeps, type Planned } from './channels'
import type { Complainant, Complaint, NewEvent, NewMessage } from './ports'

export type { NewMessage } from './ports'

export type Template = 'case_update' | 'new_case' | 'returned' | 'escalation' | 'alert'

/** A message to officials: by WeChat subscription message to everyone behind the recipient. */
export interface OfficialNotice {
  audience: 'officials'
  /** `dept:<deptId>` (its staff), `coord:<areaCode>` (coordinators covering it) or `watch:<areaCode>` (政法委, 信访局 covering it). */
  recipient: string
  template: Exclude<Template, 'case_update'>
  title: string
  body: string
}

/** What the worker is told by SMS when the step matters and WeChat cannot reach them. */
export interface SmsNotice {
  template: SmsTemplateKey
  title: string
  params: string[]
  text: string
}

/** A message to the worker of the case, before its channel is chosen (channels.ts). */
export interface WorkerNotice {
  audience: 'worker'
  template: 'case_update'
  title: string
  body: string
  /** null: the step does not matter enough for an SMS. */
  sms: SmsNotice | null
}

export type Notice = OfficialNotice | WorkerNotice

export type Subject = Pick<
  Complaint,
  'caseNo' | 'ownerOpenid' | 'handlerDeptId' | 'firstResponderDeptId' | 'areaCode' | 'projectName' | 'resolveDueAt' | 'amountRecoveredFen'
>

const CARD_TITLES: Record<string, string> = { yellow: '投诉超期亮黄牌', red: '投诉超期亮红牌' }

/** Who hears of these events, and what. Pure: the channel is chosen afterwards. */
export function noticesFor(
  c: Subject,
  events: readonly NewEvent[],
  config: Pick<Config, 'sms'>,
  /** The public link prefix (PUBLIC_BASE_URL); SMS links use `sms.linkBase` when it is set. */
  publicBaseUrl: string,
): Notice[] {
  const out: Notice[] = []
  const official = (recipient: string, template: OfficialNotice['template'], title: string, body: string) => {
    if (!out.some((n) => n.audience === 'officials' && n.recipient === recipient && n.template === template)) {
      out.push({ audience: 'officials', recipient, template, title, body: body.slice(0, 200) })
    }
  }
  const handlerAndFirst = (template: OfficialNotice['template'], title: string, body: string) => {
    official(`dept:${c.handlerDeptId}`, template, title, body)
    official(`dept:${c.firstResponderDeptId}`, template, title, body)
  }
  const link = smsLink(config.sms.linkBase || publicBaseUrl, c.caseNo)
  const sms = (template: SmsTemplateKey, values: Partial<Record<SmsParam, string>> = {}): SmsNotice => ({
    template,
    title: SMS_TITLES[template],
    ...renderSms(template, { link, ...values }),
  })

  const forWorker: WorkerNotice[] = []
  // The worker saw the whole registration on screen (the receipt): nothing of it is sent to them.
  const seenOnScreen = events.some((e) => e.type === 'registered')
  for (const e of events) {
    const data = (e.data ?? {}) as Record<string, unknown>
    // The owner's own step, or any worker's (no department): a member of a group who claimed, added or disputed.
    const own = e.actorOpenid !== null && (e.actorOpenid === c.ownerOpenid || e.actorDeptId === null)
    if (!seenOnScreen && !own) {
      if (e.visibleToWorker) {
        forWorker.push({
          audience: 'worker',
          template: 'case_update',
          title: `您的投诉${EVENT_LABELS[e.type] ?? '有新进展'}`,
          body: `案件${c.caseNo}：${e.note}`.slice(0, 200),
          sms: workerSms(c, e, data, sms),
        })
      } else if (e.type === 'escalated') {
        forWorker.push({
          audience: 'worker',
          template: 'case_update',
          title: '您的投诉已超期督办',
          body: `案件${c.caseNo}：已超过办理期限，已督促办理单位加快办理`,
          sms: sms('overdue'),
        })
      }
    }
    switch (e.type) {
      case 'registered':
        official(`dept:${c.handlerDeptId}`, 'new_case', '新的欠薪投诉待受理', `${c.projectName}，案件${c.caseNo}`)
        if (c.firstResponderDeptId !== c.handlerDeptId)
          official(`dept:${c.firstResponderDeptId}`, 'new_case', '您单位首问的投诉已转办', `案件${c.caseNo}`)
        break
      case 'routed':
        if (data.manual && typeof data.toDeptId === 'string')
          official(`dept:${data.toDeptId}`, 'new_case', '新的欠薪投诉待受理', `${c.projectName}，案件${c.caseNo}`)
        break
      case 'returned':
        official(`dept:${c.firstResponderDeptId}`, 'returned', '投诉被退回首问单位', `案件${c.caseNo}：${e.note}`)
        break
      case 'escalated': {
        const card = typeof data.card === 'string' ? data.card : null
        handlerAndFirst('escalation', CARD_TITLES[card ?? ''] ?? '投诉超时未受理', `案件${c.caseNo}：${e.note}`)
        // A yellow card stays with the departments; a red card or a case nobody accepted reaches the coordinator.
        if (card !== 'yellow')
          official(`coord:${c.areaCode}`, 'escalation', CARD_TITLES[card ?? ''] ?? '投诉超时未受理', `案件${c.caseNo}：${e.note}`)
        break
      }
      case 'reminded':
        handlerAndFirst('escalation', '工友催办', `案件${c.caseNo}：${e.note}`)
        break
      case 'alert':
        official(`coord:${c.areaCode}`, 'alert', '欠薪风险即时报告', e.note)
        // A severe report (the severe level, or a severe signal flagged) also reaches the 政法委 and 信访局 of the area.
        if (data.trigger === 'severe' || (typeof data.trigger === 'string' && data.trigger.startsWith('flag:')))
          official(`watch:${c.areaCode}`, 'alert', '欠薪风险重大情况报告', e.note)
        break
      case 'deadline_unknown':
        official(`coord:${c.areaCode}`, 'alert', '请补充节假日安排', `案件${c.caseNo}：${e.note}`)
        break
      // Supervision (挂牌督办) and escalation (提级办理) reach the departments; a missed supervision deadline
      // the coordinators covering the area too (the city's as well as the county's).
      case 'supervised':
        handlerAndFirst('escalation', '案件已挂牌督办', `案件${c.caseNo}：${e.note}`)
        break
      case 'supervision_overdue':
        handlerAndFirst('escalation', '督办案件已超期', `案件${c.caseNo}：${e.note}`)
        official(`coord:${c.areaCode}`, 'escalation', '督办案件已超期', `案件${c.caseNo}：${e.note}`)
        break
      case 'escalated_up':
        if (typeof data.toDeptId === 'string')
          official(`dept:${data.toDeptId}`, 'new_case', '提级办理的投诉待受理', `${c.projectName}，案件${c.caseNo}`)
        break
      case 'follow_up_due':
        official(`dept:${c.handlerDeptId}`, 'escalation', '移送案件请跟进结果', `案件${c.caseNo}：${e.note}`)
        break
    }
  }
  // One message to the worker per change: the one an SMS would carry, if any.
  const pick = forWorker.find((n) => n.sms) ?? forWorker[0]
  if (pick) out.push(pick)
  return out
}

/** The SMS for a step that matters to the worker (accepted, resolved with the amount, not wage arrears, transferred, referred, closed). */
function workerSms(
  c: Subject,
  e: NewEvent,
  data: Record<string, unknown>,
  sms: (template: SmsTemplateKey, values?: Partial<Record<SmsParam, string>>) => SmsNotice,
): SmsNotice | null {
  switch (e.type) {
    case 'accepted': {
      const due = typeof data.resolveDueAt === 'string' ? data.resolveDueAt : c.resolveDueAt
      return sms('accepted', { date: due ? smsDate(due) : '规定期限' })
    }
    case 'resolved': {
      const fen = typeof data.amountRecoveredFen === 'number' ? data.amountRecoveredFen : (c.amountRecoveredFen ?? 0)
      return sms('resolved', { amount: smsAmount(fen) })
    }
    case 'not_wage_arrears':
      return sms('not_wage_arrears')
    case 'transferred_out':
      return sms('transferred_out')
    case 'referred':
      return sms('referred', { to: SMS_REFER_TARGETS[data.to as keyof typeof SMS_REFER_TARGETS] ?? '有关机关' })
    case 'closed':
      return sms('closed')
    // A worker-visible note that the case is late, where the scheduler writes one beside its escalation.
    case 'overdue':
      return sms('overdue')
    default:
      return null
  }
}

/**
 * The messages of a new complaint's first events, rendered once it is stored (the case number is
 * allocated in the storage's transaction): pass to storage.createComplaint. Registration never reaches
 * the worker, so these are the officials' only and no channel needs choosing.
 */
export function newCaseMessages(
  events: readonly NewEvent[],
  config: Pick<Config, 'sms'>,
  publicBaseUrl: string,
): (stored: Complaint) => NewMessage[] {
  return (stored) =>
    noticesFor(stored, events, config, publicBaseUrl).flatMap((n) => (n.audience === 'officials' ? [officialMessage(n)] : []))
}

/**
 * The SMS that hand each worker of a desk filing their own claim code, rendered once the case number is
 * known: to the worker's mobile, else a relative's (smsPhoneOf; never the desk's own phone). The daily cap
 * per phone holds when they are sent (one over it is not sent); the printed receipt carries every code too.
 */
export function claimCodeMessages(
  mc: Pick<MessageContext, 'config' | 'publicBaseUrl'>,
  workers: readonly { person: Pick<Complainant, 'name' | 'phone' | 'contactPhone' | 'contactPhoneOf'>; claimCode: string }[],
): (stored: Complaint) => NewMessage[] {
  const send: { phone: string; name: string; code: string }[] = []
  for (const w of workers) {
    const phone = smsPhoneOf(w.person)
    if (phone) send.push({ phone, name: smsName(w.person.name), code: w.claimCode })
  }
  return (stored) => {
    const link = smsLink(mc.config.sms.linkBase || mc.publicBaseUrl, stored.caseNo)
    return send.map(({ phone, name, code }) => {
      const { params, text } = renderSms('claim_code', { name, code, link })
      return { channel: 'sms' as const, recipient: phone, template: 'claim_code', title: SMS_TITLES.claim_code, body: text, params }
    })
  }
}

export interface MessageContext extends ChannelDeps {
  /** The deployment's message settings (templates, SMS): the same for every area. */
  config: Pick<Config, 'sms' | 'notifications'>
  now: Date
  /** Links in SMS point here unless `sms.linkBase` is set: the public link prefix (PUBLIC_BASE_URL). */
  publicBaseUrl: string
  log?: (msg: string, err?: unknown) => void
}

/** The messages of events on a stored complaint, each on its channel (consents it uses are taken). */
export async function planMessages(mc: MessageContext, c: Complaint, events: readonly NewEvent[]): Promise<Planned> {
  return chooseChannels(mc, mc.config, mc.now, c, noticesFor(c, events, mc.config, mc.publicBaseUrl))
}

/**
 * Plan the messages of `events` on `c` (the complaint as it will be once written) and hand them to
 * `write`, which stores them with the events. When the write does not happen ('conflict' or a throw), the
 * WeChat consents the plan took are given back.
 */
export async function withMessages<T>(
  mc: MessageContext,
  c: Complaint,
  events: readonly NewEvent[],
  write: (messages: NewMessage[]) => Promise<T>,
): Promise<T> {
  const plan = await planMessages(mc, c, events)
  let written = false
  try {
    const r = await write(plan.messages)
    written = r !== 'conflict'
    return r
  } finally {
    if (!written) await plan.release().catch((e) => mc.log?.('[notify] giving back WeChat consents failed', e))
  }
}

/** The local notifier: nothing leaves the machine; the outbox table is the record of what was sent. */
export class LocalNotifier implements Notifier {
  /** Make the next `n` sends fail, to exercise retries (POST /dev/notifier). */
  failNext = 0
  async send(): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('simulated send failure')
    }
  }
}

export interface Notifier {
  send(openid: string, template: Template, message: { title: string; body: string; complaintId: string | null }): Promise<void>
}
