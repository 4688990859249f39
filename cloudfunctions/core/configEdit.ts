// What `admin config.get` shows and what `admin config.set` may change (issue 15): a coordinator reads
// and sets their own area and the areas below it; a campaign only inside the area it is set for;
// national settings (holidays, the catch-all unit) only a top coordinator, at the country level; the
// deployment's settings (messages, SMS, uploads) no coordinator. Rules: shared/configScope.ts.
// Two coordinators saving the same area at the same instant: the later write wins whole (settings change
// rarely, by few people; the page shows what was saved).
import { areaName } from '../../shared/areas'
import { defaultConfig, configSchema } from '../../shared/config'
import { COUNTRY_AREA, configChain, configScope, SCOPE_MESSAGES } from '../../shared/configScope'
import type { CampaignItem, ConfigView } from '../../shared/contract/replies'
import { handlesCases } from '../../shared/types'
import { areaContains, isAreaCode } from '../../shared/validators/areaCode'
import { campaignOf, campaignsCovering, deepMerge, effectiveOf, isPlain, mergeLevels } from './areaConfig'
import { audited } from './adminManage'
import type { Ctx } from './context'
import { publicLinkBase } from './context'
import { validation } from './errors'
import type { Dept } from './ports'
import { parse } from './validate'

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * A top coordinator's area: no other working unit's area contains it (the widest area of this
 * deployment). Only they set what is national.
 */
export function isTopArea(area: string, depts: readonly Pick<Dept, 'areaCode' | 'kind' | 'active'>[]): boolean {
  return !depts.some((d) => d.active && handlesCases(d.kind) && d.areaCode !== area && areaContains(d.areaCode, area))
}

/** Paths of the leaves of a value: { a: { b: 1 } } under 'x' → ['x.a.b']; anything else is one leaf. */
function leafPaths(v: unknown, prefix: string): string[] {
  if (!isPlain(v) || !Object.keys(v).length) return [prefix]
  return Object.entries(v).flatMap(([k, x]) => leafPaths(x, `${prefix}.${k}`))
}

/** Keys that are no setting, below the known top-level objects (deadlines.foo …), by path. */
function unknownPaths(v: unknown, known: unknown, prefix: string): string[] {
  if (!isPlain(v) || !isPlain(known)) return []
  return Object.entries(v).flatMap(([k, x]) =>
    FORBIDDEN_KEYS.has(k) || !Object.prototype.hasOwnProperty.call(known, k)
      ? [`${prefix}.${k}`]
      : unknownPaths(x, known[k], `${prefix}.${k}`),
  )
}

/** Which level each setting of the effective configuration comes from (the nearest that sets it). */
function sourcesOf(levels: readonly { areaCode: string; value: unknown }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const l of levels) {
    if (!isPlain(l.value)) continue
    for (const [k, v] of Object.entries(l.value)) {
      if (FORBIDDEN_KEYS.has(k) || k === 'campaign' || v === null) continue
      if (l.areaCode !== COUNTRY_AREA && configScope(k) !== 'area') continue
      for (const p of leafPaths(v, k)) out[p] = l.areaCode
    }
  }
  return out
}

/** An area's own settings as it keeps them: only what a level below the country may set. */
function ownSettings(value: unknown): Record<string, unknown> {
  if (!isPlain(value)) return {}
  return Object.fromEntries(Object.entries(value).filter(([k]) => !FORBIDDEN_KEYS.has(k) && configScope(k) === 'area'))
}

const levelName = (code: string) => (code === COUNTRY_AREA ? '全国默认（部署设置）' : areaName(code))

/** The config page's view of one area, for a coordinator of `mine`. */
export async function configView(ctx: Ctx, area: string, mine: string): Promise<ConfigView> {
  const levels = await ctx.configLevels.levels(area)
  const above = levels.filter((l) => l.areaCode !== area)
  const ownValue = levels.find((l) => l.areaCode === area)?.value
  const ownCampaign = campaignOf(ownValue)
  const covering: CampaignItem[] = campaignsCovering(area, levels)
  // A campaign this area keeps for an area below it applies there, not here: listed too.
  if (ownCampaign && !covering.some((c) => c.setAt === area)) covering.push({ ...ownCampaign, setAt: area })
  return {
    areaCode: area,
    areaName: areaName(area),
    effective: await ctx.configFor(area),
    own: ownSettings(ownValue),
    inherited: effectiveOf(area, above, (m) => ctx.log?.(m)),
    sources: sourcesOf(levels),
    levels: configChain(area).map((c) => ({ areaCode: c, name: levelName(c) })),
    campaigns: covering,
    national: isTopArea(mine, await ctx.depts()),
    publicBaseUrl: publicLinkBase(ctx),
  }
}

/** The area a request names (`areaCode`), checked to be the caller's or below it; else the caller's. */
export function targetArea(mine: string, areaCode: unknown): string {
  if (areaCode === undefined) return mine
  if (typeof areaCode !== 'string' || !isAreaCode(areaCode)) throw validation({ areaCode: '地区代码应为6位行政区划代码' })
  if (!areaContains(mine, areaCode)) throw validation({ areaCode: SCOPE_MESSAGES.outside })
  return areaCode
}

