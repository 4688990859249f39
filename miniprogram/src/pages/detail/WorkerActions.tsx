import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import { LIMITS } from '@shared/contract/limits'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Rate, TextArea } from '@nutui/nutui-react-taro'
import type { Input } from '@shared/contract'
import { formatFen } from '@shared/labels'
import { DISPUTE_KINDS, DISPUTE_KIND_LABELS, type DisputeKind } from '@shared/resolution'
import type { TimelineItem } from '@shared/types'
import { InfoRow } from '../../components/InfoRow'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { DEFAULT_SETTINGS, loadSettings, type AppSettings } from '../../api/settings'
import { FieldError } from '../../components/FieldError'
import { formatDateTime } from '../../utils/time'
import { PhotoPicker, photosNotReady, uploadedIds, type PhotoItem } from '../../components/PhotoPicker'

interface Props {
  id: string
  allowed: string[]
  /** The worker's last reminder (催办), to say when the next one is possible. */
  remindedAt?: string | null
  /** What the handler recorded as recovered (null: nothing recorded), shown on the confirm card. */
  amountRecoveredFen?: number | null
  /** The case's timeline as the worker sees it: the handler's resolution note is its last 'resolved' item. */
  timeline?: TimelineItem[]
  /** Called after an action went through, or failed in a way that needs fresh data. */
  onDone: () => void
}

const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '很满意']

