import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ServiceInfo } from '@shared/contract'
import { DEFAULT_SERVICE, loadService } from '../api/service'

/** The service's own name, on every header and on the first screen (index.html). */
export const SERVICE_NAME = '薪安码 · 欠薪投诉'

function call(hotline: string) {
  Taro.makePhoneCall({ phoneNumber: hotline }).catch(() => undefined)
}

function useService(areaCode?: string): ServiceInfo {
  const [service, setService] = useState<ServiceInfo>(DEFAULT_SERVICE)
  useEffect(() => {
    let live = true
    loadService(areaCode).then((s) => live && setService(s))
    return () => {
      live = false
    }
  }, [areaCode])
  return service
}

/**
 * The band at the top of a worker's first page: the service, who runs it in this area (the issuing
 * authority), and the hotline to call, as official service pages show them.
 */
export function ServiceHeader({ areaCode }: { areaCode?: string }) {
  const s = useService(areaCode)
  return (
    <View className="xam-gov" data-authority={s.authority}>
      <View className="xam-gov-top">
        <View className="xam-gov-mark">薪</View>
        <View className="xam-gov-name">{SERVICE_NAME}</View>
      </View>
      <View className="xam-gov-authority">{s.authority ? '主办：' + s.authority : '人社部门根治欠薪服务'}</View>
      <View className="xam-gov-hotline" data-hotline={s.hotline} onClick={() => call(s.hotline)}>
        ☎ 咨询电话 {s.hotline}
      </View>
    </View>
  )
}

/** The same facts at the foot of the pages after the first: who runs it, and the hotline. */
export function ServiceFooter({ areaCode }: { areaCode?: string }) {
  const s = useService(areaCode)
  return (
    <View className="xam-gov-foot" data-authority={s.authority}>
      <View className="xam-muted xam-gov-foot-by">
        {SERVICE_NAME}
        {s.authority ? ' · 主办：' + s.authority : ''}
      </View>
      <View className="xam-gov-foot-hotline" data-hotline={s.hotline} onClick={() => call(s.hotline)}>
        有疑问请拨打 {s.hotline}
      </View>
    </View>
  )
}
