// What every action receives: who is calling, when, and the ports.
import type { Config } from '../../shared/config'
import { parseConfig } from '../../shared/config'
import { WorkCalendar } from '../../shared/workingDays'
import type { Clock, Complaint, Dept, FileLinks, NewEvent, NewMessage, Storage, User } from './ports'
import { newCaseMessages, withMessages, type Notifier } from './notify'
import type { Sms } from './sms/port'

export interface Deps {
  storage: Storage
  clock: Clock
  /** Random ids and codes (crypto in production; injectable for tests). */
  random: (bytes: number) => Buffer
  notifier: Notifier
  /** SMS: the scheduler delivers SMS rows of the outbox through it (without it they fail and are retried). */
  sms?: Sms
  /** Links to evidence photos for case views; without it, views carry no links. */
  files?: FileLinks
  /** Where links printed on receipts point; defaults to the configured public base URL. */
  publicBaseUrl?: string
  log?: (msg: string, err?: unknown) => void
}

export interface Ctx extends Deps {
  openid: string
  user: User
  now: Date
  config: Config
  calendar: WorkCalendar
  /** Departments, loaded once per request (a small table). */
  depts(): Promise<Dept[]>
  dept(id: string | null): Promise<Dept | null>
  /** What events send (notify.ts), bound to this call: give it to the storage with the events. */
  messages: {
    /** For storage.createComplaint: the messages of a new complaint's first events. */
    forNewCase(events: readonly NewEvent[]): (stored: Complaint) => NewMessage[]
    /**
     * Plan the messages of `events` on `c` (the complaint as it will be once written), each on its channel,
     * and hand them to `write` (the storage call); consents they took come back if it does not write.
     */
    write<T>(c: Complaint, events: readonly NewEvent[], write: (messages: NewMessage[]) => Promise<T>): Promise<T>
  }
}

export async function makeCtx(deps: Deps, openid: string): Promise<Ctx> {
  const now = deps.clock.now()
  const [stored, user] = await Promise.all([deps.storage.getConfig(), deps.storage.getUser(openid)])
  const config = parseConfig(stored)
  let deptCache: Promise<Dept[]> | null = null
  const depts = () => (deptCache ??= deps.storage.listDepts())
  return {
    ...deps,
    openid,
    user: user ?? { openid, role: 'worker', deptId: null, name: null, createdAt: now.toISOString() },
    now,
    config,
    calendar: new WorkCalendar(config.holidays),
    depts,
    dept: async (id) => (id ? ((await depts()).find((d) => d.id === id) ?? null) : null),
    messages: {
      forNewCase: (events) => newCaseMessages(events, config, deps.publicBaseUrl),
      write: (c, events, write) =>
        withMessages({ storage: deps.storage, config, now, publicBaseUrl: deps.publicBaseUrl, log: deps.log }, c, events, write),
    },
  }
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A random identifier: time-ordered prefix plus randomness, safe in URLs. */
export function newId(ctx: Pick<Deps, 'random'>, now: Date, prefix = ''): string {
  const rnd = ctx.random(10)
  let tail = ''
  for (const b of rnd) tail += ID_ALPHABET[b % 36]
  return prefix + now.getTime().toString(36) + tail
}

/** A random code from `alphabet` of `length` characters (unbiased). */
export function randomCode(ctx: Pick<Deps, 'random'>, alphabet: string, length: number): string {
  let out = ''
  while (out.length < length) {
    for (const b of ctx.random(length * 2)) {
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}
