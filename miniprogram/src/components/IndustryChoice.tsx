import { View } from '@tarojs/components'
import type { Industry } from '@shared/types'

/** Plain words for the industry, as a worker would say it. */
export const INDUSTRY_CHOICES: { value: Industry; label: string }[] = [
  { value: 'housing', label: '盖房子、市政' },
  { value: 'transport', label: '修路、修桥' },
  { value: 'water', label: '水利工程' },
  { value: 'other', label: '其他、不清楚' },
]

/** Four big tap targets instead of a picker. */
export function IndustryChoice({ value, onChange }: { value: Industry | ''; onChange: (v: Industry) => void }) {
  return (
    <View className="xam-choices xam-industry">
      {INDUSTRY_CHOICES.map((c) => (
        <View
          key={c.value}
          className={'xam-choice' + (value === c.value ? ' xam-choice-on' : '')}
          data-value={c.value}
          onClick={() => onChange(c.value)}
        >
          {value === c.value ? '✓ ' : ''}
          {c.label}
        </View>
      ))}
    </View>
  )
}
