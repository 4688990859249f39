import { useState } from 'react'
import { statusGroup } from '@shared/statusMeta'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { STATUS_LABELS, formatFen } from '@shared/labels'
import { isLeadChannel } from '@shared/types'
import { callApi, errorMessage, isApiCallError } from '../../../api'
import { CardTag } from '../../../components/CardTag'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { Timeline } from '../../../components/Timeline'
import { go, param } from '../../../utils/nav'
import { formatDateTime } from '../../../utils/time'
import { AccountabilityActions } from '../../components/AccountabilityActions'
import { CaseFacts } from '../../components/CaseFacts'
import { LeadTag, replyDueText } from '../../components/LeadTag'
import { ReplyBack } from '../../components/ReplyBack'
import { RiskTag } from '../../components/RiskTag'
import { StaffActions, type ActionErrors, type RunAction } from '../../components/StaffActions'
import type { Input } from '@shared/contract'
import { listDepts, listTemplates } from '../../lib/api'
import { confirmation } from '../../lib/confirm'
import { deadlineOf } from '../../lib/format'
import { staffTone, type StaffTone } from '../../lib/tone'
import { useMe } from '../../lib/useMe'
import type { CaseDetail, DeptItem, TemplateItem } from '../../lib/types'
import '../../styles.css'
import './index.css'

const STALE = '案件已被他人更新，请刷新后再试'
const QUEUE = '/staff/pages/queue/index'
const NO_ERRORS: ActionErrors = { action: '', fields: {} }

/** What to tell an official whose action lost a race: the page now shows the latest state. */
function conflictMessage(serverMessage: string): string {
  if (!serverMessage || serverMessage === STALE || serverMessage.indexOf('他人更新') >= 0) {
    return '其他人刚刚处理了这个案件，页面已刷新为最新情况。您填写的内容还在，请查看后再决定是否提交。'
  }
  return serverMessage + '（页面已刷新为最新情况）'
}

/** How the status reads at a glance: waiting, being handled, done; red only when late or at risk. */
function statusTone(c: CaseDetail, late: boolean): StaffTone {
  return staffTone(
    c.status,
    late || c.card === 'red' || c.riskLevel === 'major' || c.riskLevel === 'severe' || !!(c.supervision && c.supervision.overdue),
  )
}

/** The worker's latest dispute, while the case is being handled again after it. */
function openDispute(c: CaseDetail): string {
  const items = c.timeline || []
  let at = -1
  for (let i = 0; i < items.length; i++) if (items[i].type === 'disputed') at = i
  if (at < 0 || ['waiting', 'handling'].indexOf(statusGroup(c.status)) < 0) return ''
  if (items.slice(at + 1).some((e) => e.type === 'resolved' || e.type === 'not_wage_arrears')) return ''
  return items[at].note.replace(/^工友提出异议：/, '')
}

