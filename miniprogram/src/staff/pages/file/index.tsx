import { useEffect, useRef, useState } from 'react'
import { LIMITS } from '@shared/contract/fields'
import Taro from '@tarojs/taro'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import { CONTACT_PHONE_OF, INDUSTRIES, type Industry } from '@shared/types'
import { CONTACT_PHONE_OF_LABELS, FUNDING_LABELS, INDUSTRY_LABELS, formatFen } from '@shared/labels'
import { normalizeSiteCode } from '@shared/validators/siteCode'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { InfoRow } from '../../../components/InfoRow'
import { newClientRequestId } from '../../../utils/ids'
import { currentMonth, formatMonth, previousMonth } from '../../../utils/time'
import { AreaPicker } from '../../components/AreaPicker'
import { Select } from '../../components/Select'
import { getMe } from '../../lib/api'
import {
  checkFileForm,
  fileBodyErrors,
  filledRows,
  formErrorsFromServer,
  toFileBody,
  totalFen,
  workerCountOf,
  type Errors,
  type FileForm,
  type PersonRow,
} from '../../lib/fileForm'
import type { SiteInfo as LookedUp } from '@shared/contract'
import '../../styles.css'
import './index.css'

let rowKey = 0
const newRow = (): PersonRow => ({
  key: ++rowKey,
  name: '',
  phone: '',
  noPhone: false,
  contactPhone: '',
  contactPhoneOf: '',
  idNumber: '',
  amountYuan: '',
})

const INDUSTRY_OPTIONS = INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))

function blankForm(areaCode: string): FileForm {
  return {
    group: false,
    people: [newRow()],
    workerCount: '',
    hasSite: true,
    siteCode: '',
    projectName: '',
    projectAddress: '',
    areaCode,
    industry: '',
    employerName: '',
    owedSince: previousMonth(),
    description: '',
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
  }
}

