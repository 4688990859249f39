import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintView } from '@shared/types'
import { STATUS_HINTS, WORKER_STATUS_LABELS, formatFen } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { casePhotoUrls } from '../../api/upload'
import { CallUnit } from '../../components/CallUnit'
import { CardTag } from '../../components/CardTag'
import { LateNotice } from '../../components/LateNotice'
import { NotifyMe } from '../../components/NotifyMe'
import { StepBar } from '../../components/StepBar'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ServiceFooter } from '../../components/ServiceHeader'
import { InfoRow } from '../../components/InfoRow'
import { Timeline } from '../../components/Timeline'
import { go, param } from '../../utils/nav'
import { previewPhotos } from '../../utils/preview'
import { badgeClass } from '../../utils/status'
import { formatMonth } from '../../utils/time'
import { WorkerActions } from './WorkerActions'
import '../../components/worker.css'
import './index.css'

export default function Detail() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<ComplaintView | null>(null)
  const [error, setError] = useState('')
  /** A browser whose session ran out (or never was): sign in on 我的投诉 first. */
  const [signedOut, setSignedOut] = useState(false)

  const load = async () => {
    if (!id) {
      setError('没有找到这条投诉')
      return
    }
    try {
      setC(await callApi('worker', 'complaint.get', { id }))
      setError('')
      setSignedOut(false)
    } catch (e) {
      setSignedOut(isApiCallError(e) && e.code === 'UNAUTHENTICATED')
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
    <View className="xam-page xam-w xam-detail">
      <ErrorBanner message={error} />
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {!c && error && signedOut ? (
        <Button type="primary" size="xlarge" block className="xam-big-button xam-go-sign-in" onClick={() => go('/pages/mine/index')}>
          用手机号登录后查看
        </Button>
      ) : null}
      {!c && error && !signedOut ? (
        <Button type="primary" size="xlarge" block className="xam-big-button xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c ? (
        <View>
          <View className="xam-card xam-detail-head">
            <View className="xam-status" data-status={c.status}>
              <View className={badgeClass(c.status) + ' xam-detail-badge'}>{WORKER_STATUS_LABELS[c.status] || c.status}</View>
              <CardTag card={c.card} explain />
            </View>
            {STATUS_HINTS[c.status] && STATUS_HINTS[c.status] !== WORKER_STATUS_LABELS[c.status] ? (
              <View className="xam-status-hint">{STATUS_HINTS[c.status]}</View>
            ) : null}
            <View className="xam-muted">
              案件编号 <View className="xam-detail-case-no">{c.caseNo}</View>
            </View>
          </View>

          <StepBar steps={c.steps || []} />
          <LateNotice late={c.late} />
          {c.transferredTo ? (
            <View className="xam-card xam-transferred" data-to={c.transferredTo.name}>
              <InfoRow label="已转到">{c.transferredTo.name}</InfoRow>
              {c.transferredTo.phone ? null : <View className="xam-muted">对方电话暂不知道，可拨打12333咨询</View>}
            </View>
          ) : null}
          {c.transferredTo && c.transferredTo.phone ? (
            <CallUnit unit={{ id: '', name: c.transferredTo.name, phone: c.transferredTo.phone }} />
          ) : (
            <CallUnit unit={c.handler} />
          )}

          <WorkerActions
            id={c.id}
            allowed={c.allowedActions || []}
            remindedAt={c.remindedAt}
            amountRecoveredFen={c.amountRecoveredFen}
            timeline={c.timeline}
            onDone={load}
          />
          {c.status !== 'closed' && c.status !== 'transferred_out' ? <NotifyMe /> : null}

          <View className="xam-card">
            <InfoRow label="项目">{c.projectName}</InfoRow>
            {c.employerName ? <InfoRow label="用工单位">{c.employerName}</InfoRow> : null}
            <InfoRow label="欠的钱" className="xam-detail-amount">
              {formatFen(c.amountOwedFen)}
            </InfoRow>
            {c.complainants && c.complainants.length > 1 && typeof c.myAmountOwedFen === 'number' ? (
              <InfoRow label="其中欠您的" className="xam-detail-my-amount">
                {formatFen(c.myAmountOwedFen)}
              </InfoRow>
            ) : null}
            <InfoRow label="开始欠">{formatMonth(c.owedSince)}</InfoRow>
            <InfoRow label="人数">{c.workerCount} 人</InfoRow>
            {c.advancedFen ? (
              <InfoRow label="已先行垫付" className="xam-detail-advanced">
                {formatFen(c.advancedFen)}
              </InfoRow>
            ) : null}
            {c.amountRecoveredFen !== null && c.amountRecoveredFen !== undefined ? (
              <InfoRow label="已追回" className="xam-detail-recovered">
                {formatFen(c.amountRecoveredFen)}
              </InfoRow>
            ) : null}
            <InfoRow label="负责单位" className="xam-handler">
              {c.handler ? c.handler.name : ''}
            </InfoRow>
            {c.rating ? (
              <InfoRow label="您的评分">
                {'★'.repeat(c.rating) + '☆'.repeat(Math.max(0, 5 - c.rating))} {c.rating}分
              </InfoRow>
            ) : null}
          </View>

          {c.photos && c.photos.length ? (
            <View className="xam-card xam-detail-photos">
              <View className="xam-subtitle">交上去的照片（{c.photos.length}张）</View>
              <View className="xam-photo-grid">
                {casePhotoUrls(c).map((src, i, all) => (
                  <View key={c.photos[i]} className="xam-photo">
                    <Image className="xam-photo-img" src={src} mode="aspectFill" onClick={() => previewPhotos(src, all)} />
                  </View>
                ))}
              </View>
            </View>
          ) : null}

          <View className="xam-card xam-timeline-box">
            <View className="xam-subtitle">办理经过</View>
            <Timeline items={c.timeline || []} />
          </View>
        </View>
      ) : null}
      <ServiceFooter areaCode={c ? c.areaCode : undefined} />
    </View>
  )
}
