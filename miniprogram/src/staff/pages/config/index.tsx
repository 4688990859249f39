import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input } from '@nutui/nutui-react-taro'
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

type NumberKey =
  | 'acceptWorkingDays'
  | 'resolveDaysPublic'
  | 'resolveDaysComplex'
  | 'resolveDaysDefault'
  | 'autoCloseDays'
  | 'redAfterDays'
  | 'reportWorkers'
  | 'reportMonths'
  | 'reportMonthsAlone'
  | 'reportComplaintsPerEmployer'
  | 'reportWindowDays'
  | 'perWorkerPerHour'
  | 'perSitePerHour'
  | 'minCases'
  | 'minUnpaidFen'

type Group = 'deadlines' | 'cards' | 'risk' | 'rateLimits' | 'credit'

/** Every number a coordinator sets, labelled with its unit (never a raw key). `section`: the card it is shown in. */
/** `scale`: stored units per shown unit (fen per 元). */
const NUMBERS: { key: NumberKey; group: Group; section: 'deadlines' | 'limits'; label: string; unit: string; scale?: number }[] = [
  { key: 'acceptWorkingDays', group: 'deadlines', section: 'deadlines', label: '转办后受理', unit: '个工作日' },
  { key: 'resolveDaysPublic', group: 'deadlines', section: 'deadlines', label: '政府投资、国企项目办结', unit: '天' },
  { key: 'resolveDaysComplex', group: 'deadlines', section: 'deadlines', label: '复杂案件办结', unit: '天' },
  { key: 'resolveDaysDefault', group: 'deadlines', section: 'deadlines', label: '其他案件办结', unit: '天' },
  { key: 'autoCloseDays', group: 'deadlines', section: 'deadlines', label: '办结后工友不答复，自动结案', unit: '天' },
  { key: 'redAfterDays', group: 'cards', section: 'deadlines', label: '超期后无进展，亮红牌', unit: '天' },
  { key: 'reportWorkers', group: 'risk', section: 'limits', label: '即时报告：涉及人数达到', unit: '人' },
  { key: 'reportMonths', group: 'risk', section: 'limits', label: '即时报告：欠薪时间达到', unit: '个月' },
  { key: 'reportMonthsAlone', group: 'risk', section: 'limits', label: '即时报告：单个案件欠薪达到', unit: '个月' },
  { key: 'reportComplaintsPerEmployer', group: 'risk', section: 'limits', label: '即时报告：同一用人单位被投诉达到', unit: '次' },
  { key: 'reportWindowDays', group: 'risk', section: 'limits', label: '以上投诉次数统计最近', unit: '天' },
  { key: 'perWorkerPerHour', group: 'rateLimits', section: 'limits', label: '每位工友每小时最多投诉', unit: '件' },
  { key: 'perSitePerHour', group: 'rateLimits', section: 'limits', label: '一个项目每小时投诉达到（提醒群体性苗头）', unit: '件' },
  { key: 'minCases', group: 'credit', section: 'limits', label: '失信惩戒推荐：同一用人单位被投诉达到', unit: '件' },
  { key: 'minUnpaidFen', group: 'credit', section: 'limits', label: '失信惩戒推荐：未支付工资达到', unit: '元', scale: 100 },
]

const pathOf = (f: (typeof NUMBERS)[number]) => `${f.group}.${f.key}`

type Numbers = Record<NumberKey, string>

/** The area's service as the worker's pages show it, and the two yes/no criteria of the offender ledger. */
const TEXTS = [
  { key: 'authority', path: 'service.authority', label: '主办单位', hint: '不填则显示本市根治欠薪工作领导小组办公室', max: 40 },
  { key: 'hotline', path: 'service.hotline', label: '咨询电话', hint: '如 12333 或 0312-12333', max: 20 },
] as const
const SWITCHES = [
  { key: 'unpaidPaymentOrder', path: 'credit.unpaidPaymentOrder', label: '失信惩戒推荐：责令限期支付后仍未支付' },
  { key: 'severeIncident', path: 'credit.severeIncident', label: '失信惩戒推荐：引发群体性事件或极端事件' },
] as const
type TextKey = (typeof TEXTS)[number]['key']
type SwitchKey = (typeof SWITCHES)[number]['key']

