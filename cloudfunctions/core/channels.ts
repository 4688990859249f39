// Which channel a message takes: the one policy, here.
//
// - Officials: WeChat subscription messages (their staff allow them in the work tab).
// - The worker: WeChat where they consented, i.e. hold a one-time subscription credit for the case-update
//   template (each accepted requestSubscribeMessage adds one: recordConsent); sending takes it. Else an
//   SMS to the phone on the case, only for the steps that matter (the notice carries an SMS then), at
//   most `sms.dailyPerPhone` per phone per Beijing day. Otherwise the step stays on the timeline only.
import type { Config } from '../../shared/config'
import { startOfBeijingDay } from '../../shared/time'
import { isMobile, normalizeMobile } from '../../shared/validators'
import type { OfficialNotice, Notice } from './notify'
import type { Complaint, NewMessage, Storage } from './ports'

export interface ChannelDeps {
  storage: Pick<Storage, 'takeConsent' | 'addConsents' | 'countSmsSince'>
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

/** The phone SMS go to: the complainant's, when it is a mainland mobile number. */
export function smsPhone(c: Pick<Complaint, 'complainant'>): string | null {
  const phone = normalizeMobile(c.complainant?.phone ?? '')
  return isMobile(phone) ? phone : null
}

export async function chooseChannels(
  deps: ChannelDeps,
  config: Pick<Config, 'sms' | 'notifications'>,
  now: Date,
  c: Pick<Complaint, 'ownerOpenid' | 'complainant'>,
  notices: readonly Notice[],
): Promise<Planned> {
  const at = now.toISOString()
  const messages: NewMessage[] = []
  const taken: { openid: string; templateId: string }[] = []
  let smsToday: number | null = null
  for (const n of notices) {
    if (n.audience === 'officials') {
      messages.push(officialMessage(n))
      continue
    }
    const templateId = config.notifications.templates[n.template]
    if (c.ownerOpenid && templateId && (await deps.storage.takeConsent(c.ownerOpenid, templateId, at))) {
      taken.push({ openid: c.ownerOpenid, templateId })
      messages.push({
        channel: 'wechat',
        recipient: `user:${c.ownerOpenid}`,
        template: n.template,
        title: n.title,
        body: n.body,
        params: null,
      })
      continue
    }
    const phone = smsPhone(c)
    if (!n.sms || !phone) continue
    smsToday ??= await deps.storage.countSmsSince(phone, startOfBeijingDay(now).toISOString())
    if (smsToday >= config.sms.dailyPerPhone) continue
    smsToday++
    messages.push({
      channel: 'sms',
      recipient: phone,
      template: n.sms.template,
      title: n.sms.title,
      body: n.sms.text,
      params: n.sms.params,
    })
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
