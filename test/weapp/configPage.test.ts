/** @jest-environment jsdom */
// The coordinator's settings page (期限与设置) in the real WeChat build: it shows 本辖区设置 for what the
// area sets itself and where every other value is inherited from, sends only this area's own values
// (an untouched inherited value stays inherited), lets an own value go back to the level above, shows a
// wider campaign it cannot lift, and leaves the national holiday schedule to the top coordinator.
import type { ConfigView, Input } from '@shared/contract'
import { defaultConfig } from '@shared/config'
import { fakeServer, loadPage, ok, until } from './harness'

const DISTRICT_DEPT = { id: 'd-jx-labour', name: '竞秀区劳动保障监察大队', kind: 'labour' as const, areaCode: '130602' }

/** The district's view: it sets its own default deadline (20 days); everything else comes from above. */
function districtView(over: Partial<ConfigView> = {}): ConfigView {
  const effective = defaultConfig()
  effective.deadlines.resolveDaysDefault = 20
  effective.deadlines.acceptWorkingDays = 2
  effective.campaign = { endsAt: '2026-12-20T15:59:59.999Z', areaCode: '130600' }
  const inherited = defaultConfig()
  inherited.deadlines.resolveDaysDefault = 10
  inherited.deadlines.acceptWorkingDays = 2
  return {
    areaCode: '130602',
    areaName: '河北省保定市竞秀区',
    effective,
    own: { deadlines: { resolveDaysDefault: 20 } },
    inherited,
    sources: { 'deadlines.resolveDaysDefault': '130602', 'deadlines.acceptWorkingDays': '130600' },
    levels: [
      { areaCode: '000000', name: '全国默认（部署设置）' },
      { areaCode: '130600', name: '河北省保定市' },
      { areaCode: '130602', name: '河北省保定市竞秀区' },
    ],
    campaigns: [{ endsAt: '2026-12-20T15:59:59.999Z', areaCode: '130600', setAt: '130600' }],
    national: false,
    publicBaseUrl: 'https://xam.bd.gov.cn',
    ...over,
  }
}

function serverFor(sent: Input<'admin', 'config.set'>[], view = districtView()) {
  return fakeServer({
    staff: { me: () => ok({ role: 'coordinator', openid: 'oDistrict', dept: DISTRICT_DEPT, subscribeTemplates: [] }) },
    admin: {
      'config.get': () => ok(view),
      'config.set': (data) => {
        sent.push(data)
        return ok(view)
      },
    },
  })
}

test('本辖区设置 for what the district sets, the level for what it inherits; saving sends only the district’s own values', async () => {
  const sent: Input<'admin', 'config.set'>[] = []
  const page = await loadPage('staff/pages/config/index', {}, serverFor(sent))
  await until(() => page.$('.xam-config-resolveDaysDefault') !== null)
  expect(page.text('.xam-config-area')).toContain('本辖区设置：河北省保定市竞秀区')
  expect(page.text('.xam-config-resolveDaysDefault .xam-config-source')).toBe('本辖区设置（上级为10天）')
  expect(page.text('.xam-config-acceptWorkingDays .xam-config-source')).toBe('沿用河北省保定市')
  expect(page.text('.xam-config-resolveDaysPublic .xam-config-source')).toBe('沿用全国默认')
  // The city's campaign is shown, and not the district's to end; the holidays are the top coordinator's.
  expect(page.text('.xam-config-wider-campaign')).toContain('本辖区不能取消')
  expect(page.$('.xam-holiday-picker')).toBeNull()
  expect(page.text('.xam-config-holidays-national')).toContain('最上级联席办')
  // Thresholds and limits are labelled fields with their units, never raw keys.
  expect(page.text('.xam-config-reportWorkers .xam-config-label')).toBe('即时报告：涉及人数达到')
  expect(page.text('.xam-config-reportWorkers .xam-config-unit')).toBe('人')
  expect(page.text('.xam-config-reportMonths .xam-config-unit')).toBe('个月')
  expect(page.text('.xam-config-acceptWorkingDays .xam-config-unit')).toBe('个工作日')
  expect(page.text('.xam-config-link-value')).toBe('https://xam.bd.gov.cn')

  // Change one inherited value and save: its own value and the one it already had, nothing else.
  await page.type('.xam-config-resolveDaysComplex', '5')
  await page.tap('.xam-config-save')
  await until(() => sent.length === 1)
  expect(sent[0]).toEqual({ deadlines: { resolveDaysDefault: 20, resolveDaysComplex: 5 } })
})

