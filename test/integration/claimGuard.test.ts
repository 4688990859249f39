// Abuse limits that hold (issue 15): claim codes cannot be guessed at leisure (point 4: 10 wrong tries per
// caller an hour, 20 wrong codes per case number, then the case's claim is locked until the filing desk
// issues new codes), and a worker's hourly number of complaints holds against calls at once (point 5).
import { clockPerTest, startTestServer, submission, tableCounts, type TestServer } from '../helpers/server'

const NOW = '2026-11-18T09:00:00+08:00'
const WRONG = { code: 'NOT_FOUND', message: '案件编号或认领码不对，请核对回执' }
const LOCKED = '这个案件的认领码输错次数太多，已暂停认领。请带身份证到登记的服务台，重新领取认领码'

let srv: TestServer
let desk: string
let inspector: string
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  await srv.dev('/dev/clock', { now: NOW })
  desk = await srv.login({ persona: 'desk' })
  inspector = await srv.login({ persona: 'inspector' })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())
// Each test starts at the file's time and ends back at real time.
clockPerTest(() => srv, NOW)

let groups = 0
/** The desk files a group of three (phones of their own: each group's SMS within the daily cap); their codes as the filing answered them. */
async function fileGroup(): Promise<{ id: string; caseNo: string; codes: string[]; phones: string[] }> {
  const n = String(++groups).padStart(2, '0')
  const phones = [`139000${n}201`, `139000${n}202`]
  const GROUP = [
    { name: '王大力', phone: phones[0], amountOwedFen: 800_000 },
    { name: '刘二牛', phone: phones[1], amountOwedFen: 650_000 },
    { name: '陈三', amountOwedFen: 720_000 },
  ]
  const r = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, {
      complainant: { name: '王大力', phone: phones[0] },
      complainants: GROUP,
      workerCount: 3,
      amountOwedFen: GROUP.reduce((s, p) => s + p.amountOwedFen, 0),
    }),
  )
  expect(r.ok).toBe(true)
  return { id: r.data.id, caseNo: r.data.caseNo, codes: r.data.members.map((m: { claimCode: string }) => m.claimCode), phones }
}

const claim = (token: string, caseNo: string, claimCode: string) => srv.call(token, 'worker', 'complaint.claim', { caseNo, claimCode })
/** A well-formed code that is none of `codes`. */
const wrongCode = (codes: string[], n = 0) => ['ZZZZZ9', 'ZZZZZ8', 'ZZZZZ7', 'ZZZZZ6'].filter((c) => !codes.includes(c))[n % 3]
/** The case's own rows: a wrong try leaves every one alone. */
const caseRows = (id: string) => {
  const db = srv.db()
  return {
    complaint: db.prepare('SELECT * FROM complaints WHERE id = ?').get(id),
    events: db.prepare('SELECT * FROM events WHERE complaint_id = ? ORDER BY id').all(id),
    members: db.prepare('SELECT * FROM case_members WHERE complaint_id = ? ORDER BY idx').all(id),
    outbox: db.prepare('SELECT id FROM outbox WHERE complaint_id = ? ORDER BY id').all(id),
  }
}
const ownerOf = (id: string, idx: number) =>
  (
    srv.db().prepare('SELECT owner_openid FROM case_members WHERE complaint_id = ? AND idx = ?').get(id, idx) as {
      owner_openid: string | null
    }
  ).owner_openid

