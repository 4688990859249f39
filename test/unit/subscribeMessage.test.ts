// WeChat subscription messages: the pure mapping of our {title, body} onto a template's keywords, and
// the notifier over a stub of the cloud-call open API (WeChat's servers cannot exist here).
import { parseConfig } from '../../shared/config'
import {
  fieldValue,
  pageFor,
  splitBody,
  subscribeRequest,
  WeChatNotifier,
  SUBSCRIBE_SEND_API,
  type OpenApiClient,
} from '../../cloudfunctions/core/subscribeMessage'
import { noticesFor } from '../../cloudfunctions/core/notify'

const NOW = new Date('2026-03-05T01:30:00.000Z') // 09:30 in Beijing
const settings = (over: object = {}) =>
  parseConfig({
    notifications: {
      templates: { case_update: 'TPL-CASE', new_case: 'TPL-NEW', returned: 'TPL-RET', escalation: 'TPL-ESC', alert: '' },
      ...over,
    },
  }).notifications

function stub(answer: unknown = { errcode: 0, errmsg: 'ok' }) {
  const calls: { apiName: string; data: Record<string, unknown> }[] = []
  const api: OpenApiClient = {
    call: async (apiName, data) => {
      calls.push({ apiName, data })
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return { api, calls }
}

test('a worker’s case update maps onto the default layout: title, case number, detail, time', () => {
  const [m] = noticesFor(
    {
      caseNo: '130602-2026-00017',
      ownerOpenid: 'oW',
      handlerDeptId: 'd-h',
      firstResponderDeptId: 'd-h',
      areaCode: '130602',
      projectName: '保障房三期',
      resolveDueAt: null,
      amountRecoveredFen: null,
    },
    [
      {
        at: NOW.toISOString(),
        type: 'accepted',
        actorOpenid: null,
        actorDeptId: null,
        note: '已受理，2026年3月8日 09:30前办结，请保持电话畅通',
        visibleToWorker: true,
        data: null,
      },
    ],
    parseConfig({}),
    'https://xam.bd.gov.cn',
  )
  expect(subscribeRequest('oW', 'case_update', { title: m.title, body: m.body, complaintId: 'c1' }, settings(), NOW)).toEqual({
    touser: 'oW',
    template_id: 'TPL-CASE',
    page: 'pages/detail/index?id=c1',
    data: {
      thing1: { value: m.title },
      character_string2: { value: '130602-2026-00017' },
      thing3: { value: '已受理，2026年3月8日 09:30…' },
      time4: { value: '2026年3月5日 09:30' },
    },
    miniprogram_state: 'formal',
    lang: 'zh_CN',
  })
})

test('staff messages open the staff case page; the layout and the opened version come from the configuration', () => {
  const s = settings({
    fields: { new_case: { title: 'phrase1', caseNo: 'character_string5', detail: '', time: 'date3' } },
    miniprogramState: 'trial',
  })
  const r = subscribeRequest(
    'oInsp',
    'new_case',
    { title: '新的欠薪投诉待受理', body: '竞秀区保障性住房三期工程，案件130602-2026-00003', complaintId: 'c 9' },
    s,
    NOW,
  )
  expect(r).toEqual({
    touser: 'oInsp',
    template_id: 'TPL-NEW',
    page: 'staff/pages/case/index?id=c%209',
    data: { phrase1: { value: '新的欠薪…' }, character_string5: { value: '130602-2026-00003' }, date3: { value: '2026年3月5日 09:30' } },
    miniprogram_state: 'trial',
    lang: 'zh_CN',
  })
  expect(pageFor('alert', null)).toBeUndefined()
})

test('bodies are split into case number and detail as notify.ts writes them', () => {
  expect(splitBody('案件130602-2026-00001：超过受理期限未受理')).toEqual({ caseNo: '130602-2026-00001', detail: '超过受理期限未受理' })
  expect(splitBody('某项目，案件130602-2026-00001')).toEqual({ caseNo: '130602-2026-00001', detail: '某项目' })
  expect(splitBody('案件130602-2026-00001')).toEqual({ caseNo: '130602-2026-00001', detail: '' })
  expect(splitBody('即时报告：项目“甲”，涉及60人（案件130602-2026-00005等3件）')).toEqual({
    caseNo: '130602-2026-00005',
    detail: '即时报告：项目“甲”，涉及60人（案件130602-2026-00005等3件）',
  })
  expect(splitBody('没有编号')).toEqual({ caseNo: null, detail: '没有编号' })
})

test('values fit WeChat’s limits: thing ≤ 20, character_string ≤ 32 of letters, digits and symbols, never empty', () => {
  expect(fieldValue('thing1', '一二三四五六七八九十一二三四五六七八九十', NOW)).toHaveLength(20)
  expect(Array.from(fieldValue('thing1', '😀'.repeat(25), NOW))).toHaveLength(20)
  expect(fieldValue('thing1', '一二三四五六七八九十一二三四五六七八九十一', NOW)).toBe('一二三四五六七八九十一二三四五六七八九…')
  expect(fieldValue('thing7', '多行\n文字', NOW)).toBe('多行 文字')
  expect(fieldValue('thing1', '', NOW)).toBe('无')
  expect(fieldValue('character_string2', '案件130602-2026-00017', NOW)).toBe('130602-2026-00017')
  expect(fieldValue('character_string2', 'x'.repeat(40), NOW)).toHaveLength(32)
  expect(fieldValue('character_string2', '', NOW)).toBe('-')
  expect(fieldValue('time9', 'ignored', NOW)).toBe('2026年3月5日 09:30')
})

test('the notifier sends through /cgi-bin/message/subscribe/send and returns on errcode 0', async () => {
  const { api, calls } = stub()
  const n = new WeChatNotifier(
    api,
    async () => settings(),
    () => NOW,
  )
  await n.send('oW', 'case_update', { title: '您的投诉已受理', body: '案件130602-2026-00001：已受理', complaintId: 'c1' })
  expect(calls).toHaveLength(1)
  expect(calls[0].apiName).toBe(SUBSCRIBE_SEND_API)
  expect(calls[0].data).toMatchObject({ touser: 'oW', template_id: 'TPL-CASE' })
})

test('an unset template id throws before anything is sent', async () => {
  const { api, calls } = stub()
  const n = new WeChatNotifier(
    api,
    async () => settings(),
    () => NOW,
  )
  await expect(n.send('oC', 'alert', { title: '欠薪风险即时报告', body: '…', complaintId: 'c1' })).rejects.toThrow(
    /template "alert" is not configured/,
  )
  expect(calls).toHaveLength(0)
})

test('a refused or failed send throws with WeChat’s code, so the scheduler retries it', async () => {
  const refused = new WeChatNotifier(
    stub({ errcode: 43101, errmsg: 'user refuse to accept the msg' }).api,
    async () => settings(),
    () => NOW,
  )
  await expect(refused.send('oW', 'case_update', { title: 't', body: 'b', complaintId: null })).rejects.toThrow(/43101.*not subscribed/)
  const down = new WeChatNotifier(
    stub(new Error('network down')).api,
    async () => settings(),
    () => NOW,
  )
  await expect(down.send('oW', 'case_update', { title: 't', body: 'b', complaintId: null })).rejects.toThrow('network down')
  const odd = new WeChatNotifier(
    stub(null).api,
    async () => settings(),
    () => NOW,
  )
  await expect(odd.send('oW', 'case_update', { title: 't', body: 'b', complaintId: null })).rejects.toThrow(/no errcode/)
  const camel = new WeChatNotifier(
    stub({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }).api,
    async () => settings(),
    () => NOW,
  )
  await expect(camel.send('oW', 'case_update', { title: 't', body: 'b', complaintId: null })).resolves.toBeUndefined()
})

test('templates and layouts are read from the configuration at most once a minute', async () => {
  const { api } = stub()
  let loads = 0
  const n = new WeChatNotifier(
    api,
    async () => (loads++, settings()),
    () => NOW,
  )
  for (let i = 0; i < 5; i++) await n.send('oW', 'case_update', { title: 't', body: 'b', complaintId: null })
  expect(loads).toBe(1)
})

test('the layout is validated: a keyword looks like thing1, or is empty', () => {
  expect(() => parseConfig({ notifications: { fields: { alert: { title: 'thing 1' } } } })).toThrow()
  expect(parseConfig({}).notifications.fields.alert).toEqual({
    title: 'thing1',
    caseNo: 'character_string2',
    detail: 'thing3',
    time: 'time4',
  })
  expect(parseConfig({}).notifications.miniprogramState).toBe('formal')
})
