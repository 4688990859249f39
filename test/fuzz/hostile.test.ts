// Property-based: random and hostile requests against every action of every function, in process
// (the same handle() the local server and CloudBase call). Every one is answered VALIDATION, FORBIDDEN
// or NOT_FOUND (or succeeds, when random input happens to be valid), never INTERNAL; a rejected
// request leaves the database exactly as it was; nothing pollutes Object.prototype.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { FUNCTIONS, handle, type FunctionName } from '../../cloudfunctions/core/functions'
import type { Deps } from '../../cloudfunctions/core/context'
import { LocalNotifier } from '../../cloudfunctions/core/notify'
import { personaOpenid, seedDemo } from '../../cloudfunctions/core/seed'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'

const RUNS = 2000
let dir: string
let storage: SqliteStorage
let deps: Deps
let caseId = ''
let siteCode = ''
const now = new Date('2026-11-18T01:00:00Z')

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-fuzz-'))
  storage = new SqliteStorage(path.join(dir, 'db.sqlite'))
  deps = { storage, clock: { now: () => now }, random: (n) => randomBytes(n), notifier: new LocalNotifier() }
  const { sites } = await seedDemo(storage, now)
  siteCode = sites[0].code
  const r = await handle('worker', { action: 'complaint.submit', data: base.submit() }, personaOpenid('worker-a'), deps)
  if (!r.ok) throw new Error(JSON.stringify(r))
  caseId = (r.data as { id: string }).id
})
afterAll(() => {
  storage.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Rows this connection has ever inserted, updated or deleted: unchanged means nothing was written. */
const writes = () => (storage.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n

/**
 * Abuse records: a wrong claim code is counted (per caller and per case number) before the answer, on
 * purpose, so that codes cannot be guessed at leisure. Business data stays untouched.
 */
const ABUSE_TABLES = new Set(['claim_tries', 'rate_limits'])
const WRITES_ABUSE_RECORDS = new Set(['complaint.claim'])

/** A logical fingerprint of every table (but the abuse records, when asked), row by row. */
function fingerprint(withoutAbuse = false): string {
  const h = createHash('sha256')
  const tables = (
    storage.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).filter(({ name }) => !(withoutAbuse && ABUSE_TABLES.has(name)))
  // Rows in a stable order whatever the table's keys (some tables are WITHOUT ROWID).
  for (const { name } of tables) {
    const rows = (storage.db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort()
    h.update(name).update(rows.join('\n'))
  }
  return h.digest('hex')
}

const base = {
  submit: () => ({
    clientRequestId: `fuzz-${randomBytes(6).toString('hex')}`,
    siteCode,
    placement: 'helmet',
    complainant: { name: '张三', phone: '13812345678' },
    workerCount: 2,
    amountOwedFen: 100000,
    owedSince: '2026-09',
  }),
}

/** A valid-looking request per action, which the generators then break. */
function validData(fn: FunctionName, action: string): Record<string, unknown> {
  const id = caseId
  const v = 1
  const table: Record<string, Record<string, unknown>> = {
    'site.lookup': { code: siteCode },
    'complaint.submit': base.submit(),
    'complaint.fileOnBehalf': base.submit(),
    'complaint.get': { id },
    'complaint.receipt': { id },
    'complaint.confirm': { id, rating: 5 },
    'complaint.dispute': { id, reason: '没收到' },
    'complaint.supplement': { id, note: '补充' },
    'complaint.claim': { caseNo: '130602-2026-00001', claimCode: 'ABCDEF' },
    'invite.accept': { code: 'ABCDEFGH' },
    'queue.list': { view: 'to_accept' },
    'complaint.accept': { id, version: v },
    'complaint.return': { id, version: v, reason: '不归我们' },
    'complaint.route': { id, version: v, toDeptId: 'd-jx-labour', reason: '转' },
    'complaint.progress': { id, version: v, note: '进展', visibleToWorker: true },
    'complaint.markComplex': { id, version: v, reason: '复杂' },
    'complaint.resolve': { id, version: v, amountRecoveredFen: 1, note: '好' },
    'complaint.notWageArrears': { id, version: v, explanation: '非欠薪' },
    'complaint.refer': { id, version: v, to: 'court', note: '移送' },
    'complaint.transferOut': { id, version: v, to: '北京', note: '转' },
    'ledger.export': { format: 'csv' },
    'template.list': {},
    'dept.create': { name: '某局', kind: 'labour', areaCode: '130602' },
    'rule.create': { areaPrefix: '130602', industry: 'water', deptId: 'd-city-water' },
    'rule.test': { areaCode: '130602', industry: 'water' },
    'site.create': {
      name: '工地',
      address: '路',
      areaCode: '130602',
      industry: 'housing',
      funding: 'other',
      contractor: { name: '公司', uscc: '91350100M000100Y43' },
      supervisingDeptId: 'd-jx-housing',
    },
    'invite.create': { role: 'inspector', deptId: 'd-jx-labour' },
    'invite.revoke': { code: 'ABCDEFGH' },
    'template.set': { action: 'progress', title: '标题', text: '内容' },
    'template.delete': { id: 't-progress-visit' },
    'config.set': { deadlines: { resolveDaysDefault: 15 } },
    'site.import': { filename: 'a.csv', base64: '' },
  }
  return table[action] ?? {}
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE complaints; --",
    '../../etc/passwd',
    '\u0000\u0007\u001b[31m',
    '\ud800',
    '=HYPERLINK("x")',
    '__proto__',
    'constructor',
    '1e309',
    'NaN',
    '-0',
  ),
  fc.integer({ min: 2001, max: 30000 }).map((n) => '欠'.repeat(n)),
)
const hostileNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e300, -1e300, 0.5))
const deep = fc.integer({ min: 50, max: 400 }).map((n) => {
  let v: unknown = 'bottom'
  for (let i = 0; i < n; i++) v = { a: v }
  return v
})
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, undefined, true, false, [], {}, [[[]]]),
  deep,
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted'), fc.anything({ maxDepth: 1 })),
)
const FORGED = ['openid', 'OPENID', 'userInfo', 'role', 'deptId', 'ownerOpenid', 'filedBy', '__proto__', 'constructor']

