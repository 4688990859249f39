// Reading an uploaded spreadsheet: bytes → rows of text cells, numbered as the spreadsheet numbers them
// (1 = first row). CSV through papaparse; XLSX (its first sheet) through fflate and fast-xml-parser.
import { XMLParser } from 'fast-xml-parser'
import { unzipSync, type UnzipFileInfo } from 'fflate'
import { parse as parseDelimited } from 'papaparse'
import { z } from 'zod'
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './template'

/**
 * Largest XML part we inflate from an XLSX (a zip bomb stops here). A part stays in memory as text while
 * it is read, and the sheet is parsed a row at a time, so 16 MB of XML fits in a 256 MB function.
 */
const MAX_PART_BYTES = 16 * 1024 * 1024
/** More entries than any workbook has: a forged directory stops here. */
const MAX_ZIP_ENTRIES = 10_000
/** Rows and columns read from a sheet: enough to report "too many rows"; the template has 10 columns. */
const MAX_SHEET_ROWS = IMPORT_MAX_ROWS + 100
const MAX_SHEET_COLUMNS = 200

export interface SheetRow {
  row: number
  cells: string[]
}

/** A file we cannot read at all (not a per-row problem); `field` is the request field to blame. */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly field: 'filename' | 'base64' = 'base64',
  ) {
    super(message)
  }
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

// ---------------------------------------------------------------------------------------------
// CSV

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

/**
 * RFC 4180 CSV: quoted cells may hold separators, doubled quotes and line breaks. Tab-separated works
 * too (more tabs than commas on the first line). Line ends may be mixed (CRLF, LF, CR).
 */
export function parseCsv(text: string): SheetRow[] {
  const lf = text.replace(/\r\n?/g, '\n')
  const firstLine = lf.split('\n', 1)[0]
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ','
  const { data } = parseDelimited<string[]>(lf, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
  })
  // A line break after the last row ends that row; it does not start another.
  const last = data[data.length - 1]
  if (lf.endsWith('\n') && last && last.length === 1 && last[0] === '') data.pop()
  return data.map((cells, i) => ({ row: i + 1, cells }))
}

// ---------------------------------------------------------------------------------------------
// XLSX: a zip of XML parts. Only what a sheet of text and numbers needs.

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ZIP_SIGNATURE = [0x50, 0x4b]

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b)
const utf8 = new TextDecoder('utf-8')

/** The parts of a zip by name (case-insensitive, either slash), each inflated only when asked for. */
function zipParts(bytes: Uint8Array): (name: string) => string | null {
  const exact = new Set<string>()
  const folded = new Map<string, string>()
  let entries = 0
  // A first pass lists the names without inflating anything.
  unzipSync(bytes, {
    filter: (f) => {
      if (++entries > MAX_ZIP_ENTRIES) throw new UnreadableFile('xlsx 文件已损坏')
      exact.add(f.name)
      const key = f.name.replace(/\\/g, '/').toLowerCase()
      if (!folded.has(key)) folded.set(key, f.name)
      return false
    },
  })
  const check = (f: UnzipFileInfo) => {
    if (f.compression !== 0 && f.compression !== 8) throw new UnreadableFile('xlsx 文件使用了不支持的压缩方式')
    if (f.size > bytes.length) throw new UnreadableFile('xlsx 文件已损坏')
    if (f.originalSize > MAX_PART_BYTES) throw new UnreadableFile('表格内容太大，请拆分后再导入')
    return true
  }
  return (name) => {
    const actual = exact.has(name) ? name : folded.get(name.toLowerCase())
    if (actual === undefined) return null
    const data = unzipSync(bytes, { filter: (f) => f.name === actual && check(f) })[actual]
    return data ? utf8.decode(data) : null
  }
}

type XmlNode = Record<string, unknown>