/**
 * Apply `config.set` for a coordinator of `mine`: area settings to the named area's own level, national
 * ones to the country level; everything checked (the whole effective configuration parsed, the field
 * of each problem named) before anything is written.
 */
export async function setConfig(ctx: Ctx, mine: string, data: Record<string, unknown>): Promise<ConfigView> {
  const { areaCode, ...patch } = data
  const target = targetArea(mine, areaCode)
  const top = isTopArea(mine, await ctx.depts())
  const defaults = defaultConfig() as unknown as Record<string, unknown>

  const fields: Record<string, string> = Object.create(null)
  const areaPatch: Record<string, unknown> = {}
  const nationalPatch: Record<string, unknown> = {}
  for (const key of Object.keys(patch)) {
    const v = Object.getOwnPropertyDescriptor(patch, key)?.value
    const scope = FORBIDDEN_KEYS.has(key) ? null : configScope(key)
    if (!scope) fields[key] = SCOPE_MESSAGES.unknown
    else if (scope === 'deployment') for (const p of leafPaths(v, key)) fields[p] = SCOPE_MESSAGES.deployment
    else if (scope === 'national' && !top) for (const p of leafPaths(v, key)) fields[p] = SCOPE_MESSAGES.national
    else {
      if (key !== 'holidays' && key !== 'campaign') for (const p of unknownPaths(v, defaults[key], key)) fields[p] = SCOPE_MESSAGES.unknown
      if (scope === 'national') nationalPatch[key] = v
      else areaPatch[key] = v
    }
  }
  // A campaign runs inside the area it is set for (by default that whole area).
  if (isPlain(areaPatch.campaign)) {
    const c = { ...areaPatch.campaign }
    if (c.areaCode === undefined) c.areaCode = target
    else if (typeof c.areaCode === 'string' && isAreaCode(c.areaCode) && !areaContains(target, c.areaCode))
      fields['campaign.areaCode'] = SCOPE_MESSAGES.campaignOutside
    areaPatch.campaign = c
  }
  if (Object.keys(fields).length) throw validation(fields)

  const at = ctx.now.toISOString()
  const writes: [string, Record<string, unknown>][] = []

  if (Object.keys(areaPatch).length) {
    const levels = await ctx.configLevels.levels(target)
    const above = levels.filter((l) => l.areaCode !== target)
    const before = ownSettings(levels.find((l) => l.areaCode === target)?.value)
    const after = deepMerge(before, areaPatch) as Record<string, unknown>
    // The whole configuration this level would make effective, checked: a bad value is named by its path.
    const { campaign = null, ...settings } = after
    parse(configSchema, { ...(deepMerge(mergeLevels(above), settings) as object), campaign })
    writes.push([target, after])
  }

  if (Object.keys(nationalPatch).length) {
    const country = await ctx.configLevels.own(COUNTRY_AREA)
    const { holidays, ...rest } = nationalPatch
    const after = deepMerge(country, rest) as Record<string, unknown>
    // A year's schedule is replaced whole (null removes it), never merged with the old one.
    if (holidays !== undefined) {
      if (holidays === null) delete after.holidays
      else if (isPlain(holidays)) {
        const years: Record<string, unknown> = { ...(isPlain(country.holidays) ? country.holidays : {}) }
        for (const [y, s] of Object.entries(holidays)) {
          if (FORBIDDEN_KEYS.has(y)) continue
          if (s === null) delete years[y]
          else years[y] = s
        }
        after.holidays = years
      } else after.holidays = holidays
    }
    const { campaign: _campaign, ...settings } = after
    parse(configSchema, settings)
    // The catch-all unit registers complaints from anywhere: a working unit of the caller's area that handles cases.
    const catchAll = isPlain(after.outOfArea) ? after.outOfArea.catchAllDeptId : undefined
    const was = isPlain(country.outOfArea) ? country.outOfArea.catchAllDeptId : undefined
    if (typeof catchAll === 'string' && catchAll && catchAll !== was) {
      const dept = await ctx.dept(catchAll)
      if (!dept || !dept.active || !handlesCases(dept.kind) || !areaContains(mine, dept.areaCode)) {
        throw validation({ 'outOfArea.catchAllDeptId': '兜底单位应为本辖区内在用的办理单位（不能是服务台）' })
      }
    }
    writes.push([COUNTRY_AREA, after])
  }

  // Both levels and the record of the change (who, when, before, after), in one transaction.
  const before: Record<string, unknown> = {}
  for (const [code] of writes)
    before[code] =
      code === target
        ? ownSettings((await ctx.configLevels.levels(target)).find((l) => l.areaCode === target)?.value)
        : await ctx.configLevels.own(code)
  await audited(
    ctx,
    { kind: 'config', writes: writes.map(([areaCode, value]) => ({ areaCode, value })), at },
    {
      action: 'config.set',
      entity: 'config',
      entityId: target,
      areaCode: target,
      before: writes.length === 1 ? before[writes[0][0]] : before,
      after: writes.length === 1 ? writes[0][1] : Object.fromEntries(writes),
    },
  )
  ctx.configLevels.forget()
  return configView(ctx, target, mine)
}
