import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ComplaintView } from '@shared/types'
import { STATUS_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { CardTag } from '../../../components/CardTag'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { Timeline } from '../../../components/Timeline'
import { param } from '../../../utils/nav'
import { CaseFacts } from '../../components/CaseFacts'
import { StaffActions } from '../../components/StaffActions'
import './index.css'

const CONFLICT_MESSAGE = '案件已被他人更新，已为您刷新'

export default function Case() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<ComplaintView | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})

  const load = async (): Promise<void> => {
    if (!id) {
      setError('没有找到这个案件')
      return
    }
    try {
      setC(await callApi<ComplaintView>('staff', 'complaint.get', { id }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const run = async (action: string, data: object): Promise<boolean> => {
    if (!c || busy) return false
    setBusy(action)
    setError('')
    setErrors({})
    try {
      await callApi('staff', action, { id: c.id, version: c.version, ...data })
      Taro.showToast({ title: '已保存', icon: 'success' })
      await load()
      return true
    } catch (e) {
      if (isApiCallError(e) && e.code === 'CONFLICT') {
        setError(CONFLICT_MESSAGE)
        await load()
      } else {
        if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
        setError(errorMessage(e))
      }
      return false
    } finally {
      setBusy('')
    }
  }

  useDidShow(() => {
    load()
  })
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className="xam-page xam-case">
      <ErrorBanner message={error} />
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {!c && error ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c ? (
        <View>
          <View className="xam-card xam-case-head">
            <View className="xam-status" data-status={c.status}>
              {STATUS_LABELS[c.status] || c.status}
              <CardTag card={c.card} />
            </View>
            <View className="xam-muted">
              案件编号 <View className="xam-case-head-no">{c.caseNo}</View>
            </View>
          </View>

          <StaffActions
            key={c.id}
            allowed={c.allowedActions || []}
            busy={busy}
            errors={errors}
            run={run}
            setErrors={setErrors}
          />

          <CaseFacts c={c} />

          <View className="xam-card xam-timeline-box">
            <View className="xam-subtitle">办理经过（台账）</View>
            <Timeline items={c.timeline || []} showVisibility />
          </View>
        </View>
      ) : null}
    </View>
  )
}
