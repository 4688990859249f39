// The message policy: who hears of each event (notify.ts) and on which channel (channels.ts), over the
// real SQLite storage for consents and the daily SMS count (checked by the sender: deliverOutbox).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseConfig, type Config } from '../../shared/config'
import { claimCodeMessages, newCaseMessages, noticesFor, withMessages, type MessageContext } from '../../cloudfunctions/core/notify'
import { recordConsent, smsPhoneOf } from '../../cloudfunctions/core/channels'
import type { Deps } from '../../cloudfunctions/core/context'
import { deliverOutbox, type TickReport } from '../../cloudfunctions/core/scheduler'
import type { SmsMessage } from '../../cloudfunctions/core/sms/port'
import type { Complaint, NewComplaint, NewEvent, NewMessage } from '../../cloudfunctions/core/ports'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { complaint as newComplaint } from '../contract/storageContract'

const NOW = new Date('2026-03-05T02:00:00.000Z') // 10:00 in Beijing
const config = (over: object = {}): Config =>
  parseConfig({
    notifications: { templates: { case_update: 'TPL-CASE', new_case: 'TPL-NEW', escalation: 'TPL-ESC' } },
    sms: { dailyPerPhone: 3 },
    ...over,
  })

let dir: string
let storage: SqliteStorage
let clock: Date
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-channels-'))
  storage = new SqliteStorage(path.join(dir, 'x.db'))
  clock = NOW
})
afterEach(() => {
  storage.close()
  rmSync(dir, { recursive: true, force: true })
})

const mc = (cfg: Config = config()): MessageContext => ({ storage, config: cfg, now: clock, publicBaseUrl: 'https://xam.bd.gov.cn' })
const ev = (type: string, o: Partial<NewEvent> = {}): NewEvent => ({
  at: clock.toISOString(),
  type,
  actorOpenid: 'oInspector',
  actorDeptId: 'd-h',
  note: `${type}说明`,
  visibleToWorker: true,
  data: null,
  ...o,
})

async function fileCase(o: Partial<NewComplaint> = {}, cfg: Config = config()): Promise<Complaint> {
  const c = newComplaint({
    ownerOpenid: 'oWorker',
    filedBy: 'oWorker',
    handlerDeptId: 'd-h',
    firstResponderDeptId: 'd-f',
    createdAt: clock.toISOString(),
    ...o,
  })
  const events = [
    ev('registered', { actorOpenid: c.filedBy, note: '已登记，首问单位负责跟进' }),
    ev('routed', { actorOpenid: c.filedBy, visibleToWorker: false, data: { toDeptId: c.handlerDeptId } }),
    ev('routed', { actorOpenid: c.filedBy, note: '已交办理单位办理' }),
  ]
  return (await storage.createComplaint(c, events, 2026, newCaseMessages(events, cfg, 'https://xam.bd.gov.cn'))).complaint
}

/** Apply a change with its events through the policy, as moves.ts does; the messages it wrote. */
async function step(
  c: Complaint,
  events: NewEvent[],
  patch: Partial<Complaint> = {},
  cfg: Config = config(),
): Promise<{ c: Complaint; messages: NewMessage[] }> {
  let written: NewMessage[] = []
  const at = clock.toISOString()
  const r = await withMessages(mc(cfg), { ...c, ...patch, version: c.version + 1 }, events, (messages) => {
    written = messages
    return storage.updateComplaint(c.id, c.version, patch, events, at, messages)
  })
  if (r === 'conflict') throw new Error('conflict')
  return { c: r, messages: written }
}

const toWorker = (ms: readonly NewMessage[]) => ms.filter((m) => m.channel === 'sms' || m.recipient.startsWith('user:'))
const outbox = async () => (await storage.listOutbox(100)).reverse()

test('registration never reaches the worker, even with consent; the handler’s and the first responder’s staff hear of the new case', async () => {
  await storage.addConsents('oWorker', ['TPL-CASE'], NOW.toISOString())
  const c = await fileCase()
  const rows = await outbox()
  expect(rows.map((m) => [m.channel, m.recipient, m.template])).toEqual([
    ['wechat', 'dept:d-h', 'new_case'],
    ['wechat', 'dept:d-f', 'new_case'],
  ])
  expect(rows[0].body).toBe(`测试项目，案件${c.caseNo}`)
  // the consent is still there for the first real step
  expect(await storage.takeConsent('oWorker', 'TPL-CASE', NOW.toISOString())).toBe(true)
})

