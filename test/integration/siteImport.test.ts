// Site import through the real local server (admin `site.import`) and the command line: all rows valid
// or nothing written, a per-row report in Chinese, re-import updates without duplicates, CSV and XLSX
// (inline strings from the project's writer, and shared strings as Excel and WPS write them).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'
import { xlsx } from '../../cloudfunctions/core/xlsx'
import { parseCsv, decodeText, readXlsx } from '../../cloudfunctions/core/siteImport'
import { seedDemo } from '../../cloudfunctions/core/seed'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { checkSiteCode, formatSiteCode, usccCheckChar } from '../../shared/validators'
import { startTestServer, tableCounts, type TestServer } from '../helpers/server'

const ROOT = path.resolve(__dirname, '../..')
const TEMPLATE = path.join(ROOT, 'scripts/templates/sites-template.csv')
const HEADER = ['项目码', '项目名称', '项目地址', '地区代码', '行业', '资金来源', '总承包单位', '统一社会信用代码', '主管部门', '状态']
const uscc = (first17: string) => first17 + usccCheckChar(first17)
/** A credit code whose check character is wrong. */
const wrongUscc = (first17: string) => first17 + (usccCheckChar(first17) === '0' ? '1' : '0')
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64')

/** CSV text from rows (quotes every cell that needs it). */
const csv = (rows: (string | number)[][]) =>
  '\ufeff' +
  rows.map((r) => r.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') +
  '\r\n'

let srv: TestServer
let coordinator: string
const siteCount = () => (srv.db().prepare('SELECT COUNT(*) AS n FROM sites').get() as { n: number }).n
const siteRow = (code: string) => srv.db().prepare('SELECT * FROM sites WHERE code = ?').get(code) as Record<string, any>
const importFile = (filename: string, bytes: Buffer | string, token = coordinator) =>
  srv.call(token, 'admin', 'site.import', { filename, base64: b64(bytes) })

beforeAll(async () => {
  srv = await startTestServer()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())

describe('through admin site.import', () => {
  let codes: string[] = []

  test('the template imports: two new sites, departments by id and by exact name', async () => {
    const before = siteCount()
    const r = await importFile('sites-template.csv', readFileSync(TEMPLATE))
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ rows: 2, created: 2, updated: 0 })
    expect(r.data.sites.map((s: any) => [s.row, s.name])).toEqual([
      [2, '竞秀区职教园区实训楼工程'],
      [3, '莲池区乐凯南大街道路提升工程'],
    ])
    codes = r.data.sites.map((s: any) => s.code)
    for (const c of codes) expect(checkSiteCode(c)).toEqual({ ok: true, value: c })
    expect(siteCount()).toBe(before + 2)
    expect(siteRow(codes[0])).toMatchObject({
      name: '竞秀区职教园区实训楼工程',
      area_code: '130602',
      industry: 'housing',
      funding: 'government',
      contractor_uscc: '91130602MA0A1B2C3P',
      supervising_dept_id: 'd-jx-housing',
      issuer_dept_id: 'd-jx-housing',
      retired: 0,
    })
    expect(siteRow(codes[1])).toMatchObject({
      address: '莲池区乐凯南大街（东风路至南二环段）',
      industry: 'transport',
      funding: 'state_owned',
      supervising_dept_id: 'd-city-transport',
    })
    // A worker's scan finds the imported site.
    const worker = await srv.login({ persona: 'worker-a' })
    const lookup = await srv.call(worker, 'worker', 'site.lookup', { code: codes[1] })
    expect(lookup.data).toMatchObject({ name: '莲池区乐凯南大街道路提升工程', supervisingDept: { name: '保定市交通运输局' } })
  })

  test('re-importing the same file updates by name and area code: no duplicates', async () => {
    const before = tableCounts(srv.db())
    const r = await importFile('sites-template.csv', readFileSync(TEMPLATE))
    expect(r.data).toMatchObject({ rows: 2, created: 0, updated: 2 })
    expect(r.data.sites.map((s: any) => s.code)).toEqual(codes)
    // No new site; the import itself is on the record (issue 17: every admin change).
    expect(tableCounts(srv.db())).toEqual({ ...before, admin_audit: before.admin_audit + 1 })
  })

  test('with the code column filled (any case, with a dash) the rows update those sites', async () => {
    const before = siteCount()
    const file = csv([
      HEADER,
      [
        formatSiteCode(codes[0]).toLowerCase(),
        '竞秀区职教园区实训楼工程（二期）',
        '竞秀区乐凯北大街1号',
        '130602',
        'housing',
        'government',
        '保定示例建筑工程有限公司',
        '91130602ma0a1b2c3p',
        'd-jx-housing',
        '停用',
      ],
      [
        codes[1],
        '莲池区乐凯南大街道路提升工程',
        '莲池区乐凯南大街, "南段"',
        '130606',
        '交通',
        '国企',
        '保定示例路桥工程有限公司',
        '91130606MA0D4E5F6K',
        '保定市交通运输局',
        '',
      ],
    ])
    const r = await importFile('改名.csv', file)
    expect(r.data).toMatchObject({ created: 0, updated: 2 })
    expect(siteCount()).toBe(before)
    expect(siteRow(codes[0])).toMatchObject({ name: '竞秀区职教园区实训楼工程（二期）', address: '竞秀区乐凯北大街1号', retired: 1 })
    expect(siteRow(codes[1])).toMatchObject({ address: '莲池区乐凯南大街, "南段"', retired: 0 })
    // Back to the template's names and status: still the same two sites.
    const back = await importFile(
      'codes.csv',
      csv([
        HEADER,
        [
          codes[0],
          '竞秀区职教园区实训楼工程',
          '竞秀区乐凯北大街与复兴西路交叉口',
          130602,
          '房建市政',
          '政府投资',
          '保定示例建筑工程有限公司',
          '91130602MA0A1B2C3P',
          'd-jx-housing',
          '在建',
        ],
      ]),
    )
    expect(back.data).toMatchObject({ created: 0, updated: 1 })
    expect(siteRow(codes[0])).toMatchObject({ name: '竞秀区职教园区实训楼工程', retired: 0 })
  })

  test('an XLSX from the project’s own writer (inline strings, numeric area codes) imports the same', async () => {
    const before = siteCount()
    const rows = parseCsv(decodeText(readFileSync(TEMPLATE))).map((r) =>
      r.cells.map((c, i) => (i === 3 && /^\d+$/.test(c) ? Number(c) : c)),
    )
    const r = await importFile('项目.xlsx', xlsx('项目清单', rows))
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ rows: 2, created: 0, updated: 2 })
    expect(r.data.sites.map((s: any) => s.code)).toEqual(codes)
    expect(siteCount()).toBe(before)
  })

  test('an XLSX with shared strings, a title row and rich text (as Excel and WPS save it) imports', async () => {
    const before = siteCount()
    const file = sharedStringsXlsx([
      // Row 1: a title above the header; row 2 empty; header on row 3; data from row 4.
      { r: 1, cells: [{ s: '保定市在建项目清单（2026年11月）' }] },
      { r: 3, cells: HEADER.map((h) => ({ s: h === '项目码' ? '项目码(可空)' : h })) },
      {
        r: 4,
        cells: [
          {},
          { s: '竞秀区职教园区实训楼工程' },
          { s: '竞秀区乐凯北大街与复兴西路交叉口' },
          { n: 130602 },
          { s: '房建市政' },
          { s: '政府投资' },
          { s: '保定示例建筑工程有限公司' },
          { s: '91130602MA0A1B2C3P' },
          { s: '竞秀区住房和城乡建设局' },
        ],
      },
      {
        r: 6,
        cells: [
          {},
          { rich: ['竞秀区', '<&>', '安置房'] },
          { s: '竞秀区七一西路 & 朝阳大街' },
          { n: 130602 },
          { s: '房建市政' },
          { s: '其他' },
          { s: '保定安居建设有限公司' },
          { s: uscc('91130602MA0K1L2M3') },
          { s: 'd-jx-housing' },
          { s: '在建' },
        ],
      },
    ])
    const r = await importFile('WPS导出.xlsx', file)
    expect(r.status).toBe(200)
    expect(r.data).toMatchObject({ rows: 2, created: 1, updated: 1 })
    expect(r.data.sites[0]).toEqual({ row: 4, code: codes[0], name: '竞秀区职教园区实训楼工程', action: 'updated' })
    expect(r.data.sites[1]).toMatchObject({ row: 6, name: '竞秀区<&>安置房', action: 'created' })
    expect(siteRow(r.data.sites[1].code)).toMatchObject({ address: '竞秀区七一西路 & 朝阳大街', funding: 'other', area_code: '130602' })
    expect(siteCount()).toBe(before + 1)

    // Row numbers in the report are the spreadsheet's own (row 6 here, after the gap).
    const bad = sharedStringsXlsx([
      { r: 1, cells: HEADER.map((h) => ({ s: h })) },
      {
        r: 6,
        cells: [
          {},
          { s: '某项目' },
          { s: '某路' },
          { n: 130602 },
          { s: '房建市政' },
          { s: '其他' },
          { s: '某公司' },
          { n: '9.1130602123456794E+17' },
          { s: 'd-jx-housing' },
        ],
      },
    ])
    const rb = await importFile('bad.xlsx', bad)
    expect(rb.error!.fields).toEqual({ 'rows.6.统一社会信用代码': expect.stringContaining('设为“文本”') })
  })

  test('a file with many bad rows: every row’s problem in Chinese, nothing written', async () => {
    const before = tableCounts(srv.db())
    const good = [
      '',
      '莲池区南关小学改扩建工程',
      '莲池区南关街',
      '130606',
      '房建市政',
      '政府投资',
      '保定示例建筑工程有限公司',
      uscc('91130606MA0P1Q2R3'),
      'd-lc-labour',
      '',
    ]
    const badUscc = wrongUscc('91130606MA0R4T5U6')
    const file = csv([
      HEADER,
      good, // row 2: fine
      ['', '校验位错误的项目', '某路', '130606', '交通', '国有企业', '某公司', badUscc, 'd-city-transport', ''], // 3
      ['', '不存在的地区', '某路', '139999', '交通', '国有企业', '某公司', uscc('91130606MA0R4T5U7'), 'd-city-transport', ''], // 4
      ['', '石家庄的项目', '长安区某路', '130102', '交通', '国有企业', '某公司', uscc('91130102MA0R4T5U7'), 'd-city-transport', ''], // 5
      ['', '单位不存在', '某路', '130606', '水利', '其他', '某公司', uscc('91130606MA0R4T5U8'), '莲池区水利局', ''], // 6
      ['', '行业不对', '某路', '130606', '建筑', '其他', '某公司', uscc('91130606MA0R4T5U9'), 'd-city-water', ''], // 7
      [...good.slice(0, 9), ''], // 8: the same project as row 2
      ['', '服务台当主管', '某路', '130602', '其他', '民间', '某公司', uscc('91130602MA0R4T5UA'), 'd-jx-desk', '完工'], // 9
      ['ABCDEFG', '', '某路', '130606', '其他', '其他', '', uscc('91130606MA0R4T5UB'), 'd-lc-labour', ''], // 10
      ['', '外区单位', '某路', '130606', '房建市政', '其他', '某公司', uscc('91130606MA0R4T5UC'), '竞秀区住房和城乡建设局', ''], // 11
    ])
    const r = await importFile('有错的清单.csv', file)
    expect(r.status).toBe(400)
    expect(r.error!.code).toBe('VALIDATION')
    expect(r.error!.message).toBe('有9行需要修改，没有导入任何项目')
    expect(r.error!.fields).toEqual({
      'rows.3.统一社会信用代码': '统一社会信用代码校验位不对，请核对',
      'rows.4.地区代码': '没有这个地区代码：139999',
      'rows.5.地区代码': '河北省石家庄市长安区不在您的辖区（河北省保定市）内',
      'rows.6.主管部门': '没有这个单位：莲池区水利局（请填写单位全称或单位编号）',
      'rows.7.行业': '行业应填写：房建市政、交通、水利、其他',
      'rows.8.项目名称': '与第2行重复（项目名称和地区代码相同）',
      'rows.9.资金来源': '资金来源应填写：政府投资、国有企业、其他',
      'rows.9.主管部门': '维权服务台不能作为主管部门',
      'rows.9.状态': '状态应填写：在建或停用（不填即为在建）',
      'rows.10.项目码': '项目码有误，请核对后重新输入',
      'rows.10.项目名称': '请填写项目名称',
      'rows.10.总承包单位': '请填写总承包单位',
      'rows.11.主管部门': '竞秀区住房和城乡建设局不管辖项目所在地区（河北省保定市莲池区）',
    })
    const report = (r.error as any).report as { row: number; column: string; message: string }[]
    expect(new Set(report.map((x) => x.row))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]))
    expect(report.every((x) => /[\u4e00-\u9fa5]/.test(x.message))).toBe(true)
    expect(tableCounts(srv.db())).toEqual(before)
  })

  test('a coordinator of one district cannot import or update another district’s sites', async () => {
    // A 竞秀区 coordinator (the desk's parent department is 竞秀区 labour inspection).
    srv
      .db()
      .prepare(
        "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('jx-coord', 'coordinator', 'd-jx-labour', NULL, '2026-01-01T00:00:00Z')",
      )
      .run()
    const jx = await srv.login({ openid: 'jx-coord' })
    const before = tableCounts(srv.db())
    const r = await importFile(
      'x.csv',
      csv([
        HEADER,
        [
          codes[1],
          '莲池区乐凯南大街道路提升工程',
          '某路',
          '130602',
          '交通',
          '国企',
          '某公司',
          '91130606MA0D4E5F6K',
          'd-city-transport',
          '',
        ],
      ]),
      jx,
    )
    expect(r.error!.fields).toEqual({
      'rows.2.项目码': '该项目码属于辖区外的项目',
      'rows.2.主管部门': '保定市交通运输局不在您的辖区（河北省保定市竞秀区）内',
    })
    expect(tableCounts(srv.db())).toEqual(before)
  })

  test('only coordinators; wrong files and columns are explained', async () => {
    const inspector = await srv.login({ persona: 'inspector' })
    expect((await importFile('sites.csv', readFileSync(TEMPLATE), inspector)).error!.code).toBe('FORBIDDEN')
    expect((await importFile('sites.xls', 'x')).error!.fields).toEqual({
      filename: '不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入',
    })
    expect((await importFile('sites.pdf', 'x')).error!.fields).toEqual({ filename: '只支持 .xlsx 或 .csv 文件' })
    expect((await importFile('sites.xlsx', 'not a zip')).error!.fields).toEqual({ base64: expect.stringContaining('xlsx') })
    expect((await srv.call(coordinator, 'admin', 'site.import', { filename: 'a.csv', base64: '***' })).error!.fields).toEqual({
      base64: '文件内容不对（应为 base64）',
    })
    expect((await srv.call(coordinator, 'admin', 'site.import', { filename: 'a.csv' })).error!.fields).toEqual({ base64: '请选择文件' })
    const missing = await importFile('少列.csv', csv([['项目名称', '项目地址', '地区代码', '行业', '资金来源', '总承包单位', '主管部门']]))
    expect(missing.error!.fields).toEqual({ 'rows.1.统一社会信用代码': '缺少“统一社会信用代码”列' })
    const empty = await importFile('空.csv', csv([HEADER]))
    expect(empty.error!.fields).toEqual({ 'rows.2.项目名称': '表格里没有项目' })
    const noHeader = await importFile('无表头.csv', 'a,b,c\r\n1,2,3\r\n')
    expect(noHeader.error!.message).toContain('找不到表头')
  })
})

