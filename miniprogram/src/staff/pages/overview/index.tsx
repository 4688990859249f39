import { useState } from 'react'
import { statusesIn } from '@shared/statusMeta'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CHANNELS, INDUSTRIES, RISK_LEVELS, STATUSES } from '@shared/types'
import { CHANNEL_LABELS, formatFen, INDUSTRY_LABELS, RISK_LABELS, STATUS_LABELS } from '@shared/labels'
import { callApi } from '../../../api'
import { useLoadOnShow } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { go } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/time'
import { areaName, shortAreaName } from '../../lib/areas'
import { percent } from '../../lib/format'
import type { Overview } from '../../lib/types'
import { PeriodReport } from '../../components/PeriodReport'
import '../../styles.css'
import './index.css'

const WAITING = statusesIn('waiting')
const rate = (r: number | null) => (r === null ? '—' : Math.round(r * 100) + '%')
const OPEN = statusesIn('waiting', 'handling')

function Tile({ label, value, sub, className }: { label: string; value: string; sub?: string; className?: string }) {
  return (
    <View className={'xam-stat ' + (className || '')}>
      <View className="xam-stat-value">{value}</View>
      <View className="xam-stat-label">{label}</View>
      {sub ? <View className="xam-stat-sub">{sub}</View> : null}
    </View>
  )
}

function Table({ title, rows, className }: { title: string; rows: { label: string; count: number }[]; className: string }) {
  const shown = rows.filter((r) => r.count > 0)
  return (
    <View className={'xam-card ' + className}>
      <View className="xam-subtitle">{title}</View>
      {shown.length ? (
        <View className="xam-table">
          {shown.map((r) => (
            <View key={r.label} className="xam-table-row">
              <View>{r.label}</View>
              <View className="xam-table-num">{r.count}</View>
            </View>
          ))}
        </View>
      ) : (
        <View className="xam-muted">暂无</View>
      )}
    </View>
  )
}

export default function OverviewPage() {
  const [o, setO] = useState<Overview | null>(null)
  const [error, setError] = useState('')

  useLoadOnShow(async () => {
    setO(await callApi('staff', 'stats.overview', {}))
  }, setError)

  const count = (m: Record<string, number>, keys: readonly string[]) => keys.reduce((s, k) => s + (m[k] || 0), 0)

  return (
    <View className="xam-page xam-overview">
      <ErrorBanner message={error} />
      {!o && !error ? <View className="xam-empty">正在加载……</View> : null}
      {o ? (
        <View>
          {o.campaign ? (
            <View className="xam-card xam-campaign">
              <View className="xam-subtitle">专项行动</View>
              <View>
                {areaName(o.campaign.areaCode)}：{formatDateTime(o.campaign.endsAt)} 前办结全部案件
              </View>
              <View className="xam-campaign-open">尚有 {o.campaign.open} 件未办结</View>
            </View>
          ) : null}

          <View className="xam-stats">
            <Tile className="xam-stat-total" label="案件总数" value={String(o.total)} />
            <Tile className="xam-stat-open" label="未办结" value={String(count(o.byStatus, OPEN))} />
            <Tile className="xam-stat-yellow" label="黄牌" value={String(o.byCard.yellow || 0)} />
            <Tile className="xam-stat-red" label="红牌" value={String(o.byCard.red || 0)} />
            {o.figures ? (
              <>
                {/* Honest rates: cases never accepted (or still open) past their deadline count as late. */}
                <Tile
                  className={'xam-stat-accept' + (o.figures.allTime.notAcceptedOverdue ? ' xam-stat-red' : '')}
                  label="按期受理率"
                  value={rate(o.figures.allTime.acceptOnTimeRate)}
                  sub={'超期未受理 ' + o.figures.allTime.notAcceptedOverdue + ' 件，超期受理 ' + o.figures.allTime.acceptedLate + ' 件'}
                />
                <Tile
                  className="xam-stat-resolve"
                  label="按期解决率"
                  value={rate(o.figures.allTime.resolveOnTimeRate)}
                  sub={'超期未解决 ' + o.figures.allTime.notResolvedOverdue + ' 件'}
                />
                <Tile
                  className="xam-stat-owed"
                  label="被欠金额"
                  value={formatFen(o.figures.allTime.amountOwedFen)}
                  sub={'涉及 ' + o.figures.allTime.workers + ' 人'}
                />
                <Tile className="xam-stat-recovered" label="追回金额" value={formatFen(o.figures.allTime.amountRecoveredFen)} />
              </>
            ) : (
              <>
                <Tile
                  label="按期受理"
                  value={String(o.acceptedOnTime)}
                  sub={'占已受理 ' + percent(o.acceptedOnTime, o.total - count(o.byStatus, WAITING))}
                />
                <Tile label="按期办结" value={String(o.closedOnTime)} sub={'占已办结 ' + percent(o.closedOnTime, o.closed)} />
              </>
            )}
            <Tile
              label="平均办结天数"
              value={o.averageDaysToClose === null ? '—' : String(o.averageDaysToClose)}
              sub={'已办结 ' + o.closed + ' 件'}
            />
            <Tile label="工友满意度" value={o.satisfaction === null ? '—' : o.satisfaction + ' 星'} sub="满分 5 星" />
          </View>

          <PeriodReport />

          <Table
            title="按状态"
            className="xam-by-status"
            rows={STATUSES.map((s) => ({ label: STATUS_LABELS[s], count: o.byStatus[s] || 0 }))}
          />
          <Table
            title="按预警等级"
            className="xam-by-risk"
            rows={RISK_LEVELS.map((r) => ({ label: r === 'none' ? '无预警' : RISK_LABELS[r], count: o.byRisk[r] || 0 }))}
          />
          <Table
            title="按行业"
            className="xam-by-industry"
            rows={INDUSTRIES.map((i) => ({ label: INDUSTRY_LABELS[i], count: o.byIndustry[i] || 0 }))}
          />
          {o.byChannel ? (
            <Table
              title="按来源渠道"
              className="xam-by-channel"
              rows={CHANNELS.map((ch) => ({ label: CHANNEL_LABELS[ch], count: (o.byChannel || {})[ch] || 0 })).filter((r) => r.count > 0)}
            />
          ) : null}
          <Table
            title="按地区"
            className="xam-by-area"
            rows={Object.keys(o.byArea)
              .map((code) => ({ label: shortAreaName(code), count: o.byArea[code] }))
              .sort((a, b) => b.count - a.count)}
          />

          <View className="xam-button-row">
            <Button size="large" className="xam-open-alerts" onClick={() => go('/staff/pages/alerts/index')}>
              即时报告
            </Button>
            <Button size="large" className="xam-open-ledger" onClick={() => go('/staff/pages/ledger/index')}>
              导出台账
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
