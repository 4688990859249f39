// The catalog cache of a function container (catalogCache.ts) over the real SQLite adapter: departments,
// rules and configuration are read once, a change through the storage is seen at once, another
// container's change within the time limit, and nothing else is cached.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DROP_CATALOG, withCatalogCache } from '../../cloudfunctions/core/catalogCache'
import { ConfigResolver } from '../../cloudfunctions/core/areaConfig'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'

let dir: string
let store: SqliteStorage
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-catalog-'))
  store = new SqliteStorage(path.join(dir, 'x.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const dept = (id: string, name: string) =>
  ({ id, name, kind: 'labour', areaCode: '130602', parentId: null, active: true, createdAt: '2026-01-01T00:00:00.000Z' }) as const

test('reads once, sees its own changes at once and another container’s after the time limit', async () => {
  let now = 0
  const cached = withCatalogCache(store, { ttlMs: 30_000, now: () => now })
  const depts = jest.spyOn(store, 'listDepts')
  const configs = jest.spyOn(store, 'getAreaConfigs')
  await store.createDept(dept('d1', '一队'))
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['一队'])
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['一队'])
  expect(depts).toHaveBeenCalledTimes(1)

  // A change through this container's storage: seen by the next read.
  await cached.updateDept('d1', { name: '监察一队' })
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['监察一队'])
  expect(depts).toHaveBeenCalledTimes(2)

  // Another container's change (straight to the database): unseen until the time limit passes.
  await store.updateDept('d1', { name: '监察大队' })
  now = 29_000
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['监察一队'])
  now = 30_001
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['监察大队'])

  // Configuration per area: each level read once, absent ones remembered as absent.
  await store.setAreaConfig('130602', { risk: { reportWorkers: 40 } }, '2026-01-01T00:00:00.000Z')
  expect(await cached.getAreaConfigs(['000000', '130602'])).toEqual([
    { areaCode: '130602', value: { risk: { reportWorkers: 40 } }, updatedAt: '2026-01-01T00:00:00.000Z' },
  ])
  expect(await cached.getAreaConfigs(['130602', '000000'])).toHaveLength(1)
  expect(configs).toHaveBeenCalledTimes(1)
  await cached.setAreaConfig('000000', { risk: { reportWorkers: 45 } }, '2026-01-02T00:00:00.000Z')
  expect((await cached.getAreaConfigs(['000000', '130602'])).map((c) => c.areaCode)).toEqual(['000000', '130602'])
  expect(configs).toHaveBeenCalledTimes(2)

  // Nothing else is cached: users are read every time.
  const users = jest.spyOn(store, 'getUser')
  await cached.getUser('nobody')
  await cached.getUser('nobody')
  expect(users).toHaveBeenCalledTimes(2)
})

test('a copy is handed out: a caller changing what it read changes nothing cached', async () => {
  const cached = withCatalogCache(store)
  await store.createDept(dept('d1', '一队'))
  const [d] = await cached.listDepts()
  d.name = '改掉'
  expect((await cached.listDepts())[0].name).toBe('一队')
})

test('an area’s effective configuration is merged and checked once per stored levels, again after a change', async () => {
  const cached = withCatalogCache(store)
  await store.setAreaConfig('000000', { rateLimits: { perWorkerPerHour: 7 } }, '2026-01-01T00:00:00.000Z')
  await store.setAreaConfig('130602', { cards: { redAfterDays: 3 } }, '2026-01-01T00:00:00.000Z')
  // Two requests (a resolver each) over the cached catalog: one configuration object.
  const first = await new ConfigResolver((codes) => cached.getAreaConfigs(codes)).for('130602')
  const second = await new ConfigResolver((codes) => cached.getAreaConfigs(codes)).for('130602')
  expect(second).toBe(first)
  expect(first.rateLimits.perWorkerPerHour).toBe(7)
  expect(first.cards.redAfterDays).toBe(3)
  // A change through the storage: the next request merges the new levels.
  await cached.setAreaConfig('130602', { cards: { redAfterDays: 4 } }, '2026-01-02T00:00:00.000Z')
  const third = await new ConfigResolver((codes) => cached.getAreaConfigs(codes)).for('130602')
  expect(third).not.toBe(first)
  expect(third.cards.redAfterDays).toBe(4)
  expect(third.rateLimits.perWorkerPerHour).toBe(7)
  // Without the cache every read is new: merged every time, with the same result.
  const a = await new ConfigResolver((codes) => store.getAreaConfigs(codes)).for('130602')
  const b = await new ConfigResolver((codes) => store.getAreaConfigs(codes)).for('130602')
  expect(b).not.toBe(a)
  expect(b).toEqual(a)
  expect(a).toEqual(third)
})

test('a write beside the cache (straight into the file) is seen once the cache is dropped', async () => {
  const cached = withCatalogCache(store, { ttlMs: 30_000 })
  await store.createDept(dept('d1', '一队'))
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['一队'])
  store.db.prepare("UPDATE depts SET name = '二队' WHERE id = 'd1'").run()
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['一队'])
  ;(cached as unknown as Record<symbol, () => void>)[DROP_CATALOG]()
  expect((await cached.listDepts()).map((d) => d.name)).toEqual(['二队'])
})
