import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { ROLE_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../api'
import type { Me } from '../../api/staff'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FieldError } from '../../components/FieldError'
import { InfoRow } from '../../components/InfoRow'
import { go } from '../../utils/nav'
import './index.css'

export default function Work() {
  const [me, setMe] = useState<Me | null>(null)
  const [error, setError] = useState('')
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState('')
  const [busy, setBusy] = useState(false)

  const load = async () => {
    try {
      setMe(await callApi<Me>('staff', 'me', {}))
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  useDidShow(() => {
    load()
  })

  const accept = async () => {
    const value = code.trim()
    if (!value) {
      setCodeError('请填写邀请码')
      return
    }
    setBusy(true)
    setCodeError('')
    try {
      await callApi('staff', 'invite.accept', { code: value })
      setCode('')
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.fields && e.fields.code) setCodeError(e.fields.code)
      else setCodeError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-page xam-work">
      <ErrorBanner message={error} />
      {!me && !error ? <View className="xam-empty">正在加载……</View> : null}
      {error && !me ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {me ? (
        <View>
          <View className="xam-card">
            <InfoRow label="身份" className="xam-role">
              {ROLE_LABELS[me.role] || me.role}
            </InfoRow>
            {me.dept ? (
              <InfoRow label="单位" className="xam-dept">
                {me.dept.name}
              </InfoRow>
            ) : null}
          </View>

          {me.role === 'worker' ? (
            <View className="xam-card xam-invite">
              <View className="xam-subtitle">工作人员请输入邀请码</View>
              <View className="xam-muted">邀请码由本单位管理员发给您。工友不用填，直接去首页投诉就行。</View>
              <Input
                className="xam-input xam-invite-code"
                placeholder="邀请码"
                value={code}
                maxLength={40}
                onChange={(v) => {
                  setCode(v)
                  if (codeError) setCodeError('')
                }}
              />
              <FieldError name="code" message={codeError} />
              <Button
                type="primary"
                size="large"
                block
                loading={busy}
                className="xam-big-button xam-invite-accept"
                onClick={accept}
              >
                加入单位
              </Button>
            </View>
          ) : (
            <Button
              type="primary"
              size="xlarge"
              block
              className="xam-big-button xam-open-queue"
              onClick={() => go('/staff/pages/queue/index')}
            >
              进入办理队列
            </Button>
          )}
        </View>
      ) : null}
    </View>
  )
}
