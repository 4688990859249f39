// What the staff case page says after a step, and the supervision date as officials type it.
import { typedDate } from '../../miniprogram/src/staff/components/AccountabilityActions'
import { confirmation } from '../../miniprogram/src/staff/lib/confirm'
import type { CaseDetail, DeptItem } from '../../miniprogram/src/staff/lib/types'

jest.mock('@tarojs/components', () => ({ View: 'view' }), { virtual: true })
jest.mock('@nutui/nutui-react-taro', () => ({}), { virtual: true })

const c = { colleagues: [{ openid: 'o-2', name: '钱科员', officePhone: '0312-5905602' }] } as unknown as CaseDetail
const depts = [{ id: 'd-1', name: '保定市交通运输局', kind: 'transport', areaCode: '130600' }] as DeptItem[]

test('each step says what it did, naming who or what it went to', () => {
  expect(confirmation('complaint.assign', { toOpenid: 'o-2' }, c, depts)).toBe('已转给 钱科员')
  expect(confirmation('complaint.route', { toDeptId: 'd-1', reason: 'x' }, c, depts)).toBe('已转给 保定市交通运输局')
  expect(confirmation('complaint.escalate', { toDeptId: 'd-1', reason: 'x' }, c, depts)).toBe('已提级，由 保定市交通运输局 办理')
  expect(confirmation('complaint.supervise', { note: 'x', dueAt: '2026-11-25' }, c, depts)).toBe('已挂牌督办')
  expect(confirmation('complaint.refer', { to: 'legal_aid', note: 'x' }, c, depts)).toBe('已移送法律援助机构')
  expect(confirmation('complaint.advance', { source: 'wage_deposit', amountFen: 800000, note: 'x' }, c, depts)).toBe(
    '已登记先行垫付 8,000 元',
  )
  expect(confirmation('complaint.penalty', { kind: 'fine', docNo: 'x', note: 'x' }, c, depts)).toBe('已登记罚款')
  // Never the bare "已保存".
  for (const a of ['complaint.accept', 'complaint.progress', 'complaint.return', 'complaint.flag', 'complaint.referralOutcome']) {
    expect(confirmation(a, {}, c, depts)).not.toBe('已保存')
  }
  // A colleague or unit no longer listed: still the step, not a blank name.
  expect(confirmation('complaint.assign', { toOpenid: 'gone' }, c, depts)).toBe('已更换承办人')
})

test('a supervision date typed in the usual ways; impossible dates refused', () => {
  expect(typedDate('2026-11-25')).toBe('2026-11-25')
  expect(typedDate(' 2026/1/5 ')).toBe('2026-01-05')
  expect(typedDate('2026年1月5日')).toBe('2026-01-05')
  expect(typedDate('２０２６-１１-２５')).toBe('2026-11-25')
  expect(typedDate('2026-02-30')).toBeNull()
  expect(typedDate('下周五')).toBeNull()
  expect(typedDate('')).toBeNull()
})
