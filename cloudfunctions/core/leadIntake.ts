// Leads from other channels at intake (issue 14; DOMAIN.md, rule 7): a lead is one case with its channel
// and outside reference. Its idempotency reuses the submissions' (filedBy, clientRequestId): the filer is
// the channel itself (`lead:<channel>`), the request id its outside reference, so the same channel and
// reference twice is the same case, whoever registers it (a hotline operator's API call, a desk typing
// it in, a spreadsheet import). Used by intake.ts register(); leads.ts is the application side.
import { CHANNEL_LABELS } from '../../shared/labels'
import type { FirstResponderDecision } from '../../shared/firstResponder'
import type { DeptLite } from '../../shared/routing'
import type { LeadChannel } from '../../shared/types'

export interface LeadIntake {
  channel: LeadChannel
  externalRef: string
  /** ISO time the source wants its answer by; null when it set none. */
  replyDueAt: string | null
}

/** The filer identity of a channel's leads: no openid ever looks like it (openids have no colon). */
export function leadFiler(channel: LeadChannel): string {
  return `lead:${channel}`
}

/** "（12345热线，编号 GD2026…）": where the lead came from, for the registration event the worker sees too. */
export function leadSourceNote(l: Pick<LeadIntake, 'channel' | 'externalRef'>): string {
  return `（来自${CHANNEL_LABELS[l.channel]}，编号 ${l.externalRef}）`
}

/** The receiving unit is the lead's first responder: it received the lead from the channel. */
export function leadResponder(found: FirstResponderDecision, l: LeadIntake, depts: readonly DeptLite[]): FirstResponderDecision {
  if (!found.deptId) return found
  const name = depts.find((d) => d.id === found.deptId)?.name ?? found.deptId
  return { deptId: found.deptId, explanation: `${name}收到${CHANNEL_LABELS[l.channel]}转来的线索（编号 ${l.externalRef}），首问负责` }
}
