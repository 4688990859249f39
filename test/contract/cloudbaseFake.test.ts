// The storage contract against the CloudBase adapter, through the real database client library
// (@cloudbase/database, what node-sdk's app.database() is) over an in-memory server that behaves as
// CloudBase does and refuses queries no declared index serves (fakeCloudbase.ts). Runs in every test
// run; the same suite runs against a real environment in cloudbase.test.ts when keys are set.
import {
  CASE_NUMBER_BLOCK,
  COLLECTIONS,
  CloudbaseStorage,
  eventKey,
  requestKey,
  riskSubjectKey,
} from '../../cloudfunctions/core/storage/cloudbase'
import { complaint, messagesOf, storageContract } from './storageContract'
import { FakeCloudbaseServer, fakeDocDb } from './fakeCloudbase'
import { messageRecipients, withFailingWrites } from './faults'

async function subject() {
  const server = new FakeCloudbaseServer()
  const failing = new Set<string>()
  const failingRecipients = new Set<string>()
  const db = withFailingWrites(
    fakeDocDb(server),
    (collection, id, data) =>
      (collection === 'sites' && failing.has(id)) || messageRecipients(collection, data).some((r) => failingRecipients.has(r)),
  )
  for (const c of COLLECTIONS) await db.createCollection(c)
  return { server, db, storage: new CloudbaseStorage(db), failing, failingRecipients }
}

storageContract(
  'CloudBase adapter (real client, in-memory server)',
  async () => {
    const { server, storage, failing, failingRecipients } = await subject()
    return {
      storage,
      failSiteWrites: (code: string) => void failing.add(code),
      failMessageWrites: (recipient: string) => void failingRecipients.add(recipient),
      // every transaction ended (committed or rolled back): none left holding documents
      close: () => expect(server.openTransactions()).toBe(0),
      writes: () =>
        ['insertDocument', 'modifyDocument', 'removeDocument', 'startTransaction', 'commitTransaction']
          .map((a) => server.calls.get(`database.${a}`) ?? 0)
          .reduce((x, y) => x + y, 0),
    }
  },
  { caseNumbersInBlocks: true },
)

