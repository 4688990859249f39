// Issue 14, part 3: leads from other channels (12345, the national platform, 12333, 信访, walk-ins, media)
// are one case per channel and outside reference, routed and timed like any complaint, with their
// reply-back deadline on queues and cards, the answer for the source as text, and the channel in the
// ledger, the overview and the filters.
import { startTestServer, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const NOW = '2026-11-18T09:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['desk', 'inspector', 'inspector-b', 'inspector-labour', 'coordinator', 'worker-a'])
    t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())
beforeEach(() => srv.dev('/dev/clock', { now: NOW }))
afterEach(() => srv.dev('/dev/clock', { now: null }))

/** A 12345 work order about a housing project in 竞秀区 (routed to the district's housing bureau). */
const lead = (over: Record<string, unknown> = {}) => ({
  channel: 'hotline_12345',
  externalRef: 'BD12345-20261118-0042',
  replyDueAt: '2026-11-25',
  project: { name: '竞秀区某小区三期', address: '竞秀区朝阳北大街', areaCode: '130602', industry: 'housing' },
  employerName: '保定某劳务公司',
  complainant: { name: '王建国', phone: '13911112222' },
  workerCount: 6,
  amountOwedFen: 4_800_000,
  owedSince: '2026-08',
  description: '来电反映：六名工人三个月工资未发',
  ...over,
})

test('a 12345 lead is registered once per reference, routed by area and industry, with its reply-back deadline', async () => {
  const r = await srv.call(t.desk, 'staff', 'complaint.registerLead', lead())
  expect(r.status).toBe(200)
  expect(r.data).toMatchObject({
    status: 'routed',
    channel: 'hotline_12345',
    externalRef: 'BD12345-20261118-0042',
    // The end of the day the source named, in Beijing.
    replyDueAt: '2026-11-25T15:59:59.000Z',
    firstResponder: { id: 'd-jx-desk' },
    handler: { id: 'd-jx-housing', name: '竞秀区住房和城乡建设局' },
    existing: false,
  })
  expect(r.data.claimCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
  expect(r.data.acceptDueAt).toBe('2026-11-19T01:00:00.000Z')

  // The same channel and reference again: the same case, nothing new written.
  const before = tableCounts(srv.db())
  const again = await srv.call(t.desk, 'staff', 'complaint.registerLead', lead({ description: '再次来电' }))
  expect(again.data).toMatchObject({ id: r.data.id, caseNo: r.data.caseNo, existing: true })
  expect(tableCounts(srv.db())).toEqual(before)
  // …whoever of the units involved registers it.
  const byHandler = await srv.call(t.inspector, 'staff', 'complaint.registerLead', lead())
  expect(byHandler.data).toMatchObject({ id: r.data.id, existing: true, claimCode: null })
  // A unit with no business in the case learns nothing of it.
  const outsider = await srv.call(t['inspector-b'], 'staff', 'complaint.registerLead', lead())
  expect(outsider.status).toBe(409)
  expect(JSON.stringify(outsider)).not.toContain(r.data.caseNo)
  expect(tableCounts(srv.db())).toEqual(before)
  // The same reference from another channel is another lead.
  const national = await srv.call(t.desk, 'staff', 'complaint.registerLead', lead({ channel: 'national_platform' }))
  expect(national.data.id).not.toBe(r.data.id)

  // The handler's queue shows the channel, the reference and the reply-back deadline.
  const queue = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'to_accept' })
  const row = queue.data.items.find((i: any) => i.id === r.data.id)
  expect(row).toMatchObject({ channel: 'hotline_12345', externalRef: 'BD12345-20261118-0042', replyDueAt: '2026-11-25T15:59:59.000Z' })
  // The filters take the channel.
  const only12345 = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'all', channel: 'hotline_12345' })
  expect(only12345.data.items.map((i: any) => i.id)).toEqual([r.data.id])
  const onlyNational = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'all', channel: 'national_platform' })
  expect(onlyNational.data.items.map((i: any) => i.id)).toEqual([national.data.id])
  const bad = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'all', channel: 'fax' })
  expect(bad.status).toBe(400)
  expect(bad.error!.fields).toHaveProperty('channel')

  // The case card shows them too, and the timeline says where it came from.
  const card = await srv.call(t.inspector, 'staff', 'complaint.get', { id: r.data.id })
  expect(card.data).toMatchObject({
    channel: 'hotline_12345',
    externalRef: 'BD12345-20261118-0042',
    replyDueAt: '2026-11-25T15:59:59.000Z',
  })
  expect(card.data.timeline[0].note).toContain('12345热线')
  expect(card.data.timeline[0].note).toContain('BD12345-20261118-0042')
})

test('a lead the coordinator registers runs through the routing rules like any complaint', async () => {
  const r = await srv.call(
    t.coordinator,
    'staff',
    'complaint.registerLead',
    lead({
      channel: 'national_platform',
      externalRef: 'XS130600-2026-000318',
      replyDueAt: undefined,
      project: { name: '莲池区东二环辅路', areaCode: '130606', industry: 'transport' },
    }),
  )
  expect(r.data).toMatchObject({ firstResponder: { id: 'd-city-labour' }, handler: { id: 'd-city-transport' }, replyDueAt: null })
  const routed = (await srv.call(t.coordinator, 'staff', 'complaint.get', { id: r.data.id })).data.timeline.find(
    (e: any) => e.type === 'routed' && !e.visibleToWorker,
  )
  expect(routed.note).toContain('1306')
})

