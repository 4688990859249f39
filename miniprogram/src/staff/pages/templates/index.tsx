import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnOpen } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { Select } from '../../components/Select'
import type { Input as ApiInput } from '@shared/contract'
import { ACTION_LABELS, TEMPLATE_ACTIONS, type TemplateAction } from '@shared/labels'
import { itemsOf } from '../../lib/api'
import { areaContains } from '../../lib/scope'
import type { TemplateItem } from '../../lib/types'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

interface Draft {
  id: string
  action: string
  title: string
  text: string
}

const EMPTY: Draft = { id: '', action: '', title: '', text: '' }

export default function Templates() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [items, setItems] = useState<TemplateItem[] | null>(null)
  const [error, setError] = useState('')
  const [draft, setDraft] = useState<Draft | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const load = useLoadOnOpen(async () => {
    setItems(itemsOf(await callApi('staff', 'template.list', {})))
  }, setError)

  const edit = (d: Draft) => {
    setDraft(d)
    setErrors({})
    Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
  }

  const save = async () => {
    if (!draft) return
    const local: Record<string, string> = {}
    if (!draft.action) local.action = '请选择用于哪个操作'
    if (!draft.title.trim()) local.title = '请填写标题，如“已约谈”'
    if (!draft.text.trim()) local.text = '请填写内容'
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    setError('')
    try {
      const data: ApiInput<'admin', 'template.set'> = {
        action: draft.action as TemplateAction,
        title: draft.title.trim(),
        text: draft.text.trim(),
      }
      if (draft.id) data.id = draft.id
      await callApi('admin', 'template.set', data)
      Taro.showToast({ title: '已保存', icon: 'success' })
      setDraft(null)
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const remove = async (t: TemplateItem) => {
    const ok = await Taro.showModal({ title: '删除模板', content: `删除“${t.title}”？`, confirmText: '删除' })
    if (!ok.confirm) return
    setError('')
    try {
      await callApi('admin', 'template.delete', { id: t.id })
      Taro.showToast({ title: '已删除', icon: 'success' })
      await load()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const editable = (t: TemplateItem) => !t.areaCode || !area || areaContains(area, t.areaCode)

  return (
    <View className="xam-page xam-templates">
      <ErrorBanner message={meError || error} />
      <View className="xam-hint">办理人员填写进展、办结等说明时，可以一键套用这些常用答复，再按实际情况修改。</View>

      {draft ? (
        <View className="xam-card xam-template-form">
          <View className="xam-subtitle">{draft.id ? '修改模板' : '新增模板'}</View>
          <Select
            className="xam-template-action"
            options={TEMPLATE_ACTIONS.map((a) => ({ value: a, label: '用于：' + ACTION_LABELS[a] }))}
            value={draft.action}
            placeholder="用于哪个操作"
            onChange={(v) => setDraft({ ...draft, action: v })}
          />
          <FieldError name="action" message={errors.action} />
          <Input
            className="xam-input xam-template-title"
            placeholder="标题（选择时显示），如 已约谈"
            value={draft.title}
            maxLength={30}
            onChange={(v) => setDraft({ ...draft, title: v })}
          />
          <FieldError name="title" message={errors.title} />
          <TextArea
            className="xam-textarea xam-template-text xam-gap"
            placeholder="内容"
            value={draft.text}
            maxLength={1000}
            rows={4}
            onChange={(v) => setDraft({ ...draft, text: v })}
          />
          <FieldError name="text" message={errors.text} />
          <View className="xam-button-row">
            <Button size="large" onClick={() => setDraft(null)}>
              取消
            </Button>
            <Button type="primary" size="large" loading={busy} className="xam-template-save" onClick={save}>
              保存
            </Button>
          </View>
        </View>
      ) : (
        <Button type="primary" size="large" block className="xam-big-button xam-template-new" onClick={() => edit(EMPTY)}>
          ＋ 新增模板
        </Button>
      )}

      {items === null && !error ? <View className="xam-empty">正在加载……</View> : null}
      {items
        ? TEMPLATE_ACTIONS.map((a) => {
            const mine = items.filter((t) => t.action === a)
            return (
              <View key={a} className={'xam-card xam-template-group xam-template-group-' + a}>
                <View className="xam-subtitle">{ACTION_LABELS[a]}</View>
                {mine.length === 0 ? <View className="xam-muted">暂无</View> : null}
                {mine.map((t) => (
                  <View key={t.id} className="xam-list-row xam-template" data-id={t.id}>
                    <View className="xam-list-title">{t.title}</View>
                    <View className="xam-template-body">{t.text}</View>
                    {editable(t) ? (
                      <View className="xam-small-button-row">
                        <View
                          className="xam-link xam-template-edit"
                          onClick={() => edit({ id: t.id, action: t.action, title: t.title, text: t.text })}
                        >
                          修改
                        </View>
                        <View className="xam-link xam-template-delete" onClick={() => remove(t)}>
                          删除
                        </View>
                      </View>
                    ) : (
                      <View className="xam-muted">上级设置，不能修改</View>
                    )}
                  </View>
                ))}
              </View>
            )
          })
        : null}
    </View>
  )
}