export default function FileOnBehalf() {
  const [form, setForm] = useState<FileForm>(() => blankForm(''))
  const [errors, setErrors] = useState<Errors>({})
  const [topError, setTopError] = useState('')
  const [busy, setBusy] = useState(false)
  const [site, setSite] = useState<LookedUp | null>(null)
  const [looking, setLooking] = useState(false)
  // One id per filled form: a retry after a network failure must not register the case twice.
  const requestId = useRef(newClientRequestId())

  useEffect(() => {
    getMe()
      .then((me) => {
        if (me.dept) setForm((f) => (f.areaCode ? f : { ...f, areaCode: me.dept!.areaCode }))
      })
      .catch(() => undefined)
  }, [])

  const clear = (...keys: string[]) => {
    if (!keys.some((k) => errors[k])) return
    setErrors((old) => {
      const next = { ...old }
      for (const k of keys) delete next[k]
      return next
    })
  }
  const set = <K extends keyof FileForm>(key: K, value: FileForm[K], ...fields: string[]) => {
    setForm((f) => ({ ...f, [key]: value }))
    clear(...fields)
  }
  const rowPath = (i: number, field: string) =>
    form.group ? `complainants.${i}.${field}` : field === 'amountOwedFen' ? 'amountOwedFen' : `complainant.${field}`
  const setRow = (i: number, patch: Partial<PersonRow>, field: string) => {
    setForm((f) => ({ ...f, people: f.people.map((r, j) => (j === i ? { ...r, ...patch } : r)) }))
    clear(rowPath(i, field), 'amountOwedFen')
  }
  const setGroup = (group: boolean) => {
    setForm((f) => ({
      ...f,
      group,
      people: group && f.people.length < 2 ? f.people.concat([newRow()]) : f.people,
    }))
    setErrors({})
  }
  const addRow = () => setForm((f) => ({ ...f, people: f.people.concat([newRow()]) }))
  const removeRow = (i: number) => {
    setForm((f) => ({ ...f, people: f.people.filter((_, j) => j !== i) }))
    setErrors({})
  }

  const lookup = async () => {
    const code = normalizeSiteCode(form.siteCode)
    setSite(null)
    if (!code) {
      setErrors((e) => ({ ...e, siteCode: '请填写项目码（贴纸二维码下方的7位字母数字）' }))
      return
    }
    setLooking(true)
    try {
      setSite(await callApi('worker', 'site.lookup', { code }))
      clear('siteCode')
    } catch (e) {
      setErrors((old) => ({ ...old, siteCode: errorMessage(e) }))
    } finally {
      setLooking(false)
    }
  }

  const submit = async () => {
    setTopError('')
    const body = toFileBody(form, requestId.current)
    const local = checkFileForm(form)
    if (!Object.keys(local).length) Object.assign(local, fileBodyErrors(body, form.group))
    if (Object.keys(local).length) {
      setErrors(local)
      setTopError('请按红字提示改一下')
      return
    }
    setBusy(true)
    try {
      const r = await callApi('staff', 'complaint.fileOnBehalf', body)
      Taro.redirectTo({ url: '/staff/pages/receipt/index?id=' + encodeURIComponent(r.id) + '&new=1' })
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') {
        setErrors(formErrorsFromServer(e.fields, form.group))
        setTopError(e.message && e.message !== '请求内容不对' ? e.message : '请按红字提示改一下')
      } else {
        setTopError(errorMessage(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const rows = filledRows(form)
  const total = totalFen(rows)
  const count = workerCountOf(form)

  return (
    <View className="xam-page xam-file">
      <View className="xam-segment xam-file-mode">
        <View className={'xam-segment-item xam-file-single' + (!form.group ? ' xam-segment-active' : '')} onClick={() => setGroup(false)}>
          一位工友
        </View>
        <View className={'xam-segment-item xam-file-group' + (form.group ? ' xam-segment-active' : '')} onClick={() => setGroup(true)}>
          多位工友（集体）
        </View>
      </View>

      <View className="xam-card xam-file-people">
        <View className="xam-subtitle">{form.group ? '工友名单' : '工友信息'}</View>
        {form.group ? <View className="xam-hint">第1位是联系人，办理单位会先联系他。</View> : null}
        {form.people.slice(0, form.group ? form.people.length : 1).map((r, i) => (
          <View
            key={r.key}
            className={'xam-file-person' + (form.group ? ' xam-file-person-row' : '') + (i === 0 ? ' xam-file-person-first' : '')}
            data-row={i}
          >
            {form.group ? (
              <View className="xam-file-person-head">
                <View className="xam-label">
                  第{i + 1}位{i === 0 ? '（联系人）' : ''}
                </View>
                {form.people.length > 2 ? (
                  <View className="xam-file-remove" onClick={() => removeRow(i)}>
                    删除
                  </View>
                ) : null}
              </View>
            ) : null}
            {/* Labels above the boxes stay in sight while typing (a placeholder goes with the first key). */}
            <View className="xam-label xam-file-label">姓名</View>
            <Input
              className="xam-input xam-file-name"
              placeholder="如 张建军"
              value={r.name}
              maxLength={LIMITS.personName}
              onChange={(v) => setRow(i, { name: v }, 'name')}
            />
            <FieldError name={rowPath(i, 'name')} message={errors[rowPath(i, 'name')]} />
            {!r.noPhone ? <View className="xam-label xam-gap xam-file-label">工友本人手机号</View> : null}
            {!r.noPhone ? (
              <Input
                className="xam-input xam-file-phone"
                type="tel"
                placeholder="11位手机号"
                value={r.phone}
                maxLength={13}
                onChange={(v) => setRow(i, { phone: v }, 'phone')}
              />
            ) : null}
            <FieldError name={rowPath(i, 'phone')} message={errors[rowPath(i, 'phone')]} />
            <Checkbox
              className="xam-check xam-file-no-phone"
              checked={r.noPhone}
              label="无手机"
              onChange={(v) => {
                setRow(i, { noPhone: v }, 'phone')
                clear(rowPath(i, 'contactPhone'), rowPath(i, 'contactPhoneOf'))
              }}
            />
            {r.noPhone ? (
              <View className="xam-file-contact">
                <View className="xam-label xam-file-label">联系电话（家人的或服务台的，可不填）</View>
                <Input
                  className="xam-input xam-file-contact-phone"
                  type="tel"
                  placeholder="手机号或座机"
                  value={r.contactPhone}
                  maxLength={20}
                  onChange={(v) => setRow(i, { contactPhone: v }, 'contactPhone')}
                />
                <FieldError name={rowPath(i, 'contactPhone')} message={errors[rowPath(i, 'contactPhone')]} />
                <View className="xam-segment xam-file-contact-of xam-gap">
                  {CONTACT_PHONE_OF.map((of) => (
                    <View
                      key={of}
                      className={`xam-segment-item xam-file-contact-${of}` + (r.contactPhoneOf === of ? ' xam-segment-active' : '')}
                      onClick={() => setRow(i, { contactPhoneOf: of }, 'contactPhoneOf')}
                    >
                      {CONTACT_PHONE_OF_LABELS[of]}的电话
                    </View>
                  ))}
                </View>
                <FieldError name={rowPath(i, 'contactPhoneOf')} message={errors[rowPath(i, 'contactPhoneOf')]} />
                <View className="xam-hint">家人的手机能收到认领码短信；服务台的电话不发短信，请把回执交给工友。</View>
              </View>
            ) : null}
            <View className="xam-label xam-gap xam-file-label">被欠多少钱</View>
            <View className="xam-file-amount-row">
              <Input
                className="xam-input xam-file-amount"
                type="digit"
                placeholder="如 8000"
                value={r.amountYuan}
                maxLength={14}
                onChange={(v) => setRow(i, { amountYuan: v }, 'amountOwedFen')}
              />
              <View className="xam-file-unit">元</View>
            </View>
            <FieldError name={rowPath(i, 'amountOwedFen')} message={errors[rowPath(i, 'amountOwedFen')]} />
            <View className="xam-label xam-gap xam-file-label">身份证号（需要时再填，可不填）</View>
            <Input
              className="xam-input xam-file-id"
              type="idcard"
              placeholder="18位身份证号"
              value={r.idNumber}
              maxLength={18}
              onChange={(v) => setRow(i, { idNumber: v }, 'idNumber')}
            />
            <FieldError name={rowPath(i, 'idNumber')} message={errors[rowPath(i, 'idNumber')]} />
          </View>
        ))}
        <FieldError name="complainants" message={errors.complainants} />
        {form.group ? (
          <Button size="large" block className="xam-big-button xam-file-add" onClick={addRow}>
            ＋ 再加一位工友
          </Button>
        ) : null}
        {form.group ? (
          <View className="xam-file-total" data-total-fen={total === null ? '' : String(total)}>
            合计 {rows.length} 人，{total === null ? '金额未填完' : formatFen(total)}
          </View>
        ) : null}
        <FieldError name="amountOwedFen" message={form.group ? errors.amountOwedFen : undefined} />

        <View className="xam-label xam-gap">一共涉及多少工友</View>
        <Input
          className="xam-input xam-file-count"
          type="number"
          placeholder={form.group ? `不填就是 ${rows.length} 人` : '不填就是 1 人'}
          value={form.workerCount}
          maxLength={5}
          onChange={(v) => set('workerCount', v, 'workerCount')}
        />
        <View className="xam-hint">
          没来登记、但一起被欠薪的工友也算上{Number.isInteger(count) && count > 0 ? `（现在按 ${count} 人）` : ''}。
        </View>
        <FieldError name="workerCount" message={errors.workerCount} />
      </View>

      <View className="xam-card xam-file-project">
        <View className="xam-subtitle">在哪个项目干活</View>
        <View className="xam-segment">
          <View
            className={'xam-segment-item xam-file-has-site' + (form.hasSite ? ' xam-segment-active' : '')}
            onClick={() => set('hasSite', true, 'project', 'project.name', 'project.areaCode', 'project.industry')}
          >
            有项目码
          </View>
          <View
            className={'xam-segment-item xam-file-no-site' + (!form.hasSite ? ' xam-segment-active' : '')}
            onClick={() => set('hasSite', false, 'siteCode', 'project')}
          >
            没有项目码
          </View>
        </View>
        {form.hasSite ? (
          <View>
            <View className="xam-label xam-gap xam-file-label">项目码（安全帽或公示牌上）</View>
            <View className="xam-file-site-row">
              <Input
                className="xam-input xam-file-site-code"
                placeholder="如 AB3XK7M"
                value={form.siteCode}
                maxLength={12}
                onChange={(v) => {
                  set('siteCode', v, 'siteCode')
                  setSite(null)
                }}
                onBlur={() => {
                  if (form.siteCode.trim() && !site) lookup()
                }}
              />
              <Button className="xam-file-lookup" loading={looking} onClick={lookup}>
                查找
              </Button>
            </View>
            <FieldError name="siteCode" message={errors.siteCode} />
            {site ? (
              <View className="xam-file-site">
                <View className="xam-list-title xam-file-site-name">{site.name}</View>
                <InfoRow label="地址">{site.address}</InfoRow>
                <InfoRow label="地区">{site.areaName}</InfoRow>
                <InfoRow label="总包单位">{site.contractor.name}</InfoRow>
                <InfoRow label="行业">{INDUSTRY_LABELS[site.industry] + ' · ' + (FUNDING_LABELS[site.funding] || '')}</InfoRow>
                <InfoRow label="主管部门">{site.supervisingDept.name}</InfoRow>
              </View>
            ) : null}
          </View>
        ) : (
          <View>
            <View className="xam-label xam-gap xam-file-label">项目或单位名称</View>
            <Input
              className="xam-input xam-file-project-name"
              placeholder="如 朝阳小区外墙改造"
              value={form.projectName}
              maxLength={LIMITS.projectName}
              onChange={(v) => set('projectName', v, 'project.name', 'project')}
            />
            <FieldError name="project.name" message={errors['project.name']} />
            <View className="xam-label xam-gap xam-file-label">地址（可不填）</View>
            <Input
              className="xam-input xam-file-project-address"
              placeholder="如 竞秀区朝阳南大街18号"
              value={form.projectAddress}
              maxLength={LIMITS.projectAddress}
              onChange={(v) => set('projectAddress', v, 'project.address')}
            />
            <View className="xam-label xam-gap">所在地区</View>
            <AreaPicker className="xam-file-area" root="" value={form.areaCode} onChange={(v) => set('areaCode', v, 'project.areaCode')} />
            <FieldError name="project.areaCode" message={errors['project.areaCode']} />
            <View className="xam-label xam-gap">行业</View>
            <Select
              className="xam-file-industry"
              options={INDUSTRY_OPTIONS}
              value={form.industry}
              placeholder="选择行业"
              onChange={(v: Industry) => set('industry', v, 'project.industry')}
            />
            <FieldError name="project.industry" message={errors['project.industry']} />
          </View>
        )}
        <FieldError name="project" message={errors.project} />
        <View className="xam-label xam-gap">欠薪的老板或单位（知道就填）</View>
        <Input
          className="xam-input xam-file-employer"
          placeholder={form.hasSite ? '不填就算总包单位' : '例如：某某劳务公司、包工头姓名'}
          value={form.employerName}
          maxLength={LIMITS.employerName}
          onChange={(v) => set('employerName', v, 'employerName')}
        />
        <FieldError name="employerName" message={errors.employerName} />
      </View>

      <View className="xam-card xam-file-more">
        <View className="xam-label">从哪个月开始欠</View>
        <Picker
          mode="date"
          fields="month"
          value={form.owedSince}
          end={currentMonth()}
          onChange={(e) => set('owedSince', String(e.detail.value).slice(0, 7), 'owedSince')}
        >
          <View className="xam-picker xam-file-owed-since">{formatMonth(form.owedSince)}</View>
        </Picker>
        <FieldError name="owedSince" message={errors.owedSince} />
        <View className="xam-label xam-gap">情况说明</View>
        <TextArea
          className="xam-textarea xam-file-desc"
          placeholder="干了什么活、干了多久、老板怎么说的"
          value={form.description}
          maxLength={LIMITS.description}
          rows={3}
          onChange={(v) => set('description', v, 'description')}
        />
        <FieldError name="description" message={errors.description} />
        <Checkbox
          className="xam-check xam-file-hide"
          checked={form.hideIdentityFromEmployer}
          label="工友要求：不要让老板知道是谁投诉的"
          onChange={(v) => set('hideIdentityFromEmployer', v)}
        />
        <Checkbox
          className="xam-check xam-file-boss"
          checked={form.bossUnreachable}
          label="老板联系不上、跑了"
          onChange={(v) => set('bossUnreachable', v)}
        />
      </View>

      <ErrorBanner message={topError} />
      <Button type="primary" size="xlarge" block loading={busy} className="xam-big-button xam-file-submit" onClick={submit}>
        登记并打印回执
      </Button>
    </View>
  )
}
