import { View } from '@tarojs/components'
import type { RiskLevel } from '@shared/types'
import { RISK_LABELS } from '@shared/labels'

/** The warning level (预警等级) as a coloured tag; nothing when there is none. */
export function RiskTag({ level }: { level: RiskLevel }) {
  if (!level || level === 'none') return null
  return <View className={'xam-tag xam-risk-tag xam-risk-' + level}>{(RISK_LABELS[level] || level) + '风险'}</View>
}
