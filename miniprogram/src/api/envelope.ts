import type { ApiResponse } from '@shared/types'
import { ApiCallError, NETWORK_MESSAGE } from './errors'

/** Unwraps `{ok:true,data}` or throws the error of `{ok:false,error}`. */
export function unwrap<T>(body: unknown): T {
  const env = body as ApiResponse<T> | null | undefined
  if (env && typeof env === 'object' && 'ok' in env) {
    if (env.ok) return env.data
    const err = env.error || { code: 'INTERNAL', message: '' }
    return throwError(err.code, err.message, err.fields)
  }
  throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
}

function throwError(code: string, message: string, fields?: Record<string, string>): never {
  throw new ApiCallError((code || 'INTERNAL') as ApiCallError['code'], message || '出了点问题，请稍后再试', fields)
}
