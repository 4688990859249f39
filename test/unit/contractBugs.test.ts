// Issue 11, "the four bugs": where the page and the server disagreed, the pure form and area logic now
// follows the contract. Each test here would have failed before the fix.
import { AREA_TREE, areaChoices, childAreas, isComplaintArea, type AreaNode } from '@shared/areas'
import { isComplaintAreaCode } from '@shared/complaintAreas'
import { LIMITS } from '@shared/contract/fields'
import { checkFileForm, fileBodyErrors, toFileBody, type FileForm } from '../../miniprogram/src/staff/lib/fileForm'
import { childrenOf, districtsIn, pathOf } from '../../miniprogram/src/staff/lib/areas'
import {
  checkField,
  checkForm,
  emptyForm,
  FIELD,
  toSubmitBody,
  type ComplaintForm,
  type SubmitContext,
} from '../../miniprogram/src/pages/complain/form'
import { submitErrors } from '../../miniprogram/src/pages/complain/submitCheck'
import { pickedAreaCode } from '../../miniprogram/src/utils/areas'

/** The cities without counties: the area tree lists their towns (nine-digit codes) instead. */
const NO_COUNTIES = [
  { code: '441900', province: '440000', name: '东莞市' },
  { code: '442000', province: '440000', name: '中山市' },
  { code: '460400', province: '460000', name: '儋州市' },
  { code: '620200', province: '620000', name: '嘉峪关市' },
]
const SIX = /^\d{6}$/

/** Every node of the raw tree, towns included. */
function allNodes(nodes: AreaNode[] = AREA_TREE, out: AreaNode[] = []): AreaNode[] {
  for (const n of nodes) {
    out.push(n)
    if (n[2]) allNodes(n[2], out)
  }
  return out
}

describe('bug a: the desk files a complaint without a site in a city without counties', () => {
  const deskForm = (over: Partial<FileForm> = {}): FileForm => ({
    group: false,
    people: [
      {
        key: 1,
        name: '王大力',
        phone: '13900000001',
        noPhone: false,
        contactPhone: '',
        contactPhoneOf: '',
        idNumber: '',
        amountYuan: '8000',
      },
    ],
    workerCount: '',
    hasSite: false,
    siteCode: '',
    projectName: '松山湖某厂房扩建工程',
    projectAddress: '',
    areaCode: '441900',
    industry: 'housing',
    employerName: '',
    owedSince: '2026-08',
    description: '',
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
    ...over,
  })

  test.each(NO_COUNTIES)('$name ($code) is a place to file in, on the form and by the contract', ({ code }) => {
    const f = deskForm({ areaCode: code })
    expect(checkFileForm(f)).toEqual({})
    const body = toFileBody(f, 'desk-req-12345678')
    expect(body.project).toEqual({ name: '松山湖某厂房扩建工程', areaCode: code, industry: 'housing' })
    expect(fileBodyErrors(body, false)).toEqual({})
  })

  test('a city with counties, a province or a town is not: pick down to the county', () => {
    expect(checkFileForm(deskForm({ areaCode: '130600' }))).toEqual({ 'project.areaCode': '请选到区县' })
    expect(checkFileForm(deskForm({ areaCode: '130000' }))['project.areaCode']).toBe('请选到区县')
    expect(checkFileForm(deskForm({ areaCode: '441900003' }))['project.areaCode']).toBe('请选到区县')
    expect(checkFileForm(deskForm({ areaCode: '' }))['project.areaCode']).toBe('请选到区县')
    expect(checkFileForm(deskForm({ areaCode: '130602' }))).toEqual({})
  })

  test('shared/areas: the four cities have no six-digit children and are complaint areas on their own', () => {
    for (const { code } of NO_COUNTIES) {
      expect(childAreas(code)).toEqual([])
      expect(isComplaintArea(code)).toBe(true)
    }
    expect(childAreas('130600').find((a) => a.code === '130602')).toEqual({ code: '130602', name: '竞秀区' })
    expect(childAreas('440000').map((a) => a.code)).toEqual(expect.arrayContaining(['441900', '442000']))
    expect(isComplaintArea('130602')).toBe(true)
    // Cities with counties (a municipality's 110100 too), provinces, towns and unknown codes are not.
    for (const code of ['130600', '110100', '130000', '440000', '441900003', '999999', '1306', ''])
      expect(isComplaintArea(code)).toBe(false)
  })
})

test('the packed complaint areas the request schemas check (no tree in the pages) are exactly the tree’s', () => {
  const codes = new Set(allNodes().map((n) => n[0]))
  let placeable = 0
  for (const code of codes) {
    expect([code, isComplaintAreaCode(code)]).toEqual([code, isComplaintArea(code)])
    if (isComplaintArea(code)) placeable++
  }
  expect(placeable).toBeGreaterThan(2900)
  for (const code of ['', '1306', '999999', '130699', '441900003', '130000', '130600']) expect(isComplaintAreaCode(code)).toBe(false)
  expect(isComplaintAreaCode('130602')).toBe(true)
  expect(isComplaintAreaCode('441900')).toBe(true)
})

