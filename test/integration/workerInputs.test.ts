// Issue 19 points 2 and 4 through the real server (SQLite): the form's month choice feeds the risk rules,
// pasted phone forms are taken, a recovered amount far above the amount owed needs the handler's
// confirmation, and a dispute can say 金额不对.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'
import { MONTH_CHOICES, monthsBefore } from '../../miniprogram/src/pages/complain/months'
import { currentMonth } from '../../miniprogram/src/utils/time'

let srv: TestServer
let worker: string
/** A second worker: one worker files at most 10 complaints an hour (rateLimits.perWorkerPerHour). */
let other: string
let inspector: string

const NOW = '2026-11-20T10:00:00+08:00'

beforeAll(async () => {
  srv = await startTestServer()
  worker = await srv.login({ persona: 'worker-a' })
  other = await srv.login({ persona: 'worker-b' })
  inspector = await srv.login({ persona: 'inspector' })
})
afterAll(() => srv.close())
clockPerTest(() => srv, NOW)

/** What the page sends for the choice labelled `label`: owedSince that many months back (its MONTH_CHOICES). */
function chosen(siteCode: string, label: string) {
  const choice = MONTH_CHOICES.find((c) => c.label === label)!
  return submission(siteCode, { workerCount: 1, owedSince: monthsBefore(currentMonth(Date.parse(NOW)), choice.back) })
}

/** The immediate reports (即时报告) on a site, as the coordinator reads them. */
const reportsOn = (siteCode: string) =>
  (srv.db().prepare('SELECT note FROM alerts WHERE subject = ?').all(`site:${siteCode}`) as { note: string }[])
    .map((a) => a.note)
    .join('\n')

describe('the month choice feeds the risk rules', () => {
  test('3个月前 is owedSince three months back and raises the months immediate report; 2个月前 the months-alone one; 上个月 none', async () => {
    const month = currentMonth(Date.parse(NOW))
    expect(month).toBe('2026-11')
    const [three, two, one] = [srv.sites[1].code, srv.sites[2].code, srv.sites[3].code]

    const a = await srv.call(worker, 'worker', 'complaint.submit', chosen(three, '3个月前'))
    expect(a.ok).toBe(true)
    const stored = srv.db().prepare('SELECT owed_since FROM complaints WHERE id = ?').get(a.data.id) as { owed_since: string }
    expect(stored.owed_since).toBe('2026-08')
    // shared/config.ts risk.reportMonths (3) for the site: 即时报告 "欠薪3个月"; reportMonthsAlone (2).
    expect(reportsOn(three)).toContain('欠薪3个月，达到3个月')

    expect((await srv.call(worker, 'worker', 'complaint.submit', chosen(two, '2个月前'))).ok).toBe(true)
    expect(reportsOn(two)).toContain('欠薪2个月，达到2个月')

    expect((await srv.call(worker, 'worker', 'complaint.submit', chosen(one, '上个月'))).ok).toBe(true)
    expect(reportsOn(one)).not.toMatch(/欠薪\d+个月/)
  })

  test('no month chosen is refused naming the month, and nothing is written', async () => {
    const before = tableCounts(srv.db())
    const { owedSince: _none, ...body } = submission(srv.sites[0].code)
    const r = await srv.call(worker, 'worker', 'complaint.submit', { ...body, owedSince: '' })
    expect(r.status).toBe(400)
    expect(r.error!.fields!.owedSince).toMatch(/月份/)
    expect(tableCounts(srv.db())).toEqual(before)
  })
})

test.each([['+86 138-1234-5678'], ['１３８１２３４５６７８'], ['0086 138 1234 5678'], ['138\u00a01234\u00a05678']])(
  'the server takes the phone pasted as %j and stores 11 digits',
  async (phone) => {
    const r = await srv.call(other, 'worker', 'complaint.submit', submission(srv.sites[0].code, { complainant: { name: '李师傅', phone } }))
    expect(r.ok).toBe(true)
    const staff = await srv.call(inspector, 'staff', 'complaint.get', { id: r.data.id })
    expect(staff.data.complainant.phone).toBe('13812345678')
  },
)

/** A complaint of `owedFen`, accepted by the handler; its current version. */
async function accepted(owedFen: number): Promise<{ id: string; version: number }> {
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { amountOwedFen: owedFen }))
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  expect(acc.ok).toBe(true)
  return { id: sub.data.id, version: acc.data.version }
}

