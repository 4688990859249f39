// The offender ledger of the coordinator's area (issue 16, point 5): per employer the cases, money owed,
// recovered and still unpaid, money paid ahead and measures taken; those meeting the area's criteria are
// marked for the 失信联合惩戒 list, with the reasons. Downloads as Excel with the nomination list.
import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatFen, PENALTY_KIND_LABELS } from '@shared/labels'
import { PENALTY_KINDS } from '@shared/types'
import type { OffenderLedger, ReportFile } from '@shared/contract'
import { callApi } from '../../../api'
import { errorMessage } from '../../../api/errors'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { saveFile } from '../../lib/download'
import { useLoadOnShow } from '../../lib/useLoad'
import '../../styles.css'
import './index.css'

export default function Offenders() {
  const [ledger, setLedger] = useState<OffenderLedger | null>(null)
  const [error, setError] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [nominatedOnly, setNominatedOnly] = useState(false)

  useLoadOnShow(async () => {
    setLedger(await callApi('staff', 'offenders.list', {}))
  }, setError)

  async function download() {
    setBusy(true)
    setNote('')
    try {
      const f: ReportFile = await callApi('staff', 'offenders.export', {})
      setNote(await saveFile(f))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const rows = (ledger?.rows ?? []).filter((r) => !nominatedOnly || r.nominationReasons.length > 0)
  const t = ledger?.totals
  return (
    <View className="xam-page xam-offenders">
      <ErrorBanner message={error} />
      {ledger === null && !error ? <View className="xam-empty">正在统计……</View> : null}
      {t ? (
        <View className="xam-card xam-offenders-totals">
          <View className="xam-list-title">
            {t.employers} 家用人单位，{t.cases} 件案件，{t.workers} 人
          </View>
          <View>
            欠薪 {formatFen(t.owedFen)}，已追回 {formatFen(t.recoveredFen)}，未支付 {formatFen(t.unpaidFen)}
          </View>
          <View>
            先行垫付 {formatFen(t.advancedFen)}（{t.advances} 次），罚款 {formatFen(t.finesFen)}
          </View>
          <View className="xam-offenders-nominated">推荐失信联合惩戒 {t.nominated} 家</View>
        </View>
      ) : null}
      {ledger ? (
        <View className="xam-chips">
          <View className={'xam-chip xam-offenders-all' + (nominatedOnly ? '' : ' xam-chip-on')} onClick={() => setNominatedOnly(false)}>
            全部
          </View>
          <View className={'xam-chip xam-offenders-only' + (nominatedOnly ? ' xam-chip-on' : '')} onClick={() => setNominatedOnly(true)}>
            只看推荐名单
          </View>
        </View>
      ) : null}
      {ledger && rows.length === 0 ? (
        <View className="xam-empty">{nominatedOnly ? '没有达到推荐标准的单位' : '辖区内还没有欠薪案件'}</View>
      ) : null}
      {rows.map((r) => (
        <View key={r.employerKey} className="xam-list-item xam-offender">
          <View className="xam-list-title">{r.employerName}</View>
          {r.nominationReasons.length ? (
            <View className="xam-offender-nominee">
              <View className="xam-tag xam-tag-red">推荐失信惩戒</View>
              <View className="xam-offender-reasons">{r.nominationReasons.join('；')}</View>
            </View>
          ) : null}
          <View className="xam-muted">
            {r.uscc ? r.uscc + ' · ' : ''}
            {r.areas.join('、')}
          </View>
          <View>
            案件 {r.cases} 件（未办结 {r.openCases}），{r.workers} 人
          </View>
          <View>
            欠薪 {formatFen(r.owedFen)}，已追回 {formatFen(r.recoveredFen)}，
            <View className={'xam-offender-unpaid' + (r.unpaidFen ? ' xam-late' : '')}>未支付 {formatFen(r.unpaidFen)}</View>
          </View>
          {r.advances ? (
            <View>
              先行垫付 {formatFen(r.advancedFen)}（{r.advances} 次）
            </View>
          ) : null}
          {PENALTY_KINDS.some((k) => r.penalties[k]) ? (
            <View className="xam-offender-measures">
              处理措施：
              {PENALTY_KINDS.filter((k) => r.penalties[k])
                .map((k) => `${PENALTY_KIND_LABELS[k]}${r.penalties[k]}次`)
                .join('，')}
              {r.finesFen ? `，罚款${formatFen(r.finesFen)}` : ''}
            </View>
          ) : null}
        </View>
      ))}
      {ledger ? (
        <View className="xam-muted xam-offenders-criteria">
          推荐标准（满足其一）：
          {[
            ledger.criteria.minCases > 0 ? `被投诉${ledger.criteria.minCases}件以上` : '',
            ledger.criteria.minUnpaidFen > 0 ? `未支付${formatFen(ledger.criteria.minUnpaidFen)}以上` : '',
            ledger.criteria.unpaidPaymentOrder ? '责令限期支付后仍未支付' : '',
            ledger.criteria.severeIncident ? '引发受伤或过激事件' : '',
          ]
            .filter(Boolean)
            .join('；') || '未设置'}
          。被投诉件数和未支付金额可在“期限与设置”里调整。
        </View>
      ) : null}
      <Button size="large" className="xam-offenders-download" loading={busy} disabled={busy || !ledger} onClick={download}>
        下载台账和推荐名单（Excel）
      </Button>
      {note ? <View className="xam-muted">{note}</View> : null}
    </View>
  )
}
