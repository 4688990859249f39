import type { TemplateItem } from '../lib/types'
import { Select } from './Select'

/** "套用常用答复": picking a template puts its text into the note. Hidden when there are none. */
export function TemplatePicker({ templates, action, onPick }: { templates: TemplateItem[]; action: string; onPick: (text: string) => void }) {
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
