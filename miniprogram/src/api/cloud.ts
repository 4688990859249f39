// Transport for the WeChat build: CloudBase function calls.
import { ApiCallError, NETWORK_MESSAGE } from './errors'
import { unwrap } from './envelope'
import type { FunctionName } from './types'

interface WxCloud {
  init(options: { env: string; traceUser?: boolean }): void
  callFunction(options: { name: string; data: unknown }): Promise<{ result: unknown }>
}
// Module-scoped declaration of the mini-program global (no global typings needed).
declare const wx: { cloud: WxCloud }

export function initCloud(): void {
  // Absent in old base libraries and in some test harnesses; calls then fail as NETWORK.
  if (typeof wx !== 'undefined' && wx.cloud) {
    wx.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true })
  }
}

export async function callCloud<T>(fn: FunctionName, action: string, data: object): Promise<T> {
  let result: unknown
  try {
    const res = await wx.cloud.callFunction({ name: fn, data: { action, data } })
    result = res.result
  } catch (e) {
    throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  }
  return unwrap<T>(result)
}
