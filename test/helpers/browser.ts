// Debian's Chromium driven by playwright-core: never a downloaded browser. Playwright gives each
// launch a fresh, empty user-data-dir of its own.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const ARTIFACTS = path.resolve(__dirname, '../artifacts')

export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  return {
    browser,
    async close() {
      await browser.close()
    },
  }
}

/** A phone-sized touch context, as a worker's cheap Android phone would be. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true })
  return path.join(ARTIFACTS, name)
}

/** Poll `read` until `ok` holds (the UI settles asynchronously); returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs
  let v = await read()
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100))
    v = await read()
  }
  return v
}

/**
 * Until the screen is still: Taro has finished sliding the current page in and the old one out (h5 moves
 * pages with timed class changes and CSS transitions), no finite CSS animation or transition is running
 * (a spinner's endless one does not count), web fonts are in and every image has loaded or failed.
 */
export async function settled(page: Page, timeout = 15000): Promise<void> {
  await page.waitForFunction(
    () => {
      const open = Array.from(document.querySelectorAll('.taro_page')).filter((p) => !p.classList.contains('taro_page_shade'))
      const pageInPlace = open.length <= 1 && open.every((p) => p.classList.contains('taro_page_stationed'))
      const moving = document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
      const imagesIn = Array.from(document.images).every((img) => img.complete)
      return pageInPlace && !moving && imagesIn && document.fonts.status === 'loaded'
    },
    undefined,
    { timeout, polling: 'raf' },
  )
}

/** Until the element's own animations and transitions, and its children's, have finished. */
export async function stopped(locator: Locator, timeout = 15000): Promise<void> {
  await locator.evaluate(
    (el, ms) =>
      new Promise<void>((resolve, reject) => {
        const end = Date.now() + ms
        const check = () => {
          const animations = el.getAnimations({ subtree: true })
          const running = animations.some((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
          if (!running) resolve()
          else if (Date.now() > end) reject(new Error('still animating'))
          else requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      }),
    timeout,
  )
}

/**
 * A private copy of a complete h5 build (every script and stylesheet index.html names is there), so that a
 * rebuild while a test file runs cannot pull scripts away from its server. The caller removes it.
 */
export async function copyOfH5Build(): Promise<string> {
  const dist = path.resolve(__dirname, '../../miniprogram/dist/h5')
  const complete = () => {
    try {
      const html = readFileSync(path.join(dist, 'index.html'), 'utf8')
      const assets = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
      return assets.length > 0 && assets.every((a) => existsSync(path.join(dist, a)))
    } catch {
      return false
    }
  }
  const copy = mkdtempSync(path.join(tmpdir(), 'xam-h5-'))
  const copied = await eventually(
    async () => {
      if (!complete()) return false
      try {
        cpSync(dist, copy, { recursive: true })
        return existsSync(path.join(copy, 'index.html'))
      } catch {
        return false
      }
    },
    (ok) => ok,
    120_000,
  )
  if (!copied) throw new Error('no complete h5 build in miniprogram/dist/h5 (run npm run build:h5)')
  return copy
}
