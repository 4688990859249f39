// CloudBase function `worker`: see API.md. All logic lives in cloudfunctions/core.
import { cloudMain } from '../core/cloud'

export const main = cloudMain('worker')