/** The worker's buttons, as the status machine allows: confirm, dispute, supplement. */
export function WorkerActions({ id, allowed, remindedAt, amountRecoveredFen, timeline, onDone }: Props) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [kind, setKind] = useState<DisputeKind | ''>('')
  const [reason, setReason] = useState('')
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<PhotoItem[]>([])
  const [open, setOpen] = useState('')
  const [busy, setBusy] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const [settings, setSettings] = useState<AppSettings>(DEFAULT_SETTINGS)

  useEffect(() => {
    loadSettings().then(setSettings)
  }, [])

  const run = async <A extends 'complaint.confirm' | 'complaint.dispute' | 'complaint.supplement' | 'complaint.remind'>(
    action: A,
    data: Input<'worker', A>,
    okText: string,
  ) => {
    if (busy) return
    setBusy(action)
    setMessage('')
    setErrors({})
    try {
      await callApi('worker', action, data)
      Taro.showToast({ title: okText, icon: 'success' })
      setComment('')
      setKind('')
      setReason('')
      setNote('')
      setPhotos([])
      setOpen('')
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
      setErrors({ rating: '请点星星打个分，1颗星最差，5颗星最好' })
      return
    }
    run('complaint.confirm', { id, rating, comment: comment.trim() }, '已确认')
  }
  const dispute = () => {
    if (!kind && !reason.trim()) {
      setErrors({ reason: '请选一下哪里不对，或者写一写，例如钱没拿到、只拿到一部分' })
      return
    }
    if (kind === 'other' && !reason.trim()) {
      setErrors({ reason: '请写一下哪里不对' })
      return
    }
    const data: Input<'worker', 'complaint.dispute'> = { id }
    if (kind) data.kind = kind
    if (reason.trim()) data.reason = reason.trim()
    run('complaint.dispute', data, '已提出异议')
  }
  const resolution = (timeline || []).filter((t) => t.type === 'resolved').pop()
  const supplement = () => {
    const notReady = photosNotReady(photos)
    if (notReady) {
      setErrors({ photos: notReady })
      return
    }
    const ids = uploadedIds(photos)
    if (!note.trim()) {
      setErrors({ note: ids.length ? '请简单写一句这些照片是什么' : '请写一下要补充的情况' })
      return
    }
    run('complaint.supplement', ids.length ? { id, note: note.trim(), photos: ids } : { id, note: note.trim() }, '已补充')
  }

  const remind = () => run('complaint.remind', { id }, '已催办')

  const has = (a: string) => allowed.indexOf(a) >= 0
  if (!has('confirm') && !has('dispute') && !has('supplement') && !has('remind')) return null
  // One reminder a day: until then the button says when it was sent.
  const remindedRecently = !!remindedAt && Date.now() - Date.parse(remindedAt) < 24 * 3600 * 1000

  const toggle = (box: string) => {
    setErrors({})
    setMessage('')
    setOpen(open === box ? '' : box)
  }

  return (
    <View className="xam-worker-actions">
      {message ? <View className="xam-error xam-action-error">{message}</View> : null}

      {has('remind') ? (
        <View className="xam-card xam-remind-box">
          {remindedRecently ? (
            <View className="xam-text xam-reminded">已于{formatDateTime(remindedAt || '')}催办，负责单位会收到提醒。明天可以再催。</View>
          ) : (
            <View>
              <View className="xam-text">等太久了？点一下，负责单位会马上收到提醒。</View>
              <Button
                type="primary"
                fill="outline"
                size="large"
                block
                className="xam-big-button xam-remind"
                loading={busy === 'complaint.remind'}
                onClick={remind}
              >
                催办
              </Button>
            </View>
          )}
        </View>
      ) : null}

      {has('confirm') ? (
        <View className="xam-card xam-confirm-box">
          <View className="xam-subtitle">工资拿到了吗？</View>
          {typeof amountRecoveredFen === 'number' || resolution ? (
            <View className="xam-resolution">
              {typeof amountRecoveredFen === 'number' ? (
                <InfoRow label="办理单位登记追回" className="xam-resolution-amount">
                  {formatFen(amountRecoveredFen)}
                </InfoRow>
              ) : null}
              {resolution && resolution.note ? (
                <InfoRow label="办理单位说" className="xam-resolution-note">
                  {resolution.note}
                </InfoRow>
              ) : null}
            </View>
          ) : null}
          <View className="xam-text">拿到了就给这次处理打个分，案子就办完了。没拿到或者金额不对，点下面提出异议。</View>
          <Rate
            className="xam-rate"
            count={5}
            value={rating}
            onChange={(v) => {
              setRating(v)
              if (errors.rating) setErrors({})
            }}
          />
          {rating > 0 ? <View className="xam-rating-word">{RATING_WORDS[rating]}</View> : null}
          <FieldError name="rating" message={errors.rating} />
          <TextArea
            className="xam-textarea xam-confirm-comment"
            placeholder="想说点什么（可以不填）"
            value={comment}
            maxLength={LIMITS.comment}
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
          {open !== 'dispute' ? (
            <Button size="large" block className="xam-dispute-open" onClick={() => toggle('dispute')}>
              钱没拿到，或者处理得不对
            </Button>
          ) : (
            <View>
              <View className="xam-subtitle">哪里不对？</View>
              <View className="xam-text">提出异议后会重新处理。</View>
              <View className="xam-choices xam-dispute-kinds">
                {DISPUTE_KINDS.map((k) => (
                  <View
                    key={k}
                    className={'xam-choice xam-dispute-kind' + (kind === k ? ' xam-choice-on' : '')}
                    data-kind={k}
                    onClick={() => {
                      setKind(k)
                      setErrors({})
                    }}
                  >
                    {kind === k ? '✓ ' : ''}
                    {DISPUTE_KIND_LABELS[k]}
                  </View>
                ))}
              </View>
              <FieldError name="kind" message={errors.kind} />
              <TextArea
                className="xam-textarea xam-dispute-reason"
                placeholder={kind && kind !== 'other' ? '说明（可以不填），例如：实际只拿到5000元' : '例如：只给了一半，还差5000元'}
                value={reason}
                maxLength={LIMITS.disputeReason}
                rows={3}
                onChange={setReason}
              />
              <FieldError name="reason" message={errors.reason} />
              <Button
                type="primary"
                size="xlarge"
                block
                loading={busy === 'complaint.dispute'}
                className="xam-big-button xam-dispute"
                onClick={dispute}
              >
                提出异议
              </Button>
              <View className="xam-textlink xam-dispute-cancel" onClick={() => toggle('dispute')}>
                不提了，收起
              </View>
            </View>
          )}
        </View>
      ) : null}

      {has('supplement') ? (
        <View className="xam-card xam-supplement-box">
          {open !== 'supplement' ? (
            <Button size="large" block className="xam-supplement-open" onClick={() => toggle('supplement')}>
              补充情况或照片
            </Button>
          ) : (
            <View>
              <View className="xam-subtitle">补充情况</View>
              <TextArea
                className="xam-textarea xam-supplement-note"
                placeholder="有新情况写在这里，例如老板又说了什么"
                value={note}
                maxLength={LIMITS.note}
                rows={3}
                onChange={setNote}
              />
              <FieldError name="note" message={errors.note} />
              <PhotoPicker
                value={photos}
                onChange={setPhotos as Dispatch<SetStateAction<PhotoItem[]>>}
                max={settings.maxPhotos}
                maxBytes={settings.maxPhotoBytes}
                error={errors.photos}
              />
              <Button
                type="primary"
                size="xlarge"
                block
                loading={busy === 'complaint.supplement'}
                className="xam-big-button xam-supplement"
                onClick={supplement}
              >
                交上去
              </Button>
              <View className="xam-textlink xam-supplement-cancel" onClick={() => toggle('supplement')}>
                收起
              </View>
            </View>
          )}
        </View>
      ) : null}
    </View>
  )
}
