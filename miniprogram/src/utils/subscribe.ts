import Taro from '@tarojs/taro'
import { callApi } from '../api'

/** The templates of `tmplIds` WeChat says were allowed; [] when none or on any failure. */
function allowed(tmplIds: string[]): Promise<string[]> {
  return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)
    .then((res) => tmplIds.filter((t) => (res as unknown as Record<string, string>)[t] === 'accept'))
    .catch(() => [])
}

/**
 * Asks WeChat for permission to send these subscription messages (call it from a tap: WeChat shows the
 * dialog only then). Resolves true when at least one was allowed; never rejects.
 */
export function requestSubscription(tmplIds: string[]): Promise<boolean> {
  return allowed(tmplIds).then((ids) => ids.length > 0)
}

/**
 * The worker allows progress messages: each allowed template carries one WeChat message, so the server
 * is told (consent.record) and uses WeChat while it has some, SMS otherwise. Never rejects.
 */
export async function askProgressMessages(tmplIds: string[]): Promise<boolean> {
  const ids = await allowed(tmplIds)
  if (ids.length) await callApi('worker', 'consent.record', { templateIds: ids }).catch(() => undefined)
  return ids.length > 0
}
