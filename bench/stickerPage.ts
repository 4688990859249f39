// The h5 sticker page on a slow phone network: from opening `/q/<code>` to a usable form, in Debian's
// Chromium with the network emulated over CDP (Slow 4G: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
// "Usable": the site's name is on screen and the name field takes typing, measured in the page
// (performance.now(), from the start of the navigation). Each run is a fresh browser context: empty cache,
// no stored identity, as a worker scanning a sticker for the first time.
//
// bench/run.ts calls measureStickerPage(); `npx tsx bench/stickerPage.ts` runs it alone against a local
// server of its own (demo data, the current h5 build in miniprogram/dist/h5).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface NetworkProfile {
  name: string
  latencyMs: number
  downKbps: number
  upKbps: number
}

export const SLOW_4G: NetworkProfile = {
  name: 'Slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up)',
  latencyMs: 150,
  downKbps: 1600,
  upKbps: 750,
}

export interface StickerPageResult {
  profile: string
  /** The first (cold) run's time to a usable form, ms. */
  usableMs: number
  /** Every run's, in order. */
  runsMs: number[]
  medianMs: number
  /** Bytes over the wire and requests of the first run, up to the usable form. */
  transferredBytes: number
  requests: number
  /** What went over the wire before the form was usable (first run): path and encoded bytes. */
  requestList: { url: string; bytes: number }[]
  /** The status the sticker link answered with (200, no redirect). */
  status: number | null
}

export interface StickerPageOptions {
  /** The server, e.g. http://127.0.0.1:8080 */
  baseUrl: string
  /** A site code that exists there. */
  code: string
  runs?: number
  profile?: NetworkProfile
  chromiumPath?: string
}

/** In the page: performance.now() once the site's name shows and the name field takes typing, else 0. */
const USABLE = `(() => {
  const live = document.querySelector('.taro_page:not(.taro_page_shade)')
  const name = live && live.querySelector('.xam-site-name')
  const input = live && live.querySelector('.xam-field-name input')
  const shown = (el) => !!el && el.offsetParent !== null && el.getBoundingClientRect().height > 0
  return shown(name) && name.textContent.trim() !== '' && shown(input) && !input.disabled ? performance.now() : 0
})()`

export async function measureStickerPage(opts: StickerPageOptions): Promise<StickerPageResult> {
  const { chromium } = await import('playwright-core')
  const profile = opts.profile ?? SLOW_4G
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const runsMs: number[] = []
  let first: Pick<StickerPageResult, 'transferredBytes' | 'requests' | 'requestList' | 'status'> | null = null
  try {
    for (let i = 0; i < (opts.runs ?? 3); i++) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      const urls = new Map<string, string>()
      const list: { url: string; bytes: number }[] = []
      let usable = false
      cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url))
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
        const url = urls.get(e.requestId) ?? ''
        if (!usable && !url.startsWith('data:')) list.push({ url: new URL(url || 'about:blank').pathname, bytes: e.encodedDataLength })
      })
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: profile.latencyMs,
        downloadThroughput: (profile.downKbps * 1000) / 8,
        uploadThroughput: (profile.upKbps * 1000) / 8,
      })
      const response = await page.goto(`${opts.baseUrl}/q/${opts.code}?p=helmet`, { waitUntil: 'commit' })
      // As a string: the page runs it as written (no helpers of this file's compiler).
      const ms = await page.waitForFunction(USABLE, undefined, { timeout: 120_000, polling: 'raf' })
      usable = true
      runsMs.push(Math.round(Number(await ms.jsonValue())))
      if (!first) {
        first = {
          transferredBytes: list.reduce((n, r) => n + r.bytes, 0),
          requests: list.length,
          requestList: list,
          status: response ? response.status() : null,
        }
      }
      await context.close()
    }
  } finally {
    await browser.close()
  }
  const sorted = [...runsMs].sort((a, b) => a - b)
  return {
    profile: profile.name,
    usableMs: runsMs[0],
    runsMs,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    ...first!,
  }
}

async function main() {
  const { startServer } = await import('../scripts/server')
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-sticker-'))
  const srv = await startServer({
    port: 0,
    dataDir: dir,
    dev: true,
    quiet: true,
    h5Dir: process.env.H5_DIR ?? path.resolve(__dirname, '../miniprogram/dist/h5'),
  })
  try {
    const code = srv.sites[0]?.code
    if (!code) throw new Error('no demo site')
    const r = await measureStickerPage({ baseUrl: srv.baseUrl, code, runs: Number(process.env.RUNS ?? 3) })
    console.log(JSON.stringify(r, null, 2))
  } finally {
    await srv.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
