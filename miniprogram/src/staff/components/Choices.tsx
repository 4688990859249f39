import { View } from '@tarojs/components'

export interface Choice<T extends string> {
  value: T
  label: string
}

/** A few choices as big tiles, one of them chosen: easier on a phone than a picker for four options. */
export function Choices<T extends string>(p: { name: string; options: Choice<T>[]; value: T | ''; onChange: (v: T) => void }) {
  return (
    <View className={'xam-choices xam-choices-' + p.name}>
      {p.options.map((o) => (
        <View
          key={o.value}
          className={'xam-choice xam-choice-' + o.value + (o.value === p.value ? ' xam-choice-on' : '')}
          data-value={o.value}
          onClick={() => p.onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  )
}
