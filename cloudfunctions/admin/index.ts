// CloudBase function `admin`: see API.md. All logic lives in cloudfunctions/core.
import { adminActions } from '../core/actions/admin'
import { apiKeyActions } from '../core/actions/apiKeys'
import { leadImportActions } from '../core/actions/leadImport'
import { cloudMain } from '../core/cloud'

export const main = cloudMain('admin', { ...adminActions, ...apiKeyActions, ...leadImportActions })
