// The SMS adapter of a single machine without an SMS account: each SMS is one JSON line
// `{ at, to, template, params, text }` (plus `code` for a sign-in code) appended to a file, by default
// $DATA_DIR/sms.jsonl, for an operator or a gateway to pick up.
import { appendFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Sms, SmsMessage } from './port'

export class FileSms implements Sms {
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(m: SmsMessage): Promise<void> {
    const line = {
      at: this.now().toISOString(),
      to: m.to,
      template: m.template,
      params: m.params,
      text: m.text,
      ...(m.template === 'verify_code' ? { code: m.params[0] } : {}),
    }
    await mkdir(path.dirname(this.file), { recursive: true })
    // Sign-in codes are secrets: the file is the owner's only.
    await appendFile(this.file, JSON.stringify(line) + '\n', { encoding: 'utf8', mode: 0o600 })
  }
}
