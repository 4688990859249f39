import { View } from '@tarojs/components'
import { CHANNEL_LABELS } from '@shared/labels'
import { statusesIn } from '@shared/statusMeta'
import { isLeadChannel, type Channel } from '@shared/types'
import { formatShort } from '../../utils/time'

/** Statuses in which the source of a lead has not had its final answer yet. */
const OPEN: string[] = statusesIn('waiting', 'handling')

/** The source's reply-back deadline, in words; late when it passed while the case was still open. */
export function replyDueText(
  it: { status: string; replyDueAt?: string | null },
  now: number = Date.now(),
): { text: string; late: boolean } {
  if (!it.replyDueAt) return { text: '', late: false }
  const late = OPEN.indexOf(it.status) >= 0 && Date.parse(it.replyDueAt) < now
  return { text: '回复来源期限 ' + formatShort(it.replyDueAt) + (late ? '（已过期）' : ''), late }
}

/** A lead's channel (12345热线, 国家平台 …) and outside reference as a tag; nothing for QR, self-filed or desk cases. */
export function LeadTag({ channel, externalRef }: { channel?: Channel; externalRef?: string | null }) {
  if (!channel || !isLeadChannel(channel)) return null
  return (
    <View className="xam-tag xam-lead-tag" data-channel={channel}>
      {CHANNEL_LABELS[channel]}
      {externalRef ? ' ' + externalRef : ''}
    </View>
  )
}
