// Validation: rows of a spreadsheet → the sites to create or update, or a report of every problem
// (row, column, message in Chinese). All or nothing: any problem and the plan is not made.
//
// A row with a 项目码 updates that site (or creates it under that code: codes already printed on
// helmets survive a move to a new environment); a row without one updates the site with the same
// name and area code, or creates a new site with a fresh random code. So re-importing the same file
// never creates duplicates.
import { areaName, isKnownArea } from '../../../shared/areas'
import { FUNDING_LABELS, INDUSTRY_LABELS } from '../../../shared/labels'
import { isWatchKind, type Funding, type Industry } from '../../../shared/types'
import { areaContains, checkSiteCode, checkUscc, formatSiteCode, isAreaCode, makeSiteCode } from '../../../shared/validators'
import { AppError } from '../errors'
import type { Dept, Site } from '../ports'
import type { SheetRow } from './read'
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, TEMPLATE_HEADER, type ColumnKey } from './template'

// prettier-ignore
const INDUSTRY_WORDS: Record<string, Industry> = {
  housing: 'housing', 房建市政: 'housing', 房建: 'housing', 市政: 'housing', 房屋建筑: 'housing', 房屋建筑和市政: 'housing', 房建和市政: 'housing',
  transport: 'transport', 交通: 'transport', 交通运输: 'transport',
  water: 'water', 水利: 'water',
  other: 'other', 其他: 'other', 其它: 'other',
}
// prettier-ignore
const FUNDING_WORDS: Record<string, Funding> = {
  government: 'government', 政府投资: 'government', 政府: 'government',
  state_owned: 'state_owned', 'state-owned': 'state_owned', 国有企业: 'state_owned', 国企: 'state_owned', 国有: 'state_owned',
  other: 'other', 其他: 'other', 其它: 'other', 社会投资: 'other',
}
const STATUS_WORDS: Record<string, boolean> = { 在建: false, 正常: false, active: false, 停用: true, retired: true }

export interface ReportItem {
  /** Row number as the spreadsheet shows it. */
  row: number
  /** Column header (the template's name). */
  column: string
  message: string
}

export interface ImportedSite {
  row: number
  code: string
  name: string
  action: 'created' | 'updated'
}

export interface ImportPlan {
  sites: Site[]
  items: ImportedSite[]
}

export interface ImportLookup {
  depts: Dept[]
  getSite(code: string): Promise<Site | null>
  /** Sites whose area code is exactly this code. */
  sitesInArea(areaCode: string): Promise<Site[]>
}

export interface PlanOptions {
  /** The importing coordinator's area; null = whole country (the command line without --coordinator). */
  scope: string | null
  now: Date
  /** Uniform random integer in [0, n): crypto randomness in production. */
  randomInt: (n: number) => number
}

const normHeader = (s: string) =>
  s
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase()
const normWord = (s: string) => s.replace(/\s/g, '').toLowerCase()
const normName = (s: string) => s.replace(/\s+/g, ' ').trim()
const clean = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim()

function headerOf(key: ColumnKey): string {
  return IMPORT_COLUMNS.find((c) => c.key === key)!.header
}

/** Finds the header row (the first of the first 10 rows with 项目名称) and maps columns to keys. */
function findHeader(rows: SheetRow[], report: ReportItem[]): { index: number; columns: Map<ColumnKey, number> } | null {
  const nameCol = IMPORT_COLUMNS.find((c) => c.key === 'name')!
  const names = new Set([nameCol.header, ...nameCol.aliases].map(normHeader))
  const index = rows.slice(0, 10).findIndex((r) => r.cells.some((c) => names.has(normHeader(c))))
  if (index < 0) {
    report.push({ row: rows[0]?.row ?? 1, column: '项目名称', message: '找不到表头（第一行应为：' + TEMPLATE_HEADER.join('、') + '）' })
    return null
  }
  const header = rows[index]
  const columns = new Map<ColumnKey, number>()
  header.cells.forEach((cell, i) => {
    const h = normHeader(cell)
    if (!h) return
    const col = IMPORT_COLUMNS.find((c) => [c.header, ...c.aliases].some((x) => normHeader(x) === h))
    if (!col) return // Extra columns (备注 …) are ignored.
    if (columns.has(col.key)) report.push({ row: header.row, column: col.header, message: `表头里有两列“${col.header}”` })
    else columns.set(col.key, i)
  })
  for (const c of IMPORT_COLUMNS) {
    if (c.required && !columns.has(c.key)) report.push({ row: header.row, column: c.header, message: `缺少“${c.header}”列` })
  }
  return { index, columns }
}

