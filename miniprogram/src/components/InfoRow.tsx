import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** One label–value line of read-only information. */
export function InfoRow({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <View className="xam-row">
      <View className="xam-row-label">{label}</View>
      <View className={'xam-row-value' + (className ? ' ' + className : '')}>{children}</View>
    </View>
  )
}
