// Writing spreadsheets (the ledger export): the XLSX writer's zip and XML, and the CSV and XLSX ledgers
// with formula-looking cells defused, read back with the import's own readers.
import { strFromU8, unzipSync } from 'fflate'
import { toCsv, toXlsx } from '../../cloudfunctions/core/ledger'
import { decodeText, parseCsv, readXlsx } from '../../cloudfunctions/core/siteImport'
import { xlsx } from '../../cloudfunctions/core/xlsx'

const TABLE: (string | number)[][] = [
  ['案件编号', '最后记录', '金额'],
  ['=HYPERLINK("http://evil")', '+86 138', -5],
  ['-1+1', '@SUM(A1)', 33000.5],
  ['\t制表符开头', '已约谈总包, 要求"三日内"支付\n第二行', 0],
]
const DEFUSED = [
  ['案件编号', '最后记录', '金额'],
  ['\'=HYPERLINK("http://evil")', "'+86 138", '-5'],
  ["'-1+1", "'@SUM(A1)", '33000.5'],
  ["'\t制表符开头", '已约谈总包, 要求"三日内"支付\n第二行', '0'],
]

test('the XLSX writer makes a zip of the five parts with the sheet as inline strings and numbers', () => {
  const parts = unzipSync(xlsx('台账 <1>', [['a & b', 1.5]]))
  expect(Object.keys(parts)).toEqual([
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/worksheets/sheet1.xml',
  ])
  expect(strFromU8(parts['xl/workbook.xml'])).toContain('<sheet name="台账 &lt;1&gt;" sheetId="1" r:id="rId1"/>')
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml'])
  expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">a &amp; b</t></is></c><c r="B1"><v>1.5</v></c>')
})

test('characters XML cannot carry are dropped; the rest survive a round trip', () => {
  const rows = readXlsx(xlsx('s', [['响\u0001铃\u001f', '换\n行\t制表']]))
  expect(rows).toEqual([{ row: 1, cells: ['响铃', '换\n行\t制表'] }])
})

test('the CSV ledger: UTF-8 BOM, CRLF, quoted where needed, formula-looking text defused, numbers left alone', () => {
  const bytes = toCsv(TABLE)
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
  const text = bytes.toString('utf8')
  expect(text.endsWith('\r\n')).toBe(true)
  expect(text.split('\r\n')[1]).toBe('"\'=HYPERLINK(""http://evil"")",\'+86 138,-5')
  expect(parseCsv(decodeText(bytes)).map((r) => r.cells)).toEqual(DEFUSED)
})

test('the XLSX ledger defuses the same cells', () => {
  expect(readXlsx(toXlsx(TABLE)).map((r) => r.cells)).toEqual(DEFUSED)
})
