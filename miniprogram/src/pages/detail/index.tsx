import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintView } from '@shared/types'
import { STATUS_HINTS, STATUS_LABELS, formatFen } from '@shared/labels'
import { callApi, errorMessage } from '../../api'
import { CardTag } from '../../components/CardTag'
import { ErrorBanner } from '../../components/ErrorBanner'
import { InfoRow } from '../../components/InfoRow'
import { Timeline } from '../../components/Timeline'
import { param } from '../../utils/nav'
import { formatDateTime, formatMonth } from '../../utils/time'
import { WorkerActions } from './WorkerActions'
import './index.css'

export default function Detail() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<ComplaintView | null>(null)
  const [error, setError] = useState('')

  const load = async () => {
    if (!id) {
      setError('没有找到这条投诉')
      return
    }
    try {
      setC(await callApi<ComplaintView>('worker', 'complaint.get', { id }))
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  // Load on every show, including the first and coming back from another page.
  useDidShow(() => {
    load()
  })
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className="xam-page xam-detail">
      <ErrorBanner message={error} />
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {!c && error ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c ? (
        <View>
          <View className="xam-card xam-detail-head">
            <View className="xam-status" data-status={c.status}>
              {STATUS_LABELS[c.status] || c.status}
              <CardTag card={c.card} />
            </View>
            <View className="xam-status-hint">{STATUS_HINTS[c.status] || ''}</View>
            <View className="xam-muted">
              案件编号 <View className="xam-detail-case-no">{c.caseNo}</View>
            </View>
          </View>

          <WorkerActions id={c.id} allowed={c.allowedActions || []} onDone={load} />

          <View className="xam-card">
            <InfoRow label="项目">{c.projectName}</InfoRow>
            <InfoRow label="用工单位">{c.employerName}</InfoRow>
            <InfoRow label="欠的钱" className="xam-detail-amount">
              {formatFen(c.amountOwedFen)}
            </InfoRow>
            <InfoRow label="开始欠">{formatMonth(c.owedSince)}</InfoRow>
            <InfoRow label="人数">{c.workerCount} 人</InfoRow>
            {c.amountRecoveredFen !== null && c.amountRecoveredFen !== undefined ? (
              <InfoRow label="已追回" className="xam-detail-recovered">
                {formatFen(c.amountRecoveredFen)}
              </InfoRow>
            ) : null}
            <InfoRow label="负责单位" className="xam-handler">
              {c.handler ? c.handler.name : ''}
            </InfoRow>
            {c.acceptDueAt && (c.status === 'registered' || c.status === 'routed' || c.status === 'returned') ? (
              <InfoRow label="最迟受理">{formatDateTime(c.acceptDueAt)}</InfoRow>
            ) : null}
            {c.resolveDueAt ? <InfoRow label="最迟办结">{formatDateTime(c.resolveDueAt)}</InfoRow> : null}
          </View>

          <View className="xam-card xam-timeline-box">
            <View className="xam-subtitle">办理经过</View>
            <Timeline items={c.timeline || []} />
          </View>
        </View>
      ) : null}
    </View>
  )
}
