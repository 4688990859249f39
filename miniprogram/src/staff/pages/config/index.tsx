import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import type { ConfigView } from '@shared/contract/replies'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { AreaPicker } from '../../components/AreaPicker'
import { beijingDate, endOfBeijingDay } from '../../lib/format'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

// Settings are per area (shared/configScope.ts): this page edits one area's own values, the coordinator's
// own area or one below it; what it does not set itself is inherited from the level above and shown so.

type NumberKey = 'acceptWorkingDays' | 'resolveDaysPublic' | 'resolveDaysComplex' | 'resolveDaysDefault' | 'autoCloseDays' | 'redAfterDays'

const NUMBERS: { key: NumberKey; group: 'deadlines' | 'cards'; label: string; unit: string }[] = [
  { key: 'acceptWorkingDays', group: 'deadlines', label: '转办后受理', unit: '个工作日' },
  { key: 'resolveDaysPublic', group: 'deadlines', label: '政府投资、国企项目办结', unit: '天' },
  { key: 'resolveDaysComplex', group: 'deadlines', label: '复杂案件办结', unit: '天' },
  { key: 'resolveDaysDefault', group: 'deadlines', label: '其他案件办结', unit: '天' },
  { key: 'autoCloseDays', group: 'deadlines', label: '办结后工友不答复，自动结案', unit: '天' },
  { key: 'redAfterDays', group: 'cards', label: '超期后无进展，亮红牌', unit: '天' },
]

const pathOf = (f: (typeof NUMBERS)[number]) => `${f.group}.${f.key}`

type Numbers = Record<NumberKey, string>

const HOLIDAY_EXAMPLE = '{ "2027": { "holidays": ["2027-01-01"], "workdays": ["2027-02-06"] } }'

const valueIn = (v: ConfigView['effective'], f: (typeof NUMBERS)[number]) => (v[f.group] as Record<string, number>)[f.key]
const isOwn = (v: ConfigView, f: (typeof NUMBERS)[number]) => v.sources[pathOf(f)] === v.areaCode
const levelName = (v: ConfigView, code: string | undefined) => v.levels.find((l) => l.areaCode === code)?.name ?? '全国默认'

