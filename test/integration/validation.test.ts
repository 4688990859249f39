// Every bad input gets a Chinese message naming the field, the right HTTP status, and writes nothing.
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let worker: string
let coordinator: string
let site: string

beforeAll(async () => {
  srv = await startTestServer()
  worker = await srv.login({ persona: 'worker-a' })
  coordinator = await srv.login({ persona: 'coordinator' })
  site = srv.sites[0].code
})
afterAll(() => srv.close())

const CHINESE = /[\u4e00-\u9fa5]/

const submitCases: [string, Record<string, unknown>, string, RegExp][] = [
  ['missing name', { complainant: { name: '', phone: '13812345678' } }, 'complainant.name', /姓名/],
  ['bad phone', { complainant: { name: '王五', phone: '12345' } }, 'complainant.phone', /手机号/],
  ['landline', { complainant: { name: '王五', phone: '031212345678' } }, 'complainant.phone', /手机号/],
  [
    'bad ID check digit',
    { complainant: { name: '王五', phone: '13812345678', idNumber: '110105194912310021' } },
    'complainant.idNumber',
    /身份证/,
  ],
  ['phone missing', { complainant: { name: '王五' } }, 'complainant.phone', /手机号/],
  ['zero workers', { workerCount: 0 }, 'workerCount', /人数/],
  ['fractional workers', { workerCount: 1.5 }, 'workerCount', /人数/],
  ['worker count as text', { workerCount: '三' }, 'workerCount', /人数/],
  ['negative amount', { amountOwedFen: -100 }, 'amountOwedFen', /金额/],
  ['amount in yuan with cents as float', { amountOwedFen: 12.5 }, 'amountOwedFen', /金额/],
  ['absurd amount', { amountOwedFen: 1e15 }, 'amountOwedFen', /金额/],
  ['bad month', { owedSince: '2026-13' }, 'owedSince', /月份/],
  ['future month', { owedSince: '2099-01' }, 'owedSince', /月份/],
  ['site code typo', { siteCode: 'ABCDEFG' }, 'siteCode', /项目码/],
  ['unknown site code', { siteCode: '2222222' }, 'siteCode', /项目码/],
  ['bad placement', { placement: 'roof' }, 'placement', /位置/],
  ['too many photos', { photos: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }, 'photos', /照片/],
  ['huge description', { description: '欠'.repeat(3000) }, 'description', /情况说明/],
  ['forged identity field', { openid: 'someone-else' }, 'openid', /不支持的字段/],
  ['no site and no project', { siteCode: undefined, placement: undefined }, 'project', /项目/],
  [
    'project with bad area',
    { siteCode: undefined, placement: undefined, project: { name: '某工地', areaCode: '999999', industry: 'housing' } },
    'project.areaCode',
    /地区/,
  ],
  [
    'project with bad industry',
    { siteCode: undefined, placement: undefined, project: { name: '某工地', areaCode: '130602', industry: 'mining' } },
    'project.industry',
    /行业/,
  ],
  ['bad request id', { clientRequestId: 'x' }, 'clientRequestId', /请求编号/],
]

test.each(submitCases)('complaint.submit rejects %s', async (_name, over, field, pattern) => {
  const before = tableCounts(srv.db())
  const r = await srv.call(worker, 'worker', 'complaint.submit', submission(site, over))
  expect(r.status).toBe(400)
  expect(r.ok).toBe(false)
  expect(r.error!.code).toBe('VALIDATION')
  expect(r.error!.fields![field]).toMatch(pattern)
  expect(r.error!.message).toMatch(CHINESE)
  expect(JSON.stringify(r)).not.toMatch(/at .*\.ts|Error:|ZodError|SQLITE/)
  expect(tableCounts(srv.db())).toEqual(before)
})

const envelopeCases: [string, unknown, number, string][] = [
  ['not JSON', '{"action":', 400, 'VALIDATION'],
  ['no action', { data: {} }, 400, 'VALIDATION'],
  ['unknown action', { action: 'complaint.delete', data: {} }, 400, 'VALIDATION'],
  ['prototype key as action', { action: '__proto__', data: {} }, 400, 'VALIDATION'],
  ['array body', [1, 2], 400, 'VALIDATION'],
  ['extra top-level key', { action: 'complaint.listMine', data: {}, openid: 'x' }, 400, 'VALIDATION'],
]

test.each(envelopeCases)('an envelope that is %s is refused', async (_n, body, status, code) => {
  const before = tableCounts(srv.db())
  const r = await srv.raw('worker', body, worker)
  expect(r.status).toBe(status)
  expect(r.error!.code).toBe(code)
  expect(r.error!.message).toMatch(CHINESE)
  expect(tableCounts(srv.db())).toEqual(before)
})

test('no token, a forged token, or an unknown function', async () => {
  const none = await srv.raw('worker', { action: 'complaint.listMine', data: {} })
  expect(none.status).toBe(401)
  expect(none.error!.code).toBe('UNAUTHENTICATED')
  const forged = await srv.raw(
    'worker',
    { action: 'complaint.listMine', data: {} },
    worker.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
  )
  expect(forged.status).toBe(401)
  const fn = await srv.raw('scheduler', { action: 'run' }, worker)
  expect(fn.status).toBe(404)
})

test('other actions name their fields', async () => {
  const cases: [string, string, unknown, string][] = [
    ['worker', 'site.lookup', { code: '' }, 'code'],
    ['worker', 'complaint.get', { id: '../etc' }, 'id'],
    ['worker', 'complaint.confirm', { id: 'c1', rating: 6 }, 'rating'],
    ['worker', 'complaint.dispute', { id: 'c1', reason: '   ' }, 'reason'],
    ['staff', 'queue.list', { view: 'everything' }, 'view'],
    ['admin', 'dept.create', { name: '某局', kind: 'police', areaCode: '130602' }, 'kind'],
    [
      'admin',
      'site.create',
      {
        name: '某工地',
        address: '某路',
        areaCode: '130602',
        industry: 'housing',
        funding: 'other',
        contractor: { name: '某公司', uscc: '91350100M000100Y44' },
        supervisingDeptId: 'd-jx-housing',
      },
      'contractor.uscc',
    ],
    ['admin', 'rule.create', { areaPrefix: '13060', industry: 'housing', deptId: 'd-jx-housing' }, 'areaPrefix'],
    ['admin', 'config.set', { deadlines: { resolveDaysDefault: -1 } }, 'deadlines.resolveDaysDefault'],
  ]
  for (const [fn, action, data, field] of cases) {
    const before = tableCounts(srv.db())
    const token = fn === 'worker' ? worker : coordinator
    const r = await srv.call(token, fn, action, data)
    expect({ action, code: r.error?.code }).toEqual({ action, code: 'VALIDATION' })
    expect({ action, msg: r.error!.fields![field] }).toEqual({ action, msg: expect.stringMatching(CHINESE) })
    expect(tableCounts(srv.db())).toEqual(before)
  }
})

test('an unknown site code says so plainly', async () => {
  const r = await srv.call(worker, 'worker', 'site.lookup', { code: '2222222' })
  expect(r.status).toBe(404)
  expect(r.error!.message).toContain('没有找到这个项目码')
})
