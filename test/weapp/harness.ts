// Runs a page of the REAL weapp build (miniprogram/dist/weapp, from `npm run build:weapp`) in
// miniprogram-simulate: j-component renders the page with the official WXML compiler (wcc) from
// miniprogram-compiler, in jsdom. What WeChat itself provides is stood in for here:
// - `App`, `Page`, `getApp`, `getCurrentPages`: Taro's app.js calls App(), each page calls Page();
//   simulate only knows custom components, so Page(options) is registered as a Component whose
//   `attached`/`ready` run the page's onLoad(query)/onShow/onReady, as WeChat would;
// - `wx.cloud.callFunction`: WeChat's servers, answered by a fake server typed by the contract
//   (shared/contract): handlers per function and action take what the page sent (`Input<F, A>`) and
//   answer an envelope of the action's reply type (`Reply<F, A>`), so a changed reply shape breaks
//   these tests at type-check time; what the page sends is also parsed by the action's own input
//   schema, and a request the real function would refuse fails the test;
// - storage, navigation, subscription messages and the network-status event, recorded for asserts.
// Each load starts from fresh modules (Taro runtime, webpack chunks, React), like a cold start.
import path from 'node:path'
import { safeParse } from 'zod/mini'
import { CONTRACT, type ActionName, type AppSettings, type FunctionName, type Input, type Reply, type Schema } from '@shared/contract'
import type { ApiError, ErrorCode } from '@shared/types'

export const DIST = path.resolve(__dirname, '../../miniprogram/dist/weapp')

/** What a function answers: the data of the action's reply type, or an error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** Answers one action: `data` is what the page sent, `n` counts this action's calls from 1. */
export type Handler<F extends FunctionName, A extends ActionName<F>> = (
  data: Input<F, A>,
  n: number,
) => Envelope<Reply<F, A>> | Promise<Envelope<Reply<F, A>>>

/** Handlers keyed by function, then action. */
export type Handlers = { [F in FunctionName]?: { [A in ActionName<F>]?: Handler<F, A> } }

/** WeChat's servers as the page sees them; made by `fakeServer`. */
export interface FakeServer {
  answer(fn: string, action: string, data: unknown): Promise<unknown>
}

export const ok = <T>(data: T): { ok: true; data: T } => ({ ok: true, data })
export const fail = (code: ErrorCode, message: string, fields?: Record<string, string>): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code, message, ...(fields ? { fields } : {}) },
})

/** The settings a fresh deployment hands out (`worker app.settings`). */
export const SETTINGS: AppSettings = {
  subscribeTemplates: [],
  maxPhotos: 6,
  maxPhotoBytes: 5_000_000,
  uploadDir: 'evidence/0123456789abcdef01234567',
  service: { authority: '保定市根治欠薪工作领导小组办公室', hotline: '12333' },
}

// Requests the contract refuses, reported after each test (the page must not send what the function refuses).
const refused: string[] = []
afterEach(() => {
  const found = refused.splice(0)
  if (found.length) throw new Error('The page sent requests the contract refuses:\n' + found.join('\n'))
})

function inputSchema(fn: string, action: string): Schema | null {
  const functions = CONTRACT as Record<string, Record<string, { input: Schema } | undefined> | undefined>
  return Object.prototype.hasOwnProperty.call(CONTRACT, fn) && Object.prototype.hasOwnProperty.call(functions[fn], action)
    ? functions[fn]![action]!.input
    : null
}

/**
 * The fake server: the first layer with a handler for `fn`/`action` answers (a test's own handlers
 * first, shared defaults after); `worker app.settings` answers SETTINGS and `worker upload.register`
 * records any photo, unless a layer does; anything
 * else is an unknown action (INTERNAL). A handler that throws is a lost request (NETWORK on the page).
 */
export function fakeServer(...layers: Handlers[]): FakeServer {
  const counts = new Map<string, number>()
  return {
    async answer(fn, action, data) {
      const schema = inputSchema(fn, action)
      if (!schema) {
        refused.push(`${fn} ${action}: not an action of the contract`)
        return fail('NOT_FOUND', '没有这个接口')
      }
      const parsed = safeParse(schema, data)
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        refused.push(`${fn} ${action} ${JSON.stringify(data)}: ${issues}`)
        return fail('VALIDATION', '请求格式不对')
      }
      const key = `${fn} ${action}`
      const n = (counts.get(key) ?? 0) + 1
      counts.set(key, n)
      for (const layer of layers) {
        const handler = (layer as Record<string, Record<string, (d: unknown, n: number) => unknown> | undefined>)[fn]?.[action]
        if (handler) return handler(data, n)
      }
      if (fn === 'worker' && action === 'app.settings') return ok(SETTINGS)
      // A photo put in cloud storage is recorded as the caller's.
      if (fn === 'worker' && action === 'upload.register') return ok({ fileId: (parsed.data as { fileId: string }).fileId })
      return fail('INTERNAL', '没有这个接口')
    },
  }
}

