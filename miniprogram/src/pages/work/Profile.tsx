// The official's own name and office phone (profile.set): colleagues see them when handing a case over,
// the ledger and the desk receipt name the 承办人 by them. Workers never see either.
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { FieldError } from '../../components/FieldError'
import { InfoRow } from '../../components/InfoRow'

interface Props {
  name: string
  officePhone: string
  onSaved: (p: { name: string; officePhone: string }) => void
}

export function Profile(p: Props) {
  const missing = !p.name || !p.officePhone
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(p.name)
  const [phone, setPhone] = useState(p.officePhone)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const open = () => {
    setName(p.name)
    setPhone(p.officePhone)
    setErrors({})
    setEditing(true)
  }

  const save = async () => {
    const need: Record<string, string> = {}
    if (!name.trim()) need.name = '请填写姓名'
    if (!phone.trim()) need.phone = '请填写办公电话'
    setErrors(need)
    if (Object.keys(need).length) return
    setBusy(true)
    try {
      const saved = await callApi('staff', 'profile.set', { name: name.trim(), phone: phone.trim() })
      setEditing(false)
      Taro.showToast({ title: '已保存姓名和电话', icon: 'none' })
      p.onSaved(saved)
    } catch (e) {
      if (isApiCallError(e) && e.fields && Object.keys(e.fields).length) setErrors(e.fields)
      else setErrors({ form: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  if (!editing && !missing) {
    return (
      <View className="xam-profile">
        <InfoRow label="姓名" className="xam-profile-name">
          {p.name}
        </InfoRow>
        <InfoRow label="办公电话" className="xam-profile-phone">
          {p.officePhone}
        </InfoRow>
        <View className="xam-link xam-profile-edit" onClick={open}>
          修改姓名和办公电话
        </View>
      </View>
    )
  }
  if (!editing) {
    return (
      <View className="xam-profile">
        <View className="xam-warn xam-profile-missing">还没有填写您的姓名和办公电话：同事转案件给您、台账和回执写承办人时要用。</View>
        <View className="xam-link xam-profile-edit" onClick={open}>
          填写姓名和办公电话
        </View>
      </View>
    )
  }
  return (
    <View className="xam-profile xam-profile-form">
      <View className="xam-label">姓名</View>
      <Input className="xam-input xam-profile-name-input" placeholder="如 赵建国" value={name} maxLength={30} onChange={setName} />
      <FieldError name="name" message={errors.name} />
      <View className="xam-label xam-gap">办公电话（座机或工作手机，同事和台账能看到，工友看不到）</View>
      <Input
        className="xam-input xam-profile-phone-input"
        type="text"
        placeholder="如 0312-5905601"
        value={phone}
        maxLength={20}
        onChange={setPhone}
      />
      <FieldError name="phone" message={errors.phone} />
      <FieldError name="form" message={errors.form} />
      <View className="xam-button-row">
        <Button size="large" className="xam-profile-cancel" onClick={() => setEditing(false)}>
          取消
        </Button>
        <Button type="primary" size="large" loading={busy} className="xam-profile-save" onClick={save}>
          保存
        </Button>
      </View>
    </View>
  )
}
