// Coordinators manage their area on screen (issue 17 point 5): departments, routing rules and sites
// changed or retired, the routing tester's before/after, sticker sheets and the import template, and the
// record of every change (who, when, before, after), written in the same transaction as the change.
import { AUDIT_ACTION_LABELS, AUDIT_FIELD_LABELS, type AuditItem, type AuditPage, type RuleDryRun } from '../../shared/contract/adminAudit'
import type { ParsedOf } from '../../shared/contract/define'
import type { adminContract } from '../../shared/contract/admin'
import type { RuleTestResult } from '../../shared/contract/replies'
import { DEPT_KIND_LABELS, FUNDING_LABELS, INDUSTRY_LABELS } from '../../shared/labels'
import { route, type RoutingRule } from '../../shared/routing'
import type { Industry } from '../../shared/types'
import { areaContains, areaPrefix, formatSiteCode, isAreaCode } from '../../shared/validators'
import { areaName } from '../../shared/areas'
import { requireCoordinator } from './access'
import type { Ctx } from './context'
import { newId } from './context'
import { checkRetirable } from './deptRetire'
import { AppError, forbidden, validation } from './errors'
import { officialOf } from './officials'
import type { AdminChange, AuditEntity, AuditEntry, Dept, Site, Storage } from './ports'
import { templateFile } from './siteImport'

type In<A extends keyof typeof adminContract> = ParsedOf<(typeof adminContract)[A]>

const AUDIT_PAGE = 30
/** Kinds that never handle cases: the desk, and units that only watch severe cases. */
const NOT_HANDLING = ['desk', 'politics_law', 'petition']

export async function coordinatorArea(ctx: Ctx): Promise<string> {
  requireCoordinator(ctx)
  const dept = await ctx.dept(ctx.user.deptId)
  if (!dept || !dept.active) throw forbidden('您所在的单位已停用')
  return dept.areaCode
}

function inArea(area: string, code: string, field: string): void {
  if (!areaContains(area, code)) throw validation({ [field]: '只能管理本辖区的单位、规则和项目' })
}

async function deptIn(ctx: Ctx, area: string, deptId: string, field: string): Promise<Dept> {
  const dept = await ctx.dept(deptId)
  if (!dept) throw validation({ [field]: '单位不存在' })
  inArea(area, dept.areaCode, field)
  return dept
}

/** The facts of an audit entry that the action knows; who and when come from the call. */
export interface AuditFacts {
  action: string
  entity: AuditEntity
  entityId: string
  areaCode: string
  before: unknown
  after: unknown
}

/** Apply an admin change with its audit entry (one transaction). */
export async function audited(ctx: Ctx, change: AdminChange, facts: AuditFacts): Promise<'ok' | 'duplicate' | 'missing'> {
  const entry: AuditEntry = {
    id: newId(ctx, ctx.now, 'au'),
    at: ctx.now.toISOString(),
    actorOpenid: ctx.openid,
    actorDeptId: ctx.user.deptId,
    ...facts,
  }
  return ctx.storage.adminChange(change, entry)
}

// --- departments --------------------------------------------------------------------------------

export async function createDept(ctx: Ctx, d: In<'dept.create'>): Promise<{ id: string }> {
  const area = await coordinatorArea(ctx)
  inArea(area, d.areaCode, 'areaCode')
  if (d.parentId) await deptIn(ctx, area, d.parentId, 'parentId')
  const dept: Dept = {
    id: newId(ctx, ctx.now, 'd'),
    name: d.name,
    kind: d.kind,
    areaCode: d.areaCode,
    parentId: d.parentId ?? null,
    active: true,
    createdAt: ctx.now.toISOString(),
    phone: d.phone ?? '',
  }
  await audited(
    ctx,
    { kind: 'dept', dept },
    { action: 'dept.create', entity: 'dept', entityId: dept.id, areaCode: dept.areaCode, before: null, after: dept },
  )
  return { id: dept.id }
}

