// A request checked by the contract's own schema before it is sent, so a form cannot pass what the
// function will refuse. Keys are the server's field paths; messages are the schema's plain Chinese.
import { safeParse } from 'zod/mini'
import type { Schema } from '@shared/contract'

export type FieldErrors = Record<string, string>

export function contractErrors(schema: Schema, body: unknown): FieldErrors {
  const r = safeParse(schema, body)
  const errors: FieldErrors = {}
  if (r.success) return errors
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.') || 'data'
    if (!errors[key]) errors[key] = /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : '这一项格式不对，请核对'
  }
  return errors
}
