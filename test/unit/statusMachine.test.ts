import {
  TRANSITIONS,
  MACHINE_ACTIONS,
  checkMove,
  allowedActions,
  isOpen,
  type MachineAction,
  type Relation,
} from '../../shared/statusMachine'
import { STATUSES, type Status } from '../../shared/types'

// The expected machine, written out independently of the code (DOMAIN.md "Statuses" + first-responder rule).
// `to: 'same'` means the status does not change.
const NOT_ACCEPTED: Status[] = ['registered', 'routed', 'returned']
const HANDLING: Status[] = ['accepted', 'in_progress', 'reopened']

const EXPECTED: Record<MachineAction, { from: Status[]; to: Status | 'same'; by: Relation[] }> = {
  accept: { from: ['routed', 'returned'], to: 'accepted', by: ['handler'] },
  return: { from: ['routed'], to: 'returned', by: ['handler'] },
  route: { from: NOT_ACCEPTED, to: 'routed', by: ['first_responder', 'coordinator'] },
  progress: { from: HANDLING, to: 'in_progress', by: ['handler'] },
  markComplex: { from: HANDLING, to: 'same', by: ['handler'] },
  resolve: { from: HANDLING, to: 'resolved', by: ['handler'] },
  notWageArrears: { from: HANDLING, to: 'not_wage_arrears', by: ['handler'] },
  refer: { from: HANDLING, to: 'referred', by: ['handler'] },
  transferOut: { from: [...NOT_ACCEPTED, ...HANDLING], to: 'transferred_out', by: ['handler', 'first_responder'] },
  confirm: { from: ['resolved'], to: 'closed', by: ['owner'] },
  // From closed only after an automatic close, within the configured days (the action checks that).
  dispute: { from: ['resolved', 'not_wage_arrears', 'closed'], to: 'reopened', by: ['owner', 'member'] },
  supplement: { from: [...NOT_ACCEPTED, ...HANDLING, 'referred'], to: 'same', by: ['owner', 'member'] },
  autoClose: { from: ['resolved'], to: 'closed', by: ['system'] },
  remind: { from: [...NOT_ACCEPTED, ...HANDLING, 'referred'], to: 'same', by: ['owner', 'member'] },
  // Issue 16: who carries the case, supervision and escalation, risk signals, referral outcomes, money.
  assign: { from: [...HANDLING, 'referred'], to: 'same', by: ['handler'] },
  supervise: { from: [...NOT_ACCEPTED, ...HANDLING, 'referred'], to: 'same', by: ['coordinator'] },
  escalate: { from: [...NOT_ACCEPTED, ...HANDLING], to: 'routed', by: ['coordinator'] },
  flag: { from: [...NOT_ACCEPTED, ...HANDLING, 'referred'], to: 'same', by: ['handler', 'coordinator'] },
  referralOutcome: { from: ['referred'], to: 'in_progress', by: ['handler'] },
  advance: { from: [...HANDLING, 'referred', 'resolved'], to: 'same', by: ['handler'] },
  penalty: { from: [...HANDLING, 'referred', 'resolved'], to: 'same', by: ['handler'] },
}

const RELATIONS: Relation[] = ['owner', 'member', 'handler', 'first_responder', 'coordinator', 'system']
const ACTIONS = Object.keys(EXPECTED) as MachineAction[]

