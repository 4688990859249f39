// Site import: a spreadsheet of projects (CSV or XLSX, first sheet) → validated sites, written all or
// nothing. Used by the admin action `site.import` and by `npm run sites:import`.
//   template  the columns, the downloadable template, the limits
//   read      bytes → rows (papaparse for CSV; fflate + fast-xml-parser for XLSX)
//   plan      rows → sites to create or update, or a per-row report in Chinese
//   write     the whole import through the storage port
export { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, TEMPLATE_EXAMPLES, TEMPLATE_HEADER, templateFile } from './template'
export type { ColumnKey, ImportColumn, TemplateFormat } from './template'
export { decodeText, parseCsv, readSheet, readXlsx, siteImportRequest, UnreadableFile } from './read'
export type { SheetRow } from './read'
export { formatReport, planImport, randomIntFrom, SiteImportError } from './plan'
export type { ImportedSite, ImportLookup, ImportPlan, PlanOptions, ReportItem } from './plan'
export { importSites } from './write'
export type { ImportOptions, ImportResult } from './write'
