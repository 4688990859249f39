// The abuse limits of the storage contract, run inside storageContract for every adapter: a worker's
// complaints per hour counted in createComplaint's own transaction (QuotaFull), tries at claim codes per
// caller and per case number (ClaimGuardStore), and the desk's new claim codes (reissueClaimCodes).
import { QuotaFull, type Complaint, type NewComplaint, type NewEvent, type NewMessage, type Storage } from '../../cloudfunctions/core/ports'

export interface LimitsHelpers {
  complaint(o?: Partial<NewComplaint>): NewComplaint
  messagesOf(c: Complaint): NewMessage[]
  /** An instant `min` minutes after the suite's T0. */
  at(min: number): string
  /** The adapter hands out case numbers from reserved blocks: refused calls at once may leave gaps. */
  caseNumbersInBlocks?: boolean
}

const HOUR = 3_600_000
const ev = (type: string, at: string, o: Partial<NewEvent> = {}): NewEvent => ({
  at,
  type,
  actorOpenid: null,
  actorDeptId: null,
  note: `${type}记录`,
  visibleToWorker: true,
  data: null,
  ...o,
})

export function limitsContract(storage: () => Storage, { complaint, messagesOf, at, caseNumbersInBlocks }: LimitsHelpers): void {
  const registered = (c: NewComplaint) => [ev('registered', c.createdAt), ev('routed', c.createdAt)]

  describe('abuse limits', () => {
    test('a filer’s quota is counted with the complaint: of N+5 filed at once exactly N are stored, the rest refused writing nothing', async () => {
      const s = storage()
      const N = 5
      const quota = (filer: string) => ({ key: `filer:${filer}`, windows: [{ ms: HOUR, max: N }] })
      const cs = Array.from({ length: N + 5 }, () =>
        complaint({ filedBy: 'oQuota', ownerOpenid: 'oQuota', areaCode: '130681', createdAt: at(10) }),
      )
      const results = await Promise.allSettled(
        cs.map((c) => s.createComplaint(c, registered(c), 2026, messagesOf, undefined, quota('oQuota'))),
      )
      const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
      expect(stored).toHaveLength(N)
      expect(stored.every((r) => r.created)).toBe(true)
      expect(refused).toHaveLength(5)
      for (const e of refused) {
        expect(e).toBeInstanceOf(QuotaFull)
        expect(e).toMatchObject({ key: 'filer:oQuota', retryAt: at(70) })
      }
      // Only the stored ones took a case number, an event or a message.
      const numbers = stored.map((r) => r.complaint.caseNo).sort()
      if (caseNumbersInBlocks) {
        // Numbers from a reserved block: distinct, and none beyond what the calls at once could hold.
        expect(new Set(numbers).size).toBe(N)
        expect(numbers.every((n) => Number(n.slice(-5)) <= N + 5)).toBe(true)
      } else {
        expect(numbers).toEqual(Array.from({ length: N }, (_, i) => `130681-2026-${String(i + 1).padStart(5, '0')}`))
      }
      expect(await s.countFiledSince('oQuota', at(0))).toBe(N)
      expect(new Set((await s.listOutbox(500)).map((m) => m.complaintId))).toEqual(new Set(stored.map((r) => r.complaint.id)))
      const lost = cs.find((c) => !stored.some((r) => r.complaint.id === c.id))!
      expect(await s.getComplaint(lost.id)).toBeNull()
      expect(await s.timeline(lost.id)).toEqual([])

      // A replay of a stored request is its complaint, full quota or not, and counts nothing.
      const first = stored[0].complaint
      const replay = await s.createComplaint(
        { ...complaint({ filedBy: 'oQuota', createdAt: at(11) }), clientRequestId: first.clientRequestId },
        [],
        2026,
        messagesOf,
        undefined,
        quota('oQuota'),
      )
      expect(replay.created).toBe(false)
      expect(replay.complaint).toMatchObject({ id: first.id, caseNo: first.caseNo })
      // Another filer has their own quota; a filing without one (the desk's) is never held.
      expect(
        (await s.createComplaint(complaint({ filedBy: 'oOther', createdAt: at(12) }), [], 2026, messagesOf, undefined, quota('oOther')))
          .created,
      ).toBe(true)
      expect((await s.createComplaint(complaint({ filedBy: 'oQuota', createdAt: at(12) }), [], 2026, messagesOf)).created).toBe(true)
      // The hour over, the filer may file again, once per slot set free.
      await expect(
        s.createComplaint(complaint({ filedBy: 'oQuota', createdAt: at(69) }), [], 2026, messagesOf, undefined, quota('oQuota')),
      ).rejects.toBeInstanceOf(QuotaFull)
      expect(
        (await s.createComplaint(complaint({ filedBy: 'oQuota', createdAt: at(70) }), [], 2026, messagesOf, undefined, quota('oQuota')))
          .created,
      ).toBe(true)
    })

    test('claim tries: a caller’s window over every case number; a refused try counts nothing; a right code gives its try back', async () => {
      const s = storage()
      const caller = (k: string) => ({ key: `claim:${k}`, windows: [{ ms: HOUR, max: 3 }] })
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00001', 20, '', at(0))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00002', 20, '', at(1))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00003', 20, '', at(2))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00004', 20, '', at(3))).toEqual({ ok: false, by: 'caller', retryAt: at(60) })
      expect(await s.claimTries('130602-2026-00004', '')).toBe(0)
      expect(await s.claimTries('130602-2026-00001', '')).toBe(1)
      // The code at 00002 was right: its try is the caller's again, and the number's.
      await s.returnClaimTry('claim:a', '130602-2026-00002', at(1))
      expect(await s.claimTries('130602-2026-00002', '')).toBe(0)
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00005', 20, '', at(4))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00005', 20, '', at(5))).toEqual({ ok: false, by: 'caller', retryAt: at(60) })
      // Giving back a try that is not there changes nothing.
      await s.returnClaimTry('claim:a', '130602-2026-00009', at(9))
      await s.returnClaimTry('claim:a', '130602-2026-00001', at(7))
      expect(await s.claimTries('130602-2026-00001', '')).toBe(1)
      // Each window frees in its time.
      expect(await s.takeClaimTry(caller('a'), '130602-2026-00006', 20, '', at(60))).toEqual({ ok: true })
    })

    test('claim tries: a case number locks at its maximum since its registration, the right code too; the caller is told first', async () => {
      const s = storage()
      const caller = (k: string) => ({ key: `claim:${k}`, windows: [{ ms: HOUR, max: 3 }] })
      const no = '130602-2026-00042'
      // Tries before the case existed (since = its registration) do not count towards its lock.
      for (const k of ['x', 'y'])
        for (let i = 0; i < 2; i++) expect(await s.takeClaimTry(caller(k), no, 4, '', at(i))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('z'), no, 4, '', at(3))).toEqual({ ok: false, by: 'case' })
      expect(await s.claimTries(no, '')).toBe(4)
      expect(await s.claimTries(no, at(5))).toBe(0)
      for (const k of ['b', 'c'])
        for (let i = 0; i < 2; i++) expect(await s.takeClaimTry(caller(k), no, 4, at(5), at(10 + i))).toEqual({ ok: true })
      expect(await s.claimTries(no, at(5))).toBe(4)
      // Locked: refused for anyone, counting nothing against them.
      expect(await s.takeClaimTry(caller('d'), no, 4, at(5), at(12))).toEqual({ ok: false, by: 'case' })
      expect(await s.takeClaimTry(caller('d'), no, 4, at(5), at(13))).toEqual({ ok: false, by: 'case' })
      for (let i = 0; i < 3; i++) expect(await s.takeClaimTry(caller('d'), '130602-2026-00043', 4, '', at(14))).toEqual({ ok: true })
      // A caller past their own limit hears about their limit, never about the number.
      expect(await s.takeClaimTry(caller('d'), no, 4, at(5), at(15))).toEqual({ ok: false, by: 'caller', retryAt: at(74) })
      // A right code given back unlocks one try.
      await s.returnClaimTry('claim:c', no, at(11))
      expect(await s.takeClaimTry(caller('e'), no, 4, at(5), at(16))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller('f'), no, 4, at(5), at(17))).toEqual({ ok: false, by: 'case' })
    })

    test('claim tries at once: never more between them than the case number and the caller allow', async () => {
      const s = storage()
      const caller = (k: string, max = 3) => ({ key: `claim:${k}`, windows: [{ ms: HOUR, max }] })
      const many = await Promise.all(
        Array.from({ length: 8 }, (_, i) => s.takeClaimTry(caller(`p${i}`), '130602-2026-00077', 5, '', at(1))),
      )
      expect(many.filter((r) => r.ok)).toHaveLength(5)
      expect(many.filter((r) => !r.ok && r.by === 'case')).toHaveLength(3)
      expect(await s.claimTries('130602-2026-00077', '')).toBe(5)
      const one = await Promise.all(
        Array.from({ length: 8 }, (_, i) => s.takeClaimTry(caller('solo'), `130602-2026-001${i}0`, 20, '', at(2))),
      )
      expect(one.filter((r) => r.ok)).toHaveLength(3)
      expect(one.filter((r) => !r.ok && r.by === 'caller')).toHaveLength(5)
    })

    test('reissueClaimCodes: new codes for the members not claimed, the claim unlocked, with events and messages, no version change', async () => {
      const s = storage()
      const c = (
        await s.createComplaint(
          complaint({
            channel: 'desk',
            ownerOpenid: null,
            filedBy: 'oDesk',
            claimCode: 'AAAAA2',
            createdAt: at(0),
            complainants: [
              { name: '甲', phone: '13700000001', amountOwedFen: 100 },
              { name: '乙', phone: '13700000002', amountOwedFen: 200 },
              { name: '丙', phone: '', amountOwedFen: 300 },
            ],
            amountOwedFen: 600,
          }),
          [ev('registered', at(0))],
          2026,
          messagesOf,
          ['AAAAA2', 'BBBBB3', 'CCCCC4'],
        )
      ).complaint
      expect(await s.claimMember(c.id, 1, 'oYi', at(1), [ev('claimed', at(1), { actorOpenid: 'oYi' })])).toBe('claimed')
      const caller = { key: 'claim:g', windows: [{ ms: HOUR, max: 10 }] }
      for (let i = 0; i < 3; i++) expect(await s.takeClaimTry(caller, c.caseNo, 3, c.createdAt, at(2))).toEqual({ ok: true })
      expect(await s.takeClaimTry(caller, c.caseNo, 3, c.createdAt, at(3))).toEqual({ ok: false, by: 'case' })
      const before = await s.getComplaint(c.id)
      const sms: NewMessage = {
        channel: 'sms',
        recipient: '13700000001',
        template: 'claim_code',
        title: '认领码',
        body: '甲的认领码NEWAA0',
        params: ['甲', 'NEWAA0', 'x'],
      }
      const codes = [
        { idx: 0, claimCode: 'NEWAA0' },
        { idx: 1, claimCode: 'NEWBB1' },
        { idx: 2, claimCode: 'NEWCC2' },
      ]
      expect(await s.reissueClaimCodes(c.id, codes, at(5), [ev('claim_reissued', at(5), { visibleToWorker: false })], [sms])).toEqual([
        0, 2,
      ])
      expect((await s.listMembers(c.id)).map((m) => [m.idx, m.claimCode, m.ownerOpenid])).toEqual([
        [0, 'NEWAA0', null],
        [1, 'BBBBB3', 'oYi'],
        [2, 'NEWCC2', null],
      ])
      // The first worker's code is the case's own; still version 1.
      expect(await s.getComplaint(c.id)).toEqual({ ...before, claimCode: 'NEWAA0' })
      expect(await s.claimTries(c.caseNo, c.createdAt)).toBe(0)
      expect(await s.takeClaimTry(caller, c.caseNo, 3, c.createdAt, at(6))).toEqual({ ok: true })
      expect((await s.timeline(c.id)).map((e) => e.type)).toEqual(['registered', 'claimed', 'claim_reissued'])
      expect((await s.listOutbox(100)).filter((m) => m.template === 'claim_code').map((m) => m.body)).toEqual(['甲的认领码NEWAA0'])
      // The new codes claim as any code does.
      expect(await s.claimMember(c.id, 2, 'oBing', at(7), [])).toBe('claimed')
      // Nobody left to give a code: nothing is written, not even the unlock.
      await s.takeClaimTry(caller, c.caseNo, 3, c.createdAt, at(8))
      expect(
        await s.reissueClaimCodes(
          c.id,
          [
            { idx: 1, claimCode: 'NEWXX9' },
            { idx: 2, claimCode: 'NEWYY9' },
          ],
          at(9),
          [ev('claim_reissued', at(9))],
        ),
      ).toEqual([])
      expect(await s.timeline(c.id)).toHaveLength(3)
      expect(await s.claimTries(c.caseNo, c.createdAt)).toBe(2)
      expect(await s.reissueClaimCodes('nope', codes, at(9), [])).toBe('missing')
    })

    test('reissueClaimCodes on a case from before members were stored: member 0 is written, unless the case has an owner', async () => {
      const s = storage()
      const old = (
        await s.createComplaint(
          complaint({ channel: 'desk', ownerOpenid: null, filedBy: 'oDesk', claimCode: 'OLDAA2' }),
          [],
          2026,
          messagesOf,
        )
      ).complaint
      expect(await s.listMembers(old.id)).toEqual([])
      expect(await s.reissueClaimCodes(old.id, [{ idx: 0, claimCode: 'NEWAA3' }], at(5), [ev('claim_reissued', at(5))])).toEqual([0])
      expect(await s.listMembers(old.id)).toEqual([
        { complaintId: old.id, idx: 0, claimCode: 'NEWAA3', ownerOpenid: null, claimedAt: null },
      ])
      expect((await s.getComplaint(old.id))?.claimCode).toBe('NEWAA3')
      const owned = (
        await s.createComplaint(
          complaint({ channel: 'desk', ownerOpenid: 'oOwner', filedBy: 'oDesk', claimCode: 'OLDBB2' }),
          [],
          2026,
          messagesOf,
        )
      ).complaint
      expect(await s.reissueClaimCodes(owned.id, [{ idx: 0, claimCode: 'NEWBB3' }], at(5), [ev('claim_reissued', at(5))])).toEqual([])
      expect(await s.listMembers(owned.id)).toEqual([])
      expect((await s.getComplaint(owned.id))?.claimCode).toBe('OLDBB2')
    })
  })
}
