/** @jest-environment jsdom */
// 我的投诉 in the real WeChat build: a worker links the phone they filed with in a browser, by SMS code
// (auth sms.request, then worker phone.link; WeChat's phone-number button is only for certified
// mini-programs), and the complaints filed with it are listed; wx.cloud.callFunction is answered here.
import type { MineItem } from '@shared/contract'
import { fail, fakeServer, loadPage, ok, until } from './harness'

const FROM_BROWSER: MineItem = {
  id: 'c-web',
  caseNo: '130602-2026-00007',
  status: 'routed',
  statusLabel: '已转办',
  siteName: '竞秀区保障性住房三期工程',
  createdAt: '2026-11-02T02:00:00Z',
  updatedAt: '2026-11-02T02:00:00Z',
}

test('linking a phone by SMS code: a wrong code is named, the right one links it and the browser complaints appear', async () => {
  let linked: string | null = null
  const page = await loadPage(
    'pages/mine/index',
    {},
    fakeServer({
      worker: {
        'complaint.listMine': () => ok({ items: linked ? [FROM_BROWSER] : [] }),
        'phone.status': () => ok({ phone: linked }),
        'phone.link': (d: any) => {
          if (d.code !== '482913') return fail('VALIDATION', '验证码不对，还可以再试4次', { code: '验证码不对，还可以再试4次' })
          linked = '136****5678'
          return ok({ phone: linked })
        },
      },
      auth: {
        'sms.request': () =>
          ok({ sentAt: '2026-11-03T02:00:00.000Z', expiresAt: '2026-11-03T02:05:00.000Z', resendAt: '2026-11-03T02:01:00.000Z' }),
      },
    }),
  )
  await until(() => !!page.$('.xam-phone-link-open'))
  expect(page.$('.xam-mine-empty')).not.toBeNull()
  await page.tap('.xam-phone-link-open')
  await page.type('.xam-signin-phone', '13612345678')
  await page.tap('.xam-signin-send')
  await until(() => !!page.$('.xam-signin-sent'))
  expect(page.text('.xam-signin-sent')).toBe('验证码已发到 136****5678，5分钟内有效')
  await page.type('.xam-signin-code', '000000')
  await page.tap('.xam-signin-ok')
  await until(() => !!page.$('.xam-err-code'))
  expect(page.text('.xam-err-code')).toBe('验证码不对，还可以再试4次')

  await page.type('.xam-signin-code', '482913')
  await page.tap('.xam-signin-ok')
  await until(() => page.root.querySelectorAll('.xam-mine-item').length === 1)
  expect(page.text('.xam-phone-linked')).toContain('已绑定手机号 136****5678')
  const calls = page.calls.map((c) => `${c.name} ${c.action}`)
  expect(calls).toContain('auth sms.request')
  expect(page.calls.find((c) => c.action === 'sms.request')!.data).toEqual({ phone: '13612345678' })
  expect(page.calls.filter((c) => c.action === 'phone.link').map((c) => c.data)).toEqual([
    { phone: '13612345678', code: '000000' },
    { phone: '13612345678', code: '482913' },
  ])
})
