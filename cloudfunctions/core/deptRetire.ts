// A department may be retired only with no case in hand: none it handles still open, none it received
// first that no unit has accepted yet. Otherwise the coordinator is told which cases to route elsewhere.
import { OPEN_STATUSES } from '../../shared/statusMachine'
import { statusGroup } from '../../shared/statusMeta'
import type { Ctx } from './context'
import { AppError } from './errors'
import { LEDGER_MAX_ROWS, LEDGER_PAGE_ROWS } from './ledgerExport'

/** Case numbers the department still has in hand (the ledger's cases of the department). */
export async function casesInHand(ctx: Ctx, deptId: string): Promise<string[]> {
  const out: string[] = []
  let cursor = null
  for (let read = 0; read < LEDGER_MAX_ROWS;) {
    const page = await ctx.storage.ledgerPage({ deptId }, cursor, LEDGER_PAGE_ROWS)
    read += page.length
    for (const { complaint: c } of page) {
      const handling = c.handlerDeptId === deptId && OPEN_STATUSES.includes(c.status)
      const firstUnaccepted = c.firstResponderDeptId === deptId && statusGroup(c.status) === 'waiting'
      if (handling || firstUnaccepted) out.push(c.caseNo)
    }
    if (page.length < LEDGER_PAGE_ROWS) break
    const last = page[page.length - 1].complaint
    cursor = { areaCode: last.areaCode, createdAt: last.createdAt, id: last.id }
  }
  return out
}

/** Refuses to retire a department with cases in hand, naming them (the first 20). */
export async function checkRetirable(ctx: Ctx, deptId: string): Promise<void> {
  const cases = await casesInHand(ctx, deptId)
  if (!cases.length) return
  const shown = cases.slice(0, 20).join('、') + (cases.length > 20 ? `等` : '')
  throw new AppError('CONFLICT', `这个单位还有${cases.length}件案件在办：${shown}。请先转办给其他单位，再停用`)
}
