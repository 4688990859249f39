import { useEffect, useRef, useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { areaChoices, type AreaChoice } from '../utils/areaChoices'
import type { AreaOption, AreaPick } from '../utils/areas'

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

type Load = 'loading' | 'ok' | 'failed'

/**
 * Province → city → county, one plain picker each (a city with one choice is picked for you). The choices
 * are loaded from the server: the provinces when the picker shows, a province's cities and counties once
 * it is picked.
 */
export function AreaPicker({ value, onChange }: Props) {
  const [provinceList, setProvinces] = useState<AreaChoice[]>([])
  const [cities, setCities] = useState<{ province: string; items: AreaChoice[] }>({ province: '', items: [] })
  const [load, setLoad] = useState<Load>('loading')
  const [tries, setTries] = useState(0)
  const valueRef = useRef(value)
  valueRef.current = value

  useEffect(() => {
    let live = true
    setLoad('loading')
    Promise.all([areaChoices(''), value.province ? areaChoices(value.province) : Promise.resolve([])]).then(
      ([ps, cs]) => {
        if (!live) return
        setProvinces(ps)
        setCities({ province: value.province, items: cs })
        setLoad('ok')
      },
      () => live && setLoad('failed'),
    )
    return () => {
      live = false
    }
  }, [value.province, tries])

  const cityList = cities.province === value.province ? cities.items : []
  const districtList = (cityList.find((c) => c.code === value.city) || { children: [] }).children || []

  // A city without counties is the area itself (also fixes a pick saved before this rule).
  useEffect(() => {
    if (load !== 'ok' || !value.city || districtList.length || value.district === value.city) return
    if (cityList.some((c) => c.code === value.city)) onChange({ ...valueRef.current, district: value.city })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load, cities, value.city, value.district])

  const pickProvince = (i: number) => {
    const p = provinceList[i]
    if (!p || p.code === value.province) return
    onChange({ province: p.code, city: '', district: '' })
    // The only city (a municipality) is picked for the worker once the cities are in.
    areaChoices(p.code).then(
      (cs) => {
        const only = cs.length === 1 && cs[0] ? cs[0] : null
        if (only && valueRef.current.province === p.code && !valueRef.current.city) {
          onChange({ province: p.code, city: only.code, district: only.children && only.children.length ? '' : only.code })
        }
      },
      () => undefined,
    )
  }
  const pickCity = (i: number) => {
    const c = cityList[i]
    if (!c || c.code === value.city) return
    onChange({ province: value.province, city: c.code, district: c.children && c.children.length ? '' : c.code })
  }
  const pickDistrict = (i: number) => {
    const d = districtList[i]
    if (d) onChange({ ...value, district: d.code })
  }
  const index = (e: { detail: { value: unknown } }) => Number(e.detail.value)

  if (load === 'failed') {
    return (
      <View className="xam-area">
        <View className="xam-picker xam-picker-empty xam-area-retry" onClick={() => setTries((n) => n + 1)}>
          地区没加载出来，点这里再试
        </View>
      </View>
    )
  }
  if (!provinceList.length) {
    return (
      <View className="xam-area">
        <View className="xam-picker xam-picker-empty xam-area-loading">正在加载地区……</View>
      </View>
    )
  }

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
      {value.province && load === 'loading' ? <View className="xam-muted xam-area-loading">正在加载城市……</View> : null}
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
