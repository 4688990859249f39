import { toHalfWidth } from '@shared/validators/result'

/**
 * Parses what the worker typed as yuan into integer fen; null when it is not a non-negative number.
 * Accepts full-width digits, commas, a trailing 元 and the units 万/千 ('1.5万' = 15000 yuan).
 */
export function yuanToFen(input: string): number | null {
  let s = toHalfWidth(input)
    .trim()
    .replace(/[,，\s元块]/g, '')
  let unit = 1
  const last = s.charAt(s.length - 1)
  if (last === '万' || last === '千') {
    unit = last === '万' ? 10000 : 1000
    s = s.slice(0, -1)
  }
  if (!/^\d+(\.\d*)?$/.test(s)) return null
  const fen = Math.round(Number(s) * unit * 100)
  return Number.isFinite(fen) ? fen : null
}

/** How an amount is read out, to catch a zero too many: 1250000 fen → '1.25万元', 800000 → '8000元'. */
export function readFen(fen: number): string {
  const yuan = fen / 100
  if (yuan >= 10000) {
    const wan = Math.round((yuan / 10000) * 100) / 100
    return `${wan}万元`
  }
  return `${Math.round(yuan * 100) / 100}元`
}
