// Every worker of a group follows the case: the desk files a group of three (one without a mobile, reached
// through a relative), each worker gets their own claim code (on the receipt, and by SMS where a phone
// takes it), claims the case in their own WeChat, sees it in their list with their own amount, and may
// add, remind and dispute; closing it is the first worker's (the group's contact).
import { startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

let srv: TestServer
let desk: string
let inspector: string

beforeAll(async () => {
  srv = await startTestServer()
  desk = await srv.login({ persona: 'desk' })
  inspector = await srv.login({ persona: 'inspector' })
})
afterAll(() => srv.close())

const GROUP = [
  { name: '王大力', phone: '13900000101', amountOwedFen: 800_000 },
  { name: '刘二牛', contactPhone: '13600000102', contactPhoneOf: 'relative', amountOwedFen: 650_000 },
  { name: '陈三', phone: '13900000103', amountOwedFen: 720_000 },
]

const fileGroup = (people: object[] = GROUP, over: Record<string, unknown> = {}) =>
  srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, {
      complainant: { name: '王大力', phone: '13900000101' },
      complainants: people,
      workerCount: people.length,
      amountOwedFen: (people as { amountOwedFen: number }[]).reduce((s, p) => s + p.amountOwedFen, 0),
      owedSince: '2024-05',
      ...over,
    }),
  )

const smsOf = (caseId: string) =>
  srv
    .db()
    .prepare(`SELECT recipient, template, params, body FROM outbox WHERE complaint_id = ? AND channel = 'sms' ORDER BY id`)
    .all(caseId) as { recipient: string; template: string; params: string; body: string }[]

