import type { Ctx } from '../context'

export type Action = (ctx: Ctx, data: unknown) => Promise<unknown>
export type ActionTable = Record<string, Action>
