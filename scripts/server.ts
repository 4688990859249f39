// The local runtime (`npm start`): one HTTP server on 127.0.0.1:$PORT that runs the very same function
// code as the cloud, with SQLite under $DATA_DIR, serves the h5 build and /q/<code>, and in
// development the /dev endpoints of API.md.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync, createReadStream, type Stats } from 'node:fs'
import http from 'node:http'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { handle, readsOnly, FUNCTIONS, type FunctionName } from '../cloudfunctions/core/functions'
import { publicLinkBase, type Caller, type Deps } from '../cloudfunctions/core/context'
import { HTTP_STATUS } from '../cloudfunctions/core/errors'
import { PERSONAS, personaOpenid, seedDemo } from '../cloudfunctions/core/seed'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { LocalNotifier } from '../cloudfunctions/core/notify'
import { LocalSms } from '../cloudfunctions/core/sms/local'
import { LocalFileLinks } from '../cloudfunctions/core/fileLinks'
import type { Clock, OutboxMessage } from '../cloudfunctions/core/ports'
import type { Sms } from '../cloudfunctions/core/sms/port'
import type { SmsSettings } from '../cloudfunctions/core/sms/tencent'
import { smsFromEnv } from '../cloudfunctions/core/sms/fromEnv'
import { HttpWeChatApi } from '../cloudfunctions/core/auth/wechat'
import { productionMessage, productionProblems } from './productionEnv'
import type { WeChatApi } from '../cloudfunctions/core/auth/wechat'
import { FakePhoneNumbers } from '../cloudfunctions/core/wechatPhone'
import { bearerToken, sessionVerifier, signSession } from '../cloudfunctions/core/auth/session'
import { formatSiteCode } from '../shared/validators'
import { stickerBoot } from '../cloudfunctions/core/scanPage'
import { stickerPages } from './stickerPage'
import { COUNTRY_AREA } from '../shared/configScope'
import { checkedPublicBaseUrl } from '../shared/publicBaseUrl'
import { makeStickerSheet } from './stickerSheet'
import { effectiveOf } from '../cloudfunctions/core/areaConfig'
import { OPEN311_PREFIX, serveOpen311 } from './open311'
import { MIME_OF, saveUpload, uploadPath } from './uploads'
import { GroupCommit, startCheckpointer, tuneForServer } from './groupCommit'
import { ReadPool, defaultReadThreads } from './readPool'
import { COMPRESSIBLE, freshBrotli } from './precompress'
import { merged } from '../cloudfunctions/core/merged'
import { DROP_CATALOG, withCatalogCache } from '../cloudfunctions/core/catalogCache'

export interface ServerOptions {
  port: number
  host?: string
  dataDir: string
  dev: boolean
  h5Dir: string
  quiet?: boolean
  /** Signs session tokens; default: SESSION_SECRET, else (development only) a secret kept in $DATA_DIR/token-secret. */
  sessionSecret?: string
  /**
   * The public link prefix of stickers, receipts and SMS links: default PUBLIC_BASE_URL, else (development
   * only) this server's own address. https only; plain http only to this machine in development.
   */
  publicBaseUrl?: string
  /**
   * How SMS leave (default: the outbox table, as the development server shows them at /dev/outbox): a sender,
   * or one made from this server's storage, clock and SMS settings (SMS_PROVIDER: smsFromEnv).
   */
  sms?: Sms | ((ports: { storage: SqliteStorage; clock: Clock; settings: () => Promise<SmsSettings> }) => Sms)
  /** WeChat's server API for the mini-program's `wx.login` code exchange (absent: that sign-in is refused). */
  wechat?: WeChatApi
  /** The clock (default: real time, which /dev/clock may hold in development). */
  clock?: Clock
  /** Demo departments, sites and personas (default: in development only). */
  seed?: boolean
  /** Behind a reverse proxy on this machine: the client's address is its X-Real-IP / X-Forwarded-For. */
  trustProxy?: boolean
  /**
   * Worker threads that answer read-only actions (scripts/readPool.ts); default 0: reads run on the main
   * thread, on their own read-only connection. `npm start` gives READ_THREADS, else one per core (at most 2).
   */
  readThreads?: number
}

