// Unified social credit code (统一社会信用代码), GB 32100-2015.
import type { CheckResult } from './result'
import { toHalfWidth } from './result'

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Check character for the first 17 characters. Throws on wrong length or characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar expects exactly 17 characters')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17.charAt(i))
    if (v < 0) throw new RangeError(`usccCheckChar: character not allowed: ${first17.charAt(i)}`)
    sum += v * (USCC_WEIGHTS[i] ?? 0)
  }
  const c = 31 - (sum % 31)
  return USCC_ALPHABET.charAt(c === 31 ? 0 : c)
}

/** Validates and normalises (upper case, spaces removed). */
export function checkUscc(s: string): CheckResult {
  const v = toHalfWidth(s).replace(/\s/g, '').toUpperCase()
  if (v.length !== 18) return { ok: false, reason: '统一社会信用代码应为18位' }
  for (let i = 0; i < 18; i++) {
    if (USCC_ALPHABET.indexOf(v.charAt(i)) < 0) return { ok: false, reason: '统一社会信用代码含有不允许的字符' }
  }
  if (!/^\d{6}$/.test(v.slice(2, 8))) return { ok: false, reason: '统一社会信用代码第3到8位应为数字（地区代码）' }
  if (usccCheckChar(v.slice(0, 17)) !== v.charAt(17)) return { ok: false, reason: '统一社会信用代码校验位不对，请核对' }
  return { ok: true, value: v }
}

export function isUscc(s: string): boolean {
  return checkUscc(s).ok
}
