// Claim codes on desk receipts: guessing them is stopped per caller and per case number, and the desk
// that filed a case issues new ones. A try is counted before the code is compared (the storage takes it
// atomically, so callers at once never get more tries between them) and given back when the code was
// right: what stays counted are wrong tries only. A wrong case number and a wrong code are one answer
// and one kind of try, counted against the number as typed, so no answer tells whether a case exists.
import { formatBeijing } from '../../shared/time'
import { SITE_CODE_ALPHABET } from '../../shared/validators'
import { rateKey } from './auth/codes'
import type { Ctx } from './context'
import { randomCode } from './context'
import { AppError, notFound, validation } from './errors'
import { membersOf, workersOf } from './members'
import type { Complaint, NewEvent, RateKey } from './ports'

const HOUR = 3600_000

/** The caller's window of wrong tries (deployment setting `claims`). */
const callerLimit = (ctx: Ctx): RateKey => ({
  key: rateKey('claim', ctx.openid),
  windows: [{ ms: HOUR, max: ctx.config.claims.wrongPerCallerPerHour }],
})

/** Tries count from the case's registration: tries at a number before its case existed do not lock it. */
const sinceOf = (c: Pick<Complaint, 'createdAt'> | null) => (c ? c.createdAt : '')

export const LOCKED_MESSAGE = '这个案件的认领码输错次数太多，已暂停认领。请带身份证到登记的服务台，重新领取认领码'

/**
 * Take one try at `caseNo`'s claim codes (its case `c`, or null when no case has that number), or refuse
 * with RATE_LIMITED in plain words. Answers a function that gives the try back (call it when the code was right).
 */
export async function takeClaimTry(ctx: Ctx, caseNo: string, c: Complaint | null): Promise<() => Promise<void>> {
  const at = ctx.now.toISOString()
  const caller = callerLimit(ctx)
  const r = await ctx.storage.takeClaimTry(caller, caseNo, ctx.config.claims.wrongPerCase, sinceOf(c), at)
  if (!r.ok) {
    throw new AppError(
      'RATE_LIMITED',
      r.by === 'caller'
        ? `认领码输错太多次了，请${formatBeijing(r.retryAt)}以后再试。回执丢了或认领不了，请带身份证到服务台`
        : LOCKED_MESSAGE,
    )
  }
  return () => ctx.storage.returnClaimTry(caller.key, caseNo, at)
}

/** Whether the case's claim is locked by wrong codes (until the desk issues new ones). */
export async function claimLocked(ctx: Ctx, c: Complaint): Promise<boolean> {
  return (await ctx.storage.claimTries(c.caseNo, sinceOf(c))) >= ctx.config.claims.wrongPerCase
}

/**
 * The filing desk issues new claim codes to the workers of `c` who have not claimed it (all of them, or
 * the one at position `member`): the old codes stop working, the claim is unlocked, the timeline records
 * it (staff only) and each worker with a phone gets their new code by SMS, as at filing.
 */
export async function reissueClaim(ctx: Ctx, c: Complaint, member: number | undefined) {
  const people = workersOf(c)
  if (member !== undefined && !people[member]) throw validation({ member: '没有这位工友，请刷新回执后再试' })
  const members = await membersOf(ctx.storage, c)
  const open = members.filter((m) => m.ownerOpenid === null && (member === undefined || m.idx === member))
  if (!open.length) {
    throw new AppError(
      'CONFLICT',
      member !== undefined || people.length === 1 ? '这位工友已用微信认领，不需要新的认领码' : '工友都已用微信认领，不需要新的认领码',
    )
  }
  // New codes, distinct within the case and from the codes they replace.
  const used = new Set(members.map((m) => m.claimCode))
  const codes = open.map((m) => {
    let code = randomCode(ctx, SITE_CODE_ALPHABET, 6)
    while (used.has(code)) code = randomCode(ctx, SITE_CODE_ALPHABET, 6)
    used.add(code)
    return { idx: m.idx, claimCode: code }
  })
  const at = ctx.now.toISOString()
  const who = people.length > 1 ? `第${codes.map((x) => x.idx + 1).join('、')}位工友的` : ''
  const events: NewEvent[] = [
    {
      at,
      type: 'claim_reissued',
      actorOpenid: ctx.openid,
      actorDeptId: ctx.user.deptId,
      note: `服务台重新生成了${who}认领码，原认领码作废，可以重新认领`,
      visibleToWorker: false,
      data: { members: codes.map((x) => x.idx) },
    },
  ]
  const sms = ctx.messages.claimCodes(codes.map((x) => ({ person: people[x.idx], claimCode: x.claimCode })))
  const changed = await ctx.messages.write(c, events, (msgs) =>
    ctx.storage.reissueClaimCodes(c.id, codes, at, events, [...msgs, ...sms(c)]),
  )
  if (changed === 'missing') throw notFound()
  if (!changed.length) throw new AppError('CONFLICT', '工友刚刚已用微信认领，不需要新的认领码')
  return {
    id: c.id,
    caseNo: c.caseNo,
    members: codes
      .filter((x) => changed.includes(x.idx))
      .map((x) => ({ idx: x.idx, name: people[x.idx]?.name ?? '', claimCode: x.claimCode })),
  }
}