describe('bug b: the area pickers never offer a nine-digit town code', () => {
  test('the bundled tree does list towns under the four cities (what the pickers must skip)', () => {
    const towns = allNodes().filter((n) => !SIX.test(n[0]))
    expect(towns.length).toBeGreaterThan(0)
    expect([...new Set(towns.map((t) => t[0].slice(0, 4) + '00'))].sort()).toEqual(NO_COUNTIES.map((c) => c.code).sort())
  })

  test('desk picker: childrenOf returns six-digit codes only, everywhere in the tree', () => {
    const offered: string[] = []
    const walk = (code: string, depth: number) => {
      for (const k of childrenOf(code)) {
        offered.push(k.code)
        if (depth < 3) walk(k.code, depth + 1)
      }
    }
    walk('', 0)
    expect(offered.filter((c) => !SIX.test(c))).toEqual([])
    // Every six-digit node of the tree was reached, once.
    expect(new Set(offered).size).toBe(offered.length)
    expect(offered.length).toBe(allNodes().filter((n) => SIX.test(n[0])).length)
    for (const { code, province } of NO_COUNTIES) {
      expect(childrenOf(province).map((c) => c.code)).toContain(code)
      expect(childrenOf(code)).toEqual([])
      expect(pathOf(code)).toEqual({ province, city: code, county: '' })
    }
    expect(districtsIn('440000').every((a) => SIX.test(a.code))).toBe(true)
    expect(districtsIn('441900')).toEqual([])
  })

  test("worker picker: the choices it loads (worker area.choices) agree with the desk's childrenOf for every city", () => {
    const offered: string[] = []
    const disagree: string[] = []
    for (const p of areaChoices('')) {
      offered.push(p.code)
      expect(p.children).toBeUndefined()
      for (const c of areaChoices(p.code)) {
        offered.push(c.code)
        const ds = c.children ?? []
        offered.push(...ds.map((d) => d.code))
        if (JSON.stringify(ds) !== JSON.stringify(childrenOf(c.code))) disagree.push(c.code)
      }
    }
    expect(offered.filter((c) => !SIX.test(c))).toEqual([])
    expect(disagree).toEqual([])
    expect(offered.length).toBe(allNodes().filter((n) => SIX.test(n[0])).length)
    for (const { code, province } of NO_COUNTIES) {
      expect(areaChoices(province).find((c) => c.code === code)?.children).toEqual([])
      // The picker puts such a city's own code where a county would go: that is the area sent.
      expect(pickedAreaCode({ province, city: code, district: code })).toBe(code)
      expect(pickedAreaCode({ province, city: code, district: '' })).toBe('')
    }
    // Nothing below a city, a county or an unknown code: only provinces have choices.
    for (const code of ['130600', '130602', '990000']) expect(areaChoices(code)).toEqual([])
  })
})

describe('bug d: the description is as long on the page as on the server (LIMITS.description)', () => {
  const NOW = Date.parse('2026-11-18T01:00:00Z')
  const form = (over: Partial<ComplaintForm> = {}): ComplaintForm => ({
    ...emptyForm('2026-08'),
    name: '张师傅',
    phone: '13812345678',
    amountYuan: '12500',
    workerCount: '3',
    projectName: '东城街道某住宅楼',
    area: { province: '440000', city: '441900', district: '441900' }, // 东莞: the city is the area
    industry: 'housing',
    ...over,
  })
  const ctx: SubmitContext = { mode: 'nosite', siteCode: '', placement: '', unknownCode: '', clientRequestId: 'c-abc-12345678', photos: [] }

  test('the limit is 2,000 characters', () => {
    expect(LIMITS.description).toBe(2000)
  })

  test('checkField accepts 2,000 characters and refuses 2,001', () => {
    expect(checkField(FIELD.description, form({ description: '欠'.repeat(2000) }), 'nosite', NOW)).toBe('')
    expect(checkField(FIELD.description, form({ description: '欠'.repeat(2001) }), 'nosite', NOW)).toBe('最多写2000个字')
    expect(checkForm(form({ description: '欠'.repeat(2000) }), 'nosite', NOW)).toEqual({})
    expect(checkForm(form({ description: '欠'.repeat(2001) }), 'site', NOW)).toEqual({ [FIELD.description]: '最多写2000个字' })
  })

  test('submitErrors: the body is checked by the contract, so a description over the limit is refused', () => {
    const fits = toSubmitBody(form({ description: '欠'.repeat(LIMITS.description) }), ctx)
    expect(fits.description).toHaveLength(2000)
    expect(submitErrors(fits)).toEqual({})
    expect(Object.keys(submitErrors({ ...fits, description: '欠'.repeat(LIMITS.description + 1) }))).toEqual(['description'])
    // The field check passes 2,000 typed characters, but the note for the staff in front makes it longer.
    const noted = toSubmitBody(form({ description: '欠'.repeat(LIMITS.description) }), { ...ctx, unknownCode: 'ZZZ-ZZ27' })
    expect(noted.description!.length).toBeGreaterThan(LIMITS.description)
    expect(submitErrors(noted)).toEqual({ description: `情况说明太长了，最多${LIMITS.description}个字` })
  })
})