test('with consent a step goes by WeChat and spends one credit; without, an important step goes by SMS to the phone on the case', async () => {
  const c0 = await fileCase()
  await recordConsent({ storage, openid: 'oWorker', now: NOW, config: config() }, ['TPL-CASE'])
  const due = '2026-03-08T02:00:00.000Z'
  const a = await step(c0, [ev('accepted', { note: '已受理', data: { resolveDueAt: due } })], { status: 'accepted', resolveDueAt: due })
  expect(toWorker(a.messages)).toEqual([
    {
      channel: 'wechat',
      recipient: 'user:oWorker',
      template: 'case_update',
      title: '您的投诉受理',
      body: `案件${c0.caseNo}：已受理`,
      params: null,
    },
  ])
  // No credit left: the next important step is an SMS with the amount and the case link.
  const r = await step(a.c, [ev('resolved', { note: '已足额支付', data: { amountRecoveredFen: 1_250_050 } })], {
    status: 'resolved',
    amountRecoveredFen: 1_250_050,
  })
  const link = `https://xam.bd.gov.cn/c/${c0.caseNo}`
  expect(toWorker(r.messages)).toEqual([
    {
      channel: 'sms',
      recipient: '13800000000',
      template: 'resolved',
      title: '投诉已处理',
      body: `投诉已处理，追回12500.5元，请确认${link}`,
      params: ['12500.5元', link],
    },
  ])
  expect((await outbox()).filter((m) => m.channel === 'sms').map((m) => m.recipient)).toEqual(['13800000000'])
})

test('without consent, each step that matters sends an SMS; other steps stay on the timeline', async () => {
  const cases: [string, Partial<NewEvent>, string, string[]][] = [
    ['accepted', { data: { resolveDueAt: '2026-03-08T02:00:00.000Z' } }, 'accepted', ['3月8日']],
    ['resolved', { data: { amountRecoveredFen: 800_000 } }, 'resolved', ['8000元']],
    ['not_wage_arrears', {}, 'not_wage_arrears', []],
    ['transferred_out', { data: { to: '河南省郑州市人社局' } }, 'transferred_out', []],
    ['referred', { data: { to: 'arbitration', refNo: null } }, 'referred', ['劳动仲裁']],
    ['closed', { actorOpenid: null, data: { auto: true } }, 'closed', []],
    ['escalated', { actorOpenid: null, visibleToWorker: false, data: { card: 'yellow' } }, 'overdue', []],
    ['overdue', { actorOpenid: null, data: { card: 'yellow' } }, 'overdue', []],
  ]
  const cfg = config({ sms: { dailyPerPhone: 50 } })
  for (const [type, o, template, params] of cases) {
    const c = await fileCase({}, cfg)
    const { messages } = await step(c, [ev(type, o)], {}, cfg)
    const sms = toWorker(messages)
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({
      channel: 'sms',
      recipient: '13800000000',
      template,
      params: [...params, `https://xam.bd.gov.cn/c/${c.caseNo}`],
    })
    expect(Array.from(sms[0].body).length).toBeLessThan(70)
  }
  for (const [type, o] of [
    ['progress', {}],
    ['complex', { data: { resolveDueAt: null } }],
    ['campaign', { actorOpenid: null }],
  ] as const) {
    const c = await fileCase({}, cfg)
    expect(toWorker((await step(c, [ev(type, o)], {}, cfg)).messages)).toEqual([])
  }
})

/** One run of the sender (scheduler.ts deliverOutbox) at the clock: the SMS it sent (phone, template), and its report. */
async function deliver(cfg: Config) {
  const sent: [string, string][] = []
  const deps = {
    storage,
    sms: { send: async (m: SmsMessage) => void sent.push([m.to, m.template]) },
    notifier: { send: async () => {} },
  } as unknown as Deps
  const report: Pick<TickReport, 'sent' | 'failed' | 'skipped'> = { sent: 0, failed: 0 }
  await deliverOutbox(deps, clock, report, cfg)
  return { sent, report }
}

