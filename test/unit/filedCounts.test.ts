// filed_counts (SQLite): the periods the submit counts in (filedPeriod, in JavaScript) are the periods the
// migration and the bench fill build from stored rows (FILED_COUNTS_BUILD, in SQL): the same rows either way.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteStorage, filedPeriod } from '../../cloudfunctions/core/storage/sqlite'
import { FILED_COUNTS_BUILD } from '../../cloudfunctions/core/storage/sqliteSchema'
import { complaint } from '../contract/storageContract'

let dir: string
let store: SqliteStorage
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-filed-'))
  store = new SqliteStorage(path.join(dir, 'x.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('Beijing hours for a site, Beijing days for an employer, with the instant each ends', () => {
  // 15:59:59.999Z is 23:59 in Beijing; 16:00Z the next Beijing day.
  expect(filedPeriod('site:A', Date.parse('2026-03-02T15:59:59.999Z'))).toEqual({
    period: '2026-03-02T23',
    endMs: Date.parse('2026-03-02T16:00:00.000Z'),
  })
  expect(filedPeriod('site:A', Date.parse('2026-03-02T16:00:00.000Z')).period).toBe('2026-03-03T00')
  expect(filedPeriod('uscc:X', Date.parse('2026-03-02T15:59:59.999Z'))).toEqual({
    period: '2026-03-02',
    endMs: Date.parse('2026-03-02T16:00:00.000Z'),
  })
  expect(filedPeriod('name:某公司', Date.parse('2026-03-02T16:00:00.000Z'))).toEqual({
    period: '2026-03-03',
    endMs: Date.parse('2026-03-03T16:00:00.000Z'),
  })
})

test('the submit’s counts equal the ones built from the rows', async () => {
  const T0 = Date.parse('2026-03-02T15:00:00.000Z')
  const offsets = [0, 59 * 60_000, 3600_000 - 1, 3600_000, 3600_000 + 1, 9 * 3600_000, 30 * 3600_000, 30 * 3600_000]
  for (const [i, ms] of offsets.entries()) {
    const c = complaint({
      createdAt: new Date(T0 + ms).toISOString(),
      siteCode: i % 3 === 2 ? null : `S${i % 2}`,
      employerKey: i % 4 === 3 ? '' : `uscc:E${i % 2}`,
    })
    expect((await store.createComplaint(c, [], 2026, () => [])).created).toBe(true)
  }
  const rows = () => store.db.prepare('SELECT subject, period, n FROM filed_counts ORDER BY subject, period').all()
  const kept = rows()
  expect(kept.length).toBeGreaterThan(4)
  expect(kept).toContainEqual({ subject: 'site:S0', period: '2026-03-03T00', n: 1 })
  expect(kept.some((r) => (r as { subject: string }).subject === '')).toBe(false)
  store.db.exec('DELETE FROM filed_counts')
  store.db.exec(FILED_COUNTS_BUILD)
  expect(rows()).toEqual(kept)
})