/** Refuses to retire a unit that routing rules still send complaints to, naming them. */
async function checkNoRules(ctx: Ctx, dept: Dept): Promise<void> {
  const rules = (await ctx.storage.listRules()).filter((r) => r.deptId === dept.id)
  if (!rules.length) return
  const named = rules.map((r) => `${ruleArea(r.areaPrefix)}${INDUSTRY_LABELS[r.industry]}`).join('、')
  throw new AppError('CONFLICT', `还有${rules.length}条分派规则把投诉分给${dept.name}：${named}。请先修改或删除这些规则，再停用`)
}

/**
 * Refuses to retire a unit that sites still name as supervising or sticker-issuing unit (a retired site's
 * stickers still take complaints, first to their issuer), naming them (the first 20).
 */
async function checkNoSites(ctx: Ctx, dept: Dept): Promise<void> {
  const sites = (await ctx.storage.listSites(areaPrefix(dept.areaCode), 100_000)).filter(
    (s) => s.supervisingDeptId === dept.id || s.issuerDeptId === dept.id,
  )
  if (!sites.length) return
  const named = sites
    .slice(0, 20)
    .map((s) => s.name + (s.retired ? '（已停用）' : ''))
    .join('、')
  throw new AppError(
    'CONFLICT',
    `还有${sites.length}个项目的主管部门或二维码发放单位是${dept.name}：${named}${sites.length > 20 ? '等' : ''}。请先把这些项目的主管部门改为其他单位，再停用`,
  )
}

async function retireChecks(ctx: Ctx, dept: Dept): Promise<void> {
  if (dept.id === ctx.user.deptId) throw validation({ id: '不能停用自己所在的单位' })
  await checkRetirable(ctx, dept.id)
  await checkNoRules(ctx, dept)
  await checkNoSites(ctx, dept)
}

export async function updateDept(ctx: Ctx, d: In<'dept.update'>): Promise<{ id: string }> {
  const area = await coordinatorArea(ctx)
  const dept = await deptIn(ctx, area, d.id, 'id')
  if (d.active === false && dept.id === ctx.user.deptId) throw validation({ active: '不能停用自己所在的单位' })
  // Retiring through an update keeps the rules of dept.retire.
  if (d.active === false && dept.active) await retireChecks(ctx, dept)
  const after: Dept = {
    ...dept,
    ...(d.name !== undefined ? { name: d.name } : {}),
    ...(d.phone !== undefined ? { phone: d.phone } : {}),
    ...(d.active !== undefined ? { active: d.active } : {}),
  }
  await audited(
    ctx,
    { kind: 'dept', dept: after },
    { action: 'dept.update', entity: 'dept', entityId: dept.id, areaCode: dept.areaCode, before: dept, after },
  )
  return { id: dept.id }
}

export async function retireDept(ctx: Ctx, id: string): Promise<{ id: string }> {
  const area = await coordinatorArea(ctx)
  const dept = await deptIn(ctx, area, id, 'id')
  await retireChecks(ctx, dept)
  const after: Dept = { ...dept, active: false }
  await audited(
    ctx,
    { kind: 'dept', dept: after },
    { action: 'dept.retire', entity: 'dept', entityId: dept.id, areaCode: dept.areaCode, before: dept, after },
  )
  return { id: dept.id }
}

// --- routing rules ------------------------------------------------------------------------------

const ruleArea = (prefix: string) => {
  const code = prefix.padEnd(6, '0')
  return isAreaCode(code) ? areaName(code) : prefix
}

/** The rule's area as a full code (for scope checks), refusing a prefix that is no area. */
function paddedPrefix(prefix: string, field: string): string {
  const padded = prefix.padEnd(6, '0')
  if (!isAreaCode(padded) || areaPrefix(padded) !== prefix) throw validation({ [field]: '地区代码不对' })
  return padded
}

async function handlingDept(ctx: Ctx, area: string, deptId: string): Promise<Dept> {
  const dept = await deptIn(ctx, area, deptId, 'deptId')
  if (dept.kind === 'desk') throw validation({ deptId: '服务台不能作为办理单位' })
  if (NOT_HANDLING.includes(dept.kind)) throw validation({ deptId: '政法委、信访局只接收重大风险报告，不能作为办理单位' })
  if (!dept.active) throw validation({ deptId: `${dept.name}已停用` })
  return dept
}