describe('a recovered amount far above the amount owed', () => {
  test('is refused without the confirmation, naming the amount, and taken with it; the worker sees the amount and the note', async () => {
    const c = await accepted(3_000_000) // 30,000 元 owed
    const before = tableCounts(srv.db())
    const refused = await srv.call(inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: c.version,
      amountRecoveredFen: 90_000_000, // 900,000 元: 30 times
      note: '已全部追回',
    })
    expect(refused.status).toBe(400)
    expect(refused.error!.code).toBe('VALIDATION')
    expect(refused.error!.fields!.amountRecoveredFen).toBe('追回金额是欠薪金额的30倍，请核对追回金额；确实如此，请确认后再提交')
    expect(tableCounts(srv.db())).toEqual(before)
    expect((await srv.call(inspector, 'staff', 'complaint.get', { id: c.id })).data.status).toBe('accepted')

    const taken = await srv.call(inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: c.version,
      amountRecoveredFen: 90_000_000,
      note: '含拖欠期间的赔偿金，已全部发到工友银行卡',
      confirmLarge: true,
    })
    expect(taken.ok).toBe(true)
    expect(taken.data.status).toBe('resolved')

    const mine = await srv.call(worker, 'worker', 'complaint.get', { id: c.id })
    expect(mine.data.amountRecoveredFen).toBe(90_000_000)
    const resolved = mine.data.timeline.filter((e: any) => e.type === 'resolved')
    expect(resolved.map((e: any) => e.note)).toEqual(['含拖欠期间的赔偿金，已全部发到工友银行卡'])
  })

  test('up to three times the amount owed needs no confirmation; above it does', async () => {
    const c = await accepted(1_000_000)
    const above = await srv.call(inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: c.version,
      amountRecoveredFen: 3_000_001,
      note: '已追回',
    })
    expect(above.error!.fields!.amountRecoveredFen).toMatch(/^追回金额是欠薪金额的3倍/)
    const atThree = await srv.call(inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: c.version,
      amountRecoveredFen: 3_000_000,
      note: '已追回，含赔偿金',
    })
    expect(atThree.ok).toBe(true)
  })
})

describe('the worker disputes: 金额不对', () => {
  test('the choice alone is enough, is stored and the handler reads it; a reason adds to it', async () => {
    const c = await accepted(1_250_000)
    const res = await srv.call(inspector, 'staff', 'complaint.resolve', {
      id: c.id,
      version: c.version,
      amountRecoveredFen: 1_250_000,
      note: '已发放',
    })
    expect(res.ok).toBe(true)

    const d = await srv.call(worker, 'worker', 'complaint.dispute', { id: c.id, kind: 'amount_wrong' })
    expect(d.ok).toBe(true)
    expect(d.data.status).toBe('reopened')
    const row = srv.db().prepare("SELECT note, data FROM events WHERE complaint_id = ? AND type = 'disputed'").get(c.id) as {
      note: string
      data: string
    }
    expect(row.note).toBe('工友提出异议：金额不对')
    expect(JSON.parse(row.data)).toMatchObject({ kind: 'amount_wrong' })

    const staff = await srv.call(inspector, 'staff', 'complaint.get', { id: c.id })
    expect(staff.data.timeline.filter((e: any) => e.type === 'disputed').map((e: any) => e.note)).toEqual(['工友提出异议：金额不对'])
  })

  test('with a reason it reads both; with neither it is refused naming the reason', async () => {
    const c = await accepted(500_000)
    await srv.call(inspector, 'staff', 'complaint.resolve', { id: c.id, version: c.version, amountRecoveredFen: 500_000, note: '已发放' })

    const before = tableCounts(srv.db())
    for (const data of [{ id: c.id }, { id: c.id, kind: 'other' }, { id: c.id, kind: 'other', reason: '  ' }]) {
      const r = await srv.call(worker, 'worker', 'complaint.dispute', data)
      expect(r.status).toBe(400)
      expect(r.error!.fields!.reason).toBe('请写一下哪里不对（原因）')
    }
    const badKind = await srv.call(worker, 'worker', 'complaint.dispute', { id: c.id, kind: 'too_low' })
    expect(badKind.error!.fields!.kind).toBe('请选择哪里不对')
    expect(tableCounts(srv.db())).toEqual(before)

    expect((await srv.call(worker, 'worker', 'complaint.dispute', { id: c.id, kind: 'amount_wrong', reason: '实际只拿到3000元' })).ok).toBe(
      true,
    )
    const staff = await srv.call(inspector, 'staff', 'complaint.get', { id: c.id })
    expect(staff.data.timeline.find((e: any) => e.type === 'disputed').note).toBe('工友提出异议（金额不对）：实际只拿到3000元')
  })
})

describe("WeChat's phone button", () => {
  test('off by default; where the deployment turns it on, the code becomes the number (the local fake of WeChat)', async () => {
    const off = await srv.call(worker, 'worker', 'app.settings', {})
    expect(off.data.phoneButton).toBe(false)
    const refused = await srv.call(worker, 'worker', 'phone.fromWeChat', { code: 'fake-13912345678' })
    expect(refused.error!.code).toBe('FORBIDDEN')
    expect(refused.error!.message).toBe('这里不能用微信手机号，请直接填写手机号')

    await deploymentConfig(srv, { signIn: { wechatPhoneNumber: true } })
    expect((await srv.call(worker, 'worker', 'app.settings', {})).data.phoneButton).toBe(true)
    const got = await srv.call(worker, 'worker', 'phone.fromWeChat', { code: 'fake-13912345678' })
    expect(got.data).toEqual({ phone: '13912345678' })

    const before = tableCounts(srv.db())
    const unknown = await srv.call(worker, 'worker', 'phone.fromWeChat', { code: 'a1b2c3d4e5f6' })
    expect(unknown.status).toBe(400)
    expect(unknown.error!.fields!.code).toBe('微信手机号授权过期了，请再点一次或直接填写手机号')
    const bad = await srv.call(worker, 'worker', 'phone.fromWeChat', { code: '<script>' })
    expect(bad.error!.fields!.code).toBe('手机号授权码不对')
    // Nobody: no number.
    expect((await srv.raw('worker', { action: 'phone.fromWeChat', data: { code: 'fake-13912345678' } })).error!.code).toBe(
      'UNAUTHENTICATED',
    )
    expect(tableCounts(srv.db())).toEqual(before)
  })
})