describe('CloudBase adapter: documents and queries as designed', () => {
  test('a complaint is one document with its version, event count, last event and statistics; events by id', async () => {
    const { server, storage } = await subject()
    const c = complaint({ filedBy: 'oW', clientRequestId: 'r-1' })
    await storage.createComplaint(
      c,
      [{ at: c.createdAt, type: 'registered', actorOpenid: null, actorDeptId: null, note: '登记', visibleToWorker: true, data: null }],
      2026,
      messagesOf,
    )
    const [doc] = server.dump('complaints')
    expect(doc).toMatchObject({
      _id: c.id,
      version: 1,
      eventCount: 1,
      lastEventType: 'registered',
      statClosed: 0,
      caseNo: '130602-2026-00001',
    })
    expect(doc.id).toBeUndefined()
    expect(server.dump('events').map((e) => e._id)).toEqual([eventKey(c.id, 1)])
    // Idempotency by the complaints' unique (filedBy, clientRequestId): no request document is written any more.
    expect(server.dump('requests')).toEqual([])
    expect(requestKey('oW', 'r-1')).toMatch(/^[0-9a-f]{40}$/)
    // The area's counter holds the last number reserved: the container took a block of them at once.
    expect(server.dump('case_seq')).toEqual([{ _id: '130602-2026', areaCode: '130602', year: 2026, last: CASE_NUMBER_BLOCK }])
  })

  test('risk totals are rebuilt from the open complaints (after deploying them, or to repair them)', async () => {
    const { db, storage } = await subject()
    const made = []
    for (const [i, o] of [
      { siteCode: 'SITE001', workerCount: 12, owedSince: '2026-01' },
      { siteCode: 'SITE001', workerCount: 30, owedSince: '2026-02', bossUnreachable: true },
      { siteCode: null, workerCount: 5, owedSince: '2026-02', handlerDeptId: 'd-labour' },
      { siteCode: 'SITE002', workerCount: 7, owedSince: '2026-03' },
    ].entries()) {
      const c = complaint({ ...o, createdAt: `2026-03-0${i + 1}T00:00:00.000Z` })
      made.push((await storage.createComplaint(c, [], 2026, messagesOf)).complaint)
    }
    expect(await storage.updateComplaint(made[3].id, 1, { status: 'closed' }, [], '2026-03-09T00:00:00.000Z')).not.toBe('conflict')
    const subjects = ['site:SITE001', 'site:SITE002', 'name:某建筑劳务公司']
    const figures = async () =>
      (await storage.riskSubjects(subjects)).map(({ subject, open, workers, amountOwedFen, bossUnreachable, flagged, owedMonths }) => ({
        subject,
        open,
        workers,
        amountOwedFen,
        bossUnreachable,
        flagged,
        owedMonths,
      }))
    const register = () => storage.riskRegister({ areaPrefix: '1306' }, null, null, 10)
    const before = await figures()
    const rows = await register()
    expect(before.find((x) => x.subject === 'name:某建筑劳务公司')).toMatchObject({
      open: 3,
      workers: 47,
      owedMonths: { '2026-01': 1, '2026-02': 2 },
    })
    // As if they had never been kept (complaints from before), then rebuilt; a second run changes nothing.
    for (const x of subjects) await db.collection('risk_subjects').doc(riskSubjectKey(x)).remove()
    expect(await storage.riskSubjects(subjects)).toEqual([])
    expect(await storage.rebuildRiskTotals('2026-03-10T00:00:00.000Z')).toBe(2)
    expect(await storage.rebuildRiskTotals('2026-03-10T00:00:00.000Z')).toBe(2)
    const after = await figures()
    expect(after).toEqual(before.filter((x) => x.open > 0))
    expect(await register()).toEqual(rows)
  })

  test("a rebuild of the risk totals keeps each subject's filing times (its recent counts need no query after it)", async () => {
    const { server, storage } = await subject()
    for (const i of [1, 2]) {
      const c = complaint({ siteCode: 'SITE009', createdAt: new Date(Date.now() - i * 60_000).toISOString() })
      await storage.createComplaint(c, [], 2026, messagesOf)
    }
    const filed = () =>
      server
        .dump('risk_subjects')
        .filter((d) => d.subject === 'site:SITE009')
        .map((d) => ({ filedFrom: d.filedFrom, filedTimes: d.filedTimes }))
    const before = filed()
    expect(before).toEqual([{ filedFrom: expect.any(String), filedTimes: [expect.any(String), expect.any(String)] }])
    expect(await storage.rebuildRiskTotals(new Date().toISOString())).toBeGreaterThan(0)
    expect(filed()).toEqual(before)
    const fresh = new CloudbaseStorage(fakeDocDb(server))
    const counts = server.calls.get('database.calculateDocument') ?? 0
    expect(await fresh.countSiteSince('SITE009', new Date(Date.now() - 3600_000).toISOString())).toBe(2)
    expect(server.calls.get('database.calculateDocument') ?? 0).toBe(counts)
  })

  test('the server refuses a query that no declared index serves, and a collection that was never created', async () => {
    const { db } = await subject()
    await expect(db.collection('complaints').where({ description: '欠薪' }).get()).rejects.toMatchObject({ code: 'FAKE_UNINDEXED_QUERY' })
    await expect(db.collection('complaints').get()).rejects.toMatchObject({ code: 'FAKE_UNINDEXED_QUERY' })
    const bare = new CloudbaseStorage(fakeDocDb(new FakeCloudbaseServer()))
    await expect(bare.getUser('oX')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
  })

  test('claiming the outbox costs a fixed number of requests, however many messages are due (and still held by their events)', async () => {
    const { server, storage } = await subject()
    for (let i = 0; i < 40; i++) {
      const c = complaint({ handlerDeptId: `d-h${i}`, firstResponderDeptId: `d-f${i}` })
      await storage.createComplaint(
        c,
        [{ at: c.createdAt, type: 'registered', actorOpenid: null, actorDeptId: null, note: '登记', visibleToWorker: true, data: null }],
        2026,
        messagesOf,
      )
    }
    // The messages are written inside each complaint's first event: no outbox document yet.
    expect(server.dump('outbox')).toEqual([])
    expect(server.dump('events').filter((e) => e.outboxPending === true)).toHaveLength(40)
    const before = new Map(server.calls)
    const claimed = await storage.claimOutbox('2030-01-01T00:00:00.000Z', '2030-01-01T00:02:00.000Z', 500)
    expect(claimed).toHaveLength(120)
    const used = (action: string) => (server.calls.get(action) ?? 0) - (before.get(action) ?? 0)
    // Moved to the outbox first (the events holding them: one query, one insert, one update), then leased
    // (the due ones: one query, one update, the leased ones: one query).
    expect(used('database.getDocument')).toBe(3)
    expect(used('database.insertDocument')).toBe(1)
    expect(used('database.modifyDocument')).toBe(2)
    expect(server.dump('outbox')).toHaveLength(120)
    // The events let go of them (no copy of a phone number or text is left behind).
    expect(server.dump('events').filter((e) => e.outboxPending === true || e.outbox)).toEqual([])
    // Nothing left to move (and all leased still): the next run costs one query more than the outbox's own.
    const again = new Map(server.calls)
    expect(await storage.claimOutbox('2030-01-01T00:01:00.000Z', '2030-01-01T00:03:00.000Z', 500)).toEqual([])
    expect((server.calls.get('database.getDocument') ?? 0) - (again.get('database.getDocument') ?? 0)).toBe(2)
    expect((server.calls.get('database.insertDocument') ?? 0) - (again.get('database.insertDocument') ?? 0)).toBe(0)
  })

  test('moving held messages to the outbox is safe to repeat and to run at once: a message is never written twice, nor reset', async () => {
    const { server, storage } = await subject()
    const made = []
    for (let i = 0; i < 5; i++) {
      const c = complaint({ handlerDeptId: `d-h${i}`, firstResponderDeptId: `d-f${i}` })
      const ev = {
        at: c.createdAt,
        type: 'registered',
        actorOpenid: null,
        actorDeptId: null,
        note: '登记',
        visibleToWorker: true,
        data: null,
      }
      made.push((await storage.createComplaint(c, [ev], 2026, messagesOf)).complaint)
    }
    const ids = (await storage.listOutbox(100)).map((m) => String(m.id)).sort()
    expect(ids).toHaveLength(15)
    // A run cut short: some messages are in the outbox (one already sent), their events still hold them.
    const first = server.dump('events').find((e) => e.outboxPending === true)!
    const db = fakeDocDb(server)
    for (const { id, ...m } of first.outbox) await db.collection('outbox').add({ _id: id, ...m })
    await storage.finishOutbox(first.outbox[0].id, { ok: true, at: '2030-01-01T00:00:00.000Z' })
    expect((await storage.listOutbox(100)).map((m) => String(m.id)).sort()).toEqual(ids)
    // Runs at once: each message claimed once, the sent one never again.
    const runs = await Promise.all([0, 1, 2].map(() => storage.claimOutbox('2030-01-01T00:01:00.000Z', '2030-01-01T00:03:00.000Z', 500)))
    const taken = runs.flat().map((m) => String(m.id))
    expect(new Set(taken).size).toBe(taken.length)
    expect(taken.sort()).toEqual(ids.filter((id) => id !== first.outbox[0].id))
    expect(
      server
        .dump('outbox')
        .map((d) => String(d._id))
        .sort(),
    ).toEqual(ids)
    expect(server.dump('outbox').find((d) => d._id === first.outbox[0].id)).toMatchObject({ status: 'sent' })
    expect(server.dump('events').filter((e) => e.outboxPending === true)).toEqual([])
    expect(made).toHaveLength(5)
  })

  test('a burst of submissions in one area all get numbers (transactions retried with backoff)', async () => {
    const { server, storage } = await subject()
    const cs = Array.from({ length: 30 }, () => complaint({ areaCode: '130681' }))
    const results = await Promise.all(cs.map((c) => storage.createComplaint(c, [], 2026, messagesOf)))
    expect(new Set(results.map((r) => r.complaint.caseNo)).size).toBe(30)
    expect(server.conflicts).toBeGreaterThan(0) // they did collide on the area's counter, and were run again
  })
})
