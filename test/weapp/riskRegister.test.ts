/** @jest-environment jsdom */
// The risk register page (风险台账) in the real WeChat build: each site or employer with its level, figures
// and cause; a level chosen asks only for that level; more are read with the cursor the last page gave.
import type { Input, RiskRegisterItem } from '@shared/contract'
import { fakeServer, loadPage, ok, until } from './harness'

const DEPT = { id: 'd-city-labour', name: '保定市人社局劳动保障监察支队', kind: 'labour' as const, areaCode: '130600' }

const item = (subject: string, name: string, over: Partial<RiskRegisterItem> = {}): RiskRegisterItem => ({
  subject,
  kind: subject.startsWith('site:') ? 'site' : 'employer',
  name,
  level: 'general',
  trigger: '欠薪满1个月，涉及10人以上',
  openCases: 2,
  workers: 12,
  monthsOwed: 2,
  amountOwedFen: 3_456_700,
  bossUnreachable: 0,
  flagged: 0,
  ...over,
})

test('lists the register, filters by level and reads on with the cursor', async () => {
  const asked: Input<'staff', 'risk.list'>[] = []
  const server = fakeServer({
    staff: {
      me: () => ok({ role: 'coordinator', openid: 'oCoord', dept: DEPT, subscribeTemplates: [] }),
      'risk.list': (data) => {
        const d = data as Input<'staff', 'risk.list'>
        asked.push(d)
        if (d.level === 'severe')
          return ok({
            items: [item('site:S9', '莲池区万和商业广场', { level: 'severe', trigger: '工友反映老板联系不上' })],
            nextCursor: null,
          })
        if (d.cursor === 'site:S2')
          return ok({ items: [item('uscc:91130600X', '保定某建筑劳务有限公司', { level: 'none', trigger: '' })], nextCursor: null })
        return ok({
          items: [
            item('site:S1', '竞秀区保障性住房三期工程', {
              level: 'major',
              trigger: '欠薪满2个月，涉及30人以上',
              workers: 40,
              monthsOwed: 3,
            }),
            item('site:S2', '莲池区东二环道路改造工程'),
          ],
          nextCursor: 'site:S2',
        })
      },
    },
  })
  const page = await loadPage('staff/pages/register/index', {}, server)
  /** The cards, by name: each one's text. */
  const cards = () => page.root.querySelectorAll('.xam-reg-item').map((w) => w.dom.textContent ?? '')
  const card = (name: string) => cards().find((t) => t.includes(name)) ?? ''
  await until(() => card('莲池区东二环') !== '')
  const first = card('竞秀区保障性住房三期工程')
  expect(first).toContain('项目：竞秀区保障性住房三期工程')
  expect(first).toContain('较大')
  expect(first).toContain('未办结2件，涉及40人，欠薪3个月，共34,567 元')
  expect(first).toContain('原因：欠薪满2个月，涉及30人以上')
  expect(asked).toEqual([{}])

  await page.tap('.xam-reg-more')
  await until(() => card('保定某建筑劳务有限公司') !== '')
  expect(asked[1]).toEqual({ cursor: 'site:S2' })
  expect(card('保定某建筑劳务有限公司')).toContain('用人单位：保定某建筑劳务有限公司')
  // Its level is none: no cause line, and no more to read.
  expect(card('保定某建筑劳务有限公司')).not.toContain('原因')
  expect(page.$('.xam-reg-more')).toBeNull()

  await page.tap('.xam-reg-by-severe')
  await until(() => card('万和商业广场') !== '')
  expect(asked[asked.length - 1]).toEqual({ level: 'severe' })
  expect(cards()).toHaveLength(1)
  expect(card('万和商业广场')).toContain('重大')
})