describe('reading files', () => {
  test('CSV: BOM or none, quoted separators, doubled quotes, line breaks in a cell, CRLF/LF, tabs', () => {
    const text = '项目名称,项目地址\r\n"A, B","说""好""的"\n"多\n行",x\r\n'
    const expected = [
      { row: 1, cells: ['项目名称', '项目地址'] },
      { row: 2, cells: ['A, B', '说"好"的'] },
      { row: 3, cells: ['多\n行', 'x'] },
    ]
    expect(parseCsv(decodeText(Buffer.from('\ufeff' + text)))).toEqual(expected)
    expect(parseCsv(decodeText(Buffer.from(text)))).toEqual(expected)
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
    ])
  })

  test('CSV saved by Excel on Chinese Windows (GB18030) is read too', () => {
    const gbk = Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]) // 项目名称
    expect(decodeText(gbk)).toBe('项目名称')
  })

  test('XLSX: stored and deflated parts, shared strings with phonetic runs skipped, cells out of order', () => {
    const rows = readXlsx(
      sharedStringsXlsx([{ r: 2, cells: [{ s: 'x' }, {}, { rich: ['竞', '秀'] }, { n: '1.30602E5' }] }], { phonetic: true, stored: true }),
    )
    expect(rows).toEqual([{ row: 2, cells: ['x', '', '竞秀', '130602'] }])
  })
})

