// The worker form's plain logic, without a renderer: where a complaint page was opened from, field
// checks, yuan to fen, the area picker's levels and the request body.
import { emptyForm, checkField, checkForm, FIELD, toSubmitBody, type ComplaintForm } from '../../miniprogram/src/pages/complain/form'
import { areaChoices } from '@shared/areas'
import { pickedAreaCode } from '../../miniprogram/src/utils/areas'
import { readFen, yuanToFen } from '../../miniprogram/src/utils/money'
import { parseClaimLink, parseScene, sceneFor, siteEntryFromParams } from '../../miniprogram/src/utils/siteLink'
import { collapseViews } from '../../miniprogram/src/utils/timeline'

const NOW = Date.parse('2026-11-22T06:00:00Z')
const form = (over: Partial<ComplaintForm> = {}): ComplaintForm => ({
  ...emptyForm('2026-10'),
  name: '张师傅',
  phone: '138 1234 5678',
  amountYuan: '12500',
  workerCount: '3',
  ...over,
})
const ctx = {
  mode: 'site' as const,
  siteCode: 'F8KCC7G',
  placement: 'helmet',
  unknownCode: '',
  clientRequestId: 'c-abc-12345678',
  photos: [],
}

describe('where the complaint page was opened from', () => {
  test('a sticker link, as WeChat passes it (encoded once or twice)', () => {
    const link = 'https://xam.example.cn/q/F8KCC7G?p=helmet'
    expect(siteEntryFromParams({ q: encodeURIComponent(link) })).toEqual({ code: 'F8KCC7G', placement: 'helmet' })
    expect(siteEntryFromParams({ q: encodeURIComponent(encodeURIComponent(link)) })).toEqual({ code: 'F8KCC7G', placement: 'helmet' })
  })
  test("a mini-program code's scene", () => {
    expect(siteEntryFromParams({ scene: encodeURIComponent('F8KCC7G_b') })).toEqual({ code: 'F8KCC7G', placement: 'board' })
    expect(parseScene('F8KCC7G')).toEqual({ code: 'F8KCC7G', placement: '' })
    expect(parseScene('F8KCC7G_x')).toEqual({ code: 'F8KCC7G', placement: '' })
    for (const p of ['helmet', 'board', 'gate', 'living', 'clothes']) {
      const scene = sceneFor('F8KCC7G', p)
      expect(scene.length).toBeLessThanOrEqual(32)
      expect(parseScene(scene)).toEqual({ code: 'F8KCC7G', placement: p })
    }
  })
  test("a desk receipt's claim link, in a browser or as WeChat's q", () => {
    const link = 'https://xam.example.cn/c/130602-2026-00012?k=K7M2QP'
    expect(parseClaimLink(link)).toEqual({ caseNo: '130602-2026-00012', claimCode: 'K7M2QP' })
    expect(parseClaimLink(encodeURIComponent(link))).toEqual({ caseNo: '130602-2026-00012', claimCode: 'K7M2QP' })
    expect(parseClaimLink('https://xam.example.cn/q/F8KCC7G?p=helmet')).toBeNull()
    expect(siteEntryFromParams({ q: encodeURIComponent(link) })).toBeNull()
  })
  test('a shared card or a typed code; unknown placements are dropped (the server would refuse them)', () => {
    expect(siteEntryFromParams({ code: 'f8k-cc7g', p: 'gate' })).toEqual({ code: 'F8KCC7G', placement: 'gate' })
    expect(siteEntryFromParams({ code: 'F8KCC7G', p: 'roof' })).toEqual({ code: 'F8KCC7G', placement: '' })
    expect(siteEntryFromParams({})).toBeNull()
  })
})

test('yuan as typed becomes integer fen, and is read back to catch a zero too many', () => {
  expect(yuanToFen('8000')).toBe(800000)
  expect(yuanToFen('12,500元')).toBe(1250000)
  expect(yuanToFen('１２５００')).toBe(1250000)
  expect(yuanToFen('1.5万')).toBe(1500000)
  expect(yuanToFen('0.1')).toBe(10)
  expect(yuanToFen('八千')).toBeNull()
  expect(readFen(1250000)).toBe('1.25万元')
  expect(readFen(800000)).toBe('8000元')
})

describe('field checks', () => {
  test('a complete form with a site has no messages', () => {
    expect(checkForm(form(), 'site', NOW)).toEqual({})
  })
  test('each field says what is wrong in plain words', () => {
    const errors = checkForm(form({ name: ' ', phone: '1381234', amountYuan: 'abc', workerCount: '0', owedSince: '2026-12' }), 'site', NOW)
    expect(errors).toEqual({
      [FIELD.name]: '请填写您的姓名',
      [FIELD.phone]: '手机号应该是11位数字，以1开头，请核对',
      [FIELD.amount]: '只填数字就行，例如 8000',
      [FIELD.workerCount]: '至少1个人（算上您自己）',
      [FIELD.owedSince]: '开始欠钱的月份不能晚于这个月',
    })
    expect(checkField(FIELD.phone, form({ phone: '+86 138-1234-5678' }), 'site', NOW)).toBe('')
  })
  test('without a site the project name, the place and the industry are asked', () => {
    const errors = checkForm(form({ industry: '' }), 'nosite', NOW)
    expect(Object.keys(errors).sort()).toEqual([FIELD.area, FIELD.industry, FIELD.projectName].sort())
    expect(errors[FIELD.area]).toBe('请选择工地在哪个省')
    expect(checkField(FIELD.area, form({ area: { province: '130000', city: '130600', district: '' } }), 'nosite')).toBe(
      '请选择工地在哪个区、县',
    )
    expect(checkField(FIELD.area, form({ area: { province: '130000', city: '130600', district: '130602' } }), 'nosite')).toBe('')
  })
})

