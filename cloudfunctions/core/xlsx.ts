// A minimal XLSX writer (one sheet, text and numbers, inline strings), enough for the ledger export
// without a spreadsheet library in the function bundle. XLSX is a zip of XML parts, zipped by fflate.
//
// A large sheet can also be written in pieces across calls (ledgerExport.ts): each piece of rows is
// deflated on its own (`sheetPiece`), the pieces joined make the sheet's compressed data, and
// `xlsxEnvelope` has fflate write the ZIP around it (headers, the workbook's small parts, directory).
import { constants, deflateRawSync } from 'node:zlib'
import { Zip, ZipDeflate, strToU8, zipSync, type ZipInputFile } from 'fflate'

const esc = (s: string) =>
  s
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')

function column(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const SHEET_PATH = 'xl/worksheets/sheet1.xml'
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
export const SHEET_TAIL = `</sheetData></worksheet>`

/** Rows as sheet XML, the first being row number `first` (1-based). */
export function sheetRows(rows: (string | number)[][], first = 1): string {
  return rows
    .map((row, i) => {
      const r = first + i
      const cells = row
        .map((v, c) => {
          const ref = `${column(c)}${r}`
          return typeof v === 'number'
            ? `<c r="${ref}"><v>${v}</v></c>`
            : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`
        })
        .join('')
      return `<row r="${r}">${cells}</row>`
    })
    .join('')
}

/** Every part of the workbook but the sheet. */
function otherParts(sheetName: string): [string, string][] {
  return [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ],
  ]
}

export function xlsx(sheetName: string, rows: (string | number)[][]): Buffer {
  const parts: [string, string][] = [...otherParts(sheetName), [SHEET_PATH, SHEET_HEAD + sheetRows(rows) + SHEET_TAIL]]
  return Buffer.from(zipSync(Object.fromEntries(parts.map(([name, xml]) => [name, strToU8(xml)]))))
}

/** The sheet's data so far: bytes before compression and their CRC-32. */
export interface SheetSums {
  size: number
  crc: number
}

/**
 * One piece of the sheet's XML, deflated on its own: raw DEFLATE ending on a byte boundary without a
 * last block (a sync flush), so pieces joined in order, the last one `final`, are one DEFLATE stream.
 */
export function sheetPiece(xml: string, sums: SheetSums, final: boolean): { data: Buffer; sums: SheetSums } {
  const raw = Buffer.from(xml, 'utf8')
  const data = deflateRawSync(raw, final ? {} : { finishFlush: constants.Z_SYNC_FLUSH })
  return { data, sums: { size: sums.size + raw.length, crc: crc32(raw, sums.crc) } }
}

/**
 * The XLSX file around a sheet whose compressed data (the joined pieces, `compressedSize` bytes) is kept
 * elsewhere: the bytes before it and after it. fflate writes every header and the directory; the sheet's
 * data passes through it as a stand-in of the same length, cut out here.
 */
export function xlsxEnvelope(sheetName: string, sheet: SheetSums & { compressedSize: number }): { head: Buffer; tail: Buffer } {
  const out: Uint8Array[] = []
  let failed: Error | null = null
  const zip = new Zip((err, data) => {
    if (err) failed = err
    else out.push(data)
  })
  for (const [name, xml] of otherParts(sheetName)) {
    const f = new ZipDeflate(name, { level: 9 })
    zip.add(f)
    f.push(strToU8(xml), true)
  }
  const standIn = new Uint8Array(sheet.compressedSize)
  const entry = { filename: SHEET_PATH, size: sheet.size, crc: sheet.crc, compression: 8 } as ZipInputFile
  zip.add(entry)
  entry.ondata!(null, standIn, true)
  zip.end()
  if (failed) throw failed
  const at = out.indexOf(standIn)
  if (at < 0) throw new Error('xlsx envelope: sheet data not passed through')
  return { head: Buffer.concat(out.slice(0, at)), tail: Buffer.concat(out.slice(at + 1)) }
}

let crcTable: Int32Array | null = null

/** CRC-32 (ZIP's), continued from `prev` (node:zlib has crc32 only from Node 20.15; CloudBase runs 18). */
export function crc32(data: Uint8Array, prev = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c
    }
  }
  let c = ~prev
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
