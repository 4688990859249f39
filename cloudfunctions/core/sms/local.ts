// The local SMS adapter: nothing leaves the machine. Every SMS is an outbox row with channel 'sms' and the
// phone as recipient (GET /dev/outbox lists them): a case's SMS is already one when it is delivered; one
// sent at once (a sign-in code) is recorded as a row already sent.
import { SMS_TITLES } from '../../../shared/smsTemplates'
import type { Clock, Storage } from '../ports'
import { SmsError, type Sms, type SmsMessage, type SmsOrigin } from './port'

export class LocalSms implements Sms {
  /** Make the next `n` sends fail, to exercise retries (POST /dev/notifier { failSms }). */
  failNext = 0

  constructor(
    private readonly storage: Pick<Storage, 'recordSent'>,
    private readonly clock: Clock,
  ) {}

  async send(m: SmsMessage, origin: SmsOrigin = {}): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--
      throw new SmsError('SimulatedFailure', 'simulated SMS failure')
    }
    if (origin.outboxId !== undefined) return
    await this.storage.recordSent(
      { channel: 'sms', recipient: m.to, template: m.template, title: SMS_TITLES[m.template] ?? '短信', body: m.text, params: m.params },
      origin.complaintId ?? null,
      this.clock.now().toISOString(),
    )
  }
}
