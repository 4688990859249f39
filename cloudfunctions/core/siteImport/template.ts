// The site import template: its columns (header, aliases, limits), the file a coordinator downloads
// to fill in, and the limits on an uploaded file. scripts/templates/sites-template.csv holds the same
// header and example rows for the command line.
//
// One header row and one project per row:
//   项目码(可空) 项目名称 项目地址 地区代码 行业 资金来源 总承包单位 统一社会信用代码 主管部门 状态(可空)
import { unparse } from 'papaparse'
import { xlsx } from '../xlsx'

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024
export const IMPORT_MAX_ROWS = 5000

export type ColumnKey =
  'code' | 'name' | 'address' | 'areaCode' | 'industry' | 'funding' | 'contractorName' | 'contractorUscc' | 'dept' | 'status'

export interface ImportColumn {
  key: ColumnKey
  /** The header printed in the template. */
  header: string
  required: boolean
  /** Other headers accepted for this column (older sheets, other systems' exports). */
  aliases: string[]
  /** Longest value, in characters. */
  max?: number
}

/** Columns in template order. */
export const IMPORT_COLUMNS: ReadonlyArray<ImportColumn> = [
  { key: 'code', header: '项目码', required: false, aliases: ['项目编码', 'code'] },
  { key: 'name', header: '项目名称', required: true, aliases: ['工程名称', 'name'], max: 100 },
  { key: 'address', header: '项目地址', required: true, aliases: ['工程地址', '地址', 'address'], max: 200 },
  { key: 'areaCode', header: '地区代码', required: true, aliases: ['行政区划代码', '区划代码', 'areacode'] },
  { key: 'industry', header: '行业', required: true, aliases: ['行业类别', 'industry'] },
  { key: 'funding', header: '资金来源', required: true, aliases: ['投资类型', 'funding'] },
  { key: 'contractorName', header: '总承包单位', required: true, aliases: ['施工总承包单位', '总包单位', 'contractor'], max: 100 },
  { key: 'contractorUscc', header: '统一社会信用代码', required: true, aliases: ['总承包单位统一社会信用代码', '信用代码', 'uscc'] },
  { key: 'dept', header: '主管部门', required: true, aliases: ['行业主管部门', '监管部门', 'supervisingdept'] },
  { key: 'status', header: '状态', required: false, aliases: ['status'] },
]

/** The header row of the template, as printed: optional columns say so. */
export const TEMPLATE_HEADER = IMPORT_COLUMNS.map((c) => (c.required ? c.header : `${c.header}(可空)`))

/** Example rows under the header (the demo data's departments, by id and by name). */
// prettier-ignore
export const TEMPLATE_EXAMPLES: ReadonlyArray<ReadonlyArray<string>> = [
  ['', '竞秀区职教园区实训楼工程', '竞秀区乐凯北大街与复兴西路交叉口', '130602', '房建市政', '政府投资', '保定示例建筑工程有限公司', '91130602MA0A1B2C3P', 'd-jx-housing', '在建'],
  ['', '莲池区乐凯南大街道路提升工程', '莲池区乐凯南大街（东风路至南二环段）', '130606', '交通', '国有企业', '保定示例路桥工程有限公司', '91130606MA0D4E5F6K', '保定市交通运输局', ''],
]

export type TemplateFormat = 'csv' | 'xlsx'

/** The template as a file to download: CSV in UTF-8 with a BOM (so Excel and WPS open it), or XLSX. */
export function templateFile(format: TemplateFormat): { filename: string; mime: string; bytes: Buffer } {
  const rows = [TEMPLATE_HEADER, ...TEMPLATE_EXAMPLES.map((r) => [...r])]
  if (format === 'xlsx') {
    return {
      filename: '项目导入模板.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: xlsx('项目清单', rows),
    }
  }
  return {
    filename: '项目导入模板.csv',
    mime: 'text/csv',
    bytes: Buffer.from('\ufeff' + unparse(rows, { newline: '\r\n' }) + '\r\n', 'utf8'),
  }
}
