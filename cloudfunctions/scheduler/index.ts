// CloudBase function `scheduler`: timer trigger only (config.json). Runs the scheduler once with the
// production ports (CloudBase database, WeChat subscription messages). A call that carries a user's
// identity, a session token, an action or an HTTP request came from a client, not the timer: it is
// refused before any port is set up.
import { runScheduler } from '../core/scheduler'
import { openidFrom, sharedCloudDeps } from '../core/cloud'

/** What a client's call carries and a timer's event ({ Type: 'Timer', TriggerName, Time }) never does. */
const CALLER_FIELDS = ['userInfo', 'token', 'action', 'data', 'httpMethod']

export const main = async (event?: unknown, context?: unknown) => {
  const fromClient = !!event && typeof event === 'object' && CALLER_FIELDS.some((k) => k in (event as object))
  if (openidFrom(event, context) || fromClient) return { ok: false, error: { code: 'FORBIDDEN', message: '您无权进行此操作' } }
  return runScheduler(await sharedCloudDeps())
}
