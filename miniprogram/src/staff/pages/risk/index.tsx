// The risk picture of the coordinator's area (issue 17, point 3): per district or industry the open cases,
// workers, amount owed, highest risk level and cards, worst first, each row coloured by its level.
import { useState } from 'react'
import { View } from '@tarojs/components'
import { RISK_LABELS } from '@shared/labels'
import type { RiskAreas, RiskGroup } from '@shared/contract'
import { callApi } from '../../../api'
import { errorMessage } from '../../../api/errors'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { useLoadOnShow } from '../../lib/useLoad'
import '../../styles.css'
import './index.css'

const GROUPS: { value: RiskGroup; label: string }[] = [
  { value: 'district', label: '按地区' },
  { value: 'industry', label: '按行业' },
]

/** 12,345 元 → '1.2万' for a narrow column; small amounts in 元. */
function wan(fen: number): string {
  const yuan = fen / 100
  return yuan >= 10000 ? (Math.round(yuan / 1000) / 10).toString() + '万' : Math.round(yuan).toString()
}

export default function Risk() {
  const [group, setGroup] = useState<RiskGroup>('district')
  const [data, setData] = useState<RiskAreas | null>(null)
  const [error, setError] = useState('')

  const load = async (by: RiskGroup) => {
    setData(await callApi('staff', 'risk.districts', { groupBy: by }))
  }
  useLoadOnShow(() => load(group), setError)

  const choose = (by: RiskGroup) => {
    setGroup(by)
    setError('')
    load(by).catch((e) => setError(errorMessage(e)))
  }

  const rows = data && data.groupBy === group ? data.rows : null
  return (
    <View className="xam-page xam-risk">
      <View className="xam-hint">未办结案件按{group === 'district' ? '地区' : '行业'}汇总，风险最高、红牌最多的排在前面。</View>
      <View className="xam-chips">
        {GROUPS.map((g) => (
          <View
            key={g.value}
            className={'xam-chip xam-risk-by-' + g.value + (g.value === group ? ' xam-chip-on' : '')}
            onClick={() => choose(g.value)}
          >
            {g.label}
          </View>
        ))}
      </View>
      <ErrorBanner message={error} />
      {rows === null && !error ? <View className="xam-empty">正在统计……</View> : null}
      {rows && rows.length === 0 ? <View className="xam-empty">辖区内没有未办结的案件</View> : null}
      {rows && rows.length ? (
        <View className="xam-card xam-risk-table">
          <View className="xam-risk-row xam-risk-head">
            <View className="xam-risk-name">{group === 'district' ? '地区' : '行业'}</View>
            <View className="xam-risk-num">案件</View>
            <View className="xam-risk-num">人数</View>
            <View className="xam-risk-num">欠薪(元)</View>
            <View className="xam-risk-level">风险</View>
            <View className="xam-risk-num">红牌</View>
          </View>
          {rows.map((r) => (
            <View key={r.key} className={'xam-risk-row xam-risk-line xam-risk-' + r.level} data-key={r.key}>
              <View className="xam-risk-name">{r.name}</View>
              <View className="xam-risk-num">{r.openCases}</View>
              <View className="xam-risk-num">{r.workers}</View>
              <View className="xam-risk-num">{wan(r.owedFen)}</View>
              <View className="xam-risk-level">{RISK_LABELS[r.level]}</View>
              <View className={'xam-risk-num' + (r.redCards ? ' xam-risk-red' : '')}>{r.redCards}</View>
            </View>
          ))}
          <View className="xam-risk-row xam-risk-total">
            <View className="xam-risk-name">合计</View>
            <View className="xam-risk-num">{data!.totals.openCases}</View>
            <View className="xam-risk-num">{data!.totals.workers}</View>
            <View className="xam-risk-num">{wan(data!.totals.owedFen)}</View>
            <View className="xam-risk-level">{RISK_LABELS[data!.totals.level]}</View>
            <View className="xam-risk-num">{data!.totals.redCards}</View>
          </View>
        </View>
      ) : null}
      <View className="xam-muted xam-risk-legend">
        颜色：<View className="xam-risk-chip xam-risk-severe">重大</View>
        <View className="xam-risk-chip xam-risk-major">较大</View>
        <View className="xam-risk-chip xam-risk-general">一般</View>
        <View className="xam-risk-chip xam-risk-none">无</View>
      </View>
    </View>
  )
}
