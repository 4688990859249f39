/** @jest-environment jsdom */
// Issue 14 on the pages of the real WeChat build: the worker sees where a case transferred out went and
// the phone to call there; staff register a lead from another channel; the case page copies the answer
// for the lead's source.
import type { CaseDetail, ComplaintView, Input, LeadResult, ReplyText } from '@shared/contract'
import { progressOf } from '@shared/progress'
import { fakeServer, loadPage, ok, until } from './harness'

const CATCH_ALL = { id: 'd-city-labour', name: '保定市人社局劳动保障监察支队', phone: '0312-12333' }
const VIEWED_AT = new Date('2026-11-19T02:00:00.000Z')

function view(over: Partial<ComplaintView> = {}): ComplaintView {
  const v: Omit<ComplaintView, 'steps' | 'late'> = {
    id: 'c-9',
    caseNo: '410105-2026-00001',
    status: 'transferred_out',
    version: 3,
    channel: 'self',
    siteCode: null,
    placement: null,
    projectName: '金水区某小区二期',
    projectAddress: '郑州市金水区花园路',
    employerName: '',
    areaCode: '410105',
    areaName: '河南省郑州市金水区',
    industry: 'housing',
    funding: 'other',
    complainant: { name: '张师傅', phone: '13812345678' },
    complainants: [],
    workerCount: 3,
    amountOwedFen: 1_250_000,
    owedSince: '2026-08',
    description: '',
    photos: [],
    photoLinks: [],
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
    firstResponder: CATCH_ALL,
    handler: CATCH_ALL,
    transferredTo: { name: '郑州市金水区人力资源和社会保障局', phone: '0371-12333' },
    acceptDueAt: '2026-11-19T01:00:00.000Z',
    resolveDueAt: null,
    complex: false,
    card: 'none',
    riskLevel: 'none',
    amountRecoveredFen: null,
    rating: null,
    createdAt: '2026-11-18T01:00:00.000Z',
    updatedAt: '2026-11-18T03:00:00.000Z',
    timeline: [
      { at: '2026-11-18T01:00:00.000Z', type: 'registered', label: '登记', note: '已登记，保定市人社局劳动保障监察支队负责跟进' },
      {
        at: '2026-11-18T03:00:00.000Z',
        type: 'transferred_out',
        label: '转外地处理',
        note: '已转郑州市金水区人力资源和社会保障局处理（电话 0371-12333）：项目在郑州',
      },
    ],
    remindedAt: null,
    allowedActions: [],
    ...over,
  }
  return { ...v, ...progressOf(v, VIEWED_AT) }
}

test('detail: a case transferred to another city shows where it went and that unit’s phone to call', async () => {
  const page = await loadPage('pages/detail/index', { id: 'c-9' }, fakeServer({ worker: { 'complaint.get': () => ok(view()) } }))
  await until(() => page.$('.xam-transferred') !== null)
  expect(page.text('.xam-transferred')).toContain('郑州市金水区人力资源和社会保障局')
  // The phone to call is the outside unit's, not the catch-all unit's.
  expect(page.text('.xam-call-number')).toBe('0371-12333')
  expect(page.text('.xam-timeline-box')).toContain('0371-12333')
})

test('detail: no phone known for the outside unit — the worker is told so, and may still call the unit that sent it', async () => {
  const page = await loadPage(
    'pages/detail/index',
    { id: 'c-9' },
    fakeServer({ worker: { 'complaint.get': () => ok(view({ transferredTo: { name: '天津市人社局', phone: '' } })) } }),
  )
  await until(() => page.$('.xam-transferred') !== null)
  expect(page.text('.xam-transferred')).toContain('12333')
  expect(page.text('.xam-call-number')).toBe('0312-12333')
})

const ME = {
  role: 'desk' as const,
  openid: 'oDesk',
  dept: { id: 'd-jx-desk', name: '竞秀区农民工工资维权服务中心', kind: 'desk' as const, areaCode: '130602' },
  subscribeTemplates: [],
}

test('registering a lead: nothing is sent until the source, its number and the case are there, each missing field named', async () => {
  const sent: Input<'staff', 'complaint.registerLead'>[] = []
  const page = await loadPage(
    'staff/pages/lead/index',
    {},
    fakeServer({
      staff: {
        me: () => ok(ME),
        'complaint.registerLead': (data) => {
          sent.push(data)
          return ok({} as LeadResult)
        },
      },
    }),
  )
  await until(() => page.$('.xam-lead-submit') !== null)
  // A desk does not import in bulk (coordinators do).
  expect(page.$('.xam-lead-import')).toBeNull()
  await page.type('.xam-lead-amount', '四万八')
  await page.tap('.xam-lead-submit')
  await until(() => page.$('.xam-field-error') !== null)
  const errors = page.root.querySelectorAll('.xam-field-error').map((e) => (e.dom.textContent ?? '').trim())
  expect(errors).toEqual(
    expect.arrayContaining([
      '请选择线索来源',
      '请填写来源编号（工单号、线索编号等）',
      '请填写项目名称',
      '请选择行业',
      '请填写反映人姓名',
      '请填写被欠金额（元）',
    ]),
  )
  expect(page.text('.xam-error')).toContain('请按红字提示改一下')
  expect(sent).toHaveLength(0)
})

test('a lead’s case: its source, reply-back deadline and the answer to copy for the source system', async () => {
  const detail: CaseDetail = {
    ...view({
      status: 'resolved',
      channel: 'hotline_12345',
      externalRef: 'GD-0042',
      replyDueAt: '2026-11-25T15:59:59.000Z',
      transferredTo: null,
      allowedActions: [],
    }),
    related: [],
    relatedHidden: 0,
    nameMasked: false,
  }
  const reply: ReplyText = {
    id: 'c-9',
    caseNo: '410105-2026-00001',
    channel: 'hotline_12345',
    externalRef: 'GD-0042',
    replyDueAt: '2026-11-25T15:59:59.000Z',
    status: 'resolved',
    answered: true,
    answeredAt: '2026-11-20T08:00:00.000Z',
    text: '【办理结果】\n来源：12345热线，编号 GD-0042\n办理情况：已足额支付',
  }
  const page = await loadPage(
    'staff/pages/case/index',
    { id: 'c-9' },
    fakeServer({
      staff: {
        me: () => ok(ME),
        'complaint.get': () => ok(detail),
        'complaint.replyText': () => ok(reply),
        'template.list': () => ok({ items: [] }),
      },
    }),
  )
  await until(() => page.$('.xam-reply-text') !== null)
  expect(page.text('.xam-lead-tag')).toBe('12345热线 GD-0042')
  expect(page.text('.xam-reply-text')).toContain('已足额支付')
  await page.tap('.xam-reply-copy')
  await until(() => page.clipboard.length === 1)
  expect(page.clipboard[0]).toBe(reply.text)
})
