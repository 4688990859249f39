/** Parses what the worker typed as yuan into integer fen; null when it is not a non-negative number. */
export function yuanToFen(input: string): number | null {
  const s = input.trim().replace(/[,，\s元]/g, '')
  if (!/^\d+(\.\d*)?$/.test(s)) return null
  const fen = Math.round(Number(s) * 100)
  return Number.isFinite(fen) ? fen : null
}
