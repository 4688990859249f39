// Times are shown in Beijing time (UTC+8, no daylight saving) whatever the phone's zone.
const BEIJING_OFFSET_MS = 8 * 3600 * 1000

function beijingParts(iso: string): Date | null {
  const t = Date.parse(iso)
  if (isNaN(t)) return null
  return new Date(t + BEIJING_OFFSET_MS)
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n)
}

/** '2026-01-05T02:30:00Z' → '2026年1月5日 10:30'. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = beijingParts(iso)
  if (!d) return iso
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

/** '2026-01-05T02:30:00Z' → '1月5日 10:30' (short form for lists). */
export function formatShort(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = beijingParts(iso)
  if (!d) return iso
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

/** 'YYYY-MM' of the month before `now`, in Beijing time. */
export function previousMonth(now: number = Date.now()): string {
  const d = new Date(now + BEIJING_OFFSET_MS)
  let y = d.getUTCFullYear()
  let m = d.getUTCMonth() // 0-based current month = 1-based previous month
  if (m === 0) {
    y -= 1
    m = 12
  }
  return `${y}-${pad2(m)}`
}

/** 'YYYY-MM' of `now` in Beijing time (upper bound of the month picker). */
export function currentMonth(now: number = Date.now()): string {
  const d = new Date(now + BEIJING_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`
}

/** '2025-11' → '2025年11月'. */
export function formatMonth(ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym)
  return m ? `${m[1]}年${Number(m[2])}月` : ym
}
