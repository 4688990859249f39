// Issue 14, part 5: leads in bulk from the national platform's export (CSV or XLSX, with a template):
// all rows checked first, nothing registered when one is bad, a report naming each bad row and column;
// importing the same sheet again registers nothing twice.
import { unparse } from 'papaparse'
import { xlsx } from '../../cloudfunctions/core/xlsx'
import { LEAD_TEMPLATE_HEADER } from '../../cloudfunctions/core/leadImport'
import { startTestServer, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let coordinator: string
const NOW = '2026-11-18T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
beforeEach(() => srv.dev('/dev/clock', { now: NOW }))
afterEach(() => srv.dev('/dev/clock', { now: null }))

/** An export of the national platform: its own header words, an extra column, and rows. */
const HEADER = [
  '线索编号',
  '反映时间',
  '办理期限',
  '反映人姓名',
  '联系电话',
  '项目名称',
  '项目地址',
  '所在地区',
  '行业类别',
  '被反映单位',
  '涉及人数',
  '欠薪金额（元）',
  '欠薪起始月份',
  '反映内容',
  '备注',
]
const good = [
  [
    'XS2026130600000201',
    '2026-11-17 10:20',
    '2026-11-27',
    '王建国',
    '13911112222',
    '竞秀区某小区三期',
    '竞秀区朝阳北大街88号',
    '130602',
    '房建市政',
    '保定某劳务公司',
    '6',
    '48,000',
    '2026-08',
    '六名工人三个月工资未发',
    '',
  ],
  [
    'XS2026130600000202',
    '2026-11-17 15:05',
    '',
    '李秀英',
    '13822223333',
    '莲池区某道路工程',
    '',
    '河北省保定市莲池区',
    '交通运输',
    '',
    '2',
    '15000.50',
    '2026年9月',
    '',
    '重点',
  ],
  ['XS2026130600000203', '', '', '赵大勇', '13733334444', '郑州某商场装修', '', '410105', '其他', '', '1', '0.8万', '2026/10', '', ''],
]
const csv = (rows: string[][], header = HEADER) =>
  Buffer.from('\ufeff' + unparse([header, ...rows], { newline: '\r\n' }), 'utf8').toString('base64')
const upload = (base64: string, more: Record<string, unknown> = {}, filename = '线索导出.csv') =>
  srv.call(coordinator, 'admin', 'lead.import', { filename, base64, ...more })

test('the template: every column named, required ones plain, optional ones marked; it reads back clean', async () => {
  const t = await srv.call(coordinator, 'admin', 'lead.template', { format: 'csv' })
  expect(t.data.filename).toBe('线索导入模板.csv')
  const text = Buffer.from(t.data.base64, 'base64').toString('utf8')
  expect(
    text
      .split('\r\n')[0]
      .replace(/^\ufeff/, '')
      .split(','),
  ).toEqual(LEAD_TEMPLATE_HEADER)
  const check = await upload(t.data.base64, { dryRun: true }, t.data.filename)
  expect(check.data).toMatchObject({ dryRun: true, rows: 2, created: 0 })
  expect(check.data.leads.map((l: any) => l.action)).toEqual(['checked', 'checked'])
  const x = await srv.call(coordinator, 'admin', 'lead.template', { format: 'xlsx' })
  expect(Buffer.from(x.data.base64, 'base64').subarray(0, 2).toString()).toBe('PK')
})

test('one bad row: nothing registered, every problem reported by row and column', async () => {
  const before = tableCounts(srv.db())
  const bad = [
    ...good,
    ['XS2026130600000204', '', '2026-02-30', '钱多多', '1380000', '某工地', '', '保定市', '航天', '', '三', '12k', '2027-01', '', ''],
    ['XS2026130600000201', '', '', '孙某', '13600001111', '某工地', '', '130602', '房建市政', '', '1', '100', '2026-08', '', ''],
  ]
  const r = await upload(csv(bad))
  expect(r.status).toBe(400)
  expect(r.error!.code).toBe('VALIDATION')
  expect(r.error!.message).toBe('有2行需要修改，没有导入任何线索')
  const report = (r.error as any).report as { row: number; column: string; message: string }[]
  const row5 = report
    .filter((x) => x.row === 5)
    .map((x) => x.column)
    .sort()
  expect(row5).toEqual(['办理期限', '所在地区', '欠薪起始月份', '欠薪金额（元）', '涉及人数', '联系电话', '行业'].sort())
  expect(report.find((x) => x.row === 6)).toMatchObject({ column: '线索编号', message: '与第2行的线索编号重复' })
  for (const x of report) expect(x.message).toMatch(/[\u4e00-\u9fa5]/)
  expect(r.error!.fields).toHaveProperty(['rows.5.联系电话'])
  expect(tableCounts(srv.db())).toEqual(before)
})

test('a good sheet registers every lead, routed like any complaint; the same sheet again registers nothing new', async () => {
  const r = await upload(csv(good))
  expect(r.status).toBe(200)
  expect(r.data).toMatchObject({ rows: 3, created: 3, existing: 0 })
  const [a, b, c] = r.data.leads
  expect(a).toMatchObject({ row: 2, externalRef: 'XS2026130600000201', action: 'created' })
  const rowOf = (caseNo: string) => srv.db().prepare('SELECT * FROM complaints WHERE case_no = ?').get(caseNo) as any
  expect(rowOf(a.caseNo)).toMatchObject({
    channel: 'national_platform',
    handler_dept_id: 'd-jx-housing',
    first_responder_dept_id: 'd-city-labour',
    amount_owed_fen: 4_800_000,
    worker_count: 6,
    owed_since: '2026-08',
    reply_due_at: '2026-11-27T15:59:59.000Z',
  })
  expect(rowOf(a.caseNo).description).toContain('国家根治欠薪线索反映平台2026-11-17 10:20收到')
  expect(rowOf(b.caseNo)).toMatchObject({
    area_code: '130606',
    handler_dept_id: 'd-city-transport',
    amount_owed_fen: 1_500_050,
    owed_since: '2026-09',
  })
  // Another province's project: registered by the catch-all unit, to be transferred out.
  expect(rowOf(c.caseNo)).toMatchObject({ area_code: '410105', handler_dept_id: 'd-city-labour', amount_owed_fen: 800_000 })

  const before = tableCounts(srv.db())
  const again = await upload(csv(good))
  expect(again.data).toMatchObject({ rows: 3, created: 0, existing: 3 })
  expect(again.data.leads.map((l: any) => l.caseNo)).toEqual([a.caseNo, b.caseNo, c.caseNo])
  expect(tableCounts(srv.db())).toEqual(before)
})

test('XLSX works the same; a sheet without the 线索编号 column, or in .xls, is refused by name', async () => {
  const rows = [
    HEADER,
    ['XS2026130600000301', '', '', '周一', '13512345678', '竞秀区某厂房', '', '130602', '其他', '', '3', '9000', '2026-10', '', ''],
  ]
  const r = await upload(xlsx('线索', rows).toString('base64'), {}, '导出.xlsx')
  expect(r.data).toMatchObject({ created: 1 })
  const noRef = await upload(csv([good[0].slice(1)], HEADER.slice(1)))
  expect(noRef.status).toBe(400)
  expect((noRef.error as any).report[0]).toMatchObject({ column: '线索编号' })
  const xls = await upload(csv(good), {}, '导出.xls')
  expect(xls.error!.fields).toHaveProperty('filename')
})

test('only coordinators import; a number another unit registered stops the import', async () => {
  const desk = await srv.login({ persona: 'desk' })
  expect((await srv.call(desk, 'admin', 'lead.import', { filename: 'a.csv', base64: csv(good) })).status).toBe(403)
  // 莲池区's coordinator has no business with the city's leads in 竞秀区 (and so cannot learn of them).
  const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-lc-labour' })
  const lc = await srv.login({ openid: 'lc-importer' })
  await srv.call(lc, 'staff', 'invite.accept', { code: invite.data.code })
  const before = tableCounts(srv.db())
  const r = await srv.call(lc, 'admin', 'lead.import', {
    filename: 'a.csv',
    base64: csv([
      good[0],
      ['XS-LC-1', '', '', '吴某', '13612345678', '莲池区某工地', '', '130606', '其他', '', '1', '500', '2026-10', '', ''],
    ]),
  })
  expect(r.status).toBe(400)
  expect((r.error as any).report).toEqual([{ row: 2, column: '线索编号', message: '这个线索编号已由其他单位登记，请向联席办核实' }])
  expect(tableCounts(srv.db())).toEqual(before)
})
