// Leads in bulk from a spreadsheet (issue 14, part 5): the export of the national 根治欠薪线索反映平台 (or a
// sheet kept in its layout), CSV or XLSX, read with the site import's reader (siteImport/read.ts).
//
// One header row (found among the first 10 rows by its 线索编号 column) and one lead per row. The columns,
// in the template's order (headers other systems use are accepted too, see `aliases`):
//
//   线索编号*        the platform's reference; the same channel and number is one case (import again safely)
//   线索来源         国家平台 (default), 12345, 12333, 信访, 来访, 媒体
//   反映时间         when the source received it (kept on the case's description)
//   办理期限         the source's reply-back deadline: a date (end of that day, Beijing) or date and time
//   反映人*          the complainant's name
//   联系电话*        their mobile
//   项目名称*        project or workplace
//   项目地址
//   所在地区*        six-digit code of the county (130602) or its full name (河北省保定市竞秀区)
//   行业*            房建市政, 交通, 水利, 其他 (and common variants: 房屋建筑, 市政, 交通运输 …)
//   欠薪单位         employer or boss
//   涉及人数*        whole number
//   欠薪金额（元）*  yuan, up to two decimals (12500, 12,500.50, 1.25万)
//   欠薪起始月份*    2026-08, 2026/8, 2026年8月 (or an Excel date)
//   问题描述         what the worker said (no ID numbers, please)
//
// All or nothing for the checks: every row is checked first (the contract's own rules, the month not in
// the future, numbers unique in the file, a number not registered by a unit outside the importer's
// business); any problem and nothing is registered, with a report of every bad row and column. Then each
// row is registered as a lead (leads.ts); a number registered before is that case, so an import that was
// interrupted is finished by running it again, and nothing is ever registered twice.
import { unparse } from 'papaparse'
import { AREA_TREE, areaName, isComplaintArea, type AreaNode } from '../../shared/areas'
import { leadSchema, type LeadImportResult, type LeadImportRow, type LeadInput } from '../../shared/contract/leads'
import { CHANNEL_LABELS } from '../../shared/labels'
import { monthsSince } from '../../shared/time'
import type { Industry, LeadChannel } from '../../shared/types'
import { staffRelations } from './access'
import type { Ctx } from './context'
import { AppError, validation } from './errors'
import { leadFiler } from './leadIntake'
import { registerLead } from './leads'
import type { Dept } from './ports'
import { readSheet, UnreadableFile, type SheetRow } from './siteImport/read'
import { IMPORT_MAX_BYTES } from './siteImport/template'
import { parse } from './validate'
import { xlsx } from './xlsx'

/** Rows per file: each becomes a case in this one call (a function's time is limited); larger exports go in parts. */
export const LEAD_IMPORT_MAX_ROWS = 200

type ColumnKey =
  | 'externalRef'
  | 'channel'
  | 'receivedAt'
  | 'replyDue'
  | 'name'
  | 'phone'
  | 'projectName'
  | 'projectAddress'
  | 'area'
  | 'industry'
  | 'employer'
  | 'workers'
  | 'amount'
  | 'owedSince'
  | 'description'

interface Column {
  key: ColumnKey
  header: string
  required: boolean
  aliases: string[]
}