/** A development session (/dev/login) outlasts any instant tests move the development clock to. */
const DEV_SESSION_MS = 10 * 365 * 24 * 3600 * 1000

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}
// Room for a 5 MB site spreadsheet sent as base64 (site.import); everything else is far smaller.
const MAX_BODY = 8 * 1024 * 1024
const SCHEDULER_EVERY_MS = 10 * 60 * 1000

class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        // Answer now with the 413 envelope; nothing more is kept.
        reject(new HttpError(413, '请求内容太大'))
        chunks.length = 0
        stopReading(req)
      } else chunks.push(c)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      if (!text) return resolve(undefined)
      try {
        resolve(JSON.parse(text))
      } catch {
        reject(new HttpError(400, '请求格式不对'))
      }
    })
    req.on('error', reject)
  })
}

/** How long the rest of a too-big request is read and dropped before its connection is cut. */
const LINGER_MS = 2000

/**
 * Stop keeping a request that is already too big: the answer goes out at once, and the rest of the body is
 * read and dropped (never kept) for at most 2 s, then the connection is cut. Cutting it at once, with
 * the client's bytes still unread, would reset the connection, and a reset can throw away the answer
 * before the client has read it: a worker on a slow line would see a network error, not the message.
 */
function stopReading(req: http.IncomingMessage): void {
  req.removeAllListeners('data')
  req.resume()
  const socket = req.socket
  const cut = setTimeout(() => socket.destroy(), LINGER_MS).unref()
  req.once('end', () => clearTimeout(cut))
}

/** The raw body, or null as soon as it passes `max` bytes (nothing past the limit is kept). */
function readRaw(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        stopReading(req)
        resolve(null)
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, JSON.stringify(body))
}

function sendJson(res: http.ServerResponse, status: number, json: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(json)
}

function envelopeError(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } })
}

