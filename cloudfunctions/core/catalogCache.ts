// The catalog (departments, routing rules, per-area configuration) cached beside the storage of one
// function container (issue 18, point 4): a submit reads all three, yet they change a few times a year.
//
// Every request context of the container reads through the cache. A change made through this storage
// (an admin action, a department retired …) drops the cache at once, so the container that made it sees
// it on the next read; other containers (CloudBase runs each function in its own) see it after at most
// `ttlMs`. Complaints, users and everything else are never cached.
import type { AreaConfig, Dept, Storage } from './ports'
import type { RoutingRule } from '../../shared/routing'

/** Storage methods that change the catalog: any call of one empties the cache. */
const CHANGES = /^(create|update|delete|put|set|retire|admin)(Dept|Rule|AreaConfig|Change)s?$/

interface Entry<T> {
  value: Promise<T>
  at: number
}

export interface CatalogCacheOptions {
  /** How long another container's change may go unseen here (default 30 s). */
  ttlMs?: number
  now?: () => number
  /** Told each time the cache drops (the local server's read threads then drop theirs). */
  onDrop?: () => void
}

/**
 * The key under which the cached storage answers its `drop` function: for a process that writes the
 * catalog beside the storage (the local server's tests write SQL straight into the file).
 */
export const DROP_CATALOG = Symbol('dropCatalogCache')

/** The storage with listDepts, listRules and getAreaConfigs cached; the same object in every other respect. */
export function withCatalogCache(storage: Storage, opts: CatalogCacheOptions = {}): Storage {
  const ttl = opts.ttlMs ?? 30_000
  const now = opts.now ?? Date.now
  let depts: Entry<Dept[]> | null = null
  let rules: Entry<RoutingRule[]> | null = null
  const configs = new Map<string, Entry<AreaConfig | null>>()
  const fresh = <T>(e: Entry<T> | null | undefined): e is Entry<T> => !!e && now() - e.at < ttl
  const drop = () => {
    depts = null
    rules = null
    configs.clear()
    opts.onDrop?.()
  }
  // A failed read is not kept: the next call asks again.
  const keep = <T>(read: () => Promise<T>, forget: () => void): Entry<T> => {
    const value = read()
    value.catch(forget)
    return { value, at: now() }
  }

  // Plain functions that return promises, never `async` ones: the local server's group commit queues an
  // async storage method called from outside a call as a call of its own (scripts/groupCommit.ts, guard),
  // and a read of the catalog must never wait for a batch of writes to commit.
  const cached: Partial<Storage> = {
    listDepts: () => {
      if (!fresh(depts))
        depts = keep(
          () => storage.listDepts(),
          () => (depts = null),
        )
      return depts.value.then((xs) => xs.map((d) => ({ ...d })))
    },
    listRules: () => {
      if (!fresh(rules))
        rules = keep(
          () => storage.listRules(),
          () => (rules = null),
        )
      return rules.value.then((xs) => xs.map((r) => ({ ...r })))
    },
    getAreaConfigs: (codes) => {
      const missing = codes.filter((c) => !fresh(configs.get(c)))
      if (missing.length) {
        const read = storage.getAreaConfigs(missing)
        for (const code of missing) {
          configs.set(
            code,
            keep(
              () => read.then((rows) => rows.find((r) => r.areaCode === code) ?? null),
              () => configs.delete(code),
            ),
          )
        }
      }
      return Promise.all(codes.map((c) => configs.get(c)!.value)).then((rows) =>
        rows.filter((r): r is AreaConfig => r !== null).map((r) => ({ ...r })),
      )
    },
  }

  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === DROP_CATALOG) return drop
      if (typeof prop === 'string' && prop in cached) return cached[prop as keyof Storage]
      const v = Reflect.get(target, prop, receiver)
      if (typeof v !== 'function') return v
      if (typeof prop === 'string' && CHANGES.test(prop)) {
        return async (...args: unknown[]) => {
          drop()
          try {
            return await v.apply(target, args)
          } finally {
            // Whatever was read while the change ran may predate it.
            drop()
          }
        }
      }
      return v.bind(target)
    },
  })
}
