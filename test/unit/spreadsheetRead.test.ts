// Reading uploaded spreadsheets (site import): XLSX written by our own writer and by hand the way Excel
// and WPS write it (shared strings, inline strings, namespaces, escapes), CSV as people save it, and
// files that are not what they claim: each gives a clear Chinese message, never a crash.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { strToU8, zipSync, type Zippable } from 'fflate'
import {
  parseCsv,
  readSheet,
  readXlsx,
  templateFile,
  TEMPLATE_EXAMPLES,
  TEMPLATE_HEADER,
  UnreadableFile,
} from '../../cloudfunctions/core/siteImport'
import { xlsx } from '../../cloudfunctions/core/xlsx'

const TEMPLATE = path.resolve(__dirname, '../../scripts/templates/sites-template.csv')
const cellsOf = (rows: { cells: string[] }[]) => rows.map((r) => r.cells)

/** The error readSheet throws for these bytes (fails the test if it reads them). */
function unreadable(filename: string, bytes: Buffer | Uint8Array): UnreadableFile {
  try {
    readSheet(filename, Buffer.from(bytes))
  } catch (e) {
    if (e instanceof UnreadableFile) return e
    throw e
  }
  throw new Error('read without complaint')
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** A workbook from its sheet XML (sheetData content) and, if given, its shared strings (si items). */
function workbook(sheetData: string, sharedStrings?: string[], extra: Zippable = {}): Uint8Array {
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook ${NS}><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet ${NS}><sheetData>${sheetData}</sheetData></worksheet>`,
    ),
    ...extra,
  }
  if (sharedStrings)
    files['xl/sharedStrings.xml'] = strToU8(
      `<sst ${NS} count="${sharedStrings.length}">${sharedStrings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
    )
  return zipSync(files)
}

describe('XLSX', () => {
  test('a file from our own writer reads back cell for cell: text, numbers, escapes, columns past Z', () => {
    const wide = Array.from({ length: 30 }, (_, i) => `列${i + 1}`)
    const rows: (string | number)[][] = [
      ['项目名称', '项目地址', '地区代码', '金额'],
      ['莲池区<南关>小学 & "改扩建"', '  前后有空格  ', 130602, 33000.5],
      ["单引号'与换行\n第二行", '', -1, 0],
      wide,
    ]
    const read = readXlsx(xlsx('项目清单', rows))
    expect(read.map((r) => r.row)).toEqual([1, 2, 3, 4])
    expect(cellsOf(read)).toEqual(rows.map((r) => r.map(String)))
    expect(read[3].cells[29]).toBe('列30') // column AD
  })

  test('the downloadable template reads back as the header and the example rows', () => {
    const { filename, mime, bytes } = templateFile('xlsx')
    expect(filename).toMatch(/\.xlsx$/)
    expect(mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(cellsOf(readSheet(filename, bytes))).toEqual([TEMPLATE_HEADER, ...TEMPLATE_EXAMPLES])
  })

  test('shared strings: plain, rich-text runs, phonetic guides left out, escapes, sparse rows and cells', () => {
    const file = workbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s" s="3"><v>1</v></c></row>' +
        // Row 2 is missing; row 3 has cells out of order and a number typed as 1.30602E5.
        '<row r="3" spans="1:4"><c r="D3"><v>1.30602E5</v></c><c r="B3" t="s"><v>2</v></c><c r="A3" t="s"><v>3</v></c></row>' +
        // A shared-string index past the table reads as empty; booleans and formula strings as shown.
        '<row r="4"><c r="A4" t="s"><v>99</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="str"><f>A1</f><v>公式结果</v></c></row>',
      [
        '<t>项目名称</t>',
        '<r><rPr><b/><rFont val="宋体"/></rPr><t>竞秀区</t></r><rPh sb="0" eb="3"><t>ジンシウ</t></rPh><r><t xml:space="preserve"> 安置房</t></r><phoneticPr fontId="1"/>',
        '<t>&lt;&amp;&gt; &quot;引号&quot; &#20013;&#x6587; 回车_x000D_换行</t>',
        '<t xml:space="preserve">  留空格  </t>',
      ],
    )
    expect(readXlsx(Buffer.from(file))).toEqual([
      { row: 1, cells: ['项目名称', '', '竞秀区 安置房'] },
      { row: 3, cells: ['  留空格  ', '<&> "引号" 中文 回车\r换行', '', '130602'] },
      { row: 4, cells: ['', 'TRUE', '公式结果'] },
    ])
  })

  test('inline strings, namespace prefixes, cells without references, an empty sheet', () => {
    const prefixed = zipSync({
      'xl/workbook.xml': strToU8(
        `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><x:sheets><x:sheet name="a" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
      ),
      'xl/worksheets/data.xml': strToU8(
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
          '<x:row><x:c t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>乙</x:t></x:r><x:r><x:t>丙</x:t></x:r></x:is></x:c></x:row>' +
          '<x:row/><x:row r="7"><x:c r="B7" t="inlineStr"><x:is><x:t>&amp;</x:t></x:is></x:c></x:row>' +
          '</x:sheetData></x:worksheet>',
      ),
    })
    expect(readXlsx(Buffer.from(prefixed))).toEqual([
      { row: 1, cells: ['甲', '乙丙'] },
      { row: 2, cells: [] },
      { row: 7, cells: ['', '&'] },
    ])
    expect(readXlsx(Buffer.from(workbook('')))).toEqual([])
  })

  test('no more rows are read than an import could use', () => {
    const many = Array.from({ length: 5200 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('')
    const rows = readXlsx(Buffer.from(workbook(many)))
    expect(rows).toHaveLength(5100)
    expect(rows[5099]).toEqual({ row: 5100, cells: ['5099'] })
  })

  test('a workbook with a GBK-named part (an image, as Chinese Windows tools zip it) still reads', () => {
    const gbkName = Buffer.from([0xcd, 0xbc, 0xc6, 0xac]) // 图片 in GBK, no UTF-8 flag in the zip
    const file = Buffer.from(
      workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>', undefined, {
        'xl/media/abcd.png': new Uint8Array(8),
      }),
    )
    const at = file.indexOf('xl/media/abcd.png')
    file.set(gbkName, at + 'xl/media/'.length)
    file.set(gbkName, file.indexOf('xl/media/abcd.png') + 'xl/media/'.length) // the central directory's copy
    expect(file.indexOf('xl/media/abcd')).toBe(-1)
    expect(cellsOf(readSheet('清单.xlsx', file))).toEqual([['项目名称']])
  })
})

describe('CSV', () => {
  test('UTF-8 with a BOM: quoted commas, doubled quotes, line breaks inside cells, CRLF', () => {
    const text = '\ufeff项目名称,项目地址,备注\r\n"竞秀区, 一期","说""好""的",x\r\n"多\r\n行",,"末尾"\r\n'
    expect(readSheet('清单.csv', Buffer.from(text, 'utf8'))).toEqual([
      { row: 1, cells: ['项目名称', '项目地址', '备注'] },
      { row: 2, cells: ['竞秀区, 一期', '说"好"的', 'x'] },
      { row: 3, cells: ['多\n行', '', '末尾'] },
    ])
  })

  test('mixed line ends, blank lines keep their row numbers, no newline at the end, tabs', () => {
    expect(parseCsv('a,b\n\n1,2\r3,4')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: [''] },
      { row: 3, cells: ['1', '2'] },
      { row: 4, cells: ['3', '4'] },
    ])
    expect(parseCsv('项目名称\t项目地址\n"甲,乙"\t丙\n')).toEqual([
      { row: 1, cells: ['项目名称', '项目地址'] },
      { row: 2, cells: ['甲,乙', '丙'] },
    ])
    expect(parseCsv('')).toEqual([])
  })

  test('GB18030 (Excel on Chinese Windows), UTF-16 with a BOM, and a quote never closed', () => {
    const gbk = Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x61, 0x0d, 0x0a, 0xbc, 0xd7, 0x2c, 0x31]) // 项目名称,a / 甲,1
    expect(cellsOf(readSheet('a.csv', gbk))).toEqual([
      ['项目名称', 'a'],
      ['甲', '1'],
    ])
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('项目名称,地址\r\n甲,乙', 'utf16le')])
    expect(cellsOf(readSheet('a.txt', utf16))).toEqual([
      ['项目名称', '地址'],
      ['甲', '乙'],
    ])
    expect(cellsOf(readSheet('a.csv', Buffer.from('a,"b\nc,d')))).toEqual([['a', 'b\nc,d']])
  })

  test('the downloadable CSV template reads as the one shipped for the command line', () => {
    const { filename, mime, bytes } = templateFile('csv')
    expect([filename, mime]).toEqual(['项目导入模板.csv', 'text/csv'])
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const shipped = readSheet('sites-template.csv', readFileSync(TEMPLATE))
    expect(readSheet(filename, bytes)).toEqual(shipped)
    expect(shipped[0].cells).toEqual(TEMPLATE_HEADER)
  })
})

describe('files that are not what they claim', () => {
  const good = xlsx('表', [
    ['项目名称', '地区代码'],
    ['甲', 130602],
  ])

  test('a GBK text file named .xlsx, an empty file, a legacy .xls (or encrypted) workbook', () => {
    const gbkCsv = Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb5, 0xd8, 0xd6, 0xb7, 0x0d, 0x0a])
    expect(unreadable('清单.xlsx', gbkCsv)).toMatchObject({ field: 'base64', message: '文件不是有效的 xlsx 表格（不是 zip 文件）' })
    expect(unreadable('清单.xlsx', Buffer.alloc(0)).message).toBe('文件不是有效的 xlsx 表格（不是 zip 文件）')
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)])
    expect(unreadable('清单.xlsx', ole).message).toContain('设置了密码')
    expect(unreadable('清单.xls', good)).toMatchObject({
      field: 'filename',
      message: '不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入',
    })
  })

  test('a zip that is not a workbook: GBK-named entries (a zipped CSV), or a workbook without its sheet', () => {
    const zipped = Buffer.from(zipSync({ 'abcdefgh.csv': strToU8('项目名称\r\n') }))
    const gbk = Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc7, 0xe5, 0xb5, 0xa5]) // 项目清单
    for (let at = zipped.indexOf('abcdefgh'); at >= 0; at = zipped.indexOf('abcdefgh')) zipped.set(gbk, at)
    expect(unreadable('项目清单.xlsx', zipped).message).toBe('文件不是有效的 xlsx 表格（没有工作簿）')
    const noSheet = zipSync({
      'xl/workbook.xml': strToU8(`<workbook ${NS}><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    })
    expect(unreadable('a.xlsx', noSheet).message).toBe('表格里没有工作表')
  })

  test('a truncated download, a part that inflates past the limit', () => {
    for (const n of [10, 100, good.length >> 1, good.length - 10]) expect(unreadable('a.xlsx', good.subarray(0, n)).message).toMatch(/xlsx/)
    const bomb = workbook('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', [`<t>${' '.repeat(17 * 1024 * 1024)}</t>`])
    expect(bomb.length).toBeLessThan(100_000)
    expect(unreadable('a.xlsx', bomb).message).toBe('表格内容太大，请拆分后再导入')
  })

  test('random damage anywhere in the file: rows or a Chinese message, nothing else', () => {
    let seed = 11
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let i = 0; i < 400; i++) {
      const bytes = Buffer.from(good)
      for (let k = 1 + random(4); k > 0; k--) bytes[random(bytes.length)] = random(256)
      const damaged = random(5) === 0 ? bytes.subarray(0, random(bytes.length)) : bytes
      try {
        readSheet('a.xlsx', damaged)
      } catch (e) {
        expect(e).toBeInstanceOf(UnreadableFile)
        expect((e as Error).message).toMatch(/[\u4e00-\u9fa5]/)
      }
    }
  })
})
