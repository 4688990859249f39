import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { isCaseNo } from '@shared/validators/caseNo'
import { toHalfWidth } from '@shared/validators/result'
import { loadSettings, settingsNow } from '../../api/settings'
import { askProgressMessages } from '../../utils/subscribe'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ServiceFooter } from '../../components/ServiceHeader'
import { FieldError } from '../../components/FieldError'
import { param } from '../../utils/nav'
import { parseClaimLink } from '../../utils/siteLink'
import '../../components/worker.css'
import './index.css'

const CLAIM_CODE_RE = /^[2-9A-HJ-NP-Z]{6}$/

/** Tidies what was typed: half-width, no spaces, dashes of any kind as '-'. */
function cleanCaseNo(s: string): string {
  return toHalfWidth(s)
    .replace(/\s/g, '')
    .replace(/[\u2010-\u2015_—－]/g, '-')
}

function cleanClaimCode(s: string): string {
  return toHalfWidth(s).replace(/[\s-]/g, '').toUpperCase()
}

function checkCaseNo(s: string): string {
  const v = cleanCaseNo(s)
  if (!v) return '请填写回执上的案件编号'
  return isCaseNo(v) ? '' : '案件编号的样子是 130602-2026-00012，请对照回执核对'
}

function checkClaimCode(s: string): string {
  const v = cleanClaimCode(s)
  if (!v) return '请填写回执上的6位认领码'
  if (v.length !== 6) return '认领码是6位字母和数字'
  return CLAIM_CODE_RE.test(v) ? '' : '认领码里没有0、1、O、I，请对照回执核对'
}

/** A case a desk filed for the worker: bind it to this WeChat with the receipt's case number and claim code. */
export default function Claim() {
  // The message templates, ready before the tap that asks for them.
  useEffect(() => {
    loadSettings()
  }, [])
  const router = useRouter()
  // From the receipt's QR: '/c/<caseNo>?k=<code>' opened in a browser (caseNo, claimCode) or in
  // WeChat as an ordinary-link QR (q = the link); or typed by hand.
  const fromLink = router.params.q ? parseClaimLink(router.params.q) : null
  const initialCaseNo = fromLink ? fromLink.caseNo : param(router.params, 'caseNo')
  const initialCode = fromLink ? fromLink.claimCode : param(router.params, 'claimCode')
  const [caseNo, setCaseNo] = useState(cleanCaseNo(initialCaseNo))
  const [claimCode, setClaimCode] = useState(cleanClaimCode(initialCode))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const prefilled = !!(initialCaseNo && initialCode)

  const setField = (name: string, message: string) =>
    setErrors((e) => {
      const next = { ...e }
      if (message) next[name] = message
      else delete next[name]
      return next
    })

  const claim = async () => {
    if (busy) return
    const errs: Record<string, string> = {}
    const a = checkCaseNo(caseNo)
    const b = checkClaimCode(claimCode)
    if (a) errs.caseNo = a
    if (b) errs.claimCode = b
    setErrors(errs)
    setError('')
    if (a || b) return
    // WeChat asks only from a tap: ask for progress messages now, while the worker is here.
    const s = settingsNow()
    if (process.env.TARO_ENV === 'weapp' && s && s.subscribeTemplates.length) askProgressMessages(s.subscribeTemplates)
    setBusy(true)
    try {
      const res = await callApi('worker', 'complaint.claim', {
        caseNo: cleanCaseNo(caseNo),
        claimCode: cleanClaimCode(claimCode),
      })
      Taro.showToast({ title: '认领成功', icon: 'success' })
      Taro.redirectTo({ url: '/pages/detail/index?id=' + encodeURIComponent(res.id) })
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION' && Object.keys(e.fields).length) setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-page xam-w xam-claim">
      <View className="xam-card">
        <View className="xam-subtitle">认领服务台登记的案件</View>
        <View className="xam-text">
          {prefilled
            ? '下面是回执上的编号和认领码，点“认领”后，就能在“我的投诉”里看进度。'
            : '服务台帮您登记后会给您一张回执，照着回执把案件编号和认领码填在下面。'}
        </View>
        <ErrorBanner message={error} />

        <View className={'xam-field' + (errors.caseNo ? ' xam-field-bad' : '')}>
          <View className="xam-label">案件编号</View>
          <Input
            className="xam-input xam-claim-case-no"
            placeholder="例如 130602-2026-00012"
            value={caseNo}
            maxLength={24}
            onChange={(v) => {
              setCaseNo(v)
              if (errors.caseNo) setField('caseNo', checkCaseNo(v))
            }}
            onBlur={() => caseNo && setField('caseNo', checkCaseNo(caseNo))}
          />
          <FieldError name="caseNo" message={errors.caseNo} />
        </View>

        <View className={'xam-field' + (errors.claimCode ? ' xam-field-bad' : '')}>
          <View className="xam-label">认领码（6位）</View>
          <Input
            className="xam-input xam-claim-code"
            placeholder="回执上的6位认领码"
            value={claimCode}
            maxLength={8}
            onChange={(v) => {
              setClaimCode(v)
              if (errors.claimCode || cleanClaimCode(v).length === 6)
                setField('claimCode', cleanClaimCode(v).length ? checkClaimCode(v) : '')
            }}
            onBlur={() => claimCode && setField('claimCode', checkClaimCode(claimCode))}
          />
          <FieldError name="claimCode" message={errors.claimCode} />
        </View>

        <Button type="primary" size="xlarge" block loading={busy} className="xam-big-button xam-claim-submit" onClick={claim}>
          认领
        </Button>
      </View>
      <View className="xam-muted xam-claim-help">认领后这个案件只归您这个微信。回执丢了，请带身份证回服务台查询。</View>
      <ServiceFooter />
    </View>
  )
}
