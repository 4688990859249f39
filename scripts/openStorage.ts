// The storage the command-line tools work on: the local SQLite database under $DATA_DIR (default
// .data/), or with --cloudbase the CloudBase environment $TCB_ENV, through the same CloudBase adapter
// the cloud functions use. The CloudBase SDK is loaded only in that mode.
//
//   TCB_ENV=<env id> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run <tool> -- --cloudbase …
import path from 'node:path'
import type { Storage } from '../cloudfunctions/core/ports'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { CloudbaseStorage } from '../cloudfunctions/core/storage/cloudbase'

export interface OpenedStorage {
  storage: Storage
  /** For messages: which database this is. */
  where: string
  close(): void
}

export class StorageSetupError extends Error {}

export const CLOUDBASE_USAGE =
  '--cloudbase 需要环境变量 TCB_ENV（云开发环境ID）、TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（腾讯云 API 密钥，访问管理 → API密钥管理）。\n' +
  '--cloudbase needs TCB_ENV (the CloudBase environment id), TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (a Tencent Cloud API key).'

export function openStorage(opts: { cloudbase: boolean }): OpenedStorage {
  if (!opts.cloudbase) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? '.data')
    const storage = new SqliteStorage(path.join(dataDir, 'xinanma.db'))
    return { storage, where: dataDir, close: () => storage.close() }
  }
  const { TCB_ENV: env, TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env
  if (!env || !secretId || !secretKey) throw new StorageSetupError(CLOUDBASE_USAGE)
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk')
  const app = tcb.init({ env, secretId, secretKey })
  return { storage: new CloudbaseStorage(app.database()), where: `CloudBase 环境 ${env}`, close: () => undefined }
}