test('a group of three: one code each, every code on the filing desk’s receipt, each worker follows the case in their own WeChat', async () => {
  const filed = await fileGroup()
  expect(filed.ok).toBe(true)
  const members: { name: string; claimCode: string }[] = filed.data.members
  expect(members.map((m) => m.name)).toEqual(['王大力', '刘二牛', '陈三'])
  for (const m of members) expect(m.claimCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
  expect(new Set(members.map((m) => m.claimCode)).size).toBe(3)
  expect(filed.data.claimCode).toBe(members[0].claimCode)
  const { id, caseNo } = filed.data

  // Each code by SMS: to the workers' own mobiles and to the relative's for the worker without one.
  expect(smsOf(id).map((m) => [m.recipient, m.template, JSON.parse(m.params).slice(0, 2)])).toEqual([
    ['13900000101', 'claim_code', ['王大力', members[0].claimCode]],
    ['13600000102', 'claim_code', ['刘二牛', members[1].claimCode]],
    ['13900000103', 'claim_code', ['陈三', members[2].claimCode]],
  ])
  for (const m of smsOf(id)) expect(Array.from(m.body).length).toBeLessThan(70)

  // The filing desk's receipt prints every worker's own code, link and QR; the worker without a mobile
  // shows the relative's number, masked.
  const receipt = await srv.call(desk, 'staff', 'complaint.receipt', { id })
  expect(receipt.data.complainants.map((p: any) => [p.name, p.phone, p.claimCode, p.claimed])).toEqual([
    ['王大力', '139****0101', members[0].claimCode, false],
    ['刘二牛', '', members[1].claimCode, false],
    ['陈三', '139****0103', members[2].claimCode, false],
  ])
  expect(receipt.data.complainants[1]).toMatchObject({ contactPhone: '136****0102', contactPhoneOf: 'relative' })
  for (const [i, p] of receipt.data.complainants.entries()) {
    expect(p.claimUrl).toMatch(new RegExp(`/c/${caseNo}\\?k=${members[i].claimCode}$`))
    expect(p.claimQrSvg).toMatch(/^<svg/)
  }
  expect(receipt.data.claimCode).toBe(members[0].claimCode)
  // The handling department sees the receipt without any code: codes are the filing desk's to hand over.
  const other = await srv.call(inspector, 'staff', 'complaint.receipt', { id })
  expect(other.data.complainants.map((p: any) => p.claimCode)).toEqual([null, null, null])
  expect(other.data.claimCode).toBeNull()

  // Three WeChats, each with their own code (typed in lower case by one of them).
  const workers = await Promise.all(['grp-wang', 'grp-liu', 'grp-chen'].map((openid) => srv.login({ openid })))
  for (const [i, w] of workers.entries()) {
    const code = i === 1 ? members[i].claimCode.toLowerCase() : members[i].claimCode
    const r = await srv.call(w, 'worker', 'complaint.claim', { caseNo, claimCode: code })
    expect(r.data).toEqual({ id, caseNo })
    // claiming again with the same WeChat is a no-op
    expect((await srv.call(w, 'worker', 'complaint.claim', { caseNo, claimCode: members[i].claimCode })).ok).toBe(true)
  }
  for (const [i, w] of workers.entries()) {
    const mine = await srv.call(w, 'worker', 'complaint.listMine', {})
    expect(mine.data.items.map((x: any) => x.id)).toEqual([id])
    const view = await srv.call(w, 'worker', 'complaint.get', { id })
    expect(view.data.myAmountOwedFen).toBe(GROUP[i].amountOwedFen)
    expect(view.data.amountOwedFen).toBe(2_170_000)
    expect(view.data.complainants.map((p: any) => !!p.mine)).toEqual([0, 1, 2].map((j) => j === i))
    // the others' numbers masked, as the worker's own in the list
    expect(view.data.complainants.map((p: any) => p.phone)).toEqual(['139****0101', '', '139****0103'])
    expect(view.data.complainants[1].contactPhone).toBe('136****0102')
    // the contact's number in full only to the contact (the case's owner)
    expect(view.data.complainant.phone).toBe(i === 0 ? '13900000101' : '139****0101')
    expect(view.data.allowedActions.sort()).toEqual(['remind', 'supplement'])
  }
  const claims = (await srv.call(inspector, 'staff', 'complaint.get', { id })).data.timeline.filter((e: any) => e.type === 'claimed')
  expect(claims.map((e: any) => e.note)).toEqual(['王大力', '刘二牛', '陈三'].map((n) => `工友${n}已用微信认领本案，可随时查看进度`))

  // A fourth WeChat with a claimed code: CONFLICT; a wrong code: NOT_FOUND; neither writes anything of the
  // case (a wrong try is an abuse record beside it, claimGuard.test.ts).
  const businessCounts = () =>
    Object.fromEntries(Object.entries(tableCounts(srv.db())).filter(([t]) => t !== 'rate_limits' && t !== 'claim_tries'))
  const before = businessCounts()
  const fourth = await srv.login({ openid: 'grp-fourth' })
  const taken = await srv.call(fourth, 'worker', 'complaint.claim', { caseNo, claimCode: members[1].claimCode })
  expect(taken.error).toMatchObject({ code: 'CONFLICT', message: '这个认领码已被其他微信用过，如有疑问请联系服务台' })
  const unused = ['222222', '333333', '444444'].find((x) => !members.some((m) => m.claimCode === x))!
  const wrong = await srv.call(fourth, 'worker', 'complaint.claim', { caseNo, claimCode: unused })
  expect(wrong.error).toMatchObject({ code: 'NOT_FOUND', message: '案件编号或认领码不对，请核对回执' })
  expect((await srv.call(fourth, 'worker', 'complaint.get', { id })).error!.code).toBe('NOT_FOUND')
  expect((await srv.call(fourth, 'worker', 'complaint.listMine', {})).data.items).toEqual([])
  expect(businessCounts()).toEqual(before)

  // Claimed codes leave the receipt; the desk sees who follows the case.
  const after = await srv.call(desk, 'staff', 'complaint.receipt', { id })
  expect(after.data.complainants.map((p: any) => [p.claimCode, p.claimed])).toEqual([
    [null, true],
    [null, true],
    [null, true],
  ])
  expect((await srv.call(inspector, 'staff', 'complaint.get', { id })).data.complainants.map((p: any) => p.claimed)).toEqual([
    true,
    true,
    true,
  ])
})

test('a member may add, remind and dispute; only the group’s contact confirms; each step reaches every worker', async () => {
  const filed = await fileGroup()
  const { id, caseNo } = filed.data
  const codes: string[] = filed.data.members.map((m: any) => m.claimCode)
  const [wang, liu] = await Promise.all(['grp2-wang', 'grp2-liu'].map((openid) => srv.login({ openid })))
  await srv.call(wang, 'worker', 'complaint.claim', { caseNo, claimCode: codes[0] })
  await srv.call(liu, 'worker', 'complaint.claim', { caseNo, claimCode: codes[1] })

  expect((await srv.call(liu, 'worker', 'complaint.supplement', { id, note: '工资条照片在我这' })).ok).toBe(true)
  expect((await srv.call(liu, 'worker', 'complaint.remind', { id })).ok).toBe(true)

  const staffView = async () => (await srv.call(inspector, 'staff', 'complaint.get', { id })).data
  const accepted = await srv.call(inspector, 'staff', 'complaint.accept', { id, version: (await staffView()).version })
  expect(accepted.ok).toBe(true)
  // The acceptance reaches every worker by SMS (none holds a WeChat message permission): mobiles and the relative's.
  const acceptedSms = smsOf(id)
    .filter((m) => m.template === 'accepted')
    .map((m) => m.recipient)
  expect(acceptedSms).toEqual(['13900000101', '13600000102', '13900000103'])
  const resolved = await srv.call(inspector, 'staff', 'complaint.resolve', {
    id,
    version: accepted.data.version,
    amountRecoveredFen: 2_170_000,
    note: '已足额支付',
  })
  expect(resolved.data.status).toBe('resolved')

  const asMember = await srv.call(liu, 'worker', 'complaint.get', { id })
  expect(asMember.data.allowedActions).toEqual(['dispute'])
  const confirm = await srv.call(liu, 'worker', 'complaint.confirm', { id, rating: 5 })
  expect(confirm.error!.code).toBe('FORBIDDEN')
  expect((await srv.call(wang, 'worker', 'complaint.get', { id })).data.allowedActions.sort()).toEqual(['confirm', 'dispute'])
  const dispute = await srv.call(liu, 'worker', 'complaint.dispute', { id, reason: '我的钱还没到' })
  expect(dispute.data.status).toBe('reopened')
  // What a worker does reaches no worker: no SMS of the dispute.
  expect(smsOf(id).filter((m) => m.template !== 'claim_code' && m.template !== 'accepted' && m.template !== 'resolved')).toEqual([])
})

test('a worker without a mobile and without a contact phone gets a code on the receipt only; the desk’s own phone takes no SMS', async () => {
  const people = [
    { name: '孙大', contactPhone: '0312-5551234', contactPhoneOf: 'desk', amountOwedFen: 100_000 },
    { name: '周二', amountOwedFen: 200_000 },
  ]
  const filed = await fileGroup(people, { complainant: { name: '孙大', contactPhone: '0312-5551234', contactPhoneOf: 'desk' } })
  expect(filed.ok).toBe(true)
  expect(filed.data.members).toHaveLength(2)
  expect(smsOf(filed.data.id)).toEqual([])
  const receipt = await srv.call(desk, 'staff', 'complaint.receipt', { id: filed.data.id })
  expect(receipt.data.complainants.map((p: any) => [p.phone, p.contactPhone ?? null, p.contactPhoneOf ?? null, !!p.claimCode])).toEqual([
    ['', '031****1234', 'desk', true],
    ['', null, null, true],
  ])
  // The handler sees the contact phone in full, as any number.
  const view = await srv.call(inspector, 'staff', 'complaint.get', { id: filed.data.id })
  expect(view.data.complainant).toMatchObject({ phone: '', contactPhone: '0312-5551234', contactPhoneOf: 'desk' })
})

test('a single worker filed at the desk without a mobile: one code, the relative’s SMS, claimable as before', async () => {
  const r = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, {
      complainant: { name: '吴老汉', contactPhone: '13600000201', contactPhoneOf: 'relative' },
      owedSince: '2024-05',
    }),
  )
  expect(r.data.members).toEqual([{ name: '吴老汉', claimCode: r.data.claimCode }])
  expect(smsOf(r.data.id).map((m) => m.recipient)).toEqual(['13600000201'])
  const son = await srv.login({ openid: 'single-son' })
  expect((await srv.call(son, 'worker', 'complaint.claim', { caseNo: r.data.caseNo, claimCode: r.data.claimCode })).ok).toBe(true)
  const view = await srv.call(son, 'worker', 'complaint.get', { id: r.data.id })
  expect(view.data.myAmountOwedFen).toBe(1_250_000)
  expect(view.data.allowedActions.sort()).toEqual(['remind', 'supplement'])
})

