// Case numbers, unique per area and year: '130602-2026-00017'.

export interface CaseNoParts {
  areaCode: string
  year: number
  seq: number
}

function validParts(areaCode: string, year: number, seq: number): boolean {
  return /^\d{6}$/.test(areaCode) && Number.isInteger(year) && year >= 2000 && year <= 2999 && Number.isSafeInteger(seq) && seq >= 1
}

/** Throws RangeError on invalid parts. seq is padded to 5 digits; larger seqs just get longer. */
export function formatCaseNo(areaCode: string, year: number, seq: number): string {
  if (!validParts(areaCode, year, seq)) {
    throw new RangeError(`invalid case number parts: ${JSON.stringify({ areaCode, year, seq })}`)
  }
  const digits = String(seq)
  return `${areaCode}-${year}-${digits.length < 5 ? '00000'.slice(digits.length) + digits : digits}`
}

/**
 * Parses a case number; null unless it is exactly in canonical form (so each
 * area/year/seq has one spelling: '...-000017' and '...-17' are rejected).
 */
export function parseCaseNo(s: string): CaseNoParts | null {
  const m = /^(\d{6})-(\d{4})-(\d{5,})$/.exec(s.trim())
  if (!m) return null
  const parts: CaseNoParts = { areaCode: m[1] ?? '', year: Number(m[2]), seq: Number(m[3]) }
  if (!validParts(parts.areaCode, parts.year, parts.seq)) return null
  if (formatCaseNo(parts.areaCode, parts.year, parts.seq) !== m[0]) return null
  return parts
}

export function isCaseNo(s: string): boolean {
  return parseCaseNo(s) !== null
}
