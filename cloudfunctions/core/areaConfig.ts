// Configuration per area (shared/configScope.ts says who sets what): the effective configuration of an
// area from the stored levels, resolved once per call (or per scheduler run) and cached; and what a
// coordinator's `config.set` may change.
//
// Effective configuration of an area = country → province → city → county, merged, the nearest set
// value winning; a county or city level contributes only the area settings (deadlines, cards, risk,
// rate limits), whatever else its document might hold. Campaigns are not merged: every campaign kept at
// the area's level or above that covers the area applies and the earliest end wins, so a lower level can
// add a stricter campaign but never lift a wider one.
import { configSchema, type Config } from '../../shared/config'
import { COUNTRY_AREA, configChain, configScope } from '../../shared/configScope'
import { areaContains } from '../../shared/validators/areaCode'
import type { AreaConfig } from './ports'

export type Campaign = NonNullable<Config['campaign']>

/** A campaign with the level it is kept at. */
export interface CampaignAt extends Campaign {
  setAt: string
}

export const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** `patch` over `base`, objects merged key by key; a `null` in the patch removes the key. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlain(base) || !isPlain(patch)) return patch
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    if (FORBIDDEN_KEYS.has(k)) continue
    if (v === null) delete out[k]
    else out[k] = deepMerge(base[k], v)
  }
  return out
}

/** Only the settings a level may hold: everything at the country level, the area settings below it. */
function levelSettings(code: string, value: unknown): Record<string, unknown> {
  if (!isPlain(value)) return {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(k) || k === 'campaign') continue
    if (code === COUNTRY_AREA || configScope(k) === 'area') out[k] = v
  }
  return out
}

const campaignSchema = configSchema.shape.campaign

/** The campaign kept at a level, if any and well-formed. */
export function campaignOf(value: unknown): Campaign | null {
  if (!isPlain(value) || value.campaign == null) return null
  const r = campaignSchema.safeParse(value.campaign)
  return r.success ? r.data : null
}

/** The campaigns of these levels that cover `areaCode`, earliest end first. */
export function campaignsCovering(areaCode: string, levels: readonly { areaCode: string; value: unknown }[]): CampaignAt[] {
  const out: CampaignAt[] = []
  for (const l of levels) {
    const c = campaignOf(l.value)
    if (c && areaContains(c.areaCode, areaCode)) out.push({ ...c, setAt: l.areaCode })
  }
  return out.sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt))
}

/**
 * The settings of `levels` (widest first) merged, unchecked, campaigns left out. A level that would make
 * the whole invalid (stored before a rule changed) is skipped and reported, never breaking the others.
 */
export function mergeLevels(levels: readonly { areaCode: string; value: unknown }[], log?: (msg: string) => void): Record<string, unknown> {
  let merged: Record<string, unknown> = {}
  for (const l of levels) {
    const settings = levelSettings(l.areaCode, l.value)
    if (!Object.keys(settings).length) continue
    const next = deepMerge(merged, settings) as Record<string, unknown>
    if (configSchema.safeParse(next).success) merged = next
    else log?.(`[config] the settings of area ${l.areaCode} are not valid any more; they are left out`)
  }
  return merged
}

/** The effective configuration of an area from its levels (widest first; missing levels simply absent). */
export function effectiveOf(
  areaCode: string,
  levels: readonly { areaCode: string; value: unknown }[],
  log?: (msg: string) => void,
): Config {
  const config = configSchema.parse(mergeLevels(levels, log))
  const [campaign] = campaignsCovering(areaCode, levels)
  return { ...config, campaign: campaign ? { endsAt: campaign.endsAt, areaCode: campaign.areaCode } : null }
}

/**
 * The last effective configuration resolved per area in this process, with the level objects it came
 * from: a hit only for the identical objects (a level read again from storage is a new object).
 */
const EFFECTIVE = new Map<string, { levels: readonly { areaCode: string; value: unknown }[]; config: Config }>()

/**
 * Reads the levels an area needs (once each) and resolves areas' effective configurations (once each):
 * one per call (Ctx) or per scheduler run.
 */
export class ConfigResolver {
  private readonly docs = new Map<string, unknown>()
  private readonly known = new Set<string>()
  private readonly cache = new Map<string, Config>()

  constructor(
    private readonly load: (areaCodes: string[]) => Promise<AreaConfig[]>,
    private readonly log?: (msg: string) => void,
  ) {}

  /** Every level already read (the scheduler reads the whole small table at once). */
  static of(rows: readonly AreaConfig[], log?: (msg: string) => void): ConfigResolver {
    const r = new ConfigResolver(async () => [], log)
    r.remember(rows, null)
    return r
  }

  private remember(rows: readonly AreaConfig[], asked: readonly string[] | null): void {
    for (const row of rows) {
      this.docs.set(row.areaCode, row.value)
      this.known.add(row.areaCode)
    }
    if (asked) for (const code of asked) this.known.add(code)
    // Without `asked`, everything is known: a level not among the rows does not exist.
    if (!asked) this.loadAll = true
  }

  private loadAll = false

  /** The stored levels of an area's chain, widest first (absent ones left out). */
  async levels(areaCode: string): Promise<{ areaCode: string; value: unknown }[]> {
    const chain = configChain(areaCode)
    const missing = this.loadAll ? [] : chain.filter((c) => !this.known.has(c))
    if (missing.length) this.remember(await this.load(missing), missing)
    return chain.filter((c) => this.docs.has(c)).map((c) => ({ areaCode: c, value: this.docs.get(c) }))
  }

  /** The settings kept at exactly this level ({} when none). */
  async own(areaCode: string): Promise<Record<string, unknown>> {
    const levels = await this.levels(areaCode)
    const mine = levels.find((l) => l.areaCode === areaCode)?.value
    return isPlain(mine) ? mine : {}
  }

  /** The effective configuration of an area (COUNTRY_AREA: the deployment's own level). */
  async for(areaCode: string): Promise<Config> {
    const hit = this.cache.get(areaCode)
    if (hit) return hit
    const levels = await this.levels(areaCode)
    // The very level objects as before (the container's catalog cache hands out the same ones until a
    // change): the merged and checked configuration as before, without merging and parsing it again.
    const before = EFFECTIVE.get(areaCode)
    const same =
      before &&
      before.levels.length === levels.length &&
      before.levels.every((l, i) => l.areaCode === levels[i].areaCode && l.value === levels[i].value)
    const config = same ? before.config : effectiveOf(areaCode, levels, this.log)
    if (!same) EFFECTIVE.set(areaCode, { levels, config })
    this.cache.set(areaCode, config)
    return config
  }

  /** After a write in this call: forget what was read. */
  forget(): void {
    this.docs.clear()
    this.known.clear()
    this.cache.clear()
    this.loadAll = false
  }
}
