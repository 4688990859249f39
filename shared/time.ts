// Asia/Shanghai has no daylight saving time: Beijing time is always UTC+8, so plain arithmetic on
// an 8-hour offset is exact and keeps this module free of timezone libraries (it is also bundled
// into the mini-program).
export const BEIJING_OFFSET_MS = 8 * 3600 * 1000
export const DAY_MS = 24 * 3600 * 1000

/** The Beijing calendar date of an instant, YYYY-MM-DD. */
export function beijingDate(t: Date): string {
  return new Date(t.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

/** The Beijing year of an instant. */
export function beijingYear(t: Date): number {
  return Number(beijingDate(t).slice(0, 4))
}

/** Midnight (00:00 Beijing) at the start of the Beijing date of `t`. */
export function startOfBeijingDay(t: Date): Date {
  const shifted = t.getTime() + BEIJING_OFFSET_MS
  return new Date(shifted - (shifted % DAY_MS) - BEIJING_OFFSET_MS)
}

export function addDays(t: Date, days: number): Date {
  return new Date(t.getTime() + days * DAY_MS)
}

/** "2026年11月23日 09:30" in Beijing time, for people. */
export function formatBeijing(iso: string | Date): string {
  const t = typeof iso === 'string' ? new Date(iso) : iso
  const s = new Date(t.getTime() + BEIJING_OFFSET_MS).toISOString()
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`
}
