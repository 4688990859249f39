// The coordinator's oversight of their area (issues 16 and 17): the offender ledger per employer with its
// nomination list for 失信联合惩戒, and the risk picture per district or industry. `staff` actions,
// coordinators only; figures in fen.
import { z } from 'zod/mini'
import type { PenaltyKind, RiskLevel } from '../types'
import { reply } from './define'
import * as f from './fields'
import type { ReportFile } from './replies'

/** What makes an employer a nominee (the area's `credit` configuration). */
export interface CreditCriteria {
  minCases: number
  minUnpaidFen: number
  unpaidPaymentOrder: boolean
  severeIncident: boolean
}

/** One employer of the offender ledger: its cases in the coordinator's area, money, and measures taken. */
export interface OffenderRow {
  /** The credit code, or the name when there is none (as cases are grouped for risk). */
  employerKey: string
  employerName: string
  uscc: string | null
  /** Districts of its cases, by name. */
  areas: string[]
  cases: number
  openCases: number
  workers: number
  owedFen: number
  recoveredFen: number
  /** Owed less recovered, case by case (never below 0 on a case). */
  unpaidFen: number
  /** Money paid to the workers ahead of it (垫付/兜底) and how many times. */
  advancedFen: number
  advances: number
  /** Administrative measures taken, by kind, and the fines' total. */
  penalties: Record<PenaltyKind, number>
  finesFen: number
  /** A 责令限期支付 on a case still open. */
  unpaidPaymentOrder: boolean
  /** A case flagged for an injury or an extreme act. */
  severeIncident: boolean
  lastCaseAt: string
  /** Nominated for 失信联合惩戒, and why (each criterion met, in words); [] when not. */
  nominationReasons: string[]
}

export interface OffenderLedger {
  /** Every employer with a case, most unpaid first. */
  rows: OffenderRow[]
  totals: Omit<
    OffenderRow,
    'employerKey' | 'employerName' | 'uscc' | 'areas' | 'unpaidPaymentOrder' | 'severeIncident' | 'lastCaseAt' | 'nominationReasons'
  > & {
    employers: number
    nominated: number
  }
  criteria: CreditCriteria
}

export const RISK_GROUPS = ['district', 'industry'] as const
export type RiskGroup = (typeof RISK_GROUPS)[number]

/** One district (or industry) of the risk picture: its open cases as they stand now. */
export interface RiskAreaRow {
  /** The area code (district) or the industry. */
  key: string
  name: string
  openCases: number
  workers: number
  owedFen: number
  /** The highest risk level among its open cases. */
  level: RiskLevel
  severeCases: number
  majorCases: number
  redCards: number
  yellowCards: number
}

export interface RiskAreas {
  groupBy: RiskGroup
  /** Worst first: level, then red cards, then amount owed, then open cases. */
  rows: RiskAreaRow[]
  totals: Omit<RiskAreaRow, 'key' | 'name'>
  at: string
}

export const oversightContract = {
  /** The offender ledger of the coordinator's area, with the nominations (JSON). */
  'offenders.list': reply<OffenderLedger>()(f.empty),
  /** The same ledger as an XLSX file, with the nomination list under it. */
  'offenders.export': reply<ReportFile>()(f.empty),
  /** Open cases, workers, amount owed, highest risk and cards per district or industry, worst first. */
  'risk.districts': reply<RiskAreas>()(z.strictObject({ groupBy: z.enum(RISK_GROUPS, '分组应为地区或行业') })),
}
