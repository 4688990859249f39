// The storage port's contract, as one reusable suite: every adapter (SQLite, the reference; CloudBase)
// must pass it unchanged. `make` gives each test an empty storage.
//
//   storageContract('sqlite', async () => ({ storage, failSiteWrites, close }))
import type {
  ApiKey,
  Complaint,
  Dept,
  NewComplaint,
  NewEvent,
  NewMessage,
  QueueRow,
  Site,
  Storage,
  User,
} from '../../cloudfunctions/core/ports'
import { QUEUE_FIELDS } from '../../cloudfunctions/core/ports'
import { signInContract } from './signInContract'
import { limitsContract } from './limitsContract'
import { riskContract } from './riskContract'

export interface ContractSubject {
  storage: Storage
  /** From now on, writing the site with this code fails (to show that putSites is all or nothing). */
  failSiteWrites(code: string): void | Promise<void>
  /** From now on, writing a message to this recipient fails inside its transaction. */
  failMessageWrites(recipient: string): void | Promise<void>
  close?(): void | Promise<void>
  /** Writes the storage made so far (rows changed; CloudBase: write requests and transactions). */
  writes?(): number
}

export interface ContractOptions {
  /** Rows for the "more than one page" test (CloudBase pages at 1000). */
  bulk?: number
  /** Case numbers come from blocks reserved per container (CloudBase): see limitsContract. */
  caseNumbersInBlocks?: boolean
  /** Runs of the risk totals property (each a random sequence of writes). */
  riskRuns?: number
}

const T0 = Date.parse('2026-03-02T01:00:00.000Z')
/** An instant `min` minutes after T0, as stored. */
export const at = (min: number) => new Date(T0 + min * 60_000).toISOString()

const dept = (id: string, o: Partial<Dept> = {}): Dept => ({
  id,
  name: `单位${id}`,
  kind: 'labour',
  areaCode: '130602',
  parentId: null,
  active: true,
  createdAt: at(0),
  ...o,
})

const site = (code: string, o: Partial<Site> = {}): Site => ({
  code,
  name: `项目${code}`,
  address: '竞秀区某路1号',
  areaCode: '130602',
  industry: 'housing',
  funding: 'government',
  contractorName: '某建设集团有限公司',
  contractorUscc: '91130600MA0000000X',
  supervisingDeptId: 'd-housing',
  issuerDeptId: 'd-housing',
  retired: false,
  createdAt: at(0),
  ...o,
})

let counter = 0

/** A complaint as intake builds it; `n` orders creation time unless `createdAt` is given. */
export function complaint(o: Partial<NewComplaint> & { n?: number } = {}): NewComplaint {
  const k = ++counter
  const { n, ...rest } = o
  return {
    id: `c${String(k).padStart(5, '0')}`,
    channel: 'self',
    siteCode: null,
    placement: null,
    projectName: '测试项目',
    projectAddress: '竞秀区某路1号',
    employerName: '某建筑劳务公司',
    employerUscc: null,
    employerKey: 'name:某建筑劳务公司',
    areaCode: '130602',
    industry: 'housing',
    funding: 'other',
    ownerOpenid: 'oWorkerA',
    clientRequestId: `req-${k}`,
    filedBy: 'oWorkerA',
    complainant: { name: '张三', phone: '13800000000' },
    complainants: [],
    workerCount: 3,
    amountOwedFen: 1_234_500,
    owedSince: '2025-12',
    description: '',
    photos: [],
    hideIdentity: false,
    bossUnreachable: false,
    status: 'routed',
    firstResponderDeptId: 'd-desk',
    handlerDeptId: 'd-housing',
    acceptDueAt: at(24 * 60),
    resolveDueAt: null,
    complex: false,
    card: 'none',
    riskLevel: 'none',
    claimCode: null,
    amountRecoveredFen: null,
    rating: null,
    ratingComment: null,
    reopenCount: 0,
    lastProgressAt: null,
    acceptEscalatedAt: null,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: at(n ?? k),
    externalRef: null,
    replyDueAt: null,
    assigneeOpenid: null,
    supervision: null,
    superviseDueAt: null,
    followUpDueAt: null,
    flags: null,
    ...rest,
  }
}

const ev = (type: string, atIso: string, o: Partial<NewEvent> = {}): NewEvent => ({
  at: atIso,
  type,
  actorOpenid: null,
  actorDeptId: null,
  note: `${type}记录`,
  visibleToWorker: true,
  data: null,
  ...o,
})

const registered = (c: NewComplaint): NewEvent[] => [
  ev('registered', c.createdAt, { data: { via: 'site' } }),
  ev('routed', c.createdAt, { data: { toDeptId: c.handlerDeptId } }),
]

/** Messages as the application decides them for a new case: the handler's and first responder's staff, the worker. */
/**
 * An established site's first complaint, long closed, filed `daysAgo` days back: the site's and its
 * employer's filing times then cover every window a submit counts (an hour, 30 days).
 */
export function establishedSiteComplaint(site: Site, daysAgo = 40): NewComplaint {
  return complaint({
    siteCode: site.code,
    projectName: site.name,
    areaCode: site.areaCode,
    employerName: site.contractorName,
    employerUscc: site.contractorUscc,
    employerKey: `uscc:${site.contractorUscc}`,
    status: 'closed',
    createdAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
  })
}

export const messagesOf = (c: Complaint): NewMessage[] => [
  {
    channel: 'wechat',
    recipient: `dept:${c.handlerDeptId}`,
    template: 'new_case',
    title: '新的欠薪投诉待受理',
    body: `案件${c.caseNo}`,
    params: null,
  },
  ...(c.firstResponderDeptId !== c.handlerDeptId
    ? [
        {
          channel: 'wechat' as const,
          recipient: `dept:${c.firstResponderDeptId}`,
          template: 'new_case',
          title: '您单位首问的投诉已转办',
          body: `案件${c.caseNo}`,
          params: null,
        },
      ]
    : []),
  ...(c.ownerOpenid
    ? [
        {
          channel: 'wechat' as const,
          recipient: `user:${c.ownerOpenid}`,
          template: 'case_update',
          title: '您的投诉登记',
          body: `案件${c.caseNo}`,
          params: null,
        },
      ]
    : []),
]

const sms = (phone: string, text = '欠薪投诉已受理，3月5日前办结，详情http://x.cn/c/1'): NewMessage => ({
  channel: 'sms',
  recipient: phone,
  template: 'accepted',
  title: '投诉已受理',
  body: text,
  params: ['3月5日', 'http://x.cn/c/1'],
})

const ids = (cs: { id: string }[]) => cs.map((c) => c.id)
const sorted = (xs: string[]) => [...xs].sort()