/** One year's schedule as edited: each date marked 休 (holiday) or 班 (make-up working day). */
type Marks = Record<string, 'off' | 'work'>

/** The configured schedules as marks by date. */
function marksOf(schedules: ConfigView['effective']['holidays'] | undefined): Marks {
  const out: Marks = {}
  const h = schedules || {}
  for (const y of Object.keys(h)) {
    for (const d of h[y].holidays || []) out[d] = 'off'
    for (const d of h[y].workdays || []) out[d] = 'work'
  }
  return out
}

/** Marks back into schedules by year. */
function schedulesOf(m: Marks): Record<string, { holidays: string[]; workdays: string[] }> {
  const out: Record<string, { holidays: string[]; workdays: string[] }> = {}
  for (const d of Object.keys(m).sort()) {
    const y = d.slice(0, 4)
    if (!out[y]) out[y] = { holidays: [], workdays: [] }
    if (m[d] === 'off') out[y].holidays.push(d)
    else out[y].workdays.push(d)
  }
  return out
}

/** Where the date picker starts: 1 January of next year (schedules are published for the year ahead). */
const nextNewYear = () => `${Number(beijingDate(new Date().toISOString()).slice(0, 4)) + 1}-01-01`

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const weekdayOf = (ymd: string) => WEEKDAYS[new Date(ymd + 'T12:00:00Z').getUTCDay()]

const valueIn = (v: ConfigView['effective'], f: (typeof NUMBERS)[number]) => (v[f.group] as Record<string, number>)[f.key] / (f.scale ?? 1)
const isOwn = (v: ConfigView, f: (typeof NUMBERS)[number]) => v.sources[pathOf(f)] === v.areaCode
const levelName = (v: ConfigView, code: string | undefined) => v.levels.find((l) => l.areaCode === code)?.name ?? '全国默认'

