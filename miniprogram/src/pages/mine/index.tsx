import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Status } from '@shared/types'
import { STATUS_HINTS, WORKER_STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { go, goHome } from '../../utils/nav'
import { badgeClass, statusTone } from '../../utils/status'
import { formatShort } from '../../utils/time'
import '../../components/worker.css'
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
      const res = await callApi('worker', 'complaint.listMine', {})
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

  const needYou = (items || []).filter((it) => statusTone(it.status) === 'act').length

  return (
    <View className="xam-page xam-w xam-mine">
      <ErrorBanner message={error} />
      {error ? (
        <Button type="primary" size="large" block className="xam-big-button xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {needYou > 0 ? <View className="xam-notice xam-mine-need">有 {needYou} 件需要您确认，点开看看</View> : null}
      {items !== null && items.length === 0 ? (
        <View className="xam-empty xam-mine-empty">
          <View>还没有投诉记录</View>
          <Button type="primary" size="xlarge" block className="xam-big-button" onClick={goHome}>
            去投诉
          </Button>
        </View>
      ) : null}
      {(items || []).map((it) => (
        <View
          key={it.id}
          className={'xam-list-item xam-mine-item xam-mine-' + statusTone(it.status)}
          data-id={it.id}
          data-status={it.status}
          onClick={() => go('/pages/detail/index?id=' + encodeURIComponent(it.id))}
        >
          <View className="xam-mine-top">
            <View className={badgeClass(it.status) + ' xam-mine-status'}>{WORKER_STATUS_LABELS[it.status] || it.status}</View>
            <View className="xam-mine-more">查看 ›</View>
          </View>
          {STATUS_HINTS[it.status] && STATUS_HINTS[it.status] !== WORKER_STATUS_LABELS[it.status] ? (
            <View className="xam-mine-hint">{STATUS_HINTS[it.status]}</View>
          ) : null}
          <View className="xam-mine-site">{it.siteName || '（没填项目）'}</View>
          <View className="xam-muted">
            编号 <View className="xam-case-no-inline">{it.caseNo}</View>
          </View>
          <View className="xam-muted">最近更新 {formatShort(it.updatedAt)}</View>
        </View>
      ))}
      <View className="xam-card xam-mine-claim">
        <View className="xam-text">在服务台登记的投诉不在这里？用回执上的案件编号和认领码认领，以后就能在这里看进度。</View>
        <Button size="large" block className="xam-big-button xam-go-claim" onClick={() => go('/pages/claim/index')}>
          认领服务台登记的案件
        </Button>
      </View>
    </View>
  )
}
