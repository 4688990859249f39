import { firstResponder, channelOf, type FirstResponderInput } from '../../shared/firstResponder'
import type { DeptLite } from '../../shared/routing'
import type { Channel } from '../../shared/types'

const DEPTS: DeptLite[] = [
  { id: 'hb-labour', name: '河北省人社厅', kind: 'labour', areaCode: '130000' },
  { id: 'bd-labour', name: '保定市人社局', kind: 'labour', areaCode: '130600' },
  { id: 'jx-labour', name: '竞秀区人社局', kind: 'labour', areaCode: '130602' },
  { id: 'bd-desk', name: '保定市农民工欠薪快速解决中心', kind: 'desk', areaCode: '130600' },
  { id: 'jx-housing', name: '竞秀区住建局', kind: 'housing', areaCode: '130602' },
]

describe('firstResponder', () => {
  const cases: [string, FirstResponderInput, DeptLite[], string | null, string | null][] = [
    ['desk → the desk’s department', { channel: 'desk', deskDeptId: 'bd-desk' }, DEPTS, 'bd-desk', '保定市农民工欠薪快速解决中心'],
    ['helmet QR → the sticker issuer', { channel: 'helmet_qr', stickerIssuerDeptId: 'jx-housing' }, DEPTS, 'jx-housing', '竞秀区住建局'],
    ['board QR → the sticker issuer', { channel: 'board_qr', stickerIssuerDeptId: 'bd-labour' }, DEPTS, 'bd-labour', '保定市人社局'],
    ['self-filed in a county with labour → county labour', { channel: 'self', areaCode: '130602' }, DEPTS, 'jx-labour', '竞秀区人社局'],
    ['self-filed in a county without labour → city labour', { channel: 'self', areaCode: '130606' }, DEPTS, 'bd-labour', '保定市人社局'],
    ['self-filed in another city → province labour', { channel: 'self', areaCode: '130102' }, DEPTS, 'hb-labour', '河北省人社厅'],
    [
      'self-filed, county labour inactive → city labour',
      { channel: 'self', areaCode: '130602' },
      DEPTS.map((d) => (d.id === 'jx-labour' ? { ...d, active: false } : d)),
      'bd-labour',
      '保定市人社局',
    ],
    ['self-filed in another province → null', { channel: 'self', areaCode: '410102' }, DEPTS, null, null],
    [
      'self-filed, no labour department at all → null',
      { channel: 'self', areaCode: '130602' },
      DEPTS.filter((d) => d.kind !== 'labour'),
      null,
      null,
    ],
  ]
  it.each(cases)('%s', (_n, input, depts, deptId, name) => {
    const r = firstResponder(input, depts)
    expect(r.deptId).toBe(deptId)
    expect(r.explanation).toMatch(/\S/)
    if (name) expect(r.explanation).toContain(name)
  })

  it('the desk and sticker issuer are used even if not in the department list', () => {
    expect(firstResponder({ channel: 'desk', deskDeptId: 'x-desk' }, []).deptId).toBe('x-desk')
    expect(firstResponder({ channel: 'helmet_qr', stickerIssuerDeptId: 'x-iss' }, []).deptId).toBe('x-iss')
  })

  it('a QR complaint’s first responder is the issuer, not the area labour department', () => {
    const r = firstResponder({ channel: 'board_qr', stickerIssuerDeptId: 'jx-housing' }, DEPTS)
    expect(r.deptId).toBe('jx-housing')
  })
})

describe('channelOf', () => {
  const cases: [string, Parameters<typeof channelOf>[0], Channel][] = [
    ['desk filing', { byDesk: true }, 'desk'],
    ['desk filing wins over a site sticker', { byDesk: true, siteCode: 'AB7K-9QX2', placement: 'helmet' }, 'desk'],
    ['self-filed (no site)', { byDesk: false }, 'self'],
    ['self-filed (site null)', { byDesk: false, siteCode: null, placement: null }, 'self'],
    ['self-filed (empty site code)', { byDesk: false, siteCode: '', placement: 'board' }, 'self'],
    ['helmet sticker', { byDesk: false, siteCode: 'AB7K-9QX2', placement: 'helmet' }, 'helmet_qr'],
    ['board sticker', { byDesk: false, siteCode: 'AB7K-9QX2', placement: 'board' }, 'board_qr'],
    ['gate sticker', { byDesk: false, siteCode: 'AB7K-9QX2', placement: 'gate' }, 'board_qr'],
    ['living-area sticker', { byDesk: false, siteCode: 'AB7K-9QX2', placement: 'living' }, 'board_qr'],
  ]
  it.each(cases)('%s → %s', (_n, p, expected) => {
    expect(channelOf(p)).toBe(expected)
  })
})
