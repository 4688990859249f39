// Keys for outside systems (a city's 12345 platform) calling the Open311 API (issue 14), part of the
// `admin` function: a coordinator creates one per system, sees it once, and revokes it.
import { z } from 'zod/mini'
import { reply } from './define'
import * as f from './fields'

/** Calls a key may make per minute: the default, and the most a coordinator may allow. */
export const API_KEY_PER_MINUTE = { default: 60, max: 600 } as const

export interface ApiKeyItem {
  id: string
  name: string
  areaCode: string
  perMinute: number
  createdAt: string
  revokedAt: string | null
}

/** A new key: `key` is shown this once and never again (only its hash is stored). */
export interface ApiKeyCreated extends ApiKeyItem {
  key: string
}

export const apiKeyContract = {
  'apiKey.create': reply<ApiKeyCreated>()(
    z.strictObject({
      name: f.requiredText(40, '名称'),
      perMinute: z.optional(
        f.count('每分钟调用次数', 1, API_KEY_PER_MINUTE.max, { min: '每分钟至少1次', max: `每分钟最多${API_KEY_PER_MINUTE.max}次` }),
      ),
    }),
  ),
  'apiKey.revoke': reply<{ id: string; revoked: true }>()(z.strictObject({ id: f.id })),
  'apiKey.list': reply<{ items: ApiKeyItem[] }>()(f.empty),
}
