/** @jest-environment jsdom */
// The worker's other pages in the real WeChat build: my complaints, the detail (confirm with a rating),
// the receipt and the claim page, with wx.cloud.callFunction answered here (see harness.ts).
import type { ComplaintView, Input, MineItem } from '@shared/contract'
import { progressOf } from '@shared/progress'
import { fakeServer, loadPage, ok, until, type FakeServer, type Handlers } from './harness'

/** The handling unit as a case view names it, with its public phone. */
const DEPT: ComplaintView['handler'] = { id: 'd-housing', name: '竞秀区住房和城乡建设局', phone: '0312-3021234' }
/** When the server made the views below. */
const VIEWED_AT = new Date('2026-11-22T08:00:00.000Z')

/**
 * A worker's view of a case (`worker complaint.get`), as the contract types it; the steps and the
 * lateness follow its status and deadlines as the server derives them (shared/progress).
 */
function complaint(over: Partial<ComplaintView> = {}): ComplaintView {
  const view: Omit<ComplaintView, 'steps' | 'late'> = {
    id: 'c-1',
    caseNo: '130602-2026-00001',
    status: 'resolved',
    version: 4,
    channel: 'helmet_qr',
    siteCode: 'F8KCC7G',
    placement: 'helmet',
    projectName: '竞秀区保障性住房三期工程',
    projectAddress: '竞秀区朝阳北大街',
    employerName: '河北建工集团有限责任公司',
    areaCode: '130602',
    areaName: '河北省保定市竞秀区',
    industry: 'housing',
    funding: 'government',
    complainant: { name: '张师傅', phone: '13812345678' },
    complainants: [],
    workerCount: 3,
    amountOwedFen: 1_250_000,
    owedSince: '2026-09',
    description: '',
    photos: ['cloud://env-1/evidence/a.jpg'],
    photoLinks: ['https://env-1.tcb.qcloud.la/evidence/a.jpg?sign=abc&t=1'],
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
    firstResponder: DEPT,
    handler: DEPT,
    acceptDueAt: '2026-11-23T16:00:00.000Z',
    resolveDueAt: '2026-11-25T06:00:00.000Z',
    complex: false,
    card: 'none',
    riskLevel: 'none',
    amountRecoveredFen: 1_250_000,
    rating: null,
    createdAt: '2026-11-22T06:00:00.000Z',
    updatedAt: '2026-11-22T07:00:00.000Z',
    timeline: [
      { at: '2026-11-22T06:00:00.000Z', type: 'registered', label: '登记', note: '已登记' },
      { at: '2026-11-22T07:00:00.000Z', type: 'resolved', label: '处理完毕', note: '老板已结清' },
    ],
    remindedAt: null,
    allowedActions: ['confirm', 'dispute', 'supplement'],
    ...over,
  }
  return { ...view, ...progressOf(view, VIEWED_AT) }
}

const server = (handlers: Handlers = {}): FakeServer => fakeServer(handlers)

/** `worker complaint.listMine` items (the server also sends its status label; the page uses its own). */
const MINE: MineItem[] = [
  {
    id: 'c-1',
    caseNo: '130602-2026-00001',
    status: 'resolved',
    statusLabel: '已解决',
    siteName: '竞秀区保障性住房三期工程',
    createdAt: '2026-11-22T06:00:00Z',
    updatedAt: '2026-11-22T07:00:00Z',
  },
  {
    id: 'c-2',
    caseNo: '130602-2026-00002',
    status: 'closed',
    statusLabel: '已办结',
    siteName: '幸福小区',
    createdAt: '2026-11-20T06:00:00Z',
    updatedAt: '2026-11-21T07:00:00Z',
  },
]

test('my complaints: status at a glance, and the way to claim a desk-filed case', async () => {
  const page = await loadPage('pages/mine/index', {}, server({ worker: { 'complaint.listMine': () => ok({ items: MINE }) } }))
  await until(() => page.root.querySelectorAll('.xam-mine-item').length === 2)
  const items = page.root.querySelectorAll('.xam-mine-item')
  expect(items[0]!.dom.className).toContain('xam-mine-act')
  expect(page.root.querySelectorAll('.xam-mine-status').map((w) => w.dom.textContent)).toEqual(['已解决', '已办结'])
  expect(items[1]!.dom.className).toContain('xam-mine-done')
  expect(page.text('.xam-mine-need')).toContain('有 1 件需要您确认')

  await page.tap('.xam-mine-item')
  expect(page.navigations).toEqual(['/pages/detail/index?id=c-1'])
  await page.tap('.xam-go-claim')
  expect(page.navigations[1]).toBe('/pages/claim/index')
})

test('detail: the timeline, the photos, and confirming payment with a rating', async () => {
  let current = complaint()
  const confirmed: Input<'worker', 'complaint.confirm'>[] = []
  const page = await loadPage(
    'pages/detail/index',
    { id: 'c-1' },
    server({
      worker: {
        'complaint.get': () => ok(current),
        'complaint.confirm': (data) => {
          confirmed.push(data)
          current = complaint({ status: 'closed', rating: data.rating, allowedActions: [] })
          return ok({ id: 'c-1', status: 'closed', version: 5 })
        },
      },
    }),
  )
  await until(() => page.$('.xam-confirm-box') !== null)
  expect(page.root.querySelectorAll('.xam-timeline-item')).toHaveLength(2)
  expect(page.root.querySelectorAll('.xam-detail-photos .xam-photo')).toHaveLength(1)
  // The photo is shown from the server's short-lived link, not the bare cloud id.
  await page.tap('.xam-detail-photos .xam-photo-img')
  const link = 'https://env-1.tcb.qcloud.la/evidence/a.jpg?sign=abc&t=1'
  expect(page.previews).toEqual([{ current: link, urls: [link] }])

  await page.tap('.xam-confirm')
  await until(() => page.$('.xam-err-rating') !== null)
  expect(confirmed).toHaveLength(0)

  page.root.querySelectorAll('.xam-confirm-box .nut-rate-item')[4]!.dispatchEvent('tap')
  await until(() => page.text('.xam-rating-word') === '很满意')
  await page.tap('.xam-confirm')
  await until(() => confirmed.length === 1)
  expect(confirmed[0]).toEqual({ id: 'c-1', rating: 5, comment: '' })
  await until(() => page.$('.xam-confirm-box') === null)
  expect(page.text('.xam-detail-badge')).toBe('已办结')
})

