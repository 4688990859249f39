import { route, labourFor, type DeptLite, type RoutingRule } from '../../shared/routing'
import type { Industry } from '../../shared/types'

// Hebei 河北 (13) › Baoding 保定 (1306) › Jingxiu 竞秀区 (130602) / Lianchi 莲池区 (130606);
// Shijiazhuang 石家庄 (1301) is a neighbouring city.
const DEPTS: DeptLite[] = [
  { id: 'hb-labour', name: '河北省人社厅', kind: 'labour', areaCode: '130000' },
  { id: 'bd-labour', name: '保定市人社局', kind: 'labour', areaCode: '130600' },
  { id: 'jx-labour', name: '竞秀区人社局', kind: 'labour', areaCode: '130602' },
  { id: 'hb-housing', name: '河北省住建厅', kind: 'housing', areaCode: '130000' },
  { id: 'bd-housing', name: '保定市住建局', kind: 'housing', areaCode: '130600' },
  { id: 'jx-housing', name: '竞秀区住建局', kind: 'housing', areaCode: '130602' },
  { id: 'bd-transport', name: '保定市交通局', kind: 'transport', areaCode: '130600' },
  { id: 'bd-water', name: '保定市水利局', kind: 'water', areaCode: '130600' },
  { id: 'sjz-labour', name: '石家庄市人社局', kind: 'labour', areaCode: '130100' },
]

const RULES: RoutingRule[] = [
  { id: 'r-prov-housing', areaPrefix: '13', industry: 'housing', deptId: 'hb-housing' },
  { id: 'r-city-housing', areaPrefix: '1306', industry: 'housing', deptId: 'bd-housing' },
  { id: 'r-county-housing', areaPrefix: '130602', industry: 'housing', deptId: 'jx-housing' },
  { id: 'r-city-transport', areaPrefix: '1306', industry: 'transport', deptId: 'bd-transport' },
  { id: 'r-city-water', areaPrefix: '1306', industry: 'water', deptId: 'bd-water' },
]

describe('route: most specific rule wins', () => {
  const cases: [string, string, Industry, RoutingRule[], string, string][] = [
    ['county beats city and province', '130602', 'housing', RULES, 'jx-housing', 'r-county-housing'],
    ['order of the rule list does not matter', '130602', 'housing', [...RULES].reverse(), 'jx-housing', 'r-county-housing'],
    ['city beats province (other county of the city)', '130606', 'housing', RULES, 'bd-housing', 'r-city-housing'],
    [
      'city beats province (no county rule)',
      '130606',
      'housing',
      RULES.filter((r) => r.id !== 'r-county-housing'),
      'bd-housing',
      'r-city-housing',
    ],
    ['province when nothing closer', '130102', 'housing', RULES, 'hb-housing', 'r-prov-housing'],
    ['a complaint filed at city level uses the city rule', '130600', 'housing', RULES, 'bd-housing', 'r-city-housing'],
    ['transport goes to the transport department', '130602', 'transport', RULES, 'bd-transport', 'r-city-transport'],
    ['water goes to the water department', '130606', 'water', RULES, 'bd-water', 'r-city-water'],
  ]
  it.each(cases)('%s', (_name, areaCode, industry, rules, deptId, ruleId) => {
    const d = route({ areaCode, industry }, rules, DEPTS)
    expect(d).toMatchObject({ deptId, via: 'rule', ruleId })
    if (d.via !== 'rule') throw new Error('expected a rule match')
    const rule = rules.find((r) => r.id === ruleId)!
    expect(d.areaPrefix).toBe(rule.areaPrefix)
    // The explanation names the matched rule (its area) and the department.
    expect(d.explanation).toContain(rule.areaPrefix)
    expect(d.explanation).toContain(DEPTS.find((x) => x.id === deptId)!.name)
  })
})

describe('route: industry rules apply only to their industry', () => {
  it('a housing rule does not catch a transport complaint in a county without transport rule', () => {
    const rules = RULES.filter((r) => r.industry === 'housing')
    const d = route({ areaCode: '130602', industry: 'transport' }, rules, DEPTS)
    expect(d.via).toBe('labour_fallback')
    expect(d.deptId).toBe('jx-labour')
  })
  it("'other' industry has no rule here → labour inspection", () => {
    const d = route({ areaCode: '130606', industry: 'other' }, RULES, DEPTS)
    expect(d).toMatchObject({ deptId: 'bd-labour', via: 'labour_fallback' })
  })
  it('a rule of another city never matches', () => {
    const d = route({ areaCode: '130102', industry: 'transport' }, RULES, DEPTS)
    expect(d).toMatchObject({ deptId: 'sjz-labour', via: 'labour_fallback' })
  })
})