export interface Wrapper {
  dom: HTMLElement
  querySelector(selector: string): Wrapper | null
  querySelectorAll(selector: string): Wrapper[]
  dispatchEvent(name: string, options?: { detail?: unknown }): void
}

export interface LoadedPage {
  root: Wrapper
  /** Every wx.cloud.callFunction, in order. */
  calls: { name: string; action: string; data: any }[]
  storage: Map<string, unknown>
  redirects: string[]
  navigations: string[]
  subscribeRequests: string[][]
  /** Files sent to wx.cloud.uploadFile (cloud paths). */
  uploads: string[]
  /** What wx.previewImage was asked to show: the current image and the list. */
  previews: { current: string; urls: string[] }[]
  /** What was copied with wx.setClipboardData. */
  clipboard: string[]
  /** The titles of wx.showModal, in order (answered by `opts.modal`, else confirmed). */
  modals: string[]
  /** What the page asked of WeChat, in order: 'call:<action>', 'subscribe', 'redirect:<url>'. */
  log: string[]
  /** Fires WeChat's network-status event (connected). */
  reconnect(): void
  $(selector: string): Wrapper | null
  text(selector: string): string
  /** Types into the NutUI input inside `selector` (as WeChat's input event), then leaves it. */
  type(selector: string, value: string, blur?: boolean): Promise<void>
  tap(selector: string): Promise<void>
  /** Lets the page catch up: until its rendered tree stays the same for a few turns of the event loop. */
  settle(): Promise<void>
}

const g = global as any

/** An async wx API: callbacks when given, otherwise a promise (as WeChat's base library does). */
function callbackApi(impl: (opts: any) => unknown) {
  return (opts: any = {}): Promise<unknown> | void => {
    if (!opts.success && !opts.fail && !opts.complete) {
      return Promise.resolve()
        .then(() => impl(opts))
        .then((res) => ({ errMsg: 'ok', ...(res as object) }))
    }
    Promise.resolve()
      .then(() => impl(opts))
      .then(
        (res) => {
          const r = { errMsg: 'ok', ...(res as object) }
          opts.success?.(r)
          opts.complete?.(r)
        },
        (err) => {
          opts.fail?.(err)
          opts.complete?.(err)
        },
      )
  }
}

