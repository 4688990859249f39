// Beijing time, the one place for it: dayjs (core + utc + timezone) set up once, used by the server
// functions and bundled into the mini-program. Every date a person sees and every deadline is in
// Asia/Shanghai, whatever the zone of the machine or phone.
//
// The timezone plugin needs Intl.DateTimeFormat with `timeZone`, which some mini-program runtimes lack.
// Asia/Shanghai has kept a fixed +08:00 offset (no daylight saving) since 1991, so where Intl cannot do
// the zone, a fixed offset gives the same answers for every date this system handles.
import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

export { dayjs, type Dayjs }

export const BEIJING_TZ = 'Asia/Shanghai'
/** UTC+8, the fixed offset of Asia/Shanghai since 1991 (only for runtimes without the zone). */
export const BEIJING_OFFSET_MINUTES = 480
export const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60 * 1000
export const DAY_MS = 24 * 3600 * 1000

/** Whether this runtime's Intl can do Asia/Shanghai well enough for the timezone plugin, tried on a known instant. */
export function intlKnowsBeijing(): boolean {
  try {
    // Asia/Shanghai was UTC+8 at both instants; a runtime that ignores `timeZone` answers with its own zone.
    return [Date.UTC(2024, 0, 1, 16), Date.UTC(2024, 6, 1, 4)].every(
      (ms) => dayjs(ms).tz(BEIJING_TZ).utcOffset() === BEIJING_OFFSET_MINUTES,
    )
  } catch {
    return false
  }
}

let zoneCheck: () => boolean = intlKnowsBeijing
let zoneSupported: boolean | null = null

/** Replace the runtime check (tests try both paths); `null` restores the real one. */
export function setZoneSupportCheck(check: (() => boolean) | null): void {
  zoneCheck = check ?? intlKnowsBeijing
  zoneSupported = null
}

/** Whether Beijing time goes through the timezone plugin (true) or the fixed +08:00 offset (false). */
export function usesIntlZone(): boolean {
  if (zoneSupported === null) zoneSupported = zoneCheck()
  return zoneSupported
}

type Instant = Date | string | number

function instant(t: Instant): number {
  // Strings are instants (ISO with Z or an offset), read as `new Date` reads them.
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : new Date(t).getTime()
  if (Number.isNaN(ms)) throw new RangeError(`Invalid time value: ${String(t)}`)
  return ms
}

let beijingClock: Intl.DateTimeFormat | null | undefined

/**
 * Beijing's offset at `ms` read from one reused Intl formatter: what the timezone plugin asks Intl, without
 * the new formatter per call that `.tz()` makes (toLocaleString), which made a 1,000-row ledger page spend
 * most of its time on dates. null where the runtime cannot (then the plugin answers).
 */