test('a caller has 10 wrong tries an hour, unknown case numbers and wrong codes alike and answered alike; right codes cost none', async () => {
  const c = await fileGroup()
  const guesser = await srv.login({ openid: 'claim-guesser-1' })
  const unknown = await claim(guesser, '130602-2026-09999', 'ABCDE2')
  const wrong = await claim(guesser, c.caseNo, wrongCode(c.codes))
  // Never a hint that the case exists: the same status and words.
  expect([unknown.status, unknown.error]).toEqual([404, WRONG])
  expect([wrong.status, wrong.error]).toEqual([404, WRONG])
  // A right code is no wrong try.
  expect((await claim(guesser, c.caseNo, c.codes[0])).ok).toBe(true)
  for (let i = 0; i < 8; i++) {
    const r = i % 2 ? await claim(guesser, `130602-2026-0${8000 + i}`, 'ABCDE2') : await claim(guesser, c.caseNo, wrongCode(c.codes, i))
    expect([r.status, r.error]).toEqual([404, WRONG])
  }
  // Ten wrong: now even a right code is refused for this caller, in plain words, until the hour has passed.
  const refused = await claim(guesser, c.caseNo, c.codes[1])
  expect(refused.status).toBe(429)
  expect(refused.error).toEqual({
    code: 'RATE_LIMITED',
    message: '认领码输错太多次了，请2026年11月18日 10:00以后再试。回执丢了或认领不了，请带身份证到服务台',
  })
  expect(ownerOf(c.id, 1)).toBeNull()
  // Another caller is not held: the right code claims.
  const worker = await srv.login({ openid: 'claim-worker-1' })
  expect((await claim(worker, c.caseNo, c.codes[1])).ok).toBe(true)
  expect(ownerOf(c.id, 1)).toBe('claim-worker-1')
  // An hour after the first wrong try, the caller may try again.
  await srv.dev('/dev/clock', { now: '2026-11-18T10:00:00+08:00' })
  expect((await claim(guesser, c.caseNo, c.codes[2])).ok).toBe(true)
  expect(ownerOf(c.id, 2)).toBe('claim-guesser-1')
})

test('wrong tries at once from one caller: exactly 10 are answered, every other refused', async () => {
  const guesser = await srv.login({ openid: 'claim-guesser-2' })
  const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => claim(guesser, `130602-2026-0${7000 + i}`, 'ABCDE2')))
  expect(replies.filter((r) => r.status === 404)).toHaveLength(10)
  expect(replies.filter((r) => r.status === 429 && r.error!.code === 'RATE_LIMITED')).toHaveLength(6)
})

