// The authorization matrix: every staff and admin action, tried by every role on their own and on
// others' cases. NOT_FOUND where the case is none of the caller's business (its existence is not
// revealed), FORBIDDEN where the caller sees it but may not act, `ok` where allowed.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
const t: Record<string, string> = {}
const ROLES = ['owner', 'worker_other', 'desk', 'insp_handler', 'insp_fr', 'insp_other', 'coord_area', 'coord_other'] as const
type Role = (typeof ROLES)[number]
type Verdict = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT'

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: '2026-11-18T09:00:00+08:00' })
  const personas: Record<Role, string> = {
    owner: 'worker-a',
    worker_other: 'worker-b',
    desk: 'desk',
    insp_handler: 'inspector',
    insp_fr: 'inspector-labour',
    insp_other: 'inspector-b',
    coord_area: 'coordinator',
    coord_other: '',
  }
  for (const r of ROLES) if (personas[r]) t[r] = await srv.login({ persona: personas[r] })
  const db = srv.db()
  db.prepare(
    "INSERT INTO depts (id, name, kind, area_code, parent_id, active, created_at) VALUES ('d-sjz', '石家庄市人社局', 'labour', '130100', NULL, 1, '2026-01-01T00:00:00Z')",
  ).run()
  db.prepare(
    "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('coord-sjz', 'coordinator', 'd-sjz', NULL, '2026-01-01T00:00:00Z')",
  ).run()
  t.coord_other = await srv.login({ openid: 'coord-sjz' })
  // A second official of the handling department (竞秀区住建局), to hand cases to (complaint.assign).
  db.prepare(
    "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('insp-jx-2', 'inspector', 'd-jx-housing', NULL, '2026-01-01T00:00:00Z')",
  ).run()
  // This suite files a case per attempt: lift the abuse limit (tested on its own in abuse.test.ts).
  await srv.call(t.coord_area, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } })
})
afterAll(() => srv.close())
// Each test starts at the file's day (set in beforeAll for the fixtures too) and ends back at real time.
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