function intlOffsetAt(ms: number): number | null {
  try {
    if (beijingClock === undefined) {
      beijingClock = new Intl.DateTimeFormat('en-US', {
        timeZone: BEIJING_TZ,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    }
    if (!beijingClock || typeof beijingClock.formatToParts !== 'function') return null
    const p: Record<string, number> = {}
    for (const part of beijingClock.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value)
    const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    const offset = Math.round((wallMs - Math.floor(ms / 1000) * 1000) / 60_000)
    return Number.isFinite(offset) ? offset : null
  } catch {
    beijingClock = null
    return null
  }
}

/**
 * Since China's last daylight-saving period ended (15 September 1991) Asia/Shanghai has been UTC+8 without
 * change: every instant after this one needs no Intl call at all. Risk and report loops convert thousands
 * of dates a call, and asking Intl each time made a submit five times slower.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 8, 15)

/** Minutes Beijing is ahead of UTC at the instant `ms`: 480 since 1991; before, Intl's answer where it knows the zone. */
export function beijingOffsetAt(ms: number): number {
  if (ms >= FIXED_OFFSET_SINCE || !usesIntlZone()) return BEIJING_OFFSET_MINUTES
  return intlOffsetAt(ms) ?? dayjs(ms).tz(BEIJING_TZ).utcOffset()
}

// Beijing's wall clock, read off a UTC-mode dayjs moved by Beijing's offset. A zoned dayjs (`.tz()` or
// `.utcOffset(480)`) keeps its fields in a Date of the machine's own zone, so on a machine whose zone has
// daylight saving it reads some hours wrong near the switch; this one reads right in every zone. Its
// format() must not print an offset (it would print UTC's).
function wall(t: Instant): Dayjs {
  const ms = instant(t)
  return dayjs.utc(ms).add(beijingOffsetAt(ms), 'minute')
}

/**
 * The same wall clock as a Date whose UTC fields are Beijing's, by plain arithmetic: a submit reads
 * dates, months and years of Beijing a dozen times, and a dayjs object each time was a tenth of its work.
 */
function wallDate(t: Instant): Date {
  const ms = instant(t)
  return new Date(ms + beijingOffsetAt(ms) * 60_000)
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`

/** Patterns formatted by arithmetic, exactly as dayjs formats them (for years of four digits). */
const FAST_FORMATS = new Map<string, (d: Date) => string>([
  ['YYYY-MM-DD', ymd],
  ['YYYY-MM', (d) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`],
  ['YYYY-MM-DDTHH', (d) => `${ymd(d)}T${pad2(d.getUTCHours())}`],
  ['YYYY-MM-DDTHH:mm:ss', (d) => `${ymd(d)}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`],
  [
    'YYYY年M月D日 HH:mm',
    (d) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`,
  ],
])

/** Beijing's wall clock of `t` when its year has four digits (what FAST_FORMATS print as dayjs does), else null. */
function fastWall(t: Instant): Date | null {
  const d = wallDate(t)
  const y = d.getUTCFullYear()
  return y >= 1000 && y <= 9999 ? d : null
}

/** The instant at which a Beijing wall time occurs: `local` is 'YYYY-MM-DD', 'YYYY-MM-DD HH:mm' or 'YYYY-MM-DD HH:mm:ss'. */
export function fromBeijing(local: string): Date {
  const d = usesIntlZone() ? dayjs.tz(local, BEIJING_TZ) : dayjs.utc(local).subtract(BEIJING_OFFSET_MINUTES, 'minute')
  if (!d.isValid()) throw new RangeError(`Invalid Beijing time: ${local}`)
  return d.toDate()
}

/** Formats `t` in Beijing time with a dayjs pattern (no offset tokens), e.g. 'YYYY年M月D日 HH:mm'. Throws RangeError on an invalid time. */
export function formatInBeijing(t: Instant, pattern: string): string {
  const fast = FAST_FORMATS.get(pattern)
  const d = fast ? fastWall(t) : null
  return fast && d ? fast(d) : wall(t).format(pattern)
}

/** The Beijing calendar date of an instant, YYYY-MM-DD. */
export function beijingDate(t: Instant): string {
  return formatInBeijing(t, 'YYYY-MM-DD')
}

/** The Beijing month of an instant, YYYY-MM. */
export function beijingMonth(t: Instant = Date.now()): string {
  return formatInBeijing(t, 'YYYY-MM')
}

/** The Beijing year of an instant. */
export function beijingYear(t: Instant): number {
  return wallDate(t).getUTCFullYear()
}

/** The Beijing month before the month of `t`, YYYY-MM. */
export function previousBeijingMonth(t: Instant = Date.now()): string {
  return wall(t).startOf('month').subtract(1, 'month').format('YYYY-MM')
}

/** Midnight (00:00 Beijing) at the start of the Beijing date of `t`. */
export function startOfBeijingDay(t: Instant): Date {
  return fromBeijing(beijingDate(t))
}

/** The last second (23:59:59 Beijing) of the Beijing date `ymd` (YYYY-MM-DD), as ISO time with its offset: '2027-02-05T23:59:59+08:00'. */
export function endOfBeijingDay(ymd: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ymd)) throw new RangeError(`Invalid date: ${ymd}`)
  const end = fromBeijing(`${ymd} 23:59:59`).getTime()
  return formatInBeijing(end, 'YYYY-MM-DDTHH:mm:ss') + dayjs.utc(end).utcOffset(beijingOffsetAt(end)).format('Z')
}

/** `t` moved by whole days. Beijing keeps no daylight saving, so a Beijing day is always 24 hours. */
export function addDays(t: Date, days: number): Date {
  // As dayjs adds days in UTC: whole days (rounded), an invalid date stays invalid.
  return new Date(t.getTime() + Math.round(days) * DAY_MS)
}

/** Day of the week of a calendar date YYYY-MM-DD: 0 Sunday … 6 Saturday. */
export function weekdayOf(ymd: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  // Date.UTC reads years below 100 as 19xx: those (and every other spelling) go through dayjs.
  if (!m || Number(m[1]) < 100) return dayjs.utc(ymd).day()
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay()
}

/** "2026年11月23日 09:30" in Beijing time, for people. */
export function formatBeijing(iso: Instant): string {
  return formatInBeijing(iso, 'YYYY年M月D日 HH:mm')
}

/** 'YYYY-MM' → its year and month (1–12); null when it is not such a month. */
export function parseMonth(ym: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(ym)
  if (!m) return null
  const month = Number(m[2])
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null
}

/** Whole calendar months from the month `ym` (YYYY-MM) to the Beijing month of `now`; negative when `ym` is later. */
export function monthsSince(ym: string, now: Instant): number {
  const from = parseMonth(ym)
  if (!from) throw new RangeError(`Invalid month: ${ym}`)
  const b = beijingYearMonth(instant(now))
  return (b.year - from.year) * 12 + (b.month - from.month)
}

/**
 * The Beijing year and month (1–12) of an instant by plain arithmetic on its offset, without building a
 * dayjs object: risk levels compare up to a thousand months a call.
 */
function beijingYearMonth(ms: number): { year: number; month: number } {
  const d = new Date(ms + beijingOffsetAt(ms) * 60_000)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
}
