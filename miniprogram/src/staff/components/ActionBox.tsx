import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** A titled card around one action's inputs and button. */
export function ActionBox({ title, className, children }: { title: string; className: string; children: ReactNode }) {
  return (
    <View className={'xam-card xam-action ' + className}>
      <View className="xam-subtitle">{title}</View>
      {children}
    </View>
  )
}
