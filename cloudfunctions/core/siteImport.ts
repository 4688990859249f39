// Site import: a spreadsheet of projects (CSV or XLSX, first sheet) → validated sites, written all or
// nothing. Used by the admin action `site.import` and by `npm run sites:import`.
//
// The template (scripts/templates/sites-template.csv) has one header row and one project per row:
//   项目码(可空) 项目名称 项目地址 地区代码 行业 资金来源 总承包单位 统一社会信用代码 主管部门 状态(可空)
// A row with a 项目码 updates that site (or creates it under that code: codes already printed on
// helmets survive a move to a new environment); a row without one updates the site with the same
// name and area code, or creates a new site with a fresh random code. So re-importing the same file
// never creates duplicates.
import { inflateRawSync } from 'node:zlib'
import { z } from 'zod'
import { areaName, isKnownArea } from '../../shared/areas'
import { FUNDING_LABELS, INDUSTRY_LABELS } from '../../shared/labels'
import type { Funding, Industry } from '../../shared/types'
import { areaContains, checkSiteCode, checkUscc, formatSiteCode, isAreaCode, makeSiteCode } from '../../shared/validators'
import { AppError, validation } from './errors'
import type { Dept, Site, Storage } from './ports'

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024
export const IMPORT_MAX_ROWS = 5000
/** Largest XML part we inflate from an XLSX (a zip bomb stops here). */
const MAX_PART_BYTES = 64 * 1024 * 1024
/** Rows and columns read from a sheet: enough to report "too many rows"; the template has 10 columns. */
const MAX_SHEET_ROWS = IMPORT_MAX_ROWS + 100
const MAX_SHEET_COLUMNS = 200

// ---------------------------------------------------------------------------------------------
// The template

type ColumnKey = 'code' | 'name' | 'address' | 'areaCode' | 'industry' | 'funding' | 'contractorName' | 'contractorUscc' | 'dept' | 'status'

/** Columns in template order: the header printed in the template, whether it must be present, aliases. */
export const IMPORT_COLUMNS: ReadonlyArray<{ key: ColumnKey; header: string; required: boolean; aliases: string[]; max?: number }> = [
  { key: 'code', header: '项目码', required: false, aliases: ['项目编码', 'code'] },
  { key: 'name', header: '项目名称', required: true, aliases: ['工程名称', 'name'], max: 100 },
  { key: 'address', header: '项目地址', required: true, aliases: ['工程地址', '地址', 'address'], max: 200 },
  { key: 'areaCode', header: '地区代码', required: true, aliases: ['行政区划代码', '区划代码', 'areacode'] },
  { key: 'industry', header: '行业', required: true, aliases: ['行业类别', 'industry'] },
  { key: 'funding', header: '资金来源', required: true, aliases: ['投资类型', 'funding'] },
  { key: 'contractorName', header: '总承包单位', required: true, aliases: ['施工总承包单位', '总包单位', 'contractor'], max: 100 },
  { key: 'contractorUscc', header: '统一社会信用代码', required: true, aliases: ['总承包单位统一社会信用代码', '信用代码', 'uscc'] },
  { key: 'dept', header: '主管部门', required: true, aliases: ['行业主管部门', '监管部门', 'supervisingdept'] },
  { key: 'status', header: '状态', required: false, aliases: ['status'] },
]

/** The header row of the template, as printed: optional columns say so. */
export const TEMPLATE_HEADER = IMPORT_COLUMNS.map((c) => (c.required ? c.header : `${c.header}(可空)`))

