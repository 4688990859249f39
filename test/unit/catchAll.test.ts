// The catch-all first responder for places no unit here covers (DOMAIN.md, rule 5).
import { catchAllDept, coversArea } from '../../shared/firstResponder'
import type { DeptLite } from '../../shared/routing'

const DEPTS: DeptLite[] = [
  { id: 'bd-labour', name: '保定市人社局', kind: 'labour', areaCode: '130600' },
  { id: 'jx-labour', name: '竞秀区人社局', kind: 'labour', areaCode: '130602' },
  { id: 'bd-desk', name: '保定市快速解决中心', kind: 'desk', areaCode: '130000' },
  { id: 'jx-housing', name: '竞秀区住建局', kind: 'housing', areaCode: '130602' },
]

test('an area is covered by an active unit that handles cases, never by a desk alone', () => {
  expect(coversArea('130602', DEPTS)).toBe(true)
  expect(coversArea('130606', DEPTS)).toBe(true) // the city's labour department covers its counties
  expect(coversArea('130102', DEPTS)).toBe(false) // only the desk's area (the province) reaches 石家庄
  expect(coversArea('410105', DEPTS)).toBe(false)
  expect(
    coversArea(
      '130606',
      DEPTS.map((d) => (d.id === 'bd-labour' ? { ...d, active: false } : d)),
    ),
  ).toBe(false)
})

test('the catch-all unit: the configured one when usable, else the labour department of the widest area', () => {
  expect(catchAllDept(DEPTS)?.id).toBe('bd-labour')
  expect(catchAllDept(DEPTS, 'jx-housing')?.id).toBe('jx-housing')
  expect(catchAllDept(DEPTS, 'bd-desk')?.id).toBe('bd-labour') // a desk handles nothing
  expect(catchAllDept(DEPTS, 'gone')?.id).toBe('bd-labour')
  expect(catchAllDept(DEPTS.map((d) => (d.id === 'bd-labour' ? { ...d, active: false } : d)))?.id).toBe('jx-labour')
  expect(catchAllDept(DEPTS.filter((d) => d.kind !== 'labour'))?.id).toBe('jx-housing') // no labour unit at all
  expect(catchAllDept(DEPTS.filter((d) => d.kind === 'desk'))).toBeUndefined()
  // Two of the same width: the first by id, every time.
  const twins: DeptLite[] = [
    { id: 'z-labour', name: '乙', kind: 'labour', areaCode: '130600' },
    { id: 'a-labour', name: '甲', kind: 'labour', areaCode: '130100' },
  ]
  expect(catchAllDept(twins)?.id).toBe('a-labour')
})
