import { TextArea } from '@nutui/nutui-react-taro'
import { FieldError } from '../../components/FieldError'
import type { TemplateItem } from '../lib/types'
import { Select } from './Select'

/** "套用常用答复": picking a template puts its text into the note. Hidden when there are none. */
export function TemplatePicker({
  templates,
  action,
  onPick,
}: {
  templates: TemplateItem[]
  action: string
  onPick: (text: string) => void
}) {
  const mine = templates.filter((t) => t.action === action)
  if (!mine.length) return null
  return (
    <Select
      className={'xam-template-picker xam-template-' + action}
      options={mine.map((t) => ({ value: t.id, label: t.title || t.text.slice(0, 16) }))}
      value=""
      placeholder="套用常用答复…"
      onChange={(templateId) => {
        const t = mine.find((x) => x.id === templateId)
        if (t) onPick(t.text)
      }}
    />
  )
}

/** An action's written text: the template picker above it and the field's message under it. */
export function TemplatedText(p: {
  templates: TemplateItem[]
  action: string
  className: string
  placeholder: string
  value: string
  onChange: (text: string) => void
  maxLength: number
  rows: number
  field: string
  error?: string
}) {
  return (
    <>
      <TemplatePicker templates={p.templates} action={p.action} onPick={p.onChange} />
      <TextArea
        className={'xam-textarea ' + p.className}
        placeholder={p.placeholder}
        value={p.value}
        maxLength={p.maxLength}
        rows={p.rows}
        onChange={p.onChange}
      />
      <FieldError name={p.field} message={p.error} />
    </>
  )
}
