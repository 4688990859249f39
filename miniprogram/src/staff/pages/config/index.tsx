import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import type { Config } from '@shared/config'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { AreaPicker } from '../../components/AreaPicker'
import { beijingDate, endOfBeijingDay } from '../../lib/format'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

type NumberKey = 'acceptWorkingDays' | 'resolveDaysPublic' | 'resolveDaysComplex' | 'resolveDaysDefault' | 'autoCloseDays' | 'redAfterDays'

const NUMBERS: { key: NumberKey; path: string; label: string; unit: string }[] = [
  { key: 'acceptWorkingDays', path: 'deadlines.acceptWorkingDays', label: '转办后受理', unit: '个工作日' },
  { key: 'resolveDaysPublic', path: 'deadlines.resolveDaysPublic', label: '政府投资、国企项目办结', unit: '天' },
  { key: 'resolveDaysComplex', path: 'deadlines.resolveDaysComplex', label: '复杂案件办结', unit: '天' },
  { key: 'resolveDaysDefault', path: 'deadlines.resolveDaysDefault', label: '其他案件办结', unit: '天' },
  { key: 'autoCloseDays', path: 'deadlines.autoCloseDays', label: '办结后工友不答复，自动结案', unit: '天' },
  { key: 'redAfterDays', path: 'cards.redAfterDays', label: '超期后无进展，亮红牌', unit: '天' },
]

type Numbers = Record<NumberKey, string>

const HOLIDAY_EXAMPLE = '{ "2027": { "holidays": ["2027-01-01"], "workdays": ["2027-02-06"] } }'

