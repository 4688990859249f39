import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { FUNDINGS, INDUSTRIES, type Funding, type Industry } from '@shared/types'
import { FUNDING_LABELS, INDUSTRY_LABELS } from '@shared/labels'
import { formatSiteCode } from '@shared/validators/siteCode'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnOpen } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { AreaPicker } from '../../components/AreaPicker'
import { Select } from '../../components/Select'
import { itemsOf, listDepts } from '../../lib/api'
import { levelOf, shortAreaName } from '../../lib/areas'
import { deptsIn } from '../../lib/scope'
import type { DeptItem, SiteItem } from '../../lib/types'
import { pickSheet } from '../../lib/pickFile'
import { saveFile } from '../../lib/download'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

const INDUSTRY_OPTIONS = INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))
const FUNDING_OPTIONS = FUNDINGS.map((f) => ({ value: f, label: FUNDING_LABELS[f] }))

interface SiteForm {
  name: string
  address: string
  areaCode: string
  industry: Industry | ''
  funding: Funding | ''
  contractorName: string
  uscc: string
  supervisingDeptId: string
}

const IMPORT_HEADER = '项目码(可空)、项目名称、项目地址、地区代码、行业、资金来源、总承包单位、统一社会信用代码、主管部门、状态(可空)'

/** 'rows.3.统一社会信用代码' → '第3行 统一社会信用代码：…', in row order. */
function importReport(fields: Record<string, string>): string[] {
  return Object.keys(fields)
    .map((k) => {
      const m = /^rows\.(\d+)\.(.+)$/.exec(k)
      return m ? { row: Number(m[1]), line: `第${m[1]}行 ${m[2]}：${fields[k]}` } : { row: 0, line: fields[k] }
    })
    .sort((a, b) => a.row - b.row)
    .map((x) => x.line)
}

const EMPTY: SiteForm = {
  name: '',
  address: '',
  areaCode: '',
  industry: '',
  funding: '',
  contractorName: '',
  uscc: '',
  supervisingDeptId: '',
}

