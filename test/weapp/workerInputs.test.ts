/** @jest-environment jsdom */
// Issue 19 points 2 and 4 on the pages of the real WeChat build (miniprogram/dist/weapp), with WeChat's
// servers answered as harness.ts does: the minimum path counted as inputs (name, phone button, amount,
// month, submit), the month owed as big choices with no default, pasted phones, the shared-phone hint,
// out-of-range counts; the confirm card saying what was recovered, the dispute's 金额不对, and the
// handler asked to confirm an amount far above the amount owed.
import type { CaseDetail, ComplaintView, Input, SiteInfo, SubmitResult } from '@shared/contract'
import { progressOf } from '@shared/progress'
import { MONTH_CHOICES, monthsBefore } from '../../miniprogram/src/pages/complain/months'
import { currentMonth, formatMonth } from '../../miniprogram/src/utils/time'
import { fail, fakeServer, loadPage, ok, SETTINGS, until, type Handlers, type LoadedPage } from './harness'

const SITE: SiteInfo = {
  code: 'F8KCC7G',
  displayCode: 'F8K-CC7G',
  name: '竞秀区保障性住房三期工程',
  address: '竞秀区朝阳北大街',
  areaCode: '130602',
  areaName: '河北省保定市竞秀区',
  industry: 'housing',
  funding: 'government',
  contractor: { name: '河北建工集团有限责任公司', uscc: '91130600MA0000000X' },
  supervisingDept: { id: 'd-housing', name: '竞秀区住房和城乡建设局' },
}
const STICKER = { q: encodeURIComponent('https://xam.example.cn/q/F8KCC7G?p=helmet') }
const RECEIPT: SubmitResult = {
  id: 'c-1',
  caseNo: '130602-2026-00001',
  status: 'routed',
  firstResponder: SITE.supervisingDept,
  handler: SITE.supervisingDept,
  acceptDueAt: null,
}

/** The complaint page's server: the site, the phone button's exchange, the submits recorded. */
function complainServer(submitted: Input<'worker', 'complaint.submit'>[], over: Handlers = {}) {
  return fakeServer(over, {
    worker: {
      'app.settings': () => ok({ ...SETTINGS, phoneButton: true }),
      'site.lookup': () => ok(SITE),
      'phone.fromWeChat': (d) =>
        d.code === 'wx-phone-code-1'
          ? ok({ phone: '13812345678' })
          : fail('VALIDATION', '微信手机号授权过期了', { code: '微信手机号授权过期了' }),
      'complaint.submit': (d) => {
        submitted.push(d)
        return ok(RECEIPT)
      },
    },
  })
}

const monthChoices = (page: LoadedPage) => page.root.querySelectorAll('.xam-month-choice')
async function tapNth(page: LoadedPage, selector: string, n: number) {
  page.root.querySelectorAll(selector)[n]!.dispatchEvent('tap')
  await page.settle()
}

test('the minimum path in WeChat is 5 inputs: name, the phone button, amount, month, submit', async () => {
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const page = await loadPage('pages/complain/index', STICKER, complainServer(submitted))
  await until(() => page.text('.xam-site-name') !== '' && page.$('.xam-phone-wechat') !== null)

  // Every fill or tap the worker makes goes through here, and is counted.
  let inputs = 0
  const input = async (step: () => Promise<void>) => {
    inputs++
    await step()
  }
  await input(() => page.type('.xam-field-name', '张师傅'))
  await input(async () => {
    // WeChat answers the phone button with a one-time code (base library 2.21.2+).
    page.$('.xam-phone-wechat')!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'wx-phone-code-1' } })
    await until(() => JSON.stringify((page.root as any).instance.data).includes('13812345678'))
  })
  await input(() => page.type('.xam-field-amount', '12500'))
  await input(() => tapNth(page, '.xam-month-choice', 1)) // 上个月
  await input(() => page.tap('.xam-submit'))

  await until(() => page.redirects.length > 0, 8000)
  expect(page.redirects).toEqual(['/pages/receipt/index?id=c-1'])
  expect(inputs).toBe(5)
  expect(page.calls.filter((c) => c.action === 'phone.fromWeChat').map((c) => c.data)).toEqual([{ code: 'wx-phone-code-1' }])
  expect(submitted).toHaveLength(1)
  expect(submitted[0]).toMatchObject({
    siteCode: 'F8KCC7G',
    complainant: { name: '张师傅', phone: '13812345678' },
    amountOwedFen: 1_250_000,
    owedSince: monthsBefore(currentMonth(), 1),
    workerCount: 1,
  })
})

