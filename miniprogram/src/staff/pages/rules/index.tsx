import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { INDUSTRIES, type Industry } from '@shared/types'
import { INDUSTRY_LABELS } from '@shared/labels'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { useLoadOnOpen } from '../../lib/useLoad'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { FieldError } from '../../../components/FieldError'
import { AreaPicker } from '../../components/AreaPicker'
import { Select } from '../../components/Select'
import { itemsOf, listDepts } from '../../lib/api'
import { areaName, codeOfPrefix, levelOf, prefixOf } from '../../lib/areas'
import { deptsIn } from '../../lib/scope'
import type { DeptItem, RuleItem, RuleTestResult } from '../../lib/types'
import type { RuleDryRun } from '@shared/contract/adminAudit'
import { useMe } from '../../lib/useMe'
import '../../styles.css'
import './index.css'

const INDUSTRY_OPTIONS = INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))

export default function Rules() {
  const { me, meError } = useMe()
  const area = me && me.dept ? me.dept.areaCode : ''
  const [rules, setRules] = useState<RuleItem[] | null>(null)
  const [depts, setDepts] = useState<DeptItem[]>([])
  const [error, setError] = useState('')

  // "谁会收到？"
  const [testArea, setTestArea] = useState('')
  const [testIndustry, setTestIndustry] = useState<Industry | ''>('')
  const [testing, setTesting] = useState(false)
  const [result, setResult] = useState<RuleTestResult | null>(null)
  const [testError, setTestError] = useState('')

  // New rule
  const [ruleArea, setRuleArea] = useState('')
  const [ruleIndustry, setRuleIndustry] = useState<Industry | ''>('')
  const [ruleDept, setRuleDept] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  /** The rule being changed (null: a new one), or the one about to be deleted. */
  const [editing, setEditing] = useState<RuleItem | null>(null)
  const [deleting, setDeleting] = useState<RuleItem | null>(null)
  /** Where the sample complaint goes now and once the change is saved. */
  const [preview, setPreview] = useState<(RuleTestResult & RuleDryRun) | null>(null)
  const [previewError, setPreviewError] = useState('')

  const load = useLoadOnOpen(async () => {
    const [r, d] = await Promise.all([callApi('admin', 'rule.list', {}), listDepts()])
    setRules(itemsOf(r))
    setDepts(d)
  }, setError)
  useEffect(() => {
    if (area && !ruleArea) setRuleArea(area)
  }, [area, ruleArea])

  const deptName = (id: string) => depts.find((d) => d.id === id)?.name || id
  const handlers = area ? deptsIn(area, depts).filter((d) => d.kind !== 'desk') : []

  const test = async () => {
    setResult(null)
    setTestError('')
    if (!testArea || levelOf(testArea) !== 'county') {
      setTestError('请选到区县')
      return
    }
    if (!testIndustry) {
      setTestError('请选择行业')
      return
    }
    setTesting(true)
    try {
      setResult(await callApi('admin', 'rule.test', { areaCode: testArea, industry: testIndustry }))
    } catch (e) {
      setTestError(errorMessage(e))
    } finally {
      setTesting(false)
    }
  }

  /** The sample complaint of the preview: the tester's county and industry, else the rule's own. */
  const sample = (draftArea: string, draftIndustry: Industry | ''): { areaCode: string; industry: Industry } | string => {
    const areaCode = testArea && levelOf(testArea) === 'county' ? testArea : draftArea && levelOf(draftArea) === 'county' ? draftArea : ''
    const industry = testIndustry || draftIndustry
    if (!areaCode) return '请在上面“谁会收到？”选一个区县，作为样例投诉的地区'
    if (!industry) return '请选择行业'
    return { areaCode, industry }
  }

  const showPreview = async (
    draft: { id?: string; areaPrefix?: string; industry?: Industry; deptId?: string; remove?: boolean },
    area: string,
    industry: Industry | '',
  ) => {
    setPreview(null)
    setPreviewError('')
    const at = sample(area, industry)
    if (typeof at === 'string') {
      setPreviewError(at)
      return
    }
    try {
      setPreview(await callApi('admin', 'rule.test', { ...at, draft }))
    } catch (e) {
      setPreviewError(errorMessage(e))
    }
  }

  const formDraft = () => ({
    ...(editing ? { id: editing.id } : {}),
    ...(ruleArea ? { areaPrefix: prefixOf(ruleArea) } : {}),
    ...(ruleIndustry ? { industry: ruleIndustry } : {}),
    ...(ruleDept ? { deptId: ruleDept } : {}),
  })

  const startEdit = (r: RuleItem) => {
    setEditing(r)
    setDeleting(null)
    setRuleArea(codeOfPrefix(r.areaPrefix))
    setRuleIndustry(r.industry)
    setRuleDept(r.deptId)
    setErrors({})
    setPreview(null)
    setPreviewError('')
  }

  const resetForm = () => {
    setEditing(null)
    setRuleArea(area)
    setRuleIndustry('')
    setRuleDept('')
    setPreview(null)
    setPreviewError('')
  }

  const save = async () => {
    const local: Record<string, string> = {}
    if (!ruleArea) local.areaPrefix = '请选择地区'
    if (!ruleIndustry) local.industry = '请选择行业'
    if (!ruleDept) local.deptId = '请选择办理单位'
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setBusy(true)
    setErrors({})
    setError('')
    try {
      const data = { areaPrefix: prefixOf(ruleArea), industry: ruleIndustry as Industry, deptId: ruleDept }
      if (editing) await callApi('admin', 'rule.update', { id: editing.id, ...data })
      else await callApi('admin', 'rule.create', data)
      Taro.showToast({ title: editing ? '规则已修改' : '规则已添加', icon: 'success' })
      resetForm()
      setResult(null)
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const startDelete = (r: RuleItem) => {
    resetForm()
    setDeleting(r)
    showPreview({ id: r.id, remove: true }, codeOfPrefix(r.areaPrefix), r.industry)
  }

  const remove = async () => {
    if (!deleting) return
    setBusy(true)
    setError('')
    try {
      await callApi('admin', 'rule.delete', { id: deleting.id })
      Taro.showToast({ title: '规则已删除', icon: 'success' })
      setDeleting(null)
      setPreview(null)
      await load()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const previewBlock = preview ? (
    <View className="xam-rule-preview">
      <View className="xam-rule-preview-row xam-rule-preview-before">
        现在：{preview.dept ? preview.dept.name : '没有单位能接收'}
        <View className="xam-muted">{preview.explanation}</View>
      </View>
      {preview.after ? (
        <View className="xam-rule-preview-row xam-rule-preview-after">
          {deleting ? '删除后' : '保存后'}：{preview.after.dept ? preview.after.dept.name : '没有单位能接收'}
          <View className="xam-muted">{preview.after.explanation}</View>
        </View>
      ) : null}
      <View className="xam-hint">只影响以后的投诉，已登记的案件仍由原单位办理。</View>
    </View>
  ) : previewError ? (
    <View className="xam-field-error xam-rule-preview-error">{previewError}</View>
  ) : null

  const sorted = (rules || []).slice().sort((a, b) => a.areaPrefix.localeCompare(b.areaPrefix) || a.industry.localeCompare(b.industry))

  return (
    <View className="xam-page xam-rules">
      <ErrorBanner message={meError || error} />

      <View className="xam-card xam-rule-test">
        <View className="xam-subtitle">谁会收到？</View>
        <View className="xam-hint">选地区和行业，看这类投诉会交给哪个单位、按哪条规则。</View>
        {area ? <AreaPicker className="xam-test-area" root={area} value={testArea} onChange={setTestArea} /> : null}
        <Select
          className="xam-test-industry"
          options={INDUSTRY_OPTIONS}
          value={testIndustry}
          placeholder="选择行业"
          onChange={setTestIndustry}
        />
        {testError ? <View className="xam-field-error">{testError}</View> : null}
        <Button type="primary" size="large" block loading={testing} className="xam-big-button xam-test-run" onClick={test}>
          试一试
        </Button>
        {result ? (
          <View className="xam-rule-result">
            <View className="xam-rule-result-dept">{result.dept ? result.dept.name : '没有单位能接收'}</View>
            <View className="xam-muted xam-rule-result-why">{result.explanation}</View>
          </View>
        ) : null}
      </View>

      <View className="xam-card xam-rule-list">
        <View className="xam-subtitle">现有规则</View>
        <View className="xam-hint">越具体的地区越优先；没有匹配规则的，交给当地人社部门（劳动保障监察）。</View>
        {rules === null && !error ? <View className="xam-muted">正在加载……</View> : null}
        {rules && rules.length === 0 ? <View className="xam-muted">还没有规则</View> : null}
        {sorted.map((r) => (
          <View key={r.id} className="xam-list-row xam-rule" data-id={r.id}>
            <View className="xam-list-title">
              {areaName(codeOfPrefix(r.areaPrefix))} · {INDUSTRY_LABELS[r.industry] || r.industry}
            </View>
            <View className="xam-muted">→ {deptName(r.deptId)}</View>
            {r.areaPrefix.startsWith(prefixOf(area)) ? (
              <View className="xam-small-button-row">
                <Button className="xam-rule-edit" onClick={() => startEdit(r)}>
                  修改
                </Button>
                <Button className="xam-rule-delete" onClick={() => startDelete(r)}>
                  删除
                </Button>
              </View>
            ) : (
              <View className="xam-muted">上级规则，由上级联席办修改</View>
            )}
            {deleting && deleting.id === r.id ? (
              <View className="xam-rule-delete-box">
                {previewBlock}
                <View className="xam-small-button-row">
                  <Button type="primary" className="xam-rule-delete-confirm" loading={busy} onClick={remove}>
                    确认删除
                  </Button>
                  <Button className="xam-rule-delete-cancel" onClick={() => setDeleting(null)}>
                    取消
                  </Button>
                </View>
              </View>
            ) : null}
          </View>
        ))}
      </View>

      <View className="xam-card xam-rule-form">
        <View className="xam-subtitle">{editing ? '修改规则' : '添加规则'}</View>
        <View className="xam-label">地区（可选全市）</View>
        {area ? <AreaPicker className="xam-rule-area" root={area} allowWhole value={ruleArea} onChange={setRuleArea} /> : null}
        <FieldError name="areaPrefix" message={errors.areaPrefix} />
        <View className="xam-label xam-gap">行业</View>
        <Select
          className="xam-rule-industry"
          options={INDUSTRY_OPTIONS}
          value={ruleIndustry}
          placeholder="选择行业"
          onChange={setRuleIndustry}
        />
        <FieldError name="industry" message={errors.industry} />
        <View className="xam-label xam-gap">交给</View>
        <Select
          className="xam-rule-dept"
          options={handlers.map((d) => ({ value: d.id, label: d.name }))}
          value={ruleDept}
          placeholder="选择办理单位"
          onChange={setRuleDept}
        />
        <FieldError name="deptId" message={errors.deptId} />
        <Button
          size="large"
          block
          className="xam-big-button xam-rule-preview-run"
          onClick={() => showPreview(formDraft(), ruleArea, ruleIndustry)}
        >
          先看效果
        </Button>
        {deleting ? null : previewBlock}
        <Button type="primary" size="large" block loading={busy} className="xam-big-button xam-rule-create" onClick={save}>
          {editing ? '保存修改' : '添加规则'}
        </Button>
        {editing ? (
          <Button size="large" block className="xam-big-button xam-rule-cancel" onClick={resetForm}>
            不改了
          </Button>
        ) : null}
      </View>
    </View>
  )
}