export default function Settings() {
  const { me, meError } = useMe()
  const myArea = me && me.dept ? me.dept.areaCode : ''
  const [view, setView] = useState<ConfigView | null>(null)
  const [target, setTarget] = useState('')
  const [numbers, setNumbers] = useState<Numbers>({
    acceptWorkingDays: '',
    resolveDaysPublic: '',
    resolveDaysComplex: '',
    resolveDaysDefault: '',
    autoCloseDays: '',
    redAfterDays: '',
  })
  /** Own values to drop, so the level above applies again. */
  const [inherit, setInherit] = useState<Partial<Record<NumberKey, boolean>>>({})
  const [campaignOn, setCampaignOn] = useState(false)
  const [campaignDate, setCampaignDate] = useState('')
  const [campaignArea, setCampaignArea] = useState('')
  const [holidays, setHolidays] = useState('{}')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const fill = (v: ConfigView) => {
    const next = {} as Numbers
    for (const f of NUMBERS) next[f.key] = String(valueIn(v.effective, f))
    setNumbers(next)
    setInherit({})
    const own = v.campaigns.find((c) => c.setAt === v.areaCode)
    setCampaignOn(!!own)
    setCampaignDate(own ? beijingDate(own.endsAt) : '')
    setCampaignArea(own ? own.areaCode : v.areaCode)
    setHolidays(JSON.stringify(v.effective.holidays || {}, null, 2))
    setTarget(v.areaCode)
    setView(v)
  }

  const load = (areaCode?: string) => {
    setError('')
    setErrors({})
    callApi('admin', 'config.get', areaCode ? { areaCode } : {})
      .then(fill)
      .catch((e) => setError(errorMessage(e)))
  }

  // Load once when the page opens; later loads follow the area picker.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => load(), [])

  const save = async () => {
    if (!view) return
    const local: Record<string, string> = {}
    const patch: Record<string, Record<string, number | null>> = {}
    for (const f of NUMBERS) {
      const put = (v: number | null) => {
        patch[f.group] = { ...(patch[f.group] || {}), [f.key]: v }
      }
      if (inherit[f.key]) {
        put(null)
        continue
      }
      const v = numbers[f.key].trim()
      if (!/^\d+$/.test(v) || Number(v) < 1) local[pathOf(f)] = '请填写正整数'
      // Only what this area sets itself: its own values, and what it changes from the inherited ones.
      else if (isOwn(view, f) || Number(v) !== valueIn(view.effective, f)) put(Number(v))
    }
    const ownCampaign = view.campaigns.find((c) => c.setAt === view.areaCode)
    let campaign: { endsAt: string; areaCode: string } | null | undefined
    if (campaignOn) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(campaignDate)) local['campaign.endsAt'] = '请选择截止日期'
      if (!/^\d{6}$/.test(campaignArea)) local['campaign.areaCode'] = '请选择地区'
      campaign = { endsAt: endOfBeijingDay(campaignDate), areaCode: campaignArea }
    } else if (ownCampaign) campaign = null
    let holidayPatch: Record<string, unknown> | undefined
    if (view.national) {
      try {
        const parsed = JSON.parse(holidays.trim() || '{}')
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
        if (JSON.stringify(parsed) !== JSON.stringify(view.effective.holidays || {})) {
          // Each year is replaced whole; a year taken out of the text is removed.
          const years: Record<string, unknown> = { ...parsed }
          for (const y of Object.keys(view.effective.holidays || {})) if (!(y in parsed)) years[y] = null
          holidayPatch = years
        }
      } catch {
        local.holidays = '格式不对，请参照示例填写'
      }
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
        ...(view.areaCode !== myArea ? { areaCode: view.areaCode } : {}),
        ...patch,
        ...(campaign !== undefined ? { campaign } : {}),
        ...(holidayPatch ? { holidays: holidayPatch } : {}),
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

  const holidayError = Object.keys(errors)
    .filter((k) => k.indexOf('holidays') === 0)
    .map((k) => errors[k])[0]
  const wider = view ? view.campaigns.filter((c) => c.setAt !== view.areaCode) : []

  return (
    <View className="xam-page xam-config">
      <ErrorBanner message={meError || error} />
      {!view && !error ? <View className="xam-empty">正在加载……</View> : null}
      {view ? (
        <View>
          <View className="xam-card xam-config-area">
            <View className="xam-subtitle">本辖区设置：{view.areaName}</View>
            <View className="xam-hint">
              这里的设置只管{view.areaName}
              {view.areaCode === myArea ? '及下级地区' : ''}。没有单独设置的，沿用上级（全国默认 → 省 → 市 → 区县，越近的越优先）。
            </View>
            {myArea ? (
              <View>
                <View className="xam-label xam-gap">设置哪个地区</View>
                <AreaPicker
                  className="xam-config-target"
                  root={myArea}
                  allowWhole
                  value={target}
                  onChange={(code) => code && load(code === myArea ? undefined : code)}
                />
                <FieldError name="areaCode" message={errors.areaCode} />
              </View>
            ) : null}
          </View>

          <View className="xam-card xam-config-deadlines">
            <View className="xam-subtitle">办理期限</View>
            {NUMBERS.map((f) => {
              const own = isOwn(view, f)
              return (
                <View key={f.key} className={'xam-config-row xam-config-' + f.key}>
                  <View className="xam-config-label">{f.label}</View>
                  <View className="xam-config-input-row">
                    <Input
                      className="xam-input xam-config-input"
                      type="number"
                      value={numbers[f.key]}
                      maxLength={3}
                      disabled={!!inherit[f.key]}
                      onChange={(v) => setNumbers({ ...numbers, [f.key]: v })}
                    />
                    <View className="xam-config-unit">{f.unit}</View>
                  </View>
                  <View className={'xam-config-source' + (own ? ' xam-config-own' : ' xam-config-inherited')}>
                    {own ? `本辖区设置（上级为${valueIn(view.inherited, f)}${f.unit}）` : `沿用${levelName(view, view.sources[pathOf(f)])}`}
                  </View>
                  {own ? (
                    <Checkbox
                      className="xam-check xam-config-inherit"
                      checked={!!inherit[f.key]}
                      label="改回沿用上级"
                      onChange={(on) => setInherit({ ...inherit, [f.key]: on })}
                    />
                  ) : null}
                  <FieldError name={pathOf(f)} message={errors[pathOf(f)]} />
                </View>
              )
            })}
          </View>

          <View className="xam-card xam-config-campaign">
            <View className="xam-subtitle">专项行动</View>
            <View className="xam-hint">
              开启后，所选地区所有未办结案件的期限都不会晚于截止日期（例如“春节前动态清零”）。只能在{view.areaName}范围内开展。
            </View>
            {wider.map((c) => (
              <View key={c.setAt + c.areaCode} className="xam-hint xam-config-wider-campaign">
                上级专项行动（{levelName(view, c.setAt)}设置）：{c.areaCode === view.areaCode ? '本地区' : '所选地区'}案件
                {beijingDate(c.endsAt)}前办结，本辖区不能取消
              </View>
            ))}
            <Checkbox className="xam-check xam-campaign-on" checked={campaignOn} label="开启本辖区专项行动" onChange={setCampaignOn} />
            {campaignOn ? (
              <View>
                <View className="xam-label">截止日期（当天24点前）</View>
                <Picker
                  mode="date"
                  value={campaignDate || beijingDate(new Date().toISOString())}
                  onChange={(e) => setCampaignDate(String(e.detail.value))}
                >
                  <View className={'xam-picker xam-campaign-date' + (campaignDate ? '' : ' xam-select-empty')}>
                    {campaignDate || '选择日期'}
                  </View>
                </Picker>
                <FieldError name="campaign.endsAt" message={errors['campaign.endsAt']} />
                <View className="xam-label xam-gap">地区</View>
                <AreaPicker className="xam-campaign-area" root={view.areaCode} allowWhole value={campaignArea} onChange={setCampaignArea} />
                <FieldError name="campaign.areaCode" message={errors['campaign.areaCode']} />
              </View>
            ) : null}
          </View>

          <View className="xam-card xam-config-holidays">
            <View className="xam-subtitle">节假日安排</View>
            {view.national ? (
              <View>
                <View className="xam-hint">
                  放假安排全国统一，由最上级联席办填写，所有地区通用。系统已内置已公布年份的节假日；新一年的放假安排公布后，按年份填在这里（holidays
                  放假日，workdays 调休上班日）。示例：
                </View>
                <View className="xam-config-example">{HOLIDAY_EXAMPLE}</View>
                <TextArea className="xam-textarea xam-holidays" value={holidays} maxLength={20000} rows={8} onChange={setHolidays} />
                <FieldError name="holidays" message={holidayError} />
              </View>
            ) : (
              <View className="xam-hint xam-config-holidays-national">
                放假安排全国统一，由最上级联席办填写。
                {Object.keys(view.effective.holidays || {}).length ? `已补充：${Object.keys(view.effective.holidays).join('、')}年。` : ''}
              </View>
            )}
          </View>

          <Button type="primary" size="xlarge" block loading={busy} className="xam-big-button xam-config-save" onClick={save}>
            保存{view.areaName}的设置
          </Button>
        </View>
      ) : null}
    </View>
  )
}