/** The columns in template order. */
// prettier-ignore
export const LEAD_COLUMNS: ReadonlyArray<Column> = [
  { key: 'externalRef', header: '线索编号', required: true, aliases: ['线索号', '编号', '工单编号', '工单号', '信访件编号'] },
  { key: 'channel', header: '线索来源', required: false, aliases: ['来源', '来源渠道', '渠道'] },
  { key: 'receivedAt', header: '反映时间', required: false, aliases: ['登记时间', '提交时间', '来电时间'] },
  { key: 'replyDue', header: '办理期限', required: false, aliases: ['回复期限', '反馈期限', '办结期限'] },
  { key: 'name', header: '反映人', required: true, aliases: ['反映人姓名', '投诉人', '投诉人姓名', '姓名'] },
  { key: 'phone', header: '联系电话', required: true, aliases: ['反映人电话', '手机号', '联系方式', '手机号码'] },
  { key: 'projectName', header: '项目名称', required: true, aliases: ['工程名称', '项目（单位）名称', '用工单位名称'] },
  { key: 'projectAddress', header: '项目地址', required: false, aliases: ['工程地址', '地址'] },
  { key: 'area', header: '所在地区', required: true, aliases: ['地区代码', '行政区划代码', '项目所在地', '所属地区'] },
  { key: 'industry', header: '行业', required: true, aliases: ['行业类别', '所属行业'] },
  { key: 'employer', header: '欠薪单位', required: false, aliases: ['被反映单位', '被投诉单位', '欠薪主体', '用人单位'] },
  { key: 'workers', header: '涉及人数', required: true, aliases: ['人数', '欠薪人数'] },
  { key: 'amount', header: '欠薪金额（元）', required: true, aliases: ['欠薪金额', '涉及金额', '金额（元）', '金额'] },
  { key: 'owedSince', header: '欠薪起始月份', required: true, aliases: ['欠薪开始月份', '欠薪起始时间', '欠薪时间'] },
  { key: 'description', header: '问题描述', required: false, aliases: ['反映内容', '诉求内容', '情况说明'] },
]

const headerOf = (k: ColumnKey) => LEAD_COLUMNS.find((c) => c.key === k)!.header

/** Example rows (the demo city's areas). */
// prettier-ignore
export const LEAD_TEMPLATE_EXAMPLES: ReadonlyArray<ReadonlyArray<string>> = [
  ['XS2026130600000123', '国家平台', '2026-11-17 10:20', '2026-11-27', '王建国', '13911112222', '竞秀区某小区三期', '竞秀区朝阳北大街88号', '130602', '房建市政', '保定某劳务公司', '6', '48000', '2026-08', '六名工人三个月工资未发'],
  ['XS2026130600000124', '国家平台', '2026-11-17 15:05', '', '李秀英', '13822223333', '莲池区某道路工程', '', '河北省保定市莲池区', '交通', '', '2', '15000.50', '2026年9月', '两人工资拖欠'],
]

export const LEAD_TEMPLATE_HEADER = LEAD_COLUMNS.map((c) => (c.required ? c.header : `${c.header}(可空)`))

/** The template to download: CSV in UTF-8 with a BOM (Excel and WPS open it right), or XLSX. */
export function leadTemplateFile(format: 'csv' | 'xlsx'): { filename: string; mime: string; bytes: Buffer } {
  const rows = [LEAD_TEMPLATE_HEADER, ...LEAD_TEMPLATE_EXAMPLES.map((r) => [...r])]
  if (format === 'xlsx') {
    return {
      filename: '线索导入模板.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: xlsx('线索清单', rows),
    }
  }
  return {
    filename: '线索导入模板.csv',
    mime: 'text/csv',
    bytes: Buffer.from('\ufeff' + unparse(rows, { newline: '\r\n' }) + '\r\n', 'utf8'),
  }
}

const norm = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase()
const clean = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim()
const word = (s: string) => s.replace(/\s/g, '').toLowerCase()

// prettier-ignore
const CHANNEL_WORDS: Record<string, LeadChannel> = {
  国家平台: 'national_platform', 国家根治欠薪线索反映平台: 'national_platform', 根治欠薪线索反映平台: 'national_platform', 全国根治欠薪线索反映平台: 'national_platform', 国家欠薪线索平台: 'national_platform', national_platform: 'national_platform',
  '12345': 'hotline_12345', '12345热线': 'hotline_12345', 市长热线: 'hotline_12345', hotline_12345: 'hotline_12345',
  '12333': 'hotline_12333', '12333热线': 'hotline_12333', hotline_12333: 'hotline_12333',
  信访: 'petition', 阳光信访: 'petition', 阳光信访平台: 'petition', 网上信访: 'petition', petition: 'petition',
  来访: 'visit', 现场接访: 'visit', 走访: 'visit', visit: 'visit',
  媒体: 'media', 舆情: 'media', 网络舆情: 'media', media: 'media',
}
// prettier-ignore
const INDUSTRY_WORDS: Record<string, Industry> = {
  房建市政: 'housing', 房建: 'housing', 市政: 'housing', 房屋建筑: 'housing', 房屋建筑和市政: 'housing', 房屋建筑和市政基础设施: 'housing', 建筑: 'housing', 工程建设: 'housing', housing: 'housing',
  交通: 'transport', 交通运输: 'transport', 公路: 'transport', 铁路: 'transport', transport: 'transport',
  水利: 'water', 水利工程: 'water', water: 'water',
  其他: 'other', 其它: 'other', 制造业: 'other', 服务业: 'other', other: 'other',
}

