// Mainland China mobile numbers: 11 digits, '1' then 3-9.
import { toHalfWidth } from './result'

const MOBILE_RE = /^1[3-9]\d{9}$/

/**
 * What a pasted number may carry around its digits: spaces of every width (also the no-break and thin
 * spaces of chat apps), zero-width marks, dashes of every kind, dots, brackets (half- and full-width:
 * the full-width ones become half-width first) and the "tel:" of a tapped link.
 */
const PASTED_EXTRAS = /[\s\u200b-\u200d\u2060\ufeff\-\u2010-\u2015\u2212.()\u3010\u3011\u3014\u3015]/g

/**
 * A mobile number as people paste or type it ("138 1234 5678", "+86 138-1234-5678", "0086 13812345678",
 * "１３８１２３４５６７８", "tel:+8613812345678"): full-width characters to half-width, the extras above
 * dropped, a leading +86 / 0086 / 86 taken off. Returns the 11-digit form when that is possible, otherwise
 * the cleaned input. The one rule of the client forms and the server's checks.
 */
export function normalizeMobile(s: string): string {
  const cleaned = toHalfWidth(s).trim().replace(/^tel:/i, '').replace(PASTED_EXTRAS, '')
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
