// Calls the staff pages share, with graceful fallbacks for actions a deployment may not have yet.
import { callApi, isApiCallError } from '../../api'
import type { Me } from '../../api/staff'
import type { DeptItem, TemplateItem } from './types'

/** The server does not know this action (an older deployment): `VALIDATION` on the field `action`. */
export function isUnsupported(e: unknown): boolean {
  return isApiCallError(e) && e.code === 'VALIDATION' && !!e.fields && !!e.fields.action
}

let meCache: Promise<Me> | null = null

/** Who is signed in; kept for the session (`fresh` asks again, e.g. after joining). */
export function getMe(fresh = false): Promise<Me> {
  if (fresh || !meCache) {
    meCache = callApi('staff', 'me', {})
    meCache.catch(() => {
      meCache = null
    })
  }
  return meCache
}

interface Items<T> {
  items: T[]
}

/** Active departments (staff `dept.list`). */
export async function listDepts(): Promise<DeptItem[]> {
  return itemsOf(await callApi('staff', 'dept.list', {}))
}

/** Reply templates of the caller's area; an empty list when the server cannot give them. */
export async function listTemplates(): Promise<TemplateItem[]> {
  try {
    return itemsOf(await callApi('staff', 'template.list', {}))
  } catch {
    return []
  }
}

/** `items` of a list reply, whether the server wraps it or not. */
export function itemsOf<T>(r: Items<T> | T[] | null | undefined): T[] {
  if (!r) return []
  return Array.isArray(r) ? r : r.items || []
}
