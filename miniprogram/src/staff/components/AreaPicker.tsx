import { View } from '@tarojs/components'
import { childrenOf, levelOf, pathOf, shortAreaName, type AreaOption } from '../lib/areas'
import { Select, type Option } from './Select'

interface Props {
  /** The chosen 6-digit code, or ''. */
  value: string
  onChange: (code: string) => void
  /** Only areas inside this one (the caller's area); '' for the whole country. */
  root: string
  /** Allow stopping above county level (e.g. a routing rule for a whole city). */
  allowWhole?: boolean
  className?: string
}

const WHOLE = 'whole'

function options(items: AreaOption[], whole: string | null): Option<string>[] {
  const out: Option<string>[] = whole ? [{ value: WHOLE, label: whole }] : []
  return out.concat(items.map((a) => ({ value: a.code, label: a.name })))
}

/** Province / city / county as stacked pickers, starting below `root`. */
export function AreaPicker({ value, onChange, root, allowWhole, className }: Props) {
  const rootLevel = root ? levelOf(root) : null
  const path = pathOf(value)
  const rows: { key: string; opts: Option<string>[]; value: string; placeholder: string; parent: string }[] = []

  if (!rootLevel) {
    rows.push({ key: 'province', opts: options(childrenOf(''), null), value: path.province, placeholder: '选择省份', parent: '' })
  }
  const province = rootLevel === 'province' ? root : path.province
  if (province && (rootLevel === null || rootLevel === 'province')) {
    const whole = allowWhole ? '整个' + shortAreaName(province) : null
    rows.push({
      key: 'city',
      opts: options(childrenOf(province), whole),
      value: path.city || (allowWhole && value === province ? WHOLE : ''),
      placeholder: '选择城市',
      parent: province,
    })
  }
  const city = rootLevel === 'city' ? root : rootLevel === 'county' ? '' : path.city
  // A city without counties (东莞, 中山, 儋州, 嘉峪关) is itself the place: no county row.
  if (city && childrenOf(city).length > 0) {
    const whole = allowWhole ? '整个' + shortAreaName(city) : null
    rows.push({
      key: 'county',
      opts: options(childrenOf(city), whole),
      value: path.county || (allowWhole && value === city ? WHOLE : ''),
      placeholder: '选择区县',
      parent: city,
    })
  }

  if (rootLevel === 'county') {
    return <View className={'xam-picker xam-area-fixed ' + (className || '')}>{shortAreaName(root)}</View>
  }

  return (
    <View className={'xam-area-picker ' + (className || '')}>
      {rows.map((r) => (
        <Select
          key={r.key}
          className={'xam-area-' + r.key}
          options={r.opts}
          value={r.value}
          placeholder={r.placeholder}
          onChange={(v) => onChange(v === WHOLE ? r.parent : v)}
        />
      ))}
    </View>
  )
}
