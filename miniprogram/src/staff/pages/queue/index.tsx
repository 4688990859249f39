import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { ScrollView, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CHANNELS, INDUSTRIES, isWatchKind, STATUSES, type Channel, type Industry, type QueueItem, type Status } from '@shared/types'
import { CHANNEL_LABELS, INDUSTRY_LABELS, ROLE_LABELS, STATUS_LABELS, formatFen } from '@shared/labels'
import { callApi, errorMessage } from '../../../api'
import type { Me } from '../../../api/staff'
import { CardTag } from '../../../components/CardTag'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { go } from '../../../utils/nav'
import { LeadTag, replyDueText } from '../../components/LeadTag'
import { RiskTag } from '../../components/RiskTag'
import { Select, type Option } from '../../components/Select'
import { getMe } from '../../lib/api'
import { districtsIn } from '../../lib/areas'
import { ageOf, beijingDate, deadlineOf } from '../../lib/format'
import { staffTone } from '../../lib/tone'
import '../../styles.css'
import './index.css'

type QueueView = 'to_accept' | 'in_progress' | 'mine' | 'first_responder' | 'overdue' | 'all' | 'severe'

const TABS: { view: QueueView; label: string }[] = [
  { view: 'to_accept', label: '待受理' },
  { view: 'in_progress', label: '办理中' },
  { view: 'mine', label: '我的' },
  { view: 'first_responder', label: '首问跟踪' },
  { view: 'overdue', label: '超期' },
  { view: 'all', label: '全部' },
  { view: 'severe', label: '重大风险' },
]

const TAB_HINTS: Record<QueueView, string> = {
  to_accept: '转给本单位、等待受理的案件',
  in_progress: '本单位已受理、正在办理的案件',
  mine: '由您承办的案件（您受理的，或同事转给您的）',
  first_responder: '本单位最先收到、别的单位还没受理的案件',
  overdue: '已超过受理或办结期限的案件',
  all: '辖区内全部案件',
  severe: '风险等级重大的未办结案件（政法委、信访局只读）',
}

interface Filters {
  status: Status | ''
  industry: Industry | ''
  areaCode: string
  channel: Channel | ''
}

const NO_FILTERS: Filters = { status: '', industry: '', areaCode: '', channel: '' }

const STATUS_OPTIONS: Option<Status | 'any'>[] = [
  { value: 'any', label: '全部状态' },
  ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
]
const INDUSTRY_OPTIONS: Option<Industry | 'any'>[] = [
  { value: 'any', label: '全部行业' },
  ...INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] })),
]
const CHANNEL_OPTIONS: Option<Channel | 'any'>[] = [
  { value: 'any', label: '全部来源' },
  ...CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] })),
]