test('at most `sms.dailyPerPhone` SMS to one phone per Beijing day, counted when they are sent; the next Beijing day starts again', async () => {
  const cfg = config({ sms: { dailyPerPhone: 2 } })
  // Three cases of one worker (one phone), two steps each, on 5 March (Beijing): each step writes its SMS
  // (a status change counts nothing)…
  for (let i = 0; i < 3; i++) {
    const c = await fileCase({}, cfg)
    const a = await step(c, [ev('accepted', { data: { resolveDueAt: '2026-03-08T02:00:00.000Z' } })], { status: 'accepted' }, cfg)
    const n = await step(a.c, [ev('not_wage_arrears')], { status: 'not_wage_arrears' }, cfg)
    expect([toWorker(a.messages).length, toWorker(n.messages).length]).toEqual([1, 1])
  }
  // …and the sender sends two of the six, the oldest, and marks the others not sent, with the reason.
  const first = await deliver(cfg)
  expect(first.sent).toEqual([
    ['13800000000', 'accepted'],
    ['13800000000', 'not_wage_arrears'],
  ])
  expect(first.report).toMatchObject({ failed: 0, skipped: 4 })
  const rows = (await outbox()).filter((m) => m.channel === 'sms')
  expect(rows.map((m) => m.status)).toEqual(['sent', 'sent', 'failed', 'failed', 'failed', 'failed'])
  expect(rows[2].lastError).toMatch(/daily SMS cap.*dailyPerPhone = 2/)
  // Never tried again.
  expect((await deliver(cfg)).sent).toEqual([])
  // 23:59 on 5 March in Beijing is still the same day (a later run counts what was sent); 00:00 on 6 March is the next.
  clock = new Date('2026-03-05T15:59:00.000Z')
  await step(await fileCase({}, cfg), [ev('closed', { actorOpenid: null })], {}, cfg)
  expect(await deliver(cfg)).toMatchObject({ sent: [], report: { skipped: 1 } })
  clock = new Date('2026-03-05T16:00:00.000Z')
  await step(await fileCase({}, cfg), [ev('closed', { actorOpenid: null })], {}, cfg)
  expect((await deliver(cfg)).sent).toEqual([['13800000000', 'closed']])
  // Another phone has its own count.
  clock = new Date('2026-03-05T15:00:00.000Z')
  const other = await fileCase({ complainant: { name: '李四', phone: '13900000000' } }, cfg)
  await step(other, [ev('closed', { actorOpenid: null })], {}, cfg)
  expect((await deliver(cfg)).sent).toEqual([['13900000000', 'closed']])
})

test('nothing the worker did themselves is sent back to them; no phone, no SMS; a desk-filed case without WeChat gets SMS', async () => {
  for (const type of ['supplemented', 'confirmed', 'disputed', 'claimed']) {
    expect(toWorker((await step(await fileCase(), [ev(type, { actorOpenid: 'oWorker' })])).messages)).toEqual([])
  }
  const noPhone = await fileCase({ complainant: { name: '王五', phone: '' } })
  expect(toWorker((await step(noPhone, [ev('accepted')])).messages)).toEqual([])
  const desk = await fileCase({ ownerOpenid: null, filedBy: 'oDesk', complainant: { name: '赵六', phone: '13700000000' } })
  expect(toWorker((await step(desk, [ev('accepted')])).messages)).toEqual([
    expect.objectContaining({ channel: 'sms', recipient: '13700000000', template: 'accepted' }),
  ])
})

test('an escalation with a worker-visible note of lateness beside it is one message to the worker', async () => {
  const c = await fileCase({}, config({ sms: { dailyPerPhone: 50 } }))
  const sys = { actorOpenid: null, actorDeptId: null }
  const { messages } = await step(c, [
    ev('escalated', { ...sys, visibleToWorker: false, data: { card: 'red' } }),
    ev('overdue', { ...sys, note: '已超过办理期限，已督促加快办理', data: { card: 'red' } }),
  ])
  expect(toWorker(messages)).toEqual([expect.objectContaining({ channel: 'sms', template: 'overdue' })])
})

