// The local runtime (`npm start`): one HTTP server on 127.0.0.1:$PORT that runs the very same function
// code as the cloud, with SQLite under $DATA_DIR, serves the h5 build and /q/<code>, and in
// development the /dev endpoints of API.md.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync, createReadStream } from 'node:fs'
import http from 'node:http'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { handle, FUNCTIONS, type FunctionName } from '../cloudfunctions/core/functions'
import type { Deps } from '../cloudfunctions/core/context'
import { HTTP_STATUS } from '../cloudfunctions/core/errors'
import { PERSONAS, personaOpenid, seedDemo } from '../cloudfunctions/core/seed'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { LocalNotifier } from '../cloudfunctions/core/notify'
import { LocalSms } from '../cloudfunctions/core/sms/local'
import { localFileLinks } from '../cloudfunctions/core/fileLinks'
import type { OutboxMessage } from '../cloudfunctions/core/ports'
import { formatSiteCode } from '../shared/validators'
import { parseConfig } from '../shared/config'
import { MIME_OF, saveUpload, uploadPath } from './uploads'

export interface ServerOptions {
  port: number
  host?: string
  dataDir: string
  dev: boolean
  h5Dir: string
  quiet?: boolean
}

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
  constructor(public readonly status: number, message: string) {
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
        // Answer now with the 413 envelope (the caller closes the connection after it); read nothing more.
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

/**
 * Stop reading a request that is already too big: the answer goes out at once with `Connection: close`,
 * the rest of the body is not kept, and the socket closes once the answer is sent (or soon, if the
 * client never reads it).
 */
function stopReading(req: http.IncomingMessage): void {
  req.removeAllListeners('data')
  req.pause()
  const socket = req.socket
  setTimeout(() => socket.destroy(), 2000).unref()
}

/** The raw body, or null as soon as it passes `max` bytes (nothing past the limit is read). */
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
  const json = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(json)
}

function envelopeError(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } })
}