const INDUSTRY_WORDS: Record<string, Industry> = {
  housing: 'housing', 房建市政: 'housing', 房建: 'housing', 市政: 'housing', 房屋建筑: 'housing', 房屋建筑和市政: 'housing', 房建和市政: 'housing',
  transport: 'transport', 交通: 'transport', 交通运输: 'transport',
  water: 'water', 水利: 'water',
  other: 'other', 其他: 'other', 其它: 'other',
}
const FUNDING_WORDS: Record<string, Funding> = {
  government: 'government', 政府投资: 'government', 政府: 'government',
  state_owned: 'state_owned', 'state-owned': 'state_owned', 国有企业: 'state_owned', 国企: 'state_owned', 国有: 'state_owned',
  other: 'other', 其他: 'other', 其它: 'other', 社会投资: 'other',
}
const STATUS_WORDS: Record<string, boolean> = { 在建: false, 正常: false, active: false, 停用: true, retired: true }

// ---------------------------------------------------------------------------------------------
// Reading: bytes → rows of text cells, numbered as the spreadsheet numbers them (1 = first row)

export interface SheetRow {
  row: number
  cells: string[]
}

/** A file we cannot read at all (not a per-row problem); `field` is the request field to blame. */
export class UnreadableFile extends Error {
  constructor(message: string, readonly field: 'filename' | 'base64' = 'base64') {
    super(message)
  }
}

export function readSheet(filename: string, bytes: Buffer): SheetRow[] {
  const ext = /\.([A-Za-z]+)$/.exec(filename)?.[1]?.toLowerCase()
  if (ext === 'csv' || ext === 'txt') return parseCsv(decodeText(bytes))
  if (ext === 'xlsx') {
    try {
      return readXlsx(bytes)
    } catch (e) {
      if (e instanceof UnreadableFile) throw e
      throw new UnreadableFile('文件不是有效的 xlsx 表格，请用 Excel 或 WPS 另存为 .xlsx 后再试')
    }
  }
  if (ext === 'xls' || ext === 'et') throw new UnreadableFile('不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入', 'filename')
  throw new UnreadableFile('只支持 .xlsx 或 .csv 文件', 'filename')
}

/** UTF-8 (with or without BOM); GB18030 (what Excel on Chinese Windows saves as CSV) otherwise. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** RFC 4180 CSV: quoted cells may hold separators, doubled quotes and line breaks. Tab-separated works too. */
export function parseCsv(text: string): SheetRow[] {
  const firstLine = text.slice(0, text.search(/\r|\n|$/))
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ','
  const rows: SheetRow[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  const endRow = () => {
    cells.push(cell)
    rows.push({ row: rows.length + 1, cells })
    cells = []
    cell = ''
  }
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
      } else cell += ch
      i++
      continue
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === sep) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\r' || ch === '\n') {
      endRow()
      if (ch === '\r' && text[i + 1] === '\n') i++
    } else cell += ch
    i++
  }
  if (cell !== '' || cells.length > 0) endRow()
  return rows
}

// --- XLSX: a zip of XML parts. Only what a sheet of text and numbers needs.

interface ZipEntry {
  method: number
  flags: number
  compressedSize: number
  size: number
  offset: number
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new UnreadableFile('文件不是有效的 xlsx 表格（不是 zip 文件）')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || p === 0xffffffff) throw new UnreadableFile('表格文件太大（ZIP64），请拆分后再导入')
  const out = new Map<string, ZipEntry>()
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new UnreadableFile('xlsx 文件已损坏')
    const flags = buf.readUInt16LE(p + 8)
    const nameLength = buf.readUInt16LE(p + 28)
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength)
    out.set(name.replace(/\\/g, '/'), {
      method: buf.readUInt16LE(p + 10),
      flags,
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    })
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  return out
}

function zipRead(buf: Buffer, e: ZipEntry): Buffer {
  if (e.flags & 1) throw new UnreadableFile('表格文件设置了密码，请取消密码后再导入')
  if (e.size > MAX_PART_BYTES) throw new UnreadableFile('表格内容太大，请拆分后再导入')
  if (buf.readUInt32LE(e.offset) !== 0x04034b50) throw new UnreadableFile('xlsx 文件已损坏')
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28)
  const raw = buf.subarray(start, start + e.compressedSize)
  if (e.method === 0) return raw
  if (e.method === 8) return inflateRawSync(raw, { maxOutputLength: MAX_PART_BYTES })
  throw new UnreadableFile('xlsx 文件使用了不支持的压缩方式')
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function xmlText(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = xmlText(m[2] ?? m[3] ?? '')
  return out
}

