import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { callApi, errorMessage } from '../../../api'
import { ErrorBanner } from '../../../components/ErrorBanner'
import { saveFile } from '../../lib/download'
import { useMe } from '../../lib/useMe'
import '../../styles.css'

type Format = 'xlsx' | 'csv'

export default function Ledger() {
  const { me } = useMe()
  const [busy, setBusy] = useState<Format | ''>('')
  const [error, setError] = useState('')
  const [done, setDone] = useState('')

  const exportAs = async (format: Format) => {
    if (busy) return
    setBusy(format)
    setError('')
    setDone('')
    try {
      const f = await callApi('staff', 'ledger.export', { format })
      const line = await saveFile(f)
      setDone(line + (typeof f.rows === 'number' ? `（共 ${f.rows} 件）` : ''))
    } catch (e) {
      setError(e && typeof e === 'object' && 'errMsg' in e ? '文件没能打开，请稍后再试' : errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  return (
    <View className="xam-page xam-ledger">
      <View className="xam-card">
        <View className="xam-subtitle">台账</View>
        <View className="xam-hint">
          {me && me.role === 'coordinator' ? '辖区内' : '本单位经手的'}
          每一件投诉一行：编号、项目、金额、人数、状态、期限、黄红牌、预警等级，以及最后一条办理记录。
        </View>
        <Button type="primary" size="large" block loading={busy === 'xlsx'} className="xam-big-button xam-ledger-xlsx" onClick={() => exportAs('xlsx')}>
          导出 Excel（XLSX）
        </Button>
        <Button size="large" block loading={busy === 'csv'} className="xam-big-button xam-ledger-csv" onClick={() => exportAs('csv')}>
          导出 CSV
        </Button>
      </View>
      {done ? <View className="xam-ok xam-ledger-done">{done}</View> : null}
      <ErrorBanner message={error} />
    </View>
  )
}
