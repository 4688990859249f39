// Who answers for a case and what was done about it (issue 16), on the staff case page: hand it to a
// colleague (承办人), 挂牌督办 with a leader in charge (包案), 提级办理, a severe signal, what came back
// from a referral, money paid ahead (垫付) and administrative measures. Each form shows only when the
// server's status machine lets this person take the action now (allowedActions).
import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import {
  ADVANCE_SOURCES,
  FLAG_SIGNALS,
  PENALTY_KINDS,
  REFERRAL_OUTCOMES,
  type AdvanceSource,
  type FlagSignal,
  type PenaltyKind,
  type ReferralOutcome,
} from '@shared/types'
import { ADVANCE_SOURCE_LABELS, DEPT_KIND_LABELS, FLAG_SIGNAL_LABELS, PENALTY_KIND_LABELS, REFERRAL_OUTCOME_LABELS } from '@shared/labels'
import { FieldError } from '../../components/FieldError'
import { yuanToFen } from '../../utils/money'
import type { CaseDetail, DeptItem } from '../lib/types'
import { ActionBox } from './ActionBox'
import { Choices } from './Choices'
import { Select } from './Select'
import type { ActionErrors, RunAction } from './StaffActions'

interface Props {
  c: CaseDetail
  /** The caller's own department (提级办理 goes to a department of its level). */
  ownDept: { id: string; areaCode: string } | null
  depts: DeptItem[] | null
  deptsError: string
  busy: string
  errors: ActionErrors
  setErrors: (e: ActionErrors) => void
  run: RunAction
}

const TILES: { action: string; label: string }[] = [
  { action: 'assign', label: '指定承办人' },
  { action: 'supervise', label: '挂牌督办' },
  { action: 'escalate', label: '提级办理' },
  { action: 'flag', label: '重大风险' },
  { action: 'referralOutcome', label: '移送结果' },
  { action: 'advance', label: '先行垫付' },
  { action: 'penalty', label: '行政处理' },
]

/** Kinds that never handle a case: desks file them, 政法委 and 信访局 only watch. */
const NOT_HANDLING: string[] = ['desk', 'politics_law', 'petition']

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((v) => ({ value: v, label: labels[v] }))

