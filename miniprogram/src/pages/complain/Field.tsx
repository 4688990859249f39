import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { FieldError } from '../../components/FieldError'

/** A labelled form field with its message right under it. */
export function Field({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string
  name: string
  error?: string
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <View className={'xam-field' + (error ? ' xam-field-bad' : '')} data-name={name}>
      <View className="xam-label">{label}</View>
      {children}
      {hint && !error ? <View className="xam-field-hint">{hint}</View> : null}
      <FieldError name={name} message={error} />
    </View>
  )
}
