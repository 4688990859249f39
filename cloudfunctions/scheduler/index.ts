// CloudBase function `scheduler`: timer trigger only (config.json), no callers.
// Production ports come with the CloudBase adapter (issue #6); see core/cloud.ts.
import { runScheduler } from '../core/scheduler'
import { cloudDeps } from '../core/cloud'

export const main = async () => runScheduler(await cloudDeps())
