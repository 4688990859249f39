// The status table both sides read: complete, consistent with the status machine, and what the
// worker sees never names a bounce between departments.
import { STATUS_META, statusesIn, type StatusGroup } from '../../shared/statusMeta'
import { OPEN_STATUSES, TERMINAL_STATUSES, TRANSITIONS } from '../../shared/statusMachine'
import { STATUS_HINTS, STATUS_LABELS, WORKER_STATUS_LABELS } from '../../shared/labels'
import { STATUSES } from '../../shared/types'

const GROUPS: StatusGroup[] = ['waiting', 'handling', 'elsewhere', 'answered', 'ended']

test('every status has its label, hint, tone and group, and the groups split the statuses exactly once', () => {
  for (const s of STATUSES) {
    const m = STATUS_META[s]
    expect(m.label).toMatch(/[\u4e00-\u9fa5]/)
    expect(m.hint).toMatch(/[\u4e00-\u9fa5]/)
    expect(['wait', 'work', 'act', 'done', 'info']).toContain(m.tone)
    expect(STATUS_LABELS[s]).toBe(m.label)
    expect(STATUS_HINTS[s]).toBe(m.hint)
  }
  const all = GROUPS.flatMap((g) => statusesIn(g))
  expect([...all].sort()).toEqual([...STATUSES].sort())
})

test('the machine reads its lists from the table', () => {
  expect([...OPEN_STATUSES].sort()).toEqual(statusesIn('waiting', 'handling').sort())
  expect([...TERMINAL_STATUSES].sort()).toEqual(['closed', 'transferred_out'])
  // Nothing leaves a transferred case; a closed one only by the worker's dispute; every waiting status can be routed.
  for (const [name, t] of Object.entries(TRANSITIONS)) {
    expect(t.from).not.toContain('transferred_out')
    if (name !== 'dispute') expect(t.from).not.toContain('closed')
  }
  expect([...TRANSITIONS.route.from].sort()).toEqual(statusesIn('waiting').sort())
})

test('the worker sees a returned case as still being arranged, never as returned', () => {
  expect(STATUS_META.returned.workerVisible).toBe(false)
  expect(WORKER_STATUS_LABELS.returned).not.toBe(STATUS_LABELS.returned)
  expect(WORKER_STATUS_LABELS.returned).not.toMatch(/退回/)
  // The step the worker waits on: passed on again, to be accepted.
  expect(WORKER_STATUS_LABELS.returned).toBe('已转办')
  expect(STATUS_HINTS.returned).toBe('已转办，等待受理')
  for (const s of STATUSES) if (STATUS_META[s].workerVisible) expect(WORKER_STATUS_LABELS[s]).toBe(STATUS_LABELS[s])
})

test('colours by meaning: waiting for a unit, being handled, waiting for the worker, done', () => {
  const tones = Object.fromEntries(STATUSES.map((s) => [s, STATUS_META[s].tone]))
  expect(tones).toMatchObject({ registered: 'wait', routed: 'wait', returned: 'wait', accepted: 'work', in_progress: 'work' })
  expect(tones).toMatchObject({ reopened: 'work', resolved: 'act', not_wage_arrears: 'act', closed: 'done' })
  // A waiting case and one being handled never share a colour.
  expect(tones.routed).not.toBe(tones.accepted)
})
