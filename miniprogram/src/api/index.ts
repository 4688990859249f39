// The one API client. The transport is chosen at build time so each bundle keeps only its own.
import { callCloud, initCloud } from './cloud'
import { callHttp } from './http'
import type { FunctionName } from './types'

export { ApiCallError, errorMessage, isApiCallError, NETWORK_MESSAGE } from './errors'
export type { FunctionName } from './types'

const transport = process.env.TARO_ENV === 'h5' ? callHttp : callCloud

/** Calls `fn` with `{action, data}`; resolves to `data` of `{ok:true}`, throws ApiCallError otherwise. */
export function callApi<T>(fn: FunctionName, action: string, data?: object): Promise<T> {
  return transport<T>(fn, action, data || {})
}

/** Called once at app start. */
export function initTransport(): void {
  if (process.env.TARO_ENV !== 'h5') initCloud()
}
