// The `admin` function's actions: coordinators configure their area.
import { adminContract } from '../../../shared/contract/admin'
import { addDays } from '../../../shared/time'
import { handlesCases, isWatchKind } from '../../../shared/types'
import { areaContains, areaPrefix, isAreaCode, makeSiteCode, SITE_CODE_ALPHABET } from '../../../shared/validators'
import { requireCoordinator } from '../access'
import { configView, setConfig, targetArea } from '../configEdit'
import type { Ctx } from '../context'
import { newId, randomCode } from '../context'
import { AppError, forbidden, validation } from '../errors'
import { importSites, randomIntFrom } from '../siteImport'
import * as manage from '../adminManage'
import { defineActions } from './types'

const INVITE_DAYS = 7

async function myArea(ctx: Ctx): Promise<string> {
  requireCoordinator(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept) throw forbidden('您所在的单位已停用')
  return dept.areaCode
}

function inMyArea(area: string, code: string, field: string): void {
  if (!areaContains(area, code)) throw validation({ [field]: '只能管理本辖区的单位、规则和项目' })
}

async function deptInArea(ctx: Ctx, area: string, deptId: string, field: string) {
  const dept = await ctx.dept(deptId)
  if (!dept) throw validation({ [field]: '单位不存在' })
  inMyArea(area, dept.areaCode, field)
  return dept
}

