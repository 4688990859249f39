// An Open311-style API (GeoReport v2 shapes, JSON) for a city's 12345 platform (issue 14):
//
//   GET  /open311/v2/services.json              the services: wage arrears, one per industry (no key)
//   GET  /open311/v2/services/<code>.json       a service's definition: the attributes a request carries
//   POST /open311/v2/requests.json              a lead from the hotline (channel hotline_12345); api_key
//   GET  /open311/v2/requests/<id>.json         where a request stands; api_key
//   GET  /open311/v2/requests.json?service_request_id=<id>,<id>   several at once; api_key
//
// A request's id (service_request_id) is the case number. A key belongs to a coordinator's unit and area:
// what it files has that unit as first responder, and it reads only cases of its area or those its unit
// received; anything else is "not found". Calls are limited per key (its `perMinute`). Replies never carry
// a name, a phone number or an ID number: no complainant, no employer (often a person), no free text but
// the handler's answers, with names and numbers taken out (redact.ts). Errors are GeoReport's list of
// { code, description } with the field named and the words in Chinese.
//
// The same handler runs on the local server (scripts/open311.ts) and on CloudBase behind the HTTP access
// service (cloudfunctions/open311/index.ts).
import { leadSchema, type LeadInput } from '../../shared/contract/leads'
import { INDUSTRY_LABELS, STATUS_LABELS } from '../../shared/labels'
import { STATUS_META } from '../../shared/statusMeta'
import { formatInBeijing } from '../../shared/time'
import { INDUSTRIES, type Industry } from '../../shared/types'
import { areaContains, isCaseNo } from '../../shared/validators'
import { apiKeyHash } from './actions/apiKeys'
import { makeCtx, type Deps } from './context'
import { AppError } from './errors'
import { answerOf, registerLead } from './leads'
import type { ApiKey, Complaint, Dept, TimelineEvent } from './ports'
import { redactPersonal } from './redact'
import { parse } from './validate'

export const OPEN311_PREFIX = '/open311/v2'
/** Largest request body taken (a form of a few fields; no photos). */
export const OPEN311_MAX_BODY = 64 * 1024

export interface Open311Request {
  method: string
  /** The path from /open311/v2 on, as received. */
  path: string
  query: URLSearchParams
  /** The raw body (form-encoded or JSON). */
  body: string
  contentType: string
}

export interface Open311Reply {
  status: number
  headers: Record<string, string>
  body: string
}

const SERVICE_PREFIX = 'wage_arrears_'
const serviceCode = (i: Industry) => `${SERVICE_PREFIX}${i}`

/** GeoReport v2 services: wage arrears, one per industry (the industry decides the handling department). */
export function services() {
  return INDUSTRIES.map((i) => ({
    service_code: serviceCode(i),
    service_name: `拖欠农民工工资（${INDUSTRY_LABELS[i]}）`,
    description: `${INDUSTRY_LABELS[i]}领域拖欠农民工工资的线索，按项目所在地和行业转交主管部门办理`,
    metadata: true,
    type: 'realtime',
    keywords: '欠薪,拖欠工资,农民工,根治欠薪',
    group: '根治欠薪',
  }))
}

/** The attributes a request carries beyond GeoReport's own fields (first_name, last_name, phone, description, address_string). */
export const ATTRIBUTES = [
  { code: 'external_ref', datatype: 'string', required: true, description: '12345工单编号（同一编号只登记一次）' },
  { code: 'area_code', datatype: 'string', required: true, description: '项目所在地区的6位行政区划代码（区县）' },
  { code: 'project_name', datatype: 'string', required: true, description: '项目或用工单位名称' },
  { code: 'worker_count', datatype: 'number', required: true, description: '涉及人数' },
  { code: 'amount_owed', datatype: 'number', required: true, description: '被欠工资总额（元，最多两位小数）' },
  { code: 'owed_since', datatype: 'string', required: true, description: '开始欠薪的月份，如 2026-08' },
  { code: 'employer_name', datatype: 'string', required: false, description: '欠薪的单位或老板' },
  { code: 'reply_due', datatype: 'datetime', required: false, description: '12345要求的回复期限，如 2026-11-25' },
  {
    code: 'funding',
    datatype: 'singlevaluelist',
    required: false,
    description: '项目资金来源',
    values: [
      { key: 'government', name: '政府投资' },
      { key: 'state_owned', name: '国有企业' },
      { key: 'other', name: '其他' },
    ],
  },
  {
    code: 'boss_unreachable',
    datatype: 'singlevaluelist',
    required: false,
    description: '老板是否联系不上',
    values: [
      { key: 'true', name: '是' },
      { key: 'false', name: '否' },
    ],
  },
] as const

