import { useState } from 'react'
import { statusGroup } from '@shared/statusMeta'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { STATUS_LABELS } from '@shared/labels'
import { isLeadChannel } from '@shared/types'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { CardTag } from '../../../components/CardTag'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { Timeline } from '../../../components/Timeline'
import { go, param } from '../../../utils/nav'
import { CaseFacts } from '../../components/CaseFacts'
import { LeadTag, replyDueText } from '../../components/LeadTag'
import { ReplyBack } from '../../components/ReplyBack'
import { RiskTag } from '../../components/RiskTag'
import { StaffActions, type ActionErrors, type RunAction } from '../../components/StaffActions'
import type { Input } from '@shared/contract'
import { listDepts, listTemplates } from '../../lib/api'
import { deadlineOf } from '../../lib/format'
import type { CaseDetail, DeptItem, TemplateItem } from '../../lib/types'
import '../../styles.css'
import './index.css'

const STALE = '案件已被他人更新，请刷新后再试'
const NO_ERRORS: ActionErrors = { action: '', fields: {} }

/** What to tell an official whose action lost a race: the page now shows the latest state. */
function conflictMessage(serverMessage: string): string {
  if (!serverMessage || serverMessage === STALE || serverMessage.indexOf('他人更新') >= 0) {
    return '其他人刚刚处理了这个案件，页面已刷新为最新情况。您填写的内容还在，请查看后再决定是否提交。'
  }
  return serverMessage + '（页面已刷新为最新情况）'
}

export default function Case() {
  const router = useRouter()
  const id = param(router.params, 'id')
  const [c, setC] = useState<CaseDetail | null>(null)
  const [error, setError] = useState('')
  const [conflict, setConflict] = useState('')
  const [busy, setBusy] = useState('')
  const [errors, setErrors] = useState<ActionErrors>(NO_ERRORS)
  const [templates, setTemplates] = useState<TemplateItem[]>([])
  const [depts, setDepts] = useState<DeptItem[] | null>(null)
  const [deptsError, setDeptsError] = useState('')

  const loadDepts = async () => {
    setDeptsError('')
    try {
      setDepts(await listDepts())
    } catch (e) {
      setDeptsError('单位列表加载失败：' + errorMessage(e) + '，请下拉刷新重试')
    }
  }

  /** The complainant's name, opened on purpose: the server records the view. */
  const revealName = async () => {
    if (!c) return
    try {
      setC(await callApi('staff', 'complaint.get', { id: c.id, revealName: true }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const load = async (): Promise<void> => {
    if (!id) {
      setError('没有找到这个案件')
      return
    }
    try {
      const next = await callApi('staff', 'complaint.get', { id })
      setC(next)
      setError('')
      // Only those who may route need the department list; templates are for every form.
      if ((next.allowedActions || []).indexOf('route') >= 0 && depts === null) loadDepts()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const run: RunAction = async (action, data) => {
    if (!c || busy) return false
    setBusy(action)
    setError('')
    setConflict('')
    setErrors(NO_ERRORS)
    try {
      await callApi('staff', action, { id: c.id, version: c.version, ...data } as Input<'staff', typeof action>)
      Taro.showToast({ title: '已保存', icon: 'success' })
      await load()
      return true
    } catch (e) {
      if (isApiCallError(e) && e.code === 'CONFLICT') {
        setConflict(conflictMessage(e.message))
        Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
        await load()
      } else {
        if (isApiCallError(e) && e.code === 'VALIDATION') setErrors({ action, fields: e.fields })
        setError(errorMessage(e))
      }
      return false
    } finally {
      setBusy('')
    }
  }

  useDidShow(() => {
    load()
    listTemplates().then(setTemplates)
  })
  usePullDownRefresh(() => {
    setConflict('')
    const again = depts === null && deptsError ? loadDepts() : Promise.resolve()
    Promise.all([load(), again]).finally(() => Taro.stopPullDownRefresh())
  })

  const related = (c && c.related) || []
  const waiting = c ? statusGroup(c.status) === 'waiting' : false
  const deadline = c ? deadlineOf(c) : { text: '', late: false }

  return (
    <View className="xam-page xam-case">
      {conflict ? <View className="xam-error xam-conflict">{conflict}</View> : null}
      <ErrorBanner message={error} />
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {!c && error ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c ? (
        <View>
          <View className="xam-card xam-case-head">
            <View className="xam-case-head-top">
              <View className="xam-status" data-status={c.status}>
                {STATUS_LABELS[c.status] || c.status}
              </View>
              <CardTag card={c.card} />
              <RiskTag level={c.riskLevel} />
              <LeadTag channel={c.channel} externalRef={c.externalRef} />
            </View>
            <View className="xam-case-head-site">{c.projectName}</View>
            <View className="xam-muted">
              案件编号 <View className="xam-case-head-no">{c.caseNo}</View>
            </View>
            <View className="xam-muted">办理单位 {c.handler ? c.handler.name : '待定'}</View>
            {deadline.text ? <View className={'xam-case-head-due' + (deadline.late ? ' xam-case-late' : '')}>{deadline.text}</View> : null}
            {replyDueText(c).text ? (
              <View className={'xam-case-head-reply-due' + (replyDueText(c).late ? ' xam-case-late' : '')}>{replyDueText(c).text}</View>
            ) : null}
            {waiting && c.firstResponder && c.handler && c.firstResponder.id !== c.handler.id ? (
              <View className="xam-muted">首问单位 {c.firstResponder.name}</View>
            ) : null}
            {c.channel === 'desk' ? (
              <View className="xam-link xam-open-receipt" onClick={() => go('/staff/pages/receipt/index?id=' + encodeURIComponent(c.id))}>
                服务台回执 ›
              </View>
            ) : null}
          </View>

          <StaffActions
            key={c.id}
            allowed={c.allowedActions || []}
            status={c.status}
            busy={busy}
            errors={errors}
            run={run}
            setErrors={setErrors}
            templates={templates}
            depts={depts}
            deptsError={deptsError}
            areaCode={c.areaCode}
            handlerId={c.handler ? c.handler.id : ''}
          />

          {isLeadChannel(c.channel) ? <ReplyBack id={c.id} version={c.version} /> : null}

          {c.relatedHidden > 0 ? (
            <View className="xam-muted xam-related-hidden">同一项目另有 {c.relatedHidden} 件未办结案件，不在您的办理范围内。</View>
          ) : null}
          {related.length ? (
            <View className="xam-card xam-related">
              <View className="xam-subtitle">同一项目的其他未办结案件（{related.length}）</View>
              {related.map((r) => (
                <View
                  key={r.id}
                  className="xam-related-item"
                  data-id={r.id}
                  onClick={() => go('/staff/pages/case/index?id=' + encodeURIComponent(r.id))}
                >
                  <View className="xam-related-no">{r.caseNo}</View>
                  <View className="xam-muted">
                    {STATUS_LABELS[r.status] || r.status} · {r.workerCount} 人 ›
                  </View>
                </View>
              ))}
            </View>
          ) : null}

          <CaseFacts c={c} nameMasked={c.nameMasked} onRevealName={revealName} />

          <View className="xam-card xam-timeline-box">
            <View className="xam-subtitle">办理经过（台账）</View>
            <View className="xam-hint">标“内部”的记录工友看不到。</View>
            <Timeline items={c.timeline || []} showVisibility />
          </View>
        </View>
      ) : null}
    </View>
  )
}
