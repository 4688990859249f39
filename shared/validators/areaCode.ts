// GB/T 2260 six-digit administrative area codes.

const PROVINCE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [11, 15],
  [21, 23],
  [31, 37],
  [41, 46],
  [50, 54],
  [61, 65],
  [71, 71],
  [81, 83],
  [91, 91],
]

/** Two-digit province code as used in area codes and resident ID numbers. */
export function isProvinceCode(two: string): boolean {
  if (!/^\d{2}$/.test(two)) return false
  const n = Number(two)
  for (const [lo, hi] of PROVINCE_RANGES) if (n >= lo && n <= hi) return true
  return false
}

export type AreaLevel = 'province' | 'city' | 'county'

/**
 * 6 digits, valid province prefix (so never '000000'), and no county part under
 * an empty city part (e.g. '130012' does not exist in GB/T 2260).
 */
export function isAreaCode(s: string): boolean {
  if (!/^\d{6}$/.test(s)) return false
  if (!isProvinceCode(s.slice(0, 2))) return false
  if (s.slice(2, 4) === '00' && s.slice(4) !== '00') return false
  return true
}

function assertSixDigits(code: string): void {
  if (!/^\d{6}$/.test(code)) throw new RangeError(`area code must be 6 digits: ${JSON.stringify(code)}`)
}

/** xx0000 province, xxxx00 city (prefecture), otherwise county. Throws if not 6 digits. */
export function areaLevel(code: string): AreaLevel {
  assertSixDigits(code)
  if (code.slice(2) === '0000') return 'province'
  if (code.slice(4) === '00') return 'city'
  return 'county'
}

/** Significant prefix: '130000' -> '13', '130600' -> '1306', '130602' -> '130602'. */
export function areaPrefix(code: string): string {
  const level = areaLevel(code)
  return level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : code
}

/** True when inner lies within outer (an area contains itself). False for invalid codes. */
export function areaContains(outerCode: string, innerCode: string): boolean {
  if (!isAreaCode(outerCode) || !isAreaCode(innerCode)) return false
  return innerCode.indexOf(areaPrefix(outerCode)) === 0
}
