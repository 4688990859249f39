import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintView } from '@shared/types'
import { STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { InfoRow } from '../../components/InfoRow'
import { goHome, param } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import './index.css'

export default function Receipt() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<ComplaintView | null>(null)
  const [error, setError] = useState('')

  const load = async () => {
    setError('')
    try {
      setC(await callApi<ComplaintView>('worker', 'complaint.get', { id }))
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

  return (
    <View className="xam-page xam-receipt">
      <ErrorBanner message={error} />
      {error && id ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c ? (
        <View>
          <View className="xam-card xam-receipt-head">
            <View className="xam-receipt-ok">投诉已提交</View>
            <View className="xam-muted">请记下案件编号，以后查进度用得上</View>
            <View className="xam-receipt-label">案件编号</View>
            <View className="xam-case-no">{c.caseNo}</View>
          </View>

          <View className="xam-card">
            <InfoRow label="现在状态" className="xam-status-text">
              {STATUS_LABELS[c.status] || c.status}
            </InfoRow>
            <InfoRow label="负责单位" className="xam-handler">
              {c.handler ? c.handler.name : ''}
            </InfoRow>
            {c.firstResponder && c.handler && c.firstResponder.id !== c.handler.id ? (
              <InfoRow label="首问单位" className="xam-first-responder">
                {c.firstResponder.name}
              </InfoRow>
            ) : null}
            <InfoRow label="最迟答复" className="xam-accept-due">
              {c.acceptDueAt ? formatDateTime(c.acceptDueAt) : '负责单位将尽快确定答复时间'}
            </InfoRow>
          </View>

          <View className="xam-card xam-next">
            <View className="xam-subtitle">接下来会怎样</View>
            <View className="xam-next-line">1. 负责单位会在上面的时间前受理，可能会打电话向您了解情况。</View>
            <View className="xam-next-line">2. 每一步进展都会写在“我的投诉”里，您随时可以看。</View>
            <View className="xam-next-line">3. 工资拿到后，请回来点“确认已拿到工资”；没拿到可以提出异议。</View>
          </View>

          <Button type="primary" size="xlarge" block className="xam-big-button xam-open-detail" onClick={openDetail}>
            查看进度
          </Button>
          <Button size="large" block className="xam-big-button xam-go-home" onClick={goHome}>
            返回首页
          </Button>
        </View>
      ) : null}
    </View>
  )
}
