// The deployment's own configuration (shared/configScope.ts): what no coordinator sets — WeChat message
// templates, SMS, uploads, sign-in — and the country defaults every area inherits. Coordinators set their
// area's deadlines, cards, risk, rate limits and campaign in the mini-program (admin config.set).
//
//   npm run config -- show [--area 130600]               # the country level, or what applies in an area
//   npm run config -- set '{"notifications":{"templates":{"case_update":"…"}}}'
//   npm run config -- set '{"deadlines":{"resolveDaysDefault":null}}' --area 130600   # null: inherit again
//   npm run config -- --cloudbase set '…'                 # the CloudBase environment $TCB_ENV
//
// It writes to the local SQLite database under $DATA_DIR (default .data/); with --cloudbase, to CloudBase
// (TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY). The public link prefix is not configuration:
// PUBLIC_BASE_URL in the environment of the functions and the server.
import { configSchema } from '../shared/config'
import { COUNTRY_AREA, configScope } from '../shared/configScope'
import { isAreaCode } from '../shared/validators'
import { ConfigResolver, deepMerge, effectiveOf, isPlain } from '../cloudfunctions/core/areaConfig'
import type { Storage } from '../cloudfunctions/core/ports'
import { openStorage, StorageSetupError } from './openStorage'

type ConfigStorage = Pick<Storage, 'getAreaConfigs' | 'setAreaConfig' | 'listAreaConfigs'>

/**
 * Set part of one level's configuration (default the country level, where every key may be set; an area
 * takes only area settings). `null` removes a value so the level above applies; a year of holidays is
 * replaced whole. Checked whole before it is written; throws an Error naming each bad field.
 */
export async function setLevelConfig(
  storage: ConfigStorage,
  patch: unknown,
  o: { areaCode?: string; now?: Date } = {},
): Promise<Record<string, unknown>> {
  const areaCode = o.areaCode ?? COUNTRY_AREA
  if (areaCode !== COUNTRY_AREA && !isAreaCode(areaCode)) throw new Error(`地区代码不对：${areaCode}`)
  if (!isPlain(patch)) throw new Error('设置应为 JSON 对象，例如 {"deadlines":{"resolveDaysDefault":15}}')
  const problems: string[] = []
  for (const k of Object.keys(patch)) {
    const scope = configScope(k)
    if (!scope) problems.push(`${k}：没有这项设置`)
    else if (areaCode !== COUNTRY_AREA && scope !== 'area') problems.push(`${k}：只能在全国一级（不带 --area）设置`)
  }
  if (problems.length) throw new Error(problems.join('\n'))
  const [stored] = await storage.getAreaConfigs([areaCode])
  const before = isPlain(stored?.value) ? stored.value : {}
  const { holidays, ...rest } = patch
  const after = deepMerge(before, rest) as Record<string, unknown>
  if (holidays === null) delete after.holidays
  else if (isPlain(holidays)) {
    const years: Record<string, unknown> = { ...(isPlain(before.holidays) ? before.holidays : {}) }
    for (const [y, v] of Object.entries(holidays)) {
      if (v === null) delete years[y]
      else years[y] = v
    }
    after.holidays = years
  } else if (holidays !== undefined) after.holidays = holidays
  // Checked as it would apply at this level, over the levels above it.
  const levels = (await new ConfigResolver((codes) => storage.getAreaConfigs(codes)).levels(areaCode)).filter(
    (l) => l.areaCode !== areaCode,
  )
  const { campaign = null, ...settings } = after
  const whole = { ...(deepMerge(configSchema.parse(levels.length ? effectiveOf(areaCode, levels) : {}), settings) as object), campaign }
  const r = configSchema.safeParse(whole)
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}：${i.message}`).join('\n'))
  await storage.setAreaConfig(areaCode, after, (o.now ?? new Date()).toISOString())
  return after
}

/** What applies at an area (or the country level), and what that level keeps itself. */
export async function showConfig(storage: ConfigStorage, areaCode = COUNTRY_AREA) {
  const resolver = new ConfigResolver((codes) => storage.getAreaConfigs(codes))
  return { areaCode, own: await resolver.own(areaCode), effective: await resolver.for(areaCode) }
}

const USAGE = `用法：npm run config -- show [--area 地区代码] [--cloudbase]
      npm run config -- set '<JSON>' [--area 地区代码] [--cloudbase]`

async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const words = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--area')
  const [command, json] = words
  if (command !== 'show' && command !== 'set') {
    console.error(USAGE)
    return 2
  }
  let opened
  try {
    opened = openStorage({ cloudbase: argv.includes('--cloudbase') })
  } catch (e) {
    console.error(e instanceof StorageSetupError ? e.message : e)
    return 2
  }
  try {
    const area = flag('area')
    if (command === 'show') {
      console.log(JSON.stringify(await showConfig(opened.storage, area), null, 2))
      return 0
    }
    let patch: unknown
    try {
      patch = JSON.parse(json ?? '')
    } catch {
      console.error(`设置应为 JSON。${USAGE}`)
      return 2
    }
    const after = await setLevelConfig(opened.storage, patch, { areaCode: area })
    console.log(`已保存${area ? `地区 ${area}` : '全国一级'}的设置（${opened.where}）：\n${JSON.stringify(after, null, 2)}`)
    return 0
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    return 1
  } finally {
    opened.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