interface Element {
  start: number
  end: number
  attrs: string
  inner: string
}

/**
 * Elements `<name …>…</name>` or `<name …/>` (any namespace prefix), in order. A scan with indexOf,
 * linear in the input: an unclosed element ends the scan instead of backtracking.
 */
function scan(xml: string, name: string): Element[] {
  const open = new RegExp(`<(\\w+:)?${name}(?=[\\s/>])`, 'g')
  const out: Element[] = []
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const tagEnd = xml.indexOf('>', open.lastIndex)
    if (tagEnd < 0) break
    if (xml[tagEnd - 1] === '/') {
      out.push({ start: m.index, end: tagEnd + 1, attrs: xml.slice(open.lastIndex, tagEnd - 1), inner: '' })
      open.lastIndex = tagEnd + 1
      continue
    }
    const close = `</${m[1] ?? ''}${name}>`
    const end = xml.indexOf(close, tagEnd + 1)
    if (end < 0) break
    out.push({ start: m.index, end: end + close.length, attrs: xml.slice(open.lastIndex, tagEnd), inner: xml.slice(tagEnd + 1, end) })
    open.lastIndex = end + close.length
  }
  return out
}

/** [attributes, inner text] of each element. */
function elements(xml: string, name: string): [string, string][] {
  return scan(xml, name).map((e) => [e.attrs, e.inner])
}

/** The visible text of a string item (<si> or <is>): its <t> runs, without phonetic guides (<rPh>). */
function runText(inner: string): string {
  let visible = ''
  let at = 0
  for (const e of scan(inner, 'rPh')) {
    visible += inner.slice(at, e.start)
    at = e.end
  }
  visible += inner.slice(at)
  return elements(visible, 't').map(([, t]) => xmlText(t)).join('')
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? ''
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

/** The first sheet of an XLSX workbook as rows of text. */
export function readXlsx(bytes: Buffer): SheetRow[] {
  const entries = zipEntries(bytes)
  const part = (name: string): string | null => {
    const e = entries.get(name) ?? [...entries].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]
    return e ? zipRead(bytes, e).toString('utf8') : null
  }
  const workbook = part('xl/workbook.xml')
  if (workbook === null) throw new UnreadableFile('文件不是有效的 xlsx 表格（没有工作簿）')
  const rels = elements(part('xl/_rels/workbook.xml.rels') ?? '', 'Relationship').map(([a]) => attrs(a))
  const firstSheet = elements(workbook, 'sheet').map(([a]) => attrs(a))[0]
  const relId = firstSheet ? Object.entries(firstSheet).find(([k]) => /^(\w+:)?id$/.test(k))?.[1] : undefined
  const sheetTarget = rels.find((r) => r.Id === relId)?.Target
  const sheetXml = part(sheetTarget ? resolvePart('xl/', sheetTarget) : 'xl/worksheets/sheet1.xml')
  if (sheetXml === null) throw new UnreadableFile('表格里没有工作表')
  const sstTarget = rels.find((r) => /\/sharedStrings$/.test(r.Type ?? ''))?.Target
  const sst = elements(part(sstTarget ? resolvePart('xl/', sstTarget) : 'xl/sharedStrings.xml') ?? '', 'si').map(([, inner]) => runText(inner))

  const rows: SheetRow[] = []
  let rowNo = 0
  for (const [rowAttrs, rowInner] of elements(sheetXml, 'row')) {
    const r = Number(attrs(rowAttrs).r)
    rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1
    const cells: string[] = []
    let col = -1
    for (const [cellAttrs, inner] of elements(rowInner, 'c')) {
      const a = attrs(cellAttrs)
      col = a.r ? columnIndex(a.r) : col + 1
      if (col < 0 || col >= MAX_SHEET_COLUMNS) continue
      const v = xmlText(elements(inner, 'v')[0]?.[1] ?? '')
      let value: string
      switch (a.t) {
        case 's':
          value = sst[Number(v)] ?? ''
          break
        case 'inlineStr':
          value = runText(elements(inner, 'is')[0]?.[1] ?? '')
          break
        case 'b':
          value = v === '1' ? 'TRUE' : 'FALSE'
          break
        case 'str':
        case 'e':
        case 'd':
          value = v
          break
        default:
          value = numberText(v)
      }
      while (cells.length < col) cells.push('')
      cells[col] = value
    }
    rows.push({ row: rowNo, cells })
    if (rows.length >= MAX_SHEET_ROWS) break
  }
  return rows
}