export default function Settings() {
  const { me, meError } = useMe()
  const myArea = me && me.dept ? me.dept.areaCode : ''
  const [view, setView] = useState<ConfigView | null>(null)
  const [target, setTarget] = useState('')
  const [numbers, setNumbers] = useState<Numbers>(() => {
    const empty = {} as Numbers
    for (const f of NUMBERS) empty[f.key] = ''
    return empty
  })
  /** Own values to drop, so the level above applies again. */
  const [inherit, setInherit] = useState<Partial<Record<NumberKey, boolean>>>({})
  const [texts, setTexts] = useState<Record<TextKey, string>>({ authority: '', hotline: '' })
  const [switches, setSwitches] = useState<Record<SwitchKey, boolean>>({ unpaidPaymentOrder: true, severeIncident: true })
  const [campaignOn, setCampaignOn] = useState(false)
  const [campaignDate, setCampaignDate] = useState('')
  const [campaignArea, setCampaignArea] = useState('')
  const [marks, setMarks] = useState<Marks>({})
  const [pickedDay, setPickedDay] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const fill = (v: ConfigView) => {
    const next = {} as Numbers
    for (const f of NUMBERS) next[f.key] = String(valueIn(v.effective, f))
    setNumbers(next)
    setInherit({})
    setTexts({ authority: v.effective.service.authority, hotline: v.effective.service.hotline })
    setSwitches({ unpaidPaymentOrder: v.effective.credit.unpaidPaymentOrder, severeIncident: v.effective.credit.severeIncident })
    const own = v.campaigns.find((c) => c.setAt === v.areaCode)
    setCampaignOn(!!own)
    setCampaignDate(own ? beijingDate(own.endsAt) : '')
    setCampaignArea(own ? own.areaCode : v.areaCode)
    setMarks(marksOf(v.effective.holidays))
    setPickedDay('')
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
    const patch: Record<string, Record<string, number | string | boolean | null>> = {}
    for (const f of NUMBERS) {
      const put = (v: number | null) => {
        patch[f.group] = { ...(patch[f.group] || {}), [f.key]: v }
      }
      if (inherit[f.key]) {
        put(null)
        continue
      }
      const v = numbers[f.key].trim()
      if (!/^\d+$/.test(v) || Number(v) < 1) local[pathOf(f)] = `${f.label}：请填写正整数（${f.unit}）`
      // Only what this area sets itself: its own values, and what it changes from the inherited ones.
      else if (isOwn(view, f) || Number(v) !== valueIn(view.effective, f)) put(Number(v) * (f.scale ?? 1))
    }
    for (const t of TEXTS) {
      const v = texts[t.key].trim()
      if (t.key === 'hotline' && !/^[0-9][0-9-]{2,19}$/.test(v)) local[t.path] = '咨询电话：只能是数字和短横线，如 12333 或 0312-12333'
      else if (v.length > t.max) local[t.path] = `${t.label}：最多${t.max}个字`
      else if (view.sources[t.path] === view.areaCode || v !== view.effective.service[t.key]) {
        patch.service = { ...(patch.service || {}), [t.key]: v }
      }
    }
    for (const w of SWITCHES) {
      if (view.sources[w.path] === view.areaCode || switches[w.key] !== view.effective.credit[w.key]) {
        patch.credit = { ...(patch.credit || {}), [w.key]: switches[w.key] }
      }
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
      const was = view.effective.holidays || {}
      const now = schedulesOf(marks)
      // Each year is replaced whole; a year with no date left is removed.
      const years: Record<string, unknown> = {}
      for (const y of Object.keys(now)) if (JSON.stringify(now[y]) !== JSON.stringify(was[y])) years[y] = now[y]
      for (const y of Object.keys(was)) if (!now[y]) years[y] = null
      if (Object.keys(years).length) holidayPatch = years
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

  const mark = (kind: 'off' | 'work') => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(pickedDay)) {
      setErrors({ ...errors, holidays: '请先选择日期' })
      return
    }
    setMarks({ ...marks, [pickedDay]: kind })
    setErrors({ ...errors, holidays: '' })
  }
  const unmark = (day: string) => {
    const next = { ...marks }
    delete next[day]
    setMarks(next)
  }
  const markedDays = Object.keys(marks).sort()
  // A year the built-in calendar knows (this year and before) is replaced whole by what is marked here.
  const thisYear = Number(beijingDate(new Date().toISOString()).slice(0, 4))
  const replacedYears = view
    ? [...new Set(markedDays.map((d) => d.slice(0, 4)))].filter((y) => Number(y) <= thisYear && !(view.effective.holidays || {})[y])
    : []

  const numberRow = (f: (typeof NUMBERS)[number], v: ConfigView) => {
    const own = isOwn(v, f)
    return (
      <View key={f.key} className={'xam-config-row xam-config-' + f.key}>
        <View className="xam-config-label">{f.label}</View>
        <View className="xam-config-input-row">
          <Input
            className="xam-input xam-config-input"
            type="number"
            value={numbers[f.key]}
            maxLength={6}
            disabled={!!inherit[f.key]}
            onChange={(x) => setNumbers({ ...numbers, [f.key]: x })}
          />
          <View className="xam-config-unit">{f.unit}</View>
        </View>
        <View className={'xam-config-source' + (own ? ' xam-config-own' : ' xam-config-inherited')}>
          {own ? `本辖区设置（上级为${valueIn(v.inherited, f)}${f.unit}）` : `沿用${levelName(v, v.sources[pathOf(f)])}`}
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
            {NUMBERS.filter((f) => f.section === 'deadlines').map((f) => numberRow(f, view))}
          </View>

          <View className="xam-card xam-config-limits">
            <View className="xam-subtitle">报告和限制</View>
            {NUMBERS.filter((f) => f.section === 'limits').map((f) => numberRow(f, view))}
          </View>

          <View className="xam-card xam-config-service">
            <View className="xam-subtitle">主办单位和咨询电话</View>
            <View className="xam-hint">工友扫码后的页面上显示。</View>
            {TEXTS.map((t) => (
              <View key={t.key} className={'xam-config-row xam-config-' + t.key}>
                <View className="xam-config-label">{t.label}</View>
                <Input
                  className="xam-input xam-config-text"
                  type={t.key === 'hotline' ? 'tel' : 'text'}
                  value={texts[t.key]}
                  maxLength={t.max}
                  placeholder={t.hint}
                  onChange={(x) => setTexts({ ...texts, [t.key]: x })}
                />
                <View className="xam-config-source">
                  {view.sources[t.path] === view.areaCode ? '本辖区设置' : `沿用${levelName(view, view.sources[t.path])}`}
                </View>
                <FieldError name={t.path} message={errors[t.path]} />
              </View>
            ))}
          </View>

          <View className="xam-card xam-config-credit">
            <View className="xam-subtitle">失信惩戒推荐条件</View>
            {SWITCHES.map((w) => (
              <View key={w.key} className={'xam-config-row xam-config-' + w.key}>
                <Checkbox
                  className="xam-check xam-config-switch"
                  checked={switches[w.key]}
                  label={w.label}
                  onChange={(on) => setSwitches({ ...switches, [w.key]: on })}
                />
                <View className="xam-config-source">
                  {view.sources[w.path] === view.areaCode ? '本辖区设置' : `沿用${levelName(view, view.sources[w.path])}`}
                </View>
                <FieldError name={w.path} message={errors[w.path]} />
              </View>
            ))}
          </View>

          <View className="xam-card xam-config-link">
            <View className="xam-subtitle">公开链接前缀</View>
            <View className="xam-config-link-value">{view.publicBaseUrl || '（未设置）'}</View>
            <View className="xam-hint">二维码、回执和短信里的链接都以它开头。由部署时的环境变量 PUBLIC_BASE_URL 设定，这里不能修改。</View>
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
                  放假安排全国统一，由最上级联席办填写，所有地区通用。系统已内置已公布年份的节假日；新一年的放假安排公布后，在这里逐日标出：休（放假）或班（调休上班）。
                </View>
                <View className="xam-label">选择日期</View>
                <Picker
                  className="xam-holiday-picker"
                  mode="date"
                  value={pickedDay || nextNewYear()}
                  onChange={(e) => setPickedDay(String(e.detail.value))}
                >
                  <View className={'xam-picker xam-holiday-date' + (pickedDay ? '' : ' xam-select-empty')}>
                    {pickedDay ? `${pickedDay} ${weekdayOf(pickedDay)}` : '选择日期'}
                  </View>
                </Picker>
                <View className="xam-small-button-row">
                  <Button className="xam-holiday-off" onClick={() => mark('off')}>
                    标为 休（放假）
                  </Button>
                  <Button className="xam-holiday-work" onClick={() => mark('work')}>
                    标为 班（调休上班）
                  </Button>
                </View>
                {replacedYears.length ? (
                  <View className="xam-field-error xam-holiday-replace">
                    {replacedYears.join('、')}年的放假安排系统已内置。在这里标注后以这里为准，请把当年所有放假日和调休上班日都标出来。
                  </View>
                ) : null}
                {markedDays.length ? (
                  <View className="xam-holiday-list">
                    {markedDays.map((d) => (
                      <View key={d} className={'xam-holiday-day xam-holiday-' + marks[d]} data-day={d}>
                        <View className={'xam-holiday-mark xam-holiday-mark-' + marks[d]}>{marks[d] === 'off' ? '休' : '班'}</View>
                        <View className="xam-holiday-text">
                          {d} {weekdayOf(d)}
                        </View>
                        <View className="xam-link xam-holiday-remove" onClick={() => unmark(d)}>
                          删除
                        </View>
                      </View>
                    ))}
                  </View>
                ) : (
                  <View className="xam-muted xam-holiday-none">还没有补充的日期（已公布年份用系统内置的节假日）</View>
                )}
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
