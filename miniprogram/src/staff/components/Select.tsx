import { Picker, View } from '@tarojs/components'

export interface Option<T extends string> {
  value: T
  label: string
}

interface Props<T extends string> {
  options: Option<T>[]
  value: T | ''
  onChange: (value: T) => void
  placeholder?: string
  className?: string
  disabled?: boolean
}

/** A one-column picker showing the chosen label in a big tappable box. */
export function Select<T extends string>({ options, value, onChange, placeholder, className, disabled }: Props<T>) {
  const at = options.findIndex((o) => o.value === value)
  const label = at >= 0 ? options[at].label : placeholder || '请选择'
  return (
    <Picker
      mode="selector"
      range={options.map((o) => o.label)}
      value={at >= 0 ? at : 0}
      disabled={disabled || options.length === 0}
      onChange={(e) => {
        const o = options[Number(e.detail.value)]
        if (o) onChange(o.value)
      }}
    >
      <View
        className={'xam-picker xam-select' + (at < 0 ? ' xam-select-empty' : '') + (className ? ' ' + className : '')}
        data-value={value}
      >
        <View className="xam-select-label">{label}</View>
        <View className="xam-select-arrow">▾</View>
      </View>
    </Picker>
  )
}