export default function Sites() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [sites, setSites] = useState<SiteItem[] | null>(null)
  const [depts, setDepts] = useState<DeptItem[]>([])
  const [baseUrl, setBaseUrl] = useState('')
  const [error, setError] = useState('')
  const [form, setForm] = useState<SiteForm>(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState('')
  const [showForm, setShowForm] = useState(false)
  const [importing, setImporting] = useState(false)
  const [imported, setImported] = useState('')
  const [importErrors, setImportErrors] = useState<string[]>([])
  /** The site being changed (its code), when the form edits one. */
  const [editing, setEditing] = useState('')
  /** A file being made (sticker sheet, template): which one. */
  const [making, setMaking] = useState('')
  /** What became of the last file made (downloaded, opened). */
  const [made, setMade] = useState('')

  const load = useLoadOnOpen(async () => {
    const [s, d] = await Promise.all([callApi('admin', 'site.list', {}), listDepts()])
    setSites(itemsOf(s))
    setDepts(d)
  }, setError)
  useEffect(() => {
    callApi('admin', 'config.get', {})
      .then((c) => setBaseUrl((c.publicBaseUrl || '').replace(/\/$/, '')))
      .catch(() => undefined)
  }, [])

  const set = <K extends keyof SiteForm>(key: K, value: SiteForm[K], field: string = key) => {
    setForm((f) => ({ ...f, [key]: value }))
    if (errors[field]) setErrors((e) => ({ ...e, [field]: '' }))
  }
  const deptName = (id: string) => depts.find((d) => d.id === id)?.name || ''
  const supervisors = area ? deptsIn(area, depts).filter((d) => d.kind !== 'desk') : []
  const linkOf = (code: string) => (baseUrl ? `${baseUrl}/q/${code}` : '')

  const create = async () => {
    const local: Record<string, string> = {}
    if (!form.name.trim()) local.name = '请填写项目名称'
    if (!form.address.trim()) local.address = '请填写地址'
    if (!editing && (!form.areaCode || levelOf(form.areaCode) !== 'county')) local.areaCode = '请选到区县'
    if (!form.industry) local.industry = '请选择行业'
    if (!form.funding) local.funding = '请选择资金来源'
    if (!form.contractorName.trim()) local['contractor.name'] = '请填写总承包单位'
    if (!/^[0-9A-Za-z]{18}$/.test(form.uscc.trim())) local['contractor.uscc'] = '统一社会信用代码应为18位'
    if (!form.supervisingDeptId) local.supervisingDeptId = '请选择主管部门'
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      if (editing) {
        await callApi('admin', 'site.update', {
          code: editing,
          name: form.name.trim(),
          address: form.address.trim(),
          industry: form.industry as Industry,
          funding: form.funding as Funding,
          contractor: { name: form.contractorName.trim(), uscc: form.uscc.trim().toUpperCase() },
          supervisingDeptId: form.supervisingDeptId,
        })
        setEditing('')
        setForm(EMPTY)
        setShowForm(false)
        Taro.showToast({ title: '项目已修改', icon: 'success' })
        await load()
        return
      }
      const r = await callApi('admin', 'site.create', {
        name: form.name.trim(),
        address: form.address.trim(),
        areaCode: form.areaCode,
        industry: form.industry as Industry,
        funding: form.funding as Funding,
        contractor: { name: form.contractorName.trim(), uscc: form.uscc.trim().toUpperCase() },
        supervisingDeptId: form.supervisingDeptId,
      })
      setCreated(r.code)
      setForm(EMPTY)
      setShowForm(false)
      Taro.showToast({ title: '已添加', icon: 'success' })
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const importFile = async () => {
    setImported('')
    setImportErrors([])
    setError('')
    try {
      const file = await pickSheet()
      if (!file) return
      setImporting(true)
      const r = await callApi('admin', 'site.import', file)
      setImported(`已导入 ${r.rows} 行：新增 ${r.created} 个项目，更新 ${r.updated} 个`)
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') {
        setError(e.message)
        setImportErrors(importReport(e.fields).slice(0, 50))
      } else setError(errorMessage(e))
    } finally {
      setImporting(false)
    }
  }

  const startEdit = (s: SiteItem) => {
    setEditing(s.code)
    setCreated('')
    setErrors({})
    setForm({
      name: s.name,
      address: s.address,
      areaCode: s.areaCode,
      industry: s.industry,
      funding: s.funding,
      contractorName: s.contractorName,
      uscc: s.contractorUscc,
      supervisingDeptId: s.supervisingDeptId,
    })
    setShowForm(true)
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
  }

  const cancelForm = () => {
    setShowForm(false)
    setEditing('')
    setForm(EMPTY)
    setErrors({})
  }

  /** Retire a finished project (its stickers still take complaints, without the project filled in), or use it again. */
  const setRetired = async (s: SiteItem, retired: boolean) => {
    if (retired) {
      const ok = await Taro.showModal({
        title: '停用项目',
        content: `停用后不再为“${s.name}”打印贴纸；已贴出的二维码扫了仍能投诉，只是不再自动带出项目。确定停用？`,
        confirmText: '停用',
      })
      if (!ok.confirm) return
    }
    setError('')
    try {
      await callApi('admin', 'site.retire', { code: s.code, retired })
      Taro.showToast({ title: retired ? '项目已停用' : '项目已恢复', icon: 'success' })
      await load()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  /** A file made on the server, then downloaded (browser) or opened (WeChat). */
  const download = async (key: string, make: () => Promise<{ filename: string; mime: string; base64: string }>) => {
    setMaking(key)
    setMade('')
    setError('')
    try {
      setMade(await saveFile(await make()))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setMaking('')
    }
  }

  const copy = (text: string) => {
    Taro.setClipboardData({ data: text }).catch(() => undefined)
  }

  return (
    <View className="xam-page xam-sites">
      <ErrorBanner message={meError || error} />
      {made ? <View className="xam-ok xam-site-made">{made}</View> : null}
      {created ? (
        <View className="xam-ok xam-site-created">
          新项目码 <View className="xam-code">{formatSiteCode(created)}</View>
          {linkOf(created) ? <View className="xam-site-link">二维码内容：{linkOf(created)}</View> : null}
        </View>
      ) : null}

      {showForm ? (
        <View className="xam-card xam-site-form">
          <View className="xam-subtitle">{editing ? `修改项目 ${formatSiteCode(editing)}` : '添加项目'}</View>
          <Input
            className="xam-input xam-site-name"
            placeholder="项目名称"
            value={form.name}
            maxLength={100}
            onChange={(v) => set('name', v)}
          />
          <FieldError name="name" message={errors.name} />
          <Input
            className="xam-input xam-site-address xam-gap"
            placeholder="地址"
            value={form.address}
            maxLength={200}
            onChange={(v) => set('address', v)}
          />
          <FieldError name="address" message={errors.address} />
          {editing ? (
            <View className="xam-muted xam-gap">所在区县：{shortAreaName(form.areaCode)}（项目码跟着地区，不能改）</View>
          ) : (
            <View>
              <View className="xam-label xam-gap">所在区县</View>
              {area ? (
                <AreaPicker className="xam-site-area" root={area} value={form.areaCode} onChange={(v) => set('areaCode', v)} />
              ) : null}
              <FieldError name="areaCode" message={errors.areaCode} />
            </View>
          )}
          <Select
            className="xam-site-industry"
            options={INDUSTRY_OPTIONS}
            value={form.industry}
            placeholder="行业"
            onChange={(v) => set('industry', v)}
          />
          <FieldError name="industry" message={errors.industry} />
          <Select
            className="xam-site-funding"
            options={FUNDING_OPTIONS}
            value={form.funding}
            placeholder="资金来源"
            onChange={(v) => set('funding', v)}
          />
          <FieldError name="funding" message={errors.funding} />
          <Input
            className="xam-input xam-site-contractor"
            placeholder="总承包单位名称"
            value={form.contractorName}
            maxLength={100}
            onChange={(v) => set('contractorName', v, 'contractor.name')}
          />
          <FieldError name="contractor.name" message={errors['contractor.name']} />
          <Input
            className="xam-input xam-site-uscc xam-gap"
            placeholder="统一社会信用代码（18位）"
            value={form.uscc}
            maxLength={18}
            onChange={(v) => set('uscc', v, 'contractor.uscc')}
          />
          <FieldError name="contractor.uscc" message={errors['contractor.uscc']} />
          <View className="xam-label xam-gap">主管部门（也是二维码的发放单位、首问单位）</View>
          <Select
            className="xam-site-dept"
            options={supervisors.map((d) => ({ value: d.id, label: d.name }))}
            value={form.supervisingDeptId}
            placeholder="选择主管部门"
            onChange={(v) => set('supervisingDeptId', v)}
          />
          <FieldError name="supervisingDeptId" message={errors.supervisingDeptId} />
          <Button type="primary" size="large" block loading={busy} className="xam-big-button xam-site-create" onClick={create}>
            {editing ? '保存修改' : '添加并生成项目码'}
          </Button>
          <Button size="large" block className="xam-big-button xam-site-cancel" onClick={cancelForm}>
            取消
          </Button>
        </View>
      ) : (
        <Button type="primary" size="large" block className="xam-big-button xam-site-new" onClick={() => setShowForm(true)}>
          ＋ 添加项目
        </Button>
      )}

      <View className="xam-card xam-site-import xam-gap">
        <View className="xam-subtitle">批量导入</View>
        <View className="xam-hint">
          CSV 或 Excel（XLSX）表格，第一行表头：{IMPORT_HEADER}。有项目码的行更新该项目，重复导入不会重复建项目；有一行出错则整表不导入。
        </View>
        <Button
          size="large"
          block
          loading={making === 'template'}
          className="xam-big-button xam-site-template"
          onClick={() => download('template', () => callApi('admin', 'site.template', { format: 'xlsx' }))}
        >
          下载导入模板（Excel）
        </Button>
        <Button size="large" block loading={importing} className="xam-big-button xam-site-import-pick" onClick={importFile}>
          选择表格导入
        </Button>
        {imported ? <View className="xam-ok xam-gap xam-site-imported">{imported}</View> : null}
        {importErrors.length ? (
          <View className="xam-site-import-errors">
            {importErrors.map((line, i) => (
              <View key={i} className="xam-field-error">
                {line}
              </View>
            ))}
          </View>
        ) : null}
      </View>

      <View className="xam-card xam-site-list">
        <View className="xam-subtitle">本辖区项目（{sites ? sites.length : 0}）</View>
        {sites === null && !error ? <View className="xam-muted">正在加载……</View> : null}
        {(sites || []).map((s) => (
          <View key={s.code} className="xam-list-row xam-site" data-code={s.code}>
            <View className="xam-site-head">
              <View className="xam-list-title">{s.name}</View>
              {s.retired ? <View className="xam-tag">已停用</View> : null}
            </View>
            <View className="xam-site-code-line">
              项目码 <View className="xam-site-code">{formatSiteCode(s.code)}</View>
              {linkOf(s.code) ? (
                <View className="xam-link xam-site-copy" onClick={() => copy(linkOf(s.code))}>
                  复制二维码链接
                </View>
              ) : null}
            </View>
            <View className="xam-muted">
              {shortAreaName(s.areaCode)} · {INDUSTRY_LABELS[s.industry]} · {FUNDING_LABELS[s.funding] || ''}
            </View>
            <View className="xam-muted">
              总包：{s.contractorName}
              {s.supervisingDeptId ? ' · 主管：' + deptName(s.supervisingDeptId) : ''}
            </View>
            <View className="xam-small-button-row">
              <Button size="small" className="xam-site-edit" onClick={() => startEdit(s)}>
                修改
              </Button>
              {s.retired ? (
                <Button size="small" className="xam-site-restore" onClick={() => setRetired(s, false)}>
                  恢复使用
                </Button>
              ) : (
                <>
                  <Button
                    size="small"
                    className="xam-site-stickers-helmet"
                    loading={making === s.code + ':helmet'}
                    onClick={() =>
                      download(s.code + ':helmet', () => callApi('admin', 'site.stickers', { code: s.code, layout: 'helmet' }))
                    }
                  >
                    打印安全帽贴纸
                  </Button>
                  <Button
                    size="small"
                    className="xam-site-stickers-board"
                    loading={making === s.code + ':board'}
                    onClick={() => download(s.code + ':board', () => callApi('admin', 'site.stickers', { code: s.code, layout: 'board' }))}
                  >
                    打印公示牌
                  </Button>
                  <Button size="small" className="xam-site-retire" onClick={() => setRetired(s, true)}>
                    停用
                  </Button>
                </>
              )}
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
