// Coordinators configure their area; an official joins with a one-use invite.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'
import { usccCheckChar } from '../../shared/validators'

let srv: TestServer
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('a new department, rule, site and invite route a complaint to a newly joined inspector', async () => {
  const dept = await srv.call(coordinator, 'admin', 'dept.create', { name: '莲池区住房和城乡建设局', kind: 'housing', areaCode: '130606' })
  expect(dept.ok).toBe(true)
  const rule = await srv.call(coordinator, 'admin', 'rule.create', { areaPrefix: '130606', industry: 'housing', deptId: dept.data.id })
  expect(rule.ok).toBe(true)
  const uscc = '91130606MA0000000' + usccCheckChar('91130606MA0000000')
  const site = await srv.call(coordinator, 'admin', 'site.create', {
    name: '莲池区学府小区二期',
    address: '莲池区学府路',
    areaCode: '130606',
    industry: 'housing',
    funding: 'other',
    contractor: { name: '保定学府建设有限公司', uscc },
    supervisingDeptId: dept.data.id,
  })
  expect(site.data.code).toMatch(/^[2-9A-HJ-NP-Z]{7}$/)

  const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: dept.data.id })
  expect(invite.data.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
  const newcomer = await srv.login({ openid: 'new-inspector' })
  expect((await srv.call(newcomer, 'staff', 'me', {})).data.role).toBe('worker')
  const joined = await srv.call(newcomer, 'staff', 'invite.accept', { code: invite.data.code.toLowerCase() })
  expect(joined.data).toMatchObject({ role: 'inspector', dept: { id: dept.data.id } })
  const me = await srv.call(newcomer, 'staff', 'me', {})
  expect(me.data).toMatchObject({ role: 'inspector', dept: { name: '莲池区住房和城乡建设局' } })
  expect(me.data.subscribeTemplates).toEqual([]) // no WeChat templates configured yet
  // Message templates are the deployment's (npm run config), not a coordinator's.
  await deploymentConfig(srv, {
    notifications: { templates: { new_case: 'T-NEW', returned: 'T-RET', escalation: 'T-ESC', alert: 'T-ALERT', case_update: 'T-UPD' } },
  })
  expect((await srv.call(newcomer, 'staff', 'me', {})).data.subscribeTemplates).toEqual(['T-NEW', 'T-RET', 'T-ESC'])
  expect((await srv.call(coordinator, 'staff', 'me', {})).data.subscribeTemplates).toEqual(['T-ALERT', 'T-ESC', 'T-NEW'])

  // One use only.
  const again = await srv.call(await srv.login({ openid: 'latecomer' }), 'staff', 'invite.accept', { code: invite.data.code })
  expect(again.error).toMatchObject({ code: 'CONFLICT', message: '邀请码已被使用' })

  // The rule now sends 莲池区 housing complaints to the new department instead of labour inspection.
  const worker = await srv.login({ persona: 'worker-a' })
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(site.data.code))
  expect(sub.data.handler.name).toBe('莲池区住房和城乡建设局')
  const q = await srv.call(newcomer, 'staff', 'queue.list', { view: 'to_accept' })
  expect(q.data.items.map((i: any) => i.id)).toEqual([sub.data.id])
})

test('invites expire', async () => {
  const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'desk', deptId: 'd-jx-desk' })
  await srv.dev('/dev/clock', { now: '2026-12-01T09:00:00+08:00' })
  const r = await srv.call(await srv.login({ openid: 'slow-joiner' }), 'staff', 'invite.accept', { code: invite.data.code })
  expect(r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('过期') })
})

test('only coordinators configure, and only within their area', async () => {
  const inspector = await srv.login({ persona: 'inspector' })
  const r = await srv.call(inspector, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-jx-housing' })
  expect(r.error!.code).toBe('FORBIDDEN')
  const outside = await srv.call(coordinator, 'admin', 'dept.create', { name: '石家庄某局', kind: 'labour', areaCode: '130102' })
  expect(outside.error!.fields!.areaCode).toContain('本辖区')
})

test('configuration is validated and kept', async () => {
  const set = await srv.call(coordinator, 'admin', 'config.set', { deadlines: { resolveDaysDefault: 10 } })
  expect(set.data.effective.deadlines).toMatchObject({ resolveDaysDefault: 10, resolveDaysPublic: 3, acceptWorkingDays: 1 })
  await srv.call(coordinator, 'admin', 'config.set', { deadlines: { resolveDaysPublic: 2 } })
  const got = await srv.call(coordinator, 'admin', 'config.get', {})
  expect(got.data.effective.deadlines).toMatchObject({ resolveDaysDefault: 10, resolveDaysPublic: 2 })
  // Kept as the city's own settings, the rest inherited from the country defaults.
  expect(got.data).toMatchObject({ areaCode: '130600', own: { deadlines: { resolveDaysDefault: 10, resolveDaysPublic: 2 } } })
  expect(got.data.sources).toMatchObject({ 'deadlines.resolveDaysDefault': '130600', 'deadlines.resolveDaysPublic': '130600' })
  expect(got.data.sources['deadlines.acceptWorkingDays']).toBeUndefined()
})
