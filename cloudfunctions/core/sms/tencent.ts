// Tencent Cloud SMS (API version 2021-01-11, action SendSms) behind the SMS port. Application id
// (SmsSdkAppId), signature, template ids and region come from the configuration (config.sms); the keys
// from the environment (TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY and, inside a cloud function, the
// role's TENCENTCLOUD_SESSIONTOKEN). The SDK is required on the first SMS only: the function bundles
// keep it outside (scripts/build-functions.js) and a call that sends no SMS never loads it.
import type { Config } from '../../../shared/config'
import { SmsError, type Sms, type SmsMessage } from './port'

export const SMS_API_VERSION = '2021-01-11'
export const SMS_ENDPOINT = 'sms.tencentcloudapi.com'

export type SmsSettings = Config['sms']

/** The request of SendSms, as the SDK takes it. */
export interface SendSmsRequest {
  PhoneNumberSet: string[]
  SmsSdkAppId: string
  TemplateId: string
  SignName: string
  TemplateParamSet: string[]
}

export interface SendSmsResponse {
  SendStatusSet?: {
    SerialNo?: string
    PhoneNumber?: string
    Fee?: number
    SessionContext?: string
    Code?: string
    Message?: string
    IsoCode?: string
  }[]
  RequestId?: string
}

/** The SDK client's SendSms (sms.v20210111.Client), or a stub. */
export interface SendSmsApi {
  SendSms(req: SendSmsRequest): Promise<SendSmsResponse>
}

/** SendSms for one message. Throws when the configuration lacks what Tencent Cloud needs. */
export function sendSmsRequest(m: SmsMessage, settings: SmsSettings): SendSmsRequest {
  const missing = [
    settings.sdkAppId ? null : 'sms.sdkAppId',
    settings.signName ? null : 'sms.signName',
    settings.templates[m.template] ? null : `sms.templates.${m.template}`,
  ].filter(Boolean)
  if (missing.length)
    throw new SmsError('NotConfigured', `Tencent Cloud SMS is not configured: set ${missing.join(', ')} (admin config.set)`)
  if (!/^1\d{10}$/.test(m.to)) throw new SmsError('InvalidPhone', `not a mainland mobile number: ${m.to.replace(/\d(?=\d{4})/g, '*')}`)
  return {
    PhoneNumberSet: [`+86${m.to}`],
    SmsSdkAppId: settings.sdkAppId,
    TemplateId: settings.templates[m.template],
    SignName: settings.signName,
    TemplateParamSet: m.params,
  }
}

export class TencentSms implements Sms {
  private cached: { at: number; settings: SmsSettings } | null = null

  constructor(
    /** The client for a region (tencentSmsClient, or a stub in tests). */
    private readonly client: (region: SmsSettings['region']) => SendSmsApi,
    private readonly loadSettings: () => Promise<SmsSettings>,
    /** Settings are re-read from the configuration this often. */
    private readonly settingsTtlMs = 60_000,
  ) {}

  private async settings(): Promise<SmsSettings> {
    const t = Date.now()
    if (!this.cached || t - this.cached.at > this.settingsTtlMs) this.cached = { at: t, settings: await this.loadSettings() }
    return this.cached.settings
  }

  async send(m: SmsMessage): Promise<void> {
    const settings = await this.settings()
    const req = sendSmsRequest(m, settings)
    let res: SendSmsResponse
    try {
      res = await this.client(settings.region).SendSms(req)
    } catch (e) {
      // The SDK throws TencentCloudSDKHttpException: `code` is the API's error code (AuthFailure …).
      const o = (e ?? {}) as { code?: unknown; message?: unknown; requestId?: unknown }
      const code = typeof o.code === 'string' && o.code ? o.code : 'RequestFailed'
      throw new SmsError(
        code,
        `SendSms failed: ${code} ${String(o.message ?? e)}${o.requestId ? ` (RequestId ${String(o.requestId)})` : ''}`.trim(),
      )
    }
    // A request can succeed while the message to the number did not: each number has its own status.
    const status = res.SendStatusSet?.[0]
    if (status?.Code === 'Ok') return
    const code = status?.Code ?? 'NoSendStatus'
    throw new SmsError(
      code,
      `SendSms refused: ${code} ${status?.Message ?? ''}${res.RequestId ? ` (RequestId ${res.RequestId})` : ''}`.trim(),
    )
  }
}

export interface TencentCredential {
  secretId: string
  secretKey: string
  token?: string
}

/** The keys from the environment (a cloud function's role gives all three), or null. */
export function credentialFromEnv(env: Record<string, string | undefined> = process.env): TencentCredential | null {
  const secretId = env.TENCENTCLOUD_SECRETID
  const secretKey = env.TENCENTCLOUD_SECRETKEY
  if (!secretId || !secretKey) return null
  return { secretId, secretKey, ...(env.TENCENTCLOUD_SESSIONTOKEN ? { token: env.TENCENTCLOUD_SESSIONTOKEN } : {}) }
}

export interface ClientOptions {
  /** Another endpoint than sms.tencentcloudapi.com (tests: a local recording server), with its protocol. */
  endpoint?: string
  protocol?: 'https://' | 'http://'
  /** Seconds before a request gives up. */
  timeoutSeconds?: number
  /** An http(s).Agent for the requests (tests: a plain one, so no proxy from the environment applies). */
  agent?: unknown
}

/**
 * The SDK's client for a region with the keys `credential()` gives at the time (a cloud function's keys are
 * temporary and change): one client per region and keys, made on first use.
 */
export function tencentSmsClient(credential: () => TencentCredential | null, opts: ClientOptions = {}): (region: string) => SendSmsApi {
  const clients = new Map<string, SendSmsApi>()
  return (region) => {
    const keys = credential()
    if (!keys) throw new SmsError('NoCredential', 'Tencent Cloud keys are missing: set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY')
    const key = [region, keys.secretId, keys.token ?? ''].join('|')
    let client = clients.get(key)
    if (!client) {
      // A plain require of one service file: kept out of the bundles, loaded here only.
      const { Client } = require('tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_client') as {
        Client: new (config: object) => SendSmsApi
      }
      client = new Client({
        credential: keys,
        region,
        profile: {
          httpProfile: {
            ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
            ...(opts.protocol ? { protocol: opts.protocol } : {}),
            ...(opts.agent ? { agent: opts.agent } : {}),
            reqTimeout: opts.timeoutSeconds ?? 10,
          },
        },
      })
      clients.clear()
      clients.set(key, client)
    }
    return client
  }
}
