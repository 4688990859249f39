// The risk register (风险台账, issue 16 point 3): the sites and employers with open cases the official may
// see (a coordinator's area; a department's own cases), with level, open cases, workers, months owed,
// amount owed and what the level comes from; filtered by level, more on request.
import { useState } from 'react'
import { Button, View } from '@tarojs/components'
import { RISK_LABELS, formatFen } from '@shared/labels'
import type { RiskRegisterItem } from '@shared/contract'
import type { RiskLevel } from '@shared/types'
import { callApi } from '../../../api'
import { errorMessage } from '../../../api/errors'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { useLoadOnShow } from '../../lib/useLoad'
import '../../styles.css'
import './index.css'

const LEVELS: { value: RiskLevel | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'severe', label: RISK_LABELS.severe },
  { value: 'major', label: RISK_LABELS.major },
  { value: 'general', label: RISK_LABELS.general },
]

export default function Register() {
  const [level, setLevel] = useState<RiskLevel | 'all'>('all')
  const [items, setItems] = useState<RiskRegisterItem[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const page = (at: RiskLevel | 'all', after: string | null) =>
    callApi('staff', 'risk.list', { ...(at === 'all' ? {} : { level: at }), ...(after ? { cursor: after } : {}) })

  const load = async (at: RiskLevel | 'all') => {
    const p = await page(at, null)
    setItems(p.items)
    setCursor(p.nextCursor)
  }
  useLoadOnShow(() => load(level), setError)

  const choose = (at: RiskLevel | 'all') => {
    setLevel(at)
    setItems(null)
    setError('')
    load(at).catch((e) => setError(errorMessage(e)))
  }

  const more = async () => {
    if (!cursor || busy) return
    setBusy(true)
    try {
      const p = await page(level, cursor)
      setItems((had) => [...(had ?? []), ...p.items])
      setCursor(p.nextCursor)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-page xam-register">
      <View className="xam-hint">有未办结案件的项目和用人单位，风险等级随案件办结自动调整。</View>
      <View className="xam-reg-levels">
        {LEVELS.map((l) => (
          <View
            key={l.value}
            className={'xam-reg-level xam-reg-by-' + l.value + (l.value === level ? ' xam-reg-level-on' : '')}
            onClick={() => choose(l.value)}
          >
            {l.label}
          </View>
        ))}
      </View>
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在读取……</View> : null}
      {items && items.length === 0 ? <View className="xam-empty">没有符合条件的项目或用人单位</View> : null}
      {(items ?? []).map((r) => (
        <View key={r.subject} className="xam-card xam-reg-item" data-subject={r.subject}>
          <View className="xam-reg-title">
            <View className="xam-reg-name">
              {r.kind === 'site' ? '项目' : '用人单位'}：{r.name}
            </View>
            <View className={'xam-reg-tag xam-reg-' + r.level}>{RISK_LABELS[r.level]}</View>
          </View>
          <View className="xam-reg-facts">
            未办结{r.openCases}件，涉及{r.workers}人，欠薪{r.monthsOwed}个月，共{formatFen(r.amountOwedFen)}
          </View>
          {r.trigger ? <View className="xam-reg-why">原因：{r.trigger}</View> : null}
        </View>
      ))}
      {cursor ? (
        <Button className="xam-reg-more" loading={busy} onClick={more}>
          加载更多
        </Button>
      ) : null}
    </View>
  )
}
