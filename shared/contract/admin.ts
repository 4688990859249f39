// The `admin` function: coordinators configure their area.
import { z } from 'zod/mini'
import { DEPT_KINDS } from '../types'
import { TEMPLATE_ACTIONS } from '../labels'
import { reply } from './define'
import * as f from './fields'
import { LIMITS } from './fields'
import type {
  ConfigView,
  Created,
  FileReply,
  ImportResult,
  InviteCreated,
  InviteItem,
  Items,
  RuleItem,
  RuleTestResult,
  SiteItem,
} from './replies'
import type { AuditPage, RuleDryRun } from './adminAudit'

/** Largest spreadsheet a coordinator may upload. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024

export const siteSchema = z.strictObject({
  name: f.requiredText(LIMITS.siteName, '名称'),
  address: f.requiredText(LIMITS.siteAddress, '地址'),
  areaCode: f.areaCode,
  industry: f.industry,
  funding: f.funding,
  contractor: z.strictObject({ name: f.requiredText(LIMITS.employerName, '总承包单位名称'), uscc: f.uscc }),
  supervisingDeptId: f.id,
})

/** The `site.import` request: the file as base64 (the mini-program reads it with FileSystemManager). */
export const siteImportSchema = z.strictObject({
  filename: z.pipe(
    z.string({ error: '请选择文件' }),
    z.pipe(
      z.transform((s: string) => s.trim()),
      z.string().check(z.minLength(1, '请选择文件'), z.maxLength(200, '文件名太长了')),
    ),
  ),
  base64: z.pipe(
    z
      .string({ error: '请选择文件' })
      .check(z.maxLength(Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 100, `文件太大了，最多${IMPORT_MAX_BYTES / 1024 / 1024}MB`)),
    z.pipe(
      z.transform((s: string) => s.replace(/^data:[^,]*,/, '').replace(/\s/g, '')),
      z.string().check(z.refine((s: string) => s.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), '文件内容不对（应为 base64）')),
    ),
  ),
  dryRun: z.optional(f.yesNo('只检查不导入')),
})

const byId = z.strictObject({ id: f.id })

/** A routing rule's area: the significant prefix of a province, city or county code. */
const rulePrefix = z.string({ error: '请填写地区' }).check(z.regex(/^(\d{2}|\d{4}|\d{6})$/, '地区应为2、4或6位行政区划代码前缀'))

/** A change to the routing rules, tried before it is saved (rule.test `draft`): a new or edited rule, or one removed. */
export const ruleDraftSchema = z.strictObject({
  id: z.optional(f.id),
  areaPrefix: z.optional(rulePrefix),
  industry: z.optional(f.industry),
  deptId: z.optional(f.id),
  remove: z.optional(f.yesNo('删除规则')),
})