export default function Settings() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [loaded, setLoaded] = useState(false)
  const [numbers, setNumbers] = useState<Numbers>({
    acceptWorkingDays: '',
    resolveDaysPublic: '',
    resolveDaysComplex: '',
    resolveDaysDefault: '',
    autoCloseDays: '',
    redAfterDays: '',
  })
  const [campaignOn, setCampaignOn] = useState(false)
  const [campaignDate, setCampaignDate] = useState('')
  const [campaignArea, setCampaignArea] = useState('')
  const [holidays, setHolidays] = useState('{}')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const fill = (c: Config) => {
    setNumbers({
      acceptWorkingDays: String(c.deadlines.acceptWorkingDays),
      resolveDaysPublic: String(c.deadlines.resolveDaysPublic),
      resolveDaysComplex: String(c.deadlines.resolveDaysComplex),
      resolveDaysDefault: String(c.deadlines.resolveDaysDefault),
      autoCloseDays: String(c.deadlines.autoCloseDays),
      redAfterDays: String(c.cards.redAfterDays),
    })
    setCampaignOn(!!c.campaign)
    setCampaignDate(c.campaign ? beijingDate(c.campaign.endsAt) : '')
    setCampaignArea(c.campaign ? c.campaign.areaCode : '')
    setHolidays(JSON.stringify(c.holidays || {}, null, 2))
    setLoaded(true)
  }

  useEffect(() => {
    callApi('admin', 'config.get', {})
      .then(fill)
      .catch((e) => setError(errorMessage(e)))
  }, [])
  useEffect(() => {
    if (area && !campaignArea) setCampaignArea(area)
  }, [area, campaignArea])

  const save = async () => {
    const local: Record<string, string> = {}
    const n: Partial<Record<NumberKey, number>> = {}
    for (const f of NUMBERS) {
      const v = numbers[f.key].trim()
      if (!/^\d+$/.test(v) || Number(v) < 1) local[f.path] = '请填写正整数'
      else n[f.key] = Number(v)
    }
    if (campaignOn) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(campaignDate)) local['campaign.endsAt'] = '请选择截止日期'
      if (!/^\d{6}$/.test(campaignArea)) local['campaign.areaCode'] = '请选择地区'
    }
    let parsedHolidays: unknown = {}
    try {
      parsedHolidays = JSON.parse(holidays.trim() || '{}')
      if (!parsedHolidays || typeof parsedHolidays !== 'object' || Array.isArray(parsedHolidays)) throw new Error('not an object')
    } catch {
      local.holidays = '格式不对，请参照示例填写'
    }
    if (Object.keys(local).length) {
      setErrors(local)
      setError('请按红字提示改一下')
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      const next = await callApi('admin', 'config.set', {
        deadlines: {
          acceptWorkingDays: n.acceptWorkingDays,
          resolveDaysPublic: n.resolveDaysPublic,
          resolveDaysComplex: n.resolveDaysComplex,
          resolveDaysDefault: n.resolveDaysDefault,
          autoCloseDays: n.autoCloseDays,
        },
        cards: { redAfterDays: n.redAfterDays },
        campaign: campaignOn ? { endsAt: endOfBeijingDay(campaignDate), areaCode: campaignArea } : null,
        holidays: parsedHolidays,
      })
      fill(next)
      Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const holidayError = Object.keys(errors).filter((k) => k.indexOf('holidays') === 0).map((k) => errors[k])[0]

  return (
    <View className="xam-page xam-config">
      <ErrorBanner message={meError || error} />
      {!loaded && !error ? <View className="xam-empty">正在加载……</View> : null}
      {loaded ? (
        <View>
          <View className="xam-card xam-config-deadlines">
            <View className="xam-subtitle">办理期限</View>
            {NUMBERS.map((f) => (
              <View key={f.key} className={'xam-config-row xam-config-' + f.key}>
                <View className="xam-config-label">{f.label}</View>
                <View className="xam-config-input-row">
                  <Input
                    className="xam-input xam-config-input"
                    type="number"
                    value={numbers[f.key]}
                    maxLength={3}
                    onChange={(v) => setNumbers({ ...numbers, [f.key]: v })}
                  />
                  <View className="xam-config-unit">{f.unit}</View>
                </View>
                <FieldError name={f.path} message={errors[f.path]} />
              </View>
            ))}
          </View>

          <View className="xam-card xam-config-campaign">
            <View className="xam-subtitle">专项行动</View>
            <View className="xam-hint">开启后，所选地区所有未办结案件的期限都不会晚于截止日期（例如“春节前动态清零”）。</View>
            <Checkbox className="xam-check xam-campaign-on" checked={campaignOn} label="开启专项行动" onChange={setCampaignOn} />
            {campaignOn ? (
              <View>
                <View className="xam-label">截止日期（当天24点前）</View>
                <Picker mode="date" value={campaignDate || beijingDate(new Date().toISOString())} onChange={(e) => setCampaignDate(String(e.detail.value))}>
                  <View className={'xam-picker xam-campaign-date' + (campaignDate ? '' : ' xam-select-empty')}>{campaignDate || '选择日期'}</View>
                </Picker>
                <FieldError name="campaign.endsAt" message={errors['campaign.endsAt']} />
                <View className="xam-label xam-gap">地区</View>
                {area ? <AreaPicker className="xam-campaign-area" root={area} allowWhole value={campaignArea} onChange={setCampaignArea} /> : null}
                <FieldError name="campaign.areaCode" message={errors['campaign.areaCode']} />
              </View>
            ) : null}
          </View>

          <View className="xam-card xam-config-holidays">
            <View className="xam-subtitle">节假日安排</View>
            <View className="xam-hint">系统已内置已公布年份的节假日。新一年的放假安排公布后，按年份填在这里（holidays 放假日，workdays 调休上班日）。示例：</View>
            <View className="xam-config-example">{HOLIDAY_EXAMPLE}</View>
            <TextArea className="xam-textarea xam-holidays" value={holidays} maxLength={20000} rows={8} onChange={setHolidays} />
            <FieldError name="holidays" message={holidayError} />
          </View>

          <Button type="primary" size="xlarge" block loading={busy} className="xam-big-button xam-config-save" onClick={save}>
            保存设置
          </Button>
        </View>
      ) : null}
    </View>
  )
}
