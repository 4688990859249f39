import { cardFor } from '../../shared/cards'
import { defaultConfig, parseConfig } from '../../shared/config'
import type { Card, Status } from '../../shared/types'

const DUE = '2026-11-20T18:00:00+08:00'
const t = (s: string) => new Date(s)
const config = defaultConfig()

describe('cardFor (default: red 10 days past the deadline)', () => {
  const cases: [string, Status, string | null, string, Card][] = [
    ['well before the deadline', 'in_progress', null, '2026-11-10T09:00:00+08:00', 'none'],
    ['exactly at the deadline', 'in_progress', null, DUE, 'none'],
    ['one minute after the deadline', 'in_progress', null, '2026-11-20T18:01:00+08:00', 'yellow'],
    ['9 days 23 h after, no progress', 'in_progress', null, '2026-11-30T17:00:00+08:00', 'yellow'],
    ['one second before deadline + 10 days', 'accepted', null, '2026-11-30T17:59:59+08:00', 'yellow'],
    ['exactly deadline + 10 days, no progress', 'in_progress', null, '2026-11-30T18:00:00+08:00', 'red'],
    ['deadline + 10 days, accepted never progressed', 'accepted', null, '2026-11-30T18:00:00+08:00', 'red'],
    ['deadline + 10 days, reopened', 'reopened', null, '2026-11-30T18:00:00+08:00', 'red'],
    ['deadline + 30 days, no progress', 'in_progress', null, '2026-12-20T18:00:00+08:00', 'red'],
    ['progress only before the deadline does not count', 'in_progress', '2026-11-19T10:00:00+08:00', '2026-11-30T18:00:00+08:00', 'red'],
    ['progress after the deadline keeps it yellow', 'in_progress', '2026-11-22T10:00:00+08:00', '2026-11-30T18:00:00+08:00', 'yellow'],
    [
      'progress after the deadline, much later still yellow',
      'in_progress',
      '2026-11-21T10:00:00+08:00',
      '2026-12-20T18:00:00+08:00',
      'yellow',
    ],
  ]
  it.each(cases)('%s → %s', (_n, status, lastProgressAt, now, expected) => {
    expect(cardFor({ status, resolveDueAt: DUE, lastProgressAt }, t(now), config)).toBe(expected)
  })

  it.each(['resolved', 'closed', 'not_wage_arrears', 'transferred_out'] as Status[])(
    'no card once %s, even long past the deadline',
    (status) => {
      expect(cardFor({ status, resolveDueAt: DUE, lastProgressAt: null }, t('2026-12-31T00:00:00+08:00'), config)).toBe('none')
    },
  )

  it('no card without a resolution deadline', () => {
    expect(cardFor({ status: 'in_progress', resolveDueAt: null, lastProgressAt: null }, t('2026-12-31T00:00:00+08:00'), config)).toBe(
      'none',
    )
  })

  it('deadline comparison is on instants, whatever offset the stored string uses', () => {
    // 10:00Z = 18:00 Beijing
    const c = { status: 'in_progress' as Status, resolveDueAt: '2026-11-20T10:00:00.000Z', lastProgressAt: null }
    expect(cardFor(c, t('2026-11-20T18:00:00+08:00'), config)).toBe('none')
    expect(cardFor(c, t('2026-11-20T18:00:01+08:00'), config)).toBe('yellow')
    expect(cardFor(c, t('2026-11-30T18:00:00+08:00'), config)).toBe('red')
  })
})

describe('cardFor with configured redAfterDays', () => {
  const c3 = parseConfig({ cards: { redAfterDays: 3 } })
  const c20 = parseConfig({ cards: { redAfterDays: 20 } })
  const card = (now: string, cfg: typeof config) => cardFor({ status: 'in_progress', resolveDueAt: DUE, lastProgressAt: null }, t(now), cfg)

  it('3 days', () => {
    expect(card('2026-11-23T17:59:00+08:00', c3)).toBe('yellow')
    expect(card('2026-11-23T18:00:00+08:00', c3)).toBe('red')
  })
  it('20 days: still yellow at the default 10', () => {
    expect(card('2026-11-30T18:00:00+08:00', c20)).toBe('yellow')
    expect(card('2026-12-10T18:00:00+08:00', c20)).toBe('red')
  })
})
