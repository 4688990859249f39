// Application errors: the only errors that leave a function, as the envelope of API.md.
import type { ApiError, ErrorCode } from '../../shared/types'

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly fields?: Record<string, string>,
  ) {
    super(message)
    this.name = 'AppError'
  }
  toApi(): ApiError {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message }
  }
}

export const validation = (fields: Record<string, string>, message?: string) => {
  // Own keys only, whatever they are called (a field named `__proto__` is still a field).
  const all = Object.keys(fields).map((k) => Object.getOwnPropertyDescriptor(fields, k)?.value as string)
  const text = all.length === 0 ? '请求内容不对' : all.length === 1 ? all[0] : `有${all.length}处需要修改：${all[0]}`
  return new AppError('VALIDATION', message ?? text, fields)
}
export const forbidden = (message = '您无权进行此操作') => new AppError('FORBIDDEN', message)
export const notFound = (message = '没有找到这个案件') => new AppError('NOT_FOUND', message)
export const conflict = (message = '案件已被他人更新，请刷新后再试') => new AppError('CONFLICT', message)
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message)

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
}
