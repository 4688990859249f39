// Times are shown in Beijing time whatever the phone's zone. Asia/Shanghai has been UTC+8 without change
// since 1991 (shared/time.ts), and every time these pages show is later: plain arithmetic gives the same
// answers as shared/time.ts (test/unit/workerTime.test.ts checks it), without dayjs in the main package.

const BEIJING_OFFSET_MS = 8 * 3600 * 1000

const two = (n: number) => (n < 10 ? '0' + n : String(n))

/** Beijing's wall clock at the instant `ms`. */
function wall(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(ms + BEIJING_OFFSET_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() }
}

function formatted(iso: string | null | undefined, long: boolean): string {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (isNaN(ms)) return iso
  const w = wall(ms)
  return `${long ? w.year + '年' : ''}${w.month}月${w.day}日 ${two(w.hour)}:${two(w.minute)}`
}

/** '2026-01-05T02:30:00Z' → '2026年1月5日 10:30'. */
export function formatDateTime(iso: string | null | undefined): string {
  return formatted(iso, true)
}

/** '2026-01-05T02:30:00Z' → '1月5日 10:30' (short form for lists). */
export function formatShort(iso: string | null | undefined): string {
  return formatted(iso, false)
}

/** 'YYYY-MM' of the month before `now`, in Beijing time. */
export function previousMonth(now: number = Date.now()): string {
  const w = wall(now)
  return w.month === 1 ? `${w.year - 1}-12` : `${w.year}-${two(w.month - 1)}`
}

/** 'YYYY-MM' of `now` in Beijing time (upper bound of the month picker). */
export function currentMonth(now: number = Date.now()): string {
  const w = wall(now)
  return `${w.year}-${two(w.month)}`
}

/** '2025-11' → '2025年11月'. */
export function formatMonth(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym)
  const month = m ? Number(m[2]) : 0
  return m && month >= 1 && month <= 12 ? `${m[1]}年${month}月` : ym
}
