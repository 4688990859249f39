// The risk register (`staff risk.list`): read from the running totals (riskTotals.ts), never from the
// cases. A coordinator sees the subjects of their area with the figures of the area's cases; a
// department sees those it handles cases of, with the figures of its own cases only.
import { riskContract } from '../../../shared/contract/risk'
import { longestMonthsOwed } from '../../../shared/risk'
import { areaPrefix } from '../../../shared/validators'
import { requireStaff } from '../access'
import { forbidden } from '../errors'
import type { LedgerScope } from '../ports'
import { defineActions } from './types'

const PAGE = 50

export const riskActions = defineActions(riskContract, {
  'risk.list': async (ctx, d) => {
    requireStaff(ctx)
    const dept = await ctx.dept(ctx.user.deptId)
    if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
    const scope: LedgerScope = ctx.user.role === 'coordinator' ? { areaPrefix: areaPrefix(dept.areaCode) } : { deptId: dept.id }
    const rows = await ctx.storage.riskRegister(scope, d.level ?? null, d.cursor ?? null, PAGE + 1)
    const page = rows.slice(0, PAGE)
    return {
      items: page.map((r) => ({
        subject: r.subject,
        kind: r.kind,
        name: r.name,
        level: r.level,
        trigger: r.trigger,
        openCases: r.open,
        workers: r.workers,
        monthsOwed: longestMonthsOwed(r.owedMonths, ctx.now),
        amountOwedFen: r.amountOwedFen,
        bossUnreachable: r.bossUnreachable,
        flagged: r.flagged,
      })),
      nextCursor: rows.length > PAGE ? page[page.length - 1].subject : null,
    }
  },
})
