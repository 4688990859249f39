/** @jest-environment jsdom */
// Issue 19 points 1 and 5 in the real WeChat build: two tabs with small image icons and no 工作台 tab; the
// home page names who runs the service and its hotline (from app.settings), offers 工作台 only to a
// phone known to be an official's; an invite link fills the code; sizes are px, never rpx that shrink.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { DIST, SETTINGS, fakeServer, loadPage, ok, until } from './harness'

test('two tabs, each with its own small image icon; the work page is a page, not a tab', () => {
  const app = JSON.parse(readFileSync(path.join(DIST, 'app.json'), 'utf8'))
  expect(app.tabBar.list.map((t: { pagePath: string; text: string }) => [t.pagePath, t.text])).toEqual([
    ['pages/index/index', '首页'],
    ['pages/mine/index', '我的投诉'],
  ])
  expect(app.pages).toContain('pages/work/index')
  for (const t of app.tabBar.list) {
    for (const icon of [t.iconPath, t.selectedIconPath]) {
      const file = path.join(DIST, icon)
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG')
      expect(statSync(file).size).toBeLessThan(40 * 1024)
    }
  }
})

test('worker page styles are px: nothing shrinks below its size on a narrow phone', () => {
  const files = ['app-origin.wxss', ...readdirSync(path.join(DIST, 'pages')).map((p) => path.join('pages', p, 'index.wxss'))]
  const css = files.map((f) => readFileSync(path.join(DIST, f), 'utf8')).join('\n')
  expect(css).toMatch(/font-size:\s*17px/)
  expect(css).not.toMatch(/\d(\.\d+)?rpx/)
})

test('home: the service, who runs it and the hotline; a worker sees no 工作台, only the small staff entry', async () => {
  const page = await loadPage('pages/index/index', {}, fakeServer())
  await until(() => page.text('.xam-gov-authority').includes('主办'))
  expect(page.text('.xam-gov-name')).toContain('薪安码')
  expect(page.text('.xam-gov-authority')).toBe('主办：' + SETTINGS.service.authority)
  expect(page.text('.xam-gov-hotline')).toContain('12333')
  expect(page.$('.xam-go-work')).toBeNull()
  expect(page.text('.xam-staff-entry')).toBe('工作人员入口')
  expect(page.calls.filter((c) => c.name === 'staff')).toEqual([])
})

test('home on an official’s phone: 进入工作台 opens the work page', async () => {
  const page = await loadPage('pages/index/index', {}, fakeServer(), { storage: new Map([['xam.staffRole', 'inspector']]) })
  await until(() => page.$('.xam-go-work') !== null)
  expect(page.$('.xam-staff-entry')).toBeNull()
  await page.tap('.xam-go-work')
  expect(page.navigations).toEqual(['/pages/work/index'])
})

test('an invite link fills the code; the role the server names is remembered for the home page', async () => {
  const page = await loadPage(
    'pages/work/index',
    { invite: 'AB23CD' },
    fakeServer({ staff: { me: () => ok({ role: 'worker', openid: 'oAbC123xyz', subscribeTemplates: [] }) } }),
  )
  await until(() => page.$('.xam-invite-code') !== null)
  // 加入单位 sends the code the link carried, nothing typed.
  await page.tap('.xam-invite-accept')
  await until(() => page.calls.some((c) => c.action === 'invite.accept'))
  expect(page.calls.filter((c) => c.action === 'invite.accept').map((c) => c.data)).toEqual([{ code: 'AB23CD' }])
  expect(page.storage.has('xam.staffRole')).toBe(false)

  const official = await loadPage(
    'pages/work/index',
    {},
    fakeServer({
      staff: {
        me: () =>
          ok({
            role: 'inspector',
            dept: { id: 'd-housing', name: '竞秀区住房和城乡建设局', kind: 'housing', areaCode: '130602' },
            subscribeTemplates: [],
          }),
      },
    }),
  )
  await until(() => official.$('.xam-dept') !== null)
  expect(official.storage.get('xam.staffRole')).toBe('inspector')
})