test('bad leads are refused field by field, in Chinese, and write nothing; workers cannot register leads', async () => {
  const before = tableCounts(srv.db())
  const cases: [Record<string, unknown>, string][] = [
    [{ channel: 'weibo' }, 'channel'],
    [{ externalRef: '   ' }, 'externalRef'],
    [{ externalRef: 'GD 2026 01' }, 'externalRef'],
    [{ externalRef: 'x'.repeat(65) }, 'externalRef'],
    [{ replyDueAt: '2026-02-30' }, 'replyDueAt'],
    [{ replyDueAt: '下周五' }, 'replyDueAt'],
    [{ clientRequestId: 'abcdefgh-1' }, 'clientRequestId'],
    [{ complainant: { name: '王建国', phone: '123' } }, 'complainant.phone'],
  ]
  for (const [over, field] of cases) {
    const r = await srv.call(t.desk, 'staff', 'complaint.registerLead', lead({ externalRef: `BAD-${field}`, ...over }))
    expect([r.status, Object.keys(r.error?.fields ?? {})]).toEqual([400, [field]])
    expect(r.error!.message).toMatch(/[\u4e00-\u9fa5]/)
  }
  const worker = await srv.call(t['worker-a'], 'staff', 'complaint.registerLead', lead({ externalRef: 'W-1' }))
  expect(worker.status).toBe(403)
  expect(tableCounts(srv.db())).toEqual(before)
})

test('the answer for the source: progress first, then the final answer, without names, phones or ID numbers', async () => {
  const r = await srv.call(t.desk, 'staff', 'complaint.registerLead', lead({ externalRef: 'BD12345-20261118-0077' }))
  const id = r.data.id
  const early = await srv.call(t.inspector, 'staff', 'complaint.replyText', { id })
  expect(early.data).toMatchObject({
    caseNo: r.data.caseNo,
    channel: 'hotline_12345',
    externalRef: 'BD12345-20261118-0077',
    answered: false,
    answeredAt: null,
  })
  expect(early.data.text).toContain('【办理进展】')
  expect(early.data.text).toContain('竞秀区住房和城乡建设局')

  let c = (await srv.call(t.inspector, 'staff', 'complaint.get', { id })).data
  c = (await srv.call(t.inspector, 'staff', 'complaint.accept', { id, version: c.version })).data
  await srv.dev('/dev/clock', { now: '2026-11-20T16:00:00+08:00' })
  const done = await srv.call(t.inspector, 'staff', 'complaint.resolve', {
    id,
    version: c.version,
    amountRecoveredFen: 4_800_000,
    note: '经约谈，总包单位已将工资足额打到王建国等6人账户，王建国（13911112222，身份证130602199001011234）已确认',
  })
  expect(done.data.status).toBe('resolved')
  const answer = await srv.call(t.desk, 'staff', 'complaint.replyText', { id })
  expect(answer.data.answered).toBe(true)
  expect(answer.data.answeredAt).toBe('2026-11-20T08:00:00.000Z')
  expect(answer.data.text).toContain('【办理结果】')
  expect(answer.data.text).toContain('48,000 元')
  expect(answer.data.text).toContain('足额打到工友等6人账户')
  for (const secret of ['王建国', '13911112222', '130602199001011234']) expect(answer.data.text).not.toContain(secret)
  // Only those with business in the case get it.
  expect((await srv.call(t['inspector-b'], 'staff', 'complaint.replyText', { id })).status).toBe(404)
})

test('the ledger, the overview and the filters show the channel', async () => {
  const r = await srv.call(
    t.coordinator,
    'staff',
    'complaint.registerLead',
    lead({ channel: 'petition', externalRef: 'XF-2026-1118-09', project: { name: '竞秀区某学校', areaCode: '130602', industry: 'other' } }),
  )
  expect(r.ok).toBe(true)
  const overview = await srv.call(t.coordinator, 'staff', 'stats.overview', {})
  expect(overview.data.byChannel).toMatchObject({ hotline_12345: 2, national_platform: 2, petition: 1 })

  const exported = await srv.call(t.coordinator, 'staff', 'ledger.export', { format: 'csv' })
  expect(exported.ok).toBe(true)
  let file = exported.data
  // A paged export continues until it is done (large areas are built across calls).
  while (file && file.done === false) file = (await srv.call(t.coordinator, 'staff', 'ledger.continue', { jobId: file.jobId })).data
  const csv = file.base64
    ? Buffer.from(file.base64, 'base64').toString('utf8')
    : (
        await Promise.all(
          Array.from({ length: file.parts ?? 1 }, async (_, part) =>
            Buffer.from(
              (await srv.call(t.coordinator, 'staff', 'ledger.download', { jobId: file.jobId, part })).data.base64,
              'base64',
            ).toString('utf8'),
          ),
        )
      ).join('')
  const lines = csv
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r\n/)
  const header = lines[0].split(',')
  expect(header).toEqual(expect.arrayContaining(['渠道', '来源编号', '回复期限']))
  const row = lines.find((l) => l.startsWith(r.data.caseNo))!.split(',')
  expect(row[header.indexOf('渠道')]).toBe('信访')
  expect(row[header.indexOf('来源编号')]).toBe('XF-2026-1118-09')
  expect(row[header.indexOf('回复期限')]).toBe('2026年11月25日 23:59')
})