let areaNames: Map<string, string> | null = null
/** A county (or city without counties) by its full name, as areaName() spells it: 河北省保定市竞秀区 → 130602. */
function areaByName(name: string): string | null {
  if (!areaNames) {
    areaNames = new Map()
    const walk = (nodes: AreaNode[]) => {
      for (const [code, , kids] of nodes) {
        if (/^\d{6}$/.test(code) && isComplaintArea(code)) areaNames!.set(areaName(code), code)
        if (kids) walk(kids)
      }
    }
    walk(AREA_TREE)
  }
  return areaNames.get(name.replace(/\s/g, '')) ?? null
}

/** A spreadsheet date: text as typed, or Excel's day number (days since 1899-12-30). */
function cellDate(s: string): string {
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const ms = Math.round((Number(s) - 25569) * 86_400_000)
    // Excel's day numbers are wall-clock times: read them as Beijing's.
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
  }
  return s
}

/** 2026-08, 2026/8, 2026.8, 2026年8月, an Excel date → 2026-08; '' when it is none of these. */
function monthOf(raw: string): string {
  const s = cellDate(raw)
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?(?:[-/.]\d{1,2}日?)?(?:\s.*)?$/.exec(s)
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return ''
  return `${m[1]}-${m[2].padStart(2, '0')}`
}

/** Yuan to integer fen exactly: 12500, 12,500.50, 12500元, 1.25万; null when it is not an amount. */
function fenOf(raw: string): number | null {
  let s = raw.replace(/[,，\s元]/g, '')
  let scale = 1
  if (s.endsWith('万')) {
    scale = 10000
    s = s.slice(0, -1)
  }
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(s)
  if (!m) return null
  // Exact: whole yuan and up to two decimals (after the 万 scale) in integer arithmetic.
  const decimals = (m[2] ?? '').padEnd(6, '0')
  const micro = BigInt(m[1]) * 1_000_000n + BigInt(decimals)
  const fenMicro = micro * BigInt(scale) * 100n
  if (fenMicro % 1_000_000n !== 0n) return null
  const fen = fenMicro / 1_000_000n
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null
}

export interface LeadReportItem {
  row: number
  column: string
  message: string
}

/** VALIDATION with the per-row report: `fields` keyed `rows.<row>.<column>`, and `report` as a list. */
export class LeadImportError extends AppError {
  constructor(public readonly report: LeadReportItem[]) {
    const fields: Record<string, string> = {}
    for (const r of report) {
      const k = `rows.${r.row}.${r.column}`
      fields[k] = fields[k] ? `${fields[k]}；${r.message}` : r.message
    }
    const rowCount = new Set(report.map((r) => r.row)).size
    const first = report[0]
    super(
      'VALIDATION',
      rowCount === 1
        ? `第${first.row}行有误，没有导入任何线索：${first.column}：${first.message}`
        : `有${rowCount}行需要修改，没有导入任何线索`,
      fields,
    )
  }
  override toApi() {
    return { ...super.toApi(), report: this.report }
  }
}

/** Where each field of a lead comes from in the sheet, to name it in the report. */
const FIELD_COLUMN: Record<string, ColumnKey> = {
  channel: 'channel',
  externalRef: 'externalRef',
  replyDueAt: 'replyDue',
  'project.name': 'projectName',
  'project.address': 'projectAddress',
  'project.areaCode': 'area',
  'project.industry': 'industry',
  employerName: 'employer',
  'complainant.name': 'name',
  'complainant.phone': 'phone',
  workerCount: 'workers',
  amountOwedFen: 'amount',
  owedSince: 'owedSince',
  description: 'description',
}

export interface PlannedLead {
  row: number
  lead: LeadInput
}

