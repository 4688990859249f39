// Issue 17, point 5: management on screen. Rules edited or deleted change where the next complaint goes
// (cases filed keep their department), with the tester showing the effect before saving; departments
// updated and retired (not while cases are in hand or rules still point at them); sites updated and
// retired (their stickers still take complaints); the holiday calendar; and every change on the record
// (who, when, before, after), listed for the coordinators of the area only.
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'worker-b', 'inspector', 'inspector-labour', 'coordinator']) t[p] = await srv.login({ persona: p })
  const db = srv.db()
  db.prepare(
    "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-sjz', '石家庄市人社局', 'labour', '130100', NULL, 1, '2026-01-01T00:00:00Z')",
  ).run()
  db.prepare(
    "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-sjz', 'coordinator', 'd-sjz', NULL, '2026-01-01T00:00:00Z')",
  ).run()
  t.other = await srv.login({ openid: 'coord-sjz' })
  await srv.call(t.coordinator, 'staff', 'profile.set', { name: '李主任', phone: '0312-5900000' })
  await srv.call(t.coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
})
afterAll(() => srv.close())
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

const rules = () => srv.db().prepare('SELECT id, area_prefix, industry, dept_id FROM rules ORDER BY id').all()
const housingCase = () =>
  srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, { project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' }, employerName: '保定某劳务公司' }),
  )
const auditOf = async (who: string, action: string) =>
  ((await srv.call(who, 'admin', 'audit.list', {})).data?.items ?? []).filter((e: any) => e.action === action)