export default function Queue() {
  const [me, setMe] = useState<Me | null>(null)
  const [view, setView] = useState<QueueView>('to_accept')
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [showFilters, setShowFilters] = useState(false)
  const [items, setItems] = useState<QueueItem[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [loadingMore, setLoadingMore] = useState(false)
  // Ignore replies to an older request (the user switched tabs or filters meanwhile).
  const requestNo = useRef(0)
  const started = useRef(false)

  const loadPage = async (v: QueueView, f: Filters, after: string | null) => {
    const no = ++requestNo.current
    const data: {
      view: QueueView
      limit: number
      cursor?: string
      status?: Status
      industry?: Industry
      areaCode?: string
      channel?: Channel
    } = {
      view: v,
      limit: 20,
    }
    if (after) data.cursor = after
    if (f.status) data.status = f.status
    if (f.industry) data.industry = f.industry
    if (f.areaCode) data.areaCode = f.areaCode
    if (f.channel) data.channel = f.channel
    const page = await callApi('staff', 'queue.list', data)
    return no === requestNo.current ? page : null
  }

  const reload = async (v: QueueView = view, f: Filters = filters) => {
    try {
      if (!me) {
        const who = await getMe()
        setMe(who)
        // Coordinators watch their whole area first; a desk, what it received and is not yet accepted.
        // A 政法委 or 信访局 reads the severe cases of its area only.
        const first: QueueView | null =
          who.dept && isWatchKind(who.dept.kind)
            ? 'severe'
            : who.role === 'coordinator'
              ? 'all'
              : who.role === 'desk'
                ? 'first_responder'
                : null
        if (!started.current && first) {
          v = first
          setView(first)
        }
      }
      started.current = true
      const page = await loadPage(v, f, null)
      if (!page) return
      setItems(page.items || [])
      setCursor(page.nextCursor || null)
      setError('')
    } catch (e) {
      setError(errorMessage(e))
      setItems((old) => old || [])
    }
  }

  const more = async () => {
    if (!cursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await loadPage(view, filters, cursor)
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

  const switchTo = (v: QueueView) => {
    if (v === view) return
    setView(v)
    setItems(null)
    setCursor(null)
    reload(v)
  }

  const filterBy = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch }
    setFilters(next)
    setItems(null)
    setCursor(null)
    reload(view, next)
  }

  useDidShow(() => {
    reload()
  })
  usePullDownRefresh(() => {
    reload().finally(() => Taro.stopPullDownRefresh())
  })

  const watcher = !!(me && me.dept && isWatchKind(me.dept.kind))
  const tabs = watcher
    ? TABS.filter((t) => t.view === 'severe')
    : TABS.filter((t) => (t.view !== 'all' && t.view !== 'severe') || (me && me.role === 'coordinator'))
  const districts = me && me.dept ? districtsIn(me.dept.areaCode) : []
  const districtOptions: Option<string>[] = [
    { value: 'any', label: '全部地区' },
    ...districts.map((d) => ({ value: d.code, label: d.name })),
  ]
  const filterCount = (filters.status ? 1 : 0) + (filters.industry ? 1 : 0) + (filters.areaCode ? 1 : 0) + (filters.channel ? 1 : 0)
  const now = Date.now()

  return (
    <View className="xam-page xam-queue">
      {me ? (
        <View className="xam-queue-who">
          <View className="xam-muted">
            {ROLE_LABELS[me.role] || me.role}
            {me.dept ? ' · ' + me.dept.name : ''}
          </View>
          <View
            className={'xam-queue-filter-toggle' + (filterCount ? ' xam-queue-filter-on' : '')}
            onClick={() => setShowFilters(!showFilters)}
          >
            {filterCount ? `筛选(${filterCount})` : '筛选'}
          </View>
        </View>
      ) : null}
      <ScrollView scrollX className="xam-queue-tabs-scroll">
        <View className="xam-tabs xam-queue-tabs">
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
      </ScrollView>
      <View className="xam-muted xam-queue-hint">{TAB_HINTS[view]}</View>

      {showFilters ? (
        <View className="xam-card xam-queue-filters">
          <Select
            className="xam-filter-status"
            options={STATUS_OPTIONS}
            value={filters.status || 'any'}
            onChange={(v) => filterBy({ status: v === 'any' ? '' : v })}
          />
          <Select
            className="xam-filter-industry"
            options={INDUSTRY_OPTIONS}
            value={filters.industry || 'any'}
            onChange={(v) => filterBy({ industry: v === 'any' ? '' : v })}
          />
          <Select
            className="xam-filter-channel"
            options={CHANNEL_OPTIONS}
            value={filters.channel || 'any'}
            onChange={(v) => filterBy({ channel: v === 'any' ? '' : v })}
          />
          {districts.length ? (
            <Select
              className="xam-filter-area"
              options={districtOptions}
              value={filters.areaCode || 'any'}
              onChange={(v) => filterBy({ areaCode: v === 'any' ? '' : v })}
            />
          ) : null}
          {filterCount ? (
            <View className="xam-link xam-filter-clear" onClick={() => filterBy(NO_FILTERS)}>
              清除筛选
            </View>
          ) : null}
        </View>
      ) : null}

      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items !== null && items.length === 0 && !error ? <View className="xam-empty xam-queue-empty">暂无案件</View> : null}
      {(items || []).map((it) => {
        const due = deadlineOf(it, now)
        const reply = replyDueText(it, now)
        const tone = staffTone(
          it.status,
          due.late || it.card === 'red' || it.riskLevel === 'major' || it.riskLevel === 'severe' || !!it.supervisionOverdue,
        )
        return (
          <View
            key={it.id}
            className="xam-list-item xam-queue-item"
            data-id={it.id}
            data-case-no={it.caseNo}
            onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(it.id))}
          >
            <View className="xam-queue-top">
              <View className={'xam-queue-status xam-tone-' + tone} data-tone={tone}>
                {STATUS_LABELS[it.status] || it.status}
              </View>
              <CardTag card={it.card} />
              <RiskTag level={it.riskLevel} />
              <LeadTag channel={it.channel} externalRef={it.externalRef} />
              {it.supervisionOverdue ? (
                <View className="xam-tag xam-tag-red xam-queue-supervision-late">督办超期</View>
              ) : it.supervised ? (
                <View className="xam-tag xam-tag-red xam-queue-supervised">督办</View>
              ) : null}
              <View className="xam-queue-age">{ageOf(it.createdAt, now)}</View>
            </View>
            <View className="xam-queue-site">{it.siteName || '（未填项目）'}</View>
            <View className="xam-queue-line">
              <View className="xam-queue-amount">{formatFen(it.amountOwedFen)}</View>
              <View className="xam-queue-workers">{it.workerCount} 人</View>
            </View>
            {due.text ? <View className={'xam-queue-deadline' + (due.late ? ' xam-queue-late' : '')}>{due.text}</View> : null}
            {reply.text ? <View className={'xam-queue-reply-due' + (reply.late ? ' xam-queue-late' : '')}>{reply.text}</View> : null}
            {it.supervisionDueAt && !it.supervisionOverdue ? (
              <View className="xam-queue-supervision-due">督办期限 {beijingDate(it.supervisionDueAt)}</View>
            ) : null}
            {it.status === 'referred' && it.followUpDueAt ? (
              <View className={'xam-queue-follow-up' + (Date.parse(it.followUpDueAt) < now ? ' xam-queue-late' : '')}>
                移送跟进期限 {beijingDate(it.followUpDueAt)}
              </View>
            ) : null}
            <View className="xam-muted">
              {it.caseNo}
              {it.handler && me && me.dept && it.handler.id !== me.dept.id ? ' · ' + it.handler.name : ''}
              {it.assigneeName ? ' · 承办人 ' + it.assigneeName : ''}
            </View>
          </View>
        )
      })}
      {cursor ? (
        <Button size="large" block loading={loadingMore} className="xam-big-button xam-queue-more" onClick={more}>
          加载更多
        </Button>
      ) : null}
      {items && items.length > 0 && !cursor ? <View className="xam-muted xam-queue-end">没有更多了</View> : null}
    </View>
  )
}
