// Builds the running risk totals (risk_subjects) of a CloudBase environment from its open complaints:
// run once after deploying the version that keeps them (the local SQLite database builds them in its
// migration), or again to repair them.
//
//   TCB_ENV=<env id> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run risk:backfill -- --cloudbase
import { CloudbaseStorage } from '../cloudfunctions/core/storage/cloudbase'
import { openStorage, StorageSetupError } from './openStorage'

async function main(): Promise<void> {
  const cloudbase = process.argv.includes('--cloudbase')
  const opened = openStorage({ cloudbase })
  try {
    if (!(opened.storage instanceof CloudbaseStorage)) {
      console.log(`本地数据库（${opened.where}）在升级时已建好风险汇总，无需再做。`)
      return
    }
    const n = await opened.storage.rebuildRiskTotals(new Date().toISOString())
    console.log(`已按未办结案件重建${n}个项目和用人单位的风险汇总（${opened.where}）。`)
  } finally {
    opened.close()
  }
}

main().catch((e) => {
  console.error(e instanceof StorageSetupError ? e.message : e)
  process.exitCode = 1
})
