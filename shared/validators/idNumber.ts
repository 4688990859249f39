// Mainland resident identity card number, GB 11643-1999.
import { isProvinceCode } from './areaCode'
import type { CheckResult } from './result'
import { toHalfWidth } from './result'

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK_CHARS = '10X98765432'

/** Check character for the first 17 digits. Throws if the input is not 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar expects exactly 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] ?? 0)
  return ID_CHECK_CHARS.charAt(sum % 11)
}

function isRealBirthDate(yyyymmdd: string, now: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0
  if (d > days) return false
  // Compare as YYYYMMDD numbers against the Beijing calendar date of `now`: UTC+8, as Asia/Shanghai has been
  // since 1991 (shared/time.ts), long before any `now` this runs at. No dayjs: the mini-program checks ID
  // numbers with this too.
  const today = Number(new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, ''))
  return y * 10000 + m * 100 + d <= today
}

/**
 * Validates and normalises (strips spaces, upper-cases a trailing x).
 * `now` (default: current time) bounds the birth date from above.
 */
export function checkIdNumber(s: string, now: Date = new Date()): CheckResult {
  const v = toHalfWidth(s).replace(/\s/g, '').toUpperCase()
  if (v.length !== 18) return { ok: false, reason: '身份证号应为18位' }
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: '身份证号只能是数字，最后一位可以是X' }
  if (!isProvinceCode(v.slice(0, 2))) return { ok: false, reason: '身份证号开头的地区代码不对，请核对' }
  if (!isRealBirthDate(v.slice(6, 14), now)) return { ok: false, reason: '身份证号中的出生日期不对' }
  if (idCheckChar(v.slice(0, 17)) !== v.charAt(17)) return { ok: false, reason: '身份证号最后一位校验不对，请核对' }
  return { ok: true, value: v }
}

export function isIdNumber(s: string, now?: Date): boolean {
  return checkIdNumber(s, now).ok
}

/** Keeps the first 3 and last 4 characters, length preserved: '110***********1234'. */
export function maskIdNumber(s: string): string {
  const v = s.replace(/\s/g, '')
  if (v.length <= 7) return '*'.repeat(v.length)
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4)
}
