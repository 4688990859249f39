import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintView } from '@shared/types'
import { STATUS_HINTS, WORKER_STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage } from '../../api'
import { CallUnit } from '../../components/CallUnit'
import { LateNotice } from '../../components/LateNotice'
import { NotifyMe } from '../../components/NotifyMe'
import { StepBar } from '../../components/StepBar'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ServiceFooter } from '../../components/ServiceHeader'
import { InfoRow } from '../../components/InfoRow'
import { goHome, param } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import '../../components/worker.css'
import './index.css'

export default function Receipt() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<ComplaintView | null>(null)
  const [error, setError] = useState('')
  const subscribed = param(router.params, 'sub') === '1'

  const load = async () => {
    setError('')
    try {
      setC(await callApi('worker', 'complaint.get', { id }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  useEffect(() => {
    if (id) load()
    else setError('没有找到这条投诉')
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  const openDetail = () => {
    Taro.redirectTo({ url: '/pages/detail/index?id=' + encodeURIComponent(id) })
  }

  const copyCaseNo = () => {
    if (c) Taro.setClipboardData({ data: c.caseNo }).catch(() => undefined)
  }

  return (
    <View className="xam-page xam-w xam-receipt">
      <ErrorBanner message={error} />
      {error && id ? (
        <Button type="primary" size="xlarge" block className="xam-big-button xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {c ? (
        <View>
          <View className="xam-card xam-receipt-head">
            <View className="xam-receipt-ok">✓ 投诉已经交上去了</View>
            <View className="xam-receipt-caption">案件编号</View>
            <View className="xam-case-no">{c.caseNo}</View>
            <View className="xam-muted">请记下或截图保存，以后查进度、打电话问都用得上</View>
            <Button size="large" className="xam-copy-case-no" onClick={copyCaseNo}>
              复制编号
            </Button>
          </View>

          <StepBar steps={c.steps || []} />
          <LateNotice late={c.late} />

          <View className="xam-card">
            <InfoRow label="现在" className="xam-status-text">
              {STATUS_HINTS[c.status] || WORKER_STATUS_LABELS[c.status] || c.status}
            </InfoRow>
            <InfoRow label="谁负责" className="xam-handler">
              {c.handler ? c.handler.name : ''}
            </InfoRow>
            {c.firstResponder && c.handler && c.firstResponder.id !== c.handler.id ? (
              <InfoRow label="首问单位" className="xam-first-responder">
                {c.firstResponder.name}（先接手，负责到底）
              </InfoRow>
            ) : null}
            <InfoRow label="最晚答复" className="xam-accept-due">
              {c.acceptDueAt ? formatDateTime(c.acceptDueAt) : '负责单位会尽快答复'}
            </InfoRow>
          </View>

          <CallUnit unit={c.handler} />

          <View className="xam-card xam-next">
            <View className="xam-subtitle">接下来会怎样</View>
            <View className="xam-next-line">1. 负责单位最晚在上面的时间前受理，可能会打电话向您了解情况，请留意来电。</View>
            <View className="xam-next-line">2. 每一步进展都会写在“我的投诉”里，随时可以看。</View>
            <View className="xam-next-line">3. 拿到工资后，请回来点“确认已拿到工资”；没拿到可以提出异议，会重新处理。</View>
          </View>

          {/* A second chance to allow progress messages (WeChat only asks from a tap). */}
          <NotifyMe initiallyAsked={subscribed} />
          <Button type="primary" size="xlarge" block className="xam-big-button xam-open-detail" onClick={openDetail}>
            查看进度
          </Button>
          <Button size="large" block className="xam-big-button xam-go-home" onClick={goHome}>
            返回首页
          </Button>
        </View>
      ) : null}
      <ServiceFooter areaCode={c ? c.areaCode : undefined} />
    </View>
  )
}
