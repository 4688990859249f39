// The whole import, for the admin action `site.import` and `npm run sites:import`: read the file, plan,
// and apply the plan through the storage port in one call (all rows, or nothing written).
import { validation } from '../errors'
import type { Storage } from '../ports'
import { planImport, SiteImportError, type ImportedSite, type ImportLookup, type PlanOptions } from './plan'
import { readSheet, UnreadableFile, type SheetRow } from './read'
import { IMPORT_MAX_BYTES } from './template'

export interface ImportResult {
  /** Data rows imported. */
  rows: number
  created: number
  updated: number
  sites: ImportedSite[]
  dryRun?: boolean
}

export interface ImportOptions extends PlanOptions {
  filename: string
  bytes: Buffer
  /** Validate and report, write nothing. */
  dryRun?: boolean
}

export async function importSites(
  storage: Pick<Storage, 'listDepts' | 'getSite' | 'listSites' | 'putSites'>,
  o: ImportOptions,
): Promise<ImportResult> {
  if (o.bytes.length > IMPORT_MAX_BYTES) throw validation({ base64: `文件太大了，最多${IMPORT_MAX_BYTES / 1024 / 1024}MB` })
  let rows: SheetRow[]
  try {
    rows = readSheet(o.filename, o.bytes)
  } catch (e) {
    if (e instanceof UnreadableFile) throw validation({ [e.field]: e.message })
    throw e
  }
  const lookup: ImportLookup = {
    depts: await storage.listDepts(),
    getSite: (code) => storage.getSite(code),
    sitesInArea: async (area) => (await storage.listSites(area, 100_000)).filter((s) => s.areaCode === area),
  }
  const r = await planImport(rows, lookup, o)
  if (!r.ok) throw new SiteImportError(r.report)
  const { sites, items } = r.plan
  if (o.dryRun) {
    const created = items.filter((i) => i.action === 'created').length
    return { rows: items.length, created, updated: items.length - created, sites: items, dryRun: true }
  }
  const { created, updated } = await storage.putSites(sites)
  return { rows: items.length, created, updated, sites: items }
}