test('the month owed has no default: big choices, 更早 for any month, and a plain message when none is chosen', async () => {
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const page = await loadPage('pages/complain/index', STICKER, complainServer(submitted))
  await until(() => page.text('.xam-site-name') !== '')
  expect(monthChoices(page).map((c) => (c.dom.textContent ?? '').trim())).toEqual([
    '这个月',
    '上个月',
    '2个月前',
    '3个月前',
    '更早，选月份',
  ])
  expect(page.$('.xam-choice-on')).toBeNull()

  await page.type('.xam-field-name', '张师傅')
  await page.type('.xam-field-phone', '13812345678')
  await page.type('.xam-field-amount', '8000')
  await page.tap('.xam-submit')
  await until(() => page.$('.xam-top-error') !== null)
  expect(page.text('.xam-err-owedSince')).toBe('请选择从哪个月开始欠')
  expect(submitted).toHaveLength(0)

  // 3个月前: three months back, as the risk rules count months owed.
  const three = monthsBefore(currentMonth(), 3)
  expect(MONTH_CHOICES[3]).toEqual({ back: 3, label: '3个月前' })
  await tapNth(page, '.xam-month-choice', 3)
  expect(page.$('.xam-err-owedSince')).toBeNull()
  expect(page.text('.xam-choice-on')).toBe('✓ 3个月前')
  expect(page.text('.xam-month-read')).toBe(`从${formatMonth(three)}开始欠`)

  // 更早 is a month picker; a month it gives shows on that choice.
  const earlier = monthsBefore(currentMonth(), 7)
  page.$('.xam-month-picker')!.dispatchEvent('change', { detail: { value: earlier } })
  await page.settle()
  expect(page.text('.xam-choice-on')).toBe(`✓ ${formatMonth(earlier)}`)

  await tapNth(page, '.xam-month-choice', 3)
  await page.tap('.xam-submit')
  await until(() => submitted.length === 1)
  expect(submitted[0].owedSince).toBe(three)
})

test.each([['+86 138-1234-5678'], ['138 1234 5678'], ['１３８１２３４５６７８'], ['0086 13812345678']])(
  'a phone pasted as %j becomes 11 digits in the field, with no message',
  async (pasted) => {
    const submitted: Input<'worker', 'complaint.submit'>[] = []
    const page = await loadPage(
      'pages/complain/index',
      STICKER,
      complainServer(submitted, { worker: { 'app.settings': () => ok(SETTINGS) } }),
    )
    await until(() => page.text('.xam-site-name') !== '')
    // Without the deployment's phone button there is none: the worker types.
    expect(page.$('.xam-phone-wechat')).toBeNull()
    await page.type('.xam-field-phone', pasted)
    expect(page.$('.xam-err-complainant-phone')).toBeNull()
    const data = JSON.stringify((page.root as any).instance.data)
    expect(data).toContain('"13812345678"')
    expect(data).not.toContain(JSON.stringify(pasted))
  },
)

test('on a shared phone the form says whose name and phone it filled in, and 清空 forgets them', async () => {
  const storage = new Map<string, unknown>([['xam.me', { name: '张三', phone: '13800000000' }]])
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const page = await loadPage('pages/complain/index', STICKER, complainServer(submitted), { storage })
  await until(() => page.text('.xam-site-name') !== '')
  expect(page.text('.xam-shared-phone').replace(/\s+/g, ' ')).toBe('上次填的是 张* 138****0000，不是您？清空')

  await page.tap('.xam-shared-clear')
  expect(page.$('.xam-shared-phone')).toBeNull()
  expect(storage.has('xam.me')).toBe(false)
  await page.tap('.xam-submit')
  await until(() => page.$('.xam-top-error') !== null)
  expect(page.text('.xam-err-complainant-name')).toBe('请填写您的姓名')
  expect(page.text('.xam-err-complainant-phone')).toBe('请填写手机号，办理人员要联系您')
  expect(submitted).toHaveLength(0)
})

test('100,000 workers is not cut to 10,000: it is named as too many', async () => {
  const page = await loadPage('pages/complain/index', STICKER, complainServer([]))
  await until(() => page.text('.xam-site-name') !== '')
  await page.type('.xam-field-count', '100000')
  await until(() => page.$('.xam-err-workerCount') !== null)
  expect(page.text('.xam-err-workerCount')).toBe('人数最多填10000人，请核对')
})

/** A resolved case as the worker sees it (`worker complaint.get`). */
function resolvedCase(over: Partial<ComplaintView> = {}): ComplaintView {
  const dept = { id: 'd-housing', name: '竞秀区住房和城乡建设局', phone: '0312-3021234' }
  const v: Omit<ComplaintView, 'steps' | 'late'> = {
    id: 'c-1',
    caseNo: '130602-2026-00001',
    status: 'resolved',
    version: 4,
    channel: 'helmet_qr',
    siteCode: 'F8KCC7G',
    placement: 'helmet',
    projectName: SITE.name,
    projectAddress: SITE.address,
    employerName: SITE.contractor.name,
    areaCode: '130602',
    areaName: SITE.areaName,
    industry: 'housing',
    funding: 'government',
    complainant: { name: '张师傅', phone: '13812345678' },
    complainants: [],
    workerCount: 3,
    amountOwedFen: 3_000_000,
    owedSince: '2026-08',
    description: '',
    photos: [],
    photoLinks: [],
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
    firstResponder: dept,
    handler: dept,
    acceptDueAt: null,
    resolveDueAt: '2026-11-25T06:00:00.000Z',
    complex: false,
    card: 'none',
    riskLevel: 'none',
    amountRecoveredFen: 2_850_000,
    rating: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-22T07:00:00.000Z',
    timeline: [
      { at: '2026-11-20T02:00:00.000Z', type: 'registered', label: '登记', note: '已登记' },
      { at: '2026-11-22T07:00:00.000Z', type: 'resolved', label: '处理完毕', note: '总包单位已代发28500元到工友银行卡' },
    ],
    remindedAt: null,
    allowedActions: ['confirm', 'dispute', 'supplement'],
    ...over,
  }
  return { ...v, ...progressOf(v, new Date('2026-11-22T08:00:00.000Z')) }
}

