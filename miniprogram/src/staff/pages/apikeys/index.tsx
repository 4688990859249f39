import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import type { ApiKeyCreated, ApiKeyItem } from '@shared/contract'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { formatDateTime } from '../../../utils/time'
import { shortAreaName } from '../../lib/areas'
import { useLoadOnShow } from '../../lib/useLoad'
import '../../styles.css'
import './index.css'

/**
 * Keys for the city's 12345 platform to file and follow wage-arrears work orders through the Open311 API
 * (/open311/v2/…). A key is shown once, when it is made; it reads only this area's cases; it can be revoked.
 */
export default function ApiKeys() {
  const [items, setItems] = useState<ApiKeyItem[] | null>(null)
  const [error, setError] = useState('')
  const [name, setName] = useState('')
  const [perMinute, setPerMinute] = useState('')
  const [fields, setFields] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState('')
  const [created, setCreated] = useState<ApiKeyCreated | null>(null)

  const load = async () => {
    setItems((await callApi('admin', 'apiKey.list', {})).items || [])
  }
  useLoadOnShow(load, setError)

  const create = async () => {
    setFields({})
    setError('')
    if (!name.trim()) {
      setFields({ name: '请填写名称，如：保定市12345热线' })
      return
    }
    if (perMinute.trim() && !/^\d+$/.test(perMinute.trim())) {
      setFields({ perMinute: '每分钟调用次数应为整数' })
      return
    }
    setBusy('create')
    try {
      const r = await callApi('admin', 'apiKey.create', {
        name: name.trim(),
        ...(perMinute.trim() ? { perMinute: Number(perMinute.trim()) } : {}),
      })
      setCreated(r)
      setName('')
      setPerMinute('')
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setFields(e.fields || {})
      setError(errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  const revoke = async (k: ApiKeyItem) => {
    const sure = await Taro.showModal({ title: '作废接口密钥', content: `作废后“${k.name}”将不能再调用接口，确定吗？` }).catch(() => ({
      confirm: false,
    }))
    if (!sure.confirm) return
    setBusy(k.id)
    try {
      await callApi('admin', 'apiKey.revoke', { id: k.id })
      await load()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  return (
    <View className="xam-page xam-apikeys">
      <ErrorBanner message={error} />
      <View className="xam-hint">
        12345热线等系统用接口密钥调用本系统的 Open311
        接口：提交欠薪工单（自动登记为“12345热线”线索）、查询办理进度和结果。接口不返回姓名、电话和身份证号，只能查本辖区的案件。
      </View>

      {created ? (
        <View className="xam-card xam-apikey-created">
          <View className="xam-subtitle">新密钥（只显示这一次，请马上复制交给对方）</View>
          <View className="xam-apikey-new">{created.key}</View>
          <Button
            size="large"
            block
            className="xam-big-button"
            onClick={() => Taro.setClipboardData({ data: created.key }).catch(() => undefined)}
          >
            复制密钥
          </Button>
          <View className="xam-hint">
            接口地址：/open311/v2/services.json、/open311/v2/requests.json（提交时带 api_key）。每分钟最多调用 {created.perMinute} 次。
          </View>
        </View>
      ) : null}

      <View className="xam-card xam-apikey-form">
        <View className="xam-subtitle">新建密钥</View>
        <Input
          className="xam-input xam-apikey-name"
          placeholder="给谁用，如：保定市12345热线"
          value={name}
          maxLength={40}
          onChange={setName}
        />
        <FieldError name="name" message={fields.name} />
        <Input
          className="xam-input xam-gap xam-apikey-rate"
          type="number"
          placeholder="每分钟最多调用次数（不填为60）"
          value={perMinute}
          maxLength={3}
          onChange={setPerMinute}
        />
        <FieldError name="perMinute" message={fields.perMinute} />
        <Button
          type="primary"
          size="large"
          block
          loading={busy === 'create'}
          className="xam-big-button xam-gap xam-apikey-create"
          onClick={create}
        >
          生成密钥
        </Button>
      </View>

      <View className="xam-card xam-apikey-list">
        <View className="xam-subtitle">已有密钥</View>
        {items === null && !error ? <View className="xam-muted">正在加载……</View> : null}
        {items && items.length === 0 ? <View className="xam-muted">还没有密钥</View> : null}
        {(items || []).map((k) => (
          <View key={k.id} className="xam-list-row xam-apikey" data-id={k.id}>
            <View className="xam-list-title">{k.name}</View>
            <View className="xam-muted">
              {shortAreaName(k.areaCode)} · 每分钟{k.perMinute}次 · {formatDateTime(k.createdAt)}建
            </View>
            {k.revokedAt ? (
              <View className="xam-tag">已于 {formatDateTime(k.revokedAt)} 作废</View>
            ) : (
              <Button size="small" loading={busy === k.id} className="xam-apikey-revoke" onClick={() => revoke(k)}>
                作废
              </Button>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}
