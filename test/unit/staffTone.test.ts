// The staff queue and case page colour a status by meaning: red only when late or at risk.
import { STATUSES } from '../../shared/types'
import { statusGroup } from '../../shared/statusMeta'
import { staffTone } from '../../miniprogram/src/staff/lib/tone'

test('waiting amber, handled blue, ended green; alert only when asked', () => {
  expect(staffTone('registered', false)).toBe('wait')
  expect(staffTone('in_progress', false)).toBe('work')
  expect(staffTone('closed', false)).toBe('done')
  for (const s of STATUSES) {
    expect(staffTone(s, true)).toBe('alert')
    const want = { waiting: 'wait', handling: 'work', elsewhere: 'work' }[statusGroup(s) as string] ?? 'done'
    expect([s, staffTone(s, false)]).toEqual([s, want])
  }
})
