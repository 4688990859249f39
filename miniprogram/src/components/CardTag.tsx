import { View } from '@tarojs/components'
import type { Card } from '@shared/types'
import { CARD_LABELS } from '@shared/labels'

/** Yellow/red overdue card; nothing for a case on time. */
export function CardTag({ card }: { card: Card }) {
  if (!card || card === 'none') return null
  return <View className={'xam-tag xam-card-tag xam-tag-' + card}>{CARD_LABELS[card]}</View>
}