test('20 wrong codes lock a case’s claim, the right code too, with a message to go to the desk; the case is untouched; an unknown number locks alike', async () => {
  const c = await fileGroup()
  const before = caseRows(c.id)
  for (const who of ['claim-lock-a', 'claim-lock-b']) {
    const token = await srv.login({ openid: who })
    for (let i = 0; i < 10; i++) expect((await claim(token, c.caseNo, wrongCode(c.codes, i))).error).toEqual(WRONG)
  }
  const worker = await srv.login({ openid: 'claim-lock-worker' })
  const locked = await claim(worker, c.caseNo, c.codes[0])
  expect([locked.status, locked.error]).toEqual([429, { code: 'RATE_LIMITED', message: LOCKED }])
  expect((await claim(await srv.login({ openid: 'claim-lock-c' }), c.caseNo, wrongCode(c.codes))).error).toEqual({
    code: 'RATE_LIMITED',
    message: LOCKED,
  })
  // Wrong tries are an abuse record beside the case: the case, its timeline, members and messages are as they were.
  expect(caseRows(c.id)).toEqual(before)
  expect(
    JSON.parse((srv.db().prepare('SELECT hits FROM claim_tries WHERE case_no = ?').get(c.caseNo) as { hits: string }).hits),
  ).toHaveLength(20)

  // A number no case has locks the same way, with the same words: a lock tells nothing either.
  for (const who of ['claim-lock-d', 'claim-lock-e']) {
    const token = await srv.login({ openid: who })
    for (let i = 0; i < 10; i++) expect((await claim(token, '130602-2026-06666', 'ABCDE2')).error).toEqual(WRONG)
  }
  const ghost = await claim(await srv.login({ openid: 'claim-lock-f' }), '130602-2026-06666', 'ABCDE2')
  expect([ghost.status, ghost.error]).toEqual([locked.status, locked.error])

  // The filing desk sees the lock on its receipt, and may issue new codes; the handler sees neither.
  expect((await srv.call(desk, 'staff', 'complaint.receipt', { id: c.id })).data).toMatchObject({ claimLocked: true, canReissue: true })
  expect((await srv.call(inspector, 'staff', 'complaint.receipt', { id: c.id })).data).toMatchObject({
    claimLocked: false,
    canReissue: false,
  })
  const re = await srv.call(desk, 'staff', 'complaint.reissueClaim', { id: c.id })
  expect(re.ok).toBe(true)
  expect(re.data.members.map((m: { idx: number; name: string }) => [m.idx, m.name])).toEqual([
    [0, '王大力'],
    [1, '刘二牛'],
    [2, '陈三'],
  ])
  const fresh: string[] = re.data.members.map((m: { claimCode: string }) => m.claimCode)
  for (const [i, code] of fresh.entries()) {
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
    expect(c.codes).not.toContain(code)
    expect(fresh.indexOf(code)).toBe(i)
  }
  const receipt = (await srv.call(desk, 'staff', 'complaint.receipt', { id: c.id })).data
  expect(receipt).toMatchObject({ claimLocked: false, canReissue: true, claimCode: fresh[0] })
  expect(receipt.complainants.map((p: { claimCode: string }) => p.claimCode)).toEqual(fresh)
  // The old codes are dead; a new one claims, for the worker the lock refused (that refusal cost them nothing).
  expect((await claim(worker, c.caseNo, c.codes[0])).error).toEqual(WRONG)
  expect((await claim(worker, c.caseNo, fresh[0])).ok).toBe(true)
  expect(ownerOf(c.id, 0)).toBe('claim-lock-worker')
  // The new codes go by SMS where a phone takes them, as at filing; the timeline records it for staff only.
  const sms = srv
    .db()
    .prepare("SELECT recipient, params FROM outbox WHERE complaint_id = ? AND template = 'claim_code' ORDER BY id")
    .all(c.id) as { recipient: string; params: string }[]
  expect(sms.slice(-2).map((m) => [m.recipient, JSON.parse(m.params)[1]])).toEqual([
    [c.phones[0], fresh[0]],
    [c.phones[1], fresh[1]],
  ])
  const staffView = (await srv.call(inspector, 'staff', 'complaint.get', { id: c.id })).data
  expect(staffView.timeline.filter((e: { type: string }) => e.type === 'claim_reissued').map((e: { note: string }) => e.note)).toEqual([
    '服务台重新生成了第1、2、3位工友的认领码，原认领码作废，可以重新认领',
  ])
  const workerView = (await srv.call(worker, 'worker', 'complaint.get', { id: c.id })).data
  expect(workerView.timeline.some((e: { type: string }) => e.type === 'claim_reissued')).toBe(false)
})

