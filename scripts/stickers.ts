// Printable QR stickers for sites in the local database ($DATA_DIR, default .data/), or with
// --cloudbase in the CloudBase environment $TCB_ENV, as an A4 PDF.
//
//   npm run stickers -- --all --layout helmet                      # a page of 24 helmet stickers per site
//   npm run stickers -- --site ABC-DEFG --layout board --out board.pdf
//   npm run stickers -- --all --area 130602 --layout board --hotline 0312-12333
//
// Options: --site CODE (repeatable) | --all [--area AREACODE]; --layout helmet|board;
// --placement helmet|board|gate|living|clothes (default: the layout); --out FILE (default
// stickers-<layout>.pdf); --copies N (helmet stickers per site, default 24 = one page); --hotline
// (default 12333); --base-url (default: PUBLIC_BASE_URL, the deployment's public link prefix: https, or
// http only to this machine for a local trial); --cloudbase (read the sites and configuration from
// CloudBase: TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY). Retired sites are skipped; each
// board promises the deadlines of its own site's area.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { DEV_PUBLIC_BASE_URL } from '../cloudfunctions/core/context'
import { ConfigResolver } from '../cloudfunctions/core/areaConfig'
import { publicBaseUrlProblem } from '../shared/publicBaseUrl'
import { PLACEMENTS, type Placement } from '../shared/types'
import { areaPrefix, checkSiteCode, formatSiteCode, isAreaCode } from '../shared/validators'
import { openStorage, StorageSetupError, type OpenedStorage } from './openStorage'
import type { Site } from '../cloudfunctions/core/ports'
import { DEFAULT_HOTLINE, HELMET, makeStickerSheet, type Layout, type StickerSite } from './stickerSheet'

const USAGE =
  '用法：npm run stickers -- --site 项目码|--all [--area 地区代码] --layout helmet|board [--out 文件.pdf] ' +
  '[--placement helmet|board|gate|living|clothes] [--copies 份数] [--hotline 12333] [--base-url https://…] [--cloudbase]'

class UsageError extends Error {}

