// Replies of the coordinators' management actions (issue 17 point 5): the audit of admin changes and
// the routing tester's before/after. Labels of what changed, shared by the function and the page.
import type { Ref } from '../types'

/** One changed field of an admin change, in words. */
export interface AuditChange {
  field: string
  before: string
  after: string
}

/** One admin change on the record. */
export interface AuditItem {
  id: string
  at: string
  /** Who: the official's name and unit. */
  actor: string
  action: string
  /** The action in words (修改单位, 删除分派规则 …). */
  actionLabel: string
  entity: string
  entityId: string
  /** What it was about, in words (the unit's, project's or template's name; the rule's area and industry). */
  subject: string
  /** Each field that changed, before and after (a new record: before ''; a removed one: after ''). */
  changes: AuditChange[]
  before: unknown
  after: unknown
}

export interface AuditPage {
  items: AuditItem[]
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null
}

/** rule.test with a draft: where the sample complaint goes once the draft is saved. */
export interface RuleDryRun {
  after?: { dept: Ref | null; via: 'rule' | 'labour_fallback' | 'none'; explanation: string }
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'dept.create': '新增单位',
  'dept.update': '修改单位',
  'dept.retire': '停用单位',
  'rule.create': '新增分派规则',
  'rule.update': '修改分派规则',
  'rule.delete': '删除分派规则',
  'site.create': '新增项目',
  'site.update': '修改项目',
  'site.retire': '停用项目',
  'site.restore': '恢复项目',
  'site.import': '导入项目',
  'template.set': '保存回复模板',
  'template.delete': '删除回复模板',
  'config.set': '修改期限与设置',
  'apiKey.create': '新增接口密钥',
  'apiKey.revoke': '作废接口密钥',
}

/** Field names of the records in words; config paths by their last keys (deadlines.resolveDaysDefault …). */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  name: '名称',
  phone: '电话',
  active: '状态',
  kind: '类型',
  areaCode: '地区',
  parentId: '上级单位',
  areaPrefix: '地区',
  industry: '行业',
  deptId: '办理单位',
  address: '地址',
  funding: '资金来源',
  contractorName: '总承包单位',
  contractorUscc: '统一社会信用代码',
  supervisingDeptId: '主管部门',
  issuerDeptId: '发码单位',
  retired: '状态',
  title: '标题',
  text: '内容',
  action: '用于',
  created: '新建',
  updated: '更新',
  rows: '行数',
  filename: '文件',
  codes: '项目码',
  'deadlines.acceptWorkingDays': '转办后受理期限',
  'deadlines.resolveDaysPublic': '政府投资、国企项目办结期限',
  'deadlines.resolveDaysComplex': '复杂案件办结期限',
  'deadlines.resolveDaysDefault': '其他案件办结期限',
  'deadlines.autoCloseDays': '自动结案',
  'cards.redAfterDays': '亮红牌',
  'campaign.endsAt': '专项行动截止',
  'campaign.areaCode': '专项行动地区',
  'rateLimits.perWorkerPerHour': '每人每小时投诉上限',
  'rateLimits.perSitePerHour': '每个项目每小时投诉提醒线',
  'risk.reportWorkers': '即时报告人数',
  'risk.reportMonths': '即时报告欠薪月数',
  'service.hotline': '咨询电话',
  'service.authority': '主办单位',
  perMinute: '每分钟调用上限',
  revokedAt: '作废时间',
}
