// Working days in mainland China: weekends, public holidays and make-up workdays (调休).
// The bundled calendar (chinese-days) knows a fixed range of years; for later years a coordinator
// loads the official schedule into configuration. A year known to neither is never guessed.
import calendarData from 'chinese-days/dist/chinese-days.json'
import type { YearSchedule } from './config'
import { weekdayOf } from './time'

export class UnknownHolidayYearError extends Error {
  constructor(public readonly year: number) {
    super(`No holiday schedule for ${year}`)
    this.name = 'UnknownHolidayYearError'
  }
}

interface CalendarYear {
  holidays: Set<string>
  workdays: Set<string>
}

const bundled: Map<number, CalendarYear> = (() => {
  const data = calendarData as { holidays: Record<string, string>; workdays: Record<string, string> }
  const years = new Map<number, CalendarYear>()
  const yearOf = (d: string) => {
    const y = Number(d.slice(0, 4))
    if (!years.has(y)) years.set(y, { holidays: new Set(), workdays: new Set() })
    return years.get(y)!
  }
  for (const d of Object.keys(data.holidays)) yearOf(d).holidays.add(d)
  for (const d of Object.keys(data.workdays)) yearOf(d).workdays.add(d)
  return years
})()

export const BUNDLED_YEARS: readonly number[] = [...bundled.keys()].sort((a, b) => a - b)

export class WorkCalendar {
  private readonly configured = new Map<number, CalendarYear>()

  constructor(schedules: Record<string, YearSchedule> = {}) {
    for (const [year, s] of Object.entries(schedules)) {
      this.configured.set(Number(year), { holidays: new Set(s.holidays), workdays: new Set(s.workdays) })
    }
  }

  /** Whether this calendar can answer for `year` (configured schedules win over the bundled data). */
  knows(year: number): boolean {
    return this.configured.has(year) || bundled.has(year)
  }

  /** `ymd` is a Beijing-time calendar date, YYYY-MM-DD. */
  isWorkday(ymd: string): boolean {
    const year = Number(ymd.slice(0, 4))
    const cal = this.configured.get(year) ?? bundled.get(year)
    if (!cal) throw new UnknownHolidayYearError(year)
    if (cal.workdays.has(ymd)) return true
    if (cal.holidays.has(ymd)) return false
    const weekday = weekdayOf(ymd)
    return weekday !== 0 && weekday !== 6
  }
}
