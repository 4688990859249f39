import { useMemo } from 'react'
import { Picker, View } from '@tarojs/components'
import { cities, districts, provinces, type AreaOption, type AreaPick } from '../utils/areas'

interface Props {
  value: AreaPick
  onChange: (pick: AreaPick) => void
}

function indexOf(options: AreaOption[], code: string): number {
  const i = options.findIndex((o) => o.code === code)
  return i < 0 ? 0 : i
}

function nameOf(options: AreaOption[], code: string): string {
  const o = options.find((x) => x.code === code)
  return o ? o.name : ''
}

/** Province → city → county, one plain picker each (a city with one choice is picked for you). */
export function AreaPicker({ value, onChange }: Props) {
  const provinceList = useMemo(provinces, [])
  const cityList = useMemo(() => (value.province ? cities(value.province) : []), [value.province])
  const districtList = useMemo(() => (value.city ? districts(value.city) : []), [value.city])

  const pickProvince = (i: number) => {
    const p = provinceList[i]
    if (!p || p.code === value.province) return
    const cs = cities(p.code)
    const only = cs.length === 1 && cs[0] ? cs[0].code : ''
    onChange({ province: p.code, city: only, district: '' })
  }
  const pickCity = (i: number) => {
    const c = cityList[i]
    if (!c || c.code === value.city) return
    onChange({ province: value.province, city: c.code, district: '' })
  }
  const pickDistrict = (i: number) => {
    const d = districtList[i]
    if (d) onChange({ ...value, district: d.code })
  }
  const index = (e: { detail: { value: unknown } }) => Number(e.detail.value)

  return (
    <View className="xam-area">
      <Picker
        mode="selector"
        range={provinceList.map((o) => o.name)}
        value={indexOf(provinceList, value.province)}
        onChange={(e) => pickProvince(index(e))}
      >
        <View className={'xam-picker xam-area-province' + (value.province ? '' : ' xam-picker-empty')}>
          {nameOf(provinceList, value.province) || '选择省份'}
        </View>
      </Picker>
      {value.province && cityList.length > 1 ? (
        <Picker
          mode="selector"
          range={cityList.map((o) => o.name)}
          value={indexOf(cityList, value.city)}
          onChange={(e) => pickCity(index(e))}
        >
          <View className={'xam-picker xam-area-city' + (value.city ? '' : ' xam-picker-empty')}>
            {nameOf(cityList, value.city) || '选择城市'}
          </View>
        </Picker>
      ) : null}
      {value.city && districtList.length > 0 ? (
        <Picker
          mode="selector"
          range={districtList.map((o) => o.name)}
          value={indexOf(districtList, value.district)}
          onChange={(e) => pickDistrict(index(e))}
        >
          <View className={'xam-picker xam-area-district' + (value.district ? '' : ' xam-picker-empty')}>
            {nameOf(districtList, value.district) || '选择区、县'}
          </View>
        </Picker>
      ) : null}
    </View>
  )
}
