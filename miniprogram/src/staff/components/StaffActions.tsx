import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button, Checkbox, Input, TextArea } from '@nutui/nutui-react-taro'
import type { ReferTarget } from '@shared/types'
import { FieldError } from '../../components/FieldError'
import { yuanToFen } from '../../utils/money'
import { ActionBox } from './ActionBox'

/** Runs one staff action with `{ id, version, ...data }`; resolves true when it went through. */
export type RunAction = (action: string, data: object) => Promise<boolean>

interface Props {
  allowed: string[]
  busy: string
  errors: Record<string, string>
  run: RunAction
  setErrors: (e: Record<string, string>) => void
}

const REFER_TARGETS: { value: ReferTarget; label: string }[] = [
  { value: 'arbitration', label: '劳动人事争议仲裁' },
  { value: 'court', label: '人民法院' },
  { value: 'police', label: '公安机关' },
  { value: 'procuratorate', label: '检察机关' },
]

/** Staff buttons, as the status machine allows for this case and this person. */
export function StaffActions({ allowed, busy, errors, run, setErrors }: Props) {
  const has = (a: string) => allowed.indexOf(a) >= 0
  const [note, setNote] = useState('')
  const [visible, setVisible] = useState(true)
  const [recovered, setRecovered] = useState('')
  const [resolveNote, setResolveNote] = useState('')
  const [returnReason, setReturnReason] = useState('')
  const [complexReason, setComplexReason] = useState('')
  const [explanation, setExplanation] = useState('')
  const [referTo, setReferTo] = useState(0)
  const [referNo, setReferNo] = useState('')
  const [referNote, setReferNote] = useState('')

  const need = (value: string, field: string, message: string): boolean => {
    if (value.trim()) return true
    setErrors({ [field]: message })
    return false
  }

  const progress = async () => {
    if (!need(note, 'note', '请写进展情况')) return
    if (await run('complaint.progress', { note: note.trim(), visibleToWorker: visible })) setNote('')
  }
  const resolve = async () => {
    const fen = yuanToFen(recovered)
    if (fen === null) {
      setErrors({ amountRecoveredFen: '请填写已追回金额（元），没有追回填 0' })
      return
    }
    if (!need(resolveNote, 'note', '请写处理结果')) return
    if (await run('complaint.resolve', { amountRecoveredFen: fen, note: resolveNote.trim() })) {
      setRecovered('')
      setResolveNote('')
    }
  }
  const giveBack = async () => {
    if (!need(returnReason, 'reason', '请写退回原因')) return
    if (await run('complaint.return', { reason: returnReason.trim() })) setReturnReason('')
  }
  const markComplex = async () => {
    if (!need(complexReason, 'reason', '请写列为复杂案件的原因')) return
    if (await run('complaint.markComplex', { reason: complexReason.trim() })) setComplexReason('')
  }
  const notWage = async () => {
    if (!need(explanation, 'explanation', '请写给工友的说明')) return
    if (await run('complaint.notWageArrears', { explanation: explanation.trim() })) setExplanation('')
  }
  const refer = async () => {
    if (!need(referNote, 'note', '请写移送说明')) return
    const data: { to: ReferTarget; note: string; refNo?: string } = { to: REFER_TARGETS[referTo].value, note: referNote.trim() }
    if (referNo.trim()) data.refNo = referNo.trim()
    if (await run('complaint.refer', data)) {
      setReferNo('')
      setReferNote('')
    }
  }

  return (
    <View className="xam-staff-actions">
      {has('accept') ? (
        <View className="xam-accept-wrap">
          <Button
            type="primary"
            size="xlarge"
            block
            loading={busy === 'complaint.accept'}
            className="xam-big-button xam-accept"
            onClick={() => run('complaint.accept', {})}
          >
            受理
          </Button>
        </View>
      ) : null}

      {has('progress') ? (
        <ActionBox title="添加进展" className="xam-progress-box">
          <TextArea
            className="xam-textarea xam-progress-note"
            placeholder="例如：已约谈总包单位，承诺本周内支付"
            value={note}
            maxLength={1000}
            rows={3}
            onChange={setNote}
          />
          <FieldError name="note" message={errors.note} />
          <Checkbox className="xam-check xam-progress-visible" checked={visible} label="让工友看到" onChange={setVisible} />
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

      {has('resolve') ? (
        <ActionBox title="办结：工资已追回或已达成协议" className="xam-resolve-box">
          <View className="xam-label">已追回金额（元）</View>
          <Input
            className="xam-input xam-resolve-amount"
            type="digit"
            placeholder="例如 8000"
            value={recovered}
            maxLength={12}
            onChange={setRecovered}
          />
          <FieldError name="amountRecoveredFen" message={errors.amountRecoveredFen} />
          <View className="xam-label xam-gap">说明</View>
          <TextArea
            className="xam-textarea xam-resolve-note"
            placeholder="处理结果，工友能看到"
            value={resolveNote}
            maxLength={1000}
            rows={3}
            onChange={setResolveNote}
          />
          <FieldError name="note" message={errors.note} />
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

      {has('markComplex') ? (
        <ActionBox title="列为复杂案件（期限延长，只能一次）" className="xam-complex-box">
          <TextArea
            className="xam-textarea xam-complex-reason"
            placeholder="原因"
            value={complexReason}
            maxLength={500}
            rows={2}
            onChange={setComplexReason}
          />
          <FieldError name="reason" message={errors.reason} />
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

      {has('refer') ? (
        <ActionBox title="移送" className="xam-refer-box">
          <Picker
            mode="selector"
            range={REFER_TARGETS.map((t) => t.label)}
            value={referTo}
            onChange={(e) => setReferTo(Number(e.detail.value))}
          >
            <View className="xam-picker xam-refer-to">{REFER_TARGETS[referTo].label}</View>
          </Picker>
          <Input
            className="xam-input xam-refer-no xam-gap"
            placeholder="对方受理编号（可以不填）"
            value={referNo}
            maxLength={60}
            onChange={setReferNo}
          />
          <TextArea
            className="xam-textarea xam-refer-note xam-gap"
            placeholder="移送说明"
            value={referNote}
            maxLength={500}
            rows={2}
            onChange={setReferNote}
          />
          <FieldError name="note" message={errors.note} />
          <Button
            size="large"
            block
            loading={busy === 'complaint.refer'}
            className="xam-big-button xam-refer-submit"
            onClick={refer}
          >
            移送
          </Button>
        </ActionBox>
      ) : null}

      {has('notWageArrears') ? (
        <ActionBox title="不属于欠薪（必须写明理由，工友可以提出异议）" className="xam-notwage-box">
          <TextArea
            className="xam-textarea xam-notwage-explanation"
            placeholder="给工友的书面说明"
            value={explanation}
            maxLength={1000}
            rows={3}
            onChange={setExplanation}
          />
          <FieldError name="explanation" message={errors.explanation} />
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

      {has('return') ? (
        <ActionBox title="不归我们管：退回首问单位" className="xam-return-box">
          <TextArea
            className="xam-textarea xam-return-reason"
            placeholder="退回原因，例如：该项目不属于本单位监管"
            value={returnReason}
            maxLength={500}
            rows={2}
            onChange={setReturnReason}
          />
          <FieldError name="reason" message={errors.reason} />
          <Button
            type="danger"
            fill="outline"
            size="large"
            block
            loading={busy === 'complaint.return'}
            className="xam-big-button xam-return-submit"
            onClick={giveBack}
          >
            退回
          </Button>
        </ActionBox>
      ) : null}
    </View>
  )
}