function lookupWord<T>(words: Record<string, T>, value: string): T | undefined {
  const w = normWord(value)
  return Object.prototype.hasOwnProperty.call(words, w) ? words[w] : undefined
}

/** Validates every row and decides, per row, which site it creates or updates. Writes nothing. */
export async function planImport(
  rows: SheetRow[],
  lookup: ImportLookup,
  o: PlanOptions,
): Promise<{ ok: true; plan: ImportPlan } | { ok: false; report: ReportItem[] }> {
  const report: ReportItem[] = []
  const header = findHeader(rows, report)
  if (!header || report.length) return { ok: false, report }
  const data = rows.slice(header.index + 1).filter((r) => r.cells.some((c) => clean(c) !== ''))
  if (data.length === 0) return { ok: false, report: [{ row: rows[header.index].row + 1, column: '项目名称', message: '表格里没有项目' }] }
  if (data.length > IMPORT_MAX_ROWS) {
    return {
      ok: false,
      report: [{ row: data[IMPORT_MAX_ROWS].row, column: '项目名称', message: `一次最多导入${IMPORT_MAX_ROWS}个项目，请分批导入` }],
    }
  }
  const scopeName = o.scope ? areaName(o.scope) : ''
  const areaCache = new Map<string, Promise<Site[]>>()
  const sitesInArea = (area: string) => {
    let p = areaCache.get(area)
    if (!p) areaCache.set(area, (p = lookup.sitesInArea(area)))
    return p
  }
  const byCode = new Map<string, number>()
  const byNameArea = new Map<string, number>()
  const planned: { row: number; site: Omit<Site, 'code'> & { code: string | null }; existing: Site | null }[] = []

  for (const r of data) {
    const errors: ReportItem[] = []
    const err = (key: ColumnKey, message: string) => errors.push({ row: r.row, column: headerOf(key), message })
    const get = (key: ColumnKey) => {
      const i = header.columns.get(key)
      return i === undefined ? '' : clean(r.cells[i])
    }
    const v: Record<ColumnKey, string> = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, get(c.key)])) as Record<ColumnKey, string>
    for (const c of IMPORT_COLUMNS) {
      if (c.required && !v[c.key]) err(c.key, `请填写${c.header}`)
      else if (c.max && v[c.key].length > c.max) err(c.key, `${c.header}太长了，最多${c.max}个字`)
    }
    const name = normName(v.name)

    // 地区代码
    const areaCode = v.areaCode.replace(/\s/g, '')
    let areaOk = false
    if (areaCode) {
      if (!isAreaCode(areaCode)) err('areaCode', '地区代码应为6位行政区划代码，如 130602')
      else if (!isKnownArea(areaCode)) err('areaCode', `没有这个地区代码：${areaCode}`)
      else if (o.scope && !areaContains(o.scope, areaCode)) err('areaCode', `${areaName(areaCode)}不在您的辖区（${scopeName}）内`)
      else areaOk = true
    }

    const industry = v.industry ? lookupWord(INDUSTRY_WORDS, v.industry) : undefined
    if (v.industry && !industry) err('industry', `行业应填写：${Object.values(INDUSTRY_LABELS).join('、')}`)
    const funding = v.funding ? lookupWord(FUNDING_WORDS, v.funding) : undefined
    if (v.funding && !funding) err('funding', `资金来源应填写：${Object.values(FUNDING_LABELS).join('、')}`)

    let uscc = ''
    if (v.contractorUscc) {
      const u = checkUscc(v.contractorUscc)
      if (u.ok) uscc = u.value
      else if (/e\+?\d+$/i.test(v.contractorUscc))
        err('contractorUscc', '统一社会信用代码被表格软件存成了数字，请把这一列设为“文本”格式后重新填写')
      else err('contractorUscc', u.reason)
    }

    // 主管部门: a department id or its exact name.
    let dept: Dept | undefined
    if (v.dept) {
      const byId = lookup.depts.find((d) => d.id === v.dept)
      const named = lookup.depts.filter((d) => normName(d.name) === normName(v.dept))
      const inScope = named.filter((d) => !o.scope || areaContains(o.scope, d.areaCode))
      dept = byId ?? (named.length === 1 ? named[0] : inScope.length === 1 ? inScope[0] : undefined)
      if (!dept) err('dept', named.length > 1 ? '有多个同名单位，请填写单位编号' : `没有这个单位：${v.dept}（请填写单位全称或单位编号）`)
      else if (dept.kind === 'desk') err('dept', '维权服务台不能作为主管部门')
      else if (isWatchKind(dept.kind)) err('dept', '政法委、信访局不能作为主管部门')
      else if (!dept.active) err('dept', `${dept.name}已停用`)
      else if (o.scope && !areaContains(o.scope, dept.areaCode)) err('dept', `${dept.name}不在您的辖区（${scopeName}）内`)
      else if (areaOk && !areaContains(dept.areaCode, areaCode)) err('dept', `${dept.name}不管辖项目所在地区（${areaName(areaCode)}）`)
    }

    let retired: boolean | undefined
    if (v.status) {
      retired = lookupWord(STATUS_WORDS, v.status)
      if (retired === undefined) err('status', '状态应填写：在建或停用（不填即为在建）')
    }

    // 项目码 and which existing site this row is.
    let code: string | null = null
    let existing: Site | null = null
    if (v.code) {
      const c = checkSiteCode(v.code)
      if (!c.ok) err('code', c.reason)
      else {
        code = c.value
        existing = await lookup.getSite(code)
        if (existing && o.scope && !areaContains(o.scope, existing.areaCode)) err('code', '该项目码属于辖区外的项目')
      }
    }
    if (areaOk && name) {
      const same = (await sitesInArea(areaCode)).filter((s) => normName(s.name) === name)
      if (!v.code) {
        if (same.length > 1) err('code', `已有${same.length}个同名项目，请填写项目码`)
        else existing = same[0] ?? null
      } else if (code && !errors.some((e) => e.column === headerOf('code'))) {
        const other = same.find((s) => s.code !== code)
        if (other) err('code', `该地区已有同名项目，项目码为 ${formatSiteCode(other.code)}；如果是同一个项目，请填写这个项目码`)
      }
    }

    // Duplicates within the file: the same site twice (by code), or the same name in the same area.
    const key = code ?? existing?.code ?? null
    const sameCode = key ? byCode.get(key) : undefined
    if (sameCode !== undefined) err('code', `与第${sameCode}行是同一个项目（项目码 ${formatSiteCode(key!)}）`)
    else if (key) byCode.set(key, r.row)
    if (areaOk && name) {
      const nameKey = `${areaCode}\u0000${name}`
      const sameName = byNameArea.get(nameKey)
      if (sameName === undefined) byNameArea.set(nameKey, r.row)
      else if (sameCode === undefined) err('name', `与第${sameName}行重复（项目名称和地区代码相同）`)
    }

    if (errors.length) {
      report.push(...errors)
      continue
    }
    const target = code ?? existing?.code ?? null
    planned.push({
      row: r.row,
      existing,
      site: {
        code: target,
        name,
        address: v.address,
        areaCode,
        industry: industry!,
        funding: funding!,
        contractorName: v.contractorName,
        contractorUscc: uscc,
        supervisingDeptId: dept!.id,
        issuerDeptId: dept!.id,
        retired: retired ?? existing?.retired ?? false,
        createdAt: existing?.createdAt ?? o.now.toISOString(),
      },
    })
  }
  if (report.length) return { ok: false, report }

  // Fresh codes for new sites: random, checked against the database and this file.
  const sites: Site[] = []
  const items: ImportedSite[] = []
  for (const p of planned) {
    let code = p.site.code
    for (let i = 0; !code && i < 20; i++) {
      const c = makeSiteCode(o.randomInt)
      if (!byCode.has(c) && !(await lookup.getSite(c))) code = c
    }
    if (!code) throw new AppError('INTERNAL', '生成项目码失败，请重试')
    byCode.set(code, p.row)
    sites.push({ ...p.site, code })
    items.push({ row: p.row, code, name: p.site.name, action: p.existing ? 'updated' : 'created' })
  }
  return { ok: true, plan: { sites, items } }
}

// ---------------------------------------------------------------------------------------------
// The report

/** VALIDATION with the per-row report: `fields` keyed `rows.<row>.<column>`, and `report` as a list. */
export class SiteImportError extends AppError {
  constructor(public readonly report: ReportItem[]) {
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
        ? `第${first.row}行有误，没有导入任何项目：${first.column}：${first.message}`
        : `有${rowCount}行需要修改，没有导入任何项目`,
      fields,
    )
  }
  override toApi() {
    return { ...super.toApi(), report: this.report }
  }
}

/** The report as lines for a terminal: "第3行 统一社会信用代码：…". */
export function formatReport(report: ReportItem[]): string[] {
  return report.map((r) => `第${r.row}行 ${r.column}：${r.message}`)
}

/** Uniform integers from a source of random bytes (rejection sampling, no modulo bias). */
export function randomIntFrom(random: (bytes: number) => Buffer): (n: number) => number {
  return (n) => {
    if (!(n >= 1 && n <= 256)) throw new RangeError('randomIntFrom: n must be in 1..256')
    const limit = 256 - (256 % n)
    for (;;) {
      for (const b of random(8)) if (b < limit) return b % n
    }
  }
}
