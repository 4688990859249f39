// Online backup of a single-server deployment (README, "Run it on your own server"): the SQLite database
// through SQLite's backup API (better-sqlite3 `db.backup()`), safe while the server runs and writes, and
// the evidence photos, which are written once under random names and so are copied only when new.
//
//   npm run backup                                  # $DATA_DIR (default .data) → $BACKUP_DIR (default backups/)
//   npm run backup -- --data-dir /var/lib/xinanma --out /var/backups/xinanma --keep 14
//
// Each run writes <out>/xinanma-<UTC time>.db, checks it (PRAGMA integrity_check) and keeps the newest
// --keep copies (default 14); photos go to <out>/uploads/. Restore with `npm run restore` (scripts/restore.ts).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export const DB_FILE = 'xinanma.db'
const BACKUP_NAME = /^xinanma-\d{8}T\d{6}Z\.db$/

export interface BackupResult {
  file: string
  pages: number
  photosCopied: number
  removed: string[]
}

/** The name of a backup taken at `now`: sortable, one per second. */
export const backupName = (now: Date) =>
  `xinanma-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.db`

/** `PRAGMA integrity_check` of a database file: 'ok', or what SQLite found wrong (or why it could not look). */
export function integrityOf(file: string): string {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const rows = db.pragma('integrity_check') as { integrity_check: string }[]
    return rows.map((r) => r.integrity_check).join('; ')
  } catch (e) {
    return (e as Error).message
  } finally {
    db?.close()
  }
}

export async function backup(o: { dataDir: string; out: string; keep?: number; now?: Date }): Promise<BackupResult> {
  const source = path.join(o.dataDir, DB_FILE)
  if (!existsSync(source)) throw new Error(`没有找到数据库 ${source}：请检查 --data-dir（或 DATA_DIR）`)
  mkdirSync(o.out, { recursive: true })
  const file = path.join(o.out, backupName(o.now ?? new Date()))
  const partial = `${file}.partial`
  // A connection of its own: the backup API copies page by page and restarts when the server writes meanwhile,
  // so the copy is one consistent state of the database.
  const db = new Database(source, { fileMustExist: true })
  let pages = 0
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(partial, {
      progress: ({ totalPages }) => {
        pages = totalPages
        return 200
      },
    })
  } finally {
    db.close()
  }
  const check = integrityOf(partial)
  if (check !== 'ok') {
    rmSync(partial, { force: true })
    throw new Error(`备份文件检查没有通过（${check}），没有保留`)
  }
  renameSync(partial, file)

  // Photos: new files only (a stored photo never changes).
  let photosCopied = 0
  const uploads = path.join(o.dataDir, 'uploads')
  if (existsSync(uploads)) {
    const target = path.join(o.out, 'uploads')
    mkdirSync(target, { recursive: true })
    for (const name of readdirSync(uploads)) {
      if (existsSync(path.join(target, name))) continue
      copyFileSync(path.join(uploads, name), path.join(target, `${name}.partial`))
      renameSync(path.join(target, `${name}.partial`), path.join(target, name))
      photosCopied++
    }
  }

  const keep = o.keep ?? 14
  const all = readdirSync(o.out)
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
  const removed = all.slice(0, Math.max(0, all.length - keep))
  for (const n of removed) rmSync(path.join(o.out, n), { force: true })
  return { file, pages, photosCopied, removed }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (require.main === module) {
  const dataDir = path.resolve(arg('data-dir') ?? process.env.DATA_DIR ?? '.data')
  const out = path.resolve(arg('out') ?? process.env.BACKUP_DIR ?? 'backups')
  const keepArg = arg('keep')
  const keep = keepArg === undefined ? undefined : Number(keepArg)
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
    console.error('--keep 应为正整数（保留最近几份备份）')
    process.exit(2)
  }
  backup({ dataDir, out, keep })
    .then((r) => {
      console.log(
        `备份完成：${r.file}（${r.pages} 页，新增照片 ${r.photosCopied} 张${r.removed.length ? `，删除旧备份 ${r.removed.length} 份` : ''}）`,
      )
    })
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e)
      process.exit(1)
    })
}
