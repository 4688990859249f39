import { useState } from 'react'
import { View } from '@tarojs/components'
import { formatSiteCode } from '@shared/validators/siteCode'
import { callApi } from '../../../api'
import { useLoadOnShow } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { go } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/time'
import { areaName } from '../../lib/areas'
import type { AlertItem } from '../../lib/types'
import '../../styles.css'
import './index.css'

const TRIGGERS: Record<string, string> = {
  severe: '风险等级重大',
  workers: '涉及人数多',
  months: '欠薪时间长',
  months_alone: '欠薪两个月以上',
  repeat_employer: '同一单位多次被投诉',
  boss_unreachable: '老板联系不上',
}

/** A trigger's name; a surge's key carries its hour ('surge:2026-11-18T09'). */
const triggerLabel = (t: string) => (t.startsWith('surge:') ? '群体性欠薪苗头' : TRIGGERS[t] || t)

/** 'site:AB3XK7M' → '项目 AB3-XK7M'; 'uscc:…' → '用人单位'; 'name:某公司' → '用人单位 某公司'. */
function subjectLabel(subject: string): string {
  const at = subject.indexOf(':')
  const kind = at > 0 ? subject.slice(0, at) : ''
  const rest = at > 0 ? subject.slice(at + 1) : subject
  if (kind === 'site') return '项目 ' + formatSiteCode(rest)
  if (kind === 'uscc') return '用人单位'
  return '用人单位 ' + rest
}

export default function Alerts() {
  const [items, setItems] = useState<AlertItem[] | null>(null)
  const [error, setError] = useState('')

  useLoadOnShow(async () => {
    setItems((await callApi('staff', 'alerts.list', {})).items || [])
  }, setError)

  return (
    <View className="xam-page xam-alerts">
      <View className="xam-hint">
        达到即时报告条件（人数多、欠薪久、老板失联、同一单位多次被投诉、一个项目短时间大量投诉等）时自动生成，最新的在前。
      </View>
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items && items.length === 0 ? <View className="xam-empty">暂无即时报告</View> : null}
      {(items || []).map((a) => (
        <View key={a.id} className="xam-list-item xam-alert" data-trigger={a.trigger}>
          <View className="xam-alert-top">
            <View className="xam-tag xam-tag-red xam-alert-trigger">{triggerLabel(a.trigger)}</View>
            <View className="xam-muted">{formatDateTime(a.createdAt)}</View>
          </View>
          <View className="xam-list-title xam-alert-subject">{subjectLabel(a.subject)}</View>
          <View className="xam-alert-note">{a.note}</View>
          <View className="xam-muted">{areaName(a.areaCode)}</View>
          {a.complaintIds && a.complaintIds.length ? (
            <View className="xam-small-button-row">
              {a.complaintIds.map((cid, i) => (
                <View
                  key={cid}
                  className="xam-link xam-alert-case"
                  onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(cid))}
                >
                  案件{a.complaintIds.length > 1 ? i + 1 : ''} ›
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  )
}