type StoredRule = RoutingRule & { createdAt: string }

async function ruleOf(ctx: Ctx, area: string, id: string): Promise<StoredRule> {
  const rule = (await ctx.storage.listRules()).find((r) => r.id === id)
  const mine = areaPrefix(area)
  // Broader rules (the province's) are listed for reference, never changed from below; others' are none of the caller's business.
  if (!rule || !(rule.areaPrefix.startsWith(mine) || mine.startsWith(rule.areaPrefix)))
    throw new AppError('NOT_FOUND', '这条分派规则不存在')
  if (!rule.areaPrefix.startsWith(mine)) throw validation({ id: '上级的分派规则只能由上级联席办修改' })
  return { ...rule, createdAt: (rule as Partial<StoredRule>).createdAt ?? ctx.now.toISOString() }
}

const DUPLICATE_RULE = '这个地区和行业已经有分派规则了，请直接修改那一条'

/** rule.create: a second rule for the same area and industry changes that one (as before: keeps its id). */
export async function createRule(ctx: Ctx, d: In<'rule.create'>): Promise<{ id: string }> {
  const area = await coordinatorArea(ctx)
  inArea(area, paddedPrefix(d.areaPrefix, 'areaPrefix'), 'areaPrefix')
  await handlingDept(ctx, area, d.deptId)
  const existing = (await ctx.storage.listRules()).find((r) => r.areaPrefix === d.areaPrefix && r.industry === d.industry)
  const rule: StoredRule = {
    id: existing?.id ?? newId(ctx, ctx.now, 'r'),
    areaPrefix: d.areaPrefix,
    industry: d.industry,
    deptId: d.deptId,
    createdAt: (existing as Partial<StoredRule> | undefined)?.createdAt ?? ctx.now.toISOString(),
  }
  const r = await audited(
    ctx,
    { kind: 'rule', rule },
    {
      action: existing ? 'rule.update' : 'rule.create',
      entity: 'rule',
      entityId: rule.id,
      areaCode: rule.areaPrefix.padEnd(6, '0'),
      before: existing ?? null,
      after: rule,
    },
  )
  if (r === 'duplicate') throw new AppError('CONFLICT', DUPLICATE_RULE)
  return { id: rule.id }
}

export async function updateRule(ctx: Ctx, d: In<'rule.update'>): Promise<{ id: string }> {
  const area = await coordinatorArea(ctx)
  const before = await ruleOf(ctx, area, d.id)
  const after: StoredRule = {
    ...before,
    ...(d.areaPrefix !== undefined ? { areaPrefix: d.areaPrefix } : {}),
    ...(d.industry !== undefined ? { industry: d.industry } : {}),
    ...(d.deptId !== undefined ? { deptId: d.deptId } : {}),
  }
  inArea(area, paddedPrefix(after.areaPrefix, 'areaPrefix'), 'areaPrefix')
  if (d.deptId !== undefined) await handlingDept(ctx, area, d.deptId)
  const r = await audited(
    ctx,
    { kind: 'rule', rule: after },
    {
      action: 'rule.update',
      entity: 'rule',
      entityId: before.id,
      areaCode: after.areaPrefix.padEnd(6, '0'),
      before,
      after,
    },
  )
  if (r === 'duplicate') throw validation({ areaPrefix: DUPLICATE_RULE })
  if (r === 'missing') throw new AppError('NOT_FOUND', '这条分派规则不存在')
  return { id: before.id }
}

export async function deleteRule(ctx: Ctx, id: string): Promise<{ id: string; deleted: true }> {
  const area = await coordinatorArea(ctx)
  const before = await ruleOf(ctx, area, id)
  const r = await audited(
    ctx,
    { kind: 'ruleDelete', id },
    {
      action: 'rule.delete',
      entity: 'rule',
      entityId: id,
      areaCode: before.areaPrefix.padEnd(6, '0'),
      before,
      after: null,
    },
  )
  if (r === 'missing') throw new AppError('NOT_FOUND', '这条分派规则不存在')
  return { id, deleted: true as const }
}

