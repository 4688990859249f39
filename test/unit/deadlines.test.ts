import { addWorkingDays, acceptDueAt, resolveDueAt, resolveBasis, capByCampaign, type ResolveBasis } from '../../shared/deadlines'
import { WorkCalendar, UnknownHolidayYearError, BUNDLED_YEARS } from '../../shared/workingDays'
import { defaultConfig, parseConfig } from '../../shared/config'
import type { Funding } from '../../shared/types'

// All instants are written in Beijing time (UTC+8). Compare as ISO strings for readable failures.
const t = (s: string) => new Date(s)
const iso = (s: string) => new Date(s).toISOString()
const CAL = new WorkCalendar()

function thrownBy(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('expected an exception')
}

describe('bundled calendar (chinese-days)', () => {
  it('knows 2026 and not 2027', () => {
    expect(BUNDLED_YEARS).toContain(2026)
    expect(BUNDLED_YEARS).not.toContain(2027)
    expect(Math.max(...BUNDLED_YEARS)).toBe(2026)
    expect(CAL.knows(2026)).toBe(true)
    expect(CAL.knows(2027)).toBe(false)
  })

  it.each([
    ['2026-11-20', true], // Friday
    ['2026-11-21', false], // Saturday
    ['2026-11-22', false], // Sunday
    ['2026-10-01', false], // National Day (Thursday)
    ['2026-10-07', false], // National Day (Wednesday)
    ['2026-10-08', true], // first day back
    ['2026-09-20', true], // make-up workday (Sunday)
    ['2026-10-10', true], // make-up workday (Saturday)
    ['2026-09-25', false], // Mid-Autumn (Friday)
    ['2026-02-14', true], // Spring Festival make-up workday (Saturday)
    ['2026-02-16', false], // Spring Festival (Monday)
    ['2026-02-23', false], // Spring Festival (Monday)
    ['2026-02-24', true], // back to work (Tuesday)
    ['2026-02-28', true], // Spring Festival make-up workday (Saturday)
    ['2026-01-01', false], // New Year (Thursday)
    ['2026-01-04', true], // New Year make-up workday (Sunday)
  ])('%s working day: %s', (ymd, expected) => {
    expect(CAL.isWorkday(ymd)).toBe(expected)
  })
})

