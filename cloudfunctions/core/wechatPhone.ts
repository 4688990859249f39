// The worker's own phone number from WeChat (手机号快速验证): the mini-program's phone button
// (open-type="getPhoneNumber") gives a one-time code, which only WeChat's server turns into the number.
// The real adapter calls phonenumber.getPhoneNumber (POST /wxa/business/getuserphonenumber) through the
// cloud-call open API, which needs no access_token inside CloudBase (the worker function's config.json
// allows it). The local server has no WeChat: it runs a fake behind the same port.
import { normalizeMobile, isMobile } from '../../shared/validators/phone'
import type { OpenApiClient } from './subscribeMessage'

export const GET_PHONE_NUMBER_API = '/wxa/business/getuserphonenumber'

export interface PhoneNumberApi {
  /** The mainland mobile (11 digits) of the WeChat user whose phone button made `code`. */
  phoneNumber(code: string): Promise<string>
}

/** WeChat gave no number: `reason` says why, in words for the worker. */
export class PhoneNumberError extends Error {
  constructor(
    readonly reason: 'invalid_code' | 'not_mainland' | 'unavailable',
    message: string,
  ) {
    super(message)
    this.name = 'PhoneNumberError'
  }
}

interface PhoneInfo {
  phoneNumber?: unknown
  purePhoneNumber?: unknown
  countryCode?: unknown
}

/** The number out of WeChat's answer ({ errcode, errmsg, phone_info: { purePhoneNumber, countryCode, … } }). */
export function phoneFromAnswer(answer: unknown): string {
  const a = (answer && typeof answer === 'object' ? answer : {}) as {
    errcode?: unknown
    errCode?: unknown
    errmsg?: unknown
    phone_info?: PhoneInfo
  }
  const code = a.errcode ?? a.errCode
  // 40029: the code is wrong; 40013/41001: the app cannot call it (not verified); -1: WeChat is busy.
  if (code === 40029) throw new PhoneNumberError('invalid_code', `getuserphonenumber: 40029 ${String(a.errmsg ?? '')}`.trim())
  if (code !== 0 || !a.phone_info)
    throw new PhoneNumberError('unavailable', `getuserphonenumber: ${String(code)} ${String(a.errmsg ?? '')}`.trim())
  const info = a.phone_info
  const country = typeof info.countryCode === 'string' ? info.countryCode : '86'
  const pure =
    typeof info.purePhoneNumber === 'string' ? info.purePhoneNumber : typeof info.phoneNumber === 'string' ? info.phoneNumber : ''
  const number = normalizeMobile(pure)
  if (country !== '86' || !isMobile(number))
    throw new PhoneNumberError('not_mainland', `getuserphonenumber: not a mainland mobile (+${country})`)
  return number
}

/** The real one, in CloudBase: the open API call of node-sdk (`callWxOpenApi`). */
export class CloudPhoneNumbers implements PhoneNumberApi {
  constructor(private readonly api: OpenApiClient) {}

  async phoneNumber(code: string): Promise<string> {
    let answer: unknown
    try {
      answer = await this.api.call(GET_PHONE_NUMBER_API, { code })
    } catch (e) {
      throw new PhoneNumberError('unavailable', `getuserphonenumber: ${(e as Error)?.message ?? String(e)}`)
    }
    return phoneFromAnswer(answer)
  }
}

/**
 * The local server's WeChat: a code `fake-<11 digits>` is that number (what a test or the developer's
 * simulated button sends); any other code is one WeChat would not know (40029).
 */
export class FakePhoneNumbers implements PhoneNumberApi {
  readonly asked: string[] = []

  async phoneNumber(code: string): Promise<string> {
    this.asked.push(code)
    const m = /^fake-(\d{11})$/.exec(code)
    return phoneFromAnswer(
      m
        ? { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86' } }
        : { errcode: 40029, errmsg: 'invalid code' },
    )
  }
}
