// Desk filing on behalf of workers, including a group, and the worker claiming the case.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let desk: string

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  desk = await srv.login({ persona: 'desk' })
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

const group = [
  { name: '王大力', phone: '13900000001', amountOwedFen: 800_000 },
  { name: '刘二牛', phone: '13900000002', amountOwedFen: 650_000 },
  { name: '陈三', phone: '13900000003', amountOwedFen: 720_000 },
]

test('a group complaint filed at the desk is owned by the desk until the worker claims it', async () => {
  const filed = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, {
      complainant: { name: '王大力', phone: '13900000001' },
      complainants: group,
      workerCount: 3,
      amountOwedFen: 2_170_000,
    }),
  )
  expect(filed.ok).toBe(true)
  expect(filed.data.firstResponder.name).toBe('竞秀区农民工工资维权服务中心')
  expect(filed.data.handler.name).toBe('竞秀区住房和城乡建设局')
  expect(filed.data.claimCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)

  const fr = await srv.call(desk, 'staff', 'queue.list', { view: 'first_responder' })
  expect(fr.data.items.map((i: any) => i.id)).toEqual([filed.data.id])

  const worker = await srv.login({ persona: 'worker-a' })
  const wrong = await srv.call(worker, 'worker', 'complaint.claim', {
    caseNo: filed.data.caseNo,
    claimCode: filed.data.claimCode === '222222' ? '333333' : '222222',
  })
  expect(wrong.error).toMatchObject({ code: 'NOT_FOUND', message: '案件编号或认领码不对，请核对回执' })
  expect((await srv.call(worker, 'worker', 'complaint.get', { id: filed.data.id })).error!.code).toBe('NOT_FOUND')

  const claim = await srv.call(worker, 'worker', 'complaint.claim', {
    caseNo: filed.data.caseNo,
    claimCode: filed.data.claimCode.toLowerCase(),
  })
  expect(claim.data.id).toBe(filed.data.id)
  const mine = await srv.call(worker, 'worker', 'complaint.get', { id: filed.data.id })
  expect(mine.data.timeline.map((e: any) => e.type)).toContain('claimed')
  expect(mine.data.complainants.map((p: any) => p.phone)).toEqual(['139****0001', '139****0002', '139****0003'])

  const thief = await srv.login({ persona: 'worker-b' })
  const second = await srv.call(thief, 'worker', 'complaint.claim', { caseNo: filed.data.caseNo, claimCode: filed.data.claimCode })
  expect(second.error!.code).toBe('CONFLICT')
})

test('a group whose amounts do not add up is refused, naming the field', async () => {
  const before = tableCounts(srv.db())
  const r = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, {
      complainants: group,
      workerCount: 2,
      amountOwedFen: 100,
    }),
  )
  expect(r.error!.fields).toMatchObject({
    amountOwedFen: expect.stringContaining('21,700 元'),
    workerCount: expect.stringContaining('3人'),
  })
  expect(tableCounts(srv.db())).toEqual(before)
})

test('workers cannot file on behalf', async () => {
  const worker = await srv.login({ persona: 'worker-b' })
  const r = await srv.call(worker, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code))
  expect(r.error!.code).toBe('FORBIDDEN')
})
