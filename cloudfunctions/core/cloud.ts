// The CloudBase entry: identity from the platform, ports set up lazily after validation.
//
// Who calls: the WeChat OPENID of the invocation context (the mini-program's wx.cloud.callFunction), else
// a session token the functions issued (a browser: `Authorization: Bearer` through the HTTP access
// service, or `token` in a callFunction event), else nobody, whom only public actions answer. The
// `userInfo` in an event is never trusted: any caller can write it.
//
// Nothing here loads @cloudbase/node-sdk until a request has passed validation (app.ts `handleWith()` asks
// for the ports only then): a malformed call never initialises the SDK (test/functions/bundles.test.ts).
import { randomBytes } from 'node:crypto'
import { handleWith } from './app'
import type { ActionTable } from './actions/types'
import type { Caller, Deps } from './context'
import { verifySession } from './auth/session'
import { cloudStickerPage } from './scanPage'
import { bodyOf, clientAddressOf, httpError, httpReply, isHttpEvent, pageRedirect, tokenOf, type HttpReply } from './httpAccess'
import { COUNTRY_AREA } from '../../shared/configScope'
import { checkedPublicBaseUrl } from '../../shared/publicBaseUrl'
import { effectiveOf } from './areaConfig'
import { CloudbaseStorage } from './storage/cloudbase'
import { withCatalogCache } from './catalogCache'
import type { DocDb } from './storage/docDb'
import { WeChatNotifier, type OpenApiClient } from './subscribeMessage'
import { CloudPhoneNumbers } from './wechatPhone'
import { CloudFileLinks, type TempUrlApi } from './fileLinks'
import { credentialFromEnv, tencentSmsClient, TencentSms } from './sms/tencent'

interface CloudEvent {
  action?: unknown
  data?: unknown
  /** Put there by wx.cloud (or by anyone who calls the function): never read. */
  userInfo?: unknown
  /** A session token, for a caller without a WeChat context that calls the function directly. */
  token?: unknown
}

/**
 * The function's environment as CloudBase passes it in the invocation context: `environment` (a JSON
 * string, current runtime) or `environ` ("K=V;K=V", older runtime). This reads the same sources as
 * node-sdk's getCloudbaseContext(context) (compared in test/unit/cloudIdentity.test.ts) without loading
 * the SDK before validation.
 */
export function contextEnvironment(context: unknown): Record<string, unknown> {
  if (!context || typeof context !== 'object') return {}
  const c = context as { environment?: unknown; environ?: unknown }
  if (typeof c.environment === 'string' && c.environment) {
    try {
      const env = JSON.parse(c.environment)
      return env && typeof env === 'object' && !Array.isArray(env) ? env : {}
    } catch {
      return {}
    }
  }
  if (typeof c.environ === 'string') {
    const env: Record<string, unknown> = {}
    for (const part of c.environ.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0) env[part.slice(0, eq)] = part.slice(eq + 1)
    }
    return env
  }
  return {}
}

const openidValue = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/**
 * WeChat OPENID of the caller as the platform gives it: WX_OPENID of the CloudBase context (what
 * getCloudbaseContext(context) gives), else of the process environment (older runtimes put it there).
 * Never the event's `userInfo`: the caller writes the event.
 */
export function openidFrom(_event: unknown, context?: unknown): string | null {
  return openidValue(contextEnvironment(context).WX_OPENID) ?? openidValue(process.env.WX_OPENID)
}

/**
 * The caller of a callFunction event: the platform's WeChat user, else the session of a valid `token`
 * (checked with SESSION_SECRET), else nobody.
 */
export function callerFrom(event: unknown, context: unknown, now: Date = new Date(), secret = process.env.SESSION_SECRET): Caller {
  const env = contextEnvironment(context)
  const address = openidValue(env.WX_CLIENTIP) ?? openidValue(process.env.WX_CLIENTIP)
  const openid = openidFrom(event, context)
  if (openid) return { openid, via: 'wechat', address }
  const token = event && typeof event === 'object' ? (event as CloudEvent).token : undefined
  const session = verifySession(secret, token, now)
  return session ? { openid: session.sub, via: session.method, phone: session.phone, address } : { openid: null, address }
}

/** The request without what the platform or the transport adds, so the envelope stays strict. */
function requestOf(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event
  const { userInfo: _ignored, token: _token, ...rest } = event as CloudEvent
  return rest
}

/** The cloud SDK's app, loaded and initialised on first use only. */
function cloudApp() {
  // A plain require, kept out of the bundle (esbuild marks the SDK external) and out of module load.
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk')
  return tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
}

