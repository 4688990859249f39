// The `admin` function's leads import (issue 14, part 5): coordinators load the national platform's
// export; beside the site import, so only the admin bundle carries the spreadsheet reader.
import { leadImportContract } from '../../../shared/contract/leads'
import { requireCoordinator } from '../access'
import { forbidden } from '../errors'
import { importLeads, leadTemplateFile } from '../leadImport'
import { defineActions } from './types'

export const leadImportActions = defineActions(leadImportContract, {
  'lead.import': async (ctx, d) => {
    // Many cases at once: the coordinators' (the national platform's exports reach the joint-meeting office).
    requireCoordinator(ctx)
    const dept = await ctx.dept(ctx.user.deptId)
    if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
    return importLeads(ctx, dept, { filename: d.filename, bytes: Buffer.from(d.base64, 'base64'), channel: d.channel, dryRun: d.dryRun })
  },

  'lead.template': async (ctx, d) => {
    requireCoordinator(ctx)
    const f = leadTemplateFile(d.format)
    return { filename: f.filename, mime: f.mime, base64: f.bytes.toString('base64') }
  },
})
