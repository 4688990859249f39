// Reads the site code and placement from what opened the complaint page: a sticker link (`q`), a
// mini-program code (`scene` = '<code>_<placement initial>') or a shared card / manual entry (`code`, `p`).
import { PLACEMENTS } from '@shared/types'
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

/** A placement the server knows ('helmet', …), or '' (an unknown one would be refused). */
export function knownPlacement(p: string): string {
  const v = p.trim().toLowerCase()
  return (PLACEMENTS as readonly string[]).indexOf(v) >= 0 ? v : ''
}

/** Placement initials used in a mini-program code's scene (32 characters at most). */
const PLACEMENT_BY_INITIAL: Record<string, string> = {}
for (const p of PLACEMENTS) PLACEMENT_BY_INITIAL[p.charAt(0)] = p

/** 'F8KCC7G_h' (possibly URL-encoded) → { code: 'F8KCC7G', placement: 'helmet' }. */
export function parseScene(raw: string): SiteEntry | null {
  let s = raw.trim()
  for (let i = 0; i < 3 && /%[0-9a-fA-F]{2}/.test(s); i++) s = safeDecode(s)
  const m = /^([^_]+)(?:_([a-zA-Z]))?$/.exec(s)
  if (!m) return null
  const code = normalizeSiteCode(m[1] || '')
  if (!code) return null
  return { code, placement: m[2] ? PLACEMENT_BY_INITIAL[m[2].toLowerCase()] || '' : '' }
}

/** The scene for a site's mini-program code: '<code>_<placement initial>'. */
export function sceneFor(code: string, placement: string): string {
  const p = knownPlacement(placement)
  return p ? `${code}_${p.charAt(0)}` : code
}

/** From page params: `q` (a sticker link), `scene` (a mini-program code) or `code` (+ `p`). */
export function siteEntryFromParams(params: Record<string, string | undefined>): SiteEntry | null {
  let entry: SiteEntry | null = null
  if (params.q) entry = parseSiteLink(params.q)
  if (!entry && params.scene) entry = parseScene(params.scene)
  if (!entry && params.code) {
    const code = normalizeSiteCode(safeDecode(params.code))
    if (code) entry = { code, placement: params.p ? safeDecode(params.p) : '' }
  }
  return entry ? { code: entry.code, placement: knownPlacement(entry.placement) } : null
}

/**
 * A desk receipt's QR link 'https://host/c/<caseNo>?k=<claimCode>' (possibly URL-encoded, as WeChat
 * passes it in `q`) → its case number and claim code; null for anything else.
 */
export function parseClaimLink(raw: string): { caseNo: string; claimCode: string } | null {
  let s = raw.trim()
  for (let i = 0; i < 4 && s.indexOf('/c/') < 0 && /%[0-9a-fA-F]{2}/.test(s); i++) s = safeDecode(s)
  const at = s.indexOf('/c/')
  if (at < 0) return null
  const rest = s.slice(at + 3)
  const pathEnd = rest.search(/[/?#&]/)
  const caseNo = safeDecode(pathEnd < 0 ? rest : rest.slice(0, pathEnd)).trim()
  const qAt = rest.indexOf('?')
  const claimCode = qAt >= 0 ? queryValue(rest.slice(qAt + 1).split('#')[0] || '', 'k') : ''
  return caseNo ? { caseNo, claimCode } : null
}
