import { useState } from 'react'
import { Button, Input, View } from '@tarojs/components'
import { isMobile, normalizeMobile } from '@shared/validators/phone'
import { callApi, errorMessage } from '../../api'

/** Long enough for a pasted "+86 138-1234-5678" or "0086 138 1234 5678": cut at 11, it would lose digits. */
const PASTE_ROOM = 24

interface Props {
  value: string
  /** `settled`: a whole number is in (pasted, or from WeChat): check it at once. */
  onChange: (value: string, settled: boolean) => void
  onBlur: () => void
  /** WeChat's phone button is offered (app.settings phoneButton; WeChat only). */
  phoneButton: boolean
}

/**
 * The worker's phone: typed, pasted in any common form (normalised to 11 digits as soon as it is a whole
 * number, shared/validators/phone.ts), or in WeChat filled by one tap on the phone button.
 */
export function PhoneField({ value, onChange, onBlur, phoneButton }: Props) {
  const [asking, setAsking] = useState(false)
  const [note, setNote] = useState('')

  const typed = (raw: string) => {
    const n = normalizeMobile(raw)
    if (isMobile(n)) onChange(n, true)
    else onChange(raw, n.replace(/\D/g, '').length >= 11)
  }

  /** WeChat's answer to the phone button: a one-time code the server exchanges for the number. */
  const fromWeChat = async (detail: { code?: string; errMsg?: string }) => {
    setNote('')
    if (!detail || !detail.code) {
      // Declined, or this WeChat is too old to give a code: typing it is the way.
      if (detail && detail.errMsg && detail.errMsg.indexOf('deny') < 0) setNote('没取到微信手机号，请直接填写')
      return
    }
    setAsking(true)
    try {
      const { phone } = await callApi('worker', 'phone.fromWeChat', { code: detail.code })
      onChange(phone, true)
    } catch (e) {
      setNote(errorMessage(e))
    } finally {
      setAsking(false)
    }
  }

  const wechat = process.env.TARO_ENV === 'weapp' && phoneButton
  return (
    <View className="xam-phone">
      <View className="nut-input nut-input-container xam-input xam-field-phone">
        <Input
          className="nut-input-native"
          type={process.env.TARO_ENV === 'h5' ? ('tel' as 'text') : 'number'}
          placeholder={wechat ? '点下面按钮自动填，或者自己填' : '11位手机号，方便联系您'}
          value={value}
          maxlength={PASTE_ROOM}
          onInput={(e) => typed(String(e.detail.value))}
          onBlur={onBlur}
        />
      </View>
      {wechat ? (
        <Button
          className="xam-phone-wechat"
          openType="getPhoneNumber"
          loading={asking}
          onGetPhoneNumber={(e) => fromWeChat(e.detail as { code?: string; errMsg?: string })}
        >
          {asking ? '正在获取手机号' : '用微信绑定的手机号'}
        </Button>
      ) : null}
      {note ? <View className="xam-muted xam-phone-note">{note}</View> : null}
    </View>
  )
}
