// The ledger export, built in pages so that no call does much: each call reads at most
// LEDGER_PAGE_ROWS cases. The local server runs calls one at a time, so a 50,000-case export built in
// one call stalled every worker's submit for seconds; in pages, other calls go between them. On CloudBase
// it keeps each call short and each reply small, under the platform's limits on both.
//
// - `ledger.export { format }` reads the first page. A ledger that fits in it is answered at once, the
//   file in the reply, as before. A larger one becomes a job (in the storage: nothing is kept between
//   calls in the process) with the first page stored as its first chunk.
// - `ledger.continue { jobId }` reads the next page and stores it as the next chunk; after the last page
//   the job is ready and lists the parts of the file: CSV, the chunks in order; XLSX, the ZIP's head,
//   the chunks (the sheet, deflated piece by piece) and the ZIP's tail (xlsx.ts).
// - `ledger.download { jobId, part }` answers one part (one stored chunk); the client joins them.
// Only the caller who started a job may continue or download it, and only while their scope is the
// same; jobs expire after an hour and are purged by later exports.
import { beijingDate } from '../../shared/time'
import type { LedgerPart, LedgerStep } from '../../shared/contract/replies'
import { areaPrefix } from '../../shared/validators'
import { requireStaff } from './access'
import type { Ctx } from './context'
import { newId } from './context'
import { AppError, forbidden, notFound } from './errors'
import { assigneesOf, type OfficialRef } from './officials'
import { CSV_BOM, LEDGER_HEADER, csvLines, defuse, ledgerRows, toCsv, toXlsx } from './ledger'
import type { Dept, ExportJob, ExportPatch, LedgerRow, LedgerScope } from './ports'
import { SHEET_HEAD, SHEET_TAIL, sheetPiece, sheetRows, xlsxEnvelope } from './xlsx'

/** Cases read by one call, at most. */
export const LEDGER_PAGE_ROWS = 1000
/** Cases in one export, at most. */
export const LEDGER_MAX_ROWS = 50_000
const EXPORT_TTL_MS = 3600_000
/** Expired jobs removed by each new export, at most. */
const PURGE_PER_CALL = 20

const MIME = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const
type Format = keyof typeof MIME

async function scopeOf(ctx: Ctx): Promise<{ dept: Dept; scope: LedgerScope }> {
  requireStaff(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept) throw forbidden('您所在的单位已停用')
  return { dept, scope: ctx.user.role === 'coordinator' ? { areaPrefix: areaPrefix(dept.areaCode) } : { deptId: dept.id } }
}

const sameScope = (a: LedgerScope, b: LedgerScope) =>
  'areaPrefix' in a ? 'areaPrefix' in b && a.areaPrefix === b.areaPrefix : 'deptId' in b && a.deptId === b.deptId

const cursorAfter = (rows: LedgerRow[]) => {
  const last = rows[rows.length - 1].complaint
  return { areaCode: last.areaCode, createdAt: last.createdAt, id: last.id }
}

const table = (rows: LedgerRow[], depts: Dept[], assignees: ReadonlyMap<string, OfficialRef>) =>
  ledgerRows(rows, depts, assignees).map((r) => r.map(defuse))

/** `ledger.export`: the file at once for a ledger of one page, else a job with its first page stored. */
export async function startLedgerExport(ctx: Ctx, format: Format): Promise<LedgerStep> {
  const { dept, scope } = await scopeOf(ctx)
  try {
    await ctx.storage.purgeExports(ctx.now.toISOString(), PURGE_PER_CALL)
  } catch (e) {
    ctx.log?.('[ledger] purging old exports failed', e)
  }
  const filename = `台账-${dept.name}-${beijingDate(ctx.now)}.${format}`
  const rows = await ctx.storage.ledgerPage(scope, null, LEDGER_PAGE_ROWS)
  const depts = await ctx.depts()
  const assignees = await assigneesOf(
    ctx,
    rows.map((r) => r.complaint),
  )
  if (rows.length < LEDGER_PAGE_ROWS) {
    const all = [LEDGER_HEADER, ...ledgerRows(rows, depts, assignees)]
    const file = format === 'csv' ? toCsv(all) : toXlsx(all)
    return { done: true, jobId: null, rows: rows.length, filename, mime: MIME[format], base64: file.toString('base64') }
  }
  const body = [LEDGER_HEADER, ...table(rows, depts, assignees)]
  let chunk: Buffer
  let sums = { size: 0, crc: 0 }
  if (format === 'csv') chunk = Buffer.from(CSV_BOM + csvLines(body), 'utf8')
  else ({ data: chunk, sums } = sheetPiece(SHEET_HEAD + sheetRows(body, 1), sums, false))
  const job = await ctx.storage.createExport(
    {
      id: newId(ctx, ctx.now, 'x'),
      owner: ctx.openid,
      scope,
      format,
      filename,
      state: 'building',
      cursor: cursorAfter(rows),
      rows: rows.length,
      size: sums.size,
      crc: sums.crc,
      bytes: chunk.length,
      parts: [],
      createdAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + EXPORT_TTL_MS).toISOString(),
    },
    [chunk],
  )
  return stepOf(job)
}

