// CloudBase function `auth`: sign-in by SMS code for browsers (see API.md "Additions"). All logic lives in
// cloudfunctions/core.
import { authActions } from '../core/actions/auth'
import { cloudMain } from '../core/cloud'

export const main = cloudMain('auth', authActions)
