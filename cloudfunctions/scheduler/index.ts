// CloudBase function `scheduler`: timer trigger only (config.json). Runs the scheduler once with the
// production ports (CloudBase database, WeChat subscription messages). A call that carries a user's
// identity came from a client, not the timer: it is refused before any port is set up.
import { runScheduler } from '../core/scheduler'
import { openidFrom, sharedCloudDeps } from '../core/cloud'

export const main = async (event?: unknown, context?: unknown) => {
  if (openidFrom(event, context)) return { ok: false, error: { code: 'FORBIDDEN', message: '您无权进行此操作' } }
  return runScheduler(await sharedCloudDeps())
}
