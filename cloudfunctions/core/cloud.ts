// The CloudBase entry: identity from the platform, ports set up lazily after validation.
//
// Nothing here loads @cloudbase/node-sdk until a request has passed validation (app.ts `handleWith()` asks
// for the ports only then): a malformed call never initialises the SDK (test/functions/bundles.test.ts).
import { randomBytes } from 'node:crypto'
import { handleWith } from './app'
import type { ActionTable } from './actions/types'
import type { Deps } from './context'
import { parseConfig } from '../../shared/config'
import { CloudbaseStorage } from './storage/cloudbase'
import type { DocDb } from './storage/docDb'
import { WeChatNotifier, type OpenApiClient } from './subscribeMessage'
import { CloudFileLinks, type TempUrlApi } from './fileLinks'
import { credentialFromEnv, tencentSmsClient, TencentSms } from './sms/tencent'

interface CloudEvent {
  action?: unknown
  data?: unknown
  /** Injected by WeChat cloud when the mini-program calls the function. */
  userInfo?: { openId?: string; appId?: string }
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
 * OPENID of the caller: WX_OPENID of the CloudBase context (what getCloudbaseContext(context) gives),
 * else the userInfo WeChat injects into the event, else WX_OPENID of the process environment.
 */
export function openidFrom(event: unknown, context?: unknown): string | null {
  const fromContext = openidValue(contextEnvironment(context).WX_OPENID)
  if (fromContext) return fromContext
  const e = (event ?? {}) as CloudEvent
  const fromEvent = e.userInfo && typeof e.userInfo === 'object' ? openidValue(e.userInfo.openId) : null
  return fromEvent ?? openidValue(process.env.WX_OPENID)
}

/** The request without what the platform injects, so the envelope stays strict. */
function requestOf(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event
  const { userInfo: _ignored, ...rest } = event as CloudEvent
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
  const storage = new CloudbaseStorage(db)
  const openApi: OpenApiClient = {
    call: async (apiName, requestData) => (await app.callWxOpenApi({ apiName, requestData })).result,
  }
  return {
    storage,
    clock: { now: () => new Date() },
    random: (bytes) => randomBytes(bytes),
    notifier: new WeChatNotifier(openApi, async () => parseConfig(await storage.getConfig()).notifications),
    sms: new TencentSms(tencentSmsClient(() => credentialFromEnv(process.env)), async () => parseConfig(await storage.getConfig()).sms),
    files: new CloudFileLinks(app as unknown as TempUrlApi),
    log: (msg, err) => console.error(msg, err),
  }
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

/** The entry of one deployed function: `actions` is its own table, so the bundle carries no other function's code. */
export function cloudMain(fn: string, actions: ActionTable) {
  return async (event: unknown, context?: unknown) => handleWith(fn, actions, requestOf(event), openidFrom(event, context), sharedCloudDeps)
}
