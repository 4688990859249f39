// Which channel a message takes: the one policy, here.
//
// - Officials: WeChat subscription messages (their staff allow them in the work tab).
// - The worker: WeChat where they consented, i.e. hold a one-time subscription credit for the case-update
//   template (each accepted requestSubscribeMessage adds one: recordConsent); sending takes it. Else an
//   SMS to the phone on the case, only for the steps that matter (the notice carries an SMS then), at
//   most `sms.dailyPerPhone` per phone per Beijing day: the sender checks that cap when it is about to
//   send one (smsDailyCap), and one over it is not sent. Otherwise the step stays on the timeline only.
// - Every worker of a desk-filed group follows the case: each one (member) is reached the same way, by
//   the WeChat that claimed their code, else by SMS; one message per WeChat and per phone.
// - The phone on the case is the worker's mobile. A worker without one may have a contact phone: a
//   relative's mobile takes SMS, the desk's own phone never does (the desk follows the case in its queue).
import type { Config } from '../../shared/config'
import { startOfBeijingDay } from '../../shared/time'
import { isMobile, normalizeMobile } from '../../shared/validators'
import type { OfficialNotice, Notice } from './notify'
import { membersOf, workersOf } from './members'
import type { Complainant, Complaint, NewMessage, Storage } from './ports'

export interface ChannelDeps {
  storage: Pick<Storage, 'takeConsent' | 'addConsents' | 'listMembers'>
}

/** Messages on their channels; `release()` gives back the consents they took, when they were not written. */
export interface Planned {
  messages: NewMessage[]
  release(): Promise<void>
}

export const officialMessage = (n: OfficialNotice): NewMessage => ({
  channel: 'wechat',
  recipient: n.recipient,
  template: n.template,
  title: n.title,
  body: n.body,
  params: null,
})

/**
 * The number SMS reach a complainant at: their mobile; without one, a relative's mobile given as the
 * contact phone; never the desk's own phone, never a landline.
 */
export function smsPhoneOf(p: Pick<Complainant, 'phone' | 'contactPhone' | 'contactPhoneOf'> | undefined): string | null {
  const own = normalizeMobile(p?.phone ?? '')
  if (isMobile(own)) return own
  const relative = p?.contactPhoneOf === 'relative' ? normalizeMobile(p.contactPhone ?? '') : ''
  return isMobile(relative) ? relative : null
}

/** The phone SMS of a case go to: its complainant's (smsPhoneOf). */
export function smsPhone(c: Pick<Complaint, 'complainant'>): string | null {
  return smsPhoneOf(c.complainant)
}

/** Someone following a case: the WeChat that owns or claimed it (if any) and the phone that takes SMS (if any). */
export interface Follower {
  openid: string | null
  phone: string | null
}

export type FollowedCase = Pick<Complaint, 'id' | 'channel' | 'claimCode' | 'ownerOpenid' | 'complainant' | 'complainants'>

/** Who follows a case: each worker of a desk filing (by their member), else the one complainant and the owner. */
export async function followersOf(storage: ChannelDeps['storage'], c: FollowedCase): Promise<Follower[]> {
  const members = await membersOf(storage, c)
  if (!members.length) return [{ openid: c.ownerOpenid, phone: smsPhoneOf(c.complainant) }]
  const people = workersOf(c)
  return members.map((m) => ({ openid: m.ownerOpenid ?? (m.idx === 0 ? c.ownerOpenid : null), phone: smsPhoneOf(people[m.idx]) }))
}

/**
 * The daily cap per phone, checked by the sender when it is about to send an SMS of a case (not when the
 * message is written: a status change counts nothing). `allows(phone)` is false when the phone had its
 * `sms.dailyPerPhone` SMS this Beijing day (those sent, and those this sender sent since: `sent(phone)`).
 * Each phone's count is read once per run. Two runs at once may each send the last one of a phone's day.
 */
export function smsDailyCap(storage: Pick<Storage, 'countSmsSentSince'>, config: Pick<Config, 'sms'>, now: Date) {
  const since = startOfBeijingDay(now).toISOString()
  const counted = new Map<string, Promise<number>>()
  const sent = new Map<string, number>()
  return {
    async allows(phone: string): Promise<boolean> {
      let n = counted.get(phone)
      if (!n) counted.set(phone, (n = storage.countSmsSentSince(phone, since)))
      return (await n) + (sent.get(phone) ?? 0) < config.sms.dailyPerPhone
    },
    sent(phone: string): void {
      sent.set(phone, (sent.get(phone) ?? 0) + 1)
    },
  }
}

export async function chooseChannels(
  deps: ChannelDeps,
  config: Pick<Config, 'sms' | 'notifications'>,
  now: Date,
  c: FollowedCase,
  notices: readonly Notice[],
): Promise<Planned> {
  const at = now.toISOString()
  const messages: NewMessage[] = []
  const taken: { openid: string; templateId: string }[] = []
  let followers: Follower[] | null = null
  for (const n of notices) {
    if (n.audience === 'officials') {
      messages.push(officialMessage(n))
      continue
    }
    followers ??= await followersOf(deps.storage, c)
    const templateId = config.notifications.templates[n.template]
    // One message per WeChat and per phone: a relative may hold two workers' codes, two workers one phone.
    const reached = new Set<string>()
    for (const f of followers) {
      const user = f.openid ? `user:${f.openid}` : null
      if (user && reached.has(user)) continue
      if (user && templateId && (await deps.storage.takeConsent(f.openid!, templateId, at))) {
        taken.push({ openid: f.openid!, templateId })
        reached.add(user)
        messages.push({ channel: 'wechat', recipient: user, template: n.template, title: n.title, body: n.body, params: null })
        continue
      }
      if (!n.sms || !f.phone || reached.has(f.phone)) continue
      reached.add(f.phone)
      messages.push({
        channel: 'sms',
        recipient: f.phone,
        template: n.sms.template,
        title: n.sms.title,
        body: n.sms.text,
        params: n.sms.params,
      })
    }
  }
  return {
    messages,
    release: async () => {
      for (const t of taken) await deps.storage.addConsents(t.openid, [t.templateId], at)
    },
  }
}

/**
 * The caller accepted these subscription templates (wx.requestSubscribeMessage answered 'accept' for
 * each): one credit each. Ids that are not one of the configured templates are ignored.
 */
export async function recordConsent(
  ctx: ChannelDeps & { openid: string; now: Date; config: Pick<Config, 'notifications'> },
  templateIds: readonly string[],
): Promise<{ recorded: string[] }> {
  const known = new Set(Object.values(ctx.config.notifications.templates).filter(Boolean))
  const recorded = [...new Set(templateIds)].filter((t) => known.has(t))
  if (recorded.length) await ctx.storage.addConsents(ctx.openid, recorded, ctx.now.toISOString())
  return { recorded }
}