describe('status machine table', () => {
  it('has exactly the expected actions', () => {
    expect([...MACHINE_ACTIONS].sort()).toEqual([...ACTIONS].sort())
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTIONS].sort())
  })

  // Every status × every action, by a caller holding an authorised relation.
  const authorisedCases: [Status, MachineAction, Relation, Status | null][] = []
  for (const status of STATUSES)
    for (const action of ACTIONS) {
      const e = EXPECTED[action]
      for (const rel of e.by) {
        const legal = e.from.includes(status)
        authorisedCases.push([status, action, rel, legal ? (e.to === 'same' ? status : e.to) : null])
      }
    }

  it.each(authorisedCases)('%s + %s by %s → %s (null = illegal)', (status, action, rel, to) => {
    const r = checkMove(status, action, [rel])
    if (to === null) {
      expect(r).toEqual({ ok: false, reason: 'illegal', message: expect.any(String) })
      if (!r.ok) expect(r.message.length).toBeGreaterThan(0)
    } else {
      expect(r).toEqual({ ok: true, to })
    }
  })

  // Every status × every action where the status allows it, by each relation that is NOT authorised.
  const forbiddenCases: [Status, MachineAction, Relation][] = []
  for (const action of ACTIONS) {
    const e = EXPECTED[action]
    for (const status of e.from) for (const rel of RELATIONS) if (!e.by.includes(rel)) forbiddenCases.push([status, action, rel])
  }

  it.each(forbiddenCases)('%s + %s by %s → forbidden', (status, action, rel) => {
    const r = checkMove(status, action, [rel])
    expect(r).toEqual({ ok: false, reason: 'forbidden', message: expect.any(String) })
  })

  it('refuses when both the status and the relation are wrong', () => {
    for (const status of STATUSES)
      for (const action of ACTIONS) {
        const e = EXPECTED[action]
        if (e.from.includes(status)) continue
        for (const rel of RELATIONS) {
          if (e.by.includes(rel)) continue
          expect(checkMove(status, action, [rel]).ok).toBe(false)
        }
      }
  })

  it('refuses callers with no relation at all', () => {
    for (const status of STATUSES)
      for (const action of ACTIONS) {
        const r = checkMove(status, action, [])
        expect(r.ok).toBe(false)
      }
    expect(checkMove('routed', 'accept', [])).toMatchObject({ ok: false, reason: 'forbidden' })
  })

  it('accepts any one matching relation among several', () => {
    expect(checkMove('routed', 'accept', ['owner', 'coordinator', 'handler'])).toEqual({ ok: true, to: 'accepted' })
    expect(checkMove('resolved', 'confirm', ['handler', 'owner'])).toEqual({ ok: true, to: 'closed' })
    expect(checkMove('routed', 'accept', ['owner', 'coordinator', 'first_responder'])).toMatchObject({
      ok: false,
      reason: 'forbidden',
    })
  })
})

describe('status machine rules from DOMAIN.md', () => {
  it('a worker can never accept or resolve, in any status', () => {
    for (const status of STATUSES)
      for (const action of ['accept', 'resolve', 'progress', 'route', 'return', 'refer', 'notWageArrears'] as const) {
        expect(checkMove(status, action, ['owner']).ok).toBe(false)
      }
  })

  it('the handler cannot confirm on the worker’s behalf', () => {
    expect(checkMove('resolved', 'confirm', ['handler'])).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(checkMove('resolved', 'confirm', ['handler', 'first_responder', 'coordinator'])).toMatchObject({
      ok: false,
      reason: 'forbidden',
    })
  })

  it("'returned' is reached only from 'routed' by the handler", () => {
    for (const status of STATUSES)
      for (const action of ACTIONS)
        for (const rel of RELATIONS) {
          const r = checkMove(status, action, [rel])
          const reachesReturned = r.ok && r.to === 'returned' && status !== 'returned'
          expect([status, action, rel, reachesReturned]).toEqual([
            status,
            action,
            rel,
            status === 'routed' && action === 'return' && rel === 'handler',
          ])
        }
    expect(checkMove('accepted', 'return', ['handler'])).toMatchObject({ ok: false, reason: 'illegal' })
    expect(checkMove('registered', 'return', ['handler'])).toMatchObject({ ok: false, reason: 'illegal' })
    expect(checkMove('routed', 'return', ['first_responder'])).toMatchObject({ ok: false, reason: 'forbidden' })
  })

  it('a returned case goes back to the first responder, who may route it again or handle it', () => {
    expect(checkMove('returned', 'route', ['first_responder'])).toEqual({ ok: true, to: 'routed' })
    // handling it: the first responder is then also the handler
    expect(checkMove('returned', 'accept', ['handler', 'first_responder'])).toEqual({ ok: true, to: 'accepted' })
    // the worker is never asked to re-file: they may still add information
    expect(checkMove('returned', 'supplement', ['owner'])).toEqual({ ok: true, to: 'returned' })
  })

  it.each([['resolved'], ['not_wage_arrears']] as [Status][])('the worker disputes %s → reopened', (status) => {
    expect(checkMove(status, 'dispute', ['owner'])).toEqual({ ok: true, to: 'reopened' })
    expect(checkMove(status, 'dispute', ['handler'])).toMatchObject({ ok: false, reason: 'forbidden' })
  })

  it('a reopened case is handled again (back to in_progress)', () => {
    expect(checkMove('reopened', 'progress', ['handler'])).toEqual({ ok: true, to: 'in_progress' })
    expect(checkMove('reopened', 'resolve', ['handler'])).toEqual({ ok: true, to: 'resolved' })
  })

  it.each([['accepted'], ['in_progress'], ['reopened']] as [Status][])('markComplex keeps %s', (status) => {
    expect(checkMove(status, 'markComplex', ['handler'])).toEqual({ ok: true, to: status })
  })

  it('markComplex is not possible before acceptance or after resolution', () => {
    for (const s of ['registered', 'routed', 'returned', 'resolved', 'closed'] as Status[])
      expect(checkMove(s, 'markComplex', ['handler'])).toMatchObject({ ok: false, reason: 'illegal' })
  })

  it("transferred_out is terminal for everyone; closed only reopens by the worker's dispute (the action checks it was an automatic close)", () => {
    for (const action of ACTIONS) expect(checkMove('transferred_out', action, RELATIONS).ok).toBe(false)
    for (const action of ACTIONS) expect(checkMove('closed', action, RELATIONS).ok).toBe(action === 'dispute')
    expect(checkMove('closed', 'dispute', ['handler', 'first_responder', 'coordinator', 'system'])).toMatchObject({
      ok: false,
      reason: 'forbidden',
    })
  })

  it('resolved closes by worker confirmation or by the scheduler only', () => {
    expect(checkMove('resolved', 'autoClose', ['system'])).toEqual({ ok: true, to: 'closed' })
    expect(checkMove('resolved', 'autoClose', ['coordinator'])).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(checkMove('in_progress', 'autoClose', ['system'])).toMatchObject({ ok: false, reason: 'illegal' })
  })

  it('a referred case is still tracked: the worker can add information', () => {
    expect(checkMove('referred', 'supplement', ['owner'])).toEqual({ ok: true, to: 'referred' })
  })
})

