// A server action is `{ input, run }`: the contract's input schema, checked before any port is set
// up, and the handler, which receives the parsed input and must answer the contract's reply type.
import type { ActionDef, Contract, ParsedOf, ReplyOf, Schema } from '../../../shared/contract/define'
import type { Ctx } from '../context'

export interface Action<I = unknown, O = unknown> {
  input: Schema
  run: (ctx: Ctx, input: I) => Promise<O>
  /** Answers a caller without identity too (what a printed sticker shows; sign-in itself). */
  public?: boolean
  /**
   * Only reads (no storage write, no message): a runtime may serve it from a read-only connection beside
   * the writer (the local server does), where a write would fail.
   */
  readOnly?: boolean
}
export type ActionTable = Record<string, Action<never>>

export type Handlers<C extends Contract> = { [K in keyof C]: (ctx: Ctx, input: ParsedOf<C[K]>) => Promise<ReplyOf<C[K]>> }

/** Pair each action of a contract with its handler; a handler missing or answering the wrong shape fails to compile. */
export function defineActions<C extends Contract>(
  contract: C,
  handlers: Handlers<C>,
  /** Actions that answer callers without identity; every other one refuses them (UNAUTHENTICATED). */
  opts: { public?: readonly (keyof C)[] } = {},
): { [K in keyof C]: Action<ParsedOf<C[K]>, ReplyOf<C[K]>> } {
  const out = {} as { [K in keyof C]: Action<ParsedOf<C[K]>, ReplyOf<C[K]>> }
  for (const name of Object.keys(contract) as (keyof C)[]) {
    const def: ActionDef = contract[name]
    out[name] = { input: def.input, run: handlers[name], ...(opts.public?.includes(name) ? { public: true } : {}) }
  }
  return out
}

/** Mark actions of a table as only reading (Action.readOnly). */
export function markReadOnly<T extends Record<string, Action<never>>>(table: T, names: readonly (keyof T)[]): void {
  for (const name of names) table[name] = { ...table[name], readOnly: true }
}
