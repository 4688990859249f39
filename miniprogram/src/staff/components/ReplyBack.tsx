import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReplyText } from '@shared/contract'
import { callApi, errorMessage } from '../../api'
import { formatDateTime } from '../../utils/time'

/**
 * The answer for the system a lead came from (12345, the national platform …): plain text, without names,
 * phone numbers or ID numbers, to copy into that system. Reloaded whenever the case changes (`version`).
 */
export function ReplyBack({ id, version }: { id: string; version: number }) {
  const [reply, setReply] = useState<ReplyText | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    let live = true
    callApi('staff', 'complaint.replyText', { id })
      .then((r) => live && (setReply(r), setError('')))
      .catch((e) => live && setError(errorMessage(e)))
    return () => {
      live = false
    }
  }, [id, version])

  const copy = () => {
    if (!reply) return
    Taro.setClipboardData({ data: reply.text })
      .then(() => Taro.showToast({ title: '已复制', icon: 'success' }))
      .catch(() => Taro.showToast({ title: '复制失败，请长按文字复制', icon: 'none' }))
  }

  return (
    <View className="xam-card xam-reply-back">
      <View className="xam-subtitle">回复来源渠道</View>
      {reply && reply.replyDueAt ? <View className="xam-muted">来源要求 {formatDateTime(reply.replyDueAt)} 前回复</View> : null}
      {error ? <View className="xam-error">{error}</View> : null}
      {reply ? (
        <View>
          <View className="xam-hint">{reply.answered ? '已有办理结果，可作为最终答复。' : '尚未办结，可作为阶段性答复。'}</View>
          <View className="xam-reply-text">{reply.text}</View>
          <Button size="large" block className="xam-big-button xam-reply-copy" onClick={copy}>
            复制答复内容
          </Button>
        </View>
      ) : !error ? (
        <View className="xam-empty">正在生成……</View>
      ) : null}
    </View>
  )
}