test('the area picker: three levels, and cities without counties stand for themselves', () => {
  // What the picker loads (worker area.choices): provinces, then a province's cities with their counties.
  expect(areaChoices('').length).toBeGreaterThanOrEqual(31)
  expect(areaChoices('110000').map((c) => c.name)).toEqual(['北京市'])
  const baoding = areaChoices('130000').find((c) => c.code === '130600')
  expect(baoding?.children?.find((d) => d.code === '130602')?.name).toBe('竞秀区')
  // 东莞: the tree lists towns (nine-digit codes), so the city's own code is the area (the picker puts it as the county).
  expect(areaChoices('440000').find((c) => c.code === '441900')?.children).toEqual([])
  expect(pickedAreaCode({ province: '440000', city: '441900', district: '441900' })).toBe('441900')
  expect(pickedAreaCode({ province: '130000', city: '130600', district: '' })).toBe('')
  expect(pickedAreaCode({ province: '130000', city: '', district: '' })).toBe('')
})

describe('the request body', () => {
  test('with a site: code, placement, fen, trimmed person, photos', () => {
    expect(toSubmitBody(form({ description: ' 拖了三个月 ' }), { ...ctx, photos: ['cloud://env/evidence/a.jpg'] })).toEqual({
      clientRequestId: 'c-abc-12345678',
      siteCode: 'F8KCC7G',
      placement: 'helmet',
      complainant: { name: '张师傅', phone: '13812345678' },
      workerCount: 3,
      amountOwedFen: 1250000,
      owedSince: '2026-10',
      description: '拖了三个月',
      photos: ['cloud://env/evidence/a.jpg'],
      hideIdentityFromEmployer: false,
      bossUnreachable: false,
    })
  })
  test('"信息不对": the employer the worker names is sent, and a note tells the staff', () => {
    const body = toSubmitBody(
      form({ wrongInfo: true, rightProject: '幸福小区二期', rightEmployer: '刘老板劳务队', description: '干了三个月' }),
      ctx,
    )
    expect(body.siteCode).toBe('F8KCC7G')
    expect(body.employerName).toBe('刘老板劳务队')
    expect(body.description).toBe(
      '【工友反映二维码上的项目信息不对】项目应为：幸福小区二期；欠钱的老板或单位应为：刘老板劳务队\n干了三个月',
    )
  })
  test('without a site: the project, and the unknown code for the staff', () => {
    const f = form({
      projectName: '幸福小区',
      area: { province: '130000', city: '130600', district: '130602' },
      industry: 'housing',
      employerName: '张老板',
    })
    const body = toSubmitBody(f, { ...ctx, mode: 'nosite', siteCode: '', placement: '', unknownCode: 'ZZZ-ZZ27' })
    expect(body.siteCode).toBeUndefined()
    expect(body.placement).toBeUndefined()
    expect(body.project).toEqual({ name: '幸福小区', areaCode: '130602', industry: 'housing' })
    expect(body.employerName).toBe('张老板')
    expect(body.description).toBe('【工友扫到的项目码 ZZZ-ZZ27 在系统里查不到】')
  })
})

test('staff timeline: views of personal data in a row by one unit read as one entry; the rest stays as it is', () => {
  const ev = (type: string, at: string, actor?: string) => ({ type, at, label: type, note: '', ...(actor ? { actor } : {}) })
  const items = [
    ev('registered', '2026-11-01T01:00:00Z'),
    ev('pii_viewed', '2026-11-01T02:00:00Z', '住建局'),
    ev('pii_viewed', '2026-11-01T03:00:00Z', '住建局'),
    ev('pii_viewed', '2026-11-02T03:00:00Z', '住建局'),
    ev('pii_viewed', '2026-11-02T04:00:00Z', '人社局'),
    ev('accepted', '2026-11-02T05:00:00Z', '住建局'),
    ev('pii_viewed', '2026-11-03T05:00:00Z', '住建局'),
  ]
  const shown = collapseViews(items)
  expect(shown.map((i) => [i.type, i.actor ?? '', i.times ?? 1, i.firstAt ?? i.at, i.at])).toEqual([
    ['registered', '', 1, '2026-11-01T01:00:00Z', '2026-11-01T01:00:00Z'],
    ['pii_viewed', '住建局', 3, '2026-11-01T02:00:00Z', '2026-11-02T03:00:00Z'],
    ['pii_viewed', '人社局', 1, '2026-11-02T04:00:00Z', '2026-11-02T04:00:00Z'],
    ['accepted', '住建局', 1, '2026-11-02T05:00:00Z', '2026-11-02T05:00:00Z'],
    ['pii_viewed', '住建局', 1, '2026-11-03T05:00:00Z', '2026-11-03T05:00:00Z'],
  ])
  expect(collapseViews([])).toEqual([])
})
