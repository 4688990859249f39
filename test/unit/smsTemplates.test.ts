// SMS texts are data: each fits one SMS (under 70 characters) at its worst case, with the case link.
import { parseConfig } from '../../shared/config'
import {
  renderSms,
  smsAmount,
  smsDate,
  smsLength,
  smsLink,
  smsParamNames,
  tencentTemplateText,
  SMS_LINK_BASE_MAX,
  SMS_MAX_CHARS,
  SMS_PARAM_MAX,
  SMS_REFER_TARGETS,
  SMS_TEMPLATE_KEYS,
  SMS_TEXTS,
} from '../../shared/smsTemplates'

const worst = (n: number) => '字'.repeat(n)

test.each(SMS_TEMPLATE_KEYS)('the %s text is under 70 characters with every parameter at its longest', (key) => {
  const values = Object.fromEntries(smsParamNames(key).map((p) => [p, worst(SMS_PARAM_MAX[p])]))
  const { text } = renderSms(key, values)
  expect(smsLength(text)).toBeLessThan(SMS_MAX_CHARS)
  expect(text).toMatch(/[\u4e00-\u9fa5]/)
})

test('every case text carries the case link; the worst link is the longest allowed base, /c/ and a case number', () => {
  for (const key of SMS_TEMPLATE_KEYS.filter((k) => k !== 'verify_code')) expect(smsParamNames(key)).toContain('link')
  const link = smsLink('https://' + 'x'.repeat(SMS_LINK_BASE_MAX - 15) + '.gov.cn', '130602-2026-00017')
  expect(link.length).toBe(SMS_LINK_BASE_MAX + 3 + 17)
  expect(link.length).toBe(SMS_PARAM_MAX.link)
  expect(smsLink('http://127.0.0.1:8080/', '130602-2026-00017')).toBe('http://127.0.0.1:8080/c/130602-2026-00017')
  // A longer base (publicBaseUrl without sms.linkBase) drops its scheme to stay within one SMS.
  expect(smsLink('https://xinanma.renshe.example.gov.cn', '130602-2026-00017')).toBe('xinanma.renshe.example.gov.cn/c/130602-2026-00017')
})

test('the longest values each parameter takes in practice stay within its budget', () => {
  expect(smsDate('2026-12-31T15:59:00.000Z').length).toBeLessThanOrEqual(SMS_PARAM_MAX.date)
  expect(smsDate('2026-12-31T15:59:00.000Z')).toBe('12月31日')
  expect(smsDate('2026-12-31T16:00:00.000Z')).toBe('1月1日') // Beijing midnight
  expect(smsAmount(9_999_999_999).length).toBeLessThanOrEqual(SMS_PARAM_MAX.amount) // 99999999.99元
  for (const to of Object.values(SMS_REFER_TARGETS)) expect(to.length).toBeLessThanOrEqual(SMS_PARAM_MAX.to)
})

test('amounts are yuan, with cents only when there are some', () => {
  expect(smsAmount(1_250_000)).toBe('12500元')
  expect(smsAmount(1_250_050)).toBe('12500.5元')
  expect(smsAmount(1_250_005)).toBe('12500.05元')
  expect(smsAmount(0)).toBe('0元')
})

test('rendering gives the parameters in order of appearance, as Tencent Cloud numbers them', () => {
  expect(renderSms('referred', { to: '劳动仲裁', link: 'http://x.cn/c/1' })).toEqual({
    params: ['劳动仲裁', 'http://x.cn/c/1'],
    text: '欠薪投诉已移送劳动仲裁，仍在跟进，详情http://x.cn/c/1',
  })
  expect(tencentTemplateText('referred')).toBe('欠薪投诉已移送{1}，仍在跟进，详情{2}')
  expect(tencentTemplateText('verify_code')).toBe('验证码{1}，{2}分钟内有效，请勿告诉他人。')
  expect(() => renderSms('accepted', { link: 'x' })).toThrow(/date/)
  expect(Object.keys(SMS_TEXTS).sort()).toEqual([...SMS_TEMPLATE_KEYS].sort())
})

test('the sms configuration: defaults, and what it refuses', () => {
  const d = parseConfig({}).sms
  expect(d).toMatchObject({ dailyPerPhone: 5, sdkAppId: '', signName: '', region: 'ap-guangzhou', linkBase: '' })
  expect(Object.keys(d.templates).sort()).toEqual([...SMS_TEMPLATE_KEYS].sort())
  const ok = parseConfig({
    sms: {
      sdkAppId: '1400000001',
      signName: '薪安码',
      templates: { accepted: '2000001' },
      linkBase: 'https://xam.bd.gov.cn',
      dailyPerPhone: 3,
    },
  }).sms
  expect(ok).toMatchObject({ sdkAppId: '1400000001', templates: { accepted: '2000001', closed: '' }, dailyPerPhone: 3 })
  for (const bad of [
    { templates: { accepted: 'SMS_1' } },
    { sdkAppId: 'abc' },
    { linkBase: 'https://' + 'x'.repeat(30) + '.cn' },
    { dailyPerPhone: -1 },
    { region: 'ap-shanghai' },
    { signName: '一二三四五六七八九十一二三四五六七' },
  ]) {
    expect(() => parseConfig({ sms: bad })).toThrow()
  }
})
