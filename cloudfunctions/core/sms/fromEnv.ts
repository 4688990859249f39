// Which SMS adapter a server runs with, from SMS_PROVIDER: `tencent` (Tencent Cloud SMS with the keys of
// the environment), `file` (one JSON line per SMS in $DATA_DIR/sms.jsonl) or `local` (the outbox table;
// development only).
import path from 'node:path'
import type { Clock, Storage } from '../ports'
import { FileSms } from './file'
import { LocalSms } from './local'
import type { Sms } from './port'
import { credentialFromEnv, tencentSmsClient, TencentSms, type SmsSettings } from './tencent'

export const SMS_PROVIDERS = ['tencent', 'file', 'local'] as const
export type SmsProvider = (typeof SMS_PROVIDERS)[number]

export interface SmsEnvOptions {
  dataDir: string
  storage: Pick<Storage, 'recordSent'>
  clock: Clock
  /** config.sms as stored now (Tencent Cloud reads application id, signature and templates from it). */
  settings: () => Promise<SmsSettings>
}

export function smsFromEnv(env: Record<string, string | undefined>, opts: SmsEnvOptions): Sms {
  const provider = env.SMS_PROVIDER ?? 'local'
  switch (provider) {
    case 'tencent':
      if (!credentialFromEnv(env)) throw new Error('SMS_PROVIDER=tencent needs TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY')
      return new TencentSms(
        tencentSmsClient(() => credentialFromEnv(env)),
        opts.settings,
      )
    case 'file':
      return new FileSms(path.join(opts.dataDir, 'sms.jsonl'), () => opts.clock.now())
    case 'local':
      return new LocalSms(opts.storage, opts.clock)
    default:
      throw new Error(`SMS_PROVIDER must be one of ${SMS_PROVIDERS.join(', ')}, not ${provider}`)
  }
}