export async function startServer(opts: ServerOptions) {
  mkdirSync(opts.dataDir, { recursive: true })
  const uploadsDir = path.join(opts.dataDir, 'uploads')
  const dbFile = path.join(opts.dataDir, 'xinanma.db')
  const sqlite = new SqliteStorage(dbFile)
  // Writes at the machine's pace (scripts/groupCommit.ts): the calls waiting together commit in one
  // transaction, each in its own savepoint, answered after that commit. synchronous=FULL: an answered
  // call survives power loss, at one fsync per batch. No commit pays for a checkpoint: a worker thread
  // checkpoints the WAL (journal_size_limit trims the file after). A page cache that holds the hot indexes.
  tuneForServer(sqlite.db)
  // Every commit is counted for the read threads (their snapshots, readPool.ts). A batch that changed the
  // catalog tells them again once it has committed: what they read while it ran was the catalog before it.
  let catalogDropped = false
  const group = new GroupCommit(sqlite.db, {
    onCommit: () => {
      pool?.committed()
      if (catalogDropped) pool?.catalogChanged()
      catalogDropped = false
    },
  })
  const checkpointer = startCheckpointer(dbFile)
  // Every use of storage outside a function call (scheduler, uploads, development pages) is a call of its own.
  // Departments, rules and configuration are read through a cache of this process (catalogCache.ts), as
  // on CloudBase: a change through it drops the cache at once, one by another process (a script on the
  // same file) is seen within 30 s. The server hands out the storage without the cache (tests spy on it).
  const guarded = group.guard(sqlite)
  // The cache sits under the guard: its reads (plain functions, not async ones) are never queued. A read
  // queued from outside a call and kept in the cache would be awaited by the next call that misses the
  // cache inside a batch, which then waits for a job queued behind itself. A change (an async method) is
  // queued like any other. A catalog read from outside a call may see the open batch's writes: the
  // catalog is read, never written, there.
  const storage = cachedUnderGuard(sqlite, group, () => {
    catalogDropped = true
    pool?.catalogChanged()
  })
  // Reads beside the writer: an action that only reads (Action.readOnly, e.g. the staff queues) runs at
  // once on a read-only connection of its own, outside the group commit, instead of waiting for a batch
  // to commit. It sees what is committed, never a batch's writes before their commit (so nothing that has
  // not been answered), and any write it tried would fail. Departments, rules and configuration still
  // come through the one catalog cache above, which every change drops.
  const reader = new SqliteStorage(dbFile, { readonly: true })
  // And on every core: read threads, each with its own read-only connection (readPool.ts).
  let pool: ReadPool | null = null
  const readStorage = new Proxy(reader, {
    get: (t, key) =>
      key === 'listDepts' || key === 'listRules' || key === 'getAreaConfigs' ? Reflect.get(storage, key) : Reflect.get(t, key),
  })

  // Sessions are signed tokens (core/auth/session.ts): the server keeps no session state. Development
  // keeps its secret beside the database; production is given one (SESSION_SECRET).
  let secret = opts.sessionSecret ?? process.env.SESSION_SECRET ?? null
  if (!secret) {
    if (!opts.dev) throw new Error('SESSION_SECRET is required in production')
    const secretFile = path.join(opts.dataDir, 'token-secret')
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 })
    secret = readFileSync(secretFile, 'utf8').trim()
  }
  const sessionSecret = secret
  if (opts.readThreads) pool = new ReadPool(opts.readThreads, { file: dbFile, sessionSecret, devLogin: opts.dev })

  // The public link prefix is the deployment's (never a coordinator's setting): https, or in development
  // this machine over http. Production must be told it.
  const givenBase = opts.publicBaseUrl ?? process.env.PUBLIC_BASE_URL ?? null
  if (!givenBase && !opts.dev) throw new Error('PUBLIC_BASE_URL is required in production: the https address workers open')
  const configuredBase = givenBase ? checkedPublicBaseUrl(givenBase, { allowLoopbackHttp: opts.dev }) : null

  // The clock: given, or real time, or the instant /dev/clock set, held still so tests are exact.
  let fixedMs: number | null = null
  const notifier = new LocalNotifier()
  const clock: Clock = opts.clock ?? { now: () => new Date(fixedMs ?? Date.now()) }
  // By default every SMS is an outbox row (channel sms, the phone as recipient).
  const smsSettings = async () => effectiveOf(COUNTRY_AREA, await storage.getAreaConfigs([COUNTRY_AREA])).sms
  const sms =
    typeof opts.sms === 'function' ? opts.sms({ storage, clock, settings: smsSettings }) : (opts.sms ?? new LocalSms(storage, clock))
  const tokenFor = (openid: string) =>
    signSession(sessionSecret, {
      sub: openid,
      phone: null,
      method: 'dev',
      iat: clock.now().getTime(),
      exp: clock.now().getTime() + DEV_SESSION_MS,
    })
  /** The client's address: the socket's, or behind a trusted reverse proxy the one it reports. */
  const addressOf = (req: http.IncomingMessage): string | null => {
    if (opts.trustProxy) {
      const real = req.headers['x-real-ip']
      if (typeof real === 'string' && real.trim()) return real.trim()
      const fwd = req.headers['x-forwarded-for']
      const hops = (typeof fwd === 'string' ? fwd : '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean)
      if (hops.length) return hops[hops.length - 1]
    }
    const remote = req.socket.remoteAddress ?? null
    // In production a call from this machine is the reverse proxy's, not a client's: without TRUST_PROXY
    // the client is unknown (its per-address limit cannot apply), rather than everyone being one client.
    if (!opts.dev && !opts.trustProxy && remote && /^(127\.|::1$|::ffff:127\.)/.test(remote)) return null
    return remote
  }
  /** Who calls: the session of a valid bearer token (an invalid or expired one counts as none). */
  const verified = sessionVerifier(sessionSecret)
  const callerOf = (req: http.IncomingMessage): Caller => {
    const session = verified(bearerToken(req.headers.authorization), clock.now())
    const address = addressOf(req)
    return session ? { openid: session.sub, via: session.method, phone: session.phone, address } : { openid: null, address }
  }
  // Photos are served only by short-lived links signed with the session secret (core/fileLinks.ts).
  const files = new LocalFileLinks(sessionSecret, clock)
  const deps: Deps = {
    storage,
    clock,
    random: pooledRandom(),
    notifier,
    sms,
    files,
    sessionSecret,
    wechat: opts.wechat,
    // WeChat's phone-number exchange: the development server has no WeChat, so a fake (core/wechatPhone.ts).
    phoneNumbers: opts.dev ? new FakePhoneNumbers() : undefined,
    devLogin: opts.dev,
    // Sticker sheets from the admin tab: this process carries the PDF maker and its font.
    stickers: (sites, o) =>
      makeStickerSheet(sites, { layout: o.layout, copies: o.copies, hotline: o.hotline, publicBaseUrl: publicLinkBase(deps) }),
    // A site's risk is assessed once per batch (core/intake.ts), not once per submit.
    defer: (key, work) => group.defer(key, work),
    // PUBLIC_BASE_URL, else (development) printed links point at this server, once it listens (below). A
    // plain value, not a getter: every call copies these ports into its context, and a getter among them
    // makes that copy several times slower.
    publicBaseUrl: configuredBase ?? undefined,
  }
  const { sites } = (opts.seed ?? opts.dev) ? await seedDemo(storage, deps.clock.now()) : { sites: [] }
  // The same ports but the storage.
  const readDeps: Deps = merged(deps, { storage: readStorage })

  // Text assets are sent compressed to clients that take it: on a weak mobile signal the h5 bundle's bytes
  // are most of the wait. Brotli from the copies the build wrote (precompress.ts), else gzip made here;
  // either body is kept in memory while its file is unchanged (keyed by encoding, file and modification time).
  const compressed = new Map<string, { mtimeMs: number; body: Buffer }>()
  const encoded = (encoding: 'br' | 'gzip', file: string, st: Stats, make: () => Buffer | null): Buffer | null => {
    const key = `${encoding}\u0000${file}`
    const hit = compressed.get(key)
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.body
    // A missing Brotli copy is not remembered: the build may write it later.
    const body = make()
    if (body) compressed.set(key, { mtimeMs: st.mtimeMs, body })
    return body
  }
  const stickers = stickerPages(opts.h5Dir)
  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): boolean => {
    let rel: string
    try {
      rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath)
    } catch {
      throw new HttpError(400, '地址不对')
    }
    const file = path.resolve(opts.h5Dir, '.' + rel)
    if (!file.startsWith(path.resolve(opts.h5Dir) + path.sep)) return false
    if (!existsSync(file)) return false
    const st = statSync(file)
    if (!st.isFile()) return false
    const ext = path.extname(file)
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    }
    if (COMPRESSIBLE.has(ext)) {
      headers.Vary = 'Accept-Encoding'
      const accepts = String(req.headers['accept-encoding'] ?? '')
      const brotli = /\bbr\b/.test(accepts)
        ? encoded('br', file, st, () => {
            const copy = freshBrotli(file, st)
            return copy ? readFileSync(copy) : null
          })
        : null
      const gzip = !brotli && /\bgzip\b/.test(accepts) ? encoded('gzip', file, st, () => gzipSync(readFileSync(file), { level: 9 })) : null
      const body = brotli ?? gzip
      if (body) {
        res.writeHead(200, { ...headers, 'Content-Encoding': brotli ? 'br' : 'gzip', 'Content-Length': body.length })
        res.end(body)
        return true
      }
    }
    res.writeHead(200, headers)
    createReadStream(file).pipe(res)
    return true
  }

  // Function calls run one at a time, in the order their requests arrived (SQLite has one writer and the
  // storage is synchronous: running them side by side would gain nothing), in batches that commit together
  // (groupCommit.ts). A call that fails with an internal error is rolled back alone.
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => group.run(work, internalError)

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const p = url.pathname
    try {
      if (req.method === 'POST' && p.startsWith('/api/')) {
        const fn = p.slice(5)
        if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, fn)) return envelopeError(res, 404, 'NOT_FOUND', '没有这个功能')
        // Identity is checked by the function: public actions (a sticker's project, sign-in) answer anyone.
        const caller = callerOf(req)
        const body = await readBody(req)
        if (readsOnly(fn as FunctionName, body)) {
          const pooled = pool?.run({ fn: fn as FunctionName, body, caller, now: clock.now().getTime(), publicBaseUrl: deps.publicBaseUrl })
          if (pooled) {
            const answer = await pooled
            return sendJson(res, answer.status, answer.json)
          }
          const reply = await reader.readSnapshot(() => handle(fn as FunctionName, body, caller, readDeps))
          return send(res, reply.ok ? 200 : HTTP_STATUS[reply.error.code], reply)
        }
        const reply = await inTurn(() => handle(fn as FunctionName, body, caller, deps))
        return send(res, reply.ok ? 200 : HTTP_STATUS[reply.error.code], reply)
      }
      if (p.startsWith(OPEN311_PREFIX + '/')) return await serveOpen311(req, res, url, deps, inTurn)
      if (req.method === 'POST' && p === '/upload') {
        const uploader = callerOf(req).openid
        if (!uploader) return envelopeError(res, 401, 'UNAUTHENTICATED', '请先登录')
        // Upload limits are the deployment's (the country level): the same for every area.
        const max = effectiveOf(COUNTRY_AREA, await storage.getAreaConfigs([COUNTRY_AREA])).uploads.maxBytes
        const body = await readRaw(req, max)
        const r =
          body === null
            ? ({ ok: false, message: `照片太大了，请选${Math.floor(max / 1_000_000)}MB以内的` } as const)
            : saveUpload(uploadsDir, body, max)
        if (!r.ok) return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: r.message, fields: { photos: r.message } } })
        // Recorded with its uploader: only they may attach it to a case (core/photos.ts).
        await storage.putUpload({ fileId: r.fileId, uploader, createdAt: clock.now().toISOString() })
        return send(res, 200, { ok: true, data: { fileId: r.fileId, url: files.url(r.name) } })
      }
      if (req.method === 'GET' && p.startsWith('/files/')) {
        const file = uploadPath(uploadsDir, p.slice(7))
        if (!file) return envelopeError(res, 404, 'NOT_FOUND', '没有这张照片')
        // Only by a link this server signed (handed out with a case view), until it expires.
        const signed = files.verify(p.slice(7), url.searchParams.get('e'), url.searchParams.get('s'))
        if (signed !== 'ok')
          return envelopeError(res, 403, 'FORBIDDEN', signed === 'expired' ? '照片链接已过期，请刷新页面' : '请从案件页面查看照片')
        if (!existsSync(file)) return envelopeError(res, 404, 'NOT_FOUND', '没有这张照片')
        res.writeHead(200, {
          'Content-Type': MIME_OF[path.extname(file).slice(1)],
          'Cache-Control': 'private, max-age=600',
          'X-Content-Type-Options': 'nosniff',
        })
        return createReadStream(file).pipe(res)
      }
      if (req.method === 'GET' && p.startsWith('/c/')) {
        // A printed desk receipt's QR: the worker opens it to claim the case in their own WeChat.
        const caseNo = p.slice(3)
        const k = url.searchParams.get('k') ?? ''
        res.writeHead(302, {
          Location: `/#/pages/claim/index?caseNo=${encodeURIComponent(caseNo)}&claimCode=${encodeURIComponent(k)}`,
          'Cache-Control': 'no-store',
        })
        return res.end()
      }
      if (req.method === 'GET' && p.startsWith('/q/')) {
        // The page itself, with the site's details inlined (core/scanPage.ts); an unknown code: 404 and the
        // same page, which says so in Chinese and offers the form without a site.
        const caller: Caller = { openid: null, address: addressOf(req) }
        const { found, boot } = await stickerBoot(p.slice(3), (action, data) =>
          inTurn(() => handle('worker', { action, data }, caller, deps)),
        )
        const html = stickers.html(boot)
        if (!html) {
          res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
          return res.end('页面尚未构建：请先运行 npm run build:h5')
        }
        const body = Buffer.from(html)
        const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        res.writeHead(found ? 200 : 404, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          Vary: 'Accept-Encoding',
          ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
        })
        return res.end(gzip ? gzipSync(body) : body)
      }
      if (opts.dev && req.method === 'POST' && p.startsWith('/dev/')) {
        const body = ((await readBody(req)) ?? {}) as Record<string, unknown>
        if (p === '/dev/login') {
          if (typeof body.persona === 'string') {
            const persona = PERSONAS[body.persona]
            if (!persona) return envelopeError(res, 404, 'NOT_FOUND', '没有这个演示身份')
            const openid = personaOpenid(body.persona)
            return send(res, 200, { token: tokenFor(openid), openid, role: persona.role })
          }
          if (typeof body.openid === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(body.openid)) {
            const user = await storage.getUser(body.openid)
            return send(res, 200, { token: tokenFor(body.openid), openid: body.openid, role: user?.role ?? 'worker' })
          }
          return envelopeError(res, 400, 'VALIDATION', '请提供 persona 或 openid')
        }
        if (p === '/dev/clock') {
          if (body.now === null) fixedMs = null
          else if (typeof body.now === 'string' && !Number.isNaN(Date.parse(body.now))) fixedMs = Date.parse(body.now)
          else return envelopeError(res, 400, 'VALIDATION', 'now 应为 ISO 时间或 null')
          return send(res, 200, { now: deps.clock.now().toISOString() })
        }
        if (p === '/dev/tick') return send(res, 200, { ok: true, data: await runScheduler(deps) })
        if (p === '/dev/notifier') {
          // failNext: WeChat sends to fail; failSms: SMS sends to fail (either may be given).
          const count = (v: unknown) => (v === undefined ? null : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN)
          const wechat = count(body.failNext)
          const smsFails = count(body.failSms)
          if (Number.isNaN(wechat) || Number.isNaN(smsFails) || (wechat === null && smsFails === null)) {
            return envelopeError(res, 400, 'VALIDATION', 'failNext 或 failSms 应为非负整数')
          }
          if (wechat !== null) notifier.failNext = wechat
          if (smsFails !== null && sms instanceof LocalSms) sms.failNext = smsFails
          return send(res, 200, { ok: true })
        }
        return envelopeError(res, 404, 'NOT_FOUND', '没有这个接口')
      }
      if (req.method === 'GET' && p === '/healthz') return send(res, 200, { ok: true })
      if (opts.dev && req.method === 'GET' && p === '/dev/outbox') {
        const rows = await storage.listOutbox(500)
        if (url.searchParams.get('format') === 'json') return send(res, 200, { items: rows })
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        return res.end(outboxPage(rows))
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (serveStatic(req, res, p)) return
        if (p === '/' || p === '/index.html') {
          res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
          return res.end('页面尚未构建：请先运行 npm run build:h5')
        }
      }
      envelopeError(res, 404, 'NOT_FOUND', '没有这个页面')
    } catch (e) {
      if (e instanceof HttpError) {
        return envelopeError(res, e.status, 'VALIDATION', e.message)
      }
      console.error('[server] internal error', e)
      if (!res.headersSent) envelopeError(res, 500, 'INTERNAL', '系统繁忙，请稍后再试')
    }
  })

  // The scheduler on a timer, as CloudBase's timer trigger runs it in production.
  const timer = setInterval(() => {
    runScheduler(deps).catch((e) => console.error('[scheduler] run failed', e))
  }, SCHEDULER_EVERY_MS)
  timer.unref()

  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve))
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : opts.port
  const baseUrl = `http://127.0.0.1:${port}`
  deps.publicBaseUrl = readDeps.publicBaseUrl = configuredBase ?? baseUrl
  return {
    server,
    storage: guarded,
    /** The group commit the calls run in (tests hold a batch open with it). */
    group,
    baseUrl,
    sites,
    /** Resolves once the read threads (readThreads) have loaded: reads then run on them. */
    readThreadsReady: () => pool?.whenReady() ?? Promise.resolve(),
    /** Read threads loaded and taking calls. */
    readThreads: () => pool?.ready ?? 0,
    /** Forget the cached catalog (after writing departments, rules or configuration straight into the file). */
    dropCatalogCache: () => (storage as unknown as Record<symbol, () => void>)[DROP_CATALOG](),
    async close() {
      clearInterval(timer)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await group.idle()
      await checkpointer.stop()
      await pool?.close()
      reader.close()
      sqlite.db.pragma('wal_checkpoint(TRUNCATE)')
      sqlite.close()
    },
    demoLink: sites[0] ? `${baseUrl}/q/${sites[0].code}?p=helmet` : null,
  }
}

