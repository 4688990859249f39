// The ledger export in pages (issue 15, point 6), driven through the function entry with a spy on the
// storage port: no call reads more than LEDGER_PAGE_ROWS cases, every case is read once, and the parts
// joined are the whole file (CSV, and XLSX read back by Python's zipfile, which checks the CRC).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { handle } from '../../cloudfunctions/core/functions'
import type { Deps } from '../../cloudfunctions/core/context'
import { LEDGER_PAGE_ROWS } from '../../cloudfunctions/core/ledgerExport'
import { LocalNotifier } from '../../cloudfunctions/core/notify'
import type { Storage } from '../../cloudfunctions/core/ports'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { fillLedger } from '../helpers/bigLedger'

const N = 2 * LEDGER_PAGE_ROWS + 345
let dir: string
let storage: SqliteStorage
let now = Date.parse('2026-11-18T01:00:00Z')
/** Cases the storage handed out during the current call. */
let readThisCall = 0

/** The storage port with a count of the ledger rows it returns. */
function counted(s: Storage): Storage {
  return new Proxy(s, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver)
      if (typeof v !== 'function') return v
      if (prop === 'ledgerPage' || prop === 'ledger') {
        return async (...args: unknown[]) => {
          const rows = await v.apply(target, args)
          readThisCall += rows.length
          return rows
        }
      }
      return v.bind(target)
    },
  })
}

let deps: Deps
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-ledger-'))
  storage = new SqliteStorage(path.join(dir, 'db.sqlite'))
  await seedDemo(storage, new Date(now))
  await fillLedger(storage, N, {}, (write) => storage.db.transaction(write)())
  deps = { storage: counted(storage), clock: { now: () => new Date(now) }, random: (n) => randomBytes(n), notifier: new LocalNotifier() }
})
afterAll(() => {
  storage.close()
  rmSync(dir, { recursive: true, force: true })
})

const reads: number[] = []
async function call(openid: string, action: string, data: unknown): Promise<any> {
  readThisCall = 0
  const r = await handle('staff', { action, data }, openid, deps)
  reads.push(readThisCall)
  return r
}

/** Export as `openid` to the end: every reply of the steps, and the file the parts make. */
async function exportAll(openid: string, format: 'csv' | 'xlsx') {
  const steps = [await call(openid, 'ledger.export', { format })]
  while (steps[steps.length - 1].ok && !steps[steps.length - 1].data.done) {
    steps.push(await call(openid, 'ledger.continue', { jobId: steps[0].data.jobId }))
  }
  const last = steps[steps.length - 1].data
  const parts: Buffer[] = []
  for (let part = 0; part < last.parts; part++) {
    const r = await call(openid, 'ledger.download', { jobId: last.jobId, part })
    expect(r).toMatchObject({ ok: true, data: { part, parts: last.parts } })
    parts.push(Buffer.from(r.data.base64, 'base64'))
  }
  return { steps: steps.map((s) => s.data), file: Buffer.concat(parts), last }
}

