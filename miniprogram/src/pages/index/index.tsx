import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { checkSiteCode, normalizeSiteCode } from '@shared/validators/siteCode'
import { FieldError } from '../../components/FieldError'
import { go } from '../../utils/nav'
import { parseClaimLink, parseSiteLink } from '../../utils/siteLink'
import '../../components/worker.css'
import './index.css'

/** The page for a scanned or typed text: a sticker link or code, or a desk receipt's claim link. */
function complainUrlFor(text: string): string | null {
  const claim = parseClaimLink(text)
  if (claim) return '/pages/claim/index?caseNo=' + encodeURIComponent(claim.caseNo) + '&claimCode=' + encodeURIComponent(claim.claimCode)
  const link = parseSiteLink(text)
  if (link && checkSiteCode(link.code).ok) {
    return '/pages/complain/index?code=' + link.code + (link.placement ? '&p=' + link.placement : '')
  }
  const checked = checkSiteCode(text)
  return checked.ok ? '/pages/complain/index?code=' + checked.value : null
}

export default function Home() {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState('')

  const scan = async () => {
    let text = ''
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      text = (res.result || '').trim()
    } catch {
      // Cancelled, or scanning is not available here (e.g. a browser).
      if (process.env.TARO_ENV === 'h5') Taro.showToast({ title: '请在下方输入项目码', icon: 'none' })
      return
    }
    const url = complainUrlFor(text)
    if (url) go(url)
    else
      Taro.showModal({
        title: '这不是项目二维码',
        content: '请扫工地贴纸或安全帽上的二维码，也可以在下面输入二维码下方印的项目码。',
        showCancel: false,
      })
  }

  const openByCode = () => {
    const typed = code.trim()
    if (!typed) {
      setCodeError('请输入二维码下面印的7位项目码')
      return
    }
    const url = complainUrlFor(typed)
    if (!url) {
      const checked = checkSiteCode(typed)
      const shown = normalizeSiteCode(typed)
      setCodeError(
        (checked.ok ? '' : checked.reason) +
          (shown.length === 7
            ? `。您输入的是 ${shown.slice(0, 3)}-${shown.slice(3)}，请对照贴纸一个一个核对（容易看错的：8和B、5和S、2和Z）`
            : ''),
      )
      return
    }
    setCodeError('')
    go(url)
  }

  return (
    <View className="xam-page xam-w xam-home">
      <View className="xam-home-hero">
        <View className="xam-home-title">被欠工资了？</View>
        <View className="xam-home-lead">扫一扫工地上的二维码，一分钟就能投诉，有专人负责到底。</View>
      </View>

      <Button type="primary" size="xlarge" block className="xam-scan xam-home-scan" onClick={scan}>
        扫码投诉
      </Button>

      <View className="xam-card xam-home-code">
        <View className="xam-subtitle">二维码扫不了？输入项目码</View>
        <View className="xam-muted">项目码印在二维码下面，7位字母和数字，例如 ABC-DEFG</View>
        <Input
          className={'xam-input xam-field-code' + (codeError ? ' xam-input-bad' : '')}
          placeholder="输入项目码"
          value={code}
          maxLength={40}
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
        <View className="xam-textlink xam-no-sticker" onClick={() => go('/pages/complain/index?nosite=1')}>
          没有二维码？直接填写工地信息投诉
        </View>
      </View>

      <View className="xam-button-row">
        <Button size="large" className="xam-go-mine" onClick={() => go('/pages/mine/index')}>
          我的投诉
        </Button>
        <Button size="large" className="xam-go-claim" onClick={() => go('/pages/claim/index')}>
          认领案件
        </Button>
      </View>
      <View className="xam-muted xam-home-claim-hint">在服务台登记过的，用回执上的案件编号和认领码点“认领案件”。</View>
    </View>
  )
}
