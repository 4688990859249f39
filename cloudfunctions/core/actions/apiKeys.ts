// The `admin` function's API key actions (issue 14): keys for a city's 12345 platform to call the Open311
// API, scoped to the coordinator's area and unit, rate-limited per key, stored as a SHA-256 only.
import { createHash, randomBytes } from 'node:crypto'
import { API_KEY_PER_MINUTE, apiKeyContract } from '../../../shared/contract/apiKeys'
import { areaContains, areaPrefix } from '../../../shared/validators'
import { requireCoordinator } from '../access'
import type { Ctx } from '../context'
import { newId } from '../context'
import { AppError, forbidden } from '../errors'
import type { ApiKey } from '../ports'
import { audited } from '../adminManage'
import { defineActions } from './types'

/** The stored form of a key. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

/** A new key: 'xam_' and 32 characters of 24 random bytes. */
export function newApiKey(random: (bytes: number) => Buffer = randomBytes): string {
  return 'xam_' + random(24).toString('base64url')
}

async function coordinatorDept(ctx: Ctx) {
  requireCoordinator(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
  return dept
}

const item = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  areaCode: k.areaCode,
  perMinute: k.perMinute,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
})

export const apiKeyActions = defineActions(apiKeyContract, {
  'apiKey.create': async (ctx, d) => {
    const dept = await coordinatorDept(ctx)
    const key = newApiKey(ctx.random)
    const record: ApiKey = {
      id: newId(ctx, ctx.now, 'k'),
      name: d.name,
      hash: apiKeyHash(key),
      deptId: dept.id,
      areaCode: dept.areaCode,
      perMinute: d.perMinute ?? API_KEY_PER_MINUTE.default,
      createdBy: ctx.openid,
      createdAt: ctx.now.toISOString(),
      revokedAt: null,
    }
    // The record of the change never holds the key or its hash.
    await audited(
      ctx,
      { kind: 'apiKey', key: record },
      { action: 'apiKey.create', entity: 'apiKey', entityId: record.id, areaCode: record.areaCode, before: null, after: item(record) },
    )
    return { ...item(record), key }
  },

  'apiKey.revoke': async (ctx, d) => {
    const dept = await coordinatorDept(ctx)
    const mine = (await ctx.storage.listApiKeys(areaPrefix(dept.areaCode), 1000)).find((k) => k.id === d.id)
    if (!mine || !areaContains(dept.areaCode, mine.areaCode)) throw new AppError('NOT_FOUND', '没有这个接口密钥')
    const at = ctx.now.toISOString()
    const r = await audited(
      ctx,
      { kind: 'apiKeyRevoke', id: d.id, at },
      {
        action: 'apiKey.revoke',
        entity: 'apiKey',
        entityId: d.id,
        areaCode: mine.areaCode,
        before: item(mine),
        after: { ...item(mine), revokedAt: at },
      },
    )
    if (r !== 'ok') throw new AppError('CONFLICT', '这个接口密钥已经作废')
    return { id: d.id, revoked: true as const }
  },

  'apiKey.list': async (ctx) => {
    const dept = await coordinatorDept(ctx)
    return { items: (await ctx.storage.listApiKeys(areaPrefix(dept.areaCode), 200)).map(item) }
  },
})
