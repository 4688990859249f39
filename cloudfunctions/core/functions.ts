// Every function's actions by name, for runtimes that host all of them in one process (the local
// server, tests). A deployed CloudBase function imports only its own table (see cloudfunctions/<fn>/).
import { adminActions } from './actions/admin'
import { apiKeyActions } from './actions/apiKeys'
import { authActions } from './actions/auth'
import { leadImportActions } from './actions/leadImport'
import { leadActions } from './actions/leads'
import { accountabilityActions } from './actions/accountability'
import { oversightActions } from './actions/oversight'
import { riskActions } from './actions/risk'
import { staffActions } from './actions/staff'
import { workerActions } from './actions/worker'
import type { ActionTable } from './actions/types'
import { handleWith, type Logger } from './app'
import type { Caller, Deps } from './context'

export const FUNCTIONS = {
  worker: workerActions,
  staff: { ...staffActions, ...leadActions, ...accountabilityActions, ...oversightActions, ...riskActions },
  admin: { ...adminActions, ...apiKeyActions, ...leadImportActions },
  auth: authActions,
} satisfies Record<string, ActionTable>
export type FunctionName = keyof typeof FUNCTIONS

/** The call names an action marked read-only (Action.readOnly); anything else, malformed included, does not. */
export function readsOnly(fn: FunctionName, body: unknown): boolean {
  const action = (body as { action?: unknown } | null)?.action
  const table: Record<string, { readOnly?: boolean }> = FUNCTIONS[fn]
  return typeof action === 'string' && Object.prototype.hasOwnProperty.call(table, action) && table[action].readOnly === true
}

export function handle(
  fn: FunctionName,
  event: unknown,
  openid: string | Caller | null | undefined,
  deps: Deps | (() => Deps | Promise<Deps>),
  log?: Logger,
) {
  return handleWith(fn, FUNCTIONS[fn], event, openid, deps, log)
}
