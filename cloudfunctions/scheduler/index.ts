// CloudBase function `scheduler`: timer trigger only (config.json), no callers. Runs the scheduler
// once with the production ports (CloudBase database, WeChat subscription messages).
import { runScheduler } from '../core/scheduler'
import { sharedCloudDeps } from '../core/cloud'

export const main = async () => runScheduler(await sharedCloudDeps())
