// CloudBase function `staff`: see API.md. All logic lives in cloudfunctions/core.
import { staffActions } from '../core/actions/staff'
import { cloudMain } from '../core/cloud'

export const main = cloudMain('staff', staffActions)
