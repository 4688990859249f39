import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { callApi, errorMessage, isApiCallError } from '../../api'
import { saveFile } from '../lib/download'
import { pickSheet } from '../lib/pickFile'

/** 'rows.3.联系电话' → '第3行 联系电话：…', in row order. */
function reportLines(fields: Record<string, string>): string[] {
  return Object.keys(fields)
    .map((k) => {
      const m = /^rows\.(\d+)\.(.+)$/.exec(k)
      return m ? { row: Number(m[1]), line: `第${m[1]}行 ${m[2]}：${fields[k]}` } : { row: 0, line: fields[k] }
    })
    .sort((a, b) => a.row - b.row)
    .map((x) => x.line)
}

/**
 * Leads in bulk from the national platform's export (coordinators): the template to fill, then a sheet;
 * every row is checked first and nothing is registered unless all pass; importing again registers nothing twice.
 */
export function LeadImport() {
  const [busy, setBusy] = useState('')
  const [done, setDone] = useState('')
  const [error, setError] = useState('')
  const [lines, setLines] = useState<string[]>([])

  const template = async () => {
    setBusy('template')
    setError('')
    try {
      const f = await callApi('admin', 'lead.template', { format: 'xlsx' })
      setDone(await saveFile({ filename: f.filename, mime: f.mime, base64: f.base64 }))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  const importSheet = async () => {
    setDone('')
    setError('')
    setLines([])
    try {
      const file = await pickSheet()
      if (!file) return
      setBusy('import')
      const r = await callApi('admin', 'lead.import', file)
      setDone(`已处理 ${r.rows} 条线索：新登记 ${r.created} 条，已登记过 ${r.existing} 条`)
    } catch (e) {
      if (isApiCallError(e) && e.code === 'VALIDATION') {
        setError(e.message)
        setLines(reportLines(e.fields || {}).slice(0, 50))
      } else setError(errorMessage(e))
    } finally {
      setBusy('')
    }
  }

  return (
    <View className="xam-card xam-lead-import">
      <View className="xam-subtitle">批量导入（国家平台导出表）</View>
      <View className="xam-hint">
        CSV 或 Excel（XLSX），每行一条线索，一次最多200条。有一行出错则整表不导入，并列出每处要改的地方；同一线索编号重复导入不会重复登记。
      </View>
      <View className="xam-button-row">
        <Button size="large" loading={busy === 'template'} className="xam-lead-template" onClick={template}>
          下载模板
        </Button>
        <Button type="primary" size="large" loading={busy === 'import'} className="xam-lead-import-pick" onClick={importSheet}>
          选择表格导入
        </Button>
      </View>
      {done ? <View className="xam-ok xam-gap xam-lead-imported">{done}</View> : null}
      {error ? <View className="xam-error xam-gap">{error}</View> : null}
      {lines.map((line, i) => (
        <View key={i} className="xam-field-error">
          {line}
        </View>
      ))}
    </View>
  )
}
