// A long export no longer blocks everyone (issue 15, point 6). The local server runs calls one at a time;
// a 50,000-case ledger is now built one page per call, so a worker's submit sent while it is being built
// is answered between two pages, long before the export is done. Nothing here measures time: the order
// in which the replies come back shows it, and each step's reply shows how many cases it read.
import { execFileSync } from 'node:child_process'
import { LEDGER_MAX_ROWS, LEDGER_PAGE_ROWS } from '../../cloudfunctions/core/ledgerExport'
import { fillLedger } from '../helpers/bigLedger'
import { startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const BIG = 50_000

beforeAll(async () => {
  srv = await startTestServer()
  // Filled before any request: the writes hold the event loop, and no connection sits idle meanwhile.
  const db = srv.db()
  await fillLedger(srv.storage, BIG, {}, (write) => db.transaction(write)())
  // A few more than the cap (in 莲池区, after 竞秀区 in the area's order): the export stops at the cap.
  await fillLedger(
    srv.storage,
    5,
    { areaCode: '130606', handlerDeptId: 'd-lc-labour', firstResponderDeptId: 'd-lc-labour', prefix: 'lc' },
    (write) => db.transaction(write)(),
  )
  for (const p of ['worker-a', 'worker-b', 'coordinator']) t[p] = await srv.login({ persona: p })
}, 600_000)
afterAll(() => srv.close())

test('while a 50,000-case export is built, workers’ submits are answered between its pages', async () => {
  const log: string[] = []
  const steps: { rows: number; done: boolean }[] = []
  const exporting = (async () => {
    const first = await srv.call(t.coordinator, 'staff', 'ledger.export', { format: 'xlsx' })
    expect(first.data).toMatchObject({ done: false, jobId: expect.any(String) })
    steps.push(first.data)
    log.push('page')
    let step = first.data
    while (!step.done) {
      const r = await srv.call(t.coordinator, 'staff', 'ledger.continue', { jobId: first.data.jobId })
      expect(r.ok).toBe(true)
      step = r.data
      steps.push(step)
      log.push(step.done ? 'done' : 'page')
    }
    return step
  })()
  // Two workers file one after the other while the export runs.
  const submitting = (async () => {
    for (let i = 0; i < 3; i++) {
      for (const w of ['worker-a', 'worker-b']) {
        const r = await srv.call(t[w], 'worker', 'complaint.submit', submission(srv.sites[0].code))
        expect(r.ok).toBe(true)
        log.push('submit')
      }
    }
  })()
  const [last] = await Promise.all([exporting, submitting])

  // Every submit came back before the export was done, with pages of it before and after.
  const done = log.indexOf('done')
  expect(done).toBe(log.length - 1)
  expect(log.filter((x) => x === 'submit')).toHaveLength(6)
  expect(log.lastIndexOf('submit')).toBeLessThan(done)
  expect(log.indexOf('page')).toBeLessThan(log.indexOf('submit'))
  // No call read more than a page: each step's count grows by at most a page, and stops at the cap.
  const grown = steps.map((s, i) => s.rows - (i ? steps[i - 1].rows : 0))
  expect(Math.max(...grown)).toBeLessThanOrEqual(LEDGER_PAGE_ROWS)
  expect(steps.length).toBeGreaterThanOrEqual(LEDGER_MAX_ROWS / LEDGER_PAGE_ROWS)
  expect(last.rows).toBe(LEDGER_MAX_ROWS)

  // The parts make one workbook with the first 50,000 cases (an independent reader checks it).
  const parts: Buffer[] = []
  for (let part = 0; part < last.parts; part++) {
    const r = await srv.call(t.coordinator, 'staff', 'ledger.download', { jobId: last.jobId, part })
    parts.push(Buffer.from(r.data.base64, 'base64'))
  }
  const py = `
import sys, zipfile, io, re
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
assert z.testzip() is None
sheet = z.read('xl/worksheets/sheet1.xml').decode('utf8')
rows = re.findall(r'<row r="(\\d+)">', sheet)
print(len(rows), rows[-1], len(set(re.findall(r'<c r="A\\d+" t="inlineStr"><is><t xml:space="preserve">(\\d{6}-\\d{4}-\\d{5})</t>', sheet))))
`
  const out = execFileSync('python3', ['-c', py], { input: Buffer.concat(parts), maxBuffer: 64 * 1024 * 1024 })
    .toString()
    .trim()
  expect(out).toBe(`${LEDGER_MAX_ROWS + 1} ${LEDGER_MAX_ROWS + 1} ${LEDGER_MAX_ROWS}`)
}, 600_000)
