import { View } from '@tarojs/components'
import type { Card } from '@shared/types'
import { CARD_LABELS } from '@shared/labels'

/** What a card means, said to the worker beside it. */
const CARD_MEANING: Record<Exclude<Card, 'none'>, string> = { yellow: '已超期', red: '超期督办' }

/** Yellow/red overdue card; nothing for a case on time. `explain`: say what it means (worker pages). */
export function CardTag({ card, explain = false }: { card: Card; explain?: boolean }) {
  if (!card || card === 'none') return null
  return (
    <View className={'xam-tag xam-card-tag xam-tag-' + card}>
      {CARD_LABELS[card]}
      {explain ? '·' + CARD_MEANING[card] : ''}
    </View>
  )
}
