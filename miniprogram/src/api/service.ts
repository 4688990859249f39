// Who runs the service where the worker is: the issuing authority and the hotline (`worker app.settings
// { areaCode }`), fetched once per area. A sticker page that came with them (utils/boot.ts) asks nothing.
import type { ServiceInfo } from '@shared/contract'
import { callApi } from './index'
import { bootData } from '../utils/boot'

/** Until the server answers (or when it cannot): the national labour hotline, no authority named. */
export const DEFAULT_SERVICE: ServiceInfo = { authority: '', hotline: '12333' }

const pending = new Map<string, Promise<ServiceInfo>>()

export function loadService(areaCode?: string): Promise<ServiceInfo> {
  const key = areaCode || ''
  let p = pending.get(key)
  if (!p) {
    const boot = bootData()
    const site = boot && boot.site
    const inlined = boot && boot.settings && boot.settings.service && site && site.areaCode === areaCode ? boot.settings.service : null
    p = (inlined ? Promise.resolve(inlined) : callApi('worker', 'app.settings', areaCode ? { areaCode } : {}).then((s) => s.service))
      .then((s) => (s && typeof s.hotline === 'string' ? s : DEFAULT_SERVICE))
      .catch(() => {
        pending.delete(key)
        return DEFAULT_SERVICE
      })
    pending.set(key, p)
  }
  return p
}