export const adminContract = {
  'dept.create': reply<Created>()(
    z.strictObject({
      name: f.requiredText(LIMITS.deptName, '名称'),
      kind: z.enum(DEPT_KINDS, '请选择单位类型'),
      areaCode: f.areaCode,
      parentId: z.optional(f.id),
      phone: z.optional(f.publicPhone),
    }),
  ),
  /** A unit's name or public complaint phone; `active: false` retires it (it keeps its cases). */
  /** Retire a department: refused (CONFLICT, naming them) while it has cases in hand. */
  'dept.retire': reply<Created>()(z.strictObject({ id: f.id })),
  'dept.update': reply<Created>()(
    z.strictObject({
      id: f.id,
      name: z.optional(f.requiredText(LIMITS.deptName, '名称')),
      phone: z.optional(f.publicPhone),
      active: z.optional(f.yesNo('是否启用')),
    }),
  ),
  'rule.create': reply<Created>()(
    z.strictObject({
      areaPrefix: rulePrefix,
      industry: f.industry,
      deptId: f.id,
    }),
  ),
  /** Change a rule's area, industry or department: the next complaint routes by it; cases filed keep their department. */
  'rule.update': reply<Created>()(
    z.strictObject({ id: f.id, areaPrefix: z.optional(rulePrefix), industry: z.optional(f.industry), deptId: z.optional(f.id) }),
  ),
  'rule.delete': reply<{ id: string; deleted: true }>()(byId),
  'site.create': reply<{ code: string }>()(siteSchema),
  /** A spreadsheet of projects (CSV or XLSX): all rows valid, or nothing written and a per-row report. */
  'site.import': reply<ImportResult>()(siteImportSchema),
  /**
   * `phone`: the official's mobile. Such an invite is used by proving that phone (an SMS code: a browser
   * signed in with it, or a WeChat user who linked it); staff who sign in from a browser need one.
   */
  'invite.create': reply<InviteCreated>()(
    z.strictObject({ role: z.enum(['desk', 'inspector', 'coordinator'], '请选择角色'), deptId: f.id, phone: z.optional(f.mobile) }),
  ),
  'rule.list': reply<Items<RuleItem>>()(f.empty),
  /** "Who would get this?": the routing decision for an area and industry, explained. */
  'rule.test': reply<RuleTestResult & RuleDryRun>()(
    z.strictObject({ areaCode: f.areaCode, industry: f.industry, draft: z.optional(ruleDraftSchema) }),
  ),
  'site.list': reply<Items<SiteItem>>()(f.empty),
  /** Change a site's details (its code, and so its printed stickers, stay). */
  'site.update': reply<{ code: string }>()(
    z.strictObject({
      code: f.siteCode,
      name: z.optional(f.requiredText(LIMITS.siteName, '名称')),
      address: z.optional(f.requiredText(LIMITS.siteAddress, '地址')),
      industry: z.optional(f.industry),
      funding: z.optional(f.funding),
      contractor: z.optional(z.strictObject({ name: f.requiredText(LIMITS.employerName, '总承包单位名称'), uscc: f.uscc })),
      supervisingDeptId: z.optional(f.id),
    }),
  ),
  /**
   * Retire a site (project finished): no more stickers are printed for it; its stickers still open a page
   * that says so and still take a complaint. `retired: false` puts it back in use.
   */
  'site.retire': reply<{ code: string; retired: boolean }>()(
    z.strictObject({ code: f.siteCode, retired: z.optional(f.yesNo('是否停用')) }),
  ),
  /** The site import template to fill in. */
  'site.template': reply<FileReply>()(z.strictObject({ format: z.enum(['csv', 'xlsx'], '格式应为 csv 或 xlsx') })),
  /** A site's sticker sheet (A4 PDF): helmet stickers (24 a page) or the site board poster. */
  'site.stickers': reply<FileReply>()(
    z.strictObject({
      code: f.siteCode,
      layout: z.enum(['helmet', 'board'], '请选择贴纸样式：安全帽贴纸或公示牌'),
      copies: z.optional(f.count('份数', 1, 240, { min: '份数至少1份', max: '份数最多240份' })),
    }),
  ),
  /** Every change coordinators made in the caller's area (who, when, before, after), newest first. */
  'audit.list': reply<AuditPage>()(
    z.strictObject({
      cursor: z.optional(z.string('翻页位置不对').check(z.regex(/^[0-9TZ:.+-]{10,40}\|[A-Za-z0-9_-]{1,64}$/, '翻页位置不对'))),
    }),
  ),
  'invite.list': reply<Items<InviteItem>>()(f.empty),
  'invite.revoke': reply<{ code: string; revoked: true }>()(z.strictObject({ code: f.paperCode('邀请码') })),
  'template.set': reply<Created>()(
    z.strictObject({
      id: z.optional(f.id),
      action: z.enum(TEMPLATE_ACTIONS, '请选择用于哪个操作'),
      title: f.requiredText(LIMITS.templateTitle, '标题'),
      text: f.requiredText(LIMITS.templateText, '内容'),
    }),
  ),
  'template.delete': reply<{ id: string; deleted: true }>()(byId),
  /** An area's configuration: the caller's area by default, or an area below it. */
  'config.get': reply<ConfigView>()(z.strictObject({ areaCode: z.optional(f.areaCode) })),
  /**
   * Part of an area's configuration (`areaCode`: the caller's by default, or an area below it; null clears
   * a value so the level above applies); checked whole against shared/config.ts (full zod, server side
   * only) before anything is written. What a coordinator may set: shared/configScope.ts.
   */
  'config.set': reply<ConfigView>()(z.record(z.string(), z.unknown(), '配置格式不对')),
}