test('the tester shows a rule edit before saving; the edit routes the next complaint only; a delete falls back to labour inspection', async () => {
  const first = await housingCase()
  expect(first.data.handler.id).toBe('d-jx-housing')

  // Before saving: where would a 竞秀区 housing complaint go, now and after the edit? Nothing is written.
  const before = tableCounts(srv.db())
  const tried = await srv.call(t.coordinator, 'admin', 'rule.test', {
    areaCode: '130602',
    industry: 'housing',
    draft: { id: 'r-jx-housing', deptId: 'd-jx-labour' },
  })
  expect(tried.data.dept.id).toBe('d-jx-housing')
  expect(tried.data.after.dept).toEqual({ id: 'd-jx-labour', name: expect.stringContaining('劳动') })
  const tryDelete = await srv.call(t.coordinator, 'admin', 'rule.test', {
    areaCode: '130602',
    industry: 'housing',
    draft: { id: 'r-jx-housing', remove: true },
  })
  expect(tryDelete.data.after.via).toBe('labour_fallback')
  const tryNew = await srv.call(t.coordinator, 'admin', 'rule.test', {
    areaCode: '130602',
    industry: 'water',
    draft: { areaPrefix: '130602', industry: 'water', deptId: 'd-jx-housing' },
  })
  expect(tryNew.data.dept.id).not.toBe('d-jx-housing')
  expect(tryNew.data.after.dept.id).toBe('d-jx-housing')
  expect(tableCounts(srv.db())).toEqual(before)

  // Bad edits name their field and write nothing.
  const rulesBefore = rules()
  const clash = await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-jx-housing', areaPrefix: '1306', industry: 'transport' })
  expect(clash.error!.fields!.areaPrefix).toContain('已经有分派规则')
  const desk = await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-jx-housing', deptId: 'd-jx-desk' })
  expect(desk.error!.fields!.deptId).toContain('服务台')
  expect(
    (await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-jx-housing', areaPrefix: '99' })).error!.fields!.areaPrefix,
  ).toBeTruthy()
  expect((await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-none' })).error!.code).toBe('NOT_FOUND')
  // Another city's coordinator, an inspector: not theirs.
  expect((await srv.call(t.other, 'admin', 'rule.update', { id: 'r-jx-housing', deptId: 'd-sjz' })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(t.other, 'admin', 'rule.delete', { id: 'r-jx-housing' })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(t.inspector, 'admin', 'rule.delete', { id: 'r-jx-housing' })).error!.code).toBe('FORBIDDEN')
  expect(rules()).toEqual(rulesBefore)
  expect(tableCounts(srv.db())).toEqual(before)

  const saved = await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-jx-housing', deptId: 'd-jx-labour' })
  expect(saved.data).toEqual({ id: 'r-jx-housing' })
  const second = await housingCase()
  expect(second.data.handler.id).toBe('d-jx-labour')
  // The case filed before keeps its department.
  expect((await srv.call(t.coordinator, 'staff', 'complaint.get', { id: first.data.id })).data.handler.id).toBe('d-jx-housing')

  const [edit] = await auditOf(t.coordinator, 'rule.update')
  expect(edit).toMatchObject({
    actionLabel: '修改分派规则',
    actor: expect.stringContaining('李主任'),
    entityId: 'r-jx-housing',
    at: '2026-11-18T01:00:00.000Z',
  })
  expect(edit.before).toMatchObject({ deptId: 'd-jx-housing' })
  expect(edit.after).toMatchObject({ deptId: 'd-jx-labour' })
  expect(edit.changes).toEqual([{ field: '办理单位', before: expect.stringContaining('住'), after: expect.stringContaining('劳动') }])

  expect((await srv.call(t.coordinator, 'admin', 'rule.delete', { id: 'r-jx-housing' })).data).toEqual({
    id: 'r-jx-housing',
    deleted: true,
  })
  expect(rules().map((r: any) => r.id)).not.toContain('r-jx-housing')
  expect((await housingCase()).data.handler.id).toBe('d-jx-labour') // labour inspection of the area, without a rule
  const [gone] = await auditOf(t.coordinator, 'rule.delete')
  expect(gone).toMatchObject({ before: { id: 'r-jx-housing', deptId: 'd-jx-labour' }, after: null })
  // Put back for the other tests.
  expect(
    (await srv.call(t.coordinator, 'admin', 'rule.create', { areaPrefix: '130602', industry: 'housing', deptId: 'd-jx-housing' })).ok,
  ).toBe(true)
})

test('a department is updated; one that rules still point at or that has cases in hand is not retired, and the coordinator is told which', async () => {
  const created = await srv.call(t.coordinator, 'admin', 'dept.create', { name: '竞秀区水利局', kind: 'water', areaCode: '130602' })
  const id = created.data.id
  const upd = await srv.call(t.coordinator, 'admin', 'dept.update', { id, name: '保定市竞秀区水利局', phone: '0312-3000000' })
  expect(upd.ok).toBe(true)
  const [u] = await auditOf(t.coordinator, 'dept.update')
  expect(u.changes).toEqual(
    expect.arrayContaining([
      { field: '名称', before: '竞秀区水利局', after: '保定市竞秀区水利局' },
      { field: '电话', before: '', after: '0312-3000000' },
    ]),
  )
  expect(await auditOf(t.coordinator, 'dept.create')).toEqual([expect.objectContaining({ entityId: id, before: null })])

  await srv.call(t.coordinator, 'admin', 'rule.create', { areaPrefix: '130602', industry: 'water', deptId: id })
  const water = await srv.call(
    t['worker-b'],
    'worker',
    'complaint.submit',
    submission(null, { project: { name: '府河治理', areaCode: '130602', industry: 'water' }, employerName: '某水利公司' }),
  )
  expect(water.data.handler.id).toBe(id)
  const counts = tableCounts(srv.db())
  const refused = await srv.call(t.coordinator, 'admin', 'dept.retire', { id })
  expect(refused.error!.code).toBe('CONFLICT')
  expect(refused.error!.message).toContain(water.data.caseNo)
  expect(tableCounts(srv.db())).toEqual(counts)
  // The case is routed to labour inspection and accepted there: now only the rule holds it back.
  const got = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: water.data.id })
  const routed = await srv.call(t.coordinator, 'staff', 'complaint.route', {
    id: water.data.id,
    version: got.data.version,
    toDeptId: 'd-jx-labour',
    reason: '水利局撤并',
  })
  await srv.call(t['inspector-labour'], 'staff', 'complaint.accept', { id: water.data.id, version: routed.data.version })
  const byRule = await srv.call(t.coordinator, 'admin', 'dept.update', { id, active: false })
  expect(byRule.error!.code).toBe('CONFLICT')
  expect(byRule.error!.message).toMatch(/分派规则.*竞秀区水利/)
  const rule = (rules() as any[]).find((r) => r.dept_id === id)
  await srv.call(t.coordinator, 'admin', 'rule.delete', { id: rule.id })
  expect((await srv.call(t.coordinator, 'admin', 'dept.retire', { id })).data).toEqual({ id })
  const [r] = await auditOf(t.coordinator, 'dept.retire')
  expect(r).toMatchObject({
    before: { active: true },
    after: { active: false },
    changes: [{ field: '状态', before: '在用', after: '停用' }],
  })
  // Not another city's business.
  expect((await srv.call(t.other, 'admin', 'dept.update', { id: 'd-jx-labour', name: '改名' })).error!.code).toBe('VALIDATION')
})

test('a site is updated and retired: its stickers still open the form, which says the project has ended and takes the complaint', async () => {
  const site = srv.sites[0]
  const before = tableCounts(srv.db())
  const bad = await srv.call(t.coordinator, 'admin', 'site.update', { code: site.code, name: '   ' })
  expect(bad.error!.fields!.name).toContain('名称')
  expect((await srv.call(t.other, 'admin', 'site.update', { code: site.code, name: '改名' })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(t.other, 'admin', 'site.retire', { code: site.code })).error!.code).toBe('NOT_FOUND')
  expect(tableCounts(srv.db())).toEqual(before)

  const renamed = await srv.call(t.coordinator, 'admin', 'site.update', {
    code: site.code,
    name: site.name + '（一期）',
    address: '竞秀区新地址1号',
  })
  expect(renamed.data).toEqual({ code: site.code })
  expect((await srv.call(t['worker-a'], 'worker', 'site.lookup', { code: site.code })).data.name).toBe(site.name + '（一期）')
  const [u] = await auditOf(t.coordinator, 'site.update')
  expect(u.changes).toEqual(expect.arrayContaining([{ field: '名称', before: site.name, after: site.name + '（一期）' }]))

  // Stickers print for a site in use.
  const pdf = await srv.call(t.coordinator, 'admin', 'site.stickers', { code: site.code, layout: 'helmet', copies: 2 })
  expect(pdf.data.mime).toBe('application/pdf')
  expect(Buffer.from(pdf.data.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')

  expect((await srv.call(t.coordinator, 'admin', 'site.retire', { code: site.code })).data).toEqual({ code: site.code, retired: true })
  const lookup = await srv.call(t['worker-a'], 'worker', 'site.lookup', { code: site.code })
  expect(lookup.error!.code).toBe('NOT_FOUND')
  expect(lookup.error!.message).toContain('已经结束')
  expect(lookup.error!.message).toContain(site.name)
  // The form then files without the site: no complaint is turned away.
  const filed = await srv.call(
    t['worker-a'],
    'worker',
    'complaint.submit',
    submission(null, { project: { name: site.name, areaCode: '130602', industry: 'housing' }, employerName: '某建设公司' }),
  )
  expect(filed.ok).toBe(true)
  expect((await srv.call(t.coordinator, 'admin', 'site.stickers', { code: site.code, layout: 'board' })).error!.fields!.code).toContain(
    '停用',
  )
  const [r] = await auditOf(t.coordinator, 'site.retire')
  expect(r.changes).toEqual([{ field: '状态', before: '在建', after: '停用' }])
  expect((await srv.call(t.coordinator, 'admin', 'site.retire', { code: site.code, retired: false })).data.retired).toBe(false)
  expect((await srv.call(t['worker-a'], 'worker', 'site.lookup', { code: site.code })).ok).toBe(true)
  expect(await auditOf(t.coordinator, 'site.restore')).toHaveLength(1)

  const tpl = await srv.call(t.coordinator, 'admin', 'site.template', { format: 'csv' })
  expect(Buffer.from(tpl.data.base64, 'base64').toString('utf8')).toContain('项目名称')
  expect((await srv.call(t.inspector, 'admin', 'site.template', { format: 'csv' })).error!.code).toBe('FORBIDDEN')
})

test('the holiday calendar round trip: a make-up working day (班) moves a deadline; the change is on the record', async () => {
  // 2027: Saturday 6 February a working day, Monday 8 February a holiday.
  const set = await srv.call(t.coordinator, 'admin', 'config.set', {
    holidays: { '2027': { holidays: ['2027-02-08'], workdays: ['2027-02-06'] } },
  })
  expect(set.data.effective.holidays['2027']).toEqual({ holidays: ['2027-02-08'], workdays: ['2027-02-06'] })
  const entry = (await auditOf(t.coordinator, 'config.set')).find((e: any) => e.changes.some((c: any) => c.field.startsWith('2027')))
  expect(entry.changes).toEqual(
    expect.arrayContaining([
      { field: '2027年调休上班日（班）', before: '', after: '2027-02-06' },
      { field: '2027年放假日（休）', before: '', after: '2027-02-08' },
    ]),
  )
  expect(entry.actor).toContain('李主任')

  await srv.dev('/dev/clock', { now: '2027-02-05T16:00:00+08:00' }) // a Friday
  expect((await housingCase()).data.acceptDueAt).toBe('2027-02-06T08:00:00.000Z') // Saturday, a working day
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  await srv.call(t.coordinator, 'admin', 'config.set', { holidays: { '2027': { holidays: ['2027-02-08'], workdays: [] } } })
  await srv.dev('/dev/clock', { now: '2027-02-05T16:00:00+08:00' })
  expect((await housingCase()).data.acceptDueAt).toBe('2027-02-09T08:00:00.000Z') // weekend, then the Monday holiday
})

test('every admin change is on the record, newest first, a page at a time, for the area’s coordinators only', async () => {
  const tpl = await srv.call(t.coordinator, 'admin', 'template.set', { action: 'progress', title: '电话催告', text: '已电话催告总包单位' })
  await srv.call(t.coordinator, 'admin', 'template.set', {
    id: tpl.data.id,
    action: 'progress',
    title: '电话催告',
    text: '已电话催告总包单位两次',
  })
  await srv.call(t.coordinator, 'admin', 'template.delete', { id: tpl.data.id })
  const [edited] = (await auditOf(t.coordinator, 'template.set')).filter((e: any) => e.before)
  expect(edited.changes).toEqual([{ field: '内容', before: '已电话催告总包单位', after: '已电话催告总包单位两次' }])
  const [deleted] = await auditOf(t.coordinator, 'template.delete')
  expect(deleted).toMatchObject({
    actionLabel: '删除回复模板',
    subject: '电话催告',
    after: null,
    before: { text: '已电话催告总包单位两次' },
  })
  // API keys too, never with the key or its hash.
  const key = await srv.call(t.coordinator, 'admin', 'apiKey.create', { name: '保定市12345热线' })
  expect((await srv.call(t.coordinator, 'admin', 'apiKey.revoke', { id: key.data.id })).ok).toBe(true)
  expect((await srv.call(t.coordinator, 'admin', 'apiKey.revoke', { id: key.data.id })).error!.code).toBe('CONFLICT')
  const [made] = await auditOf(t.coordinator, 'apiKey.create')
  expect(made).toMatchObject({ actionLabel: '新增接口密钥', subject: '保定市12345热线', before: null })
  expect(JSON.stringify(made)).not.toContain(key.data.key)
  expect(JSON.stringify(made)).not.toContain('hash')
  const [revoked] = await auditOf(t.coordinator, 'apiKey.revoke')
  expect(revoked.changes).toEqual([{ field: '作废时间', before: '', after: '2026-11-18T01:00:00.000Z' }])
  expect(await auditOf(t.coordinator, 'apiKey.revoke')).toHaveLength(1)
  const page = await srv.call(t.coordinator, 'admin', 'audit.list', {})
  const items = page.data.items
  expect(items.find((e: any) => e.action === 'template.set' && e.before === null)).toMatchObject({
    actionLabel: '保存回复模板',
    subject: '电话催告',
    before: null,
  })
  const times = items.map((e: any) => e.at)
  expect([...times].sort().reverse()).toEqual(times)
  const actions = new Set(items.map((e: any) => e.action))
  for (const a of [
    'rule.update',
    'rule.delete',
    'rule.create',
    'dept.create',
    'dept.update',
    'dept.retire',
    'site.update',
    'site.retire',
    'config.set',
    'apiKey.create',
    'apiKey.revoke',
  ])
    expect(actions).toContain(a)
  if (page.data.nextCursor) {
    const next = await srv.call(t.coordinator, 'admin', 'audit.list', { cursor: page.data.nextCursor })
    expect(next.data.items[0].at <= items[items.length - 1].at).toBe(true)
  }
  expect((await srv.call(t.other, 'admin', 'audit.list', {})).data.items).toEqual([])
  expect((await srv.call(t.inspector, 'admin', 'audit.list', {})).error!.code).toBe('FORBIDDEN')
  expect((await srv.call(t.coordinator, 'admin', 'audit.list', { cursor: 'x' })).error!.fields!.cursor).toContain('翻页')
})
