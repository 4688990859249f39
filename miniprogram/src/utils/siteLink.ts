// Reads the site code and placement from what opened the complaint page.
import { normalizeSiteCode } from '@shared/validators/siteCode'

export interface SiteEntry {
  code: string
  placement: string
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function queryValue(query: string, name: string): string {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=')
    if (eq > 0 && pair.slice(0, eq) === name) return safeDecode(pair.slice(eq + 1))
  }
  return ''
}

/**
 * Parses a sticker link such as 'https://host/q/AB3XK7M?p=helmet', possibly URL-encoded
 * one or more times (WeChat passes it encoded as the `q` parameter).
 */
export function parseSiteLink(raw: string): SiteEntry | null {
  let s = raw.trim()
  for (let i = 0; i < 4 && s.indexOf('/q/') < 0 && /%[0-9a-fA-F]{2}/.test(s); i++) {
    s = safeDecode(s)
  }
  const at = s.indexOf('/q/')
  if (at < 0) return null
  const rest = s.slice(at + 3)
  const pathEnd = rest.search(/[/?#&]/)
  const code = normalizeSiteCode(safeDecode(pathEnd < 0 ? rest : rest.slice(0, pathEnd)))
  if (!code) return null
  const qAt = rest.indexOf('?')
  const query = qAt >= 0 ? rest.slice(qAt + 1).split('#')[0] : ''
  return { code, placement: queryValue(query, 'p') }
}

/** From page params: `q` (a sticker link) or `code` (+ `p`). */
export function siteEntryFromParams(params: Record<string, string | undefined>): SiteEntry | null {
  if (params.q) {
    const fromLink = parseSiteLink(params.q)
    if (fromLink) return fromLink
  }
  if (params.code) {
    const code = normalizeSiteCode(safeDecode(params.code))
    if (code) return { code, placement: params.p ? safeDecode(params.p) : '' }
  }
  return null
}