/** A date typed as 2026-11-25 (full-width digits and 年月日 or slashes accepted); null when it is not one. */
export function typedDate(s: string): string | null {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(
    s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)),
  )
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export function AccountabilityActions(p: Props) {
  const { c, busy, errors, setErrors, run } = p
  const allowed = c.allowedActions || []
  const has = (a: string) => allowed.indexOf(a) >= 0
  const colleagues = (c.colleagues || []).filter((o) => !c.assignee || o.openid !== c.assignee.openid)
  const own = p.ownDept
  // 提级办理: a handling department of the coordinator's own level (no desk, no read-only 政法委/信访局),
  // not the one handling it now.
  const upTargets = (p.depts || []).filter(
    (d) =>
      own && d.areaCode === own.areaCode && NOT_HANDLING.indexOf(d.kind) < 0 && d.active !== false && (!c.handler || d.id !== c.handler.id),
  )
  const tiles = TILES.filter((t) => has(t.action) && (t.action !== 'assign' || colleagues.length > 0))
  const [open, setOpen] = useState(() => (c.status === 'referred' && has('referralOutcome') ? 'referralOutcome' : ''))

  const [assignTo, setAssignTo] = useState('')
  const [supNote, setSupNote] = useState('')
  const [supDue, setSupDue] = useState('')
  const [supLeader, setSupLeader] = useState('')
  const [upTo, setUpTo] = useState('')
  const [upReason, setUpReason] = useState('')
  const [signal, setSignal] = useState<FlagSignal | ''>('')
  const [flagNote, setFlagNote] = useState('')
  const [outcome, setOutcome] = useState<ReferralOutcome | ''>('')
  const [outRefNo, setOutRefNo] = useState('')
  const [outAmount, setOutAmount] = useState('')
  const [outNote, setOutNote] = useState('')
  const [source, setSource] = useState<AdvanceSource | ''>('')
  const [advAmount, setAdvAmount] = useState('')
  const [advNote, setAdvNote] = useState('')
  const [kind, setKind] = useState<PenaltyKind | ''>('')
  const [docNo, setDocNo] = useState('')
  const [penAmount, setPenAmount] = useState('')
  const [penNote, setPenNote] = useState('')

  if (!tiles.length) return null

  const err = (action: string, field: string) => (errors.action === 'complaint.' + action ? errors.fields[field] : undefined)
  const fail = (action: string, fields: Record<string, string>) => {
    setErrors({ action: 'complaint.' + action, fields })
    return false
  }
  /** Every empty required field named at once; true when none is. */
  const need = (action: string, checks: [boolean, string, string][]) => {
    const fields: Record<string, string> = {}
    for (const [ok, field, message] of checks) if (!ok && !fields[field]) fields[field] = message
    return Object.keys(fields).length ? fail(action, fields) : true
  }
  /** An optional amount in yuan: undefined when empty, null when not a number. */
  const optionalFen = (s: string): number | null | undefined => (s.trim() ? yuanToFen(s) : undefined)
  const done = (ok: boolean, clear: (() => void)[]) => {
    if (!ok) return
    clear.forEach((f) => f())
    setOpen('')
  }

  const assign = async () => {
    if (!need('assign', [[!!assignTo, 'toOpenid', '请选择承办人']])) return
    done(await run('complaint.assign', { toOpenid: assignTo }), [() => setAssignTo('')])
  }
  const supervise = async () => {
    const due = typedDate(supDue)
    const ok = need('supervise', [
      [!!supNote.trim(), 'note', '请写督办要求'],
      [!!supDue.trim(), 'dueAt', '请填写督办期限，如 2026-11-25'],
      [!supDue.trim() || !!due, 'dueAt', '督办期限应为日期，如 2026-11-25'],
    ])
    if (!ok || !due) return
    const data: { note: string; dueAt: string; leaderName?: string } = { note: supNote.trim(), dueAt: due }
    if (supLeader.trim()) data.leaderName = supLeader.trim()
    done(await run('complaint.supervise', data), [() => setSupNote(''), () => setSupDue(''), () => setSupLeader('')])
  }
  const escalate = async () => {
    const ok = need('escalate', [
      [!!upTo, 'toDeptId', '请选择提级后的办理单位'],
      [!!upReason.trim(), 'reason', '请写提级办理的原因'],
    ])
    if (!ok) return
    done(await run('complaint.escalate', { toDeptId: upTo, reason: upReason.trim() }), [() => setUpTo(''), () => setUpReason('')])
  }
  const flag = async () => {
    const ok = need('flag', [
      [!!signal, 'signal', '请选择风险情形'],
      [!!flagNote.trim(), 'note', '请写情况说明'],
    ])
    if (!ok || !signal) return
    done(await run('complaint.flag', { signal, note: flagNote.trim() }), [() => setSignal(''), () => setFlagNote('')])
  }
  const referralOutcome = async () => {
    const fen = optionalFen(outAmount)
    const ok = need('referralOutcome', [
      [!!outcome, 'outcome', '请选择移送结果'],
      [!!outRefNo.trim(), 'refNo', '请填写文书编号'],
      [fen !== null, 'amountFen', '确定金额请填数字（元），没有可以不填'],
      [!!outNote.trim(), 'note', '请写说明'],
    ])
    if (!ok || !outcome || fen === null) return
    const data: { outcome: ReferralOutcome; refNo: string; note: string; amountFen?: number } = {
      outcome,
      refNo: outRefNo.trim(),
      note: outNote.trim(),
    }
    if (fen !== undefined) data.amountFen = fen
    done(await run('complaint.referralOutcome', data), [
      () => setOutcome(''),
      () => setOutRefNo(''),
      () => setOutAmount(''),
      () => setOutNote(''),
    ])
  }
  const advance = async () => {
    const fen = advAmount.trim() ? yuanToFen(advAmount) : null
    const ok = need('advance', [
      [!!source, 'source', '请选择垫付资金来源'],
      [!!advAmount.trim(), 'amountFen', '请填写垫付金额（元）'],
      [!advAmount.trim() || fen !== null, 'amountFen', '垫付金额请填数字（元），如 8000'],
      [fen === null || fen > 0, 'amountFen', '垫付金额应大于0'],
      [!!advNote.trim(), 'note', '请写说明'],
    ])
    if (!ok || !source || fen === null) return
    done(await run('complaint.advance', { source, amountFen: fen, note: advNote.trim() }), [
      () => setSource(''),
      () => setAdvAmount(''),
      () => setAdvNote(''),
    ])
  }
  const penalty = async () => {
    const fen = optionalFen(penAmount)
    const ok = need('penalty', [
      [!!kind, 'kind', '请选择处理措施'],
      [!!docNo.trim(), 'docNo', '请填写文书编号'],
      [fen !== null, 'amountFen', '金额请填数字（元），没有可以不填'],
      [!!penNote.trim(), 'note', '请写说明'],
    ])
    if (!ok || !kind || fen === null) return
    const data: { kind: PenaltyKind; docNo: string; note: string; amountFen?: number } = { kind, docNo: docNo.trim(), note: penNote.trim() }
    if (fen !== undefined) data.amountFen = fen
    done(await run('complaint.penalty', data), [() => setKind(''), () => setDocNo(''), () => setPenAmount(''), () => setPenNote('')])
  }

  const label = (text: string) => <View className="xam-label xam-gap">{text}</View>
  const note = (action: string, value: string, onChange: (v: string) => void, placeholder: string, field = 'note') => (
    <>
      <TextArea
        className={'xam-textarea xam-' + action + '-' + field}
        placeholder={placeholder}
        value={value}
        maxLength={field === 'reason' ? 500 : 2000}
        rows={2}
        onChange={onChange}
      />
      <FieldError name={field} message={err(action, field)} />
    </>
  )
  const text = (action: string, field: string, value: string, onChange: (v: string) => void, placeholder: string, type = 'text') => (
    <>
      <Input
        className={'xam-input xam-' + action + '-' + field}
        type={type === 'digit' ? 'digit' : 'text'}
        placeholder={placeholder}
        value={value}
        maxLength={60}
        onChange={onChange}
      />
      <FieldError name={field} message={err(action, field)} />
    </>
  )
  const submit = (action: string, title: string) => (
    <Button
      type="primary"
      size="large"
      block
      loading={busy === 'complaint.' + action}
      className={'xam-big-button xam-' + action + '-submit'}
      onClick={
        { assign, supervise, escalate, flag, referralOutcome, advance, penalty }[
          action as 'assign' | 'supervise' | 'escalate' | 'flag' | 'referralOutcome' | 'advance' | 'penalty'
        ]
      }
    >
      {title}
    </Button>
  )
  const shown = (action: string) => open === action && has(action)

  return (
    <View className="xam-duty-actions">
      <View className="xam-card xam-duty-tiles">
        <View className="xam-subtitle">责任与督办</View>
        <View className="xam-action-grid">
          {tiles.map((t) => (
            <View
              key={t.action}
              className={'xam-action-tile xam-action-' + t.action + (open === t.action ? ' xam-action-tile-open' : '')}
              onClick={() => setOpen(open === t.action ? '' : t.action)}
            >
              {t.label}
            </View>
          ))}
        </View>
      </View>

      {shown('assign') ? (
        <ActionBox title="指定承办人（本单位同事）" className="xam-assign-box">
          <View className="xam-hint">承办人对这个案件负责，他的姓名和办公电话会写在台账和回执上。</View>
          {label('交给哪位同事')}
          <Choices
            name="assign"
            options={colleagues.map((o) => ({ value: o.openid, label: o.name + (o.officePhone ? '（' + o.officePhone + '）' : '') }))}
            value={assignTo}
            onChange={setAssignTo}
          />
          <FieldError name="toOpenid" message={err('assign', 'toOpenid')} />
          {submit('assign', '确定承办人')}
        </ActionBox>
      ) : null}

      {shown('supervise') ? (
        <ActionBox title="挂牌督办（联席办）" className="xam-supervise-box">
          {label('督办要求')}
          {note('supervise', supNote, setSupNote, '例如：限期督促总包单位结清，每周报告进展')}
          {label('督办期限（日期）')}
          {text('supervise', 'dueAt', supDue, setSupDue, '如 2026-11-25，当天 24 点前办结')}
          {label('包案领导（可以不填）')}
          {text('supervise', 'leaderName', supLeader, setSupLeader, '领导姓名和职务，如 王副区长')}
          {submit('supervise', '挂牌督办')}
        </ActionBox>
      ) : null}

      {shown('escalate') ? (
        <ActionBox title="提级办理：交给本级的办理单位" className="xam-escalate-box">
          {p.depts === null && !p.deptsError ? <View className="xam-hint">正在加载单位……</View> : null}
          {p.deptsError ? <View className="xam-field-error">{p.deptsError}</View> : null}
          {label('提级后由哪个单位办理')}
          <Select
            className="xam-escalate-dept"
            options={upTargets.map((d) => ({ value: d.id, label: d.name + '（' + (DEPT_KIND_LABELS[d.kind] || d.kind) + '）' }))}
            value={upTo}
            placeholder={upTargets.length ? '选择本级办理单位' : '本级没有可以提级的单位'}
            onChange={setUpTo}
          />
          <FieldError name="toDeptId" message={err('escalate', 'toDeptId')} />
          {label('原因（内部可见）')}
          {note('escalate', upReason, setUpReason, '例如：涉及多个区，区级协调不动', 'reason')}
          {submit('escalate', '提级办理')}
        </ActionBox>
      ) : null}

      {shown('flag') ? (
        <ActionBox title="标记重大风险（立即报告联席办）" className="xam-flag-box">
          {label('风险情形')}
          <Choices name="signal" options={options(FLAG_SIGNALS, FLAG_SIGNAL_LABELS)} value={signal} onChange={setSignal} />
          <FieldError name="signal" message={err('flag', 'signal')} />
          {label('情况说明')}
          {note('flag', flagNote, setFlagNote, '发生了什么，涉及多少人，现在怎样')}
          <View className="xam-hint">同一项目、同一老板的未办结案件都会列为重大风险。</View>
          {submit('flag', '标记并报告')}
        </ActionBox>
      ) : null}

      {shown('referralOutcome') ? (
        <ActionBox title="登记移送结果" className="xam-referralOutcome-box">
          {label('结果')}
          <Choices name="outcome" options={options(REFERRAL_OUTCOMES, REFERRAL_OUTCOME_LABELS)} value={outcome} onChange={setOutcome} />
          <FieldError name="outcome" message={err('referralOutcome', 'outcome')} />
          {label('文书编号')}
          {text('referralOutcome', 'refNo', outRefNo, setOutRefNo, '如 保劳人仲案字〔2026〕123号')}
          {label('确定金额（元，可以不填）')}
          {text('referralOutcome', 'amountFen', outAmount, setOutAmount, '裁决、判决或调解确定的金额', 'digit')}
          {label('说明（工友能看到）')}
          {note('referralOutcome', outNote, setOutNote, '例如：仲裁裁决支付全部工资，下一步督促履行')}
          {submit('referralOutcome', '登记移送结果')}
        </ActionBox>
      ) : null}

      {shown('advance') ? (
        <ActionBox title="先行垫付（垫付、兜底）" className="xam-advance-box">
          {label('资金来源')}
          <Choices name="source" options={options(ADVANCE_SOURCES, ADVANCE_SOURCE_LABELS)} value={source} onChange={setSource} />
          <FieldError name="source" message={err('advance', 'source')} />
          {label('垫付金额（元）')}
          {text('advance', 'amountFen', advAmount, setAdvAmount, '如 8000', 'digit')}
          {label('说明（工友能看到）')}
          {note('advance', advNote, setAdvNote, '例如：已从应急周转金垫付，发放到工友银行卡')}
          <View className="xam-hint">工友的案件页会显示“已先行垫付”的金额。</View>
          {submit('advance', '登记垫付')}
        </ActionBox>
      ) : null}

      {shown('penalty') ? (
        <ActionBox title="行政处理（对用工单位）" className="xam-penalty-box">
          {label('处理措施')}
          <Choices name="kind" options={options(PENALTY_KINDS, PENALTY_KIND_LABELS)} value={kind} onChange={setKind} />
          <FieldError name="kind" message={err('penalty', 'kind')} />
          {label('文书编号')}
          {text('penalty', 'docNo', docNo, setDocNo, '如 竞人社监令〔2026〕15号')}
          {label('金额（元，罚款时填写）')}
          {text('penalty', 'amountFen', penAmount, setPenAmount, '没有可以不填', 'digit')}
          {label('说明（内部可见）')}
          {note('penalty', penNote, setPenNote, '例如：责令十日内支付拖欠工资')}
          {submit('penalty', '登记处理')}
        </ActionBox>
      ) : null}
    </View>
  )
}