/** A self-filed 竞秀区 housing case: first responder 竞秀区劳动监察, handler 竞秀区住建局. */
async function freshCase(state: 'routed' | 'accepted'): Promise<{ id: string; version: number }> {
  const sub = await srv.call(
    t.owner,
    'worker',
    'complaint.submit',
    submission(null, {
      project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
      employerName: '某劳务公司',
    }),
  )
  const got = await srv.call(t.insp_handler, 'staff', 'complaint.get', { id: sub.data.id })
  if (state === 'routed') return { id: sub.data.id, version: got.data.version }
  const acc = await srv.call(t.insp_handler, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  return { id: sub.data.id, version: acc.data.version }
}

const W: Verdict = 'FORBIDDEN' // workers are refused every staff action
const caseActions: [string, 'routed' | 'accepted', Record<string, unknown>, Record<Role, Verdict>][] = [
  [
    'complaint.get',
    'routed',
    {},
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'ok',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.receipt',
    'routed',
    {},
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'ok',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.accept',
    'routed',
    {},
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.return',
    'routed',
    { reason: '不归我们管' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.route',
    'routed',
    { toDeptId: 'd-jx-labour', reason: '改由监察办理' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'FORBIDDEN',
      insp_fr: 'ok',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.progress',
    'accepted',
    { note: '进展', visibleToWorker: true },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.markComplex',
    'accepted',
    { reason: '涉及多层分包' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.resolve',
    'accepted',
    { amountRecoveredFen: 100, note: '已支付' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.notWageArrears',
    'accepted',
    { explanation: '属于工程款纠纷' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.refer',
    'accepted',
    { to: 'arbitration', note: '金额有争议' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.transferOut',
    'accepted',
    { to: '北京市朝阳区人社局', note: '用工地在北京' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'ok',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  // Issue 16: the 承办人, supervision and escalation (coordinator), severe signals, money paid ahead, measures.
  [
    'complaint.assign',
    'accepted',
    { toOpenid: 'insp-jx-2' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.supervise',
    'routed',
    { note: '限期办结', dueAt: '2026-11-30' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'FORBIDDEN',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.escalate',
    'accepted',
    { toDeptId: 'd-city-labour', reason: '案情重大' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'FORBIDDEN',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.flag',
    'accepted',
    { signal: 'injury', note: '有人受伤' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'ok',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.advance',
    'accepted',
    { source: 'wage_deposit', amountFen: 100, note: '动用工资保证金' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.penalty',
    'accepted',
    { kind: 'fine', docNo: '罚字1号', amountFen: 100, note: '罚款' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'ok',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
  [
    'complaint.referralOutcome',
    'accepted',
    { outcome: 'mediated', refNo: '调字1号', note: '调解成功' },
    {
      owner: W,
      worker_other: W,
      desk: 'NOT_FOUND',
      insp_handler: 'CONFLICT',
      insp_fr: 'FORBIDDEN',
      insp_other: 'NOT_FOUND',
      coord_area: 'FORBIDDEN',
      coord_other: 'NOT_FOUND',
    },
  ],
]

describe.each(caseActions)('%s', (action, state, extra, expected) => {
  test.each(ROLES)('as %s', async (role) => {
    const c = await freshCase(state)
    const r = await srv.call(t[role], 'staff', action, {
      id: c.id,
      ...(action === 'complaint.get' || action === 'complaint.receipt' ? {} : { version: c.version }),
      ...extra,
    })
    expect(r.ok ? 'ok' : r.error!.code).toBe(expected[role])
  })
})

const staffOnly = (over: Partial<Record<Role, Verdict>> = {}): Record<Role, Verdict> => ({
  owner: W,
  worker_other: W,
  desk: 'ok',
  insp_handler: 'ok',
  insp_fr: 'ok',
  insp_other: 'ok',
  coord_area: 'ok',
  coord_other: 'ok',
  ...over,
})
const coordOnly = (other: Verdict): Record<Role, Verdict> => ({
  owner: W,
  worker_other: W,
  desk: W,
  insp_handler: W,
  insp_fr: W,
  insp_other: W,
  coord_area: 'ok',
  coord_other: other,
})

const otherActions: [string, string, () => unknown, Record<Role, Verdict>][] = [
  ['staff', 'me', () => ({}), staffOnly({ owner: 'ok', worker_other: 'ok' })],
  ['staff', 'profile.set', () => ({ name: '王科员', phone: '0312-5900000' }), staffOnly()],
  ['staff', 'queue.list', () => ({ view: 'mine' }), staffOnly()],
  ['staff', 'queue.list', () => ({ view: 'to_accept' }), staffOnly()],
  ['staff', 'stats.overview', () => ({}), staffOnly()],
  ['staff', 'dept.list', () => ({}), staffOnly()],
  ['staff', 'template.list', () => ({}), staffOnly()],
  ['staff', 'ledger.export', () => ({ format: 'csv' }), staffOnly()],
  // Each sees their own ledger's figures: a coordinator their area, others their department (reportPeriod.test.ts).
  ['staff', 'report.period', () => ({ from: '2026-11-01', to: '2026-11-18', groupBy: 'dept', format: 'json' }), staffOnly()],
  ['staff', 'complaint.fileOnBehalf', () => submission(srv.sites[0].code), staffOnly()],
  ['staff', 'alerts.list', () => ({}), coordOnly('ok')],
  // Issue 16/17: the offender ledger and the risk picture, each coordinator of their own area.
  ['staff', 'offenders.list', () => ({}), coordOnly('ok')],
  ['staff', 'offenders.export', () => ({}), coordOnly('ok')],
  ['staff', 'risk.districts', () => ({ groupBy: 'district' }), coordOnly('ok')],
  ['admin', 'config.get', () => ({}), coordOnly('ok')],
  ['admin', 'rule.list', () => ({}), coordOnly('ok')],
  ['admin', 'site.list', () => ({}), coordOnly('ok')],
  ['admin', 'invite.list', () => ({}), coordOnly('ok')],
  ['admin', 'rule.test', () => ({ areaCode: '130602', industry: 'housing' }), coordOnly('ok')],
  ['admin', 'dept.create', () => ({ name: '竞秀区交通运输局', kind: 'transport', areaCode: '130602' }), coordOnly('VALIDATION')],
  ['admin', 'rule.create', () => ({ areaPrefix: '130606', industry: 'water', deptId: 'd-city-water' }), coordOnly('VALIDATION')],
  ['admin', 'invite.create', () => ({ role: 'inspector', deptId: 'd-jx-labour' }), coordOnly('VALIDATION')],
  [
    'admin',
    'site.create',
    () => ({
      name: '竞秀区某工地',
      address: '竞秀区某路',
      areaCode: '130602',
      industry: 'housing',
      funding: 'other',
      contractor: { name: '保定某建筑公司', uscc: '91350100M000100Y43' },
      supervisingDeptId: 'd-jx-housing',
    }),
    coordOnly('VALIDATION'),
  ],
  [
    'admin',
    'site.import',
    () => ({
      filename: 'sites.csv',
      base64: readFileSync(path.resolve(__dirname, '../../scripts/templates/sites-template.csv')).toString('base64'),
    }),
    coordOnly('VALIDATION'),
  ],
  ['admin', 'template.set', () => ({ action: 'progress', title: '测试', text: '测试模板' }), coordOnly('ok')],
  // Management on screen (issue 17): each refused before anything is written where it is not the caller's.
  ['staff', 'alerts.ack', () => ({ id: 'a-none' }), { ...coordOnly('NOT_FOUND'), coord_area: 'NOT_FOUND' }],
  ['admin', 'audit.list', () => ({}), coordOnly('ok')],
  ['admin', 'dept.update', () => ({ id: 'd-jx-labour', phone: '0312-12333' }), coordOnly('VALIDATION')],
  // The housing bureau has cases in hand and a rule in this suite: CONFLICT naming them; another city's coordinator: not theirs.
  ['admin', 'dept.retire', () => ({ id: 'd-jx-housing' }), { ...coordOnly('VALIDATION'), coord_area: 'CONFLICT' }],
  ['admin', 'rule.update', () => ({ id: 'r-city-water', deptId: 'd-city-water' }), coordOnly('NOT_FOUND')],
  ['admin', 'rule.delete', () => ({ id: 'r-none' }), { ...coordOnly('NOT_FOUND'), coord_area: 'NOT_FOUND' }],
  ['admin', 'site.update', () => ({ code: srv.sites[1].code, address: '竞秀区某路2号' }), coordOnly('NOT_FOUND')],
  ['admin', 'site.retire', () => ({ code: srv.sites[1].code, retired: false }), coordOnly('NOT_FOUND')],
  ['admin', 'site.template', () => ({ format: 'xlsx' }), coordOnly('ok')],
  ['admin', 'config.set', () => ({ deadlines: { resolveDaysDefault: 15 } }), coordOnly('ok')],
]

describe.each(otherActions)('%s %s', (fn, action, data, expected) => {
  test.each(ROLES)('as %s', async (role) => {
    const r = await srv.call(t[role], fn, action, data())
    expect(r.ok ? 'ok' : r.error!.code).toBe(expected[role])
  })
})

test('revoking another area’s invite is NOT_FOUND; a template of another area cannot be deleted', async () => {
  const inv = await srv.call(t.coord_area, 'admin', 'invite.create', { role: 'inspector', deptId: 'd-jx-labour' })
  expect((await srv.call(t.coord_other, 'admin', 'invite.revoke', { code: inv.data.code })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(t.insp_handler, 'admin', 'invite.revoke', { code: inv.data.code })).error!.code).toBe('FORBIDDEN')
  expect((await srv.call(t.coord_other, 'admin', 'template.delete', { id: 't-progress-visit' })).error!.code).toBe('NOT_FOUND')
})

// New claim codes (issue 15): the filing desk's alone, as the codes on its receipt are.
const reissueBy: Record<Role, Verdict> = {
  owner: W,
  worker_other: W,
  desk: 'ok',
  insp_handler: 'FORBIDDEN',
  insp_fr: 'NOT_FOUND',
  insp_other: 'NOT_FOUND',
  coord_area: 'FORBIDDEN',
  coord_other: 'NOT_FOUND',
}
test.each(ROLES)('complaint.reissueClaim on a desk-filed case, as %s', async (role) => {
  const filed = await srv.call(t.desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code))
  const r = await srv.call(t[role], 'staff', 'complaint.reissueClaim', { id: filed.data.id })
  expect(r.ok ? 'ok' : r.error!.code).toBe(reissueBy[role])
})

test('two officials acting at once on one case: one wins, the other gets a clear conflict', async () => {
  const c = await freshCase('accepted')
  const second = await srv.login({ openid: 'housing-2' })
  srv
    .db()
    .prepare(
      "INSERT INTO users (openid, role, dept_id, name, created_at) VALUES ('housing-2', 'inspector', 'd-jx-housing', NULL, '2026-01-01T00:00:00Z')",
    )
    .run()
  const replies = await Promise.all([
    srv.call(t.insp_handler, 'staff', 'complaint.resolve', { id: c.id, version: c.version, amountRecoveredFen: 100, note: '已支付' }),
    srv.call(second, 'staff', 'complaint.notWageArrears', { id: c.id, version: c.version, explanation: '非欠薪' }),
    srv.call(second, 'staff', 'complaint.progress', { id: c.id, version: c.version, note: '同时写入', visibleToWorker: true }),
  ])
  expect(replies.filter((r) => r.ok)).toHaveLength(1)
  const losers = replies.filter((r) => !r.ok)
  expect(losers.map((r) => r.error!.code)).toEqual(['CONFLICT', 'CONFLICT'])
  expect(losers.every((r) => r.status === 409 && /刷新|状态/.test(r.error!.message))).toBe(true)
  const tl = (await srv.call(t.insp_handler, 'staff', 'complaint.get', { id: c.id })).data.timeline
  expect(tl.filter((e: any) => ['resolved', 'not_wage_arrears', 'progress'].includes(e.type))).toHaveLength(1)
})

// Configuration scope (issue 15): per area, the caller's own area and below; a campaign inside it; the
// national only for a top coordinator; the deployment's for no coordinator. A refusal names its field.
describe('configuration scope', () => {
  const CONFIG_ROLES = ['worker', 'desk', 'inspector', 'coord_city', 'coord_district', 'coord_other'] as const
  type ConfigRole = (typeof CONFIG_ROLES)[number]
  /** 'ok', FORBIDDEN, or VALIDATION with the field it names. */
  type ScopeVerdict = 'ok' | 'FORBIDDEN' | `VALIDATION ${string}`
  const who: Partial<Record<ConfigRole, string>> = {}

  beforeAll(async () => {
    who.worker = t.owner
    who.desk = t.desk
    who.inspector = t.insp_handler
    who.coord_city = t.coord_area
    who.coord_other = t.coord_other
    // 竞秀区's coordinator, invited by the city's.
    const invite = await srv.call(t.coord_area, 'admin', 'invite.create', { role: 'coordinator', deptId: 'd-jx-labour' })
    who.coord_district = await srv.login({ openid: 'coord-jx-scope' })
    expect((await srv.call(who.coord_district, 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
  })

  const F = 'FORBIDDEN' as const
  const coords = (city: ScopeVerdict, district: ScopeVerdict, other: ScopeVerdict): Record<ConfigRole, ScopeVerdict> => ({
    worker: F,
    desk: F,
    inspector: F,
    coord_city: city,
    coord_district: district,
    coord_other: other,
  })
  const END = '2027-06-30T00:00:00+08:00'
  const rows: [string, string, Record<string, unknown>, Record<ConfigRole, ScopeVerdict>][] = [
    ['get own', 'config.get', {}, coords('ok', 'ok', 'ok')],
    ['get the city', 'config.get', { areaCode: '130600' }, coords('ok', 'VALIDATION areaCode', 'VALIDATION areaCode')],
    ['get the district', 'config.get', { areaCode: '130602' }, coords('ok', 'ok', 'VALIDATION areaCode')],
    ['set own deadlines', 'config.set', { deadlines: { resolveDaysDefault: 15 } }, coords('ok', 'ok', 'ok')],
    ['set own rate limits', 'config.set', { rateLimits: { perWorkerPerHour: 1000 } }, coords('ok', 'ok', 'ok')],
    ['set the district', 'config.set', { areaCode: '130602', cards: { redAfterDays: 10 } }, coords('ok', 'ok', 'VALIDATION areaCode')],
    [
      'set a sibling district',
      'config.set',
      { areaCode: '130606', cards: { redAfterDays: 10 } },
      coords('ok', 'VALIDATION areaCode', 'VALIDATION areaCode'),
    ],
    [
      'set the parent city',
      'config.set',
      { areaCode: '130600', cards: { redAfterDays: 10 } },
      coords('ok', 'VALIDATION areaCode', 'VALIDATION areaCode'),
    ],
    [
      'set Beijing',
      'config.set',
      { areaCode: '110000', cards: { redAfterDays: 10 } },
      coords('VALIDATION areaCode', 'VALIDATION areaCode', 'VALIDATION areaCode'),
    ],
    [
      'campaign in Beijing',
      'config.set',
      { campaign: { endsAt: END, areaCode: '110105' } },
      coords('VALIDATION campaign.areaCode', 'VALIDATION campaign.areaCode', 'VALIDATION campaign.areaCode'),
    ],
    [
      'campaign in the city',
      'config.set',
      { campaign: { endsAt: END, areaCode: '130600' } },
      coords('ok', 'VALIDATION campaign.areaCode', 'VALIDATION campaign.areaCode'),
    ],
    [
      'campaign in the district',
      'config.set',
      { campaign: { endsAt: END, areaCode: '130602' } },
      coords('ok', 'ok', 'VALIDATION campaign.areaCode'),
    ],
    [
      'holidays (national)',
      'config.set',
      { holidays: { '2028': { holidays: ['2028-01-01'] } } },
      coords('ok', 'VALIDATION holidays.2028.holidays', 'ok'),
    ],
    [
      'catch-all unit (national)',
      'config.set',
      { outOfArea: { catchAllDeptId: '' } },
      coords('ok', 'VALIDATION outOfArea.catchAllDeptId', 'ok'),
    ],
    [
      'public link prefix',
      'config.set',
      { publicBaseUrl: 'javascript:alert(1)' },
      coords('VALIDATION publicBaseUrl', 'VALIDATION publicBaseUrl', 'VALIDATION publicBaseUrl'),
    ],
    [
      'message templates',
      'config.set',
      { notifications: { templates: { alert: 'T' } } },
      coords(
        'VALIDATION notifications.templates.alert',
        'VALIDATION notifications.templates.alert',
        'VALIDATION notifications.templates.alert',
      ),
    ],
    [
      'SMS cap',
      'config.set',
      { sms: { dailyPerPhone: 50 } },
      coords('VALIDATION sms.dailyPerPhone', 'VALIDATION sms.dailyPerPhone', 'VALIDATION sms.dailyPerPhone'),
    ],
    [
      'photo limits',
      'config.set',
      { uploads: { maxBytes: 20_000_000 } },
      coords('VALIDATION uploads.maxBytes', 'VALIDATION uploads.maxBytes', 'VALIDATION uploads.maxBytes'),
    ],
  ]

  describe.each(rows)('%s', (_name, action, data, expected) => {
    test.each(CONFIG_ROLES)('as %s', async (role) => {
      const before = srv.db().prepare('SELECT area_code, value FROM area_config ORDER BY area_code').all()
      try {
        const r = await srv.call(who[role]!, 'admin', action, data)
        const verdict = r.ok
          ? 'ok'
          : r.error!.code === 'VALIDATION'
            ? `VALIDATION ${Object.keys(r.error!.fields ?? {}).join(',')}`
            : r.error!.code
        expect(verdict).toBe(expected[role])
        // Refused: nothing written.
        if (!r.ok) expect(srv.db().prepare('SELECT area_code, value FROM area_config ORDER BY area_code').all()).toEqual(before)
      } finally {
        // A campaign or schedule set here is taken back (the other tests run on their own deadlines).
        if (action === 'config.set' && (data.campaign || data.holidays)) {
          await srv.call(who[role]!, 'admin', 'config.set', data.campaign ? { campaign: null } : { holidays: { '2028': null } })
        }
      }
    })
  })
})

// Photos (issue 15): a case takes only its filer's own uploads; a photo's link comes only with a case the
// caller may see, and the local server serves it only by that signed link.
describe('photos', () => {
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800, 3)])
  const upload = async (token: string): Promise<string> => {
    const r = await fetch(`${srv.baseUrl}/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${token}` },
      body: new Uint8Array(JPEG),
    })
    return (await r.json()).data.fileId
  }
  const WORKERS: readonly Role[] = ['owner', 'worker_other']
  let ownersPhoto = ''
  let caseId = ''
  beforeAll(async () => {
    ownersPhoto = await upload(t.owner)
    const sub = await srv.call(
      t.owner,
      'worker',
      'complaint.submit',
      submission(null, {
        project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' },
        employerName: '某劳务公司',
        photos: [ownersPhoto],
      }),
    )
    caseId = sub.data.id
  })

  // Filing with the owner's photo: workers submit, staff file at the desk; only the uploader may.
  const attach: Record<Role, Verdict> = {
    owner: 'ok',
    worker_other: 'VALIDATION',
    desk: 'VALIDATION',
    insp_handler: 'VALIDATION',
    insp_fr: 'VALIDATION',
    insp_other: 'VALIDATION',
    coord_area: 'VALIDATION',
    coord_other: 'VALIDATION',
  }
  test.each(ROLES)('filing with the owner’s photo, as %s', async (role) => {
    const r = WORKERS.includes(role)
      ? await srv.call(t[role], 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: [ownersPhoto] }))
      : await srv.call(t[role], 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code, { photos: [ownersPhoto] }))
    expect(r.ok ? 'ok' : r.error!.code).toBe(attach[role])
    if (!r.ok) expect(r.error!.fields).toEqual({ photos: '照片不是您上传的，请删掉后重新上传' })
  })

  // Seeing the photo: a working link with the case view, or the case is none of the caller's business.
  const see: Record<Role, 'link' | Verdict> = {
    owner: 'link',
    worker_other: 'NOT_FOUND',
    desk: 'NOT_FOUND',
    insp_handler: 'link',
    insp_fr: 'link',
    insp_other: 'NOT_FOUND',
    coord_area: 'link',
    coord_other: 'NOT_FOUND',
  }
  test.each(ROLES)('the photo’s link, as %s', async (role) => {
    const r = await srv.call(t[role], WORKERS.includes(role) ? 'worker' : 'staff', 'complaint.get', { id: caseId })
    if (!r.ok) {
      expect(r.error!.code).toBe(see[role])
      expect(JSON.stringify(r)).not.toContain(ownersPhoto.slice(6))
      return
    }
    expect(see[role]).toBe('link')
    const got = await fetch(srv.baseUrl + r.data.photoLinks[0])
    expect(got.status).toBe(200)
    expect(Buffer.from(await got.arrayBuffer()).equals(JPEG)).toBe(true)
  })

  test('without a signed link nobody gets the file, logged in or not', async () => {
    const bare = `${srv.baseUrl}/files/${ownersPhoto.slice(6)}`
    expect((await fetch(bare)).status).toBe(403)
    expect((await fetch(bare, { headers: { Authorization: `Bearer ${t.owner}` } })).status).toBe(403)
  })
})

// A ledger export built in pages is its starter's: nobody else continues or downloads it.
describe('ledger export jobs', () => {
  let jobId = ''
  beforeAll(async () => {
    // More than a page of cases in 莲池区 (only 保定's coordinator sees them): the export becomes a job.
    const { fillLedger } = await import('../helpers/bigLedger')
    const { LEDGER_PAGE_ROWS } = await import('../../cloudfunctions/core/ledgerExport')
    const db = srv.db()
    await fillLedger(
      srv.storage,
      LEDGER_PAGE_ROWS + 1,
      { areaCode: '130606', handlerDeptId: 'd-lc-labour', firstResponderDeptId: 'd-lc-labour', prefix: 'authz' },
      (w) => db.transaction(w)(),
    )
    const started = await srv.call(t.coord_area, 'staff', 'ledger.export', { format: 'csv' })
    expect(started.data).toMatchObject({ done: false, jobId: expect.any(String) })
    jobId = started.data.jobId
  })
  const theirs = (own: Verdict): Record<Role, Verdict> => ({
    owner: W,
    worker_other: W,
    desk: 'NOT_FOUND',
    insp_handler: 'NOT_FOUND',
    insp_fr: 'NOT_FOUND',
    insp_other: 'NOT_FOUND',
    coord_area: own,
    coord_other: 'NOT_FOUND',
  })
  test.each(ROLES)('continuing it, as %s', async (role) => {
    const r = await srv.call(t[role], 'staff', 'ledger.continue', { jobId })
    expect(r.ok ? 'ok' : r.error!.code).toBe(theirs('ok')[role])
  })
  test.each(ROLES)('downloading it, as %s', async (role) => {
    // The starter finishes it first (continuing a finished job answers where it is).
    let step = (await srv.call(t.coord_area, 'staff', 'ledger.continue', { jobId })).data
    while (!step.done) step = (await srv.call(t.coord_area, 'staff', 'ledger.continue', { jobId })).data
    const r = await srv.call(t[role], 'staff', 'ledger.download', { jobId, part: 0 })
    expect(r.ok ? 'ok' : r.error!.code).toBe(theirs('ok')[role])
  })
})

// Issue 16: the 政法委 and 信访局 (watching units) read the severe cases of their area and nothing else;
// every other action is refused with one clear message and writes nothing; no routing reaches them.
describe('watching units (政法委, 信访局)', () => {
  const WATCHERS = ['watch_district', 'watch_city', 'watch_other'] as const
  type Watcher = (typeof WATCHERS)[number]
  const w: Partial<Record<Watcher, string>> = {}
  const deptOf: Partial<Record<Watcher, string>> = {}
  const REFUSAL = '政法委、信访局只能查看本辖区的重大风险案件，不能办理、登记或管理'
  let plain = { id: '', version: 0 }
  let severe = { id: '', version: 0 }

  /** A unit created by the city's coordinator (dept.create takes the new kinds) and one official invited into it. */
  async function watcher(who: Watcher, name: string, kind: string, areaCode: string, coordinator = t.coord_area): Promise<void> {
    const created = await srv.call(coordinator, 'admin', 'dept.create', { name, kind, areaCode })
    expect(created.ok).toBe(true)
    deptOf[who] = created.data.id
    // Only as an official who reads: never a coordinator or a desk of such a unit.
    const asCoord = await srv.call(coordinator, 'admin', 'invite.create', { role: 'coordinator', deptId: created.data.id })
    expect(asCoord.error?.fields?.role).toMatch(/政法委、信访局/)
    const invite = await srv.call(coordinator, 'admin', 'invite.create', { role: 'inspector', deptId: created.data.id })
    w[who] = await srv.login({ openid: `watch-${who}` })
    expect((await srv.call(w[who]!, 'staff', 'invite.accept', { code: invite.data.code })).ok).toBe(true)
  }

  beforeAll(async () => {
    await watcher('watch_district', '竞秀区委政法委', 'politics_law', '130602')
    await watcher('watch_city', '保定市信访局', 'petition', '130600')
    await watcher('watch_other', '石家庄市信访局', 'petition', '130100', t.coord_other)
    plain = await ownCase('某装饰公司')
    const c = await ownCase('某钢构劳务公司')
    const flagged = await srv.call(t.insp_handler, 'staff', 'complaint.flag', {
      id: c.id,
      version: c.version,
      signal: 'injury',
      note: '工友讨薪时受伤',
    })
    expect(flagged.ok).toBe(true)
    severe = { id: c.id, version: flagged.data.version }
  })

  /** An accepted case of its own employer (a flag makes every open case of the employer severe). */
  async function ownCase(employerName: string): Promise<{ id: string; version: number }> {
    const sub = await srv.call(
      t.owner,
      'worker',
      'complaint.submit',
      submission(null, { project: { name: '朝阳小区外墙改造', areaCode: '130602', industry: 'housing' }, employerName }),
    )
    const got = await srv.call(t.insp_handler, 'staff', 'complaint.get', { id: sub.data.id })
    const acc = await srv.call(t.insp_handler, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
    return { id: sub.data.id, version: acc.data.version }
  }

  const reads = (who: Watcher, which: 'plain' | 'severe'): Verdict => (which === 'severe' && who !== 'watch_other' ? 'ok' : 'NOT_FOUND')

  const cases = caseActions.map(([action, , extra]) => [action, extra] as const)
  describe.each(cases)('%s', (action, extra) => {
    test.each(WATCHERS.flatMap((who) => (['plain', 'severe'] as const).map((which) => [who, which] as const)))(
      'as %s on a %s case',
      async (who, which) => {
        const c = which === 'severe' ? severe : plain
        const before = tableCounts(srv.db())
        const r = await srv.call(w[who]!, 'staff', action, {
          id: c.id,
          ...(action === 'complaint.get' || action === 'complaint.receipt' ? {} : { version: c.version }),
          ...extra,
        })
        if (action === 'complaint.get') {
          expect(r.ok ? 'ok' : r.error!.code).toBe(reads(who, which))
          // A read by a watching unit changes nothing: the name stays masked, no action is offered.
          if (r.ok) {
            expect(r.data.allowedActions).toEqual([])
            expect(r.data.nameMasked).toBe(true)
            expect(r.data.colleagues).toEqual([])
          }
        } else {
          expect(r.error).toMatchObject({ code: 'FORBIDDEN', message: REFUSAL })
          expect(tableCounts(srv.db())).toEqual(before)
        }
      },
    )
  })

  test.each(WATCHERS)('the severe queue, as %s: the severe cases of their own area only', async (who) => {
    // Every page (the matrix above made many cases of one employer severe).
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const r = await srv.call(w[who]!, 'staff', 'queue.list', { view: 'severe', limit: 100, ...(cursor ? { cursor } : {}) })
      ids.push(...r.data.items.map((x: { id: string }) => x.id))
      cursor = r.data.nextCursor ?? undefined
    } while (cursor)
    expect(ids.includes(severe.id)).toBe(who !== 'watch_other')
    expect(ids).not.toContain(plain.id)
    // Their other views hold nothing: no case is ever in their hands.
    for (const view of ['to_accept', 'in_progress', 'first_responder', 'all', 'overdue', 'mine'])
      expect((await srv.call(w[who]!, 'staff', 'queue.list', { view })).data.items).toEqual([])
  })

  const allowed = ['me', 'profile.set', 'queue.list', 'dept.list']
  test.each(WATCHERS)('every other action, as %s: refused with the same message', async (who) => {
    for (const [fn, action, data] of otherActions) {
      const r = await srv.call(w[who]!, fn, action, data())
      if (fn === 'staff' && allowed.includes(action)) expect(r.ok).toBe(true)
      else expect(r.error).toMatchObject({ code: 'FORBIDDEN', message: REFUSAL })
    }
    const reissue = await srv.call(w[who]!, 'staff', 'complaint.reissueClaim', { id: severe.id })
    expect(reissue.error?.message).toBe(REFUSAL)
  })

  test('no routing reaches them: not by a rule, a transfer, 提级办理, a site or the catch-all unit', async () => {
    const id = deptOf.watch_district!
    const city = deptOf.watch_city!
    const before = tableCounts(srv.db())
    const rule = await srv.call(t.coord_area, 'admin', 'rule.create', { areaPrefix: '130602', industry: 'water', deptId: id })
    expect(rule.error?.fields?.deptId).toMatch(/政法委、信访局/)
    const site = await srv.call(t.coord_area, 'admin', 'site.create', {
      name: '竞秀区某工地',
      address: '竞秀区某路',
      areaCode: '130602',
      industry: 'housing',
      funding: 'other',
      contractor: { name: '保定某建筑公司', uscc: '91350100M000100Y43' },
      supervisingDeptId: id,
    })
    expect(site.error?.fields?.supervisingDeptId).toMatch(/主管部门/)
    const r = await freshCase('routed')
    const routed = await srv.call(t.insp_fr, 'staff', 'complaint.route', { id: r.id, version: r.version, toDeptId: id, reason: '试试' })
    expect(routed.error?.fields?.toDeptId).toBe('转办单位不存在或不能办理案件')
    const up = await srv.call(t.coord_area, 'staff', 'complaint.escalate', { id: r.id, version: r.version, toDeptId: city, reason: '试试' })
    expect(up.error?.fields?.toDeptId).toBe('提级办理只能交给本级的办理单位')
    const catchAll = await srv.call(t.coord_area, 'admin', 'config.set', { outOfArea: { catchAllDeptId: city } })
    expect(catchAll.error?.fields?.['outOfArea.catchAllDeptId']).toBeDefined()
    const counts = tableCounts(srv.db())
    // The routed case above was filed by this test (one complaint, its events, messages, members).
    expect(counts.depts).toBe(before.depts)
    expect(counts.routing_rules ?? counts.rules).toBe(before.routing_rules ?? before.rules)
    expect(counts.sites).toBe(before.sites)
    // A routing test of their area and industry names a handling unit, never them.
    const test = await srv.call(t.coord_area, 'admin', 'rule.test', { areaCode: '130602', industry: 'other' })
    expect([id, city]).not.toContain(test.data.dept?.id)
  })

  test('severe reports reach the watching units of the area (and the city’s), never another city’s', async () => {
    const { recipients } = await import('../../cloudfunctions/core/scheduler')
    const outbox = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((res) => res.json())
    const sent = outbox.items.filter(
      (m: { complaintId: string; recipient: string }) => m.complaintId === severe.id && m.recipient.startsWith('watch:'),
    )
    expect(sent.map((m: { recipient: string; title: string }) => [m.recipient, m.title])).toEqual([
      ['watch:130602', '欠薪风险重大情况报告'],
    ])
    expect((await recipients({ storage: srv.storage }, 'watch:130602')).sort()).toEqual(['watch-watch_city', 'watch-watch_district'])
    expect(await recipients({ storage: srv.storage }, 'watch:130606')).toEqual(['watch-watch_city'])
    // An ordinary case's messages never reach them.
    expect(
      outbox.items.some((m: { complaintId: string; recipient: string }) => m.complaintId === plain.id && m.recipient.startsWith('watch:')),
    ).toBe(false)
  })
})