test('contact phones are checked, naming the field, and a bad one writes nothing; the worker’s own submit still needs a mobile', async () => {
  const before = tableCounts(srv.db())
  const cases: [object, string, string][] = [
    [
      { name: '甲', phone: '13900000301', contactPhone: '13600000301', contactPhoneOf: 'relative', amountOwedFen: 1 },
      'complainants.0.contactPhone',
      '有手机号就不用填联系电话',
    ],
    [{ name: '甲', contactPhone: '13600000301', amountOwedFen: 1 }, 'complainants.0.contactPhoneOf', '请选择联系电话是亲属的还是服务台的'],
    [{ name: '甲', contactPhoneOf: 'relative', amountOwedFen: 1 }, 'complainants.0.contactPhone', '请填写联系电话'],
    [
      { name: '甲', contactPhone: '12', contactPhoneOf: 'relative', amountOwedFen: 1 },
      'complainants.0.contactPhone',
      '联系电话应为手机号，或区号加号码（如 0312-1234567）',
    ],
    [
      { name: '甲', contactPhone: '13600000301', contactPhoneOf: 'boss', amountOwedFen: 1 },
      'complainants.0.contactPhoneOf',
      '联系电话应选亲属的或服务台的',
    ],
  ]
  for (const [person, field, message] of cases) {
    const r = await fileGroup([person, { name: '乙', phone: '13900000302', amountOwedFen: 1 }], {
      complainant: { name: '乙', phone: '13900000302' },
    })
    expect(r.error?.code).toBe('VALIDATION')
    expect(r.error!.fields![field]).toBe(message)
  }
  const self = await srv.login({ openid: 'grp-self' })
  const noPhone = await srv.call(
    self,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, { complainant: { name: '张三' }, owedSince: '2024-05' }),
  )
  expect(noPhone.error!.fields!['complainant.phone']).toBe('请填写手机号')
  const contact = await srv.call(
    self,
    'worker',
    'complaint.submit',
    submission(srv.sites[0].code, {
      complainant: { name: '张三', phone: '13800000000', contactPhone: '13600000000' },
      owedSince: '2024-05',
    }),
  )
  expect(contact.error!.code).toBe('VALIDATION')
  expect(tableCounts(srv.db())).toEqual(before)
})
