import { monthsOwed, riskLevel, type RiskInput } from '../../shared/risk'
import { defaultConfig, parseConfig } from '../../shared/config'
import type { RiskLevel } from '../../shared/types'

const t = (s: string) => new Date(s)

describe('monthsOwed', () => {
  it.each([
    ['2026-01', '2026-04-15T12:00:00+08:00', 3],
    ['2026-04', '2026-04-15T12:00:00+08:00', 0],
    ['2026-06', '2026-04-15T12:00:00+08:00', 0], // in the future: never negative
    ['2025-11', '2026-02-10T12:00:00+08:00', 3], // across the new year
    ['2024-04', '2026-04-01T09:00:00+08:00', 24],
    // Beijing month: 1 Apr 01:00 Beijing is still 31 Mar in UTC
    ['2026-03', '2026-04-01T01:00:00+08:00', 1],
    ['2026-03', '2026-03-31T23:59:00+08:00', 0],
    // Beijing year: 1 Jan 2027 07:00 Beijing is still 2026 in UTC
    ['2026-12', '2027-01-01T07:00:00+08:00', 1],
  ] as [string, string, number][])('since %s at %s → %i', (since, now, months) => {
    expect(monthsOwed(since, t(now))).toBe(months)
  })
})

describe('riskLevel (default thresholds)', () => {
  const NOW = t('2026-06-15T12:00:00+08:00')
  const since = (months: number) => {
    const d = new Date(Date.UTC(2026, 5 - months, 1))
    return d.toISOString().slice(0, 7)
  }
  const c = (workerCount: number, months: number, bossUnreachable = false): RiskInput => ({
    workerCount,
    owedSince: since(months),
    bossUnreachable,
  })
  const config = defaultConfig()

  it('the helper builds the intended periods', () => {
    expect(since(0)).toBe('2026-06')
    expect(since(3)).toBe('2026-03')
    expect(monthsOwed(since(7), NOW)).toBe(7)
  })

  const cases: [string, RiskInput[], RiskLevel][] = [
    ['no open complaints', [], 'none'],
    ['1 month, 10 workers → general', [c(10, 1)], 'general'],
    ['1 month, 30 workers → general', [c(30, 1)], 'general'],
    ['1 month, 9 workers → none', [c(9, 1)], 'none'],
    ['0 months, 100 workers → none', [c(100, 0)], 'none'],
    ['5 months, 9 workers → none', [c(9, 5)], 'none'],
    ['2 months, 29 workers → general', [c(29, 2)], 'general'],
    ['2 months, 30 workers → major', [c(30, 2)], 'major'],
    ['2 months, 50 workers → major', [c(50, 2)], 'major'],
    ['3 months, 49 workers → major', [c(49, 3)], 'major'],
    ['3 months, 50 workers → severe', [c(50, 3)], 'severe'],
    ['12 months, 200 workers → severe', [c(200, 12)], 'severe'],
    ['boss unreachable → severe whatever the numbers', [c(1, 0, true)], 'severe'],
    ['boss unreachable in one of several complaints → severe', [c(3, 1), c(2, 0, true)], 'severe'],
    // worker counts are added up over the complaints
    ['6 + 5 workers, 1 month → general', [c(6, 1), c(5, 1)], 'general'],
    ['5 + 4 workers, 1 month → none', [c(5, 1), c(4, 1)], 'none'],
    ['20 + 15 workers, 2 months → major', [c(20, 2), c(15, 2)], 'major'],
    ['25 + 25 workers, 3 months → severe', [c(25, 3), c(25, 3)], 'severe'],
    // the longest period is used
    ['20 workers 2 months + 15 workers this month → major', [c(20, 2), c(15, 0)], 'major'],
    ['40 workers 1 month + 10 workers 3 months → severe', [c(40, 1), c(10, 3)], 'severe'],
    ['order does not matter', [c(10, 3), c(40, 1)], 'severe'],
  ]
  it.each(cases)('%s', (_n, open, level) => {
    expect(riskLevel(open, NOW, config)).toBe(level)
  })
})

describe('riskLevel thresholds come from config', () => {
  const NOW = t('2026-06-15T12:00:00+08:00')
  const r = (workerCount: number, owedSince: string): RiskInput[] => [{ workerCount, owedSince, bossUnreachable: false }]

  it('a stricter general threshold', () => {
    const cfg = parseConfig({ risk: { general: { months: 2, minWorkers: 5 } } })
    expect(riskLevel(r(10, '2026-05'), NOW, cfg)).toBe('none') // 1 month no longer enough
    expect(riskLevel(r(5, '2026-04'), NOW, cfg)).toBe('general') // 5 workers now enough
    expect(riskLevel(r(5, '2026-04'), NOW, defaultConfig())).toBe('none')
  })

  it('a higher severe worker threshold', () => {
    const cfg = parseConfig({ risk: { severe: { minWorkers: 100 } } })
    expect(riskLevel(r(60, '2026-03'), NOW, cfg)).toBe('major')
    expect(riskLevel(r(100, '2026-03'), NOW, cfg)).toBe('severe')
    expect(riskLevel(r(60, '2026-03'), NOW, defaultConfig())).toBe('severe')
  })

  it('a lower major month threshold', () => {
    const cfg = parseConfig({ risk: { major: { months: 1 } } })
    expect(riskLevel(r(30, '2026-05'), NOW, cfg)).toBe('major')
    expect(riskLevel(r(30, '2026-05'), NOW, defaultConfig())).toBe('general')
  })
})