function definition(i: Industry) {
  return {
    service_code: serviceCode(i),
    attributes: ATTRIBUTES.map((a, n) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.description,
      order: n + 1,
      description: a.description,
      ...('values' in a ? { values: a.values } : {}),
    })),
  }
}

/** Where each field of a lead comes from in an Open311 request, to name it in errors. */
const FIELD_NAMES: Record<string, string> = {
  channel: 'service_code',
  externalRef: 'attribute[external_ref]',
  replyDueAt: 'attribute[reply_due]',
  project: 'attribute[project_name]',
  'project.name': 'attribute[project_name]',
  'project.address': 'address_string',
  'project.areaCode': 'attribute[area_code]',
  'project.industry': 'service_code',
  'project.funding': 'attribute[funding]',
  employerName: 'attribute[employer_name]',
  complainant: 'first_name',
  'complainant.name': 'first_name',
  'complainant.phone': 'phone',
  workerCount: 'attribute[worker_count]',
  amountOwedFen: 'attribute[amount_owed]',
  owedSince: 'attribute[owed_since]',
  description: 'description',
  bossUnreachable: 'attribute[boss_unreachable]',
}

/** Yuan as typed ('12500', '12500.5', '12,500.50') to integer fen, exactly; null when it is not an amount. */
export function yuanToFen(s: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s.replace(/[,，\s]/g, ''))
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** A form field, or one of GeoReport's attributes (attribute[code]). */
type Fields = (name: string) => string | undefined

/** The lead an Open311 request describes, before the contract's checks (those name the bad field). */
export function leadFromRequest(get: Fields): { lead: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const attr = (code: string) => get(`attribute[${code}]`)?.trim()
  const code = get('service_code')?.trim() ?? ''
  const industry = code.startsWith(SERVICE_PREFIX) ? code.slice(SERVICE_PREFIX.length) : ''
  if (!(INDUSTRIES as readonly string[]).includes(industry))
    errors.service_code = code ? '没有这个服务，请先查询 services.json' : '请填写服务代码 service_code'
  const name = `${get('last_name')?.trim() ?? ''}${get('first_name')?.trim() ?? ''}`
  const count = attr('worker_count') ?? ''
  const amount = attr('amount_owed') ?? ''
  const fen = amount ? yuanToFen(amount) : null
  if (!amount) errors['attribute[amount_owed]'] = '请填写被欠工资总额（元）'
  else if (fen === null) errors['attribute[amount_owed]'] = '被欠工资总额应为元，最多两位小数，如 12500 或 12500.50'
  if (count && !/^\d{1,6}$/.test(count)) errors['attribute[worker_count]'] = '涉及人数应为整数'
  const boss = attr('boss_unreachable')
  if (boss && boss !== 'true' && boss !== 'false') errors['attribute[boss_unreachable]'] = '老板是否联系不上应为 true 或 false'
  const funding = attr('funding')
  const address = get('address_string')?.trim()
  const lead: Record<string, unknown> = {
    channel: 'hotline_12345',
    externalRef: attr('external_ref') ?? '',
    ...(attr('reply_due') ? { replyDueAt: attr('reply_due') } : {}),
    project: {
      name: attr('project_name') ?? '',
      areaCode: attr('area_code') ?? '',
      industry: industry || 'other',
      ...(address ? { address } : {}),
      ...(funding ? { funding } : {}),
    },
    ...(attr('employer_name') ? { employerName: attr('employer_name') } : {}),
    complainant: { name, phone: get('phone')?.trim() ?? '' },
    workerCount: count ? Number(count) : undefined,
    amountOwedFen: fen ?? 0,
    owedSince: attr('owed_since') ?? '',
    ...(get('description')?.trim() ? { description: get('description') } : {}),
    ...(boss === 'true' || boss === 'false' ? { bossUnreachable: boss === 'true' } : {}),
  }
  return { lead, errors }
}

/** GeoReport's time form, in Beijing: 2026-11-18T09:00:00+08:00. */
const w3c = (iso: string | null | undefined) => (iso ? formatInBeijing(iso, 'YYYY-MM-DDTHH:mm:ss') + '+08:00' : null)

