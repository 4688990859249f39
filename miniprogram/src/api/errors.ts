import type { ErrorCode } from '@shared/types'

export type ClientErrorCode = ErrorCode | 'NETWORK'

export const NETWORK_MESSAGE = '网络不好，请稍后再试'

/** A failed call: the envelope's error, or a network failure (code NETWORK). */
export class ApiCallError extends Error {
  readonly code: ClientErrorCode
  readonly fields: Record<string, string>

  constructor(code: ClientErrorCode, message: string, fields?: Record<string, string>) {
    super(message)
    this.name = 'ApiCallError'
    this.code = code
    this.fields = fields || {}
    // Keep instanceof working after down-levelling to ES5.
    Object.setPrototypeOf(this, ApiCallError.prototype)
  }
}

export function isApiCallError(e: unknown): e is ApiCallError {
  return e instanceof ApiCallError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'ApiCallError')
}

/** A plain message for any error thrown by a call. */
export function errorMessage(e: unknown): string {
  if (isApiCallError(e)) return e.message
  return NETWORK_MESSAGE
}
