// CloudBase function `staff`: see API.md. All logic lives in cloudfunctions/core.
import { accountabilityActions } from '../core/actions/accountability'
import { leadActions } from '../core/actions/leads'
import { oversightActions } from '../core/actions/oversight'
import { riskActions } from '../core/actions/risk'
import { staffActions } from '../core/actions/staff'
import { cloudMain } from '../core/cloud'

export const main = cloudMain('staff', { ...staffActions, ...leadActions, ...accountabilityActions, ...oversightActions, ...riskActions })
