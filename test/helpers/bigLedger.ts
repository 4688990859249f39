// A big ledger, fast: cases written straight through the storage port (as intake writes them, without
// routing, risk or messages), for tests of exports built in pages.
import type { NewComplaint, Storage } from '../../cloudfunctions/core/ports'

export interface LedgerFill {
  /** Area and departments of every case (default: 竞秀区, handled by its housing bureau). */
  areaCode?: string
  handlerDeptId?: string
  firstResponderDeptId?: string
  /** Creation time of the first case; the others follow a second apart. */
  start?: string
  /** Prefix of the ids (unique per fill). */
  prefix?: string
}

/**
 * Write `n` cases with one event each; resolves to their ids in creation order. `batch` (SQLite: the
 * database's transaction) runs the writes of many cases in one transaction: the port's own transactions
 * nest in it, and a commit per case is most of the time a case takes.
 */
export async function fillLedger(storage: Storage, n: number, o: LedgerFill = {}, batch?: (write: () => void) => void): Promise<string[]> {
  const start = Date.parse(o.start ?? '2026-01-05T01:00:00Z')
  const prefix = o.prefix ?? 'big'
  const ids: string[] = []
  const writes: Promise<unknown>[] = []
  const write = (i: number) => {
    const createdAt = new Date(start + i * 1000).toISOString()
    const id = `${prefix}${String(i).padStart(6, '0')}`
    const c: NewComplaint = {
      id,
      channel: 'self',
      siteCode: null,
      placement: null,
      projectName: `第${i}号工地`,
      projectAddress: '竞秀区某路1号',
      employerName: i % 7 === 0 ? '=某劳务公司' : '某建筑劳务公司',
      employerUscc: null,
      employerKey: 'name:某建筑劳务公司',
      areaCode: o.areaCode ?? '130602',
      industry: 'housing',
      funding: 'other',
      ownerOpenid: `oBig${i % 97}`,
      clientRequestId: `${prefix}-req-${i}`,
      filedBy: `oBig${i % 97}`,
      complainant: { name: '张三', phone: '13800000000' },
      complainants: [],
      workerCount: 1 + (i % 40),
      amountOwedFen: 100_000 + i,
      owedSince: '2025-12',
      description: '',
      photos: [],
      hideIdentity: false,
      bossUnreachable: false,
      status: 'routed',
      firstResponderDeptId: o.firstResponderDeptId ?? 'd-jx-labour',
      handlerDeptId: o.handlerDeptId ?? 'd-jx-housing',
      acceptDueAt: createdAt,
      resolveDueAt: null,
      complex: false,
      card: 'none',
      riskLevel: 'none',
      claimCode: null,
      amountRecoveredFen: null,
      rating: null,
      ratingComment: null,
      reopenCount: 0,
      lastProgressAt: null,
      acceptEscalatedAt: null,
      acceptedAt: null,
      resolvedAt: null,
      closedAt: null,
      createdAt,
    }
    const events = [
      { at: createdAt, type: 'registered', actorOpenid: null, actorDeptId: null, note: `已登记${i}`, visibleToWorker: true, data: null },
    ]
    writes.push(storage.createComplaint(c, events, 2026, () => []))
    ids.push(id)
  }
  const PER_BATCH = 1000
  for (let from = 0; from < n; from += PER_BATCH) {
    const to = Math.min(n, from + PER_BATCH)
    const run = () => {
      for (let i = from; i < to; i++) write(i)
    }
    if (batch) batch(run)
    else {
      for (let i = from; i < to; i++) {
        write(i)
        await writes[writes.length - 1]
      }
    }
    // The writes are synchronous (SQLite): let timers and sockets of a server in this process run between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
  await Promise.all(writes)
  return ids
}
