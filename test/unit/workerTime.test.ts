// The worker pages format Beijing time by plain UTC+8 arithmetic (miniprogram/src/utils/time.ts), so the
// main package carries no dayjs: it must answer exactly as shared/time.ts (dayjs, Intl) for every instant
// these pages show, whatever the machine's zone.
import fc from 'fast-check'
import { beijingMonth, formatInBeijing, parseMonth, previousBeijingMonth } from '@shared/time'
import { currentMonth, formatDateTime, formatMonth, formatShort, previousMonth } from '../../miniprogram/src/utils/time'

// 1992-01-01 … 2099-12-31, and the instants around month, year and leap-day edges in Beijing.
const instants = fc.oneof(
  fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) }),
  fc
    .record({ y: fc.integer({ min: 1992, max: 2099 }), m: fc.integer({ min: 0, max: 11 }), d: fc.integer({ min: -1, max: 1 }) })
    .map(({ y, m, d }) => Date.UTC(y, m, 1, -8) + d * 60_000),
  fc.constantFrom(Date.UTC(2024, 1, 28, 16), Date.UTC(2024, 1, 29, 15, 59, 59, 999), Date.UTC(2025, 11, 31, 16)),
)

test('date and time texts are the same as shared/time.ts', () => {
  fc.assert(
    fc.property(instants, (ms) => {
      const iso = new Date(ms).toISOString()
      expect(formatDateTime(iso)).toBe(formatInBeijing(ms, 'YYYY年M月D日 HH:mm'))
      expect(formatShort(iso)).toBe(formatInBeijing(ms, 'M月D日 HH:mm'))
      // An instant written with another offset is the same instant.
      const plus8 = formatInBeijing(ms, 'YYYY-MM-DDTHH:mm:ss.SSS') + '+08:00'
      expect(formatDateTime(plus8)).toBe(formatInBeijing(ms, 'YYYY年M月D日 HH:mm'))
    }),
    { numRuns: 2000 },
  )
})

test('this month and the month before are the same as shared/time.ts', () => {
  fc.assert(
    fc.property(instants, (ms) => {
      expect(currentMonth(ms)).toBe(beijingMonth(ms))
      expect(previousMonth(ms)).toBe(previousBeijingMonth(ms))
    }),
    { numRuns: 2000 },
  )
  // New Year's Eve, 16:00 UTC, is already January in Beijing.
  expect(currentMonth(Date.UTC(2025, 11, 31, 16))).toBe('2026-01')
  expect(previousMonth(Date.UTC(2025, 11, 31, 16))).toBe('2025-12')
  expect(previousMonth(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-11')
})

test('months and bad input read as before', () => {
  for (const ym of ['2025-11', '2026-01', '2000-12', '2025-13', '2025-00', '2025-1', 'abc', '']) {
    const m = parseMonth(ym)
    expect(formatMonth(ym)).toBe(m ? `${m.year}年${m.month}月` : ym)
  }
  expect(formatDateTime('')).toBe('')
  expect(formatDateTime(null)).toBe('')
  expect(formatDateTime('not a time')).toBe('not a time')
  expect(formatShort(undefined)).toBe('')
})