export function storageContract(name: string, make: () => Promise<ContractSubject>, options: ContractOptions = {}): void {
  describe(`storage contract: ${name}`, () => {
    let subject: ContractSubject
    let s: Storage

    beforeEach(async () => {
      subject = await make()
      s = subject.storage
    })
    afterEach(async () => {
      await subject?.close?.()
    })

    const create = async (
      c: NewComplaint,
      events: NewEvent[] = registered(c),
      year = 2026,
      messages: (c: Complaint) => NewMessage[] = messagesOf,
    ) => {
      const r = await s.createComplaint(c, events, year, messages)
      expect(r.created).toBe(true)
      return r.complaint
    }

    // --- sign-in: codes, rate limits, proven phones (signInContract.ts) -----------------------------

    signInContract(() => s)

    // --- abuse limits: a worker's filings, claim code tries, new claim codes (limitsContract.ts) -----

    limitsContract(() => s, { complaint, messagesOf, at, caseNumbersInBlocks: options.caseNumbersInBlocks })

    // --- risk totals: equal to a recount after any sequence of writes (riskContract.ts) -----------------

    riskContract(() => s, { complaint, messagesOf, at }, options.riskRuns ?? 30)

    // --- users, departments, rules ----------------------------------------------------------------

    test('users: put and get; a second put changes role, department and name but keeps createdAt', async () => {
      await s.createDept(dept('d-a'))
      expect(await s.getUser('oNobody')).toBeNull()
      await s.putUser({ openid: 'oUser1', role: 'worker', deptId: null, name: null, createdAt: at(0) })
      expect(await s.getUser('oUser1')).toEqual({ openid: 'oUser1', role: 'worker', deptId: null, name: null, createdAt: at(0) })
      await s.putUser({ openid: 'oUser1', role: 'inspector', deptId: 'd-a', name: '李四', createdAt: at(9) })
      expect(await s.getUser('oUser1')).toEqual({ openid: 'oUser1', role: 'inspector', deptId: 'd-a', name: '李四', createdAt: at(0) })
    })

    test('departments: listed by id with every field; an id is created once', async () => {
      await s.createDept(dept('d-b', { kind: 'housing', parentId: null }))
      await s.createDept(dept('d-a', { active: false, parentId: 'd-b', areaCode: '130600' }))
      expect(await s.listDepts()).toEqual([
        { id: 'd-a', name: '单位d-a', kind: 'labour', areaCode: '130600', parentId: 'd-b', active: false, createdAt: at(0), phone: '' },
        { id: 'd-b', name: '单位d-b', kind: 'housing', areaCode: '130602', parentId: null, active: true, createdAt: at(0), phone: '' },
      ])
      await expect(s.createDept(dept('d-a'))).rejects.toBeDefined()
      expect(await s.listDepts()).toHaveLength(2)
    })

    test('departments: the public phone is stored; an update changes only what it names', async () => {
      await s.createDept(dept('d-a', { phone: '0312-12333' }))
      expect((await s.listDepts())[0].phone).toBe('0312-12333')
      expect(await s.updateDept('d-a', { phone: '0312-5551234' })).toBe(true)
      expect(await s.updateDept('d-a', { name: '竞秀区人社局', phone: undefined })).toBe(true)
      expect(await s.updateDept('d-none', { name: 'x' })).toBe(false)
      expect(await s.listDepts()).toEqual([
        {
          id: 'd-a',
          name: '竞秀区人社局',
          kind: 'labour',
          areaCode: '130602',
          parentId: null,
          active: true,
          createdAt: at(0),
          phone: '0312-5551234',
        },
      ])
    })

    test('routing rules: one per area prefix and industry (a second replaces the department), listed by id', async () => {
      for (const id of ['d-1', 'd-2', 'd-3']) await s.createDept(dept(id))
      await s.createRule({ id: 'r-b', areaPrefix: '1306', industry: 'housing', deptId: 'd-1', createdAt: at(0) })
      await s.createRule({ id: 'r-a', areaPrefix: '130602', industry: 'transport', deptId: 'd-2', createdAt: at(1) })
      await s.createRule({ id: 'r-c', areaPrefix: '1306', industry: 'housing', deptId: 'd-3', createdAt: at(2) })
      expect(await s.listRules()).toEqual([
        { id: 'r-a', areaPrefix: '130602', industry: 'transport', deptId: 'd-2' },
        { id: 'r-b', areaPrefix: '1306', industry: 'housing', deptId: 'd-3' },
      ])
    })

    // --- sites ------------------------------------------------------------------------------------------

    test('sites: create once, get, list by area prefix newest first', async () => {
      await s.createDept(dept('d-housing'))
      await s.createSite(site('AAAAAAA', { createdAt: at(1) }))
      await s.createSite(site('BBBBBBB', { createdAt: at(3), areaCode: '130603', retired: true }))
      await s.createSite(site('CCCCCCC', { createdAt: at(2), areaCode: '130702' }))
      expect(await s.getSite('AAAAAAA')).toEqual(site('AAAAAAA', { createdAt: at(1) }))
      expect(await s.getSite('ZZZZZZZ')).toBeNull()
      await expect(s.createSite(site('AAAAAAA'))).rejects.toBeDefined()
      expect((await s.listSites('1306', 10)).map((x) => x.code)).toEqual(['BBBBBBB', 'AAAAAAA'])
      expect((await s.listSites('', 10)).map((x) => x.code)).toEqual(['BBBBBBB', 'CCCCCCC', 'AAAAAAA'])
      expect((await s.listSites('', 2)).map((x) => x.code)).toEqual(['BBBBBBB', 'CCCCCCC'])
      expect((await s.listSites('130603', 10))[0]).toMatchObject({ retired: true })
    })

    test('putSites: creates and updates (keeping createdAt) and counts; all or nothing', async () => {
      await s.createDept(dept('d-housing'))
      await s.createDept(dept('d-transport'))
      await s.createSite(site('AAAAAAA', { createdAt: at(1) }))
      const r = await s.putSites([
        site('AAAAAAA', { name: '改名项目', supervisingDeptId: 'd-transport', createdAt: at(50) }),
        site('BBBBBBB', { createdAt: at(51) }),
      ])
      expect(r).toEqual({ created: 1, updated: 1 })
      expect(await s.getSite('AAAAAAA')).toEqual(site('AAAAAAA', { name: '改名项目', supervisingDeptId: 'd-transport', createdAt: at(1) }))
      expect(await s.getSite('BBBBBBB')).toEqual(site('BBBBBBB', { createdAt: at(51) }))

      await subject.failSiteWrites('FFFFFFF')
      await expect(
        s.putSites([site('AAAAAAA', { name: '不该写入' }), site('DDDDDDD'), site('FFFFFFF'), site('EEEEEEE')]),
      ).rejects.toBeDefined()
      expect((await s.getSite('AAAAAAA'))?.name).toBe('改名项目')
      expect(await s.getSite('DDDDDDD')).toBeNull()
      expect(await s.getSite('EEEEEEE')).toBeNull()
      expect((await s.listSites('', 10)).map((x) => x.code).sort()).toEqual(['AAAAAAA', 'BBBBBBB'])
    })

    // --- invites ------------------------------------------------------------------------------------------

    test('invites: redeemed once (binding role and department), never when expired or revoked; revoke only unused', async () => {
      await s.createDept(dept('d-a'))
      await s.createDept(dept('d-b'))
      const invite = (code: string, o: object = {}) => ({
        code,
        role: 'inspector' as const,
        deptId: 'd-a',
        createdBy: 'oCoord',
        createdAt: at(0),
        expiresAt: at(100),
        usedBy: null,
        usedAt: null,
        revoked: false,
        ...o,
      })
      await s.createInvite(invite('INV0001'))
      await s.createInvite(invite('INV0002', { createdAt: at(2), deptId: 'd-b', role: 'desk' }))
      await s.createInvite(invite('INV0003', { createdAt: at(1) }))
      expect(await s.getInvite('INV0001')).toEqual(invite('INV0001'))
      expect(await s.getInvite('NOPE')).toBeNull()

      const user: User = { openid: 'oNewStaff', role: 'inspector', deptId: 'd-a', name: null, createdAt: at(10) }
      await s.putUser({ openid: 'oNewStaff', role: 'worker', deptId: null, name: '王五', createdAt: at(5) })
      expect(await s.redeemInvite('INV0001', user, at(10))).toBe(true)
      expect(await s.getInvite('INV0001')).toEqual(invite('INV0001', { usedBy: 'oNewStaff', usedAt: at(10) }))
      expect(await s.getUser('oNewStaff')).toEqual({
        openid: 'oNewStaff',
        role: 'inspector',
        deptId: 'd-a',
        name: '王五',
        createdAt: at(5),
      })
      expect(await s.redeemInvite('INV0001', { ...user, openid: 'oOther' }, at(11))).toBe(false)
      expect(await s.getUser('oOther')).toBeNull()

      expect(await s.redeemInvite('INV0003', { ...user, openid: 'oLate' }, at(100))).toBe(false) // expired at 100
      expect(await s.revokeInvite('INV0001')).toBe(false) // used
      expect(await s.revokeInvite('INV0003')).toBe(true)
      expect(await s.revokeInvite('INV0003')).toBe(false)
      expect(await s.redeemInvite('INV0003', { ...user, openid: 'oLate' }, at(20))).toBe(false)
      expect(await s.revokeInvite('NOPE')).toBe(false)

      expect((await s.listInvites(['d-a', 'd-b'], 10)).map((i) => i.code)).toEqual(['INV0002', 'INV0003', 'INV0001'])
      expect((await s.listInvites(['d-a'], 1)).map((i) => i.code)).toEqual(['INV0003'])
      expect(await s.listInvites([], 10)).toEqual([])
    })

    test('an invite redeemed by several at once binds exactly one of them', async () => {
      await s.createDept(dept('d-a'))
      await s.createInvite({
        code: 'INVRACE',
        role: 'desk',
        deptId: 'd-a',
        createdBy: 'oC',
        createdAt: at(0),
        expiresAt: at(100),
        usedBy: null,
        usedAt: null,
        revoked: false,
      })
      const who = ['oR1', 'oR2', 'oR3', 'oR4', 'oR5']
      const won = await Promise.all(
        who.map((openid) => s.redeemInvite('INVRACE', { openid, role: 'desk', deptId: 'd-a', name: null, createdAt: at(1) }, at(1))),
      )
      expect(won.filter(Boolean)).toHaveLength(1)
      const winner = who[won.indexOf(true)]
      expect((await s.getInvite('INVRACE'))?.usedBy).toBe(winner)
      for (const openid of who) expect((await s.getUser(openid))?.role ?? null).toBe(openid === winner ? 'desk' : null)
    })

    // --- complaints -----------------------------------------------------------------------------------

    test('createComplaint numbers cases per area and year and returns the stored record', async () => {
      const a = complaint({ areaCode: '130602' })
      const first = await create(a)
      expect(first).toEqual({ ...a, caseNo: '130602-2026-00001', version: 1, updatedAt: a.createdAt })
      expect(await s.getComplaint(a.id)).toEqual(first)
      expect(await s.getComplaintByCaseNo('130602-2026-00001')).toEqual(first)
      expect((await create(complaint({ areaCode: '130602' }))).caseNo).toBe('130602-2026-00002')
      expect((await create(complaint({ areaCode: '130603' }))).caseNo).toBe('130603-2026-00001')
      expect((await create(complaint({ areaCode: '130602' }), undefined, 2027)).caseNo).toBe('130602-2027-00001')
      expect((await create(complaint({ areaCode: '130602' }))).caseNo).toBe('130602-2026-00003')
      expect(await s.getComplaint('nope')).toBeNull()
      expect(await s.getComplaintByCaseNo('130602-2026-09999')).toBeNull()
    })

    test('every field survives the round trip', async () => {
      const c = complaint({
        channel: 'helmet_qr',
        siteCode: 'AAAAAAA',
        placement: 'helmet',
        employerUscc: '91130600MA0000000X',
        employerKey: 'uscc:91130600MA0000000X',
        complainant: { name: '李四', phone: '13900000000', idNumber: '130602199001011234' },
        complainants: [
          { name: '甲', phone: '13700000000', amountOwedFen: 100 },
          { name: '乙', phone: '13600000000', amountOwedFen: 200 },
        ],
        description: '多行\n说明，含"引号"和 <标签>',
        photos: ['cloud://a.jpg', 'cloud://b.jpg'],
        hideIdentity: true,
        bossUnreachable: true,
        status: 'accepted',
        complex: true,
        card: 'yellow',
        riskLevel: 'major',
        claimCode: '123456',
        amountRecoveredFen: 0,
        rating: 5,
        ratingComment: '好',
        reopenCount: 2,
        lastProgressAt: at(3),
        acceptEscalatedAt: at(4),
        acceptedAt: at(5),
        resolvedAt: at(6),
        closedAt: at(7),
        acceptDueAt: null,
        resolveDueAt: at(8),
        ownerOpenid: null,
      })
      const stored = await create(c)
      expect(await s.getComplaint(c.id)).toEqual(stored)
      expect(stored).toEqual({ ...c, caseNo: '130602-2026-00001', version: 1, updatedAt: c.createdAt })
    })

    test('createComplaint is idempotent on (filedBy, clientRequestId): no second complaint, no number used', async () => {
      const a = complaint({ clientRequestId: 'same', filedBy: 'oW' })
      const first = await create(a)
      const again = await s.createComplaint({ ...complaint({ clientRequestId: 'same', filedBy: 'oW' }) }, registered(a), 2026, messagesOf)
      expect(again).toEqual({ complaint: first, created: false })
      expect(await s.findByRequest('oW', 'same')).toEqual(first)
      expect(await s.findByRequest('oOther', 'same')).toBeNull()
      // the same request id from someone else is another complaint
      expect((await create(complaint({ clientRequestId: 'same', filedBy: 'oOther' }))).caseNo).toBe('130602-2026-00002')
      expect((await s.timeline(first.id)).map((e) => e.type)).toEqual(['registered', 'routed'])
      // the replay wrote no second set of messages
      expect((await s.listOutbox(100)).filter((m) => m.complaintId === first.id)).toHaveLength(3)
    })

    test('the same request submitted several times at once makes one complaint', async () => {
      const tries = Array.from({ length: 6 }, () => complaint({ clientRequestId: 'burst', filedBy: 'oW' }))
      const results = await Promise.all(tries.map((c) => s.createComplaint(c, registered(c), 2026, messagesOf)))
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(new Set(results.map((r) => r.complaint.id)).size).toBe(1)
      expect(new Set(results.map((r) => r.complaint.caseNo))).toEqual(new Set(['130602-2026-00001']))
      expect(await s.countFiledSince('oW', at(-1000))).toBe(1)
      expect(await s.listOutbox(100)).toHaveLength(3)
      expect((await create(complaint())).caseNo).toBe('130602-2026-00002')
    })

    test('complaints filed at once in one area get distinct, consecutive case numbers', async () => {
      const cs = Array.from({ length: 12 }, () => complaint({ areaCode: '130606' }))
      const results = await Promise.all(cs.map((c) => s.createComplaint(c, registered(c), 2026, messagesOf)))
      expect(results.every((r) => r.created)).toBe(true)
      expect(results.map((r) => r.complaint.caseNo).sort()).toEqual(cs.map((_, i) => `130606-2026-${String(i + 1).padStart(5, '0')}`))
    })

    test('updateComplaint applies a patch only at the expected version, with its events, in one step', async () => {
      const c = await create(complaint())
      const stale = await s.updateComplaint(c.id, 7, { status: 'accepted' }, [ev('accepted', at(100))], at(100))
      expect(stale).toBe('conflict')
      expect(await s.updateComplaint('nope', 1, { status: 'accepted' }, [], at(100))).toBe('conflict')
      expect(await s.getComplaint(c.id)).toEqual(c)
      expect(await s.timeline(c.id)).toHaveLength(2)

      const r = await s.updateComplaint(
        c.id,
        1,
        { status: 'accepted', acceptedAt: at(100), resolveDueAt: at(5000), photos: ['cloud://x.jpg'] },
        [ev('accepted', at(100), { note: '已受理' })],
        at(100),
      )
      expect(r).toEqual({
        ...c,
        status: 'accepted',
        acceptedAt: at(100),
        resolveDueAt: at(5000),
        photos: ['cloud://x.jpg'],
        version: 2,
        updatedAt: at(100),
      })
      expect(await s.getComplaint(c.id)).toEqual(r)
      expect(await s.updateComplaint(c.id, 1, { status: 'resolved' }, [], at(101))).toBe('conflict')
      const r3 = await s.updateComplaint(c.id, 2, { acceptDueAt: undefined, lastProgressAt: at(102) }, [], at(102))
      expect(r3).toMatchObject({ version: 3, acceptDueAt: null, lastProgressAt: at(102), status: 'accepted' })
      expect(await s.getComplaint(c.id)).toEqual(r3)
    })

    test('updates racing at one version: exactly one applies', async () => {
      const c = await create(complaint())
      const results = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((x, i) =>
          s.updateComplaint(c.id, 1, { reopenCount: i + 1 }, [ev('progress', at(200), { note: x })], at(200)),
        ),
      )
      const applied = results.filter((r) => r !== 'conflict') as Complaint[]
      expect(applied).toHaveLength(1)
      const now = await s.getComplaint(c.id)
      expect(now).toEqual(applied[0])
      expect(now?.version).toBe(2)
      const tl = await s.timeline(c.id)
      expect(tl).toHaveLength(3)
      expect(tl[2].note).toBe(['a', 'b', 'c', 'd', 'e'][(now?.reopenCount ?? 0) - 1])
    })

    test('changeComplaint decides on the complaint as it reads it and writes the change, its events and messages in one step', async () => {
      const c = await create(complaint({ createdAt: at(10) }))
      const seen: (Complaint | null)[] = []
      const r = await s.changeComplaint(c.id, at(100), async (cur) => {
        seen.push(cur)
        return {
          patch: { status: 'accepted', acceptedAt: at(100), resolveDueAt: at(5000), photos: ['cloud://x.jpg'] },
          events: [ev('accepted', at(100), { note: '已受理' })],
          messages: [sms('13800000000')],
        }
      })
      expect(seen).toEqual([c])
      const want = {
        ...c,
        status: 'accepted',
        acceptedAt: at(100),
        resolveDueAt: at(5000),
        photos: ['cloud://x.jpg'],
        version: 2,
        updatedAt: at(100),
      }
      expect(r).toEqual(want)
      expect(await s.getComplaint(c.id)).toEqual(want)
      expect((await s.timeline(c.id)).map((e) => e.type)).toEqual(['registered', 'routed', 'accepted'])
      expect((await s.listOutbox(10)).filter((m) => m.channel === 'sms')).toEqual([
        expect.objectContaining({
          complaintId: c.id,
          recipient: '13800000000',
          template: 'accepted',
          status: 'pending',
          createdAt: at(100),
        }),
      ])
    })

    test('changeComplaint: a refusal writes nothing and is the answer; a missing complaint is decided as null', async () => {
      const c = await create(complaint({ createdAt: at(10) }))
      const before = await s.listOutbox(100)
      const refused = new Error('refused')
      const refuse = async () => {
        throw refused
      }
      await expect(s.changeComplaint(c.id, at(100), refuse)).rejects.toBe(refused)
      expect(await s.getComplaint(c.id)).toEqual(c)
      expect(await s.timeline(c.id)).toHaveLength(2)
      expect(await s.listOutbox(100)).toEqual(before)
      const seen: (Complaint | null)[] = []
      await expect(
        s.changeComplaint('missing-complaint', at(100), async (cur) => {
          seen.push(cur)
          throw refused
        }),
      ).rejects.toBe(refused)
      expect(seen).toEqual([null])
      // A change of nothing is a mistake of the caller's, never a document written.
      await expect(
        s.changeComplaint('missing-complaint', at(100), async () => ({ patch: { status: 'accepted' }, events: [], messages: [] })),
      ).rejects.toThrow()
      expect(await s.getComplaint('missing-complaint')).toBeNull()
    })

    test('changeComplaint racing at one version: each decides on what it reads, the one that decides on a stale copy again', async () => {
      const c = await create(complaint())
      // As a move does: refuse unless the complaint is still at the version the caller saw.
      const decided: number[] = []
      const results = await Promise.allSettled(
        ['a', 'b', 'c', 'd', 'e'].map((x, i) =>
          s.changeComplaint(c.id, at(200), async (cur) => {
            decided.push(cur!.version)
            if (cur!.version !== 1) throw new Error('conflict')
            return { patch: { reopenCount: i + 1 }, events: [ev('progress', at(200), { note: x })], messages: [sms(`1380000000${i}`)] }
          }),
        ),
      )
      const applied = results.filter((r) => r.status === 'fulfilled')
      expect(applied).toHaveLength(1)
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(
        Array(4).fill('conflict'),
      )
      const now = await s.getComplaint(c.id)
      expect(now).toEqual((applied[0] as PromiseFulfilledResult<Complaint>).value)
      expect(now?.version).toBe(2)
      // The four that lost decided again on the written version, and refused.
      expect(decided.filter((v) => v === 2)).toHaveLength(4)
      const tl = await s.timeline(c.id)
      expect(tl).toHaveLength(3)
      expect(tl[2].note).toBe(['a', 'b', 'c', 'd', 'e'][(now?.reopenCount ?? 0) - 1])
      expect((await s.listOutbox(100)).filter((m) => m.channel === 'sms').map((m) => m.recipient)).toEqual([
        `1380000000${(now?.reopenCount ?? 0) - 1}`,
      ])
    })

    test('timeline: append-only, in order; appendEvents changes no version', async () => {
      const c = await create(complaint())
      const before = await s.timeline(c.id)
      expect(before.map((e) => [e.type, e.complaintId, e.visibleToWorker, e.data])).toEqual([
        ['registered', c.id, true, { via: 'site' }],
        ['routed', c.id, true, { toDeptId: 'd-housing' }],
      ])
      await s.appendEvents(c.id, [
        ev('viewed_personal_data', at(50), {
          visibleToWorker: false,
          actorOpenid: 'oInsp',
          actorDeptId: 'd-housing',
          data: null,
          note: '查看了身份信息',
        }),
      ])
      await s.updateComplaint(
        c.id,
        1,
        { status: 'accepted' },
        [ev('accepted', at(60)), ev('progress', at(61), { visibleToWorker: false, data: { n: 1, list: ['x'] } })],
        at(61),
      )
      await s.appendEvents(c.id, [])
      await s.appendEvents('missing-complaint', [ev('viewed_personal_data', at(62))])
      const after = await s.timeline(c.id)
      expect(after.slice(0, 2)).toEqual(before)
      expect(after.map((e) => e.type)).toEqual(['registered', 'routed', 'viewed_personal_data', 'accepted', 'progress'])
      expect(after[2]).toMatchObject({
        at: at(50),
        actorOpenid: 'oInsp',
        actorDeptId: 'd-housing',
        note: '查看了身份信息',
        visibleToWorker: false,
        data: null,
      })
      expect(after[4].data).toEqual({ n: 1, list: ['x'] })
      for (let i = 1; i < after.length; i++) expect(after[i].id).toBeGreaterThan(after[i - 1].id)
      expect(await s.getComplaint(c.id)).toMatchObject({ version: 2, updatedAt: at(61) })
      expect(await s.timeline('missing-complaint')).toEqual([])
    })

    // --- outbox -------------------------------------------------------------------------------------------

    test('outbox: the messages of the events, leased by claim, finished as sent, retried or failed', async () => {
      const c = await create(complaint({ ownerOpenid: 'oWorkerA', handlerDeptId: 'd-h', firstResponderDeptId: 'd-f', createdAt: at(10) }))
      const msgs = await s.listOutbox(10)
      expect(msgs.map((m) => [m.recipient, m.template]).sort()).toEqual(
        [
          ['dept:d-f', 'new_case'],
          ['dept:d-h', 'new_case'],
          ['user:oWorkerA', 'case_update'],
        ].sort(),
      )
      for (const m of msgs) {
        expect(m).toMatchObject({
          complaintId: c.id,
          channel: 'wechat',
          params: null,
          status: 'pending',
          attempts: 0,
          nextAt: at(10),
          lastError: null,
          createdAt: at(10),
          sentAt: null,
        })
      }

      expect(await s.claimOutbox(at(9), at(11), 10)).toEqual([]) // not due yet
      const claimed = await s.claimOutbox(at(12), at(14), 10)
      expect(sorted(claimed.map((m) => String(m.id)))).toEqual(sorted(msgs.map((m) => String(m.id))))
      expect(await s.claimOutbox(at(13), at(15), 10)).toEqual([]) // leased until 14
      const [m1, m2, m3] = claimed
      await s.finishOutbox(m1.id, { ok: true, at: at(13) })
      await s.finishOutbox(m2.id, { ok: false, error: 'x'.repeat(600), nextAt: at(30) })
      await s.finishOutbox(m3.id, { ok: false, error: 'gave up', nextAt: null })
      const byId = new Map((await s.listOutbox(10)).map((m) => [String(m.id), m]))
      expect(byId.get(String(m1.id))).toMatchObject({ status: 'sent', sentAt: at(13), attempts: 1 })
      expect(byId.get(String(m2.id))).toMatchObject({ status: 'pending', nextAt: at(30), attempts: 1, lastError: 'x'.repeat(500) })
      expect(byId.get(String(m3.id))).toMatchObject({ status: 'failed', nextAt: at(10), attempts: 1, lastError: 'gave up' })
      expect(await s.claimOutbox(at(20), at(22), 10)).toEqual([])
      const again = await s.claimOutbox(at(31), at(33), 10)
      expect(again.map((m) => String(m.id))).toEqual([String(m2.id)])
      expect(again[0]).toMatchObject({ attempts: 1, status: 'pending' })
      // a lease that ran out (the run died) frees the message
      expect((await s.claimOutbox(at(40), at(42), 10)).map((m) => String(m.id))).toEqual([String(m2.id)])
    })

    test('outbox: listed newest first, limited; claims come oldest due first', async () => {
      await create(complaint({ ownerOpenid: null, createdAt: at(1), handlerDeptId: 'd-x', firstResponderDeptId: 'd-x' }))
      await create(complaint({ ownerOpenid: null, createdAt: at(2), handlerDeptId: 'd-y', firstResponderDeptId: 'd-y' }))
      await create(complaint({ ownerOpenid: null, createdAt: at(3), handlerDeptId: 'd-z', firstResponderDeptId: 'd-z' }))
      expect((await s.listOutbox(2)).map((m) => m.recipient)).toEqual(['dept:d-z', 'dept:d-y'])
      expect((await s.claimOutbox(at(5), at(6), 2)).map((m) => m.recipient)).toEqual(['dept:d-x', 'dept:d-y'])
    })

    test('overlapping claims never take the same message', async () => {
      for (let i = 0; i < 8; i++) await create(complaint({ createdAt: at(i), handlerDeptId: `d-h${i}`, firstResponderDeptId: `d-f${i}` }))
      const all = await s.listOutbox(100)
      expect(all).toHaveLength(24)
      const runs = await Promise.all([0, 1, 2, 3].map(() => s.claimOutbox(at(100), at(102), 100)))
      const taken = runs.flat().map((m) => String(m.id))
      expect(new Set(taken).size).toBe(taken.length)
      expect(sorted(taken)).toEqual(sorted(all.map((m) => String(m.id))))
    })

    test('messages are written as given, with the events that send them: channel, recipient, parameters', async () => {
      const nc = complaint({ createdAt: at(10) })
      const c = await create(nc, registered(nc), 2026, (stored) => [
        {
          channel: 'wechat',
          recipient: `dept:${stored.handlerDeptId}`,
          template: 'new_case',
          title: '新的欠薪投诉待受理',
          body: `案件${stored.caseNo}`,
          params: null,
        },
      ])
      expect((await s.listOutbox(10)).map((m) => [m.channel, m.recipient, m.body])).toEqual([
        ['wechat', 'dept:d-housing', '案件130602-2026-00001'],
      ])

      const updated = await s.updateComplaint(c.id, 1, { status: 'accepted' }, [ev('accepted', at(20))], at(20), [
        sms('13800000000'),
        { ...sms('13900000000'), params: [] },
      ])
      expect(updated).toMatchObject({ version: 2 })
      await s.appendEvents(
        c.id,
        [ev('reminded', at(30), { visibleToWorker: false })],
        [{ channel: 'wechat', recipient: 'dept:d-housing', template: 'escalation', title: '工友催办', body: '请尽快处理', params: null }],
      )
      // no events, no messages: messages are sent by events
      await s.appendEvents(c.id, [], [sms('13700000000')])
      expect(await s.updateComplaint(c.id, 2, { lastProgressAt: at(31) }, [], at(31), [sms('13700000000')])).toMatchObject({ version: 3 })

      const rows = (await s.listOutbox(10)).sort((x, y) =>
        x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.recipient < y.recipient ? -1 : 1,
      )
      expect(rows.map((m) => [m.createdAt, m.channel, m.recipient, m.template, m.params])).toEqual([
        [at(10), 'wechat', 'dept:d-housing', 'new_case', null],
        [at(20), 'sms', '13800000000', 'accepted', ['3月5日', 'http://x.cn/c/1']],
        [at(20), 'sms', '13900000000', 'accepted', []],
        [at(30), 'wechat', 'dept:d-housing', 'escalation', null],
      ])
      const text = rows.find((m) => m.recipient === '13800000000')
      expect(text).toMatchObject({
        complaintId: c.id,
        title: '投诉已受理',
        body: '欠薪投诉已受理，3月5日前办结，详情http://x.cn/c/1',
        status: 'pending',
        nextAt: at(20),
      })
      // claimed and finished like any other message
      const claimed = await s.claimOutbox(at(40), at(42), 10)
      expect(
        claimed
          .filter((m) => m.channel === 'sms')
          .map((m) => m.recipient)
          .sort(),
      ).toEqual(['13800000000', '13900000000'])
    })

    test('a failed transaction writes no message: a stale version, a replayed request, a write failing midway', async () => {
      const c = await create(complaint({ createdAt: at(10) }))
      const before = await s.listOutbox(100)
      expect(before).toHaveLength(3)
      expect(await s.updateComplaint(c.id, 9, { status: 'accepted' }, [ev('accepted', at(20))], at(20), [sms('13800000000')])).toBe(
        'conflict',
      )
      await s.appendEvents('missing-complaint', [ev('reminded', at(21))], [sms('13800000000')])
      const replay = complaint({ clientRequestId: c.clientRequestId, filedBy: c.filedBy })
      expect((await s.createComplaint(replay, registered(replay), 2026, () => [sms('13800000000')])).created).toBe(false)
      expect(await s.listOutbox(100)).toHaveLength(3)

      // One message of several fails to be written: the change, its events and the other messages are undone.
      await subject.failMessageWrites('13999999999')
      await expect(
        s.updateComplaint(c.id, 1, { status: 'accepted' }, [ev('accepted', at(30))], at(30), [sms('13800000000'), sms('13999999999')]),
      ).rejects.toBeDefined()
      expect(await s.getComplaint(c.id)).toEqual(c)
      expect(await s.timeline(c.id)).toHaveLength(2)
      await expect(s.appendEvents(c.id, [ev('reminded', at(31))], [sms('13999999999')])).rejects.toBeDefined()
      expect(await s.timeline(c.id)).toHaveLength(2)
      const n = complaint({ createdAt: at(32) })
      await expect(s.createComplaint(n, registered(n), 2026, (stored) => [...messagesOf(stored), sms('13999999999')])).rejects.toBeDefined()
      expect(await s.getComplaint(n.id)).toBeNull()
      expect(await s.findByRequest(n.filedBy, n.clientRequestId)).toBeNull()
      expect(await s.listOutbox(100)).toEqual(before)
      // and the case number it would have taken is still free
      expect((await create(complaint())).caseNo).toBe('130602-2026-00002')
    })

    test('a message sent at once is recorded as sent and never claimed; SMS of cases sent to a phone are counted since an instant', async () => {
      const c = await create(complaint({ createdAt: at(10) }), [], 2026)
      await s.updateComplaint(c.id, 1, { status: 'accepted' }, [ev('accepted', at(20))], at(20), [sms('13800000000')])
      await s.updateComplaint(c.id, 2, { status: 'in_progress' }, [ev('progress', at(30))], at(30), [
        sms('13800000000'),
        sms('13900000000'),
      ])
      await s.appendEvents(
        c.id,
        [ev('reminded', at(40))],
        [{ channel: 'wechat', recipient: '13800000000', template: 'escalation', title: 't', body: 'b', params: null }],
      )
      await s.recordSent(
        { ...sms('13800000000', '验证码123456，5分钟内有效，请勿告诉他人。'), template: 'verify_code', params: ['123456', '5'] },
        null,
        at(35),
      )
      // Written, not yet sent: nothing counts.
      expect(await s.countSmsSentSince('13800000000', at(0))).toBe(0)
      const sent = (await s.listOutbox(10)).find((m) => m.template === 'verify_code')
      expect(sent).toMatchObject({
        complaintId: null,
        channel: 'sms',
        recipient: '13800000000',
        status: 'sent',
        attempts: 1,
        sentAt: at(35),
        createdAt: at(35),
        params: ['123456', '5'],
      })
      const claimed = await s.claimOutbox(at(100), at(102), 10)
      expect(claimed.map((m) => m.template).sort()).toEqual(['accepted', 'accepted', 'accepted', 'escalation'])
      // Counted by when they were sent: two to one phone (at 101 and 110), one to another not sent (the
      // cap), and a WeChat message whose recipient looks like a phone (not an SMS).
      const to = (phone: string) => claimed.filter((m) => m.channel === 'sms' && m.recipient === phone)
      const [first, second] = to('13800000000')
      await s.finishOutbox(first.id, { ok: true, at: at(101) })
      await s.finishOutbox(second.id, { ok: true, at: at(110) })
      await s.finishOutbox(to('13900000000')[0].id, { ok: false, error: 'not sent: over the daily SMS cap', nextAt: null })
      await s.finishOutbox(claimed.find((m) => m.channel === 'wechat')!.id, { ok: true, at: at(101) })
      // A sign-in code sent then is no SMS of a case.
      await s.recordSent({ ...sms('13800000000', '验证码654321'), template: 'verify_code', params: ['654321', '5'] }, null, at(105))
      expect(await s.countSmsSentSince('13800000000', at(0))).toBe(2)
      expect(await s.countSmsSentSince('13800000000', at(102))).toBe(1)
      expect(await s.countSmsSentSince('13800000000', at(110))).toBe(1) // since is inclusive
      expect(await s.countSmsSentSince('13800000000', at(111))).toBe(0)
      expect(await s.countSmsSentSince('13900000000', at(0))).toBe(0)
      expect(await s.countSmsSentSince('13700000000', at(0))).toBe(0)
    })

    test('consents: one credit per accepted template, taken one at a time, never below none', async () => {
      expect(await s.takeConsent('oW', 'TPL-A', at(0))).toBe(false)
      await s.addConsents('oW', ['TPL-A', 'TPL-B'], at(1))
      await s.addConsents('oW', ['TPL-A'], at(2))
      await s.addConsents('oW', [], at(2))
      expect(await s.takeConsent('oOther', 'TPL-A', at(3))).toBe(false)
      expect(await s.takeConsent('oW', 'TPL-A', at(3))).toBe(true)
      expect(await s.takeConsent('oW', 'TPL-A', at(4))).toBe(true)
      expect(await s.takeConsent('oW', 'TPL-A', at(5))).toBe(false)
      expect(await s.takeConsent('oW', 'TPL-B', at(5))).toBe(true)
      expect(await s.takeConsent('oW', 'TPL-B', at(6))).toBe(false)
      // a template named twice in one acceptance counts twice
      await s.addConsents('oW', ['TPL-C', 'TPL-C'], at(7))
      // taken at once by several senders: each credit once
      const won = await Promise.all([1, 2, 3, 4, 5].map((i) => s.takeConsent('oW', 'TPL-C', at(8 + i))))
      expect(won.filter(Boolean)).toHaveLength(2)
    })

    // --- queues ----------------------------------------------------------------------------------------

    async function queueFixture() {
      const H = 'd-h'
      const F = 'd-f'
      const mk = (n: number, o: Partial<NewComplaint>) => create(complaint({ n, handlerDeptId: H, firstResponderDeptId: F, ...o }), [])
      return {
        H,
        F,
        routed: await mk(1, { status: 'routed', acceptDueAt: at(50) }),
        returned: await mk(2, { status: 'returned', acceptDueAt: at(500) }),
        accepted: await mk(3, { status: 'accepted', resolveDueAt: at(40), industry: 'transport' }),
        progress: await mk(4, { status: 'in_progress', resolveDueAt: at(400), areaCode: '130603' }),
        reopened: await mk(5, { status: 'reopened', resolveDueAt: at(30) }),
        registered: await mk(6, { status: 'registered', handlerDeptId: 'd-other' }),
        resolved: await mk(7, { status: 'resolved', resolvedAt: at(20) }),
        otherHandler: await mk(8, { status: 'routed', handlerDeptId: 'd-other', firstResponderDeptId: 'd-other2', acceptDueAt: at(10) }),
        otherArea: await mk(9, {
          status: 'accepted',
          handlerDeptId: 'd-far',
          firstResponderDeptId: 'd-far',
          areaCode: '130702',
          resolveDueAt: at(10),
        }),
        frOnly: await mk(10, { status: 'routed', handlerDeptId: 'd-other', acceptDueAt: at(600) }),
      }
    }

    const q = (o: Partial<Parameters<Storage['queue']>[0]> & { view: Parameters<Storage['queue']>[0]['view'] }) =>
      s.queue({ deptId: null, areaPrefix: null, now: at(100), cursor: null, limit: 50, ...o })

    test('queue views of a department: to accept, in progress, as first responder, all', async () => {
      const f = await queueFixture()
      expect(ids(await q({ view: 'to_accept', deptId: f.H }))).toEqual(ids([f.routed, f.returned]))
      expect(ids(await q({ view: 'in_progress', deptId: f.H }))).toEqual(ids([f.accepted, f.progress, f.reopened]))
      expect(ids(await q({ view: 'first_responder', deptId: f.F }))).toEqual(ids([f.routed, f.returned, f.registered, f.frOnly]))
      expect(ids(await q({ view: 'all', deptId: f.H }))).toEqual(
        ids([f.resolved, f.reopened, f.progress, f.accepted, f.returned, f.routed]),
      )
      expect(ids(await q({ view: 'all', deptId: f.F }))).toEqual(
        ids([f.frOnly, f.resolved, f.registered, f.reopened, f.progress, f.accepted, f.returned, f.routed]),
      )
      expect(await q({ view: 'to_accept', deptId: 'd-nobody' })).toEqual([])
      // A row carries every queue field as stored (a supervised case: its JSON too).
      const supervision = { note: '督办', dueAt: at(900), byDeptId: 'd-c', at: at(5), leaderName: null, overdueAt: null }
      expect(await s.updateComplaint(f.progress.id, f.progress.version, { supervision }, [], at(5))).not.toBe('conflict')
      const row = (await q({ view: 'in_progress', deptId: f.H })).find((r) => r.id === f.progress.id)!
      const full = (await s.getComplaint(f.progress.id))!
      const pick = (c: QueueRow) => Object.fromEntries(QUEUE_FIELDS.map((k) => [k, c[k] ?? null]))
      expect(pick(row)).toEqual(pick(full))
      expect(row.supervision).toEqual(supervision)
    })

    test('queue: overdue for a department and for a coordinator’s area', async () => {
      const f = await queueFixture()
      // handling past the resolution deadline, or waiting past the acceptance deadline, at t=100
      expect(ids(await q({ view: 'overdue', deptId: f.H }))).toEqual(ids([f.routed, f.accepted, f.reopened]))
      expect(ids(await q({ view: 'overdue', areaPrefix: '1306' }))).toEqual(ids([f.routed, f.accepted, f.reopened, f.otherHandler]))
      expect(ids(await q({ view: 'overdue', areaPrefix: '13' }))).toEqual(
        ids([f.routed, f.accepted, f.reopened, f.otherHandler, f.otherArea]),
      )
      expect(ids(await q({ view: 'all', areaPrefix: '130603' }))).toEqual(ids([f.progress]))
    })

    test('queue: the overdue view read by tier (red card, yellow, not accepted in time)', async () => {
      const f = await queueFixture()
      const red = await create(
        complaint({ n: 11, handlerDeptId: f.H, firstResponderDeptId: f.F, status: 'in_progress', resolveDueAt: at(5), card: 'red' }),
        [],
      )
      const yellowCarded = await create(
        complaint({ n: 12, handlerDeptId: f.H, firstResponderDeptId: f.F, status: 'accepted', resolveDueAt: at(6), card: 'yellow' }),
        [],
      )
      expect(ids(await q({ view: 'overdue', deptId: f.H, tier: 'red' }))).toEqual(ids([red]))
      expect(ids(await q({ view: 'overdue', deptId: f.H, tier: 'yellow' }))).toEqual(ids([f.accepted, f.reopened, yellowCarded]))
      expect(ids(await q({ view: 'overdue', deptId: f.H, tier: 'accept' }))).toEqual(ids([f.routed]))
      expect(ids(await q({ view: 'overdue', areaPrefix: '13', tier: 'accept' }))).toEqual(ids([f.routed, f.otherHandler]))
    })

    test('queue: filters by status, industry and area', async () => {
      const f = await queueFixture()
      expect(ids(await q({ view: 'all', areaPrefix: '13', filter: { status: 'accepted' } }))).toEqual(ids([f.otherArea, f.accepted]))
      expect(ids(await q({ view: 'in_progress', deptId: f.H, filter: { industry: 'transport' } }))).toEqual(ids([f.accepted]))
      expect(ids(await q({ view: 'all', deptId: f.H, filter: { areaPrefix: '130603' } }))).toEqual(ids([f.progress]))
      expect(await q({ view: 'all', deptId: f.H, filter: { status: 'closed' } })).toEqual([])
    })

    test('queue: cursor paging in both directions, ties broken by id', async () => {
      const mk = (o: Partial<NewComplaint>) =>
        create(complaint({ handlerDeptId: 'd-h', firstResponderDeptId: 'd-f', status: 'routed', ...o }), [])
      // creation times with ties (several complaints in one millisecond)
      const made: Complaint[] = []
      for (const n of [5, 1, 3, 3, 3, 2, 4, 4]) made.push(await mk({ createdAt: at(n) }))
      const asc = [...made].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1))
      const page = async (view: 'to_accept' | 'all', limit: number) => {
        const out: QueueRow[] = []
        let cursor: { createdAt: string; id: string } | null = null
        for (let i = 0; i < 20; i++) {
          const rows = await q({ view, deptId: 'd-h', cursor, limit })
          out.push(...rows)
          if (rows.length < limit) break
          const last = rows[rows.length - 1]
          cursor = { createdAt: last.createdAt, id: last.id }
        }
        return out
      }
      expect(ids(await page('to_accept', 3))).toEqual(ids(asc))
      expect(ids(await page('all', 2))).toEqual(ids([...asc].reverse()))
      expect(ids(await q({ view: 'to_accept', deptId: 'd-h', limit: 3 }))).toEqual(ids(asc.slice(0, 3)))
    })

    // --- lists and counts --------------------------------------------------------------------------------

    test('a worker’s complaints newest first; counts since an instant', async () => {
      const a = await create(
        complaint({ ownerOpenid: 'oMe', filedBy: 'oMe', createdAt: at(1), siteCode: 'SITE001', employerKey: 'uscc:X' }),
      )
      const b = await create(
        complaint({ ownerOpenid: 'oMe', filedBy: 'oDesk', createdAt: at(5), siteCode: 'SITE001', employerKey: 'uscc:X' }),
      )
      const c = await create(
        complaint({ ownerOpenid: 'oMe', filedBy: 'oMe', createdAt: at(3), siteCode: 'SITE002', employerKey: 'uscc:Y' }),
      )
      await create(complaint({ ownerOpenid: 'oElse', filedBy: 'oElse', createdAt: at(4), siteCode: 'SITE001', employerKey: 'uscc:X' }))
      expect(ids(await s.listByOwner('oMe', 10))).toEqual(ids([b, c, a]))
      expect(ids(await s.listByOwner('oMe', 2))).toEqual(ids([b, c]))
      expect(await s.listByOwner('oNobody', 10)).toEqual([])
      expect(await s.countFiledSince('oMe', at(0))).toBe(2)
      expect(await s.countFiledSince('oMe', at(2))).toBe(1)
      expect(await s.countFiledSince('oMe', at(3))).toBe(1) // since is inclusive
      expect(await s.countSiteSince('SITE001', at(0))).toBe(3)
      expect(await s.countSiteSince('SITE001', at(4))).toBe(2)
      expect(await s.countEmployerSince('uscc:X', at(2))).toBe(2)
      expect(await s.countEmployerSince('uscc:Z', at(0))).toBe(0)
    })

    test('filed since: a site’s and an employer’s counts equal a recount, from any instant, across Beijing hours and days', async () => {
      // T0 is 09:00 Beijing. Filings over three days, on and beside the Beijing hour and day boundaries
      // (16:00Z is midnight in Beijing), two at one instant; another site and employer beside them.
      const minutes = [0, 1, 59, 60, 61, 119.99, 420, 899, 900, 900, 901, 960, 1439, 1440, 1500, 2339, 2340, 2341, 2400, 3000, 3779, 3780]
      const times = minutes.map((m) => new Date(T0 + Math.round(m * 60_000)).toISOString())
      for (const t of times) await create(complaint({ createdAt: t, siteCode: 'SITE-R', employerKey: 'uscc:R' }))
      for (const m of [30, 900, 2400]) await create(complaint({ createdAt: at(m), siteCode: 'SITE-Q', employerKey: 'uscc:Q' }))
      await create(complaint({ createdAt: at(950), siteCode: null, employerKey: 'uscc:R' }))
      const employerTimes = [...times, at(950)]
      const sinces = [
        ...times,
        ...times.map((t) => new Date(Date.parse(t) - 1).toISOString()),
        ...times.map((t) => new Date(Date.parse(t) + 1).toISOString()),
        at(-600),
        at(900 - 1 / 60_000),
        at(30),
        at(5000),
      ]
      for (const since of sinces) {
        expect([since, await s.countSiteSince('SITE-R', since)]).toEqual([since, times.filter((t) => t >= since).length])
        expect([since, await s.countEmployerSince('uscc:R', since)]).toEqual([since, employerTimes.filter((t) => t >= since).length])
      }
      expect(await s.countSiteSince('SITE-Q', at(0))).toBe(3)
      expect(await s.countEmployerSince('uscc:Q', at(901))).toBe(1)
      expect(await s.countSiteSince('SITE-NONE', at(0))).toBe(0)
    })

    test('filed since with a bound: a site’s count is exact once it reaches the threshold and below it when not; an employer’s stops no lower than `atLeast`', async () => {
      const minutes = [0, 1, 59, 60, 61, 420, 899, 900, 900, 901, 1439, 1440, 1500, 2340, 3000]
      const times = minutes.map((m) => new Date(T0 + Math.round(m * 60_000)).toISOString())
      for (const t of times) await create(complaint({ createdAt: t, siteCode: 'SITE-B', employerKey: 'uscc:B' }))
      const sinces = [...times, ...times.map((t) => new Date(Date.parse(t) + 1).toISOString()), at(-600), at(5000)]
      const wrong: unknown[] = []
      for (const since of sinces) {
        const exact = times.filter((t) => t >= since).length
        for (const bound of [1, 2, 3, 5, 8, 13, 40]) {
          const site = await s.countSiteSince('SITE-B', since, bound)
          if (exact >= bound ? site !== exact : site >= bound) wrong.push({ since, bound, exact, site })
          const employer = await s.countEmployerSince('uscc:B', since, bound)
          if (exact < bound ? employer !== exact : employer < bound) wrong.push({ since, bound, exact, employer })
        }
      }
      expect(wrong).toEqual([])
      expect(await s.countSiteSince('SITE-NONE', at(0), 1)).toBe(0)
      expect(await s.countEmployerSince('uscc:NONE', at(0), 1)).toBe(0)
    })

    // --- members of a desk filing ---------------------------------------------------------------------

    const group = (o: Partial<NewComplaint> = {}) =>
      complaint({
        channel: 'desk',
        ownerOpenid: null,
        filedBy: 'oDesk',
        claimCode: 'AAAAA2',
        complainants: [
          { name: '甲', phone: '13700000001', amountOwedFen: 100 },
          { name: '乙', phone: '', contactPhone: '13700000009', contactPhoneOf: 'relative', amountOwedFen: 200 },
          { name: '丙', phone: '', amountOwedFen: 300 },
        ],
        amountOwedFen: 600,
        ...o,
      })
    const createGroup = async (c: NewComplaint, codes = ['AAAAA2', 'BBBBB3', 'CCCCC4']) => {
      const r = await s.createComplaint(c, registered(c), 2026, messagesOf, codes)
      expect(r.created).toBe(true)
      return r.complaint
    }
    const claimed = (who: string, n: number): NewEvent[] => [ev('claimed', at(n), { actorOpenid: who, note: `${who}认领` })]

    test('members: created with the complaint, one per code, in order; none for a complaint without codes; a replay adds none', async () => {
      const c = await createGroup(group())
      expect(await s.listMembers(c.id)).toEqual([
        { complaintId: c.id, idx: 0, claimCode: 'AAAAA2', ownerOpenid: null, claimedAt: null },
        { complaintId: c.id, idx: 1, claimCode: 'BBBBB3', ownerOpenid: null, claimedAt: null },
        { complaintId: c.id, idx: 2, claimCode: 'CCCCC4', ownerOpenid: null, claimedAt: null },
      ])
      // every complainant field survives, the contact phone of a worker without a mobile too
      expect((await s.getComplaint(c.id))?.complainants[1]).toEqual({
        name: '乙',
        phone: '',
        contactPhone: '13700000009',
        contactPhoneOf: 'relative',
        amountOwedFen: 200,
      })
      const again = await s.createComplaint(group({ clientRequestId: c.clientRequestId }), [], 2026, messagesOf, ['DDDDD5'])
      expect(again).toEqual({ complaint: c, created: false })
      expect((await s.listMembers(c.id)).map((m) => m.claimCode)).toEqual(['AAAAA2', 'BBBBB3', 'CCCCC4'])
      const plain = await create(complaint())
      expect(await s.listMembers(plain.id)).toEqual([])
      expect(await s.listMembers('nope')).toEqual([])
    })

    test('claimMember binds one member to one WeChat, with its events, without a version change; member 0 also owns the case', async () => {
      const c = await createGroup(group())
      const msg: NewMessage = {
        channel: 'wechat',
        recipient: 'dept:d-desk',
        template: 'case_update',
        title: '认领',
        body: '已认领',
        params: null,
      }
      expect(await s.claimMember(c.id, 1, 'oYi', at(10), claimed('oYi', 10), [msg])).toBe('claimed')
      let now = await s.getComplaint(c.id)
      expect(now).toMatchObject({ ownerOpenid: null, version: 1 })
      expect(await s.claimMember(c.id, 1, 'oYi', at(11), claimed('oYi', 11))).toBe('already')
      expect(await s.claimMember(c.id, 1, 'oThief', at(12), claimed('oThief', 12))).toBe('taken')
      expect(await s.claimMember(c.id, 7, 'oYi', at(13), claimed('oYi', 13))).toBe('missing')
      expect(await s.claimMember('nope', 0, 'oYi', at(13), claimed('oYi', 13))).toBe('missing')
      expect(await s.claimMember(c.id, 0, 'oJia', at(14), claimed('oJia', 14))).toBe('claimed')
      now = await s.getComplaint(c.id)
      expect(now).toEqual({ ...c, ownerOpenid: 'oJia' })
      expect((await s.listMembers(c.id)).map((m) => [m.idx, m.ownerOpenid, m.claimedAt])).toEqual([
        [0, 'oJia', at(14)],
        [1, 'oYi', at(10)],
        [2, null, null],
      ])
      // Only the claims that happened are on the timeline, with the message one of them sent.
      expect((await s.timeline(c.id)).filter((e) => e.type === 'claimed').map((e) => e.actorOpenid)).toEqual(['oYi', 'oJia'])
      expect((await s.listOutbox(100)).filter((m) => m.body === '已认领')).toHaveLength(1)
      // The case still moves at its version: a claim is no status change.
      expect(await s.updateComplaint(c.id, 1, { status: 'accepted' }, [ev('accepted', at(20))], at(20))).toMatchObject({
        version: 2,
        ownerOpenid: 'oJia',
      })
    })

    test('claimMember on member 0 keeps an owner the case already has', async () => {
      const c = await createGroup(group({ ownerOpenid: 'oFirst' }))
      expect(await s.claimMember(c.id, 0, 'oOther', at(10), claimed('oOther', 10))).toBe('claimed')
      expect((await s.getComplaint(c.id))?.ownerOpenid).toBe('oFirst')
    })

    test('a worker’s list holds the cases they own and those they claimed as a member, once each, newest first', async () => {
      const own = await create(complaint({ ownerOpenid: 'oMe', filedBy: 'oMe', createdAt: at(1) }))
      const g1 = await createGroup(group({ createdAt: at(5) }))
      const g2 = await createGroup(group({ createdAt: at(3) }))
      const g3 = await createGroup(group({ createdAt: at(7) }))
      await s.claimMember(g1.id, 2, 'oMe', at(10), claimed('oMe', 10))
      await s.claimMember(g2.id, 0, 'oMe', at(11), claimed('oMe', 11))
      // one WeChat holding two workers of one case (a relative for both) lists it once
      await s.claimMember(g2.id, 1, 'oMe', at(12), claimed('oMe', 12))
      await s.claimMember(g3.id, 0, 'oElse', at(13), claimed('oElse', 13))
      expect(ids(await s.listByOwner('oMe', 10))).toEqual(ids([g1, g2, own]))
      expect(ids(await s.listByOwner('oMe', 2))).toEqual(ids([g1, g2]))
      expect(ids(await s.listByOwner('oElse', 10))).toEqual(ids([g3]))
      expect(await s.listByOwner('oNobody', 10)).toEqual([])
    })

    test('several WeChats claiming one code at once: exactly one wins, one claim on the timeline', async () => {
      const c = await createGroup(group())
      const who = ['oA', 'oB', 'oC', 'oD', 'oE']
      const results = await Promise.all(who.map((w, i) => s.claimMember(c.id, 1, w, at(10 + i), claimed(w, 10 + i))))
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1)
      expect(results.filter((r) => r === 'taken')).toHaveLength(4)
      const winner = who[results.indexOf('claimed')]
      expect((await s.listMembers(c.id))[1].ownerOpenid).toBe(winner)
      expect((await s.timeline(c.id)).filter((e) => e.type === 'claimed').map((e) => e.actorOpenid)).toEqual([winner])
      // Different codes of one case claimed at once all succeed, beside a status change at the same time.
      const [a, b, moved] = await Promise.all([
        s.claimMember(c.id, 0, 'oA0', at(20), claimed('oA0', 20)),
        s.claimMember(c.id, 2, 'oA2', at(20), claimed('oA2', 20)),
        s.updateComplaint(c.id, 1, { status: 'accepted' }, [ev('accepted', at(20))], at(20)),
      ])
      expect([a, b]).toEqual(['claimed', 'claimed'])
      expect(moved).toMatchObject({ version: 2, status: 'accepted' })
      expect(await s.getComplaint(c.id)).toMatchObject({ version: 2, status: 'accepted', ownerOpenid: 'oA0' })
      expect((await s.timeline(c.id)).map((e) => e.type).sort()).toEqual([
        'accepted',
        'claimed',
        'claimed',
        'claimed',
        'registered',
        'routed',
      ])
    })

    test('scheduler queries: cards, auto-close, escalation, missing deadlines, campaign deadlines', async () => {
      const mk = (o: Partial<NewComplaint>) => create(complaint(o), [])
      const late1 = await mk({ status: 'accepted', resolveDueAt: at(50) })
      const late2 = await mk({ status: 'in_progress', resolveDueAt: at(20), card: 'yellow' })
      await mk({ status: 'reopened', resolveDueAt: at(30), card: 'red' })
      await mk({ status: 'accepted', resolveDueAt: at(500) })
      const res15 = await mk({ status: 'resolved', resolveDueAt: at(10), resolvedAt: at(15) })
      expect(ids(await s.dueForCards(at(100), 10))).toEqual(ids([late2, late1]))
      expect(ids(await s.dueForCards(at(100), 1))).toEqual(ids([late2]))

      const r1 = await mk({ status: 'resolved', resolvedAt: at(40) })
      const r0 = await mk({ status: 'resolved', resolvedAt: at(16) })
      await mk({ status: 'closed', resolvedAt: at(1), closedAt: at(2) })
      expect(ids(await s.dueForAutoClose(at(40), 10))).toEqual(ids([res15, r0, r1]))
      expect(ids(await s.dueForAutoClose(at(39), 10))).toEqual(ids([res15, r0]))
      expect(ids(await s.dueForAutoClose(at(40), 2))).toEqual(ids([res15, r0]))

      const e1 = await mk({ status: 'routed', acceptDueAt: at(60) })
      const e0 = await mk({ status: 'routed', acceptDueAt: at(55) })
      await mk({ status: 'routed', acceptDueAt: at(56), acceptEscalatedAt: at(57) })
      const back = await mk({ status: 'returned', acceptDueAt: at(10) }) // the first responder's own day
      await mk({ status: 'accepted', acceptDueAt: at(5) })
      expect(ids(await s.dueForAcceptEscalation(at(100), 10))).toEqual(ids([back, e0, e1]))
      const nodue = await mk({ status: 'routed', acceptDueAt: null })
      await mk({ status: 'returned', acceptDueAt: null })
      expect(ids(await s.missingAcceptDeadline(10))).toEqual(ids([nodue]))

      const farA = await mk({ status: 'accepted', resolveDueAt: at(9000), areaCode: '130602' })
      const farR = await mk({ status: 'routed', acceptDueAt: at(9000), areaCode: '130603' })
      await mk({ status: 'routed', acceptDueAt: at(9000), areaCode: '130702' })
      const farBack = await mk({ status: 'returned', acceptDueAt: at(9000), areaCode: '130602' })
      await mk({ status: 'resolved', resolveDueAt: at(9000), areaCode: '130602' })
      expect(sorted(ids(await s.deadlinesAfter(at(1000), '1306', 10)))).toEqual(sorted(ids([farA, farR, farBack])))
      expect(ids(await s.deadlinesAfter(at(1000), '130603', 10))).toEqual(ids([farR]))
    })

    test('open cases of a site or an employer, newest first; risk is set without a version change', async () => {
      const mk = (o: Partial<NewComplaint>) => create(complaint({ siteCode: 'SITE001', employerKey: 'uscc:X', ...o }), [])
      const a = await mk({ createdAt: at(1), status: 'routed' })
      const b = await mk({ createdAt: at(2), status: 'referred' })
      await mk({ createdAt: at(3), status: 'closed' })
      await mk({ createdAt: at(4), status: 'not_wage_arrears' })
      const d = await mk({ createdAt: at(5), status: 'accepted', siteCode: 'SITE002' })
      expect(ids(await s.openOf({ siteCode: 'SITE001' }, 10))).toEqual(ids([b, a]))
      expect(ids(await s.openOf({ employerKey: 'uscc:X' }, 10))).toEqual(ids([d, b, a]))
      expect(ids(await s.openOf({ employerKey: 'uscc:X' }, 1))).toEqual(ids([d]))
      // riskMembers: the same complaints in the same order, with what the risk level needs
      const members = await s.riskMembers({ employerKey: 'uscc:X' }, 10)
      const full = await s.openOf({ employerKey: 'uscc:X' }, 10)
      expect(members).toEqual(
        full.map((x) => ({
          id: x.id,
          workerCount: x.workerCount,
          owedSince: x.owedSince,
          bossUnreachable: x.bossUnreachable,
          riskLevel: x.riskLevel,
          siteCode: x.siteCode,
          employerKey: x.employerKey,
          flags: x.flags ?? [],
        })),
      )
      expect((await s.riskMembers({ siteCode: 'SITE001' }, 10)).map((m) => m.id)).toEqual(ids(await s.openOf({ siteCode: 'SITE001' }, 10)))
      await s.setRiskLevel([a.id, d.id], 'major')
      await s.setRiskLevel([], 'severe')
      expect(await s.getComplaint(a.id)).toEqual({ ...a, riskLevel: 'major' })
      expect(await s.getComplaint(d.id)).toEqual({ ...d, riskLevel: 'major' })
      expect((await s.getComplaint(b.id))?.riskLevel).toBe('none')
    })

    // --- alerts, statistics -----------------------------------------------------------------------------

    test('an immediate report is recorded once per subject and trigger; listed by area newest first', async () => {
      const alert = (id: string, o: object = {}) => ({
        id,
        subject: 'site:AAAAAAA',
        trigger: 'workers',
        areaCode: '130602',
        note: '即时报告',
        complaintIds: ['c1', 'c2'],
        createdAt: at(1),
        ...o,
      })
      expect(await s.insertAlert(alert('a1'))).toBe(true)
      expect(await s.insertAlert(alert('a2', { note: '再次', createdAt: at(2) }))).toBe(false)
      expect(await s.insertAlert(alert('a3', { trigger: 'months', createdAt: at(3) }))).toBe(true)
      expect(await s.insertAlert(alert('a4', { subject: 'uscc:X', createdAt: at(4), areaCode: '130702' }))).toBe(true)
      const raced = await Promise.all(
        ['r1', 'r2', 'r3'].map((id) => s.insertAlert(alert(id, { subject: 'uscc:R', trigger: 'severe', createdAt: at(2) }))),
      )
      expect(raced.filter(Boolean)).toHaveLength(1)
      const winner = ['r1', 'r2', 'r3'][raced.indexOf(true)]
      // A new alert is listed as new, not yet read by anyone.
      const listed = (a: { trigger: string }) => ({
        ...a,
        state: 'new',
        ackNote: '',
        ackBy: null,
        ackAt: null,
        triggers: [a.trigger],
        caseNos: [],
        count: 1,
      })
      expect(await s.listAlerts('1306', 10)).toEqual([
        listed(alert('a3', { trigger: 'months', createdAt: at(3) })),
        listed(alert(winner, { subject: 'uscc:R', trigger: 'severe', createdAt: at(2) })),
        listed(alert('a1')),
      ])
      expect((await s.listAlerts('13', 10)).map((a) => a.id)[0]).toBe('a4')
      expect(await s.listAlerts('1306', 1)).toEqual([listed(alert('a3', { trigger: 'months', createdAt: at(3) }))])
    })

    test('a repeat of a report merges into its entry (triggers, case numbers, count); one that adds nothing writes nothing', async () => {
      const day = { subject: 'site:AAAAAAA', trigger: 'day:2026-03-02', areaCode: '130602', createdAt: at(1) }
      expect(
        await s.insertAlert({ ...day, id: 'd1', note: '即时报告一', complaintIds: ['c1'], triggers: ['months_alone'], caseNos: ['N-1'] }),
      ).toBe(true)
      expect(
        await s.insertAlert({
          ...day,
          id: 'd2',
          note: '即时报告二',
          complaintIds: ['c2', 'c1'],
          triggers: ['severe', 'workers'],
          caseNos: ['N-2'],
        }),
      ).toBe(true)
      const before = subject.writes?.()
      // The same case again with a trigger already in the entry: checked before any write.
      expect(
        await s.insertAlert({ ...day, id: 'd3', note: '即时报告三', complaintIds: ['c2'], triggers: ['workers'], caseNos: ['N-2'] }),
      ).toBe(false)
      if (before !== undefined) expect(subject.writes!()).toBe(before)
      const [entry] = await s.listAlerts('1306', 10)
      expect(entry).toMatchObject({
        id: 'd1',
        // Shown under the first trigger it reported (its key is the day).
        trigger: 'months_alone',
        triggers: ['months_alone', 'severe', 'workers'],
        caseNos: ['N-1', 'N-2'],
        complaintIds: ['c1', 'c2'],
        count: 2,
      })
      expect(entry.note).toContain('即时报告二')
      expect(await s.listAlerts('1306', 10)).toHaveLength(1)
    })

    test('an alert is read, then handled with a note (who, when); listed by state', async () => {
      const base = { subject: 'site:AAAAAAA', areaCode: '130602', note: '即时报告', complaintIds: ['c1'] }
      await s.insertAlert({ ...base, id: 'a1', trigger: 'workers', createdAt: at(1) })
      await s.insertAlert({ ...base, id: 'a2', trigger: 'months', createdAt: at(2) })
      await s.insertAlert({ ...base, id: 'a3', trigger: 'severe', createdAt: at(3) })
      expect(await s.ackAlert('a1', { state: 'read', note: '', by: 'oCoord', at: at(5) })).toBe(true)
      expect(await s.ackAlert('a2', { state: 'handled', note: '已约谈总包', by: 'oCoord', at: at(6) })).toBe(true)
      expect(await s.ackAlert('nope', { state: 'read', note: '', by: 'oCoord', at: at(6) })).toBe(false)
      expect(await s.getAlert('a2')).toMatchObject({ id: 'a2', state: 'handled', ackNote: '已约谈总包', ackBy: 'oCoord', ackAt: at(6) })
      expect(await s.getAlert('nope')).toBeNull()
      expect((await s.listAlerts('1306', 10, 'new')).map((a) => a.id)).toEqual(['a3'])
      expect((await s.listAlerts('1306', 10, 'read')).map((a) => a.id)).toEqual(['a1'])
      expect((await s.listAlerts('1306', 10, 'handled')).map((a) => a.id)).toEqual(['a2'])
      expect((await s.listAlerts('1307', 10, 'handled')).map((a) => a.id)).toEqual([])
      expect((await s.listAlerts('1306', 10)).map((a) => a.id)).toEqual(['a3', 'a2', 'a1'])
    })

    test('an admin change and its audit entry are one unit; a rule keeps its id when edited; the audit pages newest first', async () => {
      const entry = (id: string, o: object = {}) => ({
        id,
        at: at(1),
        actorOpenid: 'oCoord',
        actorDeptId: 'd-city',
        areaCode: '130602',
        action: 'rule.create',
        entity: 'rule' as const,
        entityId: 'r1',
        before: null,
        after: { deptId: 'd1' },
        ...o,
      })
      await s.createDept(dept('d1'))
      await s.createDept(dept('d2'))
      const rule = { id: 'r1', areaPrefix: '130602', industry: 'housing' as const, deptId: 'd1', createdAt: at(1) }
      expect(await s.adminChange({ kind: 'rule', rule }, entry('u1'))).toBe('ok')
      expect(await s.adminChange({ kind: 'rule', rule: { ...rule, id: 'r2', createdAt: at(2) } }, entry('u2'))).toBe('duplicate')
      expect(await s.adminChange({ kind: 'rule', rule: { ...rule, areaPrefix: '1306', deptId: 'd2' } }, entry('u3', { at: at(3) }))).toBe(
        'ok',
      )
      expect(await s.listRules()).toEqual([{ id: 'r1', areaPrefix: '1306', industry: 'housing', deptId: 'd2' }])
      expect(await s.adminChange({ kind: 'ruleDelete', id: 'r9' }, entry('u4', { at: at(4) }))).toBe('missing')
      expect(await s.adminChange({ kind: 'ruleDelete', id: 'r1' }, entry('u5', { at: at(5), before: { deptId: 'd2' }, after: null }))).toBe(
        'ok',
      )
      expect(await s.listRules()).toEqual([])
      await s.adminChange(
        { kind: 'dept', dept: dept('d1', { name: '新名称', active: false }) },
        entry('u6', { at: at(6), entity: 'dept', areaCode: '130700' }),
      )
      expect((await s.listDepts()).find((d) => d.id === 'd1')).toMatchObject({ name: '新名称', active: false })
      await s.adminChange(
        { kind: 'site', site: site('AAAAAAA', { supervisingDeptId: 'd1', issuerDeptId: 'd1' }) },
        entry('u7', { at: at(7), entity: 'site' }),
      )
      await s.adminChange(
        { kind: 'site', site: site('AAAAAAA', { supervisingDeptId: 'd1', issuerDeptId: 'd1', retired: true, createdAt: at(9) }) },
        entry('u8', { at: at(8), entity: 'site' }),
      )
      expect(await s.getSite('AAAAAAA')).toMatchObject({ retired: true, createdAt: at(0) })
      await s.adminChange(
        { kind: 'config', writes: [{ areaCode: '130602', value: { deadlines: { resolveDaysDefault: 10 } } }], at: at(9) },
        entry('u9', { at: at(9), entity: 'config' }),
      )
      expect(await s.getAreaConfigs(['130602'])).toEqual([
        { areaCode: '130602', value: { deadlines: { resolveDaysDefault: 10 } }, updatedAt: at(9) },
      ])
      // Refused changes wrote no entry; the rest are listed newest first, by area, a page at a time.
      const all = await s.listAudit('1306', null, 10)
      expect(all.map((e) => e.id)).toEqual(['u9', 'u8', 'u7', 'u5', 'u3', 'u1'])
      expect(all[3]).toEqual(entry('u5', { at: at(5), before: { deptId: 'd2' }, after: null }))
      const first = await s.listAudit('1306', null, 2)
      const next = await s.listAudit('1306', { at: first[1].at, id: first[1].id }, 10)
      expect([...first, ...next].map((e) => e.id)).toEqual(['u9', 'u8', 'u7', 'u5', 'u3', 'u1'])
      expect((await s.listAudit('1307', null, 10)).map((e) => e.id)).toEqual(['u6'])
      // An API key made and revoked with its entries; revoking twice is 'missing' and writes no entry.
      const key = {
        id: 'k1',
        name: '12345',
        hash: 'h'.repeat(64),
        deptId: 'd1',
        areaCode: '130602',
        perMinute: 60,
        createdBy: 'oCoord',
        createdAt: at(10),
        revokedAt: null,
      }
      expect(await s.adminChange({ kind: 'apiKey', key }, entry('u10', { at: at(10), entity: 'apiKey' }))).toBe('ok')
      expect(await s.adminChange({ kind: 'apiKeyRevoke', id: 'k1', at: at(11) }, entry('u11', { at: at(11), entity: 'apiKey' }))).toBe('ok')
      expect(await s.adminChange({ kind: 'apiKeyRevoke', id: 'k1', at: at(12) }, entry('u12', { at: at(12), entity: 'apiKey' }))).toBe(
        'missing',
      )
      expect(await s.apiKeyByHash('h'.repeat(64))).toMatchObject({ id: 'k1', revokedAt: at(11) })
      expect((await s.listAudit('1306', null, 2)).map((e) => e.id)).toEqual(['u11', 'u10'])
    })

    test('statistics: counts and sums per status, channel, card, risk, industry and area', async () => {
      const mk = (o: Partial<NewComplaint>) => create(complaint(o), [])
      await mk({ areaCode: '130602', industry: 'housing', status: 'routed' })
      await mk({ areaCode: '130602', industry: 'housing', status: 'routed' })
      await mk({ areaCode: '130602', industry: 'housing', status: 'routed', card: 'yellow' })
      await mk({
        areaCode: '130603',
        industry: 'transport',
        status: 'closed',
        acceptDueAt: at(100),
        acceptedAt: at(50),
        resolveDueAt: at(2000),
        resolvedAt: at(1440),
        closedAt: at(2880),
        rating: 4,
        createdAt: at(0),
      })
      const late = await mk({
        areaCode: '130603',
        industry: 'transport',
        status: 'resolved',
        acceptDueAt: at(100),
        acceptedAt: at(150),
        resolveDueAt: at(1000),
        resolvedAt: at(1200),
        createdAt: at(0),
      })
      await s.updateComplaint(late.id, 1, { status: 'closed', closedAt: at(4320), rating: 2 }, [], at(4320))
      await mk({ areaCode: '130702', industry: 'water', status: 'routed' })

      const rows = (await s.stats('1306')).sort((a, b) => (a.status + a.card + a.areaCode < b.status + b.card + b.areaCode ? -1 : 1))
      expect(rows).toHaveLength(3)
      expect(rows[0]).toEqual({
        status: 'closed',
        channel: 'self',
        card: 'none',
        riskLevel: 'none',
        industry: 'transport',
        areaCode: '130603',
        count: 2,
        acceptedOnTime: 1,
        closedOnTime: 1,
        closedCount: 2,
        daysToCloseSum: expect.closeTo(5, 6),
        ratingSum: 6,
        ratingCount: 2,
      })
      expect(rows[1]).toEqual({
        status: 'routed',
        channel: 'self',
        card: 'none',
        riskLevel: 'none',
        industry: 'housing',
        areaCode: '130602',
        count: 2,
        acceptedOnTime: 0,
        closedOnTime: 0,
        closedCount: 0,
        daysToCloseSum: 0,
        ratingSum: 0,
        ratingCount: 0,
      })
      expect(rows[2]).toMatchObject({ status: 'routed', card: 'yellow', count: 1 })
      expect(await s.stats('1307')).toHaveLength(1)
      expect(await s.stats('1401')).toEqual([])
      // A lead of another channel is its own group.
      await mk({
        areaCode: '130602',
        industry: 'housing',
        status: 'routed',
        channel: 'hotline_12345',
        externalRef: 'GD1',
        filedBy: 'lead:hotline_12345',
      })
      const leads = (await s.stats('130602')).filter((r) => r.channel === 'hotline_12345')
      expect(leads).toEqual([expect.objectContaining({ status: 'routed', card: 'none', count: 1 })])
    })

    test('API keys: found by hash only, listed by area newest first, revoked once', async () => {
      await s.createDept(dept('d-city', { areaCode: '130600' }))
      await s.createDept(dept('d-lc', { areaCode: '130606' }))
      const key = (id: string, o: Partial<ApiKey> = {}): ApiKey => ({
        id,
        name: `系统${id}`,
        hash: `hash-${id}`,
        deptId: 'd-city',
        areaCode: '130600',
        perMinute: 60,
        createdBy: 'oCoord',
        createdAt: at(1),
        revokedAt: null,
        ...o,
      })
      await s.createApiKey(key('k1'))
      await s.createApiKey(key('k2', { deptId: 'd-lc', areaCode: '130606', createdAt: at(2), perMinute: 5 }))
      await s.createApiKey(key('k3', { areaCode: '140100', createdAt: at(3) }))
      expect(await s.apiKeyByHash('hash-k2')).toEqual(key('k2', { deptId: 'd-lc', areaCode: '130606', createdAt: at(2), perMinute: 5 }))
      expect(await s.apiKeyByHash('nope')).toBeNull()
      await expect(s.createApiKey(key('k4', { hash: 'hash-k1' }))).rejects.toBeDefined() // a hash is one key's
      expect(ids(await s.listApiKeys('1306', 10))).toEqual(['k2', 'k1'])
      expect(ids(await s.listApiKeys('130606', 10))).toEqual(['k2'])
      expect(await s.revokeApiKey('k1', at(9))).toBe(true)
      expect(await s.revokeApiKey('k1', at(10))).toBe(false)
      expect(await s.revokeApiKey('k9', at(10))).toBe(false)
      expect((await s.apiKeyByHash('hash-k1'))?.revokedAt).toBe(at(9))
    })

    test('leads: the outside reference and reply deadline survive; one case per (channel filer, reference); the queue filters by channel', async () => {
      const lead = (ref: string, o: Partial<NewComplaint> = {}) =>
        complaint({
          channel: 'national_platform',
          filedBy: 'lead:national_platform',
          clientRequestId: ref,
          externalRef: ref,
          replyDueAt: at(9000),
          ownerOpenid: null,
          ...o,
        })
      const first = await create(lead('XS-2026-0001'))
      expect(await s.getComplaint(first.id)).toMatchObject({
        channel: 'national_platform',
        externalRef: 'XS-2026-0001',
        replyDueAt: at(9000),
      })
      const again = await s.createComplaint(lead('XS-2026-0001'), [], 2026, messagesOf)
      expect(again).toMatchObject({ created: false, complaint: { id: first.id } })
      expect((await s.findByRequest('lead:national_platform', 'XS-2026-0001'))?.id).toBe(first.id)
      // The same reference from another channel is another lead.
      const other = await create(lead('XS-2026-0001', { channel: 'hotline_12345', filedBy: 'lead:hotline_12345' }))
      expect(other.id).not.toBe(first.id)
      await create(complaint())
      const q = (channel?: NewComplaint['channel']) =>
        s.queue({
          view: 'to_accept',
          deptId: 'd-housing',
          areaPrefix: null,
          now: at(0),
          cursor: null,
          limit: 50,
          ...(channel ? { filter: { channel } } : {}),
        })
      expect(ids(await q('national_platform'))).toEqual([first.id])
      expect(ids(await q('hotline_12345'))).toEqual([other.id])
      expect(await q()).toHaveLength(3)
    })

    // --- people -----------------------------------------------------------------------------------------

    test('users of a department; coordinators whose active department covers an area', async () => {
      await s.createDept(dept('d-city', { areaCode: '130600' }))
      await s.createDept(dept('d-prov', { areaCode: '130000' }))
      await s.createDept(dept('d-county', { areaCode: '130602' }))
      await s.createDept(dept('d-other', { areaCode: '130700' }))
      await s.createDept(dept('d-off', { areaCode: '130600', active: false }))
      const put = (openid: string, role: User['role'], deptId: string | null) =>
        s.putUser({ openid, role, deptId, name: null, createdAt: at(0) })
      await put('oCity', 'coordinator', 'd-city')
      await put('oProv', 'coordinator', 'd-prov')
      await put('oCounty', 'coordinator', 'd-county')
      await put('oOther', 'coordinator', 'd-other')
      await put('oOff', 'coordinator', 'd-off')
      await put('oInsp', 'inspector', 'd-city')
      await put('oWorker', 'worker', null)
      expect((await s.usersOfDept('d-city')).map((u) => u.openid).sort()).toEqual(['oCity', 'oInsp'])
      expect(await s.usersOfDept('d-none')).toEqual([])
      expect((await s.coordinatorsCovering('130602')).map((u) => u.openid).sort()).toEqual(['oCity', 'oCounty', 'oProv'])
      expect((await s.coordinatorsCovering('130603')).map((u) => u.openid).sort()).toEqual(['oCity', 'oProv'])
    })

    // --- templates, ledger, configuration -------------------------------------------------------------

    test('reply templates: upserted by id (keeping their area), listed by action and title, deleted', async () => {
      const t = (id: string, o: object = {}) => ({
        id,
        action: 'accept',
        title: '标题',
        text: '内容',
        areaCode: '130602',
        updatedBy: 'oC',
        updatedAt: at(0),
        ...o,
      })
      await s.putTemplate(t('t1', { action: 'resolve', title: 'B' }))
      await s.putTemplate(t('t2', { title: 'Z' }))
      await s.putTemplate(t('t3', { title: 'A' }))
      await s.putTemplate(t('t2', { title: 'C', text: '新内容', areaCode: '999999', updatedBy: 'oD', updatedAt: at(5) }))
      expect(await s.listTemplates()).toEqual([
        t('t3', { title: 'A' }),
        t('t2', { title: 'C', text: '新内容', updatedBy: 'oD', updatedAt: at(5) }),
        t('t1', { action: 'resolve', title: 'B' }),
      ])
      expect(await s.deleteTemplate('t3')).toBe(true)
      expect(await s.deleteTemplate('t3')).toBe(false)
      expect((await s.listTemplates()).map((x) => x.id)).toEqual(['t2', 't1'])
    })

    test('ledger: every case of an area or of a department, oldest first, with its last event', async () => {
      const a = await create(complaint({ createdAt: at(1), handlerDeptId: 'd-h', firstResponderDeptId: 'd-f' }))
      const b = await create(complaint({ createdAt: at(2), handlerDeptId: 'd-x', firstResponderDeptId: 'd-h', areaCode: '130603' }), [])
      const c = await create(complaint({ createdAt: at(3), handlerDeptId: 'd-y', firstResponderDeptId: 'd-y', areaCode: '130702' }))
      await s.updateComplaint(a.id, 1, { status: 'accepted' }, [ev('accepted', at(10), { note: '已受理', visibleToWorker: false })], at(10))
      await s.appendEvents(a.id, [ev('viewed_personal_data', at(11), { note: '查看' })])
      const area = await s.ledger({ areaPrefix: '1306' }, 10)
      expect(area.map((r) => r.complaint.id)).toEqual(ids([a, b]))
      expect(area[0]).toEqual({
        complaint: { ...a, status: 'accepted', version: 2, updatedAt: at(10) },
        lastEvent: { at: at(11), type: 'viewed_personal_data', note: '查看' },
      })
      expect(area[1].lastEvent).toBeNull()
      expect((await s.ledger({ deptId: 'd-h' }, 10)).map((r) => r.complaint.id)).toEqual(ids([a, b]))
      expect((await s.ledger({ areaPrefix: '' }, 2)).map((r) => r.complaint.id)).toEqual(ids([a, b]))
      expect((await s.ledger({ deptId: 'd-y' }, 10))[0]).toEqual({
        complaint: c,
        lastEvent: { at: c.createdAt, type: 'routed', note: 'routed记录' },
      })
    })

    test('configuration per area: nothing at first, then each area its own document, the country level apart', async () => {
      expect(await s.listAreaConfigs()).toEqual([])
      expect(await s.getAreaConfigs(['000000', '130000', '130600'])).toEqual([])
      expect(await s.getAreaConfigs([])).toEqual([])
      const country = { deadlines: { acceptWorkingDays: 2 }, holidays: { '2027': { holidays: ['2027-01-01'], workdays: [] } } }
      const city = { deadlines: { resolveDaysDefault: 10 }, campaign: { endsAt: '2027-01-20T00:00:00+08:00', areaCode: '130602' } }
      const county = { rateLimits: { perSitePerHour: 50 } }
      await s.setAreaConfig('000000', country, at(1))
      await s.setAreaConfig('130600', city, at(2))
      await s.setAreaConfig('130602', county, at(3))
      await s.setAreaConfig('110000', { cards: { redAfterDays: 5 } }, at(4))
      // Only the areas asked for, by area code; an area without a document is left out.
      expect(await s.getAreaConfigs(['000000', '130000', '130600', '130602'])).toEqual([
        { areaCode: '000000', value: country, updatedAt: at(1) },
        { areaCode: '130600', value: city, updatedAt: at(2) },
        { areaCode: '130602', value: county, updatedAt: at(3) },
      ])
      expect((await s.getAreaConfigs(['130606'])).length).toBe(0)
      expect((await s.listAreaConfigs()).map((c) => c.areaCode)).toEqual(['000000', '110000', '130600', '130602'])
      // A second write replaces that area's document whole, and no other.
      await s.setAreaConfig('130600', { campaign: null }, at(5))
      expect(await s.getAreaConfigs(['130600', '000000'])).toEqual([
        { areaCode: '000000', value: country, updatedAt: at(1) },
        { areaCode: '130600', value: { campaign: null }, updatedAt: at(5) },
      ])
      await s.setAreaConfig('000000', {}, at(6))
      expect(await s.getAreaConfigs(['000000'])).toEqual([{ areaCode: '000000', value: {}, updatedAt: at(6) }])
      expect(await s.getAreaConfigs(['130602'])).toEqual([{ areaCode: '130602', value: county, updatedAt: at(3) }])
    })

    // --- uploads, the ledger in pages, exports ---------------------------------------------------------

    test('uploads: recorded with their uploader; the first uploader keeps an id; unknown ids are left out', async () => {
      expect(await s.getUploads(['local:a.jpg'])).toEqual([])
      expect(await s.putUpload({ fileId: 'cloud://env.b/evidence/f1/p1.jpg', uploader: 'oA', createdAt: at(1) })).toBe(true)
      // The same uploader again: still theirs; someone else: refused, nothing changes.
      expect(await s.putUpload({ fileId: 'cloud://env.b/evidence/f1/p1.jpg', uploader: 'oA', createdAt: at(2) })).toBe(true)
      expect(await s.putUpload({ fileId: 'cloud://env.b/evidence/f1/p1.jpg', uploader: 'oB', createdAt: at(3) })).toBe(false)
      expect(await s.putUpload({ fileId: 'local:b.jpg', uploader: 'oB', createdAt: at(4) })).toBe(true)
      const got = await s.getUploads(['local:b.jpg', 'local:none.jpg', 'cloud://env.b/evidence/f1/p1.jpg', 'local:b.jpg'])
      expect([...got].sort((x, y) => x.fileId.localeCompare(y.fileId))).toEqual([
        { fileId: 'cloud://env.b/evidence/f1/p1.jpg', uploader: 'oA', createdAt: at(1) },
        { fileId: 'local:b.jpg', uploader: 'oB', createdAt: at(4) },
      ])
    })

    test('the ledger in pages: an area by area code, time and id; a department by time and id; after the cursor; with the last event', async () => {
      const same = at(5)
      const a = await create(complaint({ id: 'cp-b', createdAt: same, areaCode: '130602', handlerDeptId: 'd-h' }))
      const b = await create(
        complaint({ id: 'cp-a', createdAt: same, areaCode: '130606', handlerDeptId: 'd-x', firstResponderDeptId: 'd-h' }),
      )
      const c = await create(complaint({ id: 'cp-c', createdAt: at(6), areaCode: '130602', handlerDeptId: 'd-h' }))
      const d = await create(
        complaint({ id: 'cp-d', createdAt: at(1), areaCode: '130602', handlerDeptId: 'd-y', firstResponderDeptId: 'd-y' }),
      )
      await create(complaint({ id: 'cp-e', createdAt: at(7), areaCode: '110105', handlerDeptId: 'd-y', firstResponderDeptId: 'd-y' }))
      await s.appendEvents(c.id, [ev('progress', at(8), { note: '已约谈' })])
      const cursorOf = (r: { complaint: Complaint }) => ({
        areaCode: r.complaint.areaCode,
        createdAt: r.complaint.createdAt,
        id: r.complaint.id,
      })
      const first = await s.ledgerPage({ areaPrefix: '1306' }, null, 2)
      expect(first.map((r) => r.complaint.id)).toEqual([d.id, a.id])
      const second = await s.ledgerPage({ areaPrefix: '1306' }, cursorOf(first[1]), 2)
      expect(second.map((r) => r.complaint.id)).toEqual([c.id, b.id])
      expect(second[0]).toEqual({ complaint: c, lastEvent: { at: at(8), type: 'progress', note: '已约谈' } })
      expect(second[1].lastEvent).toEqual({ at: b.createdAt, type: 'routed', note: 'routed记录' })
      expect(await s.ledgerPage({ areaPrefix: '1306' }, cursorOf(second[1]), 2)).toEqual([])
      expect((await s.ledgerPage({ areaPrefix: '130602' }, null, 10)).map((r) => r.complaint.id)).toEqual([d.id, a.id, c.id])
      // A department's: handled or first responded, by time, then id; each case once.
      const dept = await s.ledgerPage({ deptId: 'd-h' }, null, 10)
      expect(dept.map((r) => r.complaint.id)).toEqual([b.id, a.id, c.id]) // same time: by id
      expect((await s.ledgerPage({ deptId: 'd-h' }, null, 2)).map((r) => r.complaint.id)).toEqual([b.id, a.id])
      expect((await s.ledgerPage({ deptId: 'd-h' }, cursorOf(dept[0]), 10)).map((r) => r.complaint.id)).toEqual([a.id, c.id])
      expect((await s.ledgerPage({ deptId: 'd-y' }, null, 10)).map((r) => r.complaint.id)).toEqual([d.id, 'cp-e'])
    })

    test('exports: created with their first chunks, advanced at their version (a stale one writes nothing), purged when expired', async () => {
      const job = {
        id: 'x1',
        owner: 'oCoord',
        scope: { areaPrefix: '1306' },
        format: 'xlsx' as const,
        filename: '台账.xlsx',
        state: 'building' as const,
        cursor: { areaCode: '130602', createdAt: at(1), id: 'c1' },
        rows: 1000,
        size: 10,
        crc: 123,
        bytes: 3,
        parts: [],
        createdAt: at(0),
        expiresAt: at(60),
      }
      const made = await s.createExport(job, [Buffer.from([1, 2, 3])])
      expect(made).toEqual({ ...job, chunks: 1, version: 1 })
      expect(await s.getExport('x1')).toEqual(made)
      expect(await s.getExport('x-none')).toBeNull()
      const next = await s.advanceExport('x1', 1, [Buffer.from('abc'), Buffer.from([0, 255])], {
        rows: 1500,
        cursor: { areaCode: '130602', createdAt: at(2), id: 'c2' },
        state: 'ready',
        parts: [2, 0, 1],
      })
      expect(next).toEqual({
        ...job,
        rows: 1500,
        cursor: { areaCode: '130602', createdAt: at(2), id: 'c2' },
        state: 'ready',
        parts: [2, 0, 1],
        chunks: 3,
        version: 2,
      })
      expect(await s.advanceExport('x1', 1, [Buffer.from('late')], { rows: 9 })).toBe('conflict')
      expect(await s.getExport('x1')).toEqual(next)
      expect(await s.exportChunk('x1', 0)).toEqual(Buffer.from([1, 2, 3]))
      expect(await s.exportChunk('x1', 1)).toEqual(Buffer.from('abc'))
      expect(await s.exportChunk('x1', 2)).toEqual(Buffer.from([0, 255]))
      expect(await s.exportChunk('x1', 3)).toBeNull()
      await s.createExport({ ...job, id: 'x2', expiresAt: at(120) }, [Buffer.from('z')])
      expect(await s.purgeExports(at(61), 10)).toBe(1)
      expect(await s.getExport('x1')).toBeNull()
      expect(await s.exportChunk('x1', 0)).toBeNull()
      expect(await s.getExport('x2')).not.toBeNull()
      expect(await s.exportChunk('x2', 0)).toEqual(Buffer.from('z'))
    })

    // --- size --------------------------------------------------------------------------------------------

    // --- issue 16: the official's profile, the 承办人's queue, supervision and follow-up deadlines --------

    test('setProfile names an official and sets the office phone, keeping role and department; false for nobody', async () => {
      await s.createDept(dept('d-a'))
      await s.putUser({ openid: 'oOfficial', role: 'inspector', deptId: 'd-a', name: null, createdAt: at(0) })
      expect(await s.setProfile('oOfficial', '赵建国', '0312-5905601')).toBe(true)
      expect(await s.getUser('oOfficial')).toMatchObject({
        openid: 'oOfficial',
        role: 'inspector',
        deptId: 'd-a',
        name: '赵建国',
        officePhone: '0312-5905601',
        createdAt: at(0),
      })
      expect(await s.setProfile('oOfficial', '赵建国', '13800000001')).toBe(true)
      expect((await s.getUser('oOfficial'))?.officePhone).toBe('13800000001')
      expect(await s.setProfile('oNobody', '某人', '0312-5905601')).toBe(false)
      expect(await s.getUser('oNobody')).toBeNull()
      // Colleagues see it: the department's users carry it.
      expect((await s.usersOfDept('d-a')).find((u) => u.openid === 'oOfficial')?.officePhone).toBe('13800000001')
    })

    test('queue mine: the official’s open cases in the handling department, referred ones included, oldest first', async () => {
      const mk = (n: number, o: Partial<NewComplaint>) =>
        create(complaint({ n, handlerDeptId: 'd-h', firstResponderDeptId: 'd-f', assigneeOpenid: 'oMe', ...o }), [])
      const accepted = await mk(1, { status: 'accepted' })
      const referred = await mk(2, { status: 'referred', followUpDueAt: at(500) })
      const reopened = await mk(3, { status: 'reopened' })
      await mk(4, { status: 'resolved' })
      await mk(5, { status: 'closed' })
      await mk(6, { status: 'accepted', assigneeOpenid: 'oColleague' })
      await mk(7, { status: 'accepted', assigneeOpenid: null })
      // Escalated away (提级办理): still named, but no longer in the department's hands.
      await mk(8, { status: 'routed', handlerDeptId: 'd-up' })
      const mine = await q({ view: 'mine', deptId: 'd-h', assigneeOpenid: 'oMe' })
      expect(ids(mine)).toEqual(ids([accepted, referred, reopened]))
      expect(ids(await q({ view: 'mine', deptId: 'd-h', assigneeOpenid: 'oMe', limit: 2 }))).toEqual(ids([accepted, referred]))
      expect(
        ids(await q({ view: 'mine', deptId: 'd-h', assigneeOpenid: 'oMe', cursor: { createdAt: referred.createdAt, id: referred.id } })),
      ).toEqual(ids([reopened]))
      expect(await q({ view: 'mine', deptId: 'd-other', assigneeOpenid: 'oMe' })).toEqual([])
      expect(mine.find((c) => c.id === referred.id)?.followUpDueAt).toBe(at(500))
    })

    test('queue severe: open severe cases of an area or of the handling department', async () => {
      const mk = (n: number, o: Partial<NewComplaint>) =>
        create(complaint({ n, handlerDeptId: 'd-h', firstResponderDeptId: 'd-f', riskLevel: 'severe', ...o }), [])
      const a = await mk(1, { status: 'accepted' })
      const b = await mk(2, { status: 'referred', areaCode: '130606', handlerDeptId: 'd-lc' })
      await mk(3, { status: 'accepted', riskLevel: 'major' })
      await mk(4, { status: 'closed' })
      const far = await mk(5, { status: 'routed', areaCode: '130702', handlerDeptId: 'd-far' })
      expect(ids(await q({ view: 'severe', areaPrefix: '130602' }))).toEqual(ids([a]))
      expect(ids(await q({ view: 'severe', areaPrefix: '1306' }))).toEqual(ids([a, b]))
      expect(ids(await q({ view: 'severe', areaPrefix: '13' }))).toEqual(ids([a, b, far]))
      expect(ids(await q({ view: 'severe', deptId: 'd-lc' }))).toEqual(ids([b]))
      // Risk set without a version change moves a case in and out of the view.
      await s.setRiskLevel([a.id], 'general')
      expect(ids(await q({ view: 'severe', areaPrefix: '1306' }))).toEqual(ids([b]))
    })

    test('due for supervision and for follow-up: by their own deadline, soonest first, limited; cleared ones never', async () => {
      const mk = (o: Partial<NewComplaint>) => create(complaint(o), [])
      const supervision = (dueAt: string) => ({
        note: '限期办结',
        dueAt,
        byDeptId: 'd-coord',
        at: at(0),
        leaderName: null,
        overdueAt: null,
      })
      const s2 = await mk({ status: 'accepted', supervision: supervision(at(20)), superviseDueAt: at(20) })
      const s1 = await mk({ status: 'routed', supervision: supervision(at(10)), superviseDueAt: at(10) })
      // Ended meanwhile: still due (the scheduler drops its deadline without a card).
      const s3 = await mk({ status: 'resolved', supervision: supervision(at(30)), superviseDueAt: at(30) })
      await mk({ status: 'accepted', supervision: supervision(at(200)), superviseDueAt: at(200) })
      await mk({ status: 'accepted', supervision: { ...supervision(at(5)), overdueAt: at(6) }, superviseDueAt: null })
      expect(ids(await s.dueForSupervision(at(100), 10))).toEqual(ids([s1, s2, s3]))
      expect(ids(await s.dueForSupervision(at(100), 2))).toEqual(ids([s1, s2]))
      expect(ids(await s.dueForSupervision(at(10), 10))).toEqual([])
      const got = (await s.dueForSupervision(at(100), 1))[0]
      expect(got.supervision).toEqual(supervision(at(10)))

      const f2 = await mk({ status: 'referred', followUpDueAt: at(40) })
      const f1 = await mk({ status: 'referred', followUpDueAt: at(15) })
      await mk({ status: 'referred', followUpDueAt: at(300) })
      await mk({ status: 'in_progress', followUpDueAt: null })
      expect(ids(await s.dueForFollowUp(at(100), 10))).toEqual(ids([f1, f2]))
      expect(ids(await s.dueForFollowUp(at(100), 1))).toEqual(ids([f1]))
      // Carded or followed up: the deadline is cleared or moved on, in the same versioned update.
      const moved = await s.updateComplaint(f1.id, f1.version, { followUpDueAt: at(900) }, [], at(100))
      expect(moved).not.toBe('conflict')
      const cleared = await s.updateComplaint(
        s1.id,
        s1.version,
        { superviseDueAt: null, supervision: { ...supervision(at(10)), overdueAt: at(100) } },
        [],
        at(100),
      )
      expect(cleared).not.toBe('conflict')
      expect(ids(await s.dueForFollowUp(at(100), 10))).toEqual(ids([f2]))
      expect(ids(await s.dueForSupervision(at(100), 10))).toEqual(ids([s2, s3]))
      expect((await s.getComplaint(s1.id))?.supervision?.overdueAt).toBe(at(100))
    })

    test('eventsOf: the events of these types on these complaints, each complaint’s in order', async () => {
      const a = await create(complaint({ status: 'accepted' }))
      const b = await create(complaint({ status: 'accepted' }))
      const c = await create(complaint({ status: 'accepted' }))
      const money = (type: string, fen: number) => ev(type, at(50 + fen), { data: { amountFen: fen }, visibleToWorker: false })
      await s.appendEvents(a.id, [money('advanced', 1), ev('progress', at(60)), money('penalty', 2)])
      await s.appendEvents(b.id, [money('penalty', 3)])
      await s.appendEvents(c.id, [money('advanced', 4)])
      const got = await s.eventsOf([b.id, a.id], ['advanced', 'penalty'])
      const key = (e: { complaintId: string; type: string; data: Record<string, unknown> | null }) => [
        e.complaintId,
        e.type,
        e.data?.amountFen,
      ]
      const want = [
        [a.id, 'advanced', 1],
        [a.id, 'penalty', 2],
        [b.id, 'penalty', 3],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : String(x[0]) > String(y[0]) ? 1 : 0))
      expect(got.map(key)).toEqual(want)
      expect(await s.eventsOf([a.id], ['registered'])).toHaveLength(1)
      expect(await s.eventsOf([], ['advanced'])).toEqual([])
      expect(await s.eventsOf([a.id], [])).toEqual([])
    })

    test('lists longer than one CloudBase page (1000) come back whole and in order', async () => {
      const n = options.bulk ?? 1_050
      await s.createDept(dept('d-housing'))
      const many = Array.from({ length: n }, (_, i) =>
        site(`S${String(i).padStart(6, '0')}`, { createdAt: at(i), areaCode: i % 2 ? '130602' : '130603' }),
      )
      expect(await s.putSites(many)).toEqual({ created: n, updated: 0 })
      const all = await s.listSites('13', n + 10)
      expect(all).toHaveLength(n)
      expect(all.map((x) => x.code)).toEqual([...many].reverse().map((x) => x.code))
      expect(await s.listSites('130602', 100_000)).toHaveLength(Math.floor(n / 2))

      const c = await create(complaint(), [])
      const events = Array.from({ length: n }, (_, i) => ev('progress', at(i), { note: `第${i}条` }))
      for (let i = 0; i < n; i += 150) await s.appendEvents(c.id, events.slice(i, i + 150))
      const tl = await s.timeline(c.id)
      expect(tl.map((e) => e.note)).toEqual(events.map((e) => e.note))
    })
  })
}
