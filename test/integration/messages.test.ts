// Messages by two channels through the real local server: a worker without WeChat consent hears of the
// steps that matter by SMS (rows of /dev/outbox with channel sms and the phone as recipient), one who
// consented by WeChat; officials hear of their own lateness (cards reach the handler's department).
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'

let srv: TestServer
const t: Record<string, string> = {}

beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'worker-b', 'inspector', 'coordinator']) t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())

interface Item {
  id: number
  complaintId: string | null
  channel: 'wechat' | 'sms'
  recipient: string
  template: string
  title: string
  body: string
  params: string[] | null
  status: string
}
const outbox = async (complaintId: string): Promise<Item[]> => {
  const r = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
  return (r.items as Item[]).filter((m) => m.complaintId === complaintId).sort((a, b) => a.id - b.id)
}
const clock = (now: string | null) => srv.dev('/dev/clock', { now })
const tick = () => srv.dev('/dev/tick', {})

/** Self-filed in 竞秀区, housing: first responder 竞秀区劳动保障监察大队, handler 竞秀区住建局 (the inspector). */
const selfFiled = (phone: string) =>
  submission(null, {
    project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
    employerName: '保定某劳务公司',
    owedSince: '2026-11',
    complainant: { name: '张师傅', phone },
  })

test('a submitted case with no consent: SMS rows after acceptance, delivered by the scheduler; its yellow and red cards reach the handler’s department', async () => {
  try {
    await clock('2026-11-24T09:00:00+08:00')
    const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', selfFiled('13812345678'))
    expect(sub.ok).toBe(true)
    const caseNo: string = sub.data.caseNo
    // Registration reaches the departments only: the worker saw it on screen.
    expect((await outbox(sub.data.id)).map((m) => [m.channel, m.recipient, m.template])).toEqual([
      ['wechat', 'dept:d-jx-housing', 'new_case'],
      ['wechat', 'dept:d-jx-labour', 'new_case'],
    ])

    await clock('2026-11-24T10:00:00+08:00')
    const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
    const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
    expect(acc.ok).toBe(true)
    const link = `${srv.baseUrl}/c/${caseNo}`
    const sms = (await outbox(sub.data.id)).filter((m) => m.channel === 'sms')
    expect(sms).toEqual([
      expect.objectContaining({
        recipient: '13812345678',
        template: 'accepted',
        status: 'pending',
        body: `欠薪投诉已受理，12月9日前办结，详情${link}`,
        params: ['12月9日', link],
      }),
    ])
    expect((await outbox(sub.data.id)).some((m) => m.recipient.startsWith('user:'))).toBe(false)
    const sent = await tick()
    expect(sent.data.sent).toBeGreaterThan(0)
    expect((await outbox(sub.data.id)).filter((m) => m.channel === 'sms').map((m) => m.status)).toEqual(['sent'])

    // Past the resolution deadline (15 days): a yellow card, to the handler's and the first responder's staff.
    const due = acc.data.resolveDueAt ?? (await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })).data.resolveDueAt
    await clock(new Date(Date.parse(due) + 3600_000).toISOString())
    expect((await tick()).data.cards).toBeGreaterThan(0)
    const yellow = (await outbox(sub.data.id)).filter((m) => m.template === 'escalation')
    expect(yellow.map((m) => [m.recipient, m.title])).toEqual([
      ['dept:d-jx-housing', '投诉超期亮黄牌'],
      ['dept:d-jx-labour', '投诉超期亮黄牌'],
    ])
    // The worker is told the case is late (by SMS: no consent).
    expect((await outbox(sub.data.id)).filter((m) => m.channel === 'sms').map((m) => m.template)).toEqual(['accepted', 'overdue'])

    // Ten days past the deadline with no progress: red, to the handler's staff again and to the coordinator.
    await clock(new Date(Date.parse(due) + 11 * 86400_000).toISOString())
    await tick()
    const red = (await outbox(sub.data.id)).filter((m) => m.template === 'escalation' && m.title === '投诉超期亮红牌')
    expect(red.map((m) => m.recipient)).toEqual(['dept:d-jx-housing', 'dept:d-jx-labour', 'coord:130602'])
    expect(red.every((m) => m.status === 'sent')).toBe(true)
  } finally {
    await clock(null)
  }
})

test('a worker who consented gets the step by WeChat, spending the consent; a failed SMS is retried like a WeChat message', async () => {
  try {
    await clock('2026-11-25T09:00:00+08:00')
    await deploymentConfig(srv, { notifications: { templates: { case_update: 'TPL-CASE' } } })
    // What recordConsent writes when the worker accepts requestSubscribeMessage (channels.ts; its action comes with actions/worker.ts).
    srv
      .db()
      .prepare(
        "INSERT INTO consents (openid, template_id, credits, updated_at) VALUES ('persona-worker-b', 'TPL-CASE', 1, '2026-11-25T01:00:00Z')",
      )
      .run()
    const sub = await srv.call(t['worker-b'], 'worker', 'complaint.submit', selfFiled('13912345678'))
    const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: sub.data.id })
    const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
    const toWorker = async () => (await outbox(sub.data.id)).filter((m) => m.channel === 'sms' || m.recipient.startsWith('user:'))
    expect((await toWorker()).map((m) => [m.channel, m.recipient, m.title])).toEqual([['wechat', 'user:persona-worker-b', '您的投诉受理']])

    // The consent is spent: the next step that matters goes by SMS. The first send fails and is retried.
    await srv.dev('/dev/notifier', { failSms: 1 })
    await srv.call(t.inspector, 'staff', 'complaint.resolve', {
      id: sub.data.id,
      version: acc.data.version,
      amountRecoveredFen: 1_250_000,
      note: '已足额支付',
    })
    const [, resolved] = await toWorker()
    expect(resolved).toMatchObject({
      channel: 'sms',
      recipient: '13912345678',
      template: 'resolved',
      params: ['12500元', `${srv.baseUrl}/c/${sub.data.caseNo}`],
    })
    await tick()
    expect((await toWorker())[1]).toMatchObject({ status: 'pending' })
    await clock('2026-11-25T09:02:00+08:00')
    await tick()
    expect((await toWorker()).map((m) => m.status)).toEqual(['sent', 'sent'])
  } finally {
    await deploymentConfig(srv, { notifications: { templates: { case_update: '' } } })
    await clock(null)
  }
})