export const adminActions = defineActions(adminContract, {
  'dept.create': async (ctx, d) => manage.createDept(ctx, d),

  'dept.update': async (ctx, d) => manage.updateDept(ctx, d),

  'dept.retire': async (ctx, d) => manage.retireDept(ctx, d.id),

  'rule.create': async (ctx, d) => {
    const area = await myArea(ctx)
    const padded = d.areaPrefix.padEnd(6, '0')
    if (!isAreaCode(padded) || areaPrefix(padded) !== d.areaPrefix) throw validation({ areaPrefix: '地区代码不对' })
    inMyArea(area, padded, 'areaPrefix')
    const dept = await deptInArea(ctx, area, d.deptId, 'deptId')
    if (dept.kind === 'desk') throw validation({ deptId: '服务台不能作为办理单位' })
    if (isWatchKind(dept.kind)) throw validation({ deptId: '政法委、信访局只接收重大风险报告，不能作为办理单位' })
    return manage.createRule(ctx, d)
  },
  'rule.update': async (ctx, d) => manage.updateRule(ctx, d),
  'rule.delete': async (ctx, d) => manage.deleteRule(ctx, d.id),

  'site.create': async (ctx, d) => {
    const area = await myArea(ctx)
    inMyArea(area, d.areaCode, 'areaCode')
    const supervising = await deptInArea(ctx, area, d.supervisingDeptId, 'supervisingDeptId')
    if (!handlesCases(supervising.kind)) throw validation({ supervisingDeptId: '主管部门应为办理单位（不能是服务台、政法委或信访局）' })
    let code = ''
    for (let i = 0; i < 10; i++) {
      code = makeSiteCode((n) => ctx.random(1)[0] % n)
      if (!(await ctx.storage.getSite(code))) break
    }
    await manage.createSite(ctx, {
      code,
      name: d.name,
      address: d.address,
      areaCode: d.areaCode,
      industry: d.industry,
      funding: d.funding,
      contractorName: d.contractor.name,
      contractorUscc: d.contractor.uscc,
      supervisingDeptId: d.supervisingDeptId,
      issuerDeptId: d.supervisingDeptId,
      retired: false,
      createdAt: ctx.now.toISOString(),
    })
    return { code }
  },

  /** A spreadsheet of projects (CSV or XLSX): all rows valid, or nothing written and a per-row report. */
  'site.import': async (ctx, d) => {
    const area = await myArea(ctx)
    return importSites(manage.auditedImport(ctx, area, d.filename), {
      filename: d.filename,
      bytes: Buffer.from(d.base64, 'base64'),
      dryRun: d.dryRun,
      scope: area,
      now: ctx.now,
      randomInt: randomIntFrom(ctx.random),
    })
  },

  'invite.create': async (ctx, d) => {
    const area = await myArea(ctx)
    const dept = await deptInArea(ctx, area, d.deptId, 'deptId')
    if (d.role === 'desk' && dept.kind !== 'desk') throw validation({ role: '服务台人员只能加入服务台' })
    if (d.role !== 'inspector' && isWatchKind(dept.kind))
      throw validation({ role: '政法委、信访局的人员请选择“办理人员”，他们只能查看重大风险案件' })
    const code = randomCode(ctx, SITE_CODE_ALPHABET, 8)
    const expiresAt = addDays(ctx.now, INVITE_DAYS).toISOString()
    await ctx.storage.createInvite({
      code,
      role: d.role,
      deptId: d.deptId,
      createdBy: ctx.openid,
      createdAt: ctx.now.toISOString(),
      expiresAt,
      usedBy: null,
      usedAt: null,
      revoked: false,
      ...(d.phone ? { phone: d.phone } : {}),
    })
    return { code, expiresAt }
  },

  'rule.list': async (ctx) => {
    const area = await myArea(ctx)
    const rules = await ctx.storage.listRules()
    const mine = areaPrefix(area)
    // Rules inside the area, and broader ones that apply to it.
    return { items: rules.filter((r) => r.areaPrefix.startsWith(mine) || mine.startsWith(r.areaPrefix)) }
  },

  /** "Who would get this?": the routing decision for an area and industry, explained. */
  'rule.test': async (ctx, d) => manage.testRule(ctx, d),

  'site.list': async (ctx) => {
    const area = await myArea(ctx)
    return { items: await ctx.storage.listSites(areaPrefix(area), 2000) }
  },

  'site.update': async (ctx, d) => manage.updateSite(ctx, d),
  'site.retire': async (ctx, d) => manage.retireSite(ctx, d),
  'site.template': async (ctx, d) => {
    requireCoordinator(ctx)
    return manage.siteTemplate(d.format)
  },
  'site.stickers': async (ctx, d) => manage.siteStickers(ctx, d),
  'audit.list': async (ctx, d) => manage.listAudit(ctx, d.cursor),

  'invite.list': async (ctx) => {
    const area = await myArea(ctx)
    const deptIds = (await ctx.depts()).filter((x) => areaContains(area, x.areaCode)).map((x) => x.id)
    const now = ctx.now.toISOString()
    const items = await ctx.storage.listInvites(deptIds, 200)
    return {
      items: items.map((i) => ({
        ...i,
        state: i.revoked
          ? ('revoked' as const)
          : i.usedBy
            ? ('used' as const)
            : i.expiresAt <= now
              ? ('expired' as const)
              : ('open' as const),
      })),
    }
  },

  'invite.revoke': async (ctx, d) => {
    const area = await myArea(ctx)
    const invite = await ctx.storage.getInvite(d.code)
    const dept = invite ? await ctx.dept(invite.deptId) : null
    if (!invite || !dept || !areaContains(area, dept.areaCode)) throw new AppError('NOT_FOUND', '邀请码不存在')
    if (!(await ctx.storage.revokeInvite(d.code))) throw new AppError('CONFLICT', '邀请码已被使用或已作废')
    return { code: d.code, revoked: true as const }
  },

  'template.set': async (ctx, d) => {
    const area = await myArea(ctx)
    if (d.id) {
      const existing = (await ctx.storage.listTemplates()).find((t) => t.id === d.id)
      if (!existing || !areaContains(area, existing.areaCode)) throw new AppError('NOT_FOUND', '模板不存在')
    }
    const templateId = d.id ?? newId(ctx, ctx.now, 't')
    const before = d.id ? ((await ctx.storage.listTemplates()).find((t) => t.id === d.id) ?? null) : null
    const template = {
      id: templateId,
      action: d.action,
      title: d.title,
      text: d.text,
      areaCode: before?.areaCode ?? area,
      updatedBy: ctx.openid,
      updatedAt: ctx.now.toISOString(),
    }
    await manage.audited(
      ctx,
      { kind: 'template', template },
      { action: 'template.set', entity: 'template', entityId: templateId, areaCode: template.areaCode, before, after: template },
    )
    return { id: templateId }
  },

  'template.delete': async (ctx, d) => {
    const area = await myArea(ctx)
    const existing = (await ctx.storage.listTemplates()).find((t) => t.id === d.id)
    if (!existing || !areaContains(area, existing.areaCode)) throw new AppError('NOT_FOUND', '模板不存在')
    await manage.audited(
      ctx,
      { kind: 'templateDelete', id: d.id },
      { action: 'template.delete', entity: 'template', entityId: d.id, areaCode: existing.areaCode, before: existing, after: null },
    )
    return { id: d.id, deleted: true as const }
  },

  'config.get': async (ctx, d) => {
    const mine = await myArea(ctx)
    return configView(ctx, targetArea(mine, d.areaCode), mine)
  },

  /** Per area: the caller's own area and below; what a coordinator may set is configEdit.ts's to decide. */
  'config.set': async (ctx, data) => setConfig(ctx, await myArea(ctx), data),
})
