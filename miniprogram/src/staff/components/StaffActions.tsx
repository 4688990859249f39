import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Checkbox, Input } from '@nutui/nutui-react-taro'
import { REFER_TARGETS as REFER_TARGET_LIST, type ReferTarget } from '@shared/types'
import { DEPT_KIND_LABELS, REFER_LABELS, formatFen } from '@shared/labels'
import { largeRecoveryQuestion } from '@shared/resolution'
import { FieldError } from '../../components/FieldError'
import { yuanToFen } from '../../utils/money'
import type { DeptItem, TemplateItem } from '../lib/types'
import { ActionBox } from './ActionBox'
import { Select } from './Select'
import { TemplatedText } from './TemplatePicker'
import type { StepData, StepName } from '@shared/contract'

/** Runs one staff action with `{ id, version, ...data }`; resolves true when it went through. */
export type RunAction = <A extends StepName>(action: A, data: StepData<A>) => Promise<boolean>

/** Field errors of the last attempt, for the form of that action only. */
export interface ActionErrors {
  action: string
  fields: Record<string, string>
}

interface Props {
  allowed: string[]
  busy: string
  errors: ActionErrors
  run: RunAction
  setErrors: (e: ActionErrors) => void
  templates: TemplateItem[]
  /** Departments to route to; null while loading or when they could not be loaded. */
  depts: DeptItem[] | null
  deptsError: string
  /** The case's area and current handler, to order and filter the departments. */
  areaCode: string
  handlerId: string
  status: string
  /** The amount owed: a recovered amount far above it is confirmed before it is sent. */
  amountOwedFen?: number
}

/** Every authority the server refers to, legal aid (法律援助) and mediation (人民调解) among them. */
const REFER_TARGETS: { value: ReferTarget; label: string }[] = REFER_TARGET_LIST.map((t) => ({ value: t, label: REFER_LABELS[t] }))

/** The less frequent moves, opened one at a time from a row of buttons. */
const MORE: { action: string; label: string }[] = [
  { action: 'resolve', label: '登记办结' },
  { action: 'markComplex', label: '列为复杂' },
  { action: 'route', label: '转办' },
  { action: 'return', label: '退回首问' },
  { action: 'refer', label: '移送' },
  { action: 'transferOut', label: '转外地' },
  { action: 'notWageArrears', label: '非欠薪' },
]

/** Departments that can handle the case: not desks, not the current handler; the case's own area first. */
function routeTargets(depts: DeptItem[], areaCode: string, handlerId: string): DeptItem[] {
  const score = (d: DeptItem) => {
    if (d.areaCode === areaCode) return 0
    if (d.areaCode === areaCode.slice(0, 4) + '00') return 1
    if (d.areaCode === areaCode.slice(0, 2) + '0000') return 2
    return 3
  }
  return depts
    .filter((d) => d.kind !== 'desk' && d.id !== handlerId && d.active !== false && d.areaCode.slice(0, 2) === areaCode.slice(0, 2))
    .sort((a, b) => score(a) - score(b) || a.name.localeCompare(b.name))
}

/** The written text of each action: where it goes, what it says before anything is typed, how long. */
const TEXTS: Record<string, { className: string; placeholder: string; maxLength: number; rows: number; field: string }> = {
  progress: {
    className: 'xam-progress-note',
    placeholder: '例如：已约谈总包单位，承诺本周内支付',
    maxLength: 2000,
    rows: 3,
    field: 'note',
  },
  resolve: { className: 'xam-resolve-note', placeholder: '工友能看到这段话', maxLength: 2000, rows: 3, field: 'note' },
  markComplex: { className: 'xam-complex-reason', placeholder: '原因，工友能看到', maxLength: 500, rows: 2, field: 'reason' },
  route: { className: 'xam-route-reason', placeholder: '转办原因（内部可见）', maxLength: 500, rows: 2, field: 'reason' },
  return: {
    className: 'xam-return-reason',
    placeholder: '退回原因，例如：该项目不属于本单位监管',
    maxLength: 500,
    rows: 2,
    field: 'reason',
  },
  refer: { className: 'xam-refer-note', placeholder: '移送说明，工友能看到', maxLength: 2000, rows: 2, field: 'note' },
  transferOut: { className: 'xam-transfer-note', placeholder: '说明，工友能看到', maxLength: 2000, rows: 2, field: 'note' },
  notWageArrears: { className: 'xam-notwage-explanation', placeholder: '给工友的书面说明', maxLength: 2000, rows: 3, field: 'explanation' },
}

