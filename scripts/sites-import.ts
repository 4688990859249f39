// Imports a spreadsheet of projects (sites) into the local SQLite database under $DATA_DIR
// (default .data/), or with --cloudbase into the CloudBase environment $TCB_ENV, with the same checks
// as the coordinators' screen (admin `site.import`).
//
//   npm run sites:import -- projects.xlsx
//   npm run sites:import -- projects.csv --coordinator oAbC123   # only that coordinator's area
//   npm run sites:import -- projects.csv --dry-run               # check only, write nothing
//   npm run sites:import -- projects.xlsx --cloudbase            # TCB_ENV + TENCENTCLOUD_SECRETID/SECRETKEY
//
// Without --coordinator the import may cover any area in the country (whoever runs this command has
// the database file anyway); with it, every row must lie in that coordinator's area. The template is
// scripts/templates/sites-template.csv. Exit code 0 when imported, 1 when any row has a problem (the
// report lists every one; nothing is written), 2 when the command itself is wrong.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { AppError } from '../cloudfunctions/core/errors'
import { formatReport, importSites, randomIntFrom, SiteImportError } from '../cloudfunctions/core/siteImport'
import { openStorage, StorageSetupError, type OpenedStorage } from './openStorage'
import { formatSiteCode } from '../shared/validators'
import { areaName } from '../shared/areas'

const USAGE = '用法：npm run sites:import -- 文件.xlsx|文件.csv [--coordinator OPENID] [--dry-run] [--cloudbase]'

class UsageError extends Error {}

export async function main(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  let file: string | undefined
  let coordinator: string | undefined
  let dryRun = false
  let cloudbase = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--coordinator') coordinator = argv[++i]
    else if (a === '--dry-run') dryRun = true
    else if (a === '--cloudbase') cloudbase = true
    else if (a === '--help' || a === '-h') {
      out(USAGE)
      return 0
    } else if (a.startsWith('--')) {
      err(`不认识的参数：${a}\n${USAGE}`)
      return 2
    } else if (!file) file = a
    else {
      err(`只能导入一个文件\n${USAGE}`)
      return 2
    }
  }
  if (!file || (argv.includes('--coordinator') && !coordinator)) {
    err(USAGE)
    return 2
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch {
    err(`读不到文件：${file}`)
    return 2
  }

  let opened: OpenedStorage
  try {
    opened = openStorage({ cloudbase })
  } catch (e) {
    if (e instanceof StorageSetupError) {
      err(e.message)
      return 2
    }
    throw e
  }
  const { storage, where } = opened
  try {
    let scope: string | null = null
    if (coordinator) {
      const user = await storage.getUser(coordinator)
      const dept = user?.deptId ? (await storage.listDepts()).find((d) => d.id === user.deptId) : undefined
      if (!user || user.role !== 'coordinator' || !dept)
        throw new UsageError(`${coordinator} 不是联席办人员（先用 npm run set-coordinator 设置）`)
      scope = dept.areaCode
    }
    if ((await storage.listDepts()).length === 0)
      throw new UsageError(`数据库里还没有任何单位（${where}）：请先创建单位，或运行一次 npm start`)
    out(
      `导入 ${path.basename(file)}，范围：${scope ? `${areaName(scope)}（${coordinator}）` : '全国（未指定 --coordinator）'}${dryRun ? '，只检查不写入' : ''}`,
    )
    const r = await importSites(storage, { filename: file, bytes, scope, now: new Date(), randomInt: randomIntFrom(randomBytes), dryRun })
    for (const s of r.sites) out(`第${s.row}行 ${s.action === 'created' ? '新建' : '更新'} ${formatSiteCode(s.code)} ${s.name}`)
    out(`${dryRun ? '检查通过，未写入' : '导入完成'}：共${r.rows}个项目，新建${r.created}个，更新${r.updated}个`)
    return 0
  } catch (e) {
    if (e instanceof SiteImportError) {
      err(`有问题，没有导入任何项目（共${new Set(e.report.map((x) => x.row)).size}行需要修改）：`)
      for (const line of formatReport(e.report)) err(line)
      return 1
    }
    if (e instanceof AppError) {
      err(Object.values(e.fields ?? {})[0] ?? e.message)
      return 1
    }
    if (e instanceof UsageError) {
      err(e.message)
      return 2
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
