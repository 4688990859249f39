import { presetPeriod } from '../../shared/reportPeriods'

test('weekly presets run Monday to Sunday; monthly ones whole months, the current one up to today', () => {
  // 2026-11-18 is a Wednesday.
  expect(presetPeriod('this_week', '2026-11-18')).toEqual({ from: '2026-11-16', to: '2026-11-18' })
  expect(presetPeriod('last_week', '2026-11-18')).toEqual({ from: '2026-11-09', to: '2026-11-15' })
  // On a Sunday the week began six days before; on a Monday it begins today.
  expect(presetPeriod('this_week', '2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' })
  expect(presetPeriod('this_week', '2026-11-16')).toEqual({ from: '2026-11-16', to: '2026-11-16' })
  expect(presetPeriod('this_month', '2026-11-18')).toEqual({ from: '2026-11-01', to: '2026-11-18' })
  expect(presetPeriod('last_month', '2026-03-05')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  expect(presetPeriod('last_month', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
  expect(presetPeriod('last_week', '2026-01-01')).toEqual({ from: '2025-12-22', to: '2025-12-28' })
})
