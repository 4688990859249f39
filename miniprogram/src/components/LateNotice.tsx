import { View } from '@tarojs/components'
import type { Lateness } from '@shared/progress'

/** A unit past its deadline, said plainly, with what the card colour means. */
export function LateNotice({ late }: { late: Lateness | null | undefined }) {
  if (!late) return null
  return (
    <View className={'xam-late xam-late-' + late.kind}>
      <View className="xam-late-title">{late.message}</View>
      {late.cardNote ? <View className="xam-late-card">{late.cardNote}</View> : null}
      <View className="xam-late-hint">您可以点下面的“催办”，或直接打电话问。</View>
    </View>
  )
}
