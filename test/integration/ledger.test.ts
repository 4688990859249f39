// The coordinator's tools: ledger export (CSV and XLSX, read back by an independent reader), reply
// templates, the routing tester, invite revocation, queue filters and the printable desk receipt.
import { execFileSync } from 'node:child_process'
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const ids: string[] = []

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  for (const p of ['worker-a', 'inspector', 'inspector-b', 'coordinator', 'desk']) t[p] = await srv.login({ persona: p })
  ids.push(
    (
      await srv.call(
        t['worker-a'],
        'worker',
        'complaint.submit',
        submission(srv.sites[0].code, { description: '=HYPERLINK("http://evil")' }),
      )
    ).data.id,
  )
  ids.push(
    (await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[1].code, { amountOwedFen: 3_300_050 }))).data.id,
  )
  const got = await srv.call(t.inspector, 'staff', 'complaint.get', { id: ids[0] })
  const acc = await srv.call(t.inspector, 'staff', 'complaint.accept', { id: ids[0], version: got.data.version })
  await srv.call(t.inspector, 'staff', 'complaint.progress', {
    id: ids[0],
    version: acc.data.version,
    note: '已约谈总包, 要求"三日内"支付',
    visibleToWorker: true,
  })
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

test('the CSV ledger has every case of the area with its last event', async () => {
  const r = await srv.call(t.coordinator, 'staff', 'ledger.export', { format: 'csv' })
  expect(r.data.rows).toBe(2)
  expect(r.data.filename).toMatch(/^台账-.+-2026-11-18\.csv$/)
  const text = Buffer.from(r.data.base64, 'base64').toString('utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows = parseCsv(text.slice(1))
  expect(rows[0].slice(0, 3)).toEqual(['案件编号', '登记时间', '渠道'])
  const byCase = new Map(rows.slice(1).map((row) => [row[0], row]))
  const first = byCase.get('130602-2026-00001')!
  expect(first[9]).toBe('处理中')
  expect(first[19]).toBe('处理进展：已约谈总包, 要求"三日内"支付')
  expect(byCase.get('130606-2026-00001')![8]).toBe('33000.5')
  expect(text).not.toContain('13812345678') // no personal numbers in the ledger
})

test('the XLSX ledger opens in an independent reader with the same cells', async () => {
  const r = await srv.call(t.coordinator, 'staff', 'ledger.export', { format: 'xlsx' })
  // Python's zipfile and XML parser read the file: nothing of ours is involved in reading it back.
  const py = `
import sys, zipfile, io, base64, json
import xml.etree.ElementTree as ET
ns = {'s': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(io.BytesIO(base64.b64decode(sys.stdin.read())))
assert z.testzip() is None
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
rows = []
for row in sheet.findall('s:sheetData/s:row', ns):
    cells = []
    for c in row.findall('s:c', ns):
        v = c.find('s:v', ns)
        cells.append(v.text if v is not None else ''.join(t.text or '' for t in c.iter('{%s}t' % ns['s'])))
    rows.append(cells)
print(json.dumps({"names": z.namelist(), "rows": rows}, ensure_ascii=False))
`
  const out = JSON.parse(execFileSync('python3', ['-c', py], { input: r.data.base64 }).toString())
  expect(out.names).toContain('xl/workbook.xml')
  expect(out.rows).toHaveLength(3)
  expect(out.rows[0][0]).toBe('案件编号')
  expect(out.rows.map((row: string[]) => row[0]).sort()).toEqual(['130602-2026-00001', '130606-2026-00001', '案件编号'])
  // A formula-looking description never reaches a cell as a formula.
  expect(JSON.stringify(out.rows)).not.toMatch(/"=HYPERLINK/)
})

test('an inspector exports only their own department’s cases', async () => {
  const r = await srv.call(t['inspector-b'], 'staff', 'ledger.export', { format: 'csv' })
  expect(r.data.rows).toBe(0)
})

test('reply templates: seeded, editable by the coordinator, readable by staff of the area', async () => {
  const list = await srv.call(t.inspector, 'staff', 'template.list', { action: 'progress' })
  expect(list.data.items.map((x: any) => x.title)).toEqual(expect.arrayContaining(['已约谈', '核实中']))
  const made = await srv.call(t.coordinator, 'admin', 'template.set', {
    action: 'resolve',
    title: '分期支付',
    text: '已达成分期支付协议，首期已到账。',
  })
  expect(made.ok).toBe(true)
  const edit = await srv.call(t.coordinator, 'admin', 'template.set', {
    id: made.data.id,
    action: 'resolve',
    title: '分期支付',
    text: '已达成分期协议。',
  })
  expect(edit.data.id).toBe(made.data.id)
  const again = await srv.call(t.inspector, 'staff', 'template.list', { action: 'resolve' })
  expect(again.data.items.find((x: any) => x.id === made.data.id).text).toBe('已达成分期协议。')
  expect((await srv.call(t.inspector, 'admin', 'template.set', { action: 'resolve', title: 'x', text: 'y' })).error!.code).toBe('FORBIDDEN')
  expect(
    (await srv.call(t.coordinator, 'admin', 'template.set', { action: 'fly', title: 'x', text: 'y' })).error!.fields!.action,
  ).toBeTruthy()
  expect((await srv.call(t.coordinator, 'admin', 'template.delete', { id: made.data.id })).data.deleted).toBe(true)
})

test('"who would get this?" explains the routing', async () => {
  const a = await srv.call(t.coordinator, 'admin', 'rule.test', { areaCode: '130602', industry: 'housing' })
  expect(a.data).toMatchObject({ dept: { name: '竞秀区住房和城乡建设局' }, via: 'rule' })
  const b = await srv.call(t.coordinator, 'admin', 'rule.test', { areaCode: '130606', industry: 'housing' })
  expect(b.data).toMatchObject({ dept: { name: '莲池区劳动保障监察大队' }, via: 'labour_fallback' })
  expect(b.data.explanation).toContain('人社')
  const rules = await srv.call(t.coordinator, 'admin', 'rule.list', {})
  expect(rules.data.items).toHaveLength(3)
})

test('an invite can be revoked before use, and then cannot be used', async () => {
  const inv = await srv.call(t.coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-lc-labour' })
  expect((await srv.call(t.coordinator, 'admin', 'invite.list', {})).data.items.find((i: any) => i.code === inv.data.code).state).toBe(
    'open',
  )
  expect((await srv.call(t.coordinator, 'admin', 'invite.revoke', { code: inv.data.code })).data.revoked).toBe(true)
  const use = await srv.call(await srv.login({ openid: 'too-late' }), 'staff', 'invite.accept', { code: inv.data.code })
  expect(use.error!.message).toContain('作废')
  expect((await srv.call(t.coordinator, 'admin', 'invite.list', {})).data.items.find((i: any) => i.code === inv.data.code).state).toBe(
    'revoked',
  )
})

test('queue filters by status, industry and district', async () => {
  const all = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'all' })
  expect(all.data.items).toHaveLength(2)
  const housing = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'all', industry: 'housing' })
  expect(housing.data.items.map((i: any) => i.id)).toEqual([ids[0]])
  const lianchi = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'all', areaCode: '130606' })
  expect(lianchi.data.items.map((i: any) => i.id)).toEqual([ids[1]])
  const routed = await srv.call(t.coordinator, 'staff', 'queue.list', { view: 'all', status: 'routed' })
  expect(routed.data.items.map((i: any) => i.id)).toEqual([ids[1]])
})

