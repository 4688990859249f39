import { useEffect, useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { LIMITS } from '@shared/contract/fields'
import type { Input as CallInput, LeadResult } from '@shared/contract'
import { CHANNEL_LABELS, INDUSTRY_LABELS } from '@shared/labels'
import { INDUSTRIES, LEAD_CHANNELS, type Industry, type LeadChannel } from '@shared/types'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { InfoRow } from '../../../components/InfoRow'
import { yuanToFen } from '../../../utils/money'
import { go } from '../../../utils/nav'
import { currentMonth, formatDateTime, formatMonth, previousMonth } from '../../../utils/time'
import { AreaPicker } from '../../components/AreaPicker'
import { LeadImport } from '../../components/LeadImport'
import { Select } from '../../components/Select'
import { getMe } from '../../lib/api'
import '../../styles.css'
import './index.css'

const CHANNEL_OPTIONS = LEAD_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))
const INDUSTRY_OPTIONS = INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))

interface LeadForm {
  channel: LeadChannel | ''
  externalRef: string
  replyDueAt: string
  projectName: string
  projectAddress: string
  areaCode: string
  industry: Industry | ''
  employerName: string
  name: string
  phone: string
  workerCount: string
  amountYuan: string
  owedSince: string
  description: string
}

const blank = (areaCode: string): LeadForm => ({
  channel: '',
  externalRef: '',
  replyDueAt: '',
  projectName: '',
  projectAddress: '',
  areaCode,
  industry: '',
  employerName: '',
  name: '',
  phone: '',
  workerCount: '1',
  amountYuan: '',
  owedSince: previousMonth(),
  description: '',
})

type Errors = Record<string, string>

/** What the page can tell before asking the server (the server checks everything again). */
function check(f: LeadForm): Errors {
  const e: Errors = {}
  if (!f.channel) e.channel = '请选择线索来源'
  if (!f.externalRef.trim()) e.externalRef = '请填写来源编号（工单号、线索编号等）'
  if (!f.projectName.trim()) e['project.name'] = '请填写项目名称'
  if (!f.industry) e['project.industry'] = '请选择行业'
  if (!f.name.trim()) e['complainant.name'] = '请填写反映人姓名'
  if (!/^\d+$/.test(f.workerCount.trim()) || Number(f.workerCount) < 1) e.workerCount = '人数至少1人'
  if (yuanToFen(f.amountYuan) === null) e.amountOwedFen = '请填写被欠金额（元）'
  return e
}

/**
 * A lead from 12345, the national platform, 12333, 信访, a walk-in or the media, typed in by staff: the same
 * source and number again is the case registered before, never a second one.
 */