/** "Who would get this?" now, and, with a draft, once the draft is saved. Nothing is written. */
export async function testRule(ctx: Ctx, d: In<'rule.test'>): Promise<RuleTestResult & RuleDryRun> {
  const area = await coordinatorArea(ctx)
  const depts = await ctx.depts()
  const rules = await ctx.storage.listRules()
  const decide = (rs: readonly RoutingRule[]) => {
    const decision = route({ areaCode: d.areaCode, industry: d.industry }, rs, depts)
    const dept = depts.find((x) => x.id === decision.deptId)
    return { dept: dept ? { id: dept.id, name: dept.name } : null, via: decision.via, explanation: decision.explanation }
  }
  const now = decide(rules)
  const draft = d.draft
  if (!draft) return now
  let next: RoutingRule[]
  if (draft.id) {
    const old = rules.find((r) => r.id === draft.id)
    if (!old) throw validation({ 'draft.id': '这条分派规则不存在' })
    next = draft.remove
      ? rules.filter((r) => r.id !== draft.id)
      : rules.map((r) =>
          r.id === draft.id
            ? {
                ...r,
                areaPrefix: draft.areaPrefix ?? r.areaPrefix,
                industry: draft.industry ?? r.industry,
                deptId: draft.deptId ?? r.deptId,
              }
            : r,
        )
  } else {
    const fields: Record<string, string> = {}
    if (!draft.areaPrefix) fields['draft.areaPrefix'] = '请填写地区'
    if (!draft.industry) fields['draft.industry'] = '请选择行业'
    if (!draft.deptId) fields['draft.deptId'] = '请选择办理单位'
    if (Object.keys(fields).length) throw validation(fields)
    const rule = { id: '~draft', areaPrefix: draft.areaPrefix!, industry: draft.industry! as Industry, deptId: draft.deptId! }
    // A new rule for an area and industry that has one replaces it (as rule.create does).
    next = [...rules.filter((r) => !(r.areaPrefix === rule.areaPrefix && r.industry === rule.industry)), rule]
  }
  if (draft.deptId) await deptIn(ctx, area, draft.deptId, 'draft.deptId')
  return { ...now, after: decide(next) }
}

// --- sites --------------------------------------------------------------------------------------

async function siteOf(ctx: Ctx, area: string, code: string): Promise<Site> {
  const site = await ctx.storage.getSite(code)
  if (!site || !areaContains(area, site.areaCode)) throw new AppError('NOT_FOUND', '没有找到这个项目')
  return site
}

export async function createSite(ctx: Ctx, site: Site): Promise<void> {
  await audited(
    ctx,
    { kind: 'site', site },
    { action: 'site.create', entity: 'site', entityId: site.code, areaCode: site.areaCode, before: null, after: site },
  )
}

export async function updateSite(ctx: Ctx, d: In<'site.update'>): Promise<{ code: string }> {
  const area = await coordinatorArea(ctx)
  const before = await siteOf(ctx, area, d.code)
  if (d.supervisingDeptId !== undefined) {
    const dept = await deptIn(ctx, area, d.supervisingDeptId, 'supervisingDeptId')
    if (NOT_HANDLING.includes(dept.kind)) throw validation({ supervisingDeptId: '主管部门应为办理单位（不能是服务台、政法委或信访局）' })
    if (!dept.active) throw validation({ supervisingDeptId: `${dept.name}已停用` })
    if (!areaContains(dept.areaCode, before.areaCode))
      throw validation({ supervisingDeptId: `${dept.name}不管辖项目所在地区（${areaName(before.areaCode)}）` })
  }
  const after: Site = {
    ...before,
    ...(d.name !== undefined ? { name: d.name } : {}),
    ...(d.address !== undefined ? { address: d.address } : {}),
    ...(d.industry !== undefined ? { industry: d.industry } : {}),
    ...(d.funding !== undefined ? { funding: d.funding } : {}),
    ...(d.contractor !== undefined ? { contractorName: d.contractor.name, contractorUscc: d.contractor.uscc } : {}),
    ...(d.supervisingDeptId !== undefined ? { supervisingDeptId: d.supervisingDeptId } : {}),
    // The stickers' issuer is the supervising unit unless set apart: it moves with it (first responder for QR complaints).
    ...(d.supervisingDeptId !== undefined && before.issuerDeptId === before.supervisingDeptId ? { issuerDeptId: d.supervisingDeptId } : {}),
  }
  await audited(
    ctx,
    { kind: 'site', site: after },
    { action: 'site.update', entity: 'site', entityId: before.code, areaCode: before.areaCode, before, after },
  )
  return { code: before.code }
}