/**
 * Random bytes for ids and codes from the system's CSPRNG, drawn 4 KB at a time: one call into it for a
 * few hundred ids instead of one per id. Each draw is a copy, and its bytes are wiped from the pool.
 */
export function pooledRandom(size = 4096): (n: number) => Buffer {
  let pool = Buffer.alloc(0)
  let at = 0
  return (n) => {
    // A large draw (a quarter of the pool or more) would empty it at once: it goes straight through.
    if (n > size / 4) return randomBytes(n)
    if (at + n > pool.length) {
      pool = randomBytes(size)
      at = 0
    }
    const out = Buffer.from(pool.subarray(at, at + n))
    pool.fill(0, at, at + n)
    at += n
    return out
  }
}

/**
 * The server's storage: the catalog cache (catalogCache.ts) under the group commit's guard, so that its
 * reads are never queued (see startServer); `onDrop` hears each drop of the cache.
 */
export function cachedUnderGuard(sqlite: SqliteStorage, group: GroupCommit, onDrop?: () => void): SqliteStorage {
  return group.guard(withCatalogCache(sqlite, { onDrop })) as SqliteStorage
}

/** A function's reply that is an internal error (an exception the action did not answer): its writes are undone. */
function internalError(v: unknown): boolean {
  const r = v as { ok?: unknown; error?: { code?: unknown } } | null
  return !!r && typeof r === 'object' && r.ok === false && r.error?.code === 'INTERNAL'
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const STATUS_TEXT: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' }
const CHANNEL_TEXT: Record<string, string> = { wechat: '微信', sms: '短信' }

/** What would have been sent as WeChat subscription messages and SMS, newest first. */
function outboxPage(rows: OutboxMessage[]): string {
  const tr = rows
    .map(
      (m) =>
        `<tr><td>${m.id}</td><td>${escapeHtml(m.createdAt)}</td><td>${CHANNEL_TEXT[m.channel] ?? escapeHtml(m.channel)}</td><td>${escapeHtml(m.recipient)}</td><td>${escapeHtml(m.title)}</td><td>${escapeHtml(m.body)}</td><td>${STATUS_TEXT[m.status] ?? m.status}（${m.attempts}次）</td></tr>`,
    )
    .join('')
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>消息发件箱</title>
<style>body{font:15px/1.5 sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}</style>
<h1>消息发件箱（本地）</h1><p>本地运行时不发微信消息和短信，这里列出本应发送的订阅消息和短信。</p>
<table><tr><th>#</th><th>时间</th><th>渠道</th><th>接收人</th><th>标题</th><th>内容</th><th>状态</th></tr>${tr}</table></html>`
}

async function main() {
  const env = process.env
  const port = Number(env.PORT ?? 8080)
  const dataDir = path.resolve(env.DATA_DIR ?? '.data')
  const dev = env.NODE_ENV !== 'production'
  const h5Dir = path.resolve(__dirname, '../miniprogram/dist/h5')
  if (!dev) {
    // A production server starts with all its secrets or not at all.
    const problems = productionProblems(env)
    if (problems.length) {
      console.error(productionMessage(problems))
      process.exit(1)
    }
    if (env.TRUST_PROXY !== '1' && env.TRUST_PROXY !== 'true') {
      console.error('提示：没有设置 TRUST_PROXY=1。放在本机反向代理（nginx）后面时请设置它，否则无法按客户端地址限制获取验证码的次数。')
    }
  }
  const s = await startServer({
    port,
    host: env.HOST || '127.0.0.1',
    dataDir,
    dev,
    h5Dir,
    // Development keeps its SMS in the outbox (/dev/outbox) unless SMS_PROVIDER says otherwise.
    sms: dev && !env.SMS_PROVIDER ? undefined : ({ storage, clock, settings }) => smsFromEnv(env, { dataDir, storage, clock, settings }),
    wechat: env.WX_APPID && env.WX_APPSECRET ? new HttpWeChatApi(env.WX_APPID, env.WX_APPSECRET) : undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    readThreads: defaultReadThreads(env),
  })
  console.log(`ready ${s.baseUrl}/`)
  if (s.demoLink) {
    console.log(`演示二维码（${s.sites[0].name}，项目码 ${formatSiteCode(s.sites[0].code)}）：${s.demoLink}`)
    if (process.stdout.isTTY) {
      const QR = await import('qrcode')
      console.log(await QR.toString(s.demoLink, { type: 'terminal', small: true }))
    }
  }
  const stop = () => s.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
