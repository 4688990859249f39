import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { checkSiteCode, normalizeSiteCode } from '@shared/validators/siteCode'
import { FieldError } from '../../components/FieldError'
import { ServiceHeader } from '../../components/ServiceHeader'
import { canScanInBrowser, scanInBrowser } from '../../utils/h5Scan'
import { go } from '../../utils/nav'
import { parseClaimLink, parseSiteLink } from '../../utils/siteLink'
import { knownStaffRole } from '../../utils/staffRole'
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
  /** A browser that cannot scan: the code field is where to go, and says so. */
  const [typeInstead, setTypeInstead] = useState(false)
  const [staff, setStaff] = useState(false)
  useDidShow(() => setStaff(!!knownStaffRole()))

  /** To the code field; `cannotScan`: say that this browser cannot scan. */
  const toCodeField = (cannotScan: boolean) => {
    setTypeInstead(cannotScan)
    Taro.pageScrollTo({ selector: '.xam-home-code', duration: 200 }).catch(() => undefined)
  }

  /** Reads a QR code: WeChat's scanner, or in a browser the camera where it can read QR codes. */
  const readCode = async (): Promise<string | null> => {
    if (process.env.TARO_ENV === 'h5') {
      if (!(await canScanInBrowser())) return null
      return scanInBrowser()
    }
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      return (res.result || '').trim()
    } catch {
      return '' // cancelled
    }
  }

  const scan = async () => {
    const text = await readCode()
    // A browser that cannot scan (or a camera refused): straight to typing the code.
    if (text === null) {
      toCodeField(true)
      return
    }
    if (!text) {
      // Cancelled: in a browser the scanner's button said "改为输入项目码".
      if (process.env.TARO_ENV === 'h5') toCodeField(false)
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
      <ServiceHeader />
      {staff ? (
        <Button
          type="primary"
          fill="outline"
          size="large"
          block
          className="xam-big-button xam-go-work"
          onClick={() => go('/pages/work/index')}
        >
          进入工作台
        </Button>
      ) : null}
      <View className="xam-home-hero">
        <View className="xam-home-title">被欠工资了？</View>
        <View className="xam-home-lead">扫一扫工地上的二维码，一分钟就能投诉，有专人负责到底。</View>
      </View>

      <Button type="primary" size="xlarge" block className="xam-scan xam-home-scan" onClick={scan}>
        扫码投诉
      </Button>

      <View className="xam-card xam-home-code">
        {typeInstead ? <View className="xam-notice xam-type-instead">这里不能扫码，请输入二维码下面印的项目码。</View> : null}
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
      {staff ? null : (
        <View className="xam-textlink xam-staff-entry" onClick={() => go('/pages/work/index')}>
          工作人员入口
        </View>
      )}
    </View>
  )
}