export async function retireSite(ctx: Ctx, d: In<'site.retire'>): Promise<{ code: string; retired: boolean }> {
  const area = await coordinatorArea(ctx)
  const before = await siteOf(ctx, area, d.code)
  const retired = d.retired ?? true
  if (before.retired === retired) return { code: before.code, retired }
  const after: Site = { ...before, retired }
  await audited(
    ctx,
    { kind: 'site', site: after },
    {
      action: retired ? 'site.retire' : 'site.restore',
      entity: 'site',
      entityId: before.code,
      areaCode: before.areaCode,
      before,
      after,
    },
  )
  return { code: before.code, retired }
}

/** The storage as the site import sees it: its one write goes with an audit entry of the whole import. */
export function auditedImport(ctx: Ctx, area: string, filename: string): Pick<Storage, 'listDepts' | 'getSite' | 'listSites' | 'putSites'> {
  const s = ctx.storage
  return {
    listDepts: () => s.listDepts(),
    getSite: (code) => s.getSite(code),
    listSites: (prefix, limit) => s.listSites(prefix, limit),
    putSites: async (sites) => {
      const existing = new Set<string>()
      for (const site of sites) if (await s.getSite(site.code)) existing.add(site.code)
      const created = sites.filter((x) => !existing.has(x.code)).length
      await audited(
        ctx,
        { kind: 'sites', sites },
        {
          action: 'site.import',
          entity: 'site',
          entityId: filename,
          areaCode: area,
          before: null,
          after: { filename, rows: sites.length, created, updated: sites.length - created, codes: sites.slice(0, 200).map((x) => x.code) },
        },
      )
      return { created, updated: sites.length - created }
    },
  }
}

export function siteTemplate(format: 'csv' | 'xlsx') {
  const f = templateFile(format)
  return { filename: f.filename, mime: f.mime, base64: f.bytes.toString('base64') }
}

/** A site's sticker sheet, made where the runtime can (the local server); a retired site prints none. */
export async function siteStickers(ctx: Ctx, d: In<'site.stickers'>) {
  const area = await coordinatorArea(ctx)
  const site = await siteOf(ctx, area, d.code)
  if (site.retired) throw validation({ code: '项目已停用，不再打印贴纸' })
  if (!ctx.stickers) throw new AppError('CONFLICT', '这里不能生成贴纸，请在电脑上运行 npm run stickers 打印')
  const dept = await ctx.dept(site.supervisingDeptId)
  const config = await ctx.configFor(site.areaCode)
  const bytes = await ctx.stickers(
    [
      {
        code: site.code,
        name: site.name,
        address: site.address,
        areaCode: site.areaCode,
        contractorName: site.contractorName,
        funding: site.funding,
        deptName: dept?.name,
        deadlines: config.deadlines,
      },
    ],
    { layout: d.layout, copies: d.copies, hotline: (config as { service?: { hotline?: string } }).service?.hotline },
  )
  const label = d.layout === 'helmet' ? '安全帽贴纸' : '公示牌'
  return { filename: `${formatSiteCode(site.code)}-${label}.pdf`, mime: 'application/pdf', base64: bytes.toString('base64') }
}

// --- the record of changes ----------------------------------------------------------------------

const plain = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return ''
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (Array.isArray(v)) return v.map(plain).join('、')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** Leaves of a record as dotted paths (config documents are nested). */
function leaves(v: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) leaves(x, prefix ? `${prefix}.${k}` : k, out)
  } else if (prefix) out.set(prefix, v)
  return out
}

