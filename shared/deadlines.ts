// Deadlines, computed in Beijing time with the time passed in.
import type { Config } from './config'
import type { Funding } from './types'
import { WorkCalendar } from './workingDays'
import { addDays, beijingDate, startOfBeijingDay } from './time'
import { areaContains } from './validators/areaCode'

/**
 * Advance `n` working days: only working days' time counts. Starting on a non-working day, the clock
 * starts at 00:00 of the next working day; each working day added moves to the same time of day on
 * the next working day. Friday 15:00 + 1 → Monday 15:00; Saturday 10:00 + 1 → Tuesday 00:00.
 * Throws UnknownHolidayYearError when a day of an unknown year would have to be judged.
 */
export function addWorkingDays(start: Date, n: number, calendar: WorkCalendar): Date {
  let t = start
  if (!calendar.isWorkday(beijingDate(t))) {
    t = startOfBeijingDay(t)
    do t = addDays(t, 1)
    while (!calendar.isWorkday(beijingDate(t)))
  }
  for (let i = 0; i < n; i++) {
    do t = addDays(t, 1)
    while (!calendar.isWorkday(beijingDate(t)))
  }
  return t
}

/** When the handler must accept a case routed at `routedAt`. */
export function acceptDueAt(routedAt: Date, areaCode: string, config: Config, calendar: WorkCalendar): Date {
  return capByCampaign(addWorkingDays(routedAt, config.deadlines.acceptWorkingDays, calendar), areaCode, config)
}

export type ResolveBasis = 'public' | 'complex' | 'default'

/** Which limit applies: the 3/7-day rule is for government-invested and state-owned projects only
 * ("政府投资项目和国有企业欠薪线索…3日内办结…疑难复杂问题在7日内办结"); marking another case complex
 * never shortens its default limit. */
export function resolveBasis(funding: Funding, complex: boolean): ResolveBasis {
  if (funding !== 'government' && funding !== 'state_owned') return 'default'
  return complex ? 'complex' : 'public'
}

/**
 * When the handler must resolve a case accepted at `acceptedAt`: calendar days ("3日内办结"), 3 for
 * government-invested and state-owned projects, 7 once such a case is marked complex, the configured
 * default otherwise; never after the campaign end date when the campaign covers the case's area.
 */
export function resolveDueAt(acceptedAt: Date, c: { funding: Funding; complex: boolean; areaCode: string }, config: Config): Date {
  const d = config.deadlines
  const days = { public: d.resolveDaysPublic, complex: d.resolveDaysComplex, default: d.resolveDaysDefault }[
    resolveBasis(c.funding, c.complex)
  ]
  return capByCampaign(addDays(acceptedAt, days), c.areaCode, config)
}

/** Campaign mode: no deadline in the campaign's area falls after its end. */
export function capByCampaign(due: Date, areaCode: string, config: Config): Date {
  const campaign = config.campaign
  if (!campaign) return due
  if (!areaContains(campaign.areaCode, areaCode)) return due
  const end = new Date(campaign.endsAt)
  return end < due ? end : due
}
