import { View } from '@tarojs/components'

/** The message at the top of a page when something went wrong. */
export function ErrorBanner({ message }: { message: string }) {
  if (!message) return null
  return <View className="xam-error">{message}</View>
}
