import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { loadSettings } from '../api/settings'
import { askProgressMessages } from '../utils/subscribe'

/**
 * "有进展时微信通知我": each WeChat permission carries one message, so the worker is asked again on the
 * pages they come back to. WeChat only; without permission the steps that matter still come by SMS.
 */
export function NotifyMe({ initiallyAsked = false }: { initiallyAsked?: boolean }) {
  const [templates, setTemplates] = useState<string[]>([])
  const [asked, setAsked] = useState(initiallyAsked)
  useEffect(() => {
    loadSettings().then((s) => setTemplates(s.subscribeTemplates || []))
  }, [])
  if (process.env.TARO_ENV !== 'weapp') return null
  if (asked) return <View className="xam-muted xam-subscribed">有进展时会发微信消息通知您。</View>
  if (!templates.length) return null
  const ask = () => {
    askProgressMessages(templates).then((yes) => yes && setAsked(true))
  }
  return (
    <Button type="primary" fill="outline" size="large" block className="xam-big-button xam-subscribe" onClick={ask}>
      有进展时微信通知我
    </Button>
  )
}