/** Numbers as typed: 130602 stays "130602"; "1.30602E5" becomes "130602"; lost precision is left visible. */
function numberText(v: string): string {
  if (/^-?\d+$/.test(v)) return v
  const n = Number(v)
  return v !== '' && Number.isSafeInteger(n) ? String(n) : v
}

// ---------------------------------------------------------------------------------------------
// Validation: rows → sites, or a report of every problem

export interface ReportItem {
  /** Row number as the spreadsheet shows it. */
  row: number
  /** Column header (the template's name). */
  column: string
  message: string
}

export interface ImportedSite {
  row: number
  code: string
  name: string
  action: 'created' | 'updated'
}

export interface ImportPlan {
  sites: Site[]
  items: ImportedSite[]
}

export interface ImportLookup {
  depts: Dept[]
  getSite(code: string): Promise<Site | null>
  /** Sites whose area code is exactly this code. */
  sitesInArea(areaCode: string): Promise<Site[]>
}

export interface PlanOptions {
  /** The importing coordinator's area; null = whole country (the command line without --coordinator). */
  scope: string | null
  now: Date
  /** Uniform random integer in [0, n): crypto randomness in production. */
  randomInt: (n: number) => number
}

const normHeader = (s: string) =>
  s.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊:：]/g, '').toLowerCase()
const normWord = (s: string) => s.replace(/\s/g, '').toLowerCase()
const normName = (s: string) => s.replace(/\s+/g, ' ').trim()
const clean = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim()

function headerOf(key: ColumnKey): string {
  return IMPORT_COLUMNS.find((c) => c.key === key)!.header
}

/** Finds the header row (the first of the first 10 rows with 项目名称) and maps columns to keys. */
function findHeader(rows: SheetRow[], report: ReportItem[]): { index: number; columns: Map<ColumnKey, number> } | null {
  const nameCol = IMPORT_COLUMNS.find((c) => c.key === 'name')!
  const names = new Set([nameCol.header, ...nameCol.aliases].map(normHeader))
  const index = rows.slice(0, 10).findIndex((r) => r.cells.some((c) => names.has(normHeader(c))))
  if (index < 0) {
    report.push({ row: rows[0]?.row ?? 1, column: '项目名称', message: '找不到表头（第一行应为：' + TEMPLATE_HEADER.join('、') + '）' })
    return null
  }
  const header = rows[index]
  const columns = new Map<ColumnKey, number>()
  header.cells.forEach((cell, i) => {
    const h = normHeader(cell)
    if (!h) return
    const col = IMPORT_COLUMNS.find((c) => [c.header, ...c.aliases].some((x) => normHeader(x) === h))
    if (!col) return // Extra columns (备注 …) are ignored.
    if (columns.has(col.key)) report.push({ row: header.row, column: col.header, message: `表头里有两列“${col.header}”` })
    else columns.set(col.key, i)
  })
  for (const c of IMPORT_COLUMNS) {
    if (c.required && !columns.has(c.key)) report.push({ row: header.row, column: c.header, message: `缺少“${c.header}”列` })
  }
  return { index, columns }
}

function lookupWord<T>(words: Record<string, T>, value: string): T | undefined {
  const w = normWord(value)
  return Object.prototype.hasOwnProperty.call(words, w) ? words[w] : undefined
}

