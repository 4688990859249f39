// The offender ledger's and the risk picture's rules, pure: which cases count, when a 责令限期支付 is
// unpaid, the criteria's edges, a case naming no employer; worst-first ordering of the risk picture.
import { buildOffenders, buildRiskAreas, localName } from '../../cloudfunctions/core/oversight'
import type { Complaint, TimelineEvent } from '../../cloudfunctions/core/ports'

let n = 0
const kase = (o: Partial<Complaint>): Complaint =>
  ({
    id: `c${++n}`,
    employerKey: 'name:甲公司',
    employerName: '甲公司',
    employerUscc: null,
    areaCode: '130602',
    industry: 'housing',
    status: 'accepted',
    workerCount: 2,
    amountOwedFen: 1_000_000,
    amountRecoveredFen: null,
    riskLevel: 'none',
    card: 'none',
    createdAt: `2026-11-${String(10 + n).padStart(2, '0')}T00:00:00.000Z`,
    ...o,
  }) as Complaint
const event = (c: Complaint, type: string, data: Record<string, unknown>): TimelineEvent => ({
  id: ++n,
  complaintId: c.id,
  at: c.createdAt,
  type,
  actorOpenid: null,
  actorDeptId: null,
  note: '',
  visibleToWorker: false,
  data,
})
const CRITERIA = { minCases: 3, minUnpaidFen: 3_000_000, unpaidPaymentOrder: true, severeIncident: true }

test('a 责令限期支付 counts as unpaid only while its case is open; the unpaid amount nominates at exactly the threshold', () => {
  const open = kase({ amountOwedFen: 2_000_000 })
  const paid = kase({
    employerKey: 'name:乙公司',
    employerName: '乙公司',
    status: 'resolved',
    amountOwedFen: 3_000_000,
    amountRecoveredFen: 0,
  })
  const l = buildOffenders(
    [open, paid],
    [event(open, 'penalty', { kind: 'payment_order' }), event(paid, 'penalty', { kind: 'payment_order' })],
    CRITERIA,
    '130600',
  )
  const jia = l.rows.find((r) => r.employerName === '甲公司')!
  const yi = l.rows.find((r) => r.employerName === '乙公司')!
  expect(jia.unpaidPaymentOrder).toBe(true)
  expect(jia.nominationReasons).toEqual(['责令限期支付后仍未支付'])
  expect(yi.unpaidPaymentOrder).toBe(false)
  expect(yi.nominationReasons).toEqual(['未支付30,000 元，达到30,000 元'])
})

test('recovered more than owed on a case never makes another case’s unpaid amount smaller', () => {
  const over = kase({ status: 'resolved', amountOwedFen: 100_000, amountRecoveredFen: 500_000 })
  const open = kase({ amountOwedFen: 200_000 })
  const l = buildOffenders([over, open], [], CRITERIA, '130600')
  expect(l.rows[0]).toMatchObject({ owedFen: 300_000, recoveredFen: 500_000, unpaidFen: 200_000 })
})

test('not wage arrears and transferred out are left out; a case naming no employer is one line, never nominated', () => {
  const cases = [
    kase({ status: 'not_wage_arrears' }),
    kase({ status: 'transferred_out' }),
    ...[1, 2, 3].map(() => kase({ employerKey: '', employerName: '', amountOwedFen: 5_000_000 })),
  ]
  const l = buildOffenders(cases, [], CRITERIA, '130600')
  expect(l.rows).toHaveLength(1)
  expect(l.rows[0]).toMatchObject({ employerName: '（未填写用人单位）', cases: 3, nominationReasons: [] })
  expect(l.totals).toMatchObject({ employers: 1, nominated: 0, cases: 3 })
})

test('the latest case names the employer; measures of unknown kinds and other signals are ignored', () => {
  const a = kase({ employerName: '甲公司（旧名）', createdAt: '2026-10-01T00:00:00.000Z' })
  const b = kase({ employerName: '甲公司', createdAt: '2026-11-01T00:00:00.000Z' })
  const l = buildOffenders(
    [b, a],
    [event(a, 'penalty', { kind: 'warning' }), event(a, 'flagged', { signal: 'public_opinion' }), event(b, 'advanced', { amountFen: 'x' })],
    CRITERIA,
    '130600',
  )
  expect(l.rows[0]).toMatchObject({ employerName: '甲公司', advances: 1, advancedFen: 0, severeIncident: false })
  expect(Object.values(l.rows[0].penalties).reduce((s, x) => s + x, 0)).toBe(0)
})

test('risk picture: open cases only, worst level first, then red cards, then money; names within the coordinator’s area', () => {
  const cases = [
    kase({ areaCode: '130606', riskLevel: 'major', amountOwedFen: 9_000_000 }),
    kase({ areaCode: '130602', riskLevel: 'major', card: 'red' }),
    kase({ areaCode: '130602', status: 'closed', riskLevel: 'severe' }),
    kase({ areaCode: '130607', riskLevel: 'general', card: 'red', amountOwedFen: 50_000_000 }),
  ]
  const r = buildRiskAreas(cases, 'district', '2026-11-18T00:00:00.000Z', '130600')
  expect(r.rows.map((x) => [x.name, x.level, x.redCards, x.openCases])).toEqual([
    ['竞秀区', 'major', 1, 1],
    ['莲池区', 'major', 0, 1],
    ['满城区', 'general', 1, 1],
  ])
  expect(r.totals).toMatchObject({ openCases: 3, level: 'major', redCards: 2, majorCases: 2 })
  expect(localName('130602', '130000')).toBe('保定市竞秀区')
  expect(localName('130602', '110000')).toBe('河北省保定市竞秀区')
})
