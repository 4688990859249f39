import { View } from '@tarojs/components'

/** A field's error, shown right under it. `name` is the field path, e.g. `complainant.phone`. */
export function FieldError({ message, name }: { message?: string; name: string }) {
  if (!message) return null
  return (
    <View className="xam-field-error" data-field={name}>
      {message}
    </View>
  )
}