/** Validates every row and decides, per row, which site it creates or updates. Writes nothing. */
export async function planImport(rows: SheetRow[], lookup: ImportLookup, o: PlanOptions): Promise<{ ok: true; plan: ImportPlan } | { ok: false; report: ReportItem[] }> {
  const report: ReportItem[] = []
  const header = findHeader(rows, report)
  if (!header || report.length) return { ok: false, report }
  const data = rows.slice(header.index + 1).filter((r) => r.cells.some((c) => clean(c) !== ''))
  if (data.length === 0) return { ok: false, report: [{ row: rows[header.index].row + 1, column: '项目名称', message: '表格里没有项目' }] }
  if (data.length > IMPORT_MAX_ROWS) {
    return { ok: false, report: [{ row: data[IMPORT_MAX_ROWS].row, column: '项目名称', message: `一次最多导入${IMPORT_MAX_ROWS}个项目，请分批导入` }] }
  }
  const scopeName = o.scope ? areaName(o.scope) : ''
  const areaCache = new Map<string, Promise<Site[]>>()
  const sitesInArea = (area: string) => {
    let p = areaCache.get(area)
    if (!p) areaCache.set(area, (p = lookup.sitesInArea(area)))
    return p
  }
  const byCode = new Map<string, number>()
  const byNameArea = new Map<string, number>()
  const planned: { row: number; site: Omit<Site, 'code'> & { code: string | null }; existing: Site | null }[] = []

  for (const r of data) {
    const errors: ReportItem[] = []
    const err = (key: ColumnKey, message: string) => errors.push({ row: r.row, column: headerOf(key), message })
    const get = (key: ColumnKey) => {
      const i = header.columns.get(key)
      return i === undefined ? '' : clean(r.cells[i])
    }
    const v: Record<ColumnKey, string> = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, get(c.key)])) as Record<ColumnKey, string>
    for (const c of IMPORT_COLUMNS) {
      if (c.required && !v[c.key]) err(c.key, `请填写${c.header}`)
      else if (c.max && v[c.key].length > c.max) err(c.key, `${c.header}太长了，最多${c.max}个字`)
    }
    const name = normName(v.name)

    // 地区代码
    const areaCode = v.areaCode.replace(/\s/g, '')
    let areaOk = false
    if (areaCode) {
      if (!isAreaCode(areaCode)) err('areaCode', '地区代码应为6位行政区划代码，如 130602')
      else if (!isKnownArea(areaCode)) err('areaCode', `没有这个地区代码：${areaCode}`)
      else if (o.scope && !areaContains(o.scope, areaCode)) err('areaCode', `${areaName(areaCode)}不在您的辖区（${scopeName}）内`)
      else areaOk = true
    }

    const industry = v.industry ? lookupWord(INDUSTRY_WORDS, v.industry) : undefined
    if (v.industry && !industry) err('industry', `行业应填写：${Object.values(INDUSTRY_LABELS).join('、')}`)
    const funding = v.funding ? lookupWord(FUNDING_WORDS, v.funding) : undefined
    if (v.funding && !funding) err('funding', `资金来源应填写：${Object.values(FUNDING_LABELS).join('、')}`)

    let uscc = ''
    if (v.contractorUscc) {
      const u = checkUscc(v.contractorUscc)
      if (u.ok) uscc = u.value
      else if (/e\+?\d+$/i.test(v.contractorUscc)) err('contractorUscc', '统一社会信用代码被表格软件存成了数字，请把这一列设为“文本”格式后重新填写')
      else err('contractorUscc', u.reason)
    }

    // 主管部门: a department id or its exact name.
    let dept: Dept | undefined
    if (v.dept) {
      const byId = lookup.depts.find((d) => d.id === v.dept)
      const named = lookup.depts.filter((d) => normName(d.name) === normName(v.dept))
      const inScope = named.filter((d) => !o.scope || areaContains(o.scope, d.areaCode))
      dept = byId ?? (named.length === 1 ? named[0] : inScope.length === 1 ? inScope[0] : undefined)
      if (!dept) err('dept', named.length > 1 ? '有多个同名单位，请填写单位编号' : `没有这个单位：${v.dept}（请填写单位全称或单位编号）`)
      else if (dept.kind === 'desk') err('dept', '维权服务台不能作为主管部门')
      else if (!dept.active) err('dept', `${dept.name}已停用`)
      else if (o.scope && !areaContains(o.scope, dept.areaCode)) err('dept', `${dept.name}不在您的辖区（${scopeName}）内`)
      else if (areaOk && !areaContains(dept.areaCode, areaCode)) err('dept', `${dept.name}不管辖项目所在地区（${areaName(areaCode)}）`)
    }

    let retired: boolean | undefined
    if (v.status) {
      retired = lookupWord(STATUS_WORDS, v.status)
      if (retired === undefined) err('status', '状态应填写：在建或停用（不填即为在建）')
    }

    // 项目码 and which existing site this row is.
    let code: string | null = null
    let existing: Site | null = null
    if (v.code) {
      const c = checkSiteCode(v.code)
      if (!c.ok) err('code', c.reason)
      else {
        code = c.value
        existing = await lookup.getSite(code)
        if (existing && o.scope && !areaContains(o.scope, existing.areaCode)) err('code', '该项目码属于辖区外的项目')
      }
    }
    if (areaOk && name) {
      const same = (await sitesInArea(areaCode)).filter((s) => normName(s.name) === name)
      if (!v.code) {
        if (same.length > 1) err('code', `已有${same.length}个同名项目，请填写项目码`)
        else existing = same[0] ?? null
      } else if (code && !errors.some((e) => e.column === headerOf('code'))) {
        const other = same.find((s) => s.code !== code)
        if (other) err('code', `该地区已有同名项目，项目码为 ${formatSiteCode(other.code)}；如果是同一个项目，请填写这个项目码`)
      }
    }

    // Duplicates within the file: the same site twice (by code), or the same name in the same area.
    const key = code ?? existing?.code ?? null
    const sameCode = key ? byCode.get(key) : undefined
    if (sameCode !== undefined) err('code', `与第${sameCode}行是同一个项目（项目码 ${formatSiteCode(key!)}）`)
    else if (key) byCode.set(key, r.row)
    if (areaOk && name) {
      const nameKey = `${areaCode}\u0000${name}`
      const sameName = byNameArea.get(nameKey)
      if (sameName === undefined) byNameArea.set(nameKey, r.row)
      else if (sameCode === undefined) err('name', `与第${sameName}行重复（项目名称和地区代码相同）`)
    }

    if (errors.length) {
      report.push(...errors)
      continue
    }
    const target = code ?? existing?.code ?? null
    planned.push({
      row: r.row,
      existing,
      site: {
        code: target,
        name,
        address: v.address,
        areaCode,
        industry: industry!,
        funding: funding!,
        contractorName: v.contractorName,
        contractorUscc: uscc,
        supervisingDeptId: dept!.id,
        issuerDeptId: dept!.id,
        retired: retired ?? existing?.retired ?? false,
        createdAt: existing?.createdAt ?? o.now.toISOString(),
      },
    })
  }
  if (report.length) return { ok: false, report }

  // Fresh codes for new sites: random, checked against the database and this file.
  const sites: Site[] = []
  const items: ImportedSite[] = []
  for (const p of planned) {
    let code = p.site.code
    for (let i = 0; !code && i < 20; i++) {
      const c = makeSiteCode(o.randomInt)
      if (!byCode.has(c) && !(await lookup.getSite(c))) code = c
    }
    if (!code) throw new AppError('INTERNAL', '生成项目码失败，请重试')
    byCode.set(code, p.row)
    sites.push({ ...p.site, code })
    items.push({ row: p.row, code, name: p.site.name, action: p.existing ? 'updated' : 'created' })
  }
  return { ok: true, plan: { sites, items } }
}

