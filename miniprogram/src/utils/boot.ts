// What the server put into the page it answered a sticker link with (`/q/<code>`, scripts/server.ts): the
// site's details and the public settings, as JSON in <script id="xam-boot">, so the form shows without a
// request and without an identity. Read once; only for the code it was made for. Never in WeChat.
import type { AppSettings, SiteInfo } from '@shared/contract'

export interface Boot {
  site?: SiteInfo
  settings?: Omit<AppSettings, 'uploadDir'>
}

let boot: Boot | null | undefined

function read(): Boot | null {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return null
  const el = document.getElementById('xam-boot')
  if (!el || !el.textContent) return null
  try {
    const v = JSON.parse(el.textContent) as Boot
    return v && typeof v === 'object' ? v : null
  } catch {
    return null
  }
}

export function bootData(): Boot | null {
  if (boot === undefined) boot = read()
  return boot
}

/** The inlined details of the site with this code, if the page came with them. */
export function bootSite(code: string): SiteInfo | null {
  const b = bootData()
  return b && b.site && code && b.site.code === code ? b.site : null
}
