// The application: one entry per function. An entry reads identity (given by the platform), validates
// the envelope, calls the action and shapes the reply. Nothing else escapes: no stack traces, no raw
// database errors.
import { z } from 'zod'
import type { ApiResponse } from '../../shared/types'
import { makeCtx, type Deps } from './context'
import { AppError, unauthenticated } from './errors'
import { parse } from './validate'
import { workerActions } from './actions/worker'
import { staffActions } from './actions/staff'
import { adminActions } from './actions/admin'
import type { ActionTable } from './actions/types'

export const FUNCTIONS = { worker: workerActions, staff: staffActions, admin: adminActions } satisfies Record<string, ActionTable>
export type FunctionName = keyof typeof FUNCTIONS

const envelope = z.strictObject({
  action: z.string({ error: '缺少操作名称' }).max(64, '操作名称不对'),
  data: z.unknown().optional(),
})

/** Thrown by the stand-in context the moment an action reaches past validation. */
const PAST_VALIDATION = Symbol('past validation')

/**
 * Every action validates its input before it touches the context. Running it first against a
 * stand-in context that stops it at the first touch rejects bad input before any port (database,
 * cloud SDK) is set up: a malformed request never initialises anything.
 */
async function validateFirst(run: ActionTable[string], data: unknown): Promise<void> {
  const standIn = new Proxy({} as never, {
    get() {
      throw PAST_VALIDATION
    },
  })
  try {
    await run(standIn, data)
  } catch (e) {
    if (e === PAST_VALIDATION) return
    throw e
  }
}

export type Logger = (msg: string, err?: unknown) => void

/** Handle one call. `openid` comes from the platform (CloudBase context or the local server's token). */
export async function handle(
  fn: FunctionName,
  event: unknown,
  openid: string | null | undefined,
  /** Ports are set up lazily, only after the request passed validation. */
  deps: Deps | (() => Deps | Promise<Deps>),
  log: Logger = (m, e) => console.error(m, e),
): Promise<ApiResponse<unknown>> {
  try {
    const { action, data } = parse(envelope, event)
    const table: ActionTable = FUNCTIONS[fn]
    const run = Object.prototype.hasOwnProperty.call(table, action) ? table[action] : undefined
    if (!run) throw new AppError('VALIDATION', '不支持的操作', { action: '不支持的操作' })
    if (!openid) throw unauthenticated()
    await validateFirst(run, data ?? {})
    const ctx = await makeCtx(typeof deps === 'function' ? await deps() : deps, openid)
    return { ok: true, data: await run(ctx, data ?? {}) }
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toApi() }
    log(`[${fn}] internal error`, e)
    return { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } }
  }
}