// ---------------------------------------------------------------------------------------------
// The whole import, for the admin action and the command line

/** VALIDATION with the per-row report: `fields` keyed `rows.<row>.<column>`, and `report` as a list. */
export class SiteImportError extends AppError {
  constructor(public readonly report: ReportItem[]) {
    const fields: Record<string, string> = {}
    for (const r of report) {
      const k = `rows.${r.row}.${r.column}`
      fields[k] = fields[k] ? `${fields[k]}；${r.message}` : r.message
    }
    const rowCount = new Set(report.map((r) => r.row)).size
    const first = report[0]
    super(
      'VALIDATION',
      rowCount === 1 ? `第${first.row}行有误，没有导入任何项目：${first.column}：${first.message}` : `有${rowCount}行需要修改，没有导入任何项目`,
      fields,
    )
  }
  override toApi() {
    return { ...super.toApi(), report: this.report }
  }
}

export interface ImportResult {
  /** Data rows imported. */
  rows: number
  created: number
  updated: number
  sites: ImportedSite[]
  dryRun?: boolean
}

export interface ImportOptions extends PlanOptions {
  filename: string
  bytes: Buffer
  /** Validate and report, write nothing. */
  dryRun?: boolean
}

export async function importSites(storage: Pick<Storage, 'listDepts' | 'getSite' | 'listSites' | 'putSites'>, o: ImportOptions): Promise<ImportResult> {
  if (o.bytes.length > IMPORT_MAX_BYTES) throw validation({ base64: `文件太大了，最多${IMPORT_MAX_BYTES / 1024 / 1024}MB` })
  let rows: SheetRow[]
  try {
    rows = readSheet(o.filename, o.bytes)
  } catch (e) {
    if (e instanceof UnreadableFile) throw validation({ [e.field]: e.message })
    throw e
  }
  const lookup: ImportLookup = {
    depts: await storage.listDepts(),
    getSite: (code) => storage.getSite(code),
    sitesInArea: async (area) => (await storage.listSites(area, 100_000)).filter((s) => s.areaCode === area),
  }
  const r = await planImport(rows, lookup, o)
  if (!r.ok) throw new SiteImportError(r.report)
  const { sites, items } = r.plan
  if (o.dryRun) {
    const created = items.filter((i) => i.action === 'created').length
    return { rows: items.length, created, updated: items.length - created, sites: items, dryRun: true }
  }
  const { created, updated } = await storage.putSites(sites)
  return { rows: items.length, created, updated, sites: items }
}

