import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { DEPT_KINDS, type DeptKind } from '@shared/types'
import { DEPT_KIND_LABELS } from '@shared/labels'
import type { Input as ApiInput } from '@shared/contract'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnOpen } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { AreaPicker } from '../../components/AreaPicker'
import { Select } from '../../components/Select'
import { listDepts } from '../../lib/api'
import { areaName } from '../../lib/areas'
import { deptsIn } from '../../lib/scope'
import type { DeptItem } from '../../lib/types'
import { useMe } from '../../lib/useMe'
import '../../styles.css'

const KIND_OPTIONS = DEPT_KINDS.map((k) => ({ value: k, label: DEPT_KIND_LABELS[k] }))
const NO_PARENT = 'none'

export default function Depts() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [depts, setDepts] = useState<DeptItem[] | null>(null)
  const [error, setError] = useState('')
  const [name, setName] = useState('')
  const [kind, setKind] = useState<DeptKind | ''>('')
  const [areaCode, setAreaCode] = useState('')
  const [parentId, setParentId] = useState('')
  const [phone, setPhone] = useState('')
  /** The unit being edited, with its name and phone as typed. */
  const [editing, setEditing] = useState<{ id: string; name: string; phone: string } | null>(null)
  /** Why a unit could not be retired (its cases in hand, the rules pointing at it), by unit. */
  const [retireError, setRetireError] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const load = useLoadOnOpen(async () => {
    setDepts(await listDepts())
  }, setError)
  useEffect(() => {
    if (area && !areaCode) setAreaCode(area)
  }, [area, areaCode])

  const mine = depts && area ? deptsIn(area, depts) : []
  const nameOf = (id: string | null | undefined) => (id ? (depts || []).find((d) => d.id === id)?.name || id : '')

  const create = async () => {
    const local: Record<string, string> = {}
    if (!name.trim()) local.name = '请填写单位名称'
    if (!kind) local.kind = '请选择单位类型'
    if (!areaCode) local.areaCode = '请选择地区'
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      const data: ApiInput<'admin', 'dept.create'> = { name: name.trim(), kind: kind as DeptKind, areaCode }
      if (parentId) data.parentId = parentId
      if (phone.trim()) data.phone = phone.trim()
      await callApi('admin', 'dept.create', data)
      Taro.showToast({ title: '已添加', icon: 'success' })
      setName('')
      setKind('')
      setParentId('')
      setPhone('')
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  /** The name as officials and workers read it; workers see the phone on their case page and can call it. */
  const savePhone = async () => {
    if (!editing) return
    if (!editing.name.trim()) {
      setErrors({ name: '请填写单位名称' })
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      await callApi('admin', 'dept.update', { id: editing.id, name: editing.name.trim(), phone: editing.phone.trim() })
      Taro.showToast({ title: '单位信息已保存', icon: 'success' })
      setEditing(null)
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  /** Retire a unit: refused, with the cases and rules to move first, while it still has work. */
  const retire = async (d: DeptItem) => {
    const ok = await Taro.showModal({
      title: '停用单位',
      content: `停用后${d.name}不再接收新案件。手上还有案件或分派规则指向它的，需要先转办或修改规则。确定停用？`,
      confirmText: '停用',
    })
    if (!ok.confirm) return
    setBusy(true)
    setRetireError({})
    setError('')
    try {
      await callApi('admin', 'dept.retire', { id: d.id })
      Taro.showToast({ title: '单位已停用', icon: 'success' })
      await load()
    } catch (e) {
      setRetireError({ [d.id]: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-page xam-depts">
      <ErrorBanner message={meError || error} />
      <View className="xam-card xam-dept-list">
        <View className="xam-subtitle">本辖区单位（{mine.length}）</View>
        {depts === null && !error ? <View className="xam-muted">正在加载……</View> : null}
        {mine.map((d) => (
          <View key={d.id} className="xam-list-row xam-dept" data-id={d.id}>
            <View className="xam-list-title">{d.name}</View>
            <View className="xam-muted">
              {DEPT_KIND_LABELS[d.kind] || d.kind} · {areaName(d.areaCode)}
              {d.parentId ? ' · 上级：' + nameOf(d.parentId) : ''}
            </View>
            {editing && editing.id === d.id ? (
              <View className="xam-dept-phone-edit">
                <View className="xam-label">单位名称</View>
                <Input
                  className="xam-input xam-dept-name-input"
                  type="text"
                  value={editing.name}
                  maxLength={60}
                  onChange={(v) => setEditing({ ...editing, name: v })}
                />
                <FieldError name="name" message={errors.name} />
                <View className="xam-label">投诉电话（工友可以直接拨打）</View>
                <Input
                  className="xam-input xam-dept-phone-input"
                  type="text"
                  placeholder="投诉电话，如 0312-1234567"
                  value={editing.phone}
                  maxLength={20}
                  onChange={(v) => setEditing({ ...editing, phone: v })}
                />
                <FieldError name="phone" message={errors.phone} />
                <Button size="small" type="primary" loading={busy} className="xam-dept-phone-save" onClick={savePhone}>
                  保存
                </Button>
                <Button size="small" className="xam-dept-phone-cancel" onClick={() => setEditing(null)}>
                  取消
                </Button>
              </View>
            ) : (
              <View>
                <View className="xam-dept-phone">{d.phone ? '投诉电话：' + d.phone : '还没有公布投诉电话'}</View>
                <View className="xam-small-button-row">
                  <Button
                    size="small"
                    className="xam-dept-edit"
                    onClick={() => setEditing({ id: d.id, name: d.name, phone: d.phone || '' })}
                  >
                    修改
                  </Button>
                  {me && me.dept && me.dept.id === d.id ? null : (
                    <Button size="small" className="xam-dept-retire" loading={busy} onClick={() => retire(d)}>
                      停用
                    </Button>
                  )}
                </View>
              </View>
            )}
            {retireError[d.id] ? <View className="xam-field-error xam-dept-retire-error">{retireError[d.id]}</View> : null}
          </View>
        ))}
      </View>

      <View className="xam-card xam-dept-form">
        <View className="xam-subtitle">添加单位</View>
        <Input className="xam-input xam-dept-name" placeholder="单位全称，如 竞秀区水利局" value={name} maxLength={60} onChange={setName} />
        <FieldError name="name" message={editing ? '' : errors.name} />
        <View className="xam-label xam-gap">类型</View>
        <Select className="xam-dept-kind" options={KIND_OPTIONS} value={kind} placeholder="选择类型" onChange={setKind} />
        <FieldError name="kind" message={errors.kind} />
        <View className="xam-label xam-gap">服务地区</View>
        {area ? <AreaPicker className="xam-dept-area" root={area} allowWhole value={areaCode} onChange={setAreaCode} /> : null}
        <FieldError name="areaCode" message={errors.areaCode} />
        <View className="xam-label xam-gap">上级单位（超期时向上督办）</View>
        <Select
          className="xam-dept-parent"
          options={[{ value: NO_PARENT, label: '无' }, ...mine.map((d) => ({ value: d.id, label: d.name }))]}
          value={parentId || NO_PARENT}
          onChange={(v) => setParentId(v === NO_PARENT ? '' : v)}
        />
        <FieldError name="parentId" message={errors.parentId} />
        <View className="xam-label xam-gap">投诉电话（工友可以直接拨打）</View>
        <Input
          className="xam-input xam-dept-new-phone"
          placeholder="如 0312-1234567，可以以后再填"
          value={phone}
          maxLength={20}
          onChange={setPhone}
        />
        <FieldError name="phone" message={editing ? '' : errors.phone} />
        <Button type="primary" size="large" block loading={busy} className="xam-big-button xam-dept-create" onClick={create}>
          添加
        </Button>
      </View>
    </View>
  )
}