/**
 * The production ports: CloudBase database, real time, crypto randomness, WeChat subscription messages,
 * Tencent Cloud SMS (the function role's keys from the environment; the SDK loads on the first SMS).
 */
export async function cloudDeps(): Promise<Deps> {
  const app = cloudApp()
  const db: DocDb = app.database()
  // Departments, rules and configuration are read through a cache of this container (catalogCache.ts).
  const storage = withCatalogCache(new CloudbaseStorage(db))
  // The deployment's settings (messages, SMS): the country level, re-read by the senders as they need.
  const deployment = async () => effectiveOf(COUNTRY_AREA, await storage.getAreaConfigs([COUNTRY_AREA]))
  const openApi: OpenApiClient = {
    call: async (apiName, requestData) => (await app.callWxOpenApi({ apiName, requestData })).result,
  }
  return {
    storage,
    clock: { now: () => new Date() },
    random: (bytes) => randomBytes(bytes),
    notifier: new WeChatNotifier(openApi, async () => (await deployment()).notifications),
    phoneNumbers: new CloudPhoneNumbers(openApi),
    sms: new TencentSms(
      tencentSmsClient(() => credentialFromEnv(process.env)),
      async () => (await deployment()).sms,
    ),
    publicBaseUrl: publicBaseUrlFromEnv(process.env),
    files: new CloudFileLinks(app as unknown as TempUrlApi),
    sessionSecret: process.env.SESSION_SECRET,
    log: (msg, err) => console.error(msg, err),
  }
}

/**
 * The public link prefix of the deployment: PUBLIC_BASE_URL of the function's environment (cloudbaserc.json
 * passes it from the deployer's .env), https only. Without it, or with anything else, the functions refuse
 * to run rather than print links to the wrong place.
 */
export function publicBaseUrlFromEnv(env: Record<string, string | undefined>): string {
  const url = env.PUBLIC_BASE_URL
  if (!url) throw new Error('PUBLIC_BASE_URL is not set: the https address of this deployment (README, "Going live on CloudBase")')
  return checkedPublicBaseUrl(url, { allowLoopbackHttp: false })
}

let depsPromise: Promise<Deps> | null = null

/** One set of ports per warm container (no state of ours in it: every call reads the database). */
export function sharedCloudDeps(): Promise<Deps> {
  depsPromise ??= cloudDeps().catch((e) => {
    depsPromise = null
    throw e
  })
  return depsPromise
}

/**
 * A call through the HTTP access service: POST /api/<fn> with the envelope as JSON body and the session
 * token in the Authorization header, answered with the envelope and its HTTP status. The worker function
 * also answers GET /q/<code> and /c/<caseNo> (the links on stickers and receipts) with a redirect into the page.
 */
async function httpMain(
  fn: string,
  actions: ActionTable,
  event: Parameters<typeof tokenOf>[0],
  deps: () => Promise<Deps>,
): Promise<HttpReply> {
  const method = event.httpMethod.toUpperCase()
  if (method === 'GET' && fn === 'worker') {
    // A sticker's link: the page itself with the site inlined (core/scanPage.ts), else the redirect.
    const address = clientAddressOf(event)
    const page = await cloudStickerPage(event.path, process.env.PUBLIC_BASE_URL, (action, data) =>
      handleWith(fn, actions, { action, data }, { openid: null, address }, deps),
    )
    if (page) {
      return {
        statusCode: page.status,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        body: page.html,
        isBase64Encoded: false,
      }
    }
    const redirect = pageRedirect(event)
    if (redirect) return redirect
  }
  if (method !== 'POST') return httpError(404, 'NOT_FOUND', '没有这个页面')
  const body = bodyOf(event)
  if (!body.ok) return httpError(400, 'VALIDATION', '请求格式不对')
  const session = verifySession(process.env.SESSION_SECRET, tokenOf(event), new Date())
  const address = clientAddressOf(event)
  const caller: Caller = session ? { openid: session.sub, via: session.method, phone: session.phone, address } : { openid: null, address }
  return httpReply(await handleWith(fn, actions, body.value, caller, deps))
}

/** The entry of one deployed function: `actions` is its own table, so the bundle carries no other function's code. */
export function cloudMain(fn: string, actions: ActionTable) {
  return async (event: unknown, context?: unknown) =>
    isHttpEvent(event)
      ? httpMain(fn, actions, event, sharedCloudDeps)
      : handleWith(fn, actions, requestOf(event), callerFrom(event, context), sharedCloudDeps)
}