export default function Case() {
  const router = useRouter()
  const { me } = useMe()
  const id = param(router.params, 'id')
  const [c, setC] = useState<CaseDetail | null>(null)
  const [error, setError] = useState('')
  const [conflict, setConflict] = useState('')
  const [busy, setBusy] = useState('')
  const [errors, setErrors] = useState<ActionErrors>(NO_ERRORS)
  const [templates, setTemplates] = useState<TemplateItem[]>([])
  const [depts, setDepts] = useState<DeptItem[] | null>(null)
  const [deptsError, setDeptsError] = useState('')
  /** What the last step did, in words ("已转给 张三"); shown until the next step. */
  const [done, setDone] = useState('')
  /** The case left this unit (returned to the first responder): said here, then the page closes. */
  const [left, setLeft] = useState('')

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
      const acts = next.allowedActions || []
      if ((acts.indexOf('route') >= 0 || acts.indexOf('escalate') >= 0) && depts === null) loadDepts()
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
    setDone('')
    try {
      await callApi('staff', action, { id: c.id, version: c.version, ...data } as Input<'staff', typeof action>)
      const said = confirmation(action, data as Record<string, unknown>, c, depts)
      // WeChat cuts a toast with an icon at seven characters: longer ones go without the icon.
      Taro.showToast({ title: said, icon: said.length > 7 ? 'none' : 'success', duration: 2000 })
      if (action === 'complaint.return') {
        // The case is the first responder's now and no longer open to this unit: say so and leave.
        setLeft(said + '，案件已不在本单位办理。正在返回……')
        setTimeout(() => {
          // Back to where the official came from (the queue), else open the queue in its place.
          if (Taro.getCurrentPages().length > 1) Taro.navigateBack().catch(() => Taro.redirectTo({ url: QUEUE }))
          else Taro.redirectTo({ url: QUEUE })
        }, 1500)
        return true
      }
      setDone(said)
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
  const dispute = c ? openDispute(c) : ''
  const tone = c ? statusTone(c, deadline.late) : 'wait'
  const safety = c && (c.hideIdentityFromEmployer || c.bossUnreachable || dispute)

  return (
    <View className="xam-page xam-case">
      {left ? <View className="xam-ok xam-case-left">{left}</View> : null}
      {conflict ? <View className="xam-error xam-conflict">{conflict}</View> : null}
      <ErrorBanner message={error} />
      {done ? <View className="xam-ok xam-case-done">{done}</View> : null}
      {!c && !error ? <View className="xam-empty">正在加载……</View> : null}
      {!c && error ? (
        <Button size="large" block className="xam-retry" onClick={load}>
          重试
        </Button>
      ) : null}
      {c && !left ? (
        <View>
          {safety ? (
            <View className="xam-card xam-safety">
              {c.hideIdentityFromEmployer ? (
                <View className="xam-safety-line xam-safety-hide">投诉人要求：不要让老板知道是谁投诉的</View>
              ) : null}
              {c.bossUnreachable ? <View className="xam-safety-line xam-safety-boss">老板联系不上</View> : null}
              {dispute ? <View className="xam-safety-line xam-safety-dispute">工友异议：{dispute}</View> : null}
            </View>
          ) : null}
          <View className="xam-card xam-case-head">
            <View className="xam-case-head-top">
              <View className={'xam-status xam-tone-' + tone} data-status={c.status} data-tone={tone}>
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
            {c.assignee ? (
              <View className="xam-case-assignee">
                承办人 {c.assignee.name}
                {c.assignee.officePhone ? (
                  <View
                    className="xam-link xam-case-assignee-phone"
                    onClick={() => Taro.makePhoneCall({ phoneNumber: c.assignee!.officePhone }).catch(() => undefined)}
                  >
                    {c.assignee.officePhone}
                  </View>
                ) : (
                  <View className="xam-muted xam-case-assignee-phone">（未填办公电话）</View>
                )}
              </View>
            ) : null}
            {c.supervision ? (
              <View className={'xam-case-supervision' + (c.supervision.overdue ? ' xam-case-late' : '')}>
                挂牌督办：{formatDateTime(c.supervision.dueAt)}前办结{c.supervision.overdue ? '（已超期）' : ''}
                {c.supervision.leaderName ? '，包案领导 ' + c.supervision.leaderName : ''}
                <View className="xam-muted xam-case-supervision-note">{c.supervision.note}</View>
              </View>
            ) : null}
            {c.advancedFen ? <View className="xam-muted xam-case-advanced">已先行垫付 {formatFen(c.advancedFen)}</View> : null}
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
            amountOwedFen={c.amountOwedFen}
          />

          <AccountabilityActions
            key={'duty-' + c.id + '-' + c.status}
            c={c}
            ownDept={me && me.dept ? me.dept : null}
            depts={depts}
            deptsError={deptsError}
            busy={busy}
            errors={errors}
            setErrors={setErrors}
            run={run}
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