test('officials hear of their own lateness: cards and reminders reach the handler’s staff and the first responder’s; red cards and unaccepted cases the coordinator', () => {
  const c = {
    caseNo: '130602-2026-00017',
    ownerOpenid: null,
    handlerDeptId: 'd-h',
    firstResponderDeptId: 'd-f',
    areaCode: '130602',
    projectName: '保障房',
    resolveDueAt: null,
    amountRecoveredFen: null,
  }
  const officials = (e: NewEvent) =>
    noticesFor(c, [e], config(), 'https://xam.bd.gov.cn')
      .filter((n) => n.audience === 'officials')
      .map((n) => (n.audience === 'officials' ? [n.recipient, n.template, n.title] : []))
  const sys = { actorOpenid: null, actorDeptId: null, visibleToWorker: false }
  expect(officials(ev('escalated', { ...sys, data: { card: 'yellow' } }))).toEqual([
    ['dept:d-h', 'escalation', '投诉超期亮黄牌'],
    ['dept:d-f', 'escalation', '投诉超期亮黄牌'],
  ])
  expect(officials(ev('escalated', { ...sys, data: { card: 'red' } }))).toEqual([
    ['dept:d-h', 'escalation', '投诉超期亮红牌'],
    ['dept:d-f', 'escalation', '投诉超期亮红牌'],
    ['coord:130602', 'escalation', '投诉超期亮红牌'],
  ])
  expect(officials(ev('escalated', { ...sys, data: { kind: 'accept' } })).map((r) => r[0])).toEqual([
    'dept:d-h',
    'dept:d-f',
    'coord:130602',
  ])
  expect(officials(ev('reminded', { actorOpenid: 'oWorker', note: '工友催办：三天没消息了' }))).toEqual([
    ['dept:d-h', 'escalation', '工友催办'],
    ['dept:d-f', 'escalation', '工友催办'],
  ])
  expect(officials(ev('returned', { visibleToWorker: false }))).toEqual([['dept:d-f', 'returned', '投诉被退回首问单位']])
  expect(officials(ev('routed', { visibleToWorker: false, data: { toDeptId: 'd-x', manual: true } }))).toEqual([
    ['dept:d-x', 'new_case', '新的欠薪投诉待受理'],
  ])
  // A returned case's handler is the first responder: one message, not two.
  const back = { ...c, handlerDeptId: 'd-f' }
  expect(
    noticesFor(back, [ev('escalated', { ...sys, data: { kind: 'accept' } })], config(), 'https://xam.bd.gov.cn')
      .filter((n) => n.audience === 'officials')
      .map((n) => n.audience === 'officials' && n.recipient),
  ).toEqual(['dept:d-f', 'coord:130602'])
})

test('a write that does not happen gives the consent back; recordConsent counts only configured templates', async () => {
  const c = await fileCase()
  expect(
    await recordConsent({ storage, openid: 'oWorker', now: NOW, config: config() }, ['TPL-CASE', 'TPL-CASE', 'TPL-UNKNOWN', '']),
  ).toEqual({ recorded: ['TPL-CASE'] })
  const r = await withMessages(mc(), { ...c, version: 2 }, [ev('accepted')], async (messages) => {
    expect(messages.some((m) => m.recipient === 'user:oWorker')).toBe(true)
    return 'conflict' as const
  })
  expect(r).toBe('conflict')
  await expect(
    withMessages(mc(), { ...c, version: 2 }, [ev('accepted')], async () => Promise.reject(new Error('database down'))),
  ).rejects.toThrow('database down')
  // still one credit: spent now, then gone
  expect(await storage.takeConsent('oWorker', 'TPL-CASE', NOW.toISOString())).toBe(true)
  expect(await storage.takeConsent('oWorker', 'TPL-CASE', NOW.toISOString())).toBe(false)
})

test('without a configured case-update template no WeChat message can reach the worker: SMS instead', async () => {
  const cfg = config({ notifications: { templates: { case_update: '' } } })
  await storage.addConsents('oWorker', ['TPL-CASE'], NOW.toISOString())
  const c = await fileCase({}, cfg)
  expect(toWorker((await step(c, [ev('accepted')], {}, cfg)).messages)).toEqual([
    expect.objectContaining({ channel: 'sms', template: 'accepted', params: ['规定期限', `https://xam.bd.gov.cn/c/${c.caseNo}`] }),
  ])
})

// --- a desk-filed group: every worker follows the case -----------------------------------------------

const GROUP = [
  { name: '王大力', phone: '13900000001', amountOwedFen: 100 },
  { name: '刘二牛', phone: '', contactPhone: '13600000002', contactPhoneOf: 'relative' as const, amountOwedFen: 200 },
  { name: '陈三', phone: '', contactPhone: '0312-5551234', contactPhoneOf: 'desk' as const, amountOwedFen: 300 },
  { name: '赵四', phone: '', contactPhone: '13600000002', contactPhoneOf: 'relative' as const, amountOwedFen: 400 },
  { name: '钱五', phone: '', amountOwedFen: 500 },
]

async function fileGroup(cfg: Config = config(), more: (stored: Complaint) => NewMessage[] = () => []): Promise<Complaint> {
  const c = newComplaint({
    channel: 'desk',
    ownerOpenid: null,
    filedBy: 'oDesk',
    handlerDeptId: 'd-h',
    firstResponderDeptId: 'd-f',
    complainant: { name: '王大力', phone: '13900000001' },
    complainants: GROUP,
    claimCode: 'AAAAA2',
    createdAt: clock.toISOString(),
  })
  const events = [ev('registered', { actorOpenid: 'oDesk', actorDeptId: 'd-f' })]
  return (
    await storage.createComplaint(
      c,
      events,
      2026,
      (stored) => [...newCaseMessages(events, cfg, 'https://xam.bd.gov.cn')(stored), ...more(stored)],
      ['AAAAA2', 'BBBBB3', 'CCCCC4', 'DDDDD5', 'EEEEE6'],
    )
  ).complaint
}

