// CloudBase function `worker`: see API.md. All logic lives in cloudfunctions/core.
import { workerActions } from '../core/actions/worker'
import { cloudMain } from '../core/cloud'

export const main = cloudMain('worker', workerActions)
