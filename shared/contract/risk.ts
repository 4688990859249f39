// The risk register (风险台账, issue 16 point 3): sites and employers with open cases in the caller's
// scope, their level, figures and what the level comes from. A `staff` action: a coordinator reads the
// area, a department the cases it handles. Amounts in fen.
import { z } from 'zod/mini'
import { RISK_LEVELS, type RiskLevel } from '../types'
import { reply } from './define'

/** One site or employer of the register, with the figures of the open cases the caller may see. */
export interface RiskRegisterItem {
  /** `site:<code>` or the employer's key (credit code, or the name when there is none). */
  subject: string
  kind: 'site' | 'employer'
  /** The project's or the employer's name. */
  name: string
  level: RiskLevel
  /** What the level comes from, in words ('' at none). */
  trigger: string
  openCases: number
  workers: number
  /** Whole months owed by the longest-owed open case, to this month (Beijing). */
  monthsOwed: number
  amountOwedFen: number
  /** Open cases whose workers say the boss cannot be reached, and cases flagged with a severe signal. */
  bossUnreachable: number
  flagged: number
}

export interface RiskRegisterPage {
  items: RiskRegisterItem[]
  /** Pass back for the next page; null at the end. */
  nextCursor: string | null
}

export const riskContract = {
  /** Sites and employers with open cases in the caller's scope, by level when asked, a page at a time. */
  'risk.list': reply<RiskRegisterPage>()(
    z.strictObject({
      level: z.optional(z.enum(RISK_LEVELS, '风险等级应为无、一般、较大或重大')),
      cursor: z.optional(z.string('翻页位置不对').check(z.maxLength(300, '翻页位置不对'))),
    }),
  ),
}