/** Closed for the source: answered (resolved, not wage arrears, transferred out) or closed. */
const CLOSED_GROUPS = new Set(['answered', 'ended'])

/** A case as GeoReport's service request, with no personal data. */
export function serviceRequest(c: Complaint, events: readonly TimelineEvent[], depts: readonly Dept[]) {
  const closed = CLOSED_GROUPS.has(STATUS_META[c.status].group)
  const answer = answerOf(c, events)
  const people = [c.complainant, ...c.complainants]
  const notes = answer
    ? `${STATUS_LABELS[c.status]}：${redactPersonal(answer.note, people)}`
    : `${STATUS_LABELS[c.status]}：${STATUS_META[c.status].hint}`
  const expected = closed ? null : (c.resolveDueAt ?? c.acceptDueAt)
  return {
    service_request_id: c.caseNo,
    status: closed ? 'closed' : 'open',
    status_notes: notes,
    service_name: `拖欠农民工工资（${INDUSTRY_LABELS[c.industry]}）`,
    service_code: serviceCode(c.industry),
    agency_responsible: depts.find((d) => d.id === c.handlerDeptId)?.name ?? '',
    service_notice: '',
    requested_datetime: w3c(c.createdAt),
    updated_datetime: w3c(c.updatedAt),
    expected_datetime: w3c(expected),
    address: c.projectAddress,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    // Beyond GeoReport: the hotline's own work order number, its reply-back deadline, the case status.
    external_ref: c.externalRef ?? null,
    reply_due_datetime: w3c(c.replyDueAt),
    case_status: c.status,
  }
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Open311Reply => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
})

/** GeoReport's error list: one entry per problem, the field named, the words in Chinese. */
const errors = (status: number, list: Record<string, string> | string, headers?: Record<string, string>) =>
  answer(
    status,
    typeof list === 'string'
      ? [{ code: status, description: list }]
      : Object.entries(list).map(([field, message]) => ({ code: status, description: `${field}：${message}`, field })),
    headers,
  )

/** The key's scope: cases of its area, and those its unit received (it filed them, or first responded). */
function inScope(key: ApiKey, c: Complaint): boolean {
  return areaContains(key.areaCode, c.areaCode) || c.firstResponderDeptId === key.deptId
}

function readFields(req: Open311Request): Fields | null {
  const type = req.contentType.toLowerCase()
  if (type.includes('application/json')) {
    try {
      const o = req.body ? JSON.parse(req.body) : {}
      if (!o || typeof o !== 'object' || Array.isArray(o)) return null
      return (name) => {
        const m = /^attribute\[(.+)\]$/.exec(name)
        const v = m && o.attribute && typeof o.attribute === 'object' ? o.attribute[m[1]] : o[name]
        return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined
      }
    } catch {
      return null
    }
  }
  const form = new URLSearchParams(req.body)
  return (name) => form.get(name) ?? undefined
}

export interface Open311Deps {
  deps: () => Deps | Promise<Deps>
  log?: (msg: string, err?: unknown) => void
}

/** Handle one Open311 call. Never throws: every failure is an Open311 error reply. */
export async function handleOpen311(req: Open311Request, o: Open311Deps): Promise<Open311Reply> {
  try {
    return await route(req, o)
  } catch (e) {
    if (e instanceof AppError) return fromAppError(e)
    ;(o.log ?? console.error)('[open311] internal error', e)
    return errors(500, '系统繁忙，请稍后再试')
  }
}

function fromAppError(e: AppError): Open311Reply {
  const status = { VALIDATION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, INTERNAL: 500 }[
    e.code
  ]
  if (e.code === 'VALIDATION' && e.fields) {
    const named: Record<string, string> = {}
    for (const [k, v] of Object.entries(e.fields)) named[FIELD_NAMES[k] ?? k] ??= v
    return errors(400, named)
  }
  return errors(status, e.message)
}