describe('allowedActions', () => {
  const sorted = (a: readonly string[]) => [...a].sort()
  const cases: [Status, Relation[], MachineAction[]][] = [
    ['routed', ['handler'], ['accept', 'return', 'transferOut', 'flag']],
    ['routed', ['first_responder'], ['route', 'transferOut']],
    ['routed', ['coordinator'], ['route', 'supervise', 'escalate', 'flag']],
    ['routed', ['owner'], ['supplement', 'remind']],
    ['registered', ['first_responder'], ['route', 'transferOut']],
    ['returned', ['handler', 'first_responder'], ['accept', 'route', 'transferOut', 'flag']],
    [
      'accepted',
      ['handler'],
      ['progress', 'markComplex', 'resolve', 'notWageArrears', 'refer', 'transferOut', 'assign', 'flag', 'advance', 'penalty'],
    ],
    [
      'in_progress',
      ['handler'],
      ['progress', 'markComplex', 'resolve', 'notWageArrears', 'refer', 'transferOut', 'assign', 'flag', 'advance', 'penalty'],
    ],
    ['in_progress', ['owner'], ['supplement', 'remind']],
    ['in_progress', ['coordinator'], ['supervise', 'escalate', 'flag']],
    ['resolved', ['owner'], ['confirm', 'dispute']],
    // A group's other workers follow the case but do not close it for everyone.
    ['resolved', ['member'], ['dispute']],
    ['in_progress', ['member'], ['supplement', 'remind']],
    ['resolved', ['handler'], ['advance', 'penalty']],
    ['resolved', ['system'], []],
    ['not_wage_arrears', ['owner'], ['dispute']],
    ['referred', ['owner'], ['supplement', 'remind']],
    // A referred case stays the handler's: followed to an outcome, with money and measures on the record.
    ['referred', ['handler'], ['assign', 'flag', 'referralOutcome', 'advance', 'penalty']],
    ['referred', ['coordinator'], ['supervise', 'flag']],
    ['closed', ['handler', 'first_responder', 'coordinator', 'system'], []],
    ['closed', ['owner'], ['dispute']],
    ['transferred_out', ['owner', 'handler', 'first_responder', 'coordinator'], []],
  ]
  it.each(cases)('%s with %j → %j', (status, rels, expected) => {
    expect(sorted(allowedActions(status, rels))).toEqual(sorted(expected))
  })

  it('never lists autoClose, even for the scheduler', () => {
    for (const status of STATUSES) {
      expect(allowedActions(status, RELATIONS)).not.toContain('autoClose')
      expect(allowedActions(status, ['system'])).not.toContain('autoClose')
    }
    // sanity: the scheduler could actually take it
    expect(checkMove('resolved', 'autoClose', ['system']).ok).toBe(true)
  })
})

describe('isOpen', () => {
  it.each([
    ['registered', true],
    ['routed', true],
    ['returned', true],
    ['accepted', true],
    ['in_progress', true],
    ['reopened', true],
    ['closed', false],
    ['transferred_out', false],
  ] as [Status, boolean][])('%s → %s', (status, open) => {
    expect(isOpen(status)).toBe(open)
  })
})
