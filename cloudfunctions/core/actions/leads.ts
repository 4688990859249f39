// The `staff` function's lead actions (issue 14): register a lead from 12345, the national platform,
// 12333, 信访, a walk-in or the media; and the answer to send back to its source.
import { leadContract } from '../../../shared/contract/leads'
import type { LeadChannel } from '../../../shared/types'
import { loadVisible, requireStaff, staffRelations } from '../access'
import { AppError, forbidden } from '../errors'
import { receipt } from '../intake'
import { registerLead, replyText } from '../leads'
import { defineActions } from './types'

export const leadActions = defineActions(leadContract, {
  'complaint.registerLead': async (ctx, d) => {
    requireStaff(ctx)
    const dept = await ctx.dept(ctx.user.deptId)
    if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
    const { complaint: c, created } = await registerLead(ctx, d, dept)
    const relations = await staffRelations(ctx, c)
    // Registered before by a unit this caller has no business with: say so, show nothing of it.
    if (!created && relations.length === 0) {
      throw new AppError('CONFLICT', '这个来源编号已由其他单位登记，请向联席办核实', { externalRef: '这个来源编号已由其他单位登记' })
    }
    // The claim code is the receiving unit's to hand over, until the worker claims the case.
    const showClaim = relations.includes('first_responder') && c.ownerOpenid === null
    return {
      ...(await receipt(ctx, c)),
      channel: c.channel as LeadChannel,
      externalRef: c.externalRef ?? d.externalRef,
      replyDueAt: c.replyDueAt ?? null,
      claimCode: showClaim ? c.claimCode : null,
      existing: !created,
    }
  },

  'complaint.replyText': async (ctx, { id }) => {
    requireStaff(ctx)
    const { complaint } = await loadVisible(ctx, id, staffRelations)
    return replyText(complaint, await ctx.storage.timeline(complaint.id), await ctx.depts())
  },
})
