// Issue 17, point 5: a department with cases in hand is not retired (by dept.retire or dept.update
// active:false); the coordinator is told which; once they are routed elsewhere it is retired.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
beforeAll(async () => {
  srv = await startTestServer()
  for (const p of ['worker-a', 'inspector', 'inspector-labour', 'coordinator', 'inspector-b']) t[p] = await srv.login({ persona: p })
})
afterAll(() => srv.close())
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('retiring a department with cases in hand is refused with the list; after routing them away it is retired', async () => {
  const sub = await srv.call(t['worker-a'], 'worker', 'complaint.submit', submission(srv.sites[0].code))
  const caseNo = sub.data.caseNo
  const before = srv.db().prepare("SELECT active FROM depts WHERE id = 'd-jx-housing'").get() as { active: number }
  const refused = await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })
  expect(refused.error!.code).toBe('CONFLICT')
  expect(refused.error!.message).toContain(caseNo)
  expect(refused.error!.message).toContain('转办')
  const viaUpdate = await srv.call(t.coordinator, 'admin', 'dept.update', { id: 'd-jx-housing', active: false })
  expect(viaUpdate.error!.message).toContain(caseNo)
  expect(srv.db().prepare("SELECT active FROM depts WHERE id = 'd-jx-housing'").get()).toEqual(before)
  // Not the coordinator's business outside their area, nor an inspector's.
  expect((await srv.call(t.inspector, 'admin', 'dept.retire', { id: 'd-jx-housing' })).error!.code).toBe('FORBIDDEN')
  // The coordinator routes the case to labour inspection; the housing bureau can then be retired.
  const got = await srv.call(t.coordinator, 'staff', 'complaint.get', { id: sub.data.id })
  const routed = await srv.call(t.coordinator, 'staff', 'complaint.route', {
    id: sub.data.id,
    version: got.data.version,
    toDeptId: 'd-jx-labour',
    reason: '住建局撤并',
  })
  expect(routed.ok).toBe(true)
  // The housing bureau issued the sticker: as first responder it stays accountable until labour accepts.
  expect((await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })).error!.message).toContain(caseNo)
  expect((await srv.call(t['inspector-labour'], 'staff', 'complaint.accept', { id: sub.data.id, version: routed.data.version })).ok).toBe(
    true,
  )
  // No case in hand, but a routing rule still sends 竞秀区 housing complaints there: told which, to change first.
  const byRule = await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })
  expect(byRule.error!.code).toBe('CONFLICT')
  expect(byRule.error!.message).toContain('分派规则')
  expect(byRule.error!.message).toContain('竞秀区房建市政')
  expect((await srv.call(t.coordinator, 'admin', 'rule.update', { id: 'r-jx-housing', deptId: 'd-jx-labour' })).ok).toBe(true)
  // No rule, but a site it supervises and whose stickers it issued: told which, nothing written.
  const siteRow = () =>
    srv.db().prepare('SELECT supervising_dept_id AS sup, issuer_dept_id AS issuer FROM sites WHERE code = ?').get(srv.sites[0].code)
  expect(siteRow()).toEqual({ sup: 'd-jx-housing', issuer: 'd-jx-housing' })
  const bySite = await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })
  expect(bySite.error!.code).toBe('CONFLICT')
  expect(bySite.error!.message).toContain('主管部门')
  expect(bySite.error!.message).toContain(srv.sites[0].name)
  expect(bySite.error!.message).not.toContain(srv.sites[1].name)
  expect((await srv.call(t.coordinator, 'admin', 'dept.update', { id: 'd-jx-housing', active: false })).error!.message).toContain(
    srv.sites[0].name,
  )
  expect(srv.db().prepare("SELECT active FROM depts WHERE id = 'd-jx-housing'").get()).toEqual({ active: 1 })
  // A retired site still counts (its stickers still take complaints, first to their issuer).
  expect((await srv.call(t.coordinator, 'admin', 'site.retire', { code: srv.sites[0].code })).ok).toBe(true)
  expect((await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })).error!.message).toContain(
    srv.sites[0].name + '（已停用）',
  )
  // Moving the site to labour inspection moves its sticker issuer with it.
  expect((await srv.call(t.coordinator, 'admin', 'site.update', { code: srv.sites[0].code, supervisingDeptId: 'd-jx-labour' })).ok).toBe(
    true,
  )
  expect(siteRow()).toEqual({ sup: 'd-jx-labour', issuer: 'd-jx-labour' })
  const retired = await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-housing' })
  expect(retired.error).toBeUndefined()
  expect(retired.data).toEqual({ id: 'd-jx-housing' })
  expect(srv.db().prepare("SELECT active FROM depts WHERE id = 'd-jx-housing'").get()).toEqual({ active: 0 })
  // Labour inspection now has it in hand.
  expect((await srv.call(t.coordinator, 'admin', 'dept.retire', { id: 'd-jx-labour' })).error!.message).toContain(caseNo)
})