test('new codes: only the filing desk issues them, one worker at a time if it likes; claimed workers keep theirs; bad input writes nothing', async () => {
  const c = await fileGroup()
  expect((await claim(await srv.login({ openid: 'claim-first' }), c.caseNo, c.codes[0])).ok).toBe(true)
  // The handling department sees the case but the codes are not theirs to hand over.
  const handler = await srv.call(inspector, 'staff', 'complaint.reissueClaim', { id: c.id })
  expect([handler.status, handler.error]).toEqual([403, { code: 'FORBIDDEN', message: '只有登记这个案件的服务台可以重新生成认领码' }])
  const worker = await srv.call(await srv.login({ openid: 'claim-first' }), 'staff', 'complaint.reissueClaim', { id: c.id })
  expect(worker.error!.code).toBe('FORBIDDEN')
  const before = tableCounts(srv.db())
  const claimed = await srv.call(desk, 'staff', 'complaint.reissueClaim', { id: c.id, member: 0 })
  expect([claimed.status, claimed.error]).toEqual([409, { code: 'CONFLICT', message: '这位工友已用微信认领，不需要新的认领码' }])
  for (const [member, message] of [
    [3, '没有这位工友，请刷新回执后再试'],
    [-1, '工友序号不对'],
    [1.5, '工友序号应为整数'],
    ['1', '请填写工友序号'],
  ] as const) {
    const r = await srv.call(desk, 'staff', 'complaint.reissueClaim', { id: c.id, member })
    expect(r.status).toBe(400)
    expect(r.error).toMatchObject({ code: 'VALIDATION', fields: { member: message } })
  }
  expect(tableCounts(srv.db())).toEqual(before)
  expect(caseRows(c.id).members.map((m: any) => m.claim_code)).toEqual(c.codes)

  const one = await srv.call(desk, 'staff', 'complaint.reissueClaim', { id: c.id, member: 2 })
  expect(one.data.members.map((m: { idx: number }) => m.idx)).toEqual([2])
  let codes = caseRows(c.id).members.map((m: any) => m.claim_code)
  expect(codes.slice(0, 2)).toEqual(c.codes.slice(0, 2))
  expect(codes[2]).toBe(one.data.members[0].claimCode)
  const rest = await srv.call(desk, 'staff', 'complaint.reissueClaim', { id: c.id })
  expect(rest.data.members.map((m: { idx: number }) => m.idx)).toEqual([1, 2])
  codes = caseRows(c.id).members.map((m: any) => m.claim_code)
  expect(codes[0]).toBe(c.codes[0])
  expect(codes.slice(1)).toEqual(rest.data.members.map((m: { claimCode: string }) => m.claimCode))
  expect(
    (await srv.call(desk, 'staff', 'complaint.receipt', { id: c.id })).data.complainants.map(
      (p: { claimCode: string | null }) => p.claimCode,
    ),
  ).toEqual([null, ...codes.slice(1)])
})

test('N+5 complaints at once from one worker: exactly N are registered, the rest RATE_LIMITED; replays count once; the desk is not limited', async () => {
  const N = 4
  expect((await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: N } })).ok).toBe(true)
  try {
    const burst = await srv.login({ openid: 'burst-worker-1' })
    const replies = await Promise.all(
      Array.from({ length: N + 5 }, () => srv.call(burst, 'worker', 'complaint.submit', submission(srv.sites[0].code))),
    )
    expect(replies.filter((r) => r.ok)).toHaveLength(N)
    const refused = replies.filter((r) => !r.ok)
    expect(refused).toHaveLength(5)
    for (const r of refused)
      expect([r.status, r.error]).toEqual([429, { code: 'RATE_LIMITED', message: '提交太频繁了，请过一会儿再试。情况紧急请拨打12333' }])
    expect(srv.db().prepare("SELECT COUNT(*) AS n FROM complaints WHERE filed_by = 'burst-worker-1'").get()).toEqual({ n: N })

    // One request sent six times at once is one complaint and one count: N - 1 more still fit, then no more.
    const other = await srv.login({ openid: 'burst-worker-2' })
    const same = submission(srv.sites[0].code)
    const replays = await Promise.all(Array.from({ length: 6 }, () => srv.call(other, 'worker', 'complaint.submit', same)))
    expect(replays.every((r) => r.ok)).toBe(true)
    expect(new Set(replays.map((r) => r.data.id)).size).toBe(1)
    const more = await Promise.all(
      Array.from({ length: N + 1 }, () => srv.call(other, 'worker', 'complaint.submit', submission(srv.sites[0].code))),
    )
    expect(more.filter((r) => r.ok)).toHaveLength(N - 1)
    expect((await srv.call(other, 'worker', 'complaint.submit', same)).data.id).toBe(replays[0].data.id)

    // The desk files for many: never held by the number.
    const filings = await Promise.all(
      Array.from({ length: N + 2 }, () => srv.call(desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code))),
    )
    expect(filings.every((r) => r.ok)).toBe(true)
  } finally {
    await srv.call(coordinator, 'admin', 'config.set', { rateLimits: { perWorkerPerHour: 10 } })
  }
})