/** Staff buttons and forms, as the status machine allows for this case and this person. */
export function StaffActions(p: Props) {
  const { allowed, busy, errors, run, setErrors, templates } = p
  // The server's allowedActions already leaves out what this case and person cannot do.
  const has = (a: string) => allowed.indexOf(a) >= 0
  // A case back with the first responder mostly needs routing: show that form open.
  const [open, setOpen] = useState(() => (p.status === 'returned' && has('route') ? 'route' : ''))
  const [note, setNote] = useState('')
  const [visible, setVisible] = useState(true)
  const [recovered, setRecovered] = useState('')
  const [resolveNote, setResolveNote] = useState('')
  const [returnReason, setReturnReason] = useState('')
  const [complexReason, setComplexReason] = useState('')
  const [explanation, setExplanation] = useState('')
  const [referTo, setReferTo] = useState<ReferTarget | ''>('')
  const [referNo, setReferNo] = useState('')
  const [referNote, setReferNote] = useState('')
  const [routeTo, setRouteTo] = useState('')
  const [routeReason, setRouteReason] = useState('')
  const [outTo, setOutTo] = useState('')
  const [outPhone, setOutPhone] = useState('')
  const [outNote, setOutNote] = useState('')

  const err = (action: string, field: string) => (errors.action === 'complaint.' + action ? errors.fields[field] : undefined)
  const text = (action: string, value: string, onChange: (v: string) => void) => (
    <TemplatedText
      templates={templates}
      action={action}
      {...TEXTS[action]}
      value={value}
      onChange={onChange}
      error={err(action, TEXTS[action].field)}
    />
  )
  const fail = (action: string, field: string, message: string) => {
    setErrors({ action: 'complaint.' + action, fields: { [field]: message } })
    return false
  }
  const need = (action: string, value: string, field: string, message: string): boolean =>
    value.trim() ? true : fail(action, field, message)

  const progress = async () => {
    if (!need('progress', note, 'note', '请写进展情况')) return
    if (await run('complaint.progress', { note: note.trim(), visibleToWorker: visible })) setNote('')
  }
  const resolve = async () => {
    const fen = yuanToFen(recovered)
    if (fen === null) {
      fail('resolve', 'amountRecoveredFen', '请填写已追回金额（元），没有追回填 0')
      return
    }
    if (!need('resolve', resolveNote, 'note', '请写处理结果')) return
    // Far above the amount owed (shared/resolution.ts): asked first, and sent as confirmed.
    const question = p.amountOwedFen === undefined ? '' : largeRecoveryQuestion(fen, p.amountOwedFen)
    if (question && p.amountOwedFen !== undefined) {
      const sure = await Taro.showModal({
        title: '核对追回金额',
        content: `${question}\n欠薪金额 ${formatFen(p.amountOwedFen)}，追回金额 ${formatFen(fen)}。`,
        confirmText: '确定',
        cancelText: '改一下',
      }).catch(() => ({ confirm: false }))
      if (!sure.confirm) {
        fail('resolve', 'amountRecoveredFen', question.replace('确定吗？', '请核对追回金额'))
        return
      }
    }
    const data = { amountRecoveredFen: fen, note: resolveNote.trim(), ...(question ? { confirmLarge: true } : {}) }
    if (await run('complaint.resolve', data)) {
      setRecovered('')
      setResolveNote('')
      setOpen('')
    }
  }
  const giveBack = async () => {
    if (!need('return', returnReason, 'reason', '请写退回原因')) return
    if (await run('complaint.return', { reason: returnReason.trim() })) {
      setReturnReason('')
      setOpen('')
    }
  }
  const markComplex = async () => {
    if (!need('markComplex', complexReason, 'reason', '请写列为复杂案件的原因')) return
    if (await run('complaint.markComplex', { reason: complexReason.trim() })) {
      setComplexReason('')
      setOpen('')
    }
  }
  const notWage = async () => {
    if (!need('notWageArrears', explanation, 'explanation', '请写给工友的说明')) return
    if (await run('complaint.notWageArrears', { explanation: explanation.trim() })) {
      setExplanation('')
      setOpen('')
    }
  }
  const refer = async () => {
    if (!referTo) {
      fail('refer', 'to', '请选择移送给哪个机关')
      return
    }
    if (!need('refer', referNote, 'note', '请写移送说明')) return
    const data: { to: ReferTarget; note: string; refNo?: string } = { to: referTo, note: referNote.trim() }
    if (referNo.trim()) data.refNo = referNo.trim()
    if (await run('complaint.refer', data)) {
      setReferNo('')
      setReferNote('')
      setOpen('')
    }
  }
  const routeCase = async () => {
    if (!routeTo) {
      fail('route', 'toDeptId', '请选择转给哪个单位')
      return
    }
    if (!need('route', routeReason, 'reason', '请写转办原因')) return
    if (await run('complaint.route', { toDeptId: routeTo, reason: routeReason.trim() })) {
      setRouteTo('')
      setRouteReason('')
      setOpen('')
    }
  }
  const transferOut = async () => {
    if (!need('transferOut', outTo, 'to', '请写转到哪里，例如：天津市人社局劳动保障监察总队')) return
    if (!need('transferOut', outNote, 'note', '请写说明')) return
    const data: { to: string; note: string; phone?: string } = { to: outTo.trim(), note: outNote.trim() }
    if (outPhone.trim()) data.phone = outPhone.trim()
    if (await run('complaint.transferOut', data)) {
      setOutTo('')
      setOutPhone('')
      setOutNote('')
      setOpen('')
    }
  }

  const more = MORE.filter((m) => has(m.action))
  const targets = p.depts ? routeTargets(p.depts, p.areaCode, p.handlerId) : []
  const shown = (action: string) => open === action

  const acceptButton = has('accept') ? (
    <View className="xam-accept-wrap">
      {/* Back with the first responder, routing comes first; handling it here is the other choice. */}
      <Button
        type={p.status === 'returned' ? 'default' : 'primary'}
        size={p.status === 'returned' ? 'large' : 'xlarge'}
        block
        loading={busy === 'complaint.accept'}
        className="xam-big-button xam-accept"
        onClick={() => run('complaint.accept', {})}
      >
        {p.status === 'returned' ? '不转办，由本单位受理' : '受理'}
      </Button>
    </View>
  ) : null

  if (!allowed.filter((a) => has(a)).length) return <View className="xam-card xam-muted xam-no-actions">这个案件现在不需要您操作。</View>

  return (
    <View className="xam-staff-actions">
      {p.status !== 'returned' ? acceptButton : null}

      {has('progress') ? (
        <ActionBox title="添加进展" className="xam-progress-box">
          {text('progress', note, setNote)}
          <Checkbox className="xam-check xam-progress-visible" checked={visible} label="让工友看到这条进展" onChange={setVisible} />
          {!visible ? <View className="xam-hint">只记在内部台账，工友看不到</View> : null}
          <Button
            type="primary"
            size="large"
            block
            loading={busy === 'complaint.progress'}
            className="xam-big-button xam-progress-submit"
            onClick={progress}
          >
            添加进展
          </Button>
        </ActionBox>
      ) : null}

      {more.length ? (
        <View className="xam-card xam-more-actions">
          <View className="xam-subtitle">其他操作</View>
          <View className="xam-action-grid">
            {more.map((m) => (
              <View
                key={m.action}
                className={'xam-action-tile xam-action-' + m.action + (shown(m.action) ? ' xam-action-tile-open' : '')}
                onClick={() => setOpen(open === m.action ? '' : m.action)}
              >
                {m.label}
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {has('resolve') && shown('resolve') ? (
        <ActionBox title="登记办结：工资已追回或已达成协议" className="xam-resolve-box">
          <View className="xam-label">已追回金额（元）</View>
          <Input
            className="xam-input xam-resolve-amount"
            type="digit"
            placeholder="例如 8000，没有追回填 0"
            value={recovered}
            maxLength={14}
            onChange={setRecovered}
          />
          <FieldError name="amountRecoveredFen" message={err('resolve', 'amountRecoveredFen')} />
          <View className="xam-label xam-gap">处理结果</View>
          {text('resolve', resolveNote, setResolveNote)}
          <View className="xam-hint">工友会收到通知，请他确认工资是否到手。</View>
          <Button
            type="primary"
            size="large"
            block
            loading={busy === 'complaint.resolve'}
            className="xam-big-button xam-resolve-submit"
            onClick={resolve}
          >
            登记办结
          </Button>
        </ActionBox>
      ) : null}

      {has('markComplex') && shown('markComplex') ? (
        <ActionBox title="列为复杂案件（期限延长，只能一次）" className="xam-complex-box">
          {text('markComplex', complexReason, setComplexReason)}
          <Button
            size="large"
            block
            loading={busy === 'complaint.markComplex'}
            className="xam-big-button xam-complex-submit"
            onClick={markComplex}
          >
            列为复杂案件
          </Button>
        </ActionBox>
      ) : null}

      {has('route') && shown('route') ? (
        <ActionBox title="转办给其他单位" className="xam-route-box">
          {p.depts === null && !p.deptsError ? <View className="xam-hint">正在加载单位……</View> : null}
          {p.deptsError ? <View className="xam-field-error">{p.deptsError}</View> : null}
          {p.depts !== null ? (
            <Select
              className="xam-route-dept"
              options={targets.map((d) => ({ value: d.id, label: d.name + '（' + (DEPT_KIND_LABELS[d.kind] || d.kind) + '）' }))}
              value={routeTo}
              placeholder={targets.length ? '选择办理单位' : '没有可以转办的单位'}
              onChange={setRouteTo}
            />
          ) : null}
          <FieldError name="toDeptId" message={err('route', 'toDeptId')} />
          {text('route', routeReason, setRouteReason)}
          <Button
            type="primary"
            size="large"
            block
            loading={busy === 'complaint.route'}
            className="xam-big-button xam-route-submit"
            onClick={routeCase}
          >
            转办
          </Button>
        </ActionBox>
      ) : null}

      {has('return') && shown('return') ? (
        <ActionBox title="不归我们管：退回首问单位" className="xam-return-box">
          <View className="xam-hint">退回后由首问单位重新转办，工友看不到退回。</View>
          {text('return', returnReason, setReturnReason)}
          <Button
            type="danger"
            fill="outline"
            size="large"
            block
            loading={busy === 'complaint.return'}
            className="xam-big-button xam-return-submit"
            onClick={giveBack}
          >
            退回首问单位
          </Button>
        </ActionBox>
      ) : null}

      {has('refer') && shown('refer') ? (
        <ActionBox title="移送仲裁、法院、公安、法律援助或人民调解" className="xam-refer-box">
          <Select className="xam-refer-to" options={REFER_TARGETS} value={referTo} placeholder="选择移送机关" onChange={setReferTo} />
          <FieldError name="to" message={err('refer', 'to')} />
          <Input
            className="xam-input xam-refer-no"
            placeholder="对方受理编号（可以不填）"
            value={referNo}
            maxLength={60}
            onChange={setReferNo}
          />
          <FieldError name="refNo" message={err('refer', 'refNo')} />
          <View className="xam-gap" />
          {text('refer', referNote, setReferNote)}
          <Button size="large" block loading={busy === 'complaint.refer'} className="xam-big-button xam-refer-submit" onClick={refer}>
            移送
          </Button>
        </ActionBox>
      ) : null}

      {has('transferOut') && shown('transferOut') ? (
        <ActionBox title="转外地处理（外市、外省）" className="xam-transfer-box">
          <Input
            className="xam-input xam-transfer-to"
            placeholder="转到哪里，例如：天津市人社局"
            value={outTo}
            maxLength={100}
            onChange={setOutTo}
          />
          <FieldError name="to" message={err('transferOut', 'to')} />
          <View className="xam-gap" />
          <Input
            className="xam-input xam-transfer-phone"
            type="text"
            placeholder="对方的投诉电话（知道就填，工友能看到并拨打）"
            value={outPhone}
            maxLength={20}
            onChange={setOutPhone}
          />
          <FieldError name="phone" message={err('transferOut', 'phone')} />
          <View className="xam-gap" />
          {text('transferOut', outNote, setOutNote)}
          <Button
            size="large"
            block
            loading={busy === 'complaint.transferOut'}
            className="xam-big-button xam-transfer-submit"
            onClick={transferOut}
          >
            转外地
          </Button>
        </ActionBox>
      ) : null}

      {has('notWageArrears') && shown('notWageArrears') ? (
        <ActionBox title="不属于欠薪（须书面说明，工友可以提出异议）" className="xam-notwage-box">
          {text('notWageArrears', explanation, setExplanation)}
          <Button
            size="large"
            block
            loading={busy === 'complaint.notWageArrears'}
            className="xam-big-button xam-notwage-submit"
            onClick={notWage}
          >
            答复：不属于欠薪
          </Button>
        </ActionBox>
      ) : null}
      {p.status === 'returned' ? acceptButton : null}
    </View>
  )
}
