// Request validation: zod schemas, with every problem turned into a plain Chinese message that names
// the field. Nothing is written before a request has passed here.
import { z } from 'zod'
import { validation } from './errors'

/** Chinese names of request fields, by path with array indexes removed. */
export const FIELD_LABELS: Record<string, string> = {
  action: '操作',
  data: '请求内容',
  code: '项目码',
  id: '案件',
  version: '版本号',
  clientRequestId: '请求编号',
  siteCode: '项目码',
  placement: '二维码位置',
  project: '项目信息',
  'project.name': '项目名称',
  'project.address': '项目地址',
  'project.areaCode': '所在地区',
  'project.industry': '行业',
  employerName: '欠薪单位',
  complainant: '投诉人',
  'complainant.name': '姓名',
  'complainant.phone': '手机号',
  'complainant.idNumber': '身份证号',
  complainants: '工人名单',
  'complainants.name': '工人姓名',
  'complainants.phone': '工人手机号',
  'complainants.idNumber': '工人身份证号',
  'complainants.amountOwedFen': '工人被欠金额',
  workerCount: '人数',
  amountOwedFen: '被欠金额',
  owedSince: '开始欠薪的月份',
  description: '情况说明',
  photos: '照片',
  hideIdentityFromEmployer: '对老板保密',
  bossUnreachable: '老板联系不上',
  rating: '评分',
  comment: '评价',
  reason: '原因',
  note: '说明',
  caseNo: '案件编号',
  claimCode: '认领码',
  member: '工友',
  view: '列表',
  cursor: '翻页位置',
  limit: '每页条数',
  visibleToWorker: '是否让工友看到',
  toDeptId: '转办单位',
  amountRecoveredFen: '追回金额',
  explanation: '说明',
  to: '去向',
  refNo: '文书编号',
  name: '名称',
  kind: '类型',
  areaCode: '地区代码',
  parentId: '上级单位',
  areaPrefix: '地区',
  industry: '行业',
  deptId: '单位',
  address: '地址',
  funding: '资金来源',
  contractor: '总承包单位',
  'contractor.name': '总承包单位名称',
  'contractor.uscc': '统一社会信用代码',
  supervisingDeptId: '主管部门',
  role: '角色',
  channel: '来源渠道',
  externalRef: '来源编号',
  replyDueAt: '回复期限',
}

function labelOf(path: PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.')
  return FIELD_LABELS[key] ?? '内容'
}

function messageFor(issue: z.core.$ZodIssue, input: unknown): string {
  const label = labelOf(issue.path)
  // A message set on the schema is already plain Chinese.
  if (issue.message && /[\u4e00-\u9fa5]/.test(issue.message)) return issue.message
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `请填写${label}` : `${label}格式不对`
    case 'too_big':
      return issue.origin === 'string'
        ? `${label}太长了，最多${issue.maximum}个字`
        : issue.origin === 'array'
          ? `${label}最多${issue.maximum}个`
          : `${label}太大了`
    case 'too_small':
      return issue.origin === 'string' ? `请填写${label}` : issue.origin === 'array' ? `请至少填写一项${label}` : `${label}太小了`
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`
    case 'invalid_value':
      return `${label}不在可选范围内`
    default:
      return `${label}格式不对`
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = Object.prototype.hasOwnProperty.call(v, p) ? (v as Record<PropertyKey, unknown>)[p] : undefined
  }
  return v
}

/** Parse `input` with `schema` (full zod or zod/mini) or throw a VALIDATION error naming every bad field. */
export function parse<T extends z.core.$ZodType>(schema: T, input: unknown): z.output<T> {
  const r = z.safeParse(schema, input)
  if (r.success) return r.data
  // No prototype: a field literally named `__proto__` or `constructor` is recorded like any other.
  const fields: Record<string, string> = Object.create(null)
  for (const issue of r.error.issues) {
    const key = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]].join('.') : issue.path.join('.')
    const path = key || 'data'
    if (!fields[path]) fields[path] = messageFor(issue, valueAt(input, issue.path))
  }
  throw validation(fields)
}

/** Plain-text fields: trimmed, bounded, no control characters except newlines. */
export const text = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label}太长了，最多${max}个字`)
    .transform((s) => s.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').trim())

export const requiredText = (max: number, label: string) => text(max, label).pipe(z.string().min(1, `请填写${label}`))

export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '案件编号不对')
export const version = z.number({ error: '版本号不对，请刷新后再试' }).int().min(1)
export const fen = (label: string, max = 100_000_000_000) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}应以分为单位的整数`)
    .min(0, `${label}不能是负数`)
    .max(max, `${label}太大了，请核对`)