export default function Lead() {
  const [form, setForm] = useState<LeadForm>(() => blank(''))
  const [errors, setErrors] = useState<Errors>({})
  const [topError, setTopError] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<LeadResult | null>(null)
  const [coordinator, setCoordinator] = useState(false)

  useEffect(() => {
    getMe()
      .then((me) => {
        if (me.dept) setForm((f) => (f.areaCode ? f : { ...f, areaCode: me.dept!.areaCode }))
        setCoordinator(me.role === 'coordinator')
      })
      .catch(() => undefined)
  }, [])

  const set = <K extends keyof LeadForm>(key: K, value: LeadForm[K], field: string = key) => {
    setForm((f) => ({ ...f, [key]: value }))
    if (errors[field]) setErrors((old) => Object.fromEntries(Object.entries(old).filter(([k]) => k !== field)))
  }

  const submit = async () => {
    setTopError('')
    const local = check(form)
    if (Object.keys(local).length) {
      setErrors(local)
      setTopError('请按红字提示改一下')
      return
    }
    const body: CallInput<'staff', 'complaint.registerLead'> = {
      channel: form.channel as LeadChannel,
      externalRef: form.externalRef.trim(),
      project: {
        name: form.projectName.trim(),
        areaCode: form.areaCode,
        industry: form.industry as Industry,
        ...(form.projectAddress.trim() ? { address: form.projectAddress.trim() } : {}),
      },
      complainant: { name: form.name.trim(), phone: form.phone.trim() },
      workerCount: Number(form.workerCount),
      amountOwedFen: yuanToFen(form.amountYuan) as number,
      owedSince: form.owedSince,
      ...(form.replyDueAt ? { replyDueAt: form.replyDueAt } : {}),
      ...(form.employerName.trim() ? { employerName: form.employerName.trim() } : {}),
      ...(form.description.trim() ? { description: form.description.trim() } : {}),
    }
    setBusy(true)
    try {
      setDone(await callApi('staff', 'complaint.registerLead', body))
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') {
        setErrors(e.fields || {})
        setTopError(e.message || '请按红字提示改一下')
      } else setTopError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    return (
      <View className="xam-page xam-lead xam-lead-result">
        <View className="xam-card">
          <View className="xam-subtitle">{done.existing ? '这条线索已登记过，以下是原案件' : '线索已登记'}</View>
          <InfoRow label="案件编号">{done.caseNo}</InfoRow>
          <InfoRow label="来源">{CHANNEL_LABELS[done.channel] + ' ' + done.externalRef}</InfoRow>
          <InfoRow label="办理单位">{done.handler.name}</InfoRow>
          <InfoRow label="受理期限">{done.acceptDueAt ? formatDateTime(done.acceptDueAt) : '待定'}</InfoRow>
          {done.replyDueAt ? <InfoRow label="回复来源期限">{formatDateTime(done.replyDueAt)}</InfoRow> : null}
          {done.claimCode ? (
            <View>
              <InfoRow label="认领码">
                <View className="xam-lead-claim">{done.claimCode}</View>
              </InfoRow>
              <View className="xam-hint">请告诉反映人：在微信“薪安码”小程序里用案件编号和认领码认领，就能随时看进度。</View>
            </View>
          ) : null}
        </View>
        <View className="xam-button-row">
          <Button size="large" className="xam-lead-open" onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(done.id))}>
            查看案件
          </Button>
          <Button
            size="large"
            className="xam-lead-next"
            onClick={() => {
              setDone(null)
              setForm((f) => ({ ...blank(f.areaCode), channel: f.channel }))
              setErrors({})
            }}
          >
            再登记一条
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="xam-page xam-lead">
      <ErrorBanner message={topError} />
      <View className="xam-card xam-lead-source">
        <View className="xam-subtitle">线索来源</View>
        <Select
          className="xam-lead-channel"
          options={CHANNEL_OPTIONS}
          value={form.channel}
          placeholder="选择来源"
          onChange={(v: LeadChannel) => set('channel', v)}
        />
        <FieldError name="channel" message={errors.channel} />
        <Input
          className="xam-input xam-lead-ref xam-gap"
          placeholder="来源编号（工单号、线索编号、信访件编号）"
          value={form.externalRef}
          maxLength={64}
          onChange={(v) => set('externalRef', v)}
        />
        <FieldError name="externalRef" message={errors.externalRef} />
        <View className="xam-label xam-gap">来源要求的回复期限（没有可不填）</View>
        <Picker mode="date" value={form.replyDueAt || ''} onChange={(e) => set('replyDueAt', String(e.detail.value))}>
          <View className="xam-picker xam-lead-reply-due">{form.replyDueAt || '选择日期'}</View>
        </Picker>
        <FieldError name="replyDueAt" message={errors.replyDueAt} />
      </View>

      <View className="xam-card xam-lead-project">
        <View className="xam-subtitle">项目</View>
        <Input
          className="xam-input xam-lead-project-name"
          placeholder="项目或单位名称"
          value={form.projectName}
          maxLength={LIMITS.projectName}
          onChange={(v) => set('projectName', v, 'project.name')}
        />
        <FieldError name="project.name" message={errors['project.name']} />
        <Input
          className="xam-input xam-gap"
          placeholder="地址（可不填）"
          value={form.projectAddress}
          maxLength={LIMITS.projectAddress}
          onChange={(v) => set('projectAddress', v, 'project.address')}
        />
        <View className="xam-label xam-gap">所在地区（外地的也登记，由兜底单位转出）</View>
        <AreaPicker className="xam-lead-area" root="" value={form.areaCode} onChange={(v) => set('areaCode', v, 'project.areaCode')} />
        <FieldError name="project.areaCode" message={errors['project.areaCode']} />
        <View className="xam-label xam-gap">行业</View>
        <Select
          className="xam-lead-industry"
          options={INDUSTRY_OPTIONS}
          value={form.industry}
          placeholder="选择行业"
          onChange={(v: Industry) => set('industry', v, 'project.industry')}
        />
        <FieldError name="project.industry" message={errors['project.industry']} />
        <Input
          className="xam-input xam-gap"
          placeholder="欠薪的老板或单位（知道就填）"
          value={form.employerName}
          maxLength={LIMITS.employerName}
          onChange={(v) => set('employerName', v)}
        />
      </View>

      <View className="xam-card xam-lead-person">
        <View className="xam-subtitle">反映人和欠薪情况</View>
        <Input
          className="xam-input xam-lead-name"
          placeholder="反映人姓名"
          value={form.name}
          maxLength={LIMITS.personName}
          onChange={(v) => set('name', v, 'complainant.name')}
        />
        <FieldError name="complainant.name" message={errors['complainant.name']} />
        <Input
          className="xam-input xam-lead-phone xam-gap"
          type="tel"
          placeholder="反映人手机号"
          value={form.phone}
          maxLength={13}
          onChange={(v) => set('phone', v, 'complainant.phone')}
        />
        <FieldError name="complainant.phone" message={errors['complainant.phone']} />
        <Input
          className="xam-input xam-lead-count xam-gap"
          type="number"
          placeholder="涉及人数"
          value={form.workerCount}
          maxLength={5}
          onChange={(v) => set('workerCount', v)}
        />
        <FieldError name="workerCount" message={errors.workerCount} />
        <Input
          className="xam-input xam-lead-amount xam-gap"
          type="digit"
          placeholder="被欠金额（元）"
          value={form.amountYuan}
          maxLength={14}
          onChange={(v) => set('amountYuan', v, 'amountOwedFen')}
        />
        <FieldError name="amountOwedFen" message={errors.amountOwedFen} />
        <View className="xam-label xam-gap">从哪个月开始欠</View>
        <Picker
          mode="date"
          fields="month"
          value={form.owedSince}
          end={currentMonth()}
          onChange={(e) => set('owedSince', String(e.detail.value).slice(0, 7))}
        >
          <View className="xam-picker">{formatMonth(form.owedSince)}</View>
        </Picker>
        <FieldError name="owedSince" message={errors.owedSince} />
        <TextArea
          className="xam-textarea xam-gap"
          placeholder="反映的情况（可照抄工单内容，不要写身份证号）"
          value={form.description}
          maxLength={LIMITS.description}
          onChange={(v) => set('description', v)}
        />
        <FieldError name="description" message={errors.description} />
      </View>

      <Button type="primary" size="xlarge" block loading={busy} className="xam-big-button xam-lead-submit" onClick={submit}>
        登记线索
      </Button>
      {coordinator ? <LeadImport /> : null}
    </View>
  )
}
