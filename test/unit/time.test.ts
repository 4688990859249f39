import {
  addDays,
  beijingOffsetAt,
  beijingDate,
  beijingMonth,
  beijingYear,
  endOfBeijingDay,
  formatBeijing,
  formatInBeijing,
  fromBeijing,
  intlKnowsBeijing,
  monthsSince,
  parseMonth,
  previousBeijingMonth,
  setZoneSupportCheck,
  startOfBeijingDay,
  usesIntlZone,
  weekdayOf,
} from '../../shared/time'
import { currentMonth, formatDateTime, formatMonth, formatShort, previousMonth } from '../../miniprogram/src/utils/time'

afterAll(() => setZoneSupportCheck(null))

test('this Node has the zone, so the timezone plugin path is the default', () => {
  setZoneSupportCheck(null)
  expect(intlKnowsBeijing()).toBe(true)
  expect(usesIntlZone()).toBe(true)
})

test('the offset read from one reused Intl formatter is the timezone plugin’s, daylight-saving years included', () => {
  setZoneSupportCheck(null)
  const { dayjs } = require('../../shared/time') as typeof import('../../shared/time')
  const checked: number[] = []
  // Every 3 days and 7 hours from 1940 to 2040: the summers of 1986–1991 (UTC+9) among them.
  for (let ms = Date.UTC(1940, 0, 1); ms < Date.UTC(2040, 0, 1); ms += (3 * 24 + 7) * 3600_000 + 1234) {
    // The plugin drops the milliseconds of the instant and answers a fraction of a minute off: rounded, the same.
    expect(beijingOffsetAt(ms)).toBe(Math.round(dayjs(ms).tz('Asia/Shanghai').utcOffset()))
    checked.push(beijingOffsetAt(ms))
  }
  expect(new Set(checked)).toEqual(new Set([480, 540]))
})

test('a runtime whose Intl cannot do the zone is detected', () => {
  const real = Intl.DateTimeFormat
  const broken = function () {
    throw new RangeError('Invalid time zone specified: Asia/Shanghai')
  } as unknown as typeof Intl.DateTimeFormat
  const toLocale = Date.prototype.toLocaleString
  try {
    ;(Intl as { DateTimeFormat: typeof Intl.DateTimeFormat }).DateTimeFormat = broken
    Date.prototype.toLocaleString = function () {
      throw new RangeError('Invalid time zone specified: Asia/Shanghai')
    }
    expect(intlKnowsBeijing()).toBe(false)
  } finally {
    ;(Intl as { DateTimeFormat: typeof Intl.DateTimeFormat }).DateTimeFormat = real
    Date.prototype.toLocaleString = toLocale
  }
  expect(intlKnowsBeijing()).toBe(true)
})

