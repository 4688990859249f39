// What the benchmark's workers send: one new complaint on a busy site (bench/run.ts, bench/submitProfile.ts).
import { randomBytes } from 'node:crypto'

/** A submit's body: a helmet sticker's complaint by three workers, with a fresh request id. */
export function submitBody(siteCode: string, tag: string): string {
  return JSON.stringify({
    action: 'complaint.submit',
    data: {
      clientRequestId: `${tag}-${randomBytes(4).toString('hex')}`,
      siteCode,
      placement: 'helmet',
      complainant: { name: '压测工友', phone: '13800000000' },
      workerCount: 3,
      amountOwedFen: 1000000,
      owedSince: '2026-08',
    },
  })
}
