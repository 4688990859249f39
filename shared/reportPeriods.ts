// The report periods offered on screen (周调度、月通报): this week and last week (Monday to Sunday), this
// month and last month, as Beijing calendar dates. Pure: today is passed in as YYYY-MM-DD.
export type PeriodPreset = 'this_week' | 'last_week' | 'this_month' | 'last_month'

export const PERIOD_PRESETS: { value: PeriodPreset; label: string }[] = [
  { value: 'this_week', label: '本周' },
  { value: 'last_week', label: '上周' },
  { value: 'this_month', label: '本月' },
  { value: 'last_month', label: '上月' },
]

const DAY = 86_400_000
const ms = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`)
const ymdOf = (t: number) => new Date(t).toISOString().slice(0, 10)

/** The dates a preset covers for `today`; a current period ends today. */
export function presetPeriod(preset: PeriodPreset, today: string): { from: string; to: string } {
  const t = ms(today)
  // Monday of this week (getUTCDay: 0 Sunday).
  const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY
  if (preset === 'this_week') return { from: ymdOf(monday), to: today }
  if (preset === 'last_week') return { from: ymdOf(monday - 7 * DAY), to: ymdOf(monday - DAY) }
  const first = `${today.slice(0, 8)}01`
  if (preset === 'this_month') return { from: first, to: today }
  const lastDay = ms(first) - DAY
  return { from: `${ymdOf(lastDay).slice(0, 8)}01`, to: ymdOf(lastDay) }
}