describe('addWorkingDays', () => {
  const cases: [string, string, number, string][] = [
    // ordinary weeks
    ['Mon 09:30 + 1 → Tue 09:30', '2026-11-23T09:30:00+08:00', 1, '2026-11-24T09:30:00+08:00'],
    ['Fri 15:00 + 1 → Mon 15:00 (weekend skipped)', '2026-11-20T15:00:00+08:00', 1, '2026-11-23T15:00:00+08:00'],
    ['Fri 23:30 + 1 → Mon 23:30', '2026-11-20T23:30:00+08:00', 1, '2026-11-23T23:30:00+08:00'],
    ['Mon 10:00 + 5 → next Mon 10:00', '2026-11-23T10:00:00+08:00', 5, '2026-11-30T10:00:00+08:00'],
    ['Thu 10:00 + 3 → Tue 10:00', '2026-11-19T10:00:00+08:00', 3, '2026-11-24T10:00:00+08:00'],
    ['workday + 0 → unchanged', '2026-11-20T15:00:00+08:00', 0, '2026-11-20T15:00:00+08:00'],
    // starting on a non-working day: clock starts 00:00 of the next working day
    ['Sat 10:00 + 1 → Tue 00:00', '2026-11-21T10:00:00+08:00', 1, '2026-11-24T00:00:00+08:00'],
    ['Sun 23:59 + 1 → Tue 00:00', '2026-11-22T23:59:00+08:00', 1, '2026-11-24T00:00:00+08:00'],
    ['Sat + 0 → Mon 00:00', '2026-11-21T10:00:00+08:00', 0, '2026-11-23T00:00:00+08:00'],
    // Beijing date, not UTC date
    ['Fri 07:00 Beijing (Thu in UTC) + 1 → Mon 07:00', '2026-11-20T07:00:00+08:00', 1, '2026-11-23T07:00:00+08:00'],
    ['Sat 02:00 Beijing (Fri in UTC) + 1 → Tue 00:00', '2026-11-21T02:00:00+08:00', 1, '2026-11-24T00:00:00+08:00'],
    ['Mon 00:00 Beijing (Sun in UTC) + 1 → Tue 00:00', '2026-11-23T00:00:00+08:00', 1, '2026-11-24T00:00:00+08:00'],
    // National Day 2026: Oct 1–7 off, make-up workdays Sun Sep 20 and Sat Oct 10
    ['Wed 30 Sep 15:00 + 1 → Thu 8 Oct 15:00', '2026-09-30T15:00:00+08:00', 1, '2026-10-08T15:00:00+08:00'],
    ['Wed 30 Sep 15:00 + 3 → Sat 10 Oct 15:00 (make-up day)', '2026-09-30T15:00:00+08:00', 3, '2026-10-10T15:00:00+08:00'],
    ['holiday Thu 1 Oct 09:00 + 1 → Fri 9 Oct 00:00', '2026-10-01T09:00:00+08:00', 1, '2026-10-09T00:00:00+08:00'],
    ['holiday Sat 3 Oct 10:00 + 1 → Fri 9 Oct 00:00', '2026-10-03T10:00:00+08:00', 1, '2026-10-09T00:00:00+08:00'],
    ['holiday Wed 7 Oct + 0 → Thu 8 Oct 00:00', '2026-10-07T18:00:00+08:00', 0, '2026-10-08T00:00:00+08:00'],
    ['Fri 9 Oct 15:00 + 1 → Sat 10 Oct 15:00 (make-up day counts)', '2026-10-09T15:00:00+08:00', 1, '2026-10-10T15:00:00+08:00'],
    ['make-up Sat 10 Oct 15:00 + 0 → unchanged', '2026-10-10T15:00:00+08:00', 0, '2026-10-10T15:00:00+08:00'],
    ['make-up Sat 10 Oct 15:00 + 1 → Mon 12 Oct 15:00', '2026-10-10T15:00:00+08:00', 1, '2026-10-12T15:00:00+08:00'],
    ['Fri 18 Sep 15:00 + 1 → Sun 20 Sep 15:00 (make-up day)', '2026-09-18T15:00:00+08:00', 1, '2026-09-20T15:00:00+08:00'],
    ['Sat 19 Sep 10:00 + 1 → Mon 21 Sep 00:00', '2026-09-19T10:00:00+08:00', 1, '2026-09-21T00:00:00+08:00'],
    ['Mid-Autumn: Thu 24 Sep 15:00 + 1 → Mon 28 Sep 15:00', '2026-09-24T15:00:00+08:00', 1, '2026-09-28T15:00:00+08:00'],
    // Spring Festival 2026: Feb 15–23 off, make-up workdays Sat Feb 14 and Sat Feb 28
    ['Fri 13 Feb 15:00 + 1 → Sat 14 Feb 15:00 (make-up day)', '2026-02-13T15:00:00+08:00', 1, '2026-02-14T15:00:00+08:00'],
    ['Sat 14 Feb 15:00 + 1 → Tue 24 Feb 15:00', '2026-02-14T15:00:00+08:00', 1, '2026-02-24T15:00:00+08:00'],
    ['holiday Mon 16 Feb 10:00 + 1 → Wed 25 Feb 00:00', '2026-02-16T10:00:00+08:00', 1, '2026-02-25T00:00:00+08:00'],
    ['Fri 27 Feb 15:00 + 1 → Sat 28 Feb 15:00 (make-up day)', '2026-02-27T15:00:00+08:00', 1, '2026-02-28T15:00:00+08:00'],
    // New Year 2026: Jan 1–3 off, Sun Jan 4 make-up workday; crosses from bundled 2025 into 2026
    ['Wed 31 Dec 2025 15:00 + 1 → Sun 4 Jan 2026 15:00', '2025-12-31T15:00:00+08:00', 1, '2026-01-04T15:00:00+08:00'],
  ]
  it.each(cases)('%s', (_n, start, n, expected) => {
    expect(addWorkingDays(t(start), n, CAL).toISOString()).toBe(iso(expected))
  })

  it('does not mutate its input', () => {
    const start = t('2026-11-20T15:00:00+08:00')
    addWorkingDays(start, 3, CAL)
    expect(start.toISOString()).toBe(iso('2026-11-20T15:00:00+08:00'))
  })
})

