// The catalog (departments, routing rules, per-area configuration) cached beside the storage of one
// function container (issue 18, point 4): a submit reads all three, yet they change a few times a year.
//
// Every request context of the container reads through the cache. A change made through this storage
// (an admin action, a department retired …) drops the cache at once, so the container that made it sees
// it on the next read; other containers (CloudBase runs each function in its own) see it after at most
// `ttlMs`. Complaints and everything else are never cached.
//
// Officials' own records (getUser of a non-worker), only where `staffTtlMs` is given (the cloud entry:
// every CloudBase call reads its caller's record, a request each): a change of a user made through this
// storage (putUser, setProfile, linkPhone, redeemInvite …) drops them at once; one made in another
// container (an official revoked or moved) takes effect here after at most `staffTtlMs`. Workers' records
// (their phone, their claims) are always read.
import type { AreaConfig, Dept, Storage, User } from './ports'
import type { RoutingRule } from '../../shared/routing'

/** Storage methods that change the catalog: any call of one empties the cache. */
const CHANGES = /^(create|update|delete|put|set|retire|admin)(Dept|Rule|AreaConfig|Change)s?$/
/** Storage methods that may change a user's record: any call of one forgets the cached officials. */
const USER_CHANGES =
  /^(put|set|link|unlink|redeem|retire|admin|create|update|delete|remove|move|transfer)\w*(User|Phone|Profile|Invite|Dept|Official|Staff)/

interface Entry<T> {
  value: Promise<T>
  at: number
}

export interface CatalogCacheOptions {
  /** How long another container's change may go unseen here (default 30 s). */
  ttlMs?: number
  /** How long an official's record read here may be used (default: not cached, read on every call). */
  staffTtlMs?: number
  now?: () => number
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
  const staffTtl = opts.staffTtlMs ?? 0
  const staff = new Map<string, Entry<User | null>>()
  const fresh = <T>(e: Entry<T> | null | undefined): e is Entry<T> => !!e && now() - e.at < ttl
  const dropUsers = () => staff.clear()
  const drop = () => {
    depts = null
    rules = null
    configs.clear()
    dropUsers()
  }
  // A failed read is not kept: the next call asks again.
  const keep = <T>(read: () => Promise<T>, forget: () => void): Entry<T> => {
    const value = read()
    value.catch(forget)
    return { value, at: now() }
  }

  const cached: Partial<Storage> = {
    ...(staffTtl > 0 && {
      getUser: (openid: string) => {
        const e = staff.get(openid)
        if (e && now() - e.at < staffTtl) return e.value.then((u) => u && { ...u })
        const entry: Entry<User | null> = { value: storage.getUser(openid), at: now() }
        staff.set(openid, entry)
        // Kept only for an official; a worker, an unknown openid or a failed read is asked again.
        const forget = () => staff.get(openid) === entry && staff.delete(openid)
        entry.value.then((u) => (!u || u.role === 'worker') && forget(), forget)
        return entry.value.then((u) => u && { ...u })
      },
    }),
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
    getAreaConfigs: async (codes) => {
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
      const rows = await Promise.all(codes.map((c) => configs.get(c)!.value))
      return rows.filter((r): r is AreaConfig => r !== null).map((r) => ({ ...r }))
    },
  }

  return new Proxy(storage, {
    get(target, prop, receiver) {
      if (prop === DROP_CATALOG) return drop
      if (typeof prop === 'string' && prop in cached) return cached[prop as keyof Storage]
      const v = Reflect.get(target, prop, receiver)
      if (typeof v !== 'function') return v
      if (typeof prop === 'string' && staffTtl > 0 && !CHANGES.test(prop) && USER_CHANGES.test(prop)) {
        return async (...args: unknown[]) => {
          dropUsers()
          try {
            return await v.apply(target, args)
          } finally {
            dropUsers()
          }
        }
      }
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
