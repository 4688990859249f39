// The period report on the coordinator's desk (周调度、月通报): a preset period, rows by unit, district or
// industry, the change from the period before, and the 情况表 as XLSX.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatFen } from '@shared/labels'
import { PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '@shared/reportPeriods'
import { beijingDate } from '@shared/time'
import type { Figures, PeriodReport as Report, ReportFile, ReportGroup } from '@shared/contract/replies'
import { callApi } from '../../api'
import { errorMessage } from '../../api/errors'
import { saveFile } from '../lib/download'

const GROUPS: { value: ReportGroup; label: string }[] = [
  { value: 'dept', label: '按单位' },
  { value: 'district', label: '按地区' },
  { value: 'industry', label: '按行业' },
]

const rate = (r: number | null) => (r === null ? '—' : Math.round(r * 100) + '%')
const signed = (n: number, fmt: (x: number) => string = String) => (n === 0 ? '持平' : (n > 0 ? '+' : '−') + fmt(Math.abs(n)))

function Totals({ f, change }: { f: Figures; change: Report['change'] }) {
  const items = [
    { label: '新增案件', value: String(f.newCases), sub: '较上期 ' + signed(change.newCases) },
    {
      label: '超期未受理',
      value: String(f.notAcceptedOverdue),
      sub: '较上期 ' + signed(change.notAcceptedOverdue),
      late: f.notAcceptedOverdue > 0,
    },
    { label: '按期受理率', value: rate(f.acceptOnTimeRate), sub: '超期受理 ' + f.acceptedLate + ' 件' },
    {
      label: '按期解决率',
      value: rate(f.resolveOnTimeRate),
      sub: '超期未解决 ' + f.notResolvedOverdue + ' 件',
      late: f.notResolvedOverdue > 0,
    },
    { label: '被欠金额', value: formatFen(f.amountOwedFen), sub: '较上期 ' + signed(change.amountOwedFen, formatFen) },
    { label: '追回金额', value: formatFen(f.amountRecoveredFen), sub: '较上期 ' + signed(change.amountRecoveredFen, formatFen) },
    { label: '涉及人数', value: String(f.workers), sub: '较上期 ' + signed(change.workers) },
    { label: '红牌', value: String(f.redCards), sub: '黄牌 ' + f.yellowCards, late: f.redCards > 0 },
  ]
  return (
    <View className="xam-stats xam-report-totals">
      {items.map((i) => (
        <View key={i.label} className={'xam-stat' + (i.late ? ' xam-stat-red' : '')}>
          <View className="xam-stat-value">{i.value}</View>
          <View className="xam-stat-label">{i.label}</View>
          <View className="xam-stat-sub">{i.sub}</View>
        </View>
      ))}
    </View>
  )
}

export function PeriodReport() {
  const [preset, setPreset] = useState<PeriodPreset>('this_week')
  const [group, setGroup] = useState<ReportGroup>('dept')
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const period = presetPeriod(preset, beijingDate(Date.now()))

  useEffect(() => {
    let live = true
    setError('')
    callApi('staff', 'report.period', { ...period, groupBy: group, format: 'json' })
      .then((r) => live && setReport(r as Report))
      .catch((e) => live && setError(errorMessage(e)))
    return () => {
      live = false
    }
    // period follows preset (and today)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset, group])

  async function download() {
    setBusy(true)
    setNote('')
    try {
      const f = (await callApi('staff', 'report.period', { ...period, groupBy: group, format: 'xlsx' })) as ReportFile
      setNote(await saveFile(f))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="xam-card xam-report">
      <View className="xam-subtitle">情况表</View>
      <View className="xam-chips">
        {PERIOD_PRESETS.map((p) => (
          <View
            key={p.value}
            className={'xam-chip xam-preset-' + p.value + (p.value === preset ? ' xam-chip-on' : '')}
            onClick={() => setPreset(p.value)}
          >
            {p.label}
          </View>
        ))}
      </View>
      <View className="xam-chips">
        {GROUPS.map((g) => (
          <View
            key={g.value}
            className={'xam-chip xam-group-' + g.value + (g.value === group ? ' xam-chip-on' : '')}
            onClick={() => setGroup(g.value)}
          >
            {g.label}
          </View>
        ))}
      </View>
      <View className="xam-muted xam-report-period">
        {period.from} 至 {period.to}（登记的案件，按今天的情况统计）
      </View>
      {error ? <View className="xam-error">{error}</View> : null}
      {report && report.from === period.from && report.groupBy === group ? (
        <View>
          <Totals f={report.totals} change={report.change} />
          {report.rows.length ? (
            <View className="xam-table xam-report-table">
              <View className="xam-table-row xam-table-head">
                <View className="xam-report-name">{GROUPS.find((g) => g.value === group)!.label.slice(1)}</View>
                <View className="xam-table-num">新增</View>
                <View className="xam-table-num">超期未受理</View>
                <View className="xam-table-num">被欠（元）</View>
                <View className="xam-table-num">人数</View>
              </View>
              {report.rows.map((r) => (
                <View key={r.key} className="xam-table-row xam-report-row">
                  <View className="xam-report-name">{r.name}</View>
                  <View className="xam-table-num">{r.newCases}</View>
                  <View className={'xam-table-num' + (r.notAcceptedOverdue ? ' xam-late' : '')}>{r.notAcceptedOverdue}</View>
                  <View className="xam-table-num">{Math.round(r.amountOwedFen / 100)}</View>
                  <View className="xam-table-num">{r.workers}</View>
                </View>
              ))}
            </View>
          ) : (
            <View className="xam-muted">这段时间没有新登记的案件</View>
          )}
        </View>
      ) : !error ? (
        <View className="xam-muted">正在统计……</View>
      ) : null}
      <Button size="large" className="xam-report-download" loading={busy} disabled={busy} onClick={download}>
        下载情况表（Excel）
      </Button>
      {note ? <View className="xam-muted xam-report-note">{note}</View> : null}
    </View>
  )
}