/** A child (or attribute, '@_name') of a parsed element; elements without content parse as ''. */
function at(node: unknown, ...path: string[]): unknown {
  let n = node
  for (const key of path) n = n !== null && typeof n === 'object' && !Array.isArray(n) ? (n as XmlNode)[key] : undefined
  return n
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** The text content of an element (with or without attributes). */
function text(v: unknown): string {
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.map(text).join('')
  if (v !== null && typeof v === 'object') return text((v as XmlNode)['#text'])
  return ''
}

const attr = (node: unknown, name: string): string => text(at(node, `@_${name}`))

const XML_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Numeric character references (&#20013;) too; DOCTYPE entities stay within the parser's expansion limits.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
}

/** Elements that may repeat, always read as lists. */
const REPEATED = new Set(['sheet', 'Relationship', 'si', 'r', 'c'])

const xmlParser = new XMLParser({ ...XML_OPTIONS, isArray: (name) => REPEATED.has(name) })

const parseXml = (xml: string | null): unknown => (xml === null ? {} : xmlParser.parse(xml))

/**
 * The first `max` rows of a worksheet, each its attributes and its cells as raw XML (parsed one row at
 * a time: a whole sheet as one tree takes too much memory). Rows after those are skipped unread.
 */
function worksheetRows(xml: string, max: number): unknown[] {
  let seen = 0
  const parser = new XMLParser({
    ...XML_OPTIONS,
    isArray: (name) => name === 'row',
    stopNodes: ['worksheet.sheetData.row'],
    updateTag: (name) => name !== 'row' || ++seen <= max,
  })
  return list(at(parser.parse(xml), 'worksheet', 'sheetData', 'row'))
}

/** OOXML escapes characters XML cannot carry as _xHHHH_. */
const ooxmlText = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))

/** The visible text of a string item (<si> or <is>): its <t>, or its runs' <t>; phonetic guides (<rPh>) left out. */
function itemText(item: unknown): string {
  return ooxmlText(
    text(at(item, 't')) +
      list(at(item, 'r'))
        .map((run) => text(at(run, 't')))
        .join(''),
  )
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

function openZip(bytes: Uint8Array): (name: string) => string | null {
  // Excel saves a workbook with a password (and the old .xls format) as an OLE compound file, not a zip.
  if (startsWith(bytes, OLE_SIGNATURE))
    throw new UnreadableFile('表格文件设置了密码，或是旧版 .xls 文件改了扩展名：请取消密码并另存为 .xlsx')
  try {
    return zipParts(bytes)
  } catch (e) {
    if (e instanceof UnreadableFile) throw e
    throw new UnreadableFile(startsWith(bytes, ZIP_SIGNATURE) ? 'xlsx 文件已损坏' : '文件不是有效的 xlsx 表格（不是 zip 文件）')
  }
}

/** The first sheet of an XLSX workbook as rows of text. */
export function readXlsx(bytes: Buffer): SheetRow[] {
  const part = openZip(bytes)
  const workbook = part('xl/workbook.xml')
  if (workbook === null) throw new UnreadableFile('文件不是有效的 xlsx 表格（没有工作簿）')
  const rels = list(at(parseXml(part('xl/_rels/workbook.xml.rels')), 'Relationships', 'Relationship'))
  const firstSheet = list(at(parseXml(workbook), 'workbook', 'sheets', 'sheet'))[0]
  const relId = attr(firstSheet, 'id')
  const target = (rel: unknown) => (attr(rel, 'Target') ? resolvePart('xl/', attr(rel, 'Target')) : null)
  const sheetXml = part(target(relId ? rels.find((r) => attr(r, 'Id') === relId) : undefined) ?? 'xl/worksheets/sheet1.xml')
  if (sheetXml === null) throw new UnreadableFile('表格里没有工作表')
  const sstXml = part(target(rels.find((r) => /\/sharedStrings$/.test(attr(r, 'Type')))) ?? 'xl/sharedStrings.xml')
  const sst = list(at(parseXml(sstXml), 'sst', 'si')).map(itemText)

  const rows: SheetRow[] = []
  let rowNo = 0
  for (const row of worksheetRows(sheetXml, MAX_SHEET_ROWS)) {
    const r = Number(attr(row, 'r'))
    rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1
    const cells: string[] = []
    let col = -1
    for (const c of list(at(parseXml(text(row)), 'c'))) {
      const ref = attr(c, 'r')
      col = ref ? columnIndex(ref) : col + 1
      if (col < 0 || col >= MAX_SHEET_COLUMNS) continue
      const v = ooxmlText(text(at(c, 'v')))
      let value: string
      switch (attr(c, 't')) {
        case 's':
          value = sst[Number(v)] ?? ''
          break
        case 'inlineStr':
          value = itemText(at(c, 'is'))
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
