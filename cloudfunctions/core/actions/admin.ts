// The `admin` function's actions: coordinators configure their area.
import { adminContract } from '../../../shared/contract/admin'
import { route } from '../../../shared/routing'
import { addDays } from '../../../shared/time'
import { handlesCases, isWatchKind } from '../../../shared/types'
import { areaContains, areaPrefix, isAreaCode, makeSiteCode, SITE_CODE_ALPHABET } from '../../../shared/validators'
import { requireCoordinator } from '../access'
import { configView, setConfig, targetArea } from '../configEdit'
import type { Ctx } from '../context'
import { newId, randomCode } from '../context'
import { AppError, forbidden, validation } from '../errors'
import { checkRetirable } from '../deptRetire'
import { importSites, randomIntFrom } from '../siteImport'
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
  'dept.create': async (ctx, d) => {
    const area = await myArea(ctx)
    inMyArea(area, d.areaCode, 'areaCode')
    if (d.parentId) await deptInArea(ctx, area, d.parentId, 'parentId')
    const deptId = newId(ctx, ctx.now, 'd')
    await ctx.storage.createDept({
      id: deptId,
      name: d.name,
      kind: d.kind,
      areaCode: d.areaCode,
      parentId: d.parentId ?? null,
      active: true,
      createdAt: ctx.now.toISOString(),
      phone: d.phone ?? '',
    })
    return { id: deptId }
  },

  'dept.update': async (ctx, d) => {
    const area = await myArea(ctx)
    const dept = await deptInArea(ctx, area, d.id, 'id')
    if (d.active === false && dept.id === ctx.user.deptId) throw validation({ active: '不能停用自己所在的单位' })
    // Retiring through an update keeps the cases-in-hand rule of dept.retire.
    if (d.active === false && dept.active) await checkRetirable(ctx, dept.id)
    await ctx.storage.updateDept(dept.id, { name: d.name, phone: d.phone, active: d.active })
    return { id: dept.id }
  },

  'dept.retire': async (ctx, d) => {
    const area = await myArea(ctx)
    const dept = await deptInArea(ctx, area, d.id, 'id')
    if (dept.id === ctx.user.deptId) throw validation({ id: '不能停用自己所在的单位' })
    await checkRetirable(ctx, dept.id)
    await ctx.storage.updateDept(dept.id, { active: false })
    return { id: dept.id }
  },

  'rule.create': async (ctx, d) => {
    const area = await myArea(ctx)
    const padded = d.areaPrefix.padEnd(6, '0')
    if (!isAreaCode(padded) || areaPrefix(padded) !== d.areaPrefix) throw validation({ areaPrefix: '地区代码不对' })
    inMyArea(area, padded, 'areaPrefix')
    const dept = await deptInArea(ctx, area, d.deptId, 'deptId')
    if (dept.kind === 'desk') throw validation({ deptId: '服务台不能作为办理单位' })
    if (isWatchKind(dept.kind)) throw validation({ deptId: '政法委、信访局只接收重大风险报告，不能作为办理单位' })
    const ruleId = newId(ctx, ctx.now, 'r')
    await ctx.storage.createRule({
      id: ruleId,
      areaPrefix: d.areaPrefix,
      industry: d.industry,
      deptId: d.deptId,
      createdAt: ctx.now.toISOString(),
    })
    return { id: ruleId }
  },

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
    await ctx.storage.createSite({
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
    return importSites(ctx.storage, {
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
  'rule.test': async (ctx, d) => {
    await myArea(ctx)
    const depts = await ctx.depts()
    const decision = route({ areaCode: d.areaCode, industry: d.industry }, await ctx.storage.listRules(), depts)
    const dept = depts.find((x) => x.id === decision.deptId)
    return { dept: dept ? { id: dept.id, name: dept.name } : null, via: decision.via, explanation: decision.explanation }
  },

  'site.list': async (ctx) => {
    const area = await myArea(ctx)
    return { items: await ctx.storage.listSites(areaPrefix(area), 2000) }
  },

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
    await ctx.storage.putTemplate({
      id: templateId,
      action: d.action,
      title: d.title,
      text: d.text,
      areaCode: area,
      updatedBy: ctx.openid,
      updatedAt: ctx.now.toISOString(),
    })
    return { id: templateId }
  },

  'template.delete': async (ctx, d) => {
    const area = await myArea(ctx)
    const existing = (await ctx.storage.listTemplates()).find((t) => t.id === d.id)
    if (!existing || !areaContains(area, existing.areaCode)) throw new AppError('NOT_FOUND', '模板不存在')
    await ctx.storage.deleteTemplate(d.id)
    return { id: d.id, deleted: true as const }
  },

  'config.get': async (ctx, d) => {
    const mine = await myArea(ctx)
    return configView(ctx, targetArea(mine, d.areaCode), mine)
  },

  /** Per area: the caller's own area and below; what a coordinator may set is configEdit.ts's to decide. */
  'config.set': async (ctx, data) => setConfig(ctx, await myArea(ctx), data),
})
