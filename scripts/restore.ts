// Restore a single-server deployment from a backup of scripts/backup.ts. Stop the server first
// (systemctl stop xinanma): the database is replaced as a whole.
//
//   npm run restore -- --from /var/backups/xinanma/xinanma-20261103T020000Z.db --data-dir /var/lib/xinanma
//   npm run restore -- --from … --data-dir … --force     # there is a database already: keep it aside, then restore
//
// The backup is checked first (PRAGMA integrity_check, and not newer than this code's schema); the photos
// beside it (<backup folder>/uploads, or --uploads) are copied back where missing. With --force the
// database it replaces is kept as xinanma.db.before-restore-<time>, never deleted.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { MIGRATIONS } from '../cloudfunctions/core/storage/sqliteSchema'
import { DB_FILE, integrityOf } from './backup'

export interface RestoreResult {
  file: string
  keptAside: string | null
  photosCopied: number
}

export function restore(o: { from: string; dataDir: string; uploads?: string; force?: boolean; now?: Date }): RestoreResult {
  if (!existsSync(o.from)) throw new Error(`没有找到备份文件 ${o.from}`)
  const check = integrityOf(o.from)
  if (check !== 'ok') throw new Error(`备份文件不能用（${check}），没有恢复任何东西`)
  const probe = new Database(o.from, { readonly: true, fileMustExist: true })
  const version = probe.pragma('user_version', { simple: true }) as number
  probe.close()
  if (version > MIGRATIONS.length)
    throw new Error(`备份来自更新的版本（数据库版本 ${version}，本程序支持到 ${MIGRATIONS.length}），请先升级程序再恢复`)

  mkdirSync(o.dataDir, { recursive: true })
  const target = path.join(o.dataDir, DB_FILE)
  let keptAside: string | null = null
  if (existsSync(target)) {
    if (!o.force) throw new Error(`${target} 已经有数据库。确认服务已停止、要用备份替换它，请加 --force（原数据库会改名保留）`)
    keptAside = `${target}.before-restore-${(o.now ?? new Date())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')}`
    renameSync(target, keptAside)
    // The old database's write-ahead log belongs to it: never let it be replayed into the restored one.
    for (const side of ['-wal', '-shm']) if (existsSync(target + side)) renameSync(target + side, keptAside + side)
  }
  const partial = `${target}.restoring`
  copyFileSync(o.from, partial)
  renameSync(partial, target)

  let photosCopied = 0
  const uploads = o.uploads ?? path.join(path.dirname(o.from), 'uploads')
  if (existsSync(uploads)) {
    const dest = path.join(o.dataDir, 'uploads')
    mkdirSync(dest, { recursive: true })
    for (const name of readdirSync(uploads)) {
      if (name.endsWith('.partial') || existsSync(path.join(dest, name))) continue
      copyFileSync(path.join(uploads, name), path.join(dest, name))
      photosCopied++
    }
  }
  return { file: target, keptAside, photosCopied }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (require.main === module) {
  const from = arg('from')
  if (!from) {
    console.error('请用 --from 指定备份文件，例如：npm run restore -- --from backups/xinanma-20261103T020000Z.db')
    process.exit(2)
  }
  try {
    const r = restore({
      from: path.resolve(from),
      dataDir: path.resolve(arg('data-dir') ?? process.env.DATA_DIR ?? '.data'),
      uploads: arg('uploads') ? path.resolve(arg('uploads')!) : undefined,
      force: process.argv.includes('--force'),
    })
    console.log(`恢复完成：${r.file}${r.keptAside ? `（原数据库已改名为 ${r.keptAside}）` : ''}，照片 ${r.photosCopied} 张`)
  } catch (e) {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  }
}