export async function startServer(opts: ServerOptions) {
  mkdirSync(opts.dataDir, { recursive: true })
  const uploadsDir = path.join(opts.dataDir, 'uploads')
  const storage = new SqliteStorage(path.join(opts.dataDir, 'xinanma.db'))

  // Tokens: HMAC-signed OPENIDs, so the server keeps no session state.
  const secretFile = path.join(opts.dataDir, 'token-secret')
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 })
  const secret = readFileSync(secretFile, 'utf8').trim()
  const sign = (openid: string) => createHmac('sha256', secret).update(openid).digest('base64url')
  const tokenFor = (openid: string) => `${Buffer.from(openid).toString('base64url')}.${sign(openid)}`
  const openidOf = (header: string | undefined): string | null => {
    const m = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header ?? '')
    if (!m) return null
    const openid = Buffer.from(m[1], 'base64url').toString('utf8')
    const expected = Buffer.from(sign(openid))
    const given = Buffer.from(m[2])
    return expected.length === given.length && timingSafeEqual(expected, given) ? openid : null
  }

  // The clock: real time, or the instant /dev/clock set, held still so tests are exact.
  let fixedMs: number | null = null
  const notifier = new LocalNotifier()
  const clock = { now: () => new Date(fixedMs ?? Date.now()) }
  // Locally every SMS is an outbox row (channel sms, the phone as recipient).
  const sms = new LocalSms(storage, clock)
  const deps: Deps = {
    storage,
    clock,
    random: (n) => randomBytes(n),
    notifier,
    sms,
    files: localFileLinks,
    // Locally, printed links point at this server.
    get publicBaseUrl() {
      return publicBase ?? undefined
    },
  }
  const { sites } = await seedDemo(storage, deps.clock.now())
  let publicBase: string | null = null

  // Text assets are sent gzip-compressed to clients that take it: on a weak mobile signal the h5 bundle's
  // bytes are most of the wait. Each file is compressed once (keyed by its modification time).
  const gzipped = new Map<string, { mtimeMs: number; body: Buffer }>()
  const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt'])
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
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        let hit = gzipped.get(file)
        if (!hit || hit.mtimeMs !== st.mtimeMs) {
          hit = { mtimeMs: st.mtimeMs, body: gzipSync(readFileSync(file), { level: 9 }) }
          gzipped.set(file, hit)
        }
        res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': hit.body.length })
        res.end(hit.body)
        return true
      }
    }
    res.writeHead(200, headers)
    createReadStream(file).pipe(res)
    return true
  }

  // Function calls run one at a time, in the order their requests arrived, one per turn of the event
  // loop. Run straight from the request handler, a saturated server favours some connections: at 64
  // concurrent submits a few waited over 5 s while the median was 0.3 s (README, "Benchmarks"). Our
  // storage is synchronous SQLite, so this costs no throughput.
  const waiting: (() => Promise<void>)[] = []
  let draining = false
  const drain = async () => {
    const job = waiting.shift()
    if (job) await job()
    if (waiting.length) setImmediate(drain)
    else draining = false
  }
  const inTurn = <T>(work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => Promise.resolve().then(work).then(resolve, reject)) // never rejects: the line keeps moving
      if (!draining) {
        draining = true
        setImmediate(drain)
      }
    })

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const p = url.pathname
    try {
      if (req.method === 'POST' && p.startsWith('/api/')) {
        const fn = p.slice(5)
        if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, fn)) return envelopeError(res, 404, 'NOT_FOUND', '没有这个功能')
        const openid = openidOf(req.headers.authorization)
        if (!openid) return envelopeError(res, 401, 'UNAUTHENTICATED', '请先登录')
        const body = await readBody(req)
        const reply = await inTurn(() => handle(fn as FunctionName, body, openid, deps))
        return send(res, reply.ok ? 200 : HTTP_STATUS[reply.error.code], reply)
      }
      if (req.method === 'POST' && p === '/upload') {
        const openid = openidOf(req.headers.authorization)
        if (!openid) return envelopeError(res, 401, 'UNAUTHENTICATED', '请先登录')
        const max = parseConfig(await storage.getConfig()).uploads.maxBytes
        const body = await readRaw(req, max)
        if (body === null) res.setHeader('Connection', 'close')
        const r = body === null ? ({ ok: false, message: `照片太大了，请选${Math.floor(max / 1_000_000)}MB以内的` } as const) : saveUpload(uploadsDir, body, max)
        if (!r.ok) return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: r.message, fields: { photos: r.message } } })
        return send(res, 200, { ok: true, data: { fileId: r.fileId, url: r.url } })
      }
      if (req.method === 'GET' && p.startsWith('/files/')) {
        const file = uploadPath(uploadsDir, p.slice(7))
        if (!file || !existsSync(file)) return envelopeError(res, 404, 'NOT_FOUND', '没有这张照片')
        res.writeHead(200, { 'Content-Type': MIME_OF[path.extname(file).slice(1)], 'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff' })
        return createReadStream(file).pipe(res)
      }
      if (req.method === 'GET' && p.startsWith('/c/')) {
        // A printed desk receipt's QR: the worker opens it to claim the case in their own WeChat.
        const caseNo = p.slice(3)
        const k = url.searchParams.get('k') ?? ''
        res.writeHead(302, { Location: `/#/pages/claim/index?caseNo=${encodeURIComponent(caseNo)}&claimCode=${encodeURIComponent(k)}`, 'Cache-Control': 'no-store' })
        return res.end()
      }
      if (req.method === 'GET' && p.startsWith('/q/')) {
        const code = p.slice(3)
        const link = `${opts.dev ? `http://${req.headers.host}` : ''}${p}${url.search}`
        res.writeHead(302, { Location: `/#/pages/complain/index?q=${encodeURIComponent(link)}`, 'Cache-Control': 'no-store' })
        return res.end(code)
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
          if (smsFails !== null) sms.failNext = smsFails
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
        if (e.status === 413) res.setHeader('Connection', 'close')
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
  publicBase = baseUrl
  return {
    server,
    storage,
    baseUrl,
    sites,
    async close() {
      clearInterval(timer)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      storage.close()
    },
    demoLink: sites[0] ? `${baseUrl}/q/${sites[0].code}?p=helmet` : null,
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const STATUS_TEXT: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' }
const CHANNEL_TEXT: Record<string, string> = { wechat: '微信', sms: '短信' }

/** What would have been sent as WeChat subscription messages and SMS, newest first. */
function outboxPage(rows: OutboxMessage[]): string {
  const tr = rows
    .map((m) => `<tr><td>${m.id}</td><td>${escapeHtml(m.createdAt)}</td><td>${CHANNEL_TEXT[m.channel] ?? escapeHtml(m.channel)}</td><td>${escapeHtml(m.recipient)}</td><td>${escapeHtml(m.title)}</td><td>${escapeHtml(m.body)}</td><td>${STATUS_TEXT[m.status] ?? m.status}（${m.attempts}次）</td></tr>`)
    .join('')
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>消息发件箱</title>
<style>body{font:15px/1.5 sans-serif;margin:16px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}</style>
<h1>消息发件箱（本地）</h1><p>本地运行时不发微信消息和短信，这里列出本应发送的订阅消息和短信。</p>
<table><tr><th>#</th><th>时间</th><th>渠道</th><th>接收人</th><th>标题</th><th>内容</th><th>状态</th></tr>${tr}</table></html>`
}

async function main() {
  const port = Number(process.env.PORT ?? 8080)
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data')
  const dev = process.env.NODE_ENV !== 'production'
  const h5Dir = path.resolve(__dirname, '../miniprogram/dist/h5')
  const s = await startServer({ port, dataDir, dev, h5Dir })
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
