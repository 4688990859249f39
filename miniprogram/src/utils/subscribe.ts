import Taro from '@tarojs/taro'

/**
 * Asks WeChat for permission to send these subscription messages (call it from a tap: WeChat shows the
 * dialog only then). Resolves true when at least one was allowed; never rejects.
 */
export function requestSubscription(tmplIds: string[]): Promise<boolean> {
  return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)
    .then((res) => tmplIds.some((t) => (res as unknown as Record<string, string>)[t] === 'accept'))
    .catch(() => false)
}