interface Args {
  sites: string[]
  all: boolean
  area?: string
  layout?: Layout
  out?: string
  placement?: Placement
  copies?: number
  hotline?: string
  baseUrl?: string
  cloudbase: boolean
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sites: [], all: false, cloudbase: false }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} 后面缺少值`)
      return v
    }
    if (flag === '--site') a.sites.push(...value().split(','))
    else if (flag === '--all') a.all = true
    else if (flag === '--area') a.area = value()
    else if (flag === '--layout') {
      const v = value()
      if (v !== 'helmet' && v !== 'board') throw new UsageError('--layout 应为 helmet 或 board')
      a.layout = v
    } else if (flag === '--out') a.out = value()
    else if (flag === '--placement') {
      const v = value()
      if (!(PLACEMENTS as readonly string[]).includes(v)) throw new UsageError(`--placement 应为 ${PLACEMENTS.join('、')}`)
      a.placement = v as Placement
    } else if (flag === '--copies') {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError('--copies 应为 1 到 10000 的整数')
      a.copies = n
    } else if (flag === '--hotline') a.hotline = value()
    else if (flag === '--base-url') a.baseUrl = value()
    else if (flag === '--cloudbase') a.cloudbase = true
    else throw new UsageError(`不认识的参数：${flag}`)
  }
  if (!a.layout) throw new UsageError('请用 --layout 选择 helmet（安全帽贴纸）或 board（公示牌）')
  if (a.all === a.sites.length > 0) throw new UsageError('请用 --site 指定项目码，或用 --all 打印全部项目（二选一）')
  if (a.area && (!a.all || !isAreaCode(a.area))) throw new UsageError('--area 需要和 --all 一起用，且为6位地区代码')
  const badBase = a.baseUrl === undefined ? null : publicBaseUrlProblem(a.baseUrl, { allowLoopbackHttp: true })
  if (badBase) throw new UsageError(`--base-url：${badBase}`)
  return a
}

export async function main(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  let a: Args
  try {
    a = parseArgs(argv)
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n${USAGE}`)
      return 2
    }
    throw e
  }
  const started = Date.now()
  let opened: OpenedStorage
  try {
    opened = openStorage({ cloudbase: a.cloudbase })
  } catch (e) {
    if (e instanceof StorageSetupError) {
      err(e.message)
      return 2
    }
    throw e
  }
  const { storage, where } = opened
  try {
    const baseUrl = (a.baseUrl ?? process.env.PUBLIC_BASE_URL ?? DEV_PUBLIC_BASE_URL).replace(/\/+$/, '')
    const problem = publicBaseUrlProblem(baseUrl, { allowLoopbackHttp: true })
    if (problem) throw new UsageError(`${problem}：请用 --base-url 或环境变量 PUBLIC_BASE_URL 给出本系统的 https 网址`)
    const areas = ConfigResolver.of(await storage.listAreaConfigs())
    let sites: Site[]
    if (a.all) {
      sites = (await storage.listSites(a.area ? areaPrefix(a.area) : '', 1_000_000))
        .filter((s) => !s.retired)
        .sort((x, y) => x.areaCode.localeCompare(y.areaCode) || x.name.localeCompare(y.name, 'zh-CN'))
      if (sites.length === 0) throw new UsageError(`没有在建项目（${where}）`)
    } else {
      sites = []
      for (const raw of a.sites) {
        const c = checkSiteCode(raw)
        if (!c.ok) throw new UsageError(`项目码 ${raw}：${c.reason}`)
        const site = await storage.getSite(c.value)
        if (!site) throw new UsageError(`没有项目码为 ${formatSiteCode(c.value)} 的项目`)
        if (site.retired) throw new UsageError(`项目 ${site.name}（${formatSiteCode(site.code)}）已停用`)
        if (!sites.some((s) => s.code === site.code)) sites.push(site)
      }
    }
    const depts = new Map((await storage.listDepts()).map((d) => [d.id, d.name]))
    const input: StickerSite[] = await Promise.all(
      sites.map(async (s) => ({
        code: s.code,
        name: s.name,
        address: s.address,
        areaCode: s.areaCode,
        contractorName: s.contractorName,
        funding: s.funding,
        deptName: depts.get(s.supervisingDeptId),
        deadlines: (await areas.for(s.areaCode)).deadlines,
      })),
    )
    if (!/^https:\/\//.test(baseUrl)) {
      err(
        `注意：二维码里的网址是 ${baseUrl}，不是 https，只能在本机试用。微信扫码打开小程序需要 https 网址：正式打印前请设置环境变量 PUBLIC_BASE_URL，或加 --base-url https://…。`,
      )
    }
    const pdf = await makeStickerSheet(input, {
      layout: a.layout!,
      placement: a.placement,
      publicBaseUrl: baseUrl,
      hotline: a.hotline ?? DEFAULT_HOTLINE,
      copies: a.copies,
    })
    const file = path.resolve(a.out ?? (sites.length === 1 ? `stickers-${a.layout}-${sites[0].code}.pdf` : `stickers-${a.layout}.pdf`))
    writeFileSync(file, pdf)
    const perSite = a.layout === 'board' ? 1 : (a.copies ?? HELMET.perPage)
    const pages = a.layout === 'board' ? sites.length : sites.length * Math.ceil(perSite / HELMET.perPage)
    out(`已生成 ${file}`)
    out(
      `${sites.length}个项目，${pages}页，${sites.length * perSite}个二维码，${Math.round(pdf.length / 1024)} KB，用时 ${Date.now() - started} ms`,
    )
    return 0
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message)
      return 1
    }
    throw e
  } finally {
    opened.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e) => {
      console.error(e)
      process.exitCode = 1
    },
  )
}
