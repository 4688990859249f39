// The application: one entry per function. An entry reads identity (given by the platform), validates
// the envelope, calls the action and shapes the reply. Nothing else escapes: no stack traces, no raw
// database errors.
import { z } from 'zod'
import type { ApiResponse } from '../../shared/types'
import { makeCtx, type Caller, type Deps } from './context'
import { refuseWatchers } from './access'
import { AppError, unauthenticated } from './errors'
import { parse } from './validate'
import type { Action, ActionTable } from './actions/types'

const envelope = z.strictObject({
  action: z.string({ error: '缺少操作名称' }).max(64, '操作名称不对'),
  data: z.unknown().optional(),
})

export type Logger = (msg: string, err?: unknown) => void

/**
 * Handle one call to the function `fn`, whose actions are `table` (each function bundles only its own).
 * `caller` comes from the platform (CloudBase context) or a session token the transport checked; an
 * openid alone is a WeChat caller. Without identity only public actions answer. The action's input
 * schema is checked before any port (database, cloud SDK) is set up: a malformed request initialises
 * nothing and writes nothing.
 */
export async function handleWith(
  fn: string,
  table: ActionTable,
  event: unknown,
  caller: string | Caller | null | undefined,
  /** Ports are set up lazily, only after the request passed validation. */
  deps: Deps | (() => Deps | Promise<Deps>),
  log: Logger = (m, e) => console.error(m, e),
): Promise<ApiResponse<unknown>> {
  try {
    const { action, data } = parse(envelope, event)
    const def = Object.prototype.hasOwnProperty.call(table, action) ? (table[action] as Action) : undefined
    if (!def) throw new AppError('VALIDATION', '不支持的操作', { action: '不支持的操作' })
    const who: Caller = typeof caller === 'string' ? { openid: caller, via: 'wechat' } : (caller ?? { openid: null })
    if (!who.openid && !def.public) throw unauthenticated()
    const input = parse(def.input, data ?? {})
    const ctx = await makeCtx(typeof deps === 'function' ? await deps() : deps, who)
    await refuseWatchers(ctx, fn, action)
    return { ok: true, data: await def.run(ctx, input) }
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toApi() }
    log(`[${fn}] internal error`, e)
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }
  }
}
