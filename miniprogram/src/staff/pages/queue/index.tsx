import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { QueueItem } from '@shared/types'
import { ROLE_LABELS, STATUS_LABELS, formatFen } from '@shared/labels'
import { callApi, errorMessage } from '../../../api'
import type { Me } from '../../../api/staff'
import { CardTag } from '../../../components/CardTag'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { go } from '../../../utils/nav'
import { formatShort } from '../../../utils/time'
import './index.css'

type View_ = 'to_accept' | 'in_progress' | 'all'

const TABS: { view: View_; label: string }[] = [
  { view: 'to_accept', label: '待受理' },
  { view: 'in_progress', label: '办理中' },
  { view: 'all', label: '全部' },
]

const WAITING = ['registered', 'routed', 'returned']

interface Page {
  items: QueueItem[]
  nextCursor: string | null
}

function deadlineOf(it: QueueItem): string {
  if (WAITING.indexOf(it.status) >= 0 && it.acceptDueAt) return '受理期限 ' + formatShort(it.acceptDueAt)
  if (it.resolveDueAt) return '办结期限 ' + formatShort(it.resolveDueAt)
  return ''
}

export default function Queue() {
  const [me, setMe] = useState<Me | null>(null)
  const [view, setView] = useState<View_>('to_accept')
  const [items, setItems] = useState<QueueItem[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [loadingMore, setLoadingMore] = useState(false)
  // Ignore replies to an older request (the user switched tabs meanwhile).
  const requestNo = useRef(0)

  const loadPage = async (v: View_, after: string | null) => {
    const no = ++requestNo.current
    const data: { view: View_; limit: number; cursor?: string } = { view: v, limit: 20 }
    if (after) data.cursor = after
    const page = await callApi<Page>('staff', 'queue.list', data)
    return no === requestNo.current ? page : null
  }

  const reload = async (v: View_ = view) => {
    try {
      if (!me) setMe(await callApi<Me>('staff', 'me', {}))
      const page = await loadPage(v, null)
      if (!page) return
      setItems(page.items || [])
      setCursor(page.nextCursor || null)
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const more = async () => {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await loadPage(view, cursor)
      if (page) {
        setItems((old) => (old || []).concat(page.items || []))
        setCursor(page.nextCursor || null)
      }
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoadingMore(false)
    }
  }

  const switchTo = (v: View_) => {
    if (v === view) return
    setView(v)
    setItems(null)
    setCursor(null)
    reload(v)
  }

  useDidShow(() => {
    reload()
  })
  usePullDownRefresh(() => {
    reload().finally(() => Taro.stopPullDownRefresh())
  })

  const tabs = TABS.filter((t) => t.view !== 'all' || (me && me.role === 'coordinator'))

  return (
    <View className="xam-page xam-queue">
      {me ? (
        <View className="xam-muted xam-queue-who">
          {ROLE_LABELS[me.role] || me.role}
          {me.dept ? ' · ' + me.dept.name : ''}
        </View>
      ) : null}
      <View className="xam-tabs">
        {tabs.map((t) => (
          <View
            key={t.view}
            className={'xam-tab xam-tab-' + t.view + (t.view === view ? ' xam-tab-active' : '')}
            onClick={() => switchTo(t.view)}
          >
            {t.label}
          </View>
        ))}
      </View>
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items !== null && items.length === 0 ? <View className="xam-empty xam-queue-empty">暂无案件</View> : null}
      {(items || []).map((it) => (
        <View
          key={it.id}
          className="xam-list-item xam-queue-item"
          data-id={it.id}
          data-case-no={it.caseNo}
          onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(it.id))}
        >
          <View className="xam-queue-top">
            <View className="xam-queue-status">{STATUS_LABELS[it.status] || it.status}</View>
            <CardTag card={it.card} />
          </View>
          <View className="xam-queue-site">{it.siteName || '（未填项目）'}</View>
          <View className="xam-queue-line">
            {formatFen(it.amountOwedFen)} · {it.workerCount} 人
          </View>
          <View className="xam-muted">编号 {it.caseNo}</View>
          <View className="xam-muted xam-queue-deadline">{deadlineOf(it)}</View>
        </View>
      ))}
      {cursor ? (
        <Button size="large" block loading={loadingMore} className="xam-big-button xam-queue-more" onClick={more}>
          加载更多
        </Button>
      ) : null}
    </View>
  )
}
