// The scheduler through /dev/clock and /dev/tick: cards at the right minute, auto-close, idempotent runs.
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

let srv: TestServer
let worker: string
let inspector: string

beforeAll(async () => {
  srv = await startTestServer()
  worker = await srv.login({ persona: 'worker-a' })
  inspector = await srv.login({ persona: 'inspector' })
})
afterAll(() => srv.close())
// Tests set the clock they need; each ends back at real time.
clockPerTest(() => srv)

async function acceptedCase(at: string) {
  await srv.dev('/dev/clock', { now: at })
  const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code))
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id: sub.data.id })
  const acc = await srv.call(inspector, 'staff', 'complaint.accept', { id: sub.data.id, version: got.data.version })
  return { id: sub.data.id as string, due: acc.data.resolveDueAt as string }
}
const card = async (id: string) => (await srv.call(inspector, 'staff', 'complaint.get', { id })).data.card

test('yellow one minute after the deadline, red ten days later, and each only once', async () => {
  const { id, due } = await acceptedCase('2026-11-02T09:00:00+08:00')
  expect(due).toBe('2026-11-05T01:00:00.000Z') // government project: 3 days

  await srv.dev('/dev/clock', { now: '2026-11-05T01:00:00.000Z' })
  await srv.dev('/dev/tick', {})
  expect(await card(id)).toBe('none')

  await srv.dev('/dev/clock', { now: '2026-11-05T01:01:00.000Z' })
  const [a, b] = await Promise.all([srv.dev('/dev/tick', {}), srv.dev('/dev/tick', {})])
  expect(a.data.cards + b.data.cards).toBe(1) // overlapping runs change it once
  expect(await card(id)).toBe('yellow')

  await srv.dev('/dev/clock', { now: '2026-11-15T01:00:00.000Z' })
  await srv.dev('/dev/tick', {})
  expect(await card(id)).toBe('red')
  const tl = (await srv.call(inspector, 'staff', 'complaint.get', { id })).data.timeline
  expect(tl.filter((e: any) => e.type === 'escalated').length).toBe(2)
  const w = (await srv.call(worker, 'worker', 'complaint.get', { id })).data.timeline
  expect(w.some((e: any) => e.type === 'escalated')).toBe(false)
})

test('progress after the deadline keeps a yellow card from turning red', async () => {
  const { id } = await acceptedCase('2026-11-02T09:00:00+08:00')
  await srv.dev('/dev/clock', { now: '2026-11-06T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})
  expect(await card(id)).toBe('yellow')
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id })
  await srv.call(inspector, 'staff', 'complaint.progress', { id, version: got.data.version, note: '正在核算工资', visibleToWorker: true })
  await srv.dev('/dev/clock', { now: '2026-11-20T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})
  expect(await card(id)).toBe('yellow')
})

test('a resolved case the worker never answers closes itself after 7 days', async () => {
  const { id } = await acceptedCase('2026-11-02T09:00:00+08:00')
  const got = await srv.call(inspector, 'staff', 'complaint.get', { id })
  await srv.call(inspector, 'staff', 'complaint.resolve', { id, version: got.data.version, amountRecoveredFen: 100, note: '已支付' })
  await srv.dev('/dev/clock', { now: '2026-11-09T08:59:00+08:00' })
  await srv.dev('/dev/tick', {})
  expect((await srv.call(worker, 'worker', 'complaint.get', { id })).data.status).toBe('resolved')
  await srv.dev('/dev/clock', { now: '2026-11-09T09:00:00+08:00' })
  await srv.dev('/dev/tick', {})
  const w = await srv.call(worker, 'worker', 'complaint.get', { id })
  expect(w.data.status).toBe('closed')
  expect(w.data.timeline.at(-1).note).toContain('自动办结')
})
