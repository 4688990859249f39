// What every action receives: who is calling, when, and the ports.
import type { Config } from '../../shared/config'
import { COUNTRY_AREA, type DeploymentConfig } from '../../shared/configScope'
import { ConfigResolver } from './areaConfig'
import { WorkCalendar } from '../../shared/workingDays'
import type { Clock, Complainant, Complaint, Dept, FileLinks, NewEvent, NewMessage, Storage, User } from './ports'
import { claimCodeMessages, newCaseMessages, planMessages, withMessages, type MessageContext, type Notifier } from './notify'
import type { Planned } from './channels'
import type { Sms } from './sms/port'
import type { SignInMethod } from './auth/session'
import { phoneOpenid } from './auth/session'
import type { WeChatApi } from './auth/wechat'
import type { PhoneNumberApi } from './wechatPhone'
import { merged } from './merged'

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
  /**
   * The public link prefix (PUBLIC_BASE_URL: https; plain http only to this machine in development):
   * links on receipts, in SMS and on stickers start with it. The cloud entry requires it (cloud.ts);
   * without it (in-process tests) links point at the local default.
   */
  publicBaseUrl?: string
  log?: (msg: string, err?: unknown) => void
  /** Signs and checks session tokens and keys the hashes of sign-in codes (SESSION_SECRET); without it no one signs in by SMS. */
  sessionSecret?: string
  /** WeChat's server API (`wx.login` code exchange) where the mini-program calls a self-hosted server. */
  wechat?: WeChatApi
  /** WeChat's phone-number exchange (the phone button's code → the number): CloudBase, or the local server's fake. */
  phoneNumbers?: PhoneNumberApi
  /** The local development server: browsers sign in with /dev/login instead of an SMS code. */
  devLogin?: boolean
  /**
   * Sticker sheets (A4 PDF) for the admin tab, where the runtime carries the PDF maker and its font (the
   * local server: scripts/stickerSheet.ts); without it coordinators print with `npm run stickers`.
   */
  stickers?: StickerMaker
  /**
   * Where calls commit together (the local server's group commit, scripts/groupCommit.ts): leave `work`
   * for the end of the running batch, once per `key` (a later call's work for a key replaces an earlier
   * one's). It runs in the batch's transaction, before any of its calls is answered. False where there is
   * no batch to join (CloudBase, in-process calls): the caller then runs the work itself.
   */
  defer?: (key: string, work: () => Promise<void>) => boolean
}

/** One site as a sticker sheet prints it. */
export interface StickerInput {
  code: string
  name: string
  address: string
  areaCode: string
  contractorName: string
  funding: Complaint['funding']
  deptName?: string
  deadlines?: Config['deadlines']
}
export type StickerMaker = (
  sites: StickerInput[],
  opts: { layout: 'helmet' | 'board'; copies?: number; hotline?: string },
) => Promise<Buffer>

/** Who is calling, as the transport established it (the platform's WeChat context, or a session token it checked). */
export interface Caller {
  /** null: nobody (only public actions answer). */
  openid: string | null
  /** How: the WeChat platform, or a session token of one of the sign-in methods. */
  via?: 'wechat' | SignInMethod
  /** The phone the session proved by SMS code. */
  phone?: string | null
  /** The client's network address as the transport saw it (limits on sign-in codes), if known. */
  address?: string | null
}

export interface Ctx extends Deps {
  /** The caller's openid; '' in a public action called by nobody. */
  openid: string
  caller: Caller
  /** The phone the caller proved by SMS code: in this session, else linked to their user. */
  phone: string | null
  /** Whose complaints are the caller's: their openid, and the browser identity of their proven phone. */
  ownerIds: string[]
  user: User
  now: Date
  /**
   * The settings that are the same everywhere (country level: messages, SMS, uploads, holidays, the
   * catch-all unit). Anything about a case or an area (deadlines, cards, risk, campaign, rate limits) is
   * that area's: `await ctx.configFor(areaCode)`.
   */
  config: DeploymentConfig
  /** The effective configuration of an area (country → province → city → county), read once per call. */
  configFor(areaCode: string): Promise<Config>
  /** The stored levels behind configFor (the admin config actions read and write them). */
  configLevels: ConfigResolver
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
    /**
     * The same plan without the write, for a write that may decide more than once (storage.changeComplaint):
     * `release()` gives back the consents it took when it is not the one written (moves.ts).
     */
    plan(c: Complaint, events: readonly NewEvent[]): Promise<Planned>
    /** For storage.createComplaint beside forNewCase: each worker's own claim code by SMS, where a phone takes it. */
    claimCodes(workers: readonly { person: Complainant; claimCode: string }[]): (stored: Complaint) => NewMessage[]
  }
}

export async function makeCtx(deps: Deps, who: string | Caller): Promise<Ctx> {
  const caller: Caller = typeof who === 'string' ? { openid: who, via: 'wechat' } : who
  const openid = caller.openid ?? ''
  const now = deps.clock.now()
  const configLevels = new ConfigResolver(
    (codes) => deps.storage.getAreaConfigs(codes),
    (m) => deps.log?.(m),
  )
  const [config, user] = await Promise.all([configLevels.for(COUNTRY_AREA), openid ? deps.storage.getUser(openid) : Promise.resolve(null)])
  const phone = caller.phone ?? user?.phone ?? null
  let deptCache: Promise<Dept[]> | null = null
  const depts = () => (deptCache ??= deps.storage.listDepts())
  const mc: MessageContext = { storage: deps.storage, config, now, publicBaseUrl: publicLinkBase(deps), log: deps.log }
  const own: Omit<Ctx, keyof Deps> = {
    openid,
    caller,
    phone,
    ownerIds: openid ? [...new Set([openid, ...(phone ? [phoneOpenid(phone)] : [])])] : [],
    user: user ?? { openid, role: 'worker', deptId: null, name: null, createdAt: now.toISOString() },
    now,
    config,
    configFor: (areaCode) => configLevels.for(areaCode),
    configLevels,
    calendar: new WorkCalendar(config.holidays),
    depts,
    dept: async (id) => (id ? ((await depts()).find((d) => d.id === id) ?? null) : null),
    messages: {
      forNewCase: (events) => newCaseMessages(events, config, publicLinkBase(deps)),
      write: (c, events, write) => withMessages(mc, c, events, write),
      plan: (c, events) => planMessages(mc, c, events),
      claimCodes: (workers) => claimCodeMessages(mc, workers),
    },
  }
  return merged(deps, own)
}

/** Where links point without PUBLIC_BASE_URL: the local server's default address (development only). */
export const DEV_PUBLIC_BASE_URL = 'http://127.0.0.1:8080'

/** The public link prefix, without a trailing slash. */
export function publicLinkBase(deps: Pick<Deps, 'publicBaseUrl'>): string {
  return (deps.publicBaseUrl ?? DEV_PUBLIC_BASE_URL).replace(/\/+$/, '')
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
