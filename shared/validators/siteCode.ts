// Site codes printed under QR stickers: 6 random body characters + 1 Luhn mod N
// check character (N = 32). Luhn mod N catches every single-character typo and
// every adjacent swap except between the values 0 and N-1 ('2' and 'Z').
import type { CheckResult } from './result'
import { toHalfWidth } from './result'

export const SITE_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const SITE_CODE_BODY_LENGTH = 6
export const SITE_CODE_LENGTH = SITE_CODE_BODY_LENGTH + 1

const N = SITE_CODE_ALPHABET.length

/** Luhn mod N check character for a body. Throws on characters outside the alphabet. */
export function siteCodeCheckChar(body: string): string {
  let factor = 2
  let sum = 0
  for (let i = body.length - 1; i >= 0; i--) {
    const v = SITE_CODE_ALPHABET.indexOf(body.charAt(i))
    if (v < 0) throw new RangeError(`siteCodeCheckChar: character not allowed: ${body.charAt(i)}`)
    const addend = factor * v
    sum += Math.floor(addend / N) + (addend % N)
    factor = factor === 2 ? 1 : 2
  }
  return SITE_CODE_ALPHABET.charAt((N - (sum % N)) % N)
}

/**
 * New random site code (no dash). `randomInt(n)` must return an integer in [0, n);
 * the backend passes crypto randomness, tests a seeded generator.
 */
export function makeSiteCode(randomInt: (n: number) => number): string {
  let body = ''
  for (let i = 0; i < SITE_CODE_BODY_LENGTH; i++) {
    const r = randomInt(N)
    if (!(Number.isInteger(r) && r >= 0 && r < N)) throw new RangeError(`randomInt(${N}) returned ${r}`)
    body += SITE_CODE_ALPHABET.charAt(r)
  }
  return body + siteCodeCheckChar(body)
}

/** Upper case; removes spaces and dashes. Does not guess lookalikes (0/O, 1/I). */
export function normalizeSiteCode(s: string): string {
  return toHalfWidth(s)
    .replace(/[\s\-\u2010-\u2015_]/g, '')
    .toUpperCase()
}

export function checkSiteCode(s: string): CheckResult {
  const v = normalizeSiteCode(s)
  if (v.length !== SITE_CODE_LENGTH) return { ok: false, reason: '项目码应为7位' }
  for (let i = 0; i < v.length; i++) {
    if (SITE_CODE_ALPHABET.indexOf(v.charAt(i)) < 0) {
      return { ok: false, reason: '项目码里有不存在的字符（没有0、1、O、I）' }
    }
  }
  if (siteCodeCheckChar(v.slice(0, SITE_CODE_BODY_LENGTH)) !== v.charAt(SITE_CODE_BODY_LENGTH)) {
    return { ok: false, reason: '项目码有误，请核对后重新输入' }
  }
  return { ok: true, value: v }
}

export function isValidSiteCode(s: string): boolean {
  return checkSiteCode(s).ok
}

/** For printing: 'ABCDEFG' -> 'ABC-DEFG'. Other lengths are returned normalised, without a dash. */
export function formatSiteCode(code: string): string {
  const v = normalizeSiteCode(code)
  return v.length === SITE_CODE_LENGTH ? v.slice(0, 3) + '-' + v.slice(3) : v
}