test('the confirm card says what the handler recorded as recovered and their note', async () => {
  const page = await loadPage('pages/detail/index', { id: 'c-1' }, fakeServer({ worker: { 'complaint.get': () => ok(resolvedCase()) } }))
  await until(() => page.$('.xam-confirm-box') !== null)
  expect(page.text('.xam-confirm-box .xam-resolution-amount')).toBe('28,500 元')
  expect(page.text('.xam-confirm-box .xam-resolution-note')).toBe('总包单位已代发28500元到工友银行卡')
})

test('the dispute can say 金额不对 with one tap, and sends it as the reason', async () => {
  const disputes: Input<'worker', 'complaint.dispute'>[] = []
  let current = resolvedCase()
  const page = await loadPage(
    'pages/detail/index',
    { id: 'c-1' },
    fakeServer({
      worker: {
        'complaint.get': () => ok(current),
        'complaint.dispute': (d) => {
          disputes.push(d)
          current = resolvedCase({ status: 'reopened', allowedActions: ['supplement'] })
          return ok({ id: 'c-1', status: 'reopened', version: 5 })
        },
      },
    }),
  )
  await until(() => page.$('.xam-dispute-open') !== null)
  await page.tap('.xam-dispute-open')
  await until(() => page.$('.xam-dispute-kinds') !== null)
  const kinds = page.root.querySelectorAll('.xam-dispute-kind')
  expect(kinds.map((k) => (k.dom.textContent ?? '').trim())).toEqual(['钱没拿到', '只拿到一部分', '金额不对', '其他问题'])
  await tapNth(page, '.xam-dispute-kind', 2)
  await page.tap('.xam-dispute')
  await until(() => disputes.length === 1)
  expect(disputes[0]).toEqual({ id: 'c-1', kind: 'amount_wrong' })
})

test('the handler is asked to confirm a recovered amount 30 times the amount owed; 改一下 sends nothing, 确定 sends it confirmed', async () => {
  const detail: CaseDetail = {
    ...resolvedCase({ status: 'in_progress', amountRecoveredFen: null, allowedActions: ['progress', 'resolve'] }),
    related: [],
    relatedHidden: 0,
    nameMasked: false,
  }
  const resolved: Input<'staff', 'complaint.resolve'>[] = []
  let answer = false
  const page = await loadPage(
    'staff/pages/case/index',
    { id: 'c-1' },
    fakeServer({
      staff: {
        me: () =>
          ok({
            role: 'inspector' as const,
            openid: 'oInspector',
            dept: { id: 'd-housing', name: '竞秀区住房和城乡建设局', kind: 'housing' as const, areaCode: '130602' },
            subscribeTemplates: [],
          }),
        'complaint.get': () => ok(detail),
        'template.list': () => ok({ items: [] }),
        'dept.list': () => ok({ items: [] }),
        'complaint.resolve': (d) => {
          resolved.push(d)
          return ok({ id: 'c-1', status: 'resolved', version: 5 })
        },
      },
    }),
    { modal: () => answer },
  )
  await until(() => page.$('.xam-action-resolve') !== null)
  await page.tap('.xam-action-resolve')
  await until(() => page.$('.xam-resolve-amount') !== null)
  await page.type('.xam-resolve-amount', '900000') // 900,000 元 on 30,000 元 owed
  await page.type('.xam-resolve-note', '已全部追回')
  await page.tap('.xam-resolve-submit')
  await until(() => page.modals.length === 1)
  expect(page.modals).toEqual(['核对追回金额'])
  await until(() => page.$('.xam-err-amountRecoveredFen') !== null)
  expect(page.text('.xam-err-amountRecoveredFen')).toBe('追回金额是欠薪金额的30倍，请核对追回金额')
  expect(resolved).toHaveLength(0)

  answer = true
  await page.tap('.xam-resolve-submit')
  await until(() => resolved.length === 1)
  expect(resolved[0]).toMatchObject({ id: 'c-1', amountRecoveredFen: 90_000_000, note: '已全部追回', confirmLarge: true })
})