describe('npm run sites:import', () => {
  let dir: string
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx')
  const run = (...args: string[]) =>
    spawnSync(tsx, ['scripts/sites-import.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' })

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xam-import-'))
    const s = new SqliteStorage(path.join(dir, 'xinanma.db'))
    await seedDemo(s, new Date())
    s.close()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('imports the template (whole-country scope), then updates it on the second run', () => {
    const first = run(TEMPLATE)
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('范围：全国（未指定 --coordinator）')
    expect(first.stdout).toMatch(/第2行 新建 [2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{4} 竞秀区职教园区实训楼工程/)
    expect(first.stdout).toContain('导入完成：共2个项目，新建2个，更新0个')
    const second = run(TEMPLATE, '--coordinator', 'persona-coordinator')
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('范围：河北省保定市（persona-coordinator）')
    expect(second.stdout).toContain('新建0个，更新2个')
    const s = new SqliteStorage(path.join(dir, 'xinanma.db'))
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM sites').get()).toEqual({ n: 6 })
    s.close()
  })

  test('a bad file: the per-row report, exit code 1, nothing written', () => {
    const file = path.join(dir, 'bad.csv')
    writeFileSync(
      file,
      csv([
        HEADER,
        ['', '新项目', '某路', '130606', '交通', '国企', '某公司', wrongUscc('91130600123456789'), 'd-city-transport', ''],
        ['', '另一个', '某路', '130102', '交通', '国企', '某公司', uscc('91130102MA0R4T5U7'), 'd-city-transport', ''],
      ]),
    )
    const r = run(file, '--coordinator', 'persona-coordinator')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('有问题，没有导入任何项目（共2行需要修改）')
    expect(r.stderr).toContain('第2行 统一社会信用代码：统一社会信用代码校验位不对，请核对')
    expect(r.stderr).toContain('第3行 地区代码：河北省石家庄市长安区不在您的辖区（河北省保定市）内')
    const s = new SqliteStorage(path.join(dir, 'xinanma.db'))
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM sites').get()).toEqual({ n: 6 })
    s.close()
  })

  test('--dry-run checks without writing; a non-coordinator and a missing file are refused', () => {
    const file = path.join(dir, 'new.csv')
    writeFileSync(
      file,
      csv([HEADER, ['', '全新项目', '某路', '130606', '水利', '其他', '某公司', uscc('91130606MA0Y9Y8X7'), 'd-city-water', '']]),
    )
    const dry = run(file, '--dry-run')
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('检查通过，未写入：共1个项目，新建1个，更新0个')
    const s = new SqliteStorage(path.join(dir, 'xinanma.db'))
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM sites').get()).toEqual({ n: 6 })
    s.close()
    expect(run(file, '--coordinator', 'persona-inspector')).toMatchObject({ status: 2, stderr: expect.stringContaining('不是联席办人员') })
    expect(run(path.join(dir, 'nope.csv'))).toMatchObject({ status: 2, stderr: expect.stringContaining('读不到文件') })
    expect(run()).toMatchObject({ status: 2, stderr: expect.stringContaining('用法') })
  })
})

// ------------------------------------------------------------------------------------------------
// A hand-built XLSX the way Excel and WPS write it: shared strings (some as rich-text runs), numbers
// as <v>, a sparse sheet (missing rows and cells), a title row. Zip parts stored or deflated.

type Cell = { s?: string; rich?: string[]; n?: number | string }
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const col = (i: number) => String.fromCharCode(65 + i)

function sharedStringsXlsx(rows: { r: number; cells: Cell[] }[], o: { phonetic?: boolean; stored?: boolean } = {}): Buffer {
  const strings: string[] = []
  const sst = (xml: string) => strings.push(xml) - 1
  const sheetRows = rows
    .map(({ r, cells }) => {
      // Cells written in reverse order: the reader must place them by their reference.
      const xml = cells
        .map((c, i) => {
          const ref = `${col(i)}${r}`
          if (c.s !== undefined) return `<c r="${ref}" s="1" t="s"><v>${sst(`<t>${esc(c.s)}</t>`)}</v></c>`
          if (c.rich) {
            const runs = c.rich.map(
              (t, k) =>
                `<r><rPr><b/><sz val="11"/><rFont val="宋体"/></rPr><t xml:space="preserve">${esc(t)}</t></r>${o.phonetic && k === 0 ? '<rPh sb="0" eb="1"><t>ジン</t></rPh>' : ''}`,
            )
            return `<c r="${ref}" t="s"><v>${sst(runs.join(''))}</v></c>`
          }
          if (c.n !== undefined) return `<c r="${ref}" s="2"><v>${c.n}</v></c>`
          return `<c r="${ref}" s="1"/>`
        })
        .reverse()
        .join('')
      return `<row r="${r}" spans="1:10" x14ac:dyDescent="0.25">${xml}</row>`
    })
    .join('')
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ],
    [
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="项目清单" sheetId="3" r:id="rId7"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Target="/xl/worksheets/sheet2.xml" Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ],
    [
      'xl/worksheets/sheet1.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>这是第二个工作表，不该被读取</t></is></c></row></sheetData></worksheet>',
    ],
    [
      'xl/worksheets/sheet2.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1:J9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="10" width="20"/></cols><sheetData>${sheetRows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    ],
    [
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
    ],
  ]
  return zip(
    parts.map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })),
    o.stored ?? false,
  )
}

function zip(files: { name: string; data: Buffer }[], storeSome: boolean): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  files.forEach((f, i) => {
    const name = Buffer.from(f.name, 'utf8')
    const stored = storeSome && i % 2 === 0
    const body = stored ? f.data : deflateRawSync(f.data)
    const header = (central: boolean) => {
      const b = Buffer.alloc(central ? 46 : 30)
      let p = 0
      b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, p)
      p += 4
      if (central) {
        b.writeUInt16LE(20, p)
        p += 2
      }
      b.writeUInt16LE(20, p)
      b.writeUInt16LE(0x0800, p + 2)
      b.writeUInt16LE(stored ? 0 : 8, p + 4)
      b.writeUInt32LE(crc32(f.data) >>> 0, p + 10)
      b.writeUInt32LE(body.length, p + 14)
      b.writeUInt32LE(f.data.length, p + 18)
      b.writeUInt16LE(name.length, p + 22)
      if (central) b.writeUInt32LE(offset, 42)
      return b
    }
    centrals.push(header(true), name)
    locals.push(header(false), name, body)
    offset += 30 + name.length + body.length
  })
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}
