import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { callApi, errorMessage } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { saveFileParts, type FileParts } from '../../lib/download'
import { useMe } from '../../lib/useMe'
import '../../styles.css'

type Format = 'xlsx' | 'csv'

/**
 * The ledger, built by the server one page per call (a large one takes many): export, continue until
 * done, then fetch its parts. `progress` hears how far it got.
 */
async function fetchLedger(format: Format, progress: (line: string) => void): Promise<FileParts & { rows: number }> {
  let step = await callApi('staff', 'ledger.export', { format })
  while (!step.done) {
    progress(`正在整理，已整理 ${step.rows} 件…`)
    step = await callApi('staff', 'ledger.continue', { jobId: step.jobId })
  }
  if (step.jobId === null) return { filename: step.filename, mime: step.mime, parts: [step.base64], rows: step.rows }
  const parts: string[] = []
  for (let part = 0; part < step.parts; part++) {
    progress(`正在下载（${part + 1}/${step.parts}）…`)
    parts.push((await callApi('staff', 'ledger.download', { jobId: step.jobId, part })).base64)
  }
  return { filename: step.filename, mime: step.mime, parts, rows: step.rows }
}

export default function Ledger() {
  const { me } = useMe()
  const [busy, setBusy] = useState<Format | ''>('')
  const [error, setError] = useState('')
  const [done, setDone] = useState('')
  const [progress, setProgress] = useState('')

  const exportAs = async (format: Format) => {
    if (busy) return
    setBusy(format)
    setError('')
    setDone('')
    setProgress('')
    try {
      const f = await fetchLedger(format, setProgress)
      setProgress('')
      const line = await saveFileParts(f)
      setDone(`${line}（共 ${f.rows} 件）`)
    } catch (e) {
      setError(e && typeof e === 'object' && 'errMsg' in e ? '文件没能打开，请稍后再试' : errorMessage(e))
    } finally {
      setBusy('')
      setProgress('')
    }
  }

  return (
    <View className="xam-page xam-ledger">
      <View className="xam-card">
        <View className="xam-subtitle">台账</View>
        <View className="xam-hint">
          {me && me.role === 'coordinator' ? '辖区内' : '本单位经手的'}
          每一件投诉一行：编号、项目、金额、人数、状态、期限、黄红牌、预警等级、挂牌督办期限、承办人和办公电话，以及最后一条办理记录。件数多时要整理一会儿，请不要离开本页。
        </View>
        <Button
          type="primary"
          size="large"
          block
          loading={busy === 'xlsx'}
          className="xam-big-button xam-ledger-xlsx"
          onClick={() => exportAs('xlsx')}
        >
          导出 Excel（XLSX）
        </Button>
        <Button size="large" block loading={busy === 'csv'} className="xam-big-button xam-ledger-csv" onClick={() => exportAs('csv')}>
          导出 CSV
        </Button>
      </View>
      {progress ? <View className="xam-hint xam-ledger-progress">{progress}</View> : null}
      {done ? <View className="xam-ok xam-ledger-done">{done}</View> : null}
      <ErrorBanner message={error} />
    </View>
  )
}
