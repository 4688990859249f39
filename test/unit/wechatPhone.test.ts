// The phone button's code → number exchange: the CloudBase adapter's request and its reading of WeChat's
// answers (the open API itself is WeChat's server, stood in for by a recorded stub here).
import { CloudPhoneNumbers, FakePhoneNumbers, GET_PHONE_NUMBER_API, PhoneNumberError } from '../../cloudfunctions/core/wechatPhone'
import type { OpenApiClient } from '../../cloudfunctions/core/subscribeMessage'

function stub(answer: unknown | Error): OpenApiClient & { calls: [string, Record<string, unknown>][] } {
  const calls: [string, Record<string, unknown>][] = []
  return {
    calls,
    async call(apiName, requestData) {
      calls.push([apiName, requestData])
      if (answer instanceof Error) throw answer
      return answer
    },
  }
}

const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (e) => (e instanceof PhoneNumberError ? e.reason : String(e)),
  )

test('asks phonenumber.getPhoneNumber with the code and takes the pure number', async () => {
  const api = stub({
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: '+86 13812345678',
      purePhoneNumber: '13812345678',
      countryCode: '86',
      watermark: { appid: 'wx1', timestamp: 1 },
    },
  })
  expect(await new CloudPhoneNumbers(api).phoneNumber('e31968a7f94cc5ee25fafc2aef2773f0')).toBe('13812345678')
  expect(api.calls).toEqual([[GET_PHONE_NUMBER_API, { code: 'e31968a7f94cc5ee25fafc2aef2773f0' }]])
  expect(GET_PHONE_NUMBER_API).toBe('/wxa/business/getuserphonenumber')
})

test.each([
  [{ errcode: 40029, errmsg: 'invalid code' }, 'invalid_code'],
  [{ errcode: 40013, errmsg: 'invalid appid' }, 'unavailable'],
  [{ errcode: -1, errmsg: 'system error' }, 'unavailable'],
  [{ errcode: 0, errmsg: 'ok' }, 'unavailable'],
  [null, 'unavailable'],
  [new Error('socket hang up'), 'unavailable'],
  [{ errcode: 0, phone_info: { phoneNumber: '+1 2025550123', purePhoneNumber: '2025550123', countryCode: '1' } }, 'not_mainland'],
])('WeChat answering %j gives no number (%s)', async (answer, reason) => {
  expect(await reasonOf(new CloudPhoneNumbers(stub(answer)).phoneNumber('abc'))).toBe(reason)
})

test('the local fake: fake-<11 digits> is that number, anything else an unknown code', async () => {
  const fake = new FakePhoneNumbers()
  expect(await fake.phoneNumber('fake-13912345678')).toBe('13912345678')
  expect(await reasonOf(fake.phoneNumber('e31968a7f94cc5ee'))).toBe('invalid_code')
  expect(fake.asked).toEqual(['fake-13912345678', 'e31968a7f94cc5ee'])
})
