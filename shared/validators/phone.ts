// Mainland China mobile numbers: 11 digits, '1' then 3-9.
import { toHalfWidth } from './result'

const MOBILE_RE = /^1[3-9]\d{9}$/

/**
 * Strips spaces, dashes and an optional leading +86 / 86 / 0086.
 * Returns the 11-digit form when that is possible, otherwise the cleaned input.
 */
export function normalizeMobile(s: string): string {
  const cleaned = toHalfWidth(s).replace(/[\s\-()]/g, '')
  const m = /^(?:\+86|0086|86)(\d{11})$/.exec(cleaned)
  if (m && m[1] && MOBILE_RE.test(m[1])) return m[1]
  return cleaned
}

export function isMobile(s: string): boolean {
  return MOBILE_RE.test(normalizeMobile(s))
}

/** '13812345678' -> '138****5678'. Never returns the full number. */
export function maskMobile(s: string): string {
  const n = normalizeMobile(s)
  if (n.length > 7) return n.slice(0, 3) + '*'.repeat(n.length - 7) + n.slice(-4)
  return '*'.repeat(n.length)
}

/** A person's name for someone who does not handle the case: the first character only, "张**". */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 3)))
}
