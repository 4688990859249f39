// The CloudBase entry: identity from the platform, ports set up lazily after validation.
import { handle, type FunctionName } from './app'
import type { Deps } from './context'
import { AppError } from './errors'

interface CloudEvent {
  action?: unknown
  data?: unknown
  /** Injected by WeChat cloud when the mini-program calls the function. */
  userInfo?: { openId?: string; appId?: string }
}

/** OPENID of the caller: from WeChat's injected userInfo or CloudBase's WX context environment. */
export function openidFrom(event: unknown): string | null {
  const e = (event ?? {}) as CloudEvent
  const fromEvent = e.userInfo && typeof e.userInfo.openId === 'string' ? e.userInfo.openId : null
  return fromEvent ?? process.env.WX_OPENID ?? null
}

/** The request without what the platform injects, so the envelope stays strict. */
function requestOf(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event
  const { userInfo: _ignored, ...rest } = event as CloudEvent
  return rest
}

let depsPromise: Promise<Deps> | null = null

/**
 * Production ports (CloudBase database, WeChat notifier and storage) are issue #6; until that adapter
 * lands the cloud entry answers INTERNAL after validation instead of guessing.
 */
export async function cloudDeps(): Promise<Deps> {
  throw new AppError('INTERNAL', '云端服务尚未配置，请联系管理员')
}

export function cloudMain(fn: FunctionName) {
  return async (event: unknown) =>
    handle(fn, requestOf(event), openidFrom(event), () => (depsPromise ??= cloudDeps()))
}
