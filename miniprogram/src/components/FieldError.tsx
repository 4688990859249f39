import { View } from '@tarojs/components'

/**
 * A field's error, shown right under it. `name` is the field path, e.g. `complainant.phone`; it is
 * also in the class (`xam-err-complainant-phone`), as WeChat renders no data-* attributes.
 */
export function FieldError({ message, name }: { message?: string; name: string }) {
  if (!message) return null
  return (
    <View className={'xam-field-error xam-err-' + name.replace(/[^A-Za-z0-9]+/g, '-')} data-field={name}>
      {message}
    </View>
  )
}
