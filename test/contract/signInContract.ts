// The sign-in part of the storage contract (SignInStore: codes, rate limits, proven phones), run inside
// storageContract for every adapter.
import type { Storage } from '../../cloudfunctions/core/ports'

const T0 = Date.parse('2026-03-02T01:00:00.000Z')
const at = (sec: number) => new Date(T0 + sec * 1000).toISOString()
const MIN = 60
const dept1 = { id: 'd-1', name: '单位d-1', kind: 'labour' as const, areaCode: '130602', parentId: null, active: true, createdAt: at(0) }
const perPhone = (key: string) => ({
  key,
  windows: [
    { ms: 60_000, max: 1 },
    { ms: 3_600_000, max: 5 },
  ],
})

export function signInContract(storage: () => Storage): void {
  describe('sign-in store', () => {
    test('a code is checked against its hash: a match uses it up, a miss costs a try, five misses kill it', async () => {
      const s = storage()
      await s.putSignInCode({ phone: '13800000001', hash: 'h-right', createdAt: at(0), expiresAt: at(5 * MIN) })
      expect(await s.checkSignInCode('13800000001', 'h-wrong', at(10), 5)).toEqual({ result: 'wrong', triesLeft: 4 })
      expect(await s.checkSignInCode('13800000001', 'h-right', at(11), 5)).toEqual({ result: 'ok' })
      expect(await s.checkSignInCode('13800000001', 'h-right', at(12), 5)).toEqual({ result: 'missing' })
      expect(await s.checkSignInCode('13800000002', 'h-right', at(12), 5)).toEqual({ result: 'missing' })

      await s.putSignInCode({ phone: '13800000001', hash: 'h-2', createdAt: at(60), expiresAt: at(60 + 5 * MIN) })
      const tries = []
      for (let i = 0; i < 5; i++) tries.push(await s.checkSignInCode('13800000001', 'nope', at(61 + i), 5))
      expect(tries).toEqual([4, 3, 2, 1, 0].map((triesLeft) => ({ result: 'wrong', triesLeft })))
      expect(await s.checkSignInCode('13800000001', 'h-2', at(70), 5)).toEqual({ result: 'locked' })
      // A new code starts with all its tries.
      await s.putSignInCode({ phone: '13800000001', hash: 'h-3', createdAt: at(120), expiresAt: at(120 + 5 * MIN) })
      expect(await s.checkSignInCode('13800000001', 'nope', at(121), 5)).toEqual({ result: 'wrong', triesLeft: 4 })
      expect(await s.checkSignInCode('13800000001', 'h-3', at(122), 5)).toEqual({ result: 'ok' })
    })

    test('a code is dead at its expiry, right or wrong', async () => {
      const s = storage()
      await s.putSignInCode({ phone: '13800000003', hash: 'h', createdAt: at(0), expiresAt: at(5 * MIN) })
      expect(await s.checkSignInCode('13800000003', 'h', at(5 * MIN), 5)).toEqual({ result: 'expired' })
      expect(await s.checkSignInCode('13800000003', 'x', at(5 * MIN + 1), 5)).toEqual({ result: 'expired' })
    })

    test('concurrent wrong guesses never get more tries than allowed between them', async () => {
      const s = storage()
      await s.putSignInCode({ phone: '13800000004', hash: 'h', createdAt: at(0), expiresAt: at(5 * MIN) })
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => s.checkSignInCode('13800000004', `g${i}`, at(1), 5)))
      expect(results.filter((r) => r.result === 'wrong')).toHaveLength(5)
      expect(results.filter((r) => r.result === 'locked')).toHaveLength(3)
      expect(await s.checkSignInCode('13800000004', 'h', at(2), 5)).toEqual({ result: 'locked' })
    })

    test('rate slots: windows per key, all keys counted together or none, with the time to come back', async () => {
      const s = storage()
      const client = { key: 'client:a', windows: [{ ms: 3_600_000, max: 3 }] }
      expect(await s.takeRateSlots([perPhone('phone:1'), client], at(0))).toEqual({ ok: true })
      expect(await s.takeRateSlots([perPhone('phone:1'), client], at(30))).toEqual({ ok: false, key: 'phone:1', retryAt: at(60) })
      expect(await s.takeRateSlots([perPhone('phone:2'), client], at(30))).toEqual({ ok: true })
      expect(await s.takeRateSlots([perPhone('phone:3'), client], at(40))).toEqual({ ok: true })
      // The client's hour is full: phone:4 is refused and not counted.
      expect(await s.takeRateSlots([perPhone('phone:4'), client], at(50))).toEqual({ ok: false, key: 'client:a', retryAt: at(3600) })
      expect(await s.takeRateSlots([perPhone('phone:4')], at(51))).toEqual({ ok: true })
      // phone:1 fills its hour (5), then waits for its first request to leave the window.
      for (let m = 1; m <= 4; m++) expect(await s.takeRateSlots([perPhone('phone:1')], at(m * MIN))).toEqual({ ok: true })
      expect(await s.takeRateSlots([perPhone('phone:1')], at(30 * MIN))).toEqual({ ok: false, key: 'phone:1', retryAt: at(3600) })
      expect(await s.takeRateSlots([perPhone('phone:1')], at(3600))).toEqual({ ok: true })
    })

    test('concurrent requests for one key take no more slots than its window holds', async () => {
      const s = storage()
      const results = await Promise.all(Array.from({ length: 6 }, () => s.takeRateSlots([perPhone('phone:9')], at(0))))
      expect(results.filter((r) => r.ok)).toHaveLength(1)
    })

    test('a proven phone belongs to one user at a time; linking keeps the user’s role and makes a worker record for a new one', async () => {
      const s = storage()
      await s.createDept(dept1)
      expect(await s.userByPhone('13800000005')).toBeNull()
      await s.putUser({ openid: 'oStaff', role: 'inspector', deptId: 'd-1', name: '赵科长', createdAt: at(0) })
      await s.linkPhone('oStaff', '13800000005', at(1))
      expect(await s.userByPhone('13800000005')).toEqual({
        openid: 'oStaff',
        role: 'inspector',
        deptId: 'd-1',
        name: '赵科长',
        createdAt: at(0),
        phone: '13800000005',
      })
      // Writing the user again (a new role) keeps the phone.
      await s.putUser({ openid: 'oStaff', role: 'coordinator', deptId: 'd-1', name: '赵科长', createdAt: at(0) })
      expect(await s.getUser('oStaff')).toMatchObject({ role: 'coordinator', phone: '13800000005' })

      await s.linkPhone('oNew', '13800000005', at(2))
      expect(await s.getUser('oNew')).toEqual({
        openid: 'oNew',
        role: 'worker',
        deptId: null,
        name: null,
        createdAt: at(2),
        phone: '13800000005',
      })
      expect((await s.getUser('oStaff'))!.phone).toBeUndefined()
      expect((await s.userByPhone('13800000005'))!.openid).toBe('oNew')
      await s.linkPhone('oNew', '13800000006', at(3))
      expect(await s.userByPhone('13800000005')).toBeNull()
      expect((await s.userByPhone('13800000006'))!.openid).toBe('oNew')
    })

    test('an invite keeps the phone it names', async () => {
      const s = storage()
      await s.createDept(dept1)
      const base = {
        role: 'inspector' as const,
        deptId: 'd-1',
        createdBy: 'oC',
        createdAt: at(0),
        expiresAt: at(86_400),
        usedBy: null,
        usedAt: null,
        revoked: false,
      }
      await s.createInvite({ ...base, code: 'PHONE001', phone: '13800000007' })
      await s.createInvite({ ...base, code: 'NOPHONE1' })
      expect((await s.getInvite('PHONE001'))!.phone).toBe('13800000007')
      expect((await s.getInvite('NOPHONE1'))!.phone).toBeUndefined()
    })
  })
}
