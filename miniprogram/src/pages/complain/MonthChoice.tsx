import { Picker, View } from '@tarojs/components'
import { currentMonth, formatMonth } from '../../utils/time'
import { MONTH_CHOICES, monthChoiceOf, monthsBefore } from './months'

/**
 * "从哪个月开始欠" as big choices (这个月 / 上个月 / 2个月前 / 3个月前), and 更早 opening a month picker.
 * Nothing is chosen until the worker taps: a silent default would under-count the months owed.
 */
export function MonthChoice({ value, onChange }: { value: string; onChange: (month: string) => void }) {
  const now = currentMonth()
  const chosen = monthChoiceOf(value)
  const earlierStart = monthsBefore(now, MONTH_CHOICES.length)
  return (
    <View className="xam-choices xam-months">
      {MONTH_CHOICES.map((c) => (
        <View
          key={c.back}
          className={'xam-choice xam-month-choice' + (chosen === c.back ? ' xam-choice-on' : '')}
          data-back={c.back}
          onClick={() => onChange(monthsBefore(now, c.back))}
        >
          {chosen === c.back ? '✓ ' : ''}
          {c.label}
        </View>
      ))}
      <Picker
        className="xam-month-picker"
        mode="date"
        fields="month"
        value={chosen === 'earlier' ? value : earlierStart}
        start="2000-01"
        end={now}
        onChange={(e) => onChange(String(e.detail.value).slice(0, 7))}
      >
        <View
          className={'xam-choice xam-month-choice xam-month-earlier' + (chosen === 'earlier' ? ' xam-choice-on' : '')}
          data-back="earlier"
        >
          {chosen === 'earlier' ? '✓ ' + formatMonth(value) : '更早，选月份'}
        </View>
      </Picker>
    </View>
  )
}
