// The one API client. The transport is chosen at build time so each bundle keeps only its own.
import { callCloud, initCloud } from './cloud'
import { callHttp } from './http'
import type { ActionName, FunctionName, Input, Reply } from '@shared/contract'

export { ApiCallError, errorMessage, isApiCallError, NETWORK_MESSAGE } from './errors'
export type { ActionName, FunctionName, Input, Reply } from '@shared/contract'

const transport = process.env.TARO_ENV === 'h5' ? callHttp : callCloud

/**
 * Calls `fn` with `{action, data}`; resolves to `data` of `{ok:true}`, throws ApiCallError otherwise.
 * The request and the reply are typed by the contract in shared/contract.
 */
export function callApi<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: Input<F, A>): Promise<Reply<F, A>> {
  return transport<Reply<F, A>>(fn, action, (data || {}) as object)
}

/** Called once at app start. */
export function initTransport(): void {
  if (process.env.TARO_ENV !== 'h5') initCloud()
}
