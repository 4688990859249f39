// The area picker's choices. The pages carry no area tree (120 KB that only the form without a sticker
// needs): they come from the server as the worker picks (worker `area.choices`, 1–5 KB a province), kept
// in memory and in storage, so a second time needs no signal.
import Taro from '@tarojs/taro'
import type { AreaChoice } from '@shared/contract'
import { callApi } from '../api'

export type { AreaChoice }

const STORAGE_PREFIX = 'xam.areas.'
const loaded = new Map<string, Promise<AreaChoice[]>>()

function stored(key: string): AreaChoice[] | null {
  try {
    const v = Taro.getStorageSync(STORAGE_PREFIX + key) as AreaChoice[] | ''
    return Array.isArray(v) && v.length ? v : null
  } catch {
    return null
  }
}

/**
 * The provinces (`province` '') or one province's cities with their counties: from memory, storage or the
 * server (a failure is not kept: the next call asks again).
 */
export function areaChoices(province: string): Promise<AreaChoice[]> {
  const key = province || 'provinces'
  let p = loaded.get(key)
  if (!p) {
    const kept = stored(key)
    p = kept
      ? Promise.resolve(kept)
      : callApi('worker', 'area.choices', province ? { province } : {}).then((r) => {
          try {
            if (r.items.length) Taro.setStorageSync(STORAGE_PREFIX + key, r.items)
          } catch {
            // Storage full: memory is enough for this visit.
          }
          return r.items
        })
    p.catch(() => loaded.delete(key))
    loaded.set(key, p)
  }
  return p
}
