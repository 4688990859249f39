import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { FieldError } from '../../components/FieldError'

interface Props {
  id: string
  allowed: string[]
  /** Called after an action went through, or failed in a way that needs fresh data. */
  onDone: () => void
}

/** The worker's buttons, as the status machine allows: confirm, dispute, supplement. */
export function WorkerActions({ id, allowed, onDone }: Props) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')

  const run = async (action: string, data: object, okText: string) => {
    if (busy) return
    setBusy(action)
    setMessage('')
    setErrors({})
    try {
      await callApi('worker', action, data)
      Taro.showToast({ title: okText, icon: 'success' })
      setComment('')
      setReason('')
      setNote('')
      onDone()
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') setErrors(e.fields)
      setMessage(errorMessage(e))
      if (isApiCallError(e) && e.code === 'CONFLICT') onDone()
    } finally {
      setBusy('')
    }
  }

  const confirm = () => {
    if (rating < 1) {
      setErrors({ rating: '请点星星打个分' })
      return
    }
    run('complaint.confirm', { id, rating, comment: comment.trim() }, '已确认')
  }
  const dispute = () => {
    if (!reason.trim()) {
      setErrors({ reason: '请写一下哪里不对' })
      return
    }
    run('complaint.dispute', { id, reason: reason.trim() }, '已提出异议')
  }
  const supplement = () => {
    if (!note.trim()) {
      setErrors({ note: '请写一下要补充的情况' })
      return
    }
    run('complaint.supplement', { id, note: note.trim() }, '已补充')
  }

  const has = (a: string) => allowed.indexOf(a) >= 0
  if (!has('confirm') && !has('dispute') && !has('supplement')) return null

  return (
    <View className="xam-worker-actions">
      {message ? <View className="xam-error xam-action-error">{message}</View> : null}

      {has('confirm') ? (
        <View className="xam-card xam-confirm-box">
          <View className="xam-subtitle">工资拿到了吗？</View>
          <View className="xam-label">给这次处理打个分</View>
          <Rate className="xam-rate" count={5} value={rating} onChange={(v) => setRating(v)} />
          <FieldError name="rating" message={errors.rating} />
          <TextArea
            className="xam-textarea xam-confirm-comment"
            placeholder="想说点什么（可以不填）"
            value={comment}
            maxLength={300}
            rows={2}
            onChange={setComment}
          />
          <FieldError name="comment" message={errors.comment} />
          <Button
            type="primary"
            size="xlarge"
            block
            loading={busy === 'complaint.confirm'}
            className="xam-big-button xam-confirm"
            onClick={confirm}
          >
            确认已拿到工资
          </Button>
        </View>
      ) : null}

      {has('dispute') ? (
        <View className="xam-card xam-dispute-box">
          <View className="xam-subtitle">钱没拿到，或者处理得不对？</View>
          <TextArea
            className="xam-textarea xam-dispute-reason"
            placeholder="写一下哪里不对"
            value={reason}
            maxLength={500}
            rows={3}
            onChange={setReason}
          />
          <FieldError name="reason" message={errors.reason} />
          <Button
            type="warning"
            size="large"
            block
            loading={busy === 'complaint.dispute'}
            className="xam-big-button xam-dispute"
            onClick={dispute}
          >
            我有异议
          </Button>
        </View>
      ) : null}

      {has('supplement') ? (
        <View className="xam-card xam-supplement-box">
          <View className="xam-subtitle">补充情况</View>
          <TextArea
            className="xam-textarea xam-supplement-note"
            placeholder="有新情况可以写在这里，例如老板又说了什么"
            value={note}
            maxLength={500}
            rows={3}
            onChange={setNote}
          />
          <FieldError name="note" message={errors.note} />
          <Button
            size="large"
            block
            loading={busy === 'complaint.supplement'}
            className="xam-big-button xam-supplement"
            onClick={supplement}
          >
            补充情况
          </Button>
        </View>
      ) : null}
    </View>
  )
}