/** Three ways to be hostile: wholly random data, one field broken, or a forged identity field added. */
function requests(fn: FunctionName, action: string): fc.Arbitrary<unknown> {
  const keys = Object.keys(validData(fn, action))
  const broken = keys.length
    ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ ...validData(fn, action), [k]: v }))
    : hostileValue
  const forged = fc.tuple(fc.constantFrom(...FORGED), fc.anything({ maxDepth: 1 })).map(([k, v]) => {
    const d: Record<string, unknown> = { ...validData(fn, action) }
    Object.defineProperty(d, k, { value: v, enumerable: true, configurable: true, writable: true })
    return d
  })
  return fc.oneof(hostileValue, broken, forged).map((data) => ({ action, data }))
}

const CALLERS = ['worker-a', 'worker-b', 'desk', 'inspector', 'inspector-b', 'coordinator'].map(personaOpenid)
const ACTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).flatMap((fn) => Object.keys(FUNCTIONS[fn]).map((a) => [fn, a] as const))

test.each(ACTIONS)('%s %s: hostile requests are refused cleanly and write nothing', async (fn, action) => {
  const internal: unknown[] = []
  let before = writes()
  let rejectedOnly = true
  const abuse = WRITES_ABUSE_RECORDS.has(action)
  let start = fingerprint(abuse)
  await fc.assert(
    fc.asyncProperty(requests(fn, action), fc.constantFrom(...CALLERS), async (event, caller) => {
      const reply = await handle(fn, JSON.parse(JSON.stringify(event) ?? 'null'), caller, deps, (_m, e) => internal.push(e))
      if (reply.ok) {
        before = writes() // random input that happened to be valid: a legitimate change
        rejectedOnly = false
        if (abuse) start = fingerprint(true)
        return
      }
      expect(['VALIDATION', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED']).toContain(reply.error.code)
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
      expect(JSON.stringify(reply)).not.toMatch(/at .+\.(ts|js):\d+|SQLITE|ZodError/)
      if (abuse) expect(fingerprint(true)).toBe(start)
      else expect(writes()).toBe(before)
    }),
    { numRuns: RUNS },
  )
  expect(internal).toEqual([])
  // Byte for byte: with only rejections, every table reads exactly as before.
  if (rejectedOnly || abuse) expect(fingerprint(abuse)).toBe(start)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'a')).toBe(false)
})