test('detail: disputing a resolution asks what is wrong, then reopens it', async () => {
  let current = complaint()
  const disputes: Input<'worker', 'complaint.dispute'>[] = []
  const page = await loadPage(
    'pages/detail/index',
    { id: 'c-1' },
    server({
      worker: {
        'complaint.get': () => ok(current),
        'complaint.dispute': (data) => {
          disputes.push(data)
          current = complaint({ status: 'reopened', allowedActions: ['supplement'] })
          return ok({ id: 'c-1', status: 'reopened', version: 5 })
        },
      },
    }),
  )
  await until(() => page.$('.xam-dispute-open') !== null)
  await page.tap('.xam-dispute-open')
  await until(() => page.$('.xam-dispute') !== null)
  await page.tap('.xam-dispute')
  await until(() => page.$('.xam-err-reason') !== null)
  expect(disputes).toHaveLength(0)
  await page.type('.xam-dispute-reason', '只给了一半，还差6000元')
  await page.tap('.xam-dispute')
  await until(() => disputes.length === 1)
  expect(disputes[0]).toEqual({ id: 'c-1', reason: '只给了一半，还差6000元' })
  await until(() => page.text('.xam-detail-badge') === '重新处理中')
  expect(page.$('.xam-confirm-box')).toBeNull()
})

test('receipt: case number, who is responsible and the answer-by time', async () => {
  const page = await loadPage(
    'pages/receipt/index',
    { id: 'c-1', sub: '1' },
    server({ worker: { 'complaint.get': () => ok(complaint({ status: 'routed', allowedActions: ['supplement'] })) } }),
  )
  await until(() => page.$('.xam-case-no') !== null)
  expect(page.text('.xam-case-no')).toBe('130602-2026-00001')
  expect(page.text('.xam-handler')).toContain('竞秀区住房和城乡建设局')
  expect(page.text('.xam-accept-due')).toBe('2026年11月24日 00:00')
  expect(page.$('.xam-subscribed')).not.toBeNull()
})

test("claim: WeChat's ordinary-link QR of a desk receipt (q) prefills the page", async () => {
  const page = await loadPage(
    'pages/claim/index',
    { q: encodeURIComponent('https://xam.example.cn/c/130602-2026-00007?k=K7M2QP') },
    server({}),
  )
  await until(() => page.$('.xam-claim-submit') !== null)
  // What the inputs hold is in the page's render data (the native input shows it).
  const values = JSON.stringify((page.root as any).instance.data)
  expect(values).toContain('130602-2026-00007')
  expect(values).toContain('K7M2QP')
})

test('claim: prefilled from the receipt QR, bound with one tap', async () => {
  const claims: Input<'worker', 'complaint.claim'>[] = []
  const page = await loadPage(
    'pages/claim/index',
    { caseNo: '130602-2026-00007', claimCode: 'k7m2qp' },
    server({
      worker: {
        'complaint.claim': (data) => {
          claims.push(data)
          return ok({ id: 'c-7', caseNo: data.caseNo })
        },
      },
    }),
  )
  await until(() => page.$('.xam-claim-submit') !== null)
  await page.tap('.xam-claim-submit')
  await until(() => page.redirects.length === 1)
  expect(claims).toEqual([{ caseNo: '130602-2026-00007', claimCode: 'K7M2QP' }])
  expect(page.redirects).toEqual(['/pages/detail/index?id=c-7'])
})

test('work tab: an official allows new-case and overdue messages with one tap', async () => {
  const page = await loadPage(
    'pages/work/index',
    {},
    server({
      staff: {
        me: () =>
          ok({
            role: 'inspector',
            dept: { ...DEPT, kind: 'housing', areaCode: '130602' },
            subscribeTemplates: ['t-new', 't-returned', 't-escalation'],
          }),
      },
    }),
    { subscribe: (ids) => Object.fromEntries(ids.map((i) => [i, 'accept'])) },
  )
  await until(() => page.$('.xam-work-subscribe') !== null)
  expect(page.text('.xam-dept')).toContain('竞秀区住房和城乡建设局')
  await page.tap('.xam-work-subscribe')
  expect(page.subscribeRequests).toEqual([['t-new', 't-returned', 't-escalation']])
  await until(() => page.$('.xam-work-subscribe') === null)
})

test('work tab, not yet bound to a unit: the invite code field, and the user id to copy for the first coordinator', async () => {
  const page = await loadPage(
    'pages/work/index',
    {},
    server({ staff: { me: () => ok({ role: 'worker', openid: 'oAbC123xyz', subscribeTemplates: [] }) } }),
  )
  await until(() => page.$('.xam-my-id') !== null)
  expect(page.$('.xam-invite-code')).not.toBeNull()
  expect(page.text('.xam-my-id')).toContain('oAbC123xyz')
  await page.tap('.xam-my-id')
  expect(page.clipboard).toEqual(['oAbC123xyz'])
})
