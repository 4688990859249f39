import { View } from '@tarojs/components'
import type { Step } from '@shared/progress'
import { formatDateTime } from '../utils/time'

/** 登记 → 受理 → 处理 → 办结, the current step with its due date (red when it has passed). */
export function StepBar({ steps }: { steps: Step[] }) {
  if (!steps || !steps.length) return null
  const current = steps.find((s) => s.state === 'current')
  return (
    <View className="xam-card xam-steps">
      <View className="xam-step-row">
        {steps.map((s) => (
          <View key={s.key} className={'xam-step xam-step-' + s.state + (s.late ? ' xam-step-late' : '')} data-step={s.key}>
            <View className="xam-step-dot">{s.state === 'done' ? '✓' : ''}</View>
            <View className="xam-step-label">{s.label}</View>
          </View>
        ))}
      </View>
      {current && current.dueAt ? (
        <View className={'xam-step-due' + (current.late ? ' xam-step-due-late' : '')}>
          {current.label}最晚：{formatDateTime(current.dueAt)}
          {current.late ? '（已超期）' : ''}
        </View>
      ) : null}
    </View>
  )
}
