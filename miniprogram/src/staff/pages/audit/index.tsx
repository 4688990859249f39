import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { AuditItem } from '@shared/contract/adminAudit'
import { callApi, errorMessage } from '../../../api'
import { useLoadOnShow } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { formatDateTime } from '../../../utils/time'
import '../../styles.css'
import './index.css'

// Every change coordinators made in this area (units, rules, projects, settings, templates): who, when,
// and each field before and after. Newest first, a page at a time.

export default function Audit() {
  const [items, setItems] = useState<AuditItem[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useLoadOnShow(async () => {
    const page = await callApi('admin', 'audit.list', {})
    setItems(page.items)
    setNext(page.nextCursor)
  }, setError)

  const more = async () => {
    if (!next) return
    setBusy(true)
    try {
      const page = await callApi('admin', 'audit.list', { cursor: next })
      setItems((xs) => [...(xs || []), ...page.items])
      setNext(page.nextCursor)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-page xam-audit">
      <View className="xam-hint">本辖区单位、分派规则、项目、期限与设置、答复模板的每一次修改，谁改的、什么时候、改前改后。</View>
      <ErrorBanner message={error} />
      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items && items.length === 0 ? <View className="xam-empty">还没有修改记录</View> : null}
      {(items || []).map((e) => (
        <View key={e.id} className="xam-list-item xam-audit-entry" data-action={e.action}>
          <View className="xam-audit-top">
            <View className="xam-list-title xam-audit-action">
              {e.actionLabel}：{e.subject}
            </View>
          </View>
          <View className="xam-muted xam-audit-who">
            {e.actor} · {formatDateTime(e.at)}
          </View>
          {e.changes.length ? (
            <View className="xam-audit-changes">
              {e.changes.map((c, i) => (
                <View key={i} className="xam-audit-change">
                  <View className="xam-audit-field">{c.field}</View>
                  <View className="xam-audit-values">
                    <View className="xam-audit-before">{c.before || '（空）'}</View>
                    <View className="xam-audit-arrow">→</View>
                    <View className="xam-audit-after">{c.after || '（空）'}</View>
                  </View>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ))}
      {next ? (
        <Button size="large" block loading={busy} className="xam-big-button xam-audit-more" onClick={more}>
          更早的记录
        </Button>
      ) : null}
    </View>
  )
}
