// The storage contract against the SQLite adapter (the reference), one fresh database file per test.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { storageContract } from './storageContract'

storageContract('SQLite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-contract-'))
  const storage = new SqliteStorage(path.join(dir, 'xinanma.db'))
  let n = 0
  return {
    storage,
    // A temporary trigger makes the insert of that site fail inside putSites' transaction.
    failSiteWrites: (code) => {
      storage.db.exec(
        `CREATE TEMP TRIGGER fail_site_${++n} BEFORE INSERT ON sites WHEN NEW.code = '${code.replace(/'/g, "''")}'
         BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;`,
      )
    },
    // The same for a message to this recipient, inside the transaction that writes it.
    failMessageWrites: (recipient) => {
      storage.db.exec(
        `CREATE TEMP TRIGGER fail_outbox_${++n} BEFORE INSERT ON outbox WHEN NEW.recipient = '${recipient.replace(/'/g, "''")}'
         BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;`,
      )
    },
    writes: () => (storage.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
    close: () => {
      storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
