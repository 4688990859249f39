// The desk's filing form: a worker without a mobile phone ("无手机"), with an optional contact phone and
// whose it is; the body it sends and the errors it shows, checked by the contract's own schema.
import {
  checkFileForm,
  fileBodyErrors,
  formErrorsFromServer,
  toFileBody,
  type FileForm,
  type PersonRow,
} from '../../miniprogram/src/staff/lib/fileForm'
import { fileOnBehalfSchema } from '../../shared/contract/staff'
import { submitSchema } from '../../shared/contract/worker'
import { phoneText } from '../../shared/labels'
import { z } from 'zod/mini'

let key = 0
const row = (over: Partial<PersonRow> = {}): PersonRow => ({
  key: ++key,
  name: '王大力',
  phone: '13900000001',
  noPhone: false,
  contactPhone: '',
  contactPhoneOf: '',
  idNumber: '',
  amountYuan: '8000',
  ...over,
})
const form = (people: PersonRow[], over: Partial<FileForm> = {}): FileForm => ({
  group: people.length > 1,
  people,
  workerCount: '',
  hasSite: false,
  siteCode: '',
  projectName: '朝阳小区外墙改造',
  projectAddress: '',
  areaCode: '130602',
  industry: 'housing',
  employerName: '',
  owedSince: '2025-08',
  description: '',
  hideIdentityFromEmployer: false,
  bossUnreachable: false,
  ...over,
})

test('a row marked 无手机 needs no mobile; its contact phone and kind go in the body instead, the mobile typed before does not', () => {
  const f = form([
    row(),
    row({ name: '刘二牛', phone: '139', noPhone: true, contactPhone: ' 136 0000 0102 ', contactPhoneOf: 'relative', amountYuan: '6500' }),
    row({ name: '陈三', phone: '', noPhone: true, amountYuan: '7200' }),
  ])
  expect(checkFileForm(f)).toEqual({})
  const body = toFileBody(f, 'desk-req-12345678')
  expect(body.complainants).toEqual([
    { name: '王大力', phone: '13900000001', amountOwedFen: 800_000 },
    { name: '刘二牛', contactPhone: '136 0000 0102', contactPhoneOf: 'relative', amountOwedFen: 650_000 },
    { name: '陈三', amountOwedFen: 720_000 },
  ])
  expect(fileBodyErrors(body, true)).toEqual({})
  // The contract cleans the number as the server stores it.
  const parsed = z.parse(fileOnBehalfSchema, body)
  expect(parsed.complainants?.[1].contactPhone).toBe('13600000102')
})

test('without 无手机 a row needs its mobile; a contact phone without its kind, or a bad one, is refused by the contract, on the right row', () => {
  expect(checkFileForm(form([row({ phone: '' })]))).toEqual({ 'complainant.phone': '请填写11位手机号；没有手机请勾选“无手机”' })
  const noKind = form([row(), row({ noPhone: true, contactPhone: '13600000102' })])
  expect(fileBodyErrors(toFileBody(noKind, 'desk-req-12345678'), true)).toEqual({
    'complainants.1.contactPhoneOf': '请选择联系电话是亲属的还是服务台的',
  })
  const bad = form([row({ noPhone: true, contactPhone: '1234', contactPhoneOf: 'desk' })])
  expect(fileBodyErrors(toFileBody(bad, 'desk-req-12345678'), false)).toEqual({
    'complainant.contactPhone': '联系电话应为手机号，或区号加号码（如 0312-1234567）',
  })
  // the server's path for the group's first worker lands on row 0
  expect(formErrorsFromServer({ 'complainant.contactPhone': 'x' }, true)).toEqual({ 'complainants.0.contactPhone': 'x' })
})

test('the worker’s own submit still needs a mobile and takes no contact phone', () => {
  const base = {
    clientRequestId: 'worker-req-1234',
    project: { name: '朝阳小区', areaCode: '130602', industry: 'housing' },
    workerCount: 1,
    amountOwedFen: 100,
    owedSince: '2025-08',
  }
  expect(z.safeParse(submitSchema, { ...base, complainant: { name: '张三' } }).success).toBe(false)
  expect(
    z.safeParse(submitSchema, { ...base, complainant: { name: '张三', phone: '13800000000', contactPhone: '13600000000' } }).success,
  ).toBe(false)
  expect(z.safeParse(fileOnBehalfSchema, { ...base, complainant: { name: '张三' } }).success).toBe(true)
})

test('how a complainant is reached, in words', () => {
  expect(phoneText({ phone: '139****0001' })).toBe('139****0001')
  expect(phoneText({ phone: '', contactPhone: '136****0102', contactPhoneOf: 'relative' })).toBe('无手机，联系电话 136****0102（亲属）')
  expect(phoneText({ phone: '', contactPhone: '0312-5551234', contactPhoneOf: 'desk' })).toBe('无手机，联系电话 0312-5551234（服务台）')
  expect(phoneText({ phone: '' })).toBe('无手机')
})