test('an own value goes back to the level above with 改回沿用上级', async () => {
  const sent: Input<'admin', 'config.set'>[] = []
  const page = await loadPage('staff/pages/config/index', {}, serverFor(sent))
  await until(() => page.$('.xam-config-resolveDaysDefault .xam-config-inherit') !== null)
  expect(page.$('.xam-config-acceptWorkingDays .xam-config-inherit')).toBeNull()
  await page.tap('.xam-config-resolveDaysDefault .xam-config-inherit')
  await page.tap('.xam-config-save')
  await until(() => sent.length === 1)
  expect(sent[0]).toEqual({ deadlines: { resolveDaysDefault: null } })
})

test('the top coordinator marks holiday dates 休 and make-up working days 班; a year left without dates is sent as null', async () => {
  const sent: Input<'admin', 'config.set'>[] = []
  const base = districtView()
  const effective = { ...base.effective, holidays: { '2027': { holidays: ['2027-01-01'], workdays: [] } } }
  const page = await loadPage(
    'staff/pages/config/index',
    {},
    serverFor(sent, { ...base, effective, national: true, campaigns: [], own: {}, sources: {} }),
  )
  await until(() => page.$('.xam-holiday-picker') !== null)
  expect(page.text('.xam-holiday-day')).toContain('2027-01-01')
  expect(page.text('.xam-holiday-mark')).toBe('休')
  // Nothing picked yet: marking names what is missing and sends nothing.
  await page.tap('.xam-holiday-off')
  expect(page.text('.xam-config-holidays')).toContain('请先选择日期')
  await page.tap('.xam-holiday-remove')
  expect(page.$('.xam-holiday-day')).toBeNull()
  const pick = async (day: string) => {
    page.$('.xam-holiday-picker')!.dispatchEvent('change', { detail: { value: day } })
    await page.settle()
  }
  await pick('2028-01-01')
  await page.tap('.xam-holiday-off')
  await pick('2028-02-05')
  await page.tap('.xam-holiday-work')
  expect(page.text('.xam-holiday-list')).toContain('2028-02-05 周六')
  await page.tap('.xam-config-save')
  await until(() => sent.length === 1)
  expect(sent[0]).toEqual({ holidays: { '2028': { holidays: ['2028-01-01'], workdays: ['2028-02-05'] }, '2027': null } })
})

test('主办单位, 咨询电话 and the two yes/no offender criteria: a bad hotline is named and nothing sent; changes are sent alone', async () => {
  const sent: Input<'admin', 'config.set'>[] = []
  const page = await loadPage('staff/pages/config/index', {}, serverFor(sent))
  await until(() => page.$('.xam-config-hotline') !== null)
  expect(page.text('.xam-config-authority .xam-config-label')).toBe('主办单位')
  expect(page.text('.xam-config-hotline .xam-config-label')).toBe('咨询电话')
  expect(page.text('.xam-config-hotline .xam-config-source')).toBe('沿用全国默认')
  expect(page.text('.xam-config-unpaidPaymentOrder')).toContain('责令限期支付后仍未支付')
  expect(page.text('.xam-config-severeIncident')).toContain('极端事件')
  await page.type('.xam-config-hotline', '打电话')
  await page.tap('.xam-config-save')
  expect(page.text('.xam-config-hotline')).toContain('咨询电话：只能是数字和短横线')
  expect(sent).toEqual([])
  await page.type('.xam-config-hotline', '0312-12333')
  await page.tap('.xam-config-severeIncident .xam-config-switch')
  await page.tap('.xam-config-save')
  await until(() => sent.length === 1)
  expect(sent[0]).toEqual({
    deadlines: { resolveDaysDefault: 20 },
    service: { hotline: '0312-12333' },
    credit: { severeIncident: false },
  })
})
