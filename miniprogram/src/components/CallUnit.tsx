import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { UnitRef } from '@shared/types'

/** Tap to call a unit's public complaint phone; nothing when the unit has not published one. */
export function CallUnit({ unit, label }: { unit: UnitRef | null | undefined; label?: string }) {
  if (!unit || !unit.phone) return null
  const call = () => {
    Taro.makePhoneCall({ phoneNumber: unit.phone }).catch(() => undefined)
  }
  return (
    <View className="xam-call" data-phone={unit.phone} onClick={call}>
      <View className="xam-call-icon">☎</View>
      <View className="xam-call-text">
        {label || '打电话问' + unit.name}
        <View className="xam-call-number">{unit.phone}</View>
      </View>
    </View>
  )
}