test('a CSV export of a ledger larger than a page: at most one page of cases read per call, each case once, the whole ledger in the file', async () => {
  reads.length = 0
  const { steps, file, last } = await exportAll(personaOpenid('coordinator'), 'csv')
  expect(steps[0]).toEqual({ done: false, jobId: expect.any(String), rows: LEDGER_PAGE_ROWS })
  expect(steps.map((s) => s.rows)).toEqual([LEDGER_PAGE_ROWS, 2 * LEDGER_PAGE_ROWS, N])
  expect(last).toMatchObject({ done: true, rows: N, filename: expect.stringMatching(/^台账-.+\.csv$/), mime: 'text/csv', parts: 3 })
  expect(Math.max(...reads)).toBeLessThanOrEqual(LEDGER_PAGE_ROWS)
  expect(reads.reduce((a, b) => a + b, 0)).toBe(N)
  const text = file.toString('utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const lines = text.slice(1).split('\r\n')
  expect(lines.pop()).toBe('')
  expect(lines).toHaveLength(N + 1)
  expect(lines[0].startsWith('案件编号,登记时间,渠道')).toBe(true)
  const caseNos = lines.slice(1).map((l) => l.split(',')[0])
  expect(new Set(caseNos).size).toBe(N)
  expect(caseNos[0]).toBe('130602-2026-00001')
  // Formulas are defused on every page, not only the first.
  expect(lines.filter((l) => l.includes(",'=某劳务公司,"))).toHaveLength(Math.ceil(N / 7))
})

test('an XLSX export in pages is one valid workbook with every case, read back by an independent reader', async () => {
  reads.length = 0
  const { file, last } = await exportAll(personaOpenid('coordinator'), 'xlsx')
  expect(last).toMatchObject({ done: true, rows: N, parts: 5 }) // ZIP head, three pieces of the sheet, ZIP tail
  expect(Math.max(...reads)).toBeLessThanOrEqual(LEDGER_PAGE_ROWS)
  const py = `
import sys, zipfile, io, json
import xml.etree.ElementTree as ET
ns = {'s': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert z.testzip() is None
rows = []
for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).findall('s:sheetData/s:row', ns):
    cells = []
    for c in row.findall('s:c', ns):
        v = c.find('s:v', ns)
        cells.append(v.text if v is not None else ''.join(t.text or '' for t in c.iter('{%s}t' % ns['s'])))
    rows.append([row.get('r')] + cells[:5])
print(json.dumps({"names": z.namelist(), "rows": rows}, ensure_ascii=False))
`
  const out = JSON.parse(execFileSync('python3', ['-c', py], { input: file, maxBuffer: 64 * 1024 * 1024 }).toString())
  expect(out.names).toEqual([
    '[Content_Types].xml',
    '_rels/.rels',
    'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels',
    'xl/worksheets/sheet1.xml',
  ])
  expect(out.rows).toHaveLength(N + 1)
  expect(out.rows.map((r: string[]) => r[0])).toEqual(Array.from({ length: N + 1 }, (_, i) => String(i + 1)))
  expect(out.rows[0].slice(1, 3)).toEqual(['案件编号', '登记时间'])
  expect(new Set(out.rows.slice(1).map((r: string[]) => r[1])).size).toBe(N)
  expect(out.rows[N][4]).toBe(`第${N - 1}号工地`)
  expect(out.rows[1][5]).toBe("'=某劳务公司")
})

test('a small ledger comes at once; a job is only its starter’s, only while it lasts', async () => {
  // The housing bureau of 莲池区 has none of these cases: its ledger is answered at once.
  const small = await call(personaOpenid('inspector-b'), 'ledger.export', { format: 'csv' })
  expect(small).toMatchObject({ ok: true, data: { done: true, jobId: null, rows: 0, mime: 'text/csv', base64: expect.any(String) } })

  const start = await call(personaOpenid('coordinator'), 'ledger.export', { format: 'xlsx' })
  const jobId = start.data.jobId
  for (const who of ['inspector', 'inspector-b']) {
    expect(await call(personaOpenid(who), 'ledger.continue', { jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }
  expect(await call(personaOpenid('worker-a'), 'ledger.continue', { jobId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await call(personaOpenid('coordinator'), 'ledger.download', { jobId, part: 0 })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT', message: '文件还在生成，请稍候' },
  })
  expect(await call(personaOpenid('coordinator'), 'ledger.continue', { jobId: 'no such job!' })).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION', fields: { jobId: '导出编号不对，请重新导出' } },
  })
  const before = now
  try {
    now += 61 * 60_000
    expect(await call(personaOpenid('coordinator'), 'ledger.continue', { jobId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '这次导出已过期，请重新导出' },
    })
    // The next export purges it with its chunks.
    await call(personaOpenid('coordinator'), 'ledger.export', { format: 'csv' })
    expect(await storage.getExport(jobId)).toBeNull()
    expect(await storage.exportChunk(jobId, 0)).toBeNull()
  } finally {
    now = before
  }
})