function stepOf(job: ExportJob): LedgerStep {
  return job.state === 'ready'
    ? { done: true, jobId: job.id, rows: job.rows, filename: job.filename, mime: MIME[job.format], parts: job.parts.length }
    : { done: false, jobId: job.id, rows: job.rows }
}

/** The caller's own job, while it lasts and their scope is still the one it was started in. */
async function loadJob(ctx: Ctx, jobId: string): Promise<ExportJob> {
  const { scope } = await scopeOf(ctx)
  const job = await ctx.storage.getExport(jobId)
  if (!job || job.owner !== ctx.openid) throw notFound('没有找到这次导出，请重新导出')
  if (job.expiresAt < ctx.now.toISOString()) throw notFound('这次导出已过期，请重新导出')
  if (!sameScope(job.scope, scope)) throw forbidden('您的单位或角色已变更，请重新导出')
  return job
}

/** `ledger.continue`: read the next page and store it; after the last one, the file's parts. */
export async function continueLedgerExport(ctx: Ctx, jobId: string): Promise<LedgerStep> {
  const job = await loadJob(ctx, jobId)
  if (job.state === 'ready') return stepOf(job)
  const want = Math.min(LEDGER_PAGE_ROWS, LEDGER_MAX_ROWS - job.rows)
  const rows = want > 0 ? await ctx.storage.ledgerPage(job.scope, job.cursor, want) : []
  const last = rows.length < want || job.rows + rows.length >= LEDGER_MAX_ROWS
  const body = table(
    rows,
    await ctx.depts(),
    await assigneesOf(
      ctx,
      rows.map((r) => r.complaint),
    ),
  )
  const chunks: Buffer[] = []
  const patch: ExportPatch = { rows: job.rows + rows.length, ...(rows.length ? { cursor: cursorAfter(rows) } : {}) }
  const dataChunks = (n: number) => Array.from({ length: n }, (_, i) => i)
  if (job.format === 'csv') {
    if (rows.length) chunks.push(Buffer.from(csvLines(body), 'utf8'))
    if (last) Object.assign(patch, { state: 'ready', parts: dataChunks(job.chunks + chunks.length) })
  } else {
    // Rows are numbered on from the header (row 1) and the rows before.
    const piece = sheetPiece(sheetRows(body, job.rows + 2) + (last ? SHEET_TAIL : ''), { size: job.size, crc: job.crc }, last)
    chunks.push(piece.data)
    Object.assign(patch, { size: piece.sums.size, crc: piece.sums.crc, bytes: job.bytes + piece.data.length })
    if (last) {
      const n = job.chunks + 1 // data chunks, this one included
      const { head, tail } = xlsxEnvelope('台账', { ...piece.sums, compressedSize: job.bytes + piece.data.length })
      chunks.push(head, tail)
      Object.assign(patch, { state: 'ready', parts: [n, ...dataChunks(n), n + 1] })
    }
  }
  const next = await ctx.storage.advanceExport(job.id, job.version, chunks, patch)
  // Another call advanced it first (a second tap): answer where it is now.
  if (next === 'conflict') return stepOf(await loadJob(ctx, jobId))
  return stepOf(next)
}

/** `ledger.download`: one part of a ready file. */
export async function ledgerPart(ctx: Ctx, jobId: string, part: number): Promise<LedgerPart> {
  const job = await loadJob(ctx, jobId)
  if (job.state !== 'ready') throw new AppError('CONFLICT', '文件还在生成，请稍候')
  if (part >= job.parts.length) throw notFound('没有这一段文件，请重新导出')
  const data = await ctx.storage.exportChunk(job.id, job.parts[part])
  if (!data) throw notFound('这次导出已过期，请重新导出')
  return { part, parts: job.parts.length, base64: data.toString('base64') }
}
