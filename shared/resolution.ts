// What a resolution says was recovered, and what a worker may say back: shared by the staff form (which
// asks before sending), the function (which refuses without the confirmation) and the worker's pages.

/**
 * A recovered amount above this many times the amount owed needs the handler's confirmation. Back pay
 * with the compensation the law adds for late wages (Labour Contract Law art. 85: 50%–100% on top) and
 * interest stays within about twice the amount owed, and the worker's amount is a guess ("大概欠多少钱")
 * that may be low; above three times it is almost always a typo (an extra zero is ten times).
 */
export const RECOVERED_CONFIRM_RATIO = 3

/** How many times the amount owed was recovered, for the question; null when no confirmation is needed. */
export function largeRecovery(recoveredFen: number, owedFen: number): { times: string } | null {
  if (!(recoveredFen > 0)) return null
  if (!(owedFen > 0)) return { times: '' }
  const ratio = recoveredFen / owedFen
  if (ratio <= RECOVERED_CONFIRM_RATIO) return null
  return { times: ratio >= 10 ? String(Math.round(ratio)) : String(Math.round(ratio * 10) / 10) }
}

/** The question the handler must answer yes to: "追回金额是欠薪金额的30倍，确定吗？". */
export function largeRecoveryQuestion(recoveredFen: number, owedFen: number): string {
  const large = largeRecovery(recoveredFen, owedFen)
  if (!large) return ''
  return large.times ? `追回金额是欠薪金额的${large.times}倍，确定吗？` : '登记的欠薪金额是0，追回金额却不是0，确定吗？'
}

/** Why a worker disputes a resolution, as a choice (the written reason may add to it). */
export const DISPUTE_KINDS = ['not_paid', 'partly_paid', 'amount_wrong', 'other'] as const
export type DisputeKind = (typeof DISPUTE_KINDS)[number]

export const DISPUTE_KIND_LABELS: Record<DisputeKind, string> = {
  not_paid: '钱没拿到',
  partly_paid: '只拿到一部分',
  amount_wrong: '金额不对',
  other: '其他问题',
}
