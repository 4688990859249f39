import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnShow } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { go } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/time'
import { areaName } from '../../lib/areas'
import type { AlertItem } from '../../lib/types'
import '../../styles.css'
import './index.css'

// Immediate reports (即时报告) as the coordinator works them: what it is about by name, the cases by
// number, how often it was raised that day, and whether it was read or handled (with what was done).

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

type Filter = 'new' | 'read' | 'handled' | 'all'
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'new', label: '未读' },
  { value: 'read', label: '已读' },
  { value: 'handled', label: '已处理' },
  { value: 'all', label: '全部' },
]
const STATE_LABELS: Record<AlertItem['state'], string> = { new: '未读', read: '已读', handled: '已处理' }

export default function Alerts() {
  const [filter, setFilter] = useState<Filter>('new')
  const [items, setItems] = useState<AlertItem[] | null>(null)
  const [error, setError] = useState('')
  /** The alert whose note is being written, and the note. */
  const [noting, setNoting] = useState('')
  const [note, setNote] = useState('')
  const [noteError, setNoteError] = useState('')
  const [busy, setBusy] = useState('')

  const load = async (f: Filter) => {
    setItems((await callApi('staff', 'alerts.list', { state: f })).items || [])
  }
  useLoadOnShow(() => load(filter), setError)

  const choose = (f: Filter) => {
    setFilter(f)
    setItems(null)
    setError('')
    load(f).catch((e) => setError(errorMessage(e)))
  }

  const ack = async (a: AlertItem, withNote: boolean) => {
    if (withNote && !note.trim()) {
      setNoteError('请填写处理情况')
      return
    }
    setBusy(a.id)
    setError('')
    setNoteError('')
    try {
      const done = await callApi('staff', 'alerts.ack', withNote ? { id: a.id, note: note.trim() } : { id: a.id })
      // Stays in the list it is shown in only if it still matches the filter.
      setItems((xs) => (xs || []).flatMap((x) => (x.id !== a.id ? [x] : filter === 'all' || filter === done.state ? [done] : [])))
      setNoting('')
      setNote('')
      Taro.showToast({ title: withNote ? '已标记为已处理' : '已标记为已读', icon: 'success' })
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION' && e.fields.note) setNoteError(e.fields.note)
      else setError(errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  return (
    <View className="xam-page xam-alerts">
      <View className="xam-hint">
        达到即时报告条件（人数多、欠薪久、老板失联、同一单位多次被投诉、一个项目短时间大量投诉等）时自动生成，同一项目或单位一天内的多次提醒合并为一条。
      </View>
      <View className="xam-segment xam-alert-filter">
        {FILTERS.map((f) => (
          <View
            key={f.value}
            className={'xam-segment-item xam-alert-filter-' + f.value + (f.value === filter ? ' xam-segment-active' : '')}
            onClick={() => choose(f.value)}
          >
            {f.label}
          </View>
        ))}
      </View>
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items && items.length === 0 ? <View className="xam-empty">{filter === 'new' ? '没有未读的即时报告' : '暂无即时报告'}</View> : null}
      {(items || []).map((a) => (
        <View key={a.id} className={'xam-list-item xam-alert xam-alert-' + a.state} data-trigger={a.trigger} data-id={a.id}>
          <View className="xam-alert-top">
            <View className="xam-tag xam-tag-red xam-alert-trigger">{triggerLabel(a.trigger)}</View>
            <View className={'xam-alert-state xam-alert-state-' + a.state}>{STATE_LABELS[a.state]}</View>
          </View>
          <View className="xam-list-title xam-alert-title">
            {a.kind === 'site' ? '项目：' : '用人单位：'}
            {a.title}
          </View>
          <View className="xam-alert-note">{a.note}</View>
          <View className="xam-muted">
            {areaName(a.areaCode)} · {formatDateTime(a.createdAt)}
            {a.count > 1 ? <View className="xam-alert-count"> · 当天共提醒{a.count}次</View> : null}
          </View>
          {a.cases.length ? (
            <View className="xam-small-button-row xam-alert-cases">
              {a.cases.map((c) => (
                <View
                  key={c.id}
                  className="xam-link xam-alert-case"
                  onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(c.id))}
                >
                  {c.caseNo} ›
                </View>
              ))}
              {a.complaintIds.length > a.cases.length ? <View className="xam-muted">等{a.complaintIds.length}件</View> : null}
            </View>
          ) : null}
          {a.state !== 'new' ? (
            <View className="xam-alert-ack">
              {a.state === 'handled' ? `处理情况：${a.ackNote}` : '已读'}（{a.ackBy}
              {a.ackAt ? '，' + formatDateTime(a.ackAt) : ''}）
            </View>
          ) : null}
          {noting === a.id ? (
            <View className="xam-alert-note-form">
              <View className="xam-label">处理情况（例如：已约谈总包单位，承诺月底前支付）</View>
              <TextArea className="xam-textarea xam-alert-note-input" value={note} maxLength={2000} rows={3} onChange={setNote} />
              <FieldError name="note" message={noteError} />
              <View className="xam-small-button-row">
                <Button type="primary" className="xam-alert-save" loading={busy === a.id} onClick={() => ack(a, true)}>
                  保存处理情况
                </Button>
                <Button className="xam-alert-cancel" onClick={() => setNoting('')}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="xam-small-button-row">
              {a.state === 'new' ? (
                <Button className="xam-alert-read" loading={busy === a.id} onClick={() => ack(a, false)}>
                  标为已读
                </Button>
              ) : null}
              {a.state !== 'handled' ? (
                <Button
                  type="primary"
                  className="xam-alert-handle"
                  onClick={() => {
                    setNoting(a.id)
                    setNote('')
                    setNoteError('')
                  }}
                >
                  填写处理情况
                </Button>
              ) : null}
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