async function route(req: Open311Request, o: Open311Deps): Promise<Open311Reply> {
  const path = req.path.replace(/\/+$/, '')
  const method = req.method.toUpperCase()
  if (/\.xml$/i.test(path)) return errors(400, '只支持 JSON 格式，请把地址里的 .xml 换成 .json')
  if (method === 'GET' && path === '/services.json') return answer(200, services())
  const def = /^\/services\/([a-z_]{1,40})\.json$/.exec(path)
  if (method === 'GET' && def) {
    const industry = def[1].startsWith(SERVICE_PREFIX) ? def[1].slice(SERVICE_PREFIX.length) : ''
    if (!(INDUSTRIES as readonly string[]).includes(industry)) return errors(404, '没有这个服务')
    return answer(200, definition(industry as Industry))
  }
  const one = /^\/requests\/([^/]{1,40})\.json$/.exec(path)
  const many = path === '/requests.json'
  if (!one && !many) return errors(404, '没有这个接口')
  if (many && method !== 'GET' && method !== 'POST') return errors(405, '只支持 GET 和 POST', { allow: 'GET, POST' })
  if (one && method !== 'GET') return errors(405, '只支持 GET', { allow: 'GET' })
  if (req.body.length > OPEN311_MAX_BODY) return errors(413, '请求内容太大')

  const fields = method === 'POST' ? readFields(req) : null
  if (method === 'POST' && !fields) return errors(400, '请求格式不对：应为表单（application/x-www-form-urlencoded）或 JSON 对象')
  const keyText = (fields?.('api_key') ?? req.query.get('api_key') ?? '').trim()
  if (!keyText) return errors(401, { api_key: '缺少接口密钥 api_key，请向联席办申请' })
  if (keyText.length > 200) return errors(403, { api_key: '接口密钥不对或已作废' })

  const deps = await o.deps()
  const key = await deps.storage.apiKeyByHash(apiKeyHash(keyText))
  if (!key || key.revokedAt) return errors(403, { api_key: '接口密钥不对或已作废' })
  const now = deps.clock.now()
  const slot = await deps.storage.takeRateSlots(
    [{ key: `open311:${key.id}`, windows: [{ ms: 60_000, max: key.perMinute }] }],
    now.toISOString(),
  )
  if (!slot.ok) {
    const wait = Math.max(1, Math.ceil((Date.parse(slot.retryAt) - now.getTime()) / 1000))
    return errors(429, `调用太频繁了，每分钟最多${key.perMinute}次，请${wait}秒后再试`, { 'retry-after': String(wait) })
  }
  const ctx = await makeCtx(deps, `open311:${key.id}`)
  const depts = await ctx.depts()
  const dept = depts.find((d) => d.id === key.deptId)
  if (!dept || !dept.active) return errors(403, { api_key: '这个接口密钥所属单位已停用，请向联席办重新申请' })

  if (method === 'POST') {
    const { lead, errors: own } = leadFromRequest(fields!)
    let input: LeadInput
    try {
      input = parse(leadSchema, lead)
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e
      const named: Record<string, string> = { ...own }
      for (const [k, v] of Object.entries(e.fields ?? {})) named[FIELD_NAMES[k] ?? k] ??= v
      return errors(400, named)
    }
    if (Object.keys(own).length) return errors(400, own)
    const { complaint: c, created } = await registerLead(ctx, input, dept)
    if (!created && !inScope(key, c)) return errors(409, { 'attribute[external_ref]': '这个工单编号已由其他单位登记，请与联席办核实' })
    const handler = depts.find((d) => d.id === c.handlerDeptId)?.name ?? ''
    const notice = created
      ? `已登记，由${handler}办理${c.acceptDueAt ? `，${formatInBeijing(c.acceptDueAt, 'M月D日 HH:mm')}前受理` : ''}`
      : '这个工单编号已登记过，以下是原来的案件'
    return answer(created ? 201 : 200, [{ service_request_id: c.caseNo, service_notice: notice, account_id: null }])
  }

  const ids = one
    ? [decodeURIComponent(one[1])]
    : (req.query.get('service_request_id') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
  if (!ids.length) return errors(400, { service_request_id: '请填写要查询的工单编号 service_request_id（本系统案件编号）' })
  if (ids.length > 50) return errors(400, { service_request_id: '一次最多查询50件' })
  const found = []
  for (const id of ids) {
    const c = isCaseNo(id) ? await deps.storage.getComplaintByCaseNo(id) : null
    // Outside the key's scope is the same as not there: never reveal that a case exists.
    if (c && inScope(key, c)) found.push(serviceRequest(c, await deps.storage.timeline(c.id), depts))
  }
  if (one && !found.length) return errors(404, { service_request_id: '没有找到这个工单' })
  return answer(200, found)
}