/** Check every row; the leads to register, or every problem. Writes nothing. */
export function planLeads(
  rows: SheetRow[],
  o: { channel: LeadChannel; now: Date },
): { ok: true; leads: PlannedLead[] } | { ok: false; report: LeadReportItem[] } {
  const report: LeadReportItem[] = []
  const refNames = new Set([headerOf('externalRef'), ...LEAD_COLUMNS[0].aliases].map(norm))
  const at = rows.slice(0, 10).findIndex((r) => r.cells.some((c) => refNames.has(norm(c))))
  if (at < 0)
    return {
      ok: false,
      report: [
        {
          row: rows[0]?.row ?? 1,
          column: headerOf('externalRef'),
          message: '找不到表头（第一行应为：' + LEAD_TEMPLATE_HEADER.join('、') + '）',
        },
      ],
    }
  const header = rows[at]
  const columns = new Map<ColumnKey, number>()
  header.cells.forEach((cell, i) => {
    const h = norm(cell)
    if (!h) return
    const col = LEAD_COLUMNS.find((c) => [c.header, ...c.aliases].some((x) => norm(x) === h))
    if (!col) return // other columns (承办单位, 备注 …) are ignored
    if (columns.has(col.key)) report.push({ row: header.row, column: col.header, message: `表头里有两列“${col.header}”` })
    else columns.set(col.key, i)
  })
  for (const c of LEAD_COLUMNS)
    if (c.required && !columns.has(c.key)) report.push({ row: header.row, column: c.header, message: `缺少“${c.header}”列` })
  if (report.length) return { ok: false, report }

  const data = rows.slice(at + 1).filter((r) => r.cells.some((c) => clean(c) !== ''))
  if (!data.length) return { ok: false, report: [{ row: header.row + 1, column: headerOf('externalRef'), message: '表格里没有线索' }] }
  if (data.length > LEAD_IMPORT_MAX_ROWS) {
    return {
      ok: false,
      report: [
        {
          row: data[LEAD_IMPORT_MAX_ROWS].row,
          column: headerOf('externalRef'),
          message: `一次最多导入${LEAD_IMPORT_MAX_ROWS}条线索，请分批导入（重复导入不会重复登记）`,
        },
      ],
    }
  }

  const leads: PlannedLead[] = []
  const seen = new Map<string, number>()
  for (const r of data) {
    const get = (k: ColumnKey) => (columns.has(k) ? clean(r.cells[columns.get(k)!]) : '')
    const bad = (k: ColumnKey, message: string) => report.push({ row: r.row, column: headerOf(k), message })
    const before = report.length
    let channel = o.channel
    if (get('channel')) {
      const w = word(get('channel'))
      if (Object.prototype.hasOwnProperty.call(CHANNEL_WORDS, w)) channel = CHANNEL_WORDS[w]
      else bad('channel', '线索来源应为 国家平台、12345、12333、信访、来访 或 媒体')
    }
    const industryWord = word(get('industry'))
    const industry = Object.prototype.hasOwnProperty.call(INDUSTRY_WORDS, industryWord) ? INDUSTRY_WORDS[industryWord] : null
    if (get('industry') && !industry) bad('industry', '行业应为 房建市政、交通、水利 或 其他')
    const areaText = get('area')
    const areaCode = /^\d{6}$/.test(areaText) ? areaText : areaText ? (areaByName(areaText) ?? areaText) : ''
    const workers = get('workers')
    if (workers && !/^\d{1,6}$/.test(workers)) bad('workers', '涉及人数应为整数')
    const amount = get('amount')
    const fen = amount ? fenOf(amount) : null
    if (amount && fen === null) bad('amount', '欠薪金额应为元，最多两位小数，如 12500 或 12500.50')
    const owed = get('owedSince')
    const month = owed ? monthOf(owed) : ''
    if (owed && !month) bad('owedSince', '欠薪起始月份应为 年-月，如 2026-08')
    else if (month && monthsSince(month, o.now) < 0) bad('owedSince', '欠薪起始月份不能晚于本月')
    const received = get('receivedAt') ? cellDate(get('receivedAt')) : ''
    const due = get('replyDue') ? cellDate(get('replyDue')).replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/, '$1T$2:00+08:00') : ''
    const description = [received ? `（${CHANNEL_LABELS[channel]}${received}收到）` : '', get('description')].filter(Boolean).join('')
    const candidate = {
      channel,
      externalRef: get('externalRef'),
      ...(due ? { replyDueAt: due } : {}),
      project: {
        name: get('projectName'),
        areaCode,
        industry: industry ?? 'other',
        ...(get('projectAddress') ? { address: get('projectAddress') } : {}),
      },
      ...(get('employer') ? { employerName: get('employer') } : {}),
      complainant: { name: get('name'), phone: get('phone') },
      workerCount: workers ? Number(workers) : undefined,
      amountOwedFen: fen ?? (amount ? 0 : undefined),
      owedSince: month || owed,
      ...(description ? { description } : {}),
    }
    let lead: LeadInput | null = null
    try {
      lead = parse(leadSchema, candidate)
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e
      for (const [field, message] of Object.entries(e.fields ?? {})) {
        const k = FIELD_COLUMN[field] ?? (field.startsWith('project') ? 'projectName' : null)
        const column = k ? headerOf(k) : field
        // One message per cell: the sheet's own check above names it already.
        if (!report.slice(before).some((x) => x.column === column))
          report.push({
            row: r.row,
            column,
            message: field === 'project.areaCode' ? '所在地区应为区县的6位代码（如 130602）或全称（如 河北省保定市竞秀区）' : message,
          })
      }
    }
    if (lead) {
      const key = `${lead.channel}|${lead.externalRef}`
      const first = seen.get(key)
      if (first !== undefined) bad('externalRef', `与第${first}行的线索编号重复`)
      else seen.set(key, r.row)
    }
    if (lead && report.length === before) leads.push({ row: r.row, lead })
  }
  return report.length ? { ok: false, report } : { ok: true, leads }
}