test('cursor paging walks the whole queue once', async () => {
  for (let i = 0; i < 5; i++) await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  const seen: string[] = []
  let cursor: string | undefined
  do {
    const page = await srv.call(t.inspector, 'staff', 'queue.list', { view: 'to_accept', limit: 2, ...(cursor ? { cursor } : {}) })
    seen.push(...page.data.items.map((i: any) => i.id))
    cursor = page.data.nextCursor ?? undefined
  } while (cursor)
  expect(seen).toHaveLength(5)
  expect(new Set(seen).size).toBe(5)
})

test('the printable desk receipt carries the claim code and a QR of the claim link', async () => {
  const filed = await srv.call(t.desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code))
  const r = await srv.call(t.desk, 'staff', 'complaint.receipt', { id: filed.data.id })
  expect(r.data.claimCode).toBe(filed.data.claimCode)
  expect(r.data.claimUrl).toBe(`${srv.baseUrl}/c/${filed.data.caseNo}?k=${filed.data.claimCode}`)
  expect(r.data.claimQrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
  // The handling inspector sees the receipt but not the claim code.
  const other = await srv.call(t.inspector, 'staff', 'complaint.receipt', { id: filed.data.id })
  expect(other.data.claimCode).toBeNull()
  // The claim link opens the claim page.
  const res = await fetch(r.data.claimUrl, { redirect: 'manual' })
  expect(res.status).toBe(302)
  expect(res.headers.get('location')).toBe(
    `/#/pages/claim/index?caseNo=${encodeURIComponent(filed.data.caseNo)}&claimCode=${filed.data.claimCode}`,
  )
})