function words(path: string, v: unknown, deptName: (id: string) => string): string {
  const key = path.slice(path.lastIndexOf('.') + 1)
  if (v === null || v === undefined || v === '') return ''
  if (key === 'industry') return INDUSTRY_LABELS[v as Industry] ?? plain(v)
  if (key === 'funding') return FUNDING_LABELS[v as keyof typeof FUNDING_LABELS] ?? plain(v)
  if (key === 'kind') return DEPT_KIND_LABELS[v as keyof typeof DEPT_KIND_LABELS] ?? plain(v)
  if (key === 'active') return v ? '在用' : '停用'
  if (key === 'retired') return v ? '停用' : '在建'
  if (key === 'deptId' || key === 'supervisingDeptId' || key === 'issuerDeptId' || key === 'parentId') return deptName(String(v))
  if (key === 'areaCode' || key === 'areaPrefix') return ruleArea(String(v))
  return plain(v)
}

/** A changed field in words: holiday schedules by year, configuration and record fields by their labels. */
function fieldLabel(path: string): string {
  const holiday = /^holidays\.(\d{4})\.(holidays|workdays)$/.exec(path)
  if (holiday) return `${holiday[1]}年${holiday[2] === 'holidays' ? '放假日（休）' : '调休上班日（班）'}`
  return AUDIT_FIELD_LABELS[path] ?? AUDIT_FIELD_LABELS[path.slice(path.lastIndexOf('.') + 1)] ?? path
}

const SKIPPED = new Set(['id', 'createdAt', 'updatedAt', 'updatedBy', 'code'])

export async function listAudit(ctx: Ctx, cursor: string | undefined): Promise<AuditPage> {
  const area = await coordinatorArea(ctx)
  const [at, id] = cursor ? cursor.split('|') : []
  const entries = await ctx.storage.listAudit(areaPrefix(area), cursor ? { at, id } : null, AUDIT_PAGE + 1)
  const depts = await ctx.depts()
  const deptName = (x: string) => depts.find((d) => d.id === x)?.name ?? x
  const actors = new Map<string, string>()
  const items: AuditItem[] = []
  for (const e of entries.slice(0, AUDIT_PAGE)) {
    if (!actors.has(e.actorOpenid)) {
      const o = await officialOf(ctx, e.actorOpenid)
      const unit = e.actorDeptId ? deptName(e.actorDeptId) : ''
      actors.set(e.actorOpenid, [o?.name, unit].filter(Boolean).join('，') || '联席办')
    }
    const b = leaves(e.before)
    const a = leaves(e.after)
    const changes = [...new Set([...b.keys(), ...a.keys()])]
      .filter((p) => !SKIPPED.has(p) && plain(b.get(p)) !== plain(a.get(p)))
      .map((p) => ({
        field: fieldLabel(p),
        before: words(p, b.get(p), deptName),
        after: words(p, a.get(p), deptName),
      }))
    const rec = (e.after ?? e.before ?? {}) as Record<string, unknown>
    const subject =
      e.entity === 'rule'
        ? `${ruleArea(String(rec.areaPrefix ?? ''))}${INDUSTRY_LABELS[rec.industry as Industry] ?? ''}`
        : e.entity === 'config'
          ? `${ruleArea(e.entityId)}的设置`
          : e.entity === 'site' && e.action === 'site.import'
            ? String(rec.filename ?? e.entityId)
            : String(rec.name ?? rec.title ?? e.entityId)
    items.push({
      id: e.id,
      at: e.at,
      actor: actors.get(e.actorOpenid)!,
      action: e.action,
      actionLabel: AUDIT_ACTION_LABELS[e.action] ?? e.action,
      entity: e.entity,
      entityId: e.entityId,
      subject,
      changes,
      before: e.before,
      after: e.after,
    })
  }
  const last = items[items.length - 1]
  return { items, nextCursor: entries.length > AUDIT_PAGE && last ? `${last.at}|${last.id}` : null }
}
