// How an action is declared: its input schema (a value, enforced by the function and reused by the
// pages' forms) and its reply type (a type only; the function must produce it, the page reads it).
import type { z } from 'zod/mini'

/** Any schema, full zod or zod/mini: both share zod's core. */
export type Schema = z.core.$ZodType

export interface ActionDef<I extends Schema = Schema, O = unknown> {
  input: I
  /** Never set: carries the reply type. */
  readonly reply?: O
}

/** `reply<Out>()(inputSchema)`: an action taking `inputSchema` and answering `Out`. */
export const reply =
  <O>() =>
  <I extends Schema>(input: I): ActionDef<I, O> => ({ input })

export type Contract = Record<string, ActionDef>
/** What the caller sends (before parsing: what a form builds). */
export type InputOf<D> = D extends ActionDef<infer I, unknown> ? z.input<I> : never
/** What the function receives after parsing. */
export type ParsedOf<D> = D extends ActionDef<infer I, unknown> ? z.output<I> : never
export type ReplyOf<D> = D extends ActionDef<Schema, infer O> ? O : never
