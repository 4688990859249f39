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

  const create = async () => {
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
      await callApi('admin', 'rule.create', { areaPrefix: prefixOf(ruleArea), industry: ruleIndustry as Industry, deptId: ruleDept })
      Taro.showToast({ title: '已添加', icon: 'success' })
      setRuleIndustry('')
      setRuleDept('')
      setResult(null)
      await load()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

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
          </View>
        ))}
      </View>

      <View className="xam-card xam-rule-form">
        <View className="xam-subtitle">添加规则</View>
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
        <Button type="primary" size="large" block loading={busy} className="xam-big-button xam-rule-create" onClick={create}>
          添加规则
        </Button>
      </View>
    </View>
  )
}