test('the phone that takes SMS: the worker’s mobile, else a relative’s mobile; never the desk’s phone, never a landline', () => {
  expect(smsPhoneOf({ phone: '+86 139-0000-0001' })).toBe('13900000001')
  expect(smsPhoneOf({ phone: '', contactPhone: '13600000002', contactPhoneOf: 'relative' })).toBe('13600000002')
  expect(smsPhoneOf({ phone: '', contactPhone: '13600000002', contactPhoneOf: 'desk' })).toBeNull()
  expect(smsPhoneOf({ phone: '', contactPhone: '0312-5551234', contactPhoneOf: 'relative' })).toBeNull()
  expect(smsPhoneOf({ phone: '' })).toBeNull()
})

test('each worker of a group hears of a step: by the WeChat that claimed their code, else SMS; one per phone; the desk’s phone none', async () => {
  const cfg = config({ sms: { dailyPerPhone: 50 } })
  const c = await fileGroup(cfg)
  await storage.claimMember(c.id, 0, 'oWang', NOW.toISOString(), [])
  await storage.claimMember(c.id, 4, 'oQian', NOW.toISOString(), [])
  await recordConsent({ storage, openid: 'oQian', now: NOW, config: cfg }, ['TPL-CASE'])
  const fresh = (await storage.getComplaint(c.id))!
  const due = '2026-03-08T02:00:00.000Z'
  const { messages } = await step(fresh, [ev('accepted', { note: '已受理', data: { resolveDueAt: due } })], { status: 'accepted' }, cfg)
  expect(toWorker(messages).map((m) => [m.channel, m.recipient, m.template])).toEqual([
    // 王大力 claimed without consent: SMS to his mobile
    ['sms', '13900000001', 'accepted'],
    // 刘二牛 and 赵四 share a relative's mobile: one SMS
    ['sms', '13600000002', 'accepted'],
    // 陈三's number is the desk's: nothing; 钱五 has no phone but claimed with consent: WeChat
    ['wechat', 'user:oQian', 'case_update'],
  ])
})

test('what a worker of a group does reaches no worker; the officials hear of a reminder', async () => {
  let c = await fileGroup()
  await storage.claimMember(c.id, 1, 'oLiu', NOW.toISOString(), [])
  for (const type of ['claimed', 'supplemented', 'disputed']) {
    const r = await step(c, [ev(type, { actorOpenid: 'oLiu', actorDeptId: null })])
    expect(toWorker(r.messages)).toEqual([])
    c = r.c
  }
  const { messages } = await step(c, [ev('reminded', { actorOpenid: 'oLiu', actorDeptId: null, visibleToWorker: false })])
  expect(messages.map((m) => m.recipient)).toEqual(['dept:d-h', 'dept:d-f'])
})

test('claim codes by SMS: each worker’s own code to their mobile or a relative’s, never the desk’s, within the daily cap', async () => {
  const cfg = config({ sms: { dailyPerPhone: 1 } })
  const codes = ['AAAAA2', 'BBBBB3', 'CCCCC4', 'DDDDD5', 'EEEEE6']
  const render = claimCodeMessages(
    mc(cfg),
    GROUP.map((p, i) => ({ person: p, claimCode: codes[i] })),
  )
  const c = await fileGroup(cfg, render)
  const link = `https://xam.bd.gov.cn/c/${c.caseNo}`
  const sms = render(c)
  expect(sms.map((m) => [m.recipient, m.template, m.params])).toEqual([
    ['13900000001', 'claim_code', ['王大力', 'AAAAA2', link]],
    ['13600000002', 'claim_code', ['刘二牛', 'BBBBB3', link]],
    ['13600000002', 'claim_code', ['赵四', 'DDDDD5', link]],
  ])
  expect(sms[0].body).toBe(`王大力的欠薪投诉认领码AAAAA2，微信打开${link}`)
  for (const m of sms) expect(Array.from(m.body).length).toBeLessThan(70)
  // 赵四 shares the relative's phone with 刘二牛: the cap of one a day leaves him to the printed receipt.
  expect((await deliver(cfg)).sent).toEqual([
    ['13900000001', 'claim_code'],
    ['13600000002', 'claim_code'],
  ])
  const long = claimCodeMessages(mc(cfg), [{ person: { name: '买买提·艾力', phone: '13900000009' }, claimCode: 'FFFFF7' }])(c)
  expect(long[0].params?.[0]).toBe('买买提…')
})