describe('unknown holiday years', () => {
  it('judging a 2027 day throws UnknownHolidayYearError naming the year', () => {
    const e = thrownBy(() => CAL.isWorkday('2027-03-01'))
    expect(e).toBeInstanceOf(UnknownHolidayYearError)
    expect(e).toBeInstanceOf(Error)
    expect((e as UnknownHolidayYearError).year).toBe(2027)
    expect((e as Error).message).toContain('2027')
  })

  it('addWorkingDays from a 2027 date throws', () => {
    expect(() => addWorkingDays(t('2027-03-01T10:00:00+08:00'), 1, CAL)).toThrow(UnknownHolidayYearError)
  })

  it('Dec 31 2026 + 1 working day needs 2027 → throws with year 2027', () => {
    const e = thrownBy(() => addWorkingDays(t('2026-12-31T15:00:00+08:00'), 1, CAL))
    expect(e).toBeInstanceOf(UnknownHolidayYearError)
    expect((e as UnknownHolidayYearError).year).toBe(2027)
    expect((e as Error).message).toContain('2027')
  })

  it('acceptDueAt on Dec 31 2026 throws too', () => {
    expect(() => acceptDueAt(t('2026-12-31T15:00:00+08:00'), '130602', defaultConfig(), CAL)).toThrow(UnknownHolidayYearError)
  })

  it('Dec 31 2026 + 0 does not need 2027', () => {
    expect(addWorkingDays(t('2026-12-31T15:00:00+08:00'), 0, CAL).toISOString()).toBe(iso('2026-12-31T15:00:00+08:00'))
  })

  it('the year is judged in Beijing time: 01:00 on 1 Jan 2027 Beijing is still 2026 in UTC, yet throws', () => {
    const e = thrownBy(() => addWorkingDays(t('2027-01-01T01:00:00+08:00'), 1, CAL))
    expect((e as UnknownHolidayYearError).year).toBe(2027)
  })
})