/**
 * Check the whole sheet, then register each lead with `dept` as its first responder. A number registered
 * before by a unit outside the importer's business is a problem of that row (the import stops before
 * writing); one registered before within it is that case.
 */
export async function importLeads(
  ctx: Ctx,
  dept: Dept,
  o: { filename: string; bytes: Buffer; channel?: LeadChannel; dryRun?: boolean },
): Promise<LeadImportResult> {
  if (o.bytes.length > IMPORT_MAX_BYTES) throw validation({ base64: `文件太大了，最多${IMPORT_MAX_BYTES / 1024 / 1024}MB` })
  let rows: SheetRow[]
  try {
    rows = readSheet(o.filename, o.bytes)
  } catch (e) {
    if (e instanceof UnreadableFile) throw validation({ [e.field]: e.message })
    throw e
  }
  const plan = planLeads(rows, { channel: o.channel ?? 'national_platform', now: ctx.now })
  if (!plan.ok) throw new LeadImportError(plan.report)
  const before = await Promise.all(plan.leads.map((p) => ctx.storage.findByRequest(leadFiler(p.lead.channel), p.lead.externalRef)))
  const foreign: LeadReportItem[] = []
  for (const [i, c] of before.entries()) {
    if (c && (await staffRelations(ctx, c)).length === 0) {
      foreign.push({ row: plan.leads[i].row, column: headerOf('externalRef'), message: '这个线索编号已由其他单位登记，请向联席办核实' })
    }
  }
  if (foreign.length) throw new LeadImportError(foreign)
  if (o.dryRun) {
    const leads = plan.leads.map((p, i) => ({
      row: p.row,
      externalRef: p.lead.externalRef,
      caseNo: before[i]?.caseNo ?? null,
      action: before[i] ? ('existing' as const) : ('checked' as const),
    }))
    return { rows: leads.length, created: 0, existing: leads.filter((l) => l.action === 'existing').length, leads, dryRun: true }
  }
  const leads: LeadImportRow[] = []
  for (const p of plan.leads) {
    const { complaint, created } = await registerLead(ctx, p.lead, dept)
    leads.push({ row: p.row, externalRef: p.lead.externalRef, caseNo: complaint.caseNo, action: created ? 'created' : 'existing' })
  }
  const created = leads.filter((l) => l.action === 'created').length
  return { rows: leads.length, created, existing: leads.length - created, leads }
}