describe('route: labour inspection fallback', () => {
  const cases: [string, string, DeptLite[], string | null][] = [
    ['county labour before city and province labour', '130602', DEPTS, 'jx-labour'],
    ['city labour for a county without its own', '130606', DEPTS, 'bd-labour'],
    ['province labour when no city/county labour', '130902', DEPTS, 'hb-labour'],
    ['labour of another province never used', '410102', DEPTS, null],
  ]
  it.each(cases)('%s', (_n, areaCode, depts, expected) => {
    const d = route({ areaCode, industry: 'other' }, RULES, depts)
    expect(d.deptId).toBe(expected)
    if (expected) {
      expect(d.via).toBe('labour_fallback')
      expect(d.explanation).toContain(depts.find((x) => x.id === expected)!.name)
      expect(labourFor(areaCode, depts)?.id).toBe(expected)
    } else {
      expect(d.via).toBe('none')
      expect(d.explanation.length).toBeGreaterThan(0)
      expect(labourFor(areaCode, depts)).toBeUndefined()
    }
  })

  it('labour department list order does not matter', () => {
    expect(route({ areaCode: '130602', industry: 'other' }, [], [...DEPTS].reverse()).deptId).toBe('jx-labour')
  })

  it('non-labour departments are never the fallback', () => {
    const onlyIndustry = DEPTS.filter((d) => d.kind !== 'labour')
    const d = route({ areaCode: '130602', industry: 'other' }, RULES, onlyIndustry)
    expect(d).toMatchObject({ deptId: null, via: 'none' })
  })
})

describe('route: inactive departments are skipped', () => {
  const inactive = (ids: string[]) => DEPTS.map((d) => (ids.includes(d.id) ? { ...d, active: false } : d))

  it('inactive county housing → next most specific rule (city)', () => {
    const d = route({ areaCode: '130602', industry: 'housing' }, RULES, inactive(['jx-housing']))
    expect(d).toMatchObject({ deptId: 'bd-housing', via: 'rule', ruleId: 'r-city-housing', areaPrefix: '1306' })
  })
  it('all housing departments inactive → labour', () => {
    const d = route({ areaCode: '130602', industry: 'housing' }, RULES, inactive(['jx-housing', 'bd-housing', 'hb-housing']))
    expect(d).toMatchObject({ deptId: 'jx-labour', via: 'labour_fallback' })
  })
  it('inactive county labour → city labour', () => {
    const d = route({ areaCode: '130602', industry: 'other' }, RULES, inactive(['jx-labour']))
    expect(d).toMatchObject({ deptId: 'bd-labour', via: 'labour_fallback' })
    expect(labourFor('130602', inactive(['jx-labour']))?.id).toBe('bd-labour')
  })
  it('every labour department inactive → none', () => {
    const d = route({ areaCode: '130602', industry: 'other' }, RULES, inactive(['jx-labour', 'bd-labour', 'hb-labour']))
    expect(d).toEqual({ deptId: null, via: 'none', explanation: expect.any(String) })
  })
  it('active: true is active', () => {
    const depts = DEPTS.map((d) => ({ ...d, active: true }))
    expect(route({ areaCode: '130602', industry: 'housing' }, RULES, depts).deptId).toBe('jx-housing')
  })
  it('a rule pointing at a department that does not exist is skipped', () => {
    const rules: RoutingRule[] = [...RULES, { id: 'r-ghost', areaPrefix: '130602', industry: 'transport', deptId: 'ghost' }]
    const d = route({ areaCode: '130602', industry: 'transport' }, rules, DEPTS)
    expect(d).toMatchObject({ deptId: 'bd-transport', ruleId: 'r-city-transport' })
  })
})

describe('route: nothing at all', () => {
  it('no rules and no departments → deptId null with an explanation', () => {
    const d = route({ areaCode: '130602', industry: 'housing' }, [], [])
    expect(d.deptId).toBeNull()
    expect(d.via).toBe('none')
    expect(d.explanation).toMatch(/\S/)
  })
})
