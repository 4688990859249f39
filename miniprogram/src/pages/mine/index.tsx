import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Status } from '@shared/types'
import { STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { go, goHome } from '../../utils/nav'
import { formatShort } from '../../utils/time'
import './index.css'

interface MineItem {
  id: string
  caseNo: string
  status: Status
  siteName: string
  createdAt: string
  updatedAt: string
}

export default function Mine() {
  const [items, setItems] = useState<MineItem[] | null>(null)
  const [error, setError] = useState('')

  const load = async () => {
    try {
      const res = await callApi<{ items: MineItem[] }>('worker', 'complaint.listMine', {})
      setItems(res.items || [])
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  useDidShow(() => {
    load()
  })
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className="xam-page xam-mine">
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items !== null && items.length === 0 ? (
        <View className="xam-empty xam-mine-empty">
          <View>还没有投诉记录</View>
          <Button type="primary" size="large" className="xam-big-button" onClick={goHome}>
            去投诉
          </Button>
        </View>
      ) : null}
      {(items || []).map((it) => (
        <View
          key={it.id}
          className="xam-list-item xam-mine-item"
          data-id={it.id}
          onClick={() => go('/pages/detail/index?id=' + encodeURIComponent(it.id))}
        >
          <View className="xam-mine-status">{STATUS_LABELS[it.status] || it.status}</View>
          <View className="xam-mine-site">{it.siteName || '（未填项目）'}</View>
          <View className="xam-muted">
            编号 <View className="xam-case-no-inline">{it.caseNo}</View>
          </View>
          <View className="xam-muted">更新于 {formatShort(it.updatedAt)}</View>
        </View>
      ))}
      {error ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
    </View>
  )
}