// Every Beijing-time rule holds the same through the timezone plugin and through the fixed +08:00 offset.
describe.each([
  ['Intl time zone', true],
  ['fixed +08:00 fallback', false],
])('%s', (_name, intl) => {
  beforeAll(() => setZoneSupportCheck(() => intl))
  afterAll(() => setZoneSupportCheck(null))

  test('the path in use is the one asked for', () => {
    expect(usesIntlZone()).toBe(intl)
    expect(beijingOffsetAt(Date.UTC(2026, 0, 1))).toBe(480)
  })

  test('month boundary: 16:00Z on the last day of a month is the 1st of the next in Beijing', () => {
    const before = new Date('2026-01-31T15:59:59.999Z')
    const at = new Date('2026-01-31T16:00:00Z')
    expect(beijingDate(before)).toBe('2026-01-31')
    expect(beijingDate(at)).toBe('2026-02-01')
    expect(beijingMonth(before)).toBe('2026-01')
    expect(beijingMonth(at)).toBe('2026-02')
    expect(previousBeijingMonth(at)).toBe('2026-01')
    expect(monthsSince('2026-01', before)).toBe(0)
    expect(monthsSince('2026-01', at)).toBe(1)
    expect(monthsSince('2026-02', before)).toBe(-1)
  })

  test('year boundary: 2025-12-31T16:00Z is New Year’s Day 2026 in Beijing', () => {
    const before = new Date('2025-12-31T15:59:59Z')
    const at = new Date('2025-12-31T16:00:00Z')
    expect(beijingYear(before)).toBe(2025)
    expect(beijingYear(at)).toBe(2026)
    expect(beijingDate(at)).toBe('2026-01-01')
    expect(beijingMonth(before)).toBe('2025-12')
    expect(previousBeijingMonth(at)).toBe('2025-12')
    expect(previousBeijingMonth(before)).toBe('2025-11')
    expect(monthsSince('2025-11', at)).toBe(2)
    expect(formatBeijing(at)).toBe('2026年1月1日 00:00')
  })

  test('formatting for people, from ISO strings, Dates and milliseconds', () => {
    expect(formatBeijing('2026-11-23T01:30:00Z')).toBe('2026年11月23日 09:30')
    expect(formatBeijing(new Date('2026-01-05T02:30:00.000Z'))).toBe('2026年1月5日 10:30')
    expect(formatBeijing('2026-01-05T10:30:00+08:00')).toBe('2026年1月5日 10:30')
    expect(formatInBeijing(Date.UTC(2026, 0, 5, 2, 30, 7), 'YYYY-MM-DD HH:mm:ss')).toBe('2026-01-05 10:30:07')
    expect(() => formatBeijing('not a time')).toThrow(RangeError)
    expect(formatDateTime('2026-01-05T02:30:00Z')).toBe('2026年1月5日 10:30')
    expect(formatShort('2026-01-05T02:30:00Z')).toBe('1月5日 10:30')
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('garbled')).toBe('garbled')
    expect(currentMonth(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01')
    expect(previousMonth(Date.parse('2025-12-31T16:00:00Z'))).toBe('2025-12')
    expect(formatMonth('2025-11')).toBe('2025年11月')
  })

  test('start of day, end of day and Beijing wall times', () => {
    expect(startOfBeijingDay(new Date('2026-03-02T15:59:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z')
    expect(startOfBeijingDay(new Date('2026-03-02T16:00:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z')
    expect(endOfBeijingDay('2027-02-05')).toBe('2027-02-05T23:59:59+08:00')
    expect(fromBeijing('2026-05-01 09:00').toISOString()).toBe('2026-05-01T01:00:00.000Z')
    expect(fromBeijing('2026-01-01').getTime()).toBe(Date.UTC(2025, 11, 31, 16))
    expect(() => fromBeijing('someday')).toThrow(RangeError)
    expect(() => endOfBeijingDay('2027-2-5')).toThrow(RangeError)
  })

  test('adding days and weekdays', () => {
    expect(addDays(new Date('2026-02-27T07:00:00Z'), 3).toISOString()).toBe('2026-03-02T07:00:00.000Z')
    expect(addDays(new Date('2026-01-10T07:00:00Z'), -10).toISOString()).toBe('2025-12-31T07:00:00.000Z')
    expect(weekdayOf('2026-01-05')).toBe(1)
    expect(weekdayOf('2026-01-04')).toBe(0)
  })

  test('right on a machine whose own zone has daylight saving, across its switches', () => {
    const zone = process.env.TZ
    try {
      for (const tz of ['America/New_York', 'Europe/London', 'Australia/Sydney']) {
        process.env.TZ = tz
        // 2026-03-08 02:30 and 2026-11-01 13:30 Beijing fall on New York's switches, 03-29 on London's, 04-05 on Sydney's.
        expect(formatInBeijing('2026-03-07T18:30:00Z', 'YYYY-MM-DD HH:mm')).toBe('2026-03-08 02:30')
        expect(formatInBeijing('2026-11-01T05:30:00Z', 'YYYY-MM-DD HH:mm')).toBe('2026-11-01 13:30')
        expect(formatInBeijing('2026-03-29T01:30:00Z', 'YYYY-MM-DD HH:mm')).toBe('2026-03-29 09:30')
        expect(formatInBeijing('2026-04-04T16:30:00Z', 'YYYY-MM-DD HH:mm')).toBe('2026-04-05 00:30')
        expect(startOfBeijingDay(new Date('2026-03-08T05:00:00Z')).toISOString()).toBe('2026-03-07T16:00:00.000Z')
        expect(endOfBeijingDay('2026-11-01')).toBe('2026-11-01T23:59:59+08:00')
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
})

test('dates, months, years, days added and weekdays by arithmetic are what dayjs answers, 1940 to 2100 and on either path', () => {
  const { dayjs } = require('../../shared/time') as typeof import('../../shared/time')
  const viaDayjs = (ms: number, pattern: string) => dayjs.utc(ms).add(beijingOffsetAt(ms), 'minute').format(pattern)
  const patterns = ['YYYY-MM-DD', 'YYYY-MM', 'YYYY-MM-DDTHH', 'YYYY-MM-DDTHH:mm:ss', 'YYYY年M月D日 HH:mm']
  const wrong: string[] = []
  const same = (what: string, a: unknown, b: unknown) => {
    if (a !== b) wrong.push(`${what}: ${String(a)} ≠ ${String(b)}`)
  }
  try {
    for (const intl of [true, false]) {
      setZoneSupportCheck(() => intl)
      let n = 0
      // Every 3 days, 5 hours and some seconds: month and year ends, leap days and the summers of 1986–1991 among them.
      for (let ms = Date.UTC(1940, 0, 1); ms < Date.UTC(2100, 0, 1); ms += (3 * 24 + 5) * 3600_000 + 61_001, n++) {
        for (const p of patterns) same(`${ms} ${p}`, formatInBeijing(ms, p), viaDayjs(ms, p))
        same(`${ms} year`, beijingYear(ms), dayjs.utc(ms).add(beijingOffsetAt(ms), 'minute').year())
        const day = viaDayjs(ms, 'YYYY-MM-DD')
        same(`${day} weekday`, weekdayOf(day), dayjs.utc(day).day())
        const days = (n % 41) - 20 + (n % 2 ? 0.5 : 0)
        same(`${ms} + ${days} days`, addDays(new Date(ms), days).getTime(), dayjs.utc(ms).add(days, 'day').valueOf())
      }
      expect(n).toBeGreaterThan(15_000)
    }
  } finally {
    setZoneSupportCheck(null)
  }
  expect(wrong).toEqual([])
  // Spellings the arithmetic leaves to dayjs, and what is not a date at all.
  expect(weekdayOf('2026-1-5')).toBe(dayjs.utc('2026-1-5').day())
  expect(weekdayOf('0050-01-01')).toBe(dayjs.utc('0050-01-01').day())
  expect(Number.isNaN(weekdayOf('someday'))).toBe(true)
  expect(formatInBeijing(Date.UTC(12000, 0, 1), 'YYYY-MM-DD')).toBe(viaDayjs(Date.UTC(12000, 0, 1), 'YYYY-MM-DD'))
  expect(() => beijingDate('not a time')).toThrow(RangeError)
  expect(Number.isNaN(addDays(new Date('not a time'), 1).getTime())).toBe(true)
})

test('parseMonth reads only real YYYY-MM months', () => {
  expect(parseMonth('2025-11')).toEqual({ year: 2025, month: 11 })
  expect(parseMonth('2025-13')).toBeNull()
  expect(parseMonth('2025-1')).toBeNull()
  expect(() => monthsSince('oops', new Date())).toThrow(RangeError)
})