/** The `site.import` request: the file as base64 (the mini-program reads it with FileSystemManager). */
export const siteImportRequest = z
  .strictObject({
    filename: z.string({ error: '请选择文件' }).trim().min(1, '请选择文件').max(200, '文件名太长了'),
    base64: z
      .string({ error: '请选择文件' })
      .max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 100, `文件太大了，最多${IMPORT_MAX_BYTES / 1024 / 1024}MB`)
      .transform((s) => s.replace(/^data:[^,]*,/, '').replace(/\s/g, ''))
      .refine((s) => s.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), '文件内容不对（应为 base64）'),
  })
  .transform((d) => ({ filename: d.filename, bytes: Buffer.from(d.base64, 'base64') }))

/** Uniform integers from a source of random bytes (rejection sampling, no modulo bias). */
export function randomIntFrom(random: (bytes: number) => Buffer): (n: number) => number {
  return (n) => {
    if (!(n >= 1 && n <= 256)) throw new RangeError('randomIntFrom: n must be in 1..256')
    const limit = 256 - (256 % n)
    for (;;) {
      for (const b of random(8)) if (b < limit) return b % n
    }
  }
}

/** The report as lines for a terminal: "第3行 统一社会信用代码：…". */
export function formatReport(report: ReportItem[]): string[] {
  return report.map((r) => `第${r.row}行 ${r.column}：${r.message}`)
}