describe('configured holiday schedules', () => {
  // 2027-01-01 is a Friday; 2027-03-03 a Wednesday; 2027-03-06 a Saturday.
  it('a configured 2027 holiday on a weekday is skipped', () => {
    const cal = new WorkCalendar({ '2027': { holidays: ['2027-01-01', '2027-03-03'], workdays: [] } })
    expect(cal.knows(2027)).toBe(true)
    expect(addWorkingDays(t('2026-12-31T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-01-04T15:00:00+08:00'))
    expect(addWorkingDays(t('2027-03-02T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-03-04T15:00:00+08:00'))
  })

  it('a configured 2027 workday on a Saturday counts', () => {
    const cal = new WorkCalendar({ '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02', '2027-03-06'] } })
    expect(addWorkingDays(t('2026-12-31T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-01-02T15:00:00+08:00'))
    expect(addWorkingDays(t('2027-03-05T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-03-06T15:00:00+08:00'))
  })

  it('without the configured workday, the same Saturday is skipped (weekends still apply)', () => {
    const cal = new WorkCalendar({ '2027': { holidays: [], workdays: [] } })
    expect(addWorkingDays(t('2027-03-05T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-03-08T15:00:00+08:00'))
    expect(addWorkingDays(t('2026-12-31T15:00:00+08:00'), 1, cal).toISOString()).toBe(iso('2027-01-01T15:00:00+08:00'))
  })

  it('a schedule from the validated config feeds the calendar', () => {
    const config = parseConfig({ holidays: { '2027': { holidays: ['2027-03-03'] } } })
    const cal = new WorkCalendar(config.holidays)
    expect(acceptDueAt(t('2027-03-02T15:00:00+08:00'), '130602', config, cal).toISOString()).toBe(iso('2027-03-04T15:00:00+08:00'))
  })

  it('configuring 2027 leaves the bundled years alone and other unknown years still throw', () => {
    const cal = new WorkCalendar({ '2027': { holidays: [], workdays: [] } })
    expect(cal.isWorkday('2026-10-01')).toBe(false)
    expect(cal.isWorkday('2026-10-10')).toBe(true)
    expect(() => cal.isWorkday('2028-03-01')).toThrow(UnknownHolidayYearError)
  })

  it('a configured year wins over the bundled data', () => {
    const cal = new WorkCalendar({ '2026': { holidays: [], workdays: [] } })
    expect(cal.isWorkday('2026-10-01')).toBe(true)
    expect(cal.isWorkday('2026-10-10')).toBe(false)
  })
})

describe('acceptDueAt (default config: 1 working day)', () => {
  const config = defaultConfig()
  const cases: [string, string, string][] = [
    ['routed Mon 09:00 → Tue 09:00', '2026-11-23T09:00:00+08:00', '2026-11-24T09:00:00+08:00'],
    ['routed Fri 15:00 → Mon 15:00', '2026-11-20T15:00:00+08:00', '2026-11-23T15:00:00+08:00'],
    ['routed Sat 10:00 → Tue 00:00', '2026-11-21T10:00:00+08:00', '2026-11-24T00:00:00+08:00'],
    ['routed before National Day → 8 Oct', '2026-09-30T15:00:00+08:00', '2026-10-08T15:00:00+08:00'],
  ]
  it.each(cases)('%s', (_n, routedAt, expected) => {
    expect(acceptDueAt(t(routedAt), '130602', config, CAL).toISOString()).toBe(iso(expected))
  })

  it('respects a configured number of working days', () => {
    const c = parseConfig({ deadlines: { acceptWorkingDays: 2 } })
    expect(acceptDueAt(t('2026-11-20T15:00:00+08:00'), '130602', c, CAL).toISOString()).toBe(iso('2026-11-24T15:00:00+08:00'))
  })
})

describe('resolveBasis', () => {
  it.each([
    ['government', false, 'public'],
    ['state_owned', false, 'public'],
    ['other', false, 'default'],
    ['government', true, 'complex'],
    ['state_owned', true, 'complex'],
    ['other', true, 'default'],
  ] as [Funding, boolean, ResolveBasis][])('%s, complex=%s → %s', (funding, complex, basis) => {
    expect(resolveBasis(funding, complex)).toBe(basis)
  })
})

describe('resolveDueAt (calendar days from acceptance)', () => {
  const accepted = t('2026-11-20T15:00:00+08:00') // Friday
  const cases: [string, Funding, boolean, string][] = [
    ['government → 3 days', 'government', false, '2026-11-23T15:00:00+08:00'],
    ['state-owned → 3 days', 'state_owned', false, '2026-11-23T15:00:00+08:00'],
    ['government, complex → 7 days', 'government', true, '2026-11-27T15:00:00+08:00'],
    ['state-owned, complex → 7 days', 'state_owned', true, '2026-11-27T15:00:00+08:00'],
    ['other → default 15 days', 'other', false, '2026-12-05T15:00:00+08:00'],
    // The 7-day complex limit is for public projects: marking another case complex never shortens it.
    ['other, complex → still 15 days', 'other', true, '2026-12-05T15:00:00+08:00'],
  ]
  it.each(cases)('%s', (_n, funding, complex, expected) => {
    expect(resolveDueAt(accepted, { funding, complex, areaCode: '130602' }, defaultConfig()).toISOString()).toBe(iso(expected))
  })

  it('counts calendar days straight through holidays', () => {
    const due = resolveDueAt(t('2026-09-30T15:00:00+08:00'), { funding: 'government', complex: false, areaCode: '130602' }, defaultConfig())
    expect(due.toISOString()).toBe(iso('2026-10-03T15:00:00+08:00'))
  })

  it('does not need the holiday calendar (works in 2027)', () => {
    const due = resolveDueAt(t('2027-03-01T10:00:00+08:00'), { funding: 'other', complex: false, areaCode: '130602' }, defaultConfig())
    expect(due.toISOString()).toBe(iso('2027-03-16T10:00:00+08:00'))
  })

  it('respects configured day counts', () => {
    const c = parseConfig({ deadlines: { resolveDaysDefault: 20, resolveDaysPublic: 5, resolveDaysComplex: 10 } })
    const due = (funding: Funding, complex: boolean) => resolveDueAt(accepted, { funding, complex, areaCode: '130602' }, c).toISOString()
    expect(due('other', false)).toBe(iso('2026-12-10T15:00:00+08:00'))
    expect(due('government', false)).toBe(iso('2026-11-25T15:00:00+08:00'))
    expect(due('state_owned', true)).toBe(iso('2026-11-30T15:00:00+08:00'))
  })
})

describe('campaign mode', () => {
  // Baoding campaign: every deadline in 1306xx no later than 30 Nov 2026 18:00 Beijing.
  const END = '2026-11-30T18:00:00+08:00'
  const config = parseConfig({ campaign: { endsAt: END, areaCode: '130600' } })
  const accepted = t('2026-11-20T15:00:00+08:00')

  const cases: [string, Funding, string, string][] = [
    ['later default deadline inside the area is capped', 'other', '130602', END],
    ['the city itself is inside the campaign', 'other', '130600', END],
    ['earlier deadline inside the area is unchanged', 'government', '130602', '2026-11-23T15:00:00+08:00'],
    ['outside the campaign area: not capped', 'other', '130102', '2026-12-05T15:00:00+08:00'],
    ['another province: not capped', 'other', '410102', '2026-12-05T15:00:00+08:00'],
  ]
  it.each(cases)('%s', (_n, funding, areaCode, expected) => {
    expect(resolveDueAt(accepted, { funding, complex: false, areaCode }, config).toISOString()).toBe(iso(expected))
  })

  it('a province-wide campaign covers its counties; a county campaign does not cover its city or siblings', () => {
    const prov = parseConfig({ campaign: { endsAt: END, areaCode: '130000' } })
    const county = parseConfig({ campaign: { endsAt: END, areaCode: '130602' } })
    const due = t('2026-12-05T15:00:00+08:00')
    expect(capByCampaign(due, '130602', prov).toISOString()).toBe(iso(END))
    expect(capByCampaign(due, '130602', county).toISOString()).toBe(iso(END))
    expect(capByCampaign(due, '130600', county).toISOString()).toBe(due.toISOString())
    expect(capByCampaign(due, '130606', county).toISOString()).toBe(due.toISOString())
  })

  it('caps the acceptance deadline too', () => {
    // routed Mon 30 Nov 15:00 → due Tue 1 Dec 15:00, after the campaign end
    expect(acceptDueAt(t('2026-11-30T15:00:00+08:00'), '130602', config, CAL).toISOString()).toBe(iso(END))
    // routed Thu 26 Nov → due Fri 27 Nov, before the end: unchanged
    expect(acceptDueAt(t('2026-11-26T15:00:00+08:00'), '130602', config, CAL).toISOString()).toBe(iso('2026-11-27T15:00:00+08:00'))
  })

  it('a deadline exactly at the end stays at the end; no campaign → unchanged', () => {
    expect(capByCampaign(t(END), '130602', config).toISOString()).toBe(iso(END))
    const late = t('2027-06-01T00:00:00+08:00')
    expect(capByCampaign(late, '130602', defaultConfig()).toISOString()).toBe(late.toISOString())
  })
})
