// The one contract between the pages and the functions: per function, per action, the input schema
// and the reply type. The functions enforce it; the mini-program's client and forms are typed by it.
import { accountabilityContract } from './accountability'
import { adminContract } from './admin'
import { apiKeyContract } from './apiKeys'
import { authContract } from './auth'
import { leadContract, leadImportContract } from './leads'
import { oversightContract } from './oversight'
import { riskContract } from './risk'
import type { ActionDef, InputOf, ReplyOf } from './define'
import { staffContract } from './staff'
import { workerContract } from './worker'

export const CONTRACT = {
  worker: workerContract,
  staff: { ...staffContract, ...leadContract, ...accountabilityContract, ...oversightContract, ...riskContract },
  admin: { ...adminContract, ...apiKeyContract, ...leadImportContract },
  auth: authContract,
}
export type Contracts = typeof CONTRACT
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F] & string
type Def<F extends FunctionName, A extends ActionName<F>> = Contracts[F][A] extends ActionDef ? Contracts[F][A] : never
export type Input<F extends FunctionName, A extends ActionName<F>> = InputOf<Def<F, A>>
export type Reply<F extends FunctionName, A extends ActionName<F>> = ReplyOf<Def<F, A>>

/** Staff actions that move a case: they take the `id` and `version` the caller saw, and more. */
export type StepName = {
  [A in ActionName<'staff'>]: Input<'staff', A> extends { id: string; version: number } ? A : never
}[ActionName<'staff'>]
/** What a step takes besides the case's id and version. */
export type StepData<A extends StepName> = Omit<Input<'staff', A>, 'id' | 'version'>

export * from './define'
export type * from './replies'
export type { LeadResult, ReplyText } from './leads'
export type { Official, ProfileSaved } from './accountability'
export type { CreditCriteria, OffenderLedger, OffenderRow, RiskAreaRow, RiskAreas, RiskGroup } from './oversight'
export type { ApiKeyCreated, ApiKeyItem } from './apiKeys'
export type { RiskRegisterItem, RiskRegisterPage } from './risk'
export type { AuthMode, CodeSent, SessionIssued } from './auth'
export type { AreaChoice, LinkedPhone } from './worker'