export async function loadPage(
  route: string,
  query: Record<string, string>,
  server: FakeServer,
  opts: {
    storage?: Map<string, unknown>
    subscribe?: (tmplIds: string[]) => Record<string, string>
    /** What the camera/album returns to wx.chooseMedia. */
    media?: { tempFilePath: string; size: number; fileType?: string }[]
    /** The answer to wx.showModal with this title: true confirms (the default), false cancels. */
    modal?: (title: string) => boolean
  } = {},
): Promise<LoadedPage> {
  jest.resetModules()
  const simulate = require('miniprogram-simulate')

  const page: LoadedPage = {
    root: null as unknown as Wrapper,
    calls: [],
    storage: opts.storage ?? new Map(),
    redirects: [],
    navigations: [],
    subscribeRequests: [],
    uploads: [],
    previews: [],
    clipboard: [],
    modals: [],
    log: [],
    reconnect: () => undefined,
    $: (s) => page.root.querySelector(s) ?? null,
    text: (s) => (page.root.querySelector(s)?.dom.textContent ?? '').trim(),
    async type(selector, value, blur = true) {
      const input =
        page.root.querySelector(`${selector} .nut-input-native`) ?? page.root.querySelector(`${selector} .nut-textarea-textarea`)
      if (!input) throw new Error(`no input in ${selector}`)
      input.dispatchEvent('focus', { detail: { value } })
      input.dispatchEvent('input', { detail: { value, cursor: value.length } })
      await page.settle()
      if (blur) {
        input.dispatchEvent('blur', { detail: { value } })
        await page.settle()
      }
    },
    async tap(selector) {
      const el = page.root.querySelector(selector)
      if (!el) throw new Error(`nothing to tap at ${selector}`)
      el.dispatchEvent('tap')
      await page.settle()
    },
    settle: () => quiet(() => page.root?.dom),
  }

  // WeChat's app and page constructors.
  let app: any = null
  const pages: any[] = []
  g.App = (o: any) => {
    app = o
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  g.Page = (options: any) => {
    const methods: Record<string, unknown> = {}
    for (const k of Object.keys(options)) if (typeof options[k] === 'function') methods[k] = options[k]
    g.Component({
      data: options.data,
      methods,
      lifetimes: {
        attached(this: any) {
          pages.push(this)
          this.route = route
          this.__route__ = route
          this.options = query
          this.onLoad?.(query)
        },
        ready(this: any) {
          this.onShow?.()
          this.onReady?.()
        },
        detached(this: any) {
          this.onUnload?.()
        },
      },
    })
  }

  // The WeChat APIs the worker pages use.
  const wx = g.wx
  delete wx.webpackJsonp
  let networkListener: ((res: { isConnected: boolean; networkType: string }) => void) | null = null
  page.reconnect = () => networkListener?.({ isConnected: true, networkType: '4g' })
  Object.assign(wx, {
    cloud: {
      init() {},
      async callFunction(req: { name: string; data: { action: string; data: any } }) {
        page.calls.push({ name: req.name, action: req.data.action, data: req.data.data })
        page.log.push('call:' + req.data.action)
        return { result: await server.answer(req.name, req.data.action, req.data.data) }
      },
      async uploadFile(req: { cloudPath: string; filePath: string }) {
        page.uploads.push(req.cloudPath)
        return { fileID: `cloud://env-1/${req.cloudPath}` }
      },
    },
    getStorageSync: (key: string) => (page.storage.has(key) ? JSON.parse(JSON.stringify(page.storage.get(key))) : ''),
    setStorageSync: (key: string, value: unknown) => void page.storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => void page.storage.delete(key),
    redirectTo: callbackApi((o) => {
      page.redirects.push(o.url)
      page.log.push('redirect:' + o.url)
    }),
    navigateTo: callbackApi((o) => void page.navigations.push(o.url)),
    switchTab: callbackApi((o) => void page.navigations.push(o.url)),
    requestSubscribeMessage: (o: any) => {
      // Recorded at the call (the dialog's answer comes later).
      page.subscribeRequests.push(o.tmplIds)
      page.log.push('subscribe')
      callbackApi(() => (opts.subscribe ? opts.subscribe(o.tmplIds) : Object.fromEntries(o.tmplIds.map((t: string) => [t, 'accept']))))(o)
    },
    onNetworkStatusChange: (cb: typeof networkListener) => {
      networkListener = cb
    },
    offNetworkStatusChange: () => {
      networkListener = null
    },
    // No layout here: every measured node is a zero box (NutUI's Rate measures its stars).
    createSelectorQuery: () => {
      const results: unknown[] = []
      const rect = { id: '', dataset: {}, left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 }
      const nodes = (many: boolean) => {
        const ref = {
          boundingClientRect: (cb?: (r: unknown) => void) => {
            results.push(many ? [] : rect)
            cb?.(many ? [] : rect)
            return query
          },
          fields: (_f: unknown, cb?: (r: unknown) => void) => ref.boundingClientRect(cb),
          scrollOffset: (cb?: (r: unknown) => void) => ref.boundingClientRect(cb),
          node: (cb?: (r: unknown) => void) => ref.boundingClientRect(cb),
        }
        return ref
      }
      const query: any = {
        in: () => query,
        select: () => nodes(false),
        selectAll: () => nodes(true),
        selectViewport: () => nodes(false),
        exec: (cb?: (r: unknown[]) => void) => setTimeout(() => cb?.(results), 0),
      }
      return query
    },
    chooseMedia: callbackApi((o) => ({
      type: 'image',
      tempFiles: (opts.media ?? []).slice(0, o.count).map((f) => ({ fileType: 'image', ...f })),
    })),
    pageScrollTo: callbackApi(() => ({})),
    showToast: callbackApi(() => ({})),
    previewImage: callbackApi((o) => void page.previews.push({ current: o.current, urls: o.urls })),
    setClipboardData: callbackApi((o) => void page.clipboard.push(o.data)),
    showModal: callbackApi((o) => {
      page.modals.push(o.title)
      const confirm = opts.modal ? opts.modal(o.title) : true
      return { confirm, cancel: !confirm }
    }),
  })

  // Cold start: app.js loads the shared chunks (common, vendors, taro, runtime) and calls App().
  require(path.join(DIST, 'app.js'))
  if (!app) throw new Error('app.js did not call App()')
  app.onLaunch?.({ path: route, query, scene: 1011 })
  app.onShow?.({ path: route, query, scene: 1011 })

  const id = simulate.load(path.join(DIST, route), { rootPath: DIST })
  const comp = simulate.render(id)
  comp.attach(document.createElement('parent-wrapper'))
  page.root = comp
  await page.settle()
  return page
}

/**
 * Resolves once the rendered tree has not changed for three turns of the event loop in a row (React commits
 * and Taro's setData land over a few turns): waits for the page, not for a fixed time. Gives up after 500
 * turns, as a page that never stops changing is for the test's own checks to catch.
 */
async function quiet(dom: () => HTMLElement | undefined): Promise<void> {
  let last: string | undefined
  let same = 0
  for (let turn = 0; turn < 500 && same < 3; turn++) {
    await new Promise((r) => setTimeout(r, 0))
    const now = dom()?.innerHTML
    same = now === last ? same + 1 : 0
    last = now
  }
}

/** Polls until `check` passes (the page updates asynchronously through setData). */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the page')
    await new Promise((r) => setTimeout(r, 20))
  }
}
