// The SMS port: one text to one phone. Adapters: Tencent Cloud SMS (tencent.ts, production), one JSON line
// per SMS in a file (file.ts, a single machine without an SMS account) and, locally, the outbox table
// (local.ts). Which SMS are sent is application policy (notify.ts, channels.ts), never an adapter's.
import type { SmsTemplateKey } from '../../../shared/smsTemplates'
import type { OutboxMessage } from '../ports'

export interface SmsMessage {
  /** A mainland mobile number, 11 digits. */
  to: string
  template: SmsTemplateKey
  /** The template's parameters, in order (shared/smsTemplates.ts renderSms). */
  params: string[]
  /** The whole text as the phone shows it, without the signature. */
  text: string
}

/** Where an SMS comes from: an outbox row being delivered (that row is its record), and its case. */
export interface SmsOrigin {
  outboxId?: OutboxMessage['id']
  complaintId?: string | null
}

export interface Sms {
  /** Send one SMS. Throws when it was not sent (an SmsError with the provider's code when it refused it). */
  send(m: SmsMessage, origin?: SmsOrigin): Promise<void>
}

/** The provider refused or could not take the SMS; `code` is its answer (e.g. LimitExceeded.PhoneNumberDailyLimit). */
export class SmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'SmsError'
  }
}
