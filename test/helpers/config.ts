// The deployment's configuration in tests: what `npm run config` sets (scripts/config.ts), written into
// the test server's database — message templates, SMS, uploads and the country defaults that no
// coordinator may set through admin config.set.
import path from 'node:path'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { setLevelConfig } from '../../scripts/config'
import type { TestServer } from './server'

/** Set part of the country level (or, with `areaCode`, of one area's level) as the deployment does. */
export async function deploymentConfig(
  srv: Pick<TestServer, 'dataDir'> & Partial<Pick<TestServer, 'dropCatalogCache'>>,
  patch: Record<string, unknown>,
  areaCode?: string,
): Promise<void> {
  const storage = new SqliteStorage(path.join(srv.dataDir, 'xinanma.db'))
  try {
    await setLevelConfig(storage, patch, { areaCode })
  } finally {
    storage.close()
  }
  // Written beside the server (as `npm run config` does): its catalog cache would see it within 30 s;
  // the test's next call sees it at once.
  srv.dropCatalogCache?.()
}
