import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { checkSiteCode } from '@shared/validators/siteCode'
import { FieldError } from '../../components/FieldError'
import { go } from '../../utils/nav'
import { parseSiteLink } from '../../utils/siteLink'
import './index.css'

export default function Home() {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState('')

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      const text = (res.result || '').trim()
      if (parseSiteLink(text)) {
        go('/pages/complain/index?q=' + encodeURIComponent(text))
      } else if (checkSiteCode(text).ok) {
        go('/pages/complain/index?code=' + encodeURIComponent(text))
      } else {
        Taro.showModal({ title: '不是项目码', content: '请扫工地贴纸上的二维码，或者手动输入项目码', showCancel: false })
      }
    } catch {
      // Cancelled, or scanning is not available here (e.g. a browser).
      if (process.env.TARO_ENV === 'h5') {
        Taro.showToast({ title: '请在下方输入项目码', icon: 'none' })
      }
    }
  }

  const openByCode = () => {
    const checked = checkSiteCode(code)
    if (!checked.ok) {
      setCodeError(checked.reason)
      return
    }
    setCodeError('')
    go('/pages/complain/index?code=' + encodeURIComponent(checked.value))
  }

  return (
    <View className="xam-page xam-home">
      <View className="xam-home-hero">
        <View className="xam-home-title">被欠工资了？</View>
        <View className="xam-home-lead">扫一扫工地上的二维码，一分钟就能投诉，有专人负责到底。</View>
      </View>

      <Button type="primary" size="xlarge" block className="xam-scan xam-home-scan" onClick={scan}>
        扫码投诉
      </Button>

      <View className="xam-card xam-home-code">
        <View className="xam-subtitle">没法扫码？输入项目码</View>
        <View className="xam-muted">项目码印在二维码下面，7位字母和数字</View>
        <Input
          className="xam-input xam-field-code"
          placeholder="例如 ABC-DEFG"
          value={code}
          maxLength={12}
          onChange={(v) => {
            setCode(v)
            if (codeError) setCodeError('')
          }}
          onConfirm={openByCode}
        />
        <FieldError name="code" message={codeError} />
        <Button type="primary" fill="outline" size="large" block className="xam-big-button xam-code-go" onClick={openByCode}>
          去投诉
        </Button>
      </View>

      <View className="xam-button-row">
        <Button size="large" className="xam-go-mine" onClick={() => go('/pages/mine/index')}>
          我的投诉
        </Button>
        <Button size="large" className="xam-go-work" onClick={() => go('/pages/work/index')}>
          工作台
        </Button>
      </View>
    </View>
  )
}
