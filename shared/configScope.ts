// Configuration per area (issue 15): who may set which setting, and at which level. Dependency-free, so
// the mini-program's config page reads the same rules as the functions.
//
// Storage keeps one configuration document per area: '000000' is the country level (the deployment's
// defaults; the configuration from before areas became this level), then a province (xx0000), a city
// (xxxx00) and a county (xxxxxx) may each keep their own values. The effective configuration of an
// area merges country → province → city → county, the nearest set value winning (a county's own
// deadline beats its city's). Campaigns are the exception: every campaign set at the area's level or
// above that covers the area applies, the earliest end winning, so a county cannot escape its city's
// campaign (cloudfunctions/core/areaConfig.ts).
//
// Who sets what:
//   area        deadlines, cards, risk, rateLimits, campaign, service (the authority and hotline the worker's
//               pages name): a coordinator for their own area and the
//               areas below it (config.set { areaCode? }); a campaign only inside that area.
//   national    holidays (the State Council's schedule is national) and outOfArea (the catch-all unit of
//               the whole deployment): kept at the country level, set by a top coordinator (one whose
//               area no other unit's area contains), whatever areaCode is given.
//   deployment  everything else (timezone, notifications, sms, uploads, signIn, claims): one WeChat mini-program,
//               one SMS account, one photo store and one sign-in per deployment; set by whoever deploys, with
//               `npm run config` (scripts/config.ts), never by a coordinator. The public link prefix is
//               not configuration at all: PUBLIC_BASE_URL in the environment (publicBaseUrl.ts).
import type { Config } from './config'

/** The country level's key in storage. Not a GB/T 2260 code (no province is 00). */
export const COUNTRY_AREA = '000000'

export type ConfigScope = 'area' | 'national' | 'deployment'

/** Top-level keys and who sets them; a key not listed here is not a setting. */
export const CONFIG_SCOPES = {
  deadlines: 'area',
  cards: 'area',
  risk: 'area',
  rateLimits: 'area',
  campaign: 'area',
  credit: 'area',
  service: 'area',
  holidays: 'national',
  outOfArea: 'national',
  timezone: 'deployment',
  notifications: 'deployment',
  sms: 'deployment',
  uploads: 'deployment',
  signIn: 'deployment',
  claims: 'deployment',
} as const satisfies Record<keyof Config, ConfigScope>

export type AreaConfigKey = {
  [K in keyof typeof CONFIG_SCOPES]: (typeof CONFIG_SCOPES)[K] extends 'area' ? K : never
}[keyof typeof CONFIG_SCOPES]

/** What every call may read without knowing an area: the settings that are the same everywhere. */
export type DeploymentConfig = Omit<Config, AreaConfigKey>

export function configScope(key: string): ConfigScope | null {
  return Object.prototype.hasOwnProperty.call(CONFIG_SCOPES, key) ? CONFIG_SCOPES[key as keyof typeof CONFIG_SCOPES] : null
}

/**
 * The levels whose settings an area inherits, widest first, ending with the area itself:
 * '130602' → ['000000', '130000', '130600', '130602']; '130600' → ['000000', '130000', '130600'].
 */
export function configChain(areaCode: string): string[] {
  if (areaCode === COUNTRY_AREA || !/^\d{6}$/.test(areaCode)) return [COUNTRY_AREA]
  const levels = [COUNTRY_AREA, areaCode.slice(0, 2) + '0000', areaCode.slice(0, 4) + '00', areaCode]
  return levels.filter((c, i) => levels.indexOf(c) === i)
}

/** Plain words for where a value comes from on the config page. */
export const SCOPE_MESSAGES = {
  deployment: '这是部署设置，由系统部署人员设置，联席办不能修改',
  national: '节假日安排和兜底单位全国统一，只能由最上级联席办设置',
  unknown: '没有这项设置',
  outside: '只能设置本辖区及下级地区',
  campaignOutside: '专项行动只能在本辖区内开展',
} as const
