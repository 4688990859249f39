// The SMS code step: the phone (given, or typed here), 获取验证码 with its wait, the 6-digit code, and one
// button. Used where a browser must sign in (a complaint's submit, 我的投诉, 工作台) and, in WeChat, to
// link the phone a worker filed with in a browser.
import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { isMobile, maskMobile, normalizeMobile } from '@shared/validators/phone'
import { errorMessage, isApiCallError } from '../api'
import { requestCode, signInWithCode } from '../api/session'
import { FieldError } from './FieldError'

export interface SignInProps {
  title: string
  hint: string
  /** The phone already typed on the page: shown, not asked again. Without it the worker types one. */
  phone?: string
  /** Prefill of the phone field when the worker types it. */
  initialPhone?: string
  /** Ask for the code at once (the worker already tapped to go on). */
  autoSend?: boolean
  submitLabel: string
  /** What the code proves (default: a browser session). */
  verify?: (phone: string, code: string) => Promise<void>
  onDone: () => void
  onCancel?: () => void
  cancelLabel?: string
}

type Errors = { phone?: string; code?: string; top?: string }

export function SignIn(props: SignInProps) {
  const [typed, setTyped] = useState(props.initialPhone || '')
  const phone = normalizeMobile(props.phone !== undefined ? props.phone : typed)
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [sentTo, setSentTo] = useState('')
  const [resendAt, setResendAt] = useState(0)
  const [validMinutes, setValidMinutes] = useState(5)
  const [now, setNow] = useState(Date.now())
  const [sending, setSending] = useState(false)
  const [verifying, setVerifying] = useState(false)
  const alive = useRef(true)

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => {
      alive.current = false
      clearInterval(t)
    }
  }, [])

  const send = async () => {
    if (sending) return
    if (!isMobile(phone)) {
      setErrors({ phone: phone ? '请填写11位手机号' : '请填写手机号' })
      return
    }
    setSending(true)
    setErrors({})
    try {
      const r = await requestCode(phone)
      if (!alive.current) return
      setSentTo(phone)
      // The wait as the server counts it, on this phone's clock (which may be off).
      setResendAt(Date.now() + Math.max(0, Date.parse(r.resendAt) - Date.parse(r.sentAt)))
      setValidMinutes(Math.max(1, Math.round((Date.parse(r.expiresAt) - Date.parse(r.sentAt)) / 60000)))
      setNow(Date.now())
    } catch (e) {
      if (!alive.current) return
      const fields = isApiCallError(e) ? e.fields : {}
      // A limit on asking again: the code sent before still works.
      if (isApiCallError(e) && e.code === 'RATE_LIMITED' && sentTo === phone) setErrors({ code: e.message })
      else if (fields.phone) setErrors({ phone: fields.phone })
      else setErrors({ top: errorMessage(e) })
    } finally {
      if (alive.current) setSending(false)
    }
  }

  useEffect(() => {
    if (props.autoSend && isMobile(phone)) send()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const confirm = async () => {
    if (verifying) return
    const value = code.replace(/\s/g, '')
    const local: Errors = {}
    if (!isMobile(phone)) local.phone = phone ? '请填写11位手机号' : '请填写手机号'
    if (!/^\d{6}$/.test(value)) local.code = value ? '验证码应为6位数字' : '请填写短信里的6位验证码'
    if (local.phone || local.code) {
      setErrors(local)
      return
    }
    setVerifying(true)
    setErrors({})
    try {
      await (props.verify || signInWithCode)(phone, value)
      if (!alive.current) return
      props.onDone()
    } catch (e) {
      if (!alive.current) return
      const fields = isApiCallError(e) ? e.fields : {}
      if (fields.code || fields.phone) setErrors({ code: fields.code, phone: fields.phone })
      else setErrors({ top: errorMessage(e) })
    } finally {
      if (alive.current) setVerifying(false)
    }
  }

  const wait = Math.max(0, Math.ceil((resendAt - now) / 1000))
  return (
    <View className="xam-card xam-signin">
      <View className="xam-subtitle">{props.title}</View>
      <View className="xam-text xam-signin-hint">{props.hint}</View>
      {errors.top ? <View className="xam-error xam-signin-error">{errors.top}</View> : null}
      {props.phone !== undefined ? (
        <View className="xam-row">
          <View className="xam-row-label">手机号</View>
          <View className="xam-row-value xam-signin-fixed-phone">{phone}</View>
        </View>
      ) : (
        <View className={'xam-field' + (errors.phone ? ' xam-field-bad' : '')} data-name="phone">
          <View className="xam-label">手机号</View>
          <Input
            className="xam-input xam-signin-phone"
            type="number"
            placeholder="11位手机号"
            value={typed}
            maxLength={11}
            onChange={(v) => {
              setTyped(v)
              if (errors.phone) setErrors({ ...errors, phone: undefined })
            }}
          />
        </View>
      )}
      <FieldError name="phone" message={errors.phone} />
      <Button size="large" block className="xam-signin-send" loading={sending} disabled={wait > 0} onClick={send}>
        {wait > 0 ? `${wait}秒后可以重新获取` : sentTo ? '重新获取验证码' : '获取验证码'}
      </Button>
      {sentTo ? (
        <View className="xam-muted xam-signin-sent">
          验证码已发到 {maskMobile(sentTo)}，{validMinutes}分钟内有效
        </View>
      ) : null}
      <View className={'xam-field' + (errors.code ? ' xam-field-bad' : '')} data-name="code">
        <View className="xam-label">短信验证码</View>
        <Input
          className="xam-input xam-signin-code"
          type="number"
          placeholder="6位数字"
          value={code}
          maxLength={6}
          onChange={(v) => {
            setCode(v)
            if (errors.code) setErrors({ ...errors, code: undefined })
          }}
        />
      </View>
      <FieldError name="code" message={errors.code} />
      <Button type="primary" size="xlarge" block className="xam-big-button xam-signin-ok" loading={verifying} onClick={confirm}>
        {props.submitLabel}
      </Button>
      {props.onCancel ? (
        <View className="xam-textlink xam-signin-cancel" onClick={props.onCancel}>
          {props.cancelLabel || '返回'}
        </View>
      ) : null}
    </View>
  )
}
