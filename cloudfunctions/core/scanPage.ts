// The page a sticker link (`/q/<code>`) is answered with, on the local server (scripts/server.ts) and on
// CloudBase (the worker function behind the HTTP access service): the h5 app's own index.html, not a
// redirect, with
// - the site's details and the public settings inlined as JSON (<script id="xam-boot">, read by
//   miniprogram/src/utils/boot.ts), so the form shows without a request and without an identity;
// - the complaint page's script and style files preloaded (page-chunks.json of the h5 build), so they come
//   down alongside the app's instead of after it has started;
// - a line that opens the complaint page: the app routes by the hash, which the link does not have.
// An unknown code inlines nothing and answers 404: the page then says in Chinese that the code was not
// found and offers the form without a site.
import type { AppSettings, SiteInfo } from '../../shared/contract'
import { normalizeSiteCode } from '../../shared/validators/siteCode'

export interface StickerBoot {
  site: SiteInfo
  settings: Omit<AppSettings, 'uploadDir'> | null
}

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string } }

const COMPLAIN_ROUTE = 'pages/complain/index'

/** What every browser may know of the settings (the cloud folder is a WeChat user's own). */
export function publicSettings(s: AppSettings): Omit<AppSettings, 'uploadDir'> {
  const open: Partial<AppSettings> = { ...s }
  delete open.uploadDir
  return open as Omit<AppSettings, 'uploadDir'>
}

/**
 * What to inline for the code in a sticker link's path (still URL-encoded), asked of the worker function
 * as the page would ask it (`call`): the site and its area's settings, or null; `found` false for a code
 * that is malformed, unknown or retired (a failure to ask is not "not found": the page asks again itself).
 */
export async function stickerBoot(
  rawCode: string,
  call: (action: 'site.lookup' | 'app.settings', data: object) => Promise<Envelope>,
): Promise<{ found: boolean; boot: StickerBoot | null }> {
  let code = ''
  try {
    code = normalizeSiteCode(decodeURIComponent(rawCode))
  } catch {
    // Not a code at all.
  }
  if (!code) return { found: false, boot: null }
  const site = await call('site.lookup', { code })
  if (!site.ok) return { found: site.error.code !== 'NOT_FOUND' && site.error.code !== 'VALIDATION', boot: null }
  const info = site.data as SiteInfo
  const settings = await call('app.settings', { areaCode: info.areaCode })
  return { found: true, boot: { site: info, settings: settings.ok ? publicSettings(settings.data as AppSettings) : null } }
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
}

/** The complaint page's files as `<link rel=preload>` tags, from page-chunks.json ('' without it). */
function preloads(pageChunks: string | null): string {
  if (!pageChunks) return ''
  let page: { js?: string[]; css?: string[] } | undefined
  try {
    page = (JSON.parse(pageChunks) as Record<string, { js?: string[]; css?: string[] } | undefined>)[COMPLAIN_ROUTE]
  } catch {
    return ''
  }
  if (!page) return ''
  const href = (f: string) => '/' + String(f).replace(/^\/+/, '').replace(/["<>]/g, '')
  return [
    ...(page.css ?? []).map((f) => `<link rel="preload" as="style" href="${href(f)}">`),
    ...(page.js ?? []).map((f) => `<link rel="preload" as="script" href="${href(f)}">`),
  ].join('')
}

/** The h5 build's index.html made into the page for a sticker link. */
export function stickerPageHtml(indexHtml: string, pageChunks: string | null, boot: StickerBoot | null): string {
  const open =
    '<script>if(!location.hash)history.replaceState(null,"","/#/' +
    COMPLAIN_ROUTE +
    '?q="+encodeURIComponent(location.pathname+location.search))</script>'
  const data = boot ? `<script id="xam-boot" type="application/json">${scriptJson(boot)}</script>` : ''
  const head = data + open + preloads(pageChunks)
  // Early in <head> (after the charset, else at its start): before the app's scripts and whatever else it holds.
  const m = /<meta charset[^>]*>/i.exec(indexHtml) || /<head[^>]*>/i.exec(indexHtml)
  if (!m) return head + indexHtml
  const end = m.index + m[0].length
  return indexHtml.slice(0, end) + head + indexHtml.slice(end)
}

/** The h5 build's files as the public domain serves them (static hosting), kept a while per instance. */
let h5: { at: number; index: string | null; chunks: string | null } | null = null
const H5_KEEP_MS = 5 * 60 * 1000
const H5_RETRY_MS = 30 * 1000

async function h5Files(base: string): Promise<{ index: string | null; chunks: string | null }> {
  const now = Date.now()
  if (h5 && now - h5.at < (h5.index ? H5_KEEP_MS : H5_RETRY_MS)) return h5
  const get = async (name: string): Promise<string | null> => {
    try {
      const res = await fetch(`${base}/${name}`, { signal: AbortSignal.timeout(2000) })
      return res.ok ? await res.text() : null
    } catch {
      return null
    }
  }
  const [index, chunks] = await Promise.all([get('index.html'), get('page-chunks.json')])
  // Only the app's own page (a misrouted domain could answer anything).
  h5 = { at: now, index: index && index.includes('<div id="app">') ? index : null, chunks }
  return h5
}

/** Forget the kept h5 files (tests). */
export function forgetH5Files(): void {
  h5 = null
}

/**
 * On CloudBase (the worker function answers /q/ through the HTTP access service): the sticker page made
 * from the h5 build on the public domain's static hosting (`base`, PUBLIC_BASE_URL), or null when that
 * page cannot be had now (the caller then redirects into the page, as before).
 */
export async function cloudStickerPage(
  path: string,
  base: string | undefined,
  call: (action: 'site.lookup' | 'app.settings', data: object) => Promise<Envelope>,
): Promise<{ status: number; html: string } | null> {
  const m = /^\/q\/([^/]{1,64})\/?$/.exec(path)
  if (!m || !base) return null
  const files = await h5Files(base.replace(/\/+$/, ''))
  if (!files.index) return null
  const { found, boot } = await stickerBoot(m[1], call)
  return { status: found ? 200 : 404, html: stickerPageHtml(files.index, files.chunks, boot) }
}
