import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import { callApi, isApiCallError, errorMessage } from '../../api'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FieldError } from '../../components/FieldError'
import { InfoRow } from '../../components/InfoRow'
import { newClientRequestId } from '../../utils/ids'
import { goHome } from '../../utils/nav'
import { siteEntryFromParams } from '../../utils/siteLink'
import { currentMonth, formatMonth, previousMonth } from '../../utils/time'
import { checkForm, checkPhone, ComplaintForm, FIELD, FieldErrors, toSubmitBody } from './form'
import type { SiteInfo, SubmitResult } from './site'
import './index.css'

type LookupState = 'loading' | 'ok' | 'not_found' | 'error' | 'no_code'

const SHOWN_FIELDS: string[] = Object.values(FIELD)

export default function Complain() {
  const router = useRouter()
  const entry = siteEntryFromParams(router.params)
  const siteCode = entry ? entry.code : ''
  const placement = entry ? entry.placement : ''

  const [lookup, setLookup] = useState<LookupState>(entry ? 'loading' : 'no_code')
  const [lookupError, setLookupError] = useState('')
  const [site, setSite] = useState<SiteInfo | null>(null)

  const [form, setForm] = useState<ComplaintForm>({
    name: '',
    phone: '',
    amountYuan: '',
    owedSince: previousMonth(),
    workerCount: '1',
    description: '',
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [topError, setTopError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  // One id per form: a retry after a network failure must not file a second complaint.
  const clientRequestId = useRef(newClientRequestId())

  const loadSite = async () => {
    if (!siteCode) return
    setLookup('loading')
    try {
      const info = await callApi<SiteInfo>('worker', 'site.lookup', { code: siteCode })
      setSite(info)
      setLookup('ok')
    } catch (e) {
      if (isApiCallError(e) && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) {
        setLookup('not_found')
      } else {
        setLookupError(errorMessage(e))
        setLookup('error')
      }
    }
  }

  useEffect(() => {
    loadSite()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [siteCode])

  const set = <K extends keyof ComplaintForm>(key: K, value: ComplaintForm[K], field?: string) => {
    setForm((f) => ({ ...f, [key]: value }))
    if (field && errors[field]) {
      setErrors((errs) => {
        const next = { ...errs }
        delete next[field]
        return next
      })
    }
  }

  const submit = async () => {
    if (submitting || !site) return
    const local = checkForm(form)
    if (Object.keys(local).length) {
      setErrors(local)
      setTopError('请按红字提示改一下')
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
      return
    }
    setErrors({})
    setTopError('')
    setSubmitting(true)
    try {
      const body = toSubmitBody(form, site.code || siteCode, placement, clientRequestId.current)
      const res = await callApi<SubmitResult>('worker', 'complaint.submit', body)
      Taro.redirectTo({ url: '/pages/receipt/index?id=' + encodeURIComponent(res.id) })
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setTopError(errorMessage(e))
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } finally {
      setSubmitting(false)
    }
  }

  if (lookup !== 'ok' || !site) {
    return (
      <View className="xam-page xam-complain">
        {lookup === 'loading' ? <View className="xam-empty">正在查找项目……</View> : null}
        {lookup === 'not_found' ? (
          <View className="xam-card">
            <View className="xam-error xam-not-found">没有找到这个项目码</View>
            <View className="xam-muted">请核对二维码下面印的项目码，回到首页重新输入。</View>
          </View>
        ) : null}
        {lookup === 'no_code' ? (
          <View className="xam-card">
            <View className="xam-error xam-no-code">请先扫工地上的二维码，或者输入项目码</View>
          </View>
        ) : null}
        {lookup === 'error' ? (
          <View className="xam-card">
            <ErrorBanner message={lookupError} />
            <Button type="primary" size="large" block className="xam-retry" onClick={loadSite}>
              重试
            </Button>
          </View>
        ) : null}
        {lookup !== 'loading' ? (
          <Button size="large" block className="xam-big-button xam-go-home" onClick={goHome}>
            返回首页
          </Button>
        ) : null}
      </View>
    )
  }

  const otherErrors = Object.keys(errors).filter((k) => SHOWN_FIELDS.indexOf(k) < 0 && errors[k])

  return (
    <View className="xam-page xam-complain">
      <View className="xam-card xam-site">
        <View className="xam-title xam-site-name">{site.name}</View>
        <InfoRow label="地址" className="xam-site-address">
          {site.address}
        </InfoRow>
        <InfoRow label="用工单位" className="xam-site-employer">
          {site.contractor ? site.contractor.name : ''}
        </InfoRow>
        <InfoRow label="负责单位" className="xam-site-dept">
          {site.supervisingDept ? site.supervisingDept.name : ''}
        </InfoRow>
      </View>

      {topError ? (
        <View className="xam-error">
          {topError}
          {otherErrors.map((k) => (
            <View key={k} className="xam-field-error" data-field={k}>
              {errors[k]}
            </View>
          ))}
        </View>
      ) : null}

      <View className="xam-card xam-form">
        <View className="xam-subtitle">填写您知道的情况</View>

        <View className="xam-field">
          <View className="xam-label">姓名</View>
          <Input
            className="xam-input xam-field-name"
            placeholder="您的名字"
            value={form.name}
            maxLength={30}
            onChange={(v) => set('name', v, FIELD.name)}
          />
          <FieldError name={FIELD.name} message={errors[FIELD.name]} />
        </View>

        <View className="xam-field">
          <View className="xam-label">手机号</View>
          <Input
            className="xam-input xam-field-phone"
            type="number"
            placeholder="11位手机号，方便联系您"
            value={form.phone}
            maxLength={11}
            onChange={(v) => set('phone', v, FIELD.phone)}
            onBlur={(v) => {
              const err = v ? checkPhone(v) : ''
              if (err) setErrors((errs) => ({ ...errs, [FIELD.phone]: err }))
            }}
          />
          <FieldError name={FIELD.phone} message={errors[FIELD.phone]} />
        </View>

        <View className="xam-field">
          <View className="xam-label">大概欠多少钱（元）</View>
          <Input
            className="xam-input xam-field-amount"
            type="digit"
            placeholder="大概数就行，例如 8000"
            value={form.amountYuan}
            maxLength={12}
            onChange={(v) => set('amountYuan', v, FIELD.amount)}
          />
          <FieldError name={FIELD.amount} message={errors[FIELD.amount]} />
        </View>

        <View className="xam-field">
          <View className="xam-label">从哪个月开始欠</View>
          <Picker
            mode="date"
            fields="month"
            value={form.owedSince}
            start="2000-01"
            end={currentMonth()}
            onChange={(e) => set('owedSince', String(e.detail.value).slice(0, 7), FIELD.owedSince)}
          >
            <View className="xam-picker xam-field-month">{formatMonth(form.owedSince)}</View>
          </Picker>
          <FieldError name={FIELD.owedSince} message={errors[FIELD.owedSince]} />
        </View>

        <View className="xam-field">
          <View className="xam-label">一共几个人被欠</View>
          <Input
            className="xam-input xam-field-count"
            type="number"
            placeholder="包括您自己"
            value={form.workerCount}
            maxLength={5}
            onChange={(v) => set('workerCount', v, FIELD.workerCount)}
          />
          <FieldError name={FIELD.workerCount} message={errors[FIELD.workerCount]} />
        </View>

        <View className="xam-field">
          <View className="xam-label">发生了什么（可以不填）</View>
          <TextArea
            className="xam-textarea xam-field-desc"
            placeholder="例如：干完活老板一直拖着不给钱"
            value={form.description}
            maxLength={500}
            rows={3}
            onChange={(v) => set('description', v, FIELD.description)}
          />
          <FieldError name={FIELD.description} message={errors[FIELD.description]} />
        </View>

        <Checkbox
          className="xam-check xam-field-hide"
          checked={form.hideIdentityFromEmployer}
          label="不要让老板知道是我投诉的"
          onChange={(v) => set('hideIdentityFromEmployer', v)}
        />
        <Checkbox
          className="xam-check xam-field-unreachable"
          checked={form.bossUnreachable}
          label="老板联系不上了"
          onChange={(v) => set('bossUnreachable', v)}
        />

        <Button
          type="primary"
          size="xlarge"
          block
          loading={submitting}
          className="xam-big-button xam-submit"
          onClick={submit}
        >
          {submitting ? '正在提交' : '提交投诉'}
        </Button>
        <View className="xam-muted xam-privacy">您填的信息只用于处理这次投诉。</View>
      </View>
    </View>
  )
}
